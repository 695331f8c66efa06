"""The one-page summary that leads the report: the question, the verdict on every goal for
the current plan and each variant, the cost, a few headline numbers, one small figure and
what would change the answer.

It is built once (`build_summary`) and said twice: as HTML at the top of report.html (the
print styles put it alone on one A4 page) and as `summary.pdf` (`gridsim.views.report.pdf`),
so the page a planner prints and the file they mail say the same thing.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

import numpy as np

from gridsim.i18n import _
from gridsim.stats.compare import kpi_label
from gridsim.stats.goals import MISSED, UNCLEAR, Verdict
from gridsim.stats.kpis import unit_of
from gridsim.stats.summary import Interval, describe
from gridsim.views.amounts import amount, difference, time_text
from gridsim.views.data import ResultsData
from gridsim.views.report.goals import shown_estimate, status_html
from gridsim.views.report.scenario import flow
from gridsim.views.report.text import e
from gridsim.views.verdicts import MARKS, goal_text

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["COST", "MAX_VARIANTS", "SUMMARY_KPIS", "Summary", "build_summary", "draw_on_site",
           "summary_html"]  # fmt: skip

SUMMARY_KPIS = ("issues", "on_site_mean_min", "on_site_p90_min", "resolution_mean_min")
"""The headline numbers of the summary (beside the goals, which have their own rows): the
load, the typical and the slow time to on site, the typical time to resolution."""
COST = "staff_cost_per_year"
MAX_VARIANTS = 6
"""Columns that still fit one A4 page; further variants are in the sections below."""

Cells = list[str]
Ci = dict[tuple[str, str, str], Interval]


@dataclass(frozen=True)
class Summary:
    """What the summary says, in the language in use, ready for HTML or PDF."""

    title: str
    question: str
    changes: list[tuple[str, str]]
    """(variant, what it changes from the current plan)."""
    variants: list[str]
    more: int
    """Variants left out of the page (at most MAX_VARIANTS shown)."""
    goals: list[tuple[str, list[Verdict | None]]]
    """(the goal in words, its verdict for each shown variant)."""
    numbers: list[tuple[str, Cells]]
    """(label, the value for each shown variant): the cost first."""
    advice: list[tuple[str, str]]
    """(what would change the answer, the id of the section that says more)."""
    target_min: float
    goal_share: float | None


def build_summary(data: ResultsData, ci: Ci, found: Sequence[Verdict],
                  sections: Sequence[str]) -> Summary:  # fmt: skip
    """The summary of a results folder; ``found`` are the verdicts and ``sections`` the ids
    of the report's sections (the advice links only to those present)."""
    sc = data.scenario
    shown = data.variants[:MAX_VARIANTS]
    others = len(data.variants) - 1
    question = _("Does the current plan meet its goals?")
    if others:
        question += " " + _("What would each of the {n} variants change?").format(n=others)
    goals: dict[tuple[str, str], list[Verdict | None]] = {}
    texts: dict[tuple[str, str], str] = {}
    for v in found:
        key = (v.goal.kpi, v.goal.scope + v.goal.label + repr(v.goal.value))
        goals.setdefault(key, [None] * len(shown))
        texts.setdefault(key, goal_text(v, sc.targets))
        if v.variant in shown:
            goals[key][shown.index(v.variant)] = v
    on_site = [v for v in found if v.goal.kpi == "target_on_site_share" and v.goal.scope
               == "community"]  # fmt: skip
    return Summary(
        title=sc.name,
        question=question,
        changes=[(v, _change(data, v)) for v in shown],
        variants=shown,
        more=len(data.variants) - len(shown),
        goals=[(texts[k], cells) for k, cells in goals.items()],
        numbers=_numbers(ci, shown),
        advice=_advice(found, sections),
        target_min=sc.targets.on_site_min,
        goal_share=on_site[0].goal.value if on_site else None,
    )


