"""Recurring times: meetings, screenings, in minutes from the start of the run."""

from __future__ import annotations

from collections.abc import Iterator


def periodic(first: float, interval: float, horizon: float) -> Iterator[float]:
    """Minutes first, first + interval, ... before the horizon, one at a time."""
    t = first
    while t < horizon:
        yield t
        t += interval
