"""Replay state: who is where at minute t of a run, read back from the issue log alone.

Everything comes from the log (`gridsim.model.log`), so a replay shows exactly what the
statistics count and needs no extra bookkeeping in the model. The log records the first
responder of each issue (its crew, when it set off, arrived and how long the work took); a
crew's other movements are inferred: it stays where its last job was and is back at the
service hall when its working day begins again, which is what the model does. Drawing these
states is `gridsim.views.animate`'s part.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from gridsim.scenario import Scenario
from gridsim.units import MINUTES_PER_DAY
from gridsim.views.plots import cell_size

DAY_MIN = MINUTES_PER_DAY

STATES = ("unreported", "waiting", "on the way", "on site", "up the ladder", "resolved")
"""An issue's state at a moment. "unreported": not yet reported or found (not drawn);
"up the ladder": the first responder's work is done but the issue waits for a grid leader,
the committee, a plan or the town (escalated issues would otherwise sit "on site" for
days)."""

SHOWN_STATES = STATES[1:]

RESOLVED_LINGER_MIN = 180.0
"""Resolved issues stay on the map this long, so the room sees them turn green."""

CREW_LETTERS = {"repair": "R", "cleaning": "C", "patrol": "P", "fire": "F", "volunteer": "V"}
_CREW_NAME = re.compile(r"^(repair|cleaning|patrol|fire)-(?:(on-call)-)?(\d+)$")
_VOLUNTEER_NAME = re.compile(r"^volunteer-(\d+)$")


# ---------------------------------------------------------------------------------------------
# Where things are


@dataclass(frozen=True)
class MapLayout:
    """The map's geometry and the calendar facts a replay needs, taken from a scenario."""

    grids: dict[str, tuple[float, float]]
    hall: tuple[float, float]
    start_date: dt.date
    opens: dict[str, float | None]
    """Hour of day each kind of responder starts work ("day", "on-call", "volunteer"):
    idle members are back at the hall then. None: always on duty, never sent home."""

    @classmethod
    def of(cls, scenario: Scenario) -> MapLayout:
        """The layout of ``scenario``'s community, shift and volunteers' hours."""
        com, shift = scenario.community, scenario.calendar.shift
        vol = scenario.staff.volunteers
        always = shift.always_on
        return cls(
            grids={g.name: (g.x_km, g.y_km) for g in com.grids},
            hall=(com.hall_x_km, com.hall_y_km),
            start_date=scenario.calendar.start_date,
            opens={
                "day": None if always else shift.start_hour,
                "on-call": None if always else shift.end_hour,
                "volunteer": None if (vol.start_hour, vol.end_hour) == (0, 24) else vol.start_hour,
            },
        )

    @property
    def cell(self) -> float:
        """Side of a grid's square: 90% of the closest spacing, so neighbours never touch."""
        return cell_size(np.array(list(self.grids.values()), dtype=float).reshape(-1, 2))


# ---------------------------------------------------------------------------------------------
# States at a moment


def _times(issues: pd.DataFrame, column: str) -> np.ndarray:
    """A time column as floats with NaN for "never" (or all NaN when the log lacks it)."""
    if column not in issues:
        return np.full(len(issues), np.nan)
    return pd.to_numeric(issues[column], errors="coerce").to_numpy(float)


def issue_states(issues: pd.DataFrame, t: float) -> np.ndarray:
    """The state (one of `STATES`) of every issue of a log at minute ``t``.

    Only the log's times decide it: reported_min, dispatched_min, on_site_min, work_min (the
    first responder's work) and resolved_min. NaN means the issue never got that far (before
    the run's horizon), so a later state is never reached.
    """
    reported = _times(issues, "reported_min")
    dispatched = _times(issues, "dispatched_min")
    on_site = _times(issues, "on_site_min")
    resolved = _times(issues, "resolved_min")
    work = _times(issues, "work_min")
    done = np.where(np.isnan(work), resolved, on_site + work)  # first responder finished
    with np.errstate(invalid="ignore"):
        conditions = [
            resolved <= t,
            ~(reported <= t),
            (on_site <= t) & (done <= t),
            on_site <= t,
            dispatched <= t,
        ]
    choices = ["resolved", "unreported", "up the ladder", "on site", "on the way"]
    return np.select(conditions, choices, default="waiting")


def crew_kind(name: str) -> tuple[str, bool, str] | None:
    """(kind, on call, short label) of a crew or volunteer named as the model names them,
    e.g. "repair-2" -> ("repair", False, "R2"), "fire-on-call-1" -> ("fire", True, "FN1");
    None for grid workers and others the map does not draw."""
    m = _CREW_NAME.match(name)
    if m:
        kind, night, number = m.groups()
        return kind, bool(night), f"{CREW_LETTERS[kind]}{'N' if night else ''}{number}"
    m = _VOLUNTEER_NAME.match(name)
    if m:
        return "volunteer", False, f"V{m.group(1)}"
    return None


@dataclass(frozen=True)
class CrewSpot:
    """Where a crew is at a moment and what it is doing."""

    name: str
    label: str
    kind: str
    status: str  # "idle", "travelling" or "working"
    x: float
    y: float
    at_hall: bool
    dest: tuple[float, float] | None = None
    grid: str | None = None  # the grid it is at (working or idle there)


