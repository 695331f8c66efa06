"""Summaries across replications: the mean of each KPI with its 95% interval."""

from __future__ import annotations

import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable

import numpy as np

from gridsim.i18n import _, lang
from gridsim.stats.intervals import mean_ci
from gridsim.stats.kpis import range_of, reached_flag, undefined_text
from gridsim.units import MINUTES_PER_DAY

HEADLINE = (
    ("issues", "community", "issues reported (after warm-up)", "{:.0f}"),
    ("on_site_mean_min", "community", "time to on site, mean of reached (min)", "{:.1f}"),
    ("on_site_p90_min", "community", "time to on site, p90 (min)", "{:.1f}"),
    ("target_on_site_share", "community", "on site within target", "{:.1%}"),
    ("resolution_mean_min", "community", "time to resolution, mean of resolved (min)", "{:.1f}"),
    ("target_resolved_share", "community", "routine resolved within target", "{:.1%}"),
    ("target_plan_share", "community", "complex planned within target", "{:.1%}"),
    ("response_rate", "community", "work orders signed for in time", "{:.1%}"),
    ("on_time_rate", "community", "work orders resolved in time", "{:.1%}"),
    ("satisfaction_rate", "community", "residents satisfied at the call-back", "{:.1%}"),
    ("reopen_rate", "community", "work orders reopened", "{:.1%}"),
    ("level:grid_leader", "community", "ended with a grid leader", "{:.1f}"),
    ("level:community", "community", "ended with the committee", "{:.1f}"),
    ("level:joint_meeting", "community", "ended at the joint meeting", "{:.1f}"),
    ("level:town", "community", "ended at the town", "{:.1f}"),
    ("level:above_town", "community", "went above the town", "{:.1f}"),
    ("backlog_mean", "community", "open issues, time-average", "{:.2f}"),
    ("staff_cost_per_year", "community", "staff cost (CNY a year)", "{:,.0f}"),
    ("hidden_backlog_mean", "community", "unfound problems, time-average", "{:.2f}"),
    ("found_by_patrol", "community", "found by patrols", "{:.0f}"),
    ("found_by_screening", "community", "found by screening", "{:.0f}"),
    ("hidden_found_share", "community", "hidden problems found by the horizon", "{:.1%}"),
    ("hidden_mean_min", "community", "time hidden before found, mean (days)", "days:{:.2f}"),
    (
        "created_to_resolution_p90_min",
        "community",
        "time from arising to resolution, p90 (days)",
        "days:{:.1f}",
    ),
)
"""(kpi, scope, label, format) of each headline line; a format "days:..." shows minutes as
days. The cost stands beside the targets; the last lines are the patrols' and screening's
value, invisible in the times from the report: what they find, and the problems still
hidden."""


Interval = tuple[float, float, float, int]
"""Mean, low, high (95%) and replications of one KPI."""

ORDER_RATES = ("response_rate", "on_time_rate", "satisfaction_rate", "reopen_rate")
"""The assessment rates of work orders: without orders they have no value, so a variant
without any shows one line, NO_ORDERS, in their place."""

NO_ORDERS = "none (the rates need orders.enabled: true)"


def has_orders(ci: dict[tuple[str, str, str], Interval], variant: str) -> bool:
    """Whether some run of ``variant`` had a work order after the warm-up."""
    orders = ci.get((variant, "orders", "community"))
    return orders is not None and orders[0] > 0


def kpi_ci(kpi: str, values: np.ndarray) -> tuple[float, float, float]:
    """(mean, low, high): the 95% t interval of the mean of a KPI's replications, within the
    values the KPI can take (`range_of`): never a negative count or a share above 100%."""
    return mean_ci(values, bounds=range_of(kpi))


def intervals(rows: Iterable[dict]) -> dict[tuple[str, str, str], Interval]:
    """(variant, kpi, scope) -> (mean, low, high, replications) over replications."""
    values: dict[tuple[str, str, str], list[float]] = defaultdict(list)
    for row in rows:
        values[(row["variant"], row["kpi"], row["scope"])].append(row["value"])
    return {key: (*kpi_ci(key[1], np.array(v)), len(v)) for key, v in values.items()}


def format_number(value: float, fmt: str | Callable[[float], str]) -> str:
    """A value by ``fmt``; '-0.0%' (a tiny negative rounded away) reads as a sign error, so
    it shows as '0.0%'. A format "days:..." shows minutes as days; a function (e.g. one of
    `gridsim.views.amounts`) says the value itself."""
    if callable(fmt):
        return fmt(value)
    if fmt.startswith("days:"):
        value, fmt = value / MINUTES_PER_DAY, fmt.removeprefix("days:")
    text = fmt.format(value)
    return text[1:] if re.fullmatch(r"-0(\.0*)?%?", text) else text


def describe(
    ci: dict[tuple[str, str, str], Interval],
    key: tuple[str, str, str],
    fmt: str | Callable[[float], str],
) -> tuple[str, str]:
    """A KPI's mean over replications and what to say beside it, as every table prints them:
    "no such issues" (never "nan"), "≥ x" with the runs where a percentile was not reached,
    "[low, high]", or why there is no interval."""
    variant, kpi, scope = key
    mean, low, high, n = ci[key]
    if math.isnan(mean):
        return _(undefined_text(kpi)), ""
    text = format_number(mean, fmt)
    flag = ci.get((variant, reached_flag(kpi) or "", scope))
    if flag is not None and flag[0] < 1.0:
        missed = round((1.0 - flag[0]) * flag[3])
        return f"≥ {text}", _("not reached by the horizon in {k} of {n} runs").format(
            k=missed, n=flag[3]
        )
    if math.isnan(low):
        return text, _("one run: too few for an interval")
    if low == high:
        return text, _("the same in all {n} runs").format(n=n)
    return text, f"[{format_number(low, fmt)}, {format_number(high, fmt)}]"


