"""Satisfaction per yuan: which change raises the satisfaction rate most per yuan?

Candidate changes to the baseline community (`scenarios/baseline.yaml`, work orders on), each
run on the same random demand as the base (common random numbers):
- the ready-made policies of scenarios/policies/ about work orders (shorter deadlines, a
  weekly overdue review, the call-back by the hall, grid leaders who may spend 5,000 CNY)
  and the weekly joint meeting, read from their files' `set:` blocks;
- staff: one more repair crew (its policy file), one more committee member, the hall's duty
  desk open longer (weekdays 9:00-18:00 without the lunch break, weekends and holidays
  9:00-17:00 instead of 9:00-12:00).
For each: the paired change in the assessment rates (satisfaction_rate, response_rate,
on_time_rate, reopen_rate) and above_town, and in staff_cost_per_year (gridsim's cost, from
the run); satisfaction points per 10,000 CNY a year for the changes that cost money. A
change costing less than 1,000 CNY a year is free (policies): free changes are ranked by
their effect.

    .venv/bin/python experiments/studies/satisfaction_per_yuan/run.py [--replications N] [--quick]
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import _common as C
import numpy as np
import pandas as pd
import yaml
from matplotlib.figure import Figure

from gridsim.scenario import Scenario
from gridsim.views.plots import series_style

SCRIPT = "experiments/studies/satisfaction_per_yuan/run.py"
POLICIES = C.ROOT / "scenarios" / "policies"
BASE = "base"
POLICY_FILES = {
    "shorter deadlines": "shorter_deadlines.yaml",
    "weekly overdue review": "weekly_overdue_review.yaml",
    "call-back by the hall": "callback_by_hall.yaml",
    "leaders spend 5,000": "leaders_spend_more.yaml",
    "weekly joint meeting": "weekly_joint_meeting.yaml",
    "one more repair crew": "one_more_repair_crew.yaml",
}
LONGER_HALL = [
    {"days": ["weekdays"], "start_hour": 9, "end_hour": 18, "count": 1},
    {"days": ["sat", "sun", "holidays"], "start_hour": 9, "end_hour": 17, "count": 1},
]
OTHER_CHANGES: dict[str, dict[str, Any]] = {
    "one more committee member": {"staff.committee": 3},
    "hall desk open longer": {"staff.rosters.hall": LONGER_HALL},
}
KPIS = {
    "satisfaction_rate": ("satisfaction", 100.0, "points"),
    "response_rate": ("response", 100.0, "points"),
    "on_time_rate": ("on time", 100.0, "points"),
    "reopen_rate": ("reopened", 100.0, "points"),
    "above_town": ("above the town", 1.0, "a year"),
    "staff_cost_per_year": ("staff cost", 1.0, "CNY a year"),
}
FREE_CNY = 1000.0  # a change costing less than this a year counts as free
PER_CNY = 10_000.0


def policy_set(file: str) -> dict[str, Any]:
    """The dotted-path changes of a policy file (its `set:` block)."""
    data = yaml.safe_load((POLICIES / file).read_text(encoding="utf-8"))
    return dict(data["set"])


def changes() -> dict[str, dict[str, Any]]:
    """Every candidate change as dotted-path overrides of the baseline."""
    return {**{n: policy_set(f) for n, f in POLICY_FILES.items()}, **OTHER_CHANGES}


def build_variants(base: Scenario) -> dict[str, Scenario]:
    return {BASE: base, **{n: C.variant_of(base, c) for n, c in changes().items()}}


def tables(run: C.Run) -> pd.DataFrame:
    table = pd.concat([C.summary_kpi(run, k) for k in KPIS], ignore_index=True)
    table["variant"] = table["variant"].astype(str)
    return table


def differences(table: pd.DataFrame, variants: list[str]) -> pd.DataFrame:
    """Each change minus the base, paired by replication, per KPI; and satisfaction points
    per 10,000 CNY a year (its interval from the satisfaction interval at the mean cost)."""
    rows = []
    for v in variants[1:]:
        for k in KPIS:
            rows.append({"variant": v, "metric": k, **C.paired(table, BASE, v, k)})
    diffs = pd.DataFrame(rows)
    sat = diffs[diffs.metric == "satisfaction_rate"].set_index("variant")
    cost = diffs[diffs.metric == "staff_cost_per_year"].set_index("variant")["diff"]
    paid = cost.abs() >= FREE_CNY
    scale = 100.0 * PER_CNY / cost.where(paid)
    per = pd.DataFrame({"metric": "satisfaction_points_per_10k_cny", "a": np.nan, "b": np.nan,
                        "diff": sat["diff"] * scale, "low": sat["low"] * scale,
                        "high": sat["high"] * scale, "n": sat["n"]})  # fmt: skip
    return pd.concat([diffs, per.reset_index()], ignore_index=True)


def ranking(diffs: pd.DataFrame) -> pd.DataFrame:
    """One row per change: its satisfaction change, cost and points per 10,000 CNY; free
    changes first, by effect, then the paid ones by points per 10,000 CNY."""
    wide = diffs.pivot(index="variant", columns="metric", values="diff")
    sat = diffs[diffs.metric == "satisfaction_rate"].set_index("variant")
    out = pd.DataFrame({
        "points": wide["satisfaction_rate"] * 100,
        "low": sat["low"] * 100,
        "high": sat["high"] * 100,
        "cost": wide["staff_cost_per_year"],
        "per_10k": wide["satisfaction_points_per_10k_cny"],
    })  # fmt: skip
    out["free"] = out["cost"].abs() < FREE_CNY
    out["clear"] = (out["low"] > 0) | (out["high"] < 0)
    out["none"] = (out["low"] == 0) & (out["high"] == 0)  # not one order fared otherwise
    key = np.where(out["free"], out["points"], out["per_10k"])
    return out.assign(key=key).sort_values(["free", "key"], ascending=False).drop(columns="key")


def signed(x: float, digits: int = 1) -> str:
    return f"{x:+,.{digits}f}"


def answer(rank: pd.DataFrame, base_sat: float) -> str:
    """The plain-words answer: the best free change, the best paid one, what is unclear."""
    free, paid = rank[rank.free], rank[~rank.free]
    best = free.iloc[0]
    lines = [
        "## Answer",
        "",
        f"The base satisfaction rate is {base_sat * 100:.1f}%. The most per yuan: "
        f"**{best.name}**, {signed(best.points, 2)} points ({signed(best.low, 2)} to "
        f"{signed(best.high, 2)}) at no staff cost"
        + ("" if best.clear else " (not statistically clear)")
        + ". Free changes (policies, staff cost within 1,000 CNY a year) come first and are "
        "ranked by their effect: any gain that costs nothing beats one that costs money.",
    ]
    if len(paid):
        top = paid.iloc[0]
        lines.append(
            f"Of the changes that cost money, **{top.name}** buys the most: "
            f"{signed(top.per_10k, 3)} points per 10,000 CNY a year "
            f"({signed(top.points, 2)} points for {top.cost:,.0f} CNY a year)"
            + ("" if top.clear else ", not statistically clear")
            + "."
        )
    unclear = [str(n) for n, r in rank.iterrows() if not r.clear and not r.none]
    none = [str(n) for n, r in rank.iterrows() if r.none]
    worse = [str(n) for n, r in rank.iterrows() if r.clear and r.points < 0]
    if unclear:
        lines.append(f"Not statistically clear (95% interval spans 0): {', '.join(unclear)}.")
    if none:
        lines.append(f"No change at all in any replication: {', '.join(none)}.")
    if worse:
        lines.append(f"Clearly lower satisfaction: {', '.join(worse)}.")
    return "\n".join(lines)


def rank_table(rank: pd.DataFrame, diffs: pd.DataFrame) -> str:
    wide: dict[tuple[str, str], tuple[float, float, float]] = {
        (str(v), str(m)): (float(d), float(lo), float(hi))
        for v, m, d, lo, hi in diffs[["variant", "metric", "diff", "low", "high"]].itertuples(
            index=False
        )
    }
    rows = []
    for name, r in rank.iterrows():
        cells = {
            "change": name,
            "satisfaction, points (95%)": f"{signed(r.points, 2)} ({signed(r.low, 2)} to "
            f"{signed(r.high, 2)})" + ("" if r.clear else " none" if r.none else " unclear"),
            "staff cost, CNY a year": f"{r.cost:+,.0f}",
            "points per 10,000 CNY": "free" if r.free else signed(r.per_10k, 3),
        }
        for k in ("response_rate", "on_time_rate", "reopen_rate", "above_town"):
            diff, low, high = wide[(str(name), k)]
            label, scale, _ = KPIS[k]
            clear = low > 0 or high < 0
            cells[label] = f"{diff * scale:+.2f}" + ("" if clear else " ~")
        rows.append(cells)
    return C.markdown_table(pd.DataFrame(rows))


def findings(run: C.Run, ci: pd.DataFrame, diffs: pd.DataFrame, rank: pd.DataFrame) -> list[str]:
    base = {m: C.lookup(ci, variant=BASE, metric=m) for m in KPIS}
    levels = "; ".join(
        f"{KPIS[m][0]} {C.pct(base[m])}"
        for m in ("satisfaction_rate", "response_rate", "on_time_rate", "reopen_rate")
    )
    table = [
        "## Every change against the base (paired)",
        "",
        f"Base: {levels}; above the town {C.num(base['above_town'], 'a year', 1)}; staff "
        f"cost {base['staff_cost_per_year']['mean']:,.0f} CNY a year.",
        "",
        "Changes in points (rates) or problems a year (above the town); '~': the 95% "
        "interval spans 0 (not statistically clear).",
        "",
        rank_table(rank, diffs),
    ]
    return [answer(rank, float(base["satisfaction_rate"]["mean"])), "\n".join(table)]


def change_figure(diffs: pd.DataFrame, rank: pd.DataFrame) -> Figure:
    """The change in satisfaction with its 95% interval, free changes and paid ones apart."""
    fig = Figure(figsize=(8.0, 4.8), layout="constrained")
    ax = fig.add_subplot()
    y = np.arange(len(rank))[::-1]
    for i, (free, label) in enumerate(((True, "free (policy)"), (False, "costs money"))):
        mine = (rank["free"] == free).to_numpy()
        r = rank[mine]
        style = series_style(i)
        ax.barh(y[mine], r["points"], xerr=[r["points"] - r["low"], r["high"] - r["points"]],
                color=style.color, hatch=style.hatch, edgecolor="black", linewidth=0.6,
                capsize=3, label=label)  # fmt: skip
    names = [f"{n} ({'free' if r.free else f'{r.cost / 1000:+,.0f}k CNY'})"
             for n, r in rank.iterrows()]  # fmt: skip
    ax.set_yticks(y, names)
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_xlabel("change in the satisfaction rate, points (paired, 95% interval)")
    ax.set_title("Which change raises the satisfaction rate?")
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(True, axis="x", color="0.88", linewidth=0.6)
    ax.legend(frameon=False, loc="lower right")
    return fig


def rates_figure(diffs: pd.DataFrame, rank: pd.DataFrame) -> Figure:
    """The four assessment rates' changes per candidate, with 95% intervals."""
    metrics = ("satisfaction_rate", "response_rate", "on_time_rate", "reopen_rate")
    fig = Figure(figsize=(11.0, 5.2), layout="constrained")
    axes = fig.subplots(1, len(metrics), sharey=True)
    order = list(rank.index)
    y = np.arange(len(order))[::-1]
    for ax, m in zip(axes, metrics, strict=True):
        d = diffs[diffs.metric == m].set_index("variant").loc[order]
        mid, lo, hi = (d[c].to_numpy(float) * 100 for c in ("diff", "low", "high"))
        ax.errorbar(mid, y, xerr=[mid - lo, hi - mid], fmt="o", color="black", capsize=3)
        ax.axvline(0, color="0.5", linewidth=0.8)
        ax.set_title(KPIS[m][0])
        ax.set_xlabel("points")
        ax.spines[["top", "right"]].set_visible(False)
        ax.grid(True, axis="x", color="0.88", linewidth=0.6)
    axes[0].set_yticks(y, order)
    fig.suptitle("Change in the assessment rates against the base (paired, 95% interval)")
    return fig


def main() -> None:
    args = C.options(__doc__)
    run = C.run(build_variants(C.baseline(args)), args)
    table = tables(run)
    ci = C.intervals(table)
    ci["variant"] = ci["variant"].astype(str)
    diffs = differences(table, run.variants)
    rank = ranking(diffs)
    files = [C.write_csv(ci, args, "results.csv"), C.write_csv(diffs, args, "differences.csv")]
    files.append(C.save(change_figure(diffs, rank), args, "fig_satisfaction_change.png"))
    files.append(C.save(rates_figure(diffs, rank), args, "fig_rates_change.png"))
    sections = findings(run, ci, diffs, rank)
    files.append(C.write_findings(args, run, "Satisfaction per yuan", sections, SCRIPT))
    C.done(args, files)


if __name__ == "__main__":
    main()
