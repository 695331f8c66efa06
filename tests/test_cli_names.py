"""Shipped scenarios by name, plot files named by what they show, and every command's --help
(issue 15, items 5 and 7)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import pytest

from gridsim import cli
from gridsim.cli import reports
from gridsim.cli_args import scenario_file
from gridsim.scenario.shipped import one_line, shipped_folder, shipped_scenario, shipped_scenarios
from gridsim.views.figures import figure_name

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"
SHORT = ["--set", "calendar.horizon_days=14", "-r", "2", "--quiet", "--jobs", "1", "--no-report"]


# ----------------------------------------------------------------------------------------------
# Shipped scenarios


def test_every_scenario_file_ships_by_its_name() -> None:
    names = shipped_scenarios()
    on_disk = sorted(p.relative_to(SCENARIOS).as_posix() for p in SCENARIOS.rglob("*.yaml"))
    assert sorted(f"{n}.yaml" for n in names) == on_disk
    assert list(names)[:2] == ["baseline", "huangnan_property"]  # top level first
    assert shipped_folder().resolve() == SCENARIOS.resolve()
    assert shipped_scenario("policies/nearest") == names["policies/nearest"]
    assert shipped_scenario("baseline.yaml") == names["baseline"]
    assert shipped_scenario("nearest") is None and shipped_scenario("../baseline") is None


def test_one_line_is_the_first_sentence_of_the_description(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text("name: N\ndescription: >\n  First part. Second part.\n", encoding="utf-8")
    assert one_line(path) == "First part."
    path.write_text("name: Only a name\n", encoding="utf-8")
    assert one_line(path) == "Only a name."
    assert one_line(path, 8) == "Only ..."


def test_a_scenario_is_an_existing_path_else_a_shipped_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert scenario_file("policies/nearest") == shipped_scenarios()["policies/nearest"]
    (tmp_path / "baseline").write_text("name: mine\n", encoding="utf-8")
    assert scenario_file("baseline") == Path("baseline")  # an existing path wins
    with pytest.raises(argparse.ArgumentTypeError) as e:
        scenario_file("nearst")
    assert "did you mean 'policies/nearest'?" in str(e.value)
    assert "shipped: baseline, huangnan_property, policies/" in str(e.value)


def test_scenarios_lists_and_run_takes_a_name_from_any_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli.main(["scenarios", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "policies/nearest" in out and "each job sent to the idle crew nearest" in out
    assert str(shipped_scenarios()["policies/nearest"]) in out
    assert cli.main(["validate", "policies/nearest", "baseline"]) == 0  # extends resolves
    assert cli.main(["run", "policies/nearest", "--out", "res", *SHORT]) == 0
    assert (tmp_path / "res" / "summary.csv").is_file()
    capsys.readouterr()
    with pytest.raises(SystemExit) as refused:  # the parser's one line
        cli.main(["run", "no_such_plan"])
    assert refused.value.code == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "'no_such_plan': no such file" in err


# ----------------------------------------------------------------------------------------------
# Plot file names, --force, --variant


@pytest.mark.parametrize(
    ("kind", "options", "name"),
    [
        ("ecdf", {"by": "kind"}, "ecdf-on_site-by-kind"),
        ("histogram", {"metric": "plan"}, "histogram-plan-by-variant"),
        ("backlog", {"by": "grid", "variant": "base"}, "backlog-by-grid-base"),
        ("map", {"kpi": "on_site_p90_min"}, "map-on_site_p90_min"),
        (
            "sweep",
            {"kpi": "issues", "parameter": "staff.crews.repair"},
            "sweep-issues-by-staff.crews.repair",
        ),
        ("targets", {"kpi": "ignored", "by": "ignored"}, "targets"),
        ("utilisation", {"variant": "网格 A/B"}, "utilisation-网格_A_B"),
    ],
)
def test_figure_names_say_what_the_figure_shows(kind: str, options: dict, name: str) -> None:
    assert figure_name(kind, **options) == name


@pytest.fixture(scope="module")
def two_variants(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("plots") / "res"
    variants = ["--variant", "base", "--variant", "one_more_repair_crew"]
    assert cli.main(["run", str(SCENARIOS / "baseline.yaml"), "--out", str(out), *variants,
                     *SHORT]) == 0  # fmt: skip
    return out


def test_plot_names_its_file_and_never_overwrites_without_force(
    two_variants: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["plot", str(two_variants), "--kind", "histogram", "--format", "svg"]
    assert cli.main(args) == 0
    target = two_variants / "histogram-on_site-by-variant.svg"
    assert target.is_file() and f"figure: {target}" in capsys.readouterr().out
    os.utime(target, (0, 0))
    assert cli.main(args) == 2
    assert f"{target} exists; --force replaces it" in capsys.readouterr().err
    assert target.stat().st_mtime == 0
    assert cli.main([*args, "--force"]) == 0
    assert target.stat().st_mtime > 0


def test_plot_by_a_column_over_several_variants_needs_one(
    two_variants: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ["plot", str(two_variants), "--kind", "ecdf", "--by", "kind", "--format", "svg"]
    assert cli.main(args) == 2
    err = capsys.readouterr().err
    assert "--variant: the folder holds 2 variants (base, one_more_repair_crew)" in err
    assert cli.main([*args, "--variant", "base_"]) == 2
    assert "did you mean 'base'?" in capsys.readouterr().err
    drawn: list[set[str]] = []
    real = reports.figure_of
    monkeypatch.setattr(reports, "figure_of", lambda data, *a, **k: (
        drawn.append(set(data.issues["variant"].astype(str))), real(data, *a, **k))[1])  # fmt: skip
    assert cli.main([*args, "--variant", "one_more_repair_crew"]) == 0
    assert drawn == [{"one_more_repair_crew"}]
    assert (two_variants / "ecdf-on_site-by-kind-one_more_repair_crew.svg").is_file()


def test_a_map_of_several_variants_names_the_one_drawn(two_variants: Path) -> None:
    assert cli.main(["plot", str(two_variants), "--kind", "map", "--format", "svg"]) == 0
    assert (two_variants / "map-on_site_p90_min-base.svg").is_file()


# ----------------------------------------------------------------------------------------------
# --help


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    (sub,) = (a for a in cli._parser()._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


@pytest.mark.parametrize("name", sorted(_subcommands()))
def test_every_subcommand_help_has_an_example_and_explains_its_positionals(name: str) -> None:
    parser = _subcommands()[name]
    text = parser.format_help()
    assert "\nexample:\n  gridsim " in text or "\nexamples:\n  gridsim " in text, text
    for action in parser._actions:
        if not action.option_strings:
            assert action.help, f"gridsim {name}: positional {action.dest} has no help"
        elif action.default not in (None, False, [], argparse.SUPPRESS):
            assert "default" in (parser._get_formatter()._get_help_string(action) or ""), (
                f"gridsim {name} {action.option_strings[0]}: its default is not shown"
            )
