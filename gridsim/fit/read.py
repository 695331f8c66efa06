"""Read a work-order log (CSV or Parquet; Open311, NYC-311-like or mapped columns) into
`Orders`: one row per order in gridsim's names, each placed in a grid of the base scenario.

Nothing is dropped silently and nothing is invented: a row that cannot be used is counted
under its reason in `Orders.bad` (rows == orders + duplicates + bad rows), and a stage the
log does not hold stays NaT and out of `Orders.observed`. A file that cannot be read at all
is one located line (`LogError`, exit 2).
"""

from __future__ import annotations

import dataclasses
import os
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow

from gridsim.fit.dedupe import merge_duplicates
from gridsim.fit.locate import UNKNOWN_GRID, by_coordinates, by_name
from gridsim.fit.mapping import SKIP, Grids, Mapping, check_names
from gridsim.fit.orders import COLUMNS, STAGES, LogError, Orders
from gridsim.fit.schemas import CLOSED, ORIGIN, SCHEMAS, Schema
from gridsim.scenario.schema import Scenario

SUFFIXES = (".csv", ".parquet")
ENCODINGS = ("utf-8-sig", "gb18030")
"""CSV encodings tried in turn: UTF-8 (with or without a BOM), then the Chinese national
encoding many platform exports use (a superset of GBK)."""
REQUIRED = ("order_id", "category", "reported")
UNMAPPED = "category not mapped"
MALFORMED = "malformed line (more fields than the header)"
SHOWN_VALUES = 3
"""Values named in a reason such as "category not mapped (noise, graffiti and 4 more)"."""

_TIME = r"\d:\d\d(?::\d\d(?:[.,]\d+)?)?"
_OFFSET = r"(?:Z|[+-]\d\d(?::?\d\d)?)$"
_TRUE = frozenset({"true", "t", "1", "yes", "y", "是"})
_FALSE = frozenset({"false", "f", "0", "no", "n", "否"})


def read_log(
    path: str | os.PathLike[str], fmt: str, *, base: Scenario, mapping: Mapping | None = None
) -> Orders:
    """The orders of the log at ``path`` in format ``fmt`` (a key of schemas.SCHEMAS), in
    the kinds and grids of ``base``."""
    mapping = mapping if mapping is not None else Mapping()
    source = str(path)
    schema = log_schema(fmt, mapping)
    check_names(mapping, base)
    frame, malformed = load_frame(Path(path), source)
    for field in REQUIRED:
        _require(frame, schema, field, fmt, source)
    times, reasons, latest = _stages(frame, schema, mapping)
    kind, kind_reason = _kinds(frame[schema.category], base, mapping)
    grid, grid_reason = _grids(frame, schema, base, mapping, source)
    order_id = _text(frame[schema.order_id])
    reasons = _first(reasons, np.where(order_id == "", "no order id", ""))
    reasons = _first(reasons, kind_reason, grid_reason, _order_reasons(times))
    extract = _extract(latest, reasons == "", mapping)
    reasons = _first(reasons, _after(times, extract))
    reasons = _first(
        reasons, np.where(_repeated(order_id, reasons == ""), "duplicate order id", "")
    )
    bad = _bad(
        reasons,
        {UNMAPPED: _text(frame[schema.category]), UNKNOWN_GRID: _grid_values(frame, schema)},
    )
    good = reasons == ""
    if not good.any():
        raise LogError(f"{source}: expected at least one usable order, found none of "
                       f"{len(frame):,} rows ({_summary(bad, schema)})")  # fmt: skip
    table = _table(order_id, kind, grid, _locations(frame, schema), times, frame, schema, good)
    table, duplicates = merge_duplicates(table, mapping.duplicate_window_min)
    table = table.sort_values(["reported", "order_id"], kind="stable").reset_index(drop=True)
    first, last = table["reported"].min(), table["reported"].max()
    day = pd.Timedelta(days=1)
    return Orders(
        table=table[list(COLUMNS)],
        observed=tuple(s for s in STAGES if s in times),
        extract=extract,
        start=first.normalize(),
        end=min(last.normalize(), extract.normalize()) + day,
        source=source,
        rows=len(frame) + malformed,
        bad=bad | ({MALFORMED: malformed} if malformed else {}),
        duplicates=duplicates,
    )


