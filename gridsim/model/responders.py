"""First responders: who answers an issue first, by handler and grid, by day and by night.

Crews of each colour are split into pools by the dispatch rule; grid workers serve their
grids; volunteers are pooled; on-call crews are pooled per colour and, while on duty by
their own roster, take the day pools' urgent issues (all day pools' waiting urgent issues
count in the on-call pool's queue while it is on duty).
"""

from __future__ import annotations

from gridsim.model.crews import Crew, Pool
from gridsim.model.duty import Duty
from gridsim.model.jobs import Jobs
from gridsim.policies import dispatch_rule
from gridsim.policies.dispatch import DispatchRule
from gridsim.scenario.schema import CREW_COLOURS, HANDLERS, Scenario


class FirstResponders:
    """route[handler][grid]: the pool giving the first response; night[handler]: on call;
    worker_of[grid]: the grid worker."""

    def __init__(self, sc: Scenario, jobs: Jobs, duty: Duty, hall: int) -> None:
        self.jobs = jobs
        self.duty = duty
        self.hall = hall
        n_grids = len(sc.community.grids)
        self.route: list[list[Pool | None]] = [[None] * n_grids for _ in HANDLERS]
        self.night: list[Pool | None] = [None] * len(HANDLERS)
        self.worker_of: list[Crew | None] = [None] * n_grids
        for colour in CREW_COLOURS:
            self._crews(sc, colour)
        index = {g.name: i for i, g in enumerate(sc.community.grids)}
        for worker in sc.grid_workers():
            grids = [index[g] for g in worker.grids]
            pool = jobs.new_pool(f"grid_worker/{worker.name}", "grid_worker", DispatchRule(),
                                 "grid_worker")  # fmt: skip
            self._serve(pool, "grid_worker", grids)
            crew = jobs.add_member(pool, worker.name, grids[0])
            for g in grids:
                self.worker_of[g] = crew
        vol = sc.staff.volunteers
        if vol.count:
            pool = jobs.new_pool("volunteer", "volunteer", DispatchRule(), "volunteer")
            self._serve(pool, "volunteer", list(range(n_grids)))
            for c in range(duty.size("volunteer", vol.count)):
                jobs.add_member(pool, f"volunteer-{c + 1}", hall)

    def _crews(self, sc: Scenario, colour: str) -> None:
        """The crews of one colour, by area, and its night on-call crew."""
        jobs = self.jobs
        rule = dispatch_rule(sc.policy.dispatch)
        n_crews = self.duty.size(colour, getattr(sc.staff.crews, colour))
        areas = rule.areas(n_crews, len(sc.community.grids)) if n_crews else []
        for a, (crew_ids, grids) in enumerate(areas):
            name = colour if len(areas) == 1 else f"{colour}/area-{a + 1}"
            pool = jobs.new_pool(name, colour, rule, colour)
            self._serve(pool, colour, grids)
            for c in crew_ids:
                jobs.add_member(pool, f"{colour}-{c + 1}", self.hall)
        group = f"{colour}_on_call"
        n_night = self.duty.size(group, getattr(sc.staff.on_call, colour))
        if n_night and self.duty.roster(group) is not None:
            pool = jobs.new_pool(f"{colour}/on-call", colour, DispatchRule(), group,
                                 callout_min=sc.staff.callout_min)  # fmt: skip
            self.night[HANDLERS.index(colour)] = pool
            for c in range(n_night):
                jobs.add_member(pool, f"{colour}-on-call-{c + 1}", self.hall)
            self._cover(pool, self._day_pools(colour))

    def _cover(self, night: Pool, days: list[Pool]) -> None:
        """The night pool serves the day pools' urgent issues out of hours; they wait in a
        queue of their own in the day pool, so no shift change has to move them."""
        night.days = days
        for day in days:
            day.night = night
            day.urgent = self.jobs.new_queue()

    def _day_pools(self, handler: str) -> list[Pool]:
        return list({id(p): p for p in self.route[HANDLERS.index(handler)] if p}.values())

    def _serve(self, pool: Pool, handler: str, grids: list[int]) -> None:
        for g in grids:
            self.route[HANDLERS.index(handler)][g] = pool
