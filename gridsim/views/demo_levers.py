"""The demo's levers on working hours and night on-call, and the plain words for a
combination that cannot run.

A facilitator moves one range slider per group (grid workers, each crew colour): the hours
its members are on duty, from the first start to the last end of the day. The group's roster
keeps its shape: breaks inside the new hours stay, a weekend shift keeps its count, and the
shifts are clipped or stretched so that the day starts and ends where the slider says. The
night on-call crews of a colour then cover the rest of the day, as they do in the scenarios.

A lever left at the scenario's own value changes nothing, so A and B start as the scenario.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from gridsim.i18n import _
from gridsim.scenario.schema import CREW_COLOURS

if TYPE_CHECKING:
    from gridsim.scenario import Problem, Scenario
    from gridsim.scenario.roster import RosterShift

__all__ = [
    "GROUP_NAMES",
    "HOUR_GROUPS",
    "Hours",
    "group_hours",
    "hour_text",
    "hours_overrides",
    "impossible",
    "night_cover",
    "plain_problem",
    "retimed",
]

Hours = tuple[float, float]
HOUR_GROUPS = ("grid_worker", *CREW_COLOURS)
"""The groups whose hours the demo sets (the crew colours' night on-call follow them)."""


def _day_shifts(scenario: Scenario, group: str) -> list[RosterShift]:
    """The group's shifts that end on the day they start (night shifts are left alone)."""
    return [s for s in scenario.staff.rosters.get(group, []) if s.end_hour > s.start_hour]  # type: ignore[call-overload]


def group_hours(scenario: Scenario, group: str) -> Hours:
    """When the group's working day starts and ends: its roster's first start and last end,
    else the calendar's shift."""
    shifts = _day_shifts(scenario, group)
    if not shifts:
        shift = scenario.calendar.shift
        return (float(shift.start_hour), float(shift.end_hour))
    return (min(s.start_hour for s in shifts), max(s.end_hour for s in shifts))


def retimed(scenario: Scenario, group: str, hours: Hours) -> list[dict[str, Any]]:
    """The group's roster with its working day moved to ``hours``: shifts starting the day
    start at the new start, those ending it end at the new end; every shift is clipped to the
    new hours (a shift left with no time is dropped), and the day is stretched to fill them.
    A group without a roster gets one daily shift."""
    start, end = hours
    shifts = scenario.staff.rosters.get(group)  # type: ignore[call-overload]
    if not _day_shifts(scenario, group):
        return [{"days": ["daily"], "start_hour": start, "end_hour": end}]
    first, last = group_hours(scenario, group)
    out: list[dict[str, Any]] = []
    for s in shifts:
        row = s.model_dump(mode="python", exclude_none=True)
        if s.end_hour > s.start_hour:
            a = max(start if s.start_hour == first else s.start_hour, start)
            b = min(end if s.end_hour == last else s.end_hour, end)
            if b <= a:
                continue
            row.update(start_hour=a, end_hour=b)
        out.append(row)
    return _stretched(out, hours)


def _stretched(rows: list[dict[str, Any]], hours: Hours) -> list[dict[str, Any]]:
    """The day shifts that start earliest start at ``hours[0]``, those that end last end at
    ``hours[1]`` (after clipping, the day may otherwise be shorter than the slider says)."""
    day = [r for r in rows if r["end_hour"] > r["start_hour"]]
    if not day:
        return [*rows, {"days": ["daily"], "start_hour": hours[0], "end_hour": hours[1]}]
    first = min(r["start_hour"] for r in day)
    last = max(r["end_hour"] for r in day)
    for r in day:
        if r["start_hour"] == first:
            r["start_hour"] = hours[0]
        if r["end_hour"] == last:
            r["end_hour"] = hours[1]
    return rows


def night_cover(hours: Hours) -> list[dict[str, Any]]:
    """The on-call roster covering the rest of the day, every day (none for crews on duty
    around the clock)."""
    start, end = hours
    if end - start >= 24.0:
        return []
    return [{"days": ["daily"], "start_hour": end % 24.0, "end_hour": start or 24.0}]


def hours_overrides(
    scenario: Scenario, hours: Mapping[str, Hours], on_call: Mapping[str, int]
) -> dict[str, Any]:
    """The dotted-path overrides of the hours and on-call levers; a lever at the scenario's
    own value gives none. A colour whose crews' hours change, or whose night on-call is
    started, gets the on-call roster that covers the rest of the day."""
    out: dict[str, Any] = {}
    for group, wanted in hours.items():
        if tuple(wanted) != group_hours(scenario, group):
            out[f"staff.rosters.{group}"] = retimed(scenario, group, wanted)
    for colour in CREW_COLOURS:
        count = on_call[colour]
        if count != getattr(scenario.staff.on_call, colour):
            out[f"staff.on_call.{colour}"] = count
        has_roster = f"{colour}_on_call" in scenario.staff.rosters
        moved = f"staff.rosters.{colour}" in out
        if count and (moved or not has_roster):
            out[f"staff.rosters.{colour}_on_call"] = night_cover(tuple(hours[colour]))  # type: ignore[arg-type]
    return out


def hour_text(hour: float) -> str:
    """9.5 -> '9:30'."""
    minutes = round(hour * 60)
    return f"{minutes // 60}:{minutes % 60:02d}"


GROUP_NAMES = {  # English, translated at use
    "grid_worker": "grid workers",
    "repair": "repair crews",
    "cleaning": "cleaning crews",
    "patrol": "patrol crews",
    "fire": "fire crews",
}


def impossible(side: str, hours: Mapping[str, Hours], crews: Mapping[str, int],
               on_call: Mapping[str, int]) -> list[str]:  # fmt: skip
    """What the sliders set that cannot work, in residents' words (the scenario's checks
    come after these)."""
    out = []
    for group, (start, end) in hours.items():
        if end <= start:
            out.append(_(
                "Policy {side}: the {who} would never be on duty: their day starts and ends "
                "at {t}. Give them at least half an hour."
            ).format(side=side, who=_(GROUP_NAMES[group]), t=hour_text(start)))  # fmt: skip
    for colour in CREW_COLOURS:
        if on_call[colour] and not crews[colour]:
            out.append(_(
                "Policy {side}: a night on-call {colour} crew uses the day crews' van and "
                "tools, and there are no {colour} crews in the day. Give at least one {colour} "
                "crew, or no night on-call."
            ).format(side=side, colour=_(colour)))  # fmt: skip
    return out


def plain_problem(problem: Problem) -> str:
    """A problem of the scenario's validation, said as a resident would understand it; the
    validation's own words when there is no plainer way."""
    side = problem.source.removeprefix("policy ")
    msg = problem.message
    for colour in CREW_COLOURS:
        if f"staff.crews.{colour} is 0" in msg:
            kind = (problem.path or "").split(".")[2:3] or [colour]
            return _(
                "Policy {side}: nobody would come when residents report {kind} problems, "
                "because it has no {colour} crews. Give it at least one {colour} crew."
            ).format(side=side, kind=_(kind[0]), colour=_(colour))
    if "staff.volunteers.count is 0" in msg:
        return _(
            "Policy {side}: nobody would make the care visits or grant the micro wishes "
            "residents ask for, because it has no volunteers. Give it at least one volunteer."
        ).format(side=side)
    return _("Policy {side} cannot run as set: {detail}").format(side=side, detail=msg)
