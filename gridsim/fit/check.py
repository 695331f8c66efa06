"""Does a fitted scenario predict months it has not seen? `check_fit` fits a log without its
last months, simulates those months many times and says how often the observed weekly counts
and shares closed within a time fall inside the simulated 95% prediction intervals.

Each run draws a different bootstrap variant of the fit when the fitter gives them, so the
intervals carry the uncertainty of the fitted numbers as well as the randomness of the
months. A run starts WARMUP_DAYS before the split, so the held-out months begin with a
backlog, as the real ones did. Intervals are the runs' 2.5 and 97.5 percentiles by the
Weibull rule (position p (n + 1)): a new draw of the same model falls between the i-th and
j-th of n runs with probability (j - i) / (n + 1), so 40 runs give min and max, 39/41 = 95%.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol

import numpy as np
import pandas as pd
from scipy.stats import binom

from gridsim.fit.holdout import (
    CLOSE_POINTS_MIN,
    TOTAL,
    closed_shares,
    held_out,
    holdout_window,
    training,
    weekly_counts,
    whole_weeks,
)
from gridsim.fit.orders import STAGES, Orders
from gridsim.scenario import Scenario

__all__ = [
    "COLUMNS",
    "MIN_REPLICATIONS",
    "NOMINAL",
    "WARMUP_DAYS",
    "CheckFit",
    "Fitted",
    "Fitter",
    "answer_lines",
    "check_fit",
    "simulated_orders",
]

NOMINAL = 0.95
WARMUP_DAYS = 28
"""Days simulated before the held-out months, so they start with a backlog."""
MIN_REPLICATIONS = 39
"""The fewest runs whose lowest and highest bound a 95% prediction interval: (n - 1) / (n +
1) >= 0.95 from n = 39."""
COLUMNS = ("what", "kind", "week", "within_min", "observed", "lower", "upper", "inside")
"""check_fit.csv: what ("weekly_count" or "closed_share"), kind (a kind, or "all"), week
(its Monday, for counts), within_min (minutes since the report, for shares closed), the
observed value, the simulated 95% interval and whether the observed value is inside it."""
CURVE_POINTS_MIN = tuple(np.geomspace(10.0, 14 * 1440.0, 40).round(1))
"""Where the figure draws the time-to-close curves: 10 minutes to 14 days."""


class Fitted(Protocol):
    """What a fitter returns (`gridsim.fit.pipeline.Fitted`): the scenario and its variants."""

    @property
    def scenario(self) -> Scenario: ...

    @property
    def variants(self) -> Mapping[str, Mapping[str, Any]]: ...


Fitter = Callable[..., Fitted]
"""``fit(orders, base, *, bootstrap=N, seed=S) -> Fitted``."""


@dataclass
class CheckFit:
    """The held-out months compared with their simulation."""

    table: pd.DataFrame
    """One row per comparison (COLUMNS)."""
    curves: pd.DataFrame
    """Time to close for the figure: kind, within_min, observed, lower, upper."""
    coverage: dict[str, float]
    """Share inside, per "what"."""
    split: pd.Timestamp
    end: pd.Timestamp
    trained_on: int
    """Orders of the training log."""
    checked_on: int
    """Orders reported in the held-out months."""
    replications: int
    variants: int
    """Bootstrap variants the runs drew from (0: the fitted scenario alone)."""
    nominal: float = NOMINAL

    def inside(self, what: str) -> tuple[int, int]:
        """(inside, counted) for "weekly_count" or "closed_share" (see `_counted`)."""
        rows = self.table[(self.table["what"] == what) & _counted(self.table)]
        return int(rows["inside"].sum()), len(rows)

    def well(self, what: str) -> bool:
        """Whether coverage is consistent with nominal: not below it at the one-sided 5%
        level of a binomial test. The weekly counts are nearly independent given the model;
        the shares of one curve are not, so for them the test is a rough guide."""
        k, n = self.inside(what)
        return n == 0 or binom.cdf(k, n, self.nominal) >= 0.05


def check_fit(
    orders: Orders,
    base: Scenario,
    holdout_months: int = 3,
    *,
    replications: int = 40,
    fit: Fitter | None = None,
    seed: int = 0,
    jobs: int = 0,
) -> CheckFit:
    """Fit ``orders`` without their last ``holdout_months`` whole months (``fit``, default
    `gridsim.fit.pipeline.fit_orders`, with as many bootstrap variants as runs) and compare
    those months with ``replications`` simulations of them."""
    if replications < MIN_REPLICATIONS:
        raise ValueError(f"replications: expected at least {MIN_REPLICATIONS} (a 95% interval "
                         f"from the runs), found {replications}")  # fmt: skip
    from gridsim.fit.pipeline import fit_orders

    fitter: Fitter = fit_orders if fit is None else fit
    split, end = holdout_window(orders, holdout_months)
    cut = min(end, orders.extract)
    train = training(orders, split)
    fitted = fitter(train, base, bootstrap=replications, seed=seed)
    runs = simulated_orders(fitted, split, end, replications, seed=seed, jobs=jobs)
    observed = held_out(orders, split, cut)
    runs = [held_out(r, split, cut) for r in runs]
    kinds = [k for k in base.demand.kinds if k in set(orders.table["kind"].astype(str))]
    table, curves = _compare(observed, runs, kinds, whole_weeks(split, end))
    counted = table[_counted(table)]
    coverage = {w: float(counted[counted["what"] == w]["inside"].mean()) for w in WHAT_TEXT}
    return CheckFit(
        table=table, curves=curves, coverage=coverage, split=split, end=end,
        trained_on=len(train), checked_on=len(observed.table), replications=replications,
        variants=len(fitted.variants),
    )  # fmt: skip


def simulated_orders(
    fitted: Fitted,
    split: pd.Timestamp,
    end: pd.Timestamp,
    replications: int,
    *,
    seed: int = 0,
    jobs: int = 0,
) -> list[Orders]:
    """The orders of ``replications`` runs from WARMUP_DAYS before ``split`` to ``end``,
    run r with bootstrap variant r (cycling) when there are any."""
    from gridsim.api import scenario_of
    from gridsim.experiment.executors import make_executor

    start = split - pd.Timedelta(days=WARMUP_DAYS)
    calendar = {
        "calendar.start_date": start.date(),
        "calendar.horizon_days": float((end - start).days),
        "calendar.warmup_days": float(WARMUP_DAYS),
        "seed": seed,
    }
    names = sorted(fitted.variants)
    scenarios = [
        scenario_of(fitted.scenario, {**(fitted.variants[names[r % len(names)]] if names else {}),
                                      **calendar})
        for r in range(replications)
    ]  # fmt: skip
    with make_executor("process", jobs, tasks=replications) as (pool, _width):
        futures = [pool.submit(_run_orders, sc, r) for r, sc in enumerate(scenarios)]
        return [f.result() for f in futures]


def _run_orders(scenario: Scenario, replication: int) -> Orders:
    """One run's orders, the columns compared (a module-level function: process pools ship
    it by name)."""
    from gridsim.experiment.runner import run_replication
    from gridsim.fit.runlog import run_orders

    rep = run_replication(scenario, "check", replication)
    assert rep.log is not None
    orders = run_orders(rep.log.to_pandas(), scenario)
    return replace(orders, table=orders.table[["kind", *STAGES, "open", "reports"]])


def _band(runs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The runs' 2.5 and 97.5 percentiles (Weibull positions: see the module's docstring)."""
    lower, upper = np.nanquantile(runs, [0.025, 0.975], axis=0, method="weibull")
    return lower, upper


