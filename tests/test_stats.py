"""Monitors, KPIs and intervals against hand computations."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

from gridsim.model.monitor import TimeWeighted
from gridsim.scenario.schema import Targets
from gridsim.stats.intervals import mean_ci, t975
from gridsim.stats.kpis import backlog_mean, response_kpis
from gridsim.stats.summary import headline_table


def test_time_weighted_mean_by_hand() -> None:
    m = TimeWeighted(start=0.0)
    m.set(0.0, 2.0)
    m.set(3.0, 1.0)  # 2 for 3 min
    m.set(5.0, 0.0)  # 1 for 2 min
    assert m.mean(10.0) == pytest.approx((2 * 3 + 1 * 2) / 10)


def test_time_weighted_ignores_the_warm_up() -> None:
    m = TimeWeighted(start=4.0)
    m.set(0.0, 2.0)
    m.set(3.0, 1.0)  # before the warm-up ends: not counted
    m.set(6.0, 3.0)  # level 1 from 4 to 6 counts: 2
    assert m.mean(10.0) == pytest.approx((1 * 2 + 3 * 4) / 6)


def test_backlog_mean_by_hand() -> None:
    reported = np.array([0.0, 2.0, 5.0, np.nan])
    resolved = np.array([4.0, np.nan, 6.0, np.nan])  # issue 1 still open at the horizon
    # window [1, 10]: issue 0 was reported before the warm-up and does not count (it did,
    # 3 more, before issue 11); issue 1 open 2..10 (8), issue 2 open 5..6 (1)
    assert backlog_mean(reported, resolved, 1.0, 10.0) == pytest.approx(9 / 9)


def test_response_kpis_by_hand() -> None:
    reported = np.array([0.0, 10.0, 20.0, 30.0])
    on_site = np.array([5.0, 25.0, 28.0, np.nan])  # 5, 15, 8; last never reached
    resolved = np.array([50.0, 100.0, 60.0, np.nan])  # 50, 90, 40
    targets = Targets(on_site_min=10, routine_resolved_min=60)
    k = response_kpis(reported, on_site, resolved, targets, horizon=200.0)
    assert k["issues"] == 4 and k["resolved"] == 3 and k["open_at_end"] == 1
    assert k["on_site_mean_min"] == pytest.approx(28 / 3)
    # the last counts as at least 170 (open until the horizon): 5, 8, 15, >=170
    assert k["on_site_median_min"] == pytest.approx(11.5) and k["on_site_median_reached"] == 1
    assert k["on_site_p90_min"] == pytest.approx(15 + 0.7 * 155) and k["on_site_p90_reached"] == 0
    assert k["target_on_site_share"] == pytest.approx(2 / 4)  # the unreached one misses
    assert k["target_resolved_share"] == pytest.approx(2 / 4)
    assert k["resolution_mean_min"] == pytest.approx(60.0)


def test_empty_window_gives_nan_not_an_error() -> None:
    empty = np.array([])
    k = response_kpis(empty, empty, empty, Targets(), horizon=1.0)
    assert k["issues"] == 0 and math.isnan(k["on_site_mean_min"])
    assert math.isnan(k["target_on_site_share"])


@pytest.mark.parametrize(
    ("df", "expected"), [(1, 12.7062), (9, 2.2622), (29, 2.0452), (50, 2.0086), (1000, 1.9623)]
)
def test_t_quantiles(df: int, expected: float) -> None:
    assert t975(df) == pytest.approx(expected, abs=2e-3)


def test_mean_ci_by_hand() -> None:
    mean, low, high = mean_ci(np.array([1.0, 2.0, 3.0, 4.0]))
    half = 3.1824 * np.std([1, 2, 3, 4], ddof=1) / 2
    assert (mean, low, high) == pytest.approx((2.5, 2.5 - half, 2.5 + half))
    assert math.isnan(mean_ci(np.array([1.0]))[1])


def test_mean_ci_is_cut_to_the_range_of_the_values() -> None:
    """0, 0, 3: the t interval reaches below 0; a count's interval stops at 0."""
    mean, low, high = mean_ci(np.array([0.0, 0.0, 3.0]))
    assert low < 0
    assert mean_ci(np.array([0.0, 0.0, 3.0]), bounds=(0.0, math.inf)) == (mean, 0.0, high)
    share = mean_ci(np.array([1.0, 1.0, 0.9]), bounds=(0.0, 1.0))
    assert share[2] == 1.0 and share[1] < share[0] < 1.0


def headline(values: dict[str, list[float]]) -> dict[str, str]:
    """The console's headline lines (label -> text) of one variant with these values."""
    rows = [{"variant": "base", "replication": r, "kpi": kpi, "scope": scope, "value": v}
            for key, vals in values.items() for r, v in enumerate(vals)
            for kpi, _, scope in [key.partition("@")]]  # fmt: skip
    lines = headline_table(rows).splitlines()[1:]
    return dict(re.split(r"\s{2,}", line.strip(), maxsplit=1) for line in lines)


def test_console_intervals_stay_in_range_and_say_what_they_cannot_show() -> None:
    shown = headline({
        "level:town@community": [0.0, 0.0, 3.0],
        "utilisation@staff:repair": [0.0, 0.0, 0.001],
        "target_plan_share@community": [math.nan] * 3,
        "on_site_p90_min@community": [10.0, 30.0, 20.0],
        "on_site_p90_reached@community": [1.0, 0.0, 1.0],
        "backlog_mean@community": [2.0, 2.0, 2.0],
    })  # fmt: skip
    assert shown["ended at the town"].startswith("1.0  [0.0, ")
    assert shown["utilisation, repair"].startswith("0.0%  [0.0%, ")
    assert shown["complex planned within target"] == "no such issues"
    assert shown["time to on site, p90"] == (  # the console says times in min/h/days
        "≥ 20.0 min  (not reached by the horizon in 1 of 3 runs)"
    )
    assert shown["open issues, time-average"] == "2.00  (the same in all 3 runs)"
    assert "nan" not in "".join(shown.values()) and "-" not in "".join(shown.values())
    one = headline({"level:town@community": [4.0]})
    assert one["ended at the town"] == "4.0  (one run: too few for an interval)"
