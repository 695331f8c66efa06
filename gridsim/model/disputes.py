"""Disputes: mediation by the grid worker, by the police post on the spot, in the room.

A reported dispute gets up to `max_sessions` sessions with its grid worker; one found by
the screening is mediated on the spot by the police post. What these cannot settle goes to
the mediation room (community rung), then to the town. Each session settles with the
stage's probability; the number of sessions a dispute would need at each stage is drawn
with the dispute, so variants see the same disputes settle the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from gridsim.model.chunks import Chunk, Facts
from gridsim.model.crews import Crew, Pool
from gridsim.model.discovery import trials_until_success
from gridsim.model.ladder import Ladder
from gridsim.model.part import Core, Part
from gridsim.model.rungs import Rung
from gridsim.policies.dispatch import DispatchRule
from gridsim.scenario.schema import HANDLERS, Scenario, Stage
from gridsim.units import MINUTES_PER_DAY

MEDIATION = HANDLERS.index("mediation")


class Disputes(Part):
    """The dispute path, stage by stage."""

    def __init__(
        self,
        core: Core,
        sc: Scenario,
        ladder: Ladder,
        worker_of: list[Crew | None],
        screening_channel: int,
        hall: int,
    ) -> None:
        super().__init__(core)
        jobs = self.jobs
        self.ladder = ladder
        self.worker_of = worker_of
        self.cfg = sc.disputes
        # By issue id, for the disputes in the model: sessions each stage would need, and
        # sessions held at the current stage.
        self.need_gw: dict[int, int] = {}
        self.need_police: dict[int, int] = {}
        self.need_room: dict[int, int] = {}
        self.done: dict[int, int] = {}
        self.gap = self.cfg.days_between_sessions * MINUTES_PER_DAY
        self.room: Pool | None = None
        if sc.staff.mediators:
            self.room = jobs.new_pool("mediation_room", "mediation", DispatchRule(), "mediation",
                                      travels=False)  # fmt: skip
            for c in range(self.duty.size("mediation", sc.staff.mediators)):
                jobs.add_member(self.room, f"mediator-{c + 1}", hall)
        self.police: Pool | None = None  # None: the police post's sessions take no one's time
        if sc.staff.police_officers:
            self.police = jobs.new_pool("police", "police", DispatchRule(), "police")
            for c in range(self.duty.size("police", sc.staff.police_officers)):
                jobs.add_member(self.police, f"police-{c + 1}", hall)
        # Stages served by a pool's time: the pool, the sessions each dispute would need
        # there, the stage's rules and where a dispute it cannot settle goes next.
        self.stages: dict[str, tuple[Pool, dict[int, int], Stage, Callable[[int], None]]] = {}
        if self.room is not None:
            self.stages["room"] = (self.room, self.need_room, self.cfg.room, self._to_town)
        if self.police is not None:
            self.stages["police"] = (self.police, self.need_police, self.cfg.police_post,
                                     self._to_room)  # fmt: skip
        self.screening = screening_channel
        self.ledger.forgetters.append(self.forget)

    def prepare(self, chunk: Chunk) -> None:
        """Sessions each stage would need, for every issue of a new chunk of demand."""
        cfg, fate = self.cfg, chunk.issues.fate
        assert chunk.hot is not None
        for name, stage, u in (("gw", cfg.grid_worker, fate[:, 3]),
                               ("police", cfg.police_post, fate[:, 4]),
                               ("room", cfg.room, fate[:, 5])):  # fmt: skip
            chunk.hot[f"need_{name}"] = trials_until_success(u, stage.settle_probability).tolist()

    def admit(self, i: int, chunk: Chunk, j: int) -> None:
        hot = chunk.hot
        assert hot is not None
        self.need_gw[i] = hot["need_gw"][j]
        self.need_police[i] = hot["need_police"][j]
        self.need_room[i] = hot["need_room"][j]

    def forget(self, i: int, facts: Facts) -> None:
        if facts.handler == MEDIATION and i in self.need_gw:
            del self.need_gw[i], self.need_police[i], self.need_room[i]
            self.done.pop(i, None)

    def start(self, i: int) -> None:
        """A dispute enters the path: the police post if screening found it, else its grid
        worker."""
        if self.ledger.channel.get(i) == self.screening:
            self._police(i)
        elif self.cfg.grid_worker.max_sessions > 0:
            self._grid_worker_session(i)
        else:
            self._to_room(i)

    def _grid_worker_session(self, i: int) -> None:
        worker = self.worker_of[self.ledger.facts[i].grid]
        assert worker is not None  # every grid has a worker (the schema checks)
        self.jobs.enqueue(worker.pool, i, self.cfg.session_min, self._after_grid_worker_session)

    def _after_grid_worker_session(self, i: int) -> None:
        self._after_session(i, self.need_gw[i], self.cfg.grid_worker.max_sessions,
                            self._grid_worker_session, self._to_room)  # fmt: skip

    def _police(self, i: int) -> None:
        """After the screening visit: sessions of the officers (their queue, their hours),
        or, without officers, on the spot with no one's time."""
        if self.police is not None:
            if self.cfg.police_post.max_sessions > 0:
                self._session("police", i)
            else:
                self._to_room(i)
            return
        led = self.ledger
        led.dispatched[i] = led.on_site[i] = self.kernel.env.now
        stage = self.cfg.police_post
        held = min(self.need_police[i], stage.max_sessions)
        if held == 0:
            self._to_room(i)
            return
        settled = self.need_police[i] <= stage.max_sessions
        minutes = (held - 1) * self.gap + held * self.cfg.session_min
        self.kernel.after(minutes, self._police_done, (i, held, settled))

    def _police_done(self, outcome: tuple[int, int, bool]) -> None:
        i, held, settled = outcome
        self.ledger.add_sessions(i, held)
        if settled:
            self.ledger.resolve(i)
        else:
            self._to_room(i)

    def _to_room(self, i: int) -> None:
        self.done[i] = 0
        self.ledger.reach(i, Rung.COMMUNITY)
        if self.room is not None and self.cfg.room.max_sessions > 0:
            self._session("room", i)
        else:
            self._to_town(i)

    def _session(self, name: str, i: int) -> None:
        """A session of a stage served by a pool's time (`stages`)."""
        self.jobs.enqueue(self.stages[name][0], i, self.cfg.session_min,
                          partial(self._after_stage_session, name))  # fmt: skip

    def _after_stage_session(self, name: str, i: int) -> None:
        _, need, stage, give_up = self.stages[name]
        self._after_session(i, need[i], stage.max_sessions, partial(self._session, name), give_up)

    def _to_town(self, i: int) -> None:
        """Disputes go from the room to the town."""
        self.ladder.escalate(i, Rung.JOINT_MEETING)

    def _after_session(
        self,
        i: int,
        needed: int,
        most: int,
        again: Callable[[int], None],
        give_up: Callable[[int], None],
    ) -> None:
        """A session ended: settled, or another session after the gap, or the next stage."""
        self.ledger.add_sessions(i, 1)
        self.done[i] = self.done.get(i, 0) + 1
        if needed <= self.done[i]:
            self.ledger.resolve(i)
        elif self.done[i] < most:
            self.kernel.after(self.gap, again, i)
        else:
            self.done[i] = 0
            give_up(i)
