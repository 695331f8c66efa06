"""Calibration against a scenario's own observed figures: the measures, the periods, the
verdicts, the shipped scenarios' figures and the errors a bad section gives."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from gridsim import cli
from gridsim.experiment.runner import run_replication
from gridsim.scenario import load_scenario
from gridsim.scenario.schema import Figure
from gridsim.stats.calibration import (
    calibration_csv,
    calibration_rows,
    calibration_table,
    month_span,
    simulated_count,
    simulated_counts,
)
from gridsim.stats.measures import MEASURES, Log

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
DAY = 1440.0


def figure(measure: str = "issues_resolved", **fields: object) -> Figure:
    base = {"name": measure, "measure": measure, "value": 10.0, "source": "hand",
            "scope": "community", "comparable": True}  # fmt: skip
    return Figure.model_validate({**base, **fields})


def test_month_spans_by_hand() -> None:
    assert month_span(dt.date(2026, 1, 1), 1, 10) == (0.0, 304 * DAY)  # Jan 1 to Nov 1
    # A day late for January: the next year's January to October.
    assert month_span(dt.date(2026, 1, 2), 1, 10) == (364 * DAY, (364 + 304) * DAY)
    # November to February crosses the new year: Nov 1 2026 to Mar 1 2027.
    assert month_span(dt.date(2026, 1, 1), 11, 2) == (304 * DAY, 424 * DAY)
    assert month_span(dt.date(2026, 1, 1), 10, 12) == (273 * DAY, 365 * DAY)
    assert month_span(dt.date(9999, 6, 1), 1, 10) is None  # no such span in any calendar


def hand_log() -> pa.Table:
    """Eight issues whose counts are known by hand. The level column's categories are in
    an order other than the ladder's, so a measure must read rungs by name, not by code."""
    levels = ["town", "grid_worker", "community", "above_town", "grid_leader", "joint_meeting"]

    def cat(names: list[str | None], categories: list[str]) -> pa.DictionaryArray:
        idx = pa.array([None if n is None else categories.index(n) for n in names], pa.int32())
        return pa.DictionaryArray.from_arrays(idx, pa.array(categories))

    nan = float("nan")
    return pa.table({
        "kind": cat(["repair", "repair", "dispute", "dispute", "dispute", "care_visit", "repair",
                     "repair"], ["repair", "dispute", "care_visit"]),
        "handler": cat(["repair", "repair", "mediation", "mediation", "mediation", "volunteer",
                        "repair", "repair"], ["repair", "mediation", "volunteer"]),
        "level": cat(["grid_worker", "town", "community", "joint_meeting", "grid_worker",
                      "grid_worker", None, "above_town"], levels),
        "reported_min": [10 * DAY, 20 * DAY, 30 * DAY, 40 * DAY, 100 * DAY, 5 * DAY, 360 * DAY,
                         200 * DAY],
        "resolved_min": [11 * DAY, 50 * DAY, 35 * DAY, 60 * DAY, 330 * DAY, 6 * DAY, nan, nan],
    })  # fmt: skip


@pytest.mark.parametrize(
    ("measure", "period", "expected"),
    [
        ("issues_resolved", "year", 6),  # all but the two open ones
        ("issues_resolved", "2 years", 12),  # the annual rate times two
        ("disputes_settled", "year", 3),  # at any rung
        ("disputes_mediated", "year", 2),  # inside the community: not the joint meeting's
        ("disputes_mediated", "jan-oct", 1),  # resolved by Nov 1 (day 304): not day 330's
        ("kind_resolved:repair", "year", 2),
        ("kind_resolved:care_visit", "year", 1),
        ("reaching:grid_leader", "year", 4),  # community, joint meeting, town, above it
        ("reaching:town", "year", 2),  # reported, resolved or not
        ("above_town", "year", 1),
    ],
)
def test_measures_count_a_hand_made_log(measure: str, period: str, expected: float) -> None:
    """One year, no warm-up, from January 1: each measure's count by hand."""
    sc = load_scenario(SCENARIOS / "baseline.yaml", ["calendar.warmup_days=0"])
    assert sc.calendar.start_date == dt.date(2026, 1, 1) and sc.calendar.horizon_days == 365
    fig = figure(measure, period=period)
    assert simulated_count(Log(hand_log()), fig, sc) == pytest.approx(expected)


def test_the_warm_up_is_left_out_of_annual_counts_and_a_short_run_has_no_october() -> None:
    sc = load_scenario(SCENARIOS / "baseline.yaml", ["calendar.warmup_days=73"])  # 1/5 year
    # Of the six resolved (days 11, 50, 35, 60, 330, 6), only day 330's is after the
    # warm-up: 1 in 4/5 of a year.
    assert simulated_count(Log(hand_log()), figure(), sc) == pytest.approx(1.25)
    short = load_scenario(SCENARIOS / "baseline.yaml", ["calendar.horizon_days=200"])
    assert np.isnan(simulated_count(Log(hand_log()), figure(period="jan-oct"), short))


