"""A results folder holds one experiment, whole, or refuses.

A folder of another experiment (or with files gridsim did not write) is refused unless
`--force`; `--resume` runs again every part that does not match its record; the final files
switch into place together, so a run killed at any step of the switch leaves the old
experiment, the new one, or a folder that `report` and `plot` refuse; two runs into one
folder, a full disk, an unwritable folder, a broken scheduler file and `--jobs 100000` end
in one located line (exit 2, no traceback) with nothing already written lost.
"""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest
from support import counting, folder_snapshot

import gridsim
from gridsim import cli
from gridsim.experiment import folder as folder_module
from gridsim.experiment import results, runner
from gridsim.experiment.folder import OutputError, locked
from gridsim.views.data import ReportError, load_results

BASELINE = Path(__file__).resolve().parents[1] / "scenarios" / "baseline.yaml"
FAST = ["--set", "calendar.horizon_days=8", "-q", "--executor", "serial"]


def run(out: Path, *extra: str) -> int:
    """`gridsim run` of the baseline's base variant, 3 replications of 8 days, no report."""
    return cli.main(["run", str(BASELINE), *FAST, "-r", "3", "--variant", "base",
                     "--no-report", "--out", str(out), *extra])  # fmt: skip


def one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.startswith("gridsim: error:")]
    assert len(lines) == 1, err
    return lines[0]


def interrupted(out: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``out`` after a run interrupted once two of its three runs had finished."""
    counting(monkeypatch, 2)
    assert run(out) == cli.EXIT_INTERRUPTED
    return out


# --- Another experiment, unknown files, the same experiment ---------------------------------


def test_a_run_into_a_sweep_folder_is_refused_and_force_replaces_the_sweep_whole(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    sweep = ["sweep", str(BASELINE), *FAST, "-r", "1", "--grid", "staff.crews.repair=1,2"]
    assert cli.main([*sweep, "--out", str(out)]) == 0
    assert load_results(out).sweep is not None
    before = folder_snapshot(out)
    capsys.readouterr()

    assert run(out) == 2
    line = one_line_error(capsys)
    assert str(out) in line and "another experiment (a sweep of" in line and "--force" in line
    assert folder_snapshot(out) == before

    assert run(out, "--force") == 0
    data = load_results(out)
    assert data.sweep is None and data.manifest["command"] == "run"
    assert not (out / "sweep.csv").exists() and not (out / "report.html").exists()
    assert set(data.summary["variant"]) == {"base"}


def test_files_gridsim_did_not_write_are_refused_and_kept_with_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine\n")
    assert run(out) == 2
    assert "did not write (notes.txt)" in one_line_error(capsys)
    assert sorted(p.name for p in out.iterdir()) == [".lock", "notes.txt"]
    assert run(out, "--force") == 0
    assert (out / "notes.txt").read_text() == "mine\n"
    load_results(out)


def test_the_same_experiment_again_is_refused_with_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = interrupted(tmp_path / "out", monkeypatch)
    calls = counting(monkeypatch)
    capsys.readouterr()
    assert run(out) == 2
    line = one_line_error(capsys)
    assert "unfinished run of this experiment" in line and "--resume" in line
    assert "--force" in line and calls == []
    assert run(out, "--resume") == 0 and len(calls) == 2
    assert run(out) == 2
    assert "already holds this experiment, complete" in one_line_error(capsys)
    assert run(out, "--resume") == 2
    assert "nothing to resume" in one_line_error(capsys)


# --- Resume checks every part against its record --------------------------------------------


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:-9])


def _flip(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


DAMAGE = {
    "log truncated": ("parquet", _truncate),
    "log checksum differs": ("parquet", _flip),
    "log missing": ("parquet", Path.unlink),
    "kpis empty": ("csv", lambda p: p.write_bytes(b"")),
    "kpis checksum differs": ("csv", lambda p: p.write_text(p.read_text().replace("1", "2"))),
    "record cannot be read": ("json", lambda p: p.write_text('{"log": ')),
    "not recorded as finished": ("json", Path.unlink),
}


def test_an_interruption_as_any_file_is_made_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C or SIGTERM landing just after a temporary file was made, before its writer
    knows its name (CI once found one left by a SIGTERM): nothing half-written remains, and
    --resume finishes the experiment."""
    whole = tmp_path / "whole"
    assert run(whole) == 0
    real = results.tempfile.mkstemp
    for k in range(1, 30):
        made = 0

        def mkstemp(*args, k: int = k, **kwargs):
            nonlocal made
            pair = real(*args, **kwargs)
            made += 1
            if made == k:
                raise KeyboardInterrupt
            return pair

        out = tmp_path / f"k{k}"
        with monkeypatch.context() as m:
            m.setattr(results.tempfile, "mkstemp", mkstemp)
            code = run(out)
        if code == 0:
            break
        assert code == cli.EXIT_INTERRUPTED
        assert not list(out.rglob(".*.tmp")), k
        assert run(out, "--resume") == 0
        assert (out / "summary.csv").read_bytes() == (whole / "summary.csv").read_bytes()
    assert k > 10, "every file of the three runs was interrupted once"


@pytest.mark.parametrize("why", list(DAMAGE))
def test_resume_runs_again_a_part_that_does_not_match_its_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], why: str
) -> None:
    whole = tmp_path / "whole"
    assert run(whole) == 0
    out = tmp_path / "out"
    counting(monkeypatch, 3)  # replications 0 and 1 finish
    assert run(out) == cli.EXIT_INTERRUPTED
    suffix, damage = DAMAGE[why]
    damage(out / "parts" / f"base-r00001.{suffix}")
    calls = counting(monkeypatch)
    capsys.readouterr()
    assert run(out, "--resume") == 0
    err = capsys.readouterr().err
    assert "running again 1 run(s)" in err and f"base-r00001 ({why}" in err, err
    assert calls == [("base", 1), ("base", 2)]
    for name in ("issues.parquet", "summary.csv"):
        assert (out / name).read_bytes() == (whole / name).read_bytes()


