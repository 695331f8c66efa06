"""`gridsim optimise`: the cheapest plan within bounds that meets the requirements."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from gridsim.cli.shared import _overrides, refuse_foreign, staged_files
from gridsim.i18n import _
from gridsim.optimiser import Optimum, optimise
from gridsim.scenario import load_scenario
from gridsim.scenario.targets import Targets

__all__ = ["OPTIMUM_FILES", "cmd_optimise", "write_optimum"]

OPTIMUM_FILES = ("optimum.json", "frontier.csv", "frontier.png", "answer.txt", "report.html")
"""What `--out` receives."""


def cmd_optimise(args: argparse.Namespace) -> int:
    base = load_scenario(args.scenario, _overrides(args))
    if args.out is not None:
        _check_out(args.out, args.force)
    executor = "dask" if args.scheduler else args.executor
    opt = optimise(
        base, args.levers, args.requirements, confidence=args.confidence,
        tolerance=args.tolerance, first=args.first, most=args.most, step=args.step,
        batch=args.batch, jobs=args.jobs, executor=executor, scheduler=args.scheduler,
        progress=not args.quiet,
    )  # fmt: skip
    from gridsim.views.optimum import answer_lines

    lines = answer_lines(opt, base.targets)
    print("\n".join(lines))
    if args.out is not None:
        write_optimum(opt, args.out, "\n".join(lines) + "\n", base.targets)
        print(_("Written to {out}: optimum.json, frontier.csv (every plan simulated), "
                "frontier.png, answer.txt and report.html").format(out=args.out))  # fmt: skip
    return 0


def _check_out(out: Path, force: bool) -> None:
    """Refuse a folder holding files another command wrote, unless --force."""
    refuse_foreign(out, force, OPTIMUM_FILES)


def write_optimum(opt: Optimum, out: Path, answer: str, targets: Targets | None = None) -> None:
    """optimum.json, frontier.csv, frontier.png, answer.txt and report.html, staged and then
    moved in together: an interrupted run leaves the folder as it was."""
    from gridsim.views.plots.frontier import frontier_figure
    from gridsim.views.report.figures import figure_png
    from gridsim.views.report.optimum import optimum_report

    with staged_files(out, ".optimise-", OPTIMUM_FILES) as staged:
        (staged / "optimum.json").write_text(
            json.dumps(opt.to_json(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        opt.frontier.to_csv(staged / "frontier.csv", index=False)
        png = figure_png(frontier_figure(opt))
        (staged / "frontier.png").write_bytes(png)
        (staged / "answer.txt").write_text(answer, encoding="utf-8")
        (staged / "report.html").write_text(optimum_report(opt, targets, png), encoding="utf-8")
    sys.stdout.flush()


def add_optimise_arguments(sub: argparse._SubParsersAction) -> None:
    """`gridsim optimise`'s options."""
    from gridsim.cli.parser import _command, _execution_options, _scenario_argument, _size_options
    from gridsim.cli_args import integer, number, output_folder

    opt = _command(
        sub, "optimise",
        "the cheapest plan within bounds that meets the requirements, at a stated confidence",
        "gridsim optimise baseline --lever staff.crews.repair=1:5 --lever staff.on_call.repair=0:2 "
        "--require 'target_on_site_share@kind:repair>=0.2' --out results/cheapest",
    )  # fmt: skip
    _scenario_argument(opt)
    # --lever and --require are needed, but checked by the optimiser (a located line each)
    # rather than by argparse, whose "required" error would blame a missing option for a
    # bad value of the other
    opt.add_argument("--lever", dest="levers", action="append", default=[],
                     metavar="PATH=LOW:HIGH[:COST]",
                     help="an integer field and its bounds, with a cost per unit in CNY a year "
                          "where the wages do not say (needed; repeatable)")  # fmt: skip
    opt.add_argument("--require", dest="requirements", action="append", default=[],
                     metavar="KPI[@SCOPE]>=VALUE",
                     help="a KPI of summary.csv at least (>=) or at most (<=) a value "
                          "(needed; repeatable)")  # fmt: skip
    opt.add_argument("--confidence", type=number(0.5, 1, "e.g. 0.95"), default=0.95,
                     help="how sure the plan must be to meet each requirement")  # fmt: skip
    opt.add_argument("--tolerance", type=number(0, 1e9, "in the KPI's unit", above=True),
                     help="how close to a goal counts as meeting it (default: the scenario's "
                          "practical threshold for the KPI's unit)")  # fmt: skip
    opt.add_argument(
        "--first",
        type=integer(2, 10_000, "at least 2"),
        default=10,
        help="replications each plan gets before the check may decide",
    )
    opt.add_argument(
        "--most",
        type=integer(2, 100_000, "at least 2"),
        default=100,
        help="replications a plan gets at most (then: undecided)",
    )
    opt.add_argument(
        "--step",
        type=integer(1, 10_000, "at least 1"),
        default=5,
        help="replications added to an undecided plan each round",
    )
    opt.add_argument(
        "--batch",
        type=integer(1, 10_000, "at least 1"),
        default=4,
        help="plans decided side by side in the search by cost",
    )
    _size_options(opt)
    opt.add_argument(
        "--out",
        type=output_folder,
        help="folder for optimum.json, frontier.csv, frontier.png, answer.txt and report.html",
    )
    opt.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    _execution_options(opt)
