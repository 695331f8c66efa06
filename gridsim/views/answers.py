"""Answers: what a sweep or a comparison says about each goal of the scenario, one line a
planner can act on ("No number of repair crews from 1 to 6 meets ...: the best ..."),
against the current plan (the base scenario), in the language in use.

A point or variant meets a goal when the whole 95% interval is on the goal's side
(`gridsim.stats.goals`); "better than the current plan" is the paired comparison's verdict,
which needs the difference to be clear and at least the scenario's practical threshold
(`gridsim.stats.compare`).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from gridsim.i18n import _
from gridsim.stats.compare import BETTER, NO_CLEAR, NO_PRACTICAL, compare
from gridsim.stats.goals import MET, UNCLEAR, Verdict, verdicts
from gridsim.stats.kpis import reached_flag, unit_of
from gridsim.views.amounts import amount, difference
from gridsim.views.verdicts import STATUS_WORDS, goal_text

if TYPE_CHECKING:
    import pandas as pd

    from gridsim.scenario import Scenario
    from gridsim.stats.summary import Interval

__all__ = [
    "SWEEP_KPIS",
    "compare_answers",
    "estimate_text",
    "lever_reasons",
    "sweep_answers",
    "sweep_lines",
]

COST = "staff_cost_per_year"


def estimate_text(v: Verdict) -> str:
    """'16.0% [15.2%, 16.8%]': a verdict's estimate with its 95% interval."""
    unit = unit_of(v.goal.kpi)
    text = ("≥ " if v.lower_bound else "") + amount(v.estimate, unit)
    if v.low == v.high:
        return text
    return f"{text} [{amount(v.low, unit)}, {amount(v.high, unit)}]"


def _answer(text: str) -> str:
    return _("Answer: {text}").format(text=text)


def _none_of(design: Sequence[Mapping[str, Any]]) -> str:
    """'No number of repair crews from 1 to 6' (one swept field), else 'None of the 8
    design points'."""
    from gridsim.experiment.sweep import field_name

    params = [k for k in design[0] if k not in ("point", "design")]
    values = [row[params[0]] for row in design] if len(params) == 1 else []
    if not values:
        return _("None of the {n} design points").format(n=len(design))
    field = field_name(params[0])
    if all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return _("No number of {field} from {low} to {high}").format(
            field=field, low=min(values), high=max(values)
        )
    if all(isinstance(v, float) for v in values):
        return _("No value of {field} from {low:.3g} to {high:.3g}").format(
            field=field, low=min(values), high=max(values)
        )
    return _("None of the {n} choices of {field}").format(n=len(values), field=field)


def _cheapest(
    found: list[Verdict],
    ci: Mapping[tuple[str, str, str], Interval],
    design: Sequence[Mapping[str, Any]],
) -> Verdict:
    """The point with the lowest staff cost; when the runs lack costs, the one with the
    smallest swept values (e.g. the fewest crews)."""
    costs = [ci.get((v.variant, COST, "community"), (float("nan"),))[0] for v in found]
    if all(c > 0 for c in costs):  # not NaN nor 0: the scenario states costs
        return min(zip(costs, range(len(found)), found, strict=True))[2]
    rows = {str(row["point"]): row for row in design}

    def size(v: Verdict) -> tuple[float, ...]:
        values = [x for k, x in rows[v.variant].items() if k not in ("point", "design")]
        return tuple(float(x) if isinstance(x, int | float) else 0.0 for x in values)

    return min(found, key=size)


def _goal_answer(
    found: list[Verdict],
    ci: Mapping[tuple[str, str, str], Interval],
    scenario: Scenario,
    design: Sequence[Mapping[str, Any]],
    reference: str,
) -> str:
    names = {str(row["point"]): str(row["design"]) for row in design}
    goal = goal_text(found[0], scenario.targets)
    met = [v for v in found if v.status == MET]
    plan = next((v for v in found if v.variant == reference), None)
    tail = (
        "" if plan is None else _("; the current plan gives {est}").format(est=estimate_text(plan))
    )
    if met:
        best = _cheapest(met, ci, design)
        cost = ci.get((best.variant, COST, "community"), (0.0,))[0]
        cheapest = _("{k} of {n} points meet “{goal}”; the cheapest, {design}, gives {est} at a "
                     "staff cost of {cost} a year")  # fmt: skip
        first = _("{k} of {n} points meet “{goal}”; the smallest, {design}, gives {est}")
        template = cheapest if cost > 0 else first
        text = template.format(k=len(met), n=len(found), goal=goal, design=names[best.variant],
                               est=estimate_text(best), cost=amount(cost, "CNY"))  # fmt: skip
        return text + ("" if best is plan else tail)
    best = max(found, key=lambda v: v.gap)
    unclear = [names[v.variant] for v in found if v.status == UNCLEAR]
    template = (_("{none} surely meets “{goal}”: the best, {design}, gives {est}") if unclear
                else _("{none} meets “{goal}”: the best, {design}, gives {est}"))  # fmt: skip
    text = template.format(
        none=_none_of(design), goal=goal, design=names[best.variant], est=estimate_text(best)
    )
    if unclear:
        text += _(" (too close to call at {points}: more replications would decide)").format(
            points=", ".join(unclear)
        )
    return text + tail


def sweep_answers(
    ci: Mapping[tuple[str, str, str], Interval],
    scenario: Scenario,
    design: Sequence[Mapping[str, Any]],
    reference: str,
    reasons: Mapping[int, str] | None = None,
) -> list[str]:
    """An "Answer:" line per goal of ``scenario`` that the sweep measured: the cheapest point
    meeting it (by staff cost), or that none does and the best; with the current plan
    (``reference``) beside it, and ``reasons`` (by the goal's index) when no point meets it,
    e.g. why the lever cannot reach it."""
    points = [str(row["point"]) for row in design]
    out = []
    for i, goal in enumerate(scenario.goals):
        found = verdicts(dict(ci), [goal], points)
        if not found:
            continue
        out.append(_answer(_goal_answer(found, ci, scenario, design, reference)))
        if (reasons or {}).get(i) and not any(v.status == MET for v in found):
            out.append("  " + str((reasons or {})[i]))
    return out


