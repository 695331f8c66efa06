"""The workshop demo's data logic, kept apart from Streamlit so it is tested without a
browser (the app itself is `demo_app.py`; its launcher `demo_launch.py`; the guard on the
files it reads `demo_paths.py`).

In a workshop, residents, grid workers and officials watch a facilitator set two policies,
A and B, side by side and see at once what a change of staffing or rules does to response
times, on the *same* random demand (same seed, same replication numbers: any difference is
the policy's doing). Speed matters more than precision in the room, so the demo runs few,
short replications (`LIVE_REPLICATIONS` of `DEMO_DAYS` days) and says so; 'More' runs
`MORE_REPLICATIONS`.

Controls and their Streamlit widget keys (stable: tests and facilitators' notes use them),
``<side>`` being ``a`` or ``b``:

==========================  ===========================================================
key                         control
==========================  ===========================================================
``<side>_repair``           repair crews, 0-10 (slider)
``<side>_cleaning``         cleaning crews, 0-10 (slider)
``<side>_patrol``           patrol crews, 0-10 (slider)
``<side>_fire``             fire crews, 0-10 (slider)
``<side>_volunteers``       volunteers, 0-50 (slider)
``<side>_grid_workers``     grid workers: ``per_grid`` or ``per_two_grids`` (radio; also
                            ``scenario`` when the preset assigns them otherwise)
``<side>_dispatch``         dispatch rule: pooled, dedicated, nearest (select box)
``<side>_queue``            queue discipline (select box)
``<side>_patrols``          patrol rounds a day, 0-3 (slider)
``<side>_joint_meeting``    joint meeting interval: 7, 14 or 30 days (select slider)
``preset``                  the scenario file (select box, sidebar)
``facilitator``             facilitator mode: controls hidden (toggle, sidebar; or the
                            URL ``?facilitator=1``)
``copy_a_to_b``             button: B takes A's settings
``more`` / ``fewer``        buttons: 10 replications / back to 3
``replay_time``             the moment the map shows (select slider)
``replay_step``             minutes between frames when playing (select box)
``play``                    button: step through the rest of the week
==========================  ===========================================================

Safety: the server binds to 127.0.0.1 unless ``--host`` says otherwise; it reads only
scenario files under the folders it was given (``--scenarios DIR``, default the project's
``scenarios/`` folder), every file of an ``extends:`` chain checked by the loader (symlinks
and merge keys resolved) before it is read, and never quoted when refused; usage
statistics are off and nothing is fetched from a CDN.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from gridsim.scenario import (
    Problem,
    Scenario,
    ScenarioError,
)
from gridsim.scenario.schema import CREW_COLOURS
from gridsim.stats.compare import direction, kpi_label
from gridsim.stats.intervals import mean_ci
from gridsim.stats.kpis import reached_flag, undefined_text
from gridsim.units import MINUTES_PER_DAY
from gridsim.views.animate import replay_horizon
from gridsim.views.demo_launch import (  # the CLI and the app read them here
    add_demo_arguments,
    parse_app_arguments,
    run_demo,
)
from gridsim.views.demo_paths import (  # the demo app reads them here too
    DemoPathError,
    allowed_dirs,
    default_preset,
    file_digest,
    list_presets,
    load_preset,
    resolve_scenario,
)

LIVE_REPLICATIONS = 3
MORE_REPLICATIONS = 10
DEMO_DAYS = 28.0
"""Simulated days of each live run, warm-up included: a month gives a few hundred issues
per run, enough to tell policies apart, in about a second for A and B together."""

REPLAY_DAYS = 7.0

GRID_WORKER_MODES = {
    "per_grid": "one per grid",
    "per_two_grids": "one per two grids",
    "scenario": "as in the scenario",
}
DISPATCH_RULES = {
    "pooled": "pooled: the crew idle longest goes",
    "dedicated": "dedicated: each crew keeps to its own area",
    "nearest": "nearest: the closest idle crew goes",
}
QUEUE_RULES = {
    "fcfs": "first come, first served",
    "severity": "most severe first",
    "vulnerable_first": "vulnerable households first",
    "severity_ageing": "severity, with waiting time counting",
}
MEETING_DAYS = (7, 14, 30)

HEADLINE = (
    ("on_site_mean_min", "community"),
    ("on_site_p90_min", "community"),
    ("target_on_site_share", "community"),
    ("resolution_mean_min", "community"),
    ("target_resolved_share", "community"),
    ("target_plan_share", "community"),
    ("backlog_mean", "community"),
    ("response_rate", "community"),
    ("on_time_rate", "community"),
    ("satisfaction_rate", "community"),
)
"""The KPIs the room sees, in this order (the crew colours' own rows follow); the work
orders' rates only when the preset has work orders (`ORDER_RATES`)."""

ORDER_RATES = frozenset({"response_rate", "on_time_rate", "satisfaction_rate"})
"""The assessment rates ("三率") of work orders: rows shown only when they have values."""


# ---------------------------------------------------------------------------------------------
# Policies: what the sliders set


@dataclass(frozen=True)
class Policy:
    """The staffing and rules a facilitator can change, as the controls hold them."""

    repair: int
    cleaning: int
    patrol: int
    fire: int
    volunteers: int
    grid_workers: str
    dispatch: str
    queue: str
    patrols: int
    joint_meeting: float

    def as_tuple(self) -> tuple:
        """A plain tuple, for cache keys."""
        return dataclasses.astuple(self)


POLICY_FIELDS = tuple(f.name for f in dataclasses.fields(Policy))


def widget_key(side: str, field: str) -> str:
    """The Streamlit key of a control: ``a_repair``, ``b_dispatch``..."""
    return f"{side.lower()}_{field}"


def paired_grid_workers(scenario: Scenario) -> list[dict[str, Any]]:
    """One grid worker for each two grids, in the scenario's order of grids (neighbours in
    the shipped scenarios); an odd grid out gets its own."""
    names = [g.name for g in scenario.community.grids]
    return [
        {"name": f"gw-{k // 2 + 1}", "grids": names[k : k + 2]} for k in range(0, len(names), 2)
    ]


def grid_worker_mode(scenario: Scenario) -> str:
    """Which control value matches the scenario's grid workers."""
    workers = [(w.name, list(w.grids)) for w in scenario.grid_workers()]
    if all(len(grids) == 1 for _, grids in workers):
        return "per_grid"
    paired = [(w["name"], w["grids"]) for w in paired_grid_workers(scenario)]
    return "per_two_grids" if [g for _, g in workers] == [g for _, g in paired] else "scenario"


def policy_of(scenario: Scenario) -> Policy:
    """The controls' starting values: the scenario's own staffing and rules."""
    crews, policy = scenario.staff.crews, scenario.policy
    return Policy(
        repair=crews.repair, cleaning=crews.cleaning, patrol=crews.patrol, fire=crews.fire,
        volunteers=scenario.staff.volunteers.count, grid_workers=grid_worker_mode(scenario),
        dispatch=policy.dispatch, queue=policy.queue, patrols=policy.patrol.per_day,
        joint_meeting=policy.joint_meeting.interval_days,
    )  # fmt: skip


def policy_overrides(policy: Policy, scenario: Scenario) -> dict[str, Any]:
    """The dotted-path overrides that give ``scenario`` this policy."""
    out: dict[str, Any] = {f"staff.crews.{c}": getattr(policy, c) for c in CREW_COLOURS}
    out.update({
        "staff.volunteers.count": policy.volunteers,
        "policy.dispatch": policy.dispatch,
        "policy.queue": policy.queue,
        "policy.patrol.per_day": policy.patrols,
        "policy.joint_meeting.interval_days": policy.joint_meeting,
    })  # fmt: skip
    if policy.grid_workers == "per_grid":
        out["staff.grid_workers"] = None
    elif policy.grid_workers == "per_two_grids":
        out["staff.grid_workers"] = paired_grid_workers(scenario)
    return out


def policy_differences(a: Policy, b: Policy) -> list[str]:
    """What B changes from A, in words for the room ("repair crews 2 → 4")."""
    names = {
        "repair": "repair crews", "cleaning": "cleaning crews", "patrol": "patrol crews",
        "fire": "fire crews", "volunteers": "volunteers", "grid_workers": "grid workers",
        "dispatch": "dispatch", "queue": "queue", "patrols": "patrols a day",
        "joint_meeting": "joint meeting every (days)",
    }  # fmt: skip
    out = []
    for field in POLICY_FIELDS:
        va, vb = getattr(a, field), getattr(b, field)
        if va != vb:
            out.append(f"{names[field]} {_shown(field, va)} → {_shown(field, vb)}")
    return out


def _shown(field: str, value: Any) -> str:
    if field == "grid_workers":
        return GRID_WORKER_MODES.get(value, str(value))
    return f"{value:g}" if isinstance(value, float) else str(value)


def describe_policy(p: Policy) -> str:
    """A one-line summary of a policy (the facilitator view shows it instead of controls)."""
    return (
        f"crews: repair {p.repair}, cleaning {p.cleaning}, patrol {p.patrol}, fire {p.fire}; "
        f"{p.volunteers} volunteers; grid workers {GRID_WORKER_MODES.get(p.grid_workers)}; "
        f"{p.dispatch} dispatch, {QUEUE_RULES.get(p.queue, p.queue)}; "
        f"{p.patrols} patrol round(s) a day; joint meeting every {p.joint_meeting:g} days"
    )


# ---------------------------------------------------------------------------------------------
# Running A and B


def demo_horizon(scenario: Scenario, days: float = DEMO_DAYS) -> float:
    """The live runs' length: ``days``, or longer when the warm-up and the replayed week
    need it."""
    return max(days, replay_horizon(scenario, REPLAY_DAYS))


def _labelled(err: ScenarioError, side: str) -> ScenarioError:
    """The same problems, said to come from policy ``side`` rather than "overrides"."""
    return ScenarioError(Problem(f"policy {side}", None, p.path, p.message) for p in err.problems)


def policy_scenarios(
    base: Scenario, policies: Mapping[str, Policy], days: float = DEMO_DAYS
) -> dict[str, Scenario]:
    """A validated, shortened scenario per policy. An impossible combination (no crews of a
    colour some kind of issue needs...) raises a `ScenarioError` naming the policy."""
    from gridsim.api import scenario_of

    out = {}
    for side, policy in policies.items():
        changes = {
            **policy_overrides(policy, base),
            "calendar.horizon_days": demo_horizon(base, days),
        }
        try:
            out[side] = scenario_of(base, changes)
        except ScenarioError as e:
            raise _labelled(e, side) from None
    return out


@dataclass
class PairResult:
    """What the demo shows: the KPI rows and issue logs of every policy and replication."""

    summary: pd.DataFrame
    issues: pd.DataFrame
    replications: int
    horizon_days: float
    warmup_days: float
    seed: int
    targets: dict[str, float]


def run_policies(scenarios: Mapping[str, Scenario], replications: int) -> PairResult:
    """Replications 0..n-1 of every policy, in this process (a process pool's start-up
    would cost more than it saves for a few short runs, and stays out of the web server)."""
    import pyarrow as pa

    from gridsim.experiment.runner import run_experiment

    exp = run_experiment(dict(scenarios), replications, None, progress=False,
                         executor="serial", jobs=1)  # fmt: skip
    first = next(iter(scenarios.values()))
    t = first.targets
    return PairResult(
        summary=pd.DataFrame(exp.rows),
        issues=pa.concat_tables(exp.logs).to_pandas(),
        replications=replications,
        horizon_days=first.calendar.horizon_days,
        warmup_days=first.calendar.warmup_days,
        seed=first.seed,
        targets={"on_site": t.on_site_min, "resolution": t.routine_resolved_min,
                 "plan": t.complex_plan_min},
    )  # fmt: skip


def simulate(
    path: Path, a: Policy, b: Policy, replications: int, dirs: Sequence[Path] | None = None
) -> PairResult:
    """Load the preset (inside ``dirs``, by default the project's scenarios), apply A and
    B, and run both on the same demand."""
    base = load_preset(path, dirs if dirs is not None else allowed_dirs())
    return run_policies(policy_scenarios(base, {"A": a, "B": b}), replications)


# ---------------------------------------------------------------------------------------------
# What the room reads


def handler_on_site_means(issues: pd.DataFrame, warmup_min: float) -> pd.DataFrame:
    """Mean minutes from report to on site of each crew colour's issues, per policy and
    replication (issues reported after the warm-up and reached before the horizon, as the
    KPIs count them)."""
    reported = issues["reported_min"].to_numpy(float)
    wait = issues["on_site_min"].to_numpy(float) - reported
    keep = (reported >= warmup_min) & ~np.isnan(wait)
    frame = pd.DataFrame({
        "variant": issues["variant"].astype(str).to_numpy()[keep],
        "replication": issues["replication"].to_numpy()[keep],
        "handler": issues["handler"].astype(str).to_numpy()[keep],
        "value": wait[keep],
    })  # fmt: skip
    frame = frame[frame["handler"].isin(CREW_COLOURS)]
    return frame.groupby(["variant", "handler", "replication"], as_index=False)[["value"]].mean()


def kpi_table(result: PairResult, sides: Sequence[str] = ("A", "B")) -> pd.DataFrame:
    """One row per KPI: its name, unit, the mean over replications under each policy, the
    difference (B - A) with its paired 95% interval, and a verdict: the better policy when
    the interval leaves out zero, "too close to call" when it does not (a few replications
    cannot tell small differences from chance), "same" when every replication agrees."""
    s = result.summary
    rows = []
    for kpi, scope in HEADLINE:
        sub = s[(s["kpi"] == kpi) & (s["scope"] == scope)]
        if kpi in ORDER_RATES and sub["value"].isna().all():
            continue  # no work orders in this preset
        unit = str(sub["unit"].iloc[0]) if len(sub) else ""
        row = _row(kpi_label(kpi, scope), kpi, unit, sub, sides)
        for side in sides:
            row[f"{side} reached"] = _reached(s, kpi, scope, side)
        if not all(row[f"{side} reached"] for side in sides):
            row["better"] = "not reached by the horizon"
        rows.append(row)
    per = handler_on_site_means(result.issues, result.warmup_days * MINUTES_PER_DAY)
    for colour in CREW_COLOURS:
        sub = per[per["handler"] == colour]
        if len(sub):
            label = f"mean time to on site for {colour} issues"
            rows.append(_row(label, "on_site_mean_min", "minutes", sub, sides))
    return pd.DataFrame(rows)


def _reached(summary: pd.DataFrame, kpi: str, scope: str, side: str) -> bool:
    """False when a percentile KPI was not reached by the horizon in some replication of
    ``side``: its mean is then only a lower bound."""
    s = summary
    flag = s[(s["kpi"] == reached_flag(kpi)) & (s["scope"] == scope)]
    return not bool((flag[flag["variant"].astype(str) == side]["value"] < 1.0).any())


def _row(label: str, kpi: str, unit: str, rows: pd.DataFrame, sides: Sequence[str]) -> dict:
    """A KPI's means and paired difference from its per-replication rows (variant,
    replication, value)."""
    wide = rows.assign(variant=rows["variant"].astype(str)).pivot_table(
        index="replication", columns="variant", values="value", aggfunc="mean"
    )
    a, b = (wide[x] if x in wide else pd.Series(np.nan, index=wide.index) for x in sides)
    diffs = (b - a).dropna().to_numpy(float)
    _, low, high = mean_ci(diffs)
    return {
        "kpi": label, "unit": unit, sides[0]: float(a.mean()), sides[1]: float(b.mean()),
        "difference": float(b.mean() - a.mean()), "low": low, "high": high,
        "better": _verdict(kpi, diffs, low, high, sides), "key": kpi,
    }  # fmt: skip


def _verdict(kpi: str, diffs: np.ndarray, low: float, high: float, sides: Sequence[str]) -> str:
    way = direction(kpi)
    if len(diffs) == 0:
        return "n/a"
    if np.allclose(diffs, 0.0, atol=1e-9):
        return "same"
    if way is None or math.isnan(low) or (low <= 0.0 <= high):
        return "too close to call"
    b_lower = high < 0.0
    return sides[1] if b_lower == (way == "lower") else sides[0]


def format_value(value: float, unit: str, signed: bool = False, kpi: str = "") -> str:
    """A KPI value for the room: shares in %, minutes with "min", difference signed; a KPI
    without a value says why (e.g. "no such issues"), never "nan"."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return undefined_text(kpi)
    sign = "+" if signed else ""
    if unit == "share":
        return f"{value * 100:+.1f} pts" if signed else f"{value * 100:.1f}%"
    if unit == "minutes":
        return f"{value:{sign}.1f} min"
    return f"{value:{sign}.2f}"


def shown_value(row: dict, side: str) -> str:
    """One side's mean in a `kpi_table` row, "≥ x" when a percentile was not reached by the
    horizon in some replication (then the mean is only a lower bound)."""
    text = format_value(row[side], row["unit"], kpi=row["key"])
    return text if row.get(f"{side} reached", True) or text[0].isalpha() else f"≥ {text}"


def display_table(table: pd.DataFrame, sides: Sequence[str] = ("A", "B")) -> pd.DataFrame:
    """`kpi_table` as text, the difference signed, for st.dataframe."""
    out = pd.DataFrame({"KPI": table["kpi"]})
    for side in sides:
        out[side] = [shown_value(row, side) for row in table.to_dict("records")]
    out[f"{sides[1]} − {sides[0]}"] = [
        format_value(v, u, signed=True, kpi=k)
        for v, u, k in zip(table["difference"], table["unit"], table["key"], strict=True)
    ]
    out["better"] = table["better"].to_numpy()
    return out


def replication_note(result: PairResult) -> str:
    """How many replications of how long, on which demand: the room should know how much
    to trust a difference."""
    n = result.replications
    more = f"; press 'More' for {MORE_REPLICATIONS}" if n < MORE_REPLICATIONS else ""
    return (
        f"{n} replications of {result.horizon_days:g} days each (the first "
        f"{result.warmup_days:g} days are warm-up and not counted), A and B on the same "
        f"random demand (seed {result.seed}, replications 1-{n}){more}."
    )


def replication_note_short(n: int) -> str:
    """The run size in a few words, for the sidebar."""
    return f"{n} replications of {DEMO_DAYS:g} days per policy, the same demand for A and B."


def replay_logs(result: PairResult, replication: int = 0) -> dict[str, pd.DataFrame]:
    """Each policy's issue log of one replication, for the map."""
    iss = result.issues
    one = iss[iss["replication"] == replication]
    return {str(v): g for v, g in one.groupby(one["variant"].astype(str), sort=False)}


__all__ = [
    "DemoPathError",
    "PairResult",
    "Policy",
    "add_demo_arguments",
    "allowed_dirs",
    "default_preset",
    "file_digest",
    "kpi_table",
    "list_presets",
    "load_preset",
    "parse_app_arguments",
    "policy_of",
    "policy_overrides",
    "policy_scenarios",
    "resolve_scenario",
    "run_demo",
    "simulate",
]
