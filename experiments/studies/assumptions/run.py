"""Assumptions: which of the baseline's assumptions drive its headline?

A one-at-a-time sensitivity of the baseline community (`scenarios/baseline.yaml`): each
assumption of the table `ASSUMPTIONS` (its low and high ends, from the ranges the baseline's
YAML comments give, or the study's own where the YAML gives none) is set alone, the rest
kept as written, and every variant is run on the same random demand as the base (common
random numbers, replication r of every variant on the same seed). The study reports the
paired change against the base, with its 95% interval, in the headline KPIs of gridsim's
summary: target_on_site_share, on_site_mean_min, target_resolved_share, staff_cost_per_year,
the work orders' assessment rates (response_rate, on_time_rate, satisfaction_rate; community)
and utilisation (staff:grid_worker).

To add an assumption, add a row to `ASSUMPTIONS`: a name, the base's value in words, and the
low and high ends as dotted-path overrides (or a function of the base scenario returning
them, for a change of several paths at once, such as every wage times a factor).

    .venv/bin/python experiments/studies/assumptions/run.py [--replications N] [--quick]
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import _common as C
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from gridsim.scenario import Scenario

SCRIPT = "experiments/studies/assumptions/run.py"
BASE = "base"
SIDES = ("low", "high")

Overrides = Mapping[str, Any] | Callable[[Scenario], Mapping[str, Any]] | None


@dataclass(frozen=True)
class Assumption:
    """One assumption: its two ends as overrides of the base (None: no such end)."""

    name: str
    base: str  # the base's value, in words
    low: Overrides
    high: Overrides
    low_text: str
    high_text: str
    range_from: str  # where the range comes from


def value_at(sc: Scenario, path: str) -> Any:
    """The value at a dotted path of the scenario's data (mappings and attributes)."""
    node: Any = sc.model_dump(mode="python")
    for part in path.split("."):
        node = node[part]
    return node


def scaled(paths: tuple[str, ...], factor: float) -> Callable[[Scenario], dict[str, Any]]:
    """Every path's base value times ``factor``."""
    return lambda sc: {p: value_at(sc, p) * factor for p in paths}


def leader_limit(cny: float) -> Callable[[Scenario], dict[str, Any]]:
    """The grid leaders' spending limit set to ``cny``; a higher rung's limit raised to it
    where it is lower, as the limits must not fall up the ladder."""

    def overrides(sc: Scenario) -> dict[str, Any]:
        limits = dict(value_at(sc, LIMITS))
        rungs = list(limits)  # from the lowest rung up (the schema orders them)
        at = rungs.index("grid_leader")
        raised = {r: max(limits[r], cny) for r in rungs[at + 1 :]}
        return {f"{LIMITS}.grid_leader": cny} | {f"{LIMITS}.{r}": v for r, v in raised.items()}

    return overrides


def needs_scaled(factor: float) -> Callable[[Scenario], dict[str, Any]]:
    """Every kind's shares of orders needing money, a department or a cross-grid matter
    times ``factor`` (at most 1), together, as `scaled` does."""

    def overrides(sc: Scenario) -> dict[str, Any]:
        needs = value_at(sc, "orders.needs")
        return {
            f"orders.needs.{kind}.{share}": min(1.0, need[share] * factor)
            for kind, need in needs.items()
            for share in ("money", "department", "cross_grid")
        }

    return overrides


def shift(days: list[str], start: float, end: float, count: int | None = None) -> dict:
    return {"days": days, "start_hour": start, "end_hour": end} | (
        {} if count is None else {"count": count}
    )


def office(start: float, lunch: float, back: float, end: float) -> list[dict]:
    """Office hours on weekdays with a lunch break."""
    return [shift(["weekdays"], start, lunch), shift(["weekdays"], back, end)]


def with_shifts(group: str, *more: dict) -> Callable[[Scenario], dict[str, Any]]:
    """The group's base roster with more shifts."""
    return lambda sc: {f"staff.rosters.{group}": [*value_at(sc, f"staff.rosters.{group}"), *more]}


