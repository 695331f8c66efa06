"""The commands that run experiments: run a scenario, compare scenarios, sweep fields."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import gridsim
from gridsim.cli.shared import _execution, _overrides, source_text
from gridsim.cli_args import check_known, option_error
from gridsim.experiment.runner import run_experiment
from gridsim.experiment.studies import HEADLINE_KPIS, comparison_variants
from gridsim.experiment.sweep import (
    against_base,
    design_variants,
    factorial,
    latin_hypercube,
    parse_levels,
    parse_ranges,
    sweep_table,
)
from gridsim.i18n import _
from gridsim.scenario import ScenarioError, load_scenario, variant_scenarios
from gridsim.stats.compare import (
    BETTER,
    NO_PRACTICAL,
    NOT_REACHED,
    WORSE,
    compare,
    kpi_label,
    rank,
    verdict_text,
    with_order_kpis,
)
from gridsim.stats.goals import verdicts
from gridsim.stats.load import overload_warnings
from gridsim.stats.summary import headline_table, intervals
from gridsim.views.answers import compare_answers, lever_reasons, sweep_answers, sweep_lines
from gridsim.views.data import load_results
from gridsim.views.report import REPORT_NAME, write_report
from gridsim.views.verdicts import verdict_lines
from gridsim.views.why import reasons_for

if TYPE_CHECKING:
    import pandas as pd

    from gridsim.experiment.runner import Experiment


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
    start = _("gridsim {version}: {name}: {variants} variant(s) x {replications} replication(s) "
              "= {runs} run(s), {days} days each, seed {seed}")  # fmt: skip
    print(start.format(version=gridsim.__version__, name=scenario.name, variants=len(variants),
                       replications=scenario.replications, runs=runs,
                       days=f"{scenario.calendar.horizon_days:g}", seed=scenario.seed),
          file=sys.stderr)  # fmt: skip
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
    if scenario.goals:
        found = verdicts(intervals(exp.rows), scenario.goals, list(variants))
        reasons = reasons_for(load_results(out), None, found)
        print("\n" + "\n".join(verdict_lines(found, scenario.targets, reasons)))
    rate = exp.events / exp.cpu_seconds if exp.cpu_seconds > 0 else float("nan")
    resumed = _(" ({n} finished earlier, kept)").format(n=exp.resumed) if exp.resumed else ""
    end = _("{runs} run(s){resumed} in {wall} s wall, {cpu} CPU-s simulating, {rate} events "
            "per CPU-second")  # fmt: skip
    print("\n" + end.format(runs=exp.runs, resumed=resumed, wall=f"{wall:.1f}",
                            cpu=f"{exp.cpu_seconds:.2f}", rate=f"{rate:,.0f}"))  # fmt: skip
    if not args.no_report:
        print(_("report: {path}").format(path=out / REPORT_NAME))
    print(_("results: {path}/ (issues.parquet, summary.csv, scenario.yaml, manifest.json)")
          .format(path=out))  # fmt: skip
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
        kpis = with_order_kpis(rows, HEADLINE_KPIS)
        return compare(rows, names[0], names[1:], kpis=kpis, practical=first.practical)

    exp = run_experiment(
        variants, n, args.out, command="compare", render=write_report,
        extras=lambda e: {"comparison.csv": table_of(e.rows).to_csv(index=False)},
        **_execution(args),
    )  # fmt: skip
    table = table_of(exp.rows)
    print(_("Each variant against the current plan, {base} (paired: {n} replications on the "
            "same demand):").format(base=names[0], n=n))  # fmt: skip
    for _i, row in table.iterrows():
        tag = f"[{_(row['verdict'])}] " if row["verdict"] in TAGGED else ""
        print(f"  {tag}{verdict_text(row)}")
    if len(names) > 2:
        for kpi in ("on_site_p90_min", "target_on_site_share", "resolution_mean_min"):
            ranked = rank(exp.rows, names, kpi)
            order = ", ".join(
                f"{r.variant}{'' if r.distinguishable or r.rank == 1 else _(' (tie)')}"
                for r in ranked.itertuples()
            )
            print("  " + _("ranking by {kpi}: {order}").format(kpi=kpi_label(kpi), order=order))
    _print_answers(compare_answers(exp.rows, first, names))
    _print_files(args.out, "comparison.csv, summary.csv, issues.parquet")
    return 0


TAGGED = (BETTER, WORSE, NOT_REACHED, NO_PRACTICAL)
"""The verdicts tagged in the console: the ones a planner should not miss."""


def _print_answers(lines: list[str]) -> None:
    if lines:
        print("\n" + "\n".join(lines))


def _print_files(out: Path | None, tables: str) -> None:
    if out is not None:
        print(_("report: {path}").format(path=out / REPORT_NAME))
        print(_("results: {folder}/ ({tables})").format(folder=out, tables=tables))


def cmd_sweep(args: argparse.Namespace) -> int:
    base = load_scenario(args.scenario, _overrides(args))
    points = _design(args, base.seed)
    variants, design, reference = against_base(base, *design_variants(base, points))
    print(_("sweep: {n} design points x {r} replications, against the current plan "
            "({reference})").format(n=len(points), r=base.replications, reference=reference),
          file=sys.stderr)  # fmt: skip
    exp = run_experiment(
        variants, base.replications, args.out, command="sweep", render=write_report,
        extras=lambda e: {"sweep.csv": sweep_table(design, e.rows, reference).to_csv(index=False)},
        **_execution(args),
    )  # fmt: skip
    print("\n".join(sweep_lines(exp.rows, design, reference, base.practical)))
    ci = intervals(exp.rows)
    reasons = lever_reasons(lambda: _plan_log(exp, reference), base, list(points[0]))
    _print_answers(sweep_answers(ci, base, design, reference, reasons))
    _print_files(args.out, _("sweep.csv: one row per point, replication and KPI"))
    return 0


def _plan_log(exp: Experiment, reference: str) -> pd.DataFrame:
    """The issue log of the current plan's runs: from the results folder, else from memory."""
    import pandas as pd
    import pyarrow as pa

    if exp.out is not None:
        return pd.read_parquet(exp.out / "issues.parquet", filters=[("variant", "==", reference)])
    log = pa.concat_tables(exp.logs).to_pandas()
    return log[log["variant"].astype(str) == reference]


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
