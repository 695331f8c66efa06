"""Calibration against the seed's figures: the counting, and the baseline's fit."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from gridsim import cli
from gridsim.experiment.runner import run_replication
from gridsim.scenario import load_scenario
from gridsim.stats.calibration import (
    FIGURES,
    annual_counts,
    calibration_rows,
    calibration_table,
    end_of_october,
)

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"


def test_end_of_october_by_hand() -> None:
    assert end_of_october(dt.date(2026, 1, 1)) == 304 * 1440.0
    assert end_of_october(dt.date(2026, 10, 31)) == 1 * 1440.0
    assert end_of_october(dt.date(2026, 11, 15)) == 351 * 1440.0  # the next October


def test_counts_agree_with_the_log() -> None:
    sc = load_scenario(SCENARIOS / "baseline.yaml", ["calendar.warmup_days=0"])
    rep = run_replication(sc, "base", 0)
    counts = annual_counts(rep.log, sc)
    log = rep.log.to_pydict()
    rows = list(zip(log["kind"], log["resolved_min"], log["level"], log["handler"], strict=True))
    care = sum(1 for k, r, _, _ in rows if k == "care_visit" and r is not None)
    assert counts["volunteer care visits a year"] == pytest.approx(care)
    mediated_by_october = sum(
        1
        for _, r, lv, h in rows
        if h == "mediation"
        and r is not None
        and r < 304 * 1440
        and lv in ("grid_worker", "community")
    )
    assert counts["disputes mediated, January to October"] == mediated_by_october
    assert counts["issues above the town a year"] == 0


def test_prediction_interval_is_wider_than_the_interval_of_the_mean() -> None:
    per_rep = [{f.name: float(v) for f in FIGURES} for v in (10, 12, 14, 11, 13)]
    for row in calibration_rows(per_rep):
        assert row.predict_low < row.low < row.mean < row.high < row.predict_high


def test_a_count_that_does_not_vary_is_held_to_its_rounding() -> None:
    # Scheduled visits: the same count every replication, within half a visit of the seed.
    names = [f.name for f in FIGURES]
    care = names.index("volunteer care visits a year")
    for value, verdict in (
        (112.1, "set from it"),
        (112.9, "set from it"),
        (111.9, "OFF (set from it)"),
    ):
        per_rep = [{name: value for name in names}] * 3
        assert calibration_rows(per_rep)[care].verdict == verdict


def test_the_baseline_is_calibrated_to_the_seed(tmp_path: Path, capsys) -> None:
    """The seed's own figures fall in the 95% range of a simulated year (10 replications);
    those an assumption was chosen from say so instead of "inside"."""
    out = tmp_path / "cal"
    code = cli.main(["calibrate", str(SCENARIOS / "baseline.yaml"), "--out", str(out), "-q"])
    assert code == 0
    text = capsys.readouterr().out
    assert "OUTSIDE" not in text and "OFF" not in text
    lines = (out / "calibration.csv").read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(FIGURES) + 1
    # The figures the baseline's assumptions were chosen from are never counted as agreement.
    tuned = [f.name for f in FIGURES if f.sets]
    assert len(tuned) == 3
    for line in lines[1:]:
        assert (",set from it," in line) == any(line.startswith(f'"{n}"') for n in tuned), line
    assert sum(",inside," in line for line in lines) >= 1


def test_count_intervals_stay_at_or_above_zero_and_one_run_prints_no_nan() -> None:
    """Counts 0, 0, 3 a year: the t interval of the mean reaches below 0, a count cannot."""
    per_rep = [{f.name: float(v) for f in FIGURES} for v in (0, 0, 3)]
    rows = calibration_rows(per_rep)
    assert all(r.low == 0.0 < r.high for r in rows)
    one = calibration_table(calibration_rows([{f.name: 4.0 for f in FIGURES}]))
    assert not re.search(r"\bnan\b", one) and "(one run)" in one
    assert "OUTSIDE" not in one  # one run cannot put a seed figure outside anything
