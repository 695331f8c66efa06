"""The work orders' section: the assessment rates ("三率") per variant with intervals, by
kind, and in plain words why orders missed their deadlines (read from the log by
`misses`). A run without work orders has no such section."""

from __future__ import annotations

import math
from collections.abc import Sequence

from gridsim.i18n import _
from gridsim.stats.summary import Interval, describe
from gridsim.views.data import ResultsData
from gridsim.views.report.figures import FigureSpec, figure_html
from gridsim.views.report.misses import misses_text, order_misses
from gridsim.views.report.text import e

ORDER_LINES = (
    ("orders", "work orders reported (after warm-up)", "{:.0f}"),
    ("response_rate", "signed for within the sign-off deadline", "{:.1%}"),
    ("on_time_rate", "resolved within the resolution deadline", "{:.1%}"),
    ("satisfaction_rate", "satisfied at the call-back", "{:.1%}"),
    ("reopen_rate", "reopened at least once, of those closed", "{:.1%}"),
    ("above_town", "problems that went above the town", "{:.1f}"),
)
"""(kpi, label, format) of the rows of the section's table."""

BY_KIND = (("response_rate", "signed in time"), ("on_time_rate", "resolved in time"))

Ci = dict[tuple[str, str, str], Interval]


def orders_html(data: ResultsData, ci: Ci, variants: Sequence[str], figures: bool = True) -> str:
    """The section: the rates in words, their table, the rates by kind and a figure."""
    misses = order_misses(data.issues, data.scenario)
    words = [
        f"<li><strong>{e(v)}</strong>: {e(rates_text(ci, v))} {e(misses_text(misses[v]))}</li>"
        for v in variants
        if v in misses
    ]
    intro = "<p>" + e(_(
        "Every problem reported (or found on a round) is a work order with a sign-off and a "
        "resolution deadline (see the scenario). The rates count orders reported after the "
        "warm-up whose deadline fell before the end of the run or that were done anyway; a "
        "reopened order counts once, by its first resolution. The reasons below are read "
        "from the issue log: when each late order was reported (the grid worker's roster "
        "says whether they were on duty), how it came in, how far it went and whether it was "
        "resolved at all. The log does not record what an order needed (money, a county "
        "department), so these reasons do not name it."
    )) + "</p>"  # fmt: skip
    parts = [intro, f"<ul>{''.join(words)}</ul>", _rates_table(ci, variants),
             _kind_table(ci, variants)]  # fmt: skip
    if figures:
        parts.append(figure_html(_figure(data)))
    return "\n".join(parts)


def rates_text(ci: Ci, variant: str) -> str:
    """The rates of one variant in a sentence (means over replications)."""

    def mean(kpi: str, fmt: str = "{:.1%}") -> str:
        return describe(ci, (variant, kpi, "community"), fmt)[0] if (
            variant, kpi, "community") in ci else _("no")  # fmt: skip

    return _(
        "{signed} of the work orders were signed for within their sign-off deadline and "
        "{on_time} resolved within their resolution deadline; {satisfied} of the residents "
        "called back were satisfied, {reopened} of the orders closed were reopened, and "
        "{above} problems a run went above the town."
    ).format(signed=mean("response_rate"), on_time=mean("on_time_rate"),
             satisfied=mean("satisfaction_rate"), reopened=mean("reopen_rate"),
             above=mean("above_town", "{:.1f}"))  # fmt: skip


def _cell(ci: Ci, key: tuple[str, str, str], fmt: str) -> str:
    if key not in ci:
        return '<td class="num missing">–</td>'
    text, note = describe(ci, key, fmt)
    return (f'<td class="num" data-order-kpi="{e(key[1])}" data-scope="{e(key[2])}">'
            f'<span class="mean">{e(text)}</span>'
            + (f' <span class="ci">{e(note)}</span>' if note else "") + "</td>")  # fmt: skip


def _rates_table(ci: Ci, variants: Sequence[str]) -> str:
    head = "".join(f'<th scope="col">{e(v)}</th>' for v in variants)
    rows = "".join(
        f'<tr><th scope="row">{e(_(label))}</th>'
        + "".join(_cell(ci, (v, kpi, "community"), fmt) for v in variants)
        + "</tr>"
        for kpi, label, fmt in ORDER_LINES
    )
    return (
        '<div class="scroll"><table class="data" id="orders-table"><caption>'
        f"{e(_('The assessment rates per variant: mean [95% interval]'))}</caption>"
        f'<thead><tr><th scope="col">{e(_("work orders"))}</th>{head}</tr></thead>'
        f"<tbody>{rows}</tbody></table></div>"
    )


def _kind_table(ci: Ci, variants: Sequence[str]) -> str:
    """Which kinds miss their deadlines: each kind's two rates per variant, worst first (by
    the first variant's on-time rate)."""
    kinds = sorted(
        {s for (v, k, s) in ci if k == "orders" and s.startswith("kind:") and ci[(v, k, s)][0]},
        key=lambda s: _mean(ci, (variants[0], "on_time_rate", s)),
    )
    if not kinds:
        return ""
    head = "".join(f'<th scope="col">{e(v)}: {e(_(words))}</th>' for v in variants
                   for _k, words in BY_KIND)  # fmt: skip
    rows = "".join(
        f'<tr><th scope="row">{e(_(s.partition(":")[2]))}</th>'
        + "".join(_cell(ci, (v, kpi, s), "{:.1%}") for v in variants for kpi, _w in BY_KIND)
        + "</tr>"
        for s in kinds
    )
    return (
        '<div class="scroll"><table class="data" id="orders-by-kind"><caption>'
        + e(_("Work orders within their deadlines, by kind (lowest on-time rate first)"))
        + f'</caption><thead><tr><th scope="col">{e(_("kind"))}</th>{head}</tr></thead>'
        f"<tbody>{rows}</tbody></table></div>"
    )


def _mean(ci: Ci, key: tuple[str, str, str]) -> float:
    value = ci.get(key, (math.nan,))[0]
    return math.inf if math.isnan(value) else value


def _figure(data: ResultsData) -> FigureSpec:
    from gridsim.views import plots

    return FigureSpec(
        "orders-by-kind",
        "Work orders within their deadlines, by kind",
        "Share of work orders signed for and resolved within their deadlines, by kind of "
        "issue, one bar per variant, with intervals",
        "Above: the share of each kind's orders signed for within the sign-off deadline; "
        "below: resolved within the resolution deadline (95% intervals). The kinds with the "
        "lowest bars are those that miss their deadlines; the words above say why.",
        lambda: plots.order_rates_figure(data.summary),
    )


__all__ = ["ORDER_LINES", "orders_html", "rates_text"]
