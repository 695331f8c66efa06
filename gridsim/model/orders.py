"""Work orders (工单): every reported issue is an order with deadlines by its category; it is
signed for at triage, handled, checked and closed, and the resident is called back.

    reported -> signed (triage) -> handled (first response, the ladder) -> resolved
    -> check (the grid worker's time) -> closed -> call-back (grid worker or hall)
    -> satisfied or not; a problem that remains may reopen (same order, same deadline),
       and a dissatisfied resident may go above the town (an outcome, never an input)

At the resolution deadline an open order is supervised from the rung above (督办, yellow
light), again later (red): an order waiting at a rung's queue goes up (`Ladder.overdue`).
A periodic overdue review (`supervision.review_days`) supervises again every open order
past its deadline; they are kept in a set from the deadline on, so a review costs nothing
per order that is on time.
Work finished in a rush (late in its deadline, or after supervision) more often leaves the
problem. Every chance is decided by a uniform drawn with the issue on the `orders` stream,
so variants see the same orders fare the same way.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Generator, Iterator
from statistics import NormalDist
from typing import Any

import numpy as np
from simpy.events import Timeout

from gridsim.model.calendar import sittings
from gridsim.model.chunks import Chunk
from gridsim.model.crews import Crew, Pool
from gridsim.model.deadlines import WorkingTime
from gridsim.model.demand import Issues
from gridsim.model.ladder import Ladder
from gridsim.model.part import Core, Part
from gridsim.model.rungs import Rung
from gridsim.model.streams import Streams
from gridsim.scenario.schema import LEVELS, Scenario
from gridsim.scenario.section import SEVERITIES
from gridsim.units import MINUTES_PER_DAY, MINUTES_PER_HOUR

NEEDS_U = ("money", "money_amount", "department", "cross_grid", "department_time")
"""Uniform columns deciding what an order needs (with `orders.authority`)."""

NORMAL = NormalDist()

CYCLE_U = ("unsolved", "satisfied", "bypass", "reopen", "reopen_delay")
"""Uniform columns of each handling cycle (the first, then each reopening)."""


class Orders(Part):
    """The orders in the model: their deadlines, closing, call-back and reopening."""

    def __init__(self, core: Core, sc: Scenario, streams: Streams, ladder: Ladder,
                 worker_of: list[Crew | None], requeue: Callable[[int], None]) -> None:  # fmt: skip
        super().__init__(core)
        self.cfg = cfg = sc.orders
        self.enabled = cfg.enabled
        self.ladder = ladder
        self.worker_of = worker_of
        self.requeue = requeue
        self.kinds = list(sc.demand.kinds)
        self.cycles = cfg.closing.max_reopens + 1
        self.columns = len(NEEDS_U) + len(CYCLE_U) * self.cycles
        self.rng = streams.get("orders") if self.enabled else None
        self.clock = WorkingTime(sc.calendar, cfg.office_hours)
        self.category = np.array(
            [[cfg.category_of(k, s) for s in range(len(SEVERITIES))] for k in self.kinds]
        ) if self.enabled else np.zeros((len(self.kinds), len(SEVERITIES)), np.int64)  # fmt: skip
        channels = list(sc.demand.channels)
        self.transfer = {channels.index(c): m for c, m in cfg.transfer_min.items()}
        self.urgent_transfer = self.transfer | {
            channels.index(c): m for c, m in cfg.urgent_transfer_min.items()
        }
        # By issue id, while in the model: uniforms and category; handling cycle; how often
        # supervised; whether the order is being closed.
        self.u: dict[int, tuple[float, ...]] = {}
        self.cat: dict[int, int] = {}
        self.kind_of: dict[int, int] = {}
        self.done_at: dict[int, float] = {}  # resolution of the current cycle
        self.transfer_of: dict[int, float] = {}  # minutes a hotline order takes to reach us
        self.cycle: dict[int, int] = {}
        self.supervised: dict[int, int] = {}
        self.closing: set[int] = set()
        self.unsolved: set[int] = set()
        self.overdue: set[int] = set()  # open past the deadline (for the review)
        self.caller: Pool | None = None
        if self.enabled:
            self.ledger.closer = self.close
            self.ledger.forgetters.append(self.forget)

    # -- drawn with the issues ------------------------------------------------------------

    def draw(self, iss: Issues) -> np.ndarray:
        """The uniforms of a chunk of issues (none when orders are off)."""
        if self.rng is None:
            return np.empty((len(iss), 0))
        return 1.0 - self.rng.random((len(iss), self.columns))

    def needs_of(self, iss: Issues, u: np.ndarray, dispute: np.ndarray) -> np.ndarray:
        """The rung each order's needs call for: the lowest rung with the authority for its
        money, a cross-grid matter and a department (`orders.authority`)."""
        auth, specs = self.cfg.authority, self.cfg.needs
        assert auth is not None
        n = len(iss)
        needs = np.zeros(n, dtype=np.int32)
        limits = [auth.spending_limit_cny.get(lv, 0.0) for lv in LEVELS[:4]]
        for k, name in enumerate(self.kinds):
            spec = specs.get(name)
            rows = np.flatnonzero((iss.kind == k) & ~dispute)
            if spec is None or len(rows) == 0:
                continue
            uk = u[rows]
            sigma = math.sqrt(math.log1p(spec.money_cv**2))
            mu = math.log(spec.money_mean_cny) - sigma**2 / 2
            money = np.zeros(len(rows))
            spends = uk[:, 0] < spec.money
            z = [NORMAL.inv_cdf(x) for x in uk[spends, 1].tolist()]
            money[spends] = np.exp(mu + sigma * np.array(z, dtype=float))
            rung = np.searchsorted(np.array(limits), money, side="left").astype(np.int32)
            rung = np.where(money > 0, np.minimum(rung, Rung.TOWN), 0)
            rung = np.maximum(rung, np.where(uk[:, 3] < spec.cross_grid,
                                             LEVELS.index(auth.cross_grid), 0))  # fmt: skip
            rung = np.maximum(rung, np.where(uk[:, 2] < spec.department, Rung.TOWN, 0))
            needs[rows] = rung
        return needs

    def department_minutes(self, i: int) -> float | None:
        """Minutes a county team works on this order, if its needs include a department."""
        u = self.u.get(i)
        if u is None or self.cfg.authority is None:
            return None
        spec = self.cfg.needs.get(self.kinds[self.kind_of[i]])
        if spec is None or u[2] >= spec.department:
            return None
        return -self.cfg.departments.mean_hours * MINUTES_PER_HOUR * math.log(u[4])

    def admit(self, i: int, chunk: Chunk, j: int) -> None:
        """An issue enters: keep its uniforms until it is reported (and becomes an order)."""
        hot = chunk.hot
        assert hot is not None
        self.u[i] = hot["orders"][j]
        self.cat[i] = hot["order_category"][j]
        self.kind_of[i] = hot["order_kind"][j]
        transfer = hot["transfer"][j]
        if transfer:
            self.transfer_of[i] = transfer

    def prepare(self, chunk: Chunk, u: np.ndarray, transfer: np.ndarray) -> None:
        """A new chunk's uniforms, categories, kinds and transfer minutes, for `admit`."""
        assert chunk.hot is not None
        iss = chunk.issues
        chunk.hot["orders"] = [tuple(r) for r in u.tolist()]
        chunk.hot["transfer"] = transfer.tolist()
        chunk.hot["order_category"] = self.category[iss.kind, iss.severity].tolist()
        chunk.hot["order_kind"] = iss.kind.tolist()

    def forget(self, i: int, facts: object) -> None:
        self.u.pop(i, None)
        self.done_at.pop(i, None)
        self.transfer_of.pop(i, None)
        for state in (self.cat, self.cycle, self.supervised, self.kind_of):
            state.pop(i, None)
        self.closing.discard(i)
        self.unsolved.discard(i)
        self.overdue.discard(i)

    # -- an order opens -------------------------------------------------------------------

    def transfers(self, channel: np.ndarray, urgent: np.ndarray) -> np.ndarray:
        """Minutes each order of a chunk takes to reach the community (0: it starts here)."""
        out = np.zeros(len(channel))
        for table, which in ((self.transfer, ~urgent), (self.urgent_transfer, urgent)):
            for c, minutes in table.items():
                out[(channel == c) & which] = minutes
        return out

    def open(self, i: int) -> None:
        """The issue has been reported (its minute is in the ledger) and has reached the
        community (a hotline order its transfer later): it is an order, its deadlines run
        from then."""
        if i not in self.u:
            return
        led = self.ledger
        t = led.reported[i] + self.transfer_of.pop(i, 0.0)
        cat = self.cfg.categories[self.cat[i]]
        due = self.clock.due(t, cat.resolve)
        led.deadline[i] = due
        led.sign_off_deadline[i] = self.clock.due(t, cat.sign_off)
        self.cycle[i] = 0
        if self.cfg.supervision.enabled and math.isfinite(due):
            self.kernel.after(max(due - self.kernel.env.now, 0.0), self._overdue, (i, due, 0))

    def _overdue(self, arg: tuple[int, float, int]) -> None:
        """The deadline has passed with the order open: supervision from the rung above."""
        i, due, light = arg
        if not self.ledger.is_open(i) or i in self.closing:
            return
        self._supervise(i)
        if light == 0:
            self.overdue.add(i)
            span = due - self.ledger.reported[i]
            red = due + self.cfg.supervision.red_after_share * span
            self.kernel.after(max(red - self.kernel.env.now, 0.0), self._overdue, (i, red, 1))

    def _supervise(self, i: int) -> None:
        self.supervised[i] = self.supervised.get(i, 0) + 1
        self.ledger.supervised.setdefault(i, self.kernel.env.now)
        self.ladder.overdue(i)

    def start(self, horizon: float) -> None:
        """The periodic overdue review, if the scenario has one."""
        sup = self.cfg.supervision
        if self.enabled and sup.enabled and sup.review_days is not None:
            times = sittings(sup.review_days, sup.review_hour, horizon)
            self.kernel.process(self._reviews(times))

    def _reviews(self, times: Iterator[float]) -> Generator[Timeout, Any, None]:
        """The overdue review (督办会): every open order past its deadline and not being
        closed is supervised again, in issue order (reproducible)."""
        env = self.kernel.env
        for t in times:
            yield Timeout(env, t - env.now)
            self.kernel.events += 1
            for i in sorted(self.overdue):
                if i not in self.closing and self.ledger.is_open(i):
                    self._supervise(i)

    # -- closing --------------------------------------------------------------------------

    def close(self, i: int) -> bool:
        """The order's work is done (`Ledger.resolve`): check it, close it, call back.
        False for an issue that is not an order (it settles at once)."""
        if i not in self.cycle:
            return False
        self.closing.add(i)
        led = self.ledger
        u = self._cycle_u(i)
        deadline = led.deadline[i]
        start = led.reported[i]
        now = self.done_at[i] = self.kernel.env.now  # this cycle's resolution
        rushed = self.supervised.get(i, 0) > 0 or (
            now >= deadline - self.cfg.closing.rush_share * (deadline - start)
        )
        p = self.cfg.closing.unsolved_rushed if rushed else self.cfg.closing.unsolved
        if u[0] < p:
            self.unsolved.add(i)
        else:
            self.unsolved.discard(i)
        minutes = self.cfg.closing.check_min
        worker = self.worker_of[led.facts[i].grid]
        if minutes > 0 and worker is not None:
            self.jobs.enqueue(worker.pool, i, minutes, self._checked)
        else:
            self._checked(i)
        return True

    def _cycle_u(self, i: int) -> tuple[float, ...]:
        c = len(NEEDS_U) + len(CYCLE_U) * self.cycle[i]
        return self.u[i][c : c + len(CYCLE_U)]

    def _checked(self, i: int) -> None:
        self.ledger.closed.setdefault(i, self.kernel.env.now)  # the first closing stays
        delay = self.cfg.callback.delay_hours * MINUTES_PER_HOUR
        self.kernel.after(delay, self._call, i)

    def _call(self, i: int) -> None:
        cb = self.cfg.callback
        pool = self._caller(i)
        if pool is None or cb.minutes == 0:
            self._called(i)
        else:
            self.jobs.enqueue(pool, i, cb.minutes, self._called, desk=True)

    def _caller(self, i: int) -> Pool | None:
        if self.cfg.callback.by == "hall":
            return self.caller
        worker = self.worker_of[self.ledger.facts[i].grid]
        return None if worker is None else worker.pool

    def _called(self, i: int) -> None:
        """The resident answers: satisfied or not; then the order ends, reopens or leaves."""
        led, cb, closing = self.ledger, self.cfg.callback, self.cfg.closing
        u = self._cycle_u(i)
        solved = i not in self.unsolved
        on_time = self.done_at[i] <= led.deadline[i]
        p = cb.satisfied_unsolved
        if solved:
            p = cb.satisfied if on_time else cb.satisfied_late
        satisfied = u[1] < min(max(p + cb.lift, 0.0), 1.0)
        led.satisfied[i] = int(satisfied)
        if not satisfied and u[2] < closing.bypass:
            led.bypassed[i] = 1
            led.reach(i, Rung.ABOVE_TOWN)
        elif not solved and self.cycle[i] + 1 < self.cycles and u[3] < closing.reopen:
            delay = -closing.reopen_mean_days * MINUTES_PER_DAY * math.log(u[4])
            self.kernel.after(delay, self._reopen, i)
            return
        self.closing.discard(i)
        led.settle(i)

    def _reopen(self, i: int) -> None:
        """The resident reports the problem again: the same order, handled again."""
        led = self.ledger
        led.reopened[i] = led.reopened.get(i, 0) + 1
        self.cycle[i] += 1
        self.closing.discard(i)
        self.requeue(i)


__all__ = ["CYCLE_U", "NEEDS_U", "Orders"]
