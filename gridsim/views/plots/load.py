"""Load over the run: crew utilisation and the daily backlog."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from gridsim.i18n import _
from gridsim.stats.warmup import MINUTES_PER_DAY, backlog_series
from gridsim.views.plots.parts import (
    _band,
    _band_patch,
    _grouped_bars,
    _intervals,
    _kpi_rows,
    _need,
    _order,
    _percent_axis,
    _variants,
)
from gridsim.views.plots.style import _legend, _new_figure, series_style


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
    _grouped_bars(ax, [_(p.replace("_", " ")) for p in pools], variants, stats, clip=(0, 100))
    _percent_axis(ax, _("utilisation (% of on-duty time)"))
    ax.set_xlabel(_("staff pool"))
    ax.set_title(_("Staff utilisation (95% intervals)"))
    _legend(fig, title=_("variant"))
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
    ax.set_xlabel(_("time since start (days)"))
    if step_min == MINUTES_PER_DAY:
        ax.set_ylabel(_("open issues (number, mean over each day)"))
    else:
        ax.set_ylabel(_("open issues (number, mean over each {n} minutes)").format(
            n=f"{step_min:g}"))  # fmt: skip
    ax.set_title(_("Backlog"))
    handles = ax.get_legend_handles_labels()[0]
    if band_text:
        handles.append(_band_patch(band_text))
    _legend(fig, handles, title=_(by))
    return fig