def without_days(group: str, day: str) -> Callable[[Scenario], dict[str, Any]]:
    """The group's base roster without the shifts naming ``day``."""

    def overrides(sc: Scenario) -> dict[str, Any]:
        shifts = value_at(sc, f"staff.rosters.{group}")
        return {f"staff.rosters.{group}": [s for s in shifts if day not in s["days"]]}

    return overrides


def weekend_repair(count: int) -> Callable[[Scenario], dict[str, Any]]:
    """The repair crews' weekend and holiday shift with ``count`` crews."""

    def overrides(sc: Scenario) -> dict[str, Any]:
        shifts = value_at(sc, "staff.rosters.repair")
        return {
            "staff.rosters.repair": [
                s | {"count": count} if "weekend" in s["days"] else s for s in shifts
            ]
        }

    return overrides


WAGES = tuple(
    f"cost.wage_per_hour.{g}"
    for g in ("grid_worker", "grid_leader", "committee", "mediation", "repair", "cleaning",
              "patrol", "fire", "repair_on_call", "fire_on_call")
)  # fmt: skip
DELAYS = tuple(
    f"demand.channels.{c}.mean_delay_min" for c in ("wechat", "door", "walk_in", "phone")
)
YAML = "baseline.yaml"
OWN = "this study (the YAML gives no range)"


def one(name: str, path: str, base: float, low: float, high: float, source: str = YAML
        ) -> Assumption:  # fmt: skip
    """An assumption of one number, set to ``low`` and ``high``."""
    return Assumption(name, f"{base:g}", {path: low}, {path: high}, f"{low:g}", f"{high:g}",
                      source)  # fmt: skip


RATE = "demand.kinds.{}.rate_per_household_year"
CLOSING = "orders.closing."
CALLBACK = "orders.callback."
LIMITS = "orders.authority.spending_limit_cny"
CARE = "demand.kinds.care_visit."
NUMBERS: tuple[tuple[Any, ...], ...] = (
    # (name, dotted path, the base value, low end, high end[, where the range is from])
    ("repair rate (per household-year)", RATE.format("repair"), 1.2, 0.5, 3.0),
    ("sanitation rate (per household-year)", RATE.format("sanitation"), 0.5, 0.2, 1.0),
    ("order rate (per household-year)", RATE.format("order"), 0.3, 0.1, 0.5),
    ("repair work time, mean (min)", "demand.kinds.repair.work.mean_min", 50, 30, 90),
    ("triage time (min)", "staff.triage_min", 3, 1, 6, OWN),
    ("travel speed (km/h)", "community.travel.speed_kmh", 12, 5, 20),
    ("setting off (min)", "community.travel.overhead_min", 3, 1, 5),
    ("night call-out (min)", "staff.callout_min", 20, 10, 40),
    ("heating multiplier", "demand.heating_season.multiplier", 1.5, 1.2, 2.0),
    ("heating travel factor", "demand.heating_season.travel_factor", 1.2, 1.0, 1.5),
    ("patrol find probability", "policy.patrol.find_probability", 0.5, 0.3, 0.8),
    ("repair duplicates (extra reports)", "demand.kinds.repair.duplicates_mean", 0.3, 0, 1),
    ("repair crews on weekdays", "staff.crews.repair", 2, 1, 3),
    ("grid worker's wage (CNY/h)", "cost.wage_per_hour.grid_worker", 31, 25, 42),
    # the grid workers' and the police post's workload (left out on a scenario without it)
    ("home visits, cycle (days)", "workload.home_visits.cycle_days", 180, 90, 365),
    ("home visit (min)", "workload.home_visits.min_per_visit", 20, 15, 30),
    ("daily log (min)", "workload.daily_log_min", 20, 15, 30),
    ("tasks sent down (h a week)", "workload.tasks.hours_per_week", 12, 10, 20),
    ("police officers", "staff.police_officers", 2, 1, 3),
    ("screening (min per key household)", "policy.screening.min_per_household", 20, 15, 30),
    # work orders (left out on a scenario without them)
    ("order check before closing (min)", CLOSING + "check_min", 20, 10, 60),
    ("closed unsolved (share)", CLOSING + "unsolved", 0.05, 0.02, 0.15),
    ("closed unsolved when rushed (share)", CLOSING + "unsolved_rushed", 0.25, 0.1, 0.5),
    ("unsolved order reopened (share)", CLOSING + "reopen", 0.6, 0.3, 0.9),
    ("dissatisfied resident bypasses (share)", CLOSING + "bypass", 0.05, 0.01, 0.2),
    ("satisfied, solved on time (P)", CALLBACK + "satisfied", 0.95, 0.85, 0.99),
    ("satisfied, solved late (P)", CALLBACK + "satisfied_late", 0.7, 0.5, 0.85),
    ("satisfied, unsolved (P)", CALLBACK + "satisfied_unsolved", 0.15, 0.05, 0.3),
    ("county department teams", "orders.departments.teams", 2, 1, 5),
    ("county department, hours a case", "orders.departments.mean_hours", 16, 4, 48),
    # 15 min to dispatch (a source) + the town's 0.5-4 h (the YAML's range)
    ("hotline transfer (min)", "orders.transfer_min.hotline", 135, 45, 255),
)  # fmt: skip
"""Assumptions of one number each (`one`); ranges from the YAML unless said."""

