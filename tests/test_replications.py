"""Replications needed for a precision, and the Student t quantiles they rest on."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from gridsim.stats.intervals import mean_ci, t975, t_cdf, t_critical, t_quantile
from gridsim.stats.replications import (
    no_spread,
    pilot_values,
    replications_needed,
    replications_needed_absolute,
)


@pytest.mark.parametrize(
    ("p", "df", "expected"),
    [
        (0.975, 1, 12.7062), (0.975, 2, 4.3027), (0.975, 10, 2.2281), (0.995, 5, 4.0321),
        (0.95, 20, 1.7247), (0.95, 1, 6.3138), (0.995, 1, 63.6567), (0.9995, 3, 12.9240),
        (0.995, 30, 2.7500), (0.975, 120, 1.9799), (0.95, 1000, 1.6464),
    ],
)  # fmt: skip
def test_t_quantile_against_tables(p: float, df: int, expected: float) -> None:
    assert t_quantile(p, df) == pytest.approx(expected, abs=1e-4)
    assert t_quantile(1 - p, df) == pytest.approx(-expected, abs=1e-4)


def test_t_quantile_normal_limit_and_inverse_of_cdf() -> None:
    assert t_quantile(0.975, math.inf) == pytest.approx(1.959964, abs=1e-6)
    assert t_quantile(0.975, 1e6) == pytest.approx(1.959964, abs=1e-5)
    assert t_quantile(0.5, 7) == 0.0
    for df in (1, 1.5, 3, 7.99, 40, 999, 5000):
        for p in (0.9, 0.95, 0.975, 0.995, 0.9995):
            assert t_cdf(t_quantile(p, df), df) == pytest.approx(p, abs=1e-10)
    # quantiles fall towards the normal one as df grows
    q = [t_quantile(0.995, df) for df in range(1, 200)]
    assert all(x > y for x, y in itertools.pairwise(q)) and q[-1] > 2.5758


def test_t975_keeps_the_table_and_critical_values_by_level() -> None:
    assert t975(4) == 2.7764 and math.isnan(t975(0))
    assert t975(50) == pytest.approx(2.0086, abs=1e-4)
    assert t_critical(0.90, 20) == pytest.approx(1.7247, abs=1e-4)
    assert t_critical(0.99, 5) == pytest.approx(4.0321, abs=1e-4)
    _, low, high = mean_ci(np.array([1.0, 2.0, 3.0, 4.0]), level=0.99)
    assert high - low == pytest.approx(2 * 5.8409 * np.std([1, 2, 3, 4], ddof=1) / 2, 1e-4)
    with pytest.raises(ValueError):
        t_quantile(1.0, 3)


def sample(mean: float, sd: float, n: int = 5) -> np.ndarray:
    """n values with exactly this mean and (n - 1)-denominator standard deviation."""
    z = np.arange(n) - (n - 1) / 2
    return mean + sd * z / z.std(ddof=1)


def test_replications_by_hand() -> None:
    # mean 10, s 2, 5%: need t(n-1) * 2 / sqrt(n) <= 0.5, i.e. 4 t(n-1) <= sqrt(n).
    # Table: t(0.975, 62) = 1.9990, t(0.975, 63) = 1.9983.
    need = 4  # t(n - 1) times this must not exceed sqrt(n)
    assert need * 1.9990 > math.sqrt(63)
    assert need * 1.9983 <= math.sqrt(64)
    # mean 20, s 2, 5%: 2 t(n-1) <= sqrt(n); t(0.975, 16) = 2.1199, t(0.975, 17) = 2.1098.
    need = 2
    assert need * 2.1199 > math.sqrt(17)
    assert need * 2.1098 <= math.sqrt(18)
    out = replications_needed({"a": sample(10, 2), "b": sample(20, 2)})
    assert out == {"a": 64, "b": 18, "overall": 64}
    absolute = replications_needed_absolute({"a": sample(10, 2), "b": sample(20, 2)}, 0.5)
    assert absolute == {"a": 64, "b": 64, "overall": 64}
    per_kpi = replications_needed_absolute({"a": sample(10, 2), "b": sample(20, 2)},
                                           {"a": 0.5, "b": 1.0})  # fmt: skip
    assert per_kpi["b"] == 18


def test_law_kelton_adjustment_asks_for_more() -> None:
    plain = replications_needed({"a": sample(10, 2)})["a"]
    adjusted = replications_needed({"a": sample(10, 2)}, adjusted=True)["a"]
    # gamma' = 0.05 / 1.05: half-width 0.47619, so 4.2 t(n-1) <= sqrt(n)
    assert adjusted > plain
    assert 4.2 * t_critical(0.95, adjusted - 1) <= math.sqrt(adjusted)
    assert 4.2 * t_critical(0.95, adjusted - 2) > math.sqrt(adjusted - 1)


def test_edge_cases() -> None:
    precise = sample(10, 0.01, 8)
    out = replications_needed(
        {"enough": precise, "constant": np.full(4, 3.0), "zero_mean": sample(0, 1),
         "one": np.array([1.0, math.nan]), "huge": sample(1, 100)},
        max_n=500,
    )  # fmt: skip
    assert out["enough"] == 8  # never fewer than the pilot already has
    assert out["constant"] == 4
    assert out["zero_mean"] == 500 and out["huge"] == 500  # capped: "at least max_n"
    assert "one" not in out  # one finite value: spread unknown
    assert out["overall"] == 500
    assert replications_needed({}) == {"overall": 0}


def test_higher_level_needs_more() -> None:
    v = {"a": sample(10, 2)}
    assert replications_needed(v, level=0.99)["a"] > replications_needed(v)["a"]
    assert replications_needed(v, level=0.90)["a"] < replications_needed(v)["a"]


def test_pilot_values_from_summary_rows() -> None:
    rows = [
        {"variant": "base", "replication": r, "kpi": k, "scope": s, "value": float(r)}
        for r in range(3)
        for k in ("issues", "backlog_mean")
        for s in ("community", "grid:1")
    ] + [{"variant": "other", "replication": 0, "kpi": "issues", "scope": "community",
          "value": 9.0}]  # fmt: skip
    values = pilot_values(rows, "base", kpis=["issues"])
    assert list(values) == ["issues"] and values["issues"].tolist() == [0.0, 1.0, 2.0]


@pytest.mark.parametrize("precision", [-0.1, 0.0, math.nan, math.inf])
def test_a_nonsense_precision_is_refused_not_answered(precision: float) -> None:
    with pytest.raises(ValueError, match="positive finite"):
        replications_needed({"a": sample(10, 2)}, precision)
    with pytest.raises(ValueError, match="positive finite"):
        replications_needed_absolute({"a": sample(10, 2)}, {"a": precision})


def test_a_pilot_of_one_replication_is_refused_not_answered_0() -> None:
    with pytest.raises(ValueError, match="at least 2 replications"):
        replications_needed({"a": np.array([3.0]), "b": np.array([1.0, math.nan])})


def test_no_spread_names_the_kpis_whose_pilot_values_are_all_equal() -> None:
    values = {"flat": np.full(4, 3.0), "varied": sample(10, 2), "one": np.array([1.0])}
    assert no_spread(values) == ["flat"]
    assert replications_needed(values)["flat"] == 4  # met on the pilot's evidence
