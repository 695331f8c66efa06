"""Arrival rates from a log (gridsim.fit.arrivals): a hand-computed rate and Wald interval,
hour weights equal to the hour shares, the fitted scenario reproducing the log's margins
through the model's own rate arithmetic (the Poisson GLM's score equations), truth inside
the intervals, overdispersion found when the days are gamma-mixed and not when Poisson,
interval coverage over simulated logs, and bootstrap draws the scenario accepts."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import stats

from gridsim.fit import arrivals
from gridsim.fit.arrivals import ArrivalFit, fit_arrivals
from gridsim.fit.orders import COLUMNS, Orders
from gridsim.i18n import use
from gridsim.model.demand import DAY_MIN, DemandStream, generate_issues
from gridsim.model.streams import Streams
from gridsim.scenario.overrides import apply_overrides
from gridsim.scenario.schema import Scenario

Z = 1.959963984540054


def orders_table(kind: list[str], grid: list[str], reported: pd.DatetimeIndex) -> pd.DataFrame:
    """Orders with only a report time (the other stages not observed)."""
    n = len(reported)
    nat = pd.to_datetime(pd.Series([pd.NaT] * n, dtype="datetime64[ns]"))
    return pd.DataFrame(
        {
            "order_id": [str(i) for i in range(n)],
            "kind": kind,
            "grid": grid,
            "location": "",
            "reported": reported,
            "signed": nat,
            "on_site": nat,
            "resolved": nat,
            "closed": nat,
            "open": False,
            "escalated": pd.array([pd.NA] * n, "boolean"),
            "reports": 1,
        }
    )[list(COLUMNS)]


def as_orders(table: pd.DataFrame, start: str, days: int) -> Orders:
    begin = pd.Timestamp(start)
    end = begin + pd.Timedelta(days=days)
    table = table.sort_values("reported", kind="stable").reset_index(drop=True)
    return Orders(table, ("reported",), end, begin, end, "test", len(table))


def orders_of_counts(
    counts: np.ndarray,
    grids: list[str],
    kinds: list[str],
    start: str,
    rng: np.random.Generator,
    hours: np.ndarray | None = None,
) -> Orders:
    """A log with counts[day, grid, kind] orders, each at a random minute of its day (or in
    the given hours: the i-th order in hours[i])."""
    day, g, k = np.indices(counts.shape).reshape(3, -1)
    n = counts.ravel()
    day, g, k = np.repeat(day, n), np.repeat(g, n), np.repeat(k, n)
    minute = rng.uniform(0, DAY_MIN, len(day)) if hours is None else hours * 60 + 30
    reported = pd.Timestamp(start) + pd.to_timedelta(day * DAY_MIN + minute, unit="min")
    table = orders_table(list(np.array(kinds)[k]), list(np.array(grids)[g]), reported)
    return as_orders(table, start, counts.shape[0])


def orders_of_run(sc: Scenario, replication: int = 0) -> Orders:
    """A run's demand as a log: every issue reported when it is created."""
    iss = generate_issues(sc, Streams(sc.seed, replication))
    reported = pd.Timestamp(sc.calendar.start_date) + pd.to_timedelta(iss.created, unit="min")
    kinds = list(np.array(iss.kind_names)[iss.kind])
    table = orders_table(kinds, list(np.array(iss.grid_names)[iss.grid]), reported)
    return as_orders(table, str(sc.calendar.start_date), int(sc.calendar.horizon_days))


def scenario(grids: list[dict[str, Any]], kinds: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "name": "fit",
        "seed": 11,
        "community": {"grids": grids},
        "calendar": extra.pop("calendar", {"start_date": "2026-01-05", "horizon_days": 28}),
        "demand": {"kinds": kinds, **extra},
        "staff": {"crews": {"repair": 2, "cleaning": 1, "patrol": 0, "fire": 0}},
    }


def job(rate: float, **more: Any) -> dict[str, Any]:
    return {"rate_per_household_year": rate, "handler": "repair", "work": {"mean_min": 30}, **more}


