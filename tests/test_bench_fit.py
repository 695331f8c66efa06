"""The fit benchmark's own logic: the true scenarios, the coverage summary (Clopper-Pearson by
hand), and the runner at a tiny size with the stand-in fitter (resumable)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from support import load_script

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "experiments" / "benchmarks" / "bench_fit.py"


bench = load_script(SCRIPT, "bench_fit")


def test_each_log_has_its_own_known_scenario() -> None:
    a, b = bench.truth(0), bench.truth(1)
    assert a == bench.truth(0) and a.seed != b.seed
    rates = [k.rate_per_household_year for k in a.demand.kinds.values()]
    assert rates != [k.rate_per_household_year for k in b.demand.kinds.values()]
    assert all(k.latent_share == 0 for k in a.demand.kinds.values())
    big = bench.truth(0, households=[5000] * 4)
    assert [g.households for g in big.community.grids] == [5000] * 4


def test_summary_coverage_and_its_intervals() -> None:
    """95 of 100 rates covered: Clopper-Pearson 88.7% to 98.4% (the beta quantiles of the
    published tables).
    Held-out: logs at 90% and 100% of 10: mean 95%, t-interval 95 +- 12.71 x 5 (clipped)."""
    runs = pd.DataFrame(
        [{"log": i, "number": "rate", "covered": int(i >= 5), "n": 1} for i in range(100)]
        + [{"log": 0, "number": "heldout_weekly_count", "covered": 9, "n": 10},
           {"log": 1, "number": "heldout_weekly_count", "covered": 10, "n": 10}]
    )  # fmt: skip
    s = bench.summarise(runs).set_index("number")
    assert s.loc["rate", "coverage"] == 0.95
    assert s.loc["rate", "lower"] == pytest.approx(0.8872, abs=1e-4)
    assert s.loc["rate", "upper"] == pytest.approx(0.9836, abs=1e-4)
    held = s.loc["heldout_weekly_count"]
    assert held["coverage"] == 0.95 and held["upper"] == 1.0
    assert held["lower"] == pytest.approx(0.95 - 12.706 * 0.05, abs=1e-3)
    assert "| rate | 100 | 95 / 100 | 95.0% | 88.7% to 98.4% | 93-97% |" in bench.markdown(
        s.reset_index(), "timing"
    )


@pytest.mark.slow
def test_the_runner_at_two_logs_resumes(tmp_path: Path) -> None:
    """Two logs with the stand-in fitter: their rows, the summary and the figure; a second
    call finds both logs done and adds nothing."""
    bench.main(["--logs", "2", "--stand-in", "--out", str(tmp_path)])
    runs = pd.read_csv(tmp_path / "runs.csv")
    assert sorted(set(runs["log"])) == [0, 1]
    assert set(runs["number"]) == {"rate", "heldout_weekly_count", "heldout_closed_share"}
    assert len(runs[runs["number"] == "rate"]) == 2 * 3
    assert (tmp_path / "coverage.png").stat().st_size > 0
    assert "| rate | 2 |" in (tmp_path / "summary.md").read_text(encoding="utf-8")
    bench.run(2, tmp_path, True, log=lambda line: pytest.fail(f"ran again: {line}"))
    assert len(pd.read_csv(tmp_path / "runs.csv")) == len(runs)