def test_a_damaged_run_json_is_refused_on_resume_and_force_starts_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = interrupted(tmp_path / "out", monkeypatch)
    (out / "parts" / "run.json").write_text("{not json")
    before = folder_snapshot(out)
    capsys.readouterr()
    assert run(out, "--resume") == 2
    line = one_line_error(capsys)
    assert "parts/run.json cannot be read" in line and "--force" in line
    assert folder_snapshot(out) == before
    calls = counting(monkeypatch)
    assert run(out, "--force") == 0 and len(calls) == 3


# --- The switch: killed at any step, never a mix presented as whole -------------------------


class Killed(BaseException):
    """Stands for kill -9 in the middle of the switch."""


def test_a_run_killed_at_any_step_of_the_switch_is_old_new_or_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    steps = -1  # counted down by each rename or removal in the switch; killed at 0
    real_replace, real_unlink, real_switch = os.replace, Path.unlink, folder_module.switch

    def counted(real):
        def step(*args, **kwargs):
            nonlocal steps
            steps -= 1
            if steps == 0:
                raise Killed
            return real(*args, **kwargs)

        return step

    def switch(*args) -> None:
        nonlocal steps
        steps = k
        real_switch(*args)

    outcomes = set()
    for k in range(1, 20):
        out = tmp_path / f"k{k}"
        assert run(out, "--seed", "1") == 0
        old = json.loads((out / "manifest.json").read_text())["experiment_id"]
        steps = -1
        with monkeypatch.context() as m:
            m.setattr(folder_module.os, "replace", counted(real_replace))
            m.setattr(folder_module.Path, "unlink", counted(real_unlink))
            m.setattr(results, "switch", switch)
            try:
                finished = run(out, "--seed", "2", "--force") == 0
            except Killed:
                finished = False
        try:
            shown = load_results(out).manifest["experiment_id"]
            outcomes.add("old" if shown == old else "new")
        except ReportError as e:
            assert "manifest.json" in str(e) or "differs" in str(e), e
            outcomes.add("refused")
            capsys.readouterr()
            assert cli.main(["report", str(out)]) == 2
            assert "Traceback" not in capsys.readouterr().err
            assert run(out, "--seed", "2", "--resume") == 0  # the parts finish it
            assert load_results(out).manifest["experiment_id"] != old
        if finished:
            break
    assert outcomes == {"old", "refused", "new"}


def test_report_and_plot_refuse_files_that_do_not_belong_together(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    assert run(a, "--seed", "1") == 0 and run(b, "--seed", "2") == 0
    (a / "summary.csv").write_bytes((b / "summary.csv").read_bytes())
    (b / "sweep.csv").write_text("point,kpi\n")
    capsys.readouterr()
    for folder, why in ((a, "summary.csv is not the file manifest.json lists"),
                        (b, "sweep.csv is not part of the experiment")):  # fmt: skip
        assert cli.main(["report", str(folder)]) == 2
        assert why in one_line_error(capsys)
        assert cli.main(["plot", str(folder), "--out", str(tmp_path / "f.png")]) == 2
        assert why in one_line_error(capsys)
    assert not (a / "report.html").exists() and not (tmp_path / "f.png").exists()


# --- Run-time errors: one located line, nothing written lost --------------------------------


def test_a_full_disk_in_the_final_assembly_keeps_the_earlier_experiment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert run(out, "--seed", "1") == 0
    before = folder_snapshot(out)
    real = results.write_text

    def full(path: Path, text: str) -> None:
        if ".staging-" in str(path):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        real(path, text)

    monkeypatch.setattr(results, "write_text", full)
    capsys.readouterr()
    assert run(out, "--seed", "2", "--force") == 2
    line = one_line_error(capsys)
    assert "No space left on device" in line and "--resume" in line
    assert str(out) in line
    kept = {k: v for k, v in folder_snapshot(out).items() if not k.startswith("parts/")}
    assert kept == before
    assert load_results(out).manifest["seed"] == 1
    monkeypatch.setattr(results, "write_text", real)
    assert run(out, "--seed", "2", "--resume") == 0  # nothing finished was lost
    assert load_results(out).manifest["resumed_runs"] == 3


def test_a_full_disk_or_unwritable_parts_while_running_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    real = runner.LogWriter.write

    def failing(self: runner.LogWriter, table) -> None:
        if "r00001" in str(self.tmp):
            raise OSError(errno.EACCES, os.strerror(errno.EACCES), str(self.tmp))
        real(self, table)

    monkeypatch.setattr(runner.LogWriter, "write", failing)
    assert run(out) == 2
    line = one_line_error(capsys)
    assert f"{out}/parts/" in line and "base-r00001" in line and "Permission denied" in line
    assert (out / "parts" / "base-r00000.json").exists()  # the finished run is kept


def test_an_out_folder_that_cannot_be_made_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "file").write_text("")
    with pytest.raises(SystemExit) as stop:  # refused as the option is parsed
        run(tmp_path / "file" / "out")
    assert stop.value.code == 2
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line.startswith("gridsim run: --out: ") and "is a file" in line


