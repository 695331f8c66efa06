"""`gridsim export`: one run of a results folder written as a platform's work-order log."""

from __future__ import annotations

import argparse
import math
from pathlib import Path

from gridsim.cli_args import option_error
from gridsim.fit.export import SUFFIXES, WRITERS, Choice, load_run, write_log
from gridsim.fit.orders import Orders
from gridsim.fit.schemas import ORIGIN, SCHEMAS
from gridsim.i18n import _

__all__ = ["FORMAT_NAMES", "add_export_arguments", "cmd_export", "origin"]

FORMAT_NAMES = {
    "open311": "Open311 GeoReport v2",
    "nyc311": "NYC 311",
    "columns": "gridsim's own",
}
"""How the console names each format."""


def cmd_export(args: argparse.Namespace) -> int:
    out: Path = args.out or args.folder / f"log-{args.format}.csv"
    _check_out(out, args.force, "--out" if args.out else "export")
    run, choice = load_run(args.folder, variant=args.variant, replication=args.replication,
                           origin=args.origin)  # fmt: skip
    frame = WRITERS[args.format](run)
    write_log(frame, out)
    for line in _answer(args.format, len(frame), run.orders, choice, out):
        print(line)
    return 0


def _check_out(out: Path, force: bool, option: str) -> None:
    """A .csv or .parquet file, not replaced unless --force."""
    if out.suffix.lower() not in SUFFIXES:
        raise option_error(option, f"expected a file name ending in .csv or .parquet (the "
                                   f"suffix chooses the format), found {str(out)!r}")  # fmt: skip
    if out.exists() and not force:
        raise option_error(option, f"{out} exists; --force replaces it")


def _answer(fmt: str, rows: int, orders: Orders, choice: Choice, out: Path) -> list[str]:
    """What was written, from which run, what the log holds and leaves out, and what next."""
    open_ = int(orders.table["open"].sum())
    if fmt == "events":
        head = _("{out}: {rows} events (one row per event: case:concept:name, concept:name, "
                 "time:timestamp, org:resource, as pm4py reads them), from variant {variant}, "
                 "replication {replication}")  # fmt: skip
    else:
        head = _("{out}: {rows} orders in {name} columns, from variant {variant}, replication "
                 "{replication}")  # fmt: skip
    lines = [
        head.format(out=out, rows=f"{rows:,}", name=_(FORMAT_NAMES.get(fmt, fmt)),
                    variant=choice.variant, replication=choice.replication),
        _("Taken at {extract}, the end of the run: {n} orders were still open then (status "
          "open, no close time)").format(extract=f"{orders.extract:%Y-%m-%d %H:%M}",
                                         n=f"{open_:,}"),
    ]  # fmt: skip
    if fmt in SCHEMAS and SCHEMAS[fmt].signed is None:
        lines.append(_("This format holds the report and close times only; --format columns "
                       "keeps every stage (signed, on site, resolved)"))  # fmt: skip
    if len(choice.variants) > 1 or len(choice.replications) > 1:
        lines.append(_("The folder holds {v} variants ({names}) and {r} replications of "
                       "this one: --variant and --replication choose another").format(
            v=len(choice.variants), names=", ".join(choice.variants),
            r=len(choice.replications)))  # fmt: skip
    if fmt in SCHEMAS:  # what gridsim fit reads
        lines.append(_("Fit a scenario from it: gridsim fit {out} --format {fmt} --base "
                       "SCENARIO --out fitted.yaml").format(out=out, fmt=fmt))  # fmt: skip
    return lines


def origin(text: str) -> tuple[float, float]:
    """LAT,LONG in degrees: where the map's x_km = y_km = 0 is."""
    try:
        lat, long = (float(part) for part in text.split(","))
    except ValueError:
        lat = long = math.nan
    if not (-85 <= lat <= 85 and -180 <= long <= 180):  # NaN fails both
        raise argparse.ArgumentTypeError(
            f"expected LAT,LONG in degrees, latitude from -85 to 85 and longitude from -180 "
            f"to 180, such as {ORIGIN[0]},{ORIGIN[1]}, found {text!r}"
        )
    return lat, long


def add_export_arguments(sub: argparse._SubParsersAction) -> None:
    """`gridsim export`'s options."""
    from gridsim.cli.parser import _command
    from gridsim.cli_args import REPLICATION, input_path, output_file

    exp = _command(
        sub, "export",
        "write one run of a results folder as a work-order log (Open311, NYC 311 or "
        "gridsim's columns), to test `gridsim fit` on a log whose truth is known",
        "gridsim export results/baseline --format open311 --out log.csv",
        "gridsim export results/baseline --format columns --variant base --replication 2 "
        "--out log.parquet",
    )  # fmt: skip
    exp.add_argument("folder", type=input_path,
                     help="a results folder written by run (or compare, sweep) --out")  # fmt: skip
    exp.add_argument("--format", choices=list(WRITERS), default="open311",
                     help="the log's columns: Open311 GeoReport v2, NYC 311, or every stage in "
                          "gridsim's names")  # fmt: skip
    exp.add_argument("--out", type=output_file,
                     help="file to write, .csv or .parquet (default: log-FORMAT.csv in the "
                          "results folder)")  # fmt: skip
    exp.add_argument(
        "--variant",
        metavar="NAME",
        help="the variant to export (default: the first the folder holds)",
    )
    exp.add_argument(
        "--replication",
        type=REPLICATION,
        help="the replication to export (default: the variant's first)",
    )
    exp.add_argument("--origin", type=origin, metavar="LAT,LONG",
                     help=f"where the map's x_km = y_km = 0 is, for lat and long (default: "
                          f"{ORIGIN[0]},{ORIGIN[1]})")  # fmt: skip
    exp.add_argument("--force", action="store_true", help="replace an existing file")
