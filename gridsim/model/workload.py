"""The grid workers' duties besides issues: home visits, the daily log and tasks sent down.

Each duty is handed to the worker's pool at its time (`Jobs.assign`): the worker takes it at
once if free, else when the job in hand ends and no issue waits (reports and issues come
first); a long duty is worked in pieces (`piece_min`), between which the worker takes what
waits for them, as a worker reads their messages between the parts of a task. Duties are
done on duty only: one still waiting at the end of the shift waits for the next. Times come
from the grid workers' roster, a day at a time, so memory does not grow with the horizon.
"""

from __future__ import annotations

import math
from collections.abc import Generator, Iterator
from functools import partial
from typing import Any

import numpy as np
from simpy.events import Timeout

from gridsim.model.crews import DUTY, Crew
from gridsim.model.part import Core, Part
from gridsim.model.roster import shift_runs
from gridsim.model.streams import Streams
from gridsim.scenario.roster import WEEKDAYS
from gridsim.scenario.schema import Scenario
from gridsim.scenario.workload import SentDown
from gridsim.units import MINUTES_PER_DAY, MINUTES_PER_HOUR

Runs = list[tuple[float, float]]
"""A day's on-duty spells of the grid workers: (start, end) minutes."""

Slots = dict[int, list[tuple[int, int]]]
"""By cycle length: each day's (position among its cycle's working days, how many)."""


