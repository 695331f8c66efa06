"""A normal (non-editable) install into a fresh environment runs the shipped scenarios by name
from a folder outside the checkout (issue 15, item 5): the scenarios are package data, the
distribution is gridsim-governance, the command and the import package are gridsim.

pip installs the checkout as a user would (`pip install .`: a wheel built in an isolated
build environment, then the dependencies), from the package index or pip's cache, so the
test needs what `pip install -e '.[test]'` needed to make the test environment.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


def _run(argv: list[str | Path], cwd: Path, timeout: int = 900) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["GRIDSIM_LANG"] = "en"
    proc = subprocess.run([str(a) for a in argv], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout)  # fmt: skip
    assert proc.returncode == 0, f"{argv}:\n{proc.stdout[-2000:]}\n{proc.stderr[-3000:]}"
    return proc.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bin folder of a fresh environment with this checkout installed, not editable."""
    env = tmp_path_factory.mktemp("env") / "venv"
    _run([sys.executable, "-m", "venv", env], cwd=env.parent)
    bindir = env / ("Scripts" if os.name == "nt" else "bin")
    _run([bindir / "python", "-m", "pip", "install", "-q", ROOT], cwd=env.parent, timeout=1800)
    return bindir


def test_the_installed_package_is_a_copy_named_gridsim_governance(
    installed: Path, tmp_path: Path
) -> None:
    code = ("import gridsim, importlib.metadata as m; print(gridsim.__file__); "
            "print(m.version('gridsim-governance'))")  # fmt: skip
    where, version = _run([installed / "python", "-c", code], cwd=tmp_path).split()
    assert not Path(where).resolve().is_relative_to(ROOT), where  # not the checkout
    assert _run([installed / "gridsim", "--version"], cwd=tmp_path) == f"gridsim {version}\n"


def test_gridsim_scenarios_and_run_baseline_from_outside_the_checkout(
    installed: Path, tmp_path: Path
) -> None:
    listing = _run([installed / "gridsim", "scenarios"], cwd=tmp_path)
    assert "baseline" in listing and "policies/nearest" in listing
    shipped = ROOT / "scenarios"
    assert str(shipped) not in listing and str(shipped.resolve()) not in listing
    out = _run([installed / "gridsim", "run", "baseline", "-r", "1", "--out", "res", "-q"],
               cwd=tmp_path)  # fmt: skip
    assert "results: res/" in out and "issues reported" in out
    assert {"summary.csv", "issues.parquet", "report.html"} <= {
        p.name for p in (tmp_path / "res").iterdir()
    }
    # A policy by name: its `extends: ../baseline.yaml` resolves inside the installed package.
    args = ["run", "policies/nearest", "-r", "1", "--set", "calendar.horizon_days=14", "-q"]
    _run([installed / "gridsim", *args, "--out", "nearest", "--no-report"], cwd=tmp_path)
    assert (tmp_path / "nearest" / "summary.csv").is_file()
