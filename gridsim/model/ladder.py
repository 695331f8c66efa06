"""The governance ladder: grid worker, grid leader, community committee, joint meeting, town.

An issue its first responder cannot settle goes up one rung at a time. It climbs because its
nature needs a higher rung (a share of each kind, drawn with the issue) or because it waited
too long at a rung (the policy's time thresholds). The committee and the joint meeting
decide a plan; the work the plan calls for then takes its implementation time. "Nothing
goes above the town": an issue that would is counted as `above_town`.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
from simpy.events import Timeout

from gridsim.model.calendar import DAY_MIN, periodic
from gridsim.model.crews import Pool
from gridsim.model.demand import Issues
from gridsim.policies.dispatch import DispatchRule
from gridsim.scenario.schema import HANDLERS

if TYPE_CHECKING:
    from gridsim.model.model import Model

GRID_WORKER, GRID_LEADER, COMMUNITY, JOINT_MEETING, TOWN, ABOVE_TOWN = range(6)
LEADER_JOB, COMMITTEE_JOB = 1, 2  # the model's job codes (model.LEADER, model.COMMITTEE)


def needed_rungs(u: np.ndarray, chains: np.ndarray) -> np.ndarray:
    """The highest rung each issue's nature needs: rung k is needed with probability
    chain[0] * ... * chain[k-1], decided by one uniform (so more likely is never lower)."""
    reach = np.cumprod(chains, axis=1)  # P(needs at least rung k + 1)
    return np.sum(u[:, None] < reach, axis=1).astype(np.int64)


class Ladder:
    """The rungs above the first responder, and the escalations between them."""

    def __init__(self, model: Model) -> None:
        self.model = model
        sc = model.scenario
        self.cfg = sc.ladder
        self.escalate_cfg = sc.policy.escalate
        self.chains = np.array([k.escalation.chain() for k in sc.demand.kinds.values()])
        index = {g.name: i for i, g in enumerate(sc.community.grids)}
        self.leader_of: list[Pool | None] = [None] * len(index)
        for leader in sc.staff.grid_leaders:
            pool = model.new_pool(f"grid_leader/{leader.name}", "grid_leader", DispatchRule())
            grids = [index[g] for g in leader.grids]
            model.add_member(pool, leader.name, grids[0])
            for g in grids:
                self.leader_of[g] = pool
        self.committee: Pool | None = None
        if sc.staff.committee:
            self.committee = model.new_pool("committee", "committee", DispatchRule(), travels=False)
            for c in range(sc.staff.committee):
                model.add_member(self.committee, f"committee-{c + 1}", model.hall)
        self.meeting_waiting: list[int] = []

    def needs_of(self, iss: Issues) -> np.ndarray:
        """The rung each issue's nature needs, from its first fate uniform."""
        chains = self.chains[iss.kind]
        needs = needed_rungs(iss.fate[:, 0], chains) if len(iss) else np.empty(0, np.int64)
        # Disputes take their own path; of their nature only `above_town` counts.
        dispute = iss.handler == HANDLERS.index("mediation")
        needs[dispute] = np.where(iss.fate[dispute, 0] < chains[dispute, 4], ABOVE_TOWN, 0)
        return needs.astype(np.int32)

    def start(self) -> None:
        m = self.model
        jm = m.scenario.policy.joint_meeting
        period = jm.interval_days * DAY_MIN
        # At the meeting hour on the last day of each period; more often than daily, the
        # hour means nothing and it sits at the end of each period.
        first = period - DAY_MIN + jm.hour * 60.0 if period >= DAY_MIN else period
        m.env.process(self._meetings(periodic(first, period, m.horizon)))

    # -- after each rung acts -------------------------------------------------------------

    def after_first_response(self, i: int) -> None:
        if self.model.facts[i].needs <= GRID_WORKER:
            self.model.resolve(i)
        else:
            self.escalate(i, GRID_WORKER)

    def after_leader(self, i: int) -> None:
        if self.model.facts[i].needs <= GRID_LEADER:
            self.model.resolve(i)
        else:
            self.escalate(i, GRID_LEADER)

    def after_committee(self, i: int) -> None:
        self.decide(i, COMMUNITY)

    def decide(self, i: int, rung: int) -> None:
        """A rung that plans (committee, joint meeting, town) has decided on the issue: a plan
        if the issue's nature lets it settle here, else it passes the issue up."""
        m = self.model
        if self.model.facts[i].needs <= rung or rung == TOWN:
            m.plan[i] = m.env.now
            if self.model.facts[i].needs >= ABOVE_TOWN:
                m.reach(i, ABOVE_TOWN)
            m.resolve_after_implementation(i)
        else:
            self.escalate(i, rung)

    # -- going up -------------------------------------------------------------------------

    def escalate(self, i: int, rung: int) -> None:
        """Send the issue to the next rung above ``rung`` that exists in this community."""
        m = self.model
        up = rung + 1
        if up == GRID_LEADER:
            pool = self.leader_of[m.facts[i].grid]
            if pool is not None:
                self._ask(pool, i, GRID_LEADER, LEADER_JOB, self.cfg.grid_leader_min,
                          self.escalate_cfg.grid_leader_hours)  # fmt: skip
                return
            up = COMMUNITY
        if up == COMMUNITY:
            if self.committee is not None:
                self._ask(self.committee, i, COMMUNITY, COMMITTEE_JOB, self.cfg.committee_min,
                          self.escalate_cfg.community_hours)  # fmt: skip
                return
            up = JOINT_MEETING
        if up == JOINT_MEETING:
            m.reach(i, JOINT_MEETING)
            self.meeting_waiting.append(i)
            return
        m.reach(i, TOWN)
        delay = -self.cfg.town_mean_days * DAY_MIN * math.log(m.facts[i].town_u)
        done = Timeout(m.env, delay, i)
        done.callbacks.append(self._town_decides)

    def _ask(
        self, pool: Pool, i: int, rung: int, job: int, minutes: float, hours: float | None
    ) -> None:
        m = self.model
        m.reach(i, rung)
        m.enqueue(pool, i, job, minutes)
        if hours is not None and m.waiting_in.get(i) is pool:
            timer = Timeout(m.env, hours * 60.0, (i, pool, rung))
            timer.callbacks.append(self._time_up)

    def _time_up(self, event) -> None:
        """Still waiting at the rung after the threshold: it goes up without being handled."""
        i, pool, rung = event.value
        m = self.model
        m.events += 1
        if m.waiting_in.get(i) is pool and m.withdraw(i):
            self.escalate(i, rung)

    def _town_decides(self, event) -> None:
        self.model.events += 1
        self.decide(event.value, TOWN)

    def _meetings(self, times: list[float]):
        """The joint meeting sits at fixed times and decides on everything waiting for it."""
        m = self.model
        env = m.env
        for t in times:
            yield Timeout(env, t - env.now)
            m.events += 1
            waiting, self.meeting_waiting = self.meeting_waiting, []
            for i in waiting:
                self.decide(i, JOINT_MEETING)
