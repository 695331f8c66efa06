"""A run's issue log as an event log for process-mining tools (pm4py, and the many that read
the same XES names): one row per event of each issue, so a researcher can discover the
process map, check conformance or replay the run with their own animation tools.

Columns, in pm4py's names: `case:concept:name` (the issue id, as text), `concept:name` (the
activity), `time:timestamp` (the calendar's start date plus the log's minutes),
`org:resource` (who acted, as far as the log says: the first responder's crew; else the
role the model gives the step; for a plan, and a resolution above the first responder, the
highest rung the issue reached, since the log does not record which rung decided), then the
issue's `kind` and `grid`.

Activities are those the issue log times, never a time it does not hold:

- `reported` (reported_min; `found` for a latent problem a patrol or screening found,
  `scheduled` for a scheduled visit), by the resident, the finder, or the schedule;
- `triaged` (queued_min: the grid worker's or the hall's triage ended; for a work order that
  is also its sign-off, signed_min, so no second event), by `intake`;
- `dispatched` and `on site` (dispatched_min, on_site_min), by the first responder (crew);
- `escalated to <rung>` (the highest rung the issue reached, `level`; `escalated above
  town` for one that needed more than the town) at the end of the first responder's work,
  on_site_min + work_min: that is when an issue its first responder cannot settle is handed
  up (gridsim.model.ladder); one that needs no higher rung is resolved at that moment
  instead. The log holds the highest rung, not when each rung took the issue, so there is
  one such event, not one per rung; none for a dispute (its mediation sessions are not that
  work) or for an issue whose level rose by supervision alone (its first responder
  resolved it);
- `supervised` (supervised_min: first supervised as overdue), by `supervision`;
- `planned` (plan_min: a plan decided by the committee or above), by the rung (above);
- `resolved` (resolved_min), by the first responder when it settled the issue, else the rung;
- `closed` (closed_min: the work order closed after the grid worker's check), by
  `grid_worker`.

Not events: created_min (a problem's onset, which only a simulation knows and no platform
logs), deadlines (due dates, not things that happened), call-backs and reopenings (counted,
not timed). An issue nobody reported or found by the horizon has no event.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from gridsim.model.rungs import Rung
from gridsim.scenario.schema import HANDLERS, LEVELS, Scenario
from gridsim.units import MINUTES_PER_DAY

__all__ = ["COLUMNS", "escalation", "event_log"]

CASE, ACTIVITY, TIMESTAMP, RESOURCE = (
    "case:concept:name",
    "concept:name",
    "time:timestamp",
    "org:resource",
)
COLUMNS = (CASE, ACTIVITY, TIMESTAMP, RESOURCE, "kind", "grid")
"""The event log's columns: pm4py's (XES) names, then the issue's kind and grid."""

FOUND_CHANNELS = ("patrol", "screening")
"""Channels of a latent problem that was found (its report is the finding)."""
SCHEDULE_CHANNEL = "schedule"
DISPUTE = HANDLERS[HANDLERS.index("mediation")]
"""The handler of a dispute: its path is mediation sessions, not a first response's work."""

TOUCH_MIN = 1e-6
"""Minutes within which the first responder's end of work and a resolution are one moment
(the two are summed in a different order)."""


def event_log(issues: pd.DataFrame, scenario: Scenario) -> pd.DataFrame:
    """The events of one run's issues (one variant and replication of an issue log), sorted
    by case then time, in pm4py's column names (see the module's docstring)."""
    if {"variant", "replication"} <= set(issues.columns):
        runs = issues[["variant", "replication"]].drop_duplicates()
        if len(runs) > 1:
            raise ValueError(f"issues of {len(runs)} runs: pick one variant and replication")
    iss = issues.reset_index(drop=True)
    horizon = scenario.calendar.horizon_days * MINUTES_PER_DAY
    parts = [_events(iss, *event) for event in _timed(iss, horizon)]
    table = pd.concat(parts, ignore_index=True)
    start = pd.Timestamp(scenario.calendar.start_date)
    table[TIMESTAMP] = start + pd.to_timedelta(table.pop("minute").to_numpy(), unit="min")
    table = table.sort_values(["issue", TIMESTAMP], kind="stable")  # ties: lifecycle order
    table[CASE] = table.pop("issue").astype(str)
    return table[list(COLUMNS)].reset_index(drop=True)