@dataclass(frozen=True)
class _Jobs:
    """One crew's first-responder jobs from the log, in the order it set off."""

    dispatched: np.ndarray
    on_site: np.ndarray
    done: np.ndarray
    grids: list[str]


def _next_opening(after: float, hour: float | None) -> float:
    """The first minute after ``after`` at which work starts at ``hour`` (inf: never)."""
    if hour is None:
        return math.inf
    start = hour * 60.0
    day = math.floor((after - start) / DAY_MIN) + 1
    return day * DAY_MIN + start


class Replay:
    """One run's issue log, prepared so frames at any minute are quick to compute.

    ``issues`` holds the log of one replication of one policy (any extra rows are the
    caller's mistake: issues of several runs would be drawn on top of each other).
    """

    def __init__(self, issues: pd.DataFrame, layout: MapLayout, label: str = "") -> None:
        self.issues = issues.reset_index(drop=True)
        self.layout = layout
        self.label = label
        self.grid = self.issues["grid"].astype(str).to_numpy()
        self.ids = (
            self.issues["issue_id"].to_numpy()
            if "issue_id" in self.issues
            else np.arange(len(self.issues))
        )
        self.jobs = self._crew_jobs()

    def _crew_jobs(self) -> dict[str, _Jobs]:
        """Each drawn crew's jobs; crews with none are listed too (they wait at the hall)."""
        crew = self.issues["crew"] if "crew" in self.issues else pd.Series(dtype=str)
        names = list(crew.cat.categories) if isinstance(crew.dtype, pd.CategoricalDtype) else []
        names += [str(c) for c in pd.unique(crew.dropna()) if str(c) not in names]
        out = {}
        dispatched = _times(self.issues, "dispatched_min")
        on_site = _times(self.issues, "on_site_min")
        work = np.nan_to_num(_times(self.issues, "work_min"))
        for name in names:
            if crew_kind(str(name)) is None:
                continue
            rows = np.flatnonzero(
                (crew.astype(str) == str(name)).to_numpy() & ~np.isnan(dispatched)
            )
            rows = rows[np.argsort(dispatched[rows], kind="stable")]
            out[str(name)] = _Jobs(
                dispatched[rows], on_site[rows], on_site[rows] + work[rows],
                [self.grid[i] for i in rows],
            )  # fmt: skip
        return out

    def states(self, t: float) -> np.ndarray:
        """Every issue's state at minute ``t`` (see `issue_states`)."""
        return issue_states(self.issues, t)

    def visible(self, t: float) -> np.ndarray:
        """Which issues the map shows at ``t``: reported and not resolved long ago."""
        states = self.states(t)
        resolved = _times(self.issues, "resolved_min")
        with np.errstate(invalid="ignore"):
            stale = (states == "resolved") & (t - resolved > RESOLVED_LINGER_MIN)
        return (states != "unreported") & ~stale

    def _opens(self, kind: str, on_call: bool) -> float | None:
        key = "volunteer" if kind == "volunteer" else ("on-call" if on_call else "day")
        return self.layout.opens.get(key)

    def crews(self, t: float) -> list[CrewSpot]:
        """Where each crew is at minute ``t``: travelling (between its last place and the
        job's grid, in proportion to the trip's time), working at a grid, or idle (where its
        last job was, or at the hall once its working day has started again)."""
        return [self._crew_at(name, jobs, t) for name, jobs in self.jobs.items()]

    def _crew_at(self, name: str, jobs: _Jobs, t: float) -> CrewSpot:
        kind, on_call, label = crew_kind(name)  # type: ignore[misc]
        opens = self._opens(kind, on_call)
        hall = self.layout.hall
        k = int(np.searchsorted(jobs.dispatched, t, side="right")) - 1

        def spot(status: str, xy: tuple[float, float], **kw: Any) -> CrewSpot:
            at_hall = status == "idle" and kw.get("grid") is None
            return CrewSpot(name, label, kind, status, xy[0], xy[1], at_hall, **kw)

        if k < 0:
            return spot("idle", hall)
        grid = jobs.grids[k]
        target = self.layout.grids[grid]
        if not jobs.on_site[k] <= t:  # on the way (NaN: arrival beyond the horizon)
            origin = self._origin(jobs, k, opens)
            span = jobs.on_site[k] - jobs.dispatched[k]
            f = 0.5 if not span > 0 else min(1.0, (t - jobs.dispatched[k]) / span)
            xy = (origin[0] + f * (target[0] - origin[0]), origin[1] + f * (target[1] - origin[1]))
            return spot("travelling", xy, dest=target)
        if t < jobs.done[k]:
            return spot("working", target, grid=grid)
        if _next_opening(jobs.done[k], opens) <= t:
            return spot("idle", hall)
        return spot("idle", target, grid=grid)

    def _origin(self, jobs: _Jobs, k: int, opens: float | None) -> tuple[float, float]:
        """Where the crew set off for job ``k``: its previous job's grid, or the hall when
        it had no earlier job or its working day began in between."""
        if k == 0 or _next_opening(jobs.done[k - 1], opens) <= jobs.dispatched[k]:
            return self.layout.hall
        return self.layout.grids[jobs.grids[k - 1]]


__all__ = [
    "STATES",
    "CrewSpot",
    "MapLayout",
    "Replay",
    "crew_kind",
    "issue_states",
]