def applied(raw: dict[str, Any], values: dict[str, float]) -> Scenario:
    """The scenario with fitted values set (profiles written out in full first, as the
    fitted scenario's writer does, since a path sets one item of an existing list)."""
    data = Scenario.model_validate(raw).model_dump(mode="json")
    for kind in data["demand"]["kinds"].values():
        kind["seasonal"] = kind["seasonal"] or [1.0] * 12
    return Scenario.model_validate(apply_overrides(data, values, "fit"))


def by_path(fit: ArrivalFit) -> dict[str, Any]:
    return {e.path: e for e in fit.estimates}


def test_one_grid_one_kind_rate_is_count_over_exposure_with_wald_interval() -> None:
    """200 households over 28 days (4 whole weeks from a Monday, all in June), counts by
    hand: the rate's MLE is n / E per household-day (weekday weights average the 4 weeks
    of each day out), its interval exp(log(n / E) +- 1.96 / sqrt(n)); the weekday weights
    are each weekday's count over the busiest one; the hour weights each hour's share over
    the busiest hour's."""
    rng = np.random.default_rng(1)
    base = Scenario.model_validate(scenario([{"name": "a", "households": 200}], {"job": job(5)}))
    week = [9, 4, 5, 6, 4, 3, 5]  # Monday first
    counts = np.array(week * 4).reshape(28, 1, 1)
    n = int(counts.sum())
    hours = rng.choice([7, 9, 9, 10, 14, 14, 14, 20], n)
    fit = fit_arrivals(orders_of_counts(counts, ["a"], ["job"], "2026-06-01", rng, hours), base)
    est = by_path(fit)
    rate = est["demand.kinds.job.rate_per_household_year"]
    exposure = 28 * 200 / 365  # household-years
    assert rate.value == pytest.approx(n / exposure, rel=1e-6)
    assert rate.lower == pytest.approx(n / exposure * math.exp(-Z / math.sqrt(n)), rel=1e-4)
    assert rate.upper == pytest.approx(n / exposure * math.exp(Z / math.sqrt(n)), rel=1e-4)
    assert rate.rows == n and rate.period == "2026-06-01 to 2026-06-28"
    assert rate.note.startswith("Poisson GLM, dispersion")
    for d in range(7):
        assert est[f"demand.weekly.{d}"].value == pytest.approx(week[d] / 9, rel=1e-6)
    shares = np.bincount(hours, minlength=24)
    for h in range(24):
        assert est[f"demand.hourly.{h}"].value == pytest.approx(shares[h] / shares.max())
        assert est[f"demand.hourly.{h}"].rows == shares[h]
    # June only: the other months are the mean, said so, and have no interval.
    assert est["demand.kinds.job.seasonal.5"].value == pytest.approx(1.0)
    assert est["demand.kinds.job.seasonal.0"].lower is None
    assert any("month 1, 2, 3, 4, 5, 7," in note and "mean (1)" in note for note in fit.notes)
    assert any("holiday" in note for note in fit.notes)
    with use("zh"):
        zh = fit_arrivals(orders_of_counts(counts, ["a"], ["job"], "2026-06-01", rng), base)
    assert "job：日志不含1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12月的日子" in zh.notes[0]
    assert "community.grids.0.rate_factor" not in est  # one grid: no grid effect


def margins(counts: np.ndarray, months: np.ndarray, weekday: np.ndarray) -> list[np.ndarray]:
    """The sufficient statistics of the GLM's effects: totals by kind, grid, kind x month,
    weekday and holiday (the last day index ranges)."""
    by_month = np.stack([counts[months == m].sum(axis=(0, 1)) for m in range(12)])
    by_weekday = np.array([counts[weekday == d].sum() for d in range(7)])
    return [counts.sum(axis=(0, 2)), by_month, by_weekday]


def fitted_counts(sc: Scenario, days: int) -> np.ndarray:
    """Expected orders per (day, grid, kind) of a scenario, by the model's own arithmetic
    (pair rate x its month's seasonal weight x the day's weekday and holiday weight)."""
    stream = DemandStream(sc, Streams(sc.seed, 0))
    out = np.zeros((days, len(sc.community.grids), len(sc.demand.kinds)))
    for q, pair in enumerate(stream.pairs):
        season = stream.seasonal[pair.kind, stream.months[:days]]
        out[:, pair.grid, pair.kind] = stream.rate[q] * DAY_MIN * season * stream.daily[:days]
    return out


