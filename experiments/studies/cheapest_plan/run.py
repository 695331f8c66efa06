"""Cheapest plan: the cheapest roster and crews for the baseline that meet the "三个一" goals.

Asks `gridsim.optimise` (issue 16) on the baseline community (`scenarios/baseline.yaml`),
with the integer levers of its staffing (crews per colour, night on-call crews per colour,
the weekend crews of the repair and cleaning rosters, the duty desk's count) between bounds,
for each of three roster alternatives that are not integers (shift hours), each with its
own lever for the shift it adds:
- base rosters (the desk on weekend and holiday mornings: its count is the lever);
- an evening repair crew, 18:00-23:50 every day (the equal_cost_rosters study's (b));
- the hall's duty desk around the clock, every day (one desk: triage while the grid
  worker is off duty, day and night).
For each: (1) the three goals together (target_on_site_share, target_resolved_share,
target_plan_share >= 0.9) at 95% confidence: the plan, or why none within the bounds does;
(2) each goal alone; (3) what each goal reaches at the upper bounds (the top plan);
(4) the cheapest plan that meets a reachable level: each goal's estimate at the top of the
searched levers (`SEARCHED`, the others as now) less a margin (rounded down to a whole
percent), with its cost against the current plan's. The
current plan of each alternative is run too, on the same random demand.

    .venv/bin/python experiments/studies/cheapest_plan/run.py [--replications N] [--quick]

--replications sets the replications every plan gets first (the sequential check adds more
near a goal, up to three times as many).
"""

from __future__ import annotations

import math
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import _common as C
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import PercentFormatter

from gridsim import Optimum, optimise
from gridsim.api import scenario_of
from gridsim.experiment.sweep import design_name
from gridsim.scenario import Scenario
from gridsim.scenario.goals import Goal
from gridsim.stats.goals import goal_label
from gridsim.views.optimum import answer_lines, changes_text
from gridsim.views.plots import series_style

SCRIPT = "experiments/studies/cheapest_plan/run.py"
GOALS = ("target_on_site_share", "target_resolved_share", "target_plan_share")
GOAL = 0.9  # the baseline's goals for the three (scenarios/baseline.yaml, goals)
MARGIN = 0.03  # a reachable level: the top plan's estimate less 3 points
CONFIDENCE = 0.95
QUICK_DAYS = 30  # --quick: a month, so that the smoke test takes seconds
LEVERS = {
    "staff.crews.repair": (1, 4),
    "staff.crews.cleaning": (1, 3),
    "staff.crews.patrol": (1, 3),
    "staff.crews.fire": (1, 2),
    "staff.on_call.repair": (0, 2),
    "staff.on_call.cleaning": (0, 1),
    "staff.on_call.patrol": (0, 1),
    "staff.on_call.fire": (0, 1),
    "staff.rosters.repair.1.count": (1, 3),  # repair crews on weekends and holidays
    "staff.rosters.cleaning.1.count": (1, 3),  # cleaning crews on weekend mornings
}
"""The levers every alternative shares: path -> (lowest, highest). Costs: the wages."""
SEARCHED = (
    "staff.crews.repair",
    "staff.crews.cleaning",
    "staff.crews.patrol",
    "staff.rosters.repair.1.count",
)
"""The levers of the search for a reachable level (with the alternative's own), the others
at their current values: a search over all eleven takes hours of CPU (issue 16's goal is
30 minutes on two free cores for ten levers); these are the crews most reports wait for."""
EVENING = {"days": ["daily"], "start_hour": 18.0, "end_hour": 23 + 50 / 60, "count": 1}
REPAIR_DAY = [
    {"days": ["weekdays"], "start_hour": 8.5, "end_hour": 18.0},
    {"days": ["weekend", "holidays"], "start_hour": 8.5, "end_hour": 18.0, "count": 1},
]
ALTERNATIVES: dict[str, tuple[dict[str, Any], dict[str, tuple[int, int]]]] = {
    "base rosters": ({}, {"staff.rosters.hall.2.count": (1, 2)}),
    "evening repair crew": (
        {"staff.rosters.repair": [*REPAIR_DAY, EVENING]},
        {"staff.rosters.repair.2.count": (1, 2)},
    ),
    "duty desk 24 h": (
        {"staff.rosters.hall": [{"days": ["daily"], "start_hour": 0.0, "end_hour": 24.0,
                                 "count": 1}]},
        {"staff.rosters.hall.0.count": (1, 2)},
    ),
}  # fmt: skip
"""Roster alternatives (overrides of the baseline) and the lever of the shift each adds."""
TARGETS = scenario_of(C.BASELINE).targets
ALL, REACHABLE = "all three at 90%", "reachable level"
SEARCHED_TOP = "all three at 90%, searched levers only"


