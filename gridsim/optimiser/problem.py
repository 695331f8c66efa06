"""The optimisation problem as a planner states it: integer levers with bounds (and, where
the scenario's wages do not say, a cost per unit), and requirements on KPIs of summary.csv.

    >>> parse_lever("staff.crews.repair=1:4:90000")
    Lever(path='staff.crews.repair', low=1, high=4, cost_per_unit=90000.0)
    >>> r = parse_requirement("on_site_p90_min@kind:repair<=30")
    >>> (r.kpi, r.scope, r.op, r.goal)
    ('on_site_p90_min', 'kind:repair', '<=', 30.0)
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from gridsim.cli_args import did_you_mean, option_error
from gridsim.experiment.sweep import _lookup
from gridsim.scenario.goals import Goal
from gridsim.scenario.schema import Scenario

__all__ = [
    "MAX_LEVEL",
    "Lever",
    "Problem",
    "Requirement",
    "check_problem",
    "parse_lever",
    "parse_requirement",
]

MAX_LEVEL = 10_000
"""The largest value a lever may take (a bound that keeps a typo from asking for a
billion crews)."""

_LEVER = re.compile(r"^([A-Za-z0-9_.]+)=(-?\d+):(-?\d+)(?::([0-9.eE+-]+))?$")
_REQUIRE = re.compile(r"^([A-Za-z0-9_:]+?)(?:@([^<>=\s]+))?\s*(>=|<=)\s*([0-9.eE+-]+)$")


@dataclass(frozen=True)
class Lever:
    """An integer field of the scenario the plan may set, between two bounds; its cost per
    unit replaces what the wages say one more unit costs (None: the wages decide)."""

    path: str
    low: int
    high: int
    cost_per_unit: float | None = None

    @property
    def values(self) -> range:
        return range(self.low, self.high + 1)


@dataclass(frozen=True)
class Requirement:
    """A KPI of summary.csv in one scope that must be at least (>=) or at most (<=) a goal."""

    kpi: str
    scope: str
    op: str
    goal: float

    @property
    def higher_is_better(self) -> bool:
        return self.op == ">="

    def as_goal(self) -> Goal:
        """The same requirement as a scenario goal (for its words and its checks)."""
        bound = "at_least" if self.higher_is_better else "at_most"
        return Goal.model_validate({"kpi": self.kpi, "scope": self.scope, bound: self.goal})

    @property
    def key(self) -> str:
        """`kpi@scope`: the requirement's column name in frontier.csv."""
        return f"{self.kpi}@{self.scope}"

    def text(self) -> str:
        return f"{self.key}{self.op}{self.goal:g}"


@dataclass(frozen=True)
class Problem:
    """Levers, requirements, and how sure the answer must be: each requirement counts as
    met by a plan whose mean is within ``tolerance`` of its goal."""

    levers: tuple[Lever, ...]
    requirements: tuple[Requirement, ...]
    tolerances: tuple[float, ...]
    confidence: float = 0.95