def log_schema(fmt: str, mapping: Mapping) -> Schema:
    """The format's schema with the mapping's column names and date format."""
    if fmt not in SCHEMAS:
        raise LogError(f"--format: expected one of {', '.join(SCHEMAS)}, found {fmt!r}")
    schema = SCHEMAS[fmt]
    changes: dict[str, str | None] = {str(k): v for k, v in mapping.columns.items()}
    if mapping.date_format is not None:
        changes["date_format"] = mapping.date_format
    return dataclasses.replace(schema, **changes)  # type: ignore[arg-type]


# ----------------------------------------------------------------------------------------------
# The file
# ----------------------------------------------------------------------------------------------


def load_frame(path: Path, source: str) -> tuple[pd.DataFrame, int]:
    """The log's rows as read (CSV: every value as text) and the CSV lines left out as
    malformed; or a LogError saying why not."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise LogError(f"{source}: expected a file ending in {' or '.join(SUFFIXES)}, "
                       f"found {suffix or 'no suffix'!r}")  # fmt: skip
    if not path.exists():
        raise LogError(f"{source}: expected a log file, found no such file")
    try:
        frame, malformed = (pd.read_parquet(path), 0) if suffix == ".parquet" else _read_csv(path)
    except (OSError, ValueError, pd.errors.ParserError, pyarrow.ArrowException) as exc:
        reason = " ".join(str(exc).split())[:200] or type(exc).__name__
        raise LogError(f"{source}: expected a readable {suffix[1:]} file, found {reason}") from None
    if frame.empty:
        found = f"{malformed:,} malformed lines" if malformed else "an empty log"
        raise LogError(f"{source}: expected at least one order, found {found}")
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame, malformed


def _read_csv(path: Path) -> tuple[pd.DataFrame, int]:
    """Every value as text, in the first encoding that reads; lines with more fields than
    the header are counted (pandas warns of each), not read."""
    for encoding in ENCODINGS:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", pd.errors.ParserWarning)
            try:
                frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding=encoding,
                                    on_bad_lines="warn")  # fmt: skip
            except UnicodeDecodeError:
                continue
            except pd.errors.EmptyDataError:
                return pd.DataFrame(), 0
        skipped = sum(str(w.message).count("Skipping line") for w in caught)
        return frame, skipped
    raise ValueError(f"text in none of the encodings {', '.join(ENCODINGS)}")


def _require(frame: pd.DataFrame, schema: Schema, field: str, fmt: str, source: str) -> None:
    """A LogError naming the column a required field is read from, when it is absent."""
    column = getattr(schema, field)
    if column not in frame.columns:
        shown = ", ".join(map(repr, list(frame.columns)[:12]))
        more = f" and {len(frame.columns) - 12} more" if len(frame.columns) > 12 else ""
        raise LogError(f"{source}: {column}: expected a column {column!r} ({field} of the "
                       f"{fmt} format; name another with columns.{field} in the mapping), "
                       f"found columns {shown}{more}")  # fmt: skip


def _text(values: pd.Series) -> np.ndarray:
    """Values as stripped text, "" where missing."""
    return values.astype("string").str.strip().fillna("").to_numpy(dtype=object)


# ----------------------------------------------------------------------------------------------
# Time stamps
# ----------------------------------------------------------------------------------------------


def parse_times(values: pd.Series, date_format: str | None, timezone: str | None
                ) -> tuple[pd.Series, np.ndarray]:  # fmt: skip
    """Naive local datetimes and which values were given but unreadable.

    ISO 8601 (``date_format`` None) may carry an offset (``2026-01-05T09:14:00+08:00``):
    converted to ``timezone`` when given, else dropped (the wall time as written).
    """
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        zone = timezone or values.dt.tz
        return values.dt.tz_convert(zone).dt.tz_localize(None).astype("datetime64[ns]"), \
            np.zeros(len(values), dtype=bool)  # fmt: skip
    if pd.api.types.is_datetime64_dtype(values.dtype):
        return values.astype("datetime64[ns]"), np.zeros(len(values), dtype=bool)
    text = values.astype("string").str.strip().fillna("")
    if date_format is not None:
        parsed = pd.to_datetime(text, format=date_format, errors="coerce")
    else:
        parsed = _iso(text, timezone)
    parsed = parsed.astype("datetime64[ns]")
    return parsed, (text.to_numpy(dtype=object) != "") & parsed.isna().to_numpy()


def _iso(text: pd.Series, timezone: str | None) -> pd.Series:
    """ISO 8601 text, offsets converted to ``timezone`` or dropped."""
    offset = text.str.contains(_TIME + _OFFSET, regex=True).fillna(False).to_numpy(dtype=bool)
    wall = text.where(~offset, text.str.replace(_OFFSET, "", regex=True))
    parsed = pd.to_datetime(wall, format="ISO8601", errors="coerce")
    if timezone is not None and offset.any():
        aware = pd.to_datetime(text[offset], format="ISO8601", utc=True, errors="coerce")
        local = aware.dt.tz_convert(timezone).dt.tz_localize(None)
        parsed = parsed.astype("datetime64[ns]")
        parsed[offset] = local.astype("datetime64[ns]")
    return parsed


def _stages(frame: pd.DataFrame, schema: Schema, mapping: Mapping
            ) -> tuple[dict[str, pd.Series], np.ndarray, pd.Series]:  # fmt: skip
    """The observed stages' times, each row's first date reason ("" if none), and each
    row's latest time stamp (an open order's update time included)."""
    zone = mapping.timezone
    reasons = np.full(len(frame), "", dtype=object)
    times: dict[str, pd.Series] = {}
    latest = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")
    for stage in STAGES:
        column = getattr(schema, stage)
        if column is None or column not in frame.columns:
            continue
        parsed, unreadable = parse_times(frame[column], schema.date_format, zone)
        latest = latest.where(latest >= parsed, parsed).fillna(latest)
        if stage == "closed" and schema.updated_is_closed:
            if schema.status is None or schema.status not in frame.columns:
                continue  # an update time says nothing without the status
            statuses = set(mapping.closed_statuses or CLOSED)
            closed = _text(frame[schema.status])
            shut = np.isin(closed, list(statuses))
            parsed, unreadable = parsed.where(shut), unreadable & shut
            no_date = shut & parsed.isna().to_numpy() & ~unreadable
            reasons = _first(reasons, np.where(no_date, "closed without a close date", ""))
        if stage == "reported":
            reasons = _first(reasons, np.where(parsed.isna(), "no reported date", ""))
        reasons = _first(np.where(unreadable, f"unreadable {stage} date", ""), reasons)
        times[stage] = parsed
    return times, reasons, latest


def _order_reasons(times: dict[str, pd.Series]) -> np.ndarray:
    """ "closed before reported" (and the like) where a later stage precedes the report."""
    reported = times["reported"].to_numpy()
    reasons = np.full(len(reported), "", dtype=object)
    for stage, when in times.items():
        if stage != "reported":
            early = (when.to_numpy() < reported) & when.notna().to_numpy()
            reasons = _first(reasons, np.where(early, f"{stage} before reported", ""))
    return reasons


def _extract(latest: pd.Series, usable: np.ndarray, mapping: Mapping) -> pd.Timestamp:
    """The mapping's extract, else the latest time stamp of a usable row."""
    given = mapping.extract_time()
    return pd.Timestamp(given if given is not None else latest[usable].max())


