"""The event log for process-mining tools (issue 18 item 5): hand-built issues give exactly the
events their times hold (and none the log does not time); a run's event log, written as CSV
and read back by pm4py as a researcher would, gives the start and end activities and the
directly-follows counts that the frame itself shows, counted by hand."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
import pm4py
import pytest

import gridsim
from gridsim.api import scenario_of
from gridsim.fit.events import COLUMNS, escalation, event_log

ROOT = Path(__file__).resolve().parents[1]
MMC = ROOT / "scenarios" / "validation" / "mmc.yaml"
BASELINE = ROOT / "scenarios" / "baseline.yaml"
CASE, ACTIVITY, TIME, RESOURCE = COLUMNS[:4]
NA = np.nan

FIELDS = ("issue_id", "channel", "latent", "handler", "crew", "level", "reported_min",
          "queued_min", "dispatched_min", "on_site_min", "work_min", "supervised_min",
          "plan_min", "resolved_min", "closed_min")  # fmt: skip
ROWS = [
    # settled by its first responder: done at 20 + 30 = 50 = resolved; closed after the check
    (1, "phone", False, "repair", "repair-1", "grid_worker", 10, 12, 12, 20, 30, NA, NA, 50, 60),
    # found by a patrol, handed up at 115 + 10, supervised, planned, resolved
    (2, "patrol", True, "repair", "repair-2", "community", 100, 105, 110, 115, 10, 150, 200,
     300, NA),
    # a dispute: mediation sessions, never a timed hand-up
    (3, "door", False, "mediation", "gw-1", "community", 5, 6, 6, 6, 40, NA, NA, 500, NA),
    # open at the horizon after triage
    (4, "wechat", False, "repair", None, "grid_worker", 1000, 1001, NA, NA, 25, NA, NA, NA, NA),
    # latent, never found: no event at all
    (5, None, True, "repair", None, None, NA, NA, NA, NA, 25, NA, NA, NA, NA),
    # supervised (level up one) while waiting, then settled by its first responder
    (6, "phone", False, "repair", "repair-1", "grid_leader", 0, 40, 40, 45, 5, 30, NA, 50, NA),
    # would be handed up at 1430 + 20, past the horizon (1440): not an event
    (7, "phone", False, "repair", "repair-2", "town", 1400, 1410, 1420, 1430, 20, NA, NA, NA,
     NA),
    # a scheduled visit; it needed more than the town
    (8, "schedule", False, "repair", "repair-1", "above_town", 0, 0, 0, 8, 2, NA, 900, 1200, NA),
]  # fmt: skip
EXPECTED = """
1 | reported | 10 | resident      1 | triaged | 12 | intake        1 | dispatched | 12 | repair-1
1 | on site | 20 | repair-1      1 | resolved | 50 | repair-1     1 | closed | 60 | grid_worker
2 | found | 100 | patrol         2 | triaged | 105 | intake       2 | dispatched | 110 | repair-2
2 | on site | 115 | repair-2     2 | escalated to community | 125 | repair-2
2 | supervised | 150 | supervision   2 | planned | 200 | community   2 | resolved | 300 | community
3 | reported | 5 | resident      3 | triaged | 6 | intake         3 | dispatched | 6 | gw-1
3 | on site | 6 | gw-1           3 | resolved | 500 | community
4 | reported | 1000 | resident   4 | triaged | 1001 | intake
6 | reported | 0 | resident      6 | supervised | 30 | supervision   6 | triaged | 40 | intake
6 | dispatched | 40 | repair-1   6 | on site | 45 | repair-1     6 | resolved | 50 | repair-1
7 | reported | 1400 | resident   7 | triaged | 1410 | intake     7 | dispatched | 1420 | repair-2
7 | on site | 1430 | repair-2
8 | scheduled | 0 | schedule     8 | triaged | 0 | intake         8 | dispatched | 0 | repair-1
8 | on site | 8 | repair-1       8 | escalated above town | 10 | repair-1
8 | planned | 900 | town         8 | resolved | 1200 | town
"""
"""By hand, in order: case | activity | minute | resource, several to a line (wide gaps);
ties at one minute in the lifecycle's order (triaged before dispatched)."""


def expected() -> list[tuple[str, str, float, str]]:
    events = re.split(r"\s{3,}|\n", EXPECTED.strip())
    fields = [[part.strip() for part in event.split("|")] for event in events]
    return [(case, activity, float(minute), who) for case, activity, minute, who in fields]


def hand_built() -> pd.DataFrame:
    table = pd.DataFrame(ROWS, columns=list(FIELDS))
    table["kind"], table["grid"] = "job", "g"
    return table.sample(frac=1.0, random_state=3)  # the log's rows come in any order


