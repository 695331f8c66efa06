"""Publication-grade figures from gridsim's tidy tables.

Every function takes a table a run writes (the issue log, the summary, the calibration table,
the sweep table) and returns a `matplotlib.figure.Figure` built without pyplot, so it works in
scripts, notebooks, servers and the HTML report alike, never opens a window and never touches
global figure state (it renders with Agg or SVG on `save_figure`).

The style serves print and every reader: colours come from the Okabe-Ito palette (Okabe & Ito
2008), which stays distinct under the common colour-vision deficiencies, and every series also
gets a second cue (line style and marker, or hatch) so the figure still reads in black and
white. Every axis names its unit, titles are short, and legends sit outside the axes so they
never hide data.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.cm import ScalarMappable
from matplotlib.colors import Normalize, to_rgb
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle
from matplotlib.ticker import FuncFormatter, MaxNLocator, PercentFormatter

from gridsim.experiment.results import atomic_write
from gridsim.scenario.schema import LEVELS, Grid
from gridsim.stats.compare import kpi_label
from gridsim.stats.kpis import UNITS, Kpi, undefined_text
from gridsim.stats.summary import kpi_ci
from gridsim.stats.warmup import MINUTES_PER_DAY, backlog_series

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
    text = UNIT_TEXT.get(unit, unit)
    label = kpi_label(kpi, scope)
    return f"{label} ({text})" if text else label


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


def _order(values: pd.Series) -> list[Any]:
    """Groups in their natural order: a categorical's own order, else first appearance."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        present = set(values.dropna().unique())
        return [c for c in values.cat.categories if c in present]
    return list(pd.unique(values.dropna()))


