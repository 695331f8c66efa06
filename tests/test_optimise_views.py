"""What a planner reads of `gridsim optimise`: the answer lines (en and zh), the frontier
figure, report.html, the files the command writes (all or none), its progress bar and its
refusals of bad input. The optimums come from the M/M/3 reduction over 20 days (a few
seconds in all): 1 to 6 repair crews at 100,000 CNY each; 85% on site within 10 minutes
needs 4 (Erlang C), so 1 to 3 crews cannot meet it."""

from __future__ import annotations

import dataclasses
import html
import json
import re
import sys
import warnings
from pathlib import Path

import pytest
from matplotlib.lines import Line2D

from gridsim import cli
from gridsim.api import scenario_of
from gridsim.i18n import use
from gridsim.optimiser import Optimum, optimise
from gridsim.optimiser import search as search_module
from gridsim.views.optimum import answer_lines, changes_text, verdict_text
from gridsim.views.plots import frontier as frontier_module
from gridsim.views.plots.frontier import frontier_figure
from gridsim.views.report.optimum import optimum_report

MMC = Path(__file__).resolve().parents[1] / "gridsim" / "scenarios" / "validation" / "mmc.yaml"
SHORT = {"calendar.horizon_days": 20}
GOAL = "target_on_site_share>=0.85"
COMMAND = ["optimise", str(MMC), "--set", "calendar.horizon_days=20", "--first", "3", "-j", "1",
           "--require", GOAL]  # fmt: skip
FILES = {"optimum.json", "frontier.csv", "frontier.png", "answer.txt", "report.html"}


@pytest.fixture(scope="module")
def feasible() -> Optimum:
    """4 crews (3 now); the cleaning crews lever cannot move, so the answer must not name it."""
    levers = ["staff.crews.repair=1:6:100000", "staff.crews.cleaning=0:0:50000"]
    return optimise(scenario_of(MMC, SHORT), levers, [GOAL], first=3, jobs=1)


@pytest.fixture(scope="module")
def infeasible() -> Optimum:
    return optimise(scenario_of(MMC, SHORT), ["staff.crews.repair=1:3:100000"], [GOAL],
                    first=3, jobs=1)  # fmt: skip


def test_the_answer_names_what_changes_what_it_costs_and_how_sure(feasible: Optimum) -> None:
    assert feasible.feasible and feasible.plan["staff.crews.repair"] == 4
    req = feasible.requirements[0]
    lines = answer_lines(feasible, scenario_of(MMC).targets)
    assert lines[0] == ("Answer: the cheapest plan that meets every requirement with 95% "
                        "confidence: repair crews 3 → 4.")  # fmt: skip
    assert "cleaning" not in "\n".join(lines[:2])
    # a lever held at one value costs the same at every value: no note asks for its cost
    assert not any("every value costs the same" in line for line in lines)
    assert lines[1] == "  Cost: 100,000 CNY a year, 100,000 CNY more than the current plan."
    low, high = f"{req['lower']:.1%}", f"{req['upper']:.1%}"
    assert lines[2] == (f"  on site within 10 min ≥ 85.0%: {req['estimate']:.1%} [{low}, "
                        f"{high}], met with 95% confidence")  # fmt: skip
    assert re.fullmatch(r"  \d+ plans simulated, \d+ runs \(.*CPU-s\).*95% confidence\.",
                        lines[3])  # fmt: skip
    assert len(lines) == 4
    with use("zh"):
        zh = answer_lines(feasible, scenario_of(MMC).targets)
    assert zh[0] == "答案：以95%的置信度达到所有要求的最便宜方案：维修快修队 3 → 4。"
    assert zh[1] == "  成本：每年10.0万元，比现行方案多10.0万元。"
    assert zh[2].endswith("，以95%的置信度达到") and "10 分钟内到场 ≥ 85.0%" in zh[2]


