"""What households raise: kinds of issue, their severity, work and escalation, and how
residents report them.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from typing import Annotated, Any, Literal

from pydantic import Field, field_validator, model_validator

from gridsim.scenario.roster import Holiday
from gridsim.scenario.section import (
    Finder,
    Fraction,
    Minutes,
    Name,
    Section,
    Weight,
    _patrols_only,
    _profile,
)


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


class Schedule(Section):
    """Visits on a cycle instead of random requests: every eligible household (the kind's
    `households`) gets one visit each cycle, households spread evenly over it."""

    cycle_days: float = Field(
        gt=0.0, le=3650.0, description="Days between two visits to one household."
    )

    @property
    def per_household_year(self) -> float:
        """Visits per household per year: 365 / cycle_days."""
        return 365.0 / self.cycle_days


class Kind(Section):
    """One kind of issue: how often households raise it, who handles it, how long it takes."""

    rate_per_household_year: float = Field(
        ge=0.0,
        le=1e7,
        description="Issues per household per year (before profiles). With a `schedule`, "
        "omit it: it is derived as 365 / schedule.cycle_days (the expected count); 0 "
        "switches the visits off.",
    )
    schedule: Schedule | None = Field(
        None,
        description="Visits on a cycle (channel `schedule`: reported at their time, with no "
        "triage, never latent or duplicated); omitted: random requests at "
        "rate_per_household_year.",
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
    heating: bool = Field(
        False,
        description="Multiplied in demand.heating_season's months, on top of this kind's "
        "monthly profile (its own `seasonal`, else demand.seasonal).",
    )
    winter_severity: SeverityMix | None = Field(
        None,
        description="Severity mix of issues created in demand.heating_season's months "
        "(drawn from the same uniform as `severity`); omitted: `severity` all year.",
    )
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

    @model_validator(mode="before")
    @classmethod
    def _scheduled_rate(cls, data: Any) -> Any:
        """A scheduled kind's rate is derived from its cycle; a rate that says otherwise is
        refused (one equal to the derived one, as a dump has it, is accepted, and 0 switches
        the kind off, as it does a random one)."""
        if not isinstance(data, dict) or not isinstance(data.get("schedule"), dict | Schedule):
            return data
        schedule = data["schedule"]
        cycle = (
            schedule.cycle_days if isinstance(schedule, Schedule) else schedule.get("cycle_days")
        )
        if not isinstance(cycle, int | float) or isinstance(cycle, bool) or cycle <= 0:
            return data  # the schedule's own validation reports it
        derived = 365.0 / cycle
        given = data.get("rate_per_household_year")
        if isinstance(given, int | float) and given == 0:
            return data  # switched off: no visits
        if given is not None and not (
            isinstance(given, int | float) and math.isclose(given, derived, rel_tol=1e-9)
        ):
            raise ValueError(
                f"rate_per_household_year: omit it for a scheduled kind (derived from "
                f"schedule.cycle_days as 365 / {cycle:g} = {derived:.6g}) or set it to 0 "
                f"(no visits), found {given!r}"
            )
        return {**data, "rate_per_household_year": derived}


class Channel(Section):
    """A way residents report an issue, with its share and its mean delay."""

    share: Fraction
    mean_delay_min: Minutes = Field(0.0, description="Mean (exponential) delay to report, minutes.")
    hall: bool = Field(
        False,
        description="A walk-in: made only while the service hall is open (staff.rosters.hall, "
        "else calendar.shift); a resident who comes when it is closed reports at the opening.",
    )
    duty_line: bool = Field(
        False,
        description="A duty line: out of the grid worker's hours an urgent report on it goes "
        "straight to the on-call crew; any other waits for the grid worker.",
    )


RESERVED_CHANNELS = ("patrol", "screening", "schedule")
"""Channels of issues no resident reports: found by a patrol or a screening, or scheduled
visits (a `schedule` kind)."""

DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
"""Days of each month of a 365-day year (the year of `rate_per_household_year`)."""


def annual_mean(weights: Sequence[float]) -> float:
    """Mean of 12 monthly weights over a year, each month counting its days: the factor by
    which they scale a kind's annual count."""
    return sum(d * float(w) for d, w in zip(DAYS_IN_MONTH, weights, strict=True)) / 365.0


