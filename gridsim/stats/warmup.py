"""Warm-up analysis: how long the run must go before statistics are collected.

A run starts empty, so early days show a smaller backlog and shorter waits than the steady
state. Two standard tools locate the end of that transient: Welch's graphical method on the
across-replication mean (Welch 1983; Law & Kelton, *Simulation Modeling and Analysis*,
§9.5.1) and the MSER-5 rule, which truncates where the standard error of the remaining
batch means is smallest (White 1997; White, Cobb & Spratt 2000).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from gridsim.units import MINUTES_PER_DAY

if TYPE_CHECKING:  # matplotlib costs 30 MB; the KPIs use this module without plotting
    from matplotlib.figure import Figure

MSER_BATCH = 5
"""Observations per batch of MSER-5; it needs two batches at least to judge."""


def _edges(horizon: float, step: float) -> np.ndarray:
    """Interval edges 0, step, 2*step, ..., horizon (the last interval may be shorter)."""
    if not (horizon > 0 and step > 0):
        raise ValueError("horizon and step must be positive")
    n = math.ceil(horizon / step - 1e-9)
    return np.minimum(np.arange(n + 1) * step, horizon)


def _area_until(starts: np.ndarray, ends: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Integral over [0, t] of the number of open intervals [start, end), for each t.

    It equals sum(max(0, t - start)) - sum(max(0, t - end)); sorting and cumulative sums
    give it for every t at once.
    """
    out = np.zeros(len(t))
    for points, sign in ((np.sort(starts), 1.0), (np.sort(ends), -1.0)):
        cum = np.concatenate([[0.0], np.cumsum(points)])
        k = np.searchsorted(points, t, side="left")
        out += sign * (k * t - cum[k])
    return out


def backlog_series(
    reported: np.ndarray, resolved: np.ndarray, horizon: float, step: float
) -> np.ndarray:
    """Time-average number of open issues in each interval of ``step`` minutes up to
    ``horizon``: the exact area under the backlog step function divided by the interval
    length, so its length-weighted mean is the run's `backlog_mean` over [0, horizon].

    Issues never resolved stay open to the horizon; issues never reported (NaN) are not in
    the backlog.
    """
    reported = np.asarray(reported, dtype=float)
    resolved = np.asarray(resolved, dtype=float)
    seen = ~np.isnan(reported)
    start = np.clip(reported[seen], 0.0, horizon)
    end = np.clip(np.where(np.isnan(resolved[seen]), horizon, resolved[seen]), start, horizon)
    edges = _edges(horizon, step)
    return np.diff(_area_until(start, end, edges)) / np.diff(edges)


def daily_mean_series(
    times: np.ndarray, values: np.ndarray, horizon: float, step: float
) -> np.ndarray:
    """Mean of ``values`` (e.g. time to on site) over issues whose ``times`` (report times)
    fall in each interval of ``step`` minutes; NaN values are skipped and an interval with
    none is NaN."""
    times = np.asarray(times, dtype=float)
    values = np.asarray(values, dtype=float)
    edges = _edges(horizon, step)
    keep = ~np.isnan(times) & ~np.isnan(values) & (times >= 0) & (times < horizon)
    idx = np.searchsorted(edges, times[keep], side="right") - 1
    n = len(edges) - 1
    count = np.bincount(idx, minlength=n).astype(float)
    total = np.bincount(idx, weights=values[keep], minlength=n)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(count > 0, total / count, np.nan)


def mser5(series: np.ndarray) -> int:
    """MSER-5 truncation point, in observations of ``series`` (White 1997).

    The series is cut into batches of 5 (a trailing partial batch is dropped) and for each
    d in the first half of the batches the statistic sum((Z_j - mean)^2) / (b - d)^2 over the
    batches kept is computed; it is the squared standard error of the truncated mean, up to a
    constant, so its minimum balances bias removed against data lost. The search stops at
    half the series because a minimum beyond it means the run is too short to tell. Ties go
    to the earliest d. Returns 5 * d.
    """
    x = np.asarray(series, dtype=float)
    if np.isnan(x).any():
        raise ValueError("MSER-5 needs a series without NaN; fill or drop empty intervals")
    b = len(x) // MSER_BATCH
    if b < 2:
        return 0
    z = x[: MSER_BATCH * b].reshape(b, MSER_BATCH).mean(axis=1)
    z = z - z.mean()  # centring keeps the sums of squares below exact
    kept = b - np.arange(b // 2 + 1)  # batches kept after dropping d = 0 .. b // 2
    s1 = np.cumsum(z[::-1])[::-1][: len(kept)]
    s2 = np.cumsum((z * z)[::-1])[::-1][: len(kept)]
    stat = np.maximum(s2 - s1 * s1 / kept, 0.0) / kept**2
    return MSER_BATCH * int(np.argmin(stat))


def welch(series_by_replication: np.ndarray, window: int) -> np.ndarray:
    """Welch's moving average of the across-replication mean (Welch 1983).

    With mean Y_1..Y_m and window w, value i (1-based) is the mean of Y_{i-w}..Y_{i+w} for
    i > w, and of Y_1..Y_{2i-1} for i <= w, where the window shrinks so it stays centred
    (Law & Kelton §9.5.1). There are m - w values. Law & Kelton advise w <= m / 4. A 1-D
    input is one replication.
    """
    y = np.asarray(series_by_replication, dtype=float)
    mean = y if y.ndim == 1 else y.mean(axis=0)
    m = len(mean)
    if not 0 <= window < m:
        raise ValueError(f"window must be in [0, {m - 1}], got {window}")
    cum = np.concatenate([[0.0], np.cumsum(mean)])
    k = np.arange(m - window)
    half = np.minimum(k, window)
    return (cum[k + half + 1] - cum[k - half]) / (2 * half + 1)


def warmup_figure(
    series_by_replication: np.ndarray,
    window: int,
    step_min: float = MINUTES_PER_DAY,
    truncation: int | None = None,
    ylabel: str = "open issues (time-average)",
    title: str | None = None,
) -> Figure:
    """Welch's curve with the MSER-5 warm-up marked, for choosing `calendar.warmup_days`.

    ``series_by_replication`` has one row per replication and one column per interval of
    ``step_min`` minutes; ``truncation`` (in intervals) defaults to MSER-5 of the
    across-replication mean. The figure is built without pyplot, so no GUI backend or global
    state is touched (it renders with Agg on ``savefig``).
    """
    y = np.atleast_2d(np.asarray(series_by_replication, dtype=float))
    mean = y.mean(axis=0)
    if truncation is None:
        truncation = mser5(mean)
    days = step_min / MINUTES_PER_DAY
    smooth = welch(y, window)
    from matplotlib.figure import Figure

    fig = Figure(figsize=(8, 4.5))
    ax = fig.add_subplot()
    ax.plot((np.arange(len(mean)) + 0.5) * days, mean, color="0.75", lw=0.8,
            label=f"mean of {len(y)} replications")  # fmt: skip
    ax.plot((np.arange(len(smooth)) + 0.5) * days, smooth, color="C0", lw=1.8,
            label=f"Welch moving average (window {window})")  # fmt: skip
    ax.axvline(truncation * days, color="C3", ls="--",
               label=f"MSER-5 warm-up: {truncation * days:g} days")  # fmt: skip
    ax.set_xlabel("time since start (days)")
    ax.set_ylabel(ylabel)
    ax.set_title(title or "Warm-up: Welch's method and MSER-5")
    ax.legend(loc="best")
    fig.tight_layout()
    return fig
