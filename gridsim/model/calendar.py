"""Working hours: when the day shift starts and ends, in minutes from the start of the run."""

from __future__ import annotations

from collections.abc import Iterator

from gridsim.model.demand import DAY_MIN
from gridsim.scenario.schema import Shift


def shift_changes(shift: Shift, horizon: float) -> Iterator[tuple[float, bool]]:
    """(minute, on_shift) for every shift change in (0, horizon); minute 0 is midnight."""
    start, end = shift.start_hour * 60.0, shift.end_hour * 60.0
    day = 0.0
    while day < horizon:
        for minute, on in ((day + start, True), (day + end, False)):
            if 0.0 < minute < horizon:
                yield minute, on
        day += DAY_MIN


def on_shift_at_start(shift: Shift) -> bool:
    """Whether staff are on duty at minute 0 (midnight)."""
    return shift.start_hour == 0.0
