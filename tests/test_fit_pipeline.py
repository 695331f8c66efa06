"""`gridsim fit` end to end: a run's orders fitted back to the scenario that made them, the
fitted file, its bootstrap variants, the answer in words and the command's errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import gridsim
from gridsim import cli
from gridsim.fit.orders import Orders
from gridsim.fit.pipeline import fit_orders
from gridsim.fit.runlog import run_orders
from gridsim.i18n import use
from gridsim.scenario.loader import load_scenario
from gridsim.scenario.overrides import variant_scenarios
from gridsim.scenario.schema import Scenario
from gridsim.views.fit import fit_lines

TRUTH = {"repair": 30.0, "cleaning": 15.0}
"""Requests per household a year of the small community below."""


def small(**changes: Any) -> Scenario:
    """Two grids of 100 households, two kinds handled by ample crews, always on duty, 120
    days from a Monday with a 3-day holiday; every problem is reported at once."""
    d: dict[str, Any] = {
        "name": "small",
        "seed": 11,
        "replications": 1,
        "community": {"grids": [{"name": "a", "households": 100},
                                {"name": "b", "households": 100, "x_km": 1.0}]},
        "calendar": {"start_date": "2026-01-05", "horizon_days": 120,
                     "shift": {"start_hour": 0, "end_hour": 24},
                     "holidays": [{"name": "h", "start": "2026-02-16", "days": 3}]},
        "demand": {
            "kinds": {
                "repair": {"rate_per_household_year": TRUTH["repair"], "handler": "repair",
                           "work": {"distribution": "lognormal", "mean_min": 40, "cv": 0.8}},
                "cleaning": {"rate_per_household_year": TRUTH["cleaning"],
                             "handler": "cleaning",
                             "work": {"distribution": "gamma", "mean_min": 25, "cv": 0.6}},
            },
            "weekly": [1.5, 1, 1, 1, 1, 0.6, 0.6],
            "holiday_weight": 0.5,
        },
        "staff": {"crews": {"repair": 8, "cleaning": 8, "patrol": 0, "fire": 0},
                  "triage_min": 0},
    }  # fmt: skip
    for path, value in changes.items():
        node = d
        *head, last = path.split(".")
        for part in head:
            node = node[part]
        node[last] = value
    return Scenario.model_validate(d)


@pytest.fixture(scope="module")
def orders() -> Orders:
    sc = small()
    return run_orders(gridsim.run_experiment(sc, replications=1).issues(), sc)


def test_a_run_is_fitted_back_to_the_scenario_that_made_it(orders: Orders) -> None:
    """From a base whose rates and work times are wrong by half, the fit comes back to the
    truth: each rate and mean work time within 4 of its standard errors (half-widths of
    the 95% interval / 1.96) of the value that made the log."""
    base = small(**{"demand.kinds.repair.rate_per_household_year": 60.0,
                    "demand.kinds.cleaning.work.mean_min": 50.0})  # fmt: skip
    fitted = fit_orders(orders, base)
    found = {e.path: e for e in fitted.estimates}
    truth = {f"demand.kinds.{k}.rate_per_household_year": v for k, v in TRUTH.items()}
    truth.update({"demand.kinds.repair.work.mean_min": 40.0,
                  "demand.kinds.cleaning.work.mean_min": 25.0})  # fmt: skip
    for path, value in truth.items():
        est = found[path]
        assert est.lower is not None and est.upper is not None
        se = (np.log(est.upper) - np.log(est.lower)) / (2 * 1.96)
        assert abs(np.log(float(est.value) / value)) < 4 * se, (path, est)
    sc = fitted.scenario
    assert sc.demand.kinds["repair"].rate_per_household_year == pytest.approx(
        float(found["demand.kinds.repair.rate_per_household_year"].value), rel=1e-5
    )
    weekly = np.array(sc.demand.weekly) / np.mean(sc.demand.weekly)
    assert weekly[0] > weekly[2] > weekly[5]  # Mondays busiest, weekends quietest
    assert sc.demand.holiday_weight < 1.0


def test_bootstrap_variants_are_valid_scenarios_around_the_estimates(orders: Orders) -> None:
    fitted = fit_orders(orders, small(), bootstrap=5, seed=3)
    assert list(fitted.variants) == [f"boot-0{i}" for i in range(1, 6)]
    scenarios = variant_scenarios(fitted.scenario, list(fitted.variants))
    rate = "demand.kinds.repair.rate_per_household_year"
    est = next(e for e in fitted.estimates if e.path == rate)
    draws = [s.demand.kinds["repair"].rate_per_household_year
             for name, s in scenarios.items() if name != "base"]  # fmt: skip
    assert len(set(draws)) == 5
    assert est.lower is not None and est.upper is not None
    width = est.upper - est.lower
    assert all(est.lower - width < d < est.upper + width for d in draws)
    again = fit_orders(orders, small(), bootstrap=5, seed=3)
    assert again.text == fitted.text  # same seed, same file
    assert fit_orders(orders, small(), bootstrap=5, seed=4).text != fitted.text


def test_the_answer_says_what_was_read_and_fitted(orders: Orders) -> None:
    base = small()
    fitted = fit_orders(orders, base)
    text = "\n".join(fit_lines(fitted, base))
    assert f"{len(orders):,} orders, 2026-01-05 to 2026-05-04" in text
    assert "Requests a household a year (95% interval), against the base scenario:" in text
    assert "repair: " in text and "Work on site" in text and "Public holidays: " in text
    with use("zh"):
        zh = "\n".join(fit_lines(fitted, base))
    assert "每户每年诉求数" in zh and "现场处置时间" in zh


def columns_log(orders: Orders, path: Path) -> None:
    """The orders as a log in gridsim's columns."""
    t = orders.table.rename(columns={"location": "address"})
    t["status"] = np.where(t["open"], "open", "closed")
    t.drop(columns=["open", "reports"]).to_csv(path, index=False)


