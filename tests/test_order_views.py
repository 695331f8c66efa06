"""Work orders in the views: why orders missed their deadlines (from a hand-made log), the
report's section and scenario words, the console's headline without orders, and `compare`."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from gridsim.cli import main
from gridsim.experiment.studies import HEADLINE_KPIS
from gridsim.scenario import load_scenario
from gridsim.stats.compare import ORDER_KPIS, compare, with_order_kpis
from gridsim.stats.summary import NO_ORDERS, headline_table, intervals
from gridsim.views.data import load_results
from gridsim.views.plots import order_rates_figure
from gridsim.views.report import render_report
from gridsim.views.report.misses import misses_text, on_duty, order_misses
from gridsim.views.report.order_rules import deadline_text
from gridsim.views.report.orders import rates_text

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "scenarios" / "baseline.yaml"
H = 60.0
DAY = 1440.0
TUE = 5 * DAY  # Tuesday 6 January 2026, the first day after the baseline's warm-up


@pytest.fixture(scope="module")
def baseline():
    return load_scenario(BASELINE)


def test_the_grid_worker_is_on_duty_by_the_roster(baseline) -> None:
    """The baseline's grid workers: weekdays 9-12 and 14:30-18; 4 January is a Sunday worked
    in exchange (调休), 1 January a holiday, 10 January a Saturday."""
    times = np.array([TUE + 10 * H, TUE + 13 * H, TUE + 15 * H, TUE + 20 * H,
                      3 * DAY + 10 * H, 0 * DAY + 10 * H, 9 * DAY + 10 * H])  # fmt: skip
    assert on_duty(baseline, times).tolist() == [True, False, True, False, True, False, False]


def _log() -> pd.DataFrame:
    """Five orders after the warm-up and one before it (hand-made; horizon: 365 days)."""
    nan = math.nan
    # kind, channel, level, reported, sign deadline, signed, deadline, resolved, supervised
    rows = [
        ("repair", "wechat", "community", TUE + 20 * H, TUE + 20.5 * H, TUE + DAY + 9.05 * H,
         TUE + 44 * H, TUE + 50 * H, TUE + 44 * H),  # signed late (off duty), resolved late
        ("repair", "hotline", "grid_worker", TUE + 10 * H, TUE + 10.5 * H, TUE + 12.5 * H,
         TUE + 34 * H, TUE + 20 * H, nan),  # signed late (on duty, hotline), in time
        ("sanitation", "door", "town", TUE + 10 * H, TUE + DAY + 17 * H, TUE + 10.05 * H,
         TUE + DAY, TUE + 2 * DAY, TUE + DAY),  # resolved late, at the town
        ("sanitation", "wechat", "grid_worker", TUE + 11 * H, TUE + DAY, TUE + 11.05 * H,
         400 * DAY, nan, nan),  # its deadline falls after the horizon: not due
        ("sanitation", "patrol", "grid_leader", TUE + 11 * H, TUE + DAY, TUE + 11.05 * H,
         TUE + DAY, nan, nan),  # never resolved, never supervised: late
        ("repair", "wechat", "town", 1 * DAY, 1 * DAY + 0.5 * H, 3 * DAY,
         2 * DAY, 9 * DAY, 2 * DAY),  # reported in the warm-up: not counted
    ]  # fmt: skip
    cols = ["kind", "channel", "level", "reported_min", "sign_off_deadline_min", "signed_min",
            "deadline_min", "resolved_min", "supervised_min"]  # fmt: skip
    log = pd.DataFrame(rows, columns=cols)
    rungs = ["grid_worker", "grid_leader", "community", "joint_meeting", "town", "above_town"]
    log["level"] = pd.Categorical(log["level"], rungs)
    closed = log["resolved_min"] + 30
    return log.assign(variant="base", replication=0, closed_min=closed, reopened=0,
                      satisfied=[True, True, False, None, None, True])  # fmt: skip


def test_why_orders_were_late_is_counted_from_the_log(baseline) -> None:
    m = order_misses(_log(), baseline)["base"]
    assert (m.runs, m.late_sign_offs, m.late) == (1, 2.0, 3.0)
    assert (m.off_duty, m.hotline, m.sign_kind) == (0.5, 0.5, ("repair", 1.0))
    assert m.signed_late == pytest.approx(1 / 3)
    assert m.supervised == pytest.approx(2 / 3)
    assert m.town == pytest.approx(1 / 3)
    assert m.unresolved == pytest.approx(1 / 3)
    assert m.late_kind == ("sanitation", pytest.approx(2 / 3))
    text = misses_text(m)
    assert text.startswith(
        "Of the 2.0 late sign-offs a run, 50% were of orders reported while the grid worker "
        "was off duty"
    )
    assert "repair orders were 100% of them, and 50% came by the hotline" in text
    assert ("Of the 3.0 late resolutions a run, 33% had been signed for late as well; 67% "
            "were supervised as overdue") in text  # fmt: skip
    assert "33% ended at the town or above it, and 33% were still unresolved" in text
    assert text.endswith("sanitation orders were 67% of them.")


def test_no_misses_without_work_orders(baseline) -> None:
    log = _log().assign(deadline_min=math.nan)
    assert order_misses(log, baseline) == {}


def test_deadlines_are_worded_with_their_units(baseline) -> None:
    cats = {c.name: c for c in baseline.orders.categories}
    assert deadline_text(cats["urgent"].sign_off) == "15 minutes"
    assert deadline_text(cats["utilities"].resolve) == "1 day"
    assert deadline_text(cats["general"].resolve) == "5 working days"
    assert deadline_text(cats["dispute"].sign_off) == "1 working day"


# --------------------------------------------------------------------------------------
# Runs with and without work orders


def _run(tmp: Path, *sets: str) -> Path:
    args = ["run", str(BASELINE), "--out", str(tmp), "--set", "calendar.horizon_days=12",
            "-r", "2", "-q", "--jobs", "1", "--no-report", "--set", "variants={}"]  # fmt: skip
    for s in sets:
        args += ["--set", s]
    assert main(args) == 0
    return tmp


@pytest.fixture(scope="module")
def with_orders(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _run(tmp_path_factory.mktemp("orders") / "results")


@pytest.fixture(scope="module")
def without_orders(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _run(tmp_path_factory.mktemp("no-orders") / "results", "orders.enabled=false")


def test_the_report_has_a_work_orders_section_with_the_rates(with_orders: Path) -> None:
    data = load_results(with_orders)
    text = render_report(data, figures=False)
    assert '<section id="orders">' in text
    section = text.split('<section id="orders">', 1)[1].split("</section>", 1)[0]
    ci = intervals(data.summary_rows())
    for variant in data.variants:
        assert rates_text(ci, variant).replace("'", "&#x27;") in section
    assert "late sign-offs a run" in section and 'id="orders-by-kind"' in section
    for kpi in ("response_rate", "on_time_rate", "satisfaction_rate", "reopen_rate"):
        assert f'data-order-kpi="{kpi}"' in section
    scenario = text.split('<section id="scenario">', 1)[1].split("</section>", 1)[0]
    for phrase in ("<h3>Work orders</h3>", "5 working days", "15 minutes", "09:00 to 17:00",
                   "a grid leader 500 CNY", "the town any sum", "calls the resident"):  # fmt: skip
        assert phrase in scenario, phrase


def test_a_report_without_work_orders_has_no_such_section(without_orders: Path) -> None:
    data = load_results(without_orders)
    text = render_report(data, figures=False)
    assert '<section id="orders">' not in text and "<h3>Work orders</h3>" not in text
    assert "no work orders" not in text and "no call-backs" not in text
    assert NO_ORDERS in text  # once, in the headline table


def test_the_console_says_once_that_there_are_no_work_orders(without_orders: Path) -> None:
    table = headline_table(load_results(without_orders).summary_rows())
    assert "no work orders" not in table and "no call-backs" not in table
    assert table.count(NO_ORDERS) == 1
    line = next(ln for ln in table.splitlines() if NO_ORDERS in ln)
    assert line.split()[:2] == ["work", "orders"]


def test_the_order_rates_figure_draws_a_panel_per_rate(with_orders: Path) -> None:
    fig = order_rates_figure(load_results(with_orders).summary)
    assert len(fig.axes) == 2
    assert fig.axes[1].get_xticklabels()[0].get_text() == "repair"


def test_compare_adds_the_rates_only_when_there_are_orders(
    with_orders: Path, without_orders: Path
) -> None:
    rows = load_results(with_orders).summary
    assert with_order_kpis(rows, HEADLINE_KPIS) == [*HEADLINE_KPIS, *ORDER_KPIS]
    assert with_order_kpis(load_results(without_orders).summary, HEADLINE_KPIS) == list(
        HEADLINE_KPIS
    )


def test_a_higher_satisfaction_rate_is_better_a_higher_reopen_rate_worse() -> None:
    rows = [{"variant": v, "replication": r, "kpi": k, "scope": "community", "value": x}
            for r in range(3)
            for v, k, x in (("a", "satisfaction_rate", 0.8 + r / 100),
                            ("b", "satisfaction_rate", 0.9 + r / 100 + r * r / 1000),
                            ("a", "reopen_rate", 0.05 + r / 100),
                            ("b", "reopen_rate", 0.08 + r / 100 + r * r / 1000))]  # fmt: skip
    table = compare(rows, "a", "b", kpis=["satisfaction_rate", "reopen_rate"]).set_index("kpi")
    assert table.loc["satisfaction_rate", "verdict"] == "better"
    assert table.loc["reopen_rate", "verdict"] == "worse"


def test_plot_kind_orders_draws_or_says_there_are_none(
    with_orders: Path, without_orders: Path, tmp_path: Path, capsys
) -> None:
    target = tmp_path / "orders.svg"
    args = ["plot", str(with_orders), "--kind", "orders", "--format", "svg", "--out", str(target)]
    assert main(args) == 0 and target.read_text(encoding="utf-8").lstrip().startswith("<?xml")
    assert main(["plot", str(without_orders), "--kind", "orders"]) == 2
    assert "no work orders in this run" in capsys.readouterr().err
