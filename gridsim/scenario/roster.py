"""Rosters: who of each staff group is on duty, by weekday, weekend and public holiday.

A roster is a list of shifts; a shift names the days it runs, its hours (a shift whose end is
not after its start runs past midnight and belongs to the day it starts) and how many of the
group it puts on duty (none: the whole group). Overlapping shifts of one group add up. On a
public holiday only the shifts listing `holiday` (or `daily`) run; an adjusted working day
(调休, a weekend worked in exchange for a holiday) runs the weekday shifts.

A group without a roster keeps the calendar's daily shift (`calendar.shift`); the night
on-call crews of a colour, without a roster, cover the hours outside it. Targets and the
ladder's thresholds run on the clock, whoever is on duty.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Literal

from pydantic import Field, model_validator

from gridsim.scenario.section import CREW_COLOURS, Section

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_TYPES = (*WEEKDAYS, "holiday")
"""What a calendar day is, for a roster: its weekday, or a public holiday."""

DAY_SETS: dict[str, tuple[str, ...]] = {
    "daily": DAY_TYPES,
    "weekdays": WEEKDAYS[:5],
    "weekend": WEEKDAYS[5:],
    "holidays": ("holiday",),
}
"""Shorthands a shift's `days` may use."""

DayName = Literal[
    "mon", "tue", "wed", "thu", "fri", "sat", "sun", "holiday",
    "daily", "weekdays", "weekend", "holidays",
]  # fmt: skip

GROUPS = (
    "grid_worker",
    "grid_leader",
    "committee",
    *CREW_COLOURS,
    *(f"{colour}_on_call" for colour in CREW_COLOURS),
    "mediation",
    "police",
    "volunteer",
    "hall",
)
"""Staff groups with a roster (`hall`: the service hall's duty desk, which takes walk-ins
and triages reports while the grid worker is off duty)."""

Group = Literal[
    "grid_worker", "grid_leader", "committee", "repair", "cleaning", "patrol", "fire",
    "repair_on_call", "cleaning_on_call", "patrol_on_call", "fire_on_call",
    "mediation", "police", "volunteer", "hall",
]  # fmt: skip

PERSONAL = ("grid_worker", "grid_leader")
"""Groups whose members each keep their own grids: their shifts put everyone on duty, so a
shift of theirs has no count."""


def _every_day() -> list[DayName]:
    return ["daily"]


class RosterShift(Section):
    """One shift of a group's roster."""

    days: list[DayName] = Field(
        default_factory=_every_day,
        min_length=1,
        description="Days the shift runs: mon..sun, holiday, or daily, weekdays, weekend, "
        "holidays. On a public holiday only shifts listing holiday (or daily) run.",
    )
    start_hour: float = Field(ge=0.0, lt=24.0, description="Hour the shift starts.")
    end_hour: float = Field(
        gt=0.0, le=24.0, description="Hour it ends; not after start_hour: the next day."
    )
    count: int | None = Field(
        None, ge=0, le=100_000, description="Members on duty (omitted: the whole group)."
    )

    @model_validator(mode="after")
    def _has_length(self) -> RosterShift:
        if self.end_hour == self.start_hour:
            raise ValueError(
                f"end_hour ({self.end_hour:g}) equals start_hour: a shift of no length "
                "(a whole day is start_hour 0, end_hour 24)"
            )
        return self

    def day_types(self) -> frozenset[str]:
        """The day types (DAY_TYPES) on which this shift runs."""
        out: set[str] = set()
        for name in self.days:
            out.update(DAY_SETS.get(name, (name,)))
        return frozenset(out)

    @property
    def hours(self) -> float:
        """Length in hours (past midnight when it wraps)."""
        return (self.end_hour - self.start_hour) % 24.0 or 24.0


class Holiday(Section):
    """A public holiday of the scenario's calendar: a run of days off."""

    name: str = Field(max_length=100, description="E.g. Spring Festival, Losar, National Day.")
    start: dt.date = Field(strict=False, description="First day off (YYYY-MM-DD).")
    days: int = Field(1, ge=1, le=60, description="Days off in a row.")

    @model_validator(mode="after")
    def _ends_by_the_last_date(self) -> Holiday:
        last = dt.date.max - dt.timedelta(days=self.days - 1)
        if self.start > last:
            raise ValueError(
                f"start: {self.days} days from {self.start} run past {dt.date.max}; "
                f"start at most {last}"
            )
        return self


Roster = list[RosterShift]


def describe(shifts: Sequence[RosterShift]) -> str:
    """A roster in words, e.g. "weekdays 9:00-12:00 and 14:30-18:00; sat, sun, holidays
    9:00-12:00 (1 on duty)", so texts say what the scenario says."""
    by_days: dict[str, list[str]] = {}
    for s in shifts:
        on = "" if s.count is None else f" ({s.count} on duty)"
        by_days.setdefault(", ".join(s.days), []).append(
            f"{_clock(s.start_hour)}-{_clock(s.end_hour)}{on}"
        )
    return "; ".join(f"{days} {' and '.join(hours)}" for days, hours in by_days.items())


def _clock(hour: float) -> str:
    minutes = round(hour * 60)
    return f"{minutes // 60}:{minutes % 60:02d}"


def check_rosters(rosters: Mapping[Group, Roster]) -> None:
    """Groups whose members keep their own grids take no counts (see PERSONAL)."""
    for group, shifts in rosters.items():
        for k, shift in enumerate(shifts):
            if group in PERSONAL and shift.count is not None:
                raise ValueError(
                    f"{group}.{k}.count: each {group.replace('_', ' ')} keeps their own "
                    f"grids, so a shift puts them all on duty; remove the count (found "
                    f"{shift.count}); the hall's duty desk covers for them off duty"
                )


__all__ = [
    "DAY_SETS",
    "DAY_TYPES",
    "GROUPS",
    "PERSONAL",
    "WEEKDAYS",
    "DayName",
    "Group",
    "Holiday",
    "Roster",
    "RosterShift",
    "check_rosters",
    "describe",
]