def console_line(label: str, fmt: str) -> tuple[str, str | Callable[[float], str]]:
    """A headline line's (label, format) in the console's language; a time is said in the
    unit that keeps it short (`gridsim.views.amounts.time_text`: 634 min is "10.6 h"), so
    its label drops the fixed unit, "(min)" or "(days)"."""
    if fmt.startswith("days:") or label.endswith(" (min)"):
        return _(re.sub(r" \((min|days)\)$", "", label)), _time_text()
    return _(label), fmt


def _time_text() -> Callable[[float], str]:
    """`gridsim.views.amounts.time_text`, imported at use: gridsim.views imports this
    module, so importing it above would be circular."""
    from gridsim.views.amounts import time_text

    return time_text


def pad(text: str, width: int) -> str:
    """``text`` padded to ``width`` terminal columns: a Han character takes two."""
    return text + " " * max(0, width - text_width(text))


def text_width(text: str) -> int:
    """Columns ``text`` takes in a terminal (East Asian wide characters count two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def headline_table(rows: list[dict]) -> str:
    """A plain-text table of the headline KPIs per variant: mean [95% interval], in the
    language in use (`gridsim.i18n`)."""
    ci = intervals(rows)
    variants = list(dict.fromkeys(r["variant"] for r in rows))
    staff = sorted({s for (_, k, s) in ci if k == "utilisation"})
    lines_spec = [(k, s, *console_line(label, fmt)) for k, s, label, fmt in HEADLINE]
    lines_spec += [
        (
            "utilisation",
            s,
            _("utilisation, {staff}").format(staff=_(s[6:].replace("_", " "))),
            "{:.1%}",
        )
        for s in staff
    ]
    labels = [label for _, _, label, _ in lines_spec] + [_("slowest grid (p90 on site)")]
    width = max(text_width(label) for label in labels) + 2
    out = []
    for variant in variants:
        n = next((c[3] for (v, _, _), c in ci.items() if v == variant), 0)
        out.append(_("{variant} ({n} replications; mean and 95% interval)").format(
            variant=variant, n=n))  # fmt: skip
        orders = has_orders(ci, variant)
        for kpi, scope, label, fmt in lines_spec:
            if not orders and kpi == ORDER_RATES[0] and (variant, kpi, scope) in ci:
                out.append(f"  {pad(_('work orders'), width)}{_(NO_ORDERS)}")
            if (variant, kpi, scope) not in ci or (not orders and kpi in ORDER_RATES):
                continue
            text, note = describe(ci, (variant, kpi, scope), fmt)
            note = note if note.startswith("[") or not note else f"({note})"
            out.append(f"  {pad(label, width)}{text}  {note}".rstrip())
        out += _worst_grid(ci, variant, width)
        out += [f"  {line}" for line in [cost_line(ci, variant)] if line]
    return "\n".join(out)


COST_NAMES = {
    "grid_worker": "grid workers",  # the words of zh_terms
    "grid_leader": "grid leaders",
    "mediation": "mediators",
    "police": "police post",
    "volunteer": "volunteers",
}
"""How the cost line names a staff group (others by their own name, "_" as a space)."""


def cost_line(ci: dict[tuple[str, str, str], Interval], variant: str) -> str:
    """'Staff cost: 1.23 million CNY a year (grid workers 0.80, repair 0.31, ...)': the
    mean over replications and its largest parts, or '' when the run has no cost KPI."""
    total = ci.get((variant, "staff_cost_per_year", "community"))
    if total is None:
        return ""
    parts = sorted(
        ((v[0], scope[6:]) for (var, kpi, scope), v in ci.items()
         if var == variant and kpi == "staff_cost_per_year" and scope.startswith("staff:")
         and v[0] > 0),
        reverse=True,
    )  # fmt: skip
    named = _(", ").join(f"{_(COST_NAMES.get(g, g.replace('_', ' ')))} {_in_total_unit(v)}"
                         for v, g in parts)  # fmt: skip
    from gridsim.views.amounts import amount  # not above: gridsim.views imports this module

    text = _("Staff cost: {total} a year").format(total=amount(total[0], "CNY"))
    return text + (_(" ({parts})").format(parts=named) if named else "")


def _in_total_unit(value: float) -> str:
    """A part of the cost as a bare number in the unit the total is said in (`amount`):
    millions of CNY, or 万元 in Chinese."""
    return f"{value / 1e4:,.1f}" if lang() == "zh" else f"{value / 1e6:.2f}"


def _worst_grid(ci: dict, variant: str, width: int) -> list[str]:
    """The grid with the longest p90 time to on site: where a planner looks first."""
    p90 = {
        scope[5:]: v[0]
        for (var, kpi, scope), v in ci.items()
        if var == variant and kpi == "on_site_p90_min" and scope.startswith("grid:")
    }
    p90 = {g: v for g, v in p90.items() if not np.isnan(v)}
    if not p90:
        return []
    grid = max(p90, key=lambda g: p90[g])
    text = describe(ci, (variant, "on_site_p90_min", f"grid:{grid}"), _time_text())[0]
    return [f"  {pad(_('slowest grid (p90 on site)'), width)}{grid}: {text}"]
