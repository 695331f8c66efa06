"""Comparisons a planner reads: design points named by what they change, "better" only when
clear and practical, the sweep against the current plan, answers per goal, the goal on the
sweep figure, and Chinese."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from gridsim import cli
from gridsim.experiment.sweep import BASE, against_base, design_name, design_variants, field_name
from gridsim.i18n import use
from gridsim.scenario import load_scenario
from gridsim.scenario.goals import Goal, Practical
from gridsim.stats.compare import compare
from gridsim.views import plots as P

ROOT = Path(__file__).resolve().parents[1]
MMC = ROOT / "scenarios" / "validation" / "mmc.yaml"
QUICK = ["--set", "calendar.horizon_days=10", "--quiet", "--executor", "serial"]


def test_design_points_are_named_by_what_they_change() -> None:
    assert design_name({"staff.crews.repair": 3}) == "repair crews 3"
    assert design_name({"policy.dispatch": "nearest"}) == "dispatch nearest"
    assert (
        design_name({"staff.crews.cleaning": 2, "policy.patrol.per_day": 2})
        == "cleaning crews 2, patrols a day 2"
    )
    assert design_name({"policy.patrol.spacing_hours": 0.5}) == "patrol spacing hours 0.5"
    assert field_name("demand.kinds.repair.rate_per_household_year") == (
        "repair reports per household a year"
    )
    with use("zh"):
        assert design_name({"staff.crews.repair": 3}) == "维修快修队 3"
        assert design_name({"policy.dispatch": "nearest"}) == "派单方式 就近"


def test_the_current_plan_is_the_sweeps_reference() -> None:
    base = load_scenario(MMC)  # 3 repair crews
    points = [{"staff.crews.repair": 1}, {"staff.crews.repair": 3}]
    variants, design, ref = against_base(base, *design_variants(base, points))
    assert ref == "p002" and list(variants) == ["p001", "p002"]
    assert [d["design"] for d in design] == ["repair crews 1", "repair crews 3 (current plan)"]
    variants, design, ref = against_base(base, *design_variants(base, [{"staff.crews.repair": 4}]))
    assert ref == BASE and list(variants) == [BASE, "p001"]
    assert design[0] == {"point": BASE, "design": "repair crews 3 (current plan)",
                         "staff.crews.repair": 3}  # fmt: skip


def rows(a: list[float], b: list[float], kpi: str, unit: str) -> list[dict]:
    return [{"variant": v, "replication": r, "kpi": kpi, "scope": "community", "value": x,
             "unit": unit} for v, xs in (("a", a), ("b", b)) for r, x in enumerate(xs)]  # fmt: skip


A = [634.0, 640.0, 628.0, 650.0, 630.0]


def test_a_clear_but_tiny_difference_is_no_practical_difference() -> None:
    tiny = compare(rows(A, [x - 0.3 for x in A], "on_site_mean_min", "minutes"), "a", "b")
    row = tiny.iloc[0]
    # every replication 0.3 minutes shorter: the interval is [-0.3, -0.3], clear, but under
    # the default minute
    assert (row["ci_low"], row["ci_high"]) == pytest.approx((-0.3, -0.3))
    assert row["verdict"] == "no practical difference" and row["practical"] == 1.0
    shifts = [5.0, 4.0, 6.0, 5.0, 5.0]
    big = compare(rows(A, [x - d for x, d in zip(A, shifts, strict=True)], "on_site_mean_min",
                       "minutes"), "a", "b").iloc[0]  # fmt: skip
    assert big["verdict"] == "better" and big["diff"] == pytest.approx(-5.0)
    # the scenario's own threshold, per unit and per KPI
    strict = Practical(minutes=10.0)
    assert compare(rows(A, [x - d for x, d in zip(A, shifts, strict=True)], "on_site_mean_min",
                        "minutes"), "a", "b", practical=strict).iloc[0]["verdict"] == (
        "no practical difference")  # fmt: skip
    per_kpi = Practical(kpis={"on_site_mean_min": 0.1})
    assert compare(rows(A, [x - 0.3 for x in A], "on_site_mean_min", "minutes"), "a", "b",
                   practical=per_kpi).iloc[0]["verdict"] == "better"  # fmt: skip
    share = compare(rows([0.5] * 3, [0.505, 0.506, 0.504], "target_on_site_share", "share"),
                    "a", "b").iloc[0]  # fmt: skip
    assert share["verdict"] == "no practical difference" and share["practical"] == 0.01


def test_the_verdict_sentence_says_why_a_clear_difference_is_not_better() -> None:
    from gridsim.stats.compare import verdict_text

    row = compare(rows(A, [x - 0.3 for x in A], "on_site_mean_min", "minutes"), "a", "b").iloc[0]
    text = verdict_text(row)
    assert text.startswith("b cuts the mean time to on site from 10.61 h to 10.60 h")
    assert "a clear difference but under the practical threshold of 1.0 min" in text


def test_the_goal_is_marked_on_the_sweep_figure() -> None:
    table = pd.DataFrame(
        [{"point": f"p{c}", "staff.crews.repair": c, "replication": r,
          "kpi": "target_on_site_share", "scope": "community", "value": 0.1 * c + 0.01 * r}
         for c in (1, 2, 3) for r in range(3)]
    )  # fmt: skip
    goal = Goal(kpi="target_on_site_share", at_least=0.9)
    ax = P.sweep_figure(table, "staff.crews.repair", "target_on_site_share", goals=[goal]).axes[0]
    (line,) = [a for a in ax.get_lines() if a.get_gid() == "goal:target_on_site_share"]
    assert list(line.get_ydata()) == [90.0, 90.0]  # shares are drawn in %
    (label,) = [t for t in ax.texts if t.get_gid() == "goal_label:target_on_site_share"]
    assert label.get_text() == "goal ≥ 90%"
    other = P.sweep_figure(table, "staff.crews.repair", "target_on_site_share").axes[0]
    assert not [a for a in other.get_lines() if str(a.get_gid()).startswith("goal")]
    with use("zh"):
        ax = P.sweep_figure(table, "staff.crews.repair", "target_on_site_share", goals=[goal])
        texts = [t.get_text() for t in ax.axes[0].texts]
        assert "目标≥90%" in texts and "维修快修队" in ax.axes[0].get_xlabel()


def goal_scenario(tmp_path: Path) -> Path:
    """M/M/c at rho 0.7 with 3 crews (Erlang C: mean wait 16.4 min) and a goal of a mean
    wait of 30 minutes at most: 1 crew (overloaded, rho 2.1) misses it by days."""
    path = tmp_path / "mmc_goal.yaml"
    path.write_text(f"extends: {MMC}\ngoals:\n  - {{kpi: on_site_mean_min, at_most: 30}}\n",
                    encoding="utf-8")  # fmt: skip
    return path


def test_sweep_answers_the_goal(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = goal_scenario(tmp_path)
    args = ["sweep", str(path), "--grid", "staff.crews.repair=1,3", "-r", "3", *QUICK]
    assert cli.main(args) == 0
    out = capsys.readouterr().out
    assert "repair crews 3 (current plan)" in out and "p001" not in out
    (answer,) = [line for line in out.splitlines() if line.startswith("Answer:")]
    assert answer.startswith(
        "Answer: 1 of 2 points meet “mean time to on site ≤ 30.0 min”; the smallest, repair "
        "crews 3 (current plan), gives "
    )
    args = ["sweep", str(path), "--grid", "staff.crews.repair=1", "--grid",
            "staff.crews.cleaning=0,1", "-r", "3", *QUICK]  # fmt: skip
    assert cli.main(args) == 0
    out = capsys.readouterr().out
    (answer,) = [line for line in out.splitlines() if line.startswith("Answer:")]
    assert answer.startswith("Answer: 1 of 3 points meet")  # only the current plan, added
    assert "repair crews 3, cleaning crews 0 (current plan)" in out


def test_compare_speaks_chinese(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = goal_scenario(tmp_path)
    more = tmp_path / "more.yaml"
    more.write_text(f"extends: {path}\nstaff:\n  crews: {{repair: 4}}\n", encoding="utf-8")
    with use("zh"):
        assert cli.main(["compare", str(path), str(more), "-r", "3", *QUICK]) == 0
    out = capsys.readouterr().out
    assert "各方案与现行方案mmc_goal对比" in out
    assert "[更好] more使" in out
    (answer,) = [line for line in out.splitlines() if line.startswith("结论：")]
    assert answer.startswith("结论：“平均到场时间 ≤ 30.0 分钟”的最佳方案：more，")
    assert "比现行方案好" in answer and "差异明显" in answer


@pytest.mark.slow  # a sweep with its report, drawn in both languages (~15 s)
def test_the_report_answers_against_the_current_plan(tmp_path: Path) -> None:
    from gridsim.views.data import load_results
    from gridsim.views.report import render_report

    out = tmp_path / "sw"
    args = ["sweep", str(goal_scenario(tmp_path)), "--grid", "staff.crews.repair=1,3", "-r",
            "2", "--out", str(out), *QUICK]  # fmt: skip
    assert cli.main(args) == 0
    sweep = pd.read_csv(out / "sweep.csv")
    assert set(sweep["design"]) == {"repair crews 1", "repair crews 3 (current plan)"}
    assert (sweep["reference"] == "p002").all()
    plan = sweep[sweep["point"] == "p002"]
    assert (plan["vs_reference"].dropna() == 0).all()
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "Answer: 1 of 2 points meet “mean time to on site ≤ 30.0 min”" in page
    assert "repair crews 1 against the current plan" in page and ">p001 against" not in page
    with use("zh"):
        page = render_report(load_results(out), figures=False)
    assert "结论：2个设计点中有1个达成" in page and "维修快修队 1与现行方案对比" in page
