"""Rosters in time: what kind of day each simulated day is, and how many of a group are on
duty at each minute, produced a day at a time (memory flat in the horizon).

`changes` turns a roster into the minutes at which its on-duty count changes; the model
applies them to the group's pools, and the cost is summed over the same shifts (`shift_runs`),
so the hours paid are exactly the hours simulated.
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from gridsim.scenario.community import Calendar
from gridsim.scenario.roster import WEEKDAYS, Holiday, RosterShift
from gridsim.units import MINUTES_PER_DAY, MINUTES_PER_HOUR

ALL = -1
"""An on-duty count meaning: the whole group."""


class DayTypes:
    """The day type (weekday name or `holiday`) of each day of the run, from its date."""

    def __init__(self, calendar: Calendar) -> None:
        self.start = calendar.start_date
        self.holidays = holiday_dates(calendar.holidays)
        self.workdays = frozenset(calendar.workdays)

    def of(self, day: int) -> str:
        """Day type of simulated day ``day`` (0 is start_date; -1 the day before)."""
        try:
            date = self.start + dt.timedelta(days=day)
        except OverflowError:  # the day before 0001-01-01: only its weekday exists
            return WEEKDAYS[(self.start.weekday() + day) % 7]
        if date in self.holidays:
            return "holiday"
        if date in self.workdays:
            return "mon"  # an adjusted working day runs the weekday shifts
        return WEEKDAYS[date.weekday()]


def holiday_dates(holidays: Sequence[Holiday]) -> frozenset[dt.date]:
    """Every date off of the holiday calendar."""
    return frozenset(h.start + dt.timedelta(days=k) for h in holidays for k in range(h.days))


@dataclass(frozen=True)
class ShiftRun:
    """One shift worked on one day: from ``start`` to ``end`` minutes, ``count`` members
    (ALL: the whole group), on a day of type ``day_type``."""

    start: float
    end: float
    count: int
    day_type: str


def shift_runs(shifts: Sequence[RosterShift], days: DayTypes, first_day: int, last_day: int
               ) -> Iterator[ShiftRun]:  # fmt: skip
    """The shifts worked on days ``first_day`` to ``last_day`` (inclusive), day by day."""
    types = [s.day_types() for s in shifts]
    for day in range(first_day, last_day + 1):
        kind = days.of(day)
        base = day * MINUTES_PER_DAY
        for shift, runs_on in zip(shifts, types, strict=True):
            if kind not in runs_on:
                continue
            start = base + shift.start_hour * MINUTES_PER_HOUR
            end = start + shift.hours * MINUTES_PER_HOUR
            yield ShiftRun(start, end, ALL if shift.count is None else shift.count, kind)


def changes(shifts: Sequence[RosterShift], days: DayTypes, size: int, horizon: float
            ) -> Iterator[tuple[float, int]]:  # fmt: skip
    """(minute, members on duty) at minute 0, then at every change before the horizon.

    A shift's count ALL means ``size``; overlapping shifts add up. A shift started the day
    before the run that runs past midnight counts from minute 0.
    """
    pending: list[tuple[float, int]] = []  # (minute, change in the count)
    on_duty = last = 0
    for day in range(-1, math.ceil(horizon / MINUTES_PER_DAY) + 1):
        for run in shift_runs(shifts, days, day, day):
            n = size if run.count == ALL else run.count
            heapq.heappush(pending, (run.start, n))
            heapq.heappush(pending, (run.end, -n))
        if day < 0:
            continue
        if day == 0:
            while pending and pending[0][0] <= 0.0:
                on_duty += heapq.heappop(pending)[1]
            yield 0.0, on_duty
            last = on_duty
        settled = (day + 1) * MINUTES_PER_DAY  # later days start no shift before this
        while pending and pending[0][0] < settled:
            minute = pending[0][0]
            while pending and pending[0][0] == minute:
                on_duty += heapq.heappop(pending)[1]
            if minute >= horizon:
                return
            if on_duty != last:
                yield minute, on_duty
                last = on_duty


def largest(shifts: Sequence[RosterShift], days: DayTypes, size: int, horizon: float) -> int:
    """Most members on duty at once over the run: the people the group needs."""
    return max((n for _, n in changes(shifts, days, size, horizon)), default=0)


def monthly_hours(shifts: Sequence[RosterShift], days: DayTypes, size: int, horizon_days: float
                  ) -> dict[tuple[int, int], float]:  # fmt: skip
    """Member-hours worked in each (year, month) of the run (a shift counts in the month of
    the day it starts; a count ALL means ``size``): what a cap on monthly hours is held to."""
    months: dict[tuple[int, int], float] = {}
    for run in shift_runs(shifts, days, 0, math.ceil(horizon_days) - 1):
        date = days.start + dt.timedelta(minutes=run.start)
        n = size if run.count == ALL else run.count
        key = (date.year, date.month)
        months[key] = months.get(key, 0.0) + n * (run.end - run.start) / MINUTES_PER_HOUR
    return months


def daily(start_hour: float, end_hour: float) -> list[RosterShift]:
    """The roster of a group working these hours every day (the calendar's shift)."""
    return [RosterShift(days=["daily"], start_hour=start_hour, end_hour=end_hour)]


__all__ = ["ALL", "DayTypes", "ShiftRun", "changes", "daily", "holiday_dates", "largest",
           "monthly_hours", "shift_runs"]  # fmt: skip
