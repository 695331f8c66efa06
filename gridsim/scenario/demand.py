"""What households raise: kinds of issue, their severity, work and escalation, and how
residents report them.
"""

from __future__ import annotations

import math
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

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
