"""The demo's hours and night on-call levers, hand-computed on the baseline's rosters, and
the plain words for what cannot run."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from gridsim.i18n import use
from gridsim.scenario import Problem, load_scenario
from gridsim.views import demo
from gridsim.views.demo_levers import (
    group_hours,
    hours_overrides,
    impossible,
    night_cover,
    plain_problem,
    retimed,
)

BASELINE = Path(__file__).resolve().parents[1] / "scenarios" / "baseline.yaml"


@pytest.fixture(autouse=True)
def english():
    """English unless a test says otherwise (another test's `gridsim --lang zh` may have set
    the process's language)."""
    with use("en"):
        yield


@pytest.fixture(scope="module")
def base():
    return load_scenario(BASELINE)


def _hours(rows: list[dict]) -> list[tuple[float, float]]:
    return [(r["start_hour"], r["end_hour"]) for r in rows]


def test_the_baseline_hours_are_the_rosters_first_start_and_last_end(base) -> None:
    assert group_hours(base, "grid_worker") == (9.0, 18.0)  # 9-12 and 14:30-18
    assert group_hours(base, "repair") == (8.5, 18.0)
    assert group_hours(base, "patrol") == (8.0, 20.0)


@pytest.mark.parametrize(
    ("hours", "expected"),
    [
        ((8.0, 20.0), [(8.0, 12.0), (14.5, 20.0)]),  # longer: the lunch break stays
        ((10.0, 16.0), [(10.0, 12.0), (14.5, 16.0)]),  # shorter: both shifts clipped
        ((13.0, 17.0), [(13.0, 17.0)]),  # the morning is gone; the day starts at 13:00
        ((10.0, 13.0), [(10.0, 13.0)]),  # the afternoon is gone; the day ends at 13:00
    ],
)
def test_grid_workers_hours_keep_the_roster_shape(base, hours, expected) -> None:
    rows = retimed(base, "grid_worker", hours)
    assert _hours(rows) == expected
    assert all(r["days"] == ["weekdays"] for r in rows)


def test_a_weekend_shift_keeps_its_count_and_a_short_one_its_end(base) -> None:
    cleaning = retimed(base, "cleaning", (7.0, 19.0))  # weekdays 8-17, weekend 8-12 (1 crew)
    assert _hours(cleaning) == [(7.0, 19.0), (7.0, 12.0)]
    assert cleaning[1]["count"] == 1


@pytest.mark.parametrize(
    ("hours", "expected"),
    [
        ((8.5, 18.0), [{"days": ["daily"], "start_hour": 18.0, "end_hour": 8.5}]),
        ((0.0, 18.0), [{"days": ["daily"], "start_hour": 18.0, "end_hour": 24.0}]),
        ((6.0, 24.0), [{"days": ["daily"], "start_hour": 0.0, "end_hour": 6.0}]),
        ((0.0, 24.0), []),
    ],
)
def test_night_on_call_covers_the_rest_of_the_day(hours, expected) -> None:
    assert night_cover(hours) == expected


def test_levers_at_the_scenarios_values_change_nothing(base) -> None:
    policy = demo.policy_of(base)
    assert hours_overrides(base, demo.hours_of(policy), demo.on_call_of(policy)) == {}


def test_longer_repair_hours_move_the_on_call_night_and_round_trip(base) -> None:
    a = demo.policy_of(base)
    b = dataclasses.replace(a, repair_hours=(7.0, 20.0), cleaning_on_call=1)
    changes = hours_overrides(base, demo.hours_of(b), demo.on_call_of(b))
    assert changes["staff.rosters.repair_on_call"] == [
        {"days": ["daily"], "start_hour": 20.0, "end_hour": 7.0}
    ]
    assert changes["staff.on_call.cleaning"] == 1
    assert changes["staff.rosters.cleaning_on_call"] == night_cover((8.0, 17.0))
    assert "staff.rosters.grid_worker" not in changes
    scenario = demo.policy_scenarios(base, {"B": b})["B"]
    assert demo.policy_of(scenario) == b
    assert demo.policy_differences(a, b) == [
        "hours of the repair crews 8:30-18:00 → 7:00-20:00",
        "night on-call cleaning crews 0 → 1",
    ]


def test_impossible_combinations_in_both_languages() -> None:
    hours = {"grid_worker": (9.0, 9.0), "repair": (8.0, 18.0)}
    crews = {"repair": 0, "cleaning": 1, "patrol": 1, "fire": 1}
    on_call = {"repair": 1, "cleaning": 0, "patrol": 0, "fire": 0}
    with use("en"):
        found = impossible("B", hours, crews, on_call)
    assert found == [
        "Policy B: the grid workers would never be on duty: their day starts and ends at "
        "9:00. Give them at least half an hour.",
        "Policy B: a night on-call repair crew uses the day crews' van and tools, and there "
        "are no repair crews in the day. Give at least one repair crew, or no night on-call.",
    ]
    with use("zh"):
        found = impossible("B", hours, crews, on_call)
    assert found[0] == "方案B：网格员的上班和下班时间都是9:00，等于从不值班。请至少安排半小时。"
    assert "白天没有维修快修队" in found[1]


def test_a_validation_problem_in_plain_words() -> None:
    crews = Problem("policy A", None, "demand.kinds.sanitation.handler",
                    "cleaning crews handle this kind, but staff.crews.cleaning is 0")  # fmt: skip
    other = Problem("policy B", None, "staff.rosters.repair.0", "end_hour (9) equals start_hour")
    with use("zh"):
        assert plain_problem(crews) == (
            "方案A：没有保洁快修队，居民反映环境卫生问题时没有人上门。请至少安排一支保洁快修队。"
        )
        assert plain_problem(other) == "方案B按当前设置无法运行：end_hour (9) equals start_hour"