ASSUMPTIONS: tuple[Assumption, ...] = (
    *(one(*row) for row in NUMBERS),
    Assumption("channel delays (all four)", "15/240/60/5 min", scaled(DELAYS, 0.5),
               scaled(DELAYS, 2.0), "x0.5", "x2", OWN),
    Assumption("heating season (months)", "Sep-May (9)",
               {"demand.heating_season.months": [10, 11, 12, 1, 2, 3, 4, 5]},
               {"demand.heating_season.months": [8, 9, 10, 11, 12, 1, 2, 3, 4, 5, 6]},
               "Oct-May (8)", "Aug-Jun (11)", YAML),
    Assumption("latent shares (repair, sanitation, dispute)", "0.1/0.3/0.4",
               {"demand.kinds.repair.latent_share": 0.0,
                "demand.kinds.sanitation.latent_share": 0.1,
                "demand.kinds.dispute.latent_share": 0.2},
               {"demand.kinds.repair.latent_share": 0.3,
                "demand.kinds.sanitation.latent_share": 0.6,
                "demand.kinds.dispute.latent_share": 0.6},
               "0/0.1/0.2", "0.3/0.6/0.6", YAML),
    Assumption("grid workers' weekday hours", "9-12, 14:30-18", None,
               {"staff.rosters.grid_worker": office(8.5, 12, 14, 18)},
               "", "8:30-12, 14-18", YAML),
    Assumption("grid workers' Saturday", "none", None,
               with_shifts("grid_worker", shift(["sat"], 9, 12)), "", "9-12", OWN),
    Assumption("hall desk at weekends and on holidays", "9-12", without_days("hall", "sat"),
               lambda sc: {"staff.rosters.hall": [
                   *without_days("hall", "sat")(sc)["staff.rosters.hall"],
                   shift(["sat", "sun", "holidays"], 9, 17, 1)]},
               "none", "9-17", YAML),
    Assumption("repair crews at weekends", "1", None, weekend_repair(2), "", "2", YAML),
    Assumption("all wages (employer's social insurance)", "x1.30", scaled(WAGES, 1.25 / 1.30),
               scaled(WAGES, 1.45 / 1.30), "x1.25", "x1.45", YAML),
    Assumption("crew members (per crew)", "2",
               {f"cost.crew_members.{c}": 1 for c in ("repair", "cleaning", "patrol", "fire")},
               {f"cost.crew_members.{c}": 3 for c in ("repair", "cleaning", "patrol", "fire")},
               "1", "3", YAML),
    Assumption("home visits, vulnerable cycle (days)", "30",
               {"workload.home_visits.vulnerable_cycle_days": 14}, None, "14", "", YAML),
    Assumption("care visits, cycle (days)", "525",
               {CARE + "schedule.cycle_days": 180, CARE + "rate_per_household_year": None},
               {CARE + "schedule.cycle_days": 730, CARE + "rate_per_household_year": None},
               "180", "730", YAML),  # the rate follows the cycle
    # the volunteers' cap: its low end of 4 h is refused (the events roster needs 5.3 h from
    # each in the heaviest month); volunteers' services are not problems, as care visits
    Assumption("volunteer's hours a month (cap)", "6", None,
               {"staff.volunteers.max_hours_per_month": 8}, "", "8", YAML),
    Assumption("grid leader's spending limit (CNY)", "500", leader_limit(200),
               leader_limit(2000), "200", "2000", YAML),
    Assumption("orders' needs (money, department, cross-grid)", "per kind", needs_scaled(0.5),
               needs_scaled(2.0), "x0.5", "x2", YAML),
)  # fmt: skip
"""The assumptions varied, one at a time: extend it here."""

