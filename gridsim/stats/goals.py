"""Verdicts: each goal of the scenario, met or missed, by how much, how sure.

A goal is met when the whole 95% interval of the KPI's mean over replications is on the
goal's side, missed when the whole interval is on the other side, and too close to call when
the interval holds the goal: more replications would decide it (`gridsim replications`).
A percentile that some run only bounds from below (not reached by the horizon) is judged by
that bound, which can only make an at_most goal look closer than it is: it says so.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from gridsim.i18n import _
from gridsim.scenario.goals import Goal
from gridsim.stats.kpis import reached_flag

if TYPE_CHECKING:
    from gridsim.scenario.schema import Targets
    from gridsim.stats.summary import Interval

__all__ = ["MET", "MISSED", "UNCLEAR", "Verdict", "possible_kpis", "verdicts"]

Status = Literal["met", "missed", "unclear"]
MET: Status = "met"
MISSED: Status = "missed"
UNCLEAR: Status = "unclear"


@dataclass(frozen=True)
class Verdict:
    """One goal for one variant: the estimate, its 95% interval and what they say."""

    goal: Goal
    variant: str
    estimate: float
    low: float
    high: float
    replications: int
    status: Status
    lower_bound: bool = False
    """True when some run only bounded the percentile (not reached by the horizon)."""

    @property
    def gap(self) -> float:
        """How far the estimate is from the goal, positive on the good side."""
        d = self.estimate - self.goal.value
        return d if self.goal.higher_is_better else -d


def judge(goal: Goal, low: float, high: float) -> Status:
    """met, missed or unclear from the interval [low, high] of the mean."""
    if goal.met_by(low) and goal.met_by(high):
        return MET
    if not goal.met_by(low) and not goal.met_by(high):
        return MISSED
    return UNCLEAR


def verdicts(
    ci: dict[tuple[str, str, str], Interval], goals: list[Goal], variants: list[str]
) -> list[Verdict]:
    """The verdict on every goal for every variant (a goal whose KPI the runs lack, e.g. a
    grid with no issues, has none: skipped)."""
    out = []
    for variant in variants:
        for goal in goals:
            key = (variant, goal.kpi, goal.scope)
            if key not in ci or math.isnan(ci[key][0]):
                continue
            mean, low, high, n = ci[key]
            if math.isnan(low):  # one replication: judge the value itself
                low = high = mean
            flag = ci.get((variant, reached_flag(goal.kpi) or "", goal.scope))
            bounded = flag is not None and flag[0] < 1.0
            status = judge(goal, low, high)
            out.append(Verdict(goal, variant, mean, low, high, n, status, bounded))
    return out


def possible_kpis(targets: Targets) -> set[str]:
    """Every KPI a run can write to summary.csv, known before running: those of a run
    without issues, the count at each rung of the ladder, and the staff KPIs."""
    from gridsim.scenario.schema import LEVELS
    from gridsim.stats.compare import KPI_LABELS
    from gridsim.stats.kpis import KpiAccumulator
    from gridsim.units import MINUTES_PER_DAY

    empty = KpiAccumulator(0.0, MINUTES_PER_DAY, targets).kpis([])
    rungs = {f"{col}:{level}" for col in ("level", "level_recorded") for level in LEVELS}
    return {k.kpi for k in empty} | rungs | set(KPI_LABELS) | {"busy_mean"}


TARGET_GOALS = {
    "target_on_site_share": ("on site within {t}", "on_site_min"),
    "target_resolved_share": ("routine issues resolved within {t}", "routine_resolved_min"),
    "target_plan_share": ("complex issues planned within {t}", "complex_plan_min"),
}
"""The "三个一" shares, named by their target time (the scenario's `targets`)."""


def goal_label(goal: Goal, targets: Targets | None = None) -> str:
    """The goal in words: its own label, else the KPI's planner name (the three targets
    with their times, e.g. 'on site within 10 min'), in the language in use."""
    from gridsim.stats.compare import kpi_label
    from gridsim.views.amounts import duration_text

    if goal.label:
        return goal.label
    if goal.kpi in TARGET_GOALS and targets is not None:
        text, field = TARGET_GOALS[goal.kpi]
        name = _(text).format(t=duration_text(getattr(targets, field)))
    else:
        name = _(kpi_label(goal.kpi))
    what, _sep, where = goal.scope.partition(":")
    if what in ("kind", "grid", "staff"):
        name += " (" + _(what) + " " + _(where) + ")"
    return name
