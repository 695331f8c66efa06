"""One figure of a results folder by name: what `gridsim plot --kind` draws."""

from __future__ import annotations

import re

from matplotlib.figure import Figure

from gridsim.model.demand import DAY_MIN
from gridsim.views import plots
from gridsim.views.data import ReportError, ResultsData
from gridsim.views.report.why import why_of

__all__ = ["BY_GROUP", "PLOT_KINDS", "figure_name", "figure_of"]

PLOT_KINDS = (
    "ecdf",
    "histogram",
    "targets",
    "backlog",
    "utilisation",
    "map",
    "escalation",
    "orders",
    "calibration",
    "sweep",
    "why",
)


BY_GROUP = ("ecdf", "histogram", "backlog")
"""The kinds drawn from the issue log grouped by a column (`--by`)."""


def figure_name(
    kind: str,
    *,
    metric: str = "on_site",
    by: str = "variant",
    kpi: str = "on_site_p90_min",
    parameter: str | None = None,
    variant: str | None = None,
) -> str:
    """The file name (without suffix) of a figure: its kind, then what tells two figures of
    that kind apart (metric or KPI, grouping, variant), so figures never share a name:
    ``ecdf-on_site-by-kind``, ``map-on_site_p90_min``, ``sweep-on_site_p90_min-by-<field>``."""
    parts = [kind]
    if kind in ("ecdf", "histogram"):
        parts.append(_safe(metric))
    if kind in ("map", "sweep"):
        parts.append(_safe(kpi))
    if kind in BY_GROUP:
        parts.append(f"by-{_safe(by)}")
    if kind == "sweep" and parameter:
        parts.append(f"by-{_safe(parameter)}")
    if variant is not None:
        parts.append(_safe(variant))
    return "-".join(parts)


def _safe(value: str) -> str:
    """A value as part of a file name: letters (any script), digits, `.` and `_` kept."""
    return re.sub(r"[^\w.]+", "_", value).strip("._") or "_"


def _targets(data: ResultsData) -> dict[str, float]:
    t = data.scenario.targets
    return {"on_site": t.on_site_min, "resolution": t.routine_resolved_min,
            "plan": t.complex_plan_min}  # fmt: skip


def figure_of(
    data: ResultsData,
    kind: str,
    *,
    metric: str = "on_site",
    by: str = "variant",
    kpi: str = "on_site_p90_min",
    parameter: str | None = None,
) -> Figure:
    """The figure ``kind`` of the folder; a clear error when the folder lacks its data."""
    cal = data.scenario.calendar
    warmup = cal.warmup_days * DAY_MIN
    if kind == "ecdf":
        return plots.ecdf_figure(data.issues, metric, by, _targets(data), warmup)
    if kind == "histogram":
        return plots.histogram_figure(data.issues, metric, by, _targets(data), warmup)
    if kind == "targets":
        return plots.target_shares_figure(data.summary)
    if kind == "backlog":
        return plots.backlog_figure(data.issues, cal.horizon_days * DAY_MIN, by)
    if kind == "utilisation":
        return plots.utilisation_figure(data.summary)
    if kind == "map":
        grids = [g.model_dump() for g in data.scenario.community.grids]
        return plots.community_map_figure(data.summary, grids, kpi)
    if kind == "escalation":
        return plots.escalation_figure(data.summary)
    if kind == "orders":
        rates = data.summary[data.summary["kpi"] == "response_rate"]["value"]
        if rates.isna().all():
            raise ReportError(data.folder, "no work orders in this run (orders.enabled: false)")
        return plots.order_rates_figure(data.summary)
    if kind == "calibration":
        if data.calibration is None:
            raise ReportError(data.folder, "no calibration.csv (run gridsim calibrate --out)")
        return plots.calibration_figure(data.calibration)
    if kind == "sweep":
        if data.sweep is None:
            raise ReportError(data.folder, "no sweep.csv (run gridsim sweep --out)")
        params = [c for c in data.sweep.columns if "." in c]
        goals = data.scenario.goals
        return plots.sweep_figure(data.sweep, parameter or params[0], kpi, goals=goals)
    if kind == "why":
        return why_of(data, metric, by)
    raise ValueError(f"unknown figure kind {kind!r}")