def test_a_second_run_into_a_folder_in_use_is_refused_and_deletes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    with locked(out):  # a first run, in the middle of its work
        (out / "parts").mkdir()
        (out / "parts" / ".base-r00000.1.tmp").write_text("half a log")
        assert run(out, "--force") == 2
        line = one_line_error(capsys)
        assert f"in use by another gridsim run (pid {os.getpid()})" in line
        assert (out / "parts" / ".base-r00000.1.tmp").read_text() == "half a log"
    assert run(out, "--force") == 0  # free again once the first run ends


@pytest.mark.parametrize(
    ("content", "why"),
    [(None, "no such scheduler file"), ("{oops", "cannot be read as a Dask scheduler file"),
     ('{"id": 1}', 'expected a Dask scheduler file (JSON with an "address")')],
)  # fmt: skip
def test_a_missing_or_broken_scheduler_file_exits_2_at_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str | None, why: str
) -> None:
    pytest.importorskip("distributed")
    path = tmp_path / "scheduler.json"
    if content is not None:
        path.write_text(content)
    assert run(tmp_path / "out", "--scheduler", str(path)) == 2
    line = one_line_error(capsys)
    assert f"--scheduler {path}: {why}" in line
    assert not (tmp_path / "out" / "parts").exists()


def test_jobs_beyond_the_runs_and_cores_are_capped_and_said(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["run", str(BASELINE), "--set", "calendar.horizon_days=8", "-q", "-r", "1",
            "--variant", "base", "--no-report", "--jobs", "100000",
            "--out", str(tmp_path / "out")]  # fmt: skip
    assert cli.main(args) == 0
    err = capsys.readouterr().err
    assert "gridsim: --jobs 100000 capped at 1 (1 run(s)" in err
    assert "Traceback" not in err


def test_the_api_refuses_another_experiment_unless_force(tmp_path: Path) -> None:
    out = tmp_path / "out"
    options = {"replications": 1, "variants": ["base"], "jobs": 1, "out": out,
               "overrides": {"calendar.horizon_days": 8}}  # fmt: skip
    gridsim.run_experiment(BASELINE, **options)
    with pytest.raises(OutputError, match="holds another experiment"):
        gridsim.run_experiment(BASELINE, **{**options, "replications": 2})
    res = gridsim.run_experiment(BASELINE, **{**options, "replications": 2}, force=True)
    assert sorted(set(res.issues()["replication"])) == [0, 1]


def test_calibrate_into_a_run_folder_is_another_experiment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """calibrate --out writes a whole experiment of its own (with calibration.csv and the
    report's calibration section), so a run's folder refuses it unless --force."""
    out = tmp_path / "out"
    assert run(out) == 0
    before = folder_snapshot(out)
    capsys.readouterr()
    args = ["calibrate", str(BASELINE), "--set", "calendar.horizon_days=10", "-r", "2", "-q"]
    assert cli.main([*args, "--out", str(out)]) == 2
    assert "holds another experiment" in one_line_error(capsys)
    assert folder_snapshot(out) == before
    assert cli.main([*args, "--out", str(out), "--force"]) == 0
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["command"] == "calibrate" and "calibration.csv" in manifest["files"]
    assert "Calibration" in (out / "report.html").read_text(encoding="utf-8")
    assert not (out / "parts").exists()


@pytest.mark.parametrize(("command", "name"), [("warmup", "warmup.png")])
def test_a_file_of_its_own_is_not_added_to_an_experiment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str, name: str
) -> None:
    out = tmp_path / "out"
    assert run(out) == 0
    before = folder_snapshot(out)
    capsys.readouterr()
    args = [command, str(BASELINE), "--set", "calendar.horizon_days=10", "-r", "2", "-q"]
    assert cli.main([*args, "--out", str(out)]) == 2
    line = one_line_error(capsys)
    assert f"{name} would not belong with them" in line and "manifest.json" in line
    assert folder_snapshot(out) == before
