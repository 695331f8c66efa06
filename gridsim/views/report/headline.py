"""The headline table: every headline KPI per variant, mean and 95% interval."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from functools import partial

from gridsim.i18n import _
from gridsim.scenario.schema import Scenario
from gridsim.stats.kpis import undefined_text, unit_of
from gridsim.stats.summary import (
    HEADLINE,
    NO_ORDERS,
    ORDER_RATES,
    Interval,
    describe,
    format_number,
    has_orders,
)
from gridsim.views.amounts import time_text
from gridsim.views.report.text import e


def headline_lines(ci: dict[tuple[str, str, str], Interval]) -> list[tuple[str, str, str, str]]:
    """(kpi, scope, label, format) of every headline line, with one utilisation line per
    staff pool, in the order of `gridsim.stats.summary.HEADLINE`; without work orders in
    any variant, no line of their rates."""
    staff = sorted({s for (_, k, s) in ci if k == "utilisation"})
    orders = any_orders(ci)
    lines = [(k, s, label, fmt) for k, s, label, fmt in HEADLINE
             if orders or k not in ORDER_RATES]  # fmt: skip
    lines += [("utilisation", s, f"utilisation, {s.partition(':')[2]}", "{:.1%}") for s in staff]
    return lines


def any_orders(ci: dict[tuple[str, str, str], Interval]) -> bool:
    """Whether some variant had work orders."""
    return any(has_orders(ci, v) for v in {v for v, _, _ in ci})


def cell_format(kpi: str, fmt: str) -> str | Callable[[float], str]:
    """How the table says a KPI: times in minutes, hours or days by their size (634
    minutes is '10.6 h'), the rest by the headline's format."""
    return partial(time_text, digits=1) if unit_of(kpi) == "minutes" else fmt


def row_label(label: str) -> str:
    """A headline label in the language in use, without the unit its values now carry."""
    what, sep, staff = label.partition("utilisation, ")
    if sep and not what:
        return _("utilisation, {staff}").format(staff=_(staff))
    plain = label.removesuffix(" (min)").removesuffix(" (days)")
    return _(plain)


def format_value(value: float, fmt: str, kpi: str = "") -> str:
    """A KPI value as the report shows it; what its absence means when it has none (NaN),
    e.g. "no such issues"."""
    return undefined_text(kpi) if math.isnan(value) else format_number(value, fmt)


def format_interval(low: float, high: float, fmt: str) -> str:
    """'[low, high]', or '' when there is no interval (one replication)."""
    if math.isnan(low) or math.isnan(high):
        return ""
    return f"[{format_number(low, fmt)}, {format_number(high, fmt)}]"


def headline_html(
    ci: dict[tuple[str, str, str], Interval], variants: Sequence[str], sc: Scenario
) -> str:
    lines = [
        (k, s, lab, f)
        for k, s, lab, f in headline_lines(ci)
        if any((v, k, s) in ci for v in variants)
    ]
    head = "".join(
        f'<th scope="col" data-variant="{e(v)}">{e(v)}<br><span class="n">'
        f"{e(replications(_n(ci, v)))}</span></th>"
        for v in variants
    )
    body = []
    for kpi, scope, label, fmt in lines:
        cells = []
        for v in variants:
            attrs = f'data-variant="{e(v)}" data-kpi="{e(kpi)}" data-scope="{e(scope)}"'
            if (v, kpi, scope) not in ci:
                cells.append(f'<td class="num missing" {attrs}>–</td>')
                continue
            mean, low, high, _runs = ci[(v, kpi, scope)]
            text, note = describe(ci, (v, kpi, scope), cell_format(kpi, fmt))
            cells.append(
                f'<td class="num" {attrs} data-mean="{mean!r}" data-low="{low!r}" '
                f'data-high="{high!r}"><span class="mean">{e(text)}</span>'
                + (f' <span class="ci">{e(note)}</span>' if note else "")
                + "</td>"
            )
        body.append(f'<tr><th scope="row">{e(row_label(label))}</th>{"".join(cells)}</tr>')
    if not any_orders(ci) and any((v, "orders", "community") in ci for v in variants):
        body.append(
            f'<tr class="extra"><th scope="row">{e(_("work orders"))}</th>'
            f'<td colspan="{len(variants)}">{e(_(NO_ORDERS))}</td></tr>'
        )
    worst = [_slowest_grid(ci, v) for v in variants]
    if any(worst):
        body.append(
            f'<tr class="extra"><th scope="row">{e(_("slowest grid (p90 time to on site)"))}</th>'
            + "".join(f'<td class="num">{e(w or "–")}</td>' for w in worst)
            + "</tr>"
        )
    t = sc.targets
    intro = _(
        "Mean over replications, and below it the 95% interval of the mean (Student t, cut "
        "to the values the KPI can take: no share above 100%, no negative count). A "
        "percentile marked ≥ was not reached by the horizon in some runs (issues still open "
        "count at their time open), so it is a lower bound. Only issues reported after the "
        "warm-up count; times run from the report, except the lines on hidden problems "
        "(latent ones, found only by patrols and screening), which count those that arose "
        "after the warm-up, from when they arose. The targets: on site within {on_site}, "
        "routine issues resolved within {resolved}, complex issues planned within {plan}. "
        "“Ended with…” counts issues per run."
    ).format(
        on_site=time_text(t.on_site_min, 0),
        resolved=time_text(t.routine_resolved_min, 0),
        plan=time_text(t.complex_plan_min, 0),
    )
    caption = _("Headline KPIs per variant: mean [95% interval]")
    return (
        f"<p>{e(intro)}</p>"
        '<div class="scroll"><table class="data headline" id="headline-table">'
        f"<caption>{e(caption)}</caption>"
        f'<thead><tr><th scope="col">{e(_("KPI"))}</th>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )


def replications(n: int) -> str:
    """'3 replications' in the language in use."""
    return (_("{n} replication") if n == 1 else _("{n} replications")).format(n=n)


def _n(ci: dict[tuple[str, str, str], Interval], variant: str) -> int:
    return max((c[3] for (v, _, _), c in ci.items() if v == variant), default=0)


def _slowest_grid(ci: dict[tuple[str, str, str], Interval], variant: str) -> str:
    p90 = {
        scope.partition(":")[2]: c[0]
        for (v, kpi, scope), c in ci.items()
        if v == variant
        and kpi == "on_site_p90_min"
        and scope.startswith("grid:")
        and not math.isnan(c[0])
    }
    if not p90:
        return ""
    grid = max(p90, key=p90.__getitem__)
    say = partial(time_text, digits=1)
    return f"{grid}: {describe(ci, (variant, 'on_site_p90_min', f'grid:{grid}'), say)[0]}"