def _minutes(iss: pd.DataFrame, column: str) -> np.ndarray:
    return pd.to_numeric(iss[column], errors="coerce").to_numpy(dtype=float)


def _text(iss: pd.DataFrame, column: str) -> np.ndarray:
    """A categorical column as text ('' where null)."""
    return iss[column].astype(object).where(iss[column].notna(), "").astype(str).to_numpy()


Timed = tuple[np.ndarray, np.ndarray | str, np.ndarray | str]
"""(minute, activity, resource) of one kind of event; minute NaN: no such event."""


def _timed(iss: pd.DataFrame, horizon: float) -> list[Timed]:
    """Every kind of event the log times, one entry per column of minutes, in the
    lifecycle's order (which orders events at the same minute: triaged before dispatched)."""
    channel, crew, level = _text(iss, "channel"), _text(iss, "crew"), _text(iss, "level")
    found = np.isin(channel, FOUND_CHANNELS) & iss["latent"].to_numpy(dtype=bool)
    scheduled = channel == SCHEDULE_CHANNEL
    first = np.where(found, "found", np.where(scheduled, "scheduled", "reported"))
    reporter = np.where(found, channel, np.where(scheduled, "schedule", "resident"))
    handed_up, resolved_first = _hand_up(iss, horizon)
    rung = np.array([LEVELS[min(LEVELS.index(v), Rung.TOWN)] if v else "" for v in level])
    escalated = np.array([escalation(v) for v in level])
    return [
        (_minutes(iss, "reported_min"), first, reporter),
        (_minutes(iss, "queued_min"), "triaged", "intake"),
        (_minutes(iss, "dispatched_min"), "dispatched", crew),
        (_minutes(iss, "on_site_min"), "on site", crew),
        (_minutes(iss, "supervised_min"), "supervised", "supervision"),
        (handed_up, escalated, crew),
        (_minutes(iss, "plan_min"), "planned", rung),
        (_minutes(iss, "resolved_min"), "resolved", np.where(resolved_first, crew, rung)),
        (_minutes(iss, "closed_min"), "closed", "grid_worker"),
    ]


def escalation(level: str) -> str:
    """The activity of an issue handed up that reached ``level``: 'escalated to grid
    leader', ..., 'escalated to town', 'escalated above town'."""
    if level == LEVELS[Rung.ABOVE_TOWN]:
        return "escalated above town"
    return f"escalated to {level.replace('_', ' ')}"


def _hand_up(iss: pd.DataFrame, horizon: float) -> tuple[np.ndarray, np.ndarray]:
    """(minute each issue was handed up the ladder, NaN: never or not timed; whether its
    first responder resolved it). The first responder's work ends at on_site_min + work_min;
    an issue above the grid worker not resolved then was handed up then (not a dispute:
    mediation's sessions are not that work)."""
    done = _minutes(iss, "on_site_min") + _minutes(iss, "work_min")
    resolved = _minutes(iss, "resolved_min")
    with np.errstate(invalid="ignore"):
        resolved_first = np.abs(resolved - done) <= TOUCH_MIN
        above = iss["level"].astype(object).isin(LEVELS[Rung.GRID_LEADER :]).to_numpy()
    dispute = iss["handler"].astype(object).to_numpy() == DISPUTE
    timed = above & ~dispute & ~resolved_first & (done < horizon)
    return np.where(timed, done, np.nan), resolved_first & ~dispute


def _events(
    iss: pd.DataFrame, minute: np.ndarray, activity: np.ndarray | str, resource: np.ndarray | str
) -> pd.DataFrame:
    """The rows of one kind of event: the issues whose minute is known."""
    at = ~np.isnan(minute)
    n = len(iss)
    return pd.DataFrame(
        {
            "issue": iss["issue_id"].to_numpy()[at],
            ACTIVITY: np.broadcast_to(activity, n)[at],
            "minute": minute[at],
            RESOURCE: np.broadcast_to(resource, n)[at],
            "kind": _text(iss, "kind")[at],
            "grid": _text(iss, "grid")[at],
        }
    )
