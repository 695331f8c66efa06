"""Equal-cost rosters: with the same extra budget, more day crews, an evening shift or night
cover?

Three rosters a planner could buy for the same money, on the baseline community
(`scenarios/baseline.yaml`), compared with the base and with each other:
- day crew: one more repair crew on the weekday day shift (staff.crews.repair 2 -> 3);
- evening: one repair crew from 18:00 every day, for the hours that cost what (a) costs;
- night: one awake repair crew from 22:00 every night, for the hours that cost the same
  (the on-call crew stays on call as in the base).
The costs are gridsim's (`gridsim.stats.cost.staff_cost`, from the roster: wages, night and
holiday premiums, a crew's fixed cost), without the on-call crew's call-out hours (the only
part a run changes); the shift lengths are solved to the nearest 5 minutes so that (b) and
(c) cost what (a) costs. The runs' own staff_cost_per_year (call-outs included) is reported
beside it.

Measures, from the issue log, for repair issues and for all problems (every issue but
volunteers' scheduled services, as gridsim's community KPIs), by the time of the report
(office hours: 8:30-18:00 on a working day; evening: 18:00-24:00; night: 0:00-8:30; weekend
and holiday days: 8:30-18:00 on a day off) and over all reports: the share on site within
10 minutes, the mean and the 90th percentile time from report to on site (an issue not on
site by the horizon counting at its time open, as the KPIs); each compared by paired
differences (same demand in replication r of every variant).

    .venv/bin/python experiments/studies/equal_cost_rosters/run.py [--replications N] [--quick]
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import _common as C
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import PercentFormatter

from gridsim.model.roster import DayTypes
from gridsim.scenario import Scenario
from gridsim.scenario.roster import WEEKDAYS
from gridsim.stats.cost import staff_cost
from gridsim.views.plots import series_style

SCRIPT = "experiments/studies/equal_cost_rosters/run.py"
BASE, DAY, EVENING, NIGHT = "base", "day crew", "evening", "night"
VARIANTS = (BASE, DAY, EVENING, NIGHT)
EVENING_START, NIGHT_START = 18.0, 22.0
STEP_H = 5 / 60  # shift lengths to the nearest 5 minutes
TOLERANCE = 0.02  # (b) and (c) must cost what (a) costs within 2%
DAY_START, DAY_END = 8.5, 18.0  # the repair crews' day shift in the baseline
PERIODS = ("all", "office hours", "evening", "night", "weekend/holiday")
ISSUES = ("repair", "all problems")
METRICS = {
    "on_site_share": "on site within 10 min",
    "on_site_mean_min": "mean time to on site (min)",
    "on_site_p90_min": "p90 time to on site (min)",
}


def roster_cost(sc: Scenario) -> float:
    """CNY a year of the scenario's staff as rostered (no call-out hours)."""
    cal = sc.calendar
    return sum(
        staff_cost(sc, [], cal.warmup_days * C.DAY_MIN, cal.horizon_days * C.DAY_MIN).values()
    )


def end_of(start: float, hours: float) -> float:
    """The end hour of a shift (in (0, 24]: midnight is 24)."""
    end = start + hours
    return end - 24 if end > 24 else end


def with_crew_shift(base: Scenario, start: float, hours: float) -> Scenario:
    """The base with one more repair crew on duty from ``start`` for ``hours``, every day."""
    shifts = [s.model_dump() for s in base.staff.rosters["repair"]]
    extra = {"days": ["daily"], "start_hour": start, "end_hour": end_of(start, hours), "count": 1}
    return C.variant_of(base, {"staff.rosters.repair": [*shifts, extra]})


def solve_hours(make: Callable[[float], Scenario], target: float, base_cost: float) -> float:
    """The shift length (to STEP_H) whose extra cost is nearest ``target``: secant steps on
    the extra cost (piecewise linear in the hours: premiums start at set hours), then the
    nearer of the two steps around the root."""

    def gap(hours: float) -> float:
        return roster_cost(make(hours)) - base_cost - target

    h0, h1 = 4.0, 6.0
    g0, g1 = gap(h0), gap(h1)
    for _ in range(8):
        if abs(g1) < 1e-4 * target or g1 == g0:
            break
        h0, g0, h1 = h1, g1, min(23.0, max(STEP_H, h1 - g1 * (h1 - h0) / (g1 - g0)))
        g1 = gap(h1)
    steps = (np.floor(h1 / STEP_H) * STEP_H, np.ceil(h1 / STEP_H) * STEP_H)
    return float(min(steps, key=lambda h: abs(gap(h))))


