"""Goals and verdicts: the scenario's goals are checked like any field, and each verdict
(met, missed, too close to call) follows from the 95% interval, in either language."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from gridsim.cli import main
from gridsim.i18n import _, use
from gridsim.scenario import ScenarioError, load_scenario
from gridsim.scenario.goals import Goal, Practical
from gridsim.stats.goals import MET, MISSED, UNCLEAR, judge, verdicts
from gridsim.views.amounts import amount, difference, duration_text, time_text
from gridsim.views.verdicts import verdict_lines

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "scenarios" / "baseline.yaml"
GOALS = "  - {kpi: target_on_site_share, at_least: 0.9}\n"


def with_goal(tmp_path: Path, line: str) -> Path:
    """The baseline with its first goal replaced by ``line``."""
    text = BASELINE.read_text(encoding="utf-8")
    assert text.count(GOALS) == 1
    path = tmp_path / "baseline.yaml"
    path.write_text(text.replace(GOALS, line), encoding="utf-8")
    return path


def load_error(path: Path) -> str:
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    return str(info.value)


# -- the scenario's goals ------------------------------------------------------------------


def test_the_baseline_states_its_goals() -> None:
    scenario = load_scenario(BASELINE)
    kpis = [g.kpi for g in scenario.goals]
    assert kpis[:3] == ["target_on_site_share", "target_resolved_share", "target_plan_share"]
    assert scenario.goals[-1].at_most == 0 and scenario.goals[-1].kpi == "level:above_town"


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ("  - {kpi: target_on_site_shar, at_least: 0.9}\n", "goals.0.kpi: unknown KPI"),
        ("  - {kpi: target_on_site_share}\n", "exactly one of at_least and at_most"),
        ("  - {kpi: target_on_site_share, at_least: 0.9, at_most: 1}\n", "exactly one of"),
        ("  - {kpi: issues, scope: kind:plumbing, at_most: 9}\n", "unknown kind 'plumbing'"),
        ("  - {kpi: issues, scope: grid:grid-99, at_most: 9}\n", "unknown grid 'grid-99'"),
        ("  - {kpi: issues, scope: street, at_most: 9}\n", "expected community, kind:<kind>"),
        ("  - {kpi: issues, at_most: .nan}\n", "goals.0"),
    ],
)
def test_a_bad_goal_is_a_located_error(tmp_path: Path, line: str, says: str) -> None:
    message = load_error(with_goal(tmp_path, line))
    assert says in message
    assert "baseline.yaml" in message


def test_a_goal_per_kind_or_grid_loads(tmp_path: Path) -> None:
    line = "  - {kpi: on_site_p90_min, scope: kind:repair, at_most: 30}\n"
    goal = load_scenario(with_goal(tmp_path, line)).goals[0]
    assert (goal.scope, goal.at_most, goal.higher_is_better) == ("kind:repair", 30, False)


def test_practical_thresholds_by_unit_and_by_kpi() -> None:
    p = Practical(kpis={"on_site_p90_min": 5.0})
    assert p.of("on_site_mean_min", "minutes") == 1.0
    assert p.of("on_site_p90_min", "minutes") == 5.0
    assert p.of("target_on_site_share", "share") == 0.01
    assert p.of("utilisation", "share") == 0.01
    assert p.of("something", "unknown unit") == 0.0


def test_an_unknown_kpi_in_practical_is_a_located_error(tmp_path: Path) -> None:
    text = BASELINE.read_text(encoding="utf-8").replace("  cny: 10000", "  kpis: {nope: 1}")
    path = tmp_path / "b.yaml"
    path.write_text(text, encoding="utf-8")
    assert "practical.kpis.nope: unknown KPI" in load_error(path)


# -- verdicts -------------------------------------------------------------------------------


AT_LEAST = Goal(kpi="target_on_site_share", at_least=0.9)
AT_MOST = Goal(kpi="on_site_p90_min", at_most=30.0)


@pytest.mark.parametrize(
    ("goal", "low", "high", "status"),
    [
        (AT_LEAST, 0.91, 0.95, MET),
        (AT_LEAST, 0.90, 0.95, MET),  # the goal itself counts as met
        (AT_LEAST, 0.50, 0.60, MISSED),
        (AT_LEAST, 0.85, 0.95, UNCLEAR),
        (AT_MOST, 20.0, 29.0, MET),
        (AT_MOST, 31.0, 40.0, MISSED),
        (AT_MOST, 25.0, 35.0, UNCLEAR),
    ],
)
def test_judge_by_the_interval(goal: Goal, low: float, high: float, status: str) -> None:
    assert judge(goal, low, high) == status


def test_verdicts_gap_and_one_replication() -> None:
    ci = {
        ("base", "target_on_site_share", "community"): (0.135, 0.13, 0.14, 10),
        ("more", "target_on_site_share", "community"): (0.95, math.nan, math.nan, 1),
        ("base", "on_site_p90_min", "community"): (40.0, 38.0, 42.0, 10),
        ("base", "on_site_p90_reached", "community"): (0.9, 0.8, 1.0, 10),
    }
    found = verdicts(ci, [AT_LEAST, AT_MOST], ["base", "more"])
    assert [(v.variant, v.status) for v in found] == [
        ("base", MISSED), ("base", MISSED), ("more", MET)
    ]  # fmt: skip
    assert found[0].gap == pytest.approx(-0.765)
    assert found[1].gap == pytest.approx(-10.0)
    assert found[1].lower_bound and not found[0].lower_bound
    assert (found[2].low, found[2].high) == (0.95, 0.95)  # one run: judged on its value


def test_a_goal_without_a_value_has_no_verdict() -> None:
    ci = {("base", "target_on_site_share", "community"): (math.nan, math.nan, math.nan, 3)}
    assert verdicts(ci, [AT_LEAST], ["base"]) == []


def test_verdict_lines_in_both_languages() -> None:
    ci = {("base", "target_on_site_share", "community"): (0.135, 0.13, 0.14, 10)}
    targets = load_scenario(BASELINE).targets
    found = verdicts(ci, [AT_LEAST], ["base"])
    en = "\n".join(verdict_lines(found, targets, {("base", 0): "reports at night wait"}))
    assert "✗ missed: on site within 10 min ≥ 90.0%: 13.5% [13.0%, 14.0%]" in en
    assert "76.5 percentage points short of the goal" in en
    assert "why: reports at night wait" in en
    with use("zh"):
        zh = "\n".join(verdict_lines(found, targets))
    assert "未达成" in zh and "76.5个百分点" in zh and "Goals" not in zh


# -- amounts --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("minutes", "en", "zh"),
    [(9.46, "9.5 min", "9.5 分钟"), (634.0, "10.6 h", "10.6 小时"), (4000.0, "2.8 days", "2.8 天")],
)
def test_times_read_in_the_largest_sensible_unit(minutes: float, en: str, zh: str) -> None:
    assert time_text(minutes) == en
    with use("zh"):
        assert time_text(minutes) == zh


def test_rules_read_in_whole_units() -> None:
    assert [duration_text(m) for m in (10, 60, 90, 1440, 2880)] == [
        "10 min", "1 h", "90 min", "1 day", "2 days"
    ]  # fmt: skip
    with use("zh"):
        assert duration_text(1440) == "1 天"


def test_money_and_differences() -> None:
    assert amount(2_993_420, "CNY") == "2.99 million CNY"
    assert difference(-0.765, "share") == "76.5 percentage points"
    with use("zh"):
        assert amount(2_993_420, "CNY") == "299.3万元"
        assert _("grid worker") == "网格员"


# -- the console ----------------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "missed"), [("en", "✗ missed"), ("zh", "✗ 未达成")])
def test_run_prints_a_verdict_per_goal(tmp_path: Path, capsys, lang: str, missed: str) -> None:
    code = main([
        "run", str(BASELINE), "--out", str(tmp_path / "out"), "-r", "2", "--variant", "base",
        "--set", "calendar.horizon_days=30", "--set", "calendar.warmup_days=0", "--no-report",
        "--lang", lang,
    ])  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0
    goals = [line for line in out.splitlines() if line.startswith("  ✗") or "✓" in line]
    assert any(line.startswith(f"  {missed}") and "90.0%" in line for line in goals), out
    assert len([ln for ln in out.splitlines() if ln.startswith("  ") and ": " in ln]) >= 7
