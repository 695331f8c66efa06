"""The plans a problem allows, in order of their cost, and what monotonicity says about them.

Staff cost is linear in each lever (a group's cost is its head count or a shift's count
times the hours paid), so a plan's cost is the top plan's cost plus, for each lever, what
setting it alone to its value saves: one scenario per lever value is costed, not one per
plan. The costs of the plans actually simulated are computed whole, and compared with this
sum (a difference is reported in optimum.json's notes).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from gridsim.cli_args import option_error
from gridsim.optimiser.problem import Lever
from gridsim.scenario.errors import ScenarioError
from gridsim.scenario.schema import Scenario
from gridsim.stats.cost import staff_cost
from gridsim.units import MINUTES_PER_DAY

__all__ = ["MAX_PLANS", "Space", "plan_cost", "plan_scenario"]

MAX_PLANS = 5_000_000
"""The most plans a problem may span (the product of the levers' ranges): more would not fit
a planner's question, and would take memory for nothing."""


def plan_scenario(base: Scenario, plan: Mapping[str, int]) -> Scenario:
    """The base scenario with the plan's lever values."""
    from gridsim.api import scenario_of

    return scenario_of(base, dict(plan))


def wage_cost(sc: Scenario) -> float:
    """CNY a year the scenario's wages say its staff cost, without call-outs (which depend
    on the run; `staff_cost_per_year` of summary.csv adds them)."""
    warmup = sc.calendar.warmup_days * MINUTES_PER_DAY
    horizon = sc.calendar.horizon_days * MINUTES_PER_DAY
    return float(sum(staff_cost(sc, [], warmup, horizon).values()))


def plan_cost(base: Scenario, plan: Mapping[str, int], levers: Sequence[Lever]) -> float:
    """A plan's cost a year: the wages' cost of the plan, where each lever with its own cost
    per unit is costed at that instead (from the current plan's value)."""
    raw = base.model_dump(mode="python")
    from gridsim.experiment.sweep import _lookup

    own = {lv.path: lv for lv in levers if lv.cost_per_unit is not None}
    waged = {p: (_lookup(raw, p) if p in own else v) for p, v in plan.items()}
    total = wage_cost(plan_scenario(base, waged))
    for path, lever in own.items():
        total += float(lever.cost_per_unit or 0.0) * (plan[path] - int(_lookup(raw, path)))
    return total


class Space:
    """Every plan within the levers' bounds (rows of ``values``), with its cost; ``order``
    lists them cheapest first (ties: in the order of the levers' values)."""

    def __init__(self, base: Scenario, levers: Sequence[Lever]) -> None:
        self.base, self.levers = base, tuple(levers)
        sizes = [len(lv.values) for lv in self.levers]
        if math.prod(sizes) > MAX_PLANS:
            raise option_error("--lever", f"the levers' ranges span {math.prod(sizes):,} plans; "
                                          f"at most {MAX_PLANS:,}: narrow them")  # fmt: skip
        grids = np.meshgrid(*[np.arange(lv.low, lv.high + 1) for lv in self.levers],
                            indexing="ij")  # fmt: skip
        self.values = np.stack([g.ravel() for g in grids], axis=1).astype(np.int32)
        self.top = {lv.path: lv.high for lv in self.levers}
        self.top_cost = plan_cost(base, self.top, self.levers)
        saving = [self._savings(i) for i in range(len(self.levers))]
        self.cost: np.ndarray = np.full(len(self.values), self.top_cost)
        for i, (s, lv) in enumerate(zip(saving, self.levers, strict=True)):
            self.cost += s[self.values[:, i] - lv.low]
        self.free = [lv.path for lv, s in zip(self.levers, saving, strict=True) if not s.any()]
        """Levers whose values all cost the same: the search cannot prefer fewer of them."""
        self.order = np.argsort(self.cost, kind="stable")
        self.rank = np.empty(len(self.order), dtype=np.int64)
        self.rank[self.order] = np.arange(len(self.order))
        """Each plan's place in ``order``."""

    def _savings(self, i: int) -> np.ndarray:
        """What each value of lever ``i`` changes from the top plan's cost (the others at
        their highest); a value the scenario rejects is a located error."""
        lever = self.levers[i]
        out = np.zeros(len(lever.values))
        for j, v in enumerate(lever.values):
            plan = {**self.top, lever.path: v}
            try:
                out[j] = plan_cost(self.base, plan, self.levers) - self.top_cost
            except ScenarioError as e:
                raise option_error("--lever", f"{lever.path}={v} (the other levers at their "
                                              f"highest): {_first(e)}") from None  # fmt: skip
        return out

    def plan(self, index: int) -> dict[str, int]:
        """The plan at row ``index``: lever path -> value."""
        return {lv.path: int(v) for lv, v in zip(self.levers, self.values[index], strict=True)}

    def index(self, plan: Mapping[str, Any]) -> int:
        """The row of a plan (its values within the bounds)."""
        offsets = [int(plan[lv.path]) - lv.low for lv in self.levers]
        sizes = [len(lv.values) for lv in self.levers]
        return int(np.ravel_multi_index(offsets, sizes))

    def below(self, index: int) -> np.ndarray:
        """Rows of the plans no higher than this one on any lever (the ones monotonicity
        says cannot do better)."""
        return np.flatnonzero((self.values <= self.values[index]).all(axis=1))


def _first(e: ScenarioError) -> str:
    problem = e.problems[0]
    return f"{problem.path}: {problem.message}" if problem.path else problem.message
