"""The model of one replication: issues are reported or found, answered, and settled on the
governance ladder.

The model is built fresh for each replication from an immutable scenario. Every issue and
its fate (the uniforms that decide what its nature needs) is drawn before the model acts
on it, a chunk of weeks at a time (see `demand`), so the SimPy processes only move issues
through the community:

    report (resident) or find (patrol, screening) -> triage by the grid worker
    -> first response by a crew, the grid worker or a volunteer (night: the on-call crew)
    -> settled, or up the ladder: grid leader -> committee -> joint meeting -> town
    disputes: grid worker sessions -> police post (when screening found it) -> room -> town

Pools of people serve queues (`crews`); the ladder, the dispute path and discovery live in
their own modules and call back into the model through a few methods: `enqueue`,
`escalate`, `resolve`, `resolve_after_implementation`, `report`.

Per-issue state lives in dicts keyed by issue id, only while the issue is in the model
(`admit` to `settle`); settled issues leave in batches as rows of the log (`chunks`), which
`run` collects and `stream` hands to a sink, so memory does not grow with the horizon.
"""

from __future__ import annotations

import gc
import math
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import repeat

import numpy as np
import simpy
from simpy.events import Timeout

from gridsim.model.calendar import daily_changes, open_at_start
from gridsim.model.chunks import (
    ATTRIBUTES,
    COUNTS,
    TIMES,
    Batch,
    Chunk,
    Facts,
    concatenate,
    empty_batch,
    finish,
    gather,
)
from gridsim.model.crews import IDLE, PATROL, Crew, Hours, Pool
from gridsim.model.demand import DAY_MIN, DemandStream, Issues
from gridsim.model.discovery import Discovery
from gridsim.model.disputes import Disputes
from gridsim.model.ladder import Ladder
from gridsim.model.layout import Travel
from gridsim.model.streams import Streams
from gridsim.policies import discipline, dispatch_rule
from gridsim.policies.dispatch import DispatchRule
from gridsim.policies.queues import IssueQueue
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
    """What one replication leaves behind, held whole (`Model.run`): every issue, in issue
    order (ids are creation order), what happened to it, and the monitors."""

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
    live_peak: int = 0  # most issues in the model at once


@dataclass
class RunStats:
    """What a streamed replication leaves besides its rows: the monitors and the figures."""

    issues: int
    crew_names: tuple[str, ...]
    kind_names: tuple[str, ...]
    grid_names: tuple[str, ...]
    channel_names: tuple[str, ...]
    pools: list[PoolStats]
    horizon: float
    warmup: float
    events: int
    cpu_seconds: float
    streams: list[str]
    live_peak: int  # most issues in the model at once: bounded, whatever the horizon


BATCH = 8192
"""Settled issues per batch of rows."""


