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
from typing import TYPE_CHECKING

import numpy as np
from simpy.events import Timeout

from gridsim.model.calendar import DAY_MIN, periodic
from gridsim.model.crews import IDLE, PATROL, Crew
from gridsim.model.demand import key_households
from gridsim.scenario.schema import HANDLERS

if TYPE_CHECKING:
    from gridsim.model.model import Model

NEVER = 1 << 60


def trials_until_success(u: np.ndarray, p: float) -> np.ndarray:
    """Geometric number of trials (1, 2, ...) to the first success, by inversion of ``u``.

    Inversion makes the count monotone in p for the same u: a likelier find is never later.
    """
    if p >= 1.0:
        return np.ones(len(u), dtype=np.int64)
    if p <= 0.0:
        return np.full(len(u), NEVER, dtype=np.int64)
    return 1 + np.floor(np.log(u) / math.log1p(-p)).astype(np.int64)


class Discovery:
    """Patrol rounds per grid worker and screening visits per grid."""

    def __init__(self, model: Model) -> None:
        self.model = model
        sc = model.scenario
        iss = model.issues
        self.patrol = sc.policy.patrol
        self.screening = sc.policy.screening
        n_grids = len(sc.community.grids)
        self.patrol_channel = iss.channel_names.index("patrol")
        self.screening_channel = iss.channel_names.index("screening")
        self.created = iss.created.tolist()
        latent = np.flatnonzero(iss.latent)  # in creation order: they sort last by created
        self.rounds_left = trials_until_success(iss.fate[:, 1], self.patrol.find_probability)
        self.rounds_left = self.rounds_left.tolist()
        self.visits_left = trials_until_success(iss.fate[:, 2], self.screening.find_probability)
        self.visits_left = self.visits_left.tolist()
        households = np.array([g.households for g in sc.community.grids])
        n_key = np.array([key_households(g) for g in sc.community.grids])
        is_key = iss.household >= (households - n_key)[iss.grid]
        kinds = sc.demand.kinds.values()
        by_patrol = np.array(["patrol" in k.found_by for k in kinds])[iss.kind]
        by_screening = np.array(["screening" in k.found_by for k in kinds])[iss.kind]
        dispute = iss.handler == HANDLERS.index("mediation")
        self.unseen_by_patrol = [deque() for _ in range(n_grids)]
        self.unseen_by_screening = [deque() for _ in range(n_grids)]
        for i in latent.tolist():
            if by_patrol[i]:
                self.unseen_by_patrol[iss.grid[i]].append(i)
            if by_screening[i] and dispute[i] and is_key[i]:
                self.unseen_by_screening[iss.grid[i]].append(i)
        self.watched_by_patrol: list[list[int]] = [[] for _ in range(n_grids)]
        self.watched_by_screening: list[list[int]] = [[] for _ in range(n_grids)]
        self.households = [g.households for g in sc.community.grids]
        self.round_min = [0.0] * len(model.crews)
        self.grids_of: dict[int, list[int]] = {}

    # -- patrols --------------------------------------------------------------------------

    def start(self) -> None:
        m = self.model
        if self.patrol.per_day > 0:
            for pool in m.pools:
                if pool.handler != "grid_worker":
                    continue
                crew = pool.crews[0]
                grids = [g for g, w in enumerate(m.worker_of) if w is crew]
                self.grids_of[crew.index] = grids
                self.round_min[crew.index] = self.patrol.min_per_household * sum(
                    self.households[g] for g in grids
                )
                m.env.process(self._rounds(crew))
        if any(self.unseen_by_screening):
            m.env.process(self._screenings())

    def _round_times(self) -> list[float]:
        p = self.patrol
        times = []
        for day in range(math.ceil(self.model.horizon / DAY_MIN)):
            for k in range(p.per_day):
                t = day * DAY_MIN + (p.start_hour + k * p.spacing_hours) * 60.0
                if t < self.model.horizon:
                    times.append(t)
        return times

    def _rounds(self, crew: Crew):
        """A grid worker's rounds: at once if free, else as soon as the job in hand ends."""
        env = self.model.env
        for t in self._round_times():
            yield Timeout(env, t - env.now)
            self.model.events += 1
            if crew.issue == IDLE:
                if crew in crew.pool.idle:
                    crew.pool.idle.remove(crew)
                crew.pool.set_busy(env.now, +1)
                self.start_round(crew)
            elif crew.issue != PATROL:
                crew.patrol_due = True

    def start_round(self, crew: Crew) -> None:
        """The worker (already counted busy) walks the round, household by household, grid
        by grid; each issue that existed when the round began and that this round finds is
        reported when the worker passes its household."""
        m = self.model
        env = m.env
        crew.issue = PATROL
        crew.patrol_due = False
        now = env.now
        mph = self.patrol.min_per_household
        passed = 0  # households of the round before this grid
        for g in self.grids_of[crew.index]:
            found = self._look(
                g, now, self.unseen_by_patrol, self.watched_by_patrol, self.rounds_left
            )
            for i in found:
                at = (passed + m.issues.household[i] + 1) * mph
                spotted = Timeout(env, at, i)
                spotted.callbacks.append(self._spotted)
            passed += self.households[g]
        done = Timeout(env, self.round_min[crew.index], crew)
        done.callbacks.append(self._round_done)

    def _spotted(self, event) -> None:
        m = self.model
        m.events += 1
        i = event.value
        if math.isnan(m.found[i]):  # the screening may have found it since the round began
            m.report(i, self.patrol_channel)

    def _round_done(self, event) -> None:
        crew: Crew = event.value
        m = self.model
        m.events += 1
        crew.location = self.grids_of[crew.index][0]
        m.free(crew)

    def _look(
        self,
        grid: int,
        since: float,
        unseen: list[deque[int]],
        watched: list[list[int]],
        left: list[int],
    ) -> list[int]:
        """One look at a grid: issues that existed at ``since`` each use up one chance."""
        found_at = self.model.found
        arrivals = unseen[grid]
        while arrivals and self.created[arrivals[0]] <= since:
            watched[grid].append(arrivals.popleft())
        found, still = [], []
        for i in watched[grid]:
            if not math.isnan(found_at[i]):
                continue  # found by the other means
            left[i] -= 1
            (found if left[i] <= 0 else still).append(i)
        watched[grid] = still
        return found

    # -- screening ------------------------------------------------------------------------

    def _screenings(self):
        """Each grid's key households are visited every interval, grids spread over it."""
        m = self.model
        s = self.screening
        n_grids = len(self.unseen_by_screening)
        visits = []
        for g in range(n_grids):
            offset = (g * s.interval_days / n_grids) * DAY_MIN + s.hour * 60.0
            visits += [(t, g) for t in periodic(offset, s.interval_days * DAY_MIN, m.horizon)]
        visits.sort()
        env = m.env
        for t, g in visits:
            if t > env.now:
                yield Timeout(env, t - env.now)
            m.events += 1
            found = self._look(
                g, t, self.unseen_by_screening, self.watched_by_screening, self.visits_left
            )
            for i in found:
                m.report(i, self.screening_channel, triage=False)
