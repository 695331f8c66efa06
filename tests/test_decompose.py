"""Why targets are missed (gridsim.stats.decompose): the parts of each issue's time add up,
a hand-computed log splits as worked out below, and a lever's ceiling is a true bound.

The hand log runs on the baseline's rosters over 10 days (horizon 14,400 min, warm-up 5
days = 7,200 min). Day 5 is Tuesday 2026-01-06 (minute 7,200). Grid workers work weekdays
9:00-12:00 and 14:30-18:00, the hall's desk the same and weekend mornings, the repair crews
8:30-18:00, the repair on-call crew 18:00-8:30. Minutes from the start of the run:

  A wechat  rep 7,800 (Tue 10:00) triaged 7,803, sent 7,810, on site 7,818, resolved 7,850
            (work 32): off 0, triage 3, crew queue 7, travel 8 (18 min: on site missed);
            resolved in 50 min (hit).
  B wechat  rep 8,520 (Tue 22:00): the grid worker is next on at Wed 9:00 (9,180): off 660;
            triaged 9,183 (triage 3), sent 9,190 (queue 7), on site 9,196 (travel 6).
  C phone, urgent, rep 8,580 (Tue 23:00), straight to the on-call crew: sent 8,585 (queue
            5), on site 8,611 (travel 26, with the call-out): off 0.
  D hotline rep 8,160 (Tue 16:00), reaches us after 135 min at 18:15 (8,295), when the grid
            worker and the desk are off: off 9,180 - 8,295 = 885; triaged 9,183: triage
            1,023 - 885 = 138 (the transfer and the triage); sent 9,183, on site 9,190.
  E complex rep 7,800, triaged 7,803, sent 7,803, on site 7,810, planned 9,810: plan time
            2,010 (missed): off 0, triage 3, queue 0, travel 7, escalation 2,000.
  F wechat  rep 13,560 (day 9 10:00), triaged 13,563, never sent by the horizon: on site
            counted at 840 min (censored): triage 3, crew queue 837.
  G         reported in the warm-up: not counted.   H a volunteer's visit: not counted.
"""

from __future__ import annotations

import contextlib
import io
import math
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import gridsim.api as api
from gridsim import cli
from gridsim.i18n import use
from gridsim.scenario.goals import Goal
from gridsim.stats.decompose import (
    PARTS,
    decompose,
    issue_parts,
    lever_ceiling,
    lever_parts,
    off_time,
)
from gridsim.stats.goals import MET, MISSED, UNCLEAR, Verdict
from gridsim.views.data import load_results
from gridsim.views.figures import PLOT_KINDS, figure_of
from gridsim.views.report import render_report
from gridsim.views.why import reasons_for, scenarios_of, target_reason

BASELINE = Path(__file__).resolve().parents[1] / "scenarios" / "baseline.yaml"
HORIZON = "calendar.horizon_days"
NAN = math.nan  # not reached by the horizon
COLUMNS = ("issue_id", "kind", "severity", "handler", "channel", "routine", "complex",
           "reported_min", "queued_min", "dispatched_min", "on_site_min", "plan_min",
           "resolved_min", "work_min")  # fmt: skip
HAND = [
    (0, "repair", "low", "repair", "wechat", True, False, 7800, 7803, 7810, 7818, NAN, 7850, 32),
    (1, "repair", "low", "repair", "wechat", True, False, 8520, 9183, 9190, 9196, NAN, 9296, 100),
    (2, "repair", "high", "repair", "phone", True, False, 8580, 8580, 8585, 8611, NAN, 8650, 39),
    (3, "repair", "low", "repair", "hotline", True, False, 8160, 9183, 9183, 9190, NAN, 9200, 10),
    (4, "repair", "low", "repair", "wechat", False, True, 7800, 7803, 7803, 7810, 9810, NAN, 5),
    (5, "repair", "low", "repair", "wechat", True, False, 13560, 13563, NAN, NAN, NAN, NAN, 20),
    (6, "repair", "low", "repair", "wechat", True, False, 1000, 1003, 1010, 1015, NAN, 1020, 5),
    (7, "micro_wish", "low", "volunteer", "wechat", True, False, 7800, 7800, 8000, 8010, NAN,
     8100, 90),
]  # fmt: skip
EXPECTED_ON_SITE = {  # issue: off_duty, triage, crew_queue, travel
    0: (0, 3, 7, 8),
    1: (660, 3, 7, 6),
    2: (0, 0, 5, 26),
    3: (885, 138, 0, 7),
    4: (0, 3, 0, 7),
    5: (0, 3, 837, 0),
}


@pytest.fixture(scope="module")
def hand_scenario():
    return api.scenario_of(BASELINE, {"calendar.horizon_days": 10, "variants": {}})


