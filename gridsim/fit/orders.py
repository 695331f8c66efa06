"""A work-order log in gridsim's terms: one row per order, whatever schema it came from.

Readers (`gridsim.fit.read`) turn an export into `Orders`; the fitters read nothing else.
A stage the source does not hold is all NaT and left out of `observed`: it is never
invented from the others. An order still open at the extract has no close time; fitters
treat its times as right-censored at `extract`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

STAGES = ("reported", "signed", "on_site", "resolved", "closed")
"""Time stamps an order may carry, in the order they happen: a resident's report (the
order's creation), its sign-off by whoever takes it (签收), the crew on site, the problem
fixed, the order closed (办结; after a check or the resident's answer, when the platform
records one)."""

COLUMNS = ("order_id", "kind", "grid", "location", *STAGES, "open", "escalated", "reports")
"""Columns of `Orders.table`: order_id (str), kind (a kind of the base scenario), grid (a grid
of the base scenario), location (str: address or rounded coordinates, "" if unknown; used to
find duplicates), the STAGES (datetime64[ns], naive local time; NaT: not observed or not yet),
open (bool: not closed at the extract), escalated (boolean, <NA> if the source cannot say:
taken above the grid worker), reports (int >= 1: rows of the source merged into this order)."""


class LogError(Exception):
    """A log that cannot be read, or a mapping that does not fit it: one located line for the
    console (`file: field: expected ..., found ...`), exit 2."""


@dataclass
class Orders:
    """A log read into orders (see COLUMNS), with what was left out and why."""

    table: pd.DataFrame
    observed: tuple[str, ...]
    """STAGES the source holds (in STAGES order); the others are all NaT."""
    extract: pd.Timestamp
    """When the log was taken: open orders are censored here."""
    start: pd.Timestamp
    """First day of the period the log covers (midnight)."""
    end: pd.Timestamp
    """Day after the last day of the period (midnight): the period is [start, end)."""
    source: str
    """The file read (for messages and comments)."""
    rows: int
    """Rows read from the source, good and bad."""
    bad: dict[str, int] = field(default_factory=dict)
    """Rows left out, by reason (e.g. "unreadable reported date": 12)."""
    duplicates: int = 0
    """Rows merged into an earlier report of the same problem (same kind and location
    within the duplicate window)."""

    def __len__(self) -> int:
        return len(self.table)

    @property
    def duplicate_share(self) -> float:
        """Share of the good rows that were duplicates merged into another order."""
        good = len(self.table) + self.duplicates
        return self.duplicates / good if good else 0.0


__all__ = ["COLUMNS", "STAGES", "LogError", "Orders"]