HEADLINE = {
    "target_on_site_share": ("community", "on site <= 10 min", "pp", 100.0),
    "on_site_mean_min": ("community", "mean to on site", "min", 1.0),
    "target_resolved_share": ("community", "routine resolved <= 1 h", "pp", 100.0),
    "staff_cost_per_year": ("community", "staff cost a year", "kCNY", 1e-3),
    "utilisation": ("staff:grid_worker", "grid workers' utilisation", "pp", 100.0),
    "response_rate": ("community", "orders signed in time", "pp", 100.0),
    "on_time_rate": ("community", "orders resolved in time", "pp", 100.0),
    "satisfaction_rate": ("community", "satisfied at call-back", "pp", 100.0),
}
"""Headline KPI -> (scope, words, unit of a change, scale to that unit)."""


def label(a: Assumption, side: str) -> str:
    return f"{a.name}: {a.low_text if side == 'low' else a.high_text}"


def overrides_of(ends: Overrides, base: Scenario) -> dict[str, Any]:
    return dict(ends(base) if callable(ends) else ends or {})


def has_paths(base: Scenario, a: Assumption) -> bool:
    """Whether the scenario has every field the assumption sets, and some (a field of a
    newer part of the model may be missing from an older scenario)."""
    try:
        paths = [p for ends in (a.low, a.high) for p in overrides_of(ends, base)]
        for path in paths:
            value_at(base, path)
    except (KeyError, TypeError):
        return False
    return bool(paths)


def build_variants(base: Scenario) -> tuple[dict[str, Scenario], pd.DataFrame]:
    """The base and each assumption's ends as variants; a table naming them. Assumptions
    whose fields the scenario lacks are left out."""
    variants = {BASE: base}
    rows = []
    for a in (x for x in ASSUMPTIONS if has_paths(base, x)):
        for side in SIDES:
            ends = a.low if side == "low" else a.high
            if ends is None:
                continue
            name = label(a, side)
            variants[name] = C.variant_of(base, overrides_of(ends, base))
            value = a.low_text if side == "low" else a.high_text
            rows.append(
                {
                    "variant": name,
                    "assumption": a.name,
                    "side": side,
                    "base_value": a.base,
                    "value": value,
                    "range_from": a.range_from,
                }
            )
    return variants, pd.DataFrame(rows)


def headline_table(run: C.Run) -> pd.DataFrame:
    """The headline KPIs per variant and replication (tidy), named by KPI alone."""
    parts = [
        C.summary_kpi(run, kpi, scope).assign(metric=kpi)
        for kpi, (scope, *_rest) in HEADLINE.items()
    ]
    return pd.concat(parts, ignore_index=True)


def effects(table: pd.DataFrame, design: pd.DataFrame) -> pd.DataFrame:
    """Each end's paired change against the base in each headline KPI."""
    rows = []
    for d in design.to_dict("records"):
        for kpi in HEADLINE:
            p = C.paired(table, BASE, str(d["variant"]), kpi)
            rows.append(
                {
                    **d,
                    "metric": kpi,
                    "base_mean": p["a"],
                    "mean": p["b"],
                    "diff": p["diff"],
                    "low": p["low"],
                    "high": p["high"],
                    "n": p["n"],
                }
            )
    return pd.DataFrame(rows)


