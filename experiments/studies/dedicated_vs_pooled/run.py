"""Dedicated vs pooled vs nearest crews: which dispatch rule gets crews on site sooner?

Runs the baseline with policy.dispatch = pooled (the baseline), dedicated and nearest on the
same random demand, compares the headline KPIs paired by replication (gridsim's `compare`,
`verdict_text` and `rank`), and from the issue log measures, for the issues the four crew
colours answer (repair, cleaning, patrol, fire), the time to on site and the trip time, in
the whole community and per grid, for all reports and for reports made in office hours:
while both the issue's crew colour (its roster) and the grid workers who triage it (theirs)
are on duty, so that the crews, not the wait for triage or for a shift, are what is compared.

    .venv/bin/python experiments/studies/dedicated_vs_pooled/run.py [--replications N] [--quick]
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import _common as C
import _hours as H
import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.cm import ScalarMappable
from matplotlib.colors import Normalize
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from gridsim.experiment.studies import HEADLINE_KPIS
from gridsim.stats.compare import compare, rank, verdict_text
from gridsim.views.plots import ecdf_figure

SCRIPT = "experiments/studies/dedicated_vs_pooled/run.py"
RULES = ("pooled", "dedicated", "nearest")


def crew_issues(run: C.Run, office_only: bool, channel: str | None = None) -> pd.DataFrame:
    """Issues answered by a crew colour, reported in the window (and in office hours, and
    by ``channel``)."""
    log = C.in_window(run.issues, run)
    log = log[log["handler"].astype(str).isin(C.CREW_HANDLERS).to_numpy()]
    if channel is not None:
        log = log[(log["channel"].astype(str) == channel).to_numpy()]
    if office_only:
        sc, t = run.scenario, log["reported_min"].to_numpy(float)
        log = log[H.on_duty(sc, "grid_worker", t) & H.handlers_on_duty(sc, log["handler"], t)]
    return log


def metrics_of(target: float, horizon: float):
    def metrics(g: pd.DataFrame) -> dict[str, float]:
        to_site = (g["on_site_min"] - g["reported_min"]).to_numpy(float)
        trip = (g["on_site_min"] - g["dispatched_min"]).to_numpy(float)
        return {
            "issues": float(len(g)),
            "on_site_share": C.share_within(to_site, target),
            "on_site_mean_min": C.mean_of(to_site),
            # not on site by the horizon: counted at its time open, as the KPIs
            **C.percentiles(to_site, C.time_open(g, horizon), {"on_site_p90_min": 90}),
            "trip_mean_min": C.mean_of(trip),
        }

    return metrics


def issue_table(run: C.Run) -> pd.DataFrame:
    target = run.scenario.targets.on_site_min
    metrics = metrics_of(target, run.horizon_min)
    parts = []
    sets = (
        ("any time", False, None),
        ("office hours", True, None),
        ("office hours, found on patrol", True, "patrol"),
    )
    for reported, office, channel in sets:
        log = crew_issues(run, office, channel)
        community = C.per_replication(log, [], metrics).assign(grid="community")
        grids = C.per_replication(log, ["grid"], metrics)
        both = pd.concat([community, grids], ignore_index=True)
        both["grid"] = both["grid"].astype(str)
        parts.append(both.assign(reported=reported))
    return pd.concat(parts, ignore_index=True)


def map_figure(ci: pd.DataFrame, grids, metric: str, reported: str, title: str) -> Figure:
    """One panel per rule, grids as squares at their positions, one shared colour scale
    (cividis, as gridsim's community map), the value written in each square."""
    sel = ci[(ci.metric == metric) & (ci.reported == reported) & (ci.grid != "community")]
    values = {(r.variant, r.grid): r.mean for r in sel.itertuples()}
    norm = Normalize(float(sel["mean"].min()), float(sel["mean"].max()))
    cmap = colormaps["cividis"]
    fig = Figure(figsize=(11.0, 4.3), layout="constrained")
    axes = fig.subplots(1, len(RULES))
    side = 0.9 * 0.25
    for ax, rule in zip(axes, RULES, strict=True):
        for g in grids:
            v = values.get((rule, g.name), math.nan)
            face = cmap(norm(v)) if not math.isnan(v) else (0.9, 0.9, 0.9, 1)
            ax.add_patch(
                Rectangle(
                    (g.x_km - side / 2, g.y_km - side / 2),
                    side,
                    side,
                    facecolor=face,
                    edgecolor="white",
                )
            )
            lum = 0.2126 * face[0] + 0.7152 * face[1] + 0.0722 * face[2]
            ax.text(
                g.x_km,
                g.y_km,
                f"{g.name[-2:]}\n{v:.0f} min",
                ha="center",
                va="center",
                fontsize=7.5,
                color="black" if lum > 0.45 else "white",
            )
        xs = [g.x_km for g in grids]
        ys = [g.y_km for g in grids]
        ax.set_xlim(min(xs) - 0.2, max(xs) + 0.2)
        ax.set_ylim(min(ys) - 0.2, max(ys) + 0.2)
        ax.set_aspect("equal")
        ax.set_title(rule)
        ax.set_xlabel("east (km)")
        ax.spines[["top", "right"]].set_visible(False)
    axes[0].set_ylabel("north (km)")
    fig.colorbar(
        ScalarMappable(norm=norm, cmap=cmap),
        ax=axes,
        shrink=0.8,
        label="mean over replications (minutes)",
    )
    fig.suptitle(title)
    return fig


def findings(run: C.Run, table: pd.DataFrame, ci: pd.DataFrame) -> list[str]:
    out = []
    kpis = list(HEADLINE_KPIS)
    cmp = compare(run.summary, "pooled", ["dedicated", "nearest"], kpis=kpis)
    scoped = [
        compare(
            run.summary,
            "pooled",
            ["dedicated", "nearest"],
            scope=scope,
            kpis=["on_site_mean_min", "on_site_p90_min", "target_on_site_share"],
        )
        for scope in ("kind:repair", "kind:sanitation", "kind:order")
    ]
    table_cmp = pd.concat([cmp, *scoped], ignore_index=True)

    def row(metric, variant, grid="community", reported="office hours"):
        return C.lookup(ci, metric=metric, variant=variant, grid=grid, reported=reported)

    def diff(metric, b, grid="community", reported="office hours"):
        return C.paired(table, "pooled", b, metric, {"grid": grid, "reported": reported})

    d_p90 = diff("on_site_p90_min", "dedicated")
    n_share = C.paired(
        table, "pooled", "nearest", "on_site_share", {"grid": "community", "reported": "any time"}
    )
    grids = [g.name for g in run.scenario.community.grids]
    by_grid = [diff("on_site_p90_min", "dedicated", g) for g in grids]
    worse, better = sum(d["low"] > 0 for d in by_grid), sum(d["high"] < 0 for d in by_grid)
    lines = ["## Answer", ""]
    lines.append(
        "Pooled or nearest, not dedicated. Splitting the crews into areas (dedicated) "
        "lengthens the 90th percentile time to on site of office-hour reports to crews from "
        f"{d_p90['a']:.1f} to {d_p90['b']:.1f} minutes "
        f"({C.diff_text(d_p90, 'min')}): clearly longer in {worse} of the {len(grids)} "
        f"grids, clearly shorter in {better}; the shorter trips "
        f"(mean trip {row('trip_mean_min', 'pooled')['mean']:.2f} -> "
        f"{row('trip_mean_min', 'dedicated')['mean']:.2f} min) do not make up for a busy "
        "area that cannot borrow the idle crew of the next one. Sending the nearest idle "
        "crew instead of the longest-idle one raises the share of crew issues on site "
        f"within 10 minutes by {C.diff_text(n_share, 'pp', 100)} and leaves the tail as it is."
    )
    out.append("\n".join(lines))

    lines = ["## Paired comparisons with pooled (gridsim compare + verdict_text)", ""]
    lines += [f"- {verdict_text(r)}" for _, r in table_cmp.iterrows() if r["n"]]
    out.append("\n".join(lines))

    lines = ["## Ranking (gridsim rank, Bonferroni-adjusted paired intervals against the best)", ""]
    for kpi in ("target_on_site_share", "on_site_mean_min", "on_site_p90_min"):
        r = rank(run.summary, list(RULES), kpi)
        words = []
        for x in r.itertuples():
            tell = "best" if x.rank == 1 else "distinguishable" if x.distinguishable else "tied"
            words.append(f"{x.variant} ({x.mean:.3g}, {tell})")
        order = ", ".join(words)
        lines.append(f"- {kpi}: {order}")
    out.append("\n".join(lines))

    lines = [
        "## Crew issues (repair, cleaning, patrol, fire) from the issue log",
        "",
        "| rule | reported | on site <= 10 min | mean to on site | p90 to on site | mean trip |",
        "|---|---|---|---|---|---|",
    ]
    for reported in ("any time", "office hours"):
        for rule in RULES:
            lines.append(
                f"| {rule} | {reported} | {C.pct(row('on_site_share', rule, reported=reported))} "
                f"| {C.num(row('on_site_mean_min', rule, reported=reported), digits=1)} "
                f"| {C.num(row('on_site_p90_min', rule, reported=reported), digits=1)} "
                f"| {C.num(row('trip_mean_min', rule, reported=reported), digits=2)} |"
            )
    lines += [
        "",
        "Office hours: the issue's crew colour (staff.rosters) and the grid workers, who "
        "triage it (weekdays 9-12 and 14:30-18), are both on duty when it is reported.",
    ]
    out.append("\n".join(lines))

    lines = [
        "## Which grids suffer: p90 time to on site of office-hour crew issues, per grid",
        "",
        "Paired difference with pooled (minutes, 95% interval).",
        "",
        "| grid | pooled | dedicated | dedicated - pooled | nearest | nearest - pooled |",
        "|---|---|---|---|---|---|",
    ]
    worst = []
    for g in run.scenario.community.grids:
        dd = diff("on_site_p90_min", "dedicated", g.name)
        dn = diff("on_site_p90_min", "nearest", g.name)
        worst.append((dd["diff"], g.name))
        lines.append(
            f"| {g.name} | {C.num(row('on_site_p90_min', 'pooled', g.name), digits=1)} "
            f"| {C.num(row('on_site_p90_min', 'dedicated', g.name), digits=1)} "
            f"| {C.diff_text(dd, 'min')} "
            f"| {C.num(row('on_site_p90_min', 'nearest', g.name), digits=1)} "
            f"| {C.diff_text(dn, 'min')} |"
        )
    worst.sort(reverse=True)
    lines += [
        "",
        "Largest losses under dedicated: "
        + ", ".join(f"{n} (+{d:.1f} min)" for d, n in worst[:4])
        + ".",
    ]
    found = ci[
        (ci.metric == "on_site_p90_min")
        & (ci.variant == "pooled")
        & (ci.reported == "office hours, found on patrol")
        & (ci.grid != "community")
    ].sort_values("grid")
    pooled = ci[
        (ci.metric == "on_site_p90_min")
        & (ci.variant == "pooled")
        & (ci.reported == "office hours")
        & (ci.grid != "community")
    ]
    order = np.corrcoef(np.arange(len(found)), found["mean"].rank().to_numpy())[0, 1]
    lines += [
        "",
        "Under pooled the p90 per grid runs from "
        f"{pooled['mean'].min():.1f} to {pooled['mean'].max():.1f} minutes. Problems found on "
        "patrol are reported as the grid worker passes the household, so the 16 rounds' "
        "finds reach the crews spread over the round rather than all at once in grid order. "
        "The p90 time to on site of office-hour crew issues found on patrol, under pooled, "
        "per grid: "
        + ", ".join(f"{r.grid[-2:]}: {r.mean:.0f}" for r in found.itertuples())
        + f" min (rank correlation with the grid's number {order:+.2f}).",
    ]
    out.append("\n".join(lines))

    lines = [
        "## Work per crew (jobs answered in the window, mean per replication)",
        "",
        "| crew | " + " | ".join(RULES) + " |",
        "|---|" + "---|" * len(RULES),
    ]
    log = crew_issues(run, False)
    jobs = log.groupby(["variant", "crew"], observed=True).size() / run.replications
    jobs = jobs.unstack(0)
    for crew, r in jobs.iterrows():
        lines.append(f"| {crew} | " + " | ".join(f"{r.get(v, 0):.0f}" for v in RULES) + " |")
    day = [c for c in jobs.index if str(c).startswith("repair-") and "on-call" not in str(c)]
    lines += [
        "",
        "Under pooled the day repair crews answer "
        + " and ".join(f"{jobs.loc[c, 'pooled']:.0f}" for c in day)
        + " jobs a year: the longest idle goes first, across days as within them.",
    ]
    out.append("\n".join(lines))
    return out


def main() -> None:
    args = C.options(__doc__)
    base = C.baseline(args)
    variants = {rule: C.variant_of(base, {"policy.dispatch": rule}) for rule in RULES}
    run = C.run(variants, args)

    table = issue_table(run)
    ci = C.intervals(table, ["grid", "reported"])
    ci["variant"] = ci["variant"].astype(str)
    table["variant"] = table["variant"].astype(str)

    files = [C.write_csv(ci, args, "results.csv")]
    cmp = compare(run.summary, "pooled", ["dedicated", "nearest"], kpis=list(HEADLINE_KPIS))
    cmp["verdict_text"] = [verdict_text(r) for _, r in cmp.iterrows()]
    files.append(C.write_csv(cmp, args, "comparison.csv"))

    log = crew_issues(run, False)
    fig = ecdf_figure(log, "on_site", "variant", warmup_min=run.warmup_min)
    fig.axes[0].set_title("Crew issues (repair, cleaning, patrol, fire): time to on site")
    files.append(C.save(fig, args, "fig_ecdf_on_site.png"))
    office = crew_issues(run, True)
    fig = ecdf_figure(office, "on_site", "variant", warmup_min=run.warmup_min, log_x=False)
    ax = fig.axes[0]
    ax.set_xlim(0, 60)
    ax.set_title("Crew issues reported in office hours (first hour)")
    files.append(C.save(fig, args, "fig_ecdf_on_site_office_hours.png"))

    grids = run.scenario.community.grids
    title = "90th percentile time to on site of crew issues reported in office hours, per grid"
    files.append(
        C.save(
            map_figure(ci, grids, "on_site_p90_min", "office hours", title),
            args,
            "fig_map_p90_office_hours.png",
        )
    )
    title = "90th percentile time to on site of all crew issues, per grid"
    files.append(
        C.save(
            map_figure(ci, grids, "on_site_p90_min", "any time", title), args, "fig_map_p90_all.png"
        )
    )
    sections = findings(run, table, ci)
    files.append(C.write_findings(args, run, "Dedicated vs pooled vs nearest", sections, SCRIPT))
    C.done(args, files)


if __name__ == "__main__":
    main()
