"""Office hours from the rosters: whether a staff group was on duty at given minutes.

Since issue 13 every staff group has its own roster (shifts by weekday, weekend and public
holiday), and `calendar.shift` is only the default of a group without one. A study's
"office hours" are therefore the hours of the group that answers the issue, read from the
same roster code the model runs (`gridsim.model.duty.Duty.roster` and
`gridsim.model.roster.changes`), so a study and the model cannot disagree on who was on duty.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from gridsim.model.duty import Duty
from gridsim.model.roster import DayTypes, changes
from gridsim.scenario import Scenario
from gridsim.units import MINUTES_PER_DAY

DAY_KINDS = ("weekday", "weekend", "holiday")
"""How `day_kind` sorts the days: a working day (adjusted working days included), a
weekend day, a public holiday."""


def _horizon(sc: Scenario) -> float:
    return sc.calendar.horizon_days * MINUTES_PER_DAY


def on_duty_count(sc: Scenario, group: str, minutes: np.ndarray, size: int = 1) -> np.ndarray:
    """Members of ``group`` on duty at each minute, by its roster (a shift without a count
    puts ``size`` on duty); a group on duty all the time counts ``size`` throughout."""
    t = np.asarray(minutes, float)
    horizon = _horizon(sc)
    duty = Duty(sc, horizon)
    shifts = duty.roster(group)
    if shifts is None:
        return np.full(len(t), size, dtype=int)
    steps = list(changes(shifts, duty.days, size, horizon))
    at = np.array([m for m, _ in steps], float)
    count = np.array([n for _, n in steps], int)
    # the count in force at t: that of the last change at or before t (minute 0 is the first)
    return count[np.clip(np.searchsorted(at, t, side="right") - 1, 0, None)]


def on_duty(sc: Scenario, group: str, minutes: np.ndarray) -> np.ndarray:
    """Whether ``group``'s roster has someone on duty at each minute: the group's office
    hours, by day type, holidays included."""
    return on_duty_count(sc, group, minutes) > 0


def handlers_on_duty(sc: Scenario, handlers: pd.Series, minutes: pd.Series) -> np.ndarray:
    """Whether each issue's handler group (e.g. its crew colour) was on duty at its minute."""
    names = handlers.astype(str).to_numpy()
    t = np.asarray(minutes, float)
    out = np.zeros(len(t), bool)
    for group in np.unique(names):
        mine = names == group
        out[mine] = on_duty(sc, group, t[mine])
    return out


def day_kind(sc: Scenario, minutes: np.ndarray) -> np.ndarray:
    """The kind of day (`DAY_KINDS`) of each minute on the scenario's calendar."""
    days = DayTypes(sc.calendar)
    day = np.floor(np.asarray(minutes, float) / MINUTES_PER_DAY).astype(int)
    kinds = {}
    for d in np.unique(day):
        kind = days.of(int(d))
        weekend = "weekend" if kind in ("sat", "sun") else "weekday"
        kinds[d] = kind if kind == "holiday" else weekend
    return np.array([kinds[d] for d in day], dtype=object)


def _clock(hour: float) -> str:
    whole, minutes = int(hour), round((hour % 1) * 60)
    return f"{whole}:{minutes:02d}" if minutes else str(whole)


def shifts_text(sc: Scenario, group: str) -> str:
    """``group``'s roster in words (e.g. "weekdays 9-12 and 14:30-18; sat, sun, holidays
    9-12"), so a study's text says what the scenario says, not what it once said."""
    given = sc.staff.rosters.get(group)  # type: ignore[call-overload]
    if not given:
        return f"{_clock(sc.calendar.shift.start_hour)}-{_clock(sc.calendar.shift.end_hour)} daily"
    by_days: dict[str, list[str]] = {}
    for s in given:
        by_days.setdefault(", ".join(s.days), []).append(
            f"{_clock(s.start_hour)}-{_clock(s.end_hour)}"
        )
    return "; ".join(f"{days} {' and '.join(hours)}" for days, hours in by_days.items())


__all__ = ["DAY_KINDS", "day_kind", "handlers_on_duty", "on_duty", "on_duty_count", "shifts_text"]
