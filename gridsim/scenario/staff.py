"""Who works: grid workers and leaders with their grids, crews by colour, night on call,
volunteers.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from gridsim.scenario.roster import Group, Roster, check_rosters
from gridsim.scenario.section import Minutes, Name, Section, check_hours


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
    """Part-time volunteers (care visits, "micro wishes"): their daily hours, or, with a
    roster (staff.rosters.volunteer), the organised events they attend."""

    count: int = Field(0, ge=0, le=100_000, description="Volunteers (people).")
    start_hour: float = Field(
        9.0, ge=0.0, lt=24.0, description="Hour they start, without a roster."
    )
    end_hour: float = Field(12.0, gt=0.0, le=24.0, description="Hour they stop, without a roster.")
    max_hours_per_month: float | None = Field(
        None,
        gt=0.0,
        le=744.0,
        description="Hours each volunteer gives in a month at most (hours); a volunteer "
        "roster asking more (its hours in the heaviest month / count) is refused.",
    )

    @model_validator(mode="after")
    def _ordered(self) -> Volunteers:
        check_hours(self.start_hour, self.end_hour)
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
    police_officers: int = Field(
        0, ge=0, le=10_000,
        description="Officers of the police post; their time serves the screening visits and "
        "on-the-spot mediation (0: both take no one's time).",
    )  # fmt: skip
    triage_min: Minutes = Field(
        2.0, description="Minutes for the grid worker to take a report and pass it on."
    )
    triage: Literal["grid_worker", "free"] = Field(
        "grid_worker",
        description="grid_worker: triage is a job of the grid's grid worker, done in their "
        "hours and their time; free: a fixed delay at any hour, taking nobody's time (the "
        "model before rosters, kept to reproduce earlier results).",
    )
    rosters: dict[Group, Roster] = Field(
        default_factory=dict,
        description="Shifts of each staff group by day type; a group without one works "
        "calendar.shift every day (night on-call crews: the hours outside it).",
    )

    @model_validator(mode="after")
    def _rosters(self) -> Staff:
        check_rosters(self.rosters)
        return self
