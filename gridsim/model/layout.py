"""Where grids are, and how long a crew takes to go from one place to another."""

from __future__ import annotations

import numpy as np

from gridsim.scenario.schema import Community


def travel_minutes(community: Community) -> list[list[float]]:
    """Trip minutes between places; places are the grids in order, then the service hall.

    A list of lists, because the dispatcher reads single entries on the hot path.
    """
    xs = np.array([g.x_km for g in community.grids] + [community.hall_x_km])
    ys = np.array([g.y_km for g in community.grids] + [community.hall_y_km])
    dx = np.abs(xs[:, None] - xs[None, :])
    dy = np.abs(ys[:, None] - ys[None, :])
    km = dx + dy if community.travel.metric == "manhattan" else np.hypot(dx, dy)
    minutes = community.travel.overhead_min + km / community.travel.speed_kmh * 60.0
    return minutes.tolist()
