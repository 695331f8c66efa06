"""The governance ladder: grid worker, grid leader, community committee, joint meeting, town.

An issue its first responder cannot settle goes up one rung at a time. It climbs because its
nature needs a higher rung (a share of each kind, drawn with the issue) or because it waited
too long at a rung (the policy's time thresholds). The committee and the joint meeting
decide a plan; the work the plan calls for then takes its implementation time. "Nothing
goes above the town": an issue that would is counted as `above_town`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Generator, Iterator
from typing import Any

import numpy as np
from simpy.events import Timeout

from gridsim.model.calendar import sittings
from gridsim.model.crews import Pool
from gridsim.model.demand import Issues
from gridsim.model.jobs import Then
from gridsim.model.part import Core, Part
from gridsim.model.rungs import FIRST_RUNG, Rung
from gridsim.policies.dispatch import DispatchRule
from gridsim.scenario.schema import HANDLERS, Scenario
from gridsim.units import MINUTES_PER_DAY, MINUTES_PER_HOUR


def needed_rungs(u: np.ndarray, chains: np.ndarray) -> np.ndarray:
    """The highest rung each issue's nature needs: rung k is needed with probability
    chain[0] * ... * chain[k-1], decided by one uniform (so more likely is never lower)."""
    reach = np.cumprod(chains, axis=1)  # P(needs at least rung k + 1)
    return np.sum(u[:, None] < reach, axis=1).astype(np.int64)


class Ladder(Part):
    """The rungs above the first responder, and the escalations between them."""

    def __init__(self, core: Core, sc: Scenario, horizon: float, hall: int) -> None:
        super().__init__(core)
        jobs = self.jobs
        self.horizon = horizon
        self.cfg = sc.ladder
        self.escalate_cfg = sc.policy.escalate
        self.joint_meeting = sc.policy.joint_meeting
        self.chains = np.array([k.escalation.chain() for k in sc.demand.kinds.values()])
        index = {g.name: i for i, g in enumerate(sc.community.grids)}
        self.leader_of: list[Pool | None] = [None] * len(index)
        for leader in sc.staff.grid_leaders:
            pool = jobs.new_pool(f"grid_leader/{leader.name}", "grid_leader", DispatchRule(),
                                 "grid_leader")  # fmt: skip
            grids = [index[g] for g in leader.grids]
            jobs.add_member(pool, leader.name, grids[0])
            for g in grids:
                self.leader_of[g] = pool
        self.committee: Pool | None = None
        if sc.staff.committee:
            self.committee = jobs.new_pool("committee", "committee", DispatchRule(), "committee",
                                           travels=False)  # fmt: skip
            for c in range(self.duty.size("committee", sc.staff.committee)):
                jobs.add_member(self.committee, f"committee-{c + 1}", hall)
        self.meeting_waiting: list[int] = []
        # Work orders (`orders`): rungs are passed at once when they lack the authority;
        # the town summons a county department for what needs one (its minutes, or None).
        self.by_authority = sc.orders.enabled and sc.orders.authority is not None
        self.department_minutes: Callable[[int], float | None] = lambda i: None
        self.departments: Pool | None = None
        teams = sc.orders.departments.teams if self.by_authority else 0
        if teams:
            self.departments = jobs.new_pool("county", "county", DispatchRule(), "county",
                                             travels=False)  # fmt: skip
            for c in range(teams):
                jobs.add_member(self.departments, f"county-{c + 1}", hall)

    def needs_of(self, iss: Issues) -> np.ndarray:
        """The rung each issue's nature needs, from its first fate uniform."""
        chains = self.chains[iss.kind]
        needs = needed_rungs(iss.fate[:, 0], chains) if len(iss) else np.empty(0, np.int64)
        # Disputes take their own path; of their nature only `above_town` counts.
        dispute = iss.handler == HANDLERS.index("mediation")
        above = chains[dispute, Rung.ABOVE_TOWN - 1]
        needs[dispute] = np.where(iss.fate[dispute, 0] < above, Rung.ABOVE_TOWN, 0)
        return needs.astype(np.int32)

    def start(self) -> None:
        jm = self.joint_meeting
        self.kernel.process(self._meetings(sittings(jm.interval_days, jm.hour, self.horizon)))

    # -- after each rung acts -------------------------------------------------------------

    def after_first_response(self, i: int) -> None:
        if self.ledger.facts[i].needs <= FIRST_RUNG:
            self.ledger.resolve(i)
        else:
            self.escalate(i, FIRST_RUNG)

    def _after_leader(self, i: int) -> None:
        if self.ledger.facts[i].needs <= Rung.GRID_LEADER:
            self.ledger.resolve(i)
        else:
            self.escalate(i, Rung.GRID_LEADER)

    def _after_committee(self, i: int) -> None:
        self.decide(i, Rung.COMMUNITY)

    def decide(self, i: int, rung: int) -> None:
        """A rung that plans (committee, joint meeting, town) has decided on the issue: a plan
        if the issue's nature lets it settle here, else it passes the issue up."""
        led = self.ledger
        needs = led.facts[i].needs
        if needs <= rung or rung == Rung.TOWN:
            if rung == Rung.TOWN and self._summon(i):
                return
            self._plan(i)
        else:
            self.escalate(i, rung)

    def _plan(self, i: int) -> None:
        led = self.ledger
        led.plan.setdefault(i, self.kernel.env.now)  # a reopened order keeps its first plan
        if led.facts[i].needs >= Rung.ABOVE_TOWN:
            led.reach(i, Rung.ABOVE_TOWN)
        self._implement(i)

    def _summon(self, i: int) -> bool:
        """吹哨报到: the town calls a county department to the order that needs one; the
        plan is made when a team has worked on it (its queue, its time)."""
        minutes = self.department_minutes(i)
        if minutes is None or self.departments is None:
            return False
        self.jobs.enqueue(self.departments, i, minutes, self._plan)
        return True

    def _implement(self, i: int) -> None:
        """A plan has been made; the work it calls for takes an exponential time."""
        mean = self.cfg.implementation_mean_days * MINUTES_PER_DAY
        delay = -mean * math.log(self.ledger.facts[i].implementation_u) if mean > 0 else 0.0
        if delay == 0.0:
            self.ledger.resolve(i)
            return
        self.kernel.after(delay, self.ledger.resolve, i)

    # -- going up -------------------------------------------------------------------------

    def escalate(self, i: int, rung: int) -> None:
        """Send the issue to the next rung above ``rung`` that exists in this community."""
        led = self.ledger
        up = rung + 1
        lacks = led.facts[i].needs if self.by_authority else 0  # rungs below it lack authority
        if up == Rung.GRID_LEADER:
            pool = self.leader_of[led.facts[i].grid]
            if lacks > Rung.GRID_LEADER:
                led.reach(i, Rung.GRID_LEADER)  # passed up at once
            elif pool is not None:
                self._ask(pool, i, Rung.GRID_LEADER, self.cfg.grid_leader_min,
                          self.escalate_cfg.grid_leader_hours, self._after_leader)  # fmt: skip
                return
            up = Rung.COMMUNITY
        if up == Rung.COMMUNITY:
            if lacks > Rung.COMMUNITY:
                led.reach(i, Rung.COMMUNITY)
            elif self.committee is not None:
                self._ask(self.committee, i, Rung.COMMUNITY, self.cfg.committee_min,
                          self.escalate_cfg.community_hours, self._after_committee)  # fmt: skip
                return
            up = Rung.JOINT_MEETING
        if up == Rung.JOINT_MEETING:
            led.reach(i, Rung.JOINT_MEETING)
            if lacks <= Rung.JOINT_MEETING:
                self.meeting_waiting.append(i)
                return
        led.reach(i, Rung.TOWN)
        delay = -self.cfg.town_mean_days * MINUTES_PER_DAY * math.log(led.facts[i].town_u)
        self.kernel.after(delay, self._town_decides, i)

    def _ask(self, pool: Pool, i: int, rung: Rung, minutes: float, hours: float | None,
             then: Then) -> None:  # fmt: skip
        self.ledger.reach(i, rung)
        self.jobs.enqueue(pool, i, minutes, then)
        if hours is not None and self.jobs.waiting_at(i) is pool:
            self.kernel.after(hours * MINUTES_PER_HOUR, self._time_up, (i, pool, rung))

    def _time_up(self, waiting: tuple[int, Pool, Rung]) -> None:
        """Still waiting at the rung after the threshold: it goes up without being handled."""
        i, pool, rung = waiting
        if self.jobs.waiting_at(i) is pool and self.jobs.withdraw(i):
            self.escalate(i, rung)

    def overdue(self, i: int) -> None:
        """Overdue supervision (督办) of an open order: one waiting at a rung's queue goes
        up to the rung that supervises it (the committee over a grid leader; the town over
        the committee, since the joint meeting only sits now and then); any other (waiting
        for a crew, in work, before the meeting or the town) is supervised from the rung
        above, which its level records."""
        led = self.ledger
        pool = self.jobs.waiting_at(i)
        at = {"grid_leader": Rung.GRID_LEADER, "committee": Rung.JOINT_MEETING}.get(
            pool.handler if pool is not None else ""
        )
        if at is not None and self.jobs.withdraw(i):
            self.escalate(i, at)
        else:
            led.reach(i, min(led.level.get(i, Rung.GRID_WORKER) + 1, Rung.TOWN))

    def _town_decides(self, i: int) -> None:
        self.decide(i, Rung.TOWN)

    def _meetings(self, times: Iterator[float]) -> Generator[Timeout, Any, None]:
        """The joint meeting sits at fixed times and decides on everything waiting for it."""
        env = self.kernel.env
        for t in times:
            yield Timeout(env, t - env.now)
            self.kernel.events += 1
            waiting, self.meeting_waiting = self.meeting_waiting, []
            for i in waiting:
                self.decide(i, Rung.JOINT_MEETING)
