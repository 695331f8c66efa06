"""Response rules and the ladder: dispatch and queue order, patrols, screening, the joint
meeting, time thresholds, the dispute path's stages and how long each rung takes.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from gridsim.scenario.section import (
    MIN_INTERVAL_DAYS,
    Fraction,
    Minutes,
    Section,
    _at_least,
    _chance,
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
    min_per_household: Minutes = Field(
        20.0,
        description="Minutes an officer spends per key household of a grid's visit "
        "(with staff.police_officers; otherwise visits take no one's time).",
    )

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
    """Time thresholds: an issue still waiting at a rung after this many clock hours (not
    working hours: nights, weekends and holidays count) goes up."""

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
