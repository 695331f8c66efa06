"""Paired comparison of variants run on common random numbers.

Every variant of a run replays the same random demand in replication r, so the difference
b - a within a replication removes the demand noise both share; the paired t interval on
those differences is then much narrower than an interval that ignores the pairing (Law &
Kelton, *Simulation Modeling and Analysis*, §10.2 on paired-t intervals and §11.2 on common
random numbers). Several variants are ranked with Bonferroni-adjusted paired comparisons
against the best (Law & Kelton §10.3).

A clear difference is called "better" or "worse" only when it is also at least the
scenario's practical threshold (`gridsim.scenario.goals.Practical`): a clear 0.3 minutes out
of 634 is "no practical difference", never "better".
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from gridsim.i18n import _
from gridsim.scenario.goals import Practical
from gridsim.stats.intervals import mean_ci, t_critical
from gridsim.stats.kpis import Kpi, reached_flag

__all__ = [
    "BETTER",
    "HIGHER",
    "KPI_DIRECTION",
    "KPI_LABELS",
    "LOWER",
    "NOT_REACHED",
    "NO_CLEAR",
    "NO_PRACTICAL",
    "ORDER_KPIS",
    "WORSE",
    "compare",
    "direction",
    "is_reached_flag",
    "kpi_label",
    "paired_ci",
    "paired_differences",
    "rank",
    "unpaired_ci",
    "verdict_text",
    "with_order_kpis",
]

LOWER, HIGHER = "lower", "higher"
BETTER, WORSE = "better", "worse"
NO_CLEAR = "no clear difference"
NO_PRACTICAL = "no practical difference"
"""The verdict on a difference that is statistically clear but under the practical threshold."""
NOT_REACHED = "not reached"
"""The verdict when a percentile was only a lower bound in some paired run."""

KPI_DIRECTION: dict[str, str] = {
    "open_at_end": LOWER,
    "backlog_mean": LOWER,
    "queue_mean": LOWER,
    "latent_unfound": LOWER,
    "level:town": LOWER,
    "level:above_town": LOWER,
    "above_town": LOWER,
    "reopen_rate": LOWER,
    "response_rate": HIGHER,
    "on_time_rate": HIGHER,
    "satisfaction_rate": HIGHER,
    "resolved": HIGHER,
    "disputes_mediated": HIGHER,
    "found_by_patrol": HIGHER,
    "found_by_screening": HIGHER,
}
"""Which way is better for KPIs not covered by the name rules in `direction`.

