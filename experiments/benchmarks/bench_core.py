"""Benchmark of the simulation core, in one process and one sitting.

1. The M/M/c validation scenario for 100,000 issues, against a minimal pure-SimPy M/M/c
   model of the same queue (one Resource, one process per customer) written here.
2. One year of the baseline community (model alone, and with the log and KPIs).
3. An overloaded M/M/c (load 1.5) at two lengths: time should grow in proportion to issues.
4. The same queue at load 5 with a day shift and a night on-call crew, for 0.5, 1 and 2.5
   years: CPU time per issue should stay flat (shift changes must not touch the backlog).

Prints issues per CPU-second for each and the ratios. Run:
    .venv/bin/python experiments/benchmarks/bench_core.py
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import simpy
import yaml

from gridsim.experiment.runner import run_replication
from gridsim.model.demand import DAY_MIN, YEAR_MIN
from gridsim.model.model import Model
from gridsim.scenario.schema import Scenario

ROOT = Path(__file__).resolve().parents[2]
ISSUES = 100_000


def load(name: str, **changes: float) -> Scenario:
    raw = yaml.safe_load((ROOT / "scenarios" / name).read_text(encoding="utf-8"))
    raw["calendar"].update(changes)
    return Scenario.model_validate(raw)


def mmc_parameters(sc: Scenario) -> tuple[float, float, int]:
    """(arrivals per minute, services per minute, servers) of the validation scenario."""
    (kind,) = sc.demand.kinds.values()
    lam = sum(g.households for g in sc.community.grids) * kind.rate_per_household_year / YEAR_MIN
    return lam, 1.0 / kind.work.mean_min, sc.staff.crews.repair


def minimal_simpy(lam: float, mu: float, c: int, n: int, seed: int = 1) -> float:
    """Pure SimPy M/M/c for n customers; returns CPU seconds, drawing included, as in ours."""
    cpu = time.process_time()
    rng = np.random.default_rng(seed)
    gaps = rng.exponential(1 / lam, n).tolist()
    services = rng.exponential(1 / mu, n).tolist()
    waits = [0.0] * n

    def customer(env, server, i):
        arrived = env.now
        with server.request() as req:
            yield req
            waits[i] = env.now - arrived
            yield env.timeout(services[i])

    def source(env, server):
        for i in range(n):
            yield env.timeout(gaps[i])
            env.process(customer(env, server, i))

    env = simpy.Environment()
    server = simpy.Resource(env, capacity=c)
    env.process(source(env, server))
    env.run()
    return time.process_time() - cpu


def gridsim_issues_per_cpu_second(sc: Scenario) -> tuple[int, float, int]:
    """(issues, CPU seconds to build the model, draw its demand and run it, events)."""
    cpu = time.process_time()
    result = Model(sc, 0).run()
    cpu = time.process_time() - cpu
    return int(np.sum(~np.isnan(result.queued))), cpu, result.events


def main() -> None:
    mmc = load("validation/mmc.yaml")
    lam, mu, c = mmc_parameters(mmc)
    days = ISSUES / lam / DAY_MIN
    sc = load("validation/mmc.yaml", horizon_days=days, warmup_days=0.0)
    n, cpu, events = gridsim_issues_per_cpu_second(sc)
    ours = n / cpu
    ref_cpu = minimal_simpy(lam, mu, c, ISSUES)
    ref = ISSUES / ref_cpu
    print(f"M/M/{c}, rho = {lam / (c * mu):.2f}, {ISSUES:,} issues")
    print(f"  gridsim model       {ours:10,.0f} issues/CPU-s  ({events / cpu:,.0f} events/CPU-s)")
    print(f"  minimal SimPy M/M/c {ref:10,.0f} issues/CPU-s")
    print(f"  ratio minimal/gridsim {ref / ours:.2f} (target <= 1.5)")

    base = load("baseline.yaml")
    n, cpu, events = gridsim_issues_per_cpu_second(base)
    whole = []
    for _ in range(3):  # the first call also pays for lazy imports
        t = time.process_time()
        run_replication(base, "base", 0)
        whole.append(time.process_time() - t)
    print(
        f"baseline year: {n:,} issues, model {cpu:.3f} CPU-s incl. demand "
        f"({events / cpu:,.0f} events/CPU-s),"
    )
    print(f"  with issue log and KPIs {min(whole):.3f} CPU-s, best of 3 "
          f"(first call {whole[0]:.3f}; target < 1)")  # fmt: skip

    print("overload, load 1.5 (arrivals 1.5x the crews' capacity):")
    rate = mmc.demand.kinds[next(iter(mmc.demand.kinds))].rate_per_household_year
    times = []
    for scale in (1, 2):
        over_days = scale * ISSUES / 2 / (1.5 * c * mu) / DAY_MIN
        raw = yaml.safe_load((ROOT / "scenarios/validation/mmc.yaml").read_text(encoding="utf-8"))
        kind = next(iter(raw["demand"]["kinds"].values()))
        kind["rate_per_household_year"] = rate * 1.5 * c * mu / lam
        raw["calendar"].update(horizon_days=over_days, warmup_days=0.0)
        n, cpu, _ = gridsim_issues_per_cpu_second(Scenario.model_validate(raw))
        times.append((n, cpu))
        print(f"  {n:8,} issues  {cpu:6.3f} CPU-s  {n / cpu:10,.0f} issues/CPU-s")
    (n1, t1), (n2, t2) = times
    print(f"  time ratio {t2 / t1:.2f} for issue ratio {n2 / n1:.2f} (proportional if equal)")
    overload_on_call()


def overload_on_call() -> None:
    """Load 5 on a 08:00-18:00 shift, half the issues urgent for one night on-call crew."""
    print("overload, load 5 on the day shift, night on-call crew for urgent issues:")
    raw = yaml.safe_load((ROOT / "scenarios/validation/overload.yaml").read_text(encoding="utf-8"))
    kind = next(iter(raw["demand"]["kinds"].values()))
    # 3 crews x 10 h a day at 30 min a job serve 60 issues a day; load 5 asks 300.
    kind.update(rate_per_household_year=300 * 365, urgent="high",
                severity={"low": 0.25, "medium": 0.25, "high": 0.5})  # fmt: skip
    raw["staff"]["on_call"] = {"repair": 1}
    first = None
    for years in (0.5, 1.0, 2.5):
        raw["calendar"].update(horizon_days=365 * years, warmup_days=0.0,
                               shift={"start_hour": 8, "end_hour": 18})  # fmt: skip
        n, cpu, _ = gridsim_issues_per_cpu_second(Scenario.model_validate(raw))
        per = cpu / n * 1e6
        first = first or per
        print(f"  {years:4} years {n:9,} issues {cpu:7.2f} CPU-s {per:6.2f} us/issue "
              f"({per / first:.2f}x the half year)")  # fmt: skip


if __name__ == "__main__":
    main()
