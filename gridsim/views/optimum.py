"""The optimum in a planner's words: what the plan changes from the current one, what it
costs, how sure the answer is, and, when nothing within the bounds will do, why. The console,
answer.txt and the report (`gridsim.views.report.optimum`) all say it with these lines."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from gridsim.experiment.sweep import field_name
from gridsim.i18n import _
from gridsim.optimiser.result import Optimum
from gridsim.scenario.goals import Goal
from gridsim.scenario.targets import Targets
from gridsim.stats.goals import goal_label
from gridsim.stats.kpis import unit_of
from gridsim.views.amounts import amount, difference

__all__ = [
    "answer_lines",
    "changes_text",
    "cost_text",
    "how_lines",
    "kpi_words",
    "monotone_text",
    "requirement_name",
    "requirement_text",
    "verdict_text",
]


def changes_text(plan: Mapping[str, int], current: Mapping[str, Any]) -> str:
    """'repair crews 2 → 3, fire crews on call at night 1 → 0' (levers left as they are
    are not named), or 'no change from the current plan'."""
    moved = [f"{field_name(p)} {current.get(p)} → {v}" for p, v in plan.items()
             if current.get(p) != v]  # fmt: skip
    return ", ".join(moved) if moved else _("no change from the current plan")


def cost_text(opt: Optimum) -> str:
    """'100,000 CNY a year, 100,000 CNY more than the current plan'."""
    change = opt.cost - opt.current_cost
    delta = (_("{x} more than the current plan") if change > 0
             else _("{x} less than the current plan") if change < 0
             else _("the same as the current plan"))  # fmt: skip
    return _("{cost} a year, {delta}").format(
        cost=amount(opt.cost, "CNY"), delta=delta.format(x=difference(change, "CNY"))
    )


def kpi_words(kpi: str, scope: str, targets: Targets | None) -> str:
    """'on site within 10 min', 'time to on site, 90th percentile (kind repair)'."""
    return goal_label(Goal.model_validate({"kpi": kpi, "scope": scope, "at_least": 0}), targets)


def requirement_name(req: Mapping[str, Any], targets: Targets | None) -> str:
    """'on site within 10 min ≥ 85.0%'."""
    sign = "≥" if req["op"] == ">=" else "≤"
    words = kpi_words(req["kpi"], req["scope"], targets)
    return f"{words} {sign} {amount(req['goal'], unit_of(req['kpi']))}"


def verdict_text(req: Mapping[str, Any], confidence: float) -> str:
    """What the sequential check decided, in words: met with the stated confidence (the
    interval clears the goal), met within the tolerance (it does not, but the mean is close
    enough to count), missed, or too close to the goal to decide."""
    level = amount(confidence, "share", 0)
    if req["decision"] == "infeasible":
        return _("missed, with {level} confidence").format(level=level)
    if req["decision"] != "feasible":
        return _("too close to the goal to decide in {n} runs").format(n=req["replications"])
    clear = req["lower"] >= req["goal"] if req["op"] == ">=" else req["upper"] <= req["goal"]
    if clear:
        return _("met with {level} confidence").format(level=level)
    return _("met within the tolerance ({tol} from the goal counts as meeting it)").format(
        tol=difference(req["tolerance"], unit_of(req["kpi"]))
    )


def requirement_text(req: Mapping[str, Any], confidence: float, targets: Targets | None) -> str:
    """'on site within 10 min ≥ 85.0%: 89.7% [89.1%, 90.2%], met with 95% confidence'."""
    unit = unit_of(req["kpi"])
    return _("{goal}: {estimate} [{low}, {high}], {verdict}").format(
        goal=requirement_name(req, targets), estimate=amount(req["estimate"], unit),
        low=amount(req["lower"], unit), high=amount(req["upper"], unit),
        verdict=verdict_text(req, confidence))  # fmt: skip


def monotone_text(opt: Optimum, targets: Targets | None = None) -> str:
    """The monotonicity check in words: the search assumes more of a lever never makes a
    requirement worse; say whether the plans simulated bear that out."""
    pairs = opt.monotone.get("pairs_checked", 0)
    found = opt.monotone.get("violations", 0)
    if not found:
        return _("More of a lever never made a requirement clearly worse in the {pairs} pairs "
                 "of plans compared, as the search assumes.").format(pairs=pairs)  # fmt: skip
    worst = opt.monotone["worst"][0]
    label = kpi_words(worst["kpi"], worst["scope"], targets)
    return _("Warning: more of a lever made a requirement clearly worse in {n} of {pairs} "
             "pairs of plans (worst: {change} made {kpi} worse by {by}); the search assumes "
             "it never does, so it may have ruled out a cheaper plan.").format(
        n=found, pairs=pairs, change=changes_text(worst["higher_plan"], worst["lower_plan"]),
        kpi=label, by=difference(worst["worse_by"], unit_of(worst["kpi"])))  # fmt: skip


def how_lines(opt: Optimum, targets: Targets | None = None) -> list[str]:
    """How much simulation the answer took, and the monotonicity warning if any."""
    n = opt.designs_evaluated
    plans = _("1 plan simulated") if n == 1 else _("{n} plans simulated").format(n=n)
    lines = [_("{plans}, {runs} runs ({cpu} CPU-s); the intervals are at {level} "
               "confidence.").format(plans=plans, runs=opt.replications,
                                     cpu=f"{opt.cpu_seconds:.1f}",
                                     level=amount(opt.confidence, "share", 0))]  # fmt: skip
    if opt.monotone.get("violations"):
        lines.append(monotone_text(opt, targets))
    lines += [_("Note: {note}").format(note=n) for n in opt.notes]
    return lines


def answer_lines(opt: Optimum, targets: Targets | None = None) -> list[str]:
    """The answer, a few lines: the plan and what it changes, or which requirement is out of
    reach and why with the best the bounds allow; its cost against the current plan's; each
    requirement with its interval and verdict; how the answer was reached."""
    level = amount(opt.confidence, "share", 0)
    changes = changes_text(opt.plan, opt.current)
    if opt.feasible:
        lines = [_("Answer: the cheapest plan that meets every requirement with {level} "
                   "confidence: {changes}.").format(level=level, changes=changes),
                 "  " + _("Cost: {cost}.").format(cost=cost_text(opt))]  # fmt: skip
    else:
        lines = [_("Answer: no plan within the bounds meets every requirement with {level} "
                   "confidence.").format(level=level)]  # fmt: skip
        lines += [f"  - {r}" for r in opt.reasons]
        lines.append("  " + _("The best the bounds allow (every lever at its highest): "
                              "{changes}; {cost}.").format(changes=changes,
                                                          cost=cost_text(opt)))  # fmt: skip
    lines += [f"  {requirement_text(r, opt.confidence, targets)}" for r in opt.requirements]
    lines += [f"  {line}" for line in how_lines(opt, targets)]
    return lines
