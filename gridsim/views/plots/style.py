"""Shared style: the Okabe-Ito palette, series cues, KPI units and axis labels, saving,
and the blank figure every family starts from."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from gridsim.experiment.results import atomic_write
from gridsim.i18n import _
from gridsim.stats.compare import kpi_label
from gridsim.stats.kpis import UNITS, Kpi
from gridsim.views.amounts import duration_text, time_text
from gridsim.views.plots.fonts import use_cjk_font

use_cjk_font()

OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
"""The Okabe-Ito palette, safe for the common colour-vision deficiencies."""

SERIES_COLOURS = tuple(
    OKABE_ITO[c]
    for c in ("blue", "vermillion", "bluish_green", "orange", "reddish_purple", "sky_blue",
              "black", "yellow")
)  # fmt: skip
"""Series colours in order of use: the darkest, most distinct first; yellow, weak on white,
last."""

LINE_STYLES: tuple[Any, ...] = (
    "-", "--", "-.", ":", (0, (8, 2, 1, 2, 1, 2)), (0, (12, 3)), (0, (1, 3)), (0, (4, 1, 4, 4)),
)  # fmt: skip
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
HATCHES = ("", "//", "..", "xx", "\\\\", "--", "++", "oo")

METRICS: dict[str, tuple[str, str]] = {
    "on_site": ("on_site_min", "on site"),
    "resolution": ("resolved_min", "resolved"),
    "plan": ("plan_min", "planned"),
}
"""Response-time metrics: the log column of the event, timed from the report, and its verb."""

DEFAULT_TARGETS: dict[str, float] = {"on_site": 10.0, "resolution": 60.0, "plan": 1440.0}
"""The "三个一" targets in minutes: on site in 10 minutes, routine issues resolved in 1 hour,
complex issues planned in 1 day."""

TARGET_SHARES = (
    ("target_on_site_share", "on_site", "on site"),
    ("target_resolved_share", "resolution", "routine resolved"),
    ("target_plan_share", "plan", "complex planned"),
)

BAND_MIN_REPLICATIONS = 20
"""From this many replications a band is the pointwise 2.5-97.5% range; with fewer, those
percentiles would only interpolate between the extremes, so the band is the min-max range."""

MAX_CURVE_POINTS = 1000
"""An ECDF of a long log is drawn at most at this many evenly spaced ranks: a step error
below 0.1 percentage points, and SVG files that stay small."""

SYMLOG = {"linthresh": 1.0, "linscale": 0.9}
"""The log time axis: logarithmic above 1 minute and linear below it, so issues answered at
once (0 minutes) stay on the plot; linscale 0.9 makes 0-1 minute exactly one decade wide."""

UNIT_TEXT = {"minutes": "minutes", "share": "%", "issues": "issues", "staff": "staff"}
COUNT_UNITS = {
    "level": "issues",
    "level_recorded": "issues",
    "found_by_patrol": "issues",
    "found_by_screening": "issues",
    "latent_unfound": "issues",
    "disputes": "disputes",
    "disputes_mediated": "disputes",
    "volunteer_services": "services",
    "duplicate_reports_merged": "reports",
}
"""Units of the count KPIs the summary leaves without one."""

DPI = 150


@dataclass(frozen=True)
class SeriesStyle:
    """Colour plus a second cue per series, so series stay apart in black and white."""

    color: str
    linestyle: Any
    marker: str
    hatch: str

    def line(self, markevery: Any = 0.1) -> dict[str, Any]:
        """Keyword arguments for a line: by default a marker every tenth of the axes
        diagonal, so markers do not pile up on dense curves."""
        return {
            "color": self.color, "linestyle": self.linestyle, "marker": self.marker,
            "markevery": markevery, "markersize": 5, "markerfacecolor": "white",
            "linewidth": 1.6,
        }  # fmt: skip


def series_style(i: int) -> SeriesStyle:
    """The style of the ``i``-th series; past eight the cues shift against each other, so
    the first 64 series all differ."""
    n = len(SERIES_COLOURS)
    k = (i + i // n) % n
    return SeriesStyle(SERIES_COLOURS[i % n], LINE_STYLES[k], MARKERS[k], HATCHES[k])


# ---------------------------------------------------------------------------------------------
# Labels, units and saving


def kpi_unit(kpi: str) -> str:
    """The unit of a KPI as the summary gives it, with the unnamed count KPIs named."""
    unit = Kpi(kpi, "community", 0.0).unit
    if unit or kpi in UNITS:
        return unit
    return COUNT_UNITS.get(kpi.split(":", 1)[0], "")


def kpi_scale(kpi: str) -> float:
    """Shares are shown as percentages: readers compare 87% with 92% more easily than 0.87
    with 0.92."""
    return 100.0 if kpi_unit(kpi) == "share" else 1.0


def kpi_axis_label(kpi: str, scope: str = "community") -> str:
    """The planner's name of a KPI with its unit, e.g. "90th percentile time to on site
    (minutes)"; shares read in %, to match the scale the figures use."""
    unit = kpi_unit(kpi)
    text = _(UNIT_TEXT.get(unit, unit)) if unit else ""
    label = kpi_label(kpi, scope)
    return _("{label} ({unit})").format(label=label, unit=text) if text else label