def _after(times: dict[str, pd.Series], extract: pd.Timestamp) -> np.ndarray:
    """ "date after the extract" where any time stamp is later than the extract."""
    after = np.zeros(len(times["reported"]), dtype=bool)
    if pd.notna(extract):
        for when in times.values():
            after |= (when > extract).to_numpy(dtype=bool)
    return np.where(after, "date after the extract", "")


# ----------------------------------------------------------------------------------------------
# Kinds, grids, locations
# ----------------------------------------------------------------------------------------------


def _kinds(categories: pd.Series, base: Scenario, mapping: Mapping
           ) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """Kind and reason per row: the mapping's kind for the category, else the kind of that
    name; a category mapped to `skip` is left out, one mapped to nothing is counted."""
    text = _text(categories)
    lookup = {k: k for k in base.demand.kinds} | dict(mapping.kinds)
    kind = pd.Series(text).map(lookup).fillna("").to_numpy(dtype=object)
    reason = np.where(text == "", "no category", UNMAPPED)
    reason = np.where(kind == SKIP, "category skipped", np.where(kind == "", reason, ""))
    return np.where(reason == "", kind, ""), reason


def _grids(frame: pd.DataFrame, schema: Schema, base: Scenario, mapping: Mapping, source: str
           ) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """Grid and reason per row, by the mapping's `grids.by`; without one, by a grid column,
    else by the nearest grid centre, else the only grid."""
    names = [g.name for g in base.community.grids]
    grids = mapping.grids or _default_grids(frame, schema, names, source)
    if grids is None:
        return np.full(len(frame), names[0], dtype=object), np.full(len(frame), "", dtype=object)
    if grids.by == "name":
        if schema.grid is None or schema.grid not in frame.columns:
            raise LogError(f"{source}: {schema.grid or 'grid'}: expected a column naming each "
                           f"order's grid (grids.by: name), found none; name it with "
                           f"columns.grid in the mapping")  # fmt: skip
        return by_name(frame[schema.grid], names, grids.names)
    for column in (schema.lat, schema.long):
        if column is None or column not in frame.columns:
            raise LogError(f"{source}: {column or 'lat'}: expected a coordinate column "
                           f"(grids.by: {grids.by}), found none; name it with columns.lat "
                           f"and columns.long in the mapping")  # fmt: skip
    return by_coordinates(frame[schema.lat], frame[schema.long], grids, base,
                          mapping.origin or ORIGIN)  # fmt: skip