def scenario_file(tmp_path: Path) -> Path:
    path = tmp_path / "small.yaml"
    path.write_text(gridsim.scenario.yaml_io.scenario_to_yaml(small()))
    return path


def test_the_command_writes_the_fitted_scenario_and_its_estimates(
    orders: Orders, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log, base, out = tmp_path / "log.csv", scenario_file(tmp_path), tmp_path / "fit" / "f.yaml"
    out.parent.mkdir()
    columns_log(orders, log)
    argv = ["fit", str(log), "--format", "columns", "--base", str(base), "--out", str(out),
            "--bootstrap", "2"]  # fmt: skip
    assert cli.main(argv) == 0
    printed = capsys.readouterr().out
    assert "Wrote " in printed and "gridsim check-fit" in printed
    sc = load_scenario(out)
    assert list(sc.variants) == ["boot-01", "boot-02"]
    table = pd.read_csv(out.with_suffix(".estimates.csv"))
    assert list(table.columns) == ["path", "value", "lower", "upper", "rows", "period", "note"]
    assert f"{len(table)} fitted numbers" in printed
    assert out.read_text().count("# fitted:") == len(table)
    # An existing file is kept unless --force.
    assert cli.main(argv) == 2
    assert "exists" in capsys.readouterr().err
    assert cli.main([*argv, "--force"]) == 0


@pytest.mark.parametrize(
    ("argv", "says"),
    [(["--format", "columns"], "--out"), (["--out", "x.yaml"], "--format"),
     (["--format", "open311", "--out", "x.yaml", "--mapping", "nothere.yaml"], "nothere.yaml")],
)  # fmt: skip
def test_bad_input_is_one_located_line(
    argv: list[str], says: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.chdir(tmp_path)
    (tmp_path / "log.csv").write_bytes(b"\x00\x01\x02 not a log")
    try:
        code = cli.main(["fit", "log.csv", *argv])
    except SystemExit as e:  # argparse's own checks
        code = e.code
    assert code == 2
    err = capsys.readouterr().err.strip()
    assert says in err and len(err.splitlines()) == 1 and "Traceback" not in err


def test_an_unreadable_log_is_one_located_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = tmp_path / "log.csv"
    log.write_bytes(b"\x00\x01\x02 not a log")
    out = tmp_path / "f.yaml"
    assert cli.main(["fit", str(log), "--format", "open311", "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert "log.csv" in err and len(err.splitlines()) == 1 and not out.exists()
