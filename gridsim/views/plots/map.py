"""The community map: one cell per grid, coloured by a KPI."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.cm import ScalarMappable
from matplotlib.colors import Normalize, to_rgb
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.ticker import FuncFormatter

from gridsim.i18n import _
from gridsim.scenario.schema import Grid
from gridsim.stats.compare import LOWER, direction, kpi_label
from gridsim.stats.kpis import undefined_text
from gridsim.stats.summary import text_width
from gridsim.views.amounts import amount, difference, time_text
from gridsim.views.plots.parts import _intervals, _kpi_rows, _variants
from gridsim.views.plots.style import _new_figure, kpi_axis_label, kpi_scale, kpi_unit

__all__ = ["cell_size", "colour_range", "community_map_figure", "grid_values", "map_caption"]


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
    """A value short enough to fit in a grid's square, with its unit (times in min/h/days)."""
    if math.isnan(value):
        return _(undefined_text(kpi)).replace(" ", "\n", 1)
    if unit == "share":
        return f"{value:.0f}%"
    if unit == "minutes":
        return time_text(value, 0 if 10 <= abs(value) < 120 else 1)
    return f"{value:.3g}"


def grid_values(
    summary: pd.DataFrame,
    grids: Sequence[Mapping[str, Any] | Grid],
    kpi: str = "on_site_p90_min",
    variant: str | None = None,
) -> tuple[list[str], np.ndarray]:
    """The grids' names and the KPI's mean over replications in each (in the KPI's own
    unit, NaN where a grid has none), for ``variant`` (default: the first)."""
    variant = variant if variant is not None else _variants(summary)[0]
    rows = _kpi_rows(summary, kpi)
    rows = rows[(rows["variant"].astype(str) == str(variant)).to_numpy()]
    means = _intervals(rows, ["scope"]).set_index("scope")["mean"] if len(rows) else pd.Series()
    names = [str(_field(g, "name")) for g in grids]
    values = np.array([means.get(f"grid:{n}", np.nan) for n in names], dtype=float)
    if np.isnan(values).all():
        raise ValueError(f"no grid:<name> rows of {kpi!r} for variant {variant!r}")
    return names, values


def colour_range(values: np.ndarray, unit: str) -> tuple[float, float]:
    """The colour scale, in the unit shown: a share over its whole range, 0 to 100%, and
    anything else from 0 to the largest value, so a shade is proportional to the value and
    a 7% spread looks like 7%, not like black against white (as a min..max scale made it)."""
    if unit == "share":
        return 0.0, 100.0
    low, high = min(0.0, float(np.nanmin(values))), float(np.nanmax(values))
    return low, high if high > low else low + 1.0


def map_caption(names: Sequence[str], values: np.ndarray, kpi: str, variant: str) -> str:
    """What the map shows, in words and numbers from the data (``values`` in the KPI's own
    unit): the range over the grids, the worst grid and how far it is from the best, and
    how the colours are scaled."""
    unit, scale = kpi_unit(kpi), kpi_scale(kpi)
    known = [(v, n) for n, v in zip(names, values, strict=True) if not math.isnan(v)]
    (low, low_grid), (high, high_grid) = min(known), max(known)
    text = _("{what} in {variant}: the grids range from {low} ({low_grid}) to {high} "
             "({high_grid}).").format(what=kpi_label(kpi), variant=variant,
                                      low=amount(low, unit), low_grid=low_grid,
                                      high=amount(high, unit), high_grid=high_grid)  # fmt: skip
    if direction(kpi) is not None and high > low:
        text += " " + _worst_sentence(kpi, (low, low_grid), (high, high_grid))
    lo, hi = colour_range(values * scale, unit)
    text += " " + _("Colours run from {lo} to {hi}, so shades differ as much as the values do."
                    ).format(lo=amount(lo / scale, unit), hi=amount(hi / scale, unit))  # fmt: skip
    if len(known) < len(names):
        text += " " + _("{n} grid(s) without a value are hatched.").format(
            n=len(names) - len(known))  # fmt: skip
    return re.sub(r"(?<=[。！？]) ", "", text)  # Chinese sentences follow without a space


