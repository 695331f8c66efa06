"""The argument parser, built one subcommand at a time: each function adds one command's
arguments, so a command's options read in one place."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

import gridsim
from gridsim.cli.check_fit import add_check_fit_arguments
from gridsim.cli.export import add_export_arguments
from gridsim.cli.fit import add_fit_arguments
from gridsim.cli.optimise import add_optimise_arguments
from gridsim.cli.sensitivity import add_sensitivity_arguments
from gridsim.cli_args import (
    JOBS,
    LHS_POINTS,
    PRECISION,
    REPLICATIONS,
    SEED,
    Parser,
    input_path,
    output_file,
    output_folder,
    scenario_file,
)
from gridsim.experiment.executors import EXECUTORS
from gridsim.i18n import LANGS
from gridsim.views.animate import add_animate_arguments
from gridsim.views.demo import add_demo_arguments
from gridsim.views.figures import PLOT_KINDS

if TYPE_CHECKING:
    from typing import TypeAlias

    Subparsers: TypeAlias = argparse._SubParsersAction[Parser]


class HelpFormatter(argparse.RawDescriptionHelpFormatter, argparse.ArgumentDefaultsHelpFormatter):
    """Examples kept as written; an option's default shown unless its help already says it
    or there is none to show (None, False, an empty list)."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        text = action.help or ""
        if "default" in text or action.default in (None, False, []) or not text:
            return action.help
        return super()._get_help_string(action)


def _command(sub: Subparsers, name: str, summary: str, *examples: str) -> Parser:
    """A subcommand whose --help says what it does, each option's default and an example."""
    lines = "\n".join(f"  {e}" for e in examples)
    word = "examples" if len(examples) > 1 else "example"
    return sub.add_parser(
        name,
        help=summary,
        description=summary[:1].upper() + summary[1:] + ".",
        epilog=f"{word}:\n{lines}",
        formatter_class=HelpFormatter,
    )


