"""Round-trip benchmark of `gridsim fit` and `gridsim check-fit` (issue 17, "Done when").

Each synthetic log comes from a known scenario (`truth`): four grids (60-140 households,
rate factors about 0.7-1.3 of household-weighted mean 1), three kinds of request with rates
and mean work times drawn per log, a weekday profile, a holiday dip (the Spring Festival), a
seasonal repair profile, lognormal work; every problem reported at once (latent_share 0, one
channel without delay), so every problem is an order. A year is simulated with the log's own
seed, turned into orders by `gridsim.fit.run_orders` (the export's orders), fitted with 40
bootstrap variants, and checked on its last 3 months (`check_fit`, 40 runs a log). Recorded
per log: for every true number (rate per household-year and mean work time of each kind)
whether the fit's 95% interval covers it; the held-out coverage of weekly counts and of
shares closed.

Goals: intervals cover the truth 93-97% of the time, held-out coverage within 3 points of
95%; fitting 100,000 orders in under 60 s on 2 cores (`--time`).

Run (about 10 s a log on one core; resumable: logs already in runs.csv are skipped):
    nice -n 10 .venv/bin/python experiments/benchmarks/bench_fit.py --logs 100 [--time]
`--stand-in` fits with a stand-in that returns the true scenario and exact Poisson intervals
of the rates (no work times): coverage near 95% then tests the benchmark's own machinery.
"""

from __future__ import annotations

import argparse
import math
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import beta, chi2, t

from gridsim.experiment.runner import run_replication
from gridsim.fit.check import check_fit
from gridsim.fit.estimate import Estimate
from gridsim.fit.orders import Orders
from gridsim.fit.runlog import run_orders
from gridsim.scenario import Scenario

RESULTS = Path(__file__).resolve().parent / "fit_results"
SEED0 = 17_000
"""Log i is drawn and simulated with seed SEED0 + i."""
KINDS = {
    "repair": ("repair", (1.5, 4.0), (30.0, 90.0)),
    "sanitation": ("cleaning", (0.5, 2.0), (20.0, 60.0)),
    "order": ("patrol", (0.3, 1.0), (15.0, 40.0)),
}
"""Kind: (crew, range of the rate per household-year, range of the mean work time, min)."""
NUMBERS = {"rate": "rate_per_household_year", "work_mean": "work.mean_min"}
"""The true numbers checked, by the scenario path below demand.kinds.<kind>."""
HOLDOUT_MONTHS = 3
RUNS = 40
RUN_COLUMNS = ("log", "seed", "number", "kind", "truth", "estimate", "lower", "upper",
               "covered", "n", "seconds")  # fmt: skip
"""runs.csv: one row per log and true number (covered 0/1 of n = 1), and per log and
held-out comparison (covered = comparisons inside, n = compared; kind "all")."""