class HeatingSeason(Section):
    """Months when kinds marked `heating` are multiplied, when winter slows trips, and when
    kinds with a `winter_severity` use it."""

    months: list[Annotated[int, Field(ge=1, le=12)]] = Field(
        default_factory=lambda: [10, 11, 12, 1, 2, 3, 4],
        description="Months of the season (1 = January).",
    )
    multiplier: float = Field(
        1.0, ge=0.0, le=100.0, description="Rate multiplier in those months (1: no season)."
    )
    keeps_annual_rate: bool = Field(
        True,
        description="True: a heating kind's monthly weights are renormalised after the "
        "multiplier, so its annual rate is as written (months weighted by their days); false: "
        "the multiplier adds volume, as before.",
    )
    travel_factor: float = Field(
        1.0,
        ge=1.0,
        le=5.0,
        description="Trips (not the work) take this many times as long in those months "
        "(snow, ice); 1: no effect.",
    )

    def in_season(self) -> list[bool]:
        """Whether each month, January first, is in the season."""
        return [m in self.months for m in range(1, 13)]


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
    weekly: list[Weight] = Field(
        default_factory=lambda: [1.0] * 7,
        description="7 day-of-week weights (Monday first), normalised to mean 1: residents "
        "report more on some days (fitted by `gridsim fit`).",
    )
    holiday_weight: float = Field(
        1.0,
        ge=0.0,
        le=100.0,
        description="Rates on public holidays (calendar.holidays) are multiplied by this, on "
        "top of the weekday's weight: below 1 for the dip of the Spring Festival (1: none).",
    )
    channels: dict[Name, Channel] = Field(
        default_factory=lambda: {"phone": Channel(share=1.0)},
        description="Reporting channels of residents; shares must sum to 1.",
    )
    urgent_by_duty_line: bool = Field(
        True,
        description="Out of the grid worker's hours a resident with an urgent problem calls a "
        "duty line (when a channel is one), whatever channel they would use otherwise.",
    )
    heating_season: HeatingSeason = Field(default_factory=HeatingSeason)

    @field_validator("seasonal")
    @classmethod
    def _twelve(cls, v: list[float]) -> list[float]:
        return _profile(v, 12)

    def annual_scale(self, kind: Kind) -> float:
        """Issues a year of ``kind`` over its written annual rate: 1 unless the heating
        season adds volume (`keeps_annual_rate` false), or its profile's months differ in
        length (profiles average 1 over the 12 months, not over the days)."""
        season = self.heating_season
        if kind.heating and season.keeps_annual_rate:
            return 1.0
        profile = kind.seasonal or self.seasonal
        mean = sum(profile) / 12.0
        factor = season.multiplier if kind.heating else 1.0
        on = season.in_season()
        return annual_mean(
            [w / mean * (factor if s else 1) for w, s in zip(profile, on, strict=True)]
        )

    @field_validator("hourly")
    @classmethod
    def _twenty_four(cls, v: list[float]) -> list[float]:
        return _profile(v, 24)

    @field_validator("weekly")
    @classmethod
    def _seven(cls, v: list[float]) -> list[float]:
        return _profile(v, 7)

    def day_weights(self, start: dt.date, days: int, holidays: Sequence[Holiday]) -> list[float]:
        """The rate's factor on each of ``days`` days from ``start``: the weekday's weight
        (mean 1) times holiday_weight on a public holiday."""
        mean = sum(self.weekly) / 7.0
        off = {h.start + dt.timedelta(days=k) for h in holidays for k in range(h.days)}
        out = []
        for d in range(days):
            date = start + dt.timedelta(days=d)
            holiday = self.holiday_weight if date in off else 1.0
            out.append(self.weekly[date.weekday()] / mean * holiday)
        return out

    @field_validator("channels")
    @classmethod
    def _shares(cls, v: dict[str, Channel]) -> dict[str, Channel]:
        if not v:
            raise ValueError("needs at least one channel")
        total = sum(c.share for c in v.values())
        if not math.isclose(total, 1.0, abs_tol=1e-6):
            raise ValueError(f"channel shares must sum to 1, found {total:g}")
        taken = set(RESERVED_CHANNELS) & v.keys()
        if taken:
            raise ValueError(
                f"{', '.join(sorted(taken))}: reserved for issues found or scheduled, not "
                "reported by residents"
            )
        return v
