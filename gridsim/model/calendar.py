"""Recurring times: meetings, screenings, in minutes from the start of the run."""

from __future__ import annotations

from collections.abc import Iterator

from gridsim.units import MINUTES_PER_DAY, MINUTES_PER_HOUR


def periodic(first: float, interval: float, horizon: float) -> Iterator[float]:
    """Minutes first, first + interval, ... before the horizon, one at a time."""
    t = first
    while t < horizon:
        yield t
        t += interval


def sittings(interval_days: float, hour: float, horizon: float) -> Iterator[float]:
    """Minutes of a body that sits every ``interval_days`` at ``hour`` on the last day of
    each period (a meeting, a review); sitting more often than daily, the hour means nothing
    and it sits at the end of each period."""
    period = interval_days * MINUTES_PER_DAY
    first = period
    if period >= MINUTES_PER_DAY:
        first = period - MINUTES_PER_DAY + hour * MINUTES_PER_HOUR
    return periodic(first, period, horizon)