def design(base: Scenario) -> tuple[dict[str, Scenario], pd.DataFrame]:
    """The four variants and their rostered costs (the shift lengths matched to (a))."""
    day = C.variant_of(base, {"staff.crews.repair": base.staff.crews.repair + 1})
    base_cost = roster_cost(base)
    target = roster_cost(day) - base_cost
    hours = {
        EVENING: solve_hours(lambda h: with_crew_shift(base, EVENING_START, h), target, base_cost),
        NIGHT: solve_hours(lambda h: with_crew_shift(base, NIGHT_START, h), target, base_cost),
    }
    variants = {
        BASE: base,
        DAY: day,
        EVENING: with_crew_shift(base, EVENING_START, hours[EVENING]),
        NIGHT: with_crew_shift(base, NIGHT_START, hours[NIGHT]),
    }
    rows = []
    for name, sc in variants.items():
        extra = roster_cost(sc) - base_cost
        rows.append(
            {
                "variant": name,
                "roster": roster_words(name, hours),
                "roster_cost": roster_cost(sc),
                "extra_cost": extra,
                "gap_to_day_crew": extra / target - 1 if name != BASE else np.nan,
            }
        )
    costs = pd.DataFrame(rows)
    gaps = costs["gap_to_day_crew"].abs().max()
    if gaps > TOLERANCE:
        raise SystemExit(f"the rosters' costs differ by {gaps:.1%} (> {TOLERANCE:.0%})")
    return variants, costs


