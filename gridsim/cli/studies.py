"""The studies that size an experiment: calibration against the scenario's own figures, the warm-up
(MSER-5) and the number of replications for a precision."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq

from gridsim.cli.shared import _execution, _overrides, source_text
from gridsim.cli_args import check_known, option_error
from gridsim.experiment.folder import alone, cannot_write
from gridsim.experiment.results import atomic_write, part_log
from gridsim.experiment.runner import Experiment, run_experiment
from gridsim.experiment.studies import HEADLINE_KPIS, backlog_by_day, run_pilot
from gridsim.model.demand import DAY_MIN
from gridsim.scenario import Scenario, ScenarioError, load_scenario
from gridsim.stats.calibration import (
    CALIBRATION_CSV,
    calibration_csv,
    calibration_rows,
    calibration_table,
    no_figures,
    simulated_counts,
)
from gridsim.stats.compare import kpi_label
from gridsim.stats.replications import no_spread, pilot_values, replications_needed
from gridsim.stats.warmup import MSER_BATCH, mser5, warmup_figure
from gridsim.views.report import REPORT_NAME, write_report

MAX_REPLICATIONS = 10_000


def cmd_calibrate(args: argparse.Namespace) -> int:
    """The replications, their counts beside the scenario's own observed figures
    (`calibration:`); with --out, a whole experiment folder (tables, report with its
    calibration section, `calibration.csv`). A scenario without figures is not run."""
    scenario = load_scenario(args.scenario, _overrides(args))
    figures = scenario.calibration.figures
    if not figures:
        print(no_figures(scenario))
        return 0
    n = scenario.replications
    print(f"calibrating {scenario.name}: {n} replication(s) of "
          f"{scenario.calendar.horizon_days:g} days", file=sys.stderr)  # fmt: skip
    found: dict[str, list] = {}

    def calibration(exp: Experiment) -> dict[str, str]:
        assert exp.out is not None
        logs = (pq.read_table(part_log(exp.out, "base", r)) for r in range(n))
        found["rows"] = calibration_rows([simulated_counts(log, scenario) for log in logs], figures)
        return {CALIBRATION_CSV: calibration_csv(found["rows"])}

    if args.out is None:
        exp = run_pilot(scenario, n, **{**_execution(args), "resume": False})
        counts = [simulated_counts(log, scenario) for log in exp.logs]
        found["rows"] = calibration_rows(counts, figures)
    else:
        run_experiment({"base": scenario}, n, args.out, command="calibrate",
                       source=source_text(args.scenario), extras=calibration,
                       render=write_report, **_execution(args))  # fmt: skip
    print(calibration_table(found["rows"]))
    if args.out is not None:
        print(f"\nreport: {args.out / REPORT_NAME}")
        print(f"results: {args.out}/ ({CALIBRATION_CSV}, issues.parquet, summary.csv, ...)")
    return 0


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
