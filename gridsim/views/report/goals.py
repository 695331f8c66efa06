"""The report's Goals section: each goal of the scenario, for each variant, met, missed or
too close to call, by how much, with the 95% interval and a one-line reason.

The verdicts are `gridsim.stats.goals.verdicts` and their words those of
`gridsim.views.verdicts`, so the console and the report never disagree. The mark (✓ ✗ ?)
and the status word carry the verdict; colour only repeats it (a grey print still reads).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from gridsim.i18n import _
from gridsim.stats.goals import MET, Verdict
from gridsim.stats.kpis import unit_of
from gridsim.views.amounts import amount
from gridsim.views.report.text import e
from gridsim.views.verdicts import MARKS, STATUS_WORDS, goal_text, how_far

if TYPE_CHECKING:
    from gridsim.scenario.schema import Targets

__all__ = ["Reasons", "by_variant", "goals_html", "status_html"]

Reasons = Mapping[tuple[str, int], str]
"""A one-line reason per (variant, index of the goal among that variant's verdicts), as
`gridsim.views.verdicts.verdict_lines` takes them."""


def by_variant(verdicts: Sequence[Verdict]) -> dict[str, list[Verdict]]:
    """The verdicts grouped by variant, in the order they come."""
    out: dict[str, list[Verdict]] = {}
    for v in verdicts:
        out.setdefault(v.variant, []).append(v)
    return out


def status_html(v: Verdict) -> str:
    """The mark and the status word, e.g. '✗ missed': readable without colour."""
    return (
        f'<span class="mark {v.status}" aria-hidden="true">{MARKS[v.status]}</span> '
        f'<span class="status">{e(_(STATUS_WORDS[v.status]))}</span>'
    )


def shown_estimate(v: Verdict) -> tuple[str, str]:
    """The estimate ('≥' when a run only bounded it) and its 95% interval ('' without one)."""
    unit = unit_of(v.goal.kpi)
    estimate = ("≥ " if v.lower_bound else "") + amount(v.estimate, unit)
    if v.low == v.high:
        return estimate, ""
    return estimate, f"[{amount(v.low, unit)}, {amount(v.high, unit)}]"


def goals_html(
    verdicts: Sequence[Verdict], targets: Targets | None = None, reasons: Reasons | None = None
) -> str:
    """One table per variant: a row per goal with its status, estimate, interval, how far
    from the goal and why (``reasons``: from the decomposition of the log, when given)."""
    if not verdicts:
        return "<p>" + e(_("The scenario states no goals: add them under goals: to be told "
                           "which are met.")) + "</p>"  # fmt: skip
    out = [
        "<p>"
        + e(_("A goal is met when the whole 95% interval of its KPI is on the goal's side, "
              "missed when the whole interval is on the other side, and too close to call "
              "when the interval holds the goal (more replications would decide)."))
        + "</p>"
    ]  # fmt: skip
    for variant, mine in by_variant(verdicts).items():
        met = sum(v.status == MET for v in mine)
        title = _("Goals of {variant}: {met} of {n} met").format(
            variant=variant, met=met, n=len(mine)
        )
        rows = "".join(_goal_row(v, targets, (reasons or {}).get((variant, i), ""))
                       for i, v in enumerate(mine))  # fmt: skip
        out.append(
            f'<div class="scroll"><table class="data goals" data-variant="{e(variant)}">'
            f"<caption>{e(title)}</caption><thead><tr>"
            + "".join(f'<th scope="col">{e(_(h))}</th>' for h in GOAL_HEADS)
            + f"</tr></thead><tbody>{rows}</tbody></table></div>"
        )
    return "\n".join(out)


GOAL_HEADS = ("verdict", "goal", "estimate", "95% interval", "how far", "why")


def _goal_row(v: Verdict, targets: Targets | None, reason: str) -> str:
    estimate, interval = shown_estimate(v)
    attrs = (
        f'class="goal {v.status}" data-variant="{e(v.variant)}" data-kpi="{e(v.goal.kpi)}" '
        f'data-scope="{e(v.goal.scope)}" data-status="{v.status}"'
    )
    return (
        f'<tr {attrs}><td>{status_html(v)}</td><th scope="row">{e(goal_text(v, targets))}</th>'
        f'<td class="num">{e(estimate)}</td><td class="num">{e(interval or "–")}</td>'
        f"<td>{e(how_far(v))}</td><td>{e(reason or '–')}</td></tr>"
    )
