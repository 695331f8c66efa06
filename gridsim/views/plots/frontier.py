"""Cost against attainment of every plan an optimisation simulated: one panel per
requirement, the goal as a dashed line, the chosen plan and the current plan marked."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from gridsim.i18n import _
from gridsim.optimiser.result import Optimum
from gridsim.stats.compare import kpi_label
from gridsim.stats.kpis import unit_of
from gridsim.views.plots.style import SERIES_COLOURS, _style_axes

__all__ = ["frontier_figure"]

STATUS_COLOURS = {"feasible": SERIES_COLOURS[2], "infeasible": SERIES_COLOURS[3],
                  "undecided": SERIES_COLOURS[1]}  # fmt: skip


def frontier_figure(opt: Optimum) -> Figure:
    """Cost (10,000 CNY a year) on x, each requirement's estimate with its interval on y."""
    reqs = opt.requirements
    fig = Figure(figsize=(6.4, 3.2 * max(1, len(reqs))), layout="constrained")
    axes = np.atleast_1d(fig.subplots(max(1, len(reqs)), 1, squeeze=False)[:, 0])
    table = opt.frontier
    cost = table["cost"].to_numpy(float) / 1e4 if len(table) else np.zeros(0)
    for ax, req in zip(axes, reqs, strict=False):
        _style_axes(ax)
        key = f"{req['kpi']}@{req['scope']}"
        scale = 100.0 if unit_of(req["kpi"]) == "share" else 1.0
        for status, colour in STATUS_COLOURS.items():
            mine = (table["status"] == status).to_numpy()
            if not mine.any():
                continue
            y = table[key].to_numpy(float)[mine] * scale
            err = np.vstack([y - table[f"{key} lower"].to_numpy(float)[mine] * scale,
                             table[f"{key} upper"].to_numpy(float)[mine] * scale - y])  # fmt: skip
            ax.errorbar(cost[mine], y, yerr=np.nan_to_num(np.abs(err)), fmt="o",
                        color=colour, label=_(status), capsize=2, markersize=4)  # fmt: skip
        ax.axhline(req["goal"] * scale, color="black", linestyle="--", linewidth=1.0,
                   label=_("goal"))  # fmt: skip
        mark = _("chosen plan") if opt.feasible else _("every lever at its highest")
        ax.axvline(opt.cost / 1e4, color="grey", linestyle=":", linewidth=1.0, label=mark)
        ax.set_ylabel(kpi_label(req["kpi"]) + (" (%)" if scale == 100.0 else ""))
        ax.legend(fontsize=8, loc="best")
    axes[-1].set_xlabel(_("staff cost (10,000 CNY a year)"))
    axes[0].set_title(_("Plans simulated: cost against each requirement"))
    return fig