def test_counts_agree_with_a_run_of_the_baseline() -> None:
    sc = load_scenario(SCENARIOS / "baseline.yaml", ["calendar.warmup_days=0"])
    rep = run_replication(sc, "base", 0)
    counts = simulated_counts(rep.log, sc)
    assert list(counts) == [f.name for f in sc.calibration.figures]
    log = rep.log.to_pydict()
    rows = list(zip(log["kind"], log["resolved_min"], log["level"], log["handler"], strict=True))
    care = sum(1 for k, r, _, _ in rows if k == "care_visit" and r is not None)
    assert counts["volunteer care visits, two years"] == pytest.approx(2 * care)
    mediated_by_october = sum(
        1
        for _, r, lv, h in rows
        if h == "mediation"
        and r is not None
        and r < 304 * DAY
        and lv in ("grid_worker", "community")
    )
    assert mediated_by_october > 0
    assert counts["disputes mediated, January to October"] == mediated_by_october
    above = sum(1 for lv, t in zip(log["level"], log["reported_min"], strict=True)
                if lv == "above_town" and t is not None)  # fmt: skip
    assert above > 0  # an outcome now: dissatisfied residents' bypass (orders.closing)
    assert counts["issues above the town a year"] == above


def test_prediction_interval_is_wider_than_the_interval_of_the_mean() -> None:
    figs = [figure(), figure("above_town", name="other")]
    per_rep = [{f.name: float(v) for f in figs} for v in (10, 12, 14, 11, 13)]
    for row in calibration_rows(per_rep, figs):
        assert row.predict_low < row.low < row.mean < row.high < row.predict_high


@pytest.mark.parametrize(
    ("simulated", "plain", "with_sets"),
    [
        (112.1, "inside", "set from it"),  # a count that does not vary: held to its rounding
        (112.9, "inside", "set from it"),
        (111.9, "OUTSIDE", "OFF (set from it)"),
    ],
)
def test_a_figure_with_sets_is_set_from_it_never_inside(
    simulated: float, plain: str, with_sets: str
) -> None:
    """The same figure and the same simulated years: inside (or not) without `sets`; with
    it, agreement is "set from it" and never counts as "inside"."""
    free = figure(value=112.5)
    tuned = figure(value=112.5, sets="the visits' cycle")
    per_rep = [{free.name: simulated}] * 3
    assert calibration_rows(per_rep, [free])[0].verdict == plain
    assert calibration_rows(per_rep, [tuned])[0].verdict == with_sets
    assert calibration_rows(per_rep, [figure(value=112.5, comparable=False)])[0].verdict == (
        "for scale only"
    )


def test_the_baseline_holds_its_own_figures(tmp_path: Path, capsys) -> None:
    """Qumalai's dispute count is comparable but set the dispute rate; the prefecture's
    volunteer counts and the principle of nothing above the town are for scale only; none
    is outside; the table says nothing here tests the model."""
    out = tmp_path / "cal"
    code = cli.main(["calibrate", str(SCENARIOS / "baseline.yaml"), "--out", str(out), "-q",
                     "-r", "3"])  # fmt: skip
    assert code == 0
    text = capsys.readouterr().out
    assert "OUTSIDE" not in text and "OFF" not in text and "No figure here tests" in text
    cal = pd.read_csv(out / "calibration.csv")
    verdicts = dict(zip(cal["figure"], cal["verdict"], strict=True))
    assert verdicts == {
        "disputes mediated, January to October": "set from it",
        "volunteer care visits, two years": "for scale only",
        "micro wishes fulfilled, two years": "for scale only",
        "issues above the town a year": "for scale only",
    }
    assert list(cal["seed"]) == [16, 225, 176, 0]
    assert list(cal["comparable"]) == [True, False, False, False]


def test_calibration_of_the_estate_uses_the_estates_figures(tmp_path: Path, capsys) -> None:
    """The estate is held against its company's figures (Mengsheng property: 5,400 services
    and 25 disputes a year, for scale only), never Qumalai's 16 disputes by October."""
    out = tmp_path / "cal"
    args = ["calibrate", str(SCENARIOS / "huangnan_property.yaml"), "--out", str(out), "-q",
            "-r", "2", "--set", "calendar.horizon_days=40", "--jobs", "1"]  # fmt: skip
    assert cli.main(args) == 0
    text = capsys.readouterr().out
    assert "January to October" not in text and "Huanghe Road" not in text
    cal = pd.read_csv(out / "calibration.csv")
    assert list(cal["seed"]) == [5400, 25, 225]
    assert list(cal["measure"]) == ["issues_resolved", "disputes_mediated",
                                    "kind_resolved:care_visit"]  # fmt: skip
    assert set(cal["verdict"]) == {"for scale only"}
    assert all("Mengsheng" in s for s in cal["source"][:2])
    sc = load_scenario(SCENARIOS / "huangnan_property.yaml", ["calendar.horizon_days=40"])
    log = pd.read_parquet(out / "issues.parquet")
    log = log[log["replication"] == 0]
    resolved = log["resolved_min"].between(sc.calendar.warmup_days * DAY, 40 * DAY,
                                           inclusive="left").sum()  # fmt: skip
    years = (40 - sc.calendar.warmup_days) / 365
    one_rep = simulated_counts(pa.Table.from_pandas(log), sc)
    assert one_rep["issues resolved a year (free services)"] == pytest.approx(resolved / years)


