"""How many replications a chosen precision needs, from a pilot run.

The confidence-interval method (Law & Kelton, *Simulation Modeling and Analysis*, §9.4.1):
with the pilot's mean X and standard deviation s over n replications, the number needed is
the smallest i >= n with t(i - 1) * s / sqrt(i) <= the wanted half-width. t depends on i, so
we search; the normal quantile gives a lower bound to start from, so only a few steps are
taken. The estimate treats s as known; rerun the pilot with the suggested n to confirm.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from statistics import NormalDist
from typing import Any

import numpy as np

from gridsim.stats.intervals import t_critical


def _needed(values: np.ndarray, half_width: float, level: float, max_n: int) -> int | None:
    """Smallest i in [n, max_n] whose t half-width is within ``half_width``; capped at max_n.

    None when fewer than two finite values leave the spread unknown.
    """
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v)]
    n = len(v)
    if n < 2:
        return None
    s = float(v.std(ddof=1))
    if s == 0:
        return n
    if not half_width > 0:
        return max(n, max_n)
    z = NormalDist().inv_cdf(0.5 + level / 2)
    start = max(n, math.ceil((z * s / half_width) ** 2))  # t > z, so nothing below passes
    for i in range(start, max_n + 1):
        if t_critical(level, i - 1) * s / math.sqrt(i) <= half_width:
            return i
    return max(n, max_n)


def _with_overall(needed: dict[str, int | None]) -> dict[str, int]:
    out = {k: v for k, v in needed.items() if v is not None}
    out["overall"] = max(out.values(), default=0)
    return out


def replications_needed(
    values_by_kpi: Mapping[str, np.ndarray | Sequence[float]],
    relative_precision: float = 0.05,
    level: float = 0.95,
    max_n: int = 10_000,
    adjusted: bool = False,
) -> dict[str, int]:
    """Replications for each KPI's ``level`` interval to be within ``relative_precision`` of
    its mean (half-width <= precision * |mean|), and their maximum under ``"overall"``.

    ``adjusted`` uses Law & Kelton's gamma' = gamma / (1 + gamma), which bounds the error
    relative to the true mean rather than the estimate. A KPI with fewer than two finite
    values is left out (its spread is unknown); a mean of 0 can never be reached relatively,
    so it gets ``max_n`` unless its values are all equal. Results at ``max_n`` mean "at least".
    """
    gamma = relative_precision / (1 + relative_precision) if adjusted else relative_precision
    needed = {}
    for kpi, values in values_by_kpi.items():
        v = np.asarray(values, dtype=float)
        mean = float(np.nanmean(v)) if np.isfinite(v).any() else math.nan
        needed[kpi] = _needed(v, gamma * abs(mean), level, max_n)
    return _with_overall(needed)


def replications_needed_absolute(
    values_by_kpi: Mapping[str, np.ndarray | Sequence[float]],
    half_width: float | Mapping[str, float],
    level: float = 0.95,
    max_n: int = 10_000,
) -> dict[str, int]:
    """Replications for each KPI's interval half-width to be at most ``half_width`` (in the
    KPI's unit; one number for all, or one per KPI), plus the maximum under ``"overall"``.

    Absolute precision suits KPIs whose mean may be near 0 (counts of rare events) or that
    are shares, where "within 2 percentage points" is what a planner means.
    """
    needed = {}
    for kpi, values in values_by_kpi.items():
        h = half_width[kpi] if isinstance(half_width, Mapping) else half_width
        needed[kpi] = _needed(np.asarray(values, dtype=float), h, level, max_n)
    return _with_overall(needed)


def pilot_values(
    rows: Iterable[Mapping[str, Any]],
    variant: str,
    scope: str = "community",
    kpis: Sequence[str] | None = None,
) -> dict[str, np.ndarray]:
    """KPI -> values over replications of one variant, from summary rows (the pilot run)."""
    if hasattr(rows, "to_dict"):  # a DataFrame, e.g. summary.csv read by pandas
        rows = rows.to_dict("records")
    out: dict[str, list[float]] = {}
    for row in rows:
        wanted = kpis is None or row["kpi"] in kpis
        if wanted and row["variant"] == variant and row["scope"] == scope:
            out.setdefault(row["kpi"], []).append(float(row["value"]))
    return {k: np.array(v) for k, v in out.items()}
