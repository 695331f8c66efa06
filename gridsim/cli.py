"""The command line: parse, call, print. Bad input exits with status 2 and a located message."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import numpy as np
import pyarrow.parquet as pq

import gridsim
from gridsim.cli_args import (
    JOBS,
    LHS_POINTS,
    PRECISION,
    REPLICATIONS,
    SEED,
    Parser,
    check_known,
    input_path,
    option_error,
    output_file,
    output_folder,
    writable_folder_problem,
)
from gridsim.experiment.executors import EXECUTORS, ExecutorError
from gridsim.experiment.folder import alone, cannot_write
from gridsim.experiment.results import OutputError, atomic_write, part_log
from gridsim.experiment.runner import Experiment, run_experiment
from gridsim.experiment.studies import (
    HEADLINE_KPIS,
    backlog_by_day,
    comparison_variants,
    run_pilot,
)
from gridsim.experiment.sweep import (
    design_variants,
    factorial,
    latin_hypercube,
    parse_levels,
    parse_ranges,
    sweep_table,
)
from gridsim.model.demand import DAY_MIN
from gridsim.scenario import Scenario, ScenarioError, load_scenario, variant_scenarios
from gridsim.stats.calibration import (
    CALIBRATION_CSV,
    annual_counts,
    calibration_csv,
    calibration_rows,
    calibration_table,
)
from gridsim.stats.compare import NOT_REACHED, compare, kpi_label, rank, verdict_text
from gridsim.stats.load import overload_warnings
from gridsim.stats.replications import no_spread, pilot_values, replications_needed
from gridsim.stats.summary import describe, headline_table, intervals
from gridsim.stats.warmup import MSER_BATCH, mser5, warmup_figure
from gridsim.views.animate import add_animate_arguments, run_animate
from gridsim.views.data import ReportError, ResultsData, load_results
from gridsim.views.demo import add_demo_arguments, run_demo
from gridsim.views.figures import PLOT_KINDS, figure_of
from gridsim.views.plots import save_figure
from gridsim.views.report import REPORT_NAME, write_report

if TYPE_CHECKING:
    import pandas as pd

EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 143
EXIT_BROKEN_PIPE = 141
MAX_REPLICATIONS = 10_000


def _parser() -> argparse.ArgumentParser:
    p = Parser(
        prog="gridsim",
        description="Simulate grid-based community governance and compare staffing and rules.",
    )
    p.add_argument("--version", action="version", version=f"gridsim {gridsim.__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

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

    cal = sub.add_parser("calibrate", help="simulated annual counts beside the seed's figures")
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

    cmp = sub.add_parser(
        "compare", help="paired comparison of scenario files (or of one file's variants)"
    )
    cmp.add_argument("scenarios", type=input_path, nargs="+", help="the first is the baseline")
    _common_run_options(cmp)

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

    wup = sub.add_parser("warmup", help="how long the warm-up should be (MSER-5, Welch)")
    wup.add_argument("scenario", type=input_path)
    _common_run_options(wup)

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

    rpt = sub.add_parser("report", help="(re-)render report.html from a results folder")
    rpt.add_argument("folder", type=input_path)

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

    demo = sub.add_parser("demo", help="the workshop demo in the browser (gridsim[demo])")
    add_demo_arguments(demo)
    anim = sub.add_parser("animate", help="a replay of the community map as a GIF or MP4")
    add_animate_arguments(anim)

    val = sub.add_parser("validate", help="check scenario files and their variants")
    val.add_argument("scenarios", type=input_path, nargs="+")

    sub.add_parser("schema", help="print the scenario JSON schema (for editor completion)")
    return p


def _common_run_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--replications", "-r", type=REPLICATIONS,
                   help="replications (default: from file)")  # fmt: skip
    p.add_argument("--seed", type=SEED, help="base seed (default: from the file)")
    p.add_argument("--set", dest="overrides", action="append", default=[], metavar="PATH=VALUE")
    p.add_argument("--out", type=output_folder, help="results folder")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    _execution_options(p)


def source_text(path: Path) -> str | None:
    """The scenario file as written, comments and all (already read once, so readable)."""
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


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


def _execution(args: argparse.Namespace) -> dict:
    executor = "dask" if args.scheduler else args.executor
    return {
        "executor": executor,
        "jobs": args.jobs,
        "scheduler": args.scheduler,
        "resume": args.resume,
        "force": args.force,
        "progress": not args.quiet,
    }


def _overrides(args: argparse.Namespace) -> list[str]:
    extra = []
    if args.replications is not None:
        extra.append(f"replications={args.replications}")
    if args.seed is not None:
        extra.append(f"seed={args.seed}")
    return [*args.overrides, *extra]


def cmd_run(args: argparse.Namespace) -> int:
    scenario = load_scenario(args.scenario, _overrides(args))
    for name in args.variants or []:
        check_known("--variant", "variant", name, ["base", *scenario.variants])
    variants = variant_scenarios(scenario, args.variants)
    if all(v.expected_issues() == 0 for v in variants.values()):
        raise ScenarioError.single(
            str(args.scenario),
            "every kind has rate_per_household_year 0: nothing to simulate",
            path="demand.kinds",
        )
    out = args.out or Path("results") / args.scenario.stem
    for label, variant in variants.items():
        for warning in overload_warnings(variant, label):
            print(f"warning: {warning}", file=sys.stderr)
    runs = scenario.replications * len(variants)
    print(
        f"gridsim {gridsim.__version__}: {scenario.name}: {len(variants)} variant(s) x "
        f"{scenario.replications} replication(s) = {runs} run(s), "
        f"{scenario.calendar.horizon_days:g} days each, seed {scenario.seed}",
        file=sys.stderr,
    )
    wall = time.perf_counter()
    header = (
        f"# seed {scenario.seed}, {scenario.replications} replications, "
        f"variants: {', '.join(variants)}\n"
    )
    exp = run_experiment(
        variants, scenario.replications, out, header=header, source=source_text(args.scenario),
        render=None if args.no_report else write_report, **_execution(args),
    )  # fmt: skip
    wall = time.perf_counter() - wall
    print(headline_table(exp.rows))
    rate = exp.events / exp.cpu_seconds if exp.cpu_seconds > 0 else float("nan")
    resumed = f" ({exp.resumed} finished earlier, kept)" if exp.resumed else ""
    print(
        f"\n{exp.runs} run(s){resumed} in {wall:.1f} s wall, {exp.cpu_seconds:.2f} CPU-s "
        f"simulating, {rate:,.0f} events per CPU-second"
    )
    if not args.no_report:
        print(f"report: {out / REPORT_NAME}")
    print(f"results: {out}/ (issues.parquet, summary.csv, scenario.yaml, manifest.json)")
    return 0


def cmd_calibrate(args: argparse.Namespace) -> int:
    """The replications, their annual counts beside the seed's figures; with --out, a whole
    experiment folder (tables, report with its calibration section, `calibration.csv`)."""
    scenario = load_scenario(args.scenario, _overrides(args))
    n = scenario.replications
    print(f"calibrating {scenario.name}: {n} replication(s) of "
          f"{scenario.calendar.horizon_days:g} days", file=sys.stderr)  # fmt: skip
    found: dict[str, list] = {}

    def calibration(exp: Experiment) -> dict[str, str]:
        assert exp.out is not None
        logs = (pq.read_table(part_log(exp.out, "base", r)) for r in range(n))
        found["rows"] = calibration_rows([annual_counts(log, scenario) for log in logs])
        return {CALIBRATION_CSV: calibration_csv(found["rows"])}

    if args.out is None:
        exp = run_pilot(scenario, n, **{**_execution(args), "resume": False})
        found["rows"] = calibration_rows([annual_counts(log, scenario) for log in exp.logs])
    else:
        run_experiment({"base": scenario}, n, args.out, command="calibrate",
                       source=source_text(args.scenario), extras=calibration,
                       render=write_report, **_execution(args))  # fmt: skip
    print(calibration_table(found["rows"]))
    if args.out is not None:
        print(f"\nreport: {args.out / REPORT_NAME}")
        print(f"results: {args.out}/ ({CALIBRATION_CSV}, issues.parquet, summary.csv, ...)")
    return 0


def _twice_notes(paths: Sequence[Path]) -> list[str]:
    """Notes on files given twice (an A/A comparison: every difference should be 0) and on
    different files of one name (the later ones get a trailing '_' as their label)."""
    notes, seen, stems = [], set(), set()
    for path in paths:
        if path.resolve() in seen:
            notes.append(f"{path} is given twice: an A/A comparison, every difference is 0")
        elif path.stem in stems:
            notes.append(f"{path}: another file is named {path.stem!r}; this one is labelled "
                         f"{path.stem}_ (and so on)")  # fmt: skip
        seen.add(path.resolve())
        stems.add(path.stem)
    return notes


@contextlib.contextmanager
def _own_file(out: Path | None, name: str) -> Iterator[None]:
    """Hold ``out`` (when given) for a command writing only ``name`` there; a failed write
    is one line."""
    if out is None:
        yield
        return
    try:
        with alone(out, name):
            yield
    except OSError as e:
        raise cannot_write(e, out) from e


def cmd_compare(args: argparse.Namespace) -> int:
    variants, notes = comparison_variants(args.scenarios, _overrides(args))
    notes = [*_twice_notes(args.scenarios), *notes]
    if len(variants) < 2:
        raise option_error("compare", f"{args.scenarios[0]} has no variants: nothing to compare "
                           "with; give a second scenario file (gridsim compare A.yaml B.yaml) "
                           "or add a `variants:` section to the file")  # fmt: skip
    for note in notes:
        print(f"note: {note}", file=sys.stderr)
    first = next(iter(variants.values()))
    n = first.replications if args.replications is None else args.replications
    names = list(variants)

    def table_of(rows: list[dict]) -> pd.DataFrame:
        return compare(rows, names[0], names[1:], kpis=list(HEADLINE_KPIS))

    exp = run_experiment(
        variants, n, args.out, command="compare", render=write_report,
        extras=lambda e: {"comparison.csv": table_of(e.rows).to_csv(index=False)},
        **_execution(args),
    )  # fmt: skip
    table = table_of(exp.rows)
    print(f"paired comparison with {names[0]} ({n} replications, same demand):")
    for _, row in table.iterrows():
        tag = f"[{row['verdict']}] " if row["verdict"] in ("better", "worse", NOT_REACHED) else ""
        print(f"  {tag}{verdict_text(row)}")
    if len(names) > 2:
        for kpi in ("on_site_p90_min", "target_on_site_share", "resolution_mean_min"):
            ranked = rank(exp.rows, names, kpi)
            order = ", ".join(
                f"{r.variant}{'' if r.distinguishable or r.rank == 1 else ' (tie)'}"
                for r in ranked.itertuples()
            )
            print(f"  ranking by {kpi_label(kpi)}: {order}")
    if args.out is not None:
        print(f"report: {args.out / REPORT_NAME}")
        print(f"results: {args.out}/ (comparison.csv, summary.csv, issues.parquet)")
    return 0


def cmd_sweep(args: argparse.Namespace) -> int:
    base = load_scenario(args.scenario, _overrides(args))
    points = _design(args, base.seed)
    variants, design = design_variants(base, points)
    print(f"sweep: {len(points)} design points x {base.replications} replications", file=sys.stderr)
    exp = run_experiment(
        variants, base.replications, args.out, command="sweep", render=write_report,
        extras=lambda e: {"sweep.csv": sweep_table(design, e.rows).to_csv(index=False)},
        **_execution(args),
    )  # fmt: skip
    ci = intervals(exp.rows)
    params = [k for k in design[0] if k != "point"]
    print("point  " + "  ".join(params) + "  | on site p90 (min) | on site within target")
    for point in design:
        p90 = describe(ci, (point["point"], "on_site_p90_min", "community"), "{:.1f}")[0]
        share = describe(ci, (point["point"], "target_on_site_share", "community"), "{:.1%}")[0]
        values = "  ".join(str(point[p]) for p in params)
        print(f"{point['point']}  {values}  | {p90} | {share}")
    if args.out is not None:
        print(f"report: {args.out / REPORT_NAME}")
        print(f"results: {args.out}/ (sweep.csv: one row per point, replication and KPI)")
    return 0


def _design(args: argparse.Namespace, seed: int) -> list[dict]:
    """The sweep's design points: two or more, from --grid or from --lhs with --range."""
    if bool(args.grid) == bool(args.lhs):
        raise option_error("sweep", "give either --grid levels or --lhs N with --range")
    if bool(args.lhs) != bool(args.ranges):
        raise option_error("--range" if args.ranges else "--lhs",
                           "--lhs N and --range PATH=LOW:HIGH go together")  # fmt: skip
    if args.lhs:
        return latin_hypercube(parse_ranges(args.ranges), args.lhs, seed)
    points = factorial(parse_levels(args.grid))
    if len(points) < 2:
        raise option_error("--grid", "the levels make one design point: nothing to sweep; give "
                           "two or more values (PATH=V1,V2), or use gridsim run --set")  # fmt: skip
    return points


