"""The cost of staff (`scenario.cost`, `stats.cost`), held to hand-computed weeks.

The week: Monday 5 to Sunday 11 January 2026, Wednesday 7 a public holiday, no warm-up.
Two repair crews work Mon-Fri 8-18 (not on the holiday) and one of them 9-17 on holidays,
at 30 CNY an hour; one patrol crew works 20:00-04:00 every day at 25 CNY, 20% more for
hours between 22:00 and 06:00; one repair crew is on call 18-08 every day for an allowance
of 50 CNY a night and 40 CNY per call-out hour.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from gridsim.experiment.runner import run_replication
from gridsim.model.duty import Duty
from gridsim.model.model import PoolStats
from gridsim.model.roster import ALL, ShiftRun, changes
from gridsim.scenario import load_scenario
from gridsim.scenario.errors import ScenarioError
from gridsim.scenario.schema import Scenario
from gridsim.stats.cost import KPI, cost_kpis, head_counts, night_minutes, paid_hours, staff_cost
from gridsim.stats.summary import cost_line, intervals
from gridsim.units import MINUTES_PER_DAY

DAY, HOUR = MINUTES_PER_DAY, 60.0
WEEK = 7 * DAY
YEAR = 365 / 7  # a week's cost, a year's worth


def week(cost: dict[str, Any] | None = None, **staff: Any) -> Scenario:
    """One grid, a week from Monday 2026-01-05 with Wednesday a holiday; ``cost`` as given."""
    doc: dict[str, Any] = {
        "name": "cost-week",
        "community": {"grids": [{"name": "g", "households": 10}]},
        "calendar": {
            "start_date": dt.date(2026, 1, 5),
            "horizon_days": 7.0,
            "warmup_days": 0.0,
            "holidays": [{"name": "test", "start": dt.date(2026, 1, 7)}],
        },
        "demand": {
            "kinds": {
                "job": {
                    "rate_per_household_year": 1.0,
                    "handler": "repair",
                    "work": {"mean_min": 30.0},
                }
            }
        },
        "staff": {
            "crews": {"repair": 2, "cleaning": 0, "patrol": 1, "fire": 0},
            "on_call": {"repair": 1},
            "committee": 0,
            "mediators": 0,
            "rosters": {
                "repair": [
                    {"days": ["weekdays"], "start_hour": 8.0, "end_hour": 18.0},
                    {"days": ["holiday"], "start_hour": 9.0, "end_hour": 17.0, "count": 1},
                ],
                "patrol": [{"start_hour": 20.0, "end_hour": 4.0}],
                "repair_on_call": [{"start_hour": 18.0, "end_hour": 8.0}],
            },
            **staff,
        },
    }
    if cost is not None:
        doc["cost"] = cost
    return Scenario.model_validate(doc)


WAGES = {
    "wage_per_hour": {"repair": 30.0, "patrol": 25.0, "repair_on_call": 40.0},
    "night_premium": 0.2,
    "on_call_allowance": 50.0,
    "per_crew_per_year": {"repair": 10_000.0},
}


def on_call_busy(mean: float) -> list[PoolStats]:
    return [PoolStats("repair/on-call", "repair", 1, mean, "repair_on_call", 1.0, 0.0)]


def test_a_hand_computed_week() -> None:
    """Repair: Mon, Tue, Thu, Fri 2 crews x 10 h x 30 = 2,400, holiday 1 x 8 h x 30 x 3 =
    720. Patrol, 8 h a night of which 6 h at night (22-04): 9.2 paid hours; Sunday's shift
    is cut at the horizon (20-24: 4 h + 0.2 x 2 h) and Sunday 4 January's reaches into
    Monday (00-04: 4 h + 0.2 x 4 h); Wednesday's at 3x: (5 x 9.2 + 4.4 + 4.8 + 3 x 9.2) x
    25 = 2,070. On call: 7 nights x 50 = 350, plus 0.1 busy x 40 CNY x 8,760 h."""
    cost = staff_cost(week(WAGES), on_call_busy(0.1), 0.0, WEEK)
    assert cost["repair"] == pytest.approx(3120 * YEAR + 2 * 10_000)
    assert cost["patrol"] == pytest.approx(2070 * YEAR)
    assert cost["repair_on_call"] == pytest.approx(350 * YEAR + 0.1 * 40 * 8760)
    assert cost["grid_worker"] == 0.0  # on the payroll, no wage given
    kpis = {(k.kpi, k.scope): k.value for k in cost_kpis(week(WAGES), on_call_busy(0.1), 0.0, WEEK)}
    assert kpis[(KPI, "community")] == pytest.approx(sum(cost.values()))
    assert kpis[(KPI, "staff:patrol")] == cost["patrol"]


def test_night_and_holiday_hours_are_counted_exactly() -> None:
    """18:00-08:00 has 8 night hours (22-06): 14 h + 0.2 x 8; on a holiday 3x that; cut at
    the window's start (minute 0), 8 h of which 6 at night."""
    cost = week(WAGES).cost
    night = ShiftRun(18 * HOUR, 32 * HOUR, ALL, "mon")
    assert night_minutes(night.start, night.end, cost) == 8 * HOUR
    assert paid_hours(night, cost, (0.0, WEEK)) == pytest.approx(15.6)
    holiday = ShiftRun(18 * HOUR, 32 * HOUR, ALL, "holiday")
    assert paid_hours(holiday, cost, (0.0, WEEK)) == pytest.approx(3 * 15.6)
    assert paid_hours(ShiftRun(-6 * HOUR, 8 * HOUR, ALL, "sun"), cost, (0.0, WEEK)) == (
        pytest.approx(9.2)
    )
    weekend = week({**WAGES, "weekend_multiplier": 2.0}).cost
    assert paid_hours(ShiftRun(8 * HOUR, 18 * HOUR, 1, "sat"), weekend, (0.0, WEEK)) == 20.0


