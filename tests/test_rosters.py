"""Rosters and intake: who is on duty each hour, and reports taken only by someone on duty."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from pydantic import ValidationError

from gridsim.model.duty import apportion
from gridsim.model.model import Model, RunResult
from gridsim.model.roster import DayTypes, changes
from gridsim.scenario.community import Calendar
from gridsim.scenario.roster import Holiday, RosterShift
from gridsim.scenario.schema import Scenario
from tests.support import merged

H = 60.0
DAY = 24 * H
# 2026-01-05 is a Monday.
MONDAY = dt.date(2026, 1, 5)


def on_duty_by_hour(shifts: list[dict[str, Any]], size: int, days: int, **cal: Any) -> list[int]:
    """Members on duty at the middle of each hour of the first ``days`` days."""
    calendar = Calendar(start_date=MONDAY, horizon_days=days, **cal)
    steps = list(changes([RosterShift(**s) for s in shifts], DayTypes(calendar), size, days * DAY))
    out = []
    for hour in range(days * 24):
        t = hour * H + 30.0
        out.append([n for minute, n in steps if minute <= t][-1])
    return out


def test_a_roster_week_by_hand_with_a_holiday() -> None:
    # Two crews Mon-Fri 8-18; one more Sat-Sun 9-17; one on call 18-8 every day and
    # holiday; Wednesday is a holiday: no weekday shift, only the on-call one.
    shifts = [
        {"days": ["weekdays"], "start_hour": 8, "end_hour": 18, "count": 2},
        {"days": ["weekend"], "start_hour": 9, "end_hour": 17, "count": 1},
        {"days": ["daily"], "start_hour": 18, "end_hour": 8, "count": 1},
    ]
    holiday = [Holiday(name="test", start=MONDAY + dt.timedelta(days=2), days=1)]
    got = on_duty_by_hour(shifts, 3, 7, holidays=holiday)
    working = [1] * 8 + [2] * 10 + [1] * 6  # night to 8, day 8-18, night from 18
    off = [1] * 8 + [0] * 10 + [1] * 6  # the holiday: only the on-call shift
    weekend = [1] * 8 + [0] * 1 + [1] * 8 + [0] * 1 + [1] * 6
    assert got == working * 2 + off + working * 2 + weekend * 2


def test_an_adjusted_working_day_runs_the_weekday_shifts() -> None:
    shifts = [{"days": ["weekdays"], "start_hour": 8, "end_hour": 18}]
    saturday = MONDAY + dt.timedelta(days=5)
    got = on_duty_by_hour(shifts, 4, 7, workdays=[saturday])
    assert got[5 * 24 + 10] == 4 and got[6 * 24 + 10] == 0


def test_a_night_shift_started_the_day_before_the_run_counts_from_minute_zero() -> None:
    got = on_duty_by_hour([{"start_hour": 22, "end_hour": 6, "count": 2}], 2, 1)
    assert got == [2] * 6 + [0] * 16 + [2] * 2


def test_apportion_shares_a_count_over_areas_by_size() -> None:
    assert apportion(3, [2, 2]) == [2, 1]
    assert apportion(1, [1, 3]) == [0, 1]
    assert apportion(5, [2, 2]) == [2, 2]
    assert apportion(0, [2, 2]) == [0, 0]
    assert sum(apportion(7, [3, 1, 5])) == 7


def scenario(**over: Any) -> dict[str, Any]:
    """One grid of 100 households at the hall (trips are the overhead of 1 minute), one
    repair kind handled by one crew, no patrols, leaders or escalation; a week from Monday."""
    base: dict[str, Any] = {
        "name": "rosters",
        "seed": 7,
        "community": {
            "grids": [{"name": "g1", "households": 100}],
            "travel": {"overhead_min": 1.0},
        },
        "calendar": {"start_date": str(MONDAY), "horizon_days": 7.0},
        "demand": {
            "kinds": {
                "job": {
                    "rate_per_household_year": 20.0,
                    "handler": "repair",
                    "work": {"distribution": "deterministic", "mean_min": 10.0},
                }
            },
            "channels": {"wechat": {"share": 1.0}},
        },
        "staff": {"crews": {"repair": 1, "cleaning": 0, "patrol": 0, "fire": 0}, "triage_min": 3.0},
        "policy": {"patrol": {"per_day": 0}},
    }
    return merged(base, over)


def run(d: dict[str, Any]) -> RunResult:
    return Model(Scenario.model_validate(d), 0).run()


WEEKDAY_HOURS = [{"days": ["weekdays"], "start_hour": 8, "end_hour": 18}]


def in_hours(t: np.ndarray, start: float, end: float, weekdays_only: bool) -> np.ndarray:
    day, minute = np.divmod(t, DAY)
    inside = (minute >= start * H) & (minute <= end * H)
    return inside & (day % 7 < 5) if weekdays_only else inside


def test_an_issue_reported_on_saturday_to_a_weekday_group_waits_until_monday() -> None:
    d = scenario(staff={"rosters": {"repair": WEEKDAY_HOURS, "grid_worker": WEEKDAY_HOURS}},
                 calendar={"horizon_days": 14.0})  # fmt: skip
    res = run(d)
    saturday = (res.issues.reported >= 5 * DAY) & (res.issues.reported < 6 * DAY)
    assert saturday.sum() > 0
    monday = 7 * DAY + 8 * H
    # Triage waits for the grid worker on Monday at 8; the crew sets off after it.
    assert (res.queued[saturday] >= monday + 3.0).all()
    assert (res.dispatched[saturday] >= monday + 3.0).all()
    # Nobody is ever sent, or triages, outside the weekday hours.
    sent = res.dispatched[~np.isnan(res.dispatched)]
    assert in_hours(sent, 8, 18, True).all()
    triaged = res.queued[~np.isnan(res.queued)]
    assert in_hours(triaged - 3.0, 8, 18, True).all()


def test_triage_takes_the_grid_workers_time_one_report_after_another() -> None:
    # Reports pile up overnight: the worker takes them one by one from 8:00, 3 minutes each.
    d = scenario(staff={"rosters": {"grid_worker": [{"start_hour": 8, "end_hour": 18}]}},
                 demand={"hourly": [1.0] * 8 + [1e-6] * 16})  # fmt: skip
    res = run(d)
    night = np.flatnonzero(res.issues.reported % DAY < 8 * H)
    by_day: dict[int, list[float]] = {}
    for i in night:
        by_day.setdefault(int(res.issues.reported[i] // DAY), []).append(res.queued[i])
    piled = [sorted(q) for q in by_day.values() if len(q) >= 2]
    assert piled
    for queued in piled:
        day = queued[0] // DAY * DAY
        expected = [day + 8 * H + 3.0 * (k + 1) for k in range(len(queued))]
        np.testing.assert_allclose(queued, expected, atol=1e-9)
    # The worker's pool counts triage as busy time: 3 minutes a report taken.
    worker = next(p for p in res.pools if p.group == "grid_worker")
    taken = np.sum(~np.isnan(res.queued) & (res.queued >= res.warmup))
    assert worker.busy_mean == pytest.approx(3.0 * taken / (res.horizon - res.warmup), rel=0.05)


def test_a_walk_in_at_night_reports_when_the_hall_opens() -> None:
    d = scenario(
        staff={
            "rosters": {"hall": [{"days": ["daily"], "start_hour": 9, "end_hour": 12}]},
            "triage": "free",
            "triage_min": 0.0,
        },
    )
    d["demand"]["channels"] = {"walk_in": {"share": 1.0, "hall": True}}
    res = run(d)
    created, reported = res.issues.created, res.reported  # the resident comes; the hall takes it
    taken = ~np.isnan(res.queued)  # those still waiting at the horizon show the resident's time
    minute = reported[taken] % DAY
    assert ((minute >= 9 * H) & (minute <= 12 * H)).all()
    early = taken & (created % DAY < 9 * H)
    np.testing.assert_allclose(reported[early], created[early] // DAY * DAY + 9 * H)
    late = taken & (created % DAY > 12 * H)
    assert late.sum() > 3
    np.testing.assert_allclose(reported[late], opening_next(created[late]))
    inside = taken & (created % DAY > 9 * H) & (created % DAY < 12 * H)
    np.testing.assert_array_equal(reported[inside], created[inside])


def opening_next(t: np.ndarray) -> np.ndarray:
    return (t // DAY + 1) * DAY + 9 * H


def test_an_urgent_call_on_the_duty_line_at_night_goes_to_the_on_call_crew() -> None:
    night = [{"days": ["daily"], "start_hour": 18, "end_hour": 8}]
    day = [{"days": ["daily"], "start_hour": 8, "end_hour": 18}]
    kinds = {"job": {"urgent": "always"}}
    over = {"staff": {"on_call": {"repair": 1},
                      "rosters": {"repair": day, "repair_on_call": night, "grid_worker": day}},
            "demand": {"kinds": kinds}}  # fmt: skip
    line = run(scenario(**merged(over, {"demand": {"channels": {"wechat": {"duty_line": True}}}})))
    plain = run(scenario(**over))
    at_night = (line.issues.reported % DAY < 7 * H) | (line.issues.reported % DAY > 18.5 * H)
    assert at_night.sum() > 3
    # On the duty line: no triage, sent at once (one on-call crew, 10-minute jobs).
    assert np.nanmedian(line.dispatched[at_night] - line.issues.reported[at_night]) < 1.0
    # Through the grid worker: the report waits for the morning.
    taken = plain.queued[at_night]
    assert in_hours(taken[~np.isnan(taken)] - 3.0, 8, 18, False).all()
    # With a duty line among the channels, an urgent problem is phoned in on it at night
    # whatever channel the resident would use by day (urgent_by_duty_line), unless told not.
    both = {"wechat": {"share": 0.5}, "phone": {"share": 0.5, "duty_line": True}}
    called = scenario(**over)
    called["demand"]["channels"] = both
    stays = merged(called, {"demand": {"urgent_by_duty_line": False}})
    a, b = run(called), run(stays)
    wechat = at_night & (a.issues.channel == a.issues.channel_names.index("wechat"))
    assert wechat.sum() > 2
    assert np.nanmax(a.dispatched[wechat] - a.issues.reported[wechat]) < 30.0
    assert in_hours(b.queued[wechat][~np.isnan(b.queued[wechat])] - 3.0, 8, 18, False).all()


def test_an_explicit_roster_equal_to_the_shift_changes_nothing() -> None:
    implied = scenario(calendar={"shift": {"start_hour": 8, "end_hour": 18}},
                       staff={"on_call": {"repair": 1}})  # fmt: skip
    explicit = merged(implied, {"staff": {"rosters": {
        g: [{"start_hour": 8, "end_hour": 18}] for g in ("repair", "grid_worker")} | {
        "repair_on_call": [{"start_hour": 18, "end_hour": 8}]}}})  # fmt: skip
    a, b = run(implied), run(explicit)
    for name in ("queued", "dispatched", "on_site", "resolved", "crew"):
        assert np.array_equal(getattr(a, name), getattr(b, name), equal_nan=True), name
    assert [p.on_duty_mean for p in a.pools] == [p.on_duty_mean for p in b.pools]


def test_on_duty_means_follow_the_roster_counts() -> None:
    # Weekdays 2 crews 8-18, weekends 1 crew 9-17: over one week
    # (5 x 2 x 10 + 2 x 1 x 8) / (7 x 24) members on duty on average.
    roster = [{"days": ["weekdays"], "start_hour": 8, "end_hour": 18, "count": 2},
              {"days": ["weekend"], "start_hour": 9, "end_hour": 17, "count": 1}]  # fmt: skip
    d = scenario(staff={"rosters": {"repair": roster}},
                 demand={"kinds": {"job": {"rate_per_household_year": 0.001}}})  # fmt: skip
    res = run(d)
    crews = next(p for p in res.pools if p.group == "repair")
    assert crews.crews == 2
    assert crews.on_duty_mean == pytest.approx((5 * 2 * 10 + 2 * 1 * 8) / (7 * 24), rel=1e-9)


def test_counts_are_refused_for_groups_whose_members_keep_their_grids() -> None:
    d = scenario(staff={"rosters": {"grid_worker": [{"start_hour": 8, "end_hour": 18,
                                                     "count": 3}]}})  # fmt: skip
    with pytest.raises(ValidationError, match=r"grid_worker\.0\.count"):
        Scenario.model_validate(d)
    with pytest.raises(ValidationError, match="no length"):
        RosterShift(start_hour=8, end_hour=8)


def test_the_halls_duty_desk_takes_reports_while_the_grid_worker_is_off() -> None:
    desk = [{"days": ["weekend"], "start_hour": 9, "end_hour": 17, "count": 1}]
    d = scenario(staff={"rosters": {"repair": [{"start_hour": 0, "end_hour": 24}],
                                    "grid_worker": WEEKDAY_HOURS, "hall": desk}},
                 calendar={"horizon_days": 14.0},
                 demand={"kinds": {"job": {"rate_per_household_year": 100.0}}})  # fmt: skip
    res = run(d)
    saturday = (res.reported >= 5 * DAY + 9 * H) & (res.reported < 5 * DAY + 16 * H)
    assert saturday.sum() > 3
    # Taken on Saturday by the desk (3 minutes each), not on Monday by the grid worker.
    assert (res.queued[saturday] < 6 * DAY).all()
    assert (res.queued[saturday] >= res.reported[saturday] + 3.0 - 1e-9).all()
    hall = next(p for p in res.pools if p.group == "hall")
    assert hall.crews == 1 and hall.busy_mean > 0


def test_a_round_due_when_the_shift_starts_finds_the_shift_on_duty() -> None:
    # The worker comes on duty at 9:00, the round is due at 9:00: the round is walked
    # (shift changes come first in their minute), every working day and only then.
    kinds = {"job": {"latent_share": 1.0}}
    d = scenario(staff={"rosters": {"grid_worker": [{"days": ["weekdays"], "start_hour": 9,
                                                     "end_hour": 12}]}},
                 policy={"patrol": {"per_day": 1, "start_hour": 9, "find_probability": 1.0}},
                 demand={"kinds": kinds}, calendar={"horizon_days": 14.0})  # fmt: skip
    res = run(d)
    found = res.found[~np.isnan(res.found)]
    assert len(found) > 10
    day, minute = np.divmod(found, DAY)
    assert (day % 7 < 5).all() and (minute >= 9 * H).all() and (minute < 10 * H).all()
    assert len(set(day.tolist())) == 10  # every weekday of the fortnight


def test_a_report_waits_only_for_the_piece_of_duty_in_hand() -> None:
    # The grid worker writes a 2-hour log from 16:00 to 18:00; reports come all day.
    over = {"staff": {"rosters": {"grid_worker": [{"start_hour": 9, "end_hour": 18}],
                                  "repair": [{"start_hour": 0, "end_hour": 24}]}},
            "workload": {"daily_log_min": 120.0, "piece_min": 30.0}}  # fmt: skip
    pieces = run(scenario(**over))
    whole = run(scenario(**merged(over, {"workload": {"piece_min": None}})))
    r = pieces.reported
    late = (r % DAY >= 16 * H + 1) & (r % DAY < 17.5 * H - 1) & (r < 6 * DAY)
    assert late.sum() > 3
    # In pieces: taken when the piece in hand ends (within 30 minutes), then 3 of triage.
    assert (pieces.queued[late] - r[late] <= 30.0 + 3.0 + 1e-9).all()
    # Whole: the log runs to 18:00, then the worker is off: taken the next morning.
    assert (whole.queued[late] >= (r[late] // DAY + 1) * DAY + 9 * H).all()


def test_the_report_says_who_is_on_duty_when() -> None:
    from gridsim.scenario import load_scenario
    from gridsim.views.report.scenario import _duty_items

    path = Path(__file__).resolve().parents[1] / "scenarios" / "baseline.yaml"
    baseline = " ".join(_duty_items(load_scenario(path)))
    assert "grid worker: weekdays 9:00-12:00 and 14:30-18:00" in baseline
    assert "sat, sun, holidays 9:00-12:00 (1 on duty)" in baseline
    assert "Spring Festival" in baseline and "every day; outside" not in baseline
    plain = " ".join(_duty_items(Scenario.model_validate(scenario())))
    assert plain.startswith("Staff are on duty from 08:00 to 18:00 every day; outside")
