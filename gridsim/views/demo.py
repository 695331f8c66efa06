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
``<side>_<group>_hours``    hours on duty of ``grid_worker``, ``repair``, ``cleaning``,
                            ``patrol``, ``fire`` (range slider, 0-24 by half hours)
``<side>_<colour>_on_call`` night on-call crews of a colour, 0-5 (slider)
``lang``                    language: en or zh (sidebar; or ``gridsim demo --lang``)
``export``                  download button: the A/B record for the meeting (HTML)
``preset``                  the scenario file (select box, sidebar)
``facilitator``             facilitator mode: controls hidden, big type, the goals met
                            or missed (toggle, sidebar; or the URL ``?facilitator=1``, or
                            ``gridsim demo --facilitator``)
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

from gridsim.i18n import _
from gridsim.scenario import (
    Problem,
    Scenario,
    ScenarioError,
)
from gridsim.scenario.goals import Goal, Practical
from gridsim.scenario.schema import CREW_COLOURS
from gridsim.scenario.targets import Targets
from gridsim.stats.compare import direction, kpi_label
from gridsim.stats.goals import Verdict, verdicts
from gridsim.stats.intervals import mean_ci
from gridsim.stats.kpis import reached_flag, undefined_text
from gridsim.stats.summary import intervals
from gridsim.units import MINUTES_PER_DAY
from gridsim.views.amounts import amount, difference
from gridsim.views.animate import replay_horizon
from gridsim.views.demo_launch import (  # the CLI and the app read them here
    add_demo_arguments,
    parse_app_arguments,
    run_demo,
)
from gridsim.views.demo_levers import (
    GROUP_NAMES,
    HOUR_GROUPS,
    Hours,
    group_hours,
    hour_text,
    hours_overrides,
    impossible,
    plain_problem,
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
    ("staff_cost_per_year", "community"),
)
"""The KPIs the room sees, in this order (the crew colours' own rows follow); the work
orders' rates only when the preset has work orders (`ORDER_RATES`), the staff cost only when
the preset prices its staff."""

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
    grid_worker_hours: Hours
    repair_hours: Hours
    cleaning_hours: Hours
    patrol_hours: Hours
    fire_hours: Hours
    repair_on_call: int
    cleaning_on_call: int
    patrol_on_call: int
    fire_on_call: int

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
        **_levers_of(scenario),
    )  # fmt: skip


def _levers_of(scenario: Scenario) -> dict[str, Any]:
    """The hours and night on-call levers' starting values."""
    out: dict[str, Any] = {f"{g}_hours": group_hours(scenario, g) for g in HOUR_GROUPS}
    return out | {f"{c}_on_call": getattr(scenario.staff.on_call, c) for c in CREW_COLOURS}


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
    out.update(hours_overrides(scenario, hours_of(policy), on_call_of(policy)))
    return out


def hours_of(policy: Policy) -> dict[str, Hours]:
    """The hours lever of each group."""
    return {g: tuple(getattr(policy, f"{g}_hours")) for g in HOUR_GROUPS}


def on_call_of(policy: Policy) -> dict[str, int]:
    """The night on-call lever of each colour."""
    return {c: getattr(policy, f"{c}_on_call") for c in CREW_COLOURS}


def field_names() -> dict[str, str]:
    """Each control's name for the room, in the language in use."""
    crews = {c: _("{colour} crews").format(colour=_(c)) for c in CREW_COLOURS}
    hours = {f"{g}_hours": _("hours of the {who}").format(who=_(GROUP_NAMES[g]))
             for g in HOUR_GROUPS}  # fmt: skip
    on_call = {f"{c}_on_call": _("night on-call {colour} crews").format(colour=_(c))
               for c in CREW_COLOURS}  # fmt: skip
    return {
        **crews, "volunteers": _("volunteers"), "grid_workers": _("grid workers"),
        "dispatch": _("dispatch"), "queue": _("queue"), "patrols": _("patrols a day"),
        "joint_meeting": _("joint meeting every (days)"), **hours, **on_call,
    }  # fmt: skip


def policy_differences(a: Policy, b: Policy) -> list[str]:
    """What B changes from A, in words for the room ("repair crews 2 → 4")."""
    names = field_names()
    out = []
    for field in POLICY_FIELDS:
        va, vb = getattr(a, field), getattr(b, field)
        if va != vb:
            out.append(f"{names[field]} {_shown(field, va)} → {_shown(field, vb)}")
    return out


def _shown(field: str, value: Any) -> str:
    if field == "grid_workers":
        return _(GRID_WORKER_MODES.get(value, str(value)))
    if field.endswith("_hours"):
        return f"{hour_text(value[0])}-{hour_text(value[1])}"
    if field in ("dispatch", "queue"):
        return _(value)
    return f"{value:g}" if isinstance(value, float) else str(value)