class Workload(Part):
    """Duty processes, one per grid worker, when the scenario has a workload."""

    def __init__(self, core: Core, sc: Scenario, streams: Streams, horizon: float) -> None:
        super().__init__(core)
        self.cfg = sc.workload
        self.streams = streams
        self.horizon = horizon
        self.days = math.ceil(horizon / MINUTES_PER_DAY)
        self.grids = sc.community.grids

    def start(self, worker_of: list[Crew | None]) -> None:
        """One process per grid worker (``worker_of``: each grid's)."""
        if not self.cfg.active:
            return
        grids_of: dict[int, list[int]] = {}
        for g, worker in enumerate(worker_of):
            if worker is not None:
                grids_of.setdefault(worker.index, []).append(g)
        visits = self.cfg.home_visits
        cycles = set() if visits is None else {visits.cycle_days, visits.vulnerable_cycle_days}
        # Whole cycles, past the horizon: a shorter run is the beginning of a longer one.
        last = max((-(-self.days // c) * c for c in cycles), default=self.days)
        runs = [self._runs(d) for d in range(last)]
        slots: Slots = {c: spread_days([bool(r) for r in runs], c) for c in cycles}
        for crew in self.jobs.crews:
            if crew.index in grids_of and crew.pool.handler == "grid_worker":
                self.kernel.process(self._duties(crew, grids_of[crew.index], runs, slots))

    def _runs(self, day: int) -> Runs:
        shifts = self.duty.roster("grid_worker")
        base = day * MINUTES_PER_DAY
        if shifts is None:
            return [(base, base + MINUTES_PER_DAY)]
        return sorted((r.start, r.end) for r in shift_runs(shifts, self.duty.days, day, day))

    def _duties(self, crew: Crew, grids: list[int], runs: list[Runs], slots: Slots
                ) -> Generator[Timeout, Any, None]:  # fmt: skip
        """The worker's duties, day by day, each handed over at its time."""
        env = self.kernel.env
        counts = self._households(grids)
        tasks = self.cfg.tasks
        rng = None if tasks is None else self.streams.get(f"workload/tasks/{crew.name}")
        for day, today in enumerate(runs[: self.days]):
            if not today:
                continue
            due = self._visits(day, today, counts, slots) + self._log(today)
            if rng is not None and tasks is not None:
                due += sent_down(rng, tasks, today, self.duty.days.of(day))
            for t, minutes in sorted(due):
                if t >= self.horizon:
                    continue
                if t > env.now:
                    yield Timeout(env, t - env.now)
                self.kernel.events += 1
                self.jobs.assign(crew.pool, partial(self._work, minutes))

    def _households(self, grids: list[int]) -> tuple[int, int]:
        """Ordinary and vulnerable households of the worker's grids."""
        vulnerable = sum(round(self.grids[g].households * self.grids[g].vulnerable_share)
                         for g in grids)  # fmt: skip
        return sum(self.grids[g].households for g in grids) - vulnerable, vulnerable

    def _visits(self, day: int, today: Runs, counts: tuple[int, int], slots: Slots
                ) -> list[tuple[float, float]]:  # fmt: skip
        visits = self.cfg.home_visits
        if visits is None:
            return []
        n = 0
        for households, cycle in zip(counts, (visits.cycle_days, visits.vulnerable_cycle_days),
                                     strict=True):  # fmt: skip
            k, of = slots[cycle][day]
            n += share(households, k, of)
        if n == 0:
            return []
        return [(at_hour(today, day * MINUTES_PER_DAY + visits.hour * MINUTES_PER_HOUR),
                 n * visits.min_per_visit)]  # fmt: skip

    def _log(self, today: Runs) -> list[tuple[float, float]]:
        m = self.cfg.daily_log_min
        if m <= 0:
            return []
        start, end = today[-1]
        return [(max(start, end - m), m)]

    def _work(self, minutes: float, crew: Crew) -> None:
        """A piece of the duty (at most `piece_min`); the rest goes back at the head of the
        duties, so the worker takes what waits for them in between."""
        crew.issue = DUTY
        piece = self.cfg.piece_min
        if piece is None or minutes <= piece:
            self.kernel.after(minutes, self.jobs.free, crew)
            return
        self.kernel.after(piece, self._piece_done, (crew, minutes - piece))

    def _piece_done(self, held: tuple[Crew, float]) -> None:
        crew, rest = held
        crew.pool.tasks.appendleft(partial(self._work, rest))
        self.jobs.free(crew)


def spread_days(working: list[bool], cycle: int) -> list[tuple[int, int]]:
    """For each day: (its position among the working days of its cycle, how many there
    are); (0, 0) on a day off."""
    out = [(0, 0)] * len(working)
    for first in range(0, len(working), cycle):
        days = [d for d in range(first, min(first + cycle, len(working))) if working[d]]
        for k, d in enumerate(days):
            out[d] = (k, len(days))
    return out


def share(n: int, k: int, of: int) -> int:
    """Day ``k`` of ``of`` working days' part of ``n`` visits: even, remainders spread."""
    return 0 if of == 0 else (k + 1) * n // of - k * n // of


def at_hour(today: Runs, t: float) -> float:
    """``t`` if on duty then, else the next start of duty that day (else the last)."""
    for start, end in today:
        if t < end:
            return max(t, start)
    return today[-1][0]


def sent_down(rng: np.random.Generator, cfg: SentDown, today: Runs, day_type: str
              ) -> list[tuple[float, float]]:  # fmt: skip
    """Tasks arriving today: Poisson with the day's share of the week's budget, at uniform
    on-duty minutes; no tasks on a public holiday."""
    if day_type not in WEEKDAYS:
        return []
    weights = cfg.weekday_weights
    per_week = cfg.hours_per_week * MINUTES_PER_HOUR / cfg.mean_task_min
    mean = per_week * weights[WEEKDAYS.index(day_type)] / sum(weights)
    if mean <= 0:
        return []
    n = int(rng.poisson(mean))
    on = rng.random(n) * sum(end - start for start, end in today)
    if cfg.length == "fixed":
        lengths: Iterator[float] = iter([cfg.mean_task_min] * n)
    else:
        lengths = iter(rng.exponential(cfg.mean_task_min, n).tolist())
    return [(minute_on(today, x), next(lengths)) for x in on.tolist()]


def minute_on(today: Runs, x: float) -> float:
    """The clock minute ``x`` on-duty minutes into the day."""
    for start, end in today:
        if x < end - start:
            return start + x
        x -= end - start
    return today[-1][1]


__all__ = ["Workload", "at_hour", "minute_on", "sent_down", "share", "spread_days"]
