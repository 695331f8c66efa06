"""Smoke tests of the study scripts in experiments/studies/: each runs with --quick (a few
replications of a short horizon) in a subprocess, into a temporary copy of its out/ folder,
and must exit 0 and write its figures, its results table and a findings.md."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
STUDIES = ROOT / "experiments" / "studies"
PNG = b"\x89PNG\r\n\x1a\n"

pytestmark = pytest.mark.slow  # a study script each, 15-35 s on 2 busy cores

EXPECTED = {
    "repair_crews": ["fig_targets_vs_crews.png", "fig_p90_vs_crews.png",
                     "fig_ecdf_on_site_repair.png"],
    "dedicated_vs_pooled": ["fig_ecdf_on_site.png", "fig_ecdf_on_site_office_hours.png",
                            "fig_map_p90_office_hours.png", "fig_map_p90_all.png"],
    "patrol_frequency": ["fig_time_to_find.png", "fig_patrol_tradeoffs.png"],
    "joint_meeting_interval": ["fig_ecdf_plan.png", "fig_rungs.png"],
    "vulnerable_first": ["fig_ecdf_by_group.png", "fig_paired_differences.png"],
    "assumptions": ["fig_tornado_on_site_share.png", "fig_tornado_on_site_mean.png",
                    "fig_tornado_satisfaction.png"],
    "equal_cost_rosters": ["fig_on_site_share_by_period.png",
                           "fig_on_site_mean_by_period.png"],
    "satisfaction_per_yuan": ["fig_satisfaction_change.png", "fig_rates_change.png"],
    "cheapest_plan": ["fig_reach_at_upper_bounds.png", "fig_frontier.png"],
}  # fmt: skip


def test_every_study_is_tested() -> None:
    found = {p.parent.name for p in STUDIES.glob("*/run.py")}
    assert found == set(EXPECTED)
    for name in found:
        assert (STUDIES / name / "README.md").is_file(), f"{name} has no README.md"


@pytest.mark.parametrize("study", sorted(EXPECTED))
def test_quick_run_writes_figures_and_findings(study: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    committed = STUDIES / study / "out"
    if committed.is_dir():
        shutil.copytree(committed, out)  # what the run must overwrite, not the real folder
    started = time.time()
    proc = subprocess.run(
        [sys.executable, str(STUDIES / study / "run.py"), "--quick", "--out", str(out)],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    for name in EXPECTED[study]:
        path = out / name
        assert path.is_file(), f"{study} did not write {name}"
        assert path.stat().st_mtime >= started - 1, f"{name} is left over, not regenerated"
        assert path.read_bytes()[:8] == PNG
    assert sorted(p.name for p in out.glob("fig_*.png")) == sorted(EXPECTED[study])
    findings = (out / "findings.md").read_text(encoding="utf-8")
    assert "--quick" in findings and "## Answer" in findings
    assert "nan" not in findings.lower().replace("nanjing", "")
    results = (out / "results.csv").read_text(encoding="utf-8")
    assert results.count("\n") > 10
