"""The workshop demo and the replay: the data logic, the Streamlit app driven headlessly,
the GIF writer, the allowed-folder checks, and the app in a real (headless) Chromium."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from support import (
    browser_or_skip,
    chrome,
    free_port,
    press_right,
    repair_metric,
    stop,
    wait_for_http,
)

from gridsim import cli
from gridsim.i18n import use
from gridsim.scenario import ScenarioError, load_scenario
from gridsim.views import animate, demo, demo_launch, demo_paths, replay
from gridsim.views.replay import MapLayout, Replay, issue_states

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"
BASELINE = SCENARIOS / "baseline.yaml"
APP = ROOT / "gridsim" / "views" / "demo_app.py"
APP_TIMEOUT = 120


@pytest.fixture(autouse=True)
def english():
    """English unless a test says otherwise (another test's `gridsim --lang zh` may have set
    the process's language)."""
    with use("en"):
        yield


# ---------------------------------------------------------------------------------------------
# The replay: states and crews at hand-picked times of a hand-made log


def _log(rows: list[dict]) -> pd.DataFrame:
    columns = ["issue_id", "grid", "crew", "reported_min", "dispatched_min", "on_site_min",
               "work_min", "resolved_min"]  # fmt: skip
    frame = pd.DataFrame(rows, columns=columns)
    for c in ("grid", "crew"):
        frame[c] = frame[c].astype("category")
    return frame


NAN = float("nan")
HAND_LOG = _log([
    # reported 100, set off 110, on site 120, 30 minutes of work, resolved 150
    {"issue_id": 0, "grid": "g2", "crew": "repair-1", "reported_min": 100, "dispatched_min": 110,
     "on_site_min": 120, "work_min": 30, "resolved_min": 150},
    # escalated: the crew is done at 30, the town decides at 5000
    {"issue_id": 1, "grid": "g1", "crew": "cleaning-1", "reported_min": 0, "dispatched_min": 10,
     "on_site_min": 20, "work_min": 10, "resolved_min": 5000},
    # reported, never dispatched before the horizon
    {"issue_id": 2, "grid": "g1", "crew": None, "reported_min": 10, "dispatched_min": NAN,
     "on_site_min": NAN, "work_min": 20, "resolved_min": NAN},
    # latent, never found
    {"issue_id": 3, "grid": "g2", "crew": None, "reported_min": NAN, "dispatched_min": NAN,
     "on_site_min": NAN, "work_min": 20, "resolved_min": NAN},
])  # fmt: skip


@pytest.mark.parametrize(
    ("t", "expected"),
    [
        (5, ["unreported", "waiting", "unreported", "unreported"]),
        (50, ["unreported", "up the ladder", "waiting", "unreported"]),
        (105, ["waiting", "up the ladder", "waiting", "unreported"]),
        (110, ["on the way", "up the ladder", "waiting", "unreported"]),
        (115, ["on the way", "up the ladder", "waiting", "unreported"]),
        (130, ["on site", "up the ladder", "waiting", "unreported"]),
        (150, ["resolved", "up the ladder", "waiting", "unreported"]),
        (6000, ["resolved", "resolved", "waiting", "unreported"]),
    ],
)
def test_issue_states_at_hand_picked_times(t: float, expected: list[str]) -> None:
    assert list(issue_states(HAND_LOG, t)) == expected


def test_issue_states_step_by_step_for_the_escalated_issue() -> None:
    one = HAND_LOG.iloc[[1]]
    seen = [issue_states(one, t)[0] for t in (0, 5, 15, 25, 40, 4999, 5000)]
    assert seen == ["waiting", "waiting", "on the way", "on site", "up the ladder",
                    "up the ladder", "resolved"]  # fmt: skip


LAYOUT = MapLayout(
    grids={"g1": (0.0, 0.0), "g2": (1.0, 0.0)},
    hall=(0.5, 1.0),
    start_date=pd.Timestamp("2026-01-01").date(),
    opens={"day": 8.0, "on-call": 18.0, "volunteer": 9.0},
)
CREW_LOG = _log([
    # hall -> g2 from 10:00 to 10:20, works 40 minutes; then g2 -> g1 from 13:20 to 13:40
    {"issue_id": 0, "grid": "g2", "crew": "repair-1", "reported_min": 590, "dispatched_min": 600,
     "on_site_min": 620, "work_min": 40, "resolved_min": 660},
    {"issue_id": 1, "grid": "g1", "crew": "repair-1", "reported_min": 790, "dispatched_min": 800,
     "on_site_min": 820, "work_min": 10, "resolved_min": 830},
])  # fmt: skip


def _crew(t: float) -> replay.CrewSpot:
    (spot,) = Replay(CREW_LOG, LAYOUT).crews(t)
    return spot


def test_crews_start_at_the_hall_travel_work_and_go_home_next_morning() -> None:
    assert (_crew(500).status, _crew(500).at_hall) == ("idle", True)
    mid = _crew(610)  # half way from the hall (0.5, 1) to g2 (1, 0)
    assert mid.status == "travelling" and mid.dest == (1.0, 0.0)
    assert (mid.x, mid.y) == pytest.approx((0.75, 0.5))
    assert (_crew(630).status, _crew(630).grid) == ("working", "g2")
    assert (_crew(700).status, _crew(700).grid) == ("idle", "g2")  # stays where it worked
    leg = _crew(810)  # g2 -> g1, half way
    assert (leg.x, leg.y) == pytest.approx((0.5, 0.0))
    assert (_crew(1000).status, _crew(1000).grid) == ("idle", "g1")
    morning = _crew(1440 + 8 * 60 + 1)  # the next working day starts at the hall
    assert morning.at_hall and morning.status == "idle"
    assert _crew(610).label == "R1"


def test_crew_names_the_map_draws() -> None:
    assert replay.crew_kind("repair-2") == ("repair", False, "R2")
    assert replay.crew_kind("fire-on-call-1") == ("fire", True, "FN1")
    assert replay.crew_kind("volunteer-7") == ("volunteer", False, "V7")
    assert replay.crew_kind("gw-grid-01") is None


def test_clock_text_names_day_date_and_time() -> None:
    start = pd.Timestamp("2026-01-01").date()
    assert animate.clock_text(5 * 1440 + 14 * 60 + 30, start) == "Day 6, Tue 6 Jan 2026, 14:30"


def test_frame_times_count_and_limits() -> None:
    times = animate.frame_times(7200.0, 7, 30)
    assert len(times) == 7 * 24 * 60 // 30 and times[0] == 7200.0 and times[1] == 7230.0
    with pytest.raises(animate.AnimateError):
        animate.frame_times(0.0, 1, 0)


# ---------------------------------------------------------------------------------------------
# `gridsim animate`


def test_animate_writes_a_gif_whose_frames_decode(tmp_path: Path) -> None:
    from PIL import Image, ImageSequence

    out = tmp_path / "day.gif"
    days, step = 1, 60
    code = cli.main(["animate", str(BASELINE), "--days", str(days), "--step", str(step),
                                 "--out", str(out), "--fps", "10", "--dpi", "50"])  # fmt: skip
    assert code == 0
    with Image.open(out) as gif:
        assert gif.format == "GIF"
        assert gif.n_frames == days * 24 * 60 // step
        sizes = set()
        for frame in ImageSequence.Iterator(gif):
            rgb = frame.convert("RGB")
            rgb.load()
            sizes.add(rgb.size)
        assert len(sizes) == 1
    assert not list(tmp_path.glob(".day.*"))  # no temporary file left behind


def test_animate_counts_the_frames_it_draws(tmp_path: Path, capsys) -> None:
    out = tmp_path / "day.gif"
    code = cli.main(["animate", "--lang", "en", str(BASELINE), "--days", "0.25", "--step",
                     "90", "--out", str(out), "--dpi", "30"])  # fmt: skip
    assert code == 0
    err = capsys.readouterr().err
    assert "frames: 100%" in err and "4/4" in err  # 6 hours every 90 minutes: 4 frames


def test_animate_refuses_mp4_without_ffmpeg_and_other_formats(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(animate.shutil, "which", lambda name: None)
    code = cli.main(["animate", str(BASELINE), "--days", "1", "--out", str(tmp_path / "w.mp4")])
    assert code == 2 and "ffmpeg" in capsys.readouterr().err
    code = cli.main(["animate", str(BASELINE), "--out", str(tmp_path / "w.avi")])
    assert code == 2 and ".gif or .mp4" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


def test_animate_reports_a_bad_override_without_a_traceback(tmp_path, capsys) -> None:
    code = cli.main(["animate", str(BASELINE), "--set", "staff.crews.repair=0",
                                 "--out", str(tmp_path / "w.gif")])  # fmt: skip
    assert code == 2 and "staff.crews.repair is 0" in capsys.readouterr().err


# ---------------------------------------------------------------------------------------------
# Allowed folders


@pytest.fixture
def folders(tmp_path: Path) -> dict[str, Path]:
    """An allowed folder with a scenario, a link leading out, and a file outside."""
    allowed = tmp_path / "allowed"
    outside = tmp_path / "outside"
    (allowed / "sub").mkdir(parents=True)
    outside.mkdir()
    shutil.copy(BASELINE, allowed / "baseline.yaml")
    shutil.copy(BASELINE, outside / "secret.yaml")
    (allowed / "sub" / "child.yaml").write_text("extends: ../baseline.yaml\nname: child\n")
    (allowed / "escape.yaml").write_text("extends: ../outside/secret.yaml\nname: escape\n")
    (allowed / "link.yaml").symlink_to(outside / "secret.yaml")
    (allowed / "linked_dir").symlink_to(outside, target_is_directory=True)
    return {"allowed": allowed, "outside": outside}


def test_paths_inside_the_allowed_folders_are_accepted(folders) -> None:
    dirs = demo_paths.allowed_dirs([folders["allowed"]])
    assert demo_paths.resolve_scenario("baseline.yaml", dirs) == dirs[0] / "baseline.yaml"
    assert demo_paths.resolve_scenario(dirs[0] / "sub" / "child.yaml", dirs).name == "child.yaml"
    assert set(demo_paths.list_presets(dirs)) == {"baseline.yaml", "sub/child.yaml"}


@pytest.mark.parametrize(
    "path",
    [
        "outside/secret.yaml",  # another folder
        "allowed/../outside/secret.yaml",  # climbing out
        "allowed/link.yaml",  # a symlink to a file outside
        "allowed/linked_dir/secret.yaml",  # through a symlinked folder
        "allowed/escape.yaml",  # extends a file outside
        "/etc/passwd",
    ],
)
def test_paths_outside_the_allowed_folders_are_rejected(folders, path: str) -> None:
    dirs = demo_paths.allowed_dirs([folders["allowed"]])
    full = path if path.startswith("/") else str(folders["allowed"].parent / path)
    with pytest.raises(demo_paths.DemoPathError, match=r"outside the allowed|no such scenario"):
        demo_paths.resolve_scenario(full, dirs)


def test_relative_climb_out_of_an_allowed_folder_is_rejected(folders, monkeypatch) -> None:
    monkeypatch.chdir(folders["outside"])
    dirs = demo_paths.allowed_dirs([folders["allowed"]])
    with pytest.raises(demo_paths.DemoPathError, match="outside the allowed"):
        demo_paths.resolve_scenario("secret.yaml", dirs)
    with pytest.raises(demo_paths.DemoPathError):
        demo_paths.resolve_scenario("../outside/secret.yaml", dirs)


def test_missing_folders_and_non_scenarios_are_refused(folders) -> None:
    with pytest.raises(demo_paths.DemoPathError, match="no such scenario folder"):
        demo_paths.allowed_dirs([folders["allowed"] / "nope"])
    (folders["allowed"] / "notes.txt").write_text("hello")
    dirs = demo_paths.allowed_dirs([folders["allowed"]])
    with pytest.raises(demo_paths.DemoPathError, match="not a scenario file"):
        demo_paths.resolve_scenario(folders["allowed"] / "notes.txt", dirs)


SECRET = "TOP-SECRET-VALUE"
"""In the outside file, in a place every error would quote: it must never be shown."""

PADDING = "#" + "x" * 99 + "\n"


@pytest.mark.parametrize(
    "text",
    [
        "<<: {extends: ../outside/secret.yaml}\nname: merged\n",  # a merge key
        "<<: &m {extends: ../outside/secret.yaml}\nname: aliased\n",
        "x: &e ../outside/secret.yaml\nextends: *e\n",  # an alias
        "extends: ../outside/secret.yaml\nname: big\n" + PADDING * 25_000,  # 2.5 MB
        "extends: sub/hop.yaml\nname: two-steps\n",  # the second file climbs out
        "extends: link.yaml\nname: via-link\n",  # an allowed name, a file outside
        "extends: /proc/self/environ\nname: proc\n",
        "extends: linked_dir/secret.yaml\n",
    ],
)
def test_no_way_round_the_allowed_folders(folders, text: str) -> None:
    """Every file of the chain is checked by the loader, after merge keys and aliases, at
    any size, before it is read; the message names the file and quotes nothing from it."""
    allowed = folders["allowed"]
    (folders["outside"] / "secret.yaml").write_text(f"seed: {SECRET}\n")  # an error quotes it
    (allowed / "sub" / "hop.yaml").write_text("extends: ../../outside/secret.yaml\n")
    (allowed / "try.yaml").write_text(text)
    dirs = demo_paths.allowed_dirs([allowed])
    refused = "outside the allowed scenario folders"
    with pytest.raises(demo_paths.DemoPathError, match=refused) as info:
        demo_paths.resolve_scenario(allowed / "try.yaml", dirs)
    assert SECRET not in str(info.value)
    assert "try.yaml" not in demo_paths.list_presets(dirs)
    with pytest.raises(ScenarioError, match="outside the allowed scenario folders") as loaded:
        demo_paths.load_preset(allowed / "try.yaml", dirs)
    assert SECRET not in str(loaded.value) and "\n" not in str(loaded.value)
    assert SECRET not in demo_paths.file_digest(allowed / "try.yaml", dirs)


def test_a_chain_inside_the_folders_loads_through_an_allowed_symlink(folders) -> None:
    allowed = folders["allowed"]
    (allowed / "alias.yaml").symlink_to(allowed / "baseline.yaml")
    (allowed / "sub" / "via.yaml").write_text("<<: {extends: ../alias.yaml}\nname: via\n")
    dirs = demo_paths.allowed_dirs([allowed])
    assert demo_paths.resolve_scenario(allowed / "sub" / "via.yaml", dirs)
    assert demo_paths.load_preset(allowed / "sub" / "via.yaml", dirs).name == "via"


def test_a_fifo_or_a_folder_in_the_chain_is_refused_without_waiting(folders) -> None:
    allowed = folders["allowed"]
    os.mkfifo(allowed / "pipe.yaml")
    (allowed / "a.yaml").write_text("extends: pipe.yaml\nname: a\n")
    (allowed / "b.yaml").write_text("extends: sub\nname: b\n")
    dirs = demo_paths.allowed_dirs([allowed])
    with pytest.raises(ScenarioError, match=r"a\.yaml:1: extends: cannot read .*pipe\.yaml: is "
                       "not a regular file"):  # fmt: skip
        demo_paths.load_preset(allowed / "a.yaml", dirs)
    with pytest.raises(ScenarioError, match=r"b\.yaml:1: extends: cannot read .*sub: is a dir"):
        demo_paths.load_preset(allowed / "b.yaml", dirs)
    assert "pipe.yaml" not in demo_paths.list_presets(dirs)


def test_the_digest_follows_every_file_of_the_chain(folders) -> None:
    dirs = demo_paths.allowed_dirs([folders["allowed"]])
    child = dirs[0] / "sub" / "child.yaml"
    before = demo_paths.file_digest(child, dirs)
    base = dirs[0] / "baseline.yaml"
    base.write_text(base.read_text() + "\n# changed\n")
    assert demo_paths.file_digest(child, dirs) != before


# ---------------------------------------------------------------------------------------------
# Policies and the launcher


def test_policy_of_and_overrides_round_trip() -> None:
    base = load_scenario(BASELINE)
    a = demo.policy_of(base)
    assert (a.repair, a.volunteers, a.grid_workers, a.dispatch) == (2, 23, "per_grid", "pooled")
    b = dataclasses.replace(a, repair=4, grid_workers="per_two_grids", joint_meeting=7.0)
    scenarios = demo.policy_scenarios(base, {"A": a, "B": b})
    assert demo.policy_of(scenarios["B"]) == b
    assert len(scenarios["B"].grid_workers()) == len(base.community.grids) // 2
    assert demo.policy_differences(a, b) == [
        "repair crews 2 → 4", "grid workers one per grid → one per two grids",
        "joint meeting every (days) 30 → 7",
    ]  # fmt: skip
    huangnan = load_scenario(SCENARIOS / "huangnan_property.yaml")
    assert demo.policy_of(huangnan).grid_workers == "per_two_grids"


@pytest.mark.parametrize(
    ("code", "plain"),
    [("en", "Policy B: nobody would come when residents report repair problems, because it "
            "has no repair crews. Give it at least one repair crew."),
     ("zh", "方案B：没有维修快修队，居民反映维修问题时没有人上门。请至少安排一支维修快修队。")],
)  # fmt: skip
def test_an_impossible_policy_is_said_in_plain_words(code: str, plain: str) -> None:
    base = load_scenario(BASELINE)
    bad = dataclasses.replace(demo.policy_of(base), repair=0, repair_on_call=0)
    with use(code), pytest.raises(demo.ImpossiblePolicy) as caught:
        demo.policy_scenarios(base, {"A": demo.policy_of(base), "B": bad})
    assert caught.value.messages == [plain]
    assert "policy B: demand.kinds.repair.handler" in caught.value.detail  # for the facilitator


def test_demo_without_streamlit_says_how_to_install(monkeypatch, capsys) -> None:
    monkeypatch.setattr(demo_launch, "streamlit_installed", lambda: False)
    assert cli.main(["demo"]) == 2
    assert "pip install -e '.[demo]'" in capsys.readouterr().err


def test_demo_refuses_a_preset_outside_its_folders(folders, monkeypatch, capsys) -> None:
    monkeypatch.setattr(demo_launch, "streamlit_installed", lambda: True)
    monkeypatch.setattr(demo_launch, "_run_until_stopped", lambda command: pytest.fail("launched"))
    code = cli.main(["demo", "--scenarios", str(folders["allowed"]),
                           "--scenario", str(folders["outside"] / "secret.yaml")])  # fmt: skip
    assert code == 2 and "outside the allowed" in capsys.readouterr().err


def test_demo_command_is_local_headless_and_private(monkeypatch) -> None:
    monkeypatch.setattr("gridsim.i18n._PROCESS", [])  # --lang zh below: not for later tests
    seen: list[list[str]] = []
    monkeypatch.setattr(demo_launch, "streamlit_installed", lambda: True)
    monkeypatch.setattr(
        demo_launch, "_run_until_stopped", lambda command: seen.append(command) or 0
    )
    assert cli.main(["demo", "--lang", "zh", "--scenario", "baseline.yaml", "--port", "8600",
                     "--facilitator"]) == 0  # fmt: skip
    cmd = seen[0]
    flags = dict(zip(cmd[cmd.index("run") + 2 :: 2], cmd[cmd.index("run") + 3 :: 2], strict=False))
    assert flags["--server.address"] == "127.0.0.1" and flags["--server.port"] == "8600"
    assert flags["--server.headless"] == "true"
    assert flags["--browser.gatherUsageStats"] == "false"
    app_args = cmd[cmd.index("--") + 1 :]
    assert app_args == ["--scenarios", str(SCENARIOS.resolve()), "--scenario", str(BASELINE),
                        "--lang", "zh", "--facilitator"]  # fmt: skip


# ---------------------------------------------------------------------------------------------
# The app, driven headlessly by Streamlit's AppTest


@pytest.fixture
def app(monkeypatch):
    """A fresh AppTest of the demo on the project's scenarios."""
    testing = pytest.importorskip("streamlit.testing.v1")
    monkeypatch.setattr(sys, "argv", [str(APP), "--scenarios", str(SCENARIOS), "--lang", "en"])
    return testing.AppTest.from_file(str(APP), default_timeout=APP_TIMEOUT)


def _table(at) -> pd.DataFrame:
    """The KPI table, whether shown as a data frame or (facilitator mode) as a table."""
    if at.table:
        return at.table[0].value
    return at.dataframe[0].value.set_index("KPI")


def _minutes(text: str) -> float:
    """'12.5 min', '7.6 h', '2.1 days' (as `gridsim.views.amounts` writes times) in minutes."""
    number, unit = text.lstrip("≥ ").split()
    return float(number) * {"min": 1.0, "h": 60.0, "days": 1440.0}[unit]


def _no_failures(at) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def test_app_opens_on_the_baseline_with_a_and_b_the_same(app) -> None:
    at = app.run()
    _no_failures(at)
    assert at.selectbox(key="preset").value == "baseline.yaml"
    assert at.slider(key="a_repair").value == at.slider(key="b_repair").value == 2
    table = _table(at)
    assert (table["better"] == "same").all()
    notes = " ".join(c.value for c in at.caption)
    assert "3 replications" in notes and "press 'More' for 10" in notes


def test_more_repair_crews_for_b_shorten_repair_response_and_the_app_shows_it(app) -> None:
    at = app.run()
    at.slider(key="b_repair").set_value(5).run()
    _no_failures(at)
    row = _table(at).loc["mean time to on site for repair issues"]
    assert _minutes(row["B"]) <= _minutes(row["A"]) and row["B − A"].startswith("-")
    # The baseline's work orders wait for the grid worker's sign-off, which no crew shortens:
    # 3 live replications cannot call the difference; the 10 of "More" can.
    at.button(key="more").click().run()
    _no_failures(at)
    row = _table(at).loc["mean time to on site for repair issues"]
    assert row["B − A"].startswith("-") and row["better"] == "B"
    metric = next(m for m in at.metric if "repair" in m.label)
    assert metric.delta.startswith("-") and metric.delta.endswith("vs A")
    assert any("repair crews 2 → 5" in i.value for i in at.info)


def _verdicts(at) -> dict[str, str]:
    """The goals section's text of each side."""
    return {side: m.value for m in at.markdown for side in "ab"
            if f'id="verdicts-{side}"' in m.value}  # fmt: skip


@pytest.mark.parametrize(
    ("code", "heading", "line"),
    [("en", "Policy A: 0 of 7 goals met", "✗ missed: on site within 10 min ≥ 90.0%"),
     ("zh", "方案A：7项目标中达成0项", "✗ 未达成")],
)  # fmt: skip
def test_the_goals_of_a_and_b_show_met_or_missed(app, code, heading, line) -> None:
    at = app.run()
    at.radio(key="lang").set_value(code).run()
    _no_failures(at)
    shown = _verdicts(at)
    assert set(shown) == {"a", "b"}
    assert heading in shown["a"] and line in shown["a"]
    assert at.get("download_button")[0].label == (
        "Export the A/B result for the meeting record (HTML)" if code == "en"
        else "导出方案A/B的结果，存入会议记录（HTML）"
    )  # fmt: skip


def test_the_app_opens_in_the_language_it_was_started_in(monkeypatch) -> None:
    testing = pytest.importorskip("streamlit.testing.v1")
    argv = [str(APP), "--scenarios", str(SCENARIOS), "--lang", "zh", "--facilitator"]
    monkeypatch.setattr(sys, "argv", argv)
    at = testing.AppTest.from_file(str(APP), default_timeout=APP_TIMEOUT).run()
    _no_failures(at)
    assert at.radio(key="lang").value == "zh" and at.toggle(key="facilitator").value is True
    assert at.title[0].value == "如果调整人员或规则，会怎样？"
    assert any(m.label.startswith("方案B：") and "平均到场时间" in m.label for m in at.metric)


def test_grid_workers_on_duty_day_and_night_for_b_change_b_only(app) -> None:
    """Reports wait for a grid worker's triage in office hours (9-12, 14:30-18 on weekdays):
    grid workers on duty round the clock get crews out sooner, and cost more."""
    at = app.run()
    at.slider(key="b_grid_worker_hours").set_value((0.0, 24.0)).run()
    _no_failures(at)
    assert any("hours of the grid workers 9:00-18:00 → 0:00-24:00" in i.value for i in at.info)
    table = _table(at)
    on_site = table.loc["mean time to on site"]
    assert _minutes(on_site["B"]) < _minutes(on_site["A"]) and on_site["better"] == "B"
    cost = table.loc["staff cost a year (CNY)"]
    assert cost["B − A"].startswith("+") and cost["better"] == "A"  # A is the cheaper


def test_another_preset_resets_both_policies_to_its_own_settings(app) -> None:
    at = app.run()
    at.slider(key="b_repair").set_value(6).run()
    at.selectbox(key="preset").set_value("huangnan_property.yaml").run()
    _no_failures(at)
    assert at.slider(key="b_repair").value == 2
    assert at.radio(key="a_grid_workers").value == "per_two_grids"
    assert at.selectbox(key="b_dispatch").value == "nearest"


def test_more_replications_on_request(app) -> None:
    at = app.run()
    at.button(key="more").click().run()
    _no_failures(at)
    assert any("10 replications of" in c.value for c in at.caption)
    assert at.button(key="fewer")


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("b_repair", 0, "nobody would come when residents report repair problems"),
        ("b_repair", 0, "a night on-call repair crew uses the day crews' van"),
        ("a_volunteers", 0, "nobody would make the care visits"),
        ("b_grid_worker_hours", (9.0, 9.0), "the grid workers would never be on duty"),
    ],
)
def test_an_impossible_combination_shows_a_message_not_a_traceback(app, key, value, message):
    at = app.run()
    at.slider(key=key).set_value(value).run()
    assert not at.exception
    assert any(message in e.value for e in at.error)
    assert not at.metric  # no results from a policy that cannot run


