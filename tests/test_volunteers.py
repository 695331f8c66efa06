"""Scheduled care visits and volunteers' organised events (issue 13, item 3)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from pydantic import ValidationError

from gridsim.model.demand import generate_issues
from gridsim.model.model import Model
from gridsim.model.streams import Streams
from gridsim.scenario import ScenarioError, load_scenario_text, scenario_to_yaml
from gridsim.scenario.schema import Scenario
from gridsim.stats.load import offered_load
from tests.support import merged

H = 60.0
DAY = 24 * H
MONDAY = dt.date(2026, 1, 5)  # a Monday
SATURDAY_MORNING = [{"days": ["sat"], "start_hour": 9, "end_hour": 12, "count": 2}]


def scenario(**over: Any) -> dict[str, Any]:
    """Two grids of three households; one kind, care visits every 6 days by volunteers who
    are always on duty; two weeks from a Monday; no patrols."""
    base: dict[str, Any] = {
        "name": "volunteers",
        "seed": 3,
        "community": {
            "grids": [
                {"name": "g1", "households": 3, "vulnerable_share": 1 / 3},
                {"name": "g2", "households": 3, "x_km": 0.1, "vulnerable_share": 1 / 3},
            ],
            "travel": {"overhead_min": 1.0},
        },
        "calendar": {"start_date": str(MONDAY), "horizon_days": 14.0},
        "demand": {
            "kinds": {
                "care": {
                    "schedule": {"cycle_days": 6.0},
                    "handler": "volunteer",
                    "work": {"distribution": "deterministic", "mean_min": 30.0},
                }
            },
            "channels": {"wechat": {"share": 1.0}},
        },
        "staff": {
            "crews": {"repair": 0, "cleaning": 0, "patrol": 0, "fire": 0},
            "volunteers": {"count": 2, "start_hour": 0, "end_hour": 24},
        },
        "policy": {"patrol": {"per_day": 0}},
    }
    return merged(base, over)


def issues_of(d: dict[str, Any]) -> Any:
    return generate_issues(Scenario.model_validate(d), Streams(3, 0))


def test_a_schedule_by_hand() -> None:
    # Six households numbered across the community (g1: 0-2, g2: 3-5); the n-th first
    # visited on day n of the 6-day cycle, then every 6 days: one visit a day, 14 in 14 days.
    iss = issues_of(scenario())
    np.testing.assert_array_equal(iss.created, np.arange(14) * DAY)
    n = np.arange(14) % 6
    np.testing.assert_array_equal(iss.grid, n // 3)
    np.testing.assert_array_equal(iss.household, n % 3)
    np.testing.assert_array_equal(iss.reported, iss.created)
    assert iss.channel_names[-1] == "schedule"
    assert (iss.channel == len(iss.channel_names) - 1).all()
    assert not iss.latent.any() and (iss.reports == 1).all()
    np.testing.assert_array_equal(iss.vulnerable, n % 3 == 0)


def test_a_vulnerable_schedule_visits_only_the_vulnerable_households() -> None:
    # One vulnerable household a grid (the first): two households, phases 0 and 3 days.
    d = scenario(demand={"kinds": {"care": {"households": "vulnerable"}}})
    iss = issues_of(d)
    np.testing.assert_array_equal(iss.created, np.array([0, 3, 6, 9, 12]) * DAY)
    np.testing.assert_array_equal(iss.grid, [0, 1, 0, 1, 0])
    assert (iss.household == 0).all() and iss.vulnerable.all()


def test_a_vulnerable_schedule_without_a_vulnerable_household_makes_no_visit() -> None:
    # bench_city's grids of one household each round 12% vulnerable to none: no visits,
    # not a division by zero.
    grids = [{"name": "g1", "households": 1, "vulnerable_share": 0.12},
             {"name": "g2", "households": 1, "x_km": 0.1, "vulnerable_share": 0.12}]  # fmt: skip
    d = scenario(community={"grids": grids},
                 demand={"kinds": {"care": {"households": "vulnerable"}}})  # fmt: skip
    assert len(issues_of(d)) == 0


def test_visits_span_chunks_and_a_shorter_run_sees_the_first_ones() -> None:
    # A 3-day cycle over 100 days (four 28-day chunks): every household every 3 days.
    every_3 = {"kinds": {"care": {"schedule": {"cycle_days": 3.0}}}}
    long = issues_of(scenario(calendar={"horizon_days": 100.0}, demand=every_3))
    phase = (long.grid * 3 + long.household) * 0.5 * DAY
    assert len(long) == 200  # 6 households x 100 / 3 days, phases half a day apart
    np.testing.assert_allclose((long.created - phase) % (3 * DAY), 0.0, atol=1e-6)
    short = issues_of(scenario(calendar={"horizon_days": 40.0}, demand=every_3))
    np.testing.assert_array_equal(short.created, long.created[: len(short)])
    np.testing.assert_array_equal(short.work, long.work[: len(short)])


def test_other_kinds_draw_the_same_issues_with_a_scheduled_kind_added() -> None:
    job = {"rate_per_household_year": 50.0, "handler": "repair",
           "work": {"distribution": "lognormal", "mean_min": 20.0}}  # fmt: skip
    alone = scenario(staff={"crews": {"repair": 1}})
    alone["demand"]["kinds"] = {"job": job}
    both = scenario(staff={"crews": {"repair": 1}}, demand={"kinds": {"job": job}})
    a, b = issues_of(alone), issues_of(both)
    mine = b.kind == b.kind_names.index("job")
    assert len(a) > 10 and mine.sum() == len(a)
    for name in ("created", "reported", "household", "severity", "work", "channel"):
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name)[mine])


def test_a_visit_scheduled_on_a_weekday_waits_for_saturdays_event() -> None:
    d = scenario(staff={"rosters": {"volunteer": SATURDAY_MORNING}})
    res = Model(Scenario.model_validate(d), 0).run()
    created = res.issues.created
    np.testing.assert_array_equal(res.queued, created)  # no triage: nobody takes a report
    first_saturday, second = 5 * DAY + 9 * H, 12 * DAY + 9 * H
    # Monday to Saturday's visits (days 0-5) are served from the first Saturday at 9:00;
    # Sunday's and the next week's (days 6-12) from the second.
    np.testing.assert_array_equal(res.dispatched[:2], [first_saturday] * 2)
    week1 = created < 6 * DAY
    assert (res.dispatched[week1] >= first_saturday).all()
    assert (res.dispatched[week1] < first_saturday + 3 * H).all()
    week2 = (created >= 6 * DAY) & (created < 13 * DAY)
    assert (res.dispatched[week2] >= second).all()
    assert (res.dispatched[week2] < second + 3 * H).all()
    assert np.isnan(res.dispatched[created >= 13 * DAY]).all()  # after the last event


def capped(cap: float) -> dict[str, Any]:
    """An event on Saturdays 9-12 that 6 of the 8 volunteers attend, for a year from a
    Monday, with each volunteer giving at most ``cap`` hours a month."""
    return scenario(
        calendar={"horizon_days": 365.0},
        staff={
            "volunteers": {"count": 8, "max_hours_per_month": cap},
            "rosters": {"volunteer": [{**SATURDAY_MORNING[0], "count": 6}]},
        },
    )


def test_a_roster_asking_more_hours_than_the_cap_is_refused() -> None:
    # May 2026 has five Saturdays: 5 x 3 h x 6 volunteers = 90 h over 8 volunteers = 11.25 h.
    saturdays = [dt.date(2026, 5, d) for d in range(1, 32) if dt.date(2026, 5, d).weekday() == 5]
    assert len(saturdays) == 5
    Scenario.model_validate(capped(11.25))
    with pytest.raises(ValidationError) as err:
        Scenario.model_validate(capped(11.0))
    text = str(err.value)
    assert "staff.rosters.volunteer" in text and "at most 11 hours" in text
    assert "found 11.2" in text and "90 volunteer-hours" in text


def test_a_scheduled_kind_derives_its_rate_and_refuses_another() -> None:
    kind = Scenario.model_validate(scenario()).demand.kinds["care"]
    assert kind.rate_per_household_year == pytest.approx(365.0 / 6.0)
    d = scenario(demand={"kinds": {"care": {"rate_per_household_year": 2.0}}})
    with pytest.raises(ValidationError, match="omit it for a scheduled kind"):
        Scenario.model_validate(d)
    off = scenario(demand={"kinds": {"care": {"rate_per_household_year": 0}}})
    assert len(issues_of(off)) == 0  # 0 switches the visits off
    with pytest.raises(ValidationError, match="schedule: reserved"):
        Scenario.model_validate(
            scenario(demand={"channels": {"wechat": {"share": 0.5}, "schedule": {"share": 0.5}}})
        )


def test_a_scheduled_scenario_round_trips_and_a_bad_cap_is_one_located_line() -> None:
    text = Path("scenarios/baseline.yaml").read_text()
    sc = load_scenario_text(text, "baseline.yaml")
    assert sc.demand.kinds["care_visit"].schedule is not None
    assert load_scenario_text(scenario_to_yaml(sc), "again") == sc
    with pytest.raises(ScenarioError) as err:
        load_scenario_text(
            text.replace("max_hours_per_month: 6", "max_hours_per_month: 5"), "b.yaml"
        )
    message = str(err.value)
    assert message.count("\n") == 0 and message.startswith("b.yaml:")
    assert "staff.rosters.volunteer" in message and "found 5.3" in message


def test_the_volunteers_load_is_held_to_their_event_hours() -> None:
    # Always on: 2 volunteers on duty. Two Saturday events of 3 h with 2 attending in 14
    # days: 12 volunteer-hours over 336 h, so the same work is a 56 times heavier load.
    always = offered_load(Scenario.model_validate(scenario()))["volunteers"]
    events = scenario(staff={"rosters": {"volunteer": SATURDAY_MORNING}})
    at_events = offered_load(Scenario.model_validate(events))["volunteers"]
    assert at_events == pytest.approx(always * 2 / (12 / 336))