def ranking(eff: pd.DataFrame, metric: str) -> list[str]:
    """Assumptions by their largest absolute change in ``metric``, largest first."""
    sel = eff[eff.metric == metric]
    size = sel.groupby("assumption", sort=False)["diff"].apply(lambda d: d.abs().max())
    return list(size.sort_values(ascending=False, kind="stable").index)


def tornado(eff: pd.DataFrame, metric: str, title: str) -> Figure:
    """Bars from the base to each end's paired change, largest swing on top."""
    _scope, words, unit, scale = HEADLINE[metric]
    order = ranking(eff, metric)[::-1]
    fig = Figure(figsize=(9.0, 0.34 * len(order) + 1.6), layout="constrained")
    ax = fig.subplots()
    sel = eff[eff.metric == metric]
    colours = {"low": "#4477aa", "high": "#cc6677"}
    for side in SIDES:
        part = sel[sel.side == side].set_index("assumption")
        y = [i for i, a in enumerate(order) if a in part.index]
        rows = part.loc[[order[i] for i in y]]
        d, lo, hi = (rows[c].to_numpy(float) * scale for c in ("diff", "low", "high"))
        ax.barh(y, d, height=0.7, color=colours[side], label=f"{side} end", alpha=0.85)
        ax.errorbar(
            d,
            y,
            xerr=np.vstack([d - lo, hi - d]),
            fmt="none",
            ecolor="0.2",
            capsize=2,
            linewidth=0.8,
        )
        for yy, dd, end, text in zip(y, d, np.where(d >= 0, hi, lo), rows["value"], strict=True):
            if dd == 0:
                continue  # no change: no bar to name
            ax.annotate(
                text,
                (end, yy),  # beyond the interval's end
                xytext=(3 if dd > 0 else -3, 0),
                textcoords="offset points",
                va="center",
                fontsize=7,
                ha="left" if dd > 0 else "right",
            )
    ax.axvline(0, color="0.3", linewidth=0.8)
    ax.set_yticks(range(len(order)), order, fontsize=8)
    base = sel["base_mean"].iloc[0] * scale
    shown = "%" if unit == "pp" else f" {unit}"
    ax.set_xlabel(
        f"change in {words} ({unit}), paired with the base ({base:.1f}{shown}); 95% interval"
    )
    ax.set_title(title)
    ax.legend(loc="lower right", frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(True, axis="x", color="0.88", linewidth=0.6)
    return fig


def cell(eff: pd.DataFrame, assumption: str, side: str, metric: str) -> str:
    """A change in the metric's unit, in parentheses when its interval holds 0."""
    row = eff[(eff.assumption == assumption) & (eff.side == side) & (eff.metric == metric)]
    if row.empty:
        return "-"
    r = row.iloc[0]
    scale = HEADLINE[metric][3]
    digits = 0 if metric == "staff_cost_per_year" else 1
    text = f"{r['diff'] * scale:+.{digits}f}"
    if float(text) == 0:
        return "0"  # no change, or less than the last digit shown
    return text if (r["low"] > 0 or r["high"] < 0) else f"({text})"


def sensitivity_table(eff: pd.DataFrame) -> str:
    """The markdown table, sorted by the swing in the on-site share."""
    head = ["assumption", "base", "low / high"]
    head += [f"{HEADLINE[k][1]} ({HEADLINE[k][2]})" for k in HEADLINE]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for name in ranking(eff, "target_on_site_share"):
        a = next(x for x in ASSUMPTIONS if x.name == name)
        ends = f"{a.low_text or '-'} / {a.high_text or '-'}"
        cols = [" / ".join(cell(eff, name, s, k) for s in SIDES) for k in HEADLINE]
        lines.append(f"| {name} | {a.base} | {ends} | " + " | ".join(cols) + " |")
    return "\n".join(lines)


def base_line(eff: pd.DataFrame) -> str:
    parts = []
    for kpi, (_scope, words, unit, scale) in HEADLINE.items():
        base = eff.loc[eff.metric == kpi, "base_mean"].iloc[0]
        if unit == "pp":
            parts.append(f"{words} {base * scale:.1f}%")
        elif unit == "kCNY":
            parts.append(f"{words} {base / 1e6:.2f} million CNY")
        else:
            parts.append(f"{words} {base:.0f} min")
    return "The base (the baseline as written): " + "; ".join(parts) + "."


def answer(eff: pd.DataFrame) -> str:
    """The drivers of each headline KPI, in words, from the measured changes."""
    lines = ["## Answer", ""]
    for kpi in (
        "target_on_site_share",
        "on_site_mean_min",
        "target_resolved_share",
        "staff_cost_per_year",
        "response_rate",
        "on_time_rate",
        "satisfaction_rate",
    ):
        _scope, words, unit, _scale = HEADLINE[kpi]
        top = ranking(eff, kpi)[:3]
        said = []
        for name in top:
            a = next(x for x in ASSUMPTIONS if x.name == name)
            ends = zip(SIDES, (a.low_text, a.high_text), strict=True)
            cells = [f"{text}: {cell(eff, name, s, kpi)}" for s, text in ends if text]
            said.append(f"{name} [{', '.join(cells)} {unit}]")
        lines.append(f"- {words.capitalize()}: driven most by " + "; ".join(said) + ".")
    lines += ["", base_line(eff)]
    return "\n".join(lines)


def findings(eff: pd.DataFrame) -> list[str]:
    table = [
        "## Sensitivity of the headline (one at a time)",
        "",
        "Paired change against the base (same demand), low end / high end, sorted by the "
        "largest change in the share on site within 10 minutes; in parentheses when the 95% "
        "interval holds zero (the intervals are in results.csv). pp: percentage points; "
        "kCNY: thousand CNY a year.",
        "",
        sensitivity_table(eff),
    ]
    own = [a.name for a in ASSUMPTIONS if a.range_from == OWN]
    sources = [
        "## Where the ranges come from",
        "",
        "Each end is the end of the range the baseline's YAML comment gives for the "
        "assumption (`scenarios/baseline.yaml`), except for these, where it gives none and "
        "the ends are this study's own: " + "; ".join(own) + ". A roster's ends are "
        "alternative rosters; where the base is already one end of its range only the other "
        "end is run (shown '-').",
    ]
    return [answer(eff), "\n".join(table), "\n".join(sources)]


def main() -> None:
    args = C.options(__doc__, default_replications=5)
    base = C.baseline(args)
    variants, design = build_variants(base)
    run = C.run(variants, args)
    run.scenario = base
    left_out = [a.name for a in ASSUMPTIONS if not has_paths(base, a)]
    if left_out:
        run.notes.append("Left out (the scenario has no such field): " + ", ".join(left_out))
    run.notes.append(
        f"Design: one at a time, {design['assumption'].nunique()} assumptions, "
        f"{len(design)} ends "
        "(an end missing where the base is already the range's end)."
    )
    table = headline_table(run)
    eff = effects(table, design)
    files = [C.write_csv(eff, args, "results.csv")]
    figures = {
        "fig_tornado_on_site_share.png": ("target_on_site_share", "Share of problems on site "
                                          "within 10 minutes"),
        "fig_tornado_on_site_mean.png": ("on_site_mean_min", "Mean time from report to on site"),
        "fig_tornado_satisfaction.png": ("satisfaction_rate", "Orders' residents satisfied at "
                                         "the call-back"),
    }  # fmt: skip
    files += [C.save(tornado(eff, *what), args, name) for name, what in figures.items()]
    files.append(C.write_findings(args, run, "Assumptions", findings(eff), SCRIPT))
    C.done(args, files)


if __name__ == "__main__":
    main()
