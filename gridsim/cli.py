"""The command line: parse, call, print. Bad input exits with status 2 and a located message."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from tqdm import tqdm

import gridsim
from gridsim.experiment.executors import EXECUTORS, ExecutorError
from gridsim.experiment.results import OutputError, write_text
from gridsim.experiment.runner import run_experiment, run_replication
from gridsim.scenario import Scenario, ScenarioError, load_scenario, variant_scenarios
from gridsim.stats.calibration import (
    annual_counts,
    calibration_csv,
    calibration_rows,
    calibration_table,
)
from gridsim.stats.summary import headline_table

EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="gridsim",
        description="Simulate grid-based community governance and compare staffing and rules.",
    )
    p.add_argument("--version", action="version", version=f"gridsim {gridsim.__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = sub.add_parser("run", help="run a scenario's replications and write a results folder")
    run.add_argument("scenario", type=Path, help="scenario YAML file")
    run.add_argument("--out", type=Path, help="results folder (default: results/<scenario name>)")
    run.add_argument("--replications", "-r", type=int, help="replications (default: from the file)")
    run.add_argument("--seed", type=int, help="base seed (default: from the file)")
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
    _execution_options(run)

    cal = sub.add_parser("calibrate", help="simulated annual counts beside the seed's figures")
    cal.add_argument("scenario", type=Path)
    cal.add_argument("--replications", "-r", type=int, help="replications (default: from file)")
    cal.add_argument("--seed", type=int)
    cal.add_argument("--set", dest="overrides", action="append", default=[], metavar="PATH=VALUE")
    cal.add_argument("--out", type=Path, help="also write calibration.csv in this folder")
    cal.add_argument("--quiet", "-q", action="store_true", help="no progress bar")

    val = sub.add_parser("validate", help="check scenario files and their variants")
    val.add_argument("scenarios", type=Path, nargs="+")

    sub.add_parser("schema", help="print the scenario JSON schema (for editor completion)")
    return p


def _execution_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--jobs", "-j", type=int, default=0, help="parallel runs (0: all cores)")
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


def _execution(args: argparse.Namespace) -> dict:
    executor = "dask" if args.scheduler else args.executor
    return {
        "executor": executor,
        "jobs": args.jobs,
        "scheduler": args.scheduler,
        "resume": args.resume,
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
    variants = variant_scenarios(scenario, args.variants)
    out = args.out or Path("results") / args.scenario.stem
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
    exp = run_experiment(variants, scenario.replications, out, header=header, **_execution(args))
    wall = time.perf_counter() - wall
    print(headline_table(exp.rows))
    rate = exp.events / exp.cpu_seconds if exp.cpu_seconds > 0 else float("nan")
    resumed = f" ({exp.resumed} finished earlier, kept)" if exp.resumed else ""
    print(
        f"\n{exp.runs} run(s){resumed} in {wall:.1f} s wall, {exp.cpu_seconds:.2f} CPU-s "
        f"simulating, {rate:,.0f} events per CPU-second"
    )
    print(f"results: {out}/ (issues.parquet, summary.csv, scenario.yaml, manifest.json)")
    return 0


def cmd_calibrate(args: argparse.Namespace) -> int:
    scenario = load_scenario(args.scenario, _overrides(args))
    print(
        f"calibrating {scenario.name}: {scenario.replications} replication(s) of "
        f"{scenario.calendar.horizon_days:g} days",
        file=sys.stderr,
    )
    counts = []
    for r in tqdm(range(scenario.replications), disable=args.quiet or None, leave=False):
        rep = run_replication(scenario, "base", r)
        counts.append(annual_counts(rep.log, scenario))
    rows = calibration_rows(counts)
    print(calibration_table(rows))
    if args.out is not None:
        write_text(args.out / "calibration.csv", calibration_csv(rows))
        print(f"\nwritten: {args.out / 'calibration.csv'}")
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
    "calibrate": cmd_calibrate,
    "validate": cmd_validate,
    "schema": cmd_schema,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except ScenarioError as e:
        print(e, file=sys.stderr)
        return EXIT_BAD_INPUT
    except (OutputError, ExecutorError) as e:
        print(f"gridsim: error: {e}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print(
            "\ngridsim: interrupted; finished runs are kept in the results folder", file=sys.stderr
        )
        return EXIT_INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
