"""Deadlines in clock or working time.

A deadline in clock hours counts nights, weekends and holidays. Working time counts only
the office's hours on working days (weekdays that are not public holidays, plus the
calendar's adjusted working days, 调休): `working_hours` are office hours from the report
(from the next opening when it comes outside them); `working_days` end at the office's
close of the Nth working day after the day of the report, as "办结 within 5 working days"
is read.
"""

from __future__ import annotations

from gridsim.model.roster import DayTypes
from gridsim.scenario.community import Calendar
from gridsim.scenario.orders import Deadline, OfficeHours
from gridsim.units import MINUTES_PER_DAY, MINUTES_PER_HOUR

WORKING = frozenset({"mon", "tue", "wed", "thu", "fri"})
"""Day types that are working days (an adjusted working day has type `mon`)."""

MAX_DAYS = 3660
"""A calendar with no working day for this long has none (the schema allows that)."""


class WorkingTime:
    """Deadlines on one calendar: `due(t, deadline)` is the minute a deadline counted from
    minute ``t`` falls due."""

    def __init__(self, calendar: Calendar, office: OfficeHours) -> None:
        self.days = DayTypes(calendar)
        self.open = office.start_hour * MINUTES_PER_HOUR
        self.close = office.end_hour * MINUTES_PER_HOUR
        self._working: dict[int, bool] = {}

    def working(self, day: int) -> bool:
        known = self._working.get(day)
        if known is None:
            known = self._working[day] = self.days.of(day) in WORKING
        return known

    def due(self, t: float, deadline: Deadline) -> float:
        if deadline.unit == "hours":
            return t + deadline.value * MINUTES_PER_HOUR
        if deadline.unit == "working_days":
            return self._days_after(t, int(deadline.value))
        return self._office_minutes_after(t, deadline.value * MINUTES_PER_HOUR)

    def _days_after(self, t: float, n: int) -> float:
        day = int(t // MINUTES_PER_DAY)
        for _ in range(MAX_DAYS):
            day += 1
            if self.working(day):
                n -= 1
                if n == 0:
                    return day * MINUTES_PER_DAY + self.close
        return float("inf")

    def _office_minutes_after(self, t: float, minutes: float) -> float:
        day = int(t // MINUTES_PER_DAY)
        for _ in range(MAX_DAYS):
            if self.working(day):
                base = day * MINUTES_PER_DAY
                start = max(t, base + self.open)
                left = base + self.close - start
                if left >= minutes:
                    return start + minutes
                if left > 0:
                    minutes -= left
            day += 1
        return float("inf")


__all__ = ["WORKING", "WorkingTime"]