class Model:
    """One replication of one scenario."""

    def __init__(self, scenario: Scenario, replication: int) -> None:
        self.scenario = scenario
        self.env = simpy.Environment()
        self.horizon = scenario.calendar.horizon_days * DAY_MIN
        self.warmup = scenario.calendar.warmup_days * DAY_MIN
        self.streams = Streams(scenario.seed, replication)
        self.demand = DemandStream(scenario, self.streams)
        self.channel_names = self.demand.channel_names
        self.travel = Travel(scenario.community)
        self.trip = self.travel.minutes
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
        # What happens to each issue in the model, by issue id (absent: not yet).
        self.found: dict[int, float] = {}
        self.reported: dict[int, float] = {}
        self.queued: dict[int, float] = {}
        self.dispatched: dict[int, float] = {}
        self.on_site: dict[int, float] = {}
        self.plan: dict[int, float] = {}
        self.resolved: dict[int, float] = {}
        self.channel: dict[int, int] = {}
        self.level: dict[int, int] = {}
        self.sessions: dict[int, int] = {}
        self.crew_of: dict[int, int] = {}
        self.step: dict[int, int] = {}
        self.job_min: dict[int, float] = {}
        self.waiting_in: dict[int, Pool] = {}  # only while waiting in a queue
        # What the demand fixed, put in when the issue enters (an entry means: open).
        self.facts: dict[int, Facts] = {}
        self._outcomes = {name: getattr(self, name) for name in TIMES}
        self._outcomes.update(channel=self.channel, level=self.level,
                              sessions=self.sessions, crew=self.crew_of)  # fmt: skip
        self.chunks: list[Chunk] = []
        self.settled: list[int] = []
        self.sink: Callable[[Batch], None] = lambda batch: None
        self.live_peak = 0
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
                self._cover(pool, self._day_pools(colour))
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

    def _cover(self, night: Pool, days: list[Pool]) -> None:
        """The night pool serves the day pools' urgent issues out of hours; they wait in a
        queue of their own in the day pool, so no shift change has to move them."""
        sc = self.scenario
        night.days = days
        for day in days:
            day.night = night
            day.urgent = discipline(sc.policy.queue, sc.policy.ageing_min).new_queue()

    def _day_pools(self, handler: str) -> list[Pool]:
        return list({id(p): p for p in self.route[HANDLERS.index(handler)] if p}.values())

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

    def _urgent_flags(self, iss: Issues) -> np.ndarray:
        """Issues that call out the night crew: by kind, or by kind and high severity."""
        rule = np.array([k.urgent for k in self.scenario.demand.kinds.values()])
        urgent = rule[iss.kind]
        return (urgent == "always") | ((urgent == "high") & (iss.severity == 2))

    # -- issues entering and leaving ------------------------------------------------------

    def _load(self, k: int, arrivals: list) -> None:
        """Draw chunk ``k`` of the demand: reported issues wait in ``arrivals`` (kept in
        time order) for their time; latent ones enter at once, to be found (or not) by
        patrols and screening."""
        iss = self.demand.chunk(k)
        n = len(iss)
        chunk = Chunk(iss, self.ladder.needs_of(iss), n, np.zeros(n, dtype=bool))
        self.chunks.append(chunk)
        queued = iss.reported + self.triage
        due = np.flatnonzero(queued < self.horizon)  # NaN (latent) never is
        latent = np.flatnonzero(iss.latent)
        chunk.to_admit = len(due) + len(latent)
        if chunk.to_admit == 0:
            return
        columns = (iss.grid, iss.handler, iss.severity, iss.vulnerable, self._urgent_flags(iss),
                   iss.work, chunk.needs, iss.fate[:, 6], iss.fate[:, 7], iss.latent)  # fmt: skip
        chunk.hot = {
            "facts": list(map(Facts, *(c.tolist() for c in columns))),
            "reported": iss.reported.tolist(),
        }
        self.disputes.prepare(chunk)
        first = iss.first_id
        due = due[np.argsort(queued[due], kind="stable")]
        new = zip(queued[due].tolist(), (due + first).tolist(), repeat(chunk), due.tolist())
        arrivals.extend(new)  # two sorted runs: what is still to come, then this chunk
        arrivals.sort()
        for j in self.discovery.prepare(chunk, latent):
            self.admit(first + j, chunk, j)
        for j in self.discovery.never_found:  # they leave at once, as they are
            self.settled.append(first + j)
        if chunk.to_admit == 0:
            chunk.hot = None

    def admit(self, i: int, chunk: Chunk, j: int) -> None:
        """Issue ``i`` (row ``j`` of ``chunk``) enters the model."""
        facts = self.facts[i] = chunk.hot["facts"][j]
        if facts.handler == MEDIATION:
            self.disputes.admit(i, chunk, j)
        chunk.to_admit -= 1
        if chunk.to_admit == 0:
            chunk.hot = None
        live = len(self.facts)
        if live > self.live_peak:
            self.live_peak = live

    def is_open(self, i: int) -> bool:
        """The issue is in the model: entered and not settled."""
        return i in self.facts

    def settle(self, i: int) -> None:
        """The issue is done with: nothing will happen to it again; its row leaves soon."""
        facts = self.facts.pop(i)
        self.step.pop(i, None)
        self.job_min.pop(i, None)
        if facts.handler == MEDIATION:
            self.disputes.forget(i)
        if facts.latent:
            self.discovery.forget(i)
        self.settled.append(i)
        if len(self.settled) >= BATCH:
            self._flush(self.settled)
            self.settled = []

    def _flush(self, ids: list[int]) -> None:
        """Rows of issues ``ids`` leave the model for the sink."""
        if not ids:
            return
        id_array = np.asarray(ids, dtype=np.int64)
        batch = gather(self.chunks, id_array)
        batch["issue_id"] = id_array
        for name, state in self._outcomes.items():
            values = list(map(state.pop, ids, repeat(COUNTS.get(name, math.nan), len(ids))))
            batch[name] = np.asarray(values, dtype=float if name in TIMES else np.int32)
        self.chunks = [c for c in self.chunks if c.left > 0]
        for chunk in self.chunks:
            if chunk.worth_compacting():
                chunk.compact()
        self.sink(finish(batch, self.horizon))

    def _flush_all(self) -> None:
        """At the horizon: what settled, then every issue still open or never reported."""
        self._flush(self.settled)
        self.settled = []
        rest = [c.remaining() for c in self.chunks]
        ids = np.concatenate(rest).tolist() if rest else []
        for start in range(0, len(ids), BATCH):
            self._flush(ids[start : start + BATCH])

    # -- moving issues --------------------------------------------------------------------

    def reach(self, i: int, level: int) -> None:
        """The issue has reached this rung (levels only go up)."""
        if level > self.level.get(i, -1):
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
        facts = self.facts[i]
        if facts.handler == MEDIATION:
            self.disputes.start(i)
            return
        pool = self.route[facts.handler][facts.grid]
        if not pool.open and facts.urgent and pool.night is not None and pool.night.idle:
            pool = pool.night  # else it waits in the day pool, where the night crew looks
        self.enqueue(pool, i, FIRST, facts.work)

    def enqueue(self, pool: Pool, i: int, step: int, minutes: float) -> None:
        """Ask ``pool`` to do job ``step`` for issue ``i``: at once if a member is free."""
        self.step[i] = step
        self.job_min[i] = minutes
        if pool.idle:
            self._start(pool.rule.choose(pool.idle, self.facts[i].grid, self.trip), i)
        else:
            self._wait(pool, i, self.env.now)

    def _wait(self, pool: Pool, i: int, since: float) -> None:
        """Put the issue in the pool's queue; ``since`` orders it among the waiting."""
        self.waiting_in[i] = pool
        facts = self.facts[i]
        if pool.urgent is not None and facts.urgent:
            pool.urgent.push(i, since, facts.severity, facts.vulnerable)
            pool.n_urgent += 1
            pool.urgent_holder().set_waiting(self.env.now, +1)
        else:
            pool.queue.push(i, since, facts.severity, facts.vulnerable)
            pool.set_waiting(self.env.now, +1)

    def withdraw(self, i: int) -> bool:
        """Take a waiting issue out of its queue (it stays in the heap, marked as gone)."""
        pool = self.waiting_in.pop(i, None)
        if pool is None:
            return False
        self._left_queue(pool, i)
        return True

    def _left_queue(self, pool: Pool, i: int) -> None:
        """Issue ``i`` no longer waits in ``pool``: the queue it counted in is one shorter."""
        if pool.urgent is not None and self.facts[i].urgent:
            pool.n_urgent -= 1
            pool = pool.urgent_holder()
        pool.set_waiting(self.env.now, -1)

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
            if head is not None and (best is None or head < best[0]):
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

    def _start(self, crew: Crew, i: int) -> None:
        """The member sets off (or, in a room, starts at once); the job ends after the work."""
        now = self.env.now
        pool = crew.pool
        # SimPy's clock reaches a queue time t as now + (t - now), which can fall one unit
        # in the last place short of t; never log a dispatch before the issue was queued.
        start = max(now, self.queued[i])
        trip = 0.0
        if pool.travels:
            grid = self.facts[i].grid
            trip = self.trip(crew.location, grid) + pool.callout_min
            crew.location = grid
        if i not in self.dispatched:  # the first responder
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
        self.settle(i)

    def resolve_after_implementation(self, i: int) -> None:
        """A plan has been made; the work it calls for takes an exponential time."""
        mean = self.scenario.ladder.implementation_mean_days * DAY_MIN
        delay = -mean * math.log(self.facts[i].implementation_u) if mean > 0 else 0.0
        if delay == 0.0:
            self.resolve(i)
            return
        done = Timeout(self.env, delay, i)
        done.callbacks.append(self._implemented)

    def _implemented(self, event: simpy.Event) -> None:
        self.events += 1
        self.resolve(event.value)

    # -- processes ------------------------------------------------------------------------

    def _arrivals(self):
        """Draws each chunk of demand when the clock reaches it; each issue a resident
        reports joins its queue after the grid worker's triage."""
        env = self.env
        pending: list[tuple[float, int, Chunk, int]] = []  # (minute queued, id, chunk, row)
        chunk_min = self.demand.chunk_min
        k = at = 0
        while True:
            next_chunk = k * chunk_min
            if k >= self.demand.chunks or next_chunk >= self.horizon:
                next_chunk = math.inf
            while at < len(pending) and pending[at][0] < next_chunk:
                t, i, chunk, j = pending[at]
                at += 1
                if t > env.now:
                    yield Timeout(env, t - env.now)
                self.events += 1
                reported = chunk.hot["reported"][j]
                self.admit(i, chunk, j)
                self.reported[i] = reported
                self._queue_first(i, t)
            if next_chunk == math.inf:
                return
            if next_chunk > env.now:
                yield Timeout(env, next_chunk - env.now)
            del pending[:at]
            at = 0
            self._load(k, pending)
            k += 1

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
                self._hand_over(night, to_night=not is_open)
            for pool in pools if is_open else nights:
                self._drain(pool)

    def _hand_over(self, night: Pool, to_night: bool) -> None:
        """Urgent issues waiting in the day pools now count in the queue of whoever is on
        duty; they stay where they are (time per shift change does not grow with them)."""
        now = self.env.now
        for day in night.days:
            n = day.n_urgent if to_night else -day.n_urgent
            if n:
                day.set_waiting(now, -n)
                night.set_waiting(now, +n)

    def _drain(self, pool: Pool) -> None:
        """Send idle members to waiting issues, in queue order."""
        while pool.idle and pool.n_waiting:
            i = self._next_waiting(pool)
            if i < 0:
                return
            self._start(pool.rule.choose(pool.idle, self.facts[i].grid, self.trip), i)

    # -- running --------------------------------------------------------------------------

    def run(self) -> RunResult:
        """Simulate to the horizon; return every issue's row and the monitors."""
        batches: list[Batch] = []
        stats = self.stream(batches.append)
        rows = concatenate(batches) or empty_batch()
        iss = Issues(
            **{name: rows[name] for name in ATTRIBUTES},
            reported=rows["resident_reported"],
            channel=rows["resident_channel"],
            kind_names=stats.kind_names,
            grid_names=stats.grid_names,
            channel_names=stats.channel_names,
        )
        return RunResult(
            issues=iss,
            **{name: rows[name] for name in (*TIMES, *COUNTS)},
            needs=rows["needs"],
            crew_names=stats.crew_names,
            pools=stats.pools,
            horizon=stats.horizon,
            warmup=stats.warmup,
            events=stats.events,
            cpu_seconds=stats.cpu_seconds,
            streams=stats.streams,
            live_peak=stats.live_peak,
        )

    def stream(self, sink: Callable[[Batch], None]) -> RunStats:
        """Simulate to the horizon, handing each batch of settled issues' rows to ``sink``
        (the rows of issues still open at the horizon come last, by issue id)."""
        cpu = time.process_time()
        self.sink = sink
        by_hours: dict[Hours, list[Pool]] = {}
        nights = {id(p) for p in self.night if p is not None}
        for pool in self.pools:
            pool.set_open(0.0, open_at_start(pool.hours))
            if id(pool) not in nights:  # night crews follow the day shift's changes
                by_hours.setdefault(pool.hours, []).append(pool)
        self.env.process(self._arrivals())
        for hours, pools in by_hours.items():
            if hours is not None:
                self.env.process(self._working_hours(hours, pools))
        self.discovery.start()
        self.ladder.start()
        with _long_lived_objects_frozen():
            self.env.run(until=self.horizon)
        self._flush_all()
        h = self.horizon
        d = self.demand
        return RunStats(
            issues=d.next_id,
            crew_names=tuple(c.name for c in self.crews),
            kind_names=d.kind_names,
            grid_names=d.grid_names,
            channel_names=d.channel_names,
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
            cpu_seconds=time.process_time() - cpu,
            streams=list(self.streams.names),
            live_peak=self.live_peak,
        )


@contextmanager
def _long_lived_objects_frozen() -> Iterator[None]:
    """Keep the cyclic garbage collector off what exists before the run (the model's pools,
    streams and processes: hundreds of thousands of objects in a city), which it would
    otherwise walk at every full collection for nothing; they are handed back afterwards,
    so a finished model is still collected. Halves the time per issue at 5,000 grids."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


__all__ = ["PATROL", "Model", "PoolStats", "RunResult", "RunStats"]
