"""The clock: SimPy's environment, the count of events handled, and timed callbacks.

Every part of the model moves issues by asking for a callback after a delay; counting the
events here (one per callback or process step) keeps the count in one place.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from typing import Any, TypeVar, cast

import simpy
from simpy.events import URGENT, Timeout

T = TypeVar("T")

Callback = tuple[Callable[[Any], None], Any]
"""A timed callback's function and value (built once: a subscripted type made at each event
cost 5% of a city's run)."""


class ShiftChange(Timeout):
    """A timeout that fires before every ordinary event of its minute: who is on duty
    changes first, so a patrol, a visit or a report due at the minute a shift starts finds
    the shift on duty (SimPy otherwise orders events of one minute by when they were
    scheduled, which would make that depend on the processes' history)."""

    def __init__(self, env: simpy.Environment, delay: float) -> None:
        self.env = env
        self.callbacks = []
        self._value = None
        self._delay = delay
        self._ok = True
        env.schedule(self, URGENT, delay)


class Kernel:
    """The environment the model runs in and the events it has handled."""

    __slots__ = ("env", "events")

    def __init__(self) -> None:
        self.env = simpy.Environment()
        self.events = 0

    def after(self, delay: float, fn: Callable[[T], None], value: T) -> None:
        """Call ``fn(value)`` ``delay`` minutes from now (one event)."""
        done = Timeout(self.env, delay, (fn, value))
        done.callbacks.append(self._fire)

    def _fire(self, event: simpy.Event) -> None:
        self.events += 1
        fn, value = cast(Callback, event.value)
        fn(value)

    def process(self, steps: Generator[Any, Any, None]) -> None:
        """Run a process (a generator yielding timeouts) alongside the callbacks."""
        self.env.process(steps)
