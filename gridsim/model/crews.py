"""Crews and the pools they serve from.

A pool is a group of people of one kind (a crew colour, a grid worker, the volunteers, a
grid leader, the committee, the mediation room) with one queue, the grids it serves and its
working hours. We track idle members ourselves (a deque), rather than asking a SimPy
Resource, because a Resource can look idle in the instant after a release while a request
is still queued.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable

from gridsim.model.monitor import TimeWeighted
from gridsim.policies.dispatch import DispatchRule
from gridsim.policies.queues import IssueQueue

Hours = tuple[float, float] | None
"""Daily working hours (start, end) in hours; start > end wraps past midnight; None: always."""

IDLE = -1
PATROL = -2


class Crew:
    """One member of a pool: where they are and what they are doing."""

    __slots__ = ("home", "idle_since", "index", "issue", "location", "name", "pending", "pool")

    def __init__(self, index: int, name: str, pool: Pool, location: int) -> None:
        self.index = index  # position in the model's crew list, as logged
        self.name = name
        self.pool = pool
        self.home = location  # where the working day starts: the hall, or a home grid
        self.location = location  # grid index, or the hall
        self.issue = IDLE  # the issue in hand, IDLE, or PATROL
        # A task (a patrol round) waiting for the job in hand to end.
        self.pending: Callable[[Crew], None] | None = None
        self.idle_since = 0.0  # when it last finished a job: the longest idle goes first


class Pool:
    """Members sharing one queue; `busy`, `on_duty` and `queued` are time-weighted."""

    __slots__ = (
        "busy",
        "callout_min",
        "crews",
        "days",
        "handler",
        "hours",
        "idle",
        "n_busy",
        "n_urgent",
        "n_waiting",
        "name",
        "night",
        "on_duty",
        "open",
        "queue",
        "queued",
        "rule",
        "travels",
        "urgent",
    )

    def __init__(
        self,
        name: str,
        handler: str,
        queue: IssueQueue,
        rule: DispatchRule,
        warmup: float,
        hours: Hours,
        travels: bool = True,
        callout_min: float = 0.0,
    ) -> None:
        self.name = name
        self.handler = handler
        self.crews: list[Crew] = []
        self.idle: deque[Crew] = deque()
        self.queue = queue
        self.rule = rule
        self.hours = hours
        self.travels = travels  # False: people come to this pool (a room at the hall)
        self.callout_min = callout_min  # extra minutes on every trip (night call-outs)
        self.open = False
        self.n_busy = 0
        self.n_waiting = 0  # the queue may also hold entries that left it (escalated)
        self.busy = TimeWeighted(warmup)
        self.on_duty = TimeWeighted(warmup)
        self.queued = TimeWeighted(warmup)
        # A day pool covered by a night on-call pool keeps its urgent issues in a queue of
        # their own, which the night pool serves out of hours: nothing moves at a shift change.
        self.urgent: IssueQueue | None = None
        self.n_urgent = 0  # waiting in `urgent`: counted in the night pool's queue while it works
        self.night: Pool | None = None
        self.days: list[Pool] = []  # for a night pool: the day pools whose urgent issues it takes

    def urgent_holder(self) -> Pool:
        """The pool whose queue the urgent issues waiting here count in, now."""
        night = self.night
        return night if night is not None and night.open else self

    def set_open(self, now: float, is_open: bool) -> None:
        """Working hours begin (every member not busy becomes available) or end (idle
        members go home; busy ones finish their job first)."""
        self.open = is_open
        if is_open:
            free = [c for c in self.crews if c.issue == IDLE]
            self.idle = deque(sorted(free, key=lambda c: c.idle_since))  # stable: ties by index
            for crew in self.idle:
                crew.location = crew.home
            self.on_duty.set(now, len(self.crews))
        else:
            self.idle.clear()
            self.on_duty.set(now, self.n_busy)

    def set_busy(self, now: float, delta: int) -> None:
        self.n_busy += delta
        self.busy.set(now, self.n_busy)
        if not self.open:
            self.on_duty.set(now, self.n_busy)

    def set_waiting(self, now: float, delta: int) -> None:
        self.n_waiting += delta
        self.queued.set(now, self.n_waiting)

    def hand_over(self, now: float, to_night: bool) -> None:
        """For a night pool: urgent issues waiting in its day pools now count in the queue of
        whoever is on duty; they stay where they are (time per shift change does not grow
        with them)."""
        for day in self.days:
            n = day.n_urgent if to_night else -day.n_urgent
            if n:
                day.set_waiting(now, -n)
                self.set_waiting(now, +n)
