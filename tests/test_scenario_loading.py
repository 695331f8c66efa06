"""Loading hand-written scenario YAML: every mistake is a located, short ScenarioError."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gridsim.scenario import (
    NotAllowedError,
    Scenario,
    ScenarioError,
    apply_overrides,
    load_scenario,
    parse_set_options,
    scenario_to_yaml,
    variant_scenarios,
)
from gridsim.scenario.errors import Problem
from gridsim.scenario.files import MAX_FILE_BYTES

VALID = """\
name: test
community:
  grids:
    - name: g1
      households: 10
    - name: g2
      households: 20
demand:
  kinds:
    repair:
      rate_per_household_year: 1.0
      handler: repair
      work: {mean_min: 30}
staff:
  grid_leaders:
    - name: leader-1
      grids: [g1, g2]
  crews:
    repair: 2
variants:
  more_crews:
    staff.crews.repair: 4
    policy.dispatch: nearest
"""
"""Line numbers in the tests below count lines of this text (1-based)."""


@pytest.fixture
def write(tmp_path: Path):
    """Write text (or bytes) to a scenario file and return its path."""

    def _write(content: str | bytes, name: str = "scenario.yaml") -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return _write


def error_of(path: Path, overrides: tuple[str, ...] = ()) -> ScenarioError:
    with pytest.raises(ScenarioError) as info:
        load_scenario(path, overrides)
    return info.value


def edit(old: str, new: str, text: str = VALID) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


# ----------------------------------------------------------------------------------------------
# Valid input
# ----------------------------------------------------------------------------------------------


def test_valid_scenario_loads(write) -> None:
    scenario = load_scenario(write(VALID))
    assert isinstance(scenario, Scenario)
    assert [g.households for g in scenario.community.grids] == [10, 20]
    assert scenario.staff.crews.repair == 2


def test_utf8_bom_is_accepted(write) -> None:
    assert load_scenario(write(b"\xef\xbb\xbf" + VALID.encode())).name == "test"


# ----------------------------------------------------------------------------------------------
# Located validation errors
# ----------------------------------------------------------------------------------------------


def test_unknown_key_names_file_line_path_and_suggestion(write) -> None:
    path = write(edit("    repair: 2\n", "    repiar: 2\n"))
    assert str(error_of(path)) == (
        f"{path}:19: staff.crews.repiar: unknown field; did you mean 'repair'?"
    )


def test_out_of_range_value_in_a_list_item(write) -> None:
    path = write(edit("households: 20", "households: -4"))
    assert str(error_of(path)) == (
        f"{path}:7: community.grids.1.households: expected an integer >= 1, found -4"
    )


def test_wrong_type_says_what_was_found(write) -> None:
    err = error_of(write(edit("households: 10", "households: [1, 2]")))
    assert ":5: community.grids.0.households: expected an integer, found a list of 2 items" in str(
        err
    )


@pytest.mark.parametrize(
    ("old", "new", "line", "where"),
    [
        ("mean_min: 30", "mean_min: .nan", 13, "demand.kinds.repair.work.mean_min"),
        ("mean_min: 30", "mean_min: .inf", 13, "demand.kinds.repair.work.mean_min"),
        ("households: 20", "households: 20\n      x_km: -.inf", 8, "community.grids.1.x_km"),
    ],
)
def test_nan_and_infinity_are_rejected(write, old, new, line, where) -> None:
    err = error_of(write(edit(old, new)))
    assert f":{line}: {where}: expected a finite number" in str(err)


def test_unknown_choice_suggests_the_close_one(write) -> None:
    err = error_of(write(VALID + "policy:\n  dispatch: nearst\n"))
    assert ":25: policy.dispatch: expected one of 'pooled', 'dedicated' or 'nearest'" in str(err)
    assert "did you mean 'nearest'?" in str(err)


def test_misspelt_section_suggests_the_section(write) -> None:
    err = error_of(write(edit("staff:", "staf:")))
    assert ":14: staf: unknown field; did you mean 'staff'?" in str(err)


def test_field_in_the_wrong_section_says_where_it_belongs(write) -> None:
    err = error_of(write(VALID + "households: 3\n"))
    assert "households: unknown field here; 'households' belongs in community.grids.N" in str(err)


def test_dict_key_that_is_not_a_name(write) -> None:
    err = error_of(write(edit("    repair:\n      rate", "    'bad kind':\n      rate")))
    assert ":10: demand.kinds.bad kind: expected a name of letters" in str(err)


def test_missing_required_field_points_at_its_parent(write) -> None:
    err = error_of(write(edit("      households: 20\n", "")))
    assert str(err).endswith(":6: community.grids.1.households: missing required field")


def test_grid_leader_of_missing_grid_is_located_at_the_leader(write) -> None:
    path = write(edit("grids: [g1, g2]", "grids: [g1, g-99]"))
    text = str(error_of(path))
    assert text.startswith(f"{path}:17: staff.grid_leaders.0.grids: grid 'g-99' does not exist")
    assert "Value error" not in text


def test_cross_reference_with_dotted_kind_name_is_located(write) -> None:
    text = edit("    repair:\n      rate", "    burst.pipe:\n      rate")
    err = error_of(write(edit("    repair: 2\n", "    repair: 0\n", text)))
    assert ":12: demand.kinds.burst.pipe.handler: repair crews handle this kind" in str(err)
    assert "staff.crews.repair is 0" in str(err)


def test_nested_validator_error_is_located_at_its_section(write) -> None:
    err = error_of(write(VALID + "calendar:\n  shift: {start_hour: 18, end_hour: 8}\n"))
    assert ":25: calendar.shift: end_hour (8.0) must be after start_hour (18.0)" in str(err)


def test_huge_found_value_is_truncated(write) -> None:
    path = write(edit("households: 10", "households: " + "x" * 5000))
    err = error_of(path)
    assert len(str(err)) - len(str(path)) < 150  # the temporary path's length varies
    assert "..." in str(err)


def test_many_problems_are_capped(write) -> None:
    grids = "".join(f"    - name: g{i}\n      households: 0\n" for i in range(40))
    text = "name: t\ncommunity:\n  grids:\n" + grids + VALID[VALID.index("demand:") :]
    err = error_of(write(text.replace("grids: [g1, g2]", "grids: [g1]")))
    lines = str(err).splitlines()
    assert len(lines) == 21
    assert lines[-1] == "and 20 more"
    assert "https://" not in str(err)


# ----------------------------------------------------------------------------------------------
# Files and YAML that cannot be read
# ----------------------------------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.yaml"
    assert str(error_of(path)) == f"{path}: file not found"


def test_directory(tmp_path: Path) -> None:
    assert "is a directory" in str(error_of(tmp_path))


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"name: x\n\x00\x01\x02", ":2: contains NUL bytes"),
        (b"name: x\ndescription: caf\xe9\n", ":2: is not UTF-8 text"),
        (b"", ": the file is empty"),
        (b"# nothing but a comment\n", ": the file is empty"),
        (b"- a\n- b\n", ":1: expected a mapping of scenario fields at the top level, found a list"),
        (b"just words\n", ":1: expected a mapping of scenario fields at the top level"),
        (b"name: x\n  bad: [\n", ":2: invalid YAML"),
        (b"name: x\ncommunity: {grids: [\n\n", ":4: invalid YAML"),
        (b"name: x\nbad: *nowhere\n", ":2: invalid YAML"),
        (b"name: a\nseed: 1\nname: b\n", ":3: key 'name' repeats line 1"),
        (b"name: x\ncalendar:\n  start_date: 2026-13-45\n", ":3: cannot read value"),
        (b"name: x\nbad: !!python/object:os.system ls\n", ":2: invalid YAML"),
        (b"name: x\nseed: " + b"9" * 5000 + b"\n", ":2: cannot read value"),
        (b"name: x\x07\n", ":1: character"),
    ],
)
def test_unreadable_input_is_a_located_error(write, content: bytes, expected: str) -> None:
    path = write(content)
    assert str(error_of(path)).startswith(f"{path}{expected}")


def test_file_too_large(write) -> None:
    path = write(b"name: x\n" + b"# padding\n" * 600_000)
    assert "is too large" in str(error_of(path))


def test_alias_bomb_fails_fast(write) -> None:
    """Nine levels of 10x aliases: 10**9 values if expanded, so this hangs when unguarded."""
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    path = write("\n".join([*lines, "name: *a9", ""]))
    assert "aliases repeated too often" in str(error_of(path))


def test_merge_key_bomb_fails_fast(write) -> None:
    lines = ["m0: &m0 {a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8, i: 9, j: 10}"]
    lines += [f"m{i}: &m{i} {{<<: [{', '.join([f'*m{i - 1}'] * 10)}]}}" for i in range(1, 10)]
    assert "aliases repeated too often" in str(error_of(write("\n".join(lines) + "\n")))


def test_recursive_alias_is_rejected(write) -> None:
    assert ":2: an alias refers to a node" in str(error_of(write("name: x\nloop: &a [1, *a]\n")))


@pytest.mark.parametrize("depth", [150, 3000])
def test_deep_flow_nesting_is_rejected(write, depth: int) -> None:
    path = write("name: " + "[" * depth + "]" * depth + "\n")
    assert "nesting is too deep" in str(error_of(path))


def test_deep_block_nesting_is_rejected(write) -> None:
    path = write("".join("  " * i + f"k{i}:\n" for i in range(150)))
    assert "nesting is too deep" in str(error_of(path))


# ----------------------------------------------------------------------------------------------
# --set overrides
# ----------------------------------------------------------------------------------------------


def test_set_overrides_are_applied(write) -> None:
    scenario = load_scenario(
        write(VALID),
        [
            "staff.crews.repair=3",
            "policy.dispatch=nearest",
            "community.grids.0.households=100",
            "calendar.shift={start_hour: 0, end_hour: 24}",
        ],
    )
    assert scenario.staff.crews.repair == 3
    assert scenario.policy.dispatch == "nearest"
    assert scenario.community.grids[0].households == 100
    assert scenario.calendar.shift.always_on


def test_set_values_are_validated(write) -> None:
    err = error_of(write(VALID), ("community.grids.0.households=0",))
    assert str(err) == "--set: community.grids.0.households: expected an integer >= 1, found 0"


def test_set_unknown_path_suggests(write) -> None:
    err = error_of(write(VALID), ("staff.crews.repiar=3",))
    assert str(err) == "--set: staff.crews.repiar: unknown field; did you mean 'repair'?"


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        ("staff.crews.repair", "--set: expected dotted.path=value, found 'staff.crews.repair'"),
        ("=3", "--set: expected dotted.path=value"),
        ("community.grids.5.households=1", "--set: community.grids.5: no item 5"),
        ("community.grids.first.households=1", "--set: community.grids.first: expected a list"),
        ("name.first=1", "--set: name.first: name holds a single value"),
        ("staff..crews=1", "--set: staff..crews: empty part"),
        ("name=[1,", "--set: name: invalid YAML"),
    ],
)
def test_bad_set_items(write, item: str, expected: str) -> None:
    assert str(error_of(write(VALID), (item,))).startswith(expected)


def test_set_creates_missing_sections(write) -> None:
    scenario = load_scenario(write(VALID), ["targets.on_site_min=5", "seed=7"])
    assert scenario.targets.on_site_min == 5.0
    assert scenario.seed == 7


def test_parse_set_options_reads_yaml_values() -> None:
    assert parse_set_options(["a.b=3", "c=[1, 2]", "d=nearest", "e=", "f= x=y"]) == {
        "a.b": 3,
        "c": [1, 2],
        "d": "nearest",
        "e": None,
        "f": "x=y",
    }


def test_apply_overrides_copies_and_unshares() -> None:
    shared = {"households": 10}
    raw = {"community": {"grids": [{"name": "a", **shared}]}, "x": shared}
    raw["community"]["grids"].append(raw["community"]["grids"][0])  # as a YAML alias would
    out = apply_overrides(raw, {"community.grids.1.households": 5}, "--set")
    assert [g["households"] for g in out["community"]["grids"]] == [10, 5]
    assert raw["community"]["grids"][1]["households"] == 10


# ----------------------------------------------------------------------------------------------
# Variants
# ----------------------------------------------------------------------------------------------


def test_variants_apply_on_the_base(write) -> None:
    scenario = load_scenario(write(VALID))
    built = variant_scenarios(scenario)
    assert list(built) == ["base", "more_crews"]
    assert built["base"] is scenario
    assert built["more_crews"].staff.crews.repair == 4
    assert built["more_crews"].policy.dispatch == "nearest"
    assert built["more_crews"].variants == {}
    assert built["more_crews"].community == scenario.community


def test_variants_follow_set_overrides(write) -> None:
    scenario = load_scenario(write(VALID), ["seed=9"])
    assert variant_scenarios(scenario)["more_crews"].seed == 9


def test_bad_variant_is_located_in_the_file(write) -> None:
    path = write(edit("staff.crews.repair: 4", "staff.crews.repair: -1"))
    assert str(error_of(path)) == (
        f"{path}:22: variants.more_crews: staff.crews.repair: expected an integer >= 0, found -1"
    )


def test_variant_unknown_path_and_nested_variants(write) -> None:
    text = VALID + "  odd:\n    staff.crew.repair: 1\n    variants.x: {}\n"
    err = error_of(write(text))
    assert ":25: variants.odd: staff.crew: unknown field; did you mean 'crews'?" in str(err)
    assert ":26: variants.odd: variants.x: a variant cannot change variants" in str(err)


def test_variant_cross_reference_error(write) -> None:
    text = VALID + "  no_repair_crews:\n    staff.crews.repair: 0\n"
    err = error_of(write(text))
    assert ":24: variants.no_repair_crews: demand.kinds.repair" in str(err)


def test_variant_scenarios_only_and_unknown_names(write) -> None:
    scenario = load_scenario(write(VALID + "  other:\n    seed: 5\n"))
    assert list(variant_scenarios(scenario, only=["other"])) == ["base", "other"]
    with pytest.raises(
        ScenarioError, match="unknown variant 'more_crew'; did you mean 'more_crews'"
    ):
        variant_scenarios(scenario, only=["more_crew"])


def test_variant_scenarios_on_a_scenario_built_in_code(write) -> None:
    base = load_scenario(write(VALID))
    bad = base.model_copy(update={"variants": {"v": {"policy.queue": "fifo"}}})
    with pytest.raises(ScenarioError) as info:
        variant_scenarios(bad)
    assert str(info.value).startswith("variants.v: policy.queue: expected one of 'fcfs'")


# ----------------------------------------------------------------------------------------------
# extends: a file that changes a few fields of another
# ----------------------------------------------------------------------------------------------

CHILD = """\
# One more crew, dispatched to the nearest job.
extends: ../base.yaml
name: child
set:
  staff.crews.repair: 3
  policy.dispatch: nearest
