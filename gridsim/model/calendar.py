"""Working hours: when pools open and close, in minutes from the start of the run."""

from __future__ import annotations

from collections.abc import Iterator

from gridsim.model.crews import Hours

DAY_MIN = 1440.0


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
    start, end = hours[0] * 60.0, hours[1] * 60.0
    day = 0.0
    while day < horizon:
        for minute, is_open in sorted(((day + start, True), (day + end, False))):
            if 0.0 < minute < horizon:
                yield minute, is_open
        day += DAY_MIN


def periodic(first: float, interval: float, horizon: float) -> Iterator[float]:
    """Minutes first, first + interval, ... before the horizon, one at a time."""
    t = first
    while t < horizon:
        yield t
        t += interval
