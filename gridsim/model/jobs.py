"""Jobs: issues queue at pools of people, who travel to them, work, and take the next.

Whoever asks a pool for a job (`enqueue`) says what happens when it is done (`then`), so
the pools know nothing of ladders or disputes. The pools are registered here too, with the
scenario's queue discipline and their roster group.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

import simpy
from simpy.events import Timeout

from gridsim.model.crews import IDLE, Crew, Pool, Task
from gridsim.model.kernel import Kernel
from gridsim.model.ledger import Ledger
from gridsim.policies.dispatch import DispatchRule
from gridsim.policies.queues import IssueQueue

Then = Callable[[int], None]
"""What happens to an issue when its job is done."""


class Jobs:
    """The pools, their queues and the jobs in hand."""

    def __init__(
        self,
        kernel: Kernel,
        ledger: Ledger,
        trip: Callable[[int, int], float],
        new_queue: Callable[[], IssueQueue],
        warmup: float,
    ) -> None:
        self.kernel = kernel
        self.env = kernel.env
        self.ledger = ledger
        self.trip = trip
        self.new_queue = new_queue
        self.warmup = warmup
        self.pools: list[Pool] = []
        self.crews: list[Crew] = []
        self.then: dict[int, Then] = {}  # only while the issue waits or is served
        self.job_min: dict[int, float] = {}
        self.waiting_in: dict[int, Pool] = {}  # only while waiting in a queue
        self.desk: set[int] = set()  # jobs asked as desk work: no trip, not a response

    # -- pools ----------------------------------------------------------------------------

    def new_pool(
        self,
        name: str,
        handler: str,
        rule: DispatchRule,
        group: str,
        travels: bool = True,
        callout_min: float = 0.0,
    ) -> Pool:
        """A pool with the scenario's queue discipline, on duty with roster ``group``."""
        pool = Pool(name, handler, self.new_queue(), rule, self.warmup, group, travels,
                    callout_min)  # fmt: skip
        self.pools.append(pool)
        return pool

    def add_member(self, pool: Pool, name: str, location: int) -> Crew:
        crew = Crew(len(self.crews), name, pool, location)
        pool.crews.append(crew)
        self.crews.append(crew)
        return crew

    # -- issues asking ----------------------------------------------------------------------

    def enqueue(self, pool: Pool, i: int, minutes: float, then: Then, desk: bool = False
                ) -> None:  # fmt: skip
        """Ask ``pool`` for ``minutes`` of work on issue ``i``: at once if a member is free;
        ``then(i)`` when the job is done. Desk work (taking a report) needs no trip and is
        not the issue's response."""
        self.then[i] = then
        self.job_min[i] = minutes
        if desk:
            self.desk.add(i)
        if pool.idle:
            self._start(pool.rule.choose(pool.idle, self.ledger.facts[i].grid, self.trip), i)
        else:
            self._wait(pool, i, self.env.now)

    def waiting_at(self, i: int) -> Pool | None:
        """The pool whose queue the issue waits in, if it waits."""
        return self.waiting_in.get(i)

    def _wait(self, pool: Pool, i: int, since: float) -> None:
        """Put the issue in the pool's queue; ``since`` orders it among the waiting."""
        self.waiting_in[i] = pool
        facts = self.ledger.facts[i]
        now = self.env.now
        if pool.urgent is not None and facts.urgent:
            pool.urgent.push(i, since, facts.severity, facts.vulnerable)
            pool.n_urgent += 1
            pool.urgent_holder().set_waiting(now, +1)
        else:
            pool.queue.push(i, since, facts.severity, facts.vulnerable)
            pool.set_waiting(now, +1)

    def withdraw(self, i: int) -> bool:
        """Take a waiting issue out of its queue (it stays in the heap, marked as gone)."""
        pool = self.waiting_in.pop(i, None)
        if pool is None:
            return False
        del self.then[i], self.job_min[i]
        self.desk.discard(i)
        self._left_queue(pool, i)
        return True

    def _left_queue(self, pool: Pool, i: int) -> None:
        """Issue ``i`` no longer waits in ``pool``: the queue it counted in is one shorter."""
        if pool.urgent is not None and self.ledger.facts[i].urgent:
            pool.n_urgent -= 1
            pool = pool.urgent_holder()
        pool.set_waiting(self.env.now, -1)

    # -- the next issue -------------------------------------------------------------------

    def _next_waiting(self, pool: Pool) -> int:
        """The next issue still waiting for this pool, or -1."""
        if pool.urgent is not None or pool.days:
            return self._next_of_several(pool)
        while pool.n_waiting:
            i = pool.queue.pop()
            if self.waiting_in.get(i) is pool:
                del self.waiting_in[i]
                pool.set_waiting(self.env.now, -1)
                return i
        return -1

    def _next_of_several(self, pool: Pool) -> int:
        """The next issue of the queues this pool serves, by the discipline's order: a day
        pool its own two (urgent or not), a night pool the urgent ones of its day pools."""
        if pool.days:
            sources = [(day.urgent, day) for day in pool.days]
        else:
            sources = [(pool.queue, pool), (pool.urgent, pool)]
        best: tuple[tuple[float, int], IssueQueue, Pool] | None = None
        for queue, owner in sources:
            head = self._head(queue, owner)
            if head is not None and queue is not None and (best is None or head < best[0]):
                best = (head, queue, owner)
        if best is None:
            return -1
        (_, i), queue, owner = best
        queue.pop()
        del self.waiting_in[i]
        self._left_queue(owner, i)
        return i

    def _head(self, queue: IssueQueue | None, owner: Pool) -> tuple[float, int] | None:
        """The queue's first entry still waiting in ``owner`` (those that left are dropped)."""
        while queue:
            head = queue.peek()
            if self.waiting_in.get(head[1]) is owner:
                return head
            queue.pop()
        return None

    # -- jobs in hand ---------------------------------------------------------------------

    def _start(self, crew: Crew, i: int) -> None:
        """The member sets off (or, in a room, starts at once); the job ends after the work."""
        now = self.env.now
        pool = crew.pool
        if i in self.desk:  # taking a report: no trip, and not the response
            self.desk.remove(i)
            self._busy_for(crew, i, self.job_min.pop(i))
            return
        led = self.ledger
        # SimPy's clock reaches a queue time t as now + (t - now), which can fall one unit
        # in the last place short of t; never log a dispatch before the issue was queued.
        start = max(now, led.queued[i])
        trip = 0.0
        if pool.travels:
            grid = led.facts[i].grid
            trip = self.trip(crew.location, grid) + pool.callout_min
            crew.location = grid
        if i not in led.dispatched:  # the first responder
            led.dispatched[i] = start
            led.on_site[i] = start + trip
            led.crew_of[i] = crew.index
        self._busy_for(crew, i, start - now + trip + self.job_min.pop(i))

    def _busy_for(self, crew: Crew, i: int, minutes: float) -> None:
        """The member works on issue ``i`` for ``minutes`` from now."""
        if crew.issue == IDLE:
            crew.pool.set_busy(self.env.now, +1, crew)
        crew.issue = i
        done = Timeout(self.env, minutes, crew)
        done.callbacks.append(self._job_done)

    def _job_done(self, event: simpy.Event) -> None:
        crew = cast(Crew, event.value)
        i = crew.issue
        self.kernel.events += 1
        self.then.pop(i)(i)
        self.free(crew)

    def assign(self, pool: Pool, task: Task) -> None:
        """A duty for any member of ``pool`` on duty: now if one is idle (longest idle
        first), else the next to be free on duty with no issue waiting takes it (issues
        first: a report waits only for the piece of duty in hand)."""
        if pool.idle:
            crew = pool.idle.popleft()
            pool.set_busy(self.env.now, +1, crew)
            task(crew)
        else:
            pool.tasks.append(task)

    def claim(self, crew: Crew, task: Task) -> None:
        """``task(crew)`` (which keeps the member busy) now if the member is idle, else as
        soon as the job in hand ends."""
        if crew.issue == IDLE:
            if crew in crew.pool.idle:
                crew.pool.idle.remove(crew)
            crew.pool.set_busy(self.env.now, +1, crew)
            task(crew)
        else:
            crew.pending = task

    def free(self, crew: Crew) -> None:
        """The member's job is over: a pending task first, then (on duty) the queue, then
        the pool's duties, else rest."""
        pool = crew.pool
        now = self.env.now
        task = crew.pending
        if task is not None:
            crew.pending = None
            task(crew)
            return
        if crew.on_duty:
            nxt = self._next_waiting(pool)
            if nxt >= 0:
                self._start(crew, nxt)
                return
            if pool.tasks:
                pool.tasks.popleft()(crew)
                return
        crew.issue = IDLE
        crew.idle_since = now
        pool.set_busy(now, -1, crew)
        if crew.on_duty:
            pool.idle.append(crew)

    def drain(self, pool: Pool) -> None:
        """Send idle members to waiting issues, in queue order, then to waiting duties."""
        # Urgent issues of a day pool count in its on-call pool's queue while that is on
        # duty, so a day pool coming on before its on-call pool goes off looks at its queues.
        while pool.idle and (pool.n_waiting or pool.urgent is not None):
            i = self._next_waiting(pool)
            if i < 0:
                break
            self._start(pool.rule.choose(pool.idle, self.ledger.facts[i].grid, self.trip), i)
        while pool.idle and pool.tasks:
            self.assign(pool, pool.tasks.popleft())