Demand counts (`issues`, `disputes`), utilisation and the recorded ladder are deliberately
absent: more or less of them is not better in itself.
"""

KPI_LABELS: dict[str, str] = {
    "on_site_mean_min": "mean time to on site",
    "on_site_median_min": "median time to on site",
    "on_site_p90_min": "90th percentile time to on site",
    "on_site_p95_min": "95th percentile time to on site",
    "resolution_mean_min": "mean time to resolution",
    "resolution_median_min": "median time to resolution",
    "resolution_p90_min": "90th percentile time to resolution",
    "resolution_p95_min": "95th percentile time to resolution",
    "plan_mean_min": "mean time to a plan for complex issues",
    "wait_mean_min": "mean wait for a responder",
    "target_on_site_share": "share of issues on site within target",
    "target_resolved_share": "share of routine issues resolved within target",
    "target_plan_share": "share of complex issues planned within target",
    "backlog_mean": "time-average number of open issues",
    "open_at_end": "number of issues still open at the end",
    "resolved": "number of issues resolved",
    "issues": "number of issues reported",
    "level:grid_leader": "number of issues ending with a grid leader",
    "level:community": "number of issues ending with the committee",
    "level:joint_meeting": "number of issues ending at the joint meeting",
    "level:town": "number of issues ending at the town",
    "level:above_town": "number of issues going above the town",
    "latent_unfound": "number of hidden issues never found",
    "found_by_patrol": "number of issues found by patrol",
    "found_by_screening": "number of issues found by screening",
    "disputes_mediated": "number of disputes mediated",
    "utilisation": "utilisation",
    "queue_mean": "mean queue length",
    "staff_cost_per_year": "staff cost a year (CNY)",
    "orders": "number of work orders",
    "response_rate": "share of work orders signed for within their deadline",
    "on_time_rate": "share of work orders resolved within their deadline",
    "satisfaction_rate": "share of residents satisfied at the call-back",
    "reopen_rate": "share of closed work orders reopened",
    "above_town": "number of problems going above the town",
}
"""Plain-language names for planners; other KPIs fall back to their own name."""

_COLUMNS = ("variant", "replication", "kpi", "scope", "value")


def direction(kpi: str) -> str | None:
    """Which way is better for ``kpi``: "lower", "higher", or None when neither is."""
    if kpi in KPI_DIRECTION:
        return KPI_DIRECTION[kpi]
    if kpi.endswith("_min"):
        return LOWER
    if kpi.endswith("_share") or kpi.startswith("found_by_"):
        return HIGHER
    return None


ORDER_KPIS = ("response_rate", "on_time_rate", "satisfaction_rate", "reopen_rate")
"""The assessment rates `compare` adds to the headline KPIs when the runs had work orders."""


def with_order_kpis(
    rows: Iterable[Mapping[str, Any]] | pd.DataFrame, kpis: Sequence[str]
) -> list[str]:
    """``kpis`` and, when some run had work orders (the rates have values), the assessment
    rates: a scenario without orders is compared as before."""
    frame = _frame(rows)
    rates = frame[frame["kpi"].isin(ORDER_KPIS) & (frame["scope"] == "community")]
    if rates["value"].astype(float).isna().all():
        return list(kpis)
    return [*kpis, *(k for k in ORDER_KPIS if k not in kpis)]


def _frame(rows: Iterable[Mapping[str, Any]] | pd.DataFrame) -> pd.DataFrame:
    """Summary rows (dicts, or summary.csv read by pandas) as a DataFrame."""
    frame = rows if isinstance(rows, pd.DataFrame) else pd.DataFrame(list(rows))
    missing = [c for c in _COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"summary rows lack columns {missing}")
    return frame


def _by_replication(frame: pd.DataFrame, variant: str, kpi: str, scope: str) -> pd.Series:
    """One variant's values of a KPI, indexed by replication number."""
    sel = frame[(frame["variant"] == variant) & (frame["kpi"] == kpi) & (frame["scope"] == scope)]
    values = sel.set_index("replication")["value"].astype(float)
    if values.index.has_duplicates:
        raise ValueError(f"{variant}/{kpi}/{scope} has several rows for one replication")
    return values


