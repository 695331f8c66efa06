"""Benchmark of the executors: what parallel runs buy, and what Dask costs.

1. A 40-run sweep: a full factorial of staff.crews.repair = 1, 2, 3, 4 by
   policy.patrol.per_day = 1, 2 with 5 replications of the full-year baseline (a run takes
   about 0.1 s), serial (jobs 1) against a process pool of 2 -> speed-up (target >= 1.8x
   on 2 cores).
2. Runs of a second or so: 8 replications of the baseline over ten years, on a 2-worker
   Dask LocalCluster against the 2-process pool -> Dask's overhead (target < 5%), counted
   both with the cluster's start-up (as `--executor dask` does it) and on a cluster
   already running (as with `--scheduler`).

Wall-clock with time.perf_counter around the whole experiment (pool or cluster start-up,
running, writing the parts and combining them in a temporary results folder); each is
measured twice and the best kept. The sweep is also timed without a results folder, to
separate what the pool gains from the parent's own work on the folder. Run:
    .venv/bin/python experiments/benchmarks/bench_parallel.py
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from gridsim.experiment.runner import run_experiment
from gridsim.experiment.sweep import design_variants, factorial
from gridsim.scenario import Scenario, load_scenario

ROOT = Path(__file__).resolve().parents[2]
BASELINE = ROOT / "scenarios" / "baseline.yaml"
REPEATS = 2


def best_of(label: str, run: Callable[[Path], object]) -> float:
    """Best wall-clock time of ``REPEATS`` runs, each into a fresh results folder."""
    times = []
    for _ in range(REPEATS):
        with tempfile.TemporaryDirectory(prefix="bench_parallel_") as tmp:
            start = time.perf_counter()
            run(Path(tmp) / "out")
            times.append(time.perf_counter() - start)
    shown = ", ".join(f"{t:.2f}" for t in times)
    print(f"  {label:<44} {min(times):7.2f} s   (runs: {shown})")
    return min(times)


def sweep_variants() -> dict[str, Scenario]:
    base = load_scenario(BASELINE)
    points = factorial({"staff.crews.repair": [1, 2, 3, 4], "policy.patrol.per_day": [1, 2]})
    variants, _ = design_variants(base, points)
    return variants


def speedup() -> None:
    variants = sweep_variants()
    reps = 5
    runs = len(variants) * reps
    print(f"1. Sweep: {len(variants)} design points x {reps} replications = {runs} runs, "
          f"365 days each")  # fmt: skip

    def run(executor: str, jobs: int, folder: bool = True) -> Callable[[Path], object]:
        return lambda out: run_experiment(
            variants, reps, out if folder else None, progress=False, executor=executor, jobs=jobs
        )

    serial = best_of("serial (jobs 1)", run("serial", 1))
    pool = best_of("process pool (jobs 2)", run("process", 2))
    print(f"  {runs / serial:.1f} runs/s serial; speed-up with 2 processes: "
          f"{serial / pool:.2f}x (target >= 1.8x)")  # fmt: skip
    # The results folder is written by the parent alone (each part as it arrives, then the
    # combined tables and the manifest): without it, what the pool itself achieves.
    serial = best_of("serial, in memory (no results folder)", run("serial", 1, False))
    pool = best_of("process pool, in memory", run("process", 2, False))
    print(f"  speed-up in memory: {serial / pool:.2f}x\n")


def dask_overhead() -> None:
    from distributed import LocalCluster

    scenario = load_scenario(BASELINE, ["calendar.horizon_days=3650"])
    variants = {"base": scenario}
    reps = 8
    print(f"2. Long runs: {reps} replications of the baseline, 3650 days each")

    def run(executor: str, scheduler: str | None = None) -> Callable[[Path], object]:
        return lambda out: run_experiment(
            variants, reps, out, progress=False, executor=executor, jobs=2, scheduler=scheduler
        )

    serial = best_of("serial (jobs 1), for the run length", run("serial"))
    print(f"  one run takes about {serial / reps:.2f} s")
    pool = best_of("process pool (jobs 2)", run("process"))
    local = best_of("Dask LocalCluster, 2 workers, started here", run("dask"))
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        running = best_of(
            "Dask LocalCluster, 2 workers, running", run("dask", cluster.scheduler_address)
        )
    print(f"  Dask overhead against the process pool: {local / pool - 1:+.1%} with the "
          f"cluster's start-up, {running / pool - 1:+.1%} on a running cluster "
          "(target < 5%)")  # fmt: skip


def main() -> None:
    print(f"bench_parallel: {os.cpu_count()} cores, best of {REPEATS}\n")
    speedup()
    dask_overhead()


if __name__ == "__main__":
    main()
