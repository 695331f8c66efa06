"""The scenario: plain, immutable data that describes one community and its policies.

Every section forbids unknown keys, so a misspelt field is an error, never a silent default.
Defaults and units live in the field descriptions, which `gridsim schema` exports.

The sections live by seam (`section`: the vocabulary and the base; `community`: grids and
calendar; `demand`; `staff`; `policy`: response rules and the ladder; `targets`); this module
holds the root, its cross-field checks and every name the rest of gridsim imports from here.
"""

from __future__ import annotations

import math
from typing import Any

from pydantic import Field, model_validator

from gridsim.model.roster import DayTypes, monthly_hours
from gridsim.scenario.calibration import Calibration, Figure
from gridsim.scenario.community import Calendar, Community, Grid, Shift, Travel
from gridsim.scenario.cost import Cost
from gridsim.scenario.demand import (
    Channel,
    Demand,
    Escalation,
    HeatingSeason,
    Kind,
    Schedule,
    SeverityMix,
    Work,
)
from gridsim.scenario.goals import Goal, Practical, check_goals
from gridsim.scenario.orders import Orders, check_orders
from gridsim.scenario.policy import (
    Disputes,
    Escalate,
    JointMeeting,
    Ladder,
    Patrol,
    Policy,
    Screening,
    Stage,
)
from gridsim.scenario.section import (
    CREW_COLOURS,
    DATE_MARGIN_DAYS,
    HANDLERS,
    LEVELS,
    MIN_FIND_PROBABILITY,
    MIN_INTERVAL_DAYS,
    MIN_PEAK_WEIGHT,
    SEVERITIES,
    Finder,
    Fraction,
    Minutes,
    Name,
    Section,
    Weight,
)
from gridsim.scenario.staff import Assignment, Crews, OnCall, Staff, Volunteers
from gridsim.scenario.targets import Targets
from gridsim.scenario.workload import HomeVisits, SentDown, Workload

__all__ = [
    "CREW_COLOURS",
    "DATE_MARGIN_DAYS",
    "HANDLERS",
    "LEVELS",
    "MAX_EXPECTED_ISSUES",
    "MAX_STREAMS",
    "MIN_FIND_PROBABILITY",
    "MIN_INTERVAL_DAYS",
    "MIN_PEAK_WEIGHT",
    "SEVERITIES",
    "Assignment",
    "Calendar",
    "Calibration",
    "Channel",
    "Community",
    "Cost",
    "Crews",
    "Demand",
    "Disputes",
    "Escalate",
    "Escalation",
    "Figure",
    "Finder",
    "Fraction",
    "Goal",
    "Grid",
    "HeatingSeason",
    "HomeVisits",
    "JointMeeting",
    "Kind",
    "Ladder",
    "Minutes",
    "Name",
    "OnCall",
    "Patrol",
    "Policy",
    "Practical",
    "Scenario",
    "Schedule",
    "Screening",
    "Section",
    "SentDown",
    "SeverityMix",
    "Shift",
    "Staff",
    "Stage",
    "Targets",
    "Travel",
    "Volunteers",
    "Weight",
    "Work",
    "Workload",
]

MAX_EXPECTED_ISSUES = 2e7
"""Issues one replication may draw: a city of 1e6 households for several years fits."""

MAX_STREAMS = 200_000
"""Grid x kind demand pairs. Each holds its own named random streams and state, about 7 KB
(measured: 10,000 grids x 7 kinds take 0.5 GB), so this many need about 1.5 GB in every
process running a replication: 28,000 grids with the baseline's 7 kinds."""


