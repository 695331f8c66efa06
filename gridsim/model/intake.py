"""Intake: a report is taken only when someone can receive it.

A walk-in is made while the service hall is open (a resident who comes when it is shut
reports at the opening). The grid worker of the issue's grid triages a report as a job of
their own, in their hours and their time. When the hall has a duty desk (a roster for
`hall`), the desk takes the walk-ins, and any report that comes while the grid worker is off
duty and the desk is on; else a report waits for the grid worker. An urgent report on a duty
line (by default any urgent report, when there is a duty line: a resident with a burst pipe
at night calls it), out of the grid worker's hours, goes straight to the on-call crew. With
`staff.triage: free` triage is the old fixed delay that takes nobody's time (the model
applies it before the report reaches intake).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Generator
from typing import Any

from simpy.events import Timeout

from gridsim.model.crews import Crew, Pool
from gridsim.model.kernel import ShiftChange
from gridsim.model.part import Core, Part
from gridsim.model.roster import changes
from gridsim.policies.dispatch import DispatchRule
from gridsim.scenario.schema import Scenario

QueueFirst = Callable[[int, float], None]
"""Puts an issue in its first responder's queue: (issue, minute it was queued)."""


class Intake(Part):
    """Who takes each report, and when."""

    def __init__(
        self,
        core: Core,
        sc: Scenario,
        worker_of: list[Crew | None],
        channel_names: tuple[str, ...],
        queue_first: QueueFirst,
        horizon: float,
        hall: int,
    ) -> None:
        super().__init__(core)
        self.queue_first = queue_first
        self.horizon = horizon
        self.worker_of = worker_of
        self.triage_min = sc.staff.triage_min
        self.as_job = sc.staff.triage == "grid_worker" and self.triage_min > 0
        given = sc.demand.channels
        self.hall = [n in given and given[n].hall for n in channel_names]
        self.duty_line = [n in given and given[n].duty_line for n in channel_names]
        if any(self.duty_line) and sc.demand.urgent_by_duty_line:
            self.urgent_line = [True] * len(channel_names)  # urgent: any report, by the line
        else:
            self.urgent_line = self.duty_line
        self.hall_roster = self.duty.roster("hall") if any(self.hall) else None
        self.desk: Pool | None = None
        if "hall" in sc.staff.rosters:
            self.desk = self.jobs.new_pool("hall", "hall", DispatchRule(), "hall", travels=False)
            for c in range(self.duty.size("hall", 1)):
                self.jobs.add_member(self.desk, f"hall-desk-{c + 1}", hall)
        self.hall_open = True
        self.parked: list[int] = []  # walk-ins waiting for the hall to open, in order
        # Told of each report as it is received (a walk-in: when the hall takes it).
        self.received: Callable[[int], None] | None = None
        self.channel_of: dict[int, int] = {}  # while parked

    @property
    def active(self) -> bool:
        """Whether reports need intake at all (else they go straight to their queue)."""
        return self.as_job or any(self.hall) or any(self.duty_line)

    def processes(self) -> list[Generator[Timeout, Any, None]]:
        """The hall opening and closing, when some channel is a walk-in with hours."""
        if self.hall_roster is None:
            return []
        steps = changes(self.hall_roster, self.duty.days, 1, self.horizon)
        self.hall_open = next(steps)[1] > 0
        return [self._hall(steps)]

    def _hall(self, steps: Any) -> Generator[Timeout, Any, None]:
        env = self.kernel.env
        for minute, n in steps:
            yield ShiftChange(env, minute - env.now)
            self.kernel.events += 1
            self.hall_open = n > 0
            if self.hall_open:
                parked, self.parked = self.parked, []
                for i in parked:
                    self.ledger.reported[i] = minute
                    self.receive(i, self.channel_of.pop(i))

    def receive(self, i: int, channel: int) -> None:
        """A resident's report of issue ``i`` on ``channel`` reaches the community now."""
        if self.hall[channel] and not self.hall_open:  # reported when the hall takes it
            self.parked.append(i)
            self.channel_of[i] = channel
            self.ledger.reported[i] = math.inf  # not reached: never before the opening
            return
        if self.received is not None:
            self.received(i)
        facts = self.ledger.facts[i]
        worker = self.worker_of[facts.grid]
        if self.urgent_line[channel] and facts.urgent and worker is not None and not worker.on_duty:
            self.queue_first(i, self.kernel.env.now)
            return
        self.triage(i, at_hall=self.hall[channel])

    def triage(self, i: int, at_hall: bool = False) -> None:
        """The report is taken (as a job when triage takes someone's time): by the desk for
        a walk-in or while the grid worker is off and the desk on, else the grid worker."""
        worker = self.worker_of[self.ledger.facts[i].grid]
        if not self.as_job or worker is None:
            self.queue_first(i, self.kernel.env.now)
            return
        desk = self.desk
        by_desk = desk is not None and (at_hall or (desk.open and not worker.on_duty))
        pool = desk if by_desk and desk is not None else worker.pool
        self.jobs.enqueue(pool, i, self.triage_min, self._triaged, desk=True)

    def _triaged(self, i: int) -> None:
        self.queue_first(i, self.kernel.env.now)


__all__ = ["Intake", "QueueFirst"]
