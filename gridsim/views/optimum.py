"""The optimum in a planner's words: what the plan changes from the current one, what it
costs, how sure the answer is, and, when nothing within the bounds will do, why."""

from __future__ import annotations

from gridsim.experiment.sweep import field_name
from gridsim.i18n import _
from gridsim.optimiser.result import Optimum
from gridsim.scenario.goals import Goal
from gridsim.scenario.targets import Targets
from gridsim.stats.goals import goal_label
from gridsim.stats.kpis import unit_of
from gridsim.views.amounts import amount, difference

__all__ = ["answer_lines", "changes_text"]


def changes_text(opt: Optimum) -> str:
    """'repair crews 2 -> 3, fire crews on call at night 1 -> 0' (levers left as they are
    are not named), or 'the current plan'."""
    moved = [f"{field_name(p)} {opt.current.get(p)} → {v}" for p, v in opt.plan.items()
             if opt.current.get(p) != v]  # fmt: skip
    return ", ".join(moved) if moved else _("no change from the current plan")


def _requirement(req: dict, targets: Targets | None) -> str:
    bound = "at_least" if req["op"] == ">=" else "at_most"
    goal = Goal.model_validate({"kpi": req["kpi"], "scope": req["scope"], bound: req["goal"]})
    unit = unit_of(req["kpi"])
    sign = "≥" if req["op"] == ">=" else "≤"
    return _("{goal} {sign} {value}: {estimate} [{low}, {high}]").format(
        goal=goal_label(goal, targets), sign=sign, value=amount(req["goal"], unit),
        estimate=amount(req["estimate"], unit), low=amount(req["lower"], unit),
        high=amount(req["upper"], unit))  # fmt: skip


def answer_lines(opt: Optimum, targets: Targets | None = None) -> list[str]:
    """The answer, a few lines: the plan or why there is none, its cost against the
    current plan's, each requirement with its interval, and how the answer was reached."""
    level = amount(opt.confidence, "share", 0)
    cost = amount(opt.cost, "CNY")
    change = opt.cost - opt.current_cost
    delta = (_("{x} more than the current plan") if change > 0
             else _("{x} less than the current plan") if change < 0
             else _("the same as the current plan"))  # fmt: skip
    delta = delta.format(x=difference(change, "CNY"))
    if opt.feasible:
        lines = [_("Answer: the cheapest plan that meets every requirement with {level} "
                   "confidence: {changes}; it costs {cost} a year ({delta}).").format(
            level=level, changes=changes_text(opt), cost=cost, delta=delta)]  # fmt: skip
    else:
        lines = [_("Answer: no plan within the bounds meets every requirement with {level} "
                   "confidence.").format(level=level)]  # fmt: skip
        lines += [f"  - {r}" for r in opt.reasons]
    lines += [f"  {_requirement(r, targets)}" for r in opt.requirements]
    lines.append(_("  {designs} plans simulated, {runs} runs ({cpu} CPU-s); the intervals are "
                   "at {level}.").format(designs=opt.designs_evaluated, runs=opt.replications,
                                         cpu=f"{opt.cpu_seconds:.0f}", level=level))  # fmt: skip
    if opt.monotone.get("violations"):
        lines.append(_("  Warning: more of a lever made a requirement clearly worse in {n} "
                       "pairs of plans (see optimum.json, monotone): the search assumes it "
                       "never does.").format(n=opt.monotone["violations"]))  # fmt: skip
    return lines
