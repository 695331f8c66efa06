"""Sweeps, comparisons, warm-up and replication-count studies from the command line."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from gridsim import cli
from gridsim.experiment.sweep import (
    design_variants,
    factorial,
    latin_hypercube,
    parse_levels,
    parse_ranges,
)
from gridsim.scenario import ScenarioError, load_scenario

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
BASE = str(SCENARIOS / "baseline.yaml")
SHORT = ["--set", "calendar.horizon_days=10", "--quiet", "--jobs", "1"]


def test_factorial_is_every_combination_last_fastest() -> None:
    points = factorial({"a": [1, 2], "b": ["x", "y", "z"]})
    assert points == [
        {"a": 1, "b": "x"}, {"a": 1, "b": "y"}, {"a": 1, "b": "z"},
        {"a": 2, "b": "x"}, {"a": 2, "b": "y"}, {"a": 2, "b": "z"},
    ]  # fmt: skip


def test_latin_hypercube_puts_one_point_in_every_stratum() -> None:
    n = 20
    points = latin_hypercube({"x": (0.5, 2.5), "k": (1, 4)}, n, seed=3)
    x = np.array([p["x"] for p in points])
    strata = np.floor((x - 0.5) / 2.0 * n).astype(int)
    assert sorted(strata.tolist()) == list(range(n))
    k = [p["k"] for p in points]
    assert set(k) == {1, 2, 3, 4} and all(isinstance(v, int) for v in k)
    assert [k.count(v) for v in (1, 2, 3, 4)] == [5, 5, 5, 5]  # equal shares of integers
    assert latin_hypercube({"x": (0.5, 2.5)}, n, seed=3) != latin_hypercube(
        {"x": (0.5, 2.5)}, n, seed=4
    )


def test_design_points_are_validated_with_located_errors() -> None:
    base = load_scenario(BASE)
    variants, table = design_variants(base, [{"staff.crews.repair": 3}])
    assert variants["p001"].staff.crews.repair == 3 and table == [
        {"point": "p001", "design": "repair crews 3", "staff.crews.repair": 3}
    ]
    with pytest.raises(ScenarioError, match=r"design point p001: staff\.crews\.repair"):
        design_variants(base, [{"staff.crews.repair": -1}])
    with pytest.raises(ScenarioError, match="--grid"):
        parse_levels(["staff.crews.repair"])
    with pytest.raises(ScenarioError, match="--range"):
        parse_ranges(["x=3:1"])


@pytest.mark.slow  # a 2x2 sweep of 2 replications (about 35 s on 2 busy cores)
def test_sweep_writes_one_tidy_table(tmp_path: Path) -> None:
    out = tmp_path / "sw"
    args = ["sweep", BASE, "--grid", "staff.crews.repair=1,3", "--grid",
            "policy.patrol.per_day=1,2", "-r", "2", "--out", str(out), *SHORT]  # fmt: skip
    assert cli.main(args) == 0
    table = pd.read_csv(out / "sweep.csv")
    assert {"point", "staff.crews.repair", "policy.patrol.per_day", "replication", "kpi"} <= set(
        table.columns
    )
    on_site = table[(table.kpi == "on_site_mean_min") & (table.scope == "community")]
    assert len(on_site) == (4 + 1) * 2  # and the current plan (2 crews), the reference
    means = on_site.groupby("staff.crews.repair")["value"].mean()
    assert means[3] < means[1]  # more repair crews: shorter time to on site


def test_compare_a_file_with_itself_finds_no_difference(tmp_path: Path, capsys) -> None:
    out = tmp_path / "cmp"
    assert cli.main(["compare", BASE, BASE, "-r", "3", "--out", str(out), *SHORT]) == 0
    table = pd.read_csv(out / "comparison.csv")
    known = table.dropna(subset=["ci_low"])  # a KPI with no issues in 10 days has no interval
    assert len(known) >= 5 and (known["diff"] == 0).all() and (known["ci_low"] == 0).all()
    assert "unchanged" in capsys.readouterr().out


def test_compare_policies_on_the_same_demand(tmp_path: Path, capsys) -> None:
    more = str(SCENARIOS / "policies" / "one_more_repair_crew.yaml")
    assert cli.main(["compare", BASE, more, "-r", "3", *SHORT]) == 0
    text = capsys.readouterr().out
    assert "one_more_repair_crew cuts the mean time to on site" in text


def test_warmup_and_replications(tmp_path: Path, capsys) -> None:
    out = tmp_path / "wu"
    args = ["--set", "calendar.horizon_days=60", "-r", "3", "--quiet", "--jobs", "1"]
    assert cli.main(["warmup", BASE, "--out", str(out), *args]) == 0
    assert "MSER-5" in capsys.readouterr().out
    assert (out / "warmup.png").stat().st_size > 10_000
    assert cli.main(["replications", BASE, "--precision", "0.1", *args]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1].split()[:3] == ["all", "of", "them"]
    each = [int(m[1]) for line in lines[1:-1] if (m := re.search(r"  (\d+)(?: \(|$)", line))]
    assert len(each) == len(lines) - 2  # every KPI has an answer (a pilot of 3 has a spread)
    assert int(lines[-1].split()[-1]) == max(each)
