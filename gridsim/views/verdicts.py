"""Verdicts in words, for the console, the report and the demo: each goal met, missed or
too close to call, by how much, with its interval, and a one-line reason from the log."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from gridsim.i18n import _
from gridsim.stats.goals import MET, MISSED, Verdict, goal_label
from gridsim.stats.kpis import unit_of
from gridsim.views.amounts import amount, difference

if TYPE_CHECKING:
    from gridsim.scenario.targets import Targets

__all__ = ["STATUS_WORDS", "verdict_line", "verdict_lines"]

STATUS_WORDS = {MET: "met", MISSED: "missed", "unclear": "too close to call"}
"""What a status is called (translated at use)."""

MARKS = {MET: "✓", MISSED: "✗", "unclear": "?"}


def goal_text(v: Verdict, targets: Targets | None = None) -> str:
    """'on site within 10 min ≥ 90.0%': the goal with its bound (a label of the scenario's
    own is used as it is)."""
    label = goal_label(v.goal, targets)
    if v.goal.label:
        return label
    sign = "≥" if v.goal.higher_is_better else "≤"
    return f"{label} {sign} {amount(v.goal.value, unit_of(v.goal.kpi))}"


def how_far(v: Verdict) -> str:
    """'76.5 percentage points short of the goal', '3.1 minutes better than the goal'."""
    unit = unit_of(v.goal.kpi)
    gap = difference(v.gap, unit)
    if v.status == MET:
        return _("{gap} better than the goal").format(gap=gap)
    if v.status == MISSED:
        return _("{gap} short of the goal").format(gap=gap)
    return _("the interval holds the goal: more replications would decide")


def verdict_line(v: Verdict, targets: Targets | None = None) -> str:
    """One line: mark, status, goal, estimate [interval], how far."""
    unit = unit_of(v.goal.kpi)
    estimate = ("≥ " if v.lower_bound else "") + amount(v.estimate, unit)
    interval = f"[{amount(v.low, unit)}, {amount(v.high, unit)}]"
    if v.low == v.high:
        interval = ""
    status = _(STATUS_WORDS[v.status])
    return (
        f"{MARKS[v.status]} {status}: {goal_text(v, targets)}: {estimate} {interval}, {how_far(v)}"
    )


def verdict_lines(
    verdicts: list[Verdict],
    targets: Targets | None = None,
    reasons: Mapping[tuple[str, int], str] | None = None,
) -> list[str]:
    """Lines per variant: a heading, then one line per goal and its reason when there is
    one (``reasons`` by (variant, index of the goal in the variant's verdicts))."""
    out: list[str] = []
    variants = list(dict.fromkeys(v.variant for v in verdicts))
    for variant in variants:
        mine = [v for v in verdicts if v.variant == variant]
        met = sum(v.status == MET for v in mine)
        out.append(
            _("Goals of {variant}: {met} of {n} met").format(variant=variant, met=met, n=len(mine))
        )
        for i, v in enumerate(mine):
            out.append("  " + verdict_line(v, targets))
            reason = (reasons or {}).get((variant, i))
            if reason:
                out.append("      " + _("why: {reason}").format(reason=reason))
    return out
