"""Work and close times from a log: Kaplan-Meier by hand, the exponential's censored MLE in
closed form, the likelihoods against scipy's densities, AIC choosing the distribution that
made the data, intervals covering the truth, nothing fitted from stages a log lacks, and
closes bunched at the end of the shift found and corrected (and not found where there are
none)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from gridsim.api import run_experiment
from gridsim.fit import STAGES, Orders, bunched_closes, close_curves, fit_times, run_orders
from gridsim.fit.durations import Durations, fit_one, fit_work, loglik, work_sample
from gridsim.fit.orders import COLUMNS
from gridsim.fit.survival import close_estimates
from gridsim.scenario import Scenario, load_scenario
from tests.conftest import SCENARIOS

MONDAY = pd.Timestamp("2026-03-02")  # four working weeks follow, no holiday in them
MIN = pd.Timedelta(minutes=1)


@pytest.fixture(scope="module")
def base() -> Scenario:
    return load_scenario(SCENARIOS / "baseline.yaml")


def lognormal(rng: np.random.Generator, mean: float, cv: float, n: int) -> np.ndarray:
    """Draws with this mean and cv, as the model draws them."""
    s2 = math.log1p(cv**2)
    return rng.lognormal(math.log(mean) - s2 / 2, math.sqrt(s2), n)


def orders_of(table: dict, extract: pd.Timestamp, observed: tuple[str, ...] = STAGES) -> Orders:
    """Orders from columns (the rest filled in: one kind, not escalated, one report each)."""
    n = len(table["reported"])
    full = {
        "order_id": [str(i) for i in range(n)],
        "kind": ["repair"] * n,
        "grid": ["g1"] * n,
        "location": [""] * n,
        "escalated": pd.array([False] * n, dtype="boolean"),
        "reports": [1] * n,
        **table,
    }
    frame = pd.DataFrame(full)
    for stage in STAGES:
        if stage not in full or stage not in observed:
            frame[stage] = pd.NaT
        frame[stage] = frame[stage].astype("datetime64[ns]")
    frame["open"] = frame["closed" if "closed" in observed else "resolved"].isna()
    return Orders(frame[list(COLUMNS)], observed, extract, MONDAY, extract.ceil("D"), "test", n)


def worked(
    rng: np.random.Generator, works: np.ndarray, *, bunch: float = 0.0, days: int = 28, **kw
) -> Orders:
    """A log of on-site jobs of these lengths (minutes), started 8:00-16:00 on the working
    days of ``days`` from MONDAY; open at the extract (the end of those days) if not done;
    with ``bunch``, that share of the jobs done before 17:30 closed at 17:30-17:45."""
    n = works.size
    day = rng.choice([d for d in range(days) if (MONDAY + pd.Timedelta(days=d)).weekday() < 5], n)
    on_site = MONDAY + (day * 1440 + rng.uniform(8 * 60, 16 * 60, n)) * MIN
    end = pd.Series(on_site + works * MIN)
    extract = MONDAY + pd.Timedelta(days=days)
    shift_end = MONDAY + (day * 1440 + 17.5 * 60) * MIN
    late = shift_end + rng.uniform(0, 15, n) * MIN
    bunched = (end < shift_end).to_numpy() & (rng.random(n) < bunch)
    end[bunched] = late[bunched]
    end[end >= extract] = pd.NaT
    stamps = {"reported": on_site - 45 * MIN, "on_site": on_site, "resolved": end, "closed": end}
    return orders_of(stamps, extract, **kw)


def test_kaplan_meier_by_hand() -> None:
    """Times 3, 5+, 6, 8+, 10 (+: open at the extract): S(3) = 4/5, S(6) = 4/5 x 2/3 (3
    at risk, one closes), S(10) = 0; the median is 10 (S(6) = 0.53 is above one half)."""
    extract = MONDAY + pd.Timedelta(days=1)
    closed_after = [3, None, 6, None, 10]
    reported = [extract - 5 * MIN if t is None else MONDAY for t in closed_after]
    reported[3] = extract - 8 * MIN
    closed = [pd.NaT if t is None else MONDAY + t * MIN for t in closed_after]
    log = orders_of({"reported": reported, "closed": closed}, extract, ("reported", "closed"))
    curve = close_curves(log)["repair"]
    assert (curve.rows, curve.censored) == (5, 2)
    expected = [1, 4 / 5, 4 / 5, 4 / 5, 4 / 5 * 2 / 3, 4 / 5 * 2 / 3, 0]
    assert curve.at(np.array([2.9, 3, 4, 5.5, 6, 9, 10])) == pytest.approx(expected)
    assert np.all(curve.lower <= curve.survival) and np.all(curve.survival <= curve.upper)
    assert curve.median == 10
    estimate = close_estimates(log, {"repair": curve})["repair"]
    assert (estimate.path, estimate.value, estimate.rows) == ("close.repair.median_min", 10, 5)
    assert "2 of 5 open at the extract" in estimate.note


def test_exponential_censored_mle_is_events_over_total_time() -> None:
    """The exponential's censored MLE has a closed form: mean = total time / events, and the
    observed information of log mean is the number of events."""
    rng = np.random.default_rng(7)
    x, c = rng.exponential(50.0, 500), rng.uniform(0, 150, 500)
    sample = Durations(exact=x[x <= c], right=c[x > c])
    theta, cov, _ = fit_one(sample, "exponential")  # type: ignore[misc]
    events, total = sample.exact.size, sample.exact.sum() + sample.right.sum()
    assert math.exp(theta[0]) == pytest.approx(total / events, rel=1e-5)
    assert cov[0, 0] == pytest.approx(1 / events, rel=1e-3)


@pytest.mark.parametrize("name", ["exponential", "lognormal", "gamma"])
def test_loglik_is_scipys(name: str) -> None:
    """The written-out likelihood equals scipy's densities, survival and distribution
    functions at the same mean and cv."""
    mean, cv = 40.0, 0.7
    dist = {
        "exponential": stats.expon(scale=mean),
        "gamma": stats.gamma(1 / cv**2, scale=mean * cv**2),
        "lognormal": stats.lognorm(math.sqrt(math.log1p(cv**2)), scale=mean / math.sqrt(1 + cv**2)),
    }[name]
    sample = Durations(np.array([5.0, 30, 90]), np.array([12.0, 200]), np.array([1.0, 45]))
    expected = (
        dist.logpdf(sample.exact).sum()
        + dist.logsf(sample.right).sum()
        + dist.logcdf(sample.left).sum()
    )
    assert loglik(name, np.log([mean, cv]), sample) == pytest.approx(expected, rel=1e-10)


@pytest.mark.parametrize("truth", ["lognormal", "gamma"])
def test_aic_chooses_the_distribution_that_made_the_data(truth: str) -> None:
    rng = np.random.default_rng(11)
    n, mean, cv = 2000, 60.0, 0.8
    x = (
        lognormal(rng, mean, cv, n)
        if truth == "lognormal"
        else rng.gamma(1 / cv**2, mean * cv**2, n)
    )
    c = rng.uniform(0, 400, n)
    fit = fit_work(Durations(exact=x[x <= c], right=c[x > c]))
    assert fit is not None and fit.distribution == truth
    assert len(fit.aic) == 3 and fit.aic[truth] == min(fit.aic.values())


@pytest.mark.slow
def test_mean_interval_covers_the_truth() -> None:
    """200 samples of 200 lognormal times (mean 60, cv 1), about 12% right-censored: the
    95% interval of the mean holds 60 in 90-99% of them (binomial sd 1.5 points)."""
    rng = np.random.default_rng(2026)
    hits = 0
    for _ in range(200):
        x, c = lognormal(rng, 60.0, 1.0, 200), rng.uniform(0, 500, 200)
        fit = fit_work(Durations(exact=x[x <= c], right=c[x > c]))
        assert fit is not None
        _, low, high = fit.interval(0)
        hits += low <= 60.0 <= high
    assert 180 <= hits <= 198


def test_fit_times_paths_rows_and_censoring(base: Scenario) -> None:
    """A lognormal kind: its distribution, mean and cv at their paths with the rows and
    period; open orders right-censored at the extract; escalated orders left out, unknown
    ones counted and said."""
    rng = np.random.default_rng(3)
    log = worked(rng, lognormal(rng, 600.0, 0.8, 1500), days=12)  # Friday's last jobs open
    t = log.table
    t.loc[:99, "escalated"] = True  # taken above the grid worker: not the kind's work
    t.loc[:99, ["resolved", "closed"]] = t.loc[:99, "on_site"] + pd.Timedelta(days=3)
    t.loc[100:109, "escalated"] = pd.NA
    fit = fit_times(log, base)
    found = {e.path: e for e in fit.estimates}
    assert sorted(found) == [
        f"demand.kinds.repair.work.{p}" for p in ("cv", "distribution", "mean_min")
    ]
    mean = found["demand.kinds.repair.work.mean_min"]
    assert mean.lower < 600.0 < mean.upper  # type: ignore[operator]
    assert found["demand.kinds.repair.work.distribution"].value == "lognormal"
    censored = int(t["open"][100:].sum())
    assert censored > 0 and mean.rows == 1400
    assert mean.period == "2026-03-02 to 2026-03-13"
    assert f"{censored} of 1,400 censored" in mean.note
    assert "escalation not in the log for 10: counted as not escalated" in mean.note
    sample, _ = work_sample(log, "repair", "resolved", fit.bunching)
    still = t[t["open"] & ~t["escalated"].fillna(False)]
    assert sorted(sample.right) == pytest.approx(sorted((log.extract - still["on_site"]) / MIN))


def test_exponential_work_has_no_cv(base: Scenario) -> None:
    rng = np.random.default_rng(5)
    fit = fit_times(worked(rng, rng.exponential(45.0, 1500), days=14), base)
    paths = {e.path for e in fit.estimates}
    assert paths == {"demand.kinds.repair.work.distribution", "demand.kinds.repair.work.mean_min"}
    draws = fit.draws(3, np.random.default_rng(0))
    assert [sorted(d) for d in draws] == [["demand.kinds.repair.work.mean_min"]] * 3


def test_close_times_only_fit_no_work(base: Scenario) -> None:
    """An Open311-like log (reported and closed only): no work time is invented; the time
    to close is still there."""
    rng = np.random.default_rng(4)
    log = worked(rng, lognormal(rng, 90.0, 0.8, 300), observed=("reported", "closed"))
    fit = fit_times(log, base)
    assert fit.estimates == [] and fit.works == {}
    assert fit.notes == ["work times not fitted: the log has no on-site time (the base's stay)"]
    assert fit.draws(2, rng) == [{}, {}]
    assert set(fit.close) == {"repair"} and fit.curves["repair"].rows == 300


def test_without_resolution_times_the_note_says_upper_bound(base: Scenario) -> None:
    rng = np.random.default_rng(6)
    log = worked(rng, lognormal(rng, 90.0, 0.8, 300), observed=("reported", "on_site", "closed"))
    note = fit_times(log, base).estimates[0].note
    assert "no resolution time: on site to close, an upper bound" in note


def test_draws_follow_the_log_scale_normal(base: Scenario) -> None:
    """Draws of log mean and log cv have the fit's means and covariance (within 4 standard
    errors of 4,000 draws)."""
    rng = np.random.default_rng(8)
    fit = fit_times(worked(rng, lognormal(rng, 90.0, 0.8, 800), days=14), base)
    work = fit.works["repair"]
    draws = fit.draws(4000, np.random.default_rng(1))
    logs = np.log(
        [[d["demand.kinds.repair.work.mean_min"], d["demand.kinds.repair.work.cv"]] for d in draws]
    )
    se = np.sqrt(np.diag(work.cov))
    assert np.all(np.abs(logs.mean(axis=0) - work.theta) < 4 * se / math.sqrt(4000))
    assert np.cov(logs.T) == pytest.approx(work.cov, rel=0.1, abs=0.1 * se.prod())


@pytest.mark.parametrize("bunch", [0.1, 0.5])
def test_bunched_closes_found_and_counted_as_at_or_before(base: Scenario, bunch: float) -> None:
    """A share of the jobs done before 17:30 closed at 17:30-17:45: the slot is found;
    taking the recorded closes at face value puts the mean far above the truth, counting
    them as closed at or before brings it back inside the interval."""
    rng = np.random.default_rng(9)
    observed = ("reported", "on_site", "closed")
    log = worked(rng, lognormal(rng, 60.0, 0.8, 2000), bunch=bunch, observed=observed)
    bunching = bunched_closes(log, base)
    assert bunching.slots == (70,)  # 17:30-17:45
    assert bunch - 0.05 < bunching.share < bunch + 0.05
    fit = fit_times(log, base)
    mean = {e.path: e for e in fit.estimates}["demand.kinds.repair.work.mean_min"]
    assert mean.lower < 60.0 < mean.upper  # type: ignore[operator]
    share = f"{bunching.share:.0%}"
    assert (
        f"closes bunched at 17:30-17:45 ({share} of closes): counted as at or before" in mean.note
    )
    t = log.table[~log.table["open"]]
    naive = fit_work(Durations(exact=((t["closed"] - t["on_site"]) / MIN).to_numpy()))
    assert naive is not None and naive.interval(0)[1] > 1.2 * 60.0


def test_no_bunching_in_a_log_without_it(base: Scenario) -> None:
    rng = np.random.default_rng(10)
    log = worked(rng, lognormal(rng, 60.0, 0.8, 2000))
    assert not bunched_closes(log, base).found
    assert not bunched_closes(log, base, "resolved").found


def test_the_backlog_fixed_at_the_start_of_the_shift_is_not_bunching(base: Scenario) -> None:
    """A spike of resolutions just after the crews arrive (the night's backlog, on site at
    8:00, done by 8:30) is real work, not a clerk's bunching: only the hour before a shift
    ends is looked at (a first version flagged 08:15-08:30 and biased the mean low)."""
    rng = np.random.default_rng(12)
    n, days = 3000, 28
    weekdays = [d for d in range(days) if (MONDAY + pd.Timedelta(days=d)).weekday() < 5]
    day = rng.choice(weekdays, n)
    backlog = rng.random(n) < 0.4
    start = np.where(backlog, 8 * 60 + rng.uniform(0, 5, n), rng.uniform(8 * 60, 16 * 60, n))
    on_site = MONDAY + (day * 1440 + start) * MIN
    end = on_site + lognormal(rng, 20.0, 0.5, n) * MIN
    log = orders_of({"reported": on_site - 45 * MIN, "on_site": on_site, "resolved": end,
                     "closed": end}, MONDAY + pd.Timedelta(days=days))  # fmt: skip
    assert not bunched_closes(log, base, "resolved").found
    mean = next(e for e in fit_times(log, base).estimates if e.path.endswith("mean_min"))
    assert mean.lower < 20.0 < mean.upper  # type: ignore[operator]


@pytest.mark.slow
def test_a_runs_work_times_come_back() -> None:
    """The orders of a 120-day baseline run: on site -> resolved of the orders not escalated
    is the model's work time, so repairs (the most orders) get the baseline's lognormal
    back, its mean 50 min and cv 0.8 inside their intervals (one seed: a 95% interval)."""
    base = load_scenario(SCENARIOS / "baseline.yaml", ["calendar.horizon_days=120"])
    issues = run_experiment(base, variants=[], replications=1, jobs=1).issues()
    fit = fit_times(run_orders(issues, base), base)
    found = {e.path: e for e in fit.estimates if e.path.startswith("demand.kinds.repair.")}
    assert found["demand.kinds.repair.work.distribution"].value == "lognormal"
    for name, truth in (("mean_min", 50.0), ("cv", 0.8)):
        estimate = found[f"demand.kinds.repair.work.{name}"]
        assert estimate.lower < truth < estimate.upper  # type: ignore[operator]