def _paired(
    frame: pd.DataFrame, a: str, b: str, kpi: str, scope: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(replications, values of a, values of b) on the replications both have, NaNs dropped.

    A replication where either value is NaN (e.g. no complex issue, so no plan time) has no
    difference to contribute.
    """
    both = pd.concat([_by_replication(frame, a, kpi, scope), _by_replication(frame, b, kpi, scope)],
                     axis=1, join="inner").dropna().sort_index()  # fmt: skip
    return both.index.to_numpy(), both.iloc[:, 0].to_numpy(), both.iloc[:, 1].to_numpy()


def paired_differences(
    rows: Iterable[Mapping[str, Any]] | pd.DataFrame,
    a: str,
    b: str,
    kpi: str,
    scope: str = "community",
) -> pd.Series:
    """b - a in each replication both variants share, indexed by replication number."""
    reps, va, vb = _paired(_frame(rows), a, b, kpi, scope)
    return pd.Series(vb - va, index=pd.Index(reps, name="replication"), name=kpi)


def paired_ci(a: np.ndarray, b: np.ndarray, level: float = 0.95) -> tuple[float, float, float]:
    """(mean of b - a, low, high): the paired t interval (a[i] and b[i] share random numbers)."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.shape != b.shape:
        raise ValueError("paired samples must have the same length")
    return mean_ci(b - a, level)


def unpaired_ci(a: np.ndarray, b: np.ndarray, level: float = 0.95) -> tuple[float, float, float]:
    """(mean b - mean a, low, high): Welch's interval, ignoring any pairing.

    The approximate degrees of freedom are Satterthwaite's (Law & Kelton §10.2.2). It is
    the right interval for independent runs and the yardstick that shows what common random
    numbers buy.
    """
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    a, b = a[~np.isnan(a)], b[~np.isnan(b)]
    diff = float(b.mean() - a.mean()) if len(a) and len(b) else math.nan
    if len(a) < 2 or len(b) < 2:
        return diff, math.nan, math.nan
    va, vb = a.var(ddof=1) / len(a), b.var(ddof=1) / len(b)
    if va + vb == 0:
        return diff, diff, diff
    df = (va + vb) ** 2 / (va**2 / (len(a) - 1) + vb**2 / (len(b) - 1))
    half = t_critical(level, df) * math.sqrt(va + vb)
    return diff, diff - half, diff + half


def _verdict(
    low: float,
    high: float,
    kpi_direction: str | None,
    diff: float = math.nan,
    practical: float = 0.0,
) -> str:
    """A word for planners: "better" or "worse" when the interval excludes 0, the KPI has a
    direction and the difference is at least ``practical``; "higher" or "lower" for a KPI
    without one; "no practical difference" when clear but smaller than ``practical``;
    otherwise (NaN intervals included) "no clear difference"."""
    if not (low > 0 or high < 0):
        return NO_CLEAR
    if abs(diff) < practical:
        return NO_PRACTICAL
    up = low > 0
    if kpi_direction is None:
        return HIGHER if up else LOWER
    return BETTER if up == (kpi_direction == HIGHER) else WORSE


def _unit(frame: pd.DataFrame, kpi: str, scope: str) -> str:
    if "unit" in frame.columns:
        units = frame.loc[(frame["kpi"] == kpi) & (frame["scope"] == scope), "unit"].dropna()
        if len(units):
            return str(units.iloc[0])
    return Kpi(kpi, scope, math.nan).unit


def compare(
    rows: Iterable[Mapping[str, Any]] | pd.DataFrame,
    baseline: str,
    others: str | Sequence[str],
    level: float = 0.95,
    scope: str = "community",
    kpis: Sequence[str] | None = None,
    practical: Practical | None = None,
) -> pd.DataFrame:
    """One row per (variant, KPI): each of ``others`` against ``baseline``, paired by
    replication.

    ``mean_a`` and ``mean_b`` are over the paired replications only, so ``diff`` is exactly
    ``mean_b - mean_a``; ``relative`` is ``diff / |mean_a|``. ``kpis`` defaults to every KPI
    the baseline has in ``scope``. ``practical`` (the scenario's, else the defaults) gives
    each KPI's smallest difference that matters: the ``practical`` column.
    """
    frame = _frame(rows)
    practical = practical or Practical()
    others = [others] if isinstance(others, str) else list(others)
    if kpis is None:
        base = frame[(frame["variant"] == baseline) & (frame["scope"] == scope)]
        kpis = [k for k in dict.fromkeys(base["kpi"]) if not is_reached_flag(k)]
    out = []
    for other in others:
        for kpi in kpis:
            _, va, vb = _paired(frame, baseline, other, kpi, scope)
            diff, low, high = paired_ci(va, vb, level)
            mean_a = float(va.mean()) if len(va) else math.nan
            kpi_dir, unit = direction(kpi), _unit(frame, kpi, scope)
            threshold = practical.of(kpi, unit)
            bounds = _lower_bounds(frame, baseline, other, kpi, scope)
            verdict = NOT_REACHED if bounds else _verdict(low, high, kpi_dir, diff, threshold)
            out.append({
                "variant": other, "baseline": baseline, "kpi": kpi, "scope": scope,
                "unit": unit,
                "mean_a": mean_a, "mean_b": float(vb.mean()) if len(vb) else math.nan,
                "diff": diff, "ci_low": low, "ci_high": high, "level": level, "n": len(va),
                "relative": diff / abs(mean_a) if mean_a else math.nan,
                "direction": kpi_dir, "verdict": verdict, "lower_bounds": bounds,
                "practical": threshold,
            })  # fmt: skip
    return pd.DataFrame(out)


def is_reached_flag(kpi: str) -> bool:
    """A percentile's `_reached` flag: it says how to read a KPI, it is not one to compare."""
    return kpi.endswith("_reached")


def _lower_bounds(frame: pd.DataFrame, a: str, b: str, kpi: str, scope: str) -> int:
    """Paired runs in which either side's percentile was not reached by the horizon (only a
    lower bound): a difference of lower bounds says nothing about the difference."""
    flag = reached_flag(kpi)
    if flag is None or not (frame["kpi"] == flag).any():
        return 0
    _, fa, fb = _paired(frame, a, b, flag, scope)
    return int(np.sum((fa < 1) | (fb < 1)))


def rank(
    rows: Iterable[Mapping[str, Any]] | pd.DataFrame,
    variants: Sequence[str],
    kpi: str,
    level: float = 0.95,
    scope: str = "community",
    kpi_direction: str | None = None,
) -> pd.DataFrame:
    """Variants ranked by their mean ``kpi``, best first, each compared with the best.

    Each of the k - 1 paired intervals (variant - best) is at level 1 - (1 - level)/(k - 1),
    so by Bonferroni's inequality all hold together with probability at least ``level``
    (Law & Kelton §10.3). ``distinguishable`` says the interval excludes 0. The best is
    picked from the same data, which makes this slightly optimistic; Hsu's multiple
    comparisons with the best are the exact version. ``kpi_direction`` overrides
    `direction` and is required for KPIs without one.
    """
    frame = _frame(rows)
    way = kpi_direction or direction(kpi)
    if way not in (LOWER, HIGHER):
        raise ValueError(f"{kpi} has no better direction; pass kpi_direction")
    means = {v: float(_by_replication(frame, v, kpi, scope).mean()) for v in variants}
    order = sorted(
        variants, key=lambda v: (math.isnan(means[v]), means[v] * (1 if way == LOWER else -1))
    )
    best = order[0]
    each = 1 - (1 - level) / max(1, len(variants) - 1)
    out = []
    for position, variant in enumerate(order, start=1):
        _, vb, vv = _paired(frame, best, variant, kpi, scope)
        diff, low, high = paired_ci(vb, vv, each)
        out.append({
            "rank": position, "variant": variant, "kpi": kpi, "scope": scope,
            "mean": means[variant], "n": len(vv), "diff_vs_best": diff,
            "ci_low": low, "ci_high": high, "level_each": each,
            "distinguishable": bool(low > 0 or high < 0),
        })  # fmt: skip
    return pd.DataFrame(out)


def kpi_label(kpi: str, scope: str = "community") -> str:
    """The planner's name of a KPI, with its scope when it is not the whole community."""
    label = _(KPI_LABELS.get(kpi, kpi))  # the Chinese in gridsim/i18n/zh_console.py
    kind, name = scope.split(":", 1) if ":" in scope else (scope, "")
    where = {"grid": " in grid {name}", "kind": " for {name} issues", "staff": " of {name}"}
    return label + _(where[kind]).format(name=_(name)) if kind in where else label


def amount(value: float, unit: str, digits: int = 1) -> str:
    """`gridsim.views.amounts.amount`, imported late (gridsim.views imports this module)."""
    from gridsim.views.amounts import amount as say

    return say(value, unit, digits)


def difference(delta: float, unit: str, digits: int = 1) -> str:
    """`gridsim.views.amounts.difference`, imported late."""
    from gridsim.views.amounts import difference as say

    return say(delta, unit, digits)


def _decimals(a: float, b: float, unit: str) -> int:
    """Enough decimals (1 to 3) for two different means not to print the same."""
    for d in (1, 2, 3):
        if amount(a, unit, d) != amount(b, unit, d):
            return d
    return 3


WAYS = {
    ("share", True): "{low} to {high} higher",
    ("share", False): "{low} to {high} lower",
    ("minutes", True): "{low} to {high} longer",
    ("minutes", False): "{low} to {high} shorter",
    ("issues", True): "{low} to {high} more",
    ("issues", False): "{low} to {high} fewer",
}
"""A change between two magnitudes, by unit and whether it is up (translated at use)."""


def _between(low: float, high: float, unit: str, up: bool) -> str:
    """A change of between ``low`` and ``high`` (magnitudes) in the unit's own words."""
    lo, hi = difference(low, unit), difference(high, unit)
    if unit in ("share", "issues"):  # "4.1 to 8.9 percentage points higher": one unit
        lo = f"{abs(low) * (100 if unit == 'share' else 1):.1f}"
    return _(_way(unit, up)).format(low=lo, high=hi)


def _way(unit: str, up: bool) -> str:
    return WAYS.get((unit, up), "{low} to {high} higher" if up else "{low} to {high} lower")


def _one(v: float, unit: str) -> str:
    """A signed change of ``v`` in words, e.g. '1.0 min shorter'."""
    return _(_way(unit, v > 0).replace("{low} to ", "")).format(high=difference(v, unit))


HEADS = {
    ("minutes", True): "{variant} lengthens the {kpi} from {a} to {b}",
    ("minutes", False): "{variant} cuts the {kpi} from {a} to {b}",
    ("", True): "{variant} raises the {kpi} from {a} to {b}",
    ("", False): "{variant} cuts the {kpi} from {a} to {b}",
}


def verdict_text(row: Mapping[str, Any] | pd.Series) -> str:
    """One sentence for planners from a row of `compare`, in the language in use, e.g.
    "one_more_repair_crew cuts the 90th percentile time to on site from 14.2 min to 9.1 min
    (95% interval: 4.0 min to 6.1 min shorter)"."""
    variant, unit = row["variant"], row.get("unit") or Kpi(row["kpi"], row["scope"], 0).unit
    label = kpi_label(row["kpi"], row["scope"])
    a, b, diff = row["mean_a"], row["mean_b"], row["diff"]
    low, high = row["ci_low"], row["ci_high"]
    pct = f"{row.get('level', 0.95):.0%}"
    if not row["n"] or math.isnan(diff):
        return _("{variant}: the {kpi} cannot be compared (no paired replications)").format(
            variant=variant, kpi=label
        )
    if row.get("verdict") == NOT_REACHED:
        return _("{variant}: the {kpi} cannot be compared: in {k} of {n} paired runs it was not "
                 "reached by the horizon (only a lower bound); a longer run would tell").format(
            variant=variant, kpi=label, k=row["lower_bounds"], n=row["n"])  # fmt: skip
    if diff == 0 and low == 0 and high == 0:
        return _("{variant} leaves the {kpi} unchanged at {a}").format(
            variant=variant, kpi=label, a=amount(a, unit)
        )
    d = _decimals(a, b, unit)
    head = _(HEADS[("minutes" if unit == "minutes" else "", diff > 0)]).format(
        variant=variant, kpi=label, a=amount(a, unit, d), b=amount(b, unit, d)
    )
    if math.isnan(low):
        return head + _(" (too few replications for an interval)")
    if low > 0 or high < 0:
        lo, hi = sorted((abs(low), abs(high)))
        span = _between(lo, hi, unit, low > 0)
        if row.get("verdict") == NO_PRACTICAL:
            return head + _(", a clear difference but under the practical threshold of {t} "
                            "({pct} interval: {span})").format(
                t=difference(row.get("practical", 0.0), unit), pct=pct, span=span)  # fmt: skip
        return head + _(" ({pct} interval: {span})").format(pct=pct, span=span)
    span = _("from {low} to {high}").format(low=_one(low, unit), high=_one(high, unit))
    return head + _(", but this is no clear difference ({pct} interval {span})").format(
        pct=pct, span=span
    )
