"""Where grids are, and how long a crew takes to go from one place to another."""

from __future__ import annotations

import math
from array import array

import numpy as np

from gridsim.scenario.schema import Community
from gridsim.units import MINUTES_PER_HOUR

TABLE_MAX_PLACES = 2048
"""Up to this many places (grids and the hall) trips are looked up in a table of every pair
(at most 32 MB); beyond it each trip is computed when asked for, so memory stays linear in
the number of grids (a table for 10,000 grids would take 800 MB, for 100,000 grids 80 GB)."""


class Travel:
    """Trip minutes between places; places are the grids in order, then the service hall.

    `minutes(a, b)` is on the dispatcher's hot path: a flat table lookup for communities of
    up to `TABLE_MAX_PLACES` places, otherwise arithmetic on the two places' coordinates.
    """

    __slots__ = ("_table", "_x", "_y", "hall", "minutes", "overhead", "places", "speed")

    def __init__(self, community: Community) -> None:
        self._x = [g.x_km for g in community.grids] + [community.hall_x_km]
        self._y = [g.y_km for g in community.grids] + [community.hall_y_km]
        self.places = len(self._x)
        self.hall = self.places - 1
        self.overhead = community.travel.overhead_min
        self.speed = community.travel.speed_kmh
        manhattan = community.travel.metric == "manhattan"
        self._table = array("d")
        if self.places <= TABLE_MAX_PLACES:
            x, y = np.array(self._x), np.array(self._y)
            pairs = _minutes(x[:, None], y[:, None], x[None, :], y[None, :], community)
            self._table.frombytes(np.ascontiguousarray(pairs, dtype=np.float64).tobytes())
            self.minutes = self._looked_up
        else:
            self.minutes = self._manhattan if manhattan else self._euclidean

    def _looked_up(self, a: int, b: int) -> float:
        return self._table[a * self.places + b]

    def _manhattan(self, a: int, b: int) -> float:
        return self._at(abs(self._x[a] - self._x[b]) + abs(self._y[a] - self._y[b]))

    def _euclidean(self, a: int, b: int) -> float:
        return self._at(math.hypot(self._x[a] - self._x[b], self._y[a] - self._y[b]))

    def _at(self, km: float) -> float:
        """The same operations, in the same order, as the table (no rounding surprises)."""
        return self.overhead + km / self.speed * MINUTES_PER_HOUR


def hall_trips(community: Community) -> np.ndarray:
    """Minutes from the service hall to each grid, without a table of every pair."""
    x = np.array([g.x_km for g in community.grids])
    y = np.array([g.y_km for g in community.grids])
    return _minutes(np.array(community.hall_x_km), np.array(community.hall_y_km), x, y,
                    community)  # fmt: skip


def _minutes(
    x0: np.ndarray, y0: np.ndarray, x1: np.ndarray, y1: np.ndarray, community: Community
) -> np.ndarray:
    """Trip minutes from (x0, y0) to (x1, y1), broadcast: one formula for table and row."""
    dx = np.abs(x0 - x1)
    dy = np.abs(y0 - y1)
    km = dx + dy if community.travel.metric == "manhattan" else np.hypot(dx, dy)
    return community.travel.overhead_min + km / community.travel.speed_kmh * MINUTES_PER_HOUR