def _parser() -> argparse.ArgumentParser:
    p = Parser(
        prog="gridsim",
        description="Simulate grid-based community governance and compare staffing and rules.",
        epilog="example:\n  gridsim scenarios\n  gridsim run baseline -r 5 --out results/baseline"
        "\n\n`gridsim COMMAND --help` describes a command, its defaults and an example.",
        formatter_class=HelpFormatter,
    )
    p.add_argument("--version", action="version", version=f"gridsim {gridsim.__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _run_arguments(sub)
    _calibrate_arguments(sub)
    _compare_arguments(sub)
    _sweep_arguments(sub)
    add_optimise_arguments(sub)
    add_sensitivity_arguments(sub)
    add_fit_arguments(sub)
    add_check_fit_arguments(sub)
    _warmup_arguments(sub)
    _replications_arguments(sub)
    _report_arguments(sub)
    _plot_arguments(sub)
    add_export_arguments(sub)
    demo = _command(
        sub,
        "demo",
        "the workshop demo in the browser (the [demo] extra)",
        "gridsim demo --scenario huangnan_property.yaml --port 8600",
    )
    add_demo_arguments(demo)
    anim = _command(
        sub,
        "animate",
        "a replay of the community map as a GIF or MP4",
        "gridsim animate baseline --days 7 --out week.gif",
    )
    add_animate_arguments(anim)
    _scenario_file_arguments(sub)
    for command in sub.choices.values():
        _lang_argument(command)
    return p


def _scenario_file_arguments(sub: Subparsers) -> None:
    """The commands about scenario files themselves: list, validate, schema."""
    _command(
        sub,
        "scenarios",
        "list the shipped scenarios: name, what it is, file",
        "gridsim scenarios",
        "gridsim run policies/nearest   # one of them, by name",
    )
    val = _command(
        sub,
        "validate",
        "check scenario files and their variants",
        "gridsim validate scenarios/*.yaml my_plan.yaml",
    )
    val.add_argument(
        "scenarios",
        type=scenario_file,
        nargs="+",
        help="scenario YAML files or shipped scenario names",
    )
    _command(
        sub,
        "schema",
        "print the scenario JSON schema (for editor completion)",
        "gridsim schema > scenario.schema.json",
    )


def _lang_argument(command: argparse.ArgumentParser) -> None:
    """--lang on every command: what it prints, writes and draws, in Chinese or English."""
    command.add_argument(
        "--lang",
        choices=LANGS,
        help="language of the console, report, figures and demo: zh or en (default: from "
        "GRIDSIM_LANG, else the locale: zh_* is Chinese, anything else English)",
    )


def _run_arguments(sub: Subparsers) -> None:
    run = _command(
        sub,
        "run",
        "run a scenario's replications and write a results folder",
        "gridsim run baseline -r 5 --out results/baseline",
        "gridsim run my_plan.yaml --set staff.crews.repair=3 --variant base",
    )
    _scenario_argument(run)
    run.add_argument(
        "--out", type=output_folder, help="results folder (default: results/<scenario name>)"
    )
    _size_options(run)
    run.add_argument(
        "--variant",
        dest="variants",
        action="append",
        metavar="NAME",
        help="run only these variants ('base' is the scenario itself; default: all)",
    )
    run.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    run.add_argument("--no-report", action="store_true", help="skip report.html")
    _execution_options(run)


def _calibrate_arguments(sub: Subparsers) -> None:
    cal = _command(
        sub,
        "calibrate",
        "simulated counts beside the scenario's figures",
        "gridsim calibrate baseline -r 10 --out results/calibration",
    )
    _scenario_argument(cal)
    _size_options(cal)
    cal.add_argument(
        "--out",
        type=output_folder,
        help="write the experiment, calibration.csv and the report in this folder",
    )
    cal.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    _execution_options(cal)


def _compare_arguments(sub: Subparsers) -> None:
    cmp = _command(
        sub,
        "compare",
        "paired comparison of scenario files (or of one file's variants)",
        "gridsim compare baseline policies/one_more_repair_crew --out results/crews",
    )
    cmp.add_argument(
        "scenarios",
        type=scenario_file,
        nargs="+",
        help="scenario files or shipped names; the first is the baseline (one "
        "file alone: its variants against its base)",
    )
    _common_run_options(cmp)


def _sweep_arguments(sub: Subparsers) -> None:
    swp = _command(
        sub,
        "sweep",
        "a factorial or Latin hypercube design over fields",
        "gridsim sweep baseline --grid staff.crews.repair=2,3,4 --out results/crews",
        "gridsim sweep baseline --lhs 8 --range staff.crews.repair=2:5",
    )
    _scenario_argument(swp)
    swp.add_argument(
        "--grid",
        action="append",
        default=[],
        metavar="PATH=V1,V2,...",
        help="factorial levels of a field (repeatable)",
    )
    swp.add_argument("--lhs", type=LHS_POINTS, metavar="N", help="N Latin hypercube points")
    swp.add_argument(
        "--range",
        dest="ranges",
        action="append",
        default=[],
        metavar="PATH=LOW:HIGH",
        help="range of a field for --lhs (repeatable)",
    )
    _common_run_options(swp)


def _warmup_arguments(sub: Subparsers) -> None:
    wup = _command(
        sub,
        "warmup",
        "how long the warm-up should be (MSER-5, Welch)",
        "gridsim warmup baseline -r 5",
    )
    _scenario_argument(wup)
    _common_run_options(wup)


def _replications_arguments(sub: Subparsers) -> None:
    nrep = _command(
        sub,
        "replications",
        "how many replications for a given precision",
        "gridsim replications baseline --precision 0.05 --kpi on_site_p90_min",
    )
    _scenario_argument(nrep)
    nrep.add_argument(
        "--precision",
        type=PRECISION,
        default=0.05,
        help="relative half-width, above 0 and at most 1 (default 0.05: +-5%%)",
    )
    nrep.add_argument(
        "--kpi", dest="kpis", action="append", metavar="NAME", help="KPIs (default: headline)"
    )
    _common_run_options(nrep)


def _report_arguments(sub: Subparsers) -> None:
    rpt = _command(
        sub,
        "report",
        "(re-)render report.html from a results folder",
        "gridsim report results/baseline",
    )
    rpt.add_argument(
        "folder",
        type=input_path,
        help="a results folder written by run, compare, sweep or calibrate --out",
    )


def _plot_arguments(sub: Subparsers) -> None:
    plot = _command(
        sub,
        "plot",
        "one figure from a results folder, as PNG or SVG",
        "gridsim plot results/baseline --kind ecdf --by kind --variant base",
        "gridsim plot results/baseline --kind map --kpi on_site_p90_min --force",
    )
    plot.add_argument(
        "folder",
        type=input_path,
        help="a results folder written by run, compare, sweep or calibrate --out",
    )
    plot.add_argument("--kind", choices=PLOT_KINDS, default="ecdf", help="the figure")
    plot.add_argument(
        "--metric",
        choices=("on_site", "resolution", "plan"),
        default="on_site",
        help="for ecdf and histogram: time to on site, to resolution, or to a plan",
    )
    plot.add_argument(
        "--by", default="variant", help="log column to group by (ecdf, histogram, backlog)"
    )
    plot.add_argument(
        "--variant",
        metavar="NAME",
        help="draw this variant only; required when the folder holds several and --by is "
        "not variant (they are never pooled)",
    )
    plot.add_argument("--kpi", default="on_site_p90_min", help="for map and sweep")
    plot.add_argument(
        "--parameter", help="for sweep: the swept field on the x axis (default: the first)"
    )
    plot.add_argument("--format", choices=("png", "svg"), default="png", help="file format")
    plot.add_argument(
        "--out",
        type=output_file,
        help="file to write (default: in the folder, named by kind, metric or KPI, grouping "
        "and variant, e.g. ecdf-on_site-by-kind.png)",
    )
    plot.add_argument("--force", action="store_true", help="replace an existing file")


def _common_run_options(p: argparse.ArgumentParser) -> None:
    _size_options(p)
    p.add_argument(
        "--out", type=output_folder, help="results folder (default: none; the results are printed)"
    )
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    _execution_options(p)


def _scenario_argument(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "scenario",
        type=scenario_file,
        help="scenario YAML file or shipped scenario name (gridsim scenarios lists them)",
    )


def _size_options(p: argparse.ArgumentParser) -> None:
    """--replications, --seed and --set: the run's size, seed and overrides."""
    p.add_argument(
        "--replications", "-r", type=REPLICATIONS, help="replications (default: from the file)"
    )
    p.add_argument("--seed", type=SEED, help="base seed (default: from the file)")
    p.add_argument(
        "--set",
        dest="overrides",
        action="append",
        default=[],
        metavar="PATH=VALUE",
        help="override a field, e.g. --set staff.crews.repair=3 (repeatable)",
    )


def _execution_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--jobs",
        "-j",
        type=JOBS,
        default=0,
        help="parallel runs (0: all cores; more than the cores are capped)",
    )
    p.add_argument(
        "--executor",
        choices=EXECUTORS,
        default="process",
        help="where runs go: this process, a local process pool (default), or Dask",
    )
    p.add_argument(
        "--scheduler", help="Dask scheduler address (tcp://host:8786) or scheduler file (.json)"
    )
    p.add_argument(
        "--resume",
        action="store_true",
        help="continue an interrupted run in the same --out folder, skipping finished runs",
    )
    p.add_argument(
        "--force",
        action="store_true",
        help="write into an --out folder holding another experiment (replaced when this one "
        "completes) or files gridsim did not write (kept)",
    )