def _compare(
    observed: Orders,
    runs: Sequence[Orders],
    kinds: Sequence[str],
    weeks: Sequence[pd.Timestamp],
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The tidy table of comparisons and the curves for the figure."""
    names = [*kinds, TOTAL]
    rows: list[dict[str, Any]] = []
    obs = weekly_counts(observed.table, weeks, kinds)
    lower, upper = _band(np.stack([weekly_counts(r.table, weeks, kinds) for r in runs]))
    for i, k in enumerate(names):
        for j, week in enumerate(weeks):
            rows.append(_row("weekly_count", k, obs[i, j], lower[i, j], upper[i, j],
                             week=str(week.date())))  # fmt: skip
    points = sorted({*CLOSE_POINTS_MIN, *CURVE_POINTS_MIN})
    obs = closed_shares(observed, kinds, points)
    lower, upper = _band(np.stack([closed_shares(r, kinds, points) for r in runs]))
    curves = []
    for i, k in enumerate(names):
        for j, t in enumerate(points):
            curves.append({"kind": k, "within_min": t, "observed": obs[i, j],
                           "lower": lower[i, j], "upper": upper[i, j]})  # fmt: skip
            if t in CLOSE_POINTS_MIN and not np.isnan(obs[i, j]):
                rows.append(_row("closed_share", k, obs[i, j], lower[i, j], upper[i, j],
                                 within_min=t))  # fmt: skip
    return pd.DataFrame(rows, columns=list(COLUMNS)), pd.DataFrame(curves)


def _counted(table: pd.DataFrame) -> pd.Series:
    """The comparisons coverage counts: all but those where every run gave the same value
    and the log gave it too (every order closed within 1 day in every run and in the log; no
    order of a rare kind in a week). A certain prediction is no 95% interval and would lift
    coverage above nominal for a true model; one the log contradicts still counts, outside."""
    certain = (table["upper"] - table["lower"]).abs() < 1e-9
    return ~(certain & table["inside"])


def _row(what: str, kind: str, observed: float, lower: float, upper: float,
         **at: Any) -> dict[str, Any]:  # fmt: skip
    """One comparison; a tolerance of 1e-9 keeps a share equal to a bound inside."""
    inside = bool(lower - 1e-9 <= observed <= upper + 1e-9)
    return {"what": what, "kind": kind, "week": "", "within_min": np.nan, **at,
            "observed": observed, "lower": lower, "upper": upper, "inside": inside}  # fmt: skip


WHAT_TEXT = {"weekly_count": "Weekly counts", "closed_share": "Time to close"}
DIRECTIONS = {
    ("weekly_count", True): "above the interval: more orders than predicted",
    ("weekly_count", False): "below the interval: fewer orders than predicted",
    ("closed_share", True): "above the band: closed faster than predicted",
    ("closed_share", False): "below the band: closed more slowly than predicted",
}


def answer_lines(check: CheckFit) -> list[str]:
    """The check in words, in the language in use: what was fitted and checked, then per
    comparison how many fell inside and what that says."""
    from gridsim.i18n import _

    last = (check.end - pd.Timedelta(days=1)).date()
    head = _("Fitted on {n} orders reported before {split}; checked on {m} orders reported "
             "{period}, against {runs} simulated runs ({variants})").format(
        n=f"{check.trained_on:,}", split=check.split.date(), m=f"{check.checked_on:,}",
        period=_("{start} to {end}").format(start=check.split.date(), end=last),
        runs=check.replications,
        variants=(_("{n} bootstrap variants of the fit").format(n=check.variants)
                  if check.variants else _("the fitted scenario alone")),
    )  # fmt: skip
    return [head, *(_verdict(check, what) for what in WHAT_TEXT)]


def _verdict(check: CheckFit, what: str) -> str:
    """One line: "Weekly counts: 34 of 36 inside ... (94%, nominal 95%): ..."."""
    from gridsim.i18n import _

    k, n = check.inside(what)
    if n == 0:
        return _("{what}: nothing to compare in the held-out months").format(
            what=_(WHAT_TEXT[what])
        )
    text = _("{what}: {k} of {n} inside the 95% prediction intervals ({share}, nominal "
             "{nominal})").format(what=_(WHAT_TEXT[what]), k=k, n=n, share=f"{k / n:.0%}",
                                  nominal=f"{check.nominal:.0%}")  # fmt: skip
    if check.well(what):
        return text + _(": the fit predicts the held-out months well")
    month = (check.split - pd.Timedelta(days=1)).strftime("%Y-%m")
    why = _(": too many outside: the log changed after {month} or the model misses something "
            "({worst})")  # fmt: skip
    return text + why.format(month=month, worst=_worst(check, what))


def _worst(check: CheckFit, what: str) -> str:
    """The kind with the most comparisons outside, and on which side most of them fell."""
    from gridsim.i18n import _

    rows = check.table[(check.table["what"] == what) & ~check.table["inside"]]
    kinds = rows[rows["kind"] != TOTAL] if (rows["kind"] != TOTAL).any() else rows
    kind = str(kinds["kind"].value_counts().index[0])
    mine = kinds[kinds["kind"] == kind]
    above = bool((mine["observed"] > mine["upper"]).sum() * 2 >= len(mine))
    return _("most outside: {kind}, {direction}").format(
        kind=_(kind), direction=_(DIRECTIONS[what, above])
    )
