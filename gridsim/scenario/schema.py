"""The scenario: plain, immutable data that describes one community and its policies.

Every section forbids unknown keys, so a misspelt field is an error, never a silent default.
Defaults and units live in the field descriptions, which `gridsim schema` exports.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

CREW_COLOURS = ("repair", "cleaning", "patrol", "fire")
"""The seed's four quick-repair crews ("四色"): water/power/heating, cleaning, order, fire."""

HANDLERS = (*CREW_COLOURS, "grid_worker", "volunteer", "mediation")
"""Who answers an issue: a crew of one colour, the grid worker of the issue's grid, a
volunteer, or the dispute path (mediation by the grid worker, the police post, the room)."""

SEVERITIES = ("low", "medium", "high")
"""Severity ranks 0, 1, 2: priority rules read the rank."""

MAX_EXPECTED_ISSUES = 2e7
"""Issues one replication may draw: a city of 1e6 households for several years fits."""

MAX_STREAMS = 200_000
"""Grid x kind demand pairs. Each holds its own named random streams and state, about 7 KB
(measured: 10,000 grids x 7 kinds take 0.5 GB), so this many need about 1.5 GB in every
process running a replication: 28,000 grids with the baseline's 7 kinds."""

MIN_INTERVAL_DAYS = 1 / 24
"""The shortest interval of a recurring process (a meeting, a screening round): an hour.
Shorter ones only multiply events (horizon / interval of them) until a run never ends."""

MIN_FIND_PROBABILITY = 1e-12
"""The smallest non-zero chance of a find or a settlement: tries until success are drawn as a
64-bit count, and a smaller chance needs more tries than that holds (0 means never)."""

MIN_PEAK_WEIGHT = 1e-6
"""A profile's largest weight is at least this: weights are relative (scaled to mean 1),
and a profile of only tiny weights has a mean that underflows to 0 when scaled."""

DATE_MARGIN_DAYS = 366
"""Days after the horizon that date arithmetic may reach (the demand's last chunk, the
calibration's next October), all of which must stay before 9999-12-31."""

LEVELS = ("grid_worker", "grid_leader", "community", "joint_meeting", "town", "above_town")
"""The governance ladder, bottom to top; `above_town` counts what should never happen."""

Name = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$", max_length=64)]
Fraction = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)]
Minutes = Annotated[float, Field(ge=0.0, le=1e7, allow_inf_nan=False)]
Weight = Annotated[float, Field(ge=0.0, le=1e6, allow_inf_nan=False)]
Finder = Literal["patrol", "screening"]
"""Who can find an issue no resident reports."""


def _patrols_only() -> list[Finder]:
    return ["patrol"]


