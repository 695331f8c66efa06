"""The log schemas gridsim reads (`gridsim fit`) and writes (`gridsim export`): their column
names, date formats and statuses, in one place so reader and writer cannot drift apart.

- open311: Open311 GeoReport v2 service requests (open311.org/GeoReport_v2): a request has a
  creation time and an update time, which is its close time when its status is closed; no
  sign-off, on-site or fix time.
- nyc311: the columns of New York City's 311 open data (data.cityofnewyork.us, "311 Service
  Requests"), dates as 12-hour US dates; created and closed times only.
- columns: gridsim's own names, every stage an order can carry (a platform export mapped
  onto them, or `gridsim export --format columns`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Schema:
    """Where each field of an order is in one schema (None: the schema cannot hold it)."""

    order_id: str
    category: str
    reported: str
    closed: str | None
    status: str | None
    address: str | None
    lat: str | None
    long: str | None
    grid: str | None = None
    signed: str | None = None
    on_site: str | None = None
    resolved: str | None = None
    escalated: str | None = None
    updated_is_closed: bool = False
    """Open311: `updated_datetime` is the close time only when the status is closed."""
    date_format: str | None = None
    """strftime format of the dates (None: ISO 8601)."""


OPEN311 = Schema(
    order_id="service_request_id",
    category="service_code",
    reported="requested_datetime",
    closed="updated_datetime",
    status="status",
    address="address",
    lat="lat",
    long="long",
    updated_is_closed=True,
)
OPEN311_EXTRA = ("service_name", "description", "status_notes", "agency_responsible")
"""Other GeoReport v2 fields gridsim writes (service_name is the category in words)."""

NYC311 = Schema(
    order_id="Unique Key",
    category="Complaint Type",
    reported="Created Date",
    closed="Closed Date",
    status="Status",
    address="Incident Address",
    lat="Latitude",
    long="Longitude",
    date_format="%m/%d/%Y %I:%M:%S %p",
)
NYC311_EXTRA = ("Agency", "Descriptor", "Community Board")

COLUMNS = Schema(
    order_id="order_id",
    category="kind",
    reported="reported",
    closed="closed",
    status="status",
    address="address",
    lat="lat",
    long="long",
    grid="grid",
    signed="signed",
    on_site="on_site",
    resolved="resolved",
    escalated="escalated",
)

SCHEMAS = {"open311": OPEN311, "nyc311": NYC311, "columns": COLUMNS}
"""Formats `gridsim fit --format` reads and `gridsim export --format` writes."""

CLOSED = ("closed", "Closed")
"""Status values of a closed order (Open311 and NYC 311); anything else is open."""

ORIGIN = (33.0, 97.0)
"""(lat, long) of the point x_km = y_km = 0 when the mapping gives no `origin`: an arbitrary
point (Yushu, Qinghai, near the seed's community). Exports place each grid at its centre
from there; readers find the nearest grid centre the same way."""

KM_PER_DEGREE = 111.32
"""Kilometres per degree of latitude (and of longitude at the equator): a local flat map,
good to a few metres across a community."""


__all__ = [
    "CLOSED", "COLUMNS", "KM_PER_DEGREE", "NYC311", "NYC311_EXTRA", "OPEN311", "OPEN311_EXTRA",
    "ORIGIN", "SCHEMAS", "Schema",
]  # fmt: skip