def _number(text: str, option: str, item: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise option_error(option, f"{item!r}: expected a number, found {text!r}") from None
    if not math.isfinite(value):
        raise option_error(option, f"{item!r}: expected a finite number, found {text!r}")
    return value


def parse_lever(item: str) -> Lever:
    """`PATH=LOW:HIGH[:COST_PER_UNIT]` (integers, cost in CNY a year per unit)."""
    m = _LEVER.match(item.strip())
    if m is None:
        raise option_error("--lever", f"expected PATH=LOW:HIGH or PATH=LOW:HIGH:COST_PER_UNIT "
                                      f"with whole numbers, found {item!r}")  # fmt: skip
    path, low, high, cost = m.group(1), int(m.group(2)), int(m.group(3)), m.group(4)
    if not 0 <= low <= high <= MAX_LEVEL:
        raise option_error("--lever", f"{item!r}: expected 0 <= LOW <= HIGH <= {MAX_LEVEL}")
    per_unit = None if cost is None else _number(cost, "--lever", item)
    if per_unit is not None and per_unit < 0:
        raise option_error("--lever", f"{item!r}: a cost per unit cannot be negative")
    return Lever(path, low, high, per_unit)


def parse_requirement(item: str) -> Requirement:
    """`KPI[@SCOPE]>=VALUE` or `KPI[@SCOPE]<=VALUE` (scope: community by default)."""
    m = _REQUIRE.match(item.strip())
    if m is None:
        raise option_error("--require", "expected KPI>=VALUE, KPI<=VALUE or KPI@SCOPE>=VALUE "
                           f"(e.g. target_on_site_share>=0.9), found {item!r}")  # fmt: skip
    kpi, scope, op, value = m.group(1), m.group(2) or "community", m.group(3), m.group(4)
    return Requirement(kpi, scope, op, _number(value, "--require", item))


def check_problem(
    scenario: Scenario,
    levers: Sequence[Lever],
    requirements: Sequence[Requirement],
    tolerance: float | None,
    confidence: float,
) -> Problem:
    """The problem, checked against the scenario: levers name integer fields (once each),
    requirements name KPIs and scopes a run writes. Tolerances default to the scenario's
    smallest difference that matters (`practical`) for each KPI's unit."""
    from gridsim.scenario.goals import check_goals
    from gridsim.stats.goals import possible_kpis
    from gridsim.stats.kpis import unit_of

    if not levers:
        raise option_error("--lever", "give at least one lever (PATH=LOW:HIGH)")
    if not requirements:
        raise option_error("--require", "give at least one requirement (KPI>=VALUE)")
    if not 0.5 <= confidence < 1:
        raise option_error("--confidence", f"expected 0.5 <= confidence < 1, found {confidence}")
    raw = scenario.model_dump(mode="python")
    seen: set[str] = set()
    for lever in levers:
        _check_lever(raw, lever, seen)
    goals = [r.as_goal() for r in requirements]
    kinds, grids = list(scenario.demand.kinds), [g.name for g in scenario.community.grids]
    kpis = possible_kpis(scenario.targets)
    for r in requirements:
        if r.kpi not in kpis:
            hint = did_you_mean(r.kpi, sorted(kpis))
            raise option_error("--require", f"{r.text()}: unknown KPI {r.kpi!r}{hint} (the "
                               "README's KPI table lists them)")  # fmt: skip
    try:
        check_goals(goals, kinds, grids, kpis)
    except ValueError as e:
        raise option_error("--require", str(e).replace("goals.", "requirement ", 1)) from None
    tolerances = []
    for r in requirements:
        tol = tolerance if tolerance is not None else scenario.practical.of(r.kpi, unit_of(r.kpi))
        if not tol > 0:
            raise option_error("--tolerance", f"{r.text()}: expected a tolerance above 0 (the "
                                              "scenario's practical block gives none for this "
                                              "KPI's unit)")  # fmt: skip
        tolerances.append(float(tol))
    return Problem(tuple(levers), tuple(requirements), tuple(tolerances), confidence)


def _check_lever(raw: Mapping[str, Any], lever: Lever, seen: set[str]) -> None:
    if lever.path in seen:
        raise option_error("--lever", f"{lever.path}: given twice")
    seen.add(lever.path)
    value = _lookup(raw, lever.path)
    if value is None:
        head = lever.path.rsplit(".", 1)[0]
        parent = _lookup(raw, head) if "." in lever.path else raw
        known = list(parent) if isinstance(parent, Mapping) else []
        hint = did_you_mean(lever.path.rsplit(".", 1)[-1], [str(k) for k in known])
        raise option_error("--lever", f"{lever.path}: no such field in the scenario{hint}")
    if isinstance(value, bool) or not isinstance(value, int):
        raise option_error("--lever", f"{lever.path}: expected an integer field (a count), "
                                      f"found {value!r}")  # fmt: skip
