"""`gridsim check-fit`: does a scenario fitted from a log predict the log's last months?"""

from __future__ import annotations

import argparse
import functools
from pathlib import Path

from gridsim.cli.shared import refuse_foreign, staged_files
from gridsim.cli_args import option_error
from gridsim.fit.check import MIN_REPLICATIONS, CheckFit, Fitter, answer_lines, check_fit
from gridsim.fit.orders import Orders
from gridsim.fit.schemas import SCHEMAS
from gridsim.i18n import _
from gridsim.scenario import Scenario, load_scenario

__all__ = ["CHECK_FILES", "add_check_fit_arguments", "cmd_check_fit", "read_orders",
           "write_check"]  # fmt: skip

CHECK_FILES = ("check_fit.csv", "check_fit.png", "answer.txt")
"""What `--out` receives."""


def cmd_check_fit(args: argparse.Namespace) -> int:
    if args.format is None:
        raise option_error("--format", "expected open311, nyc311 or columns, found nothing")
    base = load_scenario(args.fitted)
    if args.out is not None:
        refuse_foreign(args.out, args.force, CHECK_FILES)
    orders, fit = read_orders(args.log, args.format, base, args.mapping)
    seed = base.seed if args.seed is None else args.seed
    try:
        check = check_fit(orders, base, args.holdout, replications=args.replications,
                          seed=seed, jobs=args.jobs, fit=fit)  # fmt: skip
    except ValueError as e:  # a log too short for the months held out
        raise option_error("--holdout", f"{args.log}: {e}") from None
    lines = answer_lines(check)
    print("\n".join(lines))
    if args.out is not None:
        write_check(check, args.out, "\n".join(lines) + "\n")
        print(_("Written to {out}: check_fit.csv, check_fit.png and answer.txt")
              .format(out=args.out))  # fmt: skip
    return 0


def read_orders(
    path: Path, fmt: str, base: Scenario, mapping: Path | None
) -> tuple[Orders, Fitter]:
    """The log as orders, and the fitter with the mapping's public holidays (a LogError or
    ScenarioError, located, for a log or mapping that cannot be read)."""
    from gridsim.fit.mapping import load_mapping
    from gridsim.fit.pipeline import fit_orders
    from gridsim.fit.read import read_log

    rules = load_mapping(mapping) if mapping is not None else None
    orders = read_log(path, fmt, base=base, mapping=rules)
    holidays = rules.holidays if rules is not None else None
    return orders, functools.partial(fit_orders, holidays=holidays)


def write_check(check: CheckFit, out: Path, answer: str) -> None:
    """check_fit.csv, check_fit.png and answer.txt, staged and then moved in together: an
    interrupted run leaves the folder as it was."""
    from gridsim.views.plots.check_fit import check_fit_figure
    from gridsim.views.report.figures import figure_png

    with staged_files(out, ".check-fit-", CHECK_FILES) as staged:
        check.table.to_csv(staged / "check_fit.csv", index=False)
        (staged / "check_fit.png").write_bytes(figure_png(check_fit_figure(check)))
        (staged / "answer.txt").write_text(answer, encoding="utf-8")


def add_check_fit_arguments(sub: argparse._SubParsersAction) -> None:
    """`gridsim check-fit`'s options."""
    from gridsim.cli.parser import _command
    from gridsim.cli_args import JOBS, SEED, existing_file, integer, output_folder, scenario_file

    cmd = _command(
        sub, "check-fit",
        "fit a log without its last months, simulate them and say how often the log falls "
        "inside the simulated 95 percent intervals (weekly counts, time to close)",
        "gridsim check-fit orders.csv fitted.yaml --format nyc311 --holdout 3 --out check",
    )  # fmt: skip
    cmd.add_argument("log", type=existing_file, help="the work-order log (CSV or Parquet)")
    cmd.add_argument("fitted", type=scenario_file,
                     help="the scenario fitted from the log (gridsim fit): refitted without the "
                          "held-out months; its staff and rules are kept")  # fmt: skip
    months = integer(1, 120, "whole calendar months held out")
    cmd.add_argument("--holdout", type=months, default=3,
                     help="last whole months of the log held out of the fit")  # fmt: skip
    cmd.add_argument("--format", choices=tuple(SCHEMAS),
                     help="the log's schema (needed), as for gridsim fit")  # fmt: skip
    cmd.add_argument("--mapping", type=existing_file, metavar="MAP.yaml",
                     help="the log's categories, locations, columns and holidays, as for "
                          "gridsim fit")  # fmt: skip
    cmd.add_argument(
        "--replications",
        "-r",
        type=integer(MIN_REPLICATIONS, 100_000, "runs for a 95% interval"),
        default=40,
        help="simulated runs of the held-out months",
    )
    cmd.add_argument("--seed", type=SEED, help="base seed (default: the scenario's)")
    cmd.add_argument(
        "--out", type=output_folder, help="folder for check_fit.csv, check_fit.png and answer.txt"
    )
    cmd.add_argument(
        "--force", action="store_true", help="write into an --out folder holding other files (kept)"
    )
    cmd.add_argument(
        "--jobs",
        "-j",
        type=JOBS,
        default=0,
        help="parallel runs (0: all cores; more than the cores are capped)",
    )
