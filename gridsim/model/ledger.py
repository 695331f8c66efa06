"""The ledger: what has happened to each issue in the model, and its row when it leaves.

Per-issue state lives in dicts keyed by issue id, only while the issue is in the model
(`admit` to `settle`); settled issues leave in batches as rows of the log (`chunks`), handed
to a sink, so memory does not grow with the horizon.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from itertools import repeat

import numpy as np

from gridsim.model.chunks import COUNTS, FLOATS, Batch, Chunk, Facts, finish, gather
from gridsim.model.kernel import Kernel

BATCH = 8192
"""Settled issues per batch of rows."""


class Ledger:
    """Times, rungs and counts of the issues in the model, by issue id (absent: not yet)."""

    def __init__(self, kernel: Kernel, horizon: float) -> None:
        self.kernel = kernel
        self.batch = BATCH  # read when built, so a test can make batches small
        self.horizon = horizon
        self.found: dict[int, float] = {}
        self.reported: dict[int, float] = {}
        self.queued: dict[int, float] = {}
        self.dispatched: dict[int, float] = {}
        self.on_site: dict[int, float] = {}
        self.plan: dict[int, float] = {}
        self.resolved: dict[int, float] = {}
        self.closed: dict[int, float] = {}  # work orders (`orders`): closed after the check
        self.supervised: dict[int, float] = {}  # first overdue supervision
        self.deadline: dict[int, float] = {}
        self.sign_off_deadline: dict[int, float] = {}
        self.reopened: dict[int, int] = {}
        self.satisfied: dict[int, int] = {}
        self.bypassed: dict[int, int] = {}
        self.channel: dict[int, int] = {}
        self.level: dict[int, int] = {}
        self.sessions: dict[int, int] = {}
        self.crew_of: dict[int, int] = {}
        # What the demand fixed, put in when the issue enters (an entry means: open).
        self.facts: dict[int, Facts] = {}
        self._outcomes: dict[str, dict] = {name: getattr(self, name) for name in FLOATS}
        self._outcomes.update(channel=self.channel, level=self.level, sessions=self.sessions,
                              crew=self.crew_of, reopened=self.reopened,
                              satisfied=self.satisfied, bypassed=self.bypassed)  # fmt: skip
        self.forgetters: list[Callable[[int, Facts], None]] = []  # parts' own state, on settle
        self.chunks: list[Chunk] = []
        self.settled: list[int] = []
        self.sink: Callable[[Batch], None] = lambda batch: None
        # Takes over a resolved issue that is a work order (check, call-back) and says so;
        # None: every resolved issue settles at once.
        self.closer: Callable[[int], bool] | None = None
        self.live_peak = 0

    def admit(self, i: int, facts: Facts) -> None:
        """Issue ``i`` enters the model."""
        self.facts[i] = facts
        live = len(self.facts)
        if live > self.live_peak:
            self.live_peak = live

    def is_open(self, i: int) -> bool:
        """The issue is in the model: entered and not settled."""
        return i in self.facts

    def reach(self, i: int, level: int) -> None:
        """The issue has reached this rung (levels only go up)."""
        if level > self.level.get(i, -1):
            self.level[i] = level

    def add_sessions(self, i: int, held: int) -> None:
        self.sessions[i] = self.sessions.get(i, 0) + held

    def resolve(self, i: int) -> None:
        """The issue's work is done. A reopened order keeps its first resolution: the log
        is a history that only grows, so a shorter run is the beginning of a longer one."""
        if i not in self.resolved:
            self.resolved[i] = self.kernel.env.now
        if self.closer is None or not self.closer(i):
            self.settle(i)

    def settle(self, i: int) -> None:
        """The issue is done with: nothing will happen to it again; its row leaves soon."""
        facts = self.facts.pop(i)
        for forget in self.forgetters:
            forget(i, facts)
        self.settled.append(i)
        if len(self.settled) >= self.batch:
            self.flush(self.settled)
            self.settled = []

    def flush(self, ids: list[int]) -> None:
        """Rows of issues ``ids`` leave the model for the sink."""
        if not ids:
            return
        id_array = np.asarray(ids, dtype=np.int64)
        batch = gather(self.chunks, id_array)
        batch["issue_id"] = id_array
        for name, state in self._outcomes.items():
            values = list(map(state.pop, ids, repeat(COUNTS.get(name, math.nan), len(ids))))
            batch[name] = np.asarray(values, dtype=float if name in FLOATS else np.int32)
        self.chunks = [c for c in self.chunks if c.left > 0]
        for chunk in self.chunks:
            if chunk.worth_compacting():
                chunk.compact()
        self.sink(finish(batch, self.horizon))

    def flush_all(self) -> None:
        """At the horizon: what settled, then every issue still open or never reported."""
        self.flush(self.settled)
        self.settled = []
        rest = [c.remaining() for c in self.chunks]
        ids = np.concatenate(rest).tolist() if rest else []
        for start in range(0, len(ids), self.batch):
            self.flush(ids[start : start + self.batch])
