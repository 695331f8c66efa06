"""Dispatch rules: which crews may serve which grids, and which idle crew goes.

A rule does two things: it splits the crews of one colour into pools (each pool has its
own queue and serves a set of grids), and it picks one idle crew of a pool for an issue.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import Protocol, TypeVar

import numpy as np


class Placed(Protocol):
    """Anything with a location: a grid index, or the hall (the last index)."""

    location: int


P = TypeVar("P", bound=Placed)
"""A crew, or anything placed; a rule returns the kind of thing it is given."""

Trip = Callable[[int, int], float]
"""Minutes from one place to another (`gridsim.model.layout.Travel.minutes`)."""

Area = tuple[list[int], list[int]]
"""(crew numbers, grid indices) of one pool."""


class DispatchRule:
    """Pooled: one pool per colour; the crew idle longest goes."""

    name = "pooled"

    def areas(self, n_crews: int, n_grids: int) -> list[Area]:
        return [(list(range(n_crews)), list(range(n_grids)))]

    def choose(self, idle: deque[P], grid: int, trip: Trip) -> P:
        return idle.popleft()


class Dedicated(DispatchRule):
    """Crews split into areas of contiguous grids; each crew serves only its own area."""

    name = "dedicated"

    def areas(self, n_crews: int, n_grids: int) -> list[Area]:
        n_areas = min(n_crews, n_grids)
        blocks = np.array_split(np.arange(n_grids), n_areas)
        return [
            (list(range(a, n_crews, n_areas)), [int(g) for g in blocks[a]]) for a in range(n_areas)
        ]


class Nearest(DispatchRule):
    """One pool per colour; the idle crew with the shortest trip goes (longest idle on ties)."""

    name = "nearest"

    def choose(self, idle: deque[P], grid: int, trip: Trip) -> P:
        best = min(idle, key=lambda crew: trip(crew.location, grid))
        idle.remove(best)
        return best


RULES: dict[str, type[DispatchRule]] = {
    "pooled": DispatchRule,
    "dedicated": Dedicated,
    "nearest": Nearest,
}


def dispatch_rule(name: str) -> DispatchRule:
    """The rule called ``name`` in a scenario's ``policy.dispatch``."""
    if name not in RULES:
        raise ValueError(f"unknown dispatch rule {name!r}; known: {', '.join(RULES)}")
    return RULES[name]()
