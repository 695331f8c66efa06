"""The demo's KPI table: never "nan", "no such issues" when there are none, and "≥" for a
percentile not reached by the horizon."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from gridsim.i18n import use
from gridsim.stats.kpis import unit_of
from gridsim.views import demo

SIDES = ("A", "B")


@pytest.fixture(autouse=True)
def english():
    """English unless a test says otherwise (another test's `gridsim --lang zh` may have set
    the process's language)."""
    with use("en"):
        yield


def pair(values: dict[tuple[str, str], list[float]]) -> demo.PairResult:
    """Three replications of A and B with these values of (kpi, side)."""
    rows = [{"variant": side, "replication": r, "kpi": kpi, "scope": "community",
             "value": v, "unit": unit_of(kpi)}
            for (kpi, side), vals in values.items() for r, v in enumerate(vals)]  # fmt: skip
    columns = ["reported_min", "on_site_min", "dispatched_min", "queued_min", "handler",
               "variant", "replication"]  # fmt: skip
    issues = pd.DataFrame({c: [] for c in columns})
    return demo.PairResult(pd.DataFrame(rows), issues, 3, 28.0, 7.0, 1, {})


def test_a_target_without_issues_says_so_and_nothing_prints_nan() -> None:
    result = pair({
        ("target_plan_share", "A"): [math.nan] * 3,
        ("target_plan_share", "B"): [math.nan] * 3,
        ("target_on_site_share", "A"): [0.0, 0.0, 0.0],
        ("target_on_site_share", "B"): [0.0, 0.0, 0.01],
    })  # fmt: skip
    table = demo.kpi_table(result)
    shown = demo.display_table(table).set_index("KPI")
    plan = shown.loc[table.loc[table["key"] == "target_plan_share", "kpi"].iloc[0]]
    assert plan["A"] == plan["B"] == "no such issues"
    assert not shown.apply(lambda col: col.astype(str).str.contains("nan")).any().any()
    on_site = table[table["key"] == "target_on_site_share"].iloc[0]
    assert on_site["low"] < 0 < on_site["high"]  # a paired difference may be negative


def test_a_percentile_not_reached_is_shown_as_a_lower_bound() -> None:
    result = pair({
        ("on_site_p90_min", "A"): [10.0, 20.0, 30.0],
        ("on_site_p90_reached", "A"): [1.0, 1.0, 1.0],
        ("on_site_p90_min", "B"): [40.0, 50.0, 60.0],
        ("on_site_p90_reached", "B"): [1.0, 0.0, 1.0],
    })  # fmt: skip
    table = demo.kpi_table(result)
    row = table[table["key"] == "on_site_p90_min"].iloc[0]
    assert demo.shown_value(row.to_dict(), "A") == "20.0 min"
    assert demo.shown_value(row.to_dict(), "B") == "≥ 50.0 min"
    assert row["better"] == "not reached by the horizon"


def test_the_headline_lists_the_three_rates_and_b_minus_a() -> None:
    keys = [kpi for kpi, _ in demo.HEADLINE]
    assert {"response_rate", "on_time_rate", "satisfaction_rate"} <= set(keys)
    same = {("satisfaction_rate", side): [0.80, 0.82, 0.81] for side in SIDES}
    up = {("response_rate", "A"): [0.60, 0.62, 0.61], ("response_rate", "B"): [0.70, 0.73, 0.71]}
    result = pair(same | up)
    table = demo.kpi_table(result).set_index("key")
    row = table.loc["response_rate"]
    assert row["kpi"] == "share of work orders signed for within their deadline"
    assert row["difference"] == pytest.approx(0.1033, abs=1e-4)
    assert row["better"] == "B"  # a higher response rate is better
    assert table.loc["satisfaction_rate", "better"] == "same"
    shown = demo.display_table(demo.kpi_table(result)).set_index("KPI")
    assert shown.loc[row["kpi"], "B − A"] == "+10.3 percentage points"


def test_a_preset_without_work_orders_shows_no_rate_rows() -> None:
    none = {("response_rate", side): [math.nan] * 3 for side in SIDES}
    some = {("target_on_site_share", side): [0.5] * 3 for side in SIDES}
    keys = set(demo.kpi_table(pair(none | some))["key"])
    assert "response_rate" not in keys and "target_on_site_share" in keys
