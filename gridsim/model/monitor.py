"""Time-weighted statistics: the area under a step function, from the warm-up on.

SimPy has no monitoring of its own. A level (busy crews, queue length) is recorded at each
change; its mean is the area divided by the observed time, so a busy share computed from
two monitors of the same crews can never exceed 1.
"""

from __future__ import annotations


class TimeWeighted:
    """A step function observed from ``start``; ``set`` is called at every change."""

    __slots__ = ("area", "last", "start", "value")

    def __init__(self, start: float, value: float = 0.0) -> None:
        self.start = start
        self.last = 0.0
        self.value = value
        self.area = 0.0

    def set(self, now: float, value: float) -> None:
        """The level changes to ``value`` at ``now``."""
        if now > self.start:
            self.area += self.value * (now - (self.last if self.last > self.start else self.start))
        self.last = now
        self.value = value

    def mean(self, end: float) -> float:
        """Time-average from ``start`` to ``end`` (the area is closed at ``end``)."""
        self.set(end, self.value)
        return self.area / (end - self.start) if end > self.start else float("nan")
