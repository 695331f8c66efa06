"""The defects of a real work-order log, added to an exported one so the reader and the fitters
are tested on what they will meet: duplicate reports, a holiday dip, closures bunched at the
end of the shift, unreadable dates and orders still open at the extract.

Each defect is counted, so a test can check the reader reports the same numbers. The log is
a table `gridsim.fit.export.log_frame` wrote (dates as the schema's text); the result is the
same kind of table.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from gridsim.fit.export import STATUS, date_format, date_text, parse_dates
from gridsim.fit.schemas import SCHEMAS, Schema

WORKDAY = (8 * 60, 18 * 60)
"""Minutes of the day (8:00 to 18:00) whose closes on a weekday may be bunched."""
BUNCH_FROM = 17 * 60 + 30
"""Closes bunched at the end of the shift land in [17:30, 18:00) of their day."""
IMPOSSIBLE = {"%m": "13", "%d": "45", "%H": "25", "%I": "13", "%M": "61", "%S": "00", "%p": "PM"}
"""An unreadable reported date is empty or a date that cannot exist, written in the schema's
own format ("2026-13-45T25:61:00", "13/45/2026 13:61:00 PM")."""


def _stages(schema: Schema) -> list[str]:
    """The schema's date columns after the report, in the order they happen."""
    names = (schema.signed, schema.on_site, schema.resolved, schema.closed)
    return [n for n in names if n is not None]


def _is_closed(log: pd.DataFrame, schema: Schema, fmt: str) -> pd.Series:
    closed_word = STATUS.get(fmt, ("open", "closed"))[1]
    return log[schema.status] == closed_word


def _new_ids(ids: pd.Series, n: int) -> list[str]:
    """Ids for ``n`` new rows: after the largest when ids are numbers (as platforms number
    them), else the copied id with a suffix."""
    numbers = pd.to_numeric(ids, errors="coerce")
    if len(ids) and numbers.notna().all():
        top = int(numbers.max())
        return [str(top + 1 + i) for i in range(n)]
    return [f"{ids.iloc[i % len(ids)]}-dup{i + 1}" for i in range(n)]


def _duplicates(
    log: pd.DataFrame, fmt: str, rng: np.random.Generator, share: float
) -> pd.DataFrame:
    """A share of rows reported again 1-30 minutes later by someone else: a new id, the same
    address and category; a later stage before the new report moves to it."""
    schema = SCHEMAS[fmt]
    picked = log[rng.random(len(log)) < share].copy()
    if picked.empty:
        return log
    later = pd.to_timedelta(rng.uniform(1, 30, len(picked)), unit="min")
    reported = parse_dates(picked[schema.reported], schema) + later
    picked[schema.reported] = date_text(reported, schema)
    for name in _stages(schema):
        times = parse_dates(picked[name], schema)
        picked[name] = date_text(times.where(~(times < reported), reported), schema)
    picked[schema.order_id] = _new_ids(log[schema.order_id], len(picked))
    both = pd.concat([log, picked], ignore_index=True)
    order = parse_dates(both[schema.reported], schema).argsort(kind="stable")
    return both.iloc[order].reset_index(drop=True)


def _dip(log: pd.DataFrame, fmt: str, rng: np.random.Generator,
         dip: tuple[dt.date | str, float, float]) -> pd.DataFrame:  # fmt: skip
    """Rows reported in the dip's days kept with probability keep_share (residents away for
    Spring Festival, offices closed)."""
    schema = SCHEMAS[fmt]
    first, days, keep = dip
    start = pd.Timestamp(first)
    reported = parse_dates(log[schema.reported], schema)
    inside = (reported >= start) & (reported < start + pd.Timedelta(days=days))
    dropped = inside & (rng.random(len(log)) >= keep)
    return log[~dropped].reset_index(drop=True)


def _bunched(
    log: pd.DataFrame, fmt: str, rng: np.random.Generator, share: float
) -> tuple[pd.DataFrame, int]:
    """A share of the closes on a weekday between 8:00 and 18:00 moved to a time in
    [17:30, 18:00) of their day, never earlier than they were (so never before the report):
    staff close orders in bulk before they leave."""
    schema = SCHEMAS[fmt]
    assert schema.closed is not None, f"{fmt} has a close time"
    closed = parse_dates(log[schema.closed], schema).where(_is_closed(log, schema, fmt))
    clock = (closed - closed.dt.normalize()) / pd.Timedelta(minutes=1)
    workday = (closed.dt.day_of_week < 5) & (clock >= WORKDAY[0]) & (clock < WORKDAY[1])
    moved = workday & (rng.random(len(log)) < share)
    day = closed[moved].dt.normalize()
    low = clock[moved].clip(lower=BUNCH_FROM).to_numpy(dtype=float)
    minutes = rng.uniform(low, WORKDAY[1])
    log = log.copy()
    log.loc[moved, schema.closed] = date_text(day + pd.to_timedelta(minutes, unit="min"), schema)
    return log, int(moved.sum())


