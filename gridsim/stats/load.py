"""Offered load: how much work each kind of staff is asked for, against its working time.

A rough, analytic check made before running (it ignores travel variance, escalation and
patrol clashes): a load of 1 or more means the queue has no steady state and the backlog
grows for as long as the run lasts, so every statistic depends on the horizon.
"""

from __future__ import annotations

import math

from gridsim.model.layout import hall_trips
from gridsim.model.roster import DayTypes, monthly_hours
from gridsim.scenario.demand import annual_mean
from gridsim.scenario.schema import CREW_COLOURS, Scenario
from gridsim.units import MINUTES_PER_YEAR as YEAR_MIN


def _on_duty_share(start: float, end: float) -> float:
    return 1.0 if (start, end) == (0.0, 24.0) else (end - start) / 24.0


def _volunteers_on_duty(scenario: Scenario) -> float:
    """Mean volunteers on duty: their daily hours, or, with a roster of events, its
    volunteer-hours over the run's hours."""
    vol, shifts = scenario.staff.volunteers, scenario.staff.rosters.get("volunteer")
    if not shifts:
        return vol.count * _on_duty_share(vol.start_hour, vol.end_hour)
    days = scenario.calendar.horizon_days
    hours = monthly_hours(shifts, DayTypes(scenario.calendar), vol.count, days)
    return sum(hours.values()) / (days * 24.0)


def _mean_trip(scenario: Scenario) -> float:
    """Mean trip minutes from the hall to a household, weighted by households."""
    c = scenario.community
    households = sum(g.households for g in c.grids)
    trips = hall_trips(c).tolist()
    return sum(t * g.households for t, g in zip(trips, c.grids, strict=True)) / households


def _winter_trip(scenario: Scenario) -> float:
    """The heating season's average effect on trips over a year (its days' share)."""
    season = scenario.demand.heating_season
    share = annual_mean([1.0 if on else 0.0 for on in season.in_season()])
    return 1.0 + (season.travel_factor - 1.0) * share


def offered_load(scenario: Scenario) -> dict[str, float]:
    """Work asked of each crew colour and of the volunteers, as a share of their hours."""
    trip = _mean_trip(scenario) * _winter_trip(scenario)
    work: dict[str, float] = {}
    for kind in scenario.demand.kinds.values():
        households, vulnerable = scenario.raisers(weighted=not kind.schedule)
        raisers = vulnerable if kind.households == "vulnerable" else households
        scale = scenario.demand.annual_scale(kind)
        scale *= 1.0 if kind.schedule else scenario.day_scale()
        per_min = raisers * kind.rate_per_household_year / YEAR_MIN * scale
        work[kind.handler] = work.get(kind.handler, 0.0) + per_min * (kind.work.mean_min + trip)
    shift = scenario.calendar.shift
    day = _on_duty_share(shift.start_hour, shift.end_hour)
    loads = {}
    for colour in CREW_COLOURS:
        if work.get(colour, 0.0) > 0:
            capacity = getattr(scenario.staff.crews, colour) * day
            loads[f"{colour} crews"] = work[colour] / capacity if capacity else math.inf
    if work.get("volunteer", 0.0) > 0:
        capacity = _volunteers_on_duty(scenario)
        loads["volunteers"] = work["volunteer"] / capacity if capacity else math.inf
    return loads


def overload_warnings(scenario: Scenario, label: str = "") -> list[str]:
    """A sentence for each kind of staff asked for more than its working time."""
    where = f"{label}: " if label else ""
    return [
        f"{where}{staff} are asked for {load:.0%} of their working hours: the system is "
        "unstable, the backlog grows for as long as the run lasts, and every statistic "
        "depends on the horizon"
        for staff, load in offered_load(scenario).items()
        if load >= 1.0
    ]
