"""`gridsim fit`: a scenario fitted to a community's own work-order log."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

import pandas as pd

from gridsim.cli_args import option_error
from gridsim.experiment.results import atomic_write
from gridsim.fit.estimate import Estimate
from gridsim.i18n import _

__all__ = ["add_fit_arguments", "cmd_fit", "estimates_frame"]


def cmd_fit(args: argparse.Namespace) -> int:
    from gridsim.fit.pipeline import fit_log
    from gridsim.scenario import load_scenario
    from gridsim.views.fit import fit_lines

    if args.format is None:
        raise option_error("--format", "expected open311, nyc311 or columns, found nothing")
    if args.out is None:
        raise option_error("--out", "expected the fitted scenario's file, e.g. fitted.yaml")
    table = args.out.with_suffix(".estimates.csv")
    for path in (args.out, table):
        if path.exists() and not args.force:
            raise option_error("--out", f"{path} exists: choose another name, or --force")
    fitted = fit_log(
        args.log, args.format, base=args.base, mapping=args.mapping,
        bootstrap=args.bootstrap, seed=args.seed, out=args.out,
    )  # fmt: skip
    print("\n".join(fit_lines(fitted, load_scenario(args.base))))
    atomic_write(table, lambda p: estimates_frame(fitted.estimates).to_csv(p, index=False))
    atomic_write(args.out, lambda p: p.write_text(fitted.text, encoding="utf-8"))
    boot = (_("; {n} bootstrap variants (boot-01...) carry the parameters' uncertainty into "
              "runs").format(n=args.bootstrap) if args.bootstrap else "")  # fmt: skip
    print(_("Wrote {out} ({n} fitted numbers, each with its 95% interval, rows and period, "
            "extending {base}{boot}) and {table}.").format(
        out=args.out, n=len(fitted.estimates), base=args.base, boot=boot, table=table))  # fmt: skip
    print(_("Next: gridsim run {out}; gridsim check-fit {log} {out} --format {fmt} --holdout "
            "3").format(out=args.out, log=args.log, fmt=args.format))  # fmt: skip
    return 0


def estimates_frame(estimates: Sequence[Estimate]) -> pd.DataFrame:
    """The estimates as a tidy table: path, value, lower, upper, rows, period, note."""
    columns = ["path", "value", "lower", "upper", "rows", "period", "note"]
    return pd.DataFrame([[getattr(e, c) for c in columns] for e in estimates], columns=columns)


def add_fit_arguments(sub: argparse._SubParsersAction) -> None:
    """`gridsim fit`'s options."""
    from gridsim.cli.parser import _command
    from gridsim.cli_args import existing_file, integer, output_file, scenario_file

    fit = _command(
        sub, "fit",
        "a scenario fitted to a community's own work-order log, every number with its "
        "interval",
        "gridsim fit orders.csv --format open311 --mapping map.yaml --base baseline "
        "--out fitted.yaml --bootstrap 20",
    )  # fmt: skip
    fit.add_argument("log", type=existing_file, help="the log: CSV or Parquet")
    # --format and --out are needed, but checked after parsing (a located line each) rather
    # than by argparse, whose "required" error would blame them for another option's value
    fit.add_argument("--format", choices=("open311", "nyc311", "columns"),
                     help="the log's schema (needed): Open311 GeoReport v2, NYC 311 open "
                          "data, or columns named in the mapping")  # fmt: skip
    fit.add_argument(
        "--mapping",
        type=existing_file,
        help="YAML: the log's categories to kinds, locations to grids, column "
        "names, extract date, holidays (docs/fit_mapping.example.yaml)",
    )
    fit.add_argument(
        "--base",
        type=scenario_file,
        default="baseline",
        help="scenario whose staff, rules and unfitted values the fit keeps",
    )
    fit.add_argument("--out", type=output_file,
                     help="the fitted scenario to write (needed), e.g. fitted.yaml; the "
                          "estimates go beside it as fitted.estimates.csv")  # fmt: skip
    fit.add_argument("--bootstrap", type=integer(0, 1000, "0 to 1000"), default=0,
                     help="variants drawn from the estimates' uncertainty")  # fmt: skip
    fit.add_argument("--seed", type=integer(0, 2**63 - 1, "a whole number >= 0"), default=0,
                     help="seed of the bootstrap draws")  # fmt: skip
    fit.add_argument("--force", action="store_true", help="replace existing output files")
