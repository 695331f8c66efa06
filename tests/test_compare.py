"""Paired comparisons on common random numbers, against hand computations."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from gridsim.stats.compare import (
    compare,
    direction,
    kpi_label,
    paired_ci,
    paired_differences,
    rank,
    unpaired_ci,
    verdict_text,
)

# Five replications; b tracks a (shared demand) but is about 1.8 lower.
A = [10.0, 12.0, 11.0, 13.0, 14.0]
B = [8.0, 11.0, 9.0, 12.0, 11.0]
T4 = 2.7764  # t(0.975, 4) from the table


def rows_for(values: dict[str, list[float]], kpi: str = "on_site_p90_min") -> list[dict]:
    return [
        {"variant": v, "replication": r, "kpi": kpi, "scope": "community", "value": x,
         "unit": "minutes"}
        for v, xs in values.items()
        for r, x in enumerate(xs)
    ]  # fmt: skip


def test_directions() -> None:
    assert direction("on_site_p90_min") == "lower"
    assert direction("backlog_mean") == "lower"
    assert direction("level:above_town") == "lower"
    assert direction("target_on_site_share") == "higher"
    assert direction("found_by_patrol") == "higher"
    assert direction("disputes_mediated") == "higher"
    assert direction("issues") is None and direction("utilisation") is None


def test_paired_differences_pair_by_replication_number() -> None:
    rows = rows_for({"a": A, "b": B})
    rows = rows[::-1]  # order of rows must not matter
    rows.append(
        {
            "variant": "b",
            "replication": 9,
            "kpi": "on_site_p90_min",
            "scope": "community",
            "value": 1.0,
        }
    )  # fmt: skip  (unpaired: ignored)
    d = paired_differences(rows, "a", "b", "on_site_p90_min")
    assert list(d.index) == [0, 1, 2, 3, 4]
    assert d.tolist() == [-2.0, -1.0, -2.0, -1.0, -3.0]


def test_nan_replication_is_dropped_from_the_pairs() -> None:
    rows = rows_for({"a": A, "b": [*B[:4], math.nan]})
    assert paired_differences(rows, "a", "b", "on_site_p90_min").tolist() == [-2, -1, -2, -1]


def test_variant_against_itself_is_exactly_zero() -> None:
    rows = rows_for({"a": A})
    row = compare(rows, "a", "a").iloc[0]
    assert (row["diff"], row["ci_low"], row["ci_high"]) == (0.0, 0.0, 0.0)
    assert row["verdict"] == "no clear difference"
    assert "unchanged at 12.0 min" in verdict_text(row)


def test_paired_interval_by_hand() -> None:
    # d = [-2, -1, -2, -1, -3]: mean -1.8, sum of squared deviations 2.8, s^2 = 0.7
    half = T4 * math.sqrt(0.7 / 5)
    row = compare(rows_for({"a": A, "b": B}), "a", ["b"]).iloc[0]
    assert row["n"] == 5
    assert (row["mean_a"], row["mean_b"], row["diff"]) == pytest.approx((12.0, 10.2, -1.8))
    assert row["ci_low"] == pytest.approx(-1.8 - half, abs=1e-4)
    assert row["ci_high"] == pytest.approx(-1.8 + half, abs=1e-4)
    assert row["relative"] == pytest.approx(-0.15)
    assert row["verdict"] == "better"  # lower time, interval below 0


def test_verdict_follows_direction() -> None:
    worse = compare(rows_for({"a": B, "b": A}), "a", "b").iloc[0]
    assert worse["verdict"] == "worse"
    share = compare(rows_for({"a": B, "b": A}, "target_on_site_share"), "a", "b").iloc[0]
    assert share["verdict"] == "better"
    count = compare(rows_for({"a": B, "b": A}, "issues"), "a", "b").iloc[0]
    assert count["verdict"] == "higher"  # no direction: just say which way
    noisy = compare(rows_for({"a": A, "b": [11.0, 11.0, 12.0, 12.0, 14.0]}), "a", "b").iloc[0]
    assert noisy["verdict"] == "no clear difference"


def test_paired_interval_narrower_than_welch_under_crn() -> None:
    a, b = np.array(A), np.array(B)  # correlated (r = 0.87), as common random numbers make them
    d, lo, hi = paired_ci(a, b)
    du, ulo, uhi = unpaired_ci(a, b)
    assert d == pytest.approx(du)
    # Welch by hand: s_a^2 = 2.5, s_b^2 = 2.7, se^2 = 1.04, Satterthwaite
    # df = 1.04^2 / ((0.5^2 + 0.54^2) / 4) = 7.99, t(0.975, 7.99) = 2.3062 from the table
    assert uhi - ulo == pytest.approx(2 * 2.3062 * math.sqrt(1.04), abs=2e-3)
    assert hi - lo < 0.5 * (uhi - ulo)
    # the pairing is all that matters: shuffling b's replications widens the paired interval
    _, slo, shi = paired_ci(a, b[[4, 3, 2, 1, 0]])
    assert shi - slo > hi - lo


def test_compare_several_variants_and_default_kpis() -> None:
    rows = rows_for({"a": A, "b": B, "c": A}) + rows_for({"a": A, "b": A, "c": B}, "backlog_mean")
    out = compare(rows, "a", ["b", "c"])
    assert list(zip(out["variant"], out["kpi"], strict=True)) == [
        ("b", "on_site_p90_min"), ("b", "backlog_mean"),
        ("c", "on_site_p90_min"), ("c", "backlog_mean"),
    ]  # fmt: skip
    clear, unclear = "better", "no clear difference"
    assert out["verdict"].tolist() == [clear, unclear, unclear, clear]
    assert {"mean_a", "mean_b", "diff", "ci_low", "ci_high", "n", "relative"} <= set(out)


def test_compare_accepts_a_dataframe_and_other_levels() -> None:
    frame = pd.DataFrame(rows_for({"a": A, "b": B}))
    r95 = compare(frame, "a", "b").iloc[0]
    r99 = compare(frame, "a", "b", level=0.99).iloc[0]
    half99 = 4.6041 * math.sqrt(0.7 / 5)  # t(0.995, 4)
    assert r99["ci_high"] - r99["ci_low"] == pytest.approx(2 * half99, abs=1e-3)
    assert r99["ci_high"] - r99["ci_low"] > r95["ci_high"] - r95["ci_low"]


def test_rank_with_bonferroni_against_the_best() -> None:
    # c ties with b replication by replication up to noise; a is clearly worse (longer).
    values = {"a": A, "b": B, "c": [8.1, 10.9, 9.2, 11.9, 11.1]}
    out = rank(rows_for(values), ["a", "b", "c"], "on_site_p90_min")
    assert out["variant"].tolist() == ["b", "c", "a"]
    assert out["rank"].tolist() == [1, 2, 3]
    assert out["level_each"].iloc[0] == pytest.approx(0.975)  # 1 - 0.05 / 2
    assert out["distinguishable"].tolist() == [False, False, True]
    # a against the best, at 97.5% each: t(0.9875, 4) = 3.4954
    a_row = out.iloc[2]
    assert a_row["diff_vs_best"] == pytest.approx(1.8)
    assert a_row["ci_high"] - a_row["ci_low"] == pytest.approx(2 * 3.4954 * math.sqrt(0.14), 1e-3)
    shares = rank(rows_for(values, "target_on_site_share"), ["a", "b", "c"],
                  "target_on_site_share")  # fmt: skip
    assert shares["variant"].iloc[0] == "a"  # higher is better
    with pytest.raises(ValueError, match="direction"):
        rank(rows_for(values, "issues"), ["a", "b"], "issues")


def test_verdict_text_for_planners() -> None:
    row = {"variant": "one_more_repair_crew", "baseline": "base", "kpi": "on_site_p90_min",
           "scope": "community", "unit": "minutes", "mean_a": 14.2, "mean_b": 9.1,
           "diff": -5.1, "ci_low": -6.1, "ci_high": -4.0, "level": 0.95, "n": 10}  # fmt: skip
    assert verdict_text(row) == (
        "one_more_repair_crew cuts the 90th percentile time to on site from 14.2 min to 9.1 "
        "min (95% interval: 4.0 min to 6.1 min shorter)"
    )
    share = {**row, "kpi": "target_on_site_share", "unit": "share", "mean_a": 0.82,
             "mean_b": 0.885, "diff": 0.065, "ci_low": 0.041, "ci_high": 0.089}  # fmt: skip
    assert verdict_text(share) == (
        "one_more_repair_crew raises the share of issues on site within target from 82.0% to "
        "88.5% (95% interval: 4.1 to 8.9 percentage points higher)"
    )
    unclear = {**row, "scope": "grid:3", "ci_low": -7.0, "ci_high": 1.0}
    text = verdict_text(unclear)
    assert "in grid 3" in text and "no clear difference" in text
    assert "from 7.0 min shorter to 1.0 min longer" in text


def test_labels_fall_back_to_the_kpi_name() -> None:
    assert kpi_label("backlog_mean") == "time-average number of open issues"
    assert kpi_label("volunteer_services") == "volunteer_services"
    assert kpi_label("queue_mean", "staff:repair") == "mean queue length of repair"


def test_a_percentile_not_reached_in_some_run_is_not_compared_as_if_it_were() -> None:
    """In run 2, b's p90 was still open at the horizon (flag 0): its value is only a lower
    bound, so the verdict is 'not reached', not 'better'; the flags are not KPIs to compare."""
    flags = rows_for({"a": [1.0] * 5, "b": [1, 1, 0, 1, 1]}, "on_site_p90_reached")
    out = compare(rows_for({"a": A, "b": B}) + flags, "a", "b")
    assert out["kpi"].tolist() == ["on_site_p90_min"]
    (row,) = out.to_dict("records")
    assert row["verdict"] == "not reached" and row["lower_bounds"] == 1
    assert "in 1 of 5 paired runs it was not reached" in verdict_text(row)
    reached = compare(
        rows_for({"a": A, "b": B})
        + rows_for({"a": [1.0] * 5, "b": [1.0] * 5}, "on_site_p90_reached"),
        "a",
        "b",
    )
    assert reached["verdict"].tolist() == ["better"] and reached["lower_bounds"].tolist() == [0]