def describe_policy(p: Policy) -> str:
    """A one-line summary of a policy (the facilitator view shows it instead of controls)."""
    crews = ", ".join(f"{_(c)} {getattr(p, c)}" for c in CREW_COLOURS)
    on_call = ", ".join(f"{_(c)} {getattr(p, f'{c}_on_call')}" for c in CREW_COLOURS
                        if getattr(p, f"{c}_on_call"))  # fmt: skip
    hours = "; ".join(f"{_(GROUP_NAMES[g])} {_shown(g + '_hours', getattr(p, g + '_hours'))}"
                      for g in HOUR_GROUPS)  # fmt: skip
    return _(
        "crews: {crews}; night on-call: {on_call}; on duty: {hours}; {volunteers} volunteers; "
        "grid workers {mode}; {dispatch} dispatch, {queue}; {patrols} patrol round(s) a day; "
        "joint meeting every {days} days"
    ).format(
        crews=crews, on_call=on_call or _("none"), hours=hours, volunteers=p.volunteers,
        mode=_(GRID_WORKER_MODES.get(p.grid_workers, p.grid_workers)),
        dispatch=_(p.dispatch), queue=_(QUEUE_RULES.get(p.queue, p.queue)),
        patrols=p.patrols, days=f"{p.joint_meeting:g}",
    )  # fmt: skip


# ---------------------------------------------------------------------------------------------
# Running A and B


def demo_horizon(scenario: Scenario, days: float = DEMO_DAYS) -> float:
    """The live runs' length: ``days``, or longer when the warm-up and the replayed week
    need it."""
    return max(days, replay_horizon(scenario, REPLAY_DAYS))


class ImpossiblePolicy(ValueError):
    """A combination of levers that cannot run: what to tell the room (``messages``, in
    residents' words) and the validation's own words (``detail``, for the facilitator)."""

    def __init__(self, messages: list[str], detail: str = "") -> None:
        super().__init__("\n".join(messages))
        self.messages = messages
        self.detail = detail


def _labelled(err: ScenarioError, side: str) -> ScenarioError:
    """The same problems, said to come from policy ``side`` rather than "overrides"."""
    return ScenarioError(Problem(f"policy {side}", None, p.path, p.message) for p in err.problems)


def policy_problems(side: str, policy: Policy) -> list[str]:
    """What the sliders allow but no community could run, in plain words."""
    crews = {c: getattr(policy, c) for c in CREW_COLOURS}
    return impossible(side, hours_of(policy), crews, on_call_of(policy))


def policy_scenarios(
    base: Scenario, policies: Mapping[str, Policy], days: float = DEMO_DAYS
) -> dict[str, Scenario]:
    """A validated, shortened scenario per policy. An impossible combination (no crews of a
    colour some kind of issue needs, a day that ends as it starts...) raises
    `ImpossiblePolicy` naming the policy, in plain words: the scenario's checks first, then
    the demo's own."""
    from gridsim.api import scenario_of

    out = {}
    for side, policy in policies.items():
        found = policy_problems(side, policy)
        detail = ""
        changes = {
            **policy_overrides(policy, base),
            "calendar.horizon_days": demo_horizon(base, days),
        }
        try:
            out[side] = scenario_of(base, changes)
        except ScenarioError as e:
            err = _labelled(e, side)
            plain = [plain_problem(p) for p in err.problems]
            if found:  # the demo's own words already say it: keep the validation's plain ones
                plain = [m for m, p in zip(plain, err.problems, strict=True) if p.message not in m]
            found, detail = [*plain, *found], str(err)
        if found:
            raise ImpossiblePolicy(found, detail)
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
    goals: list[Goal] = dataclasses.field(default_factory=list)
    practical: Practical = dataclasses.field(default_factory=Practical)
    target_spec: Targets | None = None
    """The scenario's targets, for the goals' names ("on site within 10 min")."""


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
        goals=list(first.goals), practical=first.practical, target_spec=t,
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
        if kpi == "staff_cost_per_year" and not sub["value"].fillna(0.0).any():
            continue  # the preset does not price its staff
        unit = str(sub["unit"].iloc[0]) if len(sub) else ""
        row = _row(kpi_label(kpi, scope), kpi, unit, sub, sides, result.practical)
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
            rows.append(_row(label, "on_site_mean_min", "minutes", sub, sides, result.practical))
    return pd.DataFrame(rows)


def _reached(summary: pd.DataFrame, kpi: str, scope: str, side: str) -> bool:
    """False when a percentile KPI was not reached by the horizon in some replication of
    ``side``: its mean is then only a lower bound."""
    s = summary
    flag = s[(s["kpi"] == reached_flag(kpi)) & (s["scope"] == scope)]
    return not bool((flag[flag["variant"].astype(str) == side]["value"] < 1.0).any())


def _row(
    label: str, kpi: str, unit: str, rows: pd.DataFrame, sides: Sequence[str],
    practical: Practical | None = None,
) -> dict:  # fmt: skip
    """A KPI's means and paired difference from its per-replication rows (variant,
    replication, value); a clear difference smaller than the scenario's practical threshold
    is "no practical difference"."""
    wide = rows.assign(variant=rows["variant"].astype(str)).pivot_table(
        index="replication", columns="variant", values="value", aggfunc="mean"
    )
    a, b = (wide[x] if x in wide else pd.Series(np.nan, index=wide.index) for x in sides)
    diffs = (b - a).dropna().to_numpy(float)
    _, low, high = mean_ci(diffs)
    row: dict[str, Any] = {
        "kpi": label, "unit": unit, sides[0]: float(a.mean()), sides[1]: float(b.mean()),
        "difference": float(b.mean() - a.mean()), "low": low, "high": high,
        "better": _verdict(kpi, diffs, low, high, sides), "key": kpi,
    }  # fmt: skip
    small = (practical or Practical()).of(kpi, unit)
    if row["better"] in sides and abs(row["difference"]) < small:
        row["better"] = "no practical difference"
    return row


