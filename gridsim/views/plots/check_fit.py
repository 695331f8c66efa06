"""The held-out months beside their simulation: one row of panels per kind (and all kinds),
weekly counts on the left (the log's count as a point over the runs' 95% band, a point
outside ringed), time to close on the right (the log's Kaplan-Meier share closed as a line
over the runs' band, the checked points marked). A planner sees at once where the fit
misses and on which side."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from gridsim.fit.check import CheckFit
from gridsim.fit.holdout import CLOSE_POINTS_MIN, TOTAL
from gridsim.i18n import _
from gridsim.views.plots.style import OKABE_ITO, SYMLOG, _style_axes, target_time

__all__ = ["check_fit_figure"]

BAND = OKABE_ITO["sky_blue"]
OBSERVED = OKABE_ITO["black"]
OUTSIDE = OKABE_ITO["vermillion"]


def check_fit_figure(check: CheckFit) -> Figure:
    """Weekly counts and time to close of the held-out months, per kind."""
    kinds = list(dict.fromkeys(check.curves["kind"])) or [TOTAL]
    fig = Figure(figsize=(9.0, 2.3 * len(kinds) + 0.8), layout="constrained")
    axes = fig.subplots(len(kinds), 2, squeeze=False)
    weekly = check.table[check.table["what"] == "weekly_count"]
    for row, kind in zip(axes, kinds, strict=True):
        name = _("all kinds") if kind == TOTAL else _(kind)
        _counts_panel(row[0], weekly[weekly["kind"] == kind], name)
        _close_panel(row[1], check.curves[check.curves["kind"] == kind], name)
    axes[-1, 0].set_xlabel(_("week (Monday)"))
    axes[-1, 1].set_xlabel(_("time since the report"))
    axes[0, 0].legend(fontsize=7, loc="best")
    axes[0, 1].legend(fontsize=7, loc="lower right")
    fig.suptitle(_("Held-out months {start} to {end}: the log against {n} simulated runs")
                 .format(start=check.split.date(), end=(check.end - pd.Timedelta(days=1)).date(),
                         n=check.replications), fontsize=10)  # fmt: skip
    return fig


def _counts_panel(ax: Axes, rows: pd.DataFrame, name: str) -> None:
    """The weekly counts: band per week, the log's count as points, misses ringed."""
    _style_axes(ax)
    x = np.arange(len(rows))
    ax.fill_between(x, rows["lower"], rows["upper"], step="mid", color=BAND, alpha=0.45,
                    label=_("simulated 95% interval"))  # fmt: skip
    ax.plot(x, rows["observed"], "o", color=OBSERVED, markersize=4, label=_("log"))
    out = ~rows["inside"].to_numpy(bool)
    ax.plot(x[out], rows["observed"].to_numpy()[out], "o", markersize=9, markerfacecolor="none",
            color=OUTSIDE, label=_("outside"))  # fmt: skip
    ticks = x[:: max(1, len(x) // 6)]
    ax.set_xticks(ticks, [str(rows["week"].iloc[i])[5:] for i in ticks], fontsize=7)
    ax.set_ylabel(_("{kind}: orders a week").format(kind=name), fontsize=8)
    ax.set_ylim(bottom=0)


def _close_panel(ax: Axes, curves: pd.DataFrame, name: str) -> None:
    """Share closed against time since the report (log scale), the log over the band."""
    _style_axes(ax)
    t = curves["within_min"].to_numpy(float)
    ax.fill_between(t, curves["lower"] * 100, curves["upper"] * 100, color=BAND, alpha=0.45,
                    label=_("simulated 95% band"))  # fmt: skip
    ax.plot(t, curves["observed"] * 100, color=OBSERVED, linewidth=1.4, label=_("log"))
    checked = curves[curves["within_min"].isin(CLOSE_POINTS_MIN)]
    ax.plot(checked["within_min"], checked["observed"] * 100, "D", color=OBSERVED,
            markersize=4)  # fmt: skip
    ax.set_xscale("symlog", **SYMLOG)
    ax.set_xticks(list(CLOSE_POINTS_MIN), [target_time(m) for m in CLOSE_POINTS_MIN], fontsize=7)
    ax.set_ylim(0, 102)
    ax.set_ylabel(_("{kind}: closed (%)").format(kind=name), fontsize=8)
