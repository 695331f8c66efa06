"""Held-out months of a log: where to split it, the training log a real extract at the split
would have given, and what `check-fit` compares (weekly counts, the share closed within a
time, by Kaplan-Meier), measured the same way on the observed and on the simulated orders.

A training log must not know the future: an order closed after the split was open at the
split, so its later stages are removed and it is censored there, as an extract taken that
day would show it. The held-out orders are censored at the end of the held-out months, where
the simulated runs end, so both sides of the comparison see the same follow-up.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import pandas as pd

from gridsim.fit.orders import STAGES, Orders

__all__ = [
    "CLOSE_POINTS_MIN",
    "censor",
    "closed_shares",
    "held_out",
    "holdout_window",
    "km_closed_share",
    "training",
    "weekly_counts",
    "whole_weeks",
]

CLOSE_POINTS_MIN = (60.0, 240.0, 1440.0, 4320.0, 10080.0)
"""Times since the report at which the share closed is compared: 1 h, 4 h, 1, 3 and 7 days
(the first hours for urgent work, days for the rest)."""

TOTAL = "all"
"""The kind name of the rows that count every kind together."""


def holdout_window(orders: Orders, months: int) -> tuple[pd.Timestamp, pd.Timestamp]:
    """(split, end): the last ``months`` whole calendar months of the log's period [start,
    end). A trailing part-month is left out: its count would not be a month's. Raises
    ValueError when the log leaves no month to train on."""
    if months < 1:
        raise ValueError(f"holdout months: expected at least 1, found {months}")
    end = orders.end.normalize()
    last = end if end.day == 1 else end.to_period("M").to_timestamp()
    split = (last.to_period("M") - months).to_timestamp()
    first = orders.start.normalize()
    if split <= first:
        span = f"{first.date()} to {(end - pd.Timedelta(days=1)).date()}"
        raise ValueError(f"the log covers {span}: fewer whole months than the {months} held "
                         "out plus one to fit on")  # fmt: skip
    return split, last


def censor(table: pd.DataFrame, at: pd.Timestamp) -> pd.DataFrame:
    """The orders as an extract taken at ``at`` shows them: stages after it not yet
    happened (NaT), an order not closed by then open."""
    out = table.copy()
    for stage in STAGES[1:]:
        out[stage] = out[stage].where(out[stage] <= at)
    out["open"] = out["closed"].isna().to_numpy()
    return out


def training(orders: Orders, split: pd.Timestamp) -> Orders:
    """The log a real extract at ``split`` would have given: orders reported before it,
    censored there."""
    table = censor(orders.table[orders.table["reported"] < split], split)
    table = table.reset_index(drop=True)
    merged = int((table["reports"] - 1).sum())
    return replace(orders, table=table, extract=split, end=split, duplicates=merged)


def held_out(table: pd.DataFrame, split: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
    """Orders reported in [split, end), censored at ``end`` (or at an earlier extract, which
    the caller applies first)."""
    mine = table[(table["reported"] >= split) & (table["reported"] < end)]
    return censor(mine, end).reset_index(drop=True)


def whole_weeks(split: pd.Timestamp, end: pd.Timestamp) -> list[pd.Timestamp]:
    """Mondays of the whole weeks (Monday to Sunday) inside [split, end)."""
    first = split + pd.Timedelta(days=(7 - split.weekday()) % 7)
    weeks = []
    while first + pd.Timedelta(days=7) <= end:
        weeks.append(first)
        first += pd.Timedelta(days=7)
    return weeks


def weekly_counts(
    table: pd.DataFrame, weeks: Sequence[pd.Timestamp], kinds: Sequence[str]
) -> np.ndarray:
    """Orders reported in each week: an array (kinds + 1, weeks), the last row every kind."""
    counts = np.zeros((len(kinds) + 1, len(weeks)), dtype=np.int64)
    if not weeks or not len(table):
        return counts
    edges = np.array([*weeks, weeks[-1] + pd.Timedelta(days=7)], dtype="datetime64[ns]")
    when = table["reported"].to_numpy(dtype="datetime64[ns]")
    kind = table["kind"].astype(str).to_numpy()
    for i, k in enumerate(kinds):
        counts[i] = np.histogram(when[kind == k].astype(np.int64), edges.astype(np.int64))[0]
    counts[-1] = np.histogram(when.astype(np.int64), edges.astype(np.int64))[0]
    return counts


def km_closed_share(minutes: np.ndarray, closed: np.ndarray, points: Sequence[float]) -> np.ndarray:
    """Kaplan-Meier share closed within each of ``points`` minutes: ``minutes`` from report
    to close (``closed``) or to the extract (not closed: censored there). NaN with no
    order at all. A censoring at the same time as a close counts as after it (the usual
    convention: the censored order was at risk of that close)."""
    if not len(minutes):
        return np.full(len(points), np.nan)
    times = np.unique(minutes[closed])
    ordered = np.sort(minutes)
    at_risk = len(minutes) - np.searchsorted(ordered, times, side="left")
    events = np.bincount(np.searchsorted(times, minutes[closed]), minlength=len(times))
    survival = np.cumprod(1.0 - events / at_risk)
    upto = np.searchsorted(times, np.asarray(points, dtype=float), side="right")
    return np.where(upto > 0, 1.0 - survival[np.maximum(upto - 1, 0)], 0.0)


def closed_shares(
    table: pd.DataFrame,
    end: pd.Timestamp,
    kinds: Sequence[str],
    points: Sequence[float] = CLOSE_POINTS_MIN,
) -> np.ndarray:
    """Kaplan-Meier share closed within each point, per kind: an array (kinds + 1, points),
    the last row every kind. ``table`` is censored at ``end`` (`censor`): its open orders'
    times run to ``end``."""
    closed = ~table["open"].to_numpy(dtype=bool)
    stop = table["closed"].where(pd.Series(closed, index=table.index), end)
    minutes = ((stop - table["reported"]).dt.total_seconds() / 60.0).to_numpy(dtype=float)
    kind = table["kind"].astype(str).to_numpy()
    shares = np.empty((len(kinds) + 1, len(points)))
    for i, k in enumerate([*kinds, None]):
        mine = np.ones(len(kind), bool) if k is None else kind == k
        shares[i] = km_closed_share(minutes[mine], closed[mine], points)
    return shares
