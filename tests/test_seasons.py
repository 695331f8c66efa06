"""The plateau's seasons against hand-computed cases: the heating season keeps a kind's
annual rate (or adds volume when the scenario says so), composes with a kind's own monthly
profile, slows trips in its months, and raises the severity mix of kinds that say so, with
the same uniforms as the usual mix.

Hand-computed figures use the days of the heating season October-April in a 365-day year:
31 + 30 + 31 + 31 + 28 + 31 + 30 = 212 days in it, 153 out of it.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import numpy as np
import pytest
from test_ladder import TOL, kind, run, scenario

from gridsim.model.demand import DAY_MIN, month_of_day, seasonal_weights
from gridsim.model.seasons import season_changes
from gridsim.scenario.demand import HeatingSeason
from gridsim.scenario.schema import Scenario

WINTER = [10, 11, 12, 1, 2, 3, 4]
DAYS_IN, DAYS_OUT = 212, 153


def heating(per_day: float, keeps: bool, multiplier: float = 1.5, **kind_fields: Any) -> dict:
    """One heating kind raised ``per_day`` times a day on average over 100 households."""
    season = {"months": WINTER, "multiplier": multiplier, "keeps_annual_rate": keeps}
    return scenario(
        {"heat": kind(per_day, heating=True, **kind_fields)},
        demand={"heating_season": season},
        staff={"crews": {"repair": 60}},
    )


# -- 1. the annual rate ------------------------------------------------------------------


def test_expected_issues_keep_the_annual_rate_as_written() -> None:
    # 1.2 repairs per household-year over 100 households: 120 a year, whatever the season.
    keeps = Scenario.model_validate(heating(120 / 365, keeps=True))
    assert keeps.expected_issues() == pytest.approx(120.0, rel=1e-12)
    # As before: the multiplier adds (1.5 - 1) x 212 days' worth: 120 x 471 / 365 = 154.8.
    adds = Scenario.model_validate(heating(120 / 365, keeps=False))
    assert adds.expected_issues() == pytest.approx(120.0 * (212 * 1.5 + 153) / 365, rel=1e-12)


def test_monthly_weights_compose_a_kind_profile_with_the_season() -> None:
    # Own profile: January and December twice the other months (mean 14 / 12).
    profile = [2.0] + [1.0] * 10 + [2.0]
    for keeps in (True, False):
        sc = Scenario.model_validate(heating(1.0, keeps, multiplier=3.0, seasonal=profile))
        weights = seasonal_weights(sc.demand.kinds["heat"], sc.demand)
        on = np.isin(np.arange(1, 13), WINTER)
        by_hand = np.array(profile) * 12 / 14 * np.where(on, 3.0, 1.0)
        days = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
        if keeps:  # renormalised to a day-weighted mean of 1
            by_hand = by_hand / (days @ by_hand / 365)
        assert np.allclose(weights, by_hand, rtol=1e-12, atol=0)
        assert days @ weights / 365 == pytest.approx(1.0 if keeps else days @ by_hand / 365)


@pytest.mark.slow
@pytest.mark.parametrize("keeps", [True, False])
def test_simulated_annual_counts_match_the_rate(keeps: bool) -> None:
    """40 a day over 3 years: 43,800 issues if the rate is kept, 56,520 if not."""
    d = heating(40.0, keeps)
    d["calendar"]["horizon_days"] = 3 * 365.0
    _, res = run(d)
    n = len(res.issues)
    expected = 3 * 40.0 * (365 if keeps else DAYS_IN * 1.5 + DAYS_OUT)
    # Tolerance: 4 sd of a Poisson count.
    assert abs(n - expected) < 4 * math.sqrt(expected)
    assert Scenario.model_validate(d).expected_issues() == pytest.approx(expected, rel=1e-12)


# -- 3. winter slows trips ---------------------------------------------------------------


def test_winter_doubles_every_trip_in_its_months_only() -> None:
    # One repair crew at the hall, the grid at the hall: every trip is the 10-minute
    # overhead, 20 minutes in January (the season), 10 in February; the work is unchanged.
    d = scenario(
        {"k": kind(5.0)},
        community={"travel": {"overhead_min": 10.0}},
        calendar={"horizon_days": 59.0},
        demand={"heating_season": {"months": [1], "travel_factor": 2.0}},
        staff={"crews": {"repair": 1}},
    )
    _, res = run(d)
    first = np.argmin(res.issues.created)  # the crew is idle: it leaves at once
    assert res.on_site[first] == res.issues.created[first] + 20.0
    went = ~np.isnan(res.dispatched)
    january = res.dispatched[went] < 31 * DAY_MIN
    trips = (res.on_site - res.dispatched)[went]
    assert january.sum() > 100 and (~january).sum() > 100
    # Exact trips, seen through start + trip - start (rounding in the last place).
    assert np.allclose(trips[january], 20.0, rtol=0, atol=TOL)
    assert np.allclose(trips[~january], 10.0, rtol=0, atol=TOL)
    done = res.resolved[went] - res.on_site[went]
    assert np.allclose(done, 10.0, rtol=0, atol=TOL)


def test_season_changes_only_where_the_season_starts_or_ends() -> None:
    season = HeatingSeason(months=WINTER, travel_factor=2.0)
    changes = list(season_changes(season, dt.date(2026, 1, 1), 365 * DAY_MIN))
    assert changes == [(0.0, True), (120 * DAY_MIN, False), (273 * DAY_MIN, True)]


# -- 4. winter severity ------------------------------------------------------------------


def severity_by_month(
    winter: dict[str, float] | None, usual: dict[str, float]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(month index, severity, created) of every issue of a year with the given mixes."""
    d = scenario(
        {"k": kind(20.0, severity=usual, winter_severity=winter)},
        demand={"heating_season": {"months": WINTER}},
    )
    _, res = run(d)
    iss = res.issues
    months = month_of_day(dt.date(2026, 1, 1), 366)[(iss.created // DAY_MIN).astype(int)]
    return months, iss.severity, iss.created


def test_winter_severity_applies_in_the_season_months_only() -> None:
    months, severity, _ = severity_by_month({"low": 0.0, "medium": 0.0, "high": 1.0},
                                            {"low": 1.0, "medium": 0.0, "high": 0.0})  # fmt: skip
    in_season = np.isin(months + 1, WINTER)
    # Counts by month: every issue of October-April is high (2), every other one low (0).
    for m in range(12):
        mine = severity[months == m]
        assert len(mine) > 200
        assert np.all(mine == (2 if m + 1 in WINTER else 0)), m
    assert np.all(severity[in_season] == 2)


def test_winter_severity_draws_the_same_uniforms_as_the_usual_mix() -> None:
    usual = {"low": 0.6, "medium": 0.3, "high": 0.1}
    m0, s0, c0 = severity_by_month(None, usual)
    _, s1, c1 = severity_by_month(usual, usual)  # the same mix in winter: the same run
    assert np.array_equal(c0, c1) and np.array_equal(s0, s1)
    _, s2, c2 = severity_by_month({"low": 0.2, "medium": 0.3, "high": 0.5}, usual)
    assert np.array_equal(c0, c2)  # the same issues
    winter = np.isin(m0 + 1, WINTER)
    assert np.array_equal(s2[~winter], s0[~winter])
    # The same uniform against a heavier mix: no issue is milder in winter, many are worse.
    assert np.all(s2[winter] >= s0[winter]) and np.mean(s2[winter] > s0[winter]) > 0.2
