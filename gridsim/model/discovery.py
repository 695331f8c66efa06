"""Discovery: latent issues found by the grid workers' patrols and the monthly screening.

Some issues no resident reports. Each patrol round of a grid worker finds each latent issue
of the worker's grids with a probability; the police post's screening visit finds latent
disputes in key households with its own probability. Which round finds an issue is fixed
by a uniform drawn with the issue: it survives G rounds, G geometric, so a variant that
patrols twice a day finds the same issue at the same round, only sooner.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable, Generator, Iterator
from functools import partial
from typing import Any

import numpy as np
from simpy.events import Timeout

from gridsim.model.calendar import periodic
from gridsim.model.chunks import Chunk, Facts
from gridsim.model.crews import DUTY, PATROL, Crew
from gridsim.model.demand import key_households
from gridsim.model.part import Core, Part
from gridsim.scenario.schema import HANDLERS, Scenario
from gridsim.units import MINUTES_PER_DAY, MINUTES_PER_HOUR

Report = Callable[[int, int, bool], None]
"""Reports a found issue: (issue, channel, whether the grid worker triages it)."""

NEVER = 1 << 60


def trials_until_success(u: np.ndarray, p: float) -> np.ndarray:
    """Geometric number of trials (1, 2, ...) to the first success, by inversion of ``u``.

    Inversion makes the count monotone in p for the same u: a likelier find is never later.
    """
    if p >= 1.0:
        return np.ones(len(u), dtype=np.int64)
    if p <= 0.0:
        return np.full(len(u), NEVER, dtype=np.int64)
    with np.errstate(divide="ignore", over="ignore"):  # p near 0 or u = 0: never, in effect
        trials = np.floor(np.log(u) / math.log1p(-p))
    return np.minimum(1.0 + trials, float(NEVER)).astype(np.int64)


class Discovery(Part):
    """Patrol rounds per grid worker and screening visits per grid."""

    def __init__(
        self,
        core: Core,
        sc: Scenario,
        report: Report,
        channel_names: tuple[str, ...],
        horizon: float,
    ) -> None:
        super().__init__(core)
        self.report = report
        self.horizon = horizon
        self.patrol = sc.policy.patrol
        self.screening = sc.policy.screening
        n_grids = len(sc.community.grids)
        self.patrol_channel = channel_names.index("patrol")
        self.screening_channel = channel_names.index("screening")
        self.households = [g.households for g in sc.community.grids]
        self.key_from = np.array([g.households - key_households(g) for g in sc.community.grids])
        kinds = sc.demand.kinds.values()
        self.by_patrol = np.array(["patrol" in k.found_by for k in kinds], dtype=bool)
        self.by_screening = np.array(["screening" in k.found_by for k in kinds], dtype=bool)
        # Latent issues not yet created at the last look, in creation order: (created, id).
        self.unseen_by_patrol: list[deque[tuple[float, int]]] = [deque() for _ in range(n_grids)]
        self.unseen_by_screening: list[deque[tuple[float, int]]] = [deque() for _ in range(n_grids)]
        self.watched_by_patrol: list[list[int]] = [[] for _ in range(n_grids)]
        self.watched_by_screening: list[list[int]] = [[] for _ in range(n_grids)]
        # By issue id, while a latent issue is in the model.
        self.rounds_left: dict[int, int] = {}
        self.visits_left: dict[int, int] = {}
        self.household: dict[int, int] = {}
        self.never_found: list[int] = []  # rows of the last chunk that nothing can find
        self.round_min = [0.0] * len(self.jobs.crews)
        self.grids_of: dict[int, list[int]] = {}
        # The police post's officers, whose time the screening visits take (if any).
        self.police = next((p for p in self.jobs.pools if p.group == "police"), None)
        key = np.array([g.households for g in sc.community.grids]) - self.key_from
        self.visit_min = (key * self.screening.min_per_household).tolist()
        self.ledger.forgetters.append(self.forget)

    def prepare(self, chunk: Chunk, latent: np.ndarray) -> list[int]:
        """Put a new chunk's latent issues (rows ``latent``) where patrols and screenings
        will look; returns the rows that enter the model. Those nothing can find are left
        in `never_found`: they leave the model at once, as they are."""
        iss = chunk.issues
        if len(latent) == 0:
            self.never_found = []
            return []
        grid = iss.grid[latent]
        patrolled = self.by_patrol[iss.kind[latent]] & (self.patrol.per_day > 0)
        screened = (
            self.by_screening[iss.kind[latent]]
            & (iss.handler[latent] == HANDLERS.index("mediation"))
            & (iss.household[latent] >= self.key_from[grid])
        )
        rounds = trials_until_success(iss.fate[latent, 1], self.patrol.find_probability)
        visits = trials_until_success(iss.fate[latent, 2], self.screening.find_probability)
        patrolled &= rounds < NEVER
        screened &= visits < NEVER
        first = iss.first_id
        rows = zip(latent.tolist(), grid.tolist(), iss.created[latent].tolist(),
                   patrolled.tolist(), screened.tolist(), strict=True)  # fmt: skip
        entering, self.never_found = [], []
        for k, (j, g, created, by_patrol, by_screening) in enumerate(rows):
            i = first + j
            if not (by_patrol or by_screening):
                self.never_found.append(j)
                continue
            entering.append(j)
            self.household[i] = int(iss.household[j])
            if by_patrol:
                self.unseen_by_patrol[g].append((created, i))
                self.rounds_left[i] = int(rounds[k])
            if by_screening:
                self.unseen_by_screening[g].append((created, i))
                self.visits_left[i] = int(visits[k])
        chunk.to_admit -= len(self.never_found)
        return entering

    def forget(self, i: int, facts: Facts) -> None:
        if facts.latent and i in self.household:
            del self.household[i]
            self.rounds_left.pop(i, None)
            self.visits_left.pop(i, None)

    # -- patrols --------------------------------------------------------------------------

    def start(self, worker_of: list[Crew | None]) -> None:
        """Patrol rounds for each grid worker (of the grids in ``worker_of``); screenings."""
        if self.patrol.per_day > 0:
            for g, worker in enumerate(worker_of):  # one pass: linear in the grids
                if worker is not None:
                    self.grids_of.setdefault(worker.index, []).append(g)
            for pool in self.jobs.pools:
                if pool.handler != "grid_worker":
                    continue
                crew = pool.crews[0]
                grids = self.grids_of.setdefault(crew.index, [])
                self.round_min[crew.index] = self.patrol.min_per_household * sum(
                    self.households[g] for g in grids
                )
                self.kernel.process(self._rounds(crew))
        finds = self.by_screening.any() and self.screening.find_probability > 0
        if finds or self.police is not None:
            self.kernel.process(self._screenings())

    def _round_times(self) -> Iterator[float]:
        p = self.patrol
        for day in range(math.ceil(self.horizon / MINUTES_PER_DAY)):
            for k in range(p.per_day):
                t = day * MINUTES_PER_DAY + (p.start_hour + k * p.spacing_hours) * MINUTES_PER_HOUR
                if t < self.horizon:
                    yield t

    def _rounds(self, crew: Crew) -> Generator[Timeout, Any, None]:
        """A grid worker's rounds: at once if free, else as soon as the job in hand ends
        (none while a round is still being walked, none while off duty)."""
        env = self.kernel.env
        for t in self._round_times():
            yield Timeout(env, t - env.now)
            self.kernel.events += 1
            if crew.issue != PATROL and crew.on_duty:
                self.jobs.claim(crew, self.start_round)

    def start_round(self, crew: Crew) -> None:
        """The worker (already counted busy) walks the round, household by household, grid
        by grid; each issue that existed when the round began and that this round finds is
        reported when the worker passes its household."""
        crew.issue = PATROL
        now = self.kernel.env.now
        mph = self.patrol.min_per_household
        passed = 0  # households of the round before this grid
        for g in self.grids_of[crew.index]:
            found = self._look(
                g, now, self.unseen_by_patrol, self.watched_by_patrol, self.rounds_left
            )
            for i in found:
                self.kernel.after((passed + self.household[i] + 1) * mph, self._spotted, i)
            passed += self.households[g]
        self.kernel.after(self.round_min[crew.index], self._round_done, crew)

    def _spotted(self, i: int) -> None:
        led = self.ledger
        if led.is_open(i) and i not in led.found:  # screening may have found it since
            self.report(i, self.patrol_channel, True)

    def _round_done(self, crew: Crew) -> None:
        crew.location = self.grids_of[crew.index][0]
        self.jobs.free(crew)

    def _look(
        self,
        grid: int,
        since: float,
        unseen: list[deque[tuple[float, int]]],
        watched: list[list[int]],
        left: dict[int, int],
    ) -> list[int]:
        """One look at a grid: issues that existed at ``since`` each use up one chance."""
        led = self.ledger
        found_at = led.found
        arrivals = unseen[grid]
        while arrivals and arrivals[0][0] <= since:
            watched[grid].append(arrivals.popleft()[1])
        found: list[int] = []
        still: list[int] = []
        for i in watched[grid]:
            if i in found_at or not led.is_open(i):
                continue  # found by the other means
            left[i] -= 1
            (found if left[i] <= 0 else still).append(i)
        watched[grid] = still
        return found

    # -- screening ------------------------------------------------------------------------

    def _screenings(self) -> Generator[Timeout, Any, None]:
        """Each grid's key households are visited every interval, grids spread over it (so
        one interval's visits all come before the next interval's). With officers, each
        visit starts on a whole day at the screening hour and is a job of an officer."""
        s = self.screening
        n_grids = len(self.unseen_by_screening)
        interval = s.interval_days * MINUTES_PER_DAY
        hour = s.hour * MINUTES_PER_HOUR
        offsets = [g * interval / n_grids for g in range(n_grids)]
        env = self.kernel.env
        horizon = self.horizon
        for start in periodic(0.0, interval, horizon + interval):
            for g, offset in enumerate(offsets):
                if self.police is None:
                    t = start + (offset + hour)
                else:
                    t = math.floor((start + offset) / MINUTES_PER_DAY) * MINUTES_PER_DAY + hour
                if t >= horizon:
                    continue
                if t > env.now:
                    yield Timeout(env, t - env.now)
                self.kernel.events += 1
                if self.police is not None:
                    self.jobs.assign(self.police, partial(self._visit, g))
                    continue
                found = self._look(
                    g, t, self.unseen_by_screening, self.watched_by_screening, self.visits_left
                )
                for i in found:
                    self.report(i, self.screening_channel, False)

    def _visit(self, g: int, crew: Crew) -> None:
        """An officer screens grid ``g``'s key households; what it finds among the issues
        there when the visit starts is reported when it ends."""
        crew.issue = DUTY
        crew.location = g
        found = self._look(g, self.kernel.env.now, self.unseen_by_screening,
                           self.watched_by_screening, self.visits_left)  # fmt: skip
        self.kernel.after(self.visit_min[g], self._visited, (crew, found))

    def _visited(self, outcome: tuple[Crew, list[int]]) -> None:
        crew, found = outcome
        led = self.ledger
        for i in found:
            if led.is_open(i) and i not in led.found:  # a patrol may have found it since
                self.report(i, self.screening_channel, False)
        self.jobs.free(crew)
