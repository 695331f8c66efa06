"""The optimisation benchmark's own logic: goals placed in gaps, the truth of M/M/c cases
from Erlang C, scoring against the truth, and the comparison methods on a known table."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from support import load_script

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "experiments" / "benchmarks" / "bench_optimise.py"


bench = load_script(SCRIPT, "bench_optimise")


@pytest.fixture(scope="module")
def mmc_share():
    """Load 2.1 Erlangs, P(W <= 10 min) >= a goal near 0.9: c = 4 gives 0.894, c = 5 0.973."""
    return bench.mmc_case(36792, "target_on_site_share", 0.9)


class TableOracle(bench.Oracle):
    """Answers every plan with its true mean, no simulation: 10 runs a plan."""

    def means(self, row: int, reps: int) -> np.ndarray:
        if row not in self.cache:
            self.cache[row] = self.case.truth[row]
            self.runs += reps
        return self.cache[row]


def test_goal_in_gap_is_the_middle_of_the_gap_less_the_tolerance():
    # higher is better: worst meeting 0.85 is 0.9, best below is 0.8 (+0.01) -> 0.855
    assert bench.goal_in_gap([0.5, 0.8, 0.9, 0.99], True, 0.01, 0.85) == pytest.approx(0.855)
    # lower is better: worst meeting 3 is 2, best above is 5 (-1) -> 3.0
    assert bench.goal_in_gap([10, 5, 2, 1], False, 1.0, 3.0) == pytest.approx(3.0)
    with pytest.raises(ValueError, match="within the tolerance"):
        bench.goal_in_gap([0.80, 0.805], True, 0.01, 0.803)
    with pytest.raises(ValueError, match="both sides"):
        bench.goal_in_gap([0.80, 0.805], True, 0.01, 0.5)


def test_mmc_truth_is_erlang_c_and_the_smallest_c_is_five(mmc_share):
    # Erlang B by recursion: B(4, 2.1) = 0.105805; C = 4B / (4 - 2.1(1 - B)) = 0.199425;
    # P(W <= 10) = 1 - C * exp(-(4/30 - 0.07) * 10) = 0.89414
    c4 = 1 - 0.199425 * np.exp(-(4 / 30 - 0.07) * 10)
    assert mmc_share.truth[3, 0] == pytest.approx(c4, abs=1e-4)
    assert mmc_share.require[0].goal == pytest.approx((0.894 + 0.01 + 0.9734) / 2, abs=1e-3)
    assert bench.truly_feasible(mmc_share).tolist() == [False] * 4 + [True] * 8
    # 100,000 a crew from the current 3: c = 5 costs 200,000 more
    assert bench.true_min_cost(mmc_share) == pytest.approx(200_000)


def test_score_counts_feasible_and_optimal_against_the_truth(mmc_share):
    at = {c: bench.score(mmc_share, "x", 0, c - 1, 60, 1.0) for c in (4, 5, 6)}
    assert (at[4]["truly_feasible"], at[4]["optimal"]) == (False, False)
    assert (at[5]["truly_feasible"], at[5]["optimal"]) == (True, True)
    assert (at[6]["truly_feasible"], at[6]["optimal"]) == (True, False)
    none = bench.score(mmc_share, "x", 0, None, 60, 1.0)
    assert (none["truly_feasible"], none["optimal"]) == (False, False)


def test_random_search_covering_every_plan_finds_the_true_optimum(mmc_share):
    oracle = TableOracle(mmc_share, 1)
    row = bench.random_search(oracle, 120, np.random.default_rng(0))
    assert row == 4 and oracle.runs == 120  # 12 plans x 10 runs: c = 5
    small = TableOracle(mmc_share, 1)
    bench.random_search(small, 30, np.random.default_rng(0))
    assert len(small.cache) == 3 and small.runs == 30


def test_optuna_keeps_to_the_budget_and_returns_a_plan_meeting_the_goal(mmc_share):
    pytest.importorskip("optuna")
    oracle = TableOracle(mmc_share, 1)
    row = bench.optuna_search(oracle, 60, 0)
    assert oracle.runs <= 60
    assert row is None or mmc_share.truth[row, 0] >= mmc_share.require[0].goal


def test_summary_and_table_say_the_shares():
    runs = pd.DataFrame({"case": ["c"] * 4, "method": ["optimise", "optimise", "random", "random"],
                         "macro": [0, 1, 0, 1], "truly_feasible": [True, True, True, False],
                         "optimal": [True, False, False, False], "runs": [60, 80, 60, 80],
                         "cpu_s": [1.0, 2.0, 1.0, 1.0]})  # fmt: skip
    summary = bench.summarise(runs)
    first = summary.iloc[0]
    assert (first.macro_reps, first.truly_feasible, first.optimal, first.runs) == (2, 1.0, 0.5, 70)
    text = bench.markdown(summary, {"c": "a case"})
    assert "| c | optimise | 2 | 100% | 50% | 70 | 1.5 |" in text
    assert "| c | random | 2 | 50% | 0% | 70 | 1.0 |" in text


@pytest.mark.slow
def test_one_macro_replication_of_a_short_mmc_case():
    case = bench.mmc_case(36792, "target_on_site_share", 0.9, horizon=6)
    rows = bench.macro_rep(case, 0, ("optimise", "random"))
    assert [r["method"] for r in rows] == ["optimise", "random"]
    assert rows[1]["runs"] <= max(rows[0]["runs"], bench.REPS)