def hand_log() -> pd.DataFrame:
    log = pd.DataFrame(HAND, columns=list(COLUMNS))
    for name in ("kind", "severity", "handler", "channel"):
        log[name] = log[name].astype("category")
    return log.assign(variant="base", replication=0, grid="grid-01")


def test_hand_log_on_site_parts(hand_scenario) -> None:
    parts = issue_parts(hand_log(), hand_scenario, "on_site")
    assert len(parts) == 6  # G (warm-up) and H (a volunteer's visit) do not count
    for i, (off, triage, queue, travel) in EXPECTED_ON_SITE.items():
        row = parts.iloc[i]
        got = [row[p] for p in ("off_duty", "triage", "crew_queue", "travel", "work",
                                "escalation")]  # fmt: skip
        assert got == pytest.approx([off, triage, queue, travel, 0, 0]), i
    assert parts["missed"].tolist() == [True, True, True, True, False, True]


def test_hand_log_resolved_and_plan(hand_scenario) -> None:
    resolved = issue_parts(hand_log(), hand_scenario, "resolved")
    a = resolved.iloc[0]
    assert (a["time"], a["work"], a["escalation"], a["missed"]) == (50, 32, 0, False)
    plan = issue_parts(hand_log(), hand_scenario, "plan")
    assert len(plan) == 1
    e = plan.iloc[0]
    assert [e[p] for p in PARTS] == pytest.approx([0, 3, 0, 7, 0, 2000])
    assert e["missed"]


def test_hand_log_table(hand_scenario) -> None:
    """The table's shares and means of the misses, by hand: 5 of the 6 miss on site; their
    mean off duty is (660 + 885) / 5 = 309."""
    table = decompose(hand_log(), hand_scenario, targets=("on_site",), by=("all", "hour"))
    row = table[(table["by"] == "all") & (table["part"] == "off_duty")].iloc[0]
    assert (row["issues"], row["misses"]) == (6, 5)
    assert row["miss_share"] == pytest.approx(5 / 6)
    assert row["minutes"] == pytest.approx((660 + 885) / 5)
    night = table[
        (table["by"] == "hour") & (table["group"] == "22") & (table["part"] == "off_duty")
    ]
    assert night["minutes"].tolist() == [660]


def test_off_time_waits_for_the_next_shift() -> None:
    runs = (np.array([0.0, 100.0]), np.array([50.0, 150.0]))
    a = np.array([10.0, 60.0, 60.0, 160.0])
    b = np.array([200.0, 80.0, 120.0, 170.0])
    assert off_time(runs, a, b).tolist() == [0.0, 20.0, 40.0, 10.0]
    assert off_time(None, a, b).tolist() == [0.0] * 4


@pytest.fixture(scope="module")
def crews_run():
    """The baseline over four weeks with 1 repair crew, and points with 2, 4 and 8."""
    changes = {"calendar.horizon_days": 28, "staff.crews.repair": 1, "variants": {}}
    variants = {f"crews{n}": {"staff.crews.repair": n} for n in (2, 4, 8)}
    res = api.run_experiment(BASELINE, replications=3, variants=variants, overrides=changes,
                             jobs=1)  # fmt: skip
    return res, api.scenario_of(BASELINE, changes)


def test_parts_add_up_on_the_baseline_log(crews_run) -> None:
    res, sc = crews_run
    log = res.issues()
    for target in ("on_site", "resolved", "plan"):
        parts = issue_parts(log, sc, target)
        assert len(parts) > 100
        values = parts[list(PARTS)].to_numpy(float)
        assert (values >= 0).all()
        np.testing.assert_allclose(values.sum(axis=1), parts["time"], rtol=0, atol=1e-6)


def test_shares_match_the_kpis(crews_run) -> None:
    """The share meeting each target is the KPI summary.csv holds, run by run."""
    res, sc = crews_run
    parts = issue_parts(res.issues(), sc, "on_site")
    mine = 1 - parts.groupby(["variant", "replication"], observed=True)["missed"].mean()
    kpi = res.kpi("target_on_site_share").set_index(["variant", "replication"])["value"]
    assert mine.sort_index().to_numpy() == pytest.approx(kpi.sort_index().to_numpy())


def test_night_reports_wait_for_someone_on_duty(crews_run) -> None:
    res, sc = crews_run
    parts = issue_parts(res.issues(), sc, "on_site")
    night = parts[parts["hour"].isin([0, 1, 2, 3, 4, 5])]
    assert len(night) > 20
    assert (night["off_duty"] > 0).mean() > 0.8  # urgent calls to the on-call crew do not wait
    morning = parts[parts["hour"].isin([9, 10]) & parts["weekday"].isin(["tue", "wed", "thu"])]
    assert (morning["off_duty"] > 0).mean() < 0.1