BAD_FIGURES = [
    ("measure: disputes", "calibration.figures.0.measure", "expected a known measure",
     "found 'disputes'"),
    ("measure: kind_resolved:heating", "calibration.figures.0.measure",
     "expected kind_resolved:<kind> with a kind of demand.kinds", "found 'kind_resolved:heating'"),
    ("measure: reaching:above_town", "calibration.figures.0.measure",
     "expected a rung of grid_leader", "found 'above_town'"),
    ("measure: kind_resolved", "calibration.figures.0.measure",
     "expected kind_resolved:<kind>", "found 'kind_resolved'"),
    ("period: by october", "calibration.figures.0.period", "expected 'year'",
     "found 'by october'"),
]  # fmt: skip


@pytest.mark.parametrize(("line", "path", "expected", "found"), BAD_FIGURES)
def test_a_bad_figure_is_one_located_line(
    tmp_path: Path, capsys, line: str, path: str, expected: str, found: str
) -> None:
    key = line.split(":")[0]
    good = {"measure": "measure: issues_resolved", "period": "period: year"}
    fields = {**good, key: line}
    text = (
        f"extends: {SCENARIOS / 'baseline.yaml'}\n"
        "calibration:\n  figures:\n    - name: x\n"
        f"      {fields['measure']}\n      {fields['period']}\n"
        "      value: 3\n      source: s\n      scope: community\n      comparable: true\n"
    )
    file = tmp_path / "bad.yaml"
    file.write_text(text, encoding="utf-8")
    assert cli.main(["calibrate", str(file)]) == 2
    (err,) = capsys.readouterr().err.strip().splitlines()
    at = 5 if key == "measure" else 6
    assert err.startswith(f"{file}:{at}: {path}: ") and expected in err and found in err, err


def test_a_figure_name_used_twice_is_refused(tmp_path: Path, capsys) -> None:
    fig = ("    - {name: x, measure: above_town, value: 0, source: s, scope: community, "
           "comparable: true}\n")  # fmt: skip
    file = tmp_path / "twice.yaml"
    file.write_text(f"extends: {SCENARIOS / 'baseline.yaml'}\ncalibration:\n  figures:\n"
                    f"{fig}{fig}", encoding="utf-8")  # fmt: skip
    assert cli.main(["validate", str(file)]) == 2
    err = capsys.readouterr().err
    assert "calibration.figures.1.name: 'x' is used twice" in err, err


def test_a_scenario_without_figures_says_so_and_runs_nothing(capsys) -> None:
    code = cli.main(["calibrate", str(SCENARIOS / "validation" / "mmc.yaml")])
    assert code == 0
    captured = capsys.readouterr()
    assert "no observed figures to hold it against" in captured.out
    assert "calibrating" not in captured.err  # no replication was run


def test_the_csv_keeps_free_text_whole_and_reads_back() -> None:
    fig = figure(name='services, "free"', source="seed, p. 2", scope="company", comparable=False,
                 sets="the rate, roughly")  # fmt: skip
    rows = calibration_rows([{fig.name: 3.0}, {fig.name: 5.0}], [fig])
    cal = pd.read_csv(io.StringIO(calibration_csv(rows)))
    assert cal.loc[0, "figure"] == 'services, "free"' and cal.loc[0, "source"] == "seed, p. 2"
    assert cal.loc[0, "sets"] == "the rate, roughly" and not cal.loc[0, "comparable"]
    assert cal.loc[0, "mean"] == 4.0 and cal.loc[0, "verdict"] == "for scale only"


def test_count_intervals_stay_at_or_above_zero_and_one_run_prints_no_nan() -> None:
    """Counts 0, 0, 3 a year: the t interval of the mean reaches below 0, a count cannot."""
    figs = [figure(), figure("above_town", name="other", period="jan-oct")]
    rows = calibration_rows([{f.name: float(v) for f in figs} for v in (0, 0, 3)], figs)
    assert all(r.low == 0.0 < r.high for r in rows)
    one = calibration_table(calibration_rows([{f.name: 4.0 for f in figs}], figs))
    assert not re.search(r"\bnan\b", one) and "(one run)" in one
    assert "OUTSIDE" not in one  # one run cannot put a figure outside anything
    uncovered = calibration_rows([{"other": float("nan")}] * 2, figs[1:])
    assert uncovered[0].verdict == "not in the run"
    assert not re.search(r"\bnan\b", calibration_table(uncovered))


def test_the_readme_lists_every_measure() -> None:
    """A measure is one line of MEASURES; the README's Calibration section names each."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Calibration", 1)[1].split("\n## ", 1)[0]
    for name, measure in MEASURES.items():
        assert (
            f"`{name}:<{measure.argument}>`" in section
            if measure.argument
            else (f"`{name}`" in section)
        ), name