def test_an_impossible_combination_in_chinese(app) -> None:
    at = app.run()
    at.radio(key="lang").set_value("zh").run()
    at.slider(key="b_patrol").set_value(0).run()
    assert not at.exception
    assert any("方案B：没有巡逻快修队" in e.value for e in at.error), [e.value for e in at.error]


def test_facilitator_mode_hides_the_controls_and_keeps_the_settings(app) -> None:
    at = app.run()
    at.slider(key="b_repair").set_value(4).run()
    before = _table(at)
    at.toggle(key="facilitator").set_value(True).run()
    _no_failures(at)
    assert not [s for s in at.slider if s.key in ("a_repair", "b_repair")]
    pd.testing.assert_frame_equal(_table(at), before)
    at.toggle(key="facilitator").set_value(False).run()
    assert at.slider(key="b_repair").value == 4


def test_facilitator_mode_from_the_url(app) -> None:
    app.query_params["facilitator"] = "1"
    at = app.run()
    _no_failures(at)
    assert at.toggle(key="facilitator").value is True
    assert not [s for s in at.slider if s.key == "a_repair"]
    assert at.metric


def test_app_refuses_a_scenario_outside_its_folders(folders, monkeypatch) -> None:
    testing = pytest.importorskip("streamlit.testing.v1")
    secret = folders["outside"] / "secret.yaml"
    argv = [str(APP), "--scenarios", str(folders["allowed"]), "--scenario", str(secret)]
    monkeypatch.setattr(sys, "argv", argv)
    at = testing.AppTest.from_file(str(APP), default_timeout=APP_TIMEOUT).run()
    assert not at.exception
    assert any("outside the allowed" in e.value for e in at.error)