class Section(BaseModel):
    """Base of every section: unknown keys are errors, and a built scenario never changes."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False, strict=True)


class Grid(Section):
    """One grid (网格) of the community."""

    name: Name = Field(description="Unique name, e.g. grid-01.")
    households: int = Field(ge=1, le=10_000_000, description="Households in the grid.")
    x_km: float = Field(0.0, ge=-1e4, le=1e4, description="East position of the grid centre, km.")
    y_km: float = Field(0.0, ge=-1e4, le=1e4, description="North position of the grid centre, km.")
    vulnerable_share: Fraction = Field(
        0.1, description="Share of households that are vulnerable (elderly alone, disabled)."
    )
    key_share: Fraction = Field(
        0.05, description="Share of key households, which the police post screens."
    )


class Travel(Section):
    """How long a crew takes to reach a grid: overhead plus distance over speed."""

    speed_kmh: float = Field(
        15.0, ge=0.1, le=1e4, description="Travel speed, km/h (at least 0.1, so trips end)."
    )
    overhead_min: Minutes = Field(
        2.0, description="Fixed minutes per trip (setting off, finding the door)."
    )
    metric: Literal["manhattan", "euclidean"] = Field(
        "manhattan", description="Distance along streets (manhattan) or straight line."
    )


class Community(Section):
    """The grids, where they are, and where crews start the day (the service hall)."""

    name: str = Field("community", max_length=200)
    grids: list[Grid] = Field(min_length=1, max_length=100_000)
    hall_x_km: float = Field(0.0, ge=-1e4, le=1e4, description="Service hall position, km east.")
    hall_y_km: float = Field(0.0, ge=-1e4, le=1e4, description="Service hall position, km north.")
    travel: Travel = Field(default_factory=Travel)

    @field_validator("grids")
    @classmethod
    def _unique_names(cls, grids: list[Grid]) -> list[Grid]:
        seen: set[str] = set()
        for grid in grids:
            if grid.name in seen:
                raise ValueError(f"grid name {grid.name!r} is used twice")
            seen.add(grid.name)
        return grids


class Shift(Section):
    """Daily working hours of every staff member; 0 to 24 means always on duty."""

    start_hour: float = Field(8.0, ge=0.0, lt=24.0, description="Hour the day shift starts.")
    end_hour: float = Field(18.0, gt=0.0, le=24.0, description="Hour the day shift ends.")

    @model_validator(mode="after")
    def _ordered(self) -> Shift:
        if self.end_hour <= self.start_hour:
            raise ValueError(
                f"end_hour ({self.end_hour}) must be after start_hour ({self.start_hour})"
            )
        return self

    @property
    def always_on(self) -> bool:
        return self.start_hour == 0.0 and self.end_hour == 24.0


class Calendar(Section):
    """Run length, warm-up (left out of every statistic) and working hours."""

    start_date: dt.date = Field(
        dt.date(2026, 1, 1), strict=False, description="Calendar date of minute 0 (YYYY-MM-DD)."
    )
    horizon_days: float = Field(365.0, gt=0.0, le=3660.0, description="Simulated days.")
    warmup_days: float = Field(
        0.0, ge=0.0, le=3660.0, description="Days left out of statistics at the start."
    )
    shift: Shift = Field(default_factory=Shift)

    @model_validator(mode="after")
    def _dates_fit(self) -> Calendar:
        """The run (and the date arithmetic after it) must end before 9999-12-31."""
        reach = math.ceil(self.horizon_days) + DATE_MARGIN_DAYS
        latest = dt.date.max - dt.timedelta(days=reach)
        if self.start_date > latest:
            raise ValueError(
                f"start_date: at most {latest} with horizon_days {self.horizon_days:g} "
                f"(the run and {DATE_MARGIN_DAYS} days after it must end by {dt.date.max}), "
                f"found {self.start_date}"
            )
        return self

    @model_validator(mode="after")
    def _warmup_inside(self) -> Calendar:
        if self.warmup_days >= self.horizon_days:
            raise ValueError(
                f"warmup_days ({self.warmup_days}) must be shorter than horizon_days "
                f"({self.horizon_days})"
            )
        return self


class SeverityMix(Section):
    """Probability of each severity for one kind of issue; must sum to 1."""

    low: Fraction = 0.6
    medium: Fraction = 0.3
    high: Fraction = 0.1

    @model_validator(mode="after")
    def _sums_to_one(self) -> SeverityMix:
        total = self.low + self.medium + self.high
        if not math.isclose(total, 1.0, abs_tol=1e-6):
            raise ValueError(f"low + medium + high must be 1, found {total:g}")
        return self

    def probabilities(self) -> tuple[float, float, float]:
        return (self.low, self.medium, self.high)


class Work(Section):
    """On-site work time of one issue, drawn when the issue is created."""

    distribution: Literal["exponential", "deterministic", "lognormal", "gamma"] = Field(
        "lognormal", description="exponential ignores cv (it is 1); deterministic ignores it (0)."
    )
    mean_min: float = Field(gt=0.0, le=1e6, description="Mean work time, minutes.")
    cv: float = Field(1.0, gt=0.0, le=100.0, description="Coefficient of variation.")


def _profile(values: list[float], length: int) -> list[float]:
    if len(values) != length:
        raise ValueError(f"needs {length} values, found {len(values)}")
    if not any(v > 0 for v in values):
        raise ValueError("needs at least one positive value")
    if max(values) < MIN_PEAK_WEIGHT:
        raise ValueError(
            f"needs a largest weight of at least {MIN_PEAK_WEIGHT:g}, found {max(values):g} "
            "(weights are relative: scale them all up; tiny ones underflow when scaled to mean 1)"
        )
    return values


def _at_least(value: float, floor: float, what: str) -> float:
    """A recurring process's interval, refused below `floor` with the reason."""
    if value < floor:
        raise ValueError(
            f"must be at least {floor:.4g} days ({what}; shorter only multiplies events until "
            f"the run never ends), found {value:g}"
        )
    return value


def _chance(value: float) -> float:
    """A chance per try, whose tries until success are drawn as a 64-bit count."""
    if 0.0 < value < MIN_FIND_PROBABILITY:
        raise ValueError(
            f"must be 0 (never) or at least {MIN_FIND_PROBABILITY:g}, found {value:g} (the "
            "tries until a success would not fit in a 64-bit count)"
        )
    return value


