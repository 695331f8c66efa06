"""A tornado figure of a sensitivity analysis: one panel per KPI, a bar per field sorted by
its effect (largest on top), with the confidence interval as a whisker, so a planner sees at
a glance which assumptions are worth measuring."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from gridsim.experiment.sensitivity import COST_KPI, RANK_BY, Sensitivity
from gridsim.experiment.sweep import field_name
from gridsim.i18n import _
from gridsim.stats.compare import kpi_label
from gridsim.views.plots.style import SERIES_COLOURS, _style_axes, kpi_scale, kpi_unit

__all__ = ["output_label", "tornado_figure"]


def output_label(kpi: str) -> str:
    """A model output in words: a KPI's name, or the cheapest plan's cost."""
    return _("cost of the cheapest plan") if kpi == COST_KPI else kpi_label(kpi)


def _axis_label(method: str, kpi: str) -> str:
    if method == "sobol":
        return _("ST: share of the variance it explains (%)")
    if kpi == COST_KPI:
        return _("mu*: change across its range (10,000 CNY a year)")
    unit = kpi_unit(kpi)
    shown = {"share": _("percentage points"), "minutes": _("minutes")}.get(unit, _(unit))
    return _("mu*: change across its range ({unit})").format(unit=shown) if shown else _("mu*")


def _scale(method: str, kpi: str) -> float:
    """Percent for shares and Sobol's indices, 10,000 CNY for a cost, else the KPI's unit."""
    if method == "sobol":
        return 100.0
    return 1e-4 if kpi == COST_KPI else kpi_scale(kpi)


def _panel(ax: Axes, rows: pd.DataFrame, method: str, kpi: str) -> None:
    """One KPI: bars by effect, largest on top, whiskers at the effect +- its interval."""
    col = RANK_BY[method]
    rows = rows.sort_values(col, ascending=True, kind="stable")
    scale = _scale(method, kpi)
    effect = rows[col].to_numpy(float) * scale
    conf = np.nan_to_num(np.abs(rows[f"{col}_conf"].to_numpy(float)) * scale)
    y = np.arange(len(rows))
    ax.barh(y, effect, color=SERIES_COLOURS[0], height=0.6)
    ax.errorbar(effect, y, xerr=conf, fmt="none", ecolor="black", capsize=3,
                linewidth=1.0)  # fmt: skip
    ax.set_yticks(y, [field_name(p) for p in rows["parameter"]])
    ax.set_title(output_label(kpi), fontsize=10)
    ax.set_xlabel(_axis_label(method, kpi))
    ax.axvline(0, color="black", linewidth=0.8)


def tornado_figure(result: Sensitivity) -> Figure:
    """One panel per KPI (stacked), each field's effect with its confidence interval."""
    table = result.table
    kpis = list(dict.fromkeys(table["kpi"])) or [""]
    fields = max(1, len(result.ranges))
    fig = Figure(figsize=(7.0, (0.9 + 0.35 * fields) * len(kpis) + 0.6), layout="constrained")
    axes = np.atleast_1d(fig.subplots(len(kpis), 1, squeeze=False)[:, 0])
    for ax, kpi in zip(axes, kpis, strict=True):
        _style_axes(ax)
        if kpi:
            _panel(ax, table[table["kpi"] == kpi], result.method, kpi)
    method = _("Morris screening") if result.method == "morris" else _("Sobol' indices")
    fig.suptitle(_("Which assumptions matter ({method})").format(method=method))
    return fig
