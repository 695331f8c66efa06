"""The real EMA workbench drives gridsim (issue 18 item 2): `perform_experiments` over an
integer lever (repair crews) and a real-valued uncertainty (the job rate, which EMA hands
over as np.float64), one design run sequentially and on EMA's multiprocessing pool of two.
Common random numbers make every outcome the very number a direct `gridsim.evaluate` call
with the same values gives: equality, not closeness."""

from __future__ import annotations

import math
import warnings
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import gridsim

with warnings.catch_warnings():  # "ipyparallel not installed": that evaluator is not used here
    warnings.filterwarnings("ignore", "ipyparallel not installed", UserWarning)
    import ema_workbench as ema

ROOT = Path(__file__).resolve().parents[1]
MMC = ROOT / "scenarios" / "validation" / "mmc.yaml"
CREWS = "staff__crews__repair"
RATE = "demand__kinds__job__rate_per_household_year"
HORIZON = ("calendar__horizon_days", 10)
OUTCOMES = ("on_site_mean_min", "target_on_site_share", "issues")


def mmc(**levers: Any) -> dict[str, float]:
    """The model EMA calls: keyword arguments named as gridsim's dotted paths with double
    underscores, so they pass straight to `evaluate` (module level: the pool pickles it)."""
    return gridsim.evaluate(MMC, replications=2, **levers)


@pytest.fixture(scope="module")
def model() -> Any:
    found = ema.Model("mmc", function=mmc)
    found.levers = [ema.IntegerParameter(CREWS, 3, 5)]
    found.uncertainties = [ema.RealParameter(RATE, 30000.0, 40000.0)]
    found.constants = [ema.Constant(*HORIZON)]
    found.outcomes = [ema.ScalarOutcome(name) for name in OUTCOMES]
    return found


@pytest.fixture(scope="module")
def design(model: Any) -> tuple[list[Any], list[Any]]:
    """Two scenarios and two policies sampled once by EMA (Latin hypercube), so both
    evaluators run the same four experiments."""
    from ema_workbench.em_framework.samplers import sample_levers, sample_uncertainties

    return list(sample_uncertainties(model, 2)), list(sample_levers(model, 2))


def run(model: Any, design: tuple[list[Any], list[Any]], evaluator: Any) -> tuple[Any, Any]:
    scenarios, policies = design
    with evaluator:
        return ema.perform_experiments(model, scenarios, policies, evaluator=evaluator)


def direct(row: pd.Series) -> dict[str, float]:
    """`gridsim.evaluate` with the experiment's values as plain Python numbers."""
    levers = {CREWS: int(row[CREWS]), RATE: float(row[RATE]), HORIZON[0]: HORIZON[1]}
    return gridsim.evaluate(MMC, replications=2, **levers)


def test_sequential_and_multiprocessing_outcomes_are_direct_evaluate_calls(
    model: Any, design: tuple[list[Any], list[Any]]
) -> None:
    experiments, outcomes = run(model, design, ema.SequentialEvaluator(model))
    pooled, pooled_outcomes = run(model, design, ema.MultiprocessingEvaluator(model, 2))
    assert len(experiments) == 4 and experiments[CREWS].nunique() == 2
    assert experiments[RATE].nunique() == 2  # two demands: the uncertainty was used
    pd.testing.assert_frame_equal(pooled, experiments)
    for i, row in experiments.iterrows():
        want = direct(row)
        for name in OUTCOMES:
            assert not math.isnan(want[name])
            assert outcomes[name][i] == want[name], (name, i)
            assert pooled_outcomes[name][i] == want[name], (name, i)
    assert len(set(outcomes["on_site_mean_min"])) == 4  # each experiment its own numbers
