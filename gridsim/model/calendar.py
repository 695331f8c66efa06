"""Working hours: when pools open and close, in minutes from the start of the run."""

from __future__ import annotations

from gridsim.model.crews import Hours

DAY_MIN = 1440.0


def open_at_start(hours: Hours) -> bool:
    """Whether a pool with these hours is working at minute 0 (midnight)."""
    if hours is None:
        return True
    start, end = hours
    return start == 0.0 if start < end else end > 0.0


def daily_changes(hours: Hours, horizon: float) -> list[tuple[float, bool]]:
    """(minute, open) for every opening and closing in (0, horizon), in time order.

    Hours with start > end wrap past midnight (a night on-call rota from 18 to 8).
    """
    if hours is None:
        return []
    start, end = hours[0] * 60.0, hours[1] * 60.0
    changes = []
    day = 0.0
    while day < horizon:
        for minute, is_open in sorted(((day + start, True), (day + end, False))):
            if 0.0 < minute < horizon:
                changes.append((minute, is_open))
        day += DAY_MIN
    return changes


def periodic(first: float, interval: float, horizon: float) -> list[float]:
    """Minutes first, first + interval, ... before the horizon."""
    times = []
    t = first
    while t < horizon:
        times.append(t)
        t += interval
    return times
