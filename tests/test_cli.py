"""The command line end to end: results folder, validation, schema, bad input, interruption."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from gridsim import cli
from gridsim.experiment import runner
from gridsim.experiment.results import read_summary
from gridsim.scenario import load_scenario

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"

SHORT = ["--set", "calendar.horizon_days=14", "--replications", "2", "--quiet", "--jobs", "1"]
LOG_COLUMNS = {
    "variant", "replication", "issue_id", "kind", "severity", "grid", "household",
    "vulnerable", "channel", "created_min", "reported_min", "on_site_min", "resolved_min", "level",
}  # fmt: skip


def gridsim(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "gridsim", *args], capture_output=True, text=True, cwd=cwd
    )


def test_run_writes_a_complete_results_folder(tmp_path: Path) -> None:
    out = tmp_path / "res"
    code = cli.main(["run", str(SCENARIOS / "baseline.yaml"), "--out", str(out), *SHORT])
    assert code == 0
    assert sorted(p.name for p in out.iterdir()) == [
        ".lock", "issues.parquet", "manifest.json", "report.html", "scenario.source.yaml",
        "scenario.yaml", "summary.csv", "summary.pdf",
    ]  # fmt: skip
    source = (out / "scenario.source.yaml").read_text(encoding="utf-8")
    assert source == (SCENARIOS / "baseline.yaml").read_text(encoding="utf-8")
    log = pq.read_table(out / "issues.parquet")
    assert set(log.column_names) >= LOG_COLUMNS
    variants = set(log.column("variant").to_pylist())
    assert variants == {"base", "one_more_repair_crew", "nearest_severity_first"}
    assert set(log.column("replication").to_pylist()) == {0, 1}
    rows = read_summary(out / "summary.csv")
    issues = {
        (r["variant"], r["replication"]): r["value"]
        for r in rows
        if r["kpi"] == "issues" and r["scope"] == "community"
    }
    assert len(issues) == 6
    # The summary's counts agree with the log they were computed from.
    reported = log.filter(log.column("reported_min").is_valid())
    warm = load_scenario(SCENARIOS / "baseline.yaml").calendar.warmup_days * 1440
    for (variant, rep), n in issues.items():  # problems: volunteers' services do not count
        mask = [
            v == variant and r == rep and t >= warm and h != "volunteer"
            for v, r, t, h in zip(
                reported.column("variant").to_pylist(),
                reported.column("replication").to_pylist(),
                reported.column("reported_min").to_pylist(),
                reported.column("handler").to_pylist(),
                strict=True,
            )
        ]
        assert sum(mask) == n
    again = load_scenario(out / "scenario.yaml")
    assert again == load_scenario(
        SCENARIOS / "baseline.yaml", ["calendar.horizon_days=14", "replications=2"]
    )
    manifest = json.loads((out / "manifest.json").read_text())
    assert "arrivals/grid-01/repair" in manifest["streams"]
    assert manifest["replications"] == [0, 1]


def test_same_seed_same_tables_and_variants_share_demand(tmp_path: Path) -> None:
    base = str(SCENARIOS / "baseline.yaml")
    for name in ("a", "b"):
        assert cli.main(["run", base, "--out", str(tmp_path / name), *SHORT]) == 0
    a = pq.read_table(tmp_path / "a" / "issues.parquet")
    b = pq.read_table(tmp_path / "b" / "issues.parquet")
    assert a.equals(b)
    assert (tmp_path / "a" / "summary.csv").read_bytes() == (
        tmp_path / "b" / "summary.csv"
    ).read_bytes()
    by_variant = {}
    for v in ("base", "one_more_repair_crew"):
        t = a.filter(pc.equal(a.column("variant").cast("string"), v))
        t = t.sort_by([("replication", "ascending"), ("issue_id", "ascending")])  # rows: as settled
        by_variant[v] = t.select(["replication", "kind", "grid", "household", "created_min"])
    assert by_variant["base"].equals(by_variant["one_more_repair_crew"])


def test_seed_and_set_change_the_run(tmp_path: Path) -> None:
    base = str(SCENARIOS / "baseline.yaml")
    args = ["--variant", "base", *SHORT]
    assert cli.main(["run", base, "--out", str(tmp_path / "a"), *args]) == 0
    assert cli.main(["run", base, "--out", str(tmp_path / "b"), "--seed", "7", *args]) == 0
    a = pq.read_table(tmp_path / "a" / "issues.parquet")
    b = pq.read_table(tmp_path / "b" / "issues.parquet")
    assert a.num_rows != b.num_rows or not a.equals(b)
    assert "seed: 7" in (tmp_path / "b" / "scenario.yaml").read_text()


def test_validate_and_schema(capsys: pytest.CaptureFixture[str]) -> None:
    files = sorted(str(p) for p in SCENARIOS.rglob("*.yaml"))
    assert cli.main(["validate", *files]) == 0
    assert capsys.readouterr().out.count("ok: ") == len(files)
    assert cli.main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    crews = schema["$defs"]["Crews"]["properties"]
    assert crews["repair"]["default"] == 2 and "description" in crews["repair"]
    assert schema["$defs"]["Targets"]["properties"]["on_site_min"]["default"] == 10


UNKNOWN_KEY = (
    "name: x\ncommunity: {grids: [{name: g, households: 5}]}\n"
    "demand: {kinds: {r: {rate_per_household_year: 1, handler: repair, work: {mean_min: 3}}}}\n"
    "staff: {crews: {repiar: 3}}\n"
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (UNKNOWN_KEY, ":4: staff.crews.repiar: unknown field; did you mean 'repair'?"),
        ("name: x\ncommunity: {grids: [{name: g, households: -5}]}\n", ":2: community.grids.0."),
        ("name: [unclosed\n", "bad.yaml:"),
    ],
)
def test_bad_input_exits_2_with_a_located_message_and_no_traceback(
    tmp_path: Path, text: str, expected: str
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    for command in (["validate", str(path)], ["run", str(path), "--out", str(tmp_path / "o")]):
        proc = gridsim(*command)
        assert proc.returncode == 2, proc.stderr
        assert "Traceback" not in proc.stderr
        assert expected in proc.stderr
        assert str(path) in proc.stderr
    assert not (tmp_path / "o").exists()


def test_missing_file_and_bad_set_exit_2(tmp_path: Path) -> None:
    proc = gridsim("run", str(tmp_path / "nope.yaml"))
    assert proc.returncode == 2 and "nope.yaml" in proc.stderr and "Traceback" not in proc.stderr
    proc = gridsim("run", str(SCENARIOS / "baseline.yaml"), "--set", "staff.crews.repair=-1")
    assert proc.returncode == 2 and "staff.crews.repair" in proc.stderr
    assert "--set" in proc.stderr and "Traceback" not in proc.stderr
    proc = gridsim("run", str(SCENARIOS / "baseline.yaml"), "--variant", "nope")
    assert proc.returncode == 2 and "nope" in proc.stderr


def test_help_and_version() -> None:
    proc = gridsim("--help")
    assert proc.returncode == 0 and "run" in proc.stdout and "validate" in proc.stdout
    assert gridsim("--version").stdout.startswith("gridsim ")


def test_interrupted_run_keeps_finished_parts_and_writes_no_combined_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = runner.run_replication
    calls = []

    def interrupted(scenario, variant, replication, *args):
        calls.append((variant, replication))
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(scenario, variant, replication, *args)

    monkeypatch.setattr(runner, "run_replication", interrupted)
    out = tmp_path / "res"
    code = cli.main(["run", str(SCENARIOS / "baseline.yaml"), "--out", str(out), *SHORT])
    assert code == cli.EXIT_INTERRUPTED
    assert not (out / "issues.parquet").exists() and not (out / "summary.csv").exists()
    parts = sorted(p.name for p in (out / "parts").iterdir())
    assert parts == [
        "base-r00000.csv", "base-r00000.json", "base-r00000.parquet",
        "one_more_repair_crew-r00000.csv", "one_more_repair_crew-r00000.json",
        "one_more_repair_crew-r00000.parquet", "run.json",
        "scenario.source.yaml", "scenario.yaml", "session",
    ]  # fmt: skip
    assert pq.read_table(out / "parts" / "base-r00000.parquet").num_rows > 0


def test_an_interrupted_rerun_leaves_the_earlier_results_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "res"
    args = ["run", str(SCENARIOS / "baseline.yaml"), "--out", str(out), *SHORT]
    assert cli.main(args) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}

    def interrupted(*_args):
        raise KeyboardInterrupt

    monkeypatch.setattr(runner, "run_replication", interrupted)
    assert cli.main([*args, "--seed", "99", "--force"]) == cli.EXIT_INTERRUPTED
    after = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    assert after == before
    assert "seed: 99" in (out / "parts" / "scenario.yaml").read_text()


@pytest.mark.slow  # every plot kind and the report from one run (about 60 s on 2 busy cores)
def test_plot_and_report_commands(tmp_path: Path) -> None:
    out = tmp_path / "res"
    assert cli.main(["run", str(SCENARIOS / "baseline.yaml"), "--out", str(out), *SHORT]) == 0
    (out / "report.html").unlink()
    assert cli.main(["report", str(out)]) == 0
    assert (out / "report.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    for kind in ("ecdf", "histogram", "targets", "backlog", "utilisation", "map", "escalation",
                 "orders"):  # fmt: skip
        target = tmp_path / f"{kind}.svg"
        args = ["plot", str(out), "--kind", kind, "--format", "svg", "--out", str(target)]
        assert cli.main(args) == 0, kind
        assert target.read_text(encoding="utf-8").lstrip().startswith("<?xml")
    proc = gridsim("plot", str(out), "--kind", "sweep")
    assert proc.returncode == 2 and "sweep.csv" in proc.stderr and "Traceback" not in proc.stderr
    proc = gridsim("report", str(tmp_path / "nowhere"))
    assert proc.returncode == 2 and "nowhere" in proc.stderr


def test_calibration_and_sweep_plots_from_their_folders(tmp_path: Path) -> None:
    """`plot --kind calibration` and `--kind sweep` draw from the folders that `calibrate
    --out` and `sweep --out` write (the report of each holds its own section)."""
    short = ["--set", "calendar.horizon_days=10", "-r", "2", "-q", "--jobs", "1"]
    cal, swp = tmp_path / "cal", tmp_path / "swp"
    baseline = str(SCENARIOS / "baseline.yaml")
    assert cli.main(["calibrate", baseline, *short, "--out", str(cal)]) == 0
    assert "Calibration" in (cal / "report.html").read_text(encoding="utf-8")
    grid = ["--grid", "staff.crews.repair=1,2"]
    assert cli.main(["sweep", baseline, *grid, *short, "--out", str(swp)]) == 0
    for folder, kind, extra in (
        (cal, "calibration", []),
        (swp, "sweep", ["--parameter", "staff.crews.repair"]),
    ):
        target = tmp_path / f"{kind}.svg"
        args = ["plot", str(folder), "--kind", kind, *extra, "--format", "svg"]
        assert cli.main([*args, "--out", str(target)]) == 0, kind
        assert target.read_text(encoding="utf-8").lstrip().startswith("<?xml")
