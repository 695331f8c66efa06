"""How a log's columns and values map onto gridsim's names: the `--mapping MAP.yaml` of
`gridsim fit` (column names, category -> kind, location -> grid, time zone, extract date,
duplicate window, holidays). A planner writes it by hand, so every mistake is located like
a scenario's (`map.yaml:7: grids.by: expected one of ..., found 'x'`, exit 2).

Names of the base scenario (kinds, grids) are checked when the log is read against it
(`check_names`), as one mapping may serve several bases.
"""

from __future__ import annotations

import datetime as dt
import os
import zoneinfo
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    field_validator,
    model_validator,
)

from gridsim.scenario.errors import Problem, ScenarioError, describe_value, format_path
from gridsim.scenario.files import read_text
from gridsim.scenario.messages import Where, _message, did_you_mean
from gridsim.scenario.roster import Holiday
from gridsim.scenario.schema import Scenario
from gridsim.scenario.yaml_io import LineMap, kind_of, parse_document

SKIP = "skip"
"""A kind mapped to this leaves the category out (counted as "category skipped")."""

Column = Literal[  # the column names of a `Schema`
    "order_id", "category", "reported", "closed", "status", "address", "lat", "long", "grid",
    "signed", "on_site", "resolved", "escalated",
]  # fmt: skip
Point = tuple[Annotated[float, Field(ge=-90, le=90)], Annotated[float, Field(ge=-180, le=180)]]
"""(lat, long) in degrees."""
Text = Annotated[str, Field(min_length=1, max_length=200)]


def _as_text(value: Any) -> Any:
    """A number written where a log value is meant (a service code 311) is its text."""
    is_number = isinstance(value, int | float) and not isinstance(value, bool)
    return str(value) if is_number else value


Value = Annotated[Text, BeforeValidator(_as_text)]
"""A value of the log (a category, a grid column's value): numbers read as their text."""


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class Grids(_Part):
    """Where an order is: a column naming its grid, polygons of the grids, or the nearest
    grid centre (default: each base grid's x_km, y_km placed from `origin`)."""

    by: Literal["name", "polygon", "nearest"]
    names: dict[Value, Text] = Field(default_factory=dict, max_length=100_000)
    """by name: the column's value -> grid (a value equal to a grid's name needs no entry)."""
    polygons: dict[Text, list[Point]] = Field(default_factory=dict, max_length=100_000)
    """by polygon: grid -> its corners [[lat, long], ...] (at least 3)."""
    points: dict[Text, Point] = Field(default_factory=dict, max_length=100_000)
    """by nearest: grid -> its centre [lat, long] (default: from the base's x_km, y_km)."""
    max_km: float = Field(2.0, gt=0, le=20_000)
    """by nearest: an order farther than this from every centre is outside every grid."""

    @field_validator("polygons")
    @classmethod
    def _three_corners(cls, polygons: dict[str, list[Point]]) -> dict[str, list[Point]]:
        for grid, corners in polygons.items():
            if len(corners) < 3:
                raise ValueError(f"{grid}: expected at least 3 corners, found {len(corners)}")
        return polygons

    @model_validator(mode="after")
    def _polygons_given(self) -> Grids:
        if self.by == "polygon" and not self.polygons:
            raise ValueError("polygons: expected a polygon per grid with by: polygon, found none")
        return self