FACTORS = {
    "calendar": {
        "start_date": "2025-11-03",
        "horizon_days": 91,
        "holidays": [{"name": "h", "start": "2025-12-24", "days": 3}],
    },
    "weekly": [1.4, 1, 1, 1, 1, 0.7, 0.5],
    "holiday_weight": 0.4,
    "hourly": [0.2] * 7 + [2] * 11 + [1] * 6,
    "heating_season": {"multiplier": 1.6},
}


def factor_scenario() -> dict[str, Any]:
    """Three grids at factors 0.5, 1, 2; a heating kind, a vulnerable-only one with its own
    seasonal profile, a scheduled one and one with no order; 13 weeks over three months
    with a holiday."""
    grids = [
        {"name": "a", "households": 400, "rate_factor": 0.5},
        {"name": "b", "households": 300, "vulnerable_share": 0.3},
        {"name": "c", "households": 200, "rate_factor": 2.0},
    ]
    seasonal = [1.0] * 10 + [2.0, 0.5]
    kinds = {
        "leak": job(6, heating=True, seasonal=[1.0] * 12),
        "care": job(20, households="vulnerable", seasonal=seasonal),
        "visit": job(0, schedule={"cycle_days": 30}),
        "rare": job(0, seasonal=[1.0] * 12),
    }
    return scenario(grids, kinds, **FACTORS)