def test_no_plan_in_reach_says_which_requirement_why_and_the_best(infeasible: Optimum) -> None:
    assert not infeasible.feasible
    lines = answer_lines(infeasible, scenario_of(MMC).targets)
    assert lines[0] == ("Answer: no plan within the bounds meets every requirement with 95% "
                        "confidence.")  # fmt: skip
    assert lines[1].startswith("  - on site within 10 min 85.0% is out of reach")
    assert lines[2] == (
        "  The best the bounds allow (every lever at its highest): no change from the current "
        "plan; 0 CNY a year, the same as the current plan."
    )
    assert lines[3].endswith("missed, with 95% confidence")
    with use("zh"):
        zh = answer_lines(infeasible, scenario_of(MMC).targets)
    assert zh[0] == "答案：范围内没有方案能以95%的置信度达到所有要求。"
    assert zh[2].startswith("  范围内最好的方案（所有杠杆取最高值）：与现行方案相同；每年0.0万元")
    assert zh[3].endswith("未达到（置信度95%）")


def test_changes_name_only_the_levers_that_move() -> None:
    plan = {"staff.crews.repair": 3, "staff.crews.fire": 1, "staff.crews.cleaning": 0}
    now = {"staff.crews.repair": 2, "staff.crews.fire": 1, "staff.crews.cleaning": 1}
    assert changes_text(plan, now) == "repair crews 2 → 3, cleaning crews 1 → 0"
    assert changes_text(now, now) == "no change from the current plan"


def test_each_verdict_in_words(feasible: Optimum) -> None:
    """Met clearly (interval above the goal), within the tolerance (the check said
    feasible, the interval holds the goal), missed, undecided; and '≤' goals the other way."""
    req = {"kpi": "target_on_site_share", "scope": "community", "op": ">=", "goal": 0.85,
           "tolerance": 0.01, "estimate": 0.86, "lower": 0.851, "upper": 0.87,
           "decision": "feasible", "replications": 8}  # fmt: skip
    assert verdict_text(req, 0.95) == "met with 95% confidence"
    near = {**req, "lower": 0.845}
    assert verdict_text(near, 0.95) == ("met within the tolerance (1.0 percentage points from "
                                        "the goal counts as meeting it)")  # fmt: skip
    assert verdict_text({**req, "decision": "infeasible"}, 0.9) == "missed, with 90% confidence"
    assert verdict_text({**req, "decision": "undecided", "replications": 100}, 0.95) == (
        "too close to the goal to decide in 100 runs")  # fmt: skip
    at_most = {**req, "kpi": "on_site_p90_min", "op": "<=", "goal": 30.0, "tolerance": 1.0,
               "lower": 25.0, "upper": 30.5}  # fmt: skip
    assert verdict_text(at_most, 0.95).startswith("met within the tolerance (1.0 min")


def test_a_monotonicity_failure_is_a_warning_in_words(feasible: Optimum) -> None:
    worst = {"lower_plan": {"staff.crews.repair": 4}, "higher_plan": {"staff.crews.repair": 5},
             "kpi": "target_on_site_share", "scope": "community", "worse_by": 0.02}  # fmt: skip
    opt = dataclasses.replace(feasible, monotone={"pairs_checked": 6, "violations": 1,
                                                  "worst": [worst]})  # fmt: skip
    text = "\n".join(answer_lines(opt, scenario_of(MMC).targets))
    assert ("Warning: more of a lever made a requirement clearly worse in 1 of 6 pairs of plans "
            "(worst: repair crews 4 → 5 made on site within 10 min worse by 2.0 percentage "
            "points)") in text  # fmt: skip
    assert "Warning" not in "\n".join(answer_lines(feasible))


# --- the frontier figure ----------------------------------------------------------------------


def _by_gid(fig, gid: str) -> list:
    return [a for a in fig.findobj() if a.get_gid() == gid]


