"""Repair crews: how many repair crews meet the "三个一" targets all year?

Sweeps staff.crews.repair = 1..4 with the night on-call repair crew off and on (0/1) on the
baseline community, and measures from the issue log, for repair issues and for all problems
(every issue but volunteers' scheduled services, as gridsim's community KPIs), over the whole
year, the heating season (the months of demand.heating_season, by the month
of the report on the scenario's calendar) and the rest of the year:
- the share on site within 10 minutes of the report (every issue; never on site = a miss),
- the share of routine issues (the log's `routine` column: no rung above the grid worker)
  resolved within 1 hour,
- the 90th percentile time to on site (an issue not on site by the horizon counting at its
  time open, as the KPIs),
for all reports and for reports made in office hours (the crews' shift); and the day crews'
and the night on-call crew's utilisation (gridsim's staff:repair and staff:repair_on_call).

    .venv/bin/python experiments/studies/repair_crews/run.py [--replications N] [--quick]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import _common as C
import _hours as H
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator, PercentFormatter

from gridsim.experiment.sweep import design_variants, factorial
from gridsim.scenario import Scenario
from gridsim.views.plots import ecdf_figure, series_style

CREWS = (1, 2, 3, 4)
ON_CALL = (0, 1)
SCRIPT = "experiments/studies/repair_crews/run.py"
PERIODS = ("all year", "heating season", "rest of year")
STAFF_KPIS = (
    ("utilisation", "staff:repair"),
    ("utilisation", "staff:repair_on_call"),
    ("staff_cost_per_year", "community"),
    ("staff_cost_per_year", "staff:repair"),
    ("staff_cost_per_year", "staff:repair_on_call"),
)
"""The staff KPIs of each variant: the crews' utilisation and what the staff cost a year."""
METRIC_WORDS = {
    "on_site_share": "repair issues on site within 10 min",
    "resolved_share": "routine repair issues resolved within 1 h",
    "on_site_p90_min": "90th percentile time to on site",
}


def label(crews: int, on_call: int) -> str:
    return f"{crews} crew{'s' if crews > 1 else ''}, on-call {on_call}"


def metrics_of(sc):
    targets = sc.targets
    # The quickest possible first response: triage and setting off, no travel at all.
    fastest = sc.staff.triage_min + sc.community.travel.overhead_min
    horizon = sc.calendar.horizon_days * C.DAY_MIN

    def metrics(g: pd.DataFrame) -> dict[str, float]:
        rep = g["reported_min"].to_numpy(float)
        to_site = g["on_site_min"].to_numpy(float) - rep
        to_done = g["resolved_min"].to_numpy(float) - rep
        wait = (g["dispatched_min"] - g["queued_min"]).to_numpy(float)
        missed = ~(to_site <= targets.on_site_min) & ~np.isnan(wait)
        routine = g["routine"].to_numpy(bool)  # needs no rung above the grid worker
        return {
            "issues": float(len(g)),
            "on_site_share": C.share_within(to_site, targets.on_site_min),
            "resolved_share": C.share_within(to_done[routine], targets.routine_resolved_min),
            # not on site by the horizon: counted at its time open, as the KPIs
            **C.percentiles(to_site, C.time_open(g, horizon), {"on_site_p90_min": 90}),
            "on_site_mean_min": C.mean_of(to_site),
            # from the report to the crew's queue: the wait for triage (grid worker or desk)
            "intake_mean_min": C.mean_of(g["queued_min"].to_numpy(float) - rep),
            # of the issues that missed the on-site target, the share that never waited for
            # a crew: the trip itself was too long
            "miss_without_wait_share": float(np.mean(wait[missed] < 1e-6))
            if missed.any()
            else float("nan"),
            # resolved within 1 h if a crew were free at the door at once: the ceiling the
            # work-time assumption sets, whatever the staffing
            "resolved_ceiling_share": C.share_within(
                fastest + g["work_min"].to_numpy(float)[routine], targets.routine_resolved_min
            ),
        }

    return metrics


