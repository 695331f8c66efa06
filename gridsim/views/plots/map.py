"""The community map: one cell per grid, coloured by a KPI."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.cm import ScalarMappable
from matplotlib.colors import Normalize, to_rgb
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from gridsim.scenario.schema import Grid
from gridsim.stats.kpis import undefined_text
from gridsim.views.plots.parts import _intervals, _kpi_rows, _variants
from gridsim.views.plots.style import _new_figure, kpi_axis_label, kpi_scale, kpi_unit


def _field(grid: Mapping[str, Any] | Grid, name: str) -> Any:
    """A grid's field, whether it is a mapping or a scenario `Grid` object."""
    return grid[name] if isinstance(grid, Mapping) else getattr(grid, name)


def cell_size(xy: np.ndarray) -> float:
    """Side of the squares: 90% of the closest spacing of grid centres, so neighbours never
    overlap and a gap shows between them."""
    if len(xy) < 2:
        return 0.25
    d = np.sqrt(((xy[:, None, :] - xy[None, :, :]) ** 2).sum(-1))
    d[np.diag_indices(len(xy))] = np.inf
    closest = float(d.min())
    return 0.9 * closest if closest > 0 else 0.25


def _ink(rgb: Sequence[float]) -> str:
    """Black text on light squares, white on dark ones (WCAG relative luminance)."""
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb[:3]]
    return "black" if 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2] > 0.18 else "white"


def _format_value(value: float, unit: str, kpi: str = "") -> str:
    """A value short enough to fit in a grid's square, with its unit."""
    if math.isnan(value):
        return undefined_text(kpi).replace(" ", "\n", 1)
    if unit == "share":
        return f"{value:.0f}%"
    if unit == "minutes":
        return f"{value:.0f} min" if abs(value) >= 10 else f"{value:.1f} min"
    return f"{value:.3g}"


def community_map_figure(
    summary: pd.DataFrame,
    grids: Sequence[Mapping[str, Any] | Grid],
    kpi: str = "on_site_p90_min",
    variant: str | None = None,
    value_range: tuple[float, float] | None = None,
) -> Figure:
    """Each grid as a square at its position, shaded by the KPI's mean over replications,
    so a planner sees which corners of the community wait longest.

    ``value_range`` (in the axis unit) fixes the colour scale, so maps of several variants
    can be compared by colour; by default it spans this variant's values.

    The colour map is cividis: sequential, even in lightness (so it reads in grey) and made
    for colour-vision deficiencies. The value and the grid's name are written in each square,
    so the figure does not depend on colour at all. ``grids`` are mappings or scenario
    `Grid` objects with name, x_km, y_km (households are optional); ``variant`` defaults to
    the first in the summary.
    """
    variant = variant if variant is not None else _variants(summary)[0]
    rows = _kpi_rows(summary, kpi)
    rows = rows[(rows["variant"].astype(str) == str(variant)).to_numpy()]
    means = _intervals(rows, ["scope"]).set_index("scope")["mean"] if len(rows) else pd.Series()
    scale, unit = kpi_scale(kpi), kpi_unit(kpi)
    names = [str(_field(g, "name")) for g in grids]
    xy = np.array([[float(_field(g, k)) for k in ("x_km", "y_km")] for g in grids]).reshape(-1, 2)
    values = np.array([means.get(f"grid:{n}", np.nan) * scale for n in names], dtype=float)
    if np.isnan(values).all():
        raise ValueError(f"no grid:<name> rows of {kpi!r} for variant {variant!r}")
    cmap = colormaps["cividis"]
    low, high = value_range or (float(np.nanmin(values)), float(np.nanmax(values)))
    norm = Normalize(low, high)
    side = cell_size(xy)
    fig, ax = _new_figure(6.4, 5.6)
    ax.grid(False)
    for name, (x, y), v in zip(names, xy, values, strict=True):
        face = (0.92, 0.92, 0.92, 1.0) if math.isnan(v) else cmap(norm(v))
        ax.add_patch(Rectangle((x - side / 2, y - side / 2), side, side, facecolor=face,
                               edgecolor="white", linewidth=1.0,
                               hatch="xx" if math.isnan(v) else None, gid=name))  # fmt: skip
        ax.text(x, y, f"{name}\n{_format_value(v, unit, kpi)}", ha="center", va="center",
                fontsize=7, color=_ink(to_rgb(face[:3])))  # fmt: skip
    pad = side * 0.75
    ax.set_xlim(xy[:, 0].min() - pad, xy[:, 0].max() + pad)
    ax.set_ylim(xy[:, 1].min() - pad, xy[:, 1].max() + pad)
    ax.set_aspect("equal")
    ax.set_xlabel("east (km)")
    ax.set_ylabel("north (km)")
    ax.set_title(f"By grid: {variant}")
    mappable = ScalarMappable(norm=norm, cmap=cmap)
    fig.colorbar(mappable, ax=ax, label=f"{kpi_axis_label(kpi)}, mean", shrink=0.85)
    return fig