def truth(i: int, *, households: Sequence[int] | None = None) -> Scenario:
    """Log i's scenario, its numbers drawn from SEED0 + i; ``households`` per grid
    overrides the drawn ones (the timing log)."""
    rng = np.random.default_rng(SEED0 + i)
    drawn = [int(h) for h in rng.integers(60, 141, 4)]  # drawn always: the same rates after
    sizes = list(households or drawn)
    scale = max(1, math.ceil(sum(sizes) / 400))  # crews for the timing log's thousands
    kinds = {
        name: {
            "rate_per_household_year": round(float(rng.uniform(*rate)), 3),
            "handler": crew,
            "work": {"distribution": "lognormal", "mean_min": round(float(rng.uniform(*work)), 1),
                     "cv": 0.8},
        }
        for name, (crew, rate, work) in KINDS.items()
    }  # fmt: skip
    kinds["repair"]["seasonal"] = [1.3, 1.3, 1.2, 1.0, 0.9, 0.8, 0.8, 0.8, 0.9, 1.0, 1.0, 1.0]
    # Rate factors of household-weighted mean 1, so a kind's rate is the community's rate
    # per household (what a fit identifies: rate x factors is known only as a product).
    factors = rng.uniform(0.7, 1.3, len(sizes))
    factors /= np.average(factors, weights=sizes)
    grids = [{"name": f"g{g + 1}", "households": h, "x_km": 0.3 * (g % 2), "y_km": 0.3 * (g // 2),
              "rate_factor": round(float(f), 4)}
             for g, (h, f) in enumerate(zip(sizes, factors, strict=True))]  # fmt: skip
    return Scenario.model_validate({
        "name": f"bench-fit-{i}", "seed": SEED0 + i,
        "community": {"grids": grids},
        "calendar": {"start_date": "2026-01-01", "horizon_days": 365, "warmup_days": 0,
                     "holidays": [{"name": "Spring Festival", "start": "2026-02-15", "days": 9},
                                  {"name": "National Day", "start": "2026-10-01", "days": 7}]},
        "demand": {"kinds": kinds, "weekly": [1.2, 1.1, 1.0, 1.0, 1.0, 0.8, 0.9],
                   "holiday_weight": 0.6},
        "staff": {"crews": {"repair": 3 * scale, "cleaning": 2 * scale, "patrol": 2 * scale,
                            "fire": 0}},
    })  # fmt: skip


def synthetic_log(scenario: Scenario) -> Orders:
    """A year of the scenario as its export's orders."""
    rep = run_replication(scenario, "truth", 0)
    assert rep.log is not None
    return run_orders(rep.log.to_pandas(), scenario, f"{scenario.name}.csv")


def stand_in(truth_scenario: Scenario) -> Callable[..., Any]:
    """A fitter that knows the truth: the true scenario (no variants), and for each kind's
    rate the exact Poisson 95% interval of its count, scaled by the expected count per unit
    of rate (so it covers the truth 95% of the time by construction)."""

    def fit(orders: Orders, base: Scenario, **_: Any) -> Any:
        sc, years = truth_scenario, (orders.end - orders.start).days / 365.0
        estimates = []
        for kind, spec in sc.demand.kinds.items():
            n = int((orders.table["kind"] == kind).sum())
            per_rate = sc.raisers()[0] * years * sc.demand.annual_scale(spec) * sc.day_scale()
            low = chi2.ppf(0.025, 2 * n) / 2 if n else 0.0
            high = chi2.ppf(0.975, 2 * n + 2) / 2
            path = f"demand.kinds.{kind}.{NUMBERS['rate']}"
            estimates.append(
                Estimate(path, n / per_rate, low / per_rate, high / per_rate, n, "", "stand-in")
            )
        return SimpleNamespace(scenario=sc, variants={}, estimates=estimates)

    return fit


def real_fitter() -> Callable[..., Any]:
    """`gridsim.fit.pipeline.fit_orders` (the lead's pipeline)."""
    from gridsim.fit.pipeline import fit_orders

    return fit_orders


def one_log(i: int, use_stand_in: bool) -> list[dict[str, Any]]:
    """Simulate, fit and check log i: its rows of runs.csv."""
    sc = truth(i)
    orders = synthetic_log(sc)
    fit = stand_in(sc) if use_stand_in else real_fitter()
    started = time.perf_counter()
    fitted = fit(orders, sc, bootstrap=0, seed=SEED0 + i)
    seconds = time.perf_counter() - started
    found = {e.path: e for e in fitted.estimates}
    rows = []
    for kind in KINDS:
        for number, path in NUMBERS.items():
            estimate = found.get(f"demand.kinds.{kind}.{path}")
            if estimate is None or estimate.lower is None or estimate.upper is None:
                continue
            true = _value(sc, f"demand.kinds.{kind}.{path}")
            rows.append(_row(i, number, kind, true, estimate.value, estimate.lower,
                             estimate.upper, int(estimate.lower <= true <= estimate.upper), 1,
                             seconds))  # fmt: skip
    check = check_fit(orders, sc, HOLDOUT_MONTHS, replications=RUNS, fit=fit, seed=SEED0 + i,
                      jobs=1)  # fmt: skip
    for what in ("weekly_count", "closed_share"):
        k, n = check.inside(what)
        rows.append(_row(i, f"heldout_{what}", "all", 0.95, k / n if n else math.nan,
                         math.nan, math.nan, k, n, seconds))  # fmt: skip
    return rows


def _value(scenario: Scenario, path: str) -> float:
    node: Any = scenario
    for part in path.split("."):
        node = node[part] if isinstance(node, dict) else getattr(node, part)
    return float(node)


def _row(i: int, number: str, kind: str, *values: Any) -> dict[str, Any]:
    return dict(zip(RUN_COLUMNS, (i, SEED0 + i, number, kind, *values), strict=True))


def run(logs: int, out: Path, use_stand_in: bool, log: Callable[[str], None] = print) -> None:
    """Logs 0..logs-1 not yet in out/runs.csv, each appended as it finishes."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / "runs.csv"
    done = set(pd.read_csv(path)["log"]) if path.exists() else set()
    for i in range(logs):
        if i in done:
            continue
        started = time.perf_counter()
        rows = pd.DataFrame(one_log(i, use_stand_in), columns=list(RUN_COLUMNS))
        rows.to_csv(path, mode="a", header=not path.exists(), index=False)
        log(f"log {i}: {time.perf_counter() - started:.1f} s")


def summarise(runs: pd.DataFrame) -> pd.DataFrame:
    """Coverage per kind of number with its 95% interval: Clopper-Pearson for the true
    numbers (independent logs); for held-out coverage, a t-interval over the logs' own
    coverages (a log's comparisons share its fit, so they are not independent)."""
    rows = []
    for number, g in runs.groupby("number", sort=False):
        k, n = int(g["covered"].sum()), int(g["n"].sum())
        if str(number).startswith("heldout"):
            per_log = g["covered"] / g["n"]
            half = t.ppf(0.975, max(1, len(g) - 1)) * per_log.std(ddof=1) / math.sqrt(len(g))
            low, high = max(0.0, per_log.mean() - half), min(1.0, per_log.mean() + half)
        else:
            low = beta.ppf(0.025, k, n - k + 1) if k else 0.0
            high = beta.ppf(0.975, k + 1, n - k) if k < n else 1.0
        share = k / n if n else math.nan
        rows.append({"number": number, "logs": g["log"].nunique(), "covered": k, "n": n,
                     "coverage": share, "lower": low, "upper": high})  # fmt: skip
    return pd.DataFrame(rows)


FITTERS = {
    False: "Fitted with gridsim.fit.pipeline.fit_orders (40 bootstrap variants for check_fit).",
    True: "Fitted with the stand-in: the true scenario, exact Poisson intervals of the rates "
    "(no work times). A check of the benchmark's machinery, not of the fit.",
}


def markdown(summary: pd.DataFrame, timing: str, fitter: str = FITTERS[False]) -> str:
    """summary.md: the fitter, the table, the goals, and the timing."""
    lines = ["# Round trip: run -> orders -> fit -> check (issue 17)", "", fitter, "",
             "| number | logs | covered / n | coverage | 95% interval | goal |",
             "|---|---|---|---|---|---|"]  # fmt: skip
    for r in summary.itertuples():
        goal = "within 3 points of 95%" if str(r.number).startswith("heldout") else "93-97%"
        lines.append(f"| {r.number} | {r.logs} | {r.covered} / {r.n} | {r.coverage:.1%} | "
                     f"{r.lower:.1%} to {r.upper:.1%} | {goal} |")  # fmt: skip
    return "\n".join([*lines, "", timing, ""])


def coverage_figure(summary: pd.DataFrame, out: Path) -> None:
    """coverage.png: each kind of number's coverage with its interval, the goal shaded."""
    from matplotlib.figure import Figure

    import gridsim.views.plots.style  # noqa: F401  (fonts)

    fig = Figure(figsize=(7.0, 0.5 * len(summary) + 1.5), layout="constrained")
    ax = fig.add_subplot()
    y = np.arange(len(summary))
    ax.axvspan(93, 97, color="0.9")
    ax.axvline(95, color="0.4", linewidth=0.8)
    ax.errorbar(summary["coverage"] * 100, y, fmt="o", color="#0072B2",
                xerr=[(summary["coverage"] - summary["lower"]) * 100,
                      (summary["upper"] - summary["coverage"]) * 100], capsize=3)  # fmt: skip
    ax.set_yticks(y, [f"{r.number} ({r.logs} logs)" for r in summary.itertuples()])
    ax.set_xlabel("coverage of the truth / of the held-out log (%), 95% interval")
    ax.set_title("shaded: the goal for the truth, 93-97%; held-out: within 3 points of 95%",
                 fontsize=9)  # fmt: skip
    fig.savefig(out / "coverage.png", dpi=150)


def time_fit(orders_wanted: int = 100_000) -> str:
    """Seconds to fit a log of about ``orders_wanted`` orders (the real pipeline)."""
    sc = truth(0)
    per_household = sum(k.rate_per_household_year for k in sc.demand.kinds.values())
    size = math.ceil(orders_wanted * 1.05 / per_household / 4)  # the holiday dip, noise
    big = truth(0, households=[size] * 4)
    orders = synthetic_log(big)
    started = time.perf_counter()
    real_fitter()(orders, big, bootstrap=0, seed=0)
    return f"Fitting {len(orders):,} orders took {time.perf_counter() - started:.1f} s (goal 60 s)."


def main(argv: Sequence[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--logs", type=int, default=100, help="synthetic logs (resumable)")
    p.add_argument("--out", type=Path, default=RESULTS)
    p.add_argument("--stand-in", action="store_true", help="fit with the true scenario")
    p.add_argument("--time", action="store_true", help="also time a fit of 100,000 orders")
    args = p.parse_args(argv)
    run(args.logs, args.out, args.stand_in)
    summary = summarise(pd.read_csv(args.out / "runs.csv"))
    summary.to_csv(args.out / "summary.csv", index=False)
    timing_path = args.out / "timing.txt"
    if args.time:
        timing_path.write_text(time_fit() + "\n", encoding="utf-8")
    timing = timing_path.read_text(encoding="utf-8").strip() if timing_path.exists() else (
        "Fitting 100,000 orders: not timed (--time).")  # fmt: skip
    text = markdown(summary, timing, FITTERS[args.stand_in])
    (args.out / "summary.md").write_text(text, encoding="utf-8")
    coverage_figure(summary, args.out)
    print(text)


if __name__ == "__main__":
    main()