def _default_grids(frame: pd.DataFrame, schema: Schema, names: list[str], source: str
                   ) -> Grids | None:  # fmt: skip
    """How to place orders when the mapping does not say (None: the base's only grid)."""
    if schema.grid is not None and schema.grid in frame.columns:
        return Grids(by="name")
    if schema.lat in frame.columns and schema.long in frame.columns:
        return Grids(by="nearest")
    if len(names) == 1:
        return None
    raise LogError(f"{source}: grid: expected a grid column or coordinates to place orders "
                   f"in the base's {len(names)} grids, found neither; say how in the "
                   f"mapping's grids:")  # fmt: skip


def _grid_values(frame: pd.DataFrame, schema: Schema) -> np.ndarray:
    if schema.grid is not None and schema.grid in frame.columns:
        return _text(frame[schema.grid])
    return np.full(len(frame), "", dtype=object)


def _locations(frame: pd.DataFrame, schema: Schema) -> np.ndarray:
    """Address, else coordinates rounded to 4 decimals (about 10 m), else ""."""
    n = len(frame)
    address = (
        _text(frame[schema.address])
        if schema.address in frame.columns
        else np.full(n, "", dtype=object)
    )
    if schema.lat in frame.columns and schema.long in frame.columns:
        lat = pd.to_numeric(frame[schema.lat], errors="coerce").round(4)
        long = pd.to_numeric(frame[schema.long], errors="coerce").round(4)
        point = (lat.map("{:.4f}".format) + "," + long.map("{:.4f}".format)).where(
            lat.notna() & long.notna(), ""
        )
        address = np.where(address == "", point.to_numpy(dtype=object), address)
    return address


# ----------------------------------------------------------------------------------------------
# Reasons and the table
# ----------------------------------------------------------------------------------------------


