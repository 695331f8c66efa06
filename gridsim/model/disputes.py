"""Disputes: mediation by the grid worker, by the police post on the spot, in the room.

A reported dispute gets up to `max_sessions` sessions with its grid worker; one found by
the screening is mediated on the spot by the police post. What these cannot settle goes to
the mediation room (community rung), then to the town. Each session settles with the
stage's probability; the number of sessions a dispute would need at each stage is drawn
with the dispute, so variants see the same disputes settle the same way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from simpy.events import Timeout

from gridsim.model.calendar import DAY_MIN
from gridsim.model.chunks import Chunk
from gridsim.model.crews import Pool
from gridsim.model.discovery import trials_until_success
from gridsim.model.ladder import COMMUNITY, JOINT_MEETING
from gridsim.policies.dispatch import DispatchRule

if TYPE_CHECKING:
    from gridsim.model.model import Model

GW_SESSION, ROOM_SESSION = 3, 4  # the model's job codes


class Disputes:
    """The dispute path, stage by stage."""

    def __init__(self, model: Model) -> None:
        self.model = model
        sc = model.scenario
        self.cfg = sc.disputes
        # By issue id, for the disputes in the model: sessions each stage would need, and
        # sessions held at the current stage.
        self.need_gw: dict[int, int] = {}
        self.need_police: dict[int, int] = {}
        self.need_room: dict[int, int] = {}
        self.done: dict[int, int] = {}
        self.gap = self.cfg.days_between_sessions * DAY_MIN
        self.room: Pool | None = None
        if sc.staff.mediators:
            self.room = model.new_pool("mediation_room", "mediation", DispatchRule(), travels=False)
            for c in range(sc.staff.mediators):
                model.add_member(self.room, f"mediator-{c + 1}", model.hall)
        self.screening = model.channel_names.index("screening")

    def prepare(self, chunk: Chunk) -> None:
        """Sessions each stage would need, for every issue of a new chunk of demand."""
        cfg, fate = self.cfg, chunk.issues.fate
        for name, stage, u in (("gw", cfg.grid_worker, fate[:, 3]),
                               ("police", cfg.police_post, fate[:, 4]),
                               ("room", cfg.room, fate[:, 5])):  # fmt: skip
            chunk.hot[f"need_{name}"] = trials_until_success(u, stage.settle_probability).tolist()

    def admit(self, i: int, chunk: Chunk, j: int) -> None:
        hot = chunk.hot
        self.need_gw[i] = hot["need_gw"][j]
        self.need_police[i] = hot["need_police"][j]
        self.need_room[i] = hot["need_room"][j]

    def forget(self, i: int) -> None:
        if i in self.need_gw:
            del self.need_gw[i], self.need_police[i], self.need_room[i]
            self.done.pop(i, None)

    def start(self, i: int) -> None:
        """A dispute enters the path: the police post if screening found it, else its grid
        worker."""
        m = self.model
        if m.channel.get(i) == self.screening:
            self._police(i)
        elif self.cfg.grid_worker.max_sessions > 0:
            self._grid_worker_session(i)
        else:
            self._to_room(i)

    def _grid_worker_session(self, i: int) -> None:
        m = self.model
        worker = m.worker_of[m.facts[i].grid]
        m.enqueue(worker.pool, i, GW_SESSION, self.cfg.session_min)

    def after_grid_worker_session(self, i: int) -> None:
        self._after_session(i, self.need_gw[i], self.cfg.grid_worker.max_sessions,
                            self._grid_worker_session, self._to_room)  # fmt: skip

    def _police(self, i: int) -> None:
        """On the spot at the screening visit: sessions without a queue."""
        m = self.model
        now = m.env.now
        m.dispatched[i] = m.on_site[i] = now
        stage = self.cfg.police_post
        held = min(self.need_police[i], stage.max_sessions)
        if held == 0:
            self._to_room(i)
            return
        settled = self.need_police[i] <= stage.max_sessions
        minutes = (held - 1) * self.gap + held * self.cfg.session_min
        done = Timeout(m.env, minutes, (i, held, settled))
        done.callbacks.append(self._police_done)

    def _police_done(self, event) -> None:
        i, held, settled = event.value
        m = self.model
        m.events += 1
        m.sessions[i] = m.sessions.get(i, 0) + held
        if settled:
            m.resolve(i)
        else:
            self._to_room(i)

    def _to_room(self, i: int) -> None:
        m = self.model
        self.done[i] = 0
        m.reach(i, COMMUNITY)
        if self.room is not None and self.cfg.room.max_sessions > 0:
            self._room_session(i)
        else:
            m.ladder.escalate(i, JOINT_MEETING)  # disputes go from the room to the town

    def _room_session(self, i: int) -> None:
        self.model.enqueue(self.room, i, ROOM_SESSION, self.cfg.session_min)

    def after_room_session(self, i: int) -> None:
        self._after_session(i, self.need_room[i], self.cfg.room.max_sessions,
                            self._room_session, self._to_town)  # fmt: skip

    def _to_town(self, i: int) -> None:
        self.model.ladder.escalate(i, JOINT_MEETING)

    def _after_session(self, i: int, needed: int, most: int, again, give_up) -> None:
        """A session ended: settled, or another session after the gap, or the next stage."""
        m = self.model
        m.sessions[i] = m.sessions.get(i, 0) + 1
        self.done[i] = self.done.get(i, 0) + 1
        if needed <= self.done[i]:
            m.resolve(i)
        elif self.done[i] < most:
            later = Timeout(m.env, self.gap, i)
            later.callbacks.append(lambda event: self._again(event, again))
        else:
            self.done[i] = 0
            give_up(i)

    def _again(self, event, again) -> None:
        self.model.events += 1
        again(event.value)