def target_time(minutes: float) -> str:
    """A target's time as short as it stays exact: '10 min', '1 day', '2.5 h' (a legend says
    "within 1 day", as the rule does, not "within 1440 min")."""
    if minutes % 60 == 0:
        return duration_text(minutes)
    return re.sub(r"\.0(?= )", "", time_text(minutes, 1))


def save_figure(fig: Figure, path: str | Path, format: str | None = None) -> Path:
    """Write ``fig`` as PNG (150 dpi) or SVG, atomically, so a crash or Ctrl-C never leaves a
    half-written image under the final name. The format defaults to the file's suffix. SVGs
    carry no date, so the same figure gives the same bytes."""
    path = Path(path)
    fmt = (format or path.suffix.lstrip(".") or "png").lower()
    if fmt not in ("png", "svg"):
        raise ValueError(f"format must be 'png' or 'svg', got {fmt!r}")
    metadata = {"Date": None} if fmt == "svg" else {"Software": None}
    atomic_write(path, lambda tmp: fig.savefig(tmp, format=fmt, dpi=DPI, metadata=metadata))
    return path


# ---------------------------------------------------------------------------------------------
# Shared helpers


def _new_figure(width: float = 7.0, height: float = 4.2) -> tuple[Figure, Axes]:
    """A figure with one axes and constrained layout, which keeps outside legends and colour
    bars from overlapping the axes."""
    fig = Figure(figsize=(width, height), layout="constrained")
    ax = fig.add_subplot()
    _style_axes(ax)
    return fig, ax


def _style_axes(ax: Axes) -> None:
    """Open frame and a faint grid: data first, furniture second."""
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(True, color="0.88", linewidth=0.6)
    ax.set_axisbelow(True)


def _legend(fig: Figure, handles: Sequence[Artist] | None = None, **kwargs: Any) -> None:
    """A legend outside the axes, below them (which keeps the plot full width), so it never
    covers data; constrained layout makes room for it."""
    if handles is None:
        handles, labels = fig.axes[0].get_legend_handles_labels()
    else:
        labels = [h.get_label() for h in handles]
    if not handles:
        return
    longest = max(len(str(t)) for t in labels)
    kwargs.setdefault("ncols", max(1, min(len(handles), 4 if longest < 18 else 2)))
    rows = math.ceil(len(handles) / kwargs["ncols"]) + ("title" in kwargs)
    fig.set_figheight(fig.get_figheight() + 0.22 * rows)  # the axes keep their height
    fig.legend(handles, labels, loc="outside lower center", frameon=False, **kwargs)