def issue_table(run: C.Run) -> pd.DataFrame:
    """Per point, replication, issue set, period and report hours: the target shares."""
    sc = run.scenario
    log = C.in_window(run.issues, run)
    month = C.months(log["reported_min"], sc.calendar.start_date)
    heating = np.isin(month, sc.demand.heating_season.months)
    # office hours: the repair crews' roster (weekdays all crews, weekends and holidays one)
    office = H.on_duty(sc, "repair", log["reported_min"].to_numpy(float))
    weekday = H.day_kind(sc, log["reported_min"].to_numpy(float)) == "weekday"
    repair = (log["kind"].astype(str) == "repair").to_numpy()
    problem = (log["handler"].astype(str) != C.SERVICE_HANDLER).to_numpy()
    parts = []
    for issues, which in (("repair", repair), ("all", problem)):
        for period, when in zip(PERIODS, (np.ones(len(log), bool), heating, ~heating), strict=True):
            for hours, inside in (
                ("any time", np.ones(len(log), bool)),
                ("office hours", office),
                ("office hours, weekdays", office & weekday),
                ("office hours, weekends and holidays", office & ~weekday),
            ):
                sub = log[which & when & inside]
                if len(sub) == 0:
                    continue
                t = C.per_replication(sub, [], metrics_of(sc))
                t.insert(2, "issues", issues)
                t.insert(3, "period", period)
                t.insert(4, "reported", hours)
                parts.append(t)
    return pd.concat(parts, ignore_index=True)


def check_against_summary(run: C.Run, table: pd.DataFrame) -> str:
    """The issue-log shares must equal the run's own KPIs (same window, same rule, same
    issues: the community scope leaves out volunteers' scheduled services, as "all" does)."""
    worst = 0.0
    pairs = (
        ("on_site_share", "target_on_site_share"),
        ("resolved_share", "target_resolved_share"),
        ("on_site_p90_min", "on_site_p90_min"),
        (f"on_site_p90_min{C.REACHED}", "on_site_p90_reached"),
    )
    for issues, scope in (("all", "community"), ("repair", "kind:repair")):
        for mine_name, kpi_name in pairs:
            mine = table[
                (table.issues == issues)
                & (table.period == "all year")
                & (table.reported == "any time")
                & (table.metric == mine_name)
            ]
            kpi = C.summary_kpi(run, kpi_name, scope)
            both = mine.merge(kpi, on=["variant", "replication"], suffixes=("", "_kpi"))
            if len(both) != len(kpi):
                raise AssertionError(f"{kpi_name} [{scope}]: replications do not match")
            worst = max(worst, float(np.max(np.abs(both["value"] - both["value_kpi"]))))
    if worst > 1e-9:
        raise AssertionError(f"issue-log metrics differ from the KPIs by {worst}")
    return (
        "Check: the all-year shares and p90 computed here from the issue log equal gridsim's "
        "own KPIs (target_on_site_share, target_resolved_share, on_site_p90_min and its "
        "reached flag, scopes community and kind:repair; "
        "both sides leave volunteers' scheduled services out of the community) "
        f"to {worst:.0e}."
    )


def shares_figure(ci: pd.DataFrame, scope: dict, title: str) -> Figure:
    """Two panels (on site within 10 min; routine resolved within 1 h) against the crews."""
    fig = Figure(figsize=(9.0, 4.4), layout="constrained")
    axes = fig.subplots(1, 2, sharey=True)
    series = [(p, 1) for p in PERIODS] + [("all year", 0)]
    for ax, metric in zip(axes, ("on_site_share", "resolved_share"), strict=True):
        for i, (period, on_call) in enumerate(series):
            sel = ci[(ci.metric == metric) & (ci.period == period) & (ci.on_call == on_call)]
            for k, v in scope.items():
                sel = sel[sel[k] == v]
            sel = sel.sort_values("crews")
            x = sel["crews"].to_numpy(float) + (i - 1.5) * 0.05
            m, lo, hi = (sel[c].to_numpy(float) * 100 for c in ("mean", "low", "high"))
            style = series_style(i)
            name = f"{period}, night on-call {'on' if on_call else 'off'}"
            ax.errorbar(
                x,
                m,
                yerr=np.vstack([m - lo, hi - m]),
                capsize=3,
                label=name,
                color=style.color,
                linestyle=style.linestyle,
                marker=style.marker,
                markerfacecolor="white",
                linewidth=1.4,
            )
        ax.set_ylim(0, 100)
        ax.yaxis.set_major_formatter(PercentFormatter(100, decimals=0))
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel("repair crews on the day shift (staff.crews.repair)")
        ax.set_title(METRIC_WORDS[metric].replace("repair issues ", "").capitalize())
        ax.spines[["top", "right"]].set_visible(False)
        ax.grid(True, color="0.88", linewidth=0.6)
    axes[0].set_ylabel("repair issues meeting the target (%)\nmean with 95% interval")
    fig.suptitle(title)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=2, frameon=False)
    return fig


