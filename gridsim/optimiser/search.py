"""The cheapest plan that meets the requirements, by a search in order of cost.

1. The top plan (every lever at its highest) is checked first: if even it does not meet the
   requirements, no plan within the bounds does (more staff never hurts under common random
   numbers; `monotone` checks that on the plans simulated), and the answer says why.
2. Each lever is then lowered alone from the top plan, by bisection, to its lowest value
   that still meets them: no plan below that value on this lever can (it is dominated by a
   plan shown not to). The first value tried for a crew colour is Erlang's bound from the
   load the top plan measured (c >= a, a = utilisation x crews): a warm start.
3. The plans left are taken cheapest first, in batches, each decided by the sequential
   feasibility check (`feasibility`); a plan found infeasible rules out every plan below it;
   the search ends when no undecided plan is cheaper than the cheapest feasible one.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Mapping, Sequence
from concurrent.futures import Executor
from pathlib import Path

import numpy as np
from tqdm import tqdm

from gridsim.experiment.executors import make_executor
from gridsim.i18n import _
from gridsim.optimiser.evaluate import Evaluator, Key
from gridsim.optimiser.feasibility import FEASIBLE, INFEASIBLE, UNDECIDED, Check
from gridsim.optimiser.problem import (
    Lever,
    Problem,
    Requirement,
    check_problem,
    parse_lever,
    parse_requirement,
)
from gridsim.optimiser.result import Optimum, build_optimum
from gridsim.optimiser.space import Space, plan_scenario
from gridsim.scenario.errors import ScenarioError
from gridsim.scenario.schema import Scenario
from gridsim.scenario.section import CREW_COLOURS

__all__ = ["IMPLIED", "INVALID", "Search", "optimise"]

INVALID = "invalid"
"""A plan the scenario rejects (e.g. a shift count above the crews)."""
IMPLIED = "implied infeasible"
"""Below a plan found infeasible on every lever: it cannot do better (monotonicity)."""

COST_KEY: Key = ("staff_cost_per_year", "community")

STATES = ("", FEASIBLE, INFEASIBLE, UNDECIDED, INVALID, IMPLIED)
"""A plan's state, stored as its index (one byte a plan: a problem may span millions)."""
OPEN, YES, NO = 0, 1, 2