def test_hand_built_issues_give_exactly_the_timed_events() -> None:
    scenario = scenario_of(MMC, {"calendar.horizon_days": 1, "calendar.warmup_days": 0})
    events = event_log(hand_built(), scenario)
    assert list(events.columns) == list(COLUMNS)
    start = pd.Timestamp(scenario.calendar.start_date)
    found = [
        (c, a, (t - start) / pd.Timedelta(minutes=1), r)
        for c, a, t, r in events[[CASE, ACTIVITY, TIME, RESOURCE]].itertuples(index=False)
    ]
    assert found == expected()
    assert set(events["kind"]) == {"job"} and set(events["grid"]) == {"g"}


def test_escalation_names_the_rung_in_words() -> None:
    assert escalation("grid_leader") == "escalated to grid leader"
    assert escalation("joint_meeting") == "escalated to joint meeting"
    assert escalation("above_town") == "escalated above town"


def test_issues_of_two_runs_are_refused() -> None:
    table = hand_built().assign(variant="base", replication=[0, 1] * 4)
    with pytest.raises(ValueError, match="issues of 2 runs"):
        event_log(table, scenario_of(MMC))


@pytest.fixture(scope="module")
def run() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Two weeks of the baseline (every mechanism: orders, the ladder, supervision)."""
    scenario = scenario_of(BASELINE, {"calendar.horizon_days": 14})
    issues = gridsim.run_experiment(scenario, replications=1, variants=["base"], jobs=1).issues()
    return issues, event_log(issues, scenario)


def test_a_run_times_every_event_from_its_log(run: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    """Each issue's first responder ends its work at on_site + work (the hand-up time):
    those it settled are resolved then, to the microsecond."""
    issues, events = run
    settled = issues[(issues["level"] == "grid_worker") & issues["resolved_min"].notna()
                     & (issues["handler"] != "mediation")]  # fmt: skip
    done = settled["on_site_min"] + settled["work_min"]
    assert len(settled) > 50 and np.allclose(settled["resolved_min"], done, rtol=0, atol=1e-6)
    assert events.groupby(CASE, sort=False)[TIME].is_monotonic_increasing.all()
    counts = events[ACTIVITY].value_counts()
    assert counts["triaged"] == issues["queued_min"].notna().sum()
    assert counts["closed"] == issues["closed_min"].notna().sum()
    escalated = counts[counts.index.str.startswith("escalated")].sum()
    assert 0 < escalated <= (issues["level"].astype(str) != "grid_worker").sum()


def test_pm4py_reads_the_csv_and_finds_the_frames_process(
    run: tuple[pd.DataFrame, pd.DataFrame], tmp_path: Path
) -> None:
    _, events = run
    events.to_csv(tmp_path / "events.csv", index=False)
    read = pd.read_csv(tmp_path / "events.csv", dtype={CASE: str})
    read = pm4py.format_dataframe(read, case_id=CASE, activity_key=ACTIVITY, timestamp_key=TIME)
    dfg, starts, ends = pm4py.discover_dfg(read)
    follows = events.groupby(CASE, sort=False)[ACTIVITY].shift(-1)
    pairs = Counter(zip(events[ACTIVITY][follows.notna()], follows.dropna(), strict=True))
    by_case = events.groupby(CASE, sort=False)[ACTIVITY]
    assert dict(starts) == dict(Counter(by_case.first()))
    assert dict(ends) == dict(Counter(by_case.last()))
    assert dict(dfg) == dict(pairs)
    assert set(starts) <= {"reported", "found", "scheduled"}
    assert pairs[("reported", "triaged")] > 0 and pairs[("dispatched", "on site")] > 0
    assert any(a == "on site" and b.startswith("escalated") for a, b in pairs)


def test_the_export_command_writes_the_event_log(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`gridsim export RESULTS --format events`: the run's events, as event_log makes them,
    read back by pm4py's own reader of CSV event logs."""
    from gridsim import cli

    res, out = tmp_path / "res", tmp_path / "events.csv"
    assert cli.main(["run", str(MMC), "--set", "calendar.horizon_days=3", "-r", "1",
                     "--out", str(res), "--no-report", "--quiet"]) == 0  # fmt: skip
    assert cli.main(["export", str(res), "--format", "events", "--out", str(out)]) == 0
    assert "events (one row per event" in capsys.readouterr().out
    written = pd.read_csv(out, dtype={CASE: str})
    issues = pd.read_parquet(res / "issues.parquet")
    made = event_log(issues, scenario_of(MMC, {"calendar.horizon_days": 3}))
    assert len(written) == len(made) > 0
    assert list(written[ACTIVITY]) == list(made[ACTIVITY])
    log = pm4py.format_dataframe(written, case_id=CASE, activity_key=ACTIVITY,
                                 timestamp_key=TIME)  # fmt: skip
    assert set(pm4py.get_start_activities(log)) <= {"reported", "found", "scheduled"}
