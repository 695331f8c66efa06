"""Where and when: the grids, travel between them, and the calendar with its working hours."""

from __future__ import annotations

import datetime as dt
import math
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from gridsim.scenario.roster import Holiday
from gridsim.scenario.section import (
    DATE_MARGIN_DAYS,
    Fraction,
    Minutes,
    Name,
    Section,
    check_hours,
)


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
    rate_factor: float = Field(
        1.0,
        ge=0.0,
        le=1000.0,
        description="Residents' requests in this grid, every kind, at this many times the "
        "community's rate per household (1: the same; fitted by `gridsim fit`).",
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
    """The daily working hours of every staff group without a roster (`staff.rosters`);
    0 to 24 means always on duty."""

    start_hour: float = Field(8.0, ge=0.0, lt=24.0, description="Hour the day shift starts.")
    end_hour: float = Field(18.0, gt=0.0, le=24.0, description="Hour the day shift ends.")

    @model_validator(mode="after")
    def _ordered(self) -> Shift:
        check_hours(self.start_hour, self.end_hour)
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
    holidays: list[Holiday] = Field(
        default_factory=list,
        max_length=1000,
        description="Public holidays: rosters run their holiday shifts on these days.",
    )
    workdays: list[Annotated[dt.date, Field(strict=False)]] = Field(
        default_factory=list,
        max_length=1000,
        description="Adjusted working days (调休): weekend days that run the weekday shifts.",
    )

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
