"""Response-time distributions: the ECDF and the histogram of times from report to event."""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import PercentFormatter

from gridsim.i18n import _
from gridsim.views.plots.parts import (
    _band,
    _band_patch,
    _display,
    _from_display,
    _need,
    _order,
    _symlog,
)
from gridsim.views.plots.style import (
    DEFAULT_TARGETS,
    MAX_CURVE_POINTS,
    METRICS,
    SeriesStyle,
    _legend,
    _new_figure,
    series_style,
    target_time,
)


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
    return {"on_site": _("Time to on site"), "resolution": _("Time to resolution"),
            "plan": _("Time to a plan (complex issues)")}[metric]  # fmt: skip


def _time_label(metric: str, log_x: bool) -> str:
    """The time axis label: from which event to which, its unit and its scale."""
    if log_x:
        return _("time from report to {event} (minutes, log scale above 1)").format(
            event=_(METRICS[metric][1]))  # fmt: skip
    return _("time from report to {event} (minutes)").format(event=_(METRICS[metric][1]))


def _target_line(ax: Axes, metric: str, targets: Mapping[str, float] | None) -> None:
    """The metric's target as a labelled vertical line: thick, grey and behind the data, so it
    reads as a reference and never as one more series; the legend names its value, outside
    the axes, so the label never sits on a curve."""
    value = (DEFAULT_TARGETS if targets is None else targets).get(metric)
    if value is None:
        return
    ax.axvline(value, color="0.55", linewidth=3.0, alpha=0.8, zorder=1.5, gid="target",
               label=_("{time} target").format(time=target_time(value)))  # fmt: skip


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
    verb = _(METRICS[metric][1])
    ax.set_ylabel(_("issues {event} by then (%)\n(never {event} = not done)").format(event=verb))
    ax.set_title(_metric_title(metric))
    handles = ax.get_legend_handles_labels()[0]
    if band_text:
        handles.append(_band_patch(band_text))
    _legend(fig, handles, title=_(by))
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
    ylabel = (_("density (share of issues per decade;\nnever {event} = no area)") if log_x
              else _("density (share of issues per minute;\nnever {event} = no area)"))  # fmt: skip
    ax.set_xlabel(_time_label(metric, log_x))
    ax.set_ylabel(ylabel.format(event=_(METRICS[metric][1])))
    ax.set_title(_metric_title(metric))
    _legend(fig, title=_(by))
    return fig