def p90_figure(ci: pd.DataFrame) -> Figure:
    """p90 of time to on site against crews: all reports and office-hour reports."""
    fig = Figure(figsize=(9.0, 4.4), layout="constrained")
    axes = fig.subplots(1, 2)
    series = [(p, 1) for p in PERIODS] + [("all year", 0)]
    for ax, hours in zip(axes, ("any time", "office hours"), strict=True):
        for i, (period, on_call) in enumerate(series):
            sel = ci[
                (ci.metric == "on_site_p90_min")
                & (ci.period == period)
                & (ci.on_call == on_call)
                & (ci.issues == "repair")
                & (ci.reported == hours)
            ].sort_values("crews")
            x = sel["crews"].to_numpy(float) + (i - 1.5) * 0.05
            m, lo, hi = (sel[c].to_numpy(float) for c in ("mean", "low", "high"))
            style = series_style(i)
            ax.errorbar(
                x,
                m,
                yerr=np.vstack([m - lo, hi - m]),
                capsize=3,
                label=f"{period}, night on-call {'on' if on_call else 'off'}",
                color=style.color,
                linestyle=style.linestyle,
                marker=style.marker,
                markerfacecolor="white",
                linewidth=1.4,
            )
        ax.axhline(10, color="0.55", linewidth=3, alpha=0.8, zorder=1.5)
        ax.set_ylim(bottom=0)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel("repair crews on the day shift (staff.crews.repair)")
        when = "at any time" if hours == "any time" else "in the crews' hours"
        ax.set_title(f"Repair issues reported {when}")
        ax.spines[["top", "right"]].set_visible(False)
        ax.grid(True, color="0.88", linewidth=0.6)
    axes[0].set_ylabel("90th percentile time from report\nto on site (minutes), 95% interval")
    fig.suptitle("90th percentile time to on site (grey line: the 10-minute target)")
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=2, frameon=False)
    return fig