class Escalation(Section):
    """Share of issues whose nature needs each rung, given they reached the rung below.

    An issue that needs no rung above the grid worker is routine; one that needs the
    community committee or higher is complex and must have a plan (target: 1 day).
    """

    grid_leader: Fraction = Field(0.0, description="P(needs the grid leader).")
    community: Fraction = Field(0.0, description="P(needs the community committee | leader).")
    joint_meeting: Fraction = Field(0.0, description="P(needs the joint meeting | committee).")
    town: Fraction = Field(0.0, description="P(needs the town | joint meeting).")
    above_town: Fraction = Field(
        0.0, description="P(would leave the town | town); the principle says 0, and it is counted."
    )

    def chain(self) -> tuple[float, float, float, float, float]:
        return (self.grid_leader, self.community, self.joint_meeting, self.town, self.above_town)


class Kind(Section):
    """One kind of issue: how often households raise it, who handles it, how long it takes."""

    rate_per_household_year: float = Field(
        ge=0.0, le=1e7, description="Issues per household per year (before profiles)."
    )
    handler: Literal[
        "repair", "cleaning", "patrol", "fire", "grid_worker", "volunteer", "mediation"
    ] = Field(
        description="Crew colour that goes out, grid_worker, volunteer, or mediation (disputes)."
    )
    households: Literal["all", "vulnerable"] = Field(
        "all", description="Who raises it: every household, or vulnerable households only."
    )
    severity: SeverityMix = Field(default_factory=SeverityMix)
    work: Work
    seasonal: list[Weight] | None = Field(
        None, description="12 monthly weights replacing demand.seasonal for this kind."
    )
    heating: bool = Field(False, description="Scaled up in demand.heating_season.")
    latent_share: Fraction = Field(
        0.0, description="Share no resident reports: found only by a patrol or a screening."
    )
    key_household_share: Fraction | None = Field(
        None,
        description="Share raised by key households (disputes concentrate there); "
        "omitted: households raise it in proportion to their number.",
    )
    found_by: list[Finder] = Field(
        default_factory=_patrols_only,
        description="Who can find the latent ones: grid workers' patrols, and the screening "
        "of key households (which finds disputes only).",
    )
    duplicates_mean: float = Field(
        0.0,
        ge=0.0,
        le=100.0,
        description="Mean extra reports of the same problem by other residents (merged).",
    )
    urgent: Literal["never", "high", "always"] = Field(
        "never",
        description="Which issues call out the night on-call crew: none, high severity, all.",
    )
    escalation: Escalation = Field(default_factory=Escalation)
    description: str = Field("", max_length=500)

    @field_validator("seasonal")
    @classmethod
    def _twelve(cls, v: list[float] | None) -> list[float] | None:
        return None if v is None else _profile(v, 12)


class Channel(Section):
    """A way residents report an issue, with its share and its mean delay."""

    share: Fraction
    mean_delay_min: Minutes = Field(0.0, description="Mean (exponential) delay to report, minutes.")


class HeatingSeason(Section):
    """Months when kinds marked `heating` are multiplied (October to April on the plateau)."""

    months: list[Annotated[int, Field(ge=1, le=12)]] = Field(
        default_factory=lambda: [10, 11, 12, 1, 2, 3, 4]
    )
    multiplier: float = Field(
        1.0, ge=0.0, le=100.0, description="Rate multiplier in those months (1: no season)."
    )


class Demand(Section):
    """What households raise, and when: rates are scaled by month and hour-of-day weights."""

    kinds: dict[Name, Kind] = Field(min_length=1, max_length=100)
    seasonal: list[Weight] = Field(
        default_factory=lambda: [1.0] * 12,
        description="12 monthly weights (January first), normalised to mean 1.",
    )
    hourly: list[Weight] = Field(
        default_factory=lambda: [1.0] * 24,
        description="24 hour-of-day weights (midnight first), normalised to mean 1.",
    )
    channels: dict[Name, Channel] = Field(
        default_factory=lambda: {"phone": Channel(share=1.0)},
        description="Reporting channels of residents; shares must sum to 1.",
    )
    heating_season: HeatingSeason = Field(default_factory=HeatingSeason)

    @field_validator("seasonal")
    @classmethod
    def _twelve(cls, v: list[float]) -> list[float]:
        return _profile(v, 12)

    @field_validator("hourly")
    @classmethod
    def _twenty_four(cls, v: list[float]) -> list[float]:
        return _profile(v, 24)

    @field_validator("channels")
    @classmethod
    def _shares(cls, v: dict[str, Channel]) -> dict[str, Channel]:
        if not v:
            raise ValueError("needs at least one channel")
        total = sum(c.share for c in v.values())
        if not math.isclose(total, 1.0, abs_tol=1e-6):
            raise ValueError(f"channel shares must sum to 1, found {total:g}")
        taken = {"patrol", "screening"} & v.keys()
        if taken:
            raise ValueError(f"{', '.join(sorted(taken))}: reserved for issues found, not reported")
        return v