def cmd_warmup(args: argparse.Namespace) -> int:
    scenario = load_scenario(args.scenario, _overrides(args))
    n = scenario.replications
    days = scenario.calendar.horizon_days
    if days < 2 * MSER_BATCH:
        raise ScenarioError.single(str(args.scenario), f"MSER-5 needs at least {2 * MSER_BATCH} "
                                   f"days (two batches of {MSER_BATCH}); found {days:g}",
                                   path="calendar.horizon_days")  # fmt: skip
    with _own_file(args.out, "warmup.png"):
        exp = run_pilot(scenario, n, **{**_execution(args), "resume": False})
        _warmup(args, scenario, exp)
    return 0


def _warmup(args: argparse.Namespace, scenario: Scenario, exp: Experiment) -> None:
    n = scenario.replications
    horizon = scenario.calendar.horizon_days * DAY_MIN
    series = np.array([backlog_by_day(log, horizon) for log in exp.logs])
    mean = series.mean(axis=0)
    cut = mser5(mean)
    print(f"MSER-5 on the daily backlog (mean of {n} replications): warm-up {cut} day(s)")
    if cut >= MSER_BATCH * (len(mean) // MSER_BATCH // 2):
        print("warning: the minimum is at the end of the search (half the run): the run is "
              "too short to tell; try a longer calendar.horizon_days", file=sys.stderr)  # fmt: skip
    print(f"the scenario's warm-up: {scenario.calendar.warmup_days:g} day(s)")
    if args.out is not None and series.shape[1] >= 4:
        window = max(1, min(7, series.shape[1] // 4))  # a week, within Law & Kelton's m/4
        fig = warmup_figure(series, window, truncation=cut)
        args.out.mkdir(parents=True, exist_ok=True)
        atomic_write(args.out / "warmup.png", lambda p: fig.savefig(p, format="png", dpi=150))
        print(f"figure: {args.out / 'warmup.png'}")


def _pilot_size(args: argparse.Namespace, scenario: Scenario) -> int:
    """The pilot's replications: two at least, for a spread to estimate."""
    n = scenario.replications
    if n < 2:
        message = f"a pilot needs at least 2 replications to estimate the spread; found {n}"
        if args.replications is not None:
            raise option_error("--replications", message)
        raise ScenarioError.single(str(args.scenario), message + " (use --replications 10)",
                                   path="replications")  # fmt: skip
    return n


def _needed_text(kpi: str, needed: dict[str, int], flat: list[str], max_n: int) -> str:
    """One KPI's answer in words: a number, "at least", or why there is none."""
    if kpi not in needed:
        return "unknown: fewer than 2 replications of the pilot have a value"
    if needed[kpi] >= max_n:
        return f"at least {max_n:,} (the mean is too close to 0 for a relative precision)"
    if kpi in flat:
        return f"{needed[kpi]} (no spread in the pilot: met, unless a larger pilot shows some)"
    return str(needed[kpi])


def _possible_kpis(scenario: Scenario) -> list[str]:
    """Community KPIs any run can have, known before running: those of a run without issues,
    the count at each rung of the ladder and the ones with a planner's name."""
    from gridsim.scenario.schema import LEVELS
    from gridsim.stats.compare import KPI_LABELS
    from gridsim.stats.kpis import KpiAccumulator

    empty = KpiAccumulator(0.0, DAY_MIN, scenario.targets).kpis([])
    rungs = [f"{col}:{level}" for col in ("level", "level_recorded") for level in LEVELS]
    return sorted({k.kpi for k in empty if k.scope == "community"} | set(rungs) | set(KPI_LABELS))


def cmd_replications(args: argparse.Namespace) -> int:
    scenario = load_scenario(args.scenario, _overrides(args))
    n = _pilot_size(args, scenario)
    for kpi in args.kpis or []:  # before the pilot; exactly against its KPIs after it
        check_known("--kpi", "KPI", kpi, _possible_kpis(scenario))
    exp = run_pilot(scenario, n, **{**_execution(args), "resume": False})
    kpis = args.kpis or list(HEADLINE_KPIS)
    known = sorted({r["kpi"] for r in exp.rows if r["scope"] == "community"})
    for kpi in kpis:
        check_known("--kpi", "KPI", kpi, known)
    values = pilot_values(exp.rows, "base", kpis=kpis)
    needed = replications_needed(values, args.precision, max_n=MAX_REPLICATIONS)
    flat = no_spread(values)
    print(f"replications for a 95% interval within {args.precision:.0%} of the mean "
          f"(pilot of {n}):")  # fmt: skip
    width = max(len(kpi_label(k)) for k in kpis) + 2
    for kpi in kpis:
        print(f"  {kpi_label(kpi):<{width}}{_needed_text(kpi, needed, flat, MAX_REPLICATIONS)}")
    print(f"  {'all of them':<{width}}{_needed_text('overall', needed, [], MAX_REPLICATIONS)}")
    return 0


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
    import pyarrow.parquet as pq

    try:
        schema = pq.read_schema(folder / "issues.parquet")
    except (OSError, pa.ArrowException) as e:
        raise ReportError(folder, f"issues.parquet cannot be read ({e})") from e
    grouping = (pa.types.is_dictionary, pa.types.is_boolean, pa.types.is_string)
    return [f.name for f in schema
            if f.name == "replication" or any(is_(f.type) for is_ in grouping)]  # fmt: skip


def _check_plot_options(args: argparse.Namespace, data: ResultsData) -> None:
    """--by, --kpi and --parameter against what the results folder holds."""
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


def cmd_plot(args: argparse.Namespace) -> int:
    if args.out is None:
        _writable(args.folder, "plot")
    data = load_results(args.folder)
    _check_plot_options(args, data)
    fig = figure_of(data, args.kind, metric=args.metric, by=args.by, kpi=args.kpi,
                    parameter=args.parameter)  # fmt: skip
    out = args.out or args.folder / f"{args.kind}-{args.metric}.{args.format}"
    save_figure(fig, out, args.format)
    print(f"figure: {out}")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    failed = 0
    for path in args.scenarios:
        try:
            scenario = load_scenario(path)
            variants = variant_scenarios(scenario)
        except ScenarioError as e:
            print(e, file=sys.stderr)
            failed += 1
            continue
        print(
            f"ok: {path}: {scenario.name!r}, {len(scenario.community.grids)} grids, "
            f"{sum(g.households for g in scenario.community.grids)} households, "
            f"{len(variants) - 1} variant(s)"
        )
    return EXIT_BAD_INPUT if failed else 0


def cmd_schema(args: argparse.Namespace) -> int:
    schema = Scenario.model_json_schema()
    schema["title"] = "gridsim scenario"
    print(json.dumps(schema, indent=2, ensure_ascii=False))
    return 0


COMMANDS = {
    "run": cmd_run,
    "compare": cmd_compare,
    "sweep": cmd_sweep,
    "warmup": cmd_warmup,
    "replications": cmd_replications,
    "calibrate": cmd_calibrate,
    "report": cmd_report,
    "plot": cmd_plot,
    "demo": run_demo,
    "animate": run_animate,
    "validate": cmd_validate,
    "schema": cmd_schema,
}


class Terminated(KeyboardInterrupt):
    """SIGTERM, handled like Ctrl-C: finished runs are kept, half-written files removed."""


def _terminate(signum: int, frame: object) -> None:
    raise Terminated


class _Stdout:
    """Standard output that outlives a reader who stops reading (`gridsim schema | head`).

    From the first broken pipe on, output goes to /dev/null (the recipe of Python's `signal`
    docs), so the command still finishes the files it writes; `main` then exits with 141,
    128 + SIGPIPE, as a shell tool stopped by the closed pipe does.
    """

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.broken = False

    def _call(self, method: str, *args: object) -> object:
        try:
            return getattr(self.stream, method)(*args)
        except BrokenPipeError:
            self.broken = True
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, self.stream.fileno())
            os.close(devnull)
            return None

    def write(self, text: str) -> int:
        self._call("write", text)
        return len(text)

    def flush(self) -> None:
        self._call("flush")

    def __getattr__(self, name: str) -> object:
        return getattr(self.stream, name)


def _run(args: argparse.Namespace) -> int:
    """The command, its errors as one located message each (exit 2)."""
    try:
        return COMMANDS[args.command](args)
    except ScenarioError as e:
        print(e, file=sys.stderr)
        return EXIT_BAD_INPUT
    except (OutputError, ExecutorError, ReportError) as e:
        print(f"gridsim: error: {e}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as e:  # a path the checks could not foresee: read-only, full, vanished
        where = f"{e.filename}: " if e.filename else ""
        print(f"gridsim: error: {where}{e.strerror or e}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt as e:
        print(
            "\ngridsim: interrupted; finished runs are kept in the results folder", file=sys.stderr
        )
        return EXIT_TERMINATED if isinstance(e, Terminated) else EXIT_INTERRUPTED


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _terminate)
    stdout = sys.stdout = _Stdout(sys.stdout)
    try:
        code = _run(args)
        stdout.flush()
    finally:
        sys.stdout = stdout.stream
    return EXIT_BROKEN_PIPE if stdout.broken else code


if __name__ == "__main__":
    sys.exit(main())