def clock(hour: float) -> str:
    minutes = round(hour % 24 * 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def roster_words(name: str, hours: dict[str, float]) -> str:
    if name == BASE:
        return "as the baseline: 2 day crews on weekdays, 1 at weekends, 1 on call at night"
    if name == DAY:
        return "3 day crews on weekdays (8:30-18:00)"
    start = EVENING_START if name == EVENING else NIGHT_START
    return f"1 more crew {clock(start)}-{clock(start + hours[name])} every day"


def period_of(log: pd.DataFrame, sc: Scenario) -> np.ndarray:
    """Each report's period: office hours, evening, night or weekend/holiday (day)."""
    days = DayTypes(sc.calendar)
    working = np.array(
        [days.of(d) in WEEKDAYS[:5] for d in range(int(sc.calendar.horizon_days) + 1)]
    )
    t = log["reported_min"].to_numpy(float)
    hour = C.hour_of_day(t)
    day = working[(t // C.DAY_MIN).astype(int)]
    return np.select(
        [hour >= 18, hour < DAY_START, day],
        ["evening", "night", "office hours"],
        default="weekend/holiday",
    )


def metrics_of(sc: Scenario) -> Callable[[pd.DataFrame], dict[str, float]]:
    target = sc.targets.on_site_min
    horizon = sc.calendar.horizon_days * C.DAY_MIN

    def metrics(g: pd.DataFrame) -> dict[str, float]:
        to_site = g["on_site_min"].to_numpy(float) - g["reported_min"].to_numpy(float)
        return {
            "issues": float(len(g)),
            "on_site_share": C.share_within(to_site, target),
            "on_site_mean_min": C.mean_of(to_site),
            # report to the crews' queue: the intake (channel, triage in the hours of
            # whoever takes it), which no crew's roster shortens
            "queued_mean_min": C.mean_of(
                g["queued_min"].to_numpy(float) - g["reported_min"].to_numpy(float)
            ),
            **C.percentiles(to_site, C.time_open(g, horizon), {"on_site_p90_min": 90}),
        }

    return metrics


def issue_table(run: C.Run) -> pd.DataFrame:
    """Per variant, replication, issue set and period of report: the measures."""
    sc = run.scenario
    log = C.problems(C.in_window(run.issues, run))
    period = period_of(log, sc)
    repair = (log["kind"].astype(str) == "repair").to_numpy()
    parts = []
    for issues, which in zip(ISSUES, (repair, np.ones(len(log), bool)), strict=True):
        for name in PERIODS:
            sub = log[which & ((period == name) | (name == "all"))]
            t = C.per_replication(sub, [], metrics_of(sc))
            t.insert(2, "issues", issues)
            t.insert(3, "period", name)
            parts.append(t)
    cost = C.summary_kpi(run, "staff_cost_per_year").assign(issues="all problems", period="all")
    util = C.summary_kpi(run, "utilisation", "staff:repair").assign(issues="repair", period="all")
    table = pd.concat([*parts, cost, util], ignore_index=True)
    table["variant"] = table["variant"].astype(str)
    return table


def differences(table: pd.DataFrame) -> pd.DataFrame:
    """Paired differences (b - a) of every pair of variants, for every measure."""
    rows = []
    for a, b in combinations(VARIANTS, 2):
        for issues in ISSUES:
            for period in PERIODS:
                for metric in METRICS:
                    where = {"issues": issues, "period": period}
                    d = C.paired(table, a, b, metric, where)
                    means = {"first_mean": d.pop("a"), "second_mean": d.pop("b")}
                    rows.append({"first": a, "second": b, **where, "metric": metric, **means, **d})
    return pd.DataFrame(rows)


def by_period_figure(ci: pd.DataFrame, metric: str, title: str) -> Figure:
    """The measure by period of report, one bar per variant, for both issue sets."""
    fig = Figure(figsize=(10.0, 4.2), layout="constrained")
    axes = fig.subplots(1, 2, sharey=True)
    scale = 100.0 if metric.endswith("_share") else 1.0
    x = np.arange(len(PERIODS))
    for ax, issues in zip(axes, ISSUES, strict=True):
        for i, name in enumerate(VARIANTS):
            sel = ci[(ci.issues == issues) & (ci.metric == metric) & (ci.variant == name)]
            sel = sel.set_index("period").loc[list(PERIODS)]
            m, lo, hi = (sel[c].to_numpy(float) * scale for c in ("mean", "low", "high"))
            ax.bar(
                x + (i - 1.5) * 0.2,
                m,
                width=0.2,
                color=series_style(i).color,
                label=name,
                yerr=np.vstack([m - lo, hi - m]),
                capsize=2,
            )
        ax.set_xticks(x, [p.replace("/", "/\n") for p in PERIODS])
        ax.set_title(f"{issues.capitalize()}, by time of report")
        ax.spines[["top", "right"]].set_visible(False)
        ax.grid(True, axis="y", color="0.88", linewidth=0.6)
    if scale == 100.0:
        axes[0].yaxis.set_major_formatter(PercentFormatter(100, decimals=0))
    axes[0].set_ylabel(f"{METRICS[metric]}\nmean with 95% interval")
    fig.suptitle(title)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=4, frameon=False)
    return fig


def value(ci: pd.DataFrame, metric: str, variant: str, issues: str, period: str) -> str:
    row = C.lookup(ci, variant=variant, metric=metric, issues=issues, period=period)
    return C.pct(row) if metric.endswith("_share") else C.num(row)


def diff_cell(diffs: pd.DataFrame, a: str, b: str, metric: str, issues: str, period: str) -> str:
    row = C.lookup(diffs, first=a, second=b, metric=metric, issues=issues, period=period)
    scale, unit = (100.0, "pp") if metric.endswith("_share") else (1.0, "min")
    m, lo, hi = (row[k] * scale for k in ("diff", "low", "high"))
    mark = "" if (lo > 0 or hi < 0) else " (unclear)"
    return f"{m:+.1f} {unit} ({lo:+.1f} to {hi:+.1f}){mark}"


def cost_section(costs: pd.DataFrame, ci: pd.DataFrame) -> str:
    lines = [
        "## The rosters and their cost",
        "",
        "| variant | roster | rostered cost a year | extra over the base | vs the day crew "
        "| staff_cost_per_year of the runs (call-outs included) |",
        "|---|---|---|---|---|---|",
    ]
    for r in costs.itertuples(index=False):
        run_cost = C.lookup(
            ci, variant=r.variant, metric="staff_cost_per_year", issues="all problems", period="all"
        )
        gap = "" if r.variant == BASE else f"{r.gap_to_day_crew:+.2%}"
        lines.append(
            f"| {r.variant} | {r.roster} | {r.roster_cost:,.0f} CNY | {r.extra_cost:+,.0f} CNY "
            f"| {gap} | {run_cost['mean']:,.0f} CNY |"
        )
    return "\n".join(lines)


def measures_section(ci: pd.DataFrame, issues: str) -> str:
    lines = [
        f"## {issues.capitalize()}: by time of report (mean, 95% interval)",
        "",
        "| period | variant | issues a run | report to crews' queue | on site <= 10 min "
        "| mean to on site | p90 to on site |",
        "|---|---|---|---|---|---|---|",
    ]
    for period in PERIODS:
        for name in VARIANTS:
            n = C.lookup(ci, variant=name, metric="issues", issues=issues, period=period)
            queue = value(ci, "queued_mean_min", name, issues, period)
            cells = [queue, *(value(ci, m, name, issues, period) for m in METRICS)]
            lines.append(f"| {period} | {name} | {n['mean']:.0f} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def differences_section(diffs: pd.DataFrame, issues: str) -> str:
    lines = [
        f"## {issues.capitalize()}: paired differences (second minus first, 95% interval)",
        "",
        "| comparison | period | on site <= 10 min | mean to on site | p90 to on site |",
        "|---|---|---|---|---|",
    ]
    for a, b in combinations(VARIANTS, 2):
        for period in PERIODS:
            cells = [diff_cell(diffs, a, b, m, issues, period) for m in METRICS]
            lines.append(f"| {a} -> {b} | {period} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def answer(costs: pd.DataFrame, ci: pd.DataFrame, diffs: pd.DataFrame) -> str:
    """The headline in words, from the measured numbers."""
    extra = costs.set_index("variant")["extra_cost"]
    gap = costs["gap_to_day_crew"].abs().max()
    share = {
        v: C.lookup(ci, variant=v, metric="on_site_share", issues="repair", period="all")
        for v in VARIANTS
    }
    best = max(VARIANTS[1:], key=lambda v: share[v]["mean"])
    lines = ["## Answer", ""]
    lines.append(
        f"For about {extra[DAY]:,.0f} CNY a year more (the three rosters' rostered costs "
        f"within {gap:.2%} of each other), the share of repair issues on site within 10 "
        f"minutes goes from {C.pct(share[BASE])} to {C.pct(share[DAY])} with a third day "
        f"crew, {C.pct(share[EVENING])} with an evening crew and {C.pct(share[NIGHT])} with "
        f"a night crew: {best} buys the most."
    )
    intake = {
        p: C.lookup(ci, variant=BASE, metric="queued_mean_min", issues="repair", period=p)["mean"]
        / 60
        for p in PERIODS
    }
    lines.append(
        "- Why so little: a repair report reaches the crews' queue only after triage (by "
        "the grid worker, or the hall desk, in their hours). From the report, "
        f"that takes {intake['all']:.1f} h on average in the base: {intake['office hours']:.1f} h "
        f"for office-hour reports, {intake['evening']:.1f} h for evening, "
        f"{intake['night']:.1f} h for night and {intake['weekend/holiday']:.1f} h for "
        "weekend and holiday reports; a crew on duty in the evening or at night mostly has "
        "nothing triaged to go to (only urgent phone calls and the day's leftovers)."
    )
    for b in VARIANTS[1:]:
        lines.append(
            f"- base -> {b}: mean time to on site "
            f"{diff_cell(diffs, BASE, b, 'on_site_mean_min', 'repair', 'all')}, on site "
            f"within 10 min {diff_cell(diffs, BASE, b, 'on_site_share', 'repair', 'all')}."
        )
    for a, b in combinations(VARIANTS[1:], 2):
        lines.append(
            f"- {a} -> {b} (repair issues, all reports): on site within 10 min "
            f"{diff_cell(diffs, a, b, 'on_site_share', 'repair', 'all')}; mean "
            f"{diff_cell(diffs, a, b, 'on_site_mean_min', 'repair', 'all')}."
        )
    return "\n".join(lines)


def main() -> None:
    args = C.options(__doc__, default_replications=10)
    base = C.baseline(args)
    variants, costs = design(base)
    for r in costs.itertuples(index=False):
        print(f"{r.variant:>9}: {r.roster}; {r.roster_cost:,.0f} CNY a year ({r.extra_cost:+,.0f})")
    run = C.run(variants, args)
    run.scenario = base
    run.notes.append(
        "Rosters: " + "; ".join(f"{r.variant}: {r.roster}" for r in costs.itertuples(index=False))
    )
    table = issue_table(run)
    ci = C.intervals(table, ["issues", "period"])
    ci["variant"] = ci["variant"].astype(str)
    diffs = differences(table)
    files = [
        C.write_csv(ci, args, "results.csv"),
        C.write_csv(diffs, args, "differences.csv"),
        C.write_csv(costs, args, "costs.csv"),
    ]
    figures = {
        "fig_on_site_share_by_period.png": ("on_site_share", "Share on site within 10 minutes"),
        "fig_on_site_mean_by_period.png": ("on_site_mean_min", "Mean time to on site"),
    }
    files += [C.save(by_period_figure(ci, *what), args, name) for name, what in figures.items()]
    sections = [
        answer(costs, ci, diffs),
        cost_section(costs, ci),
        *(measures_section(ci, i) for i in ISSUES),
        *(differences_section(diffs, i) for i in ISSUES),
    ]
    files.append(C.write_findings(args, run, "Equal-cost rosters", sections, SCRIPT))
    C.done(args, files)


if __name__ == "__main__":
    main()