def findings(ci: pd.DataFrame, table: pd.DataFrame, check: str, sc: Scenario) -> list[str]:
    def row(metric, crews, on_call=1, period="all year", issues="repair", reported="any time"):
        return C.lookup(
            ci,
            metric=metric,
            crews=crews,
            on_call=on_call,
            period=period,
            issues=issues,
            reported=reported,
        )

    out = [answer(ci, table, row, sc)]
    lines = [
        "## Repair issues, night on-call crew on (as the baseline)",
        "",
        "| crews | period | on site <= 10 min | routine resolved <= 1 h | p90 to on site "
        "| p90, office-hour reports | mean wait for triage | day crews' utilisation "
        "| on-call crew's utilisation | staff cost a year (community) |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for crews in CREWS:
        for period in PERIODS:
            staff = [
                C.pct(row(f"utilisation [{scope}]", crews, issues="all")) if period == PERIODS[0]
                else ""
                for scope in ("staff:repair", "staff:repair_on_call")
            ]  # fmt: skip
            cost = row("staff_cost_per_year", crews, issues="all")
            staff.append(C.num(cost, "CNY") if period == PERIODS[0] else "")
            p90_office = row("on_site_p90_min", crews, period=period, reported="office hours")
            lines.append(
                f"| {crews} | {period} | {C.pct(row('on_site_share', crews, period=period))} "
                f"| {C.pct(row('resolved_share', crews, period=period))} "
                f"| {C.num(row('on_site_p90_min', crews, period=period))} "
                f"| {C.num(p90_office, digits=1)} "
                f"| {C.num(row('intake_mean_min', crews, period=period))} | "
                + " | ".join(staff)
                + " |"
            )
    lines += [
        "",
        "Office hours are the repair crews' roster (staff.rosters.repair: every day "
        "8:30-18:00, all crews on weekdays, one at weekends and on holidays). The wait for "
        "triage is the mean time from the report to the crew's queue (the grid worker or the "
        "hall's desk triages, in their hours). Utilisation is busy time over on-duty time, all "
        "year: gridsim's staff:repair KPI (the day crews) and staff:repair_on_call (the night "
        "on-call crew); the cost is gridsim's staff_cost_per_year of the community.",
    ]
    out.append("\n".join(lines))

    lines = [
        "## Repair issues reported in the repair crews' hours, on-call on",
        "",
        "| crews | period | on site <= 10 min | routine resolved <= 1 h "
        "| on site <= 10 min, weekdays | on site <= 10 min, weekends and holidays "
        "| mean wait for triage, weekdays | weekends and holidays |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for crews in CREWS:
        for period in PERIODS:
            on = row("on_site_share", crews, period=period, reported="office hours")
            res = row("resolved_share", crews, period=period, reported="office hours")
            cells = [C.pct(on), C.pct(res)]
            days = ("office hours, weekdays", "office hours, weekends and holidays")
            cells += [C.pct(row("on_site_share", crews, period=period, reported=d)) for d in days]
            cells += [C.num(row("intake_mean_min", crews, period=period, reported=d)) for d in days]
            lines.append(f"| {crews} | {period} | " + " | ".join(cells) + " |")
    out.append("\n".join(lines))

    lines = [
        '## All problems of the community (the headline "三个一" KPIs), on-call on',
        "",
        "Every issue but volunteers' scheduled services (care visits, micro wishes), which "
        "gridsim's community KPIs leave out.",
        "",
        "| crews | period | on site <= 10 min | routine resolved <= 1 h |",
        "|---|---|---|---|",
    ]
    for crews in CREWS:
        for period in PERIODS:
            on = row("on_site_share", crews, period=period, issues="all")
            res = row("resolved_share", crews, period=period, issues="all")
            lines.append(f"| {crews} | {period} | {C.pct(on)} | {C.pct(res)} |")
    out.append("\n".join(lines))

    return [*out, gains(table), check]


def answer(ci: pd.DataFrame, table: pd.DataFrame, row, sc: Scenario) -> str:
    """The headline, in words, from the measured numbers."""
    every = row("issues", 2)["mean"]
    office = row("issues", 2, reported="office hours")["mean"]
    ceiling = row("resolved_ceiling_share", 2)
    weekdays, weekends = "office hours, weekdays", "office hours, weekends and holidays"
    lines = ["## Answer", ""]
    lines.append(
        "No number of repair crews from 1 to 4 meets the targets all year. With "
        + ", ".join(
            f"{c} crew{'s' if c > 1 else ''} {C.pct(row('on_site_share', c))}" for c in CREWS
        )
        + " of repair issues are on site within 10 minutes over the year (night on-call on)."
    )
    lines.append("")
    lines.append(
        "- The wait for triage now sets the time to on site: a repair report reaches a crew's "
        f"queue after {C.num(row('intake_mean_min', 2))} on average "
        f"({C.num(row('intake_mean_min', 2, reported=weekdays))} if made in the crews' hours "
        f"on a weekday, {C.num(row('intake_mean_min', 2, reported=weekends))} at weekends and "
        "on holidays), because the grid worker triages only in their hours "
        f"({H.shifts_text(sc, 'grid_worker')}) and the hall's duty desk in its hours "
        f"({H.shifts_text(sc, 'hall')}); only urgent reports on the duty line go straight "
        "to the on-call crew."
    )
    lines.append(
        f"- {office / every:.0%} of repair reports come in the crews' hours (8:30-18:00 every "
        "day). More crews help only on weekdays: on site within 10 min of a weekday report "
        "in the crews' hours "
        + ", ".join(f"{C.pct(row('on_site_share', c, reported=weekdays))}" for c in CREWS)
        + " for 1-4 crews; weekends and holidays keep one crew whatever staff.crews.repair "
        "says (the roster's count), and stay at "
        + ", ".join(f"{row('on_site_share', c, reported=weekends)['mean']:.0%}" for c in CREWS)
        + "."
    )
    cost = table[table.metric == "staff_cost_per_year"]
    extra = C.paired(cost, label(2, 1), label(3, 1), "staff_cost_per_year")
    night = C.paired(cost, label(2, 0), label(2, 1), "staff_cost_per_year")
    rep = table[
        (table.issues == "repair") & (table.period == "all year") & (table.reported == "any time")
    ]
    gain = C.paired(rep, label(2, 1), label(3, 1), "on_site_share")
    lines.append(
        f"- A third crew costs {C.diff_text(extra, 'CNY a year', digits=0)} (staff cost of "
        f"the community, {C.num(row('staff_cost_per_year', 2, issues='all'), 'CNY', 0)} with "
        f"two) and buys {C.diff_text(gain, 'pp', 100)} of repair issues on site within 10 "
        f"min; the night on-call crew costs {C.diff_text(night, 'CNY a year', digits=0)}."
    )
    lines.append(
        "- Routine repairs resolved within 1 hour: at most "
        f"{C.pct(ceiling)} could be even with a crew free at once and no trip "
        "(the assumed work time, lognormal with mean 50 min, decides it); 4 crews reach "
        f"{C.pct(row('resolved_share', 4, reported='office hours'))} of reports in the crews' "
        f"hours and {C.pct(row('resolved_share', 4))} of all."
    )
    return "\n".join(lines)


def gains(table: pd.DataFrame) -> str:
    """Paired differences (same demand) between neighbouring crew counts, and of on-call."""
    rep = table[
        (table.issues == "repair") & (table.period == "all year") & (table.reported == "any time")
    ]
    lines = [
        "## What each change buys (repair issues, all year, paired by replication)",
        "",
        "| change | on site <= 10 min | routine resolved <= 1 h | p90 to on site "
        "| staff cost a year |",
        "|---|---|---|---|---|",
    ]
    cost = table[table.metric == "staff_cost_per_year"]
    changes = [(label(c, 1), label(c + 1, 1)) for c in CREWS[:-1]]
    changes += [(label(c, 0), label(c, 1)) for c in CREWS]
    for a, b in changes:
        on = C.paired(rep, a, b, "on_site_share")
        res = C.paired(rep, a, b, "resolved_share")
        p90 = C.paired(rep, a, b, "on_site_p90_min")
        money = C.paired(cost, a, b, "staff_cost_per_year")
        lines.append(
            f"| {a} -> {b} | {C.diff_text(on, 'pp', 100)} "
            f"| {C.diff_text(res, 'pp', 100)} | {C.diff_text(p90, 'min')} "
            f"| {C.diff_text(money, 'CNY', digits=0)} |"
        )
    return "\n".join(lines)


def main() -> None:
    args = C.options(__doc__)
    base = C.baseline(args)
    points = factorial({"staff.crews.repair": list(CREWS), "staff.on_call.repair": list(ON_CALL)})
    designed, design = design_variants(base, points)
    names = {d["point"]: label(d["staff.crews.repair"], d["staff.on_call.repair"]) for d in design}
    variants = {names[p]: sc for p, sc in designed.items()}
    run = C.run(variants, args)
    run.scenario = variants[label(2, 1)]
    run.notes.append(
        "Design: staff.crews.repair = 1, 2, 3, 4 x staff.on_call.repair = 0, 1 "
        "(full factorial, gridsim.experiment.sweep.factorial)."
    )

    table = issue_table(run)
    staff = [
        C.summary_kpi(run, kpi, scope).assign(issues="all", period="all year", reported="any time")
        for kpi, scope in STAFF_KPIS
    ]
    table = pd.concat([table, *staff], ignore_index=True)
    params = pd.DataFrame(
        [
            {
                "variant": names[d["point"]],
                "crews": d["staff.crews.repair"],
                "on_call": d["staff.on_call.repair"],
            }
            for d in design
        ]
    )
    keys = ["issues", "period", "reported"]
    ci = C.intervals(table, keys)
    ci["variant"] = ci["variant"].astype(str)
    ci = params.merge(ci, on="variant")
    table["variant"] = table["variant"].astype(str)
    table = params.merge(table, on="variant")
    check = check_against_summary(run, table)

    files = [C.write_csv(ci, args, "results.csv")]
    files.append(
        C.save(
            shares_figure(
                ci,
                {"issues": "repair", "reported": "any time"},
                "Repair issues meeting the on-site and resolution targets",
            ),
            args,
            "fig_targets_vs_crews.png",
        )
    )
    files.append(C.save(p90_figure(ci), args, "fig_p90_vs_crews.png"))
    log = run.issues[
        (run.issues["kind"].astype(str) == "repair")
        & run.issues["variant"].isin([label(c, 1) for c in CREWS])
    ].copy()
    log["variant"] = log["variant"].cat.remove_unused_categories()
    fig = ecdf_figure(log, "on_site", "variant", warmup_min=run.warmup_min)
    fig.axes[0].set_title("Repair issues: time to on site (night on-call on)")
    files.append(C.save(fig, args, "fig_ecdf_on_site_repair.png"))
    files.append(
        C.write_findings(
            args, run, "Repair crews", findings(ci, table, check, run.scenario), SCRIPT
        )
    )
    C.done(args, files)


if __name__ == "__main__":
    main()
