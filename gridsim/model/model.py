"""The model of one replication: issues arrive, a crew is dispatched, travels, works, leaves.

The model is built fresh for each replication from an immutable scenario. Every issue is
drawn up front (see `demand`), so the SimPy processes only move issues through the
community. Each issue costs two events: its arrival at the queue and the end of its job.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

import numpy as np
import simpy
from simpy.events import Timeout

from gridsim.model.calendar import on_shift_at_start, shift_changes
from gridsim.model.crews import Crew, Pool
from gridsim.model.demand import DAY_MIN, Issues, generate_issues
from gridsim.model.layout import travel_minutes
from gridsim.model.streams import Streams
from gridsim.policies import discipline, dispatch_rule
from gridsim.policies.dispatch import DispatchRule
from gridsim.scenario.schema import CREW_COLOURS, HANDLERS, Scenario


@dataclass(frozen=True)
class PoolStats:
    """Time-weighted figures of one pool over the observed window (after the warm-up)."""

    name: str
    handler: str
    crews: int
    busy_mean: float  # mean number of busy crews
    on_duty_mean: float  # mean number of crews on duty (idle or busy)
    queue_mean: float  # mean number of issues waiting


@dataclass
class RunResult:
    """What one replication leaves behind: the issue log and the monitors."""

    issues: Issues
    queued: np.ndarray  # minute the issue joined a queue (after triage)
    dispatched: np.ndarray  # minute a crew set off
    on_site: np.ndarray
    resolved: np.ndarray
    crew: np.ndarray  # index into crew_names, -1 if none
    crew_names: tuple[str, ...]
    pools: list[PoolStats]
    horizon: float
    warmup: float
    events: int
    cpu_seconds: float
    streams: list[str] = field(default_factory=list)


class Model:
    """One replication of one scenario."""

    def __init__(self, scenario: Scenario, replication: int) -> None:
        self.scenario = scenario
        self.env = simpy.Environment()
        self.horizon = scenario.calendar.horizon_days * DAY_MIN
        self.warmup = scenario.calendar.warmup_days * DAY_MIN
        self.streams = Streams(scenario.seed, replication)
        self.issues = generate_issues(scenario, self.streams)
        self.travel = travel_minutes(scenario.community)
        self.triage = scenario.staff.triage_min
        self.pools: list[Pool] = []
        self.crews: list[Crew] = []
        # route[handler][grid] is the pool that serves that grid for that handler
        self.route: list[list[Pool | None]] = [
            [None] * len(scenario.community.grids) for _ in HANDLERS
        ]
        self._build_pools()
        n = len(self.issues)
        nan = [math.nan] * n
        self.dispatched, self.on_site, self.resolved = list(nan), list(nan), list(nan)
        self.crew_of = [-1] * n
        # Plain lists: single-element reads on the hot path are faster than numpy's.
        self._grid = self.issues.grid.tolist()
        self._work = self.issues.work.tolist()
        self._handler = self.issues.handler.tolist()
        self._severity = self.issues.severity.tolist()
        self._vulnerable = self.issues.vulnerable.tolist()
        self._queued = (self.issues.reported + self.triage).tolist()
        self.events = 0

    # -- building -------------------------------------------------------------------------

    def _build_pools(self) -> None:
        """Crews of each colour split into pools by the dispatch rule; grid workers by grid."""
        sc = self.scenario
        n_grids = len(sc.community.grids)
        hall = n_grids
        rule = dispatch_rule(sc.policy.dispatch)
        for colour in CREW_COLOURS:
            n_crews = getattr(sc.staff.crews, colour)
            if n_crews == 0:
                continue
            areas = rule.areas(n_crews, n_grids)
            for a, (crew_ids, grids) in enumerate(areas):
                name = colour if len(areas) == 1 else f"{colour}/area-{a + 1}"
                pool = self._new_pool(name, colour, rule, grids)
                for c in crew_ids:
                    self._add_crew(pool, f"{colour}-{c + 1}", hall)
        index = {g.name: i for i, g in enumerate(sc.community.grids)}
        for worker in sc.grid_workers():
            grids = [index[g] for g in worker.grids]
            pool = self._new_pool(
                f"grid_worker/{worker.name}", "grid_worker", DispatchRule(), grids
            )
            self._add_crew(pool, worker.name, grids[0])

    def _new_pool(self, name: str, handler: str, rule: DispatchRule, grids: list[int]) -> Pool:
        sc = self.scenario
        queue = discipline(sc.policy.queue, sc.policy.ageing_min).new_queue()
        pool = Pool(name, handler, queue, rule, self.warmup)
        for g in grids:
            self.route[HANDLERS.index(handler)][g] = pool
        self.pools.append(pool)
        return pool

    def _add_crew(self, pool: Pool, name: str, location: int) -> None:
        crew = Crew(len(self.crews), name, pool, location)
        pool.crews.append(crew)
        self.crews.append(crew)

    # -- processes ------------------------------------------------------------------------

    def _arrivals(self, queued: list[float]):
        """Each reported issue joins its pool after the grid worker's triage."""
        env = self.env
        for i, t in enumerate(queued):
            if t >= self.horizon:
                return
            if t > env.now:
                yield Timeout(env, t - env.now)
            self.events += 1
            self._arrive(i)

    def _arrive(self, i: int) -> None:
        pool = self.route[self._handler[i]][self._grid[i]]
        if pool.idle:
            self._start(pool.rule.choose(pool.idle, self._grid[i], self.travel), i)
        else:
            pool.queue.push(i, self.env.now, self._severity[i], self._vulnerable[i])
            pool.queued.set(self.env.now, len(pool.queue))

    def _start(self, crew: Crew, i: int) -> None:
        """The crew sets off: on site after the trip, done after the work."""
        # SimPy's clock reaches a queue time t as now + (t - now), which can fall one unit
        # in the last place short of t; never log a dispatch before the issue was queued.
        now = self.env.now
        start = max(now, self._queued[i])
        grid = self._grid[i]
        trip = self.travel[crew.location][grid]
        self.dispatched[i] = start
        self.on_site[i] = start + trip
        self.crew_of[i] = crew.index
        crew.location = grid
        if crew.issue < 0:
            pool = crew.pool
            pool.n_busy += 1
            pool.busy.set(now, pool.n_busy)
        crew.issue = i
        done = Timeout(self.env, start - now + trip + self._work[i], crew)
        done.callbacks.append(self._finish)

    def _finish(self, event: simpy.Event) -> None:
        """The job is done; the crew takes the next issue in its queue, or waits, or goes home."""
        crew: Crew = event.value
        pool = crew.pool
        now = self.env.now
        self.events += 1
        self.resolved[crew.issue] = now
        if pool.on_shift and pool.queue:
            nxt = pool.queue.pop()
            pool.queued.set(now, len(pool.queue))
            self._start(crew, nxt)
            return
        crew.issue = -1
        pool.n_busy -= 1
        pool.busy.set(now, pool.n_busy)
        if pool.on_shift:
            pool.idle.append(crew)
        else:
            pool.on_duty.set(now, pool.n_busy)

    def _shifts(self):
        """Staff come on duty and go home at the shift hours, every day."""
        env = self.env
        for minute, on in shift_changes(self.scenario.calendar.shift, self.horizon):
            yield Timeout(env, minute - env.now)
            self.events += 1
            for pool in self.pools:
                if on:
                    pool.go_on_shift(minute)
                    self._drain(pool)
                else:
                    pool.go_off_shift(minute)

    def _drain(self, pool: Pool) -> None:
        """Send idle crews to waiting issues, in queue order."""
        if not pool.queue:
            return
        while pool.idle and pool.queue:
            i = pool.queue.pop()
            self._start(pool.rule.choose(pool.idle, self._grid[i], self.travel), i)
        pool.queued.set(self.env.now, len(pool.queue))

    # -- running --------------------------------------------------------------------------

    def run(self) -> RunResult:
        """Simulate to the horizon and return the log and monitors."""
        cpu = time.process_time()
        shift = self.scenario.calendar.shift
        starts_on = shift.always_on or on_shift_at_start(shift)
        for pool in self.pools:
            if starts_on:
                pool.go_on_shift(0.0)
            else:
                pool.go_off_shift(0.0)
        self.env.process(self._arrivals(self._queued))
        if not shift.always_on:
            self.env.process(self._shifts())
        self.env.run(until=self.horizon)
        return self._result(np.asarray(self._queued), time.process_time() - cpu)

    def _result(self, queued: np.ndarray, cpu_seconds: float) -> RunResult:
        h = self.horizon
        on_site = np.asarray(self.on_site)
        on_site[on_site >= h] = np.nan  # dispatched, but still on the road at the horizon
        return RunResult(
            issues=self.issues,
            queued=np.where(queued < h, queued, np.nan),
            dispatched=np.asarray(self.dispatched),
            on_site=on_site,
            resolved=np.asarray(self.resolved),
            crew=np.asarray(self.crew_of, dtype=np.int32),
            crew_names=tuple(c.name for c in self.crews),
            pools=[
                PoolStats(
                    name=p.name,
                    handler=p.handler,
                    crews=len(p.crews),
                    busy_mean=p.busy.mean(h),
                    on_duty_mean=p.on_duty.mean(h),
                    queue_mean=p.queued.mean(h),
                )
                for p in self.pools
            ],
            horizon=h,
            warmup=self.warmup,
            events=self.events,
            cpu_seconds=cpu_seconds,
            streams=list(self.streams.names),
        )