def _first(reasons: np.ndarray, *more: np.ndarray) -> np.ndarray:
    """Each row's first reason: ``reasons`` where it has one, else the next that does."""
    out = np.asarray(reasons, dtype=object)
    for other in more:
        out = np.where(out == "", np.asarray(other, dtype=object), out)
    return out


def _repeated(order_id: np.ndarray, usable: np.ndarray) -> np.ndarray:
    """Usable rows whose order id an earlier usable row already has."""
    ids = pd.Series(order_id)[usable]
    repeated = np.zeros(len(order_id), dtype=bool)
    repeated[np.flatnonzero(usable)[ids.duplicated().to_numpy()]] = True
    return repeated


def _bad(reasons: np.ndarray, values: dict[str, np.ndarray]) -> dict[str, int]:
    """Rows per reason, most first; a reason in ``values`` names its commonest values."""
    counts = pd.Series(reasons[reasons != ""]).value_counts()
    bad: dict[str, int] = {}
    for reason, count in counts.items():
        text = str(reason)
        if text in values:
            top = pd.Series(values[text][reasons == text]).value_counts()
            names = ", ".join(str(v) or '""' for v in top.index[:SHOWN_VALUES])
            more = f" and {len(top) - SHOWN_VALUES} more" if len(top) > SHOWN_VALUES else ""
            text = f"{text} ({names}{more})"
        bad[text] = int(count)
    return bad


def _summary(bad: dict[str, int], schema: Schema) -> str:
    """The commonest reasons, and what to change in the mapping for the first."""
    text = "; ".join(f"{reason}: {count:,}" for reason, count in list(bad.items())[:3])
    first = next(iter(bad)).split(" (")[0]
    hints = {
        "unreadable reported date": f"dates are read as {schema.date_format or 'ISO 8601'}: "
        "set date_format in the mapping",
        "outside every grid": "grid centres are placed from origin (default "
        f"{ORIGIN[0]}, {ORIGIN[1]}): set origin or grids.points in the mapping",
        UNMAPPED: "map categories to kinds with kinds: in the mapping",
    }
    return f"{text}; {hints[first]}" if first in hints else text


def _escalated(values: pd.Series | None, n: int) -> pd.Series:
    """True/false (also 1/0, yes/no, 是/否) or <NA>; all <NA> without a column."""
    out = pd.Series(pd.NA, index=range(n), dtype="boolean")
    if values is None:
        return out
    if pd.api.types.is_bool_dtype(values.dtype):
        return values.astype("boolean").reset_index(drop=True)
    text = pd.Series(_text(values)).str.lower()
    out[text.isin(_TRUE)] = True
    out[text.isin(_FALSE)] = False
    return out


def _table(order_id: np.ndarray, kind: np.ndarray, grid: np.ndarray, location: np.ndarray,
           times: dict[str, pd.Series], frame: pd.DataFrame, schema: Schema, good: np.ndarray
           ) -> pd.DataFrame:  # fmt: skip
    """The good rows in Orders' columns (one report each, before duplicates merge)."""
    nat = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")
    stages = {s: times.get(s, nat).to_numpy(dtype="datetime64[ns]") for s in STAGES}
    close = "closed" if "closed" in times else "resolved" if "resolved" in times else None
    is_open = np.ones(len(frame), dtype=bool) if close is None else np.isnat(stages[close])
    column = schema.escalated if schema.escalated in frame.columns else None
    escalated = _escalated(None if column is None else frame[column], len(frame)).array
    table = pd.DataFrame({
        "order_id": order_id, "kind": kind, "grid": grid, "location": location, **stages,
        "open": is_open, "escalated": escalated, "reports": np.ones(len(frame), dtype=np.int64),
    })  # fmt: skip
    return table[good].reset_index(drop=True)


__all__ = ["ENCODINGS", "REQUIRED", "SUFFIXES", "load_frame", "log_schema", "parse_times",
           "read_log"]  # fmt: skip
