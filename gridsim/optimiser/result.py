"""What a search found, as the planner and other tools read it: `optimum.json` (plan, cost,
feasible, requirements with estimate and interval, replications, designs_evaluated) and the
frontier (cost against attainment of every plan simulated)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from gridsim.i18n import _
from gridsim.optimiser.feasibility import FEASIBLE
from gridsim.optimiser.space import plan_cost
from gridsim.stats.intervals import mean_ci
from gridsim.stats.kpis import range_of
from gridsim.views.amounts import amount

if TYPE_CHECKING:
    from gridsim.optimiser.search import Search

__all__ = ["Optimum", "build_optimum", "monotone", "requirement_rows"]


@dataclass
class Optimum:
    """The answer: the plan (lever path -> value), its cost a year, whether it meets every
    requirement at the stated confidence, and the evidence."""

    plan: dict[str, int]
    cost: float
    feasible: bool
    requirements: list[dict[str, Any]]
    replications: int
    designs_evaluated: int
    confidence: float
    current: dict[str, int]
    current_cost: float
    simulated_cost: float
    scenario: str
    seed: int
    cpu_seconds: float
    bounds: dict[str, int] = field(default_factory=dict)
    warm_start: dict[str, dict[str, float]] = field(default_factory=dict)
    monotone: dict[str, Any] = field(default_factory=dict)
    reasons: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    frontier: pd.DataFrame = field(default_factory=pd.DataFrame)

    def to_json(self) -> dict[str, Any]:
        """optimum.json: every field but the frontier (frontier.csv holds it)."""
        keys = [k for k in self.__dataclass_fields__ if k != "frontier"]
        return {k: _plain(getattr(self, k)) for k in keys}


def _plain(value: Any) -> Any:
    """JSON-ready: NaN as null, numpy scalars as Python numbers."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def requirement_rows(search: Search, row: int) -> list[dict[str, Any]]:
    """Each requirement at one plan: the estimate and its interval at the stated
    confidence, met or not, and the replications its decision took."""
    out = []
    problem = search.problem
    for r, tol in zip(problem.requirements, problem.tolerances, strict=True):
        y = search.ev.column(row, (r.kpi, r.scope))
        mean, low, high = mean_ci(y, problem.confidence, range_of(r.kpi))
        met = search.checks[problem.requirements.index(r)].decide(y, search.first)[0]
        out.append({"kpi": r.kpi, "scope": r.scope, "op": r.op, "goal": r.goal,
                    "tolerance": tol, "estimate": mean, "lower": low, "upper": high,
                    "decision": met, "replications": int(np.sum(~np.isnan(y)))})  # fmt: skip
    return out


def monotone(search: Search, most: int = 10) -> dict[str, Any]:
    """Does more of a lever ever make a requirement worse? Every pair of simulated plans
    where one is at least the other on every lever, compared replication by replication
    (common random numbers): a clear change for the worse (95% paired interval) is listed."""
    rows = sorted(search.ev.values)
    values = search.space.values
    pairs, found = 0, list[dict[str, Any]]()
    for a in rows:
        for b in rows:
            if a == b or not (values[a] <= values[b]).all():
                continue
            pairs += 1
            n = min(search.ev.count(a), search.ev.count(b))
            for r in search.problem.requirements:
                key = (r.kpi, r.scope)
                d = search.ev.column(b, key)[:n] - search.ev.column(a, key)[:n]
                d = d if r.higher_is_better else -d
                mean, _low, high = mean_ci(d)
                if n >= 2 and high < 0:
                    found.append({"lower_plan": search.space.plan(a),
                                  "higher_plan": search.space.plan(b), "kpi": r.kpi,
                                  "scope": r.scope, "worse_by": -mean})  # fmt: skip
    found.sort(key=lambda f: -float(f["worse_by"]))
    return {"pairs_checked": pairs, "violations": len(found), "worst": found[:most]}


