"""Cost against attainment of every plan an optimisation simulated: one panel per
requirement, so a planner sees what each step of cost buys, where the goal lies, and why the
chosen plan is the cheapest that clears it.

Each plan is drawn with its interval, its status told by colour and by marker (feasible,
infeasible, undecided: it reads in black and white too); the goal is a line with its
tolerance band (a mean inside the band counts as meeting the goal); the Pareto plans (no
other plan is as cheap and as good on every requirement) are joined by a step line; the
chosen plan and the current plan are ringed and labelled."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from gridsim.i18n import _
from gridsim.optimiser.result import Optimum
from gridsim.views.plots.style import OKABE_ITO, _style_axes, kpi_axis_label, kpi_scale

__all__ = ["STATUS_STYLES", "frontier_figure"]

STATUS_STYLES: dict[str, tuple[str, str]] = {
    "feasible": (OKABE_ITO["bluish_green"], "o"),
    "infeasible": (OKABE_ITO["vermillion"], "X"),
    "undecided": (OKABE_ITO["orange"], "s"),
}
"""Colour and marker of each decision: two cues, so the figure reads without colour."""

COST_UNIT = 1e4
"""Costs are drawn in 10,000 CNY (万元), the unit Chinese budgets are stated in."""


def frontier_figure(opt: Optimum) -> Figure:
    """Cost (10,000 CNY a year) on x; each requirement's estimate with its interval on y."""
    reqs = opt.requirements
    fig = Figure(figsize=(7.0, 3.4 * max(1, len(reqs))), layout="constrained")
    axes = fig.subplots(max(1, len(reqs)), 1, squeeze=False)[:, 0]
    table = _statuses(opt.frontier)
    for ax, req in zip(axes, reqs, strict=False):
        _style_axes(ax)
        _panel(ax, opt, table, req)
    if reqs:
        axes[0].legend(fontsize=8, loc="best")
    axes[-1].set_xlabel(_("staff cost a year (10,000 CNY)"))
    axes[0].set_title(_("Plans simulated: cost against each requirement"))
    return fig


def _statuses(table: pd.DataFrame) -> pd.DataFrame:
    """The frontier with every status one of STATUS_STYLES (an unfinished plan: undecided)."""
    if not len(table):
        return pd.DataFrame(columns=["cost", "status", "on_frontier"])
    out = table.copy()
    out["status"] = out["status"].where(out["status"].isin(list(STATUS_STYLES)), "undecided")
    return out


def _panel(ax: Axes, opt: Optimum, table: pd.DataFrame, req: Mapping[str, Any]) -> None:
    """One requirement: plans by status, the Pareto step line, the goal and the two plans."""
    key, scale = f"{req['kpi']}@{req['scope']}", kpi_scale(req["kpi"])
    cost = table["cost"].to_numpy(float) / COST_UNIT
    y = table[key].to_numpy(float) * scale if key in table else np.zeros(0)
    for status, (colour, marker) in STATUS_STYLES.items():
        mine = (table["status"] == status).to_numpy()
        if not mine.any():
            continue
        low = table[f"{key} lower"].to_numpy(float)[mine] * scale
        high = table[f"{key} upper"].to_numpy(float)[mine] * scale
        err = np.nan_to_num(np.abs(np.vstack([y[mine] - low, high - y[mine]])))
        ax.errorbar(cost[mine], y[mine], yerr=err, fmt="none", ecolor=colour, capsize=2)
        ax.plot(cost[mine], y[mine], linestyle="none", marker=marker, color=colour,
                markersize=6, label=_(status), gid=f"status-{status}")  # fmt: skip
    on = table["on_frontier"].to_numpy(bool) if len(table) else np.zeros(0, bool)
    if on.sum() >= 2:
        order = np.argsort(cost[on], kind="stable")
        ax.step(cost[on][order], y[on][order], where="post", color="0.45", linewidth=1.0,
                label=_("Pareto plans"), gid="pareto")  # fmt: skip
    _goal(ax, req, scale)
    chosen = _("chosen plan") if opt.feasible else _("best the bounds allow")
    _mark(ax, opt.plan, opt.cost, table, key, scale, chosen, (8, -14))
    _mark(ax, opt.current, opt.current_cost, table, key, scale, _("current plan"), (8, 8))
    if len(cost) and np.ptp(cost) == 0:  # one cost: a readable axis around it
        ax.set_xlim(cost[0] - 1.0, cost[0] + 1.0)
    ax.set_ylabel(kpi_axis_label(req["kpi"], req["scope"]))


def _goal(ax: Axes, req: Mapping[str, Any], scale: float) -> None:
    """The goal as a dashed line, and the band within the tolerance of it on the wrong side
    (a mean there still counts as meeting the goal)."""
    goal, tol = req["goal"] * scale, float(req.get("tolerance") or 0.0) * scale
    ax.axhline(goal, color="black", linestyle="--", linewidth=1.0, label=_("goal"), gid="goal")
    if tol > 0:
        edge = goal - tol if req["op"] == ">=" else goal + tol
        ax.axhspan(min(goal, edge), max(goal, edge), color="0.85", alpha=0.6, linewidth=0,
                   label=_("within the tolerance"), gid="tolerance")  # fmt: skip


def _mark(
    ax: Axes, plan: Mapping[str, Any], cost: float, table: pd.DataFrame, key: str,
    scale: float, label: str, offset: tuple[float, float],
) -> None:  # fmt: skip
    """Ring and label a plan where it was simulated (the label ``offset`` points from it, so
    two plans at one point keep their labels apart); else a dotted line at its cost."""
    x = cost / COST_UNIT
    row = _row_of(table, plan)
    if row is None or key not in table:
        ax.axvline(x, color="0.3", linestyle=":", linewidth=1.0, gid=f"mark-{label}")
        ax.annotate(label, (x, 1.0), xycoords=("data", "axes fraction"), rotation=90,
                    ha="right", va="top", fontsize=8)  # fmt: skip
        return
    y = float(table[key].iloc[row]) * scale
    ax.plot([x], [y], linestyle="none", marker="o", markersize=13, markerfacecolor="none",
            markeredgecolor="black", markeredgewidth=1.2, gid=f"mark-{label}")  # fmt: skip
    ax.annotate(label, (x, y), xytext=offset, textcoords="offset points", fontsize=8,
                arrowprops={"arrowstyle": "-", "color": "0.3", "linewidth": 0.6})  # fmt: skip


def _row_of(table: pd.DataFrame, plan: Mapping[str, Any]) -> int | None:
    """The position of the plan's row in the frontier, None when it was not simulated."""
    if not len(table) or not plan or any(p not in table for p in plan):
        return None
    hit = np.ones(len(table), dtype=bool)
    for path, value in plan.items():
        hit &= table[path].to_numpy() == value
    found = np.flatnonzero(hit)
    return int(found[0]) if len(found) else None
