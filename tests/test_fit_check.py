"""`check_fit` and `gridsim check-fit`: the split and its censoring, hand-computed weekly
counts and Kaplan-Meier shares, and the check itself against a fitter that knows the truth
(coverage near nominal) and one that doubles the rates (coverage low)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd
import pytest
from scipy.stats import binom

from gridsim.cli import main
from gridsim.experiment.runner import run_replication
from gridsim.fit import Orders, holdout, run_orders
from gridsim.fit.check import COLUMNS, CheckFit, answer_lines, check_fit, simulated_orders
from gridsim.fit.orders import COLUMNS as ORDER_COLUMNS
from gridsim.i18n import use
from gridsim.scenario import Scenario, scenario_to_yaml

T = pd.Timestamp


def small(rate: float = 20.0) -> Scenario:
    """Two grids of 20 households, repairs at ``rate`` and sanitation at half of it a
    household-year, five months from 2026-01-01: about 15 and 8 orders a week."""
    return Scenario.model_validate({
        "name": "small", "seed": 3,
        "community": {"grids": [{"name": "a", "households": 20},
                                {"name": "b", "households": 20, "x_km": 0.3}]},
        "calendar": {"start_date": "2026-01-01", "horizon_days": 151, "warmup_days": 0},
        "demand": {"kinds": {
            "repair": {"rate_per_household_year": rate, "handler": "repair",
                       "work": {"mean_min": 40}},
            "sanitation": {"rate_per_household_year": rate / 2, "handler": "cleaning",
                           "work": {"mean_min": 30}}}},
        "staff": {"crews": {"repair": 2, "cleaning": 1, "patrol": 0, "fire": 0}},
    })  # fmt: skip


def fitter(scenario: Scenario, variants: dict | None = None) -> Any:
    """A stand-in fitter that returns ``scenario`` whatever the log, and records its calls."""

    def fit(train: Orders, base: Scenario, **kwargs: Any) -> Any:
        fit.calls.append((train, kwargs))  # type: ignore[attr-defined]
        return SimpleNamespace(scenario=scenario, variants=variants or {}, estimates=[])

    fit.calls = []  # type: ignore[attr-defined]
    return fit


@pytest.fixture(scope="module")
def log() -> Orders:
    sc = small()
    rep = run_replication(sc, "base", 0)
    assert rep.log is not None
    return run_orders(rep.log.to_pandas(), sc, "synthetic.csv")


TRUE_FIT = fitter(small())


@pytest.fixture(scope="module")
def true_check(log: Orders) -> CheckFit:
    return check_fit(log, small(), 2, replications=40, fit=TRUE_FIT, jobs=1, seed=5)


def orders(rows: list[dict], extract: str = "2026-07-01") -> Orders:
    """Orders from a few hand-made rows (reported, closed; other stages unobserved)."""
    table = pd.DataFrame([{
        "order_id": str(i), "kind": r.get("kind", "repair"), "grid": "a", "location": "",
        "reported": T(r["reported"]), "signed": pd.NaT, "on_site": pd.NaT,
        "resolved": T(r.get("resolved")) if r.get("resolved") else pd.NaT,
        "closed": T(r["closed"]) if r.get("closed") else pd.NaT,
        "open": not r.get("closed"), "escalated": pd.NA, "reports": r.get("reports", 1),
    } for i, r in enumerate(rows)], columns=list(ORDER_COLUMNS))  # fmt: skip
    return Orders(table, ("reported", "resolved", "closed"), T(extract), T("2026-01-01"),
                  T(extract), "hand.csv", len(rows))  # fmt: skip


def test_holdout_is_the_last_whole_months() -> None:
    assert holdout.holdout_window(orders([], "2026-07-01"), 3) == (T("2026-04-01"), T("2026-07-01"))
    # a trailing part-month is not a month
    assert holdout.holdout_window(orders([], "2026-07-15"), 2) == (T("2026-05-01"), T("2026-07-01"))
    with pytest.raises(ValueError, match="fewer whole months than the 6 held out plus one"):
        holdout.holdout_window(orders([], "2026-07-01"), 6)


def test_training_log_is_censored_at_the_split() -> None:
    """An order closed after the split is open in the training log, its later stages not
    yet happened; orders reported after the split are not in it."""
    log = orders([
        {"reported": "2026-03-30 10:00", "resolved": "2026-03-31", "closed": "2026-04-02"},
        {"reported": "2026-03-20", "closed": "2026-03-21", "reports": 3},
        {"reported": "2026-04-03", "closed": "2026-04-04"},
    ])  # fmt: skip
    train = holdout.training(log, T("2026-04-01"))
    t = train.table
    assert list(t["reported"]) == [T("2026-03-30 10:00"), T("2026-03-20")]
    assert t["open"].tolist() == [True, False]
    assert pd.isna(t["closed"].iloc[0]) and t["resolved"].iloc[0] == T("2026-03-31")
    assert train.extract == train.end == T("2026-04-01")
    assert train.duplicates == 2  # the 3 reports of the second order
    assert not log.table["open"].iloc[0]  # the log itself untouched


def test_weekly_counts_of_whole_weeks() -> None:
    """2026-04-01 is a Wednesday: the first whole week starts Monday 04-06; the last ends
    Sunday 06-28 before 07-01; 12 weeks. Counts per kind and all, by hand."""
    weeks = holdout.whole_weeks(T("2026-04-01"), T("2026-07-01"))
    assert len(weeks) == 12 and weeks[0] == T("2026-04-06") and weeks[-1] == T("2026-06-22")
    log = orders([
        {"reported": "2026-04-05 23:59"},  # before the first whole week
        {"reported": "2026-04-06 00:00"},
        {"reported": "2026-04-12 23:59", "kind": "sanitation"},
        {"reported": "2026-04-13 08:00"},
        {"reported": "2026-06-29 08:00"},  # after the last
    ])  # fmt: skip
    counts = holdout.weekly_counts(log.table, weeks, ["repair", "sanitation"])
    assert counts[:, :3].tolist() == [[1, 1, 0], [1, 0, 0], [2, 1, 0]]
    assert counts.sum() == 3 + 3


def test_kaplan_meier_by_hand() -> None:
    """Repairs closed after 1, 2, 3 hours, one open at the extract 2 h after its report, one 4 h
    (+: open). S(1 h) = 4/5; at 2 h, 4 at risk, one closes (the open one is censored after
    it): S = 0.8 x 3/4 = 0.6; at 3 h, 2 at risk: S = 0.3. Shares closed = 1 - S. A kind
    with every order open has closed none; a kind with no order, NaN."""
    extract = "2026-03-02 12:00"
    log = orders([
        {"reported": "2026-03-01 08:00", "closed": "2026-03-01 09:00"},
        {"reported": "2026-03-01 08:00", "closed": "2026-03-01 10:00"},
        {"reported": "2026-03-02 10:00"},
        {"reported": "2026-03-01 08:00", "closed": "2026-03-01 11:00"},
        {"reported": "2026-03-02 08:00"},
        {"reported": "2026-03-02 08:00", "kind": "sanitation"},
    ], extract)  # fmt: skip
    got = holdout.closed_shares(log, ["repair", "sanitation", "order"], [30, 60, 150, 180, 600])
    np.testing.assert_allclose(got[0], [0.0, 0.2, 0.4, 0.7, 0.7])
    np.testing.assert_allclose(got[1], [0.0] * 5)
    assert np.isnan(got[2]).all()


def test_held_out_orders_are_censored_at_the_end() -> None:
    log = orders([{"reported": "2026-06-30 20:00", "closed": "2026-07-01 09:00"},
                  {"reported": "2026-03-31", "closed": "2026-04-01"}], "2026-07-02")  # fmt: skip
    h = holdout.held_out(log, T("2026-04-01"), T("2026-07-01"))
    assert len(h) == 1 and h.table["open"].tolist() == [True]
    assert h.extract == T("2026-07-01")
    assert holdout.censor(log.table, T("2026-08-01"))["open"].tolist() == [False, False]


def test_true_fitter_covers_near_nominal(true_check: CheckFit) -> None:
    """The scenario that made the log predicts it: the count inside is not below what a
    binomial at 95% gives with probability 0.001 (weekly counts are near-independent given
    the model; intervals from 40 runs cover a new draw with probability 39/41)."""
    k, n = true_check.inside("weekly_count")
    assert n == 3 * 8  # 2 kinds and all, 8 whole weeks in May-June 2026
    assert k >= binom.ppf(0.001, n, 0.95), true_check.table
    k, n = true_check.inside("closed_share")
    assert n >= 3 and k >= binom.ppf(0.001, n, 0.95)
    assert true_check.well("weekly_count")
    assert list(true_check.table.columns) == list(COLUMNS)


def test_the_fitter_gets_the_training_log(true_check: CheckFit) -> None:
    (train, kwargs), = TRUE_FIT.calls  # type: ignore[attr-defined]  # fmt: skip
    assert kwargs == {"bootstrap": 40, "seed": 5}
    assert train.extract == T("2026-04-01") and train.table["reported"].max() < T("2026-04-01")


def test_doubled_rates_are_caught(log: Orders) -> None:
    """Rates doubled: per week repairs 30.8 predicted (95% interval from about 20) against
    15.4 observed (sd 3.9), P(inside) about 0.13; sanitation 15.4 (from about 9) against 7.7,
    about 0.37; all kinds 46 (from about 33) against 23, about 0.02: expected coverage about
    0.17, so below 0.5; and the answer says which kind and on which side."""
    check = check_fit(log, small(), 2, replications=40, fit=fitter(small(40.0)), jobs=1)
    assert check.coverage["weekly_count"] < 0.5
    assert not check.well("weekly_count")
    lines = answer_lines(check)
    assert "too many outside" in lines[1] and "fewer orders than predicted" in lines[1]
    with use("zh"):
        assert "工单比预测的少" in answer_lines(check)[1]


def test_each_run_draws_its_own_variant() -> None:
    """Variants alternate over runs: a variant tripling the repair rate shows in its runs."""
    fitted = fitter(small(), {"boot-01": {}, "boot-02": {
        "demand.kinds.repair.rate_per_household_year": 60.0}})(None, None)  # fmt: skip
    runs = simulated_orders(fitted, T("2026-05-01"), T("2026-06-01"), 4, jobs=1)
    counts = [int((r.table["kind"] == "repair").sum()) for r in runs]
    assert counts[1] > 2 * counts[0] and counts[3] > 2 * counts[2], counts


def test_answer_when_all_inside(true_check: CheckFit) -> None:
    lines = answer_lines(true_check)
    assert lines[0].startswith("Fitted on") and "the fitted scenario alone" in lines[0]
    assert "predicts the held-out months well" in lines[1]


# -- the command ---------------------------------------------------------------------------


@pytest.fixture
def command(
    tmp_path: Path, log: Orders, true_check: CheckFit, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """`gridsim check-fit` with the log read as ``log`` and the check as ``true_check``
    (after the checks of the arguments it is given)."""
    import gridsim.cli.check_fit as cli

    real = cli.read_orders

    def read(path: Path, fmt: str, base: Scenario, mapping: Path | None) -> Any:
        return (log, TRUE_FIT) if path.name == "log.csv" else real(path, fmt, base, mapping)

    monkeypatch.setattr(cli, "read_orders", read)

    def check(orders: Orders, base: Scenario, months: int, **kwargs: Any) -> CheckFit:
        assert orders is log and base.name == "small"
        assert kwargs == {"replications": 40, "seed": 3, "jobs": 1, "fit": TRUE_FIT}
        holdout.holdout_window(orders, months)  # the command's own error for too many months
        return true_check

    monkeypatch.setattr(cli, "check_fit", check)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "log.csv").write_text("read by the stand-in reader\n", encoding="utf-8")
    (tmp_path / "broken.csv").write_text("not,a,log\n1,2,3\n", encoding="utf-8")
    fitted = tmp_path / "fitted.yaml"
    fitted.write_text(scenario_to_yaml(small()), encoding="utf-8")
    return fitted


def test_command_writes_its_files(command: Path, tmp_path: Path, capsys: Any) -> None:
    out = tmp_path / "check"
    code = main(["check-fit", "log.csv", str(command), "--holdout", "2", "-j", "1", "--format",
                 "columns",
                 "--out", str(out), "--lang", "zh"])  # fmt: skip
    assert code == 0
    assert sorted(p.name for p in out.iterdir()) == ["answer.txt", "check_fit.csv",
                                                     "check_fit.png"]  # fmt: skip
    table = pd.read_csv(out / "check_fit.csv")
    assert list(table.columns) == list(COLUMNS) and len(table) > 24
    assert "每周工单数" in (out / "answer.txt").read_text(encoding="utf-8")
    assert "每周工单数" in capsys.readouterr().out


@pytest.mark.parametrize(("argv", "expected"), [
    (["broken.csv", "F", "--format", "open311"],
     "broken.csv: service_request_id: expected a column 'service_request_id'"),
    (["log.csv", "F", "--holdout", "5", "--format", "columns"],
     "--holdout: log.csv: the log covers 2026-01-01 to"),
    (["log.csv", "F"], "--format: expected open311, nyc311 or columns, found nothing"),
])  # fmt: skip
def test_command_bad_input_exits_2(
    command: Path, argv: list[str], expected: str, capsys: Any
) -> None:
    """The real reader's error for a file that is no log; the log too short; no format."""
    code = main(["check-fit", *[str(command) if a == "F" else a for a in argv], "-j", "1"])
    assert code == 2
    err = capsys.readouterr().err.strip()
    assert expected in err and len(err.splitlines()) == 1 and "Traceback" not in err


@pytest.mark.parametrize(("argv", "expected"), [
    (["missing.csv", "F"], "log: missing.csv: file not found"),
    (["log.csv", "F", "--mapping", "map.yaml"], "--mapping: map.yaml: file not found"),
    (["log.csv", "F", "--replications", "10"], "--replications/-r: expected an integer from 39"),
])  # fmt: skip
def test_command_bad_options_exit_2(
    command: Path, argv: list[str], expected: str, capsys: Any
) -> None:
    with pytest.raises(SystemExit) as exit:
        main(["check-fit", *[str(command) if a == "F" else a for a in argv]])
    assert exit.value.code == 2
    assert expected in capsys.readouterr().err


@pytest.mark.slow
def test_two_workers_give_the_same_table(log: Orders, true_check: CheckFit) -> None:
    """Each run's seed and variant depend on its number only, not on the worker."""
    other = check_fit(log, small(), 2, replications=40, fit=fitter(small()), jobs=2, seed=5)
    pd.testing.assert_frame_equal(other.table, true_check.table)