def test_fitted_scenario_reproduces_the_logs_margins_through_the_model() -> None:
    """A Poisson GLM with canonical link fits every effect's margin exactly (its score
    equations). The scenario with the estimates applied, run through the model's own rate
    arithmetic (heating multiplier, vulnerable households, weekday means, rate factors),
    must therefore expect exactly the log's orders by grid, kind x month and weekday."""
    raw = factor_scenario()
    sc = Scenario.model_validate(raw)
    orders = orders_of_run(sc)
    fit = fit_arrivals(orders, sc)
    assert fit.model == "Poisson"
    fitted = applied(raw, {e.path: e.value for e in fit.estimates})
    days = 91
    table = orders.table
    day = ((table["reported"] - orders.start) // pd.Timedelta(days=1)).to_numpy()
    grid = table["grid"].map({"a": 0, "b": 1, "c": 2}).to_numpy()
    kind = table["kind"].map({k: i for i, k in enumerate(raw["demand"]["kinds"])}).to_numpy()
    observed = np.zeros((days, 3, 4))
    np.add.at(observed, (day, grid, kind), 1)
    dates = pd.date_range("2025-11-03", periods=days)
    months, weekday = dates.month.to_numpy() - 1, dates.day_of_week.to_numpy()
    expected = fitted_counts(fitted, days)
    random = [0, 1]  # the scheduled and the order-less kinds are not fitted
    for seen, want in zip(
        margins(expected[..., random], months, weekday),
        margins(observed[..., random], months, weekday),
        strict=True,
    ):
        np.testing.assert_allclose(seen, want, rtol=1e-5, atol=1e-6)
    holiday = (dates >= "2025-12-24") & (dates < "2025-12-27")
    assert expected[holiday][..., random].sum() == pytest.approx(observed[holiday].sum(), 1e-5)
    assert any(note.startswith("rare: no order") for note in fit.notes)
    alone = factor_scenario()
    for grid in alone["community"]["grids"]:
        grid["vulnerable_share"] = 0.0
    fit = fit_arrivals(orders, Scenario.model_validate(alone))
    assert "care: no household of the base raises it; its orders are not fitted" in fit.notes
    assert not any(".visit." in e.path or ".rare." in e.path for e in fit.estimates)


def test_the_fit_on_covariate_patterns_is_the_day_level_fit() -> None:
    """Counts summed over days of one covariate pattern are sufficient: statsmodels' Poisson
    GLM on the day rows gives the same coefficients and covariance."""
    raw = factor_scenario()
    sc = Scenario.model_validate(raw)
    orders = orders_of_run(sc)
    fit = fit_arrivals(orders, sc)
    kinds = ["leak", "care"]
    days = arrivals.Days.of(orders.start, orders.end, sc.calendar.holidays)
    table = arrivals.orders_in(orders.table, kinds, sc, orders.start, len(days))
    counts = arrivals.day_counts(table, len(days), 3, 2)
    design = arrivals.build_design(counts, arrivals.exposure(sc, kinds), days)
    assert len(np.unique(design.pattern)) < len(design.y) / 3  # 13 weeks: 91 days, ~25 patterns
    poisson = sm.families.Poisson()
    day_level = sm.GLM(design.y, design.x, family=poisson, offset=design.offset).fit()
    assert fit.glm is not None
    np.testing.assert_allclose(fit.glm.beta, day_level.params, rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(fit.glm.cov, day_level.cov_params(), rtol=1e-5, atol=1e-12)


def test_known_factors_fall_inside_their_intervals() -> None:
    """The run's own weekday weights, holiday weight, grid factors (households-weighted mean
    1) and rates (scaled the same way) lie within 3.5 standard errors of the estimates
    (each is 95% inside its interval; 3.5 s.e. keeps the chance of any of 20 failing
    below 1%)."""
    raw = factor_scenario()
    sc = Scenario.model_validate(raw)
    est = by_path(fit_arrivals(orders_of_run(sc), sc))
    weights = np.array([400 * 0.5, 300, 200 * 2.0])
    mean_factor = weights.sum() / 900
    weekly = np.array(FACTORS["weekly"]) / max(FACTORS["weekly"])
    truth = {f"demand.weekly.{d}": weekly[d] for d in range(7)}
    truth["demand.holiday_weight"] = 0.4
    truth |= {
        f"community.grids.{g}.rate_factor": f / mean_factor for g, f in enumerate([0.5, 1, 2])
    }
    truth["demand.kinds.leak.rate_per_household_year"] = 6 * mean_factor
    truth["demand.kinds.care.rate_per_household_year"] = 20 * mean_factor
    # weekly weights are relative: compare them at the truth's scale (Monday 1)
    monday = est["demand.weekly.0"].value
    for path, want in truth.items():
        e = est[path]
        scale = monday if path.startswith("demand.weekly.") else 1.0
        se = math.log(e.upper / e.lower) / (2 * Z)
        z = math.log(e.value / scale / want) / se
        assert abs(z) < 3.5, (path, e, want)


def gamma_mixed(
    alpha: float, mu: float, shape: tuple[int, ...], rng: np.random.Generator
) -> np.ndarray:
    """Counts of mean mu whose cells' means vary as a gamma of variance alpha mu^2."""
    if alpha == 0:
        return rng.poisson(mu, shape)
    return rng.poisson(mu * rng.gamma(1 / alpha, alpha, shape))


@pytest.mark.parametrize(("alpha", "model"), [(0.0, "Poisson"), (0.2, "negative binomial")])
def test_overdispersion_is_found_when_days_are_gamma_mixed(alpha: float, model: str) -> None:
    """Two grids, 2 kinds, 182 days at 8 orders a cell-day: Poisson days give dispersion
    about 1 and no negative binomial; gamma-mixed days (alpha 0.2) give about
    1 + 0.2 x 8 = 2.6 and a negative binomial, whose rate interval still holds the truth.
    Dispersion and alpha are compared with the truth within 4 standard errors of their
    oracle estimates (the same statistics at the true means)."""
    rng = np.random.default_rng(5)
    grids = [{"name": "a", "households": 100}, {"name": "b", "households": 100}]
    base = Scenario.model_validate(
        scenario(grids, {"x": job(1), "y": job(1, handler="cleaning")}, holiday_weight=1.0)
    )
    counts = gamma_mixed(alpha, 8.0, (182, 2, 2), rng)
    fit = fit_arrivals(orders_of_counts(counts, ["a", "b"], ["x", "y"], "2026-01-05", rng), base)
    assert fit.model == model
    pearson = (counts.ravel() - 8.0) ** 2 / 8.0
    se = pearson.std() / math.sqrt(pearson.size)
    assert abs(fit.dispersion - (1 + alpha * 8)) < 4 * se
    rate = by_path(fit)["demand.kinds.x.rate_per_household_year"]
    assert rate.lower < 8 * 365 / 100 < rate.upper
    if alpha:
        aux = ((counts.ravel() - 8.0) ** 2 - counts.ravel()) / 8.0 / 8.0  # alpha's terms
        assert fit.p_value < 0.001
        assert fit.alpha is not None
        assert abs(fit.alpha - alpha) < 4 * aux.std() / math.sqrt(aux.size)
        assert rate.note.startswith("negative binomial GLM, alpha ")
        assert rate.note.endswith("p < 0.001)")
    else:
        assert fit.p_value > 0.01 and fit.alpha is None
        assert rate.note.startswith("Poisson GLM, dispersion ")


@pytest.mark.slow
def test_rate_interval_covers_the_truth_95_percent_of_the_time() -> None:
    """200 logs of 2 grids (factors 1 and 2), 13 weeks over June, July and August, a
    weekday effect, about 270 orders each: the rate's 95% interval holds the true rate in
    a number of them inside the central 99.9% of a binomial(200, 0.95) (179 to 198)."""
    rng = np.random.default_rng(17)
    grids = [{"name": "a", "households": 100}, {"name": "b", "households": 100}]
    base = Scenario.model_validate(scenario(grids, {"x": job(1)}))
    week = np.array([2, 1, 1, 1, 1, 0.5, 0.5])
    mu = 1 / 3 * np.tile(week / week.mean(), 13)[:, None, None] * np.array([1, 2])[None, :, None]
    truth = 1 / 3 * 1.5 * 365 / 100  # per household-year, grid factors of mean 1
    hits = 0
    for _ in range(200):
        counts = rng.poisson(mu)
        orders = orders_of_counts(counts, ["a", "b"], ["x"], "2026-06-01", rng)
        rate = by_path(fit_arrivals(orders, base))["demand.kinds.x.rate_per_household_year"]
        hits += rate.lower <= truth <= rate.upper
    low, high = stats.binom.ppf([0.0005, 0.9995], 200, 0.95)
    assert low <= hits <= high, hits


def test_draws_are_valid_scenario_values() -> None:
    """Bootstrap draws vary, and each applied to the base is a valid scenario."""
    raw = factor_scenario()
    sc = Scenario.model_validate(raw)
    fit = fit_arrivals(orders_of_run(sc), sc)
    draws = fit.draws(5, np.random.default_rng(3))
    assert len(draws) == 5
    paths = {e.path for e in fit.estimates}
    for draw in draws:
        assert set(draw) == paths
        assert all(v >= 0 and math.isfinite(v) for v in draw.values())
        applied(raw, draw)
    rates = [d["demand.kinds.leak.rate_per_household_year"] for d in draws]
    assert len(set(rates)) == 5


def test_a_level_with_no_order_is_zero_with_an_upper_bound() -> None:
    """A grid with no order: factor 0 (the MLE), interval from 0 to the factor at which it
    would expect 3.69 orders (P(none) = 2.5%), here 3.69 / (28 days x 100 households x the
    other grid's 5 per 2,800 household-days) relative to its mean."""
    rng = np.random.default_rng(2)
    grids = [{"name": "a", "households": 100}, {"name": "b", "households": 100}]
    base = Scenario.model_validate(scenario(grids, {"x": job(1)}))
    counts = np.zeros((28, 2, 1), dtype=int)
    counts[::7, 0, 0] = [1, 2, 1, 1]  # 5 orders, all Mondays, all in grid a
    fit = fit_arrivals(orders_of_counts(counts, ["a", "b"], ["x"], "2026-01-05", rng), base)
    est = by_path(fit)
    empty = est["community.grids.1.rate_factor"]
    assert empty.value == 0.0 and empty.lower == 0.0
    # grid b at weight w relative to a expects 5 w orders; the factor of a is 2 / (1 + w)
    w = -math.log(0.025) / 5
    assert empty.upper == pytest.approx(2 * w / (1 + w), rel=1e-6)
    assert est["demand.weekly.1"].value == 0.0
    # February's one day is a Sunday, which has no order either: no bound from the log
    assert est["demand.kinds.x.seasonal.1"].upper == math.inf
    applied(scenario(grids, {"x": job(1)}), fit.draws(1, rng)[0])
