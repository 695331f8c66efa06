"""Winter on the roads: in the heating season's months every trip takes longer.

Trips are looked up on the dispatcher's hot path, so the season does not multiply each
trip by a factor that is usually 1: a process swaps the jobs' trip function for a slowed
one at the month boundaries where the season starts, and back where it ends. Without a
travel factor there is no process at all, and the run is the one it was before.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Generator, Iterator
from typing import Any

from simpy.events import Timeout

from gridsim.model.jobs import Jobs
from gridsim.scenario.demand import HeatingSeason
from gridsim.units import MINUTES_PER_DAY

Trip = Callable[[int, int], float]


def season_changes(
    season: HeatingSeason, start: dt.date, horizon: float
) -> Iterator[tuple[float, bool]]:
    """(minute, in season) at minute 0 and at each month boundary before the horizon where
    the season starts or ends."""
    on = season.in_season()
    day, was = start, None
    while (minute := (day - start).days * MINUTES_PER_DAY) < horizon:
        now = on[day.month - 1]
        if now != was:
            yield minute, now
            was = now
        day = (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)


def slowed(trip: Trip, factor: float) -> Trip:
    """The same trips, ``factor`` times as long."""

    def winter_trip(a: int, b: int) -> float:
        return trip(a, b) * factor

    return winter_trip


def winter_travel(
    jobs: Jobs, season: HeatingSeason, start: dt.date, horizon: float
) -> Generator[Timeout, Any, None]:
    """Process: the jobs' trips are slowed by the season's travel factor in its months."""
    normal = jobs.trip
    winter = slowed(normal, season.travel_factor)
    env = jobs.env
    for minute, in_season in season_changes(season, start, horizon):
        if minute > env.now:
            yield Timeout(env, minute - env.now)
        jobs.trip = winter if in_season else normal


__all__ = ["season_changes", "slowed", "winter_travel"]
