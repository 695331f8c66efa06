"""Which grid of the base scenario an order is in: by a column naming the grid, by the grid
polygons a mapping draws, or by the nearest grid centre (within `max_km`).

All three are vectorised (100,000 orders in well under a second). An order placed in no grid
carries a reason instead ("no grid", "grid not known", "no coordinates", "outside every
grid"), which the reader counts; none is placed by guessing.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from matplotlib.path import Path as Polygon
from scipy.spatial import cKDTree

from gridsim.fit.mapping import Grids
from gridsim.fit.schemas import KM_PER_DEGREE, ORIGIN
from gridsim.scenario.schema import Scenario

UNKNOWN_GRID = "grid not known"
"""A grid column's value that is no grid of the base (nor mapped to one)."""


def project(lat: np.ndarray, long: np.ndarray, origin: tuple[float, float]) -> np.ndarray:
    """(x_km, y_km) of points on the local flat map around ``origin`` (n x 2)."""
    o_lat, o_long = origin
    x = (long - o_long) * KM_PER_DEGREE * math.cos(math.radians(o_lat))
    y = (lat - o_lat) * KM_PER_DEGREE
    return np.column_stack([x, y])


def grid_centres(
    base: Scenario, origin: tuple[float, float] = ORIGIN
) -> dict[str, tuple[float, float]]:
    """(lat, long) of each base grid's centre (x_km, y_km) placed from ``origin``: where an
    export puts a grid's orders and where `nearest` looks for them."""
    o_lat, o_long = origin
    per_long = KM_PER_DEGREE * math.cos(math.radians(o_lat))
    return {g.name: (o_lat + g.y_km / KM_PER_DEGREE, o_long + g.x_km / per_long)
            for g in base.community.grids}  # fmt: skip


def by_name(
    values: pd.Series, grids: list[str], names: dict[str, str]
) -> tuple[np.ndarray, np.ndarray]:
    """Grid and reason per row from a column holding the grid's name (or a value `names`
    maps to one)."""
    text = values.astype("string").str.strip().fillna("")
    lookup = {g: g for g in grids} | names
    grid = text.map(lookup).fillna("").to_numpy(dtype=object)
    reason = np.where(text.to_numpy(dtype=object) == "", "no grid", UNKNOWN_GRID)
    return grid, np.where(grid == "", reason, "")


def by_polygon(lat: np.ndarray, long: np.ndarray, polygons: dict[str, list[tuple[float, float]]]
               ) -> np.ndarray:  # fmt: skip
    """Grid per point: the first polygon (in the mapping's order) holding it, else ""."""
    points = np.column_stack([lat, long])
    grid = np.full(len(lat), "", dtype=object)
    for name, corners in polygons.items():
        inside = Polygon(np.asarray(corners, dtype=float)).contains_points(points)
        grid[inside & (grid == "")] = name
    return grid


def by_nearest(lat: np.ndarray, long: np.ndarray, points: dict[str, tuple[float, float]],
               origin: tuple[float, float], max_km: float) -> np.ndarray:  # fmt: skip
    """Grid per point: the nearest centre within ``max_km`` (straight line), else ""."""
    names = list(points)
    centres = np.asarray([points[n] for n in names], dtype=float)
    tree = cKDTree(project(centres[:, 0], centres[:, 1], origin))
    found = np.isfinite(lat) & np.isfinite(long)
    grid = np.full(len(lat), "", dtype=object)
    if found.any():
        xy = project(lat[found], long[found], origin)
        distance, index = tree.query(xy, distance_upper_bound=max_km)
        near = np.isfinite(distance)
        grid[np.flatnonzero(found)[near]] = np.asarray(names, dtype=object)[index[near]]
    return grid


def by_coordinates(lat: pd.Series, long: pd.Series, grids: Grids, base: Scenario,
                   origin: tuple[float, float]) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """Grid and reason per row from its coordinates (polygon or nearest)."""
    y = pd.to_numeric(lat, errors="coerce").to_numpy(dtype=float)
    x = pd.to_numeric(long, errors="coerce").to_numpy(dtype=float)
    known = np.isfinite(y) & np.isfinite(x) & (np.abs(y) <= 90) & (np.abs(x) <= 180)
    if grids.by == "polygon":
        grid = by_polygon(y, x, grids.polygons)
    else:
        points = grids.points or grid_centres(base, origin)
        grid = by_nearest(y, x, points, origin, grids.max_km)
    grid[~known] = ""
    reason = np.where(known, "outside every grid", "no coordinates")
    return grid, np.where(grid == "", reason, "")


__all__ = ["UNKNOWN_GRID", "by_coordinates", "by_name", "by_nearest", "by_polygon",
           "grid_centres", "project"]  # fmt: skip