class Mapping(_Part):
    """A log's columns and values in gridsim's names (every field optional)."""

    columns: dict[Column, Text] = Field(default_factory=dict)
    """Schema field -> the log's column name, e.g. `reported: 上报时间`."""
    date_format: Text | None = None
    """strftime format of the log's dates, e.g. `%Y/%m/%d %H:%M` (default: the format's)."""
    kinds: dict[Value, Text] = Field(default_factory=dict, max_length=100_000)
    """Category value -> kind of the base scenario, or `skip`."""
    grids: Grids | None = None
    origin: Point | None = None
    """(lat, long) of the base's x_km = y_km = 0 (default schemas.ORIGIN)."""
    timezone: Text | None = None
    """IANA zone (e.g. Asia/Shanghai): dates with an offset are converted to it."""
    extract: dt.datetime | dt.date | None = None
    """When the log was taken (default: the latest time stamp in the log)."""
    duplicate_window_min: float = Field(60.0, ge=0, le=525_600)
    holidays: list[Holiday] | None = Field(None, max_length=1000)
    """Public holidays for the arrival fit (default: the base scenario's)."""
    closed_statuses: list[Value] | None = Field(None, min_length=1, max_length=100)
    """Status values of a closed order (default: schemas.CLOSED)."""

    _source: str = PrivateAttr("<mapping>")
    _lines: LineMap | None = PrivateAttr(None)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, zone: str | None) -> str | None:
        if zone is not None:
            try:
                zoneinfo.ZoneInfo(zone)
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                raise ValueError(
                    f"expected an IANA time zone like Asia/Shanghai, found {zone!r}"
                ) from None
        return zone

    @property
    def source(self) -> str:
        """The file it was read from (for messages)."""
        return self._source

    def error(self, parts: list[str], message: str) -> ScenarioError:
        """A located problem with the value at ``parts`` (e.g. ["kinds", "噪音"])."""
        line = self._lines.line(parts) if self._lines is not None else None
        return ScenarioError([Problem(self._source, line, format_path(parts), message)])

    def holiday_list(self, base: Scenario) -> list[Holiday]:
        """The public holidays of the log's period: the mapping's, else the base's."""
        return list(self.holidays if self.holidays is not None else base.calendar.holidays)

    def extract_time(self) -> dt.datetime | None:
        """`extract` as a naive local datetime (a date is its midnight)."""
        value = self.extract
        if value is None or isinstance(value, dt.datetime):
            if isinstance(value, dt.datetime) and value.tzinfo is not None:
                zone = zoneinfo.ZoneInfo(self.timezone) if self.timezone else value.tzinfo
                return value.astimezone(zone).replace(tzinfo=None)
            return value
        return dt.datetime.combine(value, dt.time())


def load_mapping(path: str | os.PathLike[str]) -> Mapping:
    """Read and validate a mapping file; every problem located by line and field."""
    source = str(path)
    data, lines = parse_document(read_text(Path(path), source), source)
    if not isinstance(data, dict):
        found = "nothing" if lines is None else kind_of(data)
        raise ScenarioError.single(source, f"expected a mapping of fields, found {found}")
    return mapping_from(data, source, lines)


def mapping_from(data: Any, source: str = "<mapping>", lines: LineMap | None = None) -> Mapping:
    """A `Mapping` from data (a parsed file, or a dict in code), with located errors."""
    try:
        mapping = Mapping.model_validate(data)
    except ValidationError as exc:
        where = Where(source, lines)
        problems = [_problem(e, where) for e in exc.errors(include_url=False)[:20]]
        raise ScenarioError(problems) from None
    mapping._source, mapping._lines = source, lines
    return mapping


def _problem(err: Any, where: Where) -> Problem:
    """A pydantic error in words, at its line (the scenario's wording)."""
    loc = tuple(err["loc"])
    is_key = bool(loc) and loc[-1] == "[key]"
    if is_key:
        loc = loc[:-1]
    if err["type"] == "extra_forbidden":
        model: type[BaseModel] = Grids if loc[:1] == ("grids",) else Mapping
        message = "unknown field" + did_you_mean(str(loc[-1]), list(model.model_fields))
    elif err["type"] == "literal_error":
        found = describe_value(err.get("input"))
        message = f"expected one of {err['ctx']['expected']}, found {found}"
    else:
        message = _message(err, loc, is_key)
    source, line, _ = where.locate(loc)
    return Problem(source, line, format_path(loc), message)


def check_names(mapping: Mapping, base: Scenario) -> None:
    """Every kind and grid the mapping names is one of the base scenario's (did-you-mean)."""
    kinds = list(base.demand.kinds)
    for value, kind in mapping.kinds.items():
        if kind != SKIP and kind not in kinds:
            raise mapping.error(["kinds", value], _unknown("kind", kind, kinds, f" or {SKIP}"))
    if mapping.grids is None:
        return
    grids = [g.name for g in base.community.grids]
    g = mapping.grids
    named = [(["grids", "names", v], n) for v, n in g.names.items()]
    named += [(["grids", "polygons", n], n) for n in g.polygons]
    named += [(["grids", "points", n], n) for n in g.points]
    for parts, name in named:
        if name not in grids:
            raise mapping.error(parts, _unknown("grid", name, grids))


def _unknown(what: str, name: str, known: list[str], extra: str = "") -> str:
    shown = ", ".join(known[:12]) + (f" and {len(known) - 12} more" if len(known) > 12 else "")
    return (f"expected a {what} of the base scenario ({shown}){extra}, found {name!r}"
            f"{did_you_mean(name, known)}")  # fmt: skip


__all__ = ["SKIP", "Column", "Grids", "Mapping", "check_names", "load_mapping", "mapping_from"]
