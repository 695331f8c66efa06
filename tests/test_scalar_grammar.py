"""One scalar grammar everywhere a value is read from text (gridsim/scenario/grammar.py).

Each spelling goes through every door: a scenario file, `--set`, a variant, a file's `set:`
block (with `extends`), and the sweep's `--grid` and `--range`. `1:4` must never be 64.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pytest

from gridsim import cli
from gridsim.experiment.sweep import design_variants, factorial, parse_levels, parse_ranges
from gridsim.scenario import ScenarioError, load_scenario, load_scenario_text, scenario_to_yaml
from gridsim.scenario.overrides import parse_option_value

BASELINE = Path(__file__).resolve().parents[1] / "scenarios" / "baseline.yaml"

SMALL = """\
name: small
community:
  grids: [{name: g1, households: 10}]
calendar: {horizon_days: 2}
demand:
  kinds:
    repair: {rate_per_household_year: 1.0, handler: repair, work: {mean_min: 30}}
staff:
  crews: {repair: 2}
policy:
  ageing_min: 120.0
"""
"""Line 7 is the repair kind, line 9 `crews: {repair: 2}`, line 11 `ageing_min`."""

# (text, the value it reads as)
NUMBERS = [
    ("4", 4),
    ("-3", -3),
    ("+12", 12),
    ("0", 0),
    ("1.5", 1.5),
    ("1.", 1.0),
    (".5", 0.5),
    ("1e-9", 1e-9),
    ("1E5", 1e5),
    ("-2.5e+3", -2500.0),
    ("2e3", 2000.0),
]
TEXT = ["1:4", "190:20:30", "0x10", "0o17", "010", "1_000", "0b11", "yes", "No", "on", "OFF",
        "y", "n", "Y", "="]  # fmt: skip
"""Spellings YAML 1.1 reads as numbers or booleans, which this grammar keeps as text."""


@pytest.mark.parametrize(("text", "value"), NUMBERS)
def test_numbers_read_as_numbers(text: str, value: float) -> None:
    found = parse_option_value(text, "--set")
    assert found == value and type(found) is type(value)


@pytest.mark.parametrize("text", TEXT)
def test_ambiguous_spellings_stay_text(text: str) -> None:
    assert parse_option_value(text, "--set") == text


@pytest.mark.parametrize(
    ("text", "value"),
    [("true", True), ("False", False), ("TRUE", True), ("~", None), ("null", None), ("", None),
     ("2026-03-04", dt.date(2026, 3, 4))],
)  # fmt: skip
def test_booleans_nulls_and_dates(text: str, value: object) -> None:
    assert parse_option_value(text, "--set") == value


def test_inf_and_nan_are_floats() -> None:
    assert parse_option_value(".inf", "--set") == math.inf
    assert parse_option_value("-.inf", "--set") == -math.inf
    assert math.isnan(parse_option_value(".nan", "--set"))


# -- through every door ------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["1:4", "0x10", "010", "yes", "on"])
def test_a_file_refuses_text_where_a_number_goes_at_its_line(text: str) -> None:
    with pytest.raises(ScenarioError) as info:
        load_scenario_text(SMALL.replace("{repair: 2}", "{repair: " + text + "}"), "s.yaml")
    assert str(info.value).startswith(
        f"s.yaml:9: staff.crews.repair: expected an integer, found '{text}'"
    )
    assert "\n" not in str(info.value)


def test_a_file_reads_exponents_without_a_dot() -> None:
    scenario = load_scenario_text(SMALL.replace("120.0", "1e-9"), "s.yaml")
    assert scenario.policy.ageing_min == 1e-9


def test_text_fields_keep_what_yaml_1_1_would_change() -> None:
    text = SMALL.replace("name: small", "name: yes").replace("name: g1", "name: '010'")
    scenario = load_scenario_text(text.replace("grids: [{", "name: 1:4\n  grids: [{"), "s.yaml")
    assert (scenario.name, scenario.community.name) == ("yes", "1:4")
    assert scenario.community.grids[0].name == "010"


def test_a_boolean_field_refuses_yes() -> None:
    text = SMALL.replace("work: {mean_min: 30}", "work: {mean_min: 30}, heating: yes")
    with pytest.raises(ScenarioError, match=r"s\.yaml:7: demand\.kinds\.repair\.heating: "
                       r"expected true or false, found 'yes'"):  # fmt: skip
        load_scenario_text(text, "s.yaml")


@pytest.mark.parametrize("text", ["1:4", "190:20:30", "0x10", "on"])
def test_set_refuses_text_where_a_number_goes(text: str) -> None:
    with pytest.raises(ScenarioError, match=f"^--set: staff.crews.repair: expected an integer, "
                       f"found '{text}'"):  # fmt: skip
        load_scenario_text(SMALL, "s.yaml", [f"staff.crews.repair={text}"])


def test_set_reads_floats_with_exponents() -> None:
    scenario = load_scenario_text(SMALL, "s.yaml", ["policy.ageing_min=1E5"])
    assert scenario.policy.ageing_min == 1e5


def test_run_with_set_1_4_exits_2_with_one_line(tmp_path: Path, capsys) -> None:
    args = ["run", str(BASELINE), "--set", "staff.crews.repair=1:4", "--out", str(tmp_path / "o")]
    assert cli.main(args) == 2
    err = capsys.readouterr().err.strip()
    assert "--set: staff.crews.repair: expected an integer, found '1:4'" in err
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert not (tmp_path / "o").exists()


def test_a_variant_refuses_1_4_at_its_line() -> None:
    text = SMALL + "variants:\n  v:\n    staff.crews.repair: 1:4\n    policy.ageing_min: .5\n"
    with pytest.raises(ScenarioError) as info:
        load_scenario_text(text, "s.yaml")
    assert str(info.value) == (
        "s.yaml:14: variants.v: staff.crews.repair: expected an integer, found '1:4' "
        "(text: numbers are plain decimal, like 4, -2.5 or 1e-9)"
    )
    fine = load_scenario_text(text.replace("1:4", "3"), "s.yaml")
    assert fine.variants["v"] == {"staff.crews.repair": 3, "policy.ageing_min": 0.5}


def test_a_set_block_under_extends_refuses_1_4(tmp_path: Path) -> None:
    (tmp_path / "base.yaml").write_text(SMALL)
    child = tmp_path / "child.yaml"
    child.write_text("extends: base.yaml\nset:\n  staff.crews.repair: 1:4\n")
    with pytest.raises(ScenarioError, match=rf"^{child}:3: set\.staff\.crews\.repair: expected"):
        load_scenario(child)
    child.write_text("extends: base.yaml\nset:\n  policy.ageing_min: 2e3\n")
    assert load_scenario(child).policy.ageing_min == 2000.0


def test_grid_levels_use_the_grammar() -> None:
    levels = parse_levels(["staff.crews.repair=1:4,3", "policy.ageing_min=1e-9,.5"])
    assert levels == {"staff.crews.repair": ["1:4", 3], "policy.ageing_min": [1e-9, 0.5]}
    base = load_scenario_text(SMALL, "s.yaml")
    with pytest.raises(ScenarioError, match=r"repair: expected an integer, found '1:4'"):
        design_variants(base, factorial({"staff.crews.repair": ["1:4"]}))


def test_ranges_use_the_grammar() -> None:
    assert parse_ranges(["policy.ageing_min=1e-9:1E2"]) == {"policy.ageing_min": (1e-9, 100.0)}
    for bad in ("x=0x10:20", "x=1:on", "x=true:false", "x=.nan:1"):
        with pytest.raises(ScenarioError, match=r"^--range: .*expected two numbers"):
            parse_ranges([bad])


def test_sweep_grid_1_4_exits_2_and_never_runs_64_crews(tmp_path: Path, capsys) -> None:
    out = tmp_path / "o"
    args = ["sweep", str(BASELINE), "--grid", "staff.crews.repair=1:4,3", "--out", str(out)]
    assert cli.main(args) == 2
    err = capsys.readouterr().err.strip()
    assert "staff.crews.repair: expected an integer, found '1:4'" in err
    assert len(err.splitlines()) == 1 and not out.exists()


def test_a_bad_grid_value_names_the_option() -> None:
    with pytest.raises(ScenarioError, match=r"^--grid: staff\.crews\.repair: invalid YAML"):
        parse_levels(["staff.crews.repair=[1"])


def test_written_scenarios_read_back_the_same() -> None:
    """Text that looks like a number in either grammar is quoted when gridsim writes it."""
    text = SMALL.replace("name: small", "name: '1e5'").replace("name: g1", "name: '010'")
    scenario = load_scenario_text(text.replace("grids: [{", "name: 'on'\n  grids: [{"), "s")
    dumped = scenario_to_yaml(scenario)
    assert load_scenario_text(dumped, "again") == scenario
    assert "'1e5'" in dumped and "'010'" in dumped and "'on'" in dumped
