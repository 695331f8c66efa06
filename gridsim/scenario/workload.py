"""The grid workers' duties besides issues: home visits on a cycle, a daily log, and tasks
sent down from above ("上面千条线，底下一根针"). Each takes the worker's time inside their
hours (the grid_worker roster, or calendar.shift); all are off by default.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from gridsim.scenario.section import Minutes, Section, Weight, _profile


class HomeVisits(Section):
    """Every household of a worker's grids is visited once a cycle, vulnerable households
    once a shorter cycle; a cycle's visits are spread evenly over its working days and
    walked as one round a day."""

    cycle_days: int = Field(
        180, ge=1, le=3660, description="Days in which every ordinary household is visited once."
    )
    vulnerable_cycle_days: int = Field(
        30, ge=1, le=3660, description="Days in which every vulnerable household is visited."
    )
    min_per_visit: Minutes = Field(20.0, description="Minutes per household visited.")
    hour: float = Field(
        14.0, ge=0.0, lt=24.0,
        description="Hour the day's round starts (or the next start of duty that day).",
    )  # fmt: skip


class SentDown(Section):
    """Tasks sent down by departments: a weekly budget of hours arriving as a Poisson
    process over the worker's on-duty minutes, weighted by weekday."""

    hours_per_week: float = Field(
        0.0, ge=0.0, le=168.0, description="Hours of tasks a week per grid worker (mean)."
    )
    mean_task_min: float = Field(120.0, gt=0.0, le=1e4, description="Mean minutes per task.")
    length: Literal["exponential", "fixed"] = Field(
        "exponential", description="Task length: exponential with that mean, or exactly it."
    )
    weekday_weights: list[Weight] = Field(
        default_factory=lambda: [1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0],
        description="Relative arrivals on Monday..Sunday (a public holiday: none); the "
        "week's tasks are shared over the days in proportion.",
    )

    @field_validator("weekday_weights")
    @classmethod
    def _week(cls, v: list[float]) -> list[float]:
        return _profile(v, 7)


class Workload(Section):
    """Grid workers' duties besides issues (none by default)."""

    home_visits: HomeVisits | None = Field(None, description="Home visits (omitted: none).")
    daily_log_min: Minutes = Field(
        0.0, description="Minutes of the daily log (民情日志), at the end of each working day."
    )
    tasks: SentDown | None = Field(None, description="Tasks from above (omitted: none).")
    piece_min: float | None = Field(
        30.0,
        gt=0.0,
        le=1e4,
        description="A duty is worked in pieces of at most this many minutes, between which "
        "the worker takes the reports and issues waiting for them (None: a duty is done "
        "whole, however long).",
    )

    @property
    def active(self) -> bool:
        return self.home_visits is not None or self.daily_log_min > 0 or self.tasks is not None


__all__ = ["HomeVisits", "SentDown", "Workload"]