class Search:
    """The state of one search: which plans are decided, and how."""

    def __init__(self, space: Space, problem: Problem, pool: Executor, settings: dict) -> None:
        self.space, self.problem = space, problem
        self.first, self.most, self.step = settings["first"], settings["most"], settings["step"]
        self.batch = settings["batch"]
        alpha = (1.0 - problem.confidence) / len(problem.requirements)
        pairs = zip(problem.requirements, problem.tolerances, strict=True)
        self.checks = [Check(r.goal, r.higher_is_better, tol, alpha, self.step, self.most)
                       for r, tol in pairs]  # fmt: skip
        self.keys: list[Key] = [(r.kpi, r.scope) for r in problem.requirements]
        self.keys += [k for k in [COST_KEY, *self._load_keys()] if k not in self.keys]
        self.ev = Evaluator(pool, self.keys)
        self.code = np.zeros(len(space.values), dtype=np.int8)
        self.cursor = 0  # every plan before it in cost order is decided or ruled out
        self.scenarios: dict[int, Scenario] = {}
        self.rejected: dict[int, str] = {}
        self.decided_at: dict[int, int] = {}
        self.warm: dict[str, dict[str, float]] = {}
        self.bounds: dict[str, int] = {}

    def _load_keys(self) -> list[Key]:
        return [("utilisation", f"staff:{c}") for c in self._crew_levers().values()]

    def _crew_levers(self) -> dict[str, str]:
        """Levers that count the crews of a colour: path -> colour."""
        out = {}
        for lever in self.problem.levers:
            bits = lever.path.split(".")
            if len(bits) == 3 and bits[:2] == ["staff", "crews"] and bits[2] in CREW_COLOURS:
                out[lever.path] = bits[2]
        return out

    def scenario(self, row: int) -> Scenario | None:
        """The plan's scenario, or None when the scenario rejects it (kept as INVALID)."""
        if row not in self.scenarios and row not in self.rejected:
            try:
                self.scenarios[row] = plan_scenario(self.space.base, self.space.plan(row))
            except ScenarioError as e:
                self.rejected[row] = str(e.problems[0])
                self.code[row] = STATES.index(INVALID)
        return self.scenarios.get(row)

    def verdict(self, row: int) -> tuple[str, int]:
        """The plan's decision so far: infeasible as soon as one requirement is, feasible
        when all are, with the replications the decision took."""
        results = [c.decide(self.ev.column(row, k), self.first)
                   for c, k in zip(self.checks, self.keys, strict=False)]  # fmt: skip
        if any(d == INFEASIBLE for d, _n in results):
            return INFEASIBLE, min(n for d, n in results if d == INFEASIBLE)
        if all(d == FEASIBLE for d, _n in results):
            return FEASIBLE, max(n for _d, n in results)
        return UNDECIDED, self.ev.count(row)

    def decide(self, rows: Sequence[int]) -> None:
        """Simulate each plan until the check decides it (or it reaches the most
        replications: UNDECIDED), all the plans' runs side by side."""
        pending = [r for r in dict.fromkeys(rows) if self.code[r] == OPEN and self.scenario(r)]
        want = {r: max(self.first, self.ev.count(r)) for r in pending}
        while pending:
            self.ev.run({r: want[r] for r in pending}, self.scenarios)
            still = []
            for r in pending:
                decision, n = self.verdict(r)
                if decision == UNDECIDED and want[r] < self.most:
                    want[r] = min(self.most, want[r] + self.step)
                    still.append(r)
                    continue
                self.code[r], self.decided_at[r] = STATES.index(decision), n
                if decision == INFEASIBLE:
                    self._rule_out(r)
            pending = still

    def _rule_out(self, row: int) -> None:
        below = self.space.below(row)
        open_ = below[self.code[below] == OPEN]
        self.code[open_] = STATES.index(IMPLIED)

    def state(self, row: int) -> str:
        """The plan's state in words ('' while open)."""
        return STATES[self.code[row]]

    def best(self) -> int | None:
        """The cheapest plan found feasible (ties: the first in cost order)."""
        rows = np.flatnonzero(self.code == YES)
        if not len(rows):
            return None
        return int(rows[np.argmin(self.space.rank[rows])])

    def bisect(self, top: int) -> None:
        """Each lever's lowest value that still meets the requirements with the others at
        their highest, all levers' bisections side by side; rules out every plan below."""
        levers = self.problem.levers
        lo = {lv.path: lv.low for lv in levers}
        hi = {lv.path: lv.high for lv in levers}
        guess = self._warm_start(top)
        while any(lo[p] < hi[p] for p in lo):
            probes = {}
            for lv in levers:
                p = lv.path
                if lo[p] < hi[p]:
                    mid = guess.pop(p, (lo[p] + hi[p]) // 2)
                    probes[p] = self.space.index(
                        {**self.space.top, p: min(max(mid, lo[p]), hi[p] - 1)}
                    )
            self.decide(list(probes.values()))
            for p, row in probes.items():
                value = int(self.space.values[row][self._col(p)])
                if self.code[row] == YES:
                    hi[p] = value
                else:
                    lo[p] = value + 1
        self.bounds = dict(lo)

    def _col(self, path: str) -> int:
        return [lv.path for lv in self.problem.levers].index(path)

    def _warm_start(self, top: int) -> dict[str, int]:
        """Erlang's bound for each crew lever from the top plan's measured load."""
        out = {}
        for path, colour in self._crew_levers().items():
            seen = self.ev.column(top, ("utilisation", f"staff:{colour}"))
            seen = seen[np.isfinite(seen)]
            if not len(seen):  # no crew of that colour on duty in the top plan
                continue
            util = float(seen.mean())
            load = util * self.space.top[path]
            out[path] = max(1, math.ceil(load - 1e-9))
            self.warm[path] = {"load": load, "first_tried": out[path]}
        return out

    def by_cost(self) -> None:
        """Decide the plans left, cheapest first, in batches, until none undecided is
        cheaper than the cheapest feasible one. (Taking half of each batch from the dear end
        instead, below the best plan found, decided 484 plans of a 7-lever box where this
        decides 288: dear plans are mostly feasible, and each lowers the bound by little.)"""
        while True:
            best = self.best()
            limit = math.inf if best is None else self.space.cost[best]
            picked = self._cheapest_open(limit, self.batch)
            if not picked:
                return
            self.decide(picked)

    def _cheapest_open(self, limit: float, k: int) -> list[int]:
        """The ``k`` cheapest open plans cheaper than ``limit``; moves the cursor past the
        decided ones before them (each plan is passed once)."""
        order, cost, code = self.space.order, self.space.cost, self.code
        while self.cursor < len(order) and code[order[self.cursor]] != OPEN:
            self.cursor += 1
        picked: list[int] = []
        i = self.cursor
        while len(picked) < k and i < len(order) and cost[order[i]] < limit:
            if code[order[i]] == OPEN:
                picked.append(int(order[i]))
            i += 1
        return picked


def _levers(levers: Sequence[Lever | str] | Mapping[str, Sequence[float]]) -> list[Lever]:
    if isinstance(levers, Mapping):
        out = []
        for path, bounds in levers.items():
            low, high, *cost = bounds
            out.append(Lever(path, int(low), int(high), float(cost[0]) if cost else None))
        return out
    return [lv if isinstance(lv, Lever) else parse_lever(lv) for lv in levers]


def optimise(
    scenario: Scenario | str | Path,
    levers: Sequence[Lever | str] | Mapping[str, Sequence[float]],
    require: Sequence[Requirement | str],
    *,
    confidence: float = 0.95,
    tolerance: float | None = None,
    first: int = 10,
    most: int = 100,
    step: int = 5,
    batch: int = 4,
    jobs: int = 0,
    executor: str = "process",
    scheduler: str | None = None,
    progress: bool = False,
) -> Optimum:
    """The cheapest plan within the levers' bounds that meets every requirement at the
    stated confidence (see the module's docstring for how).

    ``levers``: `Lever`s, strings `PATH=LOW:HIGH[:COST]`, or {path: (low, high[, cost])};
    ``require``: `Requirement`s or strings `KPI[@SCOPE]>=VALUE`; ``tolerance``: how close to
    a goal counts as meeting it (default: the scenario's `practical` threshold of the KPI's
    unit); ``first``/``most``/``step``: replications a plan gets first, at most, and per
    further round; ``batch``: plans decided side by side (with ``step``, independent of
    the workers, so the answer is the same on any executor).
    """
    from gridsim.api import scenario_of

    base = scenario_of(scenario)
    reqs = [r if isinstance(r, Requirement) else parse_requirement(r) for r in require]
    problem = check_problem(base, _levers(levers), reqs, tolerance, confidence)
    if not 2 <= first <= most:
        raise ValueError(f"expected 2 <= first <= most, found first={first}, most={most}")
    space = Space(base, problem.levers)
    settings = {"first": first, "most": most, "step": max(1, step), "batch": max(1, batch)}
    bar = tqdm(desc=_("runs"), unit=_("run"), file=sys.stderr, disable=not progress or None,
               leave=False)  # fmt: skip
    with make_executor(executor, jobs, scheduler) as (pool, _width), bar:
        search = Search(space, problem, pool, settings)
        search.ev.on_run = bar.update
        top = space.index(space.top)
        search.decide([top])
        if search.code[top] == YES:
            search.bisect(top)
            search.by_cost()
    return build_optimum(search, top, progress)