def test_replay_time_can_be_chosen(app) -> None:
    at = app.run()
    slider = at.select_slider(key="replay_time")
    assert slider.value == (5 * 24 + 10) * 60.0  # 10:00 on the first day after the warm-up
    assert slider.options[0] == "Day 6, Tue 6 Jan 2026, 00:00"
    at.session_state["replay_time"] = (8 * 24 + 14.5) * 60.0  # set_value cannot format it
    at.run()
    _no_failures(at)
    assert at.select_slider(key="replay_time").value == (8 * 24 + 14.5) * 60.0
    assert at.button(key="play")


def test_play_steps_to_the_end_of_the_week(app) -> None:
    at = app.run()
    last = (5 * 24 + 7 * 24) * 60.0 - 15.0  # the last moment on the time slider
    at.session_state["replay_time"] = last - 120.0
    at.run()
    at.button(key="play").click().run()  # two hour-long frames, then the slider follows
    _no_failures(at)
    assert at.select_slider(key="replay_time").value == last


# ---------------------------------------------------------------------------------------------
# The app in a real browser


def _requested_hosts(driver) -> set[str]:
    hosts = set()
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            url = message["params"]["request"]["url"]
            if url.startswith(("http:", "https:", "ws:", "wss:")):
                hosts.add(url.split("/")[2].split(":")[0])
    return hosts