class Assignment(Section):
    """A named staff member and the grids they cover."""

    name: Name
    grids: list[Name] = Field(min_length=1)


class Crews(Section):
    """Number of crews of each colour (the seed's four-colour quick-repair teams)."""

    repair: int = Field(2, ge=0, le=100_000, description="Water, power, heating.")
    cleaning: int = Field(1, ge=0, le=100_000, description="Sanitation, blocked sewers.")
    patrol: int = Field(1, ge=0, le=100_000, description="Parking, public order.")
    fire: int = Field(1, ge=0, le=100_000, description="Blocked fire lanes, fire hazards.")


class OnCall(Section):
    """Night on-call crews of each colour, called out for urgent issues outside the shift."""

    repair: int = Field(0, ge=0, le=100_000)
    cleaning: int = Field(0, ge=0, le=100_000)
    patrol: int = Field(0, ge=0, le=100_000)
    fire: int = Field(0, ge=0, le=100_000)


class Volunteers(Section):
    """Part-time volunteers (care visits, "micro wishes") and their daily hours."""

    count: int = Field(0, ge=0, le=100_000)
    start_hour: float = Field(9.0, ge=0.0, lt=24.0)
    end_hour: float = Field(12.0, gt=0.0, le=24.0)

    @model_validator(mode="after")
    def _ordered(self) -> Volunteers:
        if self.end_hour <= self.start_hour:
            raise ValueError(
                f"end_hour ({self.end_hour}) must be after start_hour ({self.start_hour})"
            )
        return self


class Staff(Section):
    """Who works: grid workers and leaders with their grids, and the crews."""

    grid_workers: list[Assignment] | None = Field(
        None, description="Each grid worker's grids; omitted means one grid worker per grid."
    )
    grid_leaders: list[Assignment] = Field(
        default_factory=list, description="Each grid leader's grids (the ladder's second rung)."
    )
    crews: Crews = Field(default_factory=Crews)
    on_call: OnCall = Field(default_factory=OnCall)
    callout_min: Minutes = Field(20.0, description="Extra minutes for a night call-out.")
    volunteers: Volunteers = Field(default_factory=Volunteers)
    committee: int = Field(
        2, ge=0, le=10_000, description="Committee members deciding in the deliberation room."
    )
    mediators: int = Field(2, ge=0, le=10_000, description="Mediators of the mediation room.")
    triage_min: Minutes = Field(
        2.0, description="Minutes for the grid worker to take a report and pass it on."
    )


class Patrol(Section):
    """Grid workers' daily rounds: each round finds each latent issue with a probability."""

    per_day: int = Field(1, ge=0, le=24, description="Rounds a day (0: no patrols).")
    start_hour: float = Field(9.0, ge=0.0, lt=24.0, description="Hour of the first round.")
    spacing_hours: float = Field(4.0, gt=0.0, le=24.0, description="Hours between rounds.")
    min_per_household: Minutes = Field(
        0.5, description="Minutes of a round per household of the worker's grids."
    )
    find_probability: Fraction = Field(0.5, description="P(a round finds a latent issue).")

    _find = field_validator("find_probability")(_chance)

    @model_validator(mode="after")
    def _fits_in_a_day(self) -> Patrol:
        last = self.start_hour + (self.per_day - 1) * self.spacing_hours
        if self.per_day > 0 and last >= 24.0:
            raise ValueError(f"the last round would start at hour {last:g}, past midnight")
        return self


class Screening(Section):
    """The police post and committee visit key households and find latent disputes."""

    interval_days: float = Field(
        30.0, gt=0.0, le=3660.0, description="Days between visits (at least an hour)."
    )
    find_probability: Fraction = Field(0.9, description="P(a visit finds a latent dispute).")
    hour: float = Field(10.0, ge=0.0, lt=24.0, description="Hour of the visits.")

    _find = field_validator("find_probability")(_chance)

    @field_validator("interval_days")
    @classmethod
    def _not_too_often(cls, v: float) -> float:
        return _at_least(v, MIN_INTERVAL_DAYS, "an hour: a round of visits takes time")