def test_the_figure_marks_each_status_the_goal_and_both_plans(feasible: Optimum) -> None:
    table = feasible.frontier.copy()
    table.loc[table["staff.crews.repair"] == 6, "status"] = "undecided"
    fig = frontier_figure(dataclasses.replace(feasible, frontier=table))
    markers = {}
    for status in ("feasible", "infeasible", "undecided"):
        (line,) = _by_gid(fig, f"status-{status}")
        markers[status] = (line.get_marker(), line.get_color())
        assert line.get_label() == status
    assert len(set(markers.values())) == 3
    assert len({m for m, _c in markers.values()}) == 3  # shape alone tells them apart
    (goal,) = _by_gid(fig, "goal")
    assert list(goal.get_ydata()) == [85.0, 85.0]
    assert _by_gid(fig, "tolerance") and _by_gid(fig, "pareto")
    chosen = _by_gid(fig, "mark-chosen plan")[0]
    assert isinstance(chosen, Line2D)
    assert (chosen.get_xdata()[0], chosen.get_ydata()[0]) == pytest.approx(
        (10.0, feasible.requirements[0]["estimate"] * 100))  # fmt: skip
    texts = [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text"))]
    assert "chosen plan" in texts and "current plan" in texts
    assert fig.axes[0].get_xlabel() == "staff cost a year (10,000 CNY)"


def test_the_chinese_figure_draws_its_labels(infeasible: Optimum) -> None:
    with use("zh"):
        fig = frontier_figure(infeasible)
    texts = [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text"))]
    assert "范围内最好的方案" in texts and "现行方案" in texts
    assert fig.axes[0].get_xlabel() == "每年人员成本（万元）"
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=".*[Gg]lyph.*missing")
        fig.canvas.draw()


# --- the report -------------------------------------------------------------------------------


def test_the_report_holds_the_answer_and_every_plan(feasible: Optimum) -> None:
    text = optimum_report(feasible, scenario_of(MMC).targets, b"png")
    assert '<html lang="en">' in text
    assert html.escape(answer_lines(feasible)[0], quote=True) in text
    body = text.split('<table class="data compact plans">', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr class=\"([^\"]*)\">(.*?)</tr>", body)
    assert len(rows) == len(feasible.frontier)
    chosen = [cells for css, cells in rows if "chosen" in css.split()]
    assert len(chosen) == 1 and '<th scope="row">4</th>' in chosen[0]
    assert "feasible · chosen plan" in chosen[0]
    assert "data:image/png;base64,cG5n" in text
    assert "needs at least 4" in text  # the bisection's bound


def test_the_chinese_report_is_marked_and_carries_its_font(infeasible: Optimum) -> None:
    with use("zh"):
        text = optimum_report(infeasible, scenario_of(MMC).targets, None)
    assert '<html lang="zh-CN">' in text and "@font-face" in text
    assert "答案：范围内没有方案能以95%的置信度达到所有要求。" in text
    assert "不可行 · 范围内最好的方案 · 现行方案" in text  # the top plan's row: not "chosen"


# --- the command ------------------------------------------------------------------------------


def test_the_command_writes_the_five_files(tmp_path: Path, capsys) -> None:
    out = tmp_path / "cheapest"
    assert cli.main([*COMMAND, "--lever", "staff.crews.repair=2:5:100000", "--out", str(out),
                     "-q"]) == 0  # fmt: skip
    assert {p.name for p in out.iterdir()} == FILES
    answer = (out / "answer.txt").read_text(encoding="utf-8")
    assert answer.startswith("Answer: the cheapest plan") and answer in capsys.readouterr().out
    assert json.loads((out / "optimum.json").read_text())["plan"] == {"staff.crews.repair": 4}
    assert (out / "frontier.png").read_bytes()[:4] == b"\x89PNG"
    assert answer.splitlines()[0] in html.unescape((out / "report.html").read_text("utf-8"))


def test_an_interrupted_command_leaves_the_folder_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "cheapest"
    out.mkdir()
    (out / "answer.txt").write_text("the last answer\n")

    def broken(_opt: Optimum) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(frontier_module, "frontier_figure", broken)
    argv = [*COMMAND, "--lever", "staff.crews.repair=3:4:100000", "--out", str(out), "-q"]
    assert cli.main(argv) == 130  # Ctrl-C's status
    assert [p.name for p in out.iterdir()] == ["answer.txt"]
    assert (out / "answer.txt").read_text() == "the last answer\n"


def test_the_progress_bar_counts_runs_unless_quiet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bars: list[dict] = []

    class Bar:
        def __init__(self, **kwargs) -> None:
            self.kwargs, self.n = kwargs, 0
            bars.append(kwargs)

        def __enter__(self) -> Bar:
            return self

        def __exit__(self, *exc: object) -> None:
            self.kwargs["updates"] = self.n

        def update(self, n: int = 1) -> None:
            self.n += n

    monkeypatch.setattr(search_module, "tqdm", Bar)
    for quiet in ([], ["-q"]):
        out = tmp_path / f"out{len(quiet)}"
        argv = [*COMMAND, "--lever", "staff.crews.repair=3:4:100000", "--out", str(out), *quiet]
        assert cli.main(argv) == 0
        runs = json.loads((out / "optimum.json").read_text())["replications"]
        assert bars[-1]["updates"] == runs > 0 and bars[-1]["file"] is sys.stderr
        assert bars[-1]["disable"] is (True if quiet else None)  # None: on a terminal


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--lever", "staff.crews.repiar=1:3"],
         "--lever: staff.crews.repiar: no such field in the scenario; did you mean 'repair'?"),
        (["--lever", "demand.kinds.job.work.mean_min=1:3"],
         "--lever: demand.kinds.job.work.mean_min: expected an integer field (a count), "
         "found 30.0"),
        (["--lever", "staff.crews.repair=1.5:3"], "with whole numbers, found "
                                                  "'staff.crews.repair=1.5:3'"),
        (["--lever", "staff.crews.repair=4:2"],
         "--lever: 'staff.crews.repair=4:2': expected 0 <= LOW <= HIGH"),
        (["--lever", "staff.crews.repair=1:3", "--require", "target_on_site_share=0.9"],
         "--require: expected KPI>=VALUE"),
        (["--lever", "staff.crews.repair=1:3", "--require", "on_site_p99_min<=30"],
         "--require: on_site_p99_min@community<=30: unknown KPI 'on_site_p99_min'; did you "
         "mean 'on_site_p95_min'?"),
        (["--lever", "staff.crews.repair=1:3", "--require", "target_on_site_share@kind:x>=0.9"],
         "--require: requirement 0.scope: unknown kind 'x'; known: job"),
    ],
)  # fmt: skip
def test_bad_input_exits_2_with_one_located_line(args: list[str], message: str, capsys) -> None:
    argv = ["optimise", str(MMC), "-q", *args]
    if "--require" not in args:
        argv += ["--require", GOAL]
    assert cli.main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and message in err and "Traceback" not in err


def test_an_out_folder_holding_other_files_is_refused(tmp_path: Path, capsys) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    argv = [*COMMAND, "--lever", "staff.crews.repair=3:4", "--out", str(tmp_path), "-q"]
    assert cli.main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("--out:") and "holds other files (notes.txt" in err
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_a_missing_lever_or_requirement_is_named(capsys) -> None:
    """Each is checked by the optimiser, so a bad value of one is never reported as the
    other missing (as argparse's `required` would)."""
    assert cli.main(["optimise", str(MMC), "--require", GOAL]) == 2
    assert capsys.readouterr().err.strip() == "--lever: give at least one lever (PATH=LOW:HIGH)"
    assert cli.main(["optimise", str(MMC), "--lever=nonsense"]) == 2
    assert capsys.readouterr().err.startswith("--lever: expected PATH=LOW:HIGH")
    assert cli.main(["optimise", str(MMC), "--lever", "staff.crews.repair=1:3"]) == 2
    err = capsys.readouterr().err.strip()
    assert err == "--require: give at least one requirement (KPI>=VALUE)"
