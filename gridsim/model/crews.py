"""Crews and the pools they serve from.

A pool is a group of crews of one colour with one queue and a set of grids. We track idle
crews ourselves (a deque), rather than asking a SimPy Resource, because a Resource can look
idle in the instant after a release while a request is still queued.
"""

from __future__ import annotations

from collections import deque

from gridsim.model.monitor import TimeWeighted
from gridsim.policies.dispatch import DispatchRule
from gridsim.policies.queues import IssueQueue


class Crew:
    """One crew (or one grid worker): where it is and what it is doing."""

    __slots__ = ("index", "issue", "location", "name", "pool")

    def __init__(self, index: int, name: str, pool: Pool, location: int) -> None:
        self.index = index  # position in the model's crew list, as logged
        self.name = name
        self.pool = pool
        self.location = location  # grid index, or the hall
        self.issue = -1  # the issue in hand, -1 when none


class Pool:
    """Crews sharing one queue; `busy` and `on_duty` are time-weighted from the warm-up."""

    __slots__ = (
        "busy",
        "crews",
        "handler",
        "idle",
        "n_busy",
        "name",
        "on_duty",
        "on_shift",
        "queue",
        "queued",
        "rule",
    )

    def __init__(
        self, name: str, handler: str, queue: IssueQueue, rule: DispatchRule, warmup: float
    ) -> None:
        self.name = name
        self.handler = handler
        self.crews: list[Crew] = []
        self.idle: deque[Crew] = deque()
        self.queue = queue
        self.rule = rule
        self.on_shift = False
        self.n_busy = 0
        self.busy = TimeWeighted(warmup)
        self.on_duty = TimeWeighted(warmup)
        self.queued = TimeWeighted(warmup)

    def go_on_shift(self, now: float) -> None:
        """Every crew not already busy becomes idle and available."""
        self.on_shift = True
        self.idle = deque(c for c in self.crews if c.issue < 0)
        self.on_duty.set(now, len(self.crews))

    def go_off_shift(self, now: float) -> None:
        """Idle crews go home; busy ones finish their job first."""
        self.on_shift = False
        self.idle.clear()
        self.on_duty.set(now, self.n_busy)