class JointMeeting(Section):
    """The joint meeting (community, property, grid workers, owners) sits at fixed intervals."""

    interval_days: float = Field(
        30.0, gt=0.0, le=3660.0, description="Days between sittings (at least an hour)."
    )
    hour: float = Field(15.0, ge=0.0, lt=24.0)

    @field_validator("interval_days")
    @classmethod
    def _not_too_often(cls, v: float) -> float:
        return _at_least(v, MIN_INTERVAL_DAYS, "an hour: four bodies must meet")


class Escalate(Section):
    """Time thresholds: an issue still waiting at a rung after this many hours goes up."""

    grid_leader_hours: float | None = Field(72.0, gt=0.0, le=1e6)
    community_hours: float | None = Field(168.0, gt=0.0, le=1e6)
    record_cap: Literal[
        "grid_worker", "grid_leader", "community", "joint_meeting", "town", "above_town"
    ] = Field(
        "above_town",
        description="Highest level officials record; a lower cap holds escalations back "
        "on paper (the true level is kept apart).",
    )


class Policy(Section):
    """Response rules: which crew goes, and which waiting issue is served first."""

    dispatch: Literal["pooled", "dedicated", "nearest"] = Field(
        "pooled",
        description="pooled: any crew of the colour, longest idle first; dedicated: crews split "
        "into areas of contiguous grids, each serving only its area; nearest: the idle crew "
        "with the shortest trip.",
    )
    queue: Literal["fcfs", "severity", "vulnerable_first", "severity_ageing"] = Field(
        "fcfs",
        description="Order of waiting issues: first come first served; higher severity first; "
        "vulnerable households first; severity with ageing (see ageing_min).",
    )
    ageing_min: float = Field(
        120.0,
        gt=0.0,
        le=1e7,
        description="severity_ageing: each severity rank is worth this many minutes of waiting, "
        "so a low issue that has waited that long more outranks a medium one; nothing starves.",
    )
    patrol: Patrol = Field(default_factory=Patrol)
    screening: Screening = Field(default_factory=Screening)
    joint_meeting: JointMeeting = Field(default_factory=JointMeeting)
    escalate: Escalate = Field(default_factory=Escalate)


class Targets(Section):
    """Service-level targets ("三个一"): on site, routine resolved, complex planned."""

    on_site_min: Minutes = Field(10.0, description="On site within, minutes after the report.")
    routine_resolved_min: Minutes = Field(60.0, description="Routine issues resolved within.")
    complex_plan_min: Minutes = Field(1440.0, description="Complex issues planned within.")


class Stage(Section):
    """One stage of mediation: sessions, each settling the dispute with a probability."""

    settle_probability: Fraction
    max_sessions: int = Field(ge=0, le=100)

    _settle = field_validator("settle_probability")(_chance)


class Disputes(Section):
    """The dispute path: grid worker, police post (after screening), mediation room, town."""

    session_min: float = Field(60.0, gt=0.0, le=1e5, description="Minutes of one session.")
    days_between_sessions: float = Field(2.0, ge=0.0, le=365.0)
    grid_worker: Stage = Field(
        default_factory=lambda: Stage(settle_probability=0.5, max_sessions=2)
    )
    police_post: Stage = Field(
        default_factory=lambda: Stage(settle_probability=0.6, max_sessions=1)
    )
    room: Stage = Field(default_factory=lambda: Stage(settle_probability=0.5, max_sessions=3))


class Ladder(Section):
    """How long each rung takes once it acts."""

    grid_leader_min: float = Field(60.0, gt=0.0, le=1e6, description="A leader's handling.")
    committee_min: float = Field(90.0, gt=0.0, le=1e6, description="A committee decision.")
    town_mean_days: float = Field(14.0, gt=0.0, le=3650.0, description="Town decision (mean).")
    implementation_mean_days: float = Field(
        3.0, ge=0.0, le=3650.0, description="From a plan to the issue resolved (mean)."
    )


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
        if "base" in self.variants:
            raise ValueError("variants.base: 'base' names the scenario itself; pick another name")
        self._check_size()
        return self

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
        """Mean number of issues one replication draws (profiles average to 1; the heating
        season can raise it by its multiplier at most)."""
        households = sum(g.households for g in self.community.grids)
        vulnerable = sum(g.households * g.vulnerable_share for g in self.community.grids)
        years = self.calendar.horizon_days / 365.0
        season = max(1.0, self.demand.heating_season.multiplier)
        total = 0.0
        for kind in self.demand.kinds.values():
            raisers = vulnerable if kind.households == "vulnerable" else households
            scale = season if kind.heating else 1.0
            total += raisers * kind.rate_per_household_year * years * scale
        return total

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