def _change(data: ResultsData, variant: str) -> str:
    """What a variant changes: the scenario's own variants by field, design points of a
    sweep by their swept values."""
    sc = data.scenario
    if variant in sc.variants:
        return "; ".join(f"{path} = {flow(value)}" for path, value in sc.variants[variant].items())
    sweep = data.sweep
    if sweep is not None and "point" in sweep and variant in set(sweep["point"]):
        from gridsim.views.report.comparison import sweep_parameters

        row = sweep[sweep["point"] == variant].iloc[0]
        return "; ".join(f"{p} = {row[p]}" for p in sweep_parameters(sweep))
    if variant == data.variants[0]:
        return _("the current plan")
    return _("another scenario file, run on the same seed")


def _numbers(ci: Ci, shown: Sequence[str]) -> list[tuple[str, Cells]]:
    """The cost (with its difference from the current plan) and the headline numbers."""
    base = shown[0]
    rows: list[tuple[str, Cells]] = []
    if any((v, COST, "community") in ci for v in shown):
        cells = []
        for v in shown:
            cost = ci.get((v, COST, "community"))
            text = amount(cost[0], "CNY") if cost else "–"
            start = ci.get((base, COST, "community"))
            if cost and start and v != base and cost[0] != start[0]:
                sign = "+" if cost[0] > start[0] else "−"
                text += f" ({sign}{difference(cost[0] - start[0], 'CNY')})"
            cells.append(text)
        rows.append((_("staff cost a year"), cells))
    for kpi in SUMMARY_KPIS:
        say = partial(amount, unit=unit_of(kpi))
        cells = [
            describe(ci, (v, kpi, "community"), say)[0] if (v, kpi, "community") in ci else "–"
            for v in shown
        ]
        rows.append((_(kpi_label(kpi)), cells))
    return rows


def _advice(found: Sequence[Verdict], sections: Sequence[str]) -> list[tuple[str, str]]:
    """What would change the answer, each with the section that says more."""
    candidates = [
        ("goals", any(v.status == MISSED for v in found),
         _("The reason given for each missed goal says what holds it back.")),
        ("why", True, _("Where the time of the missed goals goes, and which levers can reach "
                        "them.")),
        ("method", any(v.status == UNCLEAR for v in found),
         _("Verdicts too close to call need more replications (gridsim replications).")),
        ("comparison", True, _("Which variants are better than the current plan, by more than "
                               "the smallest difference that matters.")),
        ("sweep", True, _("How the answer moves with each swept field.")),
        ("figures", True, _("When and where issues wait longest.")),
        ("scenario", len(found) == 0, _("State goals (goals:) to be told whether they are "
                                        "met.")),
    ]  # fmt: skip
    return [(text, sid) for sid, wanted, text in candidates if wanted and sid in sections]


# --------------------------------------------------------------------------------------
# The small figure: time to on site against the target


def draw_on_site(ax: Axes, data: ResultsData, variants: Sequence[str], summary: Summary) -> None:
    """The share of issues with someone on site by each time, per variant, with the target
    time and the goal's share marked: where a curve crosses the target line is the share
    that meets it."""
    from gridsim.views.plots import ecdf, response_times, series_style

    warmup = data.scenario.calendar.warmup_days * 1440.0
    times = response_times(data.issues, "on_site", "variant", warmup)
    x = np.geomspace(1.0, max(2.0, data.scenario.calendar.horizon_days * 1440.0), 400)
    for i, variant in enumerate(variants):
        style = series_style(i)
        curve = ecdf(times.loc[times["group"] == variant, "time"].to_numpy(float), x)
        ax.plot(x, curve, color=style.color, linestyle=style.linestyle, label=variant, lw=1.4)
    ax.set_xscale("log")
    ax.axvline(summary.target_min, color="0.2", lw=1, ls=":")
    ax.text(summary.target_min * 1.1, 0.03, _("target {t}").format(
        t=time_text(summary.target_min, 0)), fontsize=8)  # fmt: skip
    if summary.goal_share is not None:
        ax.axhline(summary.goal_share, color="0.2", lw=1, ls="--")
        ax.text(1.1, summary.goal_share + 0.02, _("goal {s}").format(
            s=amount(summary.goal_share, "share", 0)), fontsize=8)  # fmt: skip
    ticks = [1, 10, 60, 600, 1440, 14400]
    ax.set_xticks([t for t in ticks if t <= x[-1]])
    ax.set_xticklabels([time_text(t, 0) for t in ticks if t <= x[-1]])
    ax.set_ylim(0, 1)
    ax.yaxis.set_major_formatter(lambda y, _pos: f"{y:.0%}")
    ax.set_xlabel(_("time from the report to someone on site"), fontsize=8)
    ax.set_ylabel(_("share of issues"), fontsize=8)
    ax.tick_params(labelsize=7)
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(True, color="0.88", linewidth=0.6)
    ax.legend(fontsize=7, frameon=False, loc="lower right")


