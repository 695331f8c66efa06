"""The cost of a scenario's staff over a run, a year's worth (`scenario.cost`).

Each group is paid for the hours its roster puts it on duty (`model.roster.shift_runs`, the
same shifts the model applies, so the hours paid are the hours simulated), counted over the
observed window (after the warm-up) and scaled to 365 days. A shift without a count puts
the group's whole head count on duty, as the model builds it; a group with no roster is on
duty 24 hours a day. Night on-call crews are paid an allowance per shift and their call-outs
(their busy hours, measured by the run) instead of their rostered hours; day crews add a
fixed cost a year.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from gridsim.model.duty import Duty
from gridsim.model.model import PoolStats
from gridsim.model.roster import ALL, DayTypes, ShiftRun, daily, shift_runs
from gridsim.scenario.cost import Cost
from gridsim.scenario.roster import GROUPS, RosterShift
from gridsim.scenario.schema import Scenario
from gridsim.scenario.section import CREW_COLOURS
from gridsim.stats.kpis import Kpi
from gridsim.units import MINUTES_PER_DAY, MINUTES_PER_HOUR

KPI = "staff_cost_per_year"
DAYS_PER_YEAR = 365.0
ON_CALL = "_on_call"


def head_counts(sc: Scenario, duty: Duty) -> dict[str, int]:
    """Members of each paid group as the model builds its pools (a crew counts once; see
    `Cost.members` for its people)."""
    staff = sc.staff
    n = {
        "grid_worker": len(sc.grid_workers()),
        "grid_leader": len(staff.grid_leaders),
        "committee": duty.size("committee", staff.committee) if staff.committee else 0,
        "mediation": duty.size("mediation", staff.mediators) if staff.mediators else 0,
        "police": duty.size("police", staff.police_officers) if staff.police_officers else 0,
        "volunteer": duty.size("volunteer", staff.volunteers.count)
        if staff.volunteers.count else 0,
        "hall": duty.size("hall", 1) if "hall" in staff.rosters else 0,
    }  # fmt: skip
    for colour in CREW_COLOURS:
        n[colour] = duty.size(colour, getattr(staff.crews, colour))
        group = colour + ON_CALL
        night = duty.size(group, getattr(staff.on_call, colour))
        n[group] = night if duty.roster(group) is not None else 0
    return {g: n[g] for g in GROUPS if g in n}


def night_minutes(start: float, end: float, cost: Cost) -> float:
    """Minutes of [start, end) (minutes of the run) inside the night window of any day."""
    night_start = cost.night_start_hour * MINUTES_PER_HOUR
    length = ((cost.night_end_hour - cost.night_start_hour) % 24.0) * MINUTES_PER_HOUR
    first = int(start // MINUTES_PER_DAY) - 1
    total = 0.0
    for day in range(first, int(end // MINUTES_PER_DAY) + 1):
        lo = day * MINUTES_PER_DAY + night_start
        total += max(0.0, min(end, lo + length) - max(start, lo))
    return total


def paid_hours(run: ShiftRun, cost: Cost, window: tuple[float, float]) -> float:
    """Hours one member is paid for one shift inside the window, premiums included: the
    multiplier of the day the shift starts on, and the night premium for its night hours."""
    start, end = max(run.start, window[0]), min(run.end, window[1])
    if end <= start:
        return 0.0
    if run.day_type == "holiday":
        factor = cost.holiday_multiplier
    elif run.day_type in ("sat", "sun"):
        factor = cost.weekend_multiplier
    else:
        factor = 1.0
    night = night_minutes(start, end, cost) if cost.night_premium else 0.0
    return factor * (end - start + cost.night_premium * night) / MINUTES_PER_HOUR


def runs_in(shifts: Sequence[RosterShift], days: DayTypes, window: tuple[float, float]
            ) -> list[ShiftRun]:  # fmt: skip
    """Every shift run that may overlap the window (from the day before it starts)."""
    first = int(window[0] // MINUTES_PER_DAY) - 1
    last = int(-(-window[1] // MINUTES_PER_DAY))
    return list(shift_runs(shifts, days, first, last))


def rostered_cost(runs: Iterable[ShiftRun], head: int, wage: float, cost: Cost,
                  window: tuple[float, float]) -> float:  # fmt: skip
    """CNY for the members each run puts on duty (ALL: ``head``), over the window; a
    member is one person (a crew's people are in ``wage``)."""
    return wage * sum(
        (head if r.count == ALL else r.count) * paid_hours(r, cost, window) for r in runs
    )


def on_call_cost(runs: Iterable[ShiftRun], head: int, allowance: float,
                 window: tuple[float, float]) -> float:  # fmt: skip
    """CNY of allowances for the on-call shifts starting inside the window, per member
    (a crew's people are in ``allowance``)."""
    return allowance * sum(
        head if r.count == ALL else r.count for r in runs if window[0] <= r.start < window[1]
    )


def staff_cost(sc: Scenario, pools: Iterable[PoolStats], warmup: float, horizon: float
               ) -> dict[str, float]:  # fmt: skip
    """CNY a year of each group with members, over the window [warmup, horizon)."""
    cost, duty = sc.cost, Duty(sc, horizon)
    window, year = (warmup, horizon), DAYS_PER_YEAR * MINUTES_PER_DAY / (horizon - warmup)
    busy: dict[str, float] = {}
    for pool in pools:
        busy[pool.group] = busy.get(pool.group, 0.0) + pool.busy_mean
    out = {}
    for group, head in head_counts(sc, duty).items():
        if head == 0:
            continue
        colour = group.removesuffix(ON_CALL)
        members = cost.members(colour) if colour in CREW_COLOURS else 1
        wage = cost.wage_per_hour.get(group, 0.0)  # type: ignore[call-overload]
        runs = runs_in(duty.roster(group) or daily(0.0, 24.0), duty.days, window)
        if group.endswith(ON_CALL):
            calls = busy.get(group, 0.0) * members * wage * DAYS_PER_YEAR * 24.0
            allowance = cost.allowance(colour) * members
            out[group] = on_call_cost(runs, head, allowance, window) * year + calls
            continue
        out[group] = rostered_cost(runs, head, wage * members, cost, window) * year
        if group in CREW_COLOURS:
            out[group] += head * cost.per_crew_per_year.get(group, 0.0)  # type: ignore[call-overload]
    return out


def cost_kpis(sc: Scenario, pools: Iterable[PoolStats], warmup: float, horizon: float
              ) -> list[Kpi]:  # fmt: skip
    """`staff_cost_per_year` of the community and of each group with members."""
    by_group = staff_cost(sc, pools, warmup, horizon)
    out = [Kpi(KPI, "community", sum(by_group.values()))]
    return out + [Kpi(KPI, f"staff:{group}", value) for group, value in by_group.items()]


__all__ = [
    "DAYS_PER_YEAR",
    "KPI",
    "cost_kpis",
    "head_counts",
    "night_minutes",
    "on_call_cost",
    "paid_hours",
    "rostered_cost",
    "runs_in",
    "staff_cost",
]