def words(kpi: str) -> str:
    """A goal's KPI in the planner's words, e.g. 'on site within 10 min'."""
    goal = Goal.model_validate({"kpi": kpi, "at_least": GOAL})
    return goal_label(goal, TARGETS)


def alone(kpi: str) -> str:
    return f"{kpi} alone at 90%"


def scenario_of_alt(args, name: str) -> Scenario:
    overrides = dict(ALTERNATIVES[name][0])
    if args.quick:
        overrides["calendar.horizon_days"] = QUICK_DAYS
    return scenario_of(C.BASELINE, overrides)


def levers_of(name: str, only: tuple[str, ...] | None = None) -> dict[str, tuple[int, int]]:
    """The alternative's levers (all, or ``only`` these and its own)."""
    shared = {p: b for p, b in LEVERS.items() if only is None or p in only}
    return {**shared, **ALTERNATIVES[name][1]}


def ask(args, sc: Scenario, name: str, require: list[str], only=None) -> Optimum:
    """optimise at the study's settings: --replications first, up to three times as many."""
    first = args.replications
    opt = optimise(
        sc, levers_of(name, only), require, confidence=CONFIDENCE, first=first, most=3 * first,
        step=max(2, first // 2), batch=4, jobs=args.jobs,
    )  # fmt: skip
    print(f"{name}, {', '.join(require)}: {'feasible' if opt.feasible else 'none'}, "
          f"{opt.designs_evaluated} plans, {opt.replications} runs, {opt.cpu_seconds:.0f} CPU-s",
          flush=True)  # fmt: skip
    return opt


def reachable_goals(top: Optimum) -> list[str]:
    """Each goal at its top-plan estimate less the margin, down to a whole percent."""
    out = []
    for r in top.requirements:
        level = max(0.0, math.floor((r["estimate"] - MARGIN) * 100) / 100)
        out.append(f"{r['kpi']}>={min(level, GOAL):.2f}")
    return out


def study(args, name: str) -> dict[str, Optimum]:
    """The four questions for one roster alternative (the reachable levels from the top of
    the searched levers, the others at their current values)."""
    sc = scenario_of_alt(args, name)
    goals = [f"{k}>={GOAL}" for k in GOALS]
    answers = {ALL: ask(args, sc, name, goals)}
    for kpi in GOALS:
        answers[alone(kpi)] = ask(args, sc, name, [f"{kpi}>={GOAL}"])
    answers[SEARCHED_TOP] = ask(args, sc, name, goals, SEARCHED)
    answers[REACHABLE] = ask(args, sc, name, reachable_goals(answers[SEARCHED_TOP]), SEARCHED)
    print(f"{name}: {sum(o.cpu_seconds for o in answers.values()):.0f} CPU-s", flush=True)
    return answers


def current_runs(args) -> C.Run:
    """Each alternative's current plan (its levers as the scenario has them), on the same
    random demand as one another: where a planner starts from."""
    variants = {name: scenario_of_alt(args, name) for name in ALTERNATIVES}
    return C.run(variants, args)


def results_table(answers: dict[str, dict[str, Optimum]]) -> pd.DataFrame:
    """One row per alternative, question and requirement: the plan the answer gives (or the
    top plan when none meets the requirements), its cost, and the requirement's estimate
    and interval at that plan."""
    rows = []
    for name, per in answers.items():
        for question, opt in per.items():
            for r in opt.requirements:
                rows.append({
                    "alternative": name, "question": question, "kpi": r["kpi"],
                    "goal": r["goal"], "estimate": r["estimate"], "lower": r["lower"],
                    "upper": r["upper"], "decision": r["decision"],
                    "replications": r["replications"], "feasible": opt.feasible,
                    "plan": design_name(opt.plan), "cost": opt.cost,
                    "current_cost": opt.current_cost, "extra_cost": opt.cost - opt.current_cost,
                    "designs_evaluated": opt.designs_evaluated, "runs": opt.replications,
                    "cpu_seconds": opt.cpu_seconds,
                })  # fmt: skip
    return pd.DataFrame(rows)


def frontier_table(answers: dict[str, dict[str, Optimum]]) -> pd.DataFrame:
    """Every plan the reachable-level searches simulated, by alternative."""
    parts = [
        per[REACHABLE].frontier.assign(alternative=name)
        for name, per in answers.items()
        if len(per[REACHABLE].frontier)
    ]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


def current_table(run: C.Run) -> pd.DataFrame:
    """The goals' KPIs and the staff cost of each alternative's current plan, with
    intervals over replications."""
    parts = [C.summary_kpi(run, k) for k in (*GOALS, "staff_cost_per_year")]
    ci = C.intervals(pd.concat(parts, ignore_index=True))
    ci["variant"] = ci["variant"].astype(str)
    return ci.rename(columns={"variant": "alternative"})


# ---------------------------------------------------------------------------------------------
# Figures


def reach_figure(res: pd.DataFrame, current: pd.DataFrame) -> Figure:
    """Each goal's KPI at the upper bounds (top plan) and at the current plan, by
    alternative, with 95% intervals, against the 90% goal."""
    fig = Figure(figsize=(10, 4.2))
    axes = fig.subplots(1, len(GOALS), sharey=True)
    top = res[res.question == ALL]
    names = list(ALTERNATIVES)
    for ax, kpi in zip(axes, GOALS, strict=True):
        for k, (label, table, col) in enumerate(
            (("current plan", current, "mean"), ("every lever at its highest", top, "estimate"))
        ):
            sel = table[(table["metric"] if "metric" in table else table["kpi"]) == kpi]
            sel = sel.set_index("alternative").reindex(names)
            low = sel["low" if "low" in sel else "lower"].to_numpy(float)
            high = sel["high" if "high" in sel else "upper"].to_numpy(float)
            mid = sel[col].to_numpy(float)
            x = np.arange(len(names)) + (k - 0.5) * 0.3
            style = series_style(k)
            ax.errorbar(x, mid, yerr=[mid - low, high - mid], fmt=style.marker, capsize=3,
                        color=style.color, label=label)  # fmt: skip
        ax.axhline(GOAL, color="0.3", ls="--", lw=1, label="goal (90%)")
        ax.set_xticks(np.arange(len(names)), names, rotation=20, ha="right", fontsize=8)
        ax.set_title(words(kpi), fontsize=9)
        ax.yaxis.set_major_formatter(PercentFormatter(1.0))
        ax.set_ylim(0, 1)
    axes[0].legend(fontsize=8, loc="center left")
    fig.suptitle("What the 三个一 goals reach at the upper bounds of the levers (95% intervals)")
    fig.tight_layout()
    return fig


def frontier_figure(front: pd.DataFrame, answers: dict[str, dict[str, Optimum]]) -> Figure:
    """Cost against the on-site share of every plan the reachable-level searches simulated,
    the cheapest plan meeting the reachable levels marked, per alternative."""
    fig = Figure(figsize=(7.5, 4.5))
    ax = fig.subplots()
    key = f"{GOALS[0]}@community"
    for k, name in enumerate(ALTERNATIVES):
        sel = front[front.alternative == name] if len(front) else front
        style = series_style(k)
        if len(sel):
            ax.scatter(sel["cost"] / 1e6, sel[key], s=14, alpha=0.6, label=name,
                       color=style.color)  # fmt: skip
        opt = answers[name][REACHABLE]
        if opt.feasible:
            est = next(r["estimate"] for r in opt.requirements if r["kpi"] == GOALS[0])
            ax.scatter([opt.cost / 1e6], [est], marker="*", s=180, edgecolor="k",
                       color=style.color, zorder=3)  # fmt: skip
    ax.set_xlabel("staff cost a year (million CNY, from the wages)")
    ax.set_ylabel("on site within 10 min (community)")
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_title("Plans simulated for the reachable levels (★ the cheapest that meets them)")
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------------------------------------
# Words


def share(r: dict[str, Any]) -> str:
    return f"{r['estimate']:.1%} ({r['lower']:.1%}-{r['upper']:.1%})"


def cny(x: float) -> str:
    return f"{x:,.0f} CNY"


def answer_section(answers: dict[str, dict[str, Optimum]], current: pd.DataFrame) -> str:
    lines = ["## Answer", ""]
    for name, per in answers.items():
        opt, reach = per[ALL], per[REACHABLE]
        now = {k: C.lookup(current, alternative=name, metric=k) for k in GOALS}
        verdict = "met" if opt.feasible else "out of reach within the bounds"
        lines.append(
            f"- **{name}**: the three goals at 90% together are {verdict}; at the upper bounds "
            + ", ".join(f"{words(r['kpi'])} {share(r)}" for r in opt.requirements)
            + " (current plan "
            + ", ".join(C.pct(now[k]) for k in GOALS)
            + f", {cny(opt.current_cost)} a year; every lever at its highest "
            f"{cny(per[ALL].cost)})."
        )
        top = per[SEARCHED_TOP]
        lines.append(
            "  With the searched levers at their highest (the others as now): "
            + ", ".join(f"{words(r['kpi'])} {share(r)}" for r in top.requirements)
            + f", {cny(top.cost)} a year."
        )
        if reach.feasible:
            lines.append(
                f"  Reachable levels ({', '.join(_req_text(r) for r in reach.requirements)}): "
                f"the cheapest plan is {changes_text(reach)}, {cny(reach.cost)} a year "
                f"({reach.cost - reach.current_cost:+,.0f} CNY against the current plan)."
            )
        else:
            lines.append(
                "  Reachable levels: no plan found to meet them: "
                + "; ".join(reach.reasons or ["undecided within the replications"])
            )
    return "\n".join(lines)


def _req_text(r: dict[str, Any]) -> str:
    return f"{words(r['kpi'])} ≥ {r['goal']:.0%}"


def detail_section(answers: dict[str, dict[str, Optimum]], targets) -> str:
    """optimise's own answer for every question, in its words (gridsim.views.optimum)."""
    lines = ["## optimise's answers, question by question", ""]
    for name, per in answers.items():
        lines += [f"### {name}", ""]
        for question, opt in per.items():
            lines += [f"**{question}** ({design_name(opt.plan)})", "", "```",
                      *answer_lines(opt, targets), "```", ""]  # fmt: skip
            if opt.monotone.get("violations"):
                lines.append(f"Monotonicity: {opt.monotone['violations']} violations in "
                             f"{opt.monotone['pairs_checked']} pairs.")  # fmt: skip
    return "\n".join(lines)


def write_findings(args, sc: Scenario, sections: list[str], cpu: float) -> Path:
    """findings.md: what was run (settings, CPU time) and the numbers measured."""
    cal = sc.calendar
    first = args.replications
    head = [
        "# Cheapest plan: findings",
        "",
        f"Generated by `{SCRIPT}`"
        + (" --quick (a smoke test: a month and too few replications to conclude anything)"
           if args.quick else "")
        + ".",
        "",
        f"- Scenario: `scenarios/baseline.yaml` (seed {sc.seed}), {cal.horizon_days:g} days "
        f"from {cal.start_date.isoformat()}, warm-up {cal.warmup_days:g} days.",
        f"- gridsim.optimise: confidence {CONFIDENCE:.0%}, tolerance the scenario's practical "
        f"share (1 point), {first} replications a plan first, up to {3 * first}, "
        "common random numbers.",
        f"- Levers: {', '.join(f'{p}={lo}:{hi}' for p, (lo, hi) in LEVERS.items())}; and per "
        "alternative: " + "; ".join(
            f"{n}: {', '.join(f'{p}={lo}:{hi}' for p, (lo, hi) in alt[1].items())}"
            for n, alt in ALTERNATIVES.items()
        ) + ".",
        f"- The search for the reachable levels: {', '.join(SEARCHED)} and the alternative's "
        "own lever, the others at their current values; the levels are the top of these "
        f"less {MARGIN * 100:.0f} percentage points, down to a whole percent.",
        f"- Simulation CPU time of the optimisations {cpu:.0f} CPU-s; whole script "
        f"{time.perf_counter() - args.started:.0f} s wall (jobs={args.jobs or 'all cores'}).",
        "",
    ]  # fmt: skip
    path = args.out / "findings.md"
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text("\n".join(head) + "\n" + "\n\n".join(sections) + "\n", encoding="utf-8")
    tmp.replace(path)
    return path


def main() -> None:
    args = C.options(__doc__, default_replications=6)
    answers = {name: study(args, name) for name in ALTERNATIVES}
    current = current_table(current_runs(args))
    res = results_table(answers)
    front = frontier_table(answers)
    cpu = float(sum(o.cpu_seconds for per in answers.values() for o in per.values()))
    files = [C.write_csv(res, args, "results.csv"), C.write_csv(current, args, "current.csv")]
    files.append(C.write_csv(front, args, "frontier.csv"))
    files.append(C.save(reach_figure(res, current), args, "fig_reach_at_upper_bounds.png"))
    files.append(C.save(frontier_figure(front, answers), args, "fig_frontier.png"))
    sc = scenario_of_alt(args, "base rosters")
    sections = [answer_section(answers, current), detail_section(answers, sc.targets)]
    files.append(write_findings(args, sc, sections, cpu))
    C.done(args, files)


if __name__ == "__main__":
    main()