def test_more_crews_never_beat_the_ceiling(crews_run) -> None:
    """A bound from the one-crew log: no point with more crews reaches past it."""
    res, sc = crews_run
    log = res.issues()
    for kpi in ("target_on_site_share", "target_resolved_share", "target_plan_share"):
        for scope in ("community", "kind:repair"):
            goal = Goal(kpi=kpi, scope=scope, at_least=0.9)
            ceiling = lever_ceiling(log, sc, goal, "staff.crews.repair", variant="base")
            assert ceiling is not None
            means = res.kpi(kpi, scope).groupby("variant")["value"].mean()
            assert ceiling.now == pytest.approx(means["base"])
            assert ceiling.now <= ceiling.value < 0.9
            for n in (2, 4, 8):
                assert means[f"crews{n}"] <= ceiling.value + 1e-9, (kpi, scope, n)
            assert not ceiling.reachable
            assert ceiling.reason.startswith("more repair crews cannot reach 90%")


def test_levers_it_cannot_bound(crews_run) -> None:
    res, sc = crews_run
    goal = Goal(kpi="target_on_site_share", at_least=0.9)
    assert (
        lever_ceiling(res.issues(), sc, goal, "demand.kinds.repair.rate_per_household_year") is None
    )
    other = Goal(kpi="response_rate", at_least=0.95)
    assert lever_ceiling(res.issues(), sc, other, "staff.crews.repair") is None
    assert lever_parts("staff.rosters.repair") == ("off_duty",)
    assert lever_parts("community.travel.speed_kmh") == ("travel",)
    assert lever_parts("staff.crewsy") is None


# ------------------------------------------------------------------------------------------
# Reasons (gridsim.views.why): 2 of the 6 hand issues (B, D) wait for someone on duty, 660
# and 885 min: 12.9 h on average; the 4 others (A, C, E, F) average triage (3+0+3+3)/4 =
# 2.25 min, crew queue (7+5+0+837)/4 = 212.25 min = 3.5 h, travel (8+26+7+0)/4 = 10.25 min.

HAND_REASON = {
    "en": "33% of reports arrive when nobody is on duty and wait 12.9 h on average; the "
    "others: triage 2.2 min, wait for a crew 3.5 h, travel 10.2 min on average",
    "zh": "33%的诉求在无人值班时到达，平均等待12.9 小时；其余诉求平均：受理分派2.2 分钟, "
    "等待快修队3.5 小时, 路途10.2 分钟",
}


@pytest.mark.parametrize("code", ["en", "zh"])
def test_reason_from_the_hand_log(hand_scenario, code: str) -> None:
    parts = issue_parts(hand_log(), hand_scenario, "on_site")
    with use(code):
        assert target_reason(parts, "on_site") == HAND_REASON[code]


def test_reasons_for_the_verdicts(hand_scenario) -> None:
    """Reasons by (variant, index of the goal among the variant's verdicts), none for a
    goal met or one the log cannot explain."""
    goals = [
        Goal(kpi="target_on_site_share", at_least=0.9),
        Goal(kpi="satisfaction_rate", at_least=0.9),
        Goal(kpi="target_on_site_share", at_least=0.1),
        Goal(kpi="target_on_site_share", scope="kind:repair", at_least=0.9),
    ]
    found = [Verdict(goals[0], "base", 1 / 6, 1 / 6, 1 / 6, 1, MISSED),
             Verdict(goals[1], "base", 0.5, 0.5, 0.5, 1, MISSED),
             Verdict(goals[2], "base", 1 / 6, 1 / 6, 1 / 6, 1, MET),
             Verdict(goals[3], "base", 1 / 6, 0.0, 0.4, 1, UNCLEAR)]  # fmt: skip
    with use("en"):
        reasons = reasons_for(hand_log(), hand_scenario, found)
    assert reasons == {("base", 0): HAND_REASON["en"], ("base", 3): HAND_REASON["en"]}


@pytest.mark.parametrize("code", ["en", "zh"])
def test_ceiling_reason_in_both_languages(crews_run, code: str) -> None:
    res, sc = crews_run
    goal = Goal(kpi="target_on_site_share", at_least=0.9)
    with use(code):
        ceiling = lever_ceiling(res.issues(), sc, goal, "staff.crews.repair")
    assert ceiling is not None
    start = {"en": "more repair crews cannot reach 90% ", "zh": "增加维修快修队无法达到"}[code]
    assert ceiling.reason.startswith(start)
    assert {"en": "wait for someone on duty", "zh": "等待有人值班"}[code] in ceiling.reason