def _need(table: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    """Fail early with the table and column named, rather than deep inside pandas."""
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ValueError(f"the {what} has no column {', '.join(map(repr, missing))}")


def _band(curves: np.ndarray) -> tuple[np.ndarray, np.ndarray, str]:
    """Pointwise spread of per-replication curves (one row each): the 2.5-97.5% range with
    enough replications, else the min-max range, and a legend text saying which."""
    n = len(curves)
    if n >= BAND_MIN_REPLICATIONS:
        low, high = np.nanpercentile(curves, [2.5, 97.5], axis=0)
        return low, high, f"2.5-97.5% of {n} replications"
    return np.nanmin(curves, axis=0), np.nanmax(curves, axis=0), f"range of {n} replications"


def _intervals(rows: pd.DataFrame, keys: Sequence[str]) -> pd.DataFrame:
    """Mean and 95% t-interval over replications of ``value`` for each combination of
    ``keys``, in order of first appearance, within the KPI's range (`kpi_ci`)."""
    out = []
    values = pd.to_numeric(rows["value"], errors="coerce")
    kpis = rows["kpi"].astype(str) if "kpi" in rows else pd.Series("", index=rows.index)
    for key, grp in values.groupby([rows[k] for k in keys], sort=False, observed=True):
        key = key if isinstance(key, tuple) else (key,)
        mean, low, high = kpi_ci(kpis[grp.index[0]], grp.to_numpy(float))
        out.append({**dict(zip(keys, key, strict=True)), "mean": mean, "low": low, "high": high})
    return pd.DataFrame(out, columns=[*keys, "mean", "low", "high"])


def _kpi_rows(
    summary: pd.DataFrame, kpi: str | None = None, scope: str | None = None
) -> pd.DataFrame:
    """The rows of one KPI (and scope), after checking the summary has the columns used."""
    _need(summary, ("variant", "kpi", "scope", "value"), "summary")
    keep = np.ones(len(summary), bool)
    if kpi is not None:
        keep &= (summary["kpi"] == kpi).to_numpy()
    if scope is not None:
        keep &= (summary["scope"] == scope).to_numpy()
    return summary[keep]


def _variants(summary: pd.DataFrame) -> list[str]:
    """Variants in run order, which is how the reader met them in the run's own table."""
    return [str(v) for v in _order(summary["variant"])]


def _grouped_bars(
    ax: Axes,
    categories: Sequence[str],
    series: Sequence[str],
    stats: np.ndarray,
    clip: tuple[float, float] | None = None,
    styles: Sequence[SeriesStyle] | None = None,
    missing: str = "",
) -> None:
    """Bars of each series side by side in each category, with error bars.

    ``stats`` has shape (series, categories, 3): mean, low, high; a NaN interval (one
    replication) draws no error bar, and a NaN mean writes ``missing`` (e.g. "no such
    issues") where its bar would stand. ``clip`` limits intervals to the possible range (a
    share cannot exceed 100%). Each series has its colour and its hatch, black-edged.
    """
    n = len(series)
    width = 0.8 / max(n, 1)
    x = np.arange(len(categories), dtype=float)
    for i, name in enumerate(series):
        mean, low, high = stats[i, :, 0], stats[i, :, 1], stats[i, :, 2]
        if clip is not None:
            low, high = np.clip(low, *clip), np.clip(high, *clip)
        style = (styles or [series_style(j) for j in range(n)])[i]
        ax.bar(
            x + (i - (n - 1) / 2) * width, mean, width, label=str(name),
            yerr=np.vstack([mean - low, high - mean]), capsize=3,
            color=style.color, hatch=style.hatch, edgecolor="black", linewidth=0.6,
            error_kw={"elinewidth": 1.0, "ecolor": "black"},
        )  # fmt: skip
        for at in (x + (i - (n - 1) / 2) * width)[np.isnan(mean)] if missing else ():
            ax.text(at, 0, f" {missing}", rotation=90, ha="center", va="bottom",
                    fontsize=7, gid="no-such-issues")  # fmt: skip
    _category_ticks(ax, x, [str(c) for c in categories])
    ax.grid(False, axis="x")


def _category_ticks(ax: Axes, x: np.ndarray, labels: Sequence[str]) -> None:
    """Category names under their bars, slanted when they would run into each other."""
    ax.set_xticks(x, labels)
    if sum(len(t) for t in labels) > 60 or max((len(t) for t in labels), default=0) > 14:
        _slant(ax)


def _slant(ax: Axes) -> None:
    """Slant the x tick labels, anchored at their right end so each points at its tick."""
    for t in ax.get_xticklabels():
        t.set_rotation(30)
        t.set_horizontalalignment("right")
        t.set_rotation_mode("anchor")


def _percent_axis(ax: Axes, label: str) -> None:
    """A share axis from 0 to 100%: a fixed scale, so figures of different runs compare."""
    ax.set_ylim(0, 100)
    ax.yaxis.set_major_formatter(PercentFormatter(100, decimals=0))
    ax.set_ylabel(label)


def _plain_number(value: float, _pos: Any = None) -> str:
    """Tick text as 10, 100, 1000: planners read minutes, not powers of ten."""
    return f"{value:g}"


def _symlog(ax: Axes, axis: str = "x") -> None:
    """Log scale above 1, linear below, with plain numbers (10, 100) rather than powers."""
    if axis == "x":
        ax.set_xscale("symlog", **SYMLOG)
        ax.xaxis.set_major_formatter(FuncFormatter(_plain_number))
    else:
        ax.set_yscale("symlog", **SYMLOG)
        ax.yaxis.set_major_formatter(FuncFormatter(_plain_number))


def _display(x: np.ndarray, log_x: bool) -> np.ndarray:
    """Minutes as distance along the time axis: decades on the log axis (0-1 min is the
    first decade), minutes on a linear one."""
    x = np.asarray(x, dtype=float)
    if not log_x:
        return x
    return np.where(x <= 1.0, x, 1.0 + np.log10(np.maximum(x, 1.0)))


def _from_display(u: np.ndarray, log_x: bool) -> np.ndarray:
    """The inverse of `_display`: bin edges laid out evenly on the axis, in minutes."""
    u = np.asarray(u, dtype=float)
    if not log_x:
        return u
    return np.where(u <= 1.0, u, 10.0 ** (u - 1.0))


# ---------------------------------------------------------------------------------------------
# Response-time distributions


def response_times(
    issues: pd.DataFrame, metric: str = "on_site", by: str = "variant", warmup_min: float = 0.0
) -> pd.DataFrame:
    """Minutes from report to the metric's event for each issue reported at or after the
    warm-up (complex issues only for "plan"), with its group and replication.

    NaN marks an issue that never got there before the horizon: a miss, not a missing value,
    so it stays in the table and in every share's denominator, as in the KPIs.
    """
    if metric not in METRICS:
        raise ValueError(f"metric must be one of {', '.join(METRICS)}, got {metric!r}")
    column = METRICS[metric][0]
    _need(issues, [by, "reported_min", column] + (["complex"] if metric == "plan" else []),
          "issue log")  # fmt: skip
    reported = issues["reported_min"].to_numpy(float)
    keep = ~np.isnan(reported) & (reported >= warmup_min)
    if metric == "plan":
        keep &= issues["complex"].fillna(False).to_numpy(bool)
    rep = issues["replication"].to_numpy() if "replication" in issues else np.zeros(len(issues))
    return pd.DataFrame({
        "group": issues[by][keep].reset_index(drop=True),
        "replication": rep[keep],
        "time": (issues[column].to_numpy(float) - reported)[keep],
    })  # fmt: skip


def ecdf(times: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Share of all issues done within each ``x`` minutes; NaN times (never done) count in
    the denominator only, so the curve tops out at the share ever done."""
    times = np.asarray(times, dtype=float)
    done = np.sort(times[~np.isnan(times)])
    if len(times) == 0:
        return np.full(len(x), np.nan)
    return np.searchsorted(done, x, side="right") / len(times)


def _curve_points(times: np.ndarray) -> np.ndarray:
    """Where to draw an ECDF: every distinct time, or evenly spaced ranks of a long log."""
    done = np.sort(times[~np.isnan(times)])
    if len(done) > MAX_CURVE_POINTS:
        done = done[np.linspace(0, len(done) - 1, MAX_CURVE_POINTS).round().astype(int)]
    return np.unique(done)


def _metric_title(metric: str) -> str:
    """A short title naming what is timed."""
    return {"on_site": "Time to on site", "resolution": "Time to resolution",
            "plan": "Time to a plan (complex issues)"}[metric]  # fmt: skip


def _time_label(metric: str, log_x: bool) -> str:
    """The time axis label: from which event to which, its unit and its scale."""
    scale = ", log scale above 1" if log_x else ""
    return f"time from report to {METRICS[metric][1]} (minutes{scale})"


def _target_line(ax: Axes, metric: str, targets: Mapping[str, float] | None) -> None:
    """The metric's target as a labelled vertical line: thick, grey and behind the data, so it
    reads as a reference and never as one more series; the legend names its value, outside
    the axes, so the label never sits on a curve."""
    value = (DEFAULT_TARGETS if targets is None else targets).get(metric)
    if value is None:
        return
    ax.axvline(value, color="0.55", linewidth=3.0, alpha=0.8, zorder=1.5, gid="target",
               label=f"{value:g} min target")  # fmt: skip


def _group_band(ax: Axes, sub: pd.DataFrame, x: np.ndarray, style: SeriesStyle, gid: str) -> str:
    """The band of one group's per-replication ECDFs on the pooled curve's points."""
    curves = np.vstack([ecdf(t.to_numpy(float), x) for _, t in sub.groupby("replication")["time"]])
    low, high, text = _band(curves)
    ax.fill_between(x, low, high, step="post", color=style.color, alpha=0.2, linewidth=0, gid=gid)
    return text


def ecdf_figure(
    issues: pd.DataFrame,
    metric: str = "on_site",
    by: str = "variant",
    targets: dict[str, float] | None = None,
    warmup_min: float = 0.0,
    band: bool = True,
    log_x: bool = True,
) -> Figure:
    """The whole distribution of response times against the target, one curve per group.

    Means hide the long tail that decides whether a target is met; the ECDF shows, at every
    time, the share of issues done by then. Each curve pools the replications; its band is
    the pointwise spread of the per-replication curves, which shows how much a single year
    varies. Issues never done count as not done, so a curve ends below 100% by the share of
    misses. ``targets`` maps a metric to its target in minutes (default: the "三个一" targets);
    pass ``{}`` for no line.
    """
    data = response_times(issues, metric, by, warmup_min)
    fig, ax = _new_figure()
    groups = _order(data["group"])
    finite = data["time"].dropna()
    right = float(finite.max()) if len(finite) else 1.0
    band_text = None
    for i, g in enumerate(groups):
        sub = data[(data["group"] == g).to_numpy()]
        times = sub["time"].to_numpy(float)
        x = _curve_points(times)
        if len(x) == 0 or x[-1] < right:  # carry the last level to the common right edge
            x = np.append(x, right)
        if x[0] > 0:  # the curve rises from 0% at 0 minutes
            x = np.insert(x, 0, 0.0)
        style = series_style(i)
        if band and sub["replication"].nunique() >= 2:
            band_text = _group_band(ax, sub, x, style, f"band:{g}")
        ax.step(x, ecdf(times, x), where="post", label=str(g), gid=f"ecdf:{g}", **style.line())
    _target_line(ax, metric, targets)
    if log_x:
        _symlog(ax)
    ax.set_xlim(left=0)
    ax.set_ylim(0, 1)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_xlabel(_time_label(metric, log_x))
    verb = METRICS[metric][1]
    ax.set_ylabel(f"issues {verb} by then (%)\n(never {verb} = not done)")
    ax.set_title(_metric_title(metric))
    handles, _ = ax.get_legend_handles_labels()
    if band_text:
        handles.append(Patch(color="0.6", alpha=0.4, label=f"band: {band_text}"))
    _legend(fig, handles, title=by)
    return fig


def histogram_figure(
    issues: pd.DataFrame,
    metric: str = "on_site",
    by: str = "variant",
    targets: dict[str, float] | None = None,
    warmup_min: float = 0.0,
    log_x: bool = True,
) -> Figure:
    """Step histograms of response times per group, to see the shape (modes, a shoulder at a
    shift change) that an ECDF flattens.

    Bins are equally wide along the axis (a tenth of a decade on the log axis, where 0-1
    minute is the first decade) and the height is a density along the axis, over all issues
    of the group: the area under a curve is its share of issues ever done, so groups of
    different sizes compare and the misses show as missing area.
    """
    data = response_times(issues, metric, by, warmup_min)
    fig, ax = _new_figure()
    finite = data["time"].dropna().to_numpy(float)
    top = float(_display(finite, log_x).max()) if len(finite) else 1.0
    if log_x:
        u_edges = np.arange(0, math.ceil(top * 10 + 1e-9) + 1) / 10
    else:
        u_edges = np.linspace(0.0, max(top, 1e-9), 51)
    edges = _from_display(u_edges, log_x)
    for i, g in enumerate(_order(data["group"])):
        times = data.loc[(data["group"] == g).to_numpy(), "time"].to_numpy(float)
        counts = np.histogram(times[~np.isnan(times)], edges)[0]
        density = counts / (len(times) * np.diff(u_edges))
        style = series_style(i)
        ax.stairs(density, edges, label=str(g), color=style.color, linestyle=style.linestyle,
                  linewidth=1.6, gid=f"hist:{g}")  # fmt: skip
    _target_line(ax, metric, targets)
    if log_x:
        _symlog(ax)
    ax.set_xlim(left=0)
    ax.set_ylim(bottom=0)
    per = "decade" if log_x else "minute"
    ax.set_xlabel(_time_label(metric, log_x))
    ax.set_ylabel(f"density (share of issues per {per};\nnever {METRICS[metric][1]} = no area)")
    ax.set_title(_metric_title(metric))
    _legend(fig, title=by)
    return fig


# ---------------------------------------------------------------------------------------------
# Summary KPIs


def target_shares_figure(
    summary: pd.DataFrame, targets: Mapping[str, float] | None = None
) -> Figure:
    """The three "三个一" target shares per variant, with 95% t-intervals over replications.

    Grouped by variant so one variant's three shares read together; each target keeps its
    colour and hatch across variants. ``targets`` (metric to minutes) only words the legend;
    pass the scenario's `targets` when it differs from the default.
    """
    minutes = {**DEFAULT_TARGETS, **(targets or {})}
    variants = _variants(summary)
    series, stats = [], np.full((len(TARGET_SHARES), len(variants), 3), np.nan)
    for i, (kpi, metric, words) in enumerate(TARGET_SHARES):
        series.append(f"{words} within {minutes[metric]:g} min")
        table = _intervals(_kpi_rows(summary, kpi, "community"), ["variant"])
        for j, v in enumerate(variants):
            hit = table[table["variant"].astype(str) == v]
            if len(hit):
                stats[i, j] = hit[["mean", "low", "high"]].to_numpy(float)[0] * 100
    fig, ax = _new_figure()
    _grouped_bars(ax, variants, series, stats, clip=(0, 100), missing=undefined_text(""))
    _percent_axis(ax, "issues meeting the target (%)")
    ax.set_xlabel("variant")
    ax.set_title("Targets met (95% intervals)")
    _legend(fig)
    return fig


def utilisation_figure(summary: pd.DataFrame) -> Figure:
    """Utilisation (busy over on-duty time) of each staff pool per variant, with 95%
    t-intervals: where the bottleneck sits and what a staffing change does to it."""
    rows = _kpi_rows(summary, "utilisation")
    rows = rows[rows["scope"].astype(str).str.startswith("staff:")]
    if rows.empty:
        raise ValueError("the summary has no utilisation rows (scope staff:<handler>)")
    variants = _variants(rows)
    pools = [str(s).split(":", 1)[1] for s in _order(rows["scope"])]
    table = _intervals(rows, ["variant", "scope"])
    stats = np.full((len(variants), len(pools), 3), np.nan)
    for r in table.itertuples(index=False):
        stats[variants.index(str(r.variant)), pools.index(str(r.scope).split(":", 1)[1])] = (
            np.array([r.mean, r.low, r.high]) * 100
        )
    fig, ax = _new_figure(min(10.0, max(7.0, 1.0 + 0.35 * len(pools) * len(variants) ** 0.5)))
    _grouped_bars(ax, [p.replace("_", " ") for p in pools], variants, stats, clip=(0, 100))
    _percent_axis(ax, "utilisation (% of on-duty time)")
    ax.set_xlabel("staff pool")
    ax.set_title("Staff utilisation (95% intervals)")
    _legend(fig, title="variant")
    return fig


def _backlog_curves(
    reported: np.ndarray, resolved: np.ndarray, reps: np.ndarray, horizon: float, step: float
) -> np.ndarray:
    """One row of `backlog_series` per replication that has issues of the group."""
    return np.vstack([
        backlog_series(reported[reps == r], resolved[reps == r], horizon, step)
        for r in pd.unique(reps)
    ])  # fmt: skip


def backlog_figure(
    issues: pd.DataFrame, horizon_min: float, by: str = "variant", step_min: float = MINUTES_PER_DAY
) -> Figure:
    """The time-average number of open issues in each day (or ``step_min``), mean over
    replications with their band: shows the warm-up transient and whether a variant keeps up
    with demand or lets the backlog grow."""
    _need(issues, [by, "reported_min", "resolved_min"], "issue log")
    fig, ax = _new_figure()
    reported = issues["reported_min"].to_numpy(float)
    resolved = issues["resolved_min"].to_numpy(float)
    reps = issues["replication"].to_numpy() if "replication" in issues else np.zeros(len(issues))
    band_text = None
    for i, g in enumerate(_order(issues[by])):
        mask = (issues[by] == g).to_numpy()
        curves = _backlog_curves(reported[mask], resolved[mask], reps[mask], horizon_min, step_min)
        n = curves.shape[1]
        edges = np.minimum(np.arange(n + 1) * step_min, horizon_min)
        mid = (edges[:-1] + edges[1:]) / 2 / MINUTES_PER_DAY
        style = series_style(i)
        if len(curves) >= 2:
            low, high, band_text = _band(curves)
            ax.fill_between(mid, low, high, color=style.color, alpha=0.2, linewidth=0,
                            gid=f"band:{g}")  # fmt: skip
        every = max(1, n // 12)  # a dozen markers, staggered between series
        marks = style.line(markevery=((i * max(1, every // 4)) % every, every))
        ax.plot(mid, curves.mean(axis=0), label=str(g), gid=f"backlog:{g}", **marks)
    ax.set_xlim(0, horizon_min / MINUTES_PER_DAY)
    ax.set_ylim(bottom=0)
    ax.set_xlabel("time since start (days)")
    every = "day" if step_min == MINUTES_PER_DAY else f"{step_min:g} minutes"
    ax.set_ylabel(f"open issues (number, mean over each {every})")
    ax.set_title("Backlog")
    handles, _ = ax.get_legend_handles_labels()
    if band_text:
        handles.append(Patch(color="0.6", alpha=0.4, label=f"band: {band_text}"))
    _legend(fig, handles, title=by)
    return fig


# ---------------------------------------------------------------------------------------------
# The community map


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


# ---------------------------------------------------------------------------------------------
# The ladder, calibration and sweeps


def _rung_means(summary: pd.DataFrame, variant: str, prefix: str) -> np.ndarray:
    """Mean per replication of issues ending at each rung, in ladder order; a rung missing
    from the summary counts 0, as no issue ended there."""
    rows = summary[(summary["variant"].astype(str) == variant).to_numpy()]
    out = np.zeros(len(LEVELS))
    for k, level in enumerate(LEVELS):
        hit = rows[(rows["kpi"] == f"{prefix}:{level}").to_numpy()]
        if len(hit):
            out[k] = float(pd.to_numeric(hit["value"], errors="coerce").mean())
    return out


LADDER_STYLES = (
    SeriesStyle(OKABE_ITO["blue"], "-", "o", ""),
    SeriesStyle(OKABE_ITO["orange"], "--", "s", "//"),
)
"""True rung plain, recorded rung hatched: the pair reads apart in grey as well."""


def _ladder_axes(ax: Axes, true: np.ndarray, recorded: np.ndarray, top: float) -> None:
    """One variant's rungs: true and recorded bars, the rung above the town shaded and its
    two counts written, since a bar of height 0 cannot be seen."""
    _style_axes(ax)
    above = LEVELS.index("above_town")
    rungs = [lv.replace("_", " ").replace("community", "committee") for lv in LEVELS]
    stats = np.stack([np.stack([m, m * np.nan, m * np.nan], axis=1) for m in (true, recorded)])
    ax.axvspan(above - 0.5, above + 0.5, color=OKABE_ITO["vermillion"], alpha=0.12,
               linewidth=0, gid="above_town")  # fmt: skip
    _grouped_bars(ax, rungs, ["true", "recorded"], stats, styles=LADDER_STYLES)
    for k, value in enumerate((true[above], recorded[above])):
        ax.annotate(f"{value:g}", (above + (k - 0.5) * 0.4, value), xytext=(0, 3),
                    textcoords="offset points", ha="center", va="bottom", fontsize=8,
                    color=OKABE_ITO["vermillion"], fontweight="bold",
                    gid="above_town_count")  # fmt: skip
    ax.get_xticklabels()[above].set_color(OKABE_ITO["vermillion"])
    _symlog(ax, "y")
    ax.set_ylim(0, top)
    _slant(ax)
    ax.set_xlabel("rung where the issue ended")
    ax.set_ylabel("issues (mean per replication)")


def escalation_figure(summary: pd.DataFrame) -> Figure:
    """How many issues end at each rung of the ladder, true beside recorded, per variant.

    Set side by side, the two show what a cap on recorded escalations hides. The rungs span
    thousands (grid worker) to a handful (town), so the count axis is logarithmic above 1.
    Anything above the town breaks the principle that nothing goes above it, so that rung is
    shaded and its counts written out, zeros included: a zero there is a finding too.
    """
    _need(summary, ("variant", "kpi", "value"), "summary")
    variants = _variants(summary)
    means = {v: (_rung_means(summary, v, "level"), _rung_means(summary, v, "level_recorded"))
             for v in variants}  # fmt: skip
    top = max(10.0, 3.0 * max(float(np.nanmax(np.concatenate(m))) for m in means.values()))
    cols = min(3, len(variants))
    rows_n = math.ceil(len(variants) / cols)
    fig = Figure(figsize=(4.2 * cols + 0.6, 3.8 * rows_n), layout="constrained")
    axes = fig.subplots(rows_n, cols, sharey=True, squeeze=False).ravel()
    for ax, variant in zip(axes, variants, strict=False):
        _ladder_axes(ax, *means[variant], top)
        ax.set_title(variant)
    for ax in axes[len(variants) :]:
        ax.set_visible(False)
    fig.suptitle("Where issues end on the ladder")
    names = ("true rung", "recorded rung")
    handles = [Patch(facecolor=s.color, hatch=s.hatch, edgecolor="black", label=lab)
               for s, lab in zip(LADDER_STYLES, names, strict=True)]  # fmt: skip
    handles.append(Patch(color=OKABE_ITO["vermillion"], alpha=0.12, label="above the town"))
    _legend(fig, handles)
    return fig


def calibration_figure(calibration: pd.DataFrame) -> Figure:
    """Each seed figure against the spread of single simulated years.

    A seed figure is one community in one year, so the right yardstick is the 95% range of a
    single simulated year (the bar), not the interval of the mean; the mean is the dot and
    the seed's figure the diamond. Figures from other estates (verdict "for scale only") are
    hatched. Counts run from 0 to thousands, so the axis is logarithmic above 1.
    """
    _need(calibration, ("figure", "seed", "mean", "one_year_low", "one_year_high"), "calibration")
    seed = pd.to_numeric(calibration["seed"], errors="coerce")
    rows = calibration[seed.notna().to_numpy()].reset_index(drop=True)
    if rows.empty:
        raise ValueError("no calibration row has a seed figure")
    fig, ax = _new_figure(7.5, 1.2 + 0.62 * len(rows))
    y = np.arange(len(rows))
    low = np.maximum(rows["one_year_low"].to_numpy(float), 0.0)  # counts cannot go below 0
    high = rows["one_year_high"].to_numpy(float)
    verdict = rows["verdict"].astype(str) if "verdict" in rows else pd.Series([""] * len(rows))
    scale_only = (verdict == "for scale only").to_numpy()
    ax.barh(y, high - low, 0.5, left=low, color=OKABE_ITO["sky_blue"], edgecolor="black",
            linewidth=0.6, hatch=["//" if s else "" for s in scale_only],
            label="one simulated year, 95% range", gid="one_year")  # fmt: skip
    ax.plot(rows["mean"].to_numpy(float), y, "o", color="black", markersize=5, linestyle="none",
            label="simulated mean", gid="mean", clip_on=False)  # fmt: skip
    seed_values = pd.to_numeric(rows["seed"]).to_numpy(float)
    ax.plot(seed_values, y, "D", color=OKABE_ITO["vermillion"],
            markeredgecolor="black", markersize=7, linestyle="none", label="seed figure",
            gid="seed", clip_on=False)  # fmt: skip
    names = rows["figure"].astype(str)
    labels = [f"{textwrap.fill(f, 34)}\n[{v}]" for f, v in zip(names, verdict, strict=True)]
    ax.set_yticks(y, labels, fontsize=8)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.grid(False, axis="y")
    _symlog(ax)
    extent = np.nanmax(np.concatenate([high, rows["mean"].to_numpy(float), seed_values, [1.0]]))
    ax.set_xlim(0, extent * 1.6)  # room for the seed's diamond beyond the range
    ax.set_xlabel("count (per year unless the figure says otherwise, log scale above 1)")
    ax.set_title("Simulated years against the seed")
    handles, _ = ax.get_legend_handles_labels()
    if scale_only.any():
        handles.append(Patch(facecolor=OKABE_ITO["sky_blue"], hatch="//", edgecolor="black",
                             label="other estate: for scale only"))  # fmt: skip
    _legend(fig, handles)
    return fig


def _parameter_label(parameter: str) -> str:
    """A swept field's path with the unit its name implies, where it implies one."""
    leaf = parameter.rsplit(".", 1)[-1]
    for suffix, unit in (("_min", "minutes"), ("_days", "days"), ("_hour", "hour of day"),
                         ("_hours", "hours"), ("per_day", "per day"), ("_share", "share"),
                         ("per_household_year", "per household per year")):  # fmt: skip
        if leaf.endswith(suffix):
            return f"{parameter} ({unit})"
    if ".crews." in f".{parameter}" or leaf in ("grid_workers", "grid_leaders", "volunteers"):
        return f"{parameter} (staff)"
    return f"{parameter} (value)"


def sweep_figure(
    table: pd.DataFrame,
    parameter: str,
    kpi: str = "on_site_p90_min",
    by: str | None = None,
    scope: str = "community",
) -> Figure:
    """A KPI's mean with its 95% t-interval against a swept parameter, one series per value
    of ``by``: how a lever moves the KPI and whether the effect outruns the noise.

    Design points that share the parameter (and ``by``) value are pooled, which gives the
    mean over the other swept parameters (a main effect). A non-numeric parameter is shown
    as categories in the order met.
    """
    _need(table, [parameter, "kpi", "scope", "value"] + ([by] if by else []), "sweep table")
    rows = table[((table["kpi"] == kpi) & (table["scope"] == scope)).to_numpy()]
    if rows.empty:
        raise ValueError(f"the sweep table has no rows of {kpi!r} in scope {scope!r}")
    numeric = pd.api.types.is_numeric_dtype(rows[parameter])
    stats = _intervals(rows, [by, parameter] if by else [parameter])
    levels = _order(rows[parameter])
    scale = kpi_scale(kpi)
    fig, ax = _new_figure()
    for i, s in enumerate(_order(stats[by]) if by else [None]):
        sub = stats if s is None else stats[(stats[by] == s).to_numpy()]
        if numeric:
            sub = sub.sort_values(parameter)
            x = sub[parameter].to_numpy(float)
        else:
            x = np.array([levels.index(v) for v in sub[parameter]], dtype=float)
        mean, low, high = (sub[c].to_numpy(float) * scale for c in ("mean", "low", "high"))
        style = series_style(i)
        ax.errorbar(x, mean, yerr=np.vstack([mean - low, high - mean]), capsize=3,
                    label=kpi_label(kpi) if s is None else str(s), color=style.color,
                    linestyle=style.linestyle, marker=style.marker, markerfacecolor="white",
                    linewidth=1.4, gid=f"sweep:{s}")  # fmt: skip
    if not numeric:
        _category_ticks(ax, np.arange(len(levels)), [str(v) for v in levels])
    elif all(float(v).is_integer() for v in levels):
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(_parameter_label(parameter))
    ax.set_ylabel(f"{kpi_axis_label(kpi, scope)}\nmean with 95% interval")
    ax.set_title(f"Sweep of {parameter.rsplit('.', 1)[-1]}")
    if by:
        _legend(fig, title=by)
    return fig


__all__ = [
    "BAND_MIN_REPLICATIONS",
    "DEFAULT_TARGETS",
    "OKABE_ITO",
    "SeriesStyle",
    "backlog_figure",
    "calibration_figure",
    "community_map_figure",
    "ecdf",
    "ecdf_figure",
    "escalation_figure",
    "histogram_figure",
    "kpi_axis_label",
    "kpi_scale",
    "kpi_unit",
    "response_times",
    "save_figure",
    "series_style",
    "sweep_figure",
    "target_shares_figure",
    "utilisation_figure",
]
