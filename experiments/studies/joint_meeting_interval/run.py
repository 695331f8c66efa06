"""Joint meeting interval: does a more frequent joint meeting get complex issues planned
within a day?

Runs the baseline with the joint meeting sitting every 7, 14 and 30 days (the baseline
assumes 30) on the same random demand. From the issue log, for complex issues (those needing
a plan from the committee or above) reported after the warm-up: the share planned within
1 day of the report (the third "三个一" target; never planned = a miss), the distribution of
the time to a plan, overall and by the rung that planned it; and, for all issues, how many
end at each rung of the ladder.

    .venv/bin/python experiments/studies/joint_meeting_interval/run.py [--replications N]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import _common as C
import numpy as np
import pandas as pd

from gridsim.model.demand import DAY_MIN
from gridsim.scenario.schema import LEVELS
from gridsim.stats.compare import compare, verdict_text
from gridsim.views.plots import ecdf_figure, escalation_figure

SCRIPT = "experiments/studies/joint_meeting_interval/run.py"
INTERVALS = (7, 14, 30)
RUNG_WORDS = {
    "grid_worker": "grid worker",
    "grid_leader": "grid leader",
    "community": "committee",
    "joint_meeting": "joint meeting",
    "town": "town",
    "above_town": "above the town",
}


def label(days: int) -> str:
    return f"every {days} days"


def plan_metrics(target_min: float, horizon: float):
    def metrics(g: pd.DataFrame) -> dict[str, float]:
        plan = (g["plan_min"] - g["reported_min"]).to_numpy(float)
        return {
            "complex": float(len(g)),
            "plan_share": C.share_within(plan, target_min),
            "plan_mean_d": C.mean_of(plan) / DAY_MIN,
            # not planned by the horizon: counted at its time open, as the KPIs' percentiles
            **C.percentiles(
                plan, C.time_open(g, horizon), {"plan_median_d": 50, "plan_p90_d": 90}, DAY_MIN
            ),
            "never_planned_share": float(np.mean(np.isnan(plan))),
        }

    return metrics


def rung_metrics(g: pd.DataFrame) -> dict[str, float]:
    level = g["level"].astype(str).to_numpy()
    return {f"ends:{lv}": float(np.sum(level == lv)) for lv in LEVELS}


def tables(run: C.Run) -> pd.DataFrame:
    metrics = plan_metrics(run.scenario.targets.complex_plan_min, run.horizon_min)
    log = C.in_window(run.issues, run)
    complex_ = log[log["complex"].to_numpy(bool)]
    parts = [
        C.per_replication(complex_, [], metrics).assign(rung="all"),
        C.per_replication(complex_, ["level"], metrics).rename(columns={"level": "rung"}),
        C.per_replication(C.problems(log), [], rung_metrics).assign(rung="all"),
        C.summary_kpi(run, "volunteer_services").assign(rung="all"),
    ]
    table = pd.concat(parts, ignore_index=True)
    table["rung"] = table["rung"].astype(str)
    return table


def findings(run: C.Run, table: pd.DataFrame, ci: pd.DataFrame) -> list[str]:
    names = run.variants
    ref = label(30)

    def row(metric, variant, rung="all"):
        return C.lookup(ci, metric=metric, variant=variant, rung=rung)

    out = []
    d7 = C.paired(table, ref, label(7), "plan_share", {"rung": "all"})
    jm = [r for r in ("joint_meeting",) if not ci[(ci.rung == r)].empty]
    lines = ["## Answer", ""]
    lines.append(
        "A more frequent joint meeting plans complex issues much sooner, but it barely moves "
        "the share planned within one day, because that share is decided below the meeting: "
        "complex issues planned within 1 day: "
        + ", ".join(f"{v}: {C.pct(row('plan_share', v))}" for v in names)
        + f" (weekly vs monthly {C.diff_text(d7, 'pp', 100)}). Median / mean days to a plan: "
        + ", ".join(
            f"{v}: {row('plan_median_d', v)['mean']:.1f} / {row('plan_mean_d', v)['mean']:.1f}"
            for v in names
        )
        + "."
    )
    if jm:
        lines.append("")
        lines.append(
            "- Complex issues that reach the joint meeting wait for it to sit: mean days to a "
            "plan for them "
            + ", ".join(
                f"{v}: {C.num(row('plan_mean_d', v, 'joint_meeting'), 'd', 1)}" for v in names
            )
            + "; within 1 day: "
            + ", ".join(f"{C.pct(row('plan_share', v, 'joint_meeting'))}" for v in names)
            + ". Those planned by the committee are unaffected: "
            + ", ".join(f"{C.pct(row('plan_share', v, 'community'))}" for v in names)
            + " within 1 day."
        )
    n_all = row("complex", ref)["mean"]
    n_jm = row("complex", ref, "joint_meeting")["mean"]
    n_town = row("complex", ref, "town")["mean"]
    lines.append(
        f"- {(n_jm + n_town) / n_all:.0%} of complex issues need the joint meeting "
        f"({n_jm / n_all:.0%}) or the town ({n_town / n_all:.0%}) for their plan; they make "
        "the 1-day target only when the meeting happens to sit within a day of the report. "
        "No interval from 7 to 30 days comes near the target: it would take a meeting (or a "
        "delegated decision) every working day, and even then the issues that go on to the "
        f"town (assumed {run.scenario.ladder.town_mean_days:g} days on average) would miss."
    )
    shifts = [
        (abs(C.paired(table, ref, v, f"ends:{lv}", {"rung": "all"})["diff"]), lv, v)
        for lv in LEVELS
        for v in names
    ]
    biggest, where, which = max(shifts)
    lines.append(
        "- Where issues end on the ladder hardly depends on the interval: the largest change "
        f"in the mean count at a rung is {biggest:.2f} issues a year ({RUNG_WORDS[where]}, "
        f"{which} vs {ref}), from issues still on their way up at the horizon. The meeting's "
        "frequency changes when a plan comes, not who makes it."
    )
    out.append("\n".join(lines))

    lines = [
        "## Complex issues (reported after the warm-up)",
        "",
        "| joint meeting | complex issues | planned within 1 day | mean days to plan "
        "| median | p90 | never planned by the horizon |",
        "|---|---|---|---|---|---|---|",
    ]
    for v in names:
        lines.append(
            f"| {v} | {row('complex', v)['mean']:.1f} | {C.pct(row('plan_share', v))} "
            f"| {C.num(row('plan_mean_d', v), 'd', 1)} | {C.num(row('plan_median_d', v), 'd', 2)} "
            f"| {C.num(row('plan_p90_d', v), 'd', 1)} "
            f"| {C.pct(row('never_planned_share', v))} |"
        )
    out.append("\n".join(lines))

    lines = [
        "## By the rung that planned them",
        "",
        "| rung | " + " | ".join(f"{v}: issues, within 1 day, mean days" for v in names) + " |",
        "|---|" + "---|" * len(names),
    ]
    for lv in ("community", "joint_meeting", "town"):
        if ci[(ci.rung == lv)].empty:
            continue
        cells = []
        for v in names:
            try:
                r = row("plan_share", v, lv)
            except KeyError:
                cells.append("none")
                continue
            cells.append(
                f"{row('complex', v, lv)['mean']:.1f}, {C.pct(r)}, "
                f"{row('plan_mean_d', v, lv)['mean']:.1f} d"
            )
        lines.append(f"| {RUNG_WORDS[lv]} | " + " | ".join(cells) + " |")
    out.append("\n".join(lines))

    services = C.num(row("volunteer_services", ref), "", 1)
    lines = [
        "## Problems ending at each rung (mean per year)",
        "",
        "Problems only, as gridsim's level:<rung> KPIs count them: volunteers' scheduled "
        f"services ({services} a year, {ref}) never climb the ladder and are left out.",
        "",
        "| rung | " + " | ".join(names) + " |",
        "|---|" + "---|" * len(names),
    ]
    for lv in LEVELS:
        lines.append(
            f"| {RUNG_WORDS[lv]} | "
            + " | ".join(C.num(row(f"ends:{lv}", v), "", 1) for v in names)
            + " |"
        )
    out.append("\n".join(lines))

    cmp = compare(
        run.summary,
        ref,
        [label(7), label(14)],
        kpis=[
            "target_plan_share",
            "plan_mean_min",
            "resolution_mean_min",
            "backlog_mean",
            "level:town",
            "level:above_town",
        ],
    )
    lines = ["## Headline KPIs against the monthly meeting (gridsim compare, paired)", ""]
    lines += [f"- {verdict_text(r)}" for _, r in cmp.iterrows()]
    out.append("\n".join(lines))
    return out


def main() -> None:
    args = C.options(__doc__, default_replications=50)
    base = C.baseline(args)
    variants = {
        label(d): C.variant_of(base, {"policy.joint_meeting.interval_days": d}) for d in INTERVALS
    }
    run = C.run(variants, args)
    run.scenario = variants[label(30)]

    table = tables(run)
    ci = C.intervals(table, ["rung"])
    ci["variant"] = ci["variant"].astype(str)
    table["variant"] = table["variant"].astype(str)
    files = [C.write_csv(ci, args, "results.csv")]

    targets = {"plan": run.scenario.targets.complex_plan_min}
    fig = ecdf_figure(run.issues, "plan", "variant", targets, warmup_min=run.warmup_min)
    fig.axes[0].set_title("Complex issues: time from report to a plan, by joint meeting interval")
    files.append(C.save(fig, args, "fig_ecdf_plan.png"))
    files.append(C.save(escalation_figure(run.summary), args, "fig_rungs.png"))
    sections = findings(run, table, ci)
    files.append(C.write_findings(args, run, "Joint meeting interval", sections, SCRIPT))
    C.done(args, files)


if __name__ == "__main__":
    main()