def lever_reasons(
    plan_log: Callable[[], pd.DataFrame], scenario: Scenario, levers: Sequence[str]
) -> dict[int, str]:
    """Why a goal is out of reach of the swept levers, by the goal's index: for each lever,
    the decomposition's bound (`gridsim.stats.decompose.lever_ceiling`) on the current
    plan's log, said plainly when the bound misses the goal ("unreachable by this lever:
    ..."). ``plan_log`` is read only when some lever can be bounded."""
    from gridsim.stats.decompose import lever_ceiling, lever_parts

    bounded = [lever for lever in levers if lever_parts(lever) is not None]
    if not bounded or not scenario.goals:
        return {}
    log = plan_log()
    out: dict[int, str] = {}
    for i, goal in enumerate(scenario.goals):
        found = [lever_ceiling(log, scenario, goal, lever) for lever in bounded]
        lines = [_("unreachable by this lever: {reason}").format(reason=c.reason)
                 for c in found if c is not None and not c.reachable]  # fmt: skip
        if lines:
            out[i] = "\n  ".join(lines)
    return out


def _against_plan(row: Mapping[str, Any] | pd.Series, unit: str) -> str:
    """How the best variant compares with the current plan, in words."""
    d = difference(float(row["diff"]), unit)
    if row["verdict"] == BETTER:
        return _("better than the current plan by {d}, clear").format(d=d)
    if row["verdict"] == NO_PRACTICAL:
        return _(
            "{d} better than the current plan: clear, but under the practical threshold of {t}"
        ).format(d=d, t=difference(float(row["practical"]), unit))
    if row["verdict"] == NO_CLEAR:
        return _("not clearly better than the current plan ({d}, within the noise)").format(d=d)
    return _("not comparable with the current plan ({verdict})").format(verdict=_(row["verdict"]))


def compare_answers(
    rows: list[dict[str, Any]], scenario: Scenario, names: Sequence[str]
) -> list[str]:
    """An "Answer:" line per goal of ``scenario``: the variant best for it, met or missed,
    and whether it is better than the current plan (``names[0]``) by a clear and practical
    margin."""
    from gridsim.stats.summary import intervals

    ci = intervals(rows)
    out = []
    for goal in scenario.goals:
        found = verdicts(ci, [goal], list(names))
        if not found:
            continue
        best = max(found, key=lambda v: v.gap)  # the first (the current plan) on a tie
        goal_words = goal_text(best, scenario.targets)
        status = _(STATUS_WORDS[best.status])
        if best.variant == names[0]:
            text = _("Best for “{goal}”: the current plan ({variant}), {est} ({status}); no "
                     "variant does better").format(goal=goal_words, variant=best.variant,
                                                   est=estimate_text(best),
                                                   status=status)  # fmt: skip
        else:
            row = compare(rows, names[0], [best.variant], kpis=[goal.kpi], scope=goal.scope,
                          practical=scenario.practical).iloc[0]  # fmt: skip
            text = _("Best for “{goal}”: {variant}, {est} ({status}), {against}").format(
                goal=goal_words, variant=best.variant, est=estimate_text(best), status=status,
                against=_against_plan(row, unit_of(goal.kpi)))  # fmt: skip
        out.append(_answer(text))
    return out


SWEEP_KPIS = ("on_site_p90_min", "target_on_site_share")
"""The KPIs of a sweep's console table: how long the slow tenth waits, and the 三个一 share."""


def _cell(ci: Mapping[tuple[str, str, str], Interval], point: str, kpi: str) -> str:
    mean = ci.get((point, kpi, "community"), (float("nan"),))[0]
    flag = ci.get((point, reached_flag(kpi) or "", "community"))
    bound = "≥ " if flag is not None and flag[0] < 1.0 else ""
    return bound + amount(mean, unit_of(kpi))


def _width(text: str) -> int:
    """Columns ``text`` takes in a terminal: a Han character takes two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def sweep_lines(
    rows: list[dict[str, Any]],
    design: Sequence[Mapping[str, Any]],
    reference: str,
    practical: Any = None,
) -> list[str]:
    """The sweep's console table: each point by name, its means of `SWEEP_KPIS` and the
    verdict against the current plan (``reference``) on the same demand."""
    from gridsim.stats.compare import kpi_label
    from gridsim.stats.summary import intervals

    ci = intervals(rows)
    points = [str(row["point"]) for row in design]
    others = [p for p in points if p != reference]
    table = compare(rows, reference, others, kpis=list(SWEEP_KPIS), practical=practical)
    verdict = {(r.variant, r.kpi): str(r.verdict) for r in table.itertuples()}
    names = {str(row["point"]): str(row["design"]) for row in design}
    width = max(_width(n) for n in names.values()) + 2
    head = " | ".join(kpi_label(k) for k in SWEEP_KPIS)
    out = [_("Design points against the current plan, mean of the replications:"),
           f"  {'':<{width}}{head}"]  # fmt: skip
    for point in points:
        cells = []
        for kpi in SWEEP_KPIS:
            word = _("current plan") if point == reference else _(verdict[(point, kpi)])
            cells.append(f"{_cell(ci, point, kpi)} ({word})")
        name = names[point]
        out.append(f"  {name}{' ' * (width - _width(name))}" + " | ".join(cells))
    return out