@pytest.mark.slow  # starts the demo server and Chromium (about 20 s)
def test_demo_in_headless_chromium(tmp_path: Path) -> None:
    webdriver = browser_or_skip()
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    server = subprocess.Popen([sys.executable, "-m", "gridsim", "demo", "--port", str(port)],
                              cwd=tmp_path, start_new_session=True,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    driver = None
    try:
        wait_for_http(url, server)
        driver = chrome(webdriver, tmp_path / "profile", network_log=True)
        driver.get(url)
        wait = WebDriverWait(driver, 90)
        before = wait.until(lambda d: repair_metric(d))
        press_right(driver, "b_repair", times=3)
        after = wait.until(lambda d: (v := repair_metric(d)) and v != before and v)
        assert _minutes(after) <= _minutes(before)
        wait.until(lambda d: "repair crews 2 → 5" in d.find_element(By.TAG_NAME, "body").text)
        shot = tmp_path / "demo.png"
        driver.save_screenshot(str(shot))
        assert shot.stat().st_size > 10_000
        assert _requested_hosts(driver) <= {"127.0.0.1"}
    finally:
        if driver is not None:
            driver.quit()
        stop(server)
    assert server.poll() is not None


TRUNCATED_LABELS_JS = """
const boxes = '[data-testid="stMetricLabel"], [data-testid="stMetricValue"]';
return Array.from(document.querySelectorAll(boxes)).filter(box => {
  const text = document.createRange();
  text.selectNodeContents(box);
  return text.getBoundingClientRect().width > box.getBoundingClientRect().width + 1;
}).map(box => box.textContent);
"""
"""The metrics' labels and values wider than their box: cut short with "..." on screen."""


@pytest.mark.slow  # starts the demo server and Chromium (about 30 s a language)
@pytest.mark.parametrize(
    ("code", "heading", "kpi"),
    [("en", "Policy A: 0 of 7 goals met", "mean time to on site"),
     ("zh", "方案A：7项目标中达成0项", "平均到场时间")],
)  # fmt: skip
def test_facilitator_mode_on_a_projector_and_the_meeting_record(tmp_path, code, heading, kpi):
    """At 1280x720 in facilitator mode: the goals in large type, no label cut short, and the
    export button downloads an HTML record holding the A/B table, in either language."""
    webdriver = browser_or_skip()
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    server = subprocess.Popen(
        [sys.executable, "-m", "gridsim", "demo", "--lang", code, "--facilitator",
         "--port", str(port)],
        cwd=tmp_path, start_new_session=True, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    driver = None
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    try:
        wait_for_http(url, server)
        driver = chrome(webdriver, tmp_path / "profile")
        driver.set_window_size(1280, 720)
        driver.execute_cdp_cmd("Browser.setDownloadBehavior",
                               {"behavior": "allow", "downloadPath": str(downloads)})  # fmt: skip
        driver.get(url)
        wait = WebDriverWait(driver, 120)
        verdicts = wait.until(lambda d: d.find_elements(By.ID, "verdicts-a"))[0]
        assert heading in verdicts.text
        size = driver.execute_script("return getComputedStyle(arguments[0]).fontSize",
                                     verdicts.find_element(By.TAG_NAME, "li"))  # fmt: skip
        assert float(size.removesuffix("px")) >= 28  # 2rem: read across a room
        assert not driver.find_elements(By.CSS_SELECTOR, ".st-key-a_repair")  # no controls
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, '[data-testid="stMetric"]'))
        assert driver.execute_script(TRUNCATED_LABELS_JS) == []
        han = driver.execute_script(
            "return [...document.fonts].filter(f => f.family.includes('gridsim-han'))"
            ".map(f => f.status)"
        )
        if code == "zh":
            assert han == ["loaded"]  # Chinese draws on a computer without a CJK font
        button = wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, ".st-key-export button"))
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", button[0])
        button[0].click()
        record = downloads / "gridsim-a-b.html"
        wait.until(lambda d: record.exists() and record.stat().st_size > 10_000)
        page = record.read_text(encoding="utf-8")
        assert f'<html lang="{code}">' in page and heading in page
        assert f"<td>{kpi}</td>" in page and page.count("data:image/png;base64,") == 2
    finally:
        if driver is not None:
            driver.quit()
        stop(server)