def frontier(search: Search) -> pd.DataFrame:
    """One row per plan simulated: its levers, cost, decision, replications, and each
    requirement's estimate and interval; `on_frontier` marks the plans no other simulated
    plan beats on cost and every requirement at once."""
    from gridsim.experiment.sweep import design_name

    lines = []
    for row in sorted(search.ev.values, key=lambda r: (search.space.cost[r], r)):
        plan = search.space.plan(row)
        line: dict[str, Any] = {"design": design_name(plan), **plan,
                                "cost": plan_cost(search.space.base, plan, search.problem.levers),
                                "status": search.state(row) or "undecided",
                                "replications": search.ev.count(row)}  # fmt: skip
        for req in requirement_rows(search, row):
            key = f"{req['kpi']}@{req['scope']}"
            line[key], line[f"{key} lower"], line[f"{key} upper"] = (
                req["estimate"], req["lower"], req["upper"])  # fmt: skip
        lines.append(line)
    table = pd.DataFrame(lines)
    table["on_frontier"] = _pareto(table, search) if len(table) else []
    return table


def _pareto(table: pd.DataFrame, search: Search) -> np.ndarray:
    """Plans no other plan matches or beats on cost and on every requirement (strictly on
    one)."""
    cols = [f"{r.kpi}@{r.scope}" for r in search.problem.requirements]
    sign = np.array([1.0 if r.higher_is_better else -1.0 for r in search.problem.requirements])
    attain = [table[c].to_numpy(float) * s for c, s in zip(cols, sign, strict=True)]
    good = np.column_stack([-table["cost"].to_numpy(float), *attain])
    good = np.nan_to_num(good, nan=-np.inf)
    out = np.ones(len(table), dtype=bool)
    for i in range(len(table)):
        ge = (good >= good[i]).all(axis=1)
        gt = (good > good[i]).any(axis=1)
        out[i] = not (ge & gt).any()
    return out


def notes(search: Search, table: pd.DataFrame) -> list[str]:
    """What the planner should know about how the answer was reached: levers that cost
    nothing (give them a cost per unit), and plans whose whole cost differs from the sum the
    search ordered them by."""
    fixed = {lv.path for lv in search.problem.levers if lv.low == lv.high}
    out = [
        _(
            "{path}: every value costs the same (no wage, no cost per unit given), so the "
            "search cannot prefer fewer of it; give PATH=LOW:HIGH:COST"
        ).format(path=path)
        for path in search.space.free
        if path not in fixed
    ]
    if len(table):
        rows = [search.space.index(dict(zip(table.columns, r, strict=False)))
                for r in table.itertuples(index=False)]  # fmt: skip
        gap = np.abs(table["cost"].to_numpy(float) - search.space.cost[rows])
        if gap.max() > 1.0:
            text = _("the cost of a plan is not the sum of its levers' costs (up to {gap}): "
                     "the order of the search may be off")  # fmt: skip
            out.append(text.format(gap=amount(gap.max(), "CNY")))
    return out


def build_optimum(search: Search, top: int, _progress: bool = False) -> Optimum:
    """The answer from a finished search: its cheapest feasible plan, else the top plan
    with the reasons it falls short."""
    from gridsim.experiment.sweep import _lookup
    from gridsim.optimiser.reasons import out_of_reach

    space, problem = search.space, search.problem
    best = search.best()
    row = best if best is not None else top
    plan = space.plan(row)
    raw = space.base.model_dump(mode="python")
    current = {lv.path: _lookup(raw, lv.path) for lv in problem.levers}
    cost_col = search.ev.column(row, ("staff_cost_per_year", "community")) \
        if row in search.ev.values else np.array([math.nan])  # fmt: skip
    reqs = requirement_rows(search, row) if row in search.ev.values else []
    reasons = [] if best is not None else out_of_reach(search, top, reqs)
    table = frontier(search)
    return Optimum(
        plan=plan, cost=plan_cost(space.base, plan, problem.levers),
        feasible=best is not None and search.state(row) == FEASIBLE,
        requirements=reqs, replications=search.ev.runs,
        designs_evaluated=len(search.ev.values), confidence=problem.confidence,
        current=current, current_cost=plan_cost(space.base, current, problem.levers),
        simulated_cost=float(np.nanmean(cost_col)) if len(cost_col) else math.nan,
        scenario=space.base.name, seed=space.base.seed, cpu_seconds=search.ev.cpu_seconds,
        bounds=search.bounds, warm_start=search.warm, monotone=monotone(search),
        reasons=reasons, frontier=table, notes=notes(search, table),
    )  # fmt: skip
