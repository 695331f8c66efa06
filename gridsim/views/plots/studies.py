"""Figures of studies: the escalation ladder, calibration against the seed's figures, sweeps
(with the scenario's goal marked), labelled in the language in use."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import blended_transform_factory

from gridsim.experiment.sweep import field_name
from gridsim.i18n import _
from gridsim.scenario.schema import LEVELS
from gridsim.stats.compare import kpi_label
from gridsim.stats.kpis import unit_of
from gridsim.views.amounts import amount
from gridsim.views.plots.parts import (
    _category_ticks,
    _grouped_bars,
    _intervals,
    _need,
    _order,
    _slant,
    _symlog,
    _variants,
)
from gridsim.views.plots.style import (
    OKABE_ITO,
    SeriesStyle,
    _legend,
    _new_figure,
    _style_axes,
    kpi_axis_label,
    kpi_scale,
    series_style,
)

if TYPE_CHECKING:
    from gridsim.scenario.goals import Goal

__all__ = ["calibration_figure", "escalation_figure", "goal_lines", "sweep_figure"]


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
    rungs = [_(lv.replace("_", " ").replace("community", "committee")) for lv in LEVELS]
    stats = np.stack([np.stack([m, m * np.nan, m * np.nan], axis=1) for m in (true, recorded)])
    ax.axvspan(above - 0.5, above + 0.5, color=OKABE_ITO["vermillion"], alpha=0.12,
               linewidth=0, gid="above_town")  # fmt: skip
    _grouped_bars(ax, rungs, [_("true"), _("recorded")], stats, styles=LADDER_STYLES)
    for k, value in enumerate((true[above], recorded[above])):
        ax.annotate(f"{value:g}", (above + (k - 0.5) * 0.4, value), xytext=(0, 3),
                    textcoords="offset points", ha="center", va="bottom", fontsize=8,
                    color=OKABE_ITO["vermillion"], fontweight="bold",
                    gid="above_town_count")  # fmt: skip
    ax.get_xticklabels()[above].set_color(OKABE_ITO["vermillion"])
    _symlog(ax, "y")
    ax.set_ylim(0, top)
    _slant(ax)
    ax.set_xlabel(_("rung where the issue ended"))
    ax.set_ylabel(_("issues (mean per replication)"))


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
    fig.suptitle(_("Where issues end on the ladder"))
    names = (_("true rung"), _("recorded rung"))
    handles = [Patch(facecolor=s.color, hatch=s.hatch, edgecolor="black", label=lab)
               for s, lab in zip(LADDER_STYLES, names, strict=True)]  # fmt: skip
    handles.append(Patch(color=OKABE_ITO["vermillion"], alpha=0.12, label=_("above the town")))
    _legend(fig, handles)
    return fig


def calibration_figure(calibration: pd.DataFrame) -> Figure:
    """Each observed figure against the spread of single simulated periods.

    An observed figure is one place over one period, so the right yardstick is the 95% range
    of a single simulated period (the bar), not the interval of the mean; the mean is the dot
    and the figure the diamond. Figures not comparable (verdict "for scale only") are
    hatched; a figure whose period the run does not cover is left out. Counts run from 0 to
    thousands, so the axis is logarithmic above 1.
    """
    _need(calibration, ("figure", "seed", "mean", "one_year_low", "one_year_high"), "calibration")
    seed = pd.to_numeric(calibration["seed"], errors="coerce")
    simulated = pd.to_numeric(calibration["mean"], errors="coerce")  # NaN: not in the run
    rows = calibration[(seed.notna() & simulated.notna()).to_numpy()].reset_index(drop=True)
    if rows.empty:
        raise ValueError("no calibration row has both a figure and a simulated count")
    fig, ax = _new_figure(7.5, 1.2 + 0.62 * len(rows))
    y = np.arange(len(rows))
    low = np.maximum(rows["one_year_low"].to_numpy(float), 0.0)  # counts cannot go below 0
    high = rows["one_year_high"].to_numpy(float)
    verdict = rows["verdict"].astype(str) if "verdict" in rows else pd.Series([""] * len(rows))
    scale_only = (verdict == "for scale only").to_numpy()
    ax.barh(y, high - low, 0.5, left=low, color=OKABE_ITO["sky_blue"], edgecolor="black",
            linewidth=0.6, hatch=["//" if s else "" for s in scale_only],
            label=_("one simulated year, 95% range"), gid="one_year")  # fmt: skip
    ax.plot(rows["mean"].to_numpy(float), y, "o", color="black", markersize=5, linestyle="none",
            label=_("simulated mean"), gid="mean", clip_on=False)  # fmt: skip
    seed_values = pd.to_numeric(rows["seed"]).to_numpy(float)
    ax.plot(seed_values, y, "D", color=OKABE_ITO["vermillion"],
            markeredgecolor="black", markersize=7, linestyle="none", label=_("observed figure"),
            gid="seed", clip_on=False)  # fmt: skip
    names = rows["figure"].astype(str)
    labels = [f"{textwrap.fill(f, 34)}\n[{v}]" for f, v in zip(names, verdict, strict=True)]
    ax.set_yticks(y, labels, fontsize=8)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.grid(False, axis="y")
    _symlog(ax)
    extent = np.nanmax(np.concatenate([high, rows["mean"].to_numpy(float), seed_values, [1.0]]))
    ax.set_xlim(0, extent * 1.6)  # room for the seed's diamond beyond the range
    ax.set_xlabel(_("count (per year unless the figure says otherwise, log scale above 1)"))
    ax.set_title(_("Simulated counts against the observed figures"))
    handles = ax.get_legend_handles_labels()[0]
    if scale_only.any():
        handles.append(Patch(facecolor=OKABE_ITO["sky_blue"], hatch="//", edgecolor="black",
                             label=_("not comparable: for scale only")))  # fmt: skip
    _legend(fig, handles)
    return fig


def _parameter_label(parameter: str) -> str:
    """A swept field in words with the unit its name implies, and its path (what --grid
    takes) below when the words differ from it."""
    leaf = parameter.rsplit(".", 1)[-1]
    name = field_name(parameter)
    if name != parameter:
        name = f"{parameter}: {name}"
    for suffix, unit in (("_min", "minutes"), ("_days", "days"), ("_hour", "hour of day"),
                         ("_hours", "hours"), ("per_day", "per day"), ("_share", "share"),
                         ("per_household_year", "per household per year")):  # fmt: skip
        if leaf.endswith(suffix):
            return f"{name} ({_(unit)})"
    if ".crews." in f".{parameter}" or leaf in ("grid_workers", "grid_leaders", "volunteers"):
        return f"{name} ({_('staff')})"
    return f"{name} ({_('value')})"


def goal_lines(ax: Axes, goals: Sequence[Goal], kpi: str, scope: str = "community") -> None:
    """Each goal on ``kpi`` in ``scope`` as a dotted horizontal line labelled "goal ≥ 90%"
    at its right end: where the curve must get to."""
    transform = blended_transform_factory(ax.transAxes, ax.transData)
    for goal in goals:
        if goal.kpi != kpi or goal.scope != scope:
            continue
        y = goal.value * kpi_scale(kpi)
        sign = "≥" if goal.higher_is_better else "≤"
        text = _("goal {sign} {value}").format(sign=sign, value=amount(goal.value, unit_of(kpi), 0))
        ax.axhline(y, color=OKABE_ITO["vermillion"], linestyle=":", linewidth=1.6,
                   gid=f"goal:{kpi}", label=text)  # fmt: skip
        ax.text(0.99, y, text, transform=transform, ha="right", va="bottom", fontsize=8,
                color=OKABE_ITO["vermillion"], gid=f"goal_label:{kpi}")  # fmt: skip


def sweep_figure(
    table: pd.DataFrame,
    parameter: str,
    kpi: str = "on_site_p90_min",
    by: str | None = None,
    scope: str = "community",
    goals: Sequence[Goal] = (),
) -> Figure:
    """A KPI's mean with its 95% t-interval against a swept parameter, one series per value
    of ``by``: how a lever moves the KPI and whether the effect outruns the noise.

    Design points that share the parameter (and ``by``) value are pooled, which gives the
    mean over the other swept parameters (a main effect). A non-numeric parameter is shown
    as categories in the order met. Each of ``goals`` on the KPI is a labelled line
    (`goal_lines`).
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
    goal_lines(ax, goals, kpi, scope)
    ax.set_xlabel(_parameter_label(parameter))
    ax.set_ylabel(kpi_axis_label(kpi, scope) + "\n" + _("mean with 95% interval"))
    ax.set_title(_("Sweep of {field}").format(field=field_name(parameter)))
    if by:
        _legend(fig, title=field_name(by))
    return fig
