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
from gridsim.fit.survival import kaplan_meier, times_to_close

__all__ = [
    "CLOSE_POINTS_MIN",
    "censor",
    "closed_shares",
    "held_out",
    "holdout_window",
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


def held_out(orders: Orders, split: pd.Timestamp, end: pd.Timestamp) -> Orders:
    """Orders reported in [split, end), censored at ``end`` (the extract of the comparison)."""
    table = orders.table
    mine = table[(table["reported"] >= split) & (table["reported"] < end)]
    mine = censor(mine, end).reset_index(drop=True)
    return replace(orders, table=mine, extract=end, start=split, end=end)


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


def closed_shares(
    orders: Orders, kinds: Sequence[str], points: Sequence[float] = CLOSE_POINTS_MIN
) -> np.ndarray:
    """Kaplan-Meier share closed within each point (`gridsim.fit.survival`: open orders
    censored at the extract), per kind: an array (kinds + 1, points), the last row every
    kind. NaN for a kind with no order."""
    times = [times_to_close(orders, k) for k in kinds]
    every = tuple(np.concatenate([t[i] for t in times]) if times else np.empty(0)
                  for i in (0, 1))  # fmt: skip
    return np.array([_shares(minutes, censored.astype(bool), points)
                     for minutes, censored in [*times, every]])  # fmt: skip


def _shares(minutes: np.ndarray, censored: np.ndarray, points: Sequence[float]) -> np.ndarray:
    if not minutes.size:
        return np.full(len(points), np.nan)
    if censored.all():
        return np.zeros(len(points))
    return 1.0 - kaplan_meier(minutes, censored).at(np.asarray(points, dtype=float))
