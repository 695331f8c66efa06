"""Why targets are missed: each issue's time to a target split into the parts a lever acts on.

The issue log records, per issue, when it was reported, triaged (`queued_min`), dispatched,
on site, planned and resolved. Between those milestones the time to a target is split into:

- ``off_duty``: waiting for someone on duty. A report that arrives while neither the grid
  worker nor the hall's duty desk is on shift waits until one of them is; a triaged issue
  whose responders are off shift (a crew colour's day roster, with its night on-call roster
  for an urgent issue) waits until they are. Read from the scenario's rosters, shift hours
  and calendar by `gridsim.model.duty.Duty` and `gridsim.model.roster.shift_runs`, the
  model's own functions. A wait that a queue carries past the end of a shift is the queue's.
- ``triage``: the rest of report -> triage (queueing for the grid worker or the desk, the
  triage itself, and a hotline order's transfer through the town).
- ``crew_queue``: the rest of triage -> dispatch (waiting for a free responder).
- ``travel``: dispatch -> on site (a night call-out's extra minutes included).
- ``work``: on site -> resolved, up to the issue's work time (routine issues).
- ``escalation``: the rest of the time to resolution or plan: a rung, a meeting, a plan.

The parts are never negative and add up exactly to the time the KPI measures; an issue that
did not get there by the horizon counts, as in the KPIs, at its time open (horizon - report),
its unreached milestones at the horizon. Only problems reported after the warm-up count,
as in `gridsim.stats.kpis` (volunteers' services are held to no target).

`lever_ceiling` bounds what a lever (a scenario path) could reach: remove every part the lever
can shorten, never any other, and count the issues that would then meet the target.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from gridsim.i18n import _
from gridsim.model.duty import Duty
from gridsim.model.roster import shift_runs
from gridsim.scenario.goals import Goal
from gridsim.scenario.schema import CREW_COLOURS, Scenario
from gridsim.units import MINUTES_PER_DAY, MINUTES_PER_HOUR

__all__ = [
    "GROUPINGS",
    "LEVERS",
    "PARTS",
    "TARGETS",
    "TARGET_PARTS",
    "Ceiling",
    "Target",
    "decompose",
    "duty_runs",
    "issue_parts",
    "lever_ceiling",
    "lever_parts",
    "lever_words",
    "next_on",
    "off_time",
]

PARTS = ("off_duty", "triage", "crew_queue", "travel", "work", "escalation")
"""The parts of a time to a target, in the order they happen."""

TARGET_PARTS = {
    "on_site": ("off_duty", "triage", "crew_queue", "travel"),
    "resolved": PARTS,
    "plan": ("off_duty", "triage", "crew_queue", "travel", "escalation"),
}
"""The parts a target's time can have (the others are always 0 for it)."""

GROUPINGS = ("all", "kind", "hour", "weekday", "month", "grid")
"""What the misses are grouped by: nothing, kind, hour of day and weekday of the report,
month (the season), grid."""

WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class Target:
    """One of the "三个一" targets: its KPI, its time field in `targets`, the milestone that
    ends it, and which issues it counts (`routine`, `complex`, or '' for all)."""

    name: str
    kpi: str
    field: str
    end: str
    among: str


TARGETS = {
    "on_site": Target("on_site", "target_on_site_share", "on_site_min", "on_site_min", ""),
    "resolved": Target(
        "resolved", "target_resolved_share", "routine_resolved_min", "resolved_min", "routine"
    ),
    "plan": Target("plan", "target_plan_share", "complex_plan_min", "plan_min", "complex"),
}
"""The targets by name (the names of `decompose`'s `target` column)."""

Runs = tuple[np.ndarray, np.ndarray] | None
"""Merged on-duty intervals (starts, ends); None: on duty all the time."""


# ------------------------------------------------------------------------------------------
# On duty