def test_cost_is_the_on_duty_hours_the_model_applies_times_the_wage() -> None:
    """Without premiums, each group's cost is the area under the on-duty count the model
    sets (`model.roster.changes`) over the window, times the wage: two paths, one answer."""
    wages = {"repair": 30.0, "patrol": 25.0, "grid_worker": 20.0}
    sc = week({"wage_per_hour": wages, "holiday_multiplier": 1.0})
    warmup, horizon = 1.5 * DAY, WEEK
    cost = staff_cost(sc, [], warmup, horizon)
    duty = Duty(sc, horizon)
    for group, wage in wages.items():
        shifts = duty.roster(group)
        size = head_counts(sc, duty)[group]
        steps = list(changes(shifts, duty.days, size, horizon)) if shifts else [(0.0, size)]
        bounds = [t for t, _ in steps[1:]] + [horizon]
        area = sum(
            n * max(0.0, min(end, horizon) - max(t, warmup))
            for (t, n), end in zip(steps, bounds, strict=True)
        )  # fmt: skip
        year = 365 * DAY / (horizon - warmup)
        assert cost[group] == pytest.approx(area / HOUR * wage * year), group


def test_crew_members_multiply_wages_and_allowances() -> None:
    two = week({**WAGES, "crew_members": {"repair": 2}})
    one = staff_cost(week(WAGES), on_call_busy(0.1), 0.0, WEEK)
    cost = staff_cost(two, on_call_busy(0.1), 0.0, WEEK)
    assert cost["repair"] == pytest.approx(2 * 3120 * YEAR + 2 * 10_000)
    assert cost["repair_on_call"] == pytest.approx(2 * one["repair_on_call"])


def test_on_call_allowance_by_colour() -> None:
    sc = week({"on_call_allowance": {"repair": 30.0}})
    assert staff_cost(sc, [], 0.0, WEEK)["repair_on_call"] == pytest.approx(7 * 30 * YEAR)


def test_without_a_cost_section_every_cost_is_zero_and_the_other_kpis_do_not_move() -> None:
    """The cost reads the run; it never changes it."""
    plain = run_replication(week(), "base", 0)
    paid = run_replication(week(WAGES), "base", 0)
    cost_of = [r for r in plain.rows if r["kpi"] == KPI]
    assert {r["scope"] for r in cost_of} >= {"community", "staff:repair", "staff:grid_worker"}
    assert all(r["value"] == 0.0 for r in cost_of)

    def others(rows: list[dict]) -> list[tuple[str, str, str]]:
        return [(r["kpi"], r["scope"], repr(r["value"])) for r in rows if r["kpi"] != KPI]

    assert others(plain.rows) == others(paid.rows)
    assert [r["value"] for r in paid.rows if r["kpi"] == KPI and r["scope"] == "community"] != [0.0]


def test_the_headline_names_the_cost_and_its_largest_parts() -> None:
    rows = [
        {"variant": "base", "replication": r, "kpi": KPI, "scope": scope, "value": value}
        for r in range(2)
        for scope, value in (
            ("community", 1.23e6),
            ("staff:grid_worker", 0.8e6),
            ("staff:repair", 0.43e6),
            ("staff:volunteer", 0.0),
        )
    ]
    assert cost_line(intervals(rows), "base") == (
        "Staff cost: 1.23 million CNY a year (grid workers 0.80, repair 0.43)"
    )
    assert cost_line(intervals(rows), "other") == ""


def test_a_wage_for_a_group_that_does_not_exist_is_a_located_error(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(
        "name: t\ncommunity:\n  grids: [{name: g, households: 1}]\n"
        "demand:\n  kinds:\n    job: {rate_per_household_year: 1.0, handler: repair,\n"
        "          work: {mean_min: 30}}\n"
        "cost:\n  wage_per_hour:\n    halls: 20\n",
        encoding="utf-8",
    )
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    text = str(info.value)
    assert text.startswith(f"{path}:10: cost.wage_per_hour.halls") and "\n" not in text, text
