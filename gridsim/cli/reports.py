"""The commands that read a results folder: re-render its report, draw one of its figures."""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

import pyarrow.parquet as pq

from gridsim.cli_args import check_known, option_error, writable_folder_problem
from gridsim.i18n import _
from gridsim.stats.decompose import GROUPINGS
from gridsim.views.data import ReportError, ResultsData, load_results
from gridsim.views.figures import BY_GROUP, figure_name, figure_of
from gridsim.views.plots import save_figure
from gridsim.views.report import write_report


def _writable(folder: Path, what: str) -> None:
    """Refuse, before any work, an existing folder where files cannot be written."""
    problem = writable_folder_problem(folder) if folder.is_dir() else None
    if problem:
        raise option_error(what, problem)


def cmd_report(args: argparse.Namespace) -> int:
    _writable(args.folder, "report")
    print(f"report: {write_report(args.folder)}")
    return 0


def _group_columns(folder: Path) -> list[str]:
    """Columns of the folder's issue log that make groups: categories, flags, replication
    (from the Parquet schema alone; a column of times would make a curve per issue)."""
    import pyarrow as pa

    try:
        schema = pq.read_schema(folder / "issues.parquet")
    except (OSError, pa.ArrowException) as e:
        raise ReportError(folder, f"issues.parquet cannot be read ({e})") from e
    grouping = (pa.types.is_dictionary, pa.types.is_boolean, pa.types.is_string)
    return [f.name for f in schema
            if f.name == "replication" or any(is_(f.type) for is_ in grouping)]  # fmt: skip


def _check_plot_options(args: argparse.Namespace, data: ResultsData) -> None:
    """--by, --kpi and --parameter against what the results folder holds."""
    if args.kind == "why":  # groups of the decomposition, not of the log
        check_known("--by", "grouping", args.by, ["variant", *GROUPINGS[1:]])
        return
    check_known("--by", "column to group by", args.by, _group_columns(data.folder))
    if args.parameter is not None and args.kind != "sweep":
        raise option_error("--parameter", f"is for --kind sweep, not {args.kind}")
    if args.kind == "sweep" and data.sweep is not None:
        check_known("--kpi", "KPI of sweep.csv", args.kpi, list(data.sweep["kpi"].unique()))
        params = [c for c in data.sweep.columns if "." in c]
        if args.parameter is not None:
            check_known("--parameter", "swept field", args.parameter, params)
        return
    summary = data.summary
    if args.kind == "map":
        summary = summary[summary["scope"].str.startswith("grid:")]
    check_known("--kpi", "KPI" + (" by grid" if args.kind == "map" else ""), args.kpi,
                list(summary["kpi"].unique()))  # fmt: skip


def _one_variant(args: argparse.Namespace, data: ResultsData) -> ResultsData:
    """The folder's data for --variant alone; a grouping other than by variant over several
    variants is refused rather than pooled (their issues would mix in one curve)."""
    variants = data.variants
    if args.variant is not None:
        check_known("--variant", "variant", args.variant, variants)
    elif args.kind in BY_GROUP and args.by != "variant" and len(variants) > 1:
        raise option_error("--variant", f"the folder holds {len(variants)} variants "
                           f"({', '.join(variants)}); --by {args.by} draws one of them: "
                           "name it with --variant NAME (or group --by variant)")  # fmt: skip
    else:
        return data
    issues = data.issues
    return replace(data, summary=data.summary[data.summary["variant"] == args.variant],
                   _issues=issues[issues["variant"].astype(str) == args.variant])  # fmt: skip


def _plot_file(args: argparse.Namespace, data: ResultsData) -> Path:
    """Where the figure goes: --out, else the folder, named by what it shows (a map of one
    of several variants names it); an existing file is refused unless --force."""
    variant = args.variant
    if variant is None and args.kind == "map" and len(data.variants) > 1:
        variant = data.variants[0]  # the map draws the first variant
    name = figure_name(args.kind, metric=args.metric, by=args.by, kpi=args.kpi,
                       parameter=args.parameter, variant=variant)  # fmt: skip
    out: Path = args.out or args.folder / f"{name}.{args.format}"
    if out.exists() and not args.force:
        raise option_error("--out" if args.out else "plot",
                           f"{out} exists; --force replaces it")  # fmt: skip
    return out


def cmd_plot(args: argparse.Namespace) -> int:
    if args.out is None:
        _writable(args.folder, "plot")
    data = load_results(args.folder)
    _check_plot_options(args, data)
    out = _plot_file(args, data)
    data = _one_variant(args, data)
    fig = figure_of(data, args.kind, metric=args.metric, by=args.by, kpi=args.kpi,
                    parameter=args.parameter)  # fmt: skip
    save_figure(fig, out, args.format)
    print(_("figure: {path}").format(path=out))
    return 0