def duty_runs(sc: Scenario, groups: tuple[str, ...]) -> Runs:
    """When any of ``groups`` is on duty over the run, by their rosters (else the calendar's
    shift), as merged intervals; None when one of them is on duty all the time."""
    horizon = sc.calendar.horizon_days * MINUTES_PER_DAY
    duty = Duty(sc, horizon)
    spans: list[tuple[float, float]] = []
    for group in groups:
        shifts = duty.roster(group)
        if shifts is None:
            return None
        last_day = math.ceil(sc.calendar.horizon_days) + 1
        spans += [(r.start, r.end) for r in shift_runs(shifts, duty.days, -1, last_day)
                  if r.count != 0]  # fmt: skip
    merged: list[list[float]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return np.array([s for s, _e in merged], float), np.array([e for _s, e in merged], float)


def next_on(runs: Runs, t: np.ndarray) -> np.ndarray:
    """The first minute at or after each time ``t`` when someone is on duty (inf: never)."""
    if runs is None:
        return t.copy()
    starts, ends = runs
    k = np.searchsorted(starts, t, side="right") - 1
    on = (k >= 0) & (t < ends[np.maximum(k, 0)]) if len(starts) else np.zeros(len(t), bool)
    later = np.append(starts, np.inf)[np.minimum(k + 1, len(starts))]
    return np.where(on, t, later)


def off_time(runs: Runs, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Minutes of each interval [a, b] spent waiting for the start of a shift: from ``a``
    until someone is next on duty (a wait that a queue carries past the end of a shift is
    the queue's, not counted here)."""
    return np.clip(np.minimum(next_on(runs, a), b) - a, 0.0, None)


def _triage_off(log: pd.DataFrame, sc: Scenario, r: np.ndarray, q: np.ndarray,
                urgent: np.ndarray) -> np.ndarray:  # fmt: skip
    """Minutes each report waited for someone on duty to take it, as `Intake` routes it: a
    walk-in to the hall's duty desk; another report to the desk when it arrives (after a
    hotline order's transfer) while the desk is on and the grid worker off, else to the
    grid worker. Zero when triage takes nobody's time (`staff.triage: free`)."""
    if sc.staff.triage != "grid_worker" or sc.staff.triage_min <= 0:
        return np.zeros(len(r))
    channel = _labels(log["channel"])
    arrive = np.minimum(r + _transfer(sc, channel, urgent), q)
    worker = duty_runs(sc, ("grid_worker",))
    off = off_time(worker, arrive, q)
    if "hall" not in sc.staff.rosters:
        return off
    desk = duty_runs(sc, ("hall",))
    walk_in = np.isin(channel, [n for n, c in sc.demand.channels.items() if c.hall])
    by_desk = walk_in | ((next_on(desk, arrive) == arrive) & (next_on(worker, arrive) > arrive))
    return np.where(by_desk, off_time(desk, arrive, q), off)


def _transfer(sc: Scenario, channel: np.ndarray, urgent: np.ndarray) -> np.ndarray:
    """Minutes a hotline order takes to reach the community (orders.transfer_min)."""
    out = np.zeros(len(channel))
    if not sc.orders.enabled:
        return out
    urgent_table = sc.orders.transfer_min | sc.orders.urgent_transfer_min
    for table, which in ((sc.orders.transfer_min, ~urgent), (urgent_table, urgent)):
        for name, minutes in table.items():
            out[(channel == name) & which] = minutes
    return out


def _responder_groups(sc: Scenario, handler: str, urgent: bool) -> tuple[str, ...]:
    """Who can answer an issue of this handler: the colour's crews, and its night on-call
    crew for an urgent issue; otherwise the handler's own group."""
    if handler in CREW_COLOURS and urgent and getattr(sc.staff.on_call, handler):
        return handler, f"{handler}_on_call"
    return (handler,)


def _urgent(log: pd.DataFrame, sc: Scenario) -> np.ndarray:
    """Whether each issue is urgent, by its kind's `urgent` rule and its severity."""
    rules = {k: v.urgent for k, v in sc.demand.kinds.items()}
    kind = _categorical(log["kind"])
    rule = np.array([rules.get(str(k), "never") for k in kind.categories] + ["never"])
    of_issue = rule[kind.codes]  # code -1 (null): the last, never
    high = _labels(log["severity"]) == "high"
    return (of_issue == "always") | ((of_issue == "high") & high)


# ------------------------------------------------------------------------------------------
# Parts per issue


def _counted(log: pd.DataFrame, sc: Scenario, target: Target) -> pd.DataFrame:
    """The issues a target's KPI counts: problems reported after the warm-up, of the
    target's sort (routine, complex)."""
    warmup = sc.calendar.warmup_days * MINUTES_PER_DAY
    horizon = sc.calendar.horizon_days * MINUTES_PER_DAY
    reported = log["reported_min"].to_numpy(float)
    keep = (reported >= warmup) & (reported < horizon) & (_labels(log["handler"]) != "volunteer")
    if target.among:
        keep &= log[target.among].fillna(False).to_numpy(bool)
    return log[keep]


def _categorical(column: pd.Series) -> pd.Categorical:
    """A column as a categorical (the log's text columns already are)."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        return pd.Categorical(column)
    return pd.Categorical(column.astype(object))


def _labels(column: pd.Series) -> np.ndarray:
    """A column's values as a numpy array of str ('' for null), fast for a categorical."""
    cat = _categorical(column)
    names = np.array([str(c) for c in cat.categories] + [""], dtype=object)
    return names[cat.codes]


def _when(reported: np.ndarray, sc: Scenario) -> dict[str, Any]:
    """Hour of day, weekday and month of each report."""
    day = np.floor(reported / MINUTES_PER_DAY).astype(np.int64)
    start = np.datetime64(sc.calendar.start_date, "D")
    dates = start + day.astype("timedelta64[D]")
    month = dates.astype("datetime64[M]").astype(np.int64) % 12 + 1
    weekday = (sc.calendar.start_date.weekday() + day) % 7
    hour = np.floor((reported - day * MINUTES_PER_DAY) / MINUTES_PER_HOUR).astype(np.int64)
    names = pd.Categorical.from_codes(weekday, categories=pd.Index(WEEKDAY_NAMES))
    return {"hour": hour, "weekday": names, "month": month}


def _split(log: pd.DataFrame, sc: Scenario, target: Target) -> dict[str, np.ndarray]:
    """The parts of each issue's time to the target (see the module's docstring)."""
    horizon = sc.calendar.horizon_days * MINUTES_PER_DAY
    reported = log["reported_min"].to_numpy(float)
    end = log[target.end].to_numpy(float)
    end = np.where(np.isnan(end), horizon, end)
    marks = [reported]
    for col in ("queued_min", "dispatched_min", "on_site_min"):
        m = log[col].to_numpy(float)
        marks.append(np.minimum(np.maximum(np.where(np.isnan(m), end, m), marks[-1]), end))
    r, q, d, s = marks
    handler, urgent = _labels(log["handler"]), _urgent(log, sc)
    off = _triage_off(log, sc, r, q, urgent)
    crew_off = np.zeros(len(log))
    for h in np.unique(handler):
        for u in (False, True):
            at = (handler == h) & (urgent == u)
            if at.any():
                runs = duty_runs(sc, _responder_groups(sc, str(h), u))
                crew_off[at] = off_time(runs, q[at], d[at])
    rest = end - s
    work = np.minimum(rest, np.nan_to_num(log["work_min"].to_numpy(float)))
    if target.name == "plan":
        work = np.zeros(len(log))
    return {
        "time": end - r,
        "off_duty": off + crew_off,
        "triage": (q - r) - off,
        "crew_queue": (d - q) - crew_off,
        "travel": s - d,
        "work": work,
        "escalation": rest - work,
    }


def _variant_scenarios(sc: Scenario | Mapping[str, Scenario], names: list[str]
                       ) -> dict[str, Scenario]:  # fmt: skip
    """Each variant's scenario: given, or the base's variant, else the base itself (a sweep's
    design point shares the base's rosters unless the caller gives its scenario)."""
    if isinstance(sc, Mapping):
        base = next(iter(sc.values()))
        return {n: sc.get(n, base) for n in names}
    from gridsim.scenario import variant_scenarios

    known = [n for n in names if n in sc.variants]
    by_name = variant_scenarios(sc, known) if known else {"base": sc}
    return {n: by_name.get(n, sc) for n in names}


def issue_parts(
    log: pd.DataFrame, sc: Scenario | Mapping[str, Scenario], target: str = "on_site"
) -> pd.DataFrame:
    """One row per issue the target counts: variant, replication, kind, grid, hour, weekday,
    month, its time to the target (`time`, minutes), `missed`, and the parts (PARTS), which
    add up to `time`. ``sc`` is the run's scenario, or a scenario per variant."""
    spec = TARGETS[target]
    labels = _labels(log["variant"]) if "variant" in log.columns else np.full(len(log), "base")
    names = [str(v) for v in pd.unique(labels)]
    frames = []
    for name, scenario in _variant_scenarios(sc, names).items():
        mine = _counted(log[labels == name], scenario, spec)
        reported = mine["reported_min"].to_numpy(float)
        limit = getattr(scenario.targets, spec.field)
        frame = pd.DataFrame({
            "variant": name,
            "replication": mine["replication"].to_numpy() if "replication" in mine else 0,
            "kind": _categorical(mine["kind"]).remove_unused_categories(),
            "grid": _categorical(mine["grid"]).remove_unused_categories(),
            **_when(reported, scenario),
            "missed": ~(mine[spec.end].to_numpy(float) - reported <= limit),
            **_split(mine, scenario, spec),
        })  # fmt: skip
        frames.append(frame)
    if not frames:
        return pd.DataFrame(columns=["time"])
    out = pd.concat(frames, ignore_index=True)
    out["variant"] = pd.Categorical(out["variant"], categories=names)
    return out


# ------------------------------------------------------------------------------------------
# The table

COLUMNS = ["variant", "target", "by", "group", "issues", "miss_share", "misses", "part",
           "minutes"]  # fmt: skip


def decompose(
    log: pd.DataFrame,
    sc: Scenario | Mapping[str, Scenario],
    targets: tuple[str, ...] = tuple(TARGETS),
    by: tuple[str, ...] = GROUPINGS,
) -> pd.DataFrame:
    """Why each target is missed, as a tidy table: per variant, target, grouping (`by`) and
    group, the issues counted, the share missing the target, the misses, and the mean
    minutes of each part over the misses (one row per part: `part`, `minutes`)."""
    out = []
    for target in targets:
        parts = issue_parts(log, sc, target)
        if len(parts):
            out += [_grouped(parts, target, grouping) for grouping in by]
    return pd.concat(out, ignore_index=True)[COLUMNS] if out else pd.DataFrame(columns=COLUMNS)


def _grouped(parts: pd.DataFrame, target: str, grouping: str) -> pd.DataFrame:
    """The rows of `decompose` for one target and grouping."""
    key = ["variant"] if grouping == "all" else ["variant", grouping]
    counts = parts.groupby(key, sort=True, observed=True)["missed"].agg(["size", "mean", "sum"])
    means = parts[parts["missed"]].groupby(key, sort=True, observed=True)[list(PARTS)].mean()
    table = counts.join(means, how="left").reset_index()
    n = len(table)
    group = table[grouping].astype(str).to_numpy() if grouping != "all" else np.full(n, "all")
    return pd.DataFrame({
        "variant": np.repeat(table["variant"].astype(str).to_numpy(), len(PARTS)),
        "target": target,
        "by": grouping,
        "group": np.repeat(group, len(PARTS)),
        "issues": np.repeat(table["size"].to_numpy(), len(PARTS)),
        "miss_share": np.repeat(table["mean"].to_numpy(float), len(PARTS)),
        "misses": np.repeat(table["sum"].to_numpy(), len(PARTS)),
        "part": np.tile(np.array(PARTS), n),
        "minutes": table[list(PARTS)].to_numpy(float).reshape(-1),
    })  # fmt: skip


# ------------------------------------------------------------------------------------------
# What a lever can reach


LEVERS = {
    "staff.crews": (("crew_queue",), "more crews"),
    "policy.dispatch": (("crew_queue",), "another dispatch rule"),
    "policy.queue": (("crew_queue",), "another queue order"),
    "staff.grid_workers": (("triage",), "more grid workers"),
    "staff.triage": (("triage",), "faster triage"),
    "orders.transfer_min": (("triage",), "a faster hotline transfer"),
    "orders.urgent_transfer_min": (("triage",), "a faster hotline transfer"),
    "calendar.shift": (("off_duty",), "other shift hours"),
    "calendar.holidays": (("off_duty",), "other holidays"),
    "staff.on_call": (("off_duty",), "night on-call"),
    "staff.rosters": (("off_duty",), "other rosters"),
    "community.travel": (("travel",), "faster travel"),
    "staff.callout_min": (("travel",), "faster call-outs"),
    "community.hall_x_km": (("travel",), "another place for the hall"),
    "community.hall_y_km": (("travel",), "another place for the hall"),
    "ladder": (("escalation",), "a faster ladder"),
    "policy.joint_meeting": (("escalation",), "more frequent joint meetings"),
    "policy.escalate": (("escalation",), "other escalation rules"),
    "staff.grid_leaders": (("escalation",), "more grid leaders"),
    "staff.committee": (("escalation",), "a larger committee"),
}
"""The parts each lever (a scenario path, by its longest matching prefix) can shorten, and
the lever in words: crews and how they are dispatched the wait for a crew; grid workers,
triage and the hotline's transfer the triage; shift hours, rosters and night on-call the
wait for someone on duty; speeds, call-outs and the hall's place the travel; the ladder's
rungs and meetings the escalation. A lever on crews also leaves only a trip's overhead of
the travel (the crew sent could be nearer). A lever missing here (e.g. demand) cannot be
bounded."""


def _lever(lever_path: str) -> tuple[tuple[str, ...], str] | None:
    found = [p for p in LEVERS if lever_path == p or lever_path.startswith(p + ".")]
    return LEVERS[max(found, key=len)] if found else None


def lever_words(lever_path: str) -> str:
    """The lever in the planner's words ('more repair crews'), in the language in use."""
    colour = _colour(lever_path)
    if colour is not None and lever_path.startswith("staff.crews."):
        return _("more {colour} crews").format(colour=_(colour))
    if colour is not None:
        return _("night on-call {colour} crews").format(colour=_(colour))
    known = _lever(lever_path)
    return _(known[1]) if known else lever_path


def lever_parts(lever_path: str) -> tuple[str, ...] | None:
    """The parts a lever can shorten (None: a lever this cannot bound)."""
    known = _lever(lever_path)
    return known[0] if known else None


@dataclass(frozen=True)
class Ceiling:
    """The best a target share could be with a lever: an upper bound from the log."""

    goal: Goal
    lever: str
    value: float
    """The share of issues that would meet the target with the lever's parts removed."""
    parts: tuple[str, ...]
    """The parts the lever can shorten (removed entirely for the bound)."""
    now: float
    """The share meeting the target in the log (for comparison)."""
    reason: str
    """The bound in words, in the language in use when it was computed."""

    @property
    def reachable(self) -> bool:
        """Whether the bound leaves the goal within reach of the lever."""
        return self.goal.met_by(self.value)


def _scoped(parts: pd.DataFrame, scope: str) -> pd.DataFrame:
    what, _sep, name = scope.partition(":")
    if what in ("kind", "grid"):
        return parts[parts[what] == name]
    return parts


def lever_ceiling(
    log: pd.DataFrame,
    scenario: Scenario,
    goal: Goal,
    lever_path: str,
    variant: str | None = None,
) -> Ceiling | None:
    """The best ``goal``'s target share could be if the lever at ``lever_path`` (e.g.
    ``staff.crews.repair``) removed every part of the time it can shorten (`LEVERS`), all
    else as in the log of ``variant`` (default: the log's first). An upper bound: each
    issue's time less those parts meets the target or not; a lever for one crew colour only
    touches that colour's issues. None when the goal is not a target share (or has a staff
    scope), or the lever is not one `LEVERS` knows."""
    target = next((t for t in TARGETS.values() if t.kpi == goal.kpi), None)
    removable = lever_parts(lever_path)
    if target is None or removable is None or goal.scope.startswith("staff:"):
        return None
    log = log if "variant" in log.columns else log.assign(variant="base")
    labels = _labels(log["variant"])
    variant = variant or (str(labels[0]) if len(labels) else "base")
    mine = log[labels == variant]
    parts = _scoped(issue_parts(mine, scenario, target.name), goal.scope)
    if not len(parts):
        return None
    cut = parts[list(removable)].sum(axis=1).to_numpy(float)
    if "crew_queue" in removable:  # another crew could be nearer: a trip's overhead is left
        floor = scenario.community.travel.overhead_min
        cut = cut + np.clip(parts["travel"].to_numpy(float) - floor, 0.0, None)
    colour = _colour(lever_path)
    if colour is not None:
        cut = np.where(_handlers(mine, scenario, target, goal.scope) == colour, cut, 0.0)
    limit = getattr(scenario.targets, target.field)
    best = _share(parts, (parts["time"].to_numpy(float) - cut) <= limit + 1e-9)
    now = _share(parts, ~parts["missed"].to_numpy(bool))
    reason = ceiling_reason(goal, lever_path, best, removable, parts, scenario)
    return Ceiling(goal, lever_path, best, removable, now, reason)


def _share(parts: pd.DataFrame, hit: np.ndarray) -> float:
    """Mean over replications of the share of issues hitting (as the KPI's mean is)."""
    frame = pd.DataFrame({"r": parts["replication"].to_numpy(), "hit": hit})
    return float(frame.groupby("r")["hit"].mean().mean())


def _colour(lever_path: str) -> str | None:
    """The crew colour a lever is about (staff.crews.repair -> repair), if any."""
    bits = lever_path.split(".")
    if len(bits) >= 3 and bits[0] == "staff" and bits[1] in ("crews", "on_call"):
        return bits[2] if bits[2] in CREW_COLOURS else None
    return None


def _handlers(log: pd.DataFrame, sc: Scenario, target: Target, scope: str) -> np.ndarray:
    """The handler of each issue `issue_parts` keeps for this target and scope."""
    mine = _counted(log, sc, target)
    what, _sep, name = scope.partition(":")
    if what in ("kind", "grid"):
        mine = mine[_labels(mine[what]) == name]
    return _labels(mine["handler"])


def ceiling_reason(goal: Goal, lever: str, best: float, removable: tuple[str, ...],
                   parts: pd.DataFrame, sc: Scenario) -> str:  # fmt: skip
    """'more repair crews cannot reach 90% on site within 10 min: even with no wait for a
    crew at most 16% would be; 40% of reports wait for someone on duty, 12.4 h on
    average'."""
    from gridsim.stats.goals import goal_label
    from gridsim.views.amounts import amount, time_text

    words = {"lever": lever_words(lever), "goal": goal_label(goal, sc.targets),
             "value": amount(goal.value, "share", 0), "best": amount(best, "share", 0),
             "parts": _(" or ").join(_(PART_WORDS[p]) for p in removable)}  # fmt: skip
    if goal.met_by(best):
        return _("{lever} could reach {value} {goal}: with no {parts} up to {best} "
                 "would be").format(**words)  # fmt: skip
    text = _("{lever} cannot reach {value} {goal}: even with no {parts} at most {best} "
             "would be").format(**words)  # fmt: skip
    waiting = parts["off_duty"].to_numpy(float) > 0
    if "off_duty" not in removable and waiting.any():
        text += _("; {share} of reports wait for someone on duty, {time} on average").format(
            share=amount(float(waiting.mean()), "share", 0),
            time=time_text(float(parts["off_duty"].to_numpy(float)[waiting].mean())),
        )
    return text


PART_WORDS = {
    "off_duty": "waiting for someone on duty",
    "triage": "triage",
    "crew_queue": "wait for a crew",
    "travel": "travel",
    "work": "work",
    "escalation": "waiting for a rung, a meeting or a plan",
}
"""What each part is called (translated at use)."""
