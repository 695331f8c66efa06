"""The grid workers' and police officers' whole workload.

- A hand-computed week of one grid worker: home visits spread over the working days of the
  cycle, the daily log, and tasks sent down (their count is the named stream's Poisson
  draw) make up every busy minute.
- Duties share the worker with issues and patrols: they delay an issue's response and a
  patrol round.
- Patrol rounds and screening visits happen only inside their staff's hours.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import numpy as np
import pytest

from gridsim.model.model import Model, RunResult
from gridsim.model.streams import Streams
from gridsim.model.workload import minute_on, share, spread_days
from gridsim.scenario.schema import Scenario
from tests.support import merged

DAY = 1440.0
MONDAY = "2026-01-05"
WEEKDAYS_8_18 = [{"days": ["weekdays"], "start_hour": 8.0, "end_hour": 18.0}]


def run(d: dict[str, Any]) -> RunResult:
    return Model(Scenario.model_validate(d), 0).run()


def worker_week(**workload: Any) -> dict[str, Any]:
    """One grid worker, 100 households (10 vulnerable), on duty weekdays 8-18, one week from
    a Monday; no demand and no patrols, so duties are all the worker does."""
    return {
        "name": "week",
        "seed": 13,
        "community": {"grids": [{"name": "g", "households": 100, "vulnerable_share": 0.1}]},
        "calendar": {"start_date": MONDAY, "horizon_days": 7.0},
        "demand": {
            "kinds": {
                "none": {
                    "rate_per_household_year": 0.0,
                    "handler": "repair",
                    "work": {"mean_min": 10.0},
                }
            }
        },
        "staff": {"rosters": {"grid_worker": WEEKDAYS_8_18}},
        "policy": {"patrol": {"per_day": 0}},
        "workload": workload,
    }


def busy_minutes(res: RunResult, group: str) -> float:
    return sum(p.busy_mean for p in res.pools if p.group == group) * res.horizon


def test_a_hand_computed_week_of_one_grid_worker() -> None:
    tasks = {
        "hours_per_week": 2.0,
        "mean_task_min": 60.0,
        "length": "fixed",
        "weekday_weights": [0, 0, 1, 0, 0, 0, 0],
    }
    d = worker_week(
        home_visits={"cycle_days": 7, "vulnerable_cycle_days": 7, "min_per_visit": 10.0},
        daily_log_min=20.0,
        tasks=tasks,
    )
    res = run(d)
    # 90 ordinary + 10 vulnerable visits over 5 working days: 20 a day of 10 minutes; a log
    # of 20 minutes a day; k tasks of 60 minutes on Wednesday, k ~ Poisson(2 h / 1 h).
    k = int(Streams(13, 0).get("workload/tasks/gw-g").poisson(2.0))
    assert busy_minutes(res, "grid_worker") == pytest.approx(5 * (200 + 20) + 60 * k, abs=1e-6)
    # Without tasks: visits and log only.
    del d["workload"]["tasks"]
    assert busy_minutes(run(d), "grid_worker") == pytest.approx(1100.0, abs=1e-6)


def test_visits_are_spread_evenly_over_the_working_days_of_the_cycle() -> None:
    working = [True, True, False, True, True, True, False, True]
    slots = spread_days(working, 7)
    assert slots == [(0, 5), (1, 5), (0, 0), (2, 5), (3, 5), (4, 5), (0, 0), (0, 1)]
    assert [share(12, k, n) for k, n in slots[:7]] == [2, 2, 0, 3, 2, 3, 0]  # 12 in all
    assert minute_on([(480.0, 720.0), (870.0, 1080.0)], 300.0) == 930.0


def test_tasks_sent_down_use_their_weekly_budget() -> None:
    d = worker_week(tasks={"hours_per_week": 12.0, "mean_task_min": 120.0})
    d["calendar"]["horizon_days"] = 7.0 * 52
    hours_per_week = busy_minutes(run(d), "grid_worker") / 60.0 / 52
    # 6 tasks a week (Poisson), 2 h each (exponential): 312 tasks, sd of the sum ~ 6%.
    assert hours_per_week == pytest.approx(12.0, rel=0.2)


def issue_scenario(**workload: Any) -> dict[str, Any]:
    """Errands for the grid worker (one every 2 hours on average) besides the duties."""
    d = worker_week(**workload)
    d["calendar"]["horizon_days"] = 28.0
    d["demand"]["kinds"] = {
        "errand": {
            "rate_per_household_year": 12 * 365 / 100,
            "handler": "grid_worker",
            "work": {"mean_min": 20.0},
        }
    }
    d["staff"]["triage_min"] = 0.0
    return d


def test_a_duty_delays_the_issues_of_the_same_worker() -> None:
    base = run(issue_scenario())
    busier = run(issue_scenario(daily_log_min=60.0, home_visits={"min_per_visit": 30.0}))
    assert np.array_equal(base.queued, busier.queued, equal_nan=True)  # the same issues
    wait = busier.dispatched - busier.queued
    before = base.dispatched - base.queued
    both = ~np.isnan(wait) & ~np.isnan(before)
    assert both.sum() > 100
    assert np.all(wait[both] >= before[both] - 1e-9)  # one server, FCFS: never earlier
    assert np.mean(wait[both]) > np.mean(before[both]) + 5.0


def patrol_week(visit_min: float) -> dict[str, Any]:
    """Latent leaks found by every round (at 14:30, 0 min per household) and home visits
    at 14:00 of ``visit_min`` minutes each, 20 a day: the round is walked after them."""
    d = worker_week(
        home_visits={"cycle_days": 7, "vulnerable_cycle_days": 7, "min_per_visit": visit_min}
    )
    d["calendar"]["horizon_days"] = 28.0
    d["demand"]["kinds"] = {
        "leak": {
            "rate_per_household_year": 3.65,
            "handler": "repair",
            "latent_share": 1.0,
            "work": {"mean_min": 10.0},
        }
    }
    d["policy"]["patrol"] = {
        "per_day": 1,
        "start_hour": 14.5,
        "min_per_household": 0.0,
        "find_probability": 1.0,
    }
    return d


def test_longer_home_visits_delay_the_patrol_round() -> None:
    whole = {"piece_min": None}
    short, long = (
        run(merged(patrol_week(1.0), {"workload": whole})),
        run(merged(patrol_week(2.0), {"workload": whole})),
    )
    found = ~np.isnan(short.found)
    assert found.sum() > 10
    minute_of_day = lambda t: np.round(t % DAY, 6)  # noqa: E731
    # Visits 14:00 + 20 x 1 = 14:20 (before the round) or 20 x 2 = 14:40 (after 14:30).
    assert set(minute_of_day(short.found[found])) == {14.5 * 60}
    assert set(minute_of_day(long.found[found])) == {14 * 60 + 40}
    # In pieces of 30 minutes, the round due at 14:30 is walked between two pieces.
    pieces = run(merged(patrol_week(2.0), {"workload": {"piece_min": 30.0}}))
    assert set(minute_of_day(pieces.found[found])) == {14.5 * 60}


def weekday(t: np.ndarray) -> np.ndarray:
    return np.array([(dt.date(2026, 1, 5) + dt.timedelta(days=int(x // DAY))).weekday() for x in t])


def test_patrol_rounds_fall_only_on_working_days() -> None:
    d = patrol_week(1.0)
    del d["workload"]
    res = run(d)
    found = res.found[~np.isnan(res.found)]
    assert len(found) > 10
    assert set(weekday(found)) <= {0, 1, 2, 3, 4}
    always = copy.deepcopy(d)
    del always["staff"]["rosters"]
    res = run(always)
    assert {5, 6} & set(weekday(res.found[~np.isnan(res.found)]))  # checked without a roster


POLICE_HOURS = [{"days": ["mon", "thu"], "start_hour": 9.0, "end_hour": 12.0}]


def screening_with_officers(officers: int) -> dict[str, Any]:
    """Latent disputes in key households of 7 grids screened weekly at 10:00 (5 key
    households each, 5 min each: 25-minute visits) by officers on duty Mon and Thu 9-12."""
    grids = [{"name": f"g{g}", "households": 100, "key_share": 0.05} for g in range(7)]
    return {
        "name": "screening",
        "seed": 5,
        "community": {"grids": grids},
        "calendar": {"start_date": MONDAY, "horizon_days": 91.0},
        "demand": {
            "kinds": {
                "key": {
                    "rate_per_household_year": 0.1,
                    "handler": "mediation",
                    "latent_share": 1.0,
                    "found_by": ["screening"],
                    "key_household_share": 1.0,
                    "work": {"mean_min": 10.0},
                }
            }
        },
        "staff": {
            "police_officers": officers,
            "rosters": {"police": POLICE_HOURS},
            "triage_min": 0.0,
        },
        "policy": {
            "patrol": {"per_day": 0},
            "screening": {
                "interval_days": 7.0,
                "find_probability": 1.0,
                "hour": 10.0,
                "min_per_household": 5.0,
            },
        },
        "disputes": {"police_post": {"settle_probability": 1.0, "max_sessions": 1}},
    }


def test_screening_visits_fall_inside_the_officers_hours() -> None:
    res = run(screening_with_officers(1))
    found = res.found[~np.isnan(res.found)]
    assert len(found) > 10
    start = found - 25.0  # found at the end of the visit
    assert set(weekday(start)) <= {0, 3}
    assert np.all((start % DAY >= 9 * 60 - 1e-6) & (start % DAY < 12 * 60))
    # The police-post session also takes the officers' time, in their hours.
    served = ~np.isnan(res.dispatched) & ~np.isnan(res.found)
    assert set(weekday(res.dispatched[served])) <= {0, 3}
    police = next(p for p in res.pools if p.group == "police")
    assert police.busy_mean > 0 and police.on_duty_mean == pytest.approx(2 * 3 / 168, rel=0.1)
    # Without officers the visits take no time and fall on every weekday, at 10:00 + k days/7.
    free = run(screening_with_officers(0))
    assert {1, 2, 4, 5, 6} & set(weekday(free.found[~np.isnan(free.found)]))
