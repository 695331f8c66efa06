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
    """The answers and their maximum; an error when no KPI had the two values it needs."""
    out = {k: v for k, v in needed.items() if v is not None}
    if needed and not out:
        raise ValueError(
            "the pilot needs at least 2 replications with a value to estimate the spread"
        )
    out["overall"] = max(out.values(), default=0)
    return out


def _check(level: float, max_n: int, **precision: float) -> None:
    """Refuse what has no meaning: a precision that is not a positive finite number (it
    used to answer max_n), a level outside (0, 1), a cap below 2."""
    for name, value in precision.items():
        if not (math.isfinite(value) and value > 0):
            raise ValueError(f"{name} must be a positive finite number, not {value!r}")
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1, not {level!r}")
    if max_n < 2:
        raise ValueError(f"max_n must be at least 2, not {max_n!r}")


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
    values is left out (its spread is unknown; none with two is a `ValueError`); a mean of 0
    can never be reached relatively, so it gets ``max_n`` unless its values are all equal.
    Values all equal give the pilot's size: the interval has width 0, so the precision is met
    on the pilot's evidence (`no_spread` names these KPIs, whose pilot may be too small to
    show a rare variation). Results at ``max_n`` mean "at least".
    """
    _check(level, max_n, relative_precision=relative_precision)
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
    each = half_width if isinstance(half_width, Mapping) else {"": half_width}
    _check(level, max_n, **{f"half_width[{k}]" if k else "half_width": float(h)
                            for k, h in each.items()})  # fmt: skip
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


def no_spread(values_by_kpi: Mapping[str, np.ndarray | Sequence[float]]) -> list[str]:
    """KPIs whose finite pilot values (two or more) are all equal: their answer is the
    pilot's size, and the report should say the pilot showed no variation."""
    out = []
    for kpi, values in values_by_kpi.items():
        v = np.asarray(values, dtype=float)
        v = v[np.isfinite(v)]
        if len(v) >= 2 and np.all(v == v[0]):
            out.append(kpi)
    return out
