"""Working hours: when pools open and close, in minutes from the start of the run."""

from __future__ import annotations

from collections.abc import Iterator

from gridsim.model.crews import Hours
from gridsim.units import MINUTES_PER_DAY, MINUTES_PER_HOUR


def open_at_start(hours: Hours) -> bool:
    """Whether a pool with these hours is working at minute 0 (midnight)."""
    if hours is None:
        return True
    start, end = hours
    return start == 0.0 if start < end else end > 0.0


def daily_changes(hours: Hours, horizon: float) -> Iterator[tuple[float, bool]]:
    """(minute, open) for every opening and closing in (0, horizon), in time order, one at
    a time (a list would grow with the horizon).

    Hours with start > end wrap past midnight (a night on-call rota from 18 to 8).
    """
    if hours is None:
        return
    start, end = hours[0] * MINUTES_PER_HOUR, hours[1] * MINUTES_PER_HOUR
    day = 0.0
    while day < horizon:
        for minute, is_open in sorted(((day + start, True), (day + end, False))):
            if 0.0 < minute < horizon:
                yield minute, is_open
        day += MINUTES_PER_DAY


def periodic(first: float, interval: float, horizon: float) -> Iterator[float]:
    """Minutes first, first + interval, ... before the horizon, one at a time."""
    t = first
    while t < horizon:
        yield t
        t += interval