"""
"""Extends VALID, written as base.yaml one folder up (see `family`)."""


@pytest.fixture
def family(tmp_path: Path):
    """Write base.yaml (VALID unless given) and policies/<name> extending it; return its path."""
    (tmp_path / "policies").mkdir()

    def _family(child: str = CHILD, base: str = VALID, name: str = "child.yaml") -> Path:
        (tmp_path / "base.yaml").write_text(base, encoding="utf-8")
        path = tmp_path / "policies" / name
        path.write_text(child, encoding="utf-8")
        return path

    return _family


def test_extends_equals_the_same_overrides_by_hand(family, tmp_path: Path) -> None:
    child = load_scenario(family())
    by_hand = load_scenario(
        tmp_path / "base.yaml", ["name=child", "staff.crews.repair=3", "policy.dispatch=nearest"]
    )
    assert child == by_hand
    assert child.variants == by_hand.variants != {}  # inherited
    assert variant_scenarios(child)["more_crews"].staff.crews.repair == 4
    assert "extends" not in scenario_to_yaml(child)


def test_extends_top_level_keys_replace_whole_sections(family) -> None:
    text = CHILD + "variants: {}\nseed: 42\nstaff:\n  crews: {repair: 1}\n"
    scenario = load_scenario(family(text))
    assert scenario.variants == {}
    assert scenario.seed == 42
    assert scenario.staff.grid_leaders == []  # the base's leaders went with its staff section
    assert scenario.staff.crews.repair == 3  # `set` comes after the replacement


def test_nested_extends(family, tmp_path: Path) -> None:
    family()
    grandchild = tmp_path / "policies" / "deeper" / "grandchild.yaml"
    grandchild.parent.mkdir()
    grandchild.write_text("extends: ../child.yaml\nset:\n  staff.crews.repair: 5\n")
    scenario = load_scenario(grandchild)
    assert scenario.name == "child"  # from the middle file
    assert scenario.policy.dispatch == "nearest"
    assert scenario.staff.crews.repair == 5  # the outermost file wins
    assert scenario.community.grids[1].households == 20  # from the base


def test_extends_cycle_is_located(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("name: a\nextends: b.yaml\n")
    (tmp_path / "b.yaml").write_text("extends: ./a.yaml\n")
    err = error_of(tmp_path / "a.yaml")
    b = tmp_path / "b.yaml"
    assert str(err) == (
        f"{b}:1: extends: a cycle of extends: {tmp_path / 'a.yaml'} -> {b} -> {tmp_path / 'a.yaml'}"
    )
    (tmp_path / "self.yaml").write_text("extends: self.yaml\n")
    assert ":1: extends: a cycle of extends" in str(error_of(tmp_path / "self.yaml"))


def test_extends_depth_is_limited(tmp_path: Path) -> None:
    for i in range(15):
        (tmp_path / f"c{i}.yaml").write_text(f"extends: c{i + 1}.yaml\n")
    assert str(error_of(tmp_path / "c0.yaml")) == (
        f"{tmp_path / 'c10.yaml'}:1: extends: too many files extending files (at most 10 levels)"
    )


def test_missing_base_is_located_at_extends(family, tmp_path: Path) -> None:
    path = family(edit("../base.yaml", "../bsae.yaml", CHILD))
    assert str(error_of(path)) == (
        f"{path}:2: extends: cannot read {tmp_path / 'bsae.yaml'}: file not found; "
        "did you mean 'base.yaml'?"
    )


@pytest.mark.parametrize(
    ("extends", "expected"),
    [
        ("extends: [a, b]", ":2: extends: expected the path of a scenario file"),
        ("extends: ''", ":2: extends: expected the path of a scenario file"),
        ("extends: ..", ":2: extends: cannot read"),
    ],
)
def test_bad_extends_values(family, extends: str, expected: str) -> None:
    path = family(edit("extends: ../base.yaml", extends, CHILD))
    assert str(error_of(path)).startswith(f"{path}{expected}")


def test_bad_set_path_is_located_at_the_childs_line(family) -> None:
    path = family(edit("policy.dispatch", "policy.dispach", CHILD))
    assert str(error_of(path)) == (
        f"{path}:6: set.policy.dispach: unknown field; did you mean 'dispatch'?"
    )


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("repair: 3", "repair: -1", ":5: set.staff.crews.repair: expected an integer >= 0"),
        ("policy.dispatch", "policy.patrol.per_day: 9\n  policy.dispatch", ":6: policy.patrol: "),
        (CHILD[CHILD.index("set:") :], "set: [1]\n", ":4: set: expected a mapping of dotted"),
        ("name: child", "nmae: child\nextend: x", ":4: extend: unknown field; did you mean 'ext"),
    ],
)
def test_bad_values_from_set_are_located_in_the_child(family, old, new, expected) -> None:
    path = family(edit(old, new, CHILD))
    assert f"{path}{expected}" in str(error_of(path))


def test_bad_values_from_the_base_are_located_in_the_base(family, tmp_path: Path) -> None:
    path = family(base=edit("households: 20", "households: 0"))
    assert str(error_of(path)) == (
        f"{tmp_path / 'base.yaml'}:7: community.grids.1.households: "
        "expected an integer >= 1, found 0"
    )
    bad_variant = edit("staff.crews.repair: 4", "staff.crews.repiar: 4")
    assert f"{tmp_path / 'base.yaml'}:22: variants.more_crews: staff.crews.repiar" in str(
        error_of(family(base=bad_variant))
    )


def test_set_variant_in_the_child(family) -> None:
    path = family(CHILD + "  variants.more_crews.staff.crews.repair: -3\n")
    assert str(error_of(path)) == (
        f"{path}:7: set.variants.more_crews: staff.crews.repair: expected an integer >= 0, found -3"
    )


def test_command_line_set_applies_last(family) -> None:
    path = family()
    assert load_scenario(path, ["staff.crews.repair=5"]).staff.crews.repair == 5
    err = error_of(path, ("staff.crews.repair=-1",))
    assert str(err) == "--set: staff.crews.repair: expected an integer >= 0, found -1"
    err = error_of(path, ("policy.patrol.per_day=30",))
    assert str(err).startswith("--set: policy.patrol.per_day: expected an integer <= 24")


@pytest.mark.parametrize(
    "path",
    sorted(Path(__file__).parents[1].joinpath("scenarios").rglob("*.yaml")),
    ids=lambda p: str(p.relative_to(Path(__file__).parents[1] / "scenarios")),
)
def test_every_shipped_scenario_loads_with_its_variants(path: Path) -> None:
    scenario = load_scenario(path)
    assert set(variant_scenarios(scenario)) == {"base", *scenario.variants}


# ----------------------------------------------------------------------------------------------
# YAML output
# ----------------------------------------------------------------------------------------------


def test_to_yaml_round_trips(write) -> None:
    text = VALID + "    calendar.start_date: 2028-01-01\n"
    text += 'calendar:\n  start_date: 2027-03-04\ndescription: "Ünïcode: 网格"\n'
    scenario = load_scenario(write(text), ["demand.seasonal=[1,2,3,4,5,6,7,8,9,10,11,0.5]"])
    dumped = scenario_to_yaml(scenario)
    again = load_scenario(write(dumped, "dumped.yaml"))
    assert again == scenario
    assert again.calendar.start_date == dt.date(2027, 3, 4)
    assert "网格" in dumped
    assert variant_scenarios(again)["more_crews"].calendar.start_date == dt.date(2028, 1, 1)


def test_problem_format() -> None:
    assert str(Problem("f.yaml", 3, "a.b", "bad")) == "f.yaml:3: a.b: bad"
    assert str(Problem("--set", None, "a", "bad")) == "--set: a: bad"
    assert str(Problem("", None, "", "bad")) == "bad"


# ----------------------------------------------------------------------------------------------
# Fuzzing: anything either loads or is a ScenarioError
# ----------------------------------------------------------------------------------------------

YAML_CHARS = st.sampled_from([*":-[]{},&*!|>'\"#%@`?~.0123456789 \n\t\r\\abcnxy<=", "\x00"])
FUZZ = settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _loads_or_scenario_error(path: Path, overrides: tuple[str, ...] = ()) -> None:
    try:
        load_scenario(path, overrides)
    except ScenarioError as err:
        assert str(err)
        assert all(len(line) < 600 for line in str(err).splitlines())


@FUZZ
@given(st.binary(max_size=300) | st.text(YAML_CHARS | st.characters(), max_size=300))
def test_fuzz_random_input(tmp_path: Path, content: bytes | str) -> None:
    path = tmp_path / "fuzz.yaml"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8", "replace"))
    _loads_or_scenario_error(path)


@st.composite
def mutated_valid(draw: st.DrawFn) -> str:
    """VALID with a few characters inserted, deleted or replaced, or lines shuffled."""
    text = VALID
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "delete", "replace", "line"]))
        if action == "insert":
            text = text[:at] + draw(YAML_CHARS) + text[at:]
        elif action == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 5)) :]
        elif action == "replace":
            text = text[:at] + draw(st.text(YAML_CHARS, max_size=6)) + text[at + 1 :]
        else:
            lines = text.splitlines(keepends=True)
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
            text = "".join(lines)
    return text


@FUZZ
@given(mutated_valid())
def test_fuzz_mutated_scenario(tmp_path: Path, text: str) -> None:
    path = tmp_path / "mutated.yaml"
    path.write_text(text, encoding="utf-8")
    _loads_or_scenario_error(path)


SET_PATHS = st.sampled_from(
    ["staff.crews.repair", "community.grids.0", "community.grids.9.name", "variants.v.seed",
     "policy", "demand.kinds.repair.work", "x", "", "name.a", "variants", "calendar.start_date"]
)  # fmt: skip


@FUZZ
@given(st.lists(st.tuples(SET_PATHS, st.text(YAML_CHARS, max_size=12)), max_size=3))
def test_fuzz_set_options(tmp_path: Path, items: list[tuple[str, str]]) -> None:
    path = tmp_path / "set.yaml"
    path.write_text(VALID, encoding="utf-8")
    _loads_or_scenario_error(path, tuple(f"{p}={v}" for p, v in items))


def test_line_numbers_in_messages_are_real(write) -> None:
    """Every reported line exists in the file (guards the line map against off-by-one)."""
    text = edit("households: 20", "households: zero", edit("    repair: 2\n", "    repiar: 2\n"))
    path = write(text)
    numbers = [int(n) for n in re.findall(rf"{re.escape(str(path))}:(\d+):", str(error_of(path)))]
    assert numbers == [7, 19]
    assert "households" in text.splitlines()[6]
    assert "repiar" in text.splitlines()[18]


# ----------------------------------------------------------------------------------------------
# Reading the files of a chain: merge keys, odd files, one size limit
# ----------------------------------------------------------------------------------------------


def test_extends_behind_a_merge_key_is_the_same_extends(family) -> None:
    merged = family("<<: {extends: ../base.yaml}\nset:\n  staff.crews.repair: 3\n", name="m.yaml")
    assert load_scenario(merged).staff.crews.repair == 3
    assert (
        load_scenario(merged).community
        == load_scenario(merged.parent.parent / "base.yaml").community
    )


def test_set_cannot_smuggle_extends(family) -> None:
    path = family("extends: ../base.yaml\nset:\n  extends: /etc/passwd\n")
    assert str(error_of(path)).startswith(f"{path}:3: set.extends: unknown field")


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda p: os.mkfifo(p), "is not a regular file"),
        (lambda p: p.mkdir(), "is a directory, not a scenario file"),
        (lambda p: p.write_bytes(b"#" * (MAX_FILE_BYTES + 1)), "is too large"),
    ],
)
def test_odd_files_in_a_chain_are_refused_without_reading(family, tmp_path, make, expected) -> None:
    make(tmp_path / "odd.yaml")
    path = family("extends: ../odd.yaml\n")
    assert str(error_of(path)) == f"{path}:1: extends: cannot read {tmp_path / 'odd.yaml'}: " + (
        error_of(tmp_path / "odd.yaml").problems[0].message
    )
    assert expected in str(error_of(path))


def test_allowed_dirs_hold_for_the_first_file_too(family, tmp_path) -> None:
    path = family()
    with pytest.raises(NotAllowedError, match=f"^{path}: outside the allowed scenario folders$"):
        load_scenario(path, allowed_dirs=[tmp_path / "policies" / "nowhere"])
    with pytest.raises(NotAllowedError, match=r"^.*child\.yaml:2: extends: .*base\.yaml: outside"):
        load_scenario(path, allowed_dirs=[tmp_path / "policies"])
    assert load_scenario(path, allowed_dirs=[tmp_path]).staff.crews.repair == 3
