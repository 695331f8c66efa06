"""Day-of-week weights, the public-holiday weight and a grid's rate factor (what `gridsim
fit` estimates from a log): counts against hand-computed expectations, and the model without
them when they are 1."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pytest

from gridsim.model.demand import DAY_MIN, generate_issues
from gridsim.model.streams import Streams
from gridsim.scenario.schema import Scenario


def scenario(**demand: Any) -> dict[str, Any]:
    """Two grids of 100 households, one kind at 100 a household-year, 4 weeks from a Monday
    (2026-01-05) with a public holiday on days 9-10 (a Wednesday and a Thursday)."""
    grid_factor = demand.pop("grid_factor", 1.0)
    return {
        "name": "factors",
        "seed": 7,
        "community": {
            "grids": [
                {"name": "a", "households": 100},
                {"name": "b", "households": 100, "rate_factor": grid_factor},
            ]
        },
        "calendar": {
            "start_date": "2026-01-05",
            "horizon_days": 28,
            "holidays": [{"name": "h", "start": "2026-01-14", "days": 2}],
        },
        "demand": {
            "kinds": {
                "job": {
                    "rate_per_household_year": 100.0,
                    "handler": "repair",
                    "work": {"mean_min": 30},
                }
            },
            **demand,
        },
        "staff": {"crews": {"repair": 2, "cleaning": 0, "patrol": 0, "fire": 0}},
    }


def issues(d: dict[str, Any], replication: int = 0) -> Any:
    sc = Scenario.model_validate(d)
    return generate_issues(sc, Streams(sc.seed, replication))


def test_uniform_weights_and_factor_one_draw_the_same_issues() -> None:
    """Weekly weights all equal (normalised to 1), holiday weight 1 and rate factor 1 are
    the model without them: the same issues, bit for bit."""
    plain = issues(scenario())
    same = issues(scenario(weekly=[3.0] * 7, holiday_weight=1.0, grid_factor=1.0))
    assert len(plain) == len(same) > 0
    np.testing.assert_array_equal(plain.created, same.created)
    np.testing.assert_array_equal(plain.work, same.work)


def test_counts_follow_the_weekday_holiday_and_grid_factors() -> None:
    """Expected issues per day: 200 households x 100 / 365 = 54.8 at weight 1. Monday's
    weight 4 of a week summing 10 is 4 x 7 / 10 = 2.8; the holiday halves its days; grid b
    at factor 3 has three times grid a's. Observed over 40 replications within 4 s.e."""
    d = scenario(weekly=[4, 1, 1, 1, 1, 1, 1], holiday_weight=0.5, grid_factor=3.0)
    day_counts = np.zeros(28)
    per_grid = np.zeros(2)
    reps = 40
    for r in range(reps):
        iss = issues(d, r)
        day_counts += np.bincount((iss.created // DAY_MIN).astype(int), minlength=28)[:28]
        per_grid += np.bincount(iss.grid, minlength=2)
    base = 100 * 100 / 365  # per grid per day at weight 1
    weekday = np.array([(dt.date(2026, 1, 5) + dt.timedelta(days=k)).weekday() for k in range(28)])
    weight = np.where(weekday == 0, 2.8, 0.7) * np.where(np.isin(np.arange(28), [9, 10]), 0.5, 1)
    expected = reps * base * (1 + 3) * weight
    z = (day_counts - expected) / np.sqrt(expected)
    assert np.all(np.abs(z) < 4.5), z.round(1)
    # The two holidays (Wed, Thu) against the other Wednesdays and Thursdays.
    ordinary = day_counts[[2, 3, 16, 17, 23, 24]].mean()
    assert day_counts[[9, 10]].mean() == pytest.approx(ordinary / 2, rel=0.1)
    assert per_grid[1] / per_grid[0] == pytest.approx(3.0, rel=0.05)


def test_expected_issues_counts_the_factors() -> None:
    """The scenario's expected count (used to size runs and loads) includes the factors:
    the weekly weights average 1 over whole weeks, the holiday takes half of 2 of 28 days."""
    sc = Scenario.model_validate(scenario(weekly=[4, 1, 1, 1, 1, 1, 1], holiday_weight=0.5))
    days = [0.7] * 28
    for k in range(28):
        if k % 7 == 0:
            days[k] = 2.8
        if k in (9, 10):
            days[k] *= 0.5
    assert sc.day_scale() == pytest.approx(sum(days) / 28)
    assert sc.expected_issues() == pytest.approx(200 * 100 * 28 / 365 * sum(days) / 28)
    doubled = Scenario.model_validate(scenario(grid_factor=2.0))
    assert doubled.expected_issues() == pytest.approx(300 * 100 * 28 / 365)


def test_weekly_needs_seven_weights() -> None:
    with pytest.raises(ValueError, match="needs 7 values"):
        Scenario.model_validate(scenario(weekly=[1.0] * 6))
