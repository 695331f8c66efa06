"""Why no plan within the bounds meets a requirement: the top plan's estimate against the
goal, and what the decomposition of its issues' times says (`gridsim.views.why`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from gridsim.i18n import _
from gridsim.stats.goals import Verdict, goal_label, judge
from gridsim.views.amounts import amount, difference

if TYPE_CHECKING:
    from gridsim.optimiser.search import Search

__all__ = ["REASON_REPLICATIONS", "out_of_reach"]

REASON_REPLICATIONS = 3
"""Runs of the top plan whose issue logs explain a shortfall (the parts of each issue's
time are stable from one run to the next: three are plenty)."""


def out_of_reach(search: Search, top: int, reqs: list[dict[str, Any]]) -> list[str]:
    """One line per requirement the top plan does not meet: by how much, and why."""
    from gridsim.experiment.runner import run_experiment
    from gridsim.stats.kpis import unit_of
    from gridsim.views.why import why

    sc = search.scenario(top)
    if sc is None:
        return [_("the plan with every lever at its highest is not a valid scenario: {why}")
                .format(why=search.rejected.get(top, ""))]  # fmt: skip
    short = [r for r in reqs if r["decision"] != "feasible"]
    if not short:
        return []
    exp = run_experiment({"base": sc}, REASON_REPLICATIONS, progress=False, jobs=1)
    log = pd.concat([t.to_pandas() for t in exp.logs], ignore_index=True)
    lines = []
    for r in short:
        req = next(
            q for q in search.problem.requirements if (q.kpi, q.scope) == (r["kpi"], r["scope"])
        )
        goal = req.as_goal()
        unit = unit_of(r["kpi"])
        verdict = Verdict(goal, "base", r["estimate"], r["lower"], r["upper"],
                          r["replications"], judge(goal, r["lower"], r["upper"]))  # fmt: skip
        words = {"goal": goal_label(goal, sc.targets), "value": amount(r["goal"], unit),
                 "best": amount(r["estimate"], unit),
                 "gap": difference(abs(r["estimate"] - r["goal"]), unit)}  # fmt: skip
        if r["decision"] == "undecided":
            text = _("{goal} {value}: with every lever at its highest, not decided in {n} runs "
                     "(estimate {best}, interval {low} to {high})").format(
                n=r["replications"], low=amount(r["lower"], unit), high=amount(r["upper"], unit),
                **words)  # fmt: skip
        else:
            text = _("{goal} {value} is out of reach within the bounds: with every lever at "
                     "its highest it is {best}, {gap} short").format(**words)  # fmt: skip
        because = why(verdict, log, sc)
        lines.append(text + (_("; why: {reason}").format(reason=because) if because else ""))
    return lines
