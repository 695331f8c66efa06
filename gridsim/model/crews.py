"""Crews and the pools they serve from.

A pool is a group of people of one kind (a crew colour, a grid worker, the volunteers, a
grid leader, the committee, the mediation room) with one queue, the grids it serves and the
roster group whose shifts put its members on duty (`duty`). We track idle members
ourselves (a deque), rather than asking a SimPy Resource, because a Resource can look idle
in the instant after a release while a request is still queued.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable

from gridsim.model.monitor import TimeWeighted
from gridsim.policies.dispatch import DispatchRule
from gridsim.policies.queues import IssueQueue

IDLE = -1
PATROL = -2
DUTY = -3  # a duty of the pool's own (a home visit, the log, a task sent down, a screening)

Task = Callable[["Crew"], None]
"""Work that is not an issue: it keeps the member busy and calls `Jobs.free` when done."""


class Crew:
    """One member of a pool: where they are and what they are doing."""

    __slots__ = ("home", "idle_since", "index", "issue", "location", "name", "on_duty",
                 "pending", "pool")  # fmt: skip

    def __init__(self, index: int, name: str, pool: Pool, location: int) -> None:
        self.index = index  # position in the model's crew list, as logged
        self.name = name
        self.pool = pool
        self.home = location  # where the working day starts: the hall, or a home grid
        self.location = location  # grid index, or the hall
        self.issue = IDLE  # the issue in hand, IDLE, or PATROL
        # A task (a patrol round) waiting for the job in hand to end.
        self.pending: Task | None = None
        self.idle_since = 0.0  # when it last finished a job: the longest idle goes first
        self.on_duty = False  # rostered now (a member off duty may still finish a job)


class Pool:
    """Members sharing one queue; `busy`, `on_duty` and `queued` are time-weighted."""

    __slots__ = (
        "busy",
        "callout_min",
        "crews",
        "days",
        "group",
        "handler",
        "idle",
        "n_busy",
        "n_off_busy",
        "n_on",
        "n_urgent",
        "n_waiting",
        "name",
        "night",
        "on_duty",
        "open",
        "queue",
        "queued",
        "rule",
        "tasks",
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
        group: str,
        travels: bool = True,
        callout_min: float = 0.0,
    ) -> None:
        self.name = name
        self.handler = handler
        self.crews: list[Crew] = []
        self.idle: deque[Crew] = deque()
        self.queue = queue
        self.rule = rule
        self.group = group  # the roster group (scenario.roster.GROUPS) it is on duty with
        self.travels = travels  # False: people come to this pool (a room at the hall)
        self.callout_min = callout_min  # extra minutes on every trip (night call-outs)
        self.open = False  # someone is rostered on duty
        self.n_on = 0  # members rostered on duty
        self.n_off_busy = 0  # members off duty still finishing a job
        self.n_busy = 0
        self.n_waiting = 0  # the queue may also hold entries that left it (escalated)
        self.busy = TimeWeighted(warmup)
        self.on_duty = TimeWeighted(warmup)
        self.queued = TimeWeighted(warmup)
        # Duties waiting for a member on duty (anyone of the pool), in the order they came.
        self.tasks: deque[Task] = deque()
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

    def set_on_duty(self, now: float, n: int) -> None:
        """The roster puts ``n`` members on duty from now. Those coming on start at home,
        idle longest first; those going off leave idle, or finish the job in hand first.
        The members on duty are the first ``n`` (the roster says how many, not who)."""
        n = min(n, len(self.crews))
        self.open = n > 0
        if n > self.n_on:
            for crew in self.crews[self.n_on : n]:
                crew.on_duty = True
                if crew.issue == IDLE:
                    crew.location = crew.home
                else:
                    self.n_off_busy -= 1
            free = [c for c in self.crews[:n] if c.issue == IDLE]
            self.idle = deque(sorted(free, key=lambda c: c.idle_since))  # stable: by index
        elif n < self.n_on:
            going = self.crews[n : self.n_on]
            for crew in going:
                crew.on_duty = False
                if crew.issue != IDLE:
                    self.n_off_busy += 1
            if n == 0:
                self.idle.clear()
            else:
                self.idle = deque(c for c in self.idle if c.on_duty)
        self.n_on = n
        self.on_duty.set(now, n + self.n_off_busy)

    def set_busy(self, now: float, delta: int, crew: Crew) -> None:
        """``crew`` starts (+1) or ends (-1) being busy."""
        self.n_busy += delta
        self.busy.set(now, self.n_busy)
        if not crew.on_duty:
            self.n_off_busy += delta
            self.on_duty.set(now, self.n_on + self.n_off_busy)

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