def _extract(log: pd.DataFrame, fmt: str, extract: pd.Timestamp) -> tuple[pd.DataFrame, int, int]:
    """The log as taken at ``extract``: rows reported after it are not there yet; orders
    closed after it are open, their later stages not yet recorded. Returns the log, rows
    dropped and orders opened."""
    schema = SCHEMAS[fmt]
    after = ~(parse_dates(log[schema.reported], schema) < extract)
    log = log[~after].copy()
    assert schema.closed is not None and schema.status is not None, f"{fmt} has a status"
    was_closed = _is_closed(log, schema, fmt)
    for name in _stages(schema):
        times = parse_dates(log[name], schema)
        log[name] = date_text(times.where(times < extract), schema)
    opened = was_closed & log[schema.closed].isna()
    open_word, closed_word = STATUS.get(fmt, ("open", "closed"))
    log.loc[opened, schema.status] = open_word
    if schema.updated_is_closed:  # Open311: an open order's last update is the extract
        still = log[schema.status] != closed_word
        log.loc[still, schema.closed] = date_text(pd.Series(extract, index=log.index), schema)
    return log.reset_index(drop=True), int(after.sum()), int(opened.sum())


def _bad_dates(
    log: pd.DataFrame, fmt: str, rng: np.random.Generator, share: float
) -> tuple[pd.DataFrame, int]:
    """A share of rows whose reported date cannot be read: empty or impossible."""
    schema = SCHEMAS[fmt]
    bad = rng.random(len(log)) < share
    empty = rng.random(int(bad.sum())) < 0.5
    years = parse_dates(log.loc[bad, schema.reported], schema).dt.year.fillna(2026)
    log = log.copy()
    log.loc[bad, schema.reported] = ["" if e else _impossible(int(y), schema)
                                     for e, y in zip(empty, years, strict=True)]  # fmt: skip
    return log, int(bad.sum())


def _impossible(year: int, schema: Schema) -> str:
    text = date_format(schema).replace("%Y", str(year))
    for code, value in IMPOSSIBLE.items():
        text = text.replace(code, value)
    return text


def add_defects(
    log: pd.DataFrame,
    fmt: str,
    rng: np.random.Generator,
    *,
    duplicates: float = 0.0,
    dip: tuple[dt.date | str, float, float] | None = None,
    bunched: float = 0.0,
    bad_dates: float = 0.0,
    extract: pd.Timestamp | str | None = None,
) -> tuple[pd.DataFrame, dict[str, int]]:
    """``log`` (in format ``fmt``) with a real log's defects, and how many of each were made.

    In this order: ``dip`` = (first date, days, keep share) drops rows reported in those days
    but a share; ``duplicates`` copies that share of rows as later reports of the same
    problem; ``bunched`` moves that share of weekday closes to 17:30-18:00; ``extract`` takes
    the log at that time (later reports dropped, later closes open); ``bad_dates`` makes that
    share of reported dates unreadable. The same ``rng`` state gives the same log.
    """
    if fmt not in SCHEMAS:
        raise ValueError(f"format: expected one of {', '.join(SCHEMAS)}, found {fmt!r}")
    counts = dict.fromkeys(("dip", "duplicates", "bunched", "after_extract",
                            "open_at_extract", "bad_dates"), 0)  # fmt: skip
    if dip is not None:
        before = len(log)
        log = _dip(log, fmt, rng, dip)
        counts["dip"] = before - len(log)
    if duplicates:
        before = len(log)
        log = _duplicates(log, fmt, rng, duplicates)
        counts["duplicates"] = len(log) - before
    if bunched:
        log, counts["bunched"] = _bunched(log, fmt, rng, bunched)
    if extract is not None:
        log, counts["after_extract"], counts["open_at_extract"] = _extract(
            log, fmt, pd.Timestamp(extract)
        )
    if bad_dates:
        log, counts["bad_dates"] = _bad_dates(log, fmt, rng, bad_dates)
    return log, counts


__all__ = ["IMPOSSIBLE", "add_defects"]
