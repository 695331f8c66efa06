"""The report's figures, drawn by `gridsim.views.plots` and embedded as base64 PNG, each with
a caption that says what to look at."""

from __future__ import annotations

import base64
import io
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from gridsim.i18n import _
from gridsim.model.demand import DAY_MIN
from gridsim.views.data import ResultsData
from gridsim.views.report.text import duration, e

GridRows = Sequence[Mapping[str, Any]]
DPI = 120
"""Resolution of the embedded figures: sharp on a laptop screen, a few hundred kB each."""


@dataclass(frozen=True)
class FigureSpec:
    """One figure of the report: its anchor, title, alt text, caption and how to draw it
    (drawn late, so a failing figure is reported in its place)."""

    key: str
    title: str
    alt: str
    caption: str
    draw: Callable[[], Any]


def figure_png(fig: Any) -> bytes:
    """A matplotlib figure as PNG bytes (the plots are pyplot-free `Figure`s: nothing to
    close, no GUI backend involved)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, bbox_inches="tight", metadata={"Software": None})
    return buf.getvalue()


def figure_html(spec: FigureSpec) -> str:
    """One figure with its caption; a figure that cannot be drawn says so, and why."""
    try:
        png = figure_png(spec.draw())
    except Exception as exc:  # one broken figure must not cost the planner the whole report
        return (
            f'<figure id="fig-{e(spec.key)}" class="failed"><p class="failed">This figure '
            f"could not be drawn ({e(type(exc).__name__)}: {e(exc)}).</p>"
            f"<figcaption><strong>{e(_(spec.title))}.</strong> {spec.caption}</figcaption></figure>"
        )
    data = base64.b64encode(png).decode("ascii")
    return (
        f'<figure id="fig-{e(spec.key)}"><img alt="{e(_(spec.alt))}" '
        f'src="data:image/png;base64,{data}">'
        f"<figcaption><strong>{e(_(spec.title))}.</strong> {spec.caption}</figcaption></figure>"
    )


def figure_specs(data: ResultsData, variants: Sequence[str]) -> list[FigureSpec]:
    """The main figures, in reading order, each with a caption that says what to look at."""
    return [*_target_figures(data, variants), *_load_figures(data, variants)]


def _target_figures(data: ResultsData, variants: Sequence[str]) -> list[FigureSpec]:
    """How fast issues are reached and resolved, against the targets."""
    from gridsim.views import plots

    warmup = data.scenario.calendar.warmup_days * DAY_MIN
    t = data.scenario.targets
    targets = {
        "on_site": t.on_site_min,
        "resolution": t.routine_resolved_min,
        "plan": t.complex_plan_min,
    }
    return [
        FigureSpec(
            "ecdf-on-site",
            "Time to on site",
            "Cumulative share of issues with someone on site, against minutes after the "
            "report, one curve per variant",
            f"For each number of minutes, the share of issues that had someone on site by then "
            f"(all replications pooled). The line at {e(duration(t.on_site_min))} is the "
            "target: the higher a curve crosses it, the more issues meet it. A curve further "
            "left and higher is faster; look at the right-hand tail, the slowest issues, "
            "where variants often differ most.",
            lambda: plots.ecdf_figure(
                data.issues, metric="on_site", by="variant", targets=targets, warmup_min=warmup
            ),
        ),
        FigureSpec(
            "ecdf-resolution",
            "Time to resolution",
            "Cumulative share of issues resolved, against minutes after the report, one curve "
            "per variant",
            f"The same for resolution. The target line is {e(duration(t.routine_resolved_min))} "
            "for routine issues; complex issues need a plan first and take days, which makes "
            "the long tail. Curves that never reach 100% mean issues still open at the end.",
            lambda: plots.ecdf_figure(
                data.issues, metric="resolution", by="variant", targets=targets, warmup_min=warmup
            ),
        ),
        FigureSpec(
            "targets",
            "The three targets",
            "Share of issues meeting each of the three targets, per variant, with intervals",
            "The share of issues meeting each “三个一” target, per variant, with 95% intervals. "
            "Higher is better."
            + (
                " Where the intervals of two variants overlap, the comparison section below "
                "says whether the difference is clear (the paired comparison is sharper than "
                "overlapping bars suggest)."
                if len(variants) > 1
                else ""
            ),
            lambda: plots.target_shares_figure(data.summary, targets=targets),
        ),
    ]


def _load_figures(data: ResultsData, variants: Sequence[str]) -> list[FigureSpec]:
    """How the load sits: backlog, busy staff, slow grids and how far issues climb."""
    from gridsim.views import plots

    sc = data.scenario
    horizon = sc.calendar.horizon_days * DAY_MIN
    first = variants[0]
    return [
        FigureSpec(
            "backlog",
            "Open issues over time",
            "Number of open issues over the run, per variant",
            "How many issues are open at each moment (averaged over replications). A level "
            "line means the staff keep up; a line that keeps climbing means demand outruns "
            "them and waiting times will grow with the length of the run. The first days are "
            "the warm-up.",
            lambda: plots.backlog_figure(data.issues, horizon, by="variant"),
        ),
        FigureSpec(
            "utilisation",
            "How busy the staff are",
            "Utilisation of each staff pool, per variant",
            "The share of on-duty time each pool of staff is busy. Above about 80% queues grow "
            "quickly and a small surge causes long waits; a pool near zero could help "
            "elsewhere.",
            lambda: plots.utilisation_figure(data.summary),
        ),
        FigureSpec(
            "map",
            "Where responses are slow",
            f"Map of the grids coloured by the 90th percentile time to on site, {first}",
            _map_caption(data, first),
            lambda: plots.community_map_figure(
                # the plot reads scenario grids as well as mappings (see its docstring)
                data.summary,
                cast(GridRows, sc.community.grids),
                kpi="on_site_p90_min",
                variant=first,
            ),
        ),
        FigureSpec(
            "escalation",
            "How far issues climb",
            "Issues ending at each rung of the ladder, per variant",
            "How many issues a run ended at each rung (mean per replication, one panel per "
            "variant): grid worker, grid leader, committee, joint meeting, town. The true rung "
            "and the recorded one stand side by side; they differ only when escalations are "
            "held back on paper. Most issues should end low, and the principle is that "
            "nothing goes above the town, so that shaded column should stay at 0.",
            lambda: plots.escalation_figure(data.summary),
        ),
    ]


def figures_html(data: ResultsData, variants: Sequence[str]) -> str:
    return "\n".join(figure_html(spec) for spec in figure_specs(data, variants))


def _map_caption(data: ResultsData, variant: str) -> str:
    """The map's caption from its data (the grids' range, the slowest and by how much, the
    colour scale), or why there is no map to describe."""
    from gridsim.views import plots

    grids = cast(GridRows, data.scenario.community.grids)
    names, values = plots.grid_values(data.summary, grids, "on_site_p90_min", variant)
    if all(math.isnan(v) for v in values):
        return e(_("No grid had an issue reached on site in {variant}.").format(variant=variant))
    return e(plots.map_caption(names, values, "on_site_p90_min", variant))
