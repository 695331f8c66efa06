"""A run's issue log as a platform would export it (`gridsim export`): one row per order in
the columns of Open311 GeoReport v2, NYC 311 or gridsim's own, so the fitters can be tested
on logs whose truth is known.

Which issues are orders, and when they were reported and closed, is `run_orders`'s to say;
this module only lays them out as each schema does (`gridsim.fit.schemas`): its column names,
its date format (ISO 8601 without an offset unless the schema has its own), its statuses and
the stages it can hold. Dates are written as text in both CSV and Parquet, so a file holds
exactly what the returned table holds, and defects (`gridsim.fit.defects`) can make a date
unreadable as a real export does.

Formats are a dict (`WRITERS`) of name -> writer of a `RunLog`, so another layout of the same
run (one row per event, for process-mining tools) is one more entry.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, partial
from pathlib import Path

import pandas as pd

from gridsim.cli_args import check_known, option_error
from gridsim.experiment.results import atomic_write
from gridsim.fit.orders import Orders
from gridsim.fit.runlog import run_orders
from gridsim.fit.schemas import KM_PER_DEGREE, ORIGIN, SCHEMAS, Schema
from gridsim.i18n import _
from gridsim.scenario import Scenario
from gridsim.scenario.overrides import variant_scenarios
from gridsim.views.data import ReportError, load_results

ISO = "%Y-%m-%dT%H:%M:%S"
"""Dates of a schema without a format of its own: ISO 8601 to the second, no offset (the
community's local time, as the platforms export it)."""

SUFFIXES = (".csv", ".parquet")
"""Files `write_log` writes, by suffix."""

STATUS = {"nyc311": ("Open", "Closed")}
"""(open, closed) status words of a schema; the others write ("open", "closed")."""


@dataclass(frozen=True)
class RunLog:
    """One run's issues (one variant, one replication) with the scenario it ran."""

    issues: pd.DataFrame
    scenario: Scenario
    origin: tuple[float, float] = ORIGIN
    """(lat, long) of the map's x_km = y_km = 0."""
    source: str = "run"

    @cached_property
    def orders(self) -> Orders:
        return run_orders(self.issues, self.scenario, self.source)


def date_format(schema: Schema) -> str:
    return schema.date_format or ISO


def date_text(times: pd.Series, schema: Schema) -> pd.Series:
    """Times as the schema writes them, to the second; missing (NaN) where there is none."""
    return pd.Series(times).dt.round("s").dt.strftime(date_format(schema))


def parse_dates(text: pd.Series, schema: Schema) -> pd.Series:
    """The schema's date text back as times; NaT where it is missing or unreadable."""
    return pd.to_datetime(text, format=date_format(schema), errors="coerce")


def in_words(name: str) -> str:
    """A kind or handler as a planner says it, in the language in use ("fire_hazard": "fire
    hazard", 消防隐患)."""
    return _(name.replace("_", " "))


def grid_position(
    scenario: Scenario, origin: tuple[float, float]
) -> dict[str, tuple[float, float]]:
    """Each grid's centre as (lat, long), on a flat map from ``origin`` (schemas.ORIGIN)."""
    lat0, long0 = origin
    per_long = KM_PER_DEGREE * math.cos(math.radians(lat0))
    return {
        g.name: (round(lat0 + g.y_km / KM_PER_DEGREE, 6), round(long0 + g.x_km / per_long, 6))
        for g in scenario.community.grids
    }


def log_frame(
    orders: Orders, scenario: Scenario, fmt: str, origin: tuple[float, float] | None = None
) -> pd.DataFrame:
    """The schema's table of ``orders`` (open311, nyc311 or columns): one row per order, the
    stages the schema can hold, dates as text, the extract time where the schema can say it
    (Open311: `updated_datetime` of an open order)."""
    if fmt not in SCHEMAS:
        raise ValueError(f"format: expected one of {', '.join(SCHEMAS)}, found {fmt!r}")
    schema, t = SCHEMAS[fmt], orders.table
    closed = t["closed"].where(~t["open"].astype(bool))
    if schema.updated_is_closed:  # Open311: an open order's last update is the extract
        closed = closed.fillna(orders.extract)
    where = grid_position(scenario, origin or ORIGIN)
    opened, done = STATUS.get(fmt, ("open", "closed"))
    cols: dict[str, object] = {schema.order_id: t["order_id"], schema.category: t["kind"]}
    cols[schema.reported] = date_text(t["reported"], schema)
    for stage in ("signed", "on_site", "resolved"):
        name = getattr(schema, stage)
        if name is not None:
            cols[name] = date_text(t[stage], schema)
    for name, values in (
        (schema.closed, date_text(closed, schema)),
        (schema.status, t["open"].map({True: opened, False: done})),
        (schema.address, t["location"]),
        (schema.lat, t["grid"].map(lambda g: where[g][0])),
        (schema.long, t["grid"].map(lambda g: where[g][1])),
        (schema.grid, t["grid"]),
        (schema.escalated, t["escalated"]),
    ):  # fmt: skip
        if name is not None:
            cols[name] = values
    cols.update(EXTRAS.get(fmt, _no_extras)(t, scenario))
    return pd.DataFrame(cols).reset_index(drop=True)


def _no_extras(table: pd.DataFrame, scenario: Scenario) -> dict[str, pd.Series]:
    return {}


def _handlers(table: pd.DataFrame, scenario: Scenario) -> pd.Series:
    return table["kind"].map(lambda k: scenario.demand.kinds[k].handler)


def _open311_extras(table: pd.DataFrame, scenario: Scenario) -> dict[str, pd.Series]:
    """service_name: the kind in words; description: how many residents reported it;
    status_notes: whether it went above the grid worker; agency_responsible: its handler."""
    kind = table["kind"].map(in_words)
    many = _("{kind}: reported by {n} residents")
    description = [many.format(kind=k, n=n) if n > 1 else k
                   for k, n in zip(kind, table["reports"], strict=True)]  # fmt: skip
    up = table["escalated"].eq(True).fillna(False).astype(bool)
    return {
        "service_name": kind,
        "description": pd.Series(description, index=table.index),
        "status_notes": up.map({True: _("taken above the grid worker"), False: ""}),
        "agency_responsible": _handlers(table, scenario).map(in_words),
    }


def _nyc311_extras(table: pd.DataFrame, scenario: Scenario) -> dict[str, pd.Series]:
    """Agency: the handler; Descriptor: the kind in words; Community Board: the grid."""
    return {
        "Agency": _handlers(table, scenario),
        "Descriptor": table["kind"].map(in_words),
        "Community Board": table["grid"],
    }


EXTRAS: dict[str, Callable[[pd.DataFrame, Scenario], dict[str, pd.Series]]] = {
    "open311": _open311_extras,
    "nyc311": _nyc311_extras,
}
"""The schema's other columns (schemas.OPEN311_EXTRA, NYC311_EXTRA) from the orders."""


def _schema_writer(fmt: str, run: RunLog) -> pd.DataFrame:
    return log_frame(run.orders, run.scenario, fmt, run.origin)


def _events_writer(run: RunLog) -> pd.DataFrame:
    """One row per event for process-mining tools (gridsim.fit.events)."""
    from gridsim.fit.events import event_log

    return event_log(run.issues, run.scenario)


Writer = Callable[[RunLog], pd.DataFrame]
WRITERS: dict[str, Writer] = {fmt: partial(_schema_writer, fmt) for fmt in SCHEMAS}
WRITERS["events"] = _events_writer
"""`gridsim export --format` -> the table it writes from one run."""


@dataclass(frozen=True)
class Choice:
    """Which run of a results folder is exported, and what else the folder holds."""

    variant: str
    replication: int
    variants: list[str]
    replications: list[int]
    """The chosen variant's replications."""


def load_run(
    folder: Path | str,
    *,
    variant: str | None = None,
    replication: int | None = None,
    origin: tuple[float, float] | None = None,
) -> tuple[RunLog, Choice]:
    """One run of a results folder (default: the first variant and its first replication).

    An unknown variant or replication is a located error (`--variant`, `--replication`); a
    variant the scenario file does not define (a sweep's point) is placed with the base
    scenario's calendar and grids, which a sweep does not change.
    """
    data = load_results(folder)
    variants = data.variants
    chosen = variants[0] if variant is None else variant
    check_known("--variant", "variant", chosen, variants)
    summary = data.summary[data.summary["variant"] == chosen]
    reps = sorted(int(r) for r in summary["replication"].unique())
    rep = reps[0] if replication is None else replication
    if rep not in reps:
        raise option_error("--replication", f"variant {chosen} has no replication {rep} (it "
                                            f"has {', '.join(map(str, reps))})")  # fmt: skip
    path = Path(folder) / "issues.parquet"
    try:
        issues = pd.read_parquet(path, filters=[("variant", "==", chosen),
                                                ("replication", "==", rep)])  # fmt: skip
    except Exception as e:  # pyarrow raises several kinds for a damaged file
        raise ReportError(folder, f"issues.parquet cannot be read ({e})") from e
    scenario = variant_scenarios(data.scenario).get(chosen, data.scenario)
    run = RunLog(issues, scenario, origin or ORIGIN, source=str(path))
    return run, Choice(chosen, rep, variants, reps)


def export_log(
    results_dir: Path | str,
    fmt: str,
    *,
    variant: str | None = None,
    replication: int = 0,
    origin: tuple[float, float] | None = None,
) -> pd.DataFrame:
    """The log of one run of a results folder in format ``fmt`` (a key of `WRITERS`)."""
    check_known("--format", "format", fmt, list(WRITERS))
    run, _choice = load_run(results_dir, variant=variant, replication=replication, origin=origin)
    return WRITERS[fmt](run)


def write_log(frame: pd.DataFrame, out: Path) -> None:
    """CSV (UTF-8) or Parquet by the suffix, written to a temporary file and renamed: an
    interrupted write leaves no file under the name."""
    if out.suffix.lower() == ".parquet":
        atomic_write(out, lambda tmp: frame.to_parquet(tmp, index=False))
    else:
        atomic_write(out, lambda tmp: frame.to_csv(tmp, index=False, encoding="utf-8"))


__all__ = [
    "EXTRAS", "ISO", "STATUS", "SUFFIXES", "WRITERS", "Choice", "RunLog", "Writer", "date_format",
    "date_text",
    "export_log", "grid_position", "in_words", "load_run", "log_frame", "parse_dates",
    "write_log",
]  # fmt: skip
