"""Numbers from numpy-based samplers (issue 18 item 1): the EMA workbench, SALib and scipy's
qmc hand over np.int64, np.float64, np.bool_ and 0-d arrays. Each must run exactly as the
Python value it holds (the same summary, bit for bit), through every way a number comes in;
a value of the wrong kind must still be one located problem, never a YAML RepresenterError."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import gridsim
from gridsim.api import scenario_of
from gridsim.experiment.sweep import design_variants, factorial
from gridsim.scenario import ScenarioError
from gridsim.scenario.overrides import plain_value

ROOT = Path(__file__).resolve().parents[1]
MMC = ROOT / "scenarios" / "validation" / "mmc.yaml"
SHORT = {"calendar.horizon_days": 3, "demand.heating_season.multiplier": 2.0}
CREWS, RATE = "staff.crews.repair", "demand.kinds.job.rate_per_household_year"
HEATING = "demand.kinds.job.heating"  # with multiplier 2, January's demand doubles

CASES = [
    pytest.param({CREWS: np.int64(2)}, {CREWS: 2}, id="np.int64 crew count"),
    pytest.param({CREWS: np.int32(2)}, {CREWS: 2}, id="np.int32 crew count"),
    pytest.param({RATE: np.float64(30000.1)}, {RATE: 30000.1}, id="np.float64 rate"),
    pytest.param({HEATING: np.bool_(True)}, {HEATING: True}, id="np.bool_"),
    pytest.param(
        {CREWS: np.array(2), RATE: np.array(30000.1)}, {CREWS: 2, RATE: 30000.1}, id="0-d arrays"
    ),
    pytest.param(
        {"demand.seasonal": np.arange(1.0, 13.0)},
        {"demand.seasonal": [float(m) for m in range(1, 13)]},
        id="1-d array for a list",
    ),
]


def summary(res: gridsim.Results) -> pd.DataFrame:
    return res.summary.drop(columns="variant")


def test_plain_value_gives_the_python_values_inside_containers() -> None:
    found = plain_value({"a": [np.int64(1), (np.float64(0.5), np.bool_(False))],
                         np.str_("b"): np.array([[1, 2]])})  # fmt: skip
    assert found == {"a": [1, (0.5, False)], "b": [[1, 2]]}
    types = [type(found["a"][0]), type(found["a"][1][0]), type(found["a"][1][1])]
    assert types == [int, float, bool]
    assert type(next(iter(found.keys()))) is str


@pytest.mark.parametrize(("given", "python"), CASES)
def test_a_numpy_value_runs_as_the_python_value(
    given: dict[str, Any], python: dict[str, Any]
) -> None:
    """Through a file path (its values written as YAML) and through a Scenario (set in its
    data): the same scenario, the same summary; and different from the base (so the value
    was really used)."""
    want = gridsim.run_experiment(MMC, replications=1, overrides={**SHORT, **python}, jobs=1)
    by_file = gridsim.run_experiment(MMC, replications=1, overrides={**SHORT, **given}, jobs=1)
    scenario = scenario_of(MMC, SHORT)
    by_object = gridsim.run_experiment(scenario, replications=1, overrides=given, jobs=1)
    assert scenario_of(MMC, {**SHORT, **given}) == scenario_of(MMC, {**SHORT, **python})
    pd.testing.assert_frame_equal(summary(by_file), summary(want))
    pd.testing.assert_frame_equal(summary(by_object), summary(want))
    base = gridsim.run_experiment(scenario, replications=1, jobs=1)
    assert not summary(base).equals(summary(want))


def test_evaluate_takes_numpy_levers_as_ema_passes_them() -> None:
    levers = {CREWS: np.int64(4), RATE: np.float64(30000.5), **SHORT}
    python = {CREWS: 4, RATE: 30000.5, **SHORT}
    found = pd.Series(gridsim.evaluate(MMC, replications=1, **levers))
    assert found.equals(pd.Series(gridsim.evaluate(MMC, replications=1, **python)))  # NaN too


def test_variants_given_as_a_mapping_take_numpy_values() -> None:
    res = gridsim.run_experiment(
        MMC, replications=1, overrides=SHORT, jobs=1,
        variants={"numpy": {CREWS: np.int64(5)}, "python": {CREWS: 5}},
    )  # fmt: skip
    by = {v: rows.drop(columns="variant").reset_index(drop=True)
          for v, rows in res.summary.groupby("variant")}  # fmt: skip
    pd.testing.assert_frame_equal(by["numpy"], by["python"])


def test_a_sweep_over_numpy_levels_reads_them_as_python_values() -> None:
    """`np.arange` levels: the same variants and a design table of plain Python numbers
    ('repair crews 2', never 'np.int64(2)')."""
    base = scenario_of(MMC, SHORT)
    variants, table = design_variants(base, factorial({CREWS: np.arange(2, 4)}))
    want, want_table = design_variants(base, factorial({CREWS: [2, 3]}))
    assert variants == want and table == want_table
    assert [type(row[CREWS]) for row in table] == [int, int]


@pytest.mark.parametrize(
    ("value", "found"),
    [
        (np.str_("3"), "expected an integer, found '3'"),
        (np.array([3, 4]), "expected an integer, found a list of 2 items"),
        (np.float64(2.5), "expected an integer, found 2.5"),
        (object(), "found <object object at"),  # a file's value: not YAML; a Scenario's: no int
    ],
    ids=["np.str_", "1-d array", "np.float64 for a count", "an object"],
)
@pytest.mark.parametrize("how", ["file", "scenario"])
def test_a_value_of_the_wrong_kind_is_one_located_problem(value: Any, found: str, how: str) -> None:
    scenario = MMC if how == "file" else scenario_of(MMC)
    with pytest.raises(ScenarioError) as err:
        gridsim.evaluate(scenario, replications=1, **{CREWS: value})
    assert len(err.value.problems) == 1
    text = str(err.value)
    assert text.startswith(f"overrides: {CREWS}: expected ") or text.startswith(f"--set: {CREWS}:")
    assert found in text