CHEAPER_IS_BETTER = {"staff_cost_per_year": "lower"}
"""The room's reading of the cost: of two policies, the cheaper is the better on this row
(the statistics leave a cost without a direction)."""


def better_way(kpi: str) -> str | None:
    """Which way is better for ``kpi`` in the room: "lower", "higher" or None."""
    return direction(kpi) or CHEAPER_IS_BETTER.get(kpi)


def _verdict(kpi: str, diffs: np.ndarray, low: float, high: float, sides: Sequence[str]) -> str:
    way = better_way(kpi)
    if len(diffs) == 0:
        return "n/a"
    if np.allclose(diffs, 0.0, atol=1e-9):
        return "same"
    if way is None or math.isnan(low) or (low <= 0.0 <= high):
        return "too close to call"
    b_lower = high < 0.0
    return sides[1] if b_lower == (way == "lower") else sides[0]


def format_value(value: float, unit: str, signed: bool = False, kpi: str = "") -> str:
    """A KPI value for the room (`gridsim.views.amounts`: shares in %, times in min, h or
    days, money in 万元 or CNY), a difference signed (shares in percentage points); a KPI
    without a value says why (e.g. "no such issues"), never "nan"."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return _(undefined_text(kpi))
    if not signed:
        return amount(value, unit)
    return ("-" if value < 0 else "+") + difference(value, unit)


def shown_value(row: dict, side: str) -> str:
    """One side's mean in a `kpi_table` row, "≥ x" when a percentile was not reached by the
    horizon in some replication (then the mean is only a lower bound)."""
    text = format_value(row[side], row["unit"], kpi=row["key"])
    reached = row.get(f"{side} reached", True)
    return text if reached or not text[:1].isdigit() else f"≥ {text}"


BETTER_WORDS = {
    "same": "same",
    "too close to call": "too close to call",
    "not reached by the horizon": "not reached by the horizon",
    "no practical difference": "no practical difference",
    "n/a": "n/a",
}


def display_table(table: pd.DataFrame, sides: Sequence[str] = ("A", "B")) -> pd.DataFrame:
    """`kpi_table` as text in the language in use, the difference signed, for st.dataframe
    (columns: KPI, A, B, B − A, better)."""
    out = pd.DataFrame({"KPI": [_(k) for k in table["kpi"]]})
    for side in sides:
        out[side] = [shown_value(row, side) for row in table.to_dict("records")]
    out[f"{sides[1]} − {sides[0]}"] = [
        format_value(v, u, signed=True, kpi=k)
        for v, u, k in zip(table["difference"], table["unit"], table["key"], strict=True)
    ]
    out[_("better")] = [_(BETTER_WORDS.get(b, b)) for b in table["better"]]
    return out


def goal_verdicts(result: PairResult, sides: Sequence[str] = ("A", "B")) -> list[Verdict]:
    """Each goal of the scenario, met, missed or too close to call, for A and B (from these
    short runs: the room sees the direction, a study decides)."""
    if not result.goals:
        return []
    ci = intervals(result.summary.to_dict("records"))
    return verdicts(ci, result.goals, list(sides))


def replication_note(result: PairResult) -> str:
    """How many replications of how long, on which demand: the room should know how much
    to trust a difference."""
    n = result.replications
    note = _(
        "{n} replications of {days} days each (the first {warmup} days are warm-up and not "
        "counted), A and B on the same random demand (seed {seed}, replications 1-{n})"
    ).format(n=n, days=f"{result.horizon_days:g}", warmup=f"{result.warmup_days:g}",
             seed=result.seed)  # fmt: skip
    if n < MORE_REPLICATIONS:
        note += _("; press 'More' for {n}").format(n=MORE_REPLICATIONS)
    return note + "."


def replication_note_short(n: int) -> str:
    """The run size in a few words, for the sidebar."""
    return _("{n} replications of {days} days per policy, the same demand for A and B.").format(
        n=n, days=f"{DEMO_DAYS:g}"
    )


def replay_logs(result: PairResult, replication: int = 0) -> dict[str, pd.DataFrame]:
    """Each policy's issue log of one replication, for the map."""
    iss = result.issues
    one = iss[iss["replication"] == replication]
    return {str(v): g for v, g in one.groupby(one["variant"].astype(str), sort=False)}


__all__ = [
    "DemoPathError",
    "ImpossiblePolicy",
    "PairResult",
    "Policy",
    "add_demo_arguments",
    "allowed_dirs",
    "default_preset",
    "file_digest",
    "goal_verdicts",
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
