"""The argument parser, built one subcommand at a time: each function adds one command's
arguments, so a command's options read in one place."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

import gridsim
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
)
from gridsim.experiment.executors import EXECUTORS
from gridsim.i18n import LANGS
from gridsim.views.animate import add_animate_arguments
from gridsim.views.demo import add_demo_arguments
from gridsim.views.figures import PLOT_KINDS

if TYPE_CHECKING:
    from typing import TypeAlias

    Subparsers: TypeAlias = argparse._SubParsersAction[Parser]


def _parser() -> argparse.ArgumentParser:
    p = Parser(
        prog="gridsim",
        description="Simulate grid-based community governance and compare staffing and rules.",
    )
    p.add_argument("--version", action="version", version=f"gridsim {gridsim.__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _run_arguments(sub)
    _calibrate_arguments(sub)
    _compare_arguments(sub)
    _sweep_arguments(sub)
    _warmup_arguments(sub)
    _replications_arguments(sub)
    _report_arguments(sub)
    _plot_arguments(sub)
    demo = sub.add_parser("demo", help="the workshop demo in the browser (gridsim[demo])")
    add_demo_arguments(demo)
    anim = sub.add_parser("animate", help="a replay of the community map as a GIF or MP4")
    add_animate_arguments(anim)
    val = sub.add_parser("validate", help="check scenario files and their variants")
    val.add_argument("scenarios", type=input_path, nargs="+")
    sub.add_parser("schema", help="print the scenario JSON schema (for editor completion)")
    for command in sub.choices.values():
        _lang_argument(command)
    return p


def _lang_argument(command: argparse.ArgumentParser) -> None:
    """--lang on every command: what it prints, writes and draws, in Chinese or English."""
    command.add_argument(
        "--lang",
        choices=LANGS,
        help="language of the console, report, figures and demo: zh or en (default: from "
        "GRIDSIM_LANG, else the locale: zh_* is Chinese, anything else English)",
    )


def _run_arguments(sub: Subparsers) -> None:
    run = sub.add_parser("run", help="run a scenario's replications and write a results folder")
    run.add_argument("scenario", type=input_path, help="scenario YAML file")
    run.add_argument(
        "--out", type=output_folder, help="results folder (default: results/<scenario name>)"
    )
    run.add_argument("--replications", "-r", type=REPLICATIONS,
                     help="replications (default: from the file)")  # fmt: skip
    run.add_argument("--seed", type=SEED, help="base seed (default: from the file)")
    run.add_argument(
        "--set",
        dest="overrides",
        action="append",
        default=[],
        metavar="PATH=VALUE",
        help="override a field, e.g. --set staff.crews.repair=3 (repeatable)",
    )
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
    cal = sub.add_parser("calibrate", help="simulated counts beside the scenario's figures")
    cal.add_argument("scenario", type=input_path)
    cal.add_argument("--replications", "-r", type=REPLICATIONS,
                     help="replications (default: from file)")  # fmt: skip
    cal.add_argument("--seed", type=SEED)
    cal.add_argument("--set", dest="overrides", action="append", default=[], metavar="PATH=VALUE")
    cal.add_argument(
        "--out", type=output_folder,
        help="write the experiment, calibration.csv and the report in this folder",
    )  # fmt: skip
    cal.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    _execution_options(cal)


def _compare_arguments(sub: Subparsers) -> None:
    cmp = sub.add_parser(
        "compare", help="paired comparison of scenario files (or of one file's variants)"
    )
    cmp.add_argument("scenarios", type=input_path, nargs="+", help="the first is the baseline")
    _common_run_options(cmp)


def _sweep_arguments(sub: Subparsers) -> None:
    swp = sub.add_parser("sweep", help="a factorial or Latin hypercube design over fields")
    swp.add_argument("scenario", type=input_path)
    swp.add_argument(
        "--grid", action="append", default=[], metavar="PATH=V1,V2,...",
        help="factorial levels of a field (repeatable)",
    )  # fmt: skip
    swp.add_argument("--lhs", type=LHS_POINTS, metavar="N", help="N Latin hypercube points")
    swp.add_argument(
        "--range", dest="ranges", action="append", default=[], metavar="PATH=LOW:HIGH",
        help="range of a field for --lhs (repeatable)",
    )  # fmt: skip
    _common_run_options(swp)


def _warmup_arguments(sub: Subparsers) -> None:
    wup = sub.add_parser("warmup", help="how long the warm-up should be (MSER-5, Welch)")
    wup.add_argument("scenario", type=input_path)
    _common_run_options(wup)


def _replications_arguments(sub: Subparsers) -> None:
    nrep = sub.add_parser("replications", help="how many replications for a given precision")
    nrep.add_argument("scenario", type=input_path)
    nrep.add_argument(
        "--precision", type=PRECISION, default=0.05,
        help="relative half-width, above 0 and at most 1 (default 0.05: +-5%%)",
    )  # fmt: skip
    nrep.add_argument(
        "--kpi", dest="kpis", action="append", metavar="NAME", help="KPIs (default: headline)"
    )
    _common_run_options(nrep)


def _report_arguments(sub: Subparsers) -> None:
    rpt = sub.add_parser("report", help="(re-)render report.html from a results folder")
    rpt.add_argument("folder", type=input_path)


def _plot_arguments(sub: Subparsers) -> None:
    plot = sub.add_parser("plot", help="one figure from a results folder, as PNG or SVG")
    plot.add_argument("folder", type=input_path)
    plot.add_argument("--kind", choices=PLOT_KINDS, default="ecdf")
    plot.add_argument(
        "--metric", choices=("on_site", "resolution", "plan"), default="on_site",
        help="for ecdf and histogram: time to on site, to resolution, or to a plan",
    )  # fmt: skip
    plot.add_argument("--by", default="variant", help="log column to group by (ecdf, etc.)")
    plot.add_argument("--kpi", default="on_site_p90_min", help="for map and sweep")
    plot.add_argument("--parameter", help="for sweep: the swept field on the x axis")
    plot.add_argument("--format", choices=("png", "svg"), default="png")
    plot.add_argument("--out", type=output_file, help="file to write (default: in the folder)")


def _common_run_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--replications", "-r", type=REPLICATIONS,
                   help="replications (default: from file)")  # fmt: skip
    p.add_argument("--seed", type=SEED, help="base seed (default: from the file)")
    p.add_argument("--set", dest="overrides", action="append", default=[], metavar="PATH=VALUE")
    p.add_argument("--out", type=output_folder, help="results folder")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    _execution_options(p)


def _execution_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--jobs", "-j", type=JOBS, default=0,
                   help="parallel runs (0: all cores; more than the cores are capped)")  # fmt: skip
    p.add_argument(
        "--executor", choices=EXECUTORS, default="process",
        help="where runs go: this process, a local process pool (default), or Dask",
    )  # fmt: skip
    p.add_argument(
        "--scheduler", help="Dask scheduler address (tcp://host:8786) or scheduler file (.json)"
    )
    p.add_argument(
        "--resume", action="store_true",
        help="continue an interrupted run in the same --out folder, skipping finished runs",
    )  # fmt: skip
    p.add_argument(
        "--force", action="store_true",
        help="write into an --out folder holding another experiment (replaced when this one "
        "completes) or files gridsim did not write (kept)",
    )  # fmt: skip