def test_run_prints_the_reason_under_each_missed_target(run_folder) -> None:
    _out, printed = run_folder
    lines = printed.splitlines()
    at = next(i for i, line in enumerate(lines) if "on site within 10 min" in line)
    assert lines[at].lstrip().startswith("✗ missed")
    assert lines[at + 1].strip().startswith("why: ")
    assert "of reports arrive when nobody is on duty and wait" in lines[at + 1]


# ------------------------------------------------------------------------------------------
# The figure (gridsim plot --kind why) and the report's section


@pytest.fixture(scope="module")
def run_folder(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """`gridsim run` of the baseline over three weeks: its folder and what it printed."""
    out = tmp_path_factory.mktemp("why") / "results"
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        code = cli.main(["run", str(BASELINE), "--out", str(out), "--set", HORIZON + "=21",
                         "--set", "variants={}", "-r", "2", "-q", "--jobs", "1",
                         "--no-report", "--lang", "en"])  # fmt: skip
    assert code == 0
    return out, printed.getvalue()


@pytest.fixture(scope="module")
def folder(run_folder) -> Path:
    return run_folder[0]


@pytest.mark.parametrize(("code", "words"), [("en", "waiting for someone on duty"),
                                             ("zh", "等待有人值班")])  # fmt: skip
def test_the_why_figure_in_both_languages(folder: Path, code: str, words: str) -> None:
    data = load_results(folder)
    with use(code), warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph is a warning: fail on it
        fig = figure_of(data, "why", metric="plan", by="kind")
        fig.savefig(io.BytesIO(), format="png")
    texts = [t.get_text() for t in fig.legends[0].get_texts()]
    assert words in texts
    assert any(t.endswith("24 h") or t.endswith("24 小时") for t in texts)  # the target
    bottom = fig.axes[1]
    target = [line for line in bottom.get_lines() if line.get_linestyle() == "--"]
    assert len(target) == 1 and target[0].get_ydata()[0] == pytest.approx(1.0)  # 1 day


def test_gridsim_plot_kind_why(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "why.png"
    assert cli.main(["plot", str(folder), "--kind", "why", "--by", "hour", "--out", str(out)]) == 0
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "why" in PLOT_KINDS
    assert cli.main(["plot", str(folder), "--kind", "why", "--by", "season", "--out",
                     str(out)]) == 2  # fmt: skip


def test_the_report_section(folder: Path) -> None:
    data = load_results(folder)
    html = render_report(data, figures=False)
    start = html.index('<section id="why">')
    section = html[start : html.index("</section>", start)]
    assert "<h2>Why targets are missed</h2>" in section
    assert section.count("<h3>") == 3 and "on site within 10 min" in section
    assert section.count('data-by="kind"') == 3 and section.count('data-by="hour"') == 3
    parts = issue_parts(data.issues, data.scenario, "on_site")
    repair = parts[parts["kind"] == "repair"]
    cell = f'<tr><th>repair</th><td class="num">{len(repair)}</td><td class="num">'
    assert cell + f"{repair['missed'].mean():.1%}</td>" in section
    assert html.index('<section id="why">') < html.index('<section id="method">')
    with use("zh"):
        zh = render_report(data, figures=False)
    assert "<h2>目标为何未达成</h2>" in zh and "等待有人值班" in zh


@pytest.mark.slow
def test_a_sweeps_points_keep_their_rosters(tmp_path: Path) -> None:
    """A sweep over a roster: each point's waits are read with its own roster, rebuilt from
    sweep.csv (the folder keeps only the base scenario)."""
    out = tmp_path / "swp"
    args = ["sweep", str(BASELINE), "--set", "calendar.horizon_days=10",
            "--grid", "staff.rosters.grid_worker.0.start_hour=7,9", "-r", "1", "-q",
            "--jobs", "1", "--out", str(out)]  # fmt: skip
    assert cli.main(args) == 0
    data = load_results(out)
    scenarios = scenarios_of(data)
    starts = {p: s.staff.rosters["grid_worker"][0].start_hour for p, s in scenarios.items()}
    assert sorted(starts[p] for p in data.variants) == [7, 9]
    own = issue_parts(data.issues, scenarios, "on_site")
    path = "staff.rosters.grid_worker.0.start_hour"
    for point, start in zip(data.variants, (7, 9), strict=True):
        log = data.issues[data.issues["variant"] == point]
        waits = {
            hour: issue_parts(log, api.scenario_of(BASELINE, {HORIZON: 10, path: hour}))
            for hour in (7, 9)
        }
        mine = own[own["variant"] == point]["off_duty"].to_numpy()
        assert np.array_equal(mine, waits[start]["off_duty"].to_numpy()), point
        assert not np.array_equal(mine, waits[16 - start]["off_duty"].to_numpy()), point
