"""The model of one replication: issues are reported or found, answered, and settled on the
governance ladder.

The model is built fresh for each replication from an immutable scenario. Every issue and
its fate (the uniforms that decide what its nature needs) is drawn up front (see
`demand`), so the SimPy processes only move issues through the community:

    report (resident) or find (patrol, screening) -> triage by the grid worker
    -> first response by a crew, the grid worker or a volunteer (night: the on-call crew)
    -> settled, or up the ladder: grid leader -> committee -> joint meeting -> town
    disputes: grid worker sessions -> police post (when screening found it) -> room -> town

Pools of people serve queues (`crews`); the ladder, the dispute path and discovery live in
their own modules and call back into the model through a few methods: `enqueue`,
`escalate`, `resolve`, `resolve_after_implementation`, `report`.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import simpy
from simpy.events import Timeout

from gridsim.model.calendar import daily_changes, open_at_start
from gridsim.model.crews import IDLE, PATROL, Crew, Hours, Pool
from gridsim.model.demand import DAY_MIN, Issues, generate_issues
from gridsim.model.discovery import Discovery
from gridsim.model.disputes import Disputes
from gridsim.model.ladder import Ladder
from gridsim.model.layout import travel_minutes
from gridsim.model.streams import Streams
from gridsim.policies import discipline, dispatch_rule
from gridsim.policies.dispatch import DispatchRule
from gridsim.scenario.schema import CREW_COLOURS, HANDLERS, LEVELS, Scenario

# Jobs a pool member can do for an issue; each has its own duration and what comes after.
FIRST, LEADER, COMMITTEE, GW_SESSION, ROOM_SESSION = range(5)
GRID_WORKER, GRID_LEADER, COMMUNITY, JOINT_MEETING, TOWN, ABOVE_TOWN = range(len(LEVELS))
MEDIATION = HANDLERS.index("mediation")


@dataclass(frozen=True)
class PoolStats:
    """Time-weighted figures of one pool over the observed window (after the warm-up)."""

    name: str
    handler: str
    crews: int
    busy_mean: float  # mean number of busy members (patrol rounds included)
    group: str  # staff KPIs are per group: the handler, or "<colour>_on_call" for night crews
    on_duty_mean: float  # mean number of members on duty (idle or busy)
    queue_mean: float  # mean number of issues waiting


@dataclass
class RunResult:
    """What one replication leaves behind: the issue log and the monitors."""

    issues: Issues
    found: np.ndarray  # minute a patrol or screening found a latent issue
    reported: np.ndarray  # minute of the first report, or of the finding
    channel: np.ndarray  # index into issues.channel_names, -1 if never reported
    queued: np.ndarray  # minute the issue joined its first queue (after triage)
    dispatched: np.ndarray  # minute the first responder set off
    on_site: np.ndarray
    plan: np.ndarray  # minute the committee, joint meeting or town decided a plan
    resolved: np.ndarray
    level: np.ndarray  # highest rung reached (index into LEVELS), -1 if never reported
    needs: np.ndarray  # rung the issue's nature needs
    sessions: np.ndarray  # mediation sessions held
    crew: np.ndarray  # index into crew_names of the first responder, -1 if none
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
        self.issues = iss = generate_issues(scenario, self.streams)
        self.travel = travel_minutes(scenario.community)
        self.hall = len(scenario.community.grids)
        self.triage = scenario.staff.triage_min
        shift = scenario.calendar.shift
        self.day_hours: Hours = None if shift.always_on else (shift.start_hour, shift.end_hour)
        self.pools: list[Pool] = []
        self.crews: list[Crew] = []
        n_grids = len(scenario.community.grids)
        # route[handler][grid]: the pool giving the first response; night[handler]: on call
        self.route: list[list[Pool | None]] = [[None] * n_grids for _ in HANDLERS]
        self.night: list[Pool | None] = [None] * len(HANDLERS)
        self.worker_of: list[Crew | None] = [None] * n_grids
        self._build_first_responders()
        self.ladder = Ladder(self)
        self.disputes = Disputes(self)
        self.discovery = Discovery(self)
        self.after: dict[int, Callable[[int], None]] = {
            FIRST: self.ladder.after_first_response,
            LEADER: self.ladder.after_leader,
            COMMITTEE: self.ladder.after_committee,
            GW_SESSION: self.disputes.after_grid_worker_session,
            ROOM_SESSION: self.disputes.after_room_session,
        }
        n = len(iss)
        nan = [math.nan] * n
        self.found, self.reported, self.queued = list(nan), list(nan), list(nan)
        self.dispatched, self.on_site, self.plan, self.resolved = (list(nan) for _ in range(4))
        self.channel = iss.channel.tolist()
        self.level = [-1] * n
        self.sessions = [0] * n
        self.crew_of = [-1] * n
        self.step = [FIRST] * n
        self.job_min = iss.work.tolist()
        self.waiting_in: list[Pool | None] = [None] * n
        # Plain lists: single-element reads on the hot path are faster than numpy's.
        self._grid = iss.grid.tolist()
        self._handler = iss.handler.tolist()
        self._severity = iss.severity.tolist()
        self._vulnerable = iss.vulnerable.tolist()
        self.urgent = self._urgent_flags().tolist()
        self.events = 0

    # -- building -------------------------------------------------------------------------

    def _build_first_responders(self) -> None:
        """Crews of each colour split into pools by the dispatch rule; grid workers by their
        grids; volunteers pooled; night on-call crews pooled per colour."""
        sc = self.scenario
        n_grids = len(sc.community.grids)
        rule = dispatch_rule(sc.policy.dispatch)
        everywhere = list(range(n_grids))
        for colour in CREW_COLOURS:
            n_crews = getattr(sc.staff.crews, colour)
            areas = rule.areas(n_crews, n_grids) if n_crews else []
            for a, (crew_ids, grids) in enumerate(areas):
                name = colour if len(areas) == 1 else f"{colour}/area-{a + 1}"
                pool = self.new_pool(name, colour, rule, self.day_hours)
                self._serve(pool, colour, grids)
                for c in crew_ids:
                    self.add_member(pool, f"{colour}-{c + 1}", self.hall)
            n_night = getattr(sc.staff.on_call, colour)
            if n_night and self.day_hours is not None:
                start, end = self.day_hours
                pool = self.new_pool(
                    f"{colour}/on-call",
                    colour,
                    DispatchRule(),
                    (end, start),
                    callout_min=sc.staff.callout_min,
                )
                self.night[HANDLERS.index(colour)] = pool
                for c in range(n_night):
                    self.add_member(pool, f"{colour}-on-call-{c + 1}", self.hall)
        index = {g.name: i for i, g in enumerate(sc.community.grids)}
        for worker in sc.grid_workers():
            grids = [index[g] for g in worker.grids]
            pool = self.new_pool(f"grid_worker/{worker.name}", "grid_worker", DispatchRule())
            self._serve(pool, "grid_worker", grids)
            crew = self.add_member(pool, worker.name, grids[0])
            for g in grids:
                self.worker_of[g] = crew
        vol = sc.staff.volunteers
        if vol.count:
            hours = (
                None
                if (vol.start_hour, vol.end_hour) == (0.0, 24.0)
                else (
                    vol.start_hour,
                    vol.end_hour,
                )
            )
            pool = self.new_pool("volunteer", "volunteer", DispatchRule(), hours)
            self._serve(pool, "volunteer", everywhere)
            for c in range(vol.count):
                self.add_member(pool, f"volunteer-{c + 1}", self.hall)

    def _serve(self, pool: Pool, handler: str, grids: list[int]) -> None:
        for g in grids:
            self.route[HANDLERS.index(handler)][g] = pool

    def new_pool(
        self,
        name: str,
        handler: str,
        rule: DispatchRule,
        hours: Hours | str = "day",
        travels: bool = True,
        callout_min: float = 0.0,
    ) -> Pool:
        """A pool with the scenario's queue discipline; `hours="day"` means the day shift."""
        sc = self.scenario
        queue = discipline(sc.policy.queue, sc.policy.ageing_min).new_queue()
        working = self.day_hours if hours == "day" else hours
        pool = Pool(name, handler, queue, rule, self.warmup, working, travels, callout_min)
        self.pools.append(pool)
        return pool

    def add_member(self, pool: Pool, name: str, location: int) -> Crew:
        crew = Crew(len(self.crews), name, pool, location)
        pool.crews.append(crew)
        self.crews.append(crew)
        return crew

    def _urgent_flags(self) -> np.ndarray:
        """Issues that call out the night crew: by kind, or by kind and high severity."""
        rule = np.array([k.urgent for k in self.scenario.demand.kinds.values()])
        urgent = rule[self.issues.kind]
        return (urgent == "always") | ((urgent == "high") & (self.issues.severity == 2))

    # -- moving issues --------------------------------------------------------------------

    def reach(self, i: int, level: int) -> None:
        """The issue has reached this rung (levels only go up)."""
        if level > self.level[i]:
            self.level[i] = level

    def report(self, i: int, channel: int, triage: bool = True) -> None:
        """A latent issue has been found now: it is reported and, after triage, answered."""
        now = self.env.now
        self.found[i] = self.reported[i] = now
        self.channel[i] = channel
        self.reach(i, GRID_WORKER)
        if not triage or self.triage == 0.0:
            self._queue_first(i, now)
            return
        done = Timeout(self.env, self.triage, i)
        done.callbacks.append(self._after_triage)

    def _after_triage(self, event: simpy.Event) -> None:
        self.events += 1
        i = event.value
        self._queue_first(i, self.reported[i] + self.triage)

    def _queue_first(self, i: int, queued: float) -> None:
        """The issue joins the queue of its first responder (or the dispute path)."""
        self.queued[i] = queued
        self.reach(i, GRID_WORKER)
        if self._handler[i] == MEDIATION:
            self.disputes.start(i)
            return
        pool = self.route[self._handler[i]][self._grid[i]]
        if not pool.open and self.urgent[i]:
            pool = self.night[self._handler[i]] or pool
        self.enqueue(pool, i, FIRST, self.job_min[i])

    def enqueue(self, pool: Pool, i: int, step: int, minutes: float) -> None:
        """Ask ``pool`` to do job ``step`` for issue ``i``: at once if a member is free."""
        self.step[i] = step
        self.job_min[i] = minutes
        if pool.idle:
            self._start(pool.rule.choose(pool.idle, self._grid[i], self.travel), i)
        else:
            self._wait(pool, i, self.env.now)

    def _wait(self, pool: Pool, i: int, since: float) -> None:
        """Put the issue in the pool's queue; ``since`` orders it among the waiting."""
        self.waiting_in[i] = pool
        pool.queue.push(i, since, self._severity[i], self._vulnerable[i])
        pool.set_waiting(self.env.now, +1)

    def withdraw(self, i: int) -> bool:
        """Take a waiting issue out of its queue (it stays in the heap, marked as gone)."""
        pool = self.waiting_in[i]
        if pool is None:
            return False
        self.waiting_in[i] = None
        pool.set_waiting(self.env.now, -1)
        return True

    def _next_waiting(self, pool: Pool) -> int:
        """The next issue still waiting in the pool's queue, or -1."""
        while pool.n_waiting:
            i = pool.queue.pop()
            if self.waiting_in[i] is pool:
                self.waiting_in[i] = None
                pool.set_waiting(self.env.now, -1)
                return i
        return -1

    def _start(self, crew: Crew, i: int) -> None:
        """The member sets off (or, in a room, starts at once); the job ends after the work."""
        now = self.env.now
        pool = crew.pool
        # SimPy's clock reaches a queue time t as now + (t - now), which can fall one unit
        # in the last place short of t; never log a dispatch before the issue was queued.
        start = max(now, self.queued[i])
        trip = 0.0
        if pool.travels:
            grid = self._grid[i]
            trip = self.travel[crew.location][grid] + pool.callout_min
            crew.location = grid
        if math.isnan(self.dispatched[i]):  # the first responder
            self.dispatched[i] = start
            self.on_site[i] = start + trip
            self.crew_of[i] = crew.index
        if crew.issue == IDLE:
            pool.set_busy(now, +1)
        crew.issue = i
        done = Timeout(self.env, start - now + trip + self.job_min[i], crew)
        done.callbacks.append(self._job_done)

    def _job_done(self, event: simpy.Event) -> None:
        crew: Crew = event.value
        i = crew.issue
        self.events += 1
        self.after[self.step[i]](i)
        self.free(crew)

    def free(self, crew: Crew) -> None:
        """The member's job is over: a pending patrol round first, then the queue, else rest."""
        pool = crew.pool
        now = self.env.now
        if crew.patrol_due:
            self.discovery.start_round(crew)
            return
        if pool.open:
            nxt = self._next_waiting(pool)
            if nxt >= 0:
                self._start(crew, nxt)
                return
        crew.issue = IDLE
        crew.idle_since = now
        pool.set_busy(now, -1)
        if pool.open:
            pool.idle.append(crew)

    def resolve(self, i: int) -> None:
        self.resolved[i] = self.env.now

    def resolve_after_implementation(self, i: int) -> None:
        """A plan has been made; the work it calls for takes an exponential time."""
        mean = self.scenario.ladder.implementation_mean_days * DAY_MIN
        delay = -mean * math.log(self.issues.fate[i, 7]) if mean > 0 else 0.0
        if delay == 0.0:
            self.resolve(i)
            return
        done = Timeout(self.env, delay, i)
        done.callbacks.append(self._implemented)

    def _implemented(self, event: simpy.Event) -> None:
        self.events += 1
        self.resolve(event.value)

    # -- processes ------------------------------------------------------------------------

    def _arrivals(self, queued: list[float]):
        """Each issue a resident reports joins its queue after the grid worker's triage."""
        env = self.env
        reported = self.issues.reported
        for i, t in enumerate(queued):
            if not t < self.horizon:  # also stops at the latent issues (NaN), which sort last
                return
            if t > env.now:
                yield Timeout(env, t - env.now)
            self.events += 1
            self.reported[i] = reported[i]
            self._queue_first(i, t)

    def _working_hours(self, hours: Hours, pools: list[Pool]):
        """Pools with these hours open and close every day. With the day shift, the night
        on-call crews take over in the evening and hand back in the morning."""
        env = self.env
        nights = [p for p in self.night if p is not None] if hours == self.day_hours else []
        for minute, is_open in daily_changes(hours, self.horizon):
            yield Timeout(env, minute - env.now)
            self.events += 1
            for pool in pools:
                pool.set_open(minute, is_open)
            for night in nights:
                night.set_open(minute, not is_open)
                if is_open:  # the day crews take what the night crew has not reached
                    self._move(night, lambda i: self.route[self._handler[i]][self._grid[i]])
                else:  # the night crew takes the urgent issues waiting for the morning
                    for day in self._day_pools(night.handler):
                        self._move(day, lambda i, n=night: n if self.urgent[i] else None)
            for pool in pools if is_open else nights:
                self._drain(pool)

    def _day_pools(self, handler: str) -> list[Pool]:
        return list({id(p): p for p in self.route[HANDLERS.index(handler)] if p}.values())

    def _move(self, source: Pool, target: Callable[[int], Pool | None]) -> None:
        """Move waiting issues to another pool's queue; the rest stay, in the same order."""
        stay = []
        while (i := self._next_waiting(source)) >= 0:
            dest = target(i)
            if dest is None:
                stay.append(i)
            else:
                self._wait(dest, i, self.queued[i])
        for i in stay:
            self._wait(source, i, self.queued[i])

    def _drain(self, pool: Pool) -> None:
        """Send idle members to waiting issues, in queue order."""
        while pool.idle and pool.n_waiting:
            i = self._next_waiting(pool)
            if i >= 0:
                self._start(pool.rule.choose(pool.idle, self._grid[i], self.travel), i)

    # -- running --------------------------------------------------------------------------

    def run(self) -> RunResult:
        """Simulate to the horizon and return the log and monitors."""
        cpu = time.process_time()
        by_hours: dict[Hours, list[Pool]] = {}
        nights = {id(p) for p in self.night if p is not None}
        for pool in self.pools:
            pool.set_open(0.0, open_at_start(pool.hours))
            if id(pool) not in nights:  # night crews follow the day shift's changes
                by_hours.setdefault(pool.hours, []).append(pool)
        queued = (self.issues.reported + self.triage).tolist()
        self.env.process(self._arrivals(queued))
        for hours, pools in by_hours.items():
            if hours is not None:
                self.env.process(self._working_hours(hours, pools))
        self.discovery.start()
        self.ladder.start()
        self.env.run(until=self.horizon)
        return self._result(time.process_time() - cpu)

    def _result(self, cpu_seconds: float) -> RunResult:
        h = self.horizon

        def before_horizon(values: list[float]) -> np.ndarray:
            a = np.asarray(values, dtype=float)
            a[a >= h] = np.nan  # scheduled, but not reached by the horizon
            return a

        # A resident's report before the horizon counts even if its triage ran past it.
        reported = np.where(np.isnan(self.reported), self.issues.reported, self.reported)
        reported = before_horizon(reported)
        level = np.asarray(self.level, dtype=np.int32)
        level[(level < 0) & ~np.isnan(reported)] = GRID_WORKER
        nights = {id(p) for p in self.night if p is not None}
        return RunResult(
            issues=self.issues,
            found=before_horizon(self.found),
            reported=reported,
            channel=np.asarray(self.channel, dtype=np.int32),
            queued=before_horizon(self.queued),
            dispatched=before_horizon(self.dispatched),
            on_site=before_horizon(self.on_site),
            plan=before_horizon(self.plan),
            resolved=before_horizon(self.resolved),
            level=level,
            needs=self.ladder.needs_array(),
            sessions=np.asarray(self.sessions, dtype=np.int32),
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
                    group=f"{p.handler}_on_call" if id(p) in nights else p.handler,
                )
                for p in self.pools
            ],
            horizon=h,
            warmup=self.warmup,
            events=self.events,
            cpu_seconds=cpu_seconds,
            streams=list(self.streams.names),
        )


__all__ = ["PATROL", "Model", "PoolStats", "RunResult"]