class Scenario(Section):
    """A whole scenario file."""

    name: str = Field(max_length=200)
    description: str = Field("", max_length=5000)
    seed: int = Field(1, ge=0, le=2**63 - 1, description="Base seed of every random stream.")
    replications: int = Field(10, ge=1, le=100_000)
    community: Community
    calendar: Calendar = Field(default_factory=Calendar)
    demand: Demand
    staff: Staff = Field(default_factory=Staff)
    policy: Policy = Field(default_factory=Policy)
    targets: Targets = Field(default_factory=Targets)
    ladder: Ladder = Field(default_factory=Ladder)
    disputes: Disputes = Field(default_factory=Disputes)
    cost: Cost = Field(default_factory=Cost)
    workload: Workload = Field(default_factory=Workload)
    orders: Orders = Field(default_factory=Orders)
    calibration: Calibration = Field(default_factory=Calibration)
    goals: list[Goal] = Field(
        default_factory=list,
        description="What the planner wants: each a KPI and scope, at_least or at_most.",
    )
    practical: Practical = Field(
        default_factory=Practical,
        description="The smallest difference that matters, per unit or per KPI.",
    )
    variants: dict[Name, dict[str, Any]] = Field(
        default_factory=dict,
        description="Named variants: each maps dotted paths to values that override the base.",
    )

    @model_validator(mode="after")
    def _cross_references(self) -> Scenario:
        grid_names = {g.name for g in self.community.grids}
        _check_assignments("staff.grid_workers", self.grid_workers(), grid_names, True)
        _check_assignments("staff.grid_leaders", self.staff.grid_leaders, grid_names, False)
        for kind_name, kind in self.demand.kinds.items():
            needs_crew = kind.handler in CREW_COLOURS and kind.rate_per_household_year > 0
            if needs_crew and getattr(self.staff.crews, kind.handler) == 0:
                raise ValueError(
                    f"demand.kinds.{kind_name}.handler: {kind.handler} crews handle this kind, "
                    f"but staff.crews.{kind.handler} is 0"
                )
            needs_volunteer = kind.handler == "volunteer" and kind.rate_per_household_year > 0
            if needs_volunteer and self.staff.volunteers.count == 0:
                raise ValueError(
                    f"demand.kinds.{kind_name}.handler: volunteers handle this kind, "
                    "but staff.volunteers.count is 0"
                )
        self._check_volunteer_hours()
        check_orders(self.orders, list(self.demand.kinds), list(self.demand.channels))
        self.calibration.check(self.demand.kinds.keys())
        self._check_goals()
        if "base" in self.variants:
            raise ValueError("variants.base: 'base' names the scenario itself; pick another name")
        self._check_size()
        return self

    def _check_goals(self) -> None:
        """Goals and practical thresholds name KPIs a run writes, and kinds and grids that
        exist (the KPI list is the statistics' own, so it cannot drift from summary.csv)."""
        if not self.goals and not self.practical.kpis:
            return
        from gridsim.stats.goals import possible_kpis

        kpis = possible_kpis(self.targets)
        grids = [g.name for g in self.community.grids]
        check_goals(self.goals, list(self.demand.kinds), grids, kpis)
        for kpi in self.practical.kpis:
            if kpi not in kpis:
                raise ValueError(
                    f"practical.kpis.{kpi}: unknown KPI; known: {', '.join(sorted(kpis))}"
                )

    def _check_volunteer_hours(self) -> None:
        """Volunteers give limited hours: a roster of events may not ask each more than
        staff.volunteers.max_hours_per_month in any month of the run."""
        vol, shifts = self.staff.volunteers, self.staff.rosters.get("volunteer")
        if vol.max_hours_per_month is None or not shifts:
            return
        if vol.count == 0:
            raise ValueError(
                "staff.rosters.volunteer: a roster of volunteer events needs volunteers, "
                "but staff.volunteers.count is 0"
            )
        by_month = monthly_hours(
            shifts, DayTypes(self.calendar), vol.count, self.calendar.horizon_days
        )
        hours = max(by_month.values(), default=0.0)
        if hours / vol.count > vol.max_hours_per_month * (1 + 1e-9):
            raise ValueError(
                f"staff.rosters.volunteer: expected at most {vol.max_hours_per_month:g} hours a "
                f"month from each volunteer (staff.volunteers.max_hours_per_month), found "
                f"{hours / vol.count:.3g} ({hours:.4g} volunteer-hours in the heaviest month / "
                f"{vol.count} volunteers)"
            )

    def _check_size(self) -> None:
        """Refuse a run that would not fit in memory (a run with no demand at all is legal
        here, e.g. one point of a sweep; the command line refuses to run only that)."""
        expected = self.expected_issues()
        if expected > MAX_EXPECTED_ISSUES:
            raise ValueError(
                f"demand.kinds: about {expected:.3g} issues a replication (households x rates x "
                f"horizon); at most {MAX_EXPECTED_ISSUES:.0e} fit in one run's memory"
            )
        if len(self.community.grids) * len(self.demand.kinds) > MAX_STREAMS:
            raise ValueError(
                f"community.grids: {len(self.community.grids):,} grids x "
                f"{len(self.demand.kinds)} kinds is more than {MAX_STREAMS:,} grid-kind pairs, "
                f"the most one run's memory holds (each pair keeps its own random streams, "
                f"about 7 KB; {MAX_STREAMS:,} need about 1.5 GB); merge small grids"
            )

    def expected_issues(self) -> float:
        """Mean number of issues one replication draws, over whole years (a shorter horizon
        takes its share of the year, whatever its months)."""
        years = self.calendar.horizon_days / 365.0
        total = 0.0
        for kind in self.demand.kinds.values():
            households, vulnerable = self.raisers(weighted=not kind.schedule)
            raisers = vulnerable if kind.households == "vulnerable" else households
            scale = self.demand.annual_scale(kind) * (1.0 if kind.schedule else self.day_scale())
            total += raisers * kind.rate_per_household_year * years * scale
        return total

    def raisers(self, weighted: bool = True) -> tuple[float, float]:
        """(households, vulnerable households) who raise a kind; weighted, each grid's are
        counted at its rate factor (requests), else as they are (scheduled visits)."""
        grids = self.community.grids
        factor = [g.rate_factor if weighted else 1.0 for g in grids]
        households = sum(g.households * f for g, f in zip(grids, factor, strict=True))
        vulnerable = sum(
            g.households * g.vulnerable_share * f for g, f in zip(grids, factor, strict=True)
        )
        return households, vulnerable

    def day_scale(self) -> float:
        """Mean of the day-of-week and holiday factors over the run's days (1 without them)."""
        cal, demand = self.calendar, self.demand
        if demand.holiday_weight == 1.0 and len(set(demand.weekly)) == 1:
            return 1.0
        days = max(1, math.ceil(cal.horizon_days))
        weights = demand.day_weights(cal.start_date, days, cal.holidays)
        return sum(weights) / days

    def grid_workers(self) -> list[Assignment]:
        """The grid workers, one per grid when the scenario does not name them."""
        if self.staff.grid_workers is not None:
            return list(self.staff.grid_workers)
        return [Assignment(name=f"gw-{g.name}", grids=[g.name]) for g in self.community.grids]


def _check_assignments(
    where: str, staff: list[Assignment], grid_names: set[str], exactly_once: bool
) -> None:
    """Every named grid must exist; grid workers must cover each grid exactly once."""
    covered: dict[str, str] = {}
    names: set[str] = set()
    for i, member in enumerate(staff):
        if member.name in names:
            raise ValueError(f"{where}.{i}.name: {member.name!r} is used twice")
        names.add(member.name)
        for grid in member.grids:
            if grid not in grid_names:
                raise ValueError(
                    f"{where}.{i}.grids: grid {grid!r} does not exist "
                    f"(community.grids has {_sample(grid_names)})"
                )
            if exactly_once and grid in covered:
                raise ValueError(
                    f"{where}.{i}.grids: grid {grid!r} already has grid worker {covered[grid]!r}"
                )
            covered[grid] = member.name
    if exactly_once and len(covered) < len(grid_names):
        missing = sorted(grid_names - covered.keys())
        raise ValueError(f"{where}: grids without a grid worker: {_sample(set(missing))}")


def _sample(names: set[str], most: int = 5) -> str:
    shown = sorted(names)[:most]
    more = f" and {len(names) - most} more" if len(names) > most else ""
    return ", ".join(shown) + more