def _worst_sentence(kpi: str, low: tuple[float, str], high: tuple[float, str]) -> str:
    """'The slowest is grid-02, 19.7 h (81%) longer than grid-09.' or, for a KPI that is
    not a time, 'The worst is grid-03, 10.2 percentage points from grid-09.'"""
    unit = kpi_unit(kpi)
    (worst, worst_grid), (best, best_grid) = (high, low) if direction(kpi) == LOWER else (low, high)
    gap = difference(worst - best, unit)
    if unit == "minutes" and best > 0:
        return _("The slowest is {worst}, {gap} ({share:.0%}) longer than {best}.").format(
            worst=worst_grid, gap=gap, share=(worst - best) / best, best=best_grid)  # fmt: skip
    return _("The worst is {worst}, {gap} from {best}.").format(
        worst=worst_grid, gap=gap, best=best_grid)  # fmt: skip


def community_map_figure(
    summary: pd.DataFrame,
    grids: Sequence[Mapping[str, Any] | Grid],
    kpi: str = "on_site_p90_min",
    variant: str | None = None,
    value_range: tuple[float, float] | None = None,
) -> Figure:
    """Each grid as a square at its position, shaded by the KPI's mean over replications,
    so a planner sees which corners of the community wait longest; the caption under the
    title (`map_caption`) says the spread in words.

    The colour scale (`colour_range`) starts at 0 (a share spans 0-100%), so shades differ
    only as much as the values do; ``value_range`` (in the axis unit) fixes it instead, so
    maps of several variants can be compared by colour.

    The colour map is cividis: sequential, even in lightness (so it reads in grey) and made
    for colour-vision deficiencies. The value and the grid's name are written in each square,
    so the figure does not depend on colour at all. ``grids`` are mappings or scenario
    `Grid` objects with name, x_km, y_km (households are optional); ``variant`` defaults to
    the first in the summary.
    """
    variant = variant if variant is not None else _variants(summary)[0]
    names, raw = grid_values(summary, grids, kpi, variant)
    unit, values = kpi_unit(kpi), raw * kpi_scale(kpi)
    xy = np.array([[float(_field(g, k)) for k in ("x_km", "y_km")] for g in grids]).reshape(-1, 2)
    cmap = colormaps["cividis"]
    norm = Normalize(*(value_range or colour_range(values, unit)))
    side = cell_size(xy)
    fig, ax = _new_figure(6.4, 6.2)
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
    ax.set_xlabel(_("east (km)"))
    ax.set_ylabel(_("north (km)"))
    fig.suptitle(_("By grid: {variant}").format(variant=variant))
    caption = wrap(map_caption(names, raw, kpi, variant), 76)
    ax.set_title(caption, fontsize=8, loc="left", gid="caption")
    _colour_bar(fig, ax, ScalarMappable(norm=norm, cmap=cmap), kpi)
    return fig


def wrap(text: str, columns: int) -> str:
    """``text`` in lines of at most ``columns`` terminal columns (a Han character takes two),
    broken at spaces between Latin words and between two Han characters, never before a
    closing mark nor after an opening one (Chinese has no spaces to break at, which
    `textwrap` needs)."""
    lines, line = [], ""
    for token in re.findall(
        r"\s+|[（(]*(?:[^\s\u2e80-\uffef（]+|[\u2e80-\uffef])[）。，、；：！？]*", text
    ):
        if line and text_width(line + token.rstrip()) > columns:
            lines.append(line.rstrip())
            line = token.lstrip()
        else:
            line += token
    return "\n".join([*lines, line.rstrip()])


def _colour_bar(fig: Figure, ax: Axes, mappable: ScalarMappable, kpi: str) -> None:
    """The colour bar, its ticks in the unit the squares use (times in min/h/days)."""
    minutes = kpi_unit(kpi) == "minutes"
    what = kpi_label(kpi) if minutes else kpi_axis_label(kpi)
    bar = fig.colorbar(mappable, ax=ax, label=_("{what}, mean").format(what=what), shrink=0.85)
    if minutes:
        bar.ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: time_text(v, 0)))
