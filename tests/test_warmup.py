"""Warm-up analysis: backlog series, MSER-5 and Welch's method on hand-made data."""

from __future__ import annotations

import math

import numpy as np
import pytest
from matplotlib.figure import Figure

from gridsim.stats.kpis import backlog_mean
from gridsim.stats.warmup import (
    backlog_series,
    daily_mean_series,
    mser5,
    warmup_figure,
    welch,
)

NAN = math.nan


def test_backlog_series_by_hand() -> None:
    # open [0, 30), [10, horizon), never reported, [50, 70)
    reported = np.array([0.0, 10.0, NAN, 50.0])
    resolved = np.array([30.0, NAN, 5.0, 70.0])
    # areas per 25-minute interval: 25+15, 5+25, 25+20, 25
    series = backlog_series(reported, resolved, horizon=100, step=25)
    assert series == pytest.approx([40 / 25, 30 / 25, 45 / 25, 25 / 25])
    # a horizon that is not a whole number of steps: the last interval is [75, 90)
    short = backlog_series(reported, resolved, horizon=90, step=25)
    assert short == pytest.approx([1.6, 1.2, 1.8, 1.0])


def test_backlog_series_agrees_with_the_kpi_and_brute_force() -> None:
    rng = np.random.default_rng(3)
    reported = np.sort(rng.uniform(0, 1000, 300))
    resolved = reported + rng.exponential(60, 300)
    resolved[rng.random(300) < 0.1] = NAN
    reported[:5] = NAN
    series = backlog_series(reported, resolved, horizon=1000, step=100)
    assert series.mean() == pytest.approx(backlog_mean(reported, resolved, 0, 1000), rel=1e-12)
    t = np.arange(0, 1000, 0.05) + 0.025  # midpoint rule on a fine grid
    end = np.where(np.isnan(resolved), np.inf, resolved)
    count = ((reported[:, None] <= t) & (t < end[:, None])).sum(axis=0)
    assert series == pytest.approx(count.reshape(10, -1).mean(axis=1), abs=0.02)


def test_daily_mean_series_by_report_time() -> None:
    times = np.array([0.0, 100.0, 1500.0, 3000.0, 3100.0, NAN, 5000.0])
    values = np.array([4.0, 6.0, NAN, 10.0, 20.0, 1.0, 1.0])
    out = daily_mean_series(times, values, horizon=4320, step=1440)
    assert out[0] == 5.0 and math.isnan(out[1]) and out[2] == 15.0 and len(out) == 3


def test_mser5_by_hand() -> None:
    # batch means [10, 0, 0, 0]: d = 0 gives 75 / 16, d = 1 and 2 give 0; the earliest wins
    assert mser5(np.array([10.0] * 5 + [0.0] * 15)) == 5


def test_mser5_ramp_then_flat() -> None:
    ramp = np.linspace(0, 10, 50, endpoint=False)
    flat = 10 + 0.5 * (-1.0) ** np.arange(450)
    assert mser5(np.concatenate([ramp, flat])) == 50


def test_mser5_flat_and_short_series() -> None:
    assert mser5(np.full(100, 7.0)) == 0
    assert mser5(np.array([1.0, 2.0, 3.0])) == 0
    noise = np.random.default_rng(1).normal(size=500)
    assert mser5(noise) < 250  # the search never goes past half the series
    with pytest.raises(ValueError):
        mser5(np.array([1.0, NAN] * 10))


def test_welch_by_hand() -> None:
    runs = np.array([[0.0, 6.0, 1.0, 9.0, 4.0, 8.0], [2.0, 2.0, 3.0, 7.0, 6.0, 6.0]])
    # mean Y = [1, 4, 2, 8, 5, 7]; w = 2 gives m - w = 4 values:
    # Y1; mean(Y1..Y3); mean(Y1..Y5); mean(Y2..Y6)
    assert welch(runs, 2) == pytest.approx([1.0, 7 / 3, 4.0, 26 / 5])
    assert welch(runs, 0) == pytest.approx([1, 4, 2, 8, 5, 7])
    assert welch(np.array([1.0, 2, 3, 4, 5, 6]), 1) == pytest.approx([1, 2, 3, 4, 5])
    with pytest.raises(ValueError):
        welch(runs, 6)


def test_warmup_figure_marks_the_truncation() -> None:
    days = np.arange(120)
    noise = np.random.default_rng(5).normal(0, 1, (3, 120))
    runs = 20 * (1 - np.exp(-days / 8)) + noise
    fig = warmup_figure(runs, window=5)
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    cut = mser5(runs.mean(axis=0))
    assert 0 < cut < 60
    vertical = [ln for ln in ax.lines if np.ptp(ln.get_xdata()) == 0]
    assert len(vertical) == 1 and vertical[0].get_xdata()[0] == cut
    assert "days" in ax.get_xlabel() and "issues" in ax.get_ylabel()
    hourly = warmup_figure(runs, window=5, step_min=60, truncation=24)
    assert [ln.get_xdata()[0] for ln in hourly.axes[0].lines if np.ptp(ln.get_xdata()) == 0] == [
        1.0
    ]
