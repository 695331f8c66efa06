"""Hostile scenario files, overload, and the offered-load check."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from gridsim import cli
from gridsim.experiment.results import read_summary
from gridsim.scenario import load_scenario
from gridsim.stats.load import offered_load, overload_warnings

ROOT = Path(__file__).resolve().parents[1]
CORPUS = sorted((ROOT / "tests" / "corpus").glob("*.yaml"))
OVERLOAD = ROOT / "scenarios" / "validation" / "overload.yaml"


@pytest.mark.parametrize("path", CORPUS, ids=[p.stem for p in CORPUS])
def test_every_nasty_file_is_refused_with_a_located_message(
    path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = cli.main(["run", str(path), "--out", str(tmp_path / "o"), "-q", "--jobs", "1"])
    err = capsys.readouterr().err
    assert code == 2
    assert str(path) in err
    assert "Traceback" not in err and len(err) < 2000
    assert not (tmp_path / "o" / "issues.parquet").exists()


def test_a_directory_is_not_a_scenario(tmp_path: Path, capsys) -> None:
    assert cli.main(["validate", str(tmp_path)]) == 2
    assert str(tmp_path) in capsys.readouterr().err


def test_nasty_files_fail_fast_in_a_real_process() -> None:
    """No traceback, no hang (the timeout only guards the test run; it is not a benchmark)."""
    nasty = [ROOT / "tests/corpus" / f for f in ("billion_laughs.yaml", "deep_nesting.yaml")]
    proc = subprocess.run(
        [sys.executable, "-m", "gridsim", "validate", *map(str, nasty)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert all(str(p) in proc.stderr for p in nasty)


def test_offered_load_by_hand() -> None:
    # M/M/3: lambda 0.07/min, 30 min of work, 3 crews always on duty: 0.07 * 30 / 3.
    mmc = load_scenario(ROOT / "scenarios/validation/mmc.yaml")
    assert offered_load(mmc) == {"repair crews": pytest.approx(0.7)}
    assert overload_warnings(mmc) == []
    # Shifts of 10 hours: the same work over 10/24 of the day.
    day = load_scenario(
        ROOT / "scenarios/validation/mmc.yaml",
        ["calendar.shift.start_hour=8", "calendar.shift.end_hour=18"],
    )
    assert offered_load(day)["repair crews"] == pytest.approx(0.7 * 24 / 10)
    assert "unstable" in overload_warnings(day)[0]


@pytest.mark.parametrize(("load", "per_day"), [(1.5, 72.0), (5.0, 576.0)])
def test_overload_warns_and_reports_the_growing_backlog(
    tmp_path: Path, capsys, load: float, per_day: float
) -> None:
    """Demand above capacity: the queue grows by lambda - c*mu = per_day issues a day (hand:
    c*mu = 0.1/min, lambda = load * 0.1/min). The run reaches its horizon and says so."""
    rate = 78840 * load / 1.5
    out = tmp_path / "ov"
    args = ["run", str(OVERLOAD), "--out", str(out), "-q", "--jobs", "1", "--no-report",
            "--set", f"demand.kinds.job.rate_per_household_year={rate}"]  # fmt: skip
    assert cli.main(args) == 0
    assert "unstable" in capsys.readouterr().err
    rows = read_summary(out / "summary.csv")
    trend = np.mean([r["value"] for r in rows if r["kpi"] == "backlog_trend_per_day"])
    # Three replications of 28 observed days: the slope's noise is a few percent.
    assert trend == pytest.approx(per_day, rel=0.1)
    open_at_end = [r["value"] for r in rows if r["kpi"] == "open_at_end"]
    assert min(open_at_end) > 0.5 * per_day * 28


def _wait_for_parts(parts: Path, proc: subprocess.Popen, timeout: float = 60.0) -> None:
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        if any(parts.glob("*.csv")):
            return
        time.sleep(0.05)
    raise AssertionError("no run finished in time")


def _no_process_writes_to(out: Path, timeout: float = 10.0) -> bool:
    """No process left whose command line names ``out`` (Linux /proc)."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        alive = []
        for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
            try:
                if str(out).encode() in cmdline.read_bytes():
                    alive.append(cmdline)
            except OSError:
                continue
        if not alive:
            return True
        time.sleep(0.2)
    return False


@pytest.mark.slow
@pytest.mark.parametrize("how", ["SIGTERM", "SIGKILL"])
def test_a_killed_run_leaves_only_complete_files_and_resumes(tmp_path: Path, how: str) -> None:
    """A real signal in the middle of a run: every file left is complete (it reads back), the
    half-built combined log is gone (SIGTERM) or removed by the next run (SIGKILL), and
    --resume finishes to the tables of an uninterrupted run."""
    import signal

    import pyarrow.parquet as pq

    base = [sys.executable, "-m", "gridsim", "run", str(ROOT / "scenarios/baseline.yaml"),
            "--variant", "base", "-r", "12", "--set", "calendar.horizon_days=730", "-q",
            "--jobs", "2", "--no-report"]  # fmt: skip
    out = tmp_path / "killed"
    proc = subprocess.Popen([*base, "--out", str(out)], stderr=subprocess.PIPE, text=True)
    try:
        _wait_for_parts(out / "parts", proc)
        proc.send_signal(signal.SIGTERM if how == "SIGTERM" else signal.SIGKILL)
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == (143 if how == "SIGTERM" else -9)
    assert not (out / "issues.parquet").exists()
    assert _no_process_writes_to(out), "the run's pool workers outlived it"
    if how == "SIGTERM":
        assert "Traceback" not in proc.stderr.read()
        assert not list(out.rglob(".*.tmp"))
    for part in (out / "parts").glob("*.parquet"):
        assert pq.read_table(part).num_rows > 0
    for part in (out / "parts").glob("*.csv"):
        assert part.read_text(encoding="utf-8").startswith("variant,")
    subprocess.run([*base, "--out", str(out), "--resume"], check=True, timeout=300)
    assert not list(out.rglob(".*.tmp"))
    whole = tmp_path / "whole"
    subprocess.run([*base, "--out", str(whole)], check=True, timeout=300)
    assert pq.read_table(out / "issues.parquet").equals(pq.read_table(whole / "issues.parquet"))
    assert (out / "summary.csv").read_bytes() == (whole / "summary.csv").read_bytes()


def test_a_community_too_large_for_memory_is_refused_with_the_limit() -> None:
    """30,000 grids x 7 kinds: every pair keeps its own random streams, so `validate`
    refuses it (with the limit and what it costs) instead of letting a run run out of memory."""
    from gridsim.scenario.errors import ScenarioError
    from gridsim.scenario.messages import validate_data
    from gridsim.scenario.schema import MAX_STREAMS

    raw = load_scenario(ROOT / "scenarios" / "baseline.yaml").model_dump(mode="python")
    n = MAX_STREAMS // len(raw["demand"]["kinds"]) + 1
    raw["community"]["grids"] = [{"name": f"g{i}", "households": 1} for i in range(n)]
    raw["staff"]["grid_leaders"] = []
    raw["staff"]["grid_workers"] = None
    raw["variants"] = {}
    with pytest.raises(ScenarioError) as err:
        validate_data(raw, "city.yaml")
    text = str(err.value)
    assert "community.grids" in text and f"{MAX_STREAMS:,}" in text and "GB" in text
