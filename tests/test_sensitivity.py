"""Which assumptions matter (issue 16 item 4; issue 18 item 3): SALib on the M/M/c reduction,
where only the crew count can change the waits, so every other field's effect must be 0
(exactly, under common random numbers), and `gridsim sensitivity` says so in words, in
sensitivity.csv and in tornado.png."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import gridsim
from gridsim import cli
from gridsim.api import scenario_of
from gridsim.experiment import runner
from gridsim.experiment.sensitivity import (
    COST_KPI,
    _distinct,
    counts,
    sample_points,
    sensitivity,
)
from gridsim.experiment.sweep import parse_ranges

ROOT = Path(__file__).resolve().parents[1]
MMC = ROOT / "scenarios" / "validation" / "mmc.yaml"
SHORT = {"calendar.horizon_days": 10}
CREWS, CLEANING, WAGE = "staff.crews.repair", "staff.crews.cleaning", "cost.wage_per_hour.repair"
RANGES = [f"{CREWS}=3:6", f"{CLEANING}=0:2", f"{WAGE}=0:100.0"]
"""Repair crews serve every issue; no issue is a cleaning job; a wage changes costs only."""
ALL_RANGES = [word for r in RANGES for word in ("--range", r)]
COMMAND = ["sensitivity", str(MMC), "--set", "calendar.horizon_days=10", "-r", "2",
           "--samples", "2", "-q"]  # fmt: skip


def short_mmc():
    return scenario_of(MMC, SHORT)


def test_salib_morris_through_evaluate_finds_only_the_crew_count_matters() -> None:
    """SALib's own sample and analysis around `gridsim.evaluate` (levers in, KPIs out), its
    numpy values passed as they come (np.int64 counts, np.float64 wages: issue 18 item 1)."""
    from SALib.analyze import morris as analyze
    from SALib.sample import morris as sample

    problem = {"num_vars": 3, "names": [CREWS, CLEANING, WAGE],
               "bounds": [[3, 6], [0, 2], [0, 100]]}  # fmt: skip
    x = sample.sample(problem, 2, num_levels=4, seed=7)

    def wait(row: np.ndarray) -> float:
        counts = row[:2].round().astype(np.int64)
        levers = {CREWS: counts[0], CLEANING: counts[1], WAGE: row[2], **SHORT}
        return gridsim.evaluate(MMC, replications=2, **levers)["on_site_mean_min"]

    y = np.array([wait(row) for row in x])
    found = analyze.analyze(problem, x, y, num_levels=4, seed=7)
    assert found["mu_star"][0] > 1.0  # minutes: 3 to 6 crews at load 2.1 shortens the wait
    assert list(found["mu_star"][1:]) == [0.0, 0.0]  # the same demand: not a minute apart


def test_counts_are_rounded_and_other_fields_kept() -> None:
    """Morris's 4 levels over 3..6 are 3, 4, 5, 6; a wage (absent from the file) given as a
    float stays a float; cleaning crews (an integer field) are rounded."""
    ranges = parse_ranges(RANGES)
    integer = counts(short_mmc(), ranges)
    assert integer == [True, True, False]
    x, points = sample_points(ranges, "morris", 4, 1, integer)
    assert len(points) == 4 * (3 + 1)
    assert {p[CREWS] for p in points} <= {3, 4, 5, 6}
    assert all(isinstance(p[CLEANING], int) for p in points)
    assert [p[WAGE] for p in points] == [float(v) for v in x[:, 2]]
    assert {round(v, 6) for v in x[:, 2]} <= {0.0, 33.333333, 66.666667, 100.0}


def test_a_repeated_point_is_run_once() -> None:
    """Rounding makes repeats; under common random numbers a repeat is the same runs."""
    points = [{CREWS: 3, WAGE: 0.5}, {CREWS: 4, WAGE: 0.5}, {CREWS: 3, WAGE: 0.5}]
    assert _distinct(points) == ([points[0], points[1]], [0, 1, 0])


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sens") / "j1"
    code = cli.main([*COMMAND, *ALL_RANGES, "-j", "1", "--out",
                     str(out), "--lang", "en"])  # fmt: skip
    assert code == 0
    return out


def test_the_csv_ranks_the_crews_first_for_every_kpi(written: Path) -> None:
    table = pd.read_csv(written / "sensitivity.csv")
    assert list(table.columns) == ["kpi", "parameter", "method", "mu_star", "mu_star_conf",
                                   "sigma", "rank"]  # fmt: skip
    assert set(table["method"]) == {"morris"}
    assert "target_plan_share" not in set(table["kpi"])  # no complex issue: no value
    assert {"on_site_mean_min", "target_on_site_share", "backlog_mean"} <= set(table["kpi"])
    for _kpi, rows in table.groupby("kpi"):
        crews = rows[rows["parameter"] == CREWS].iloc[0]
        others = rows[rows["parameter"] != CREWS]
        assert crews["rank"] == 1 and crews["mu_star"] > 0
        assert (others["mu_star"] == 0).all() and (others["rank"] == 2).all()
    assert (written / "tornado.png").read_bytes()[:4] == b"\x89PNG"


@pytest.mark.parametrize(
    ("lang", "kpi", "expected"),
    [
        ("en", "on_site_mean_min", ["mean time to on site: most affected by repair crews (mu* ",
                                    "; negligible: repair wage per hour",
                                    "Worth measuring in your own community: repair crews."]),
        ("zh", "target_on_site_share", ["按时到场的诉求比例：影响最大的是维修快修队（mu* ",
                                        "个百分点）；可忽略：维修每小时工资",
                                        "值得在本社区实测的数字：维修快修队。"]),
    ],
)  # fmt: skip
def test_the_ranking_is_said_in_words(
    lang: str, kpi: str, expected: list[str], capsys: pytest.CaptureFixture
) -> None:
    assert cli.main([*COMMAND, "--range", RANGES[0], "--range", RANGES[2], "--kpi", kpi,
                     "-j", "1", "--lang", lang]) == 0  # fmt: skip
    out = capsys.readouterr().out
    assert all(line in out for line in expected), out


def test_the_same_seed_gives_the_same_csv_on_two_workers(written: Path) -> None:
    """The command's table (-j 1) and the same analysis on two worker processes, as text."""
    found = sensitivity(short_mmc(), parse_ranges(RANGES), samples=2, replications=2, jobs=2)
    text = found.table.to_csv(index=False).encode()
    assert text == (written / "sensitivity.csv").read_bytes()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--range", "staff.crewz.repair=1:3"], "--range: staff.crewz: unknown field"),
        (
            ["--range", f"{CREWS}=5:3"],
            "--range: staff.crews.repair=5:3: expected two numbers, LOW <= HIGH",
        ),
        (["--range", f"{CREWS}=3:5", "--method", "fast"], "--method: invalid choice: 'fast'"),
        (
            ["--range", f"{CREWS}=3:5", "--method", "sobol", "--samples", "4"],
            "--samples: expected a power of two from 8 for sobol (e.g. 32), found 4",
        ),
        (
            ["--range", f"{CREWS}=3:5", "--method", "sobol", "--samples", "12"],
            "--samples: expected a power of two from 8 for sobol (e.g. 32), found 12",
        ),
        (
            ["--range", f"{CREWS}=3:5", "--lever", f"{CREWS}=1:4"],
            "--lever: --lever and --require go together",
        ),
        (["--kpi", "on_site_man_min"], "--kpi: unknown KPI 'on_site_man_min'; did you mean"),
        ([], "--range: expected at least one --range PATH=LOW:HIGH"),
        (["--range", f"{CREWS}=3:3"], "--range: staff.crews.repair=3:3: expected LOW < HIGH"),
        (
            [
                "--range",
                f"{CREWS}=3:5",
                "--lever",
                "staff.crews.repair=1:x",
                "--require",
                "target_on_site_share>=0.8",
            ],
            "--lever: expected PATH=LOW:HIGH",
        ),
        (
            ["--range", "calendar.shift.start_hour=0:30"],
            "--range: calendar.shift.start_hour: expected a number < 24.0, found 30",
        ),
    ],
)
def test_bad_input_is_one_located_line_and_exit_2(
    args: list[str], expected: str, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Refused before any run (a run here would fail the test)."""
    monkeypatch.setattr(runner, "run_experiment", None)
    try:
        code = cli.main([*COMMAND, *args, "-j", "1"])
    except SystemExit as e:  # argparse's own refusals
        code = e.code
    err = capsys.readouterr().err
    assert code == 2
    assert expected in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_sobol_gives_the_variance_to_the_crews_alone() -> None:
    """Sobol' (Saltelli's sample, 8 x (2 + 2) points): the wage explains none of the
    variance, exactly (each of its pairs of runs is the same run); the crews nearly all."""
    found = sensitivity(short_mmc(), parse_ranges([RANGES[0], RANGES[2]]), "sobol", samples=8,
                        kpis=["on_site_mean_min"], replications=1, jobs=1)  # fmt: skip
    table = found.table.set_index("parameter")
    assert list(found.table.columns) == ["kpi", "parameter", "method", "S1", "S1_conf", "ST",
                                         "ST_conf", "rank"]  # fmt: skip
    assert len(found.points) == 8 * 4
    assert table.loc[WAGE, "ST"] == 0 and table.loc[WAGE, "S1"] == 0
    assert table.loc[CREWS, "ST"] > 0.8 and table.loc[CREWS, "rank"] == 1


@pytest.mark.slow
def test_the_cheapest_plans_cost_follows_the_wage_not_the_cleaning_crews() -> None:
    """One optimisation per point (6 here): the repair wage changes what the cheapest plan
    costs; cleaning crews that no issue uses change nothing, not even the plan."""
    found = sensitivity(
        short_mmc(), parse_ranges([RANGES[1], RANGES[2]]), samples=2, kpis=["on_site_mean_min"],
        levers=[f"{CREWS}=1:6:100000"], require=["target_on_site_share>=0.85"],
        replications=2, optimise_options={"first": 4, "most": 8, "step": 2}, jobs=1,
    )  # fmt: skip
    cost = found.table[found.table["kpi"] == COST_KPI].set_index("parameter")
    assert cost.loc[WAGE, "mu_star"] > 0 and cost.loc[WAGE, "rank"] == 1
    assert cost.loc[CLEANING, "mu_star"] == 0