def on_site_png(data: ResultsData, summary: Summary) -> bytes:
    """The small figure as PNG, for the HTML page."""
    from matplotlib.figure import Figure

    from gridsim.views.plots.style import use_cjk_font
    from gridsim.views.report.figures import figure_png

    use_cjk_font()
    fig = Figure(figsize=(6.0, 2.4), layout="constrained")
    draw_on_site(fig.add_subplot(), data, summary.variants, summary)
    return figure_png(fig)


# --------------------------------------------------------------------------------------
# As HTML


def summary_html(summary: Summary, png: bytes | None = None) -> str:
    """The summary as the report's first section (the print styles fit it on one page)."""
    out = [f'<p class="question"><strong>{e(summary.title)}</strong>: {e(summary.question)}</p>']
    if len(summary.changes) > 1:
        out.append('<ul class="changes">' + "".join(
            f"<li><strong>{e(v)}</strong>: {e(change)}</li>" for v, change in summary.changes
        ) + "</ul>")  # fmt: skip
    head = "".join(f'<th scope="col">{e(v)}</th>' for v in summary.variants)
    rows = [
        f'<tr><th scope="row">{e(text)}</th>' + "".join(_verdict_cell(v) for v in cells) + "</tr>"
        for text, cells in summary.goals
    ]
    rows += [
        f'<tr class="number"><th scope="row">{e(label)}</th>'
        + "".join(f'<td class="num">{e(c)}</td>' for c in cells)
        + "</tr>"
        for label, cells in summary.numbers
    ]
    out.append(
        '<table class="data compact" id="summary-table"><thead><tr><th scope="col">'
        f"{e(_('goal or number'))}</th>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )
    if summary.more:
        out.append("<p class=\"n\">" + e(_("{n} more variants are in the sections below.")
                                          .format(n=summary.more)) + "</p>")  # fmt: skip
    if png:
        alt = _("Share of issues with someone on site against the time since the report, per "
                "variant, with the target time and the goal marked")  # fmt: skip
        data = base64.b64encode(png).decode("ascii")
        out.append(
            f'<figure class="small" id="fig-summary-on-site"><img alt="{e(alt)}" '
            f'src="data:image/png;base64,{data}"></figure>'
        )
    if summary.advice:
        out.append(f"<h3>{e(_('What would change the answer'))}</h3><ul class=\"advice\">"
                   + "".join(f'<li><a href="#{sid}">{e(text)}</a></li>'
                             for text, sid in summary.advice) + "</ul>")  # fmt: skip
    return "\n".join(out)


def _verdict_cell(v: Verdict | None) -> str:
    if v is None:
        return '<td class="num missing">–</td>'
    estimate, interval = shown_estimate(v)
    title = f' title="{e(interval)}"' if interval else ""
    return (
        f'<td class="num verdict {v.status}" data-variant="{e(v.variant)}" '
        f'data-goal="{e(v.goal.kpi)}" data-status="{v.status}"{title}>{status_html(v)} '
        f'<span class="mean">{e(estimate)}</span></td>'
    )


def mark_text(v: Verdict | None) -> str:
    """A verdict in a plain-text cell (the PDF): '✗ 13.5%'."""
    return "–" if v is None else f"{MARKS[v.status]} {shown_estimate(v)[0]}"
