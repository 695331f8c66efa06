"""City scale: time and memory of one replication as households and horizon grow.

Each size runs in a fresh process (so peak memory is its own), with the baseline's rates,
staff scaled with the households (one grid worker per grid of 100 households, crews and
volunteers in the baseline's proportion) and grids on a square lattice 250 m apart.
The log streams to a Parquet file as issues settle, as `gridsim run` does. Prints one table:
households, days, issues, CPU seconds (model, log and KPIs), peak RSS, and the most issues
open in the model at once.
    .venv/bin/python experiments/benchmarks/bench_city.py
"""

from __future__ import annotations

import json
import math
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[2]
SIZES = [(10_000, 365), (25_000, 365), (50_000, 365), (100_000, 365)]
HORIZONS = [(25_000, 91), (25_000, 182), (25_000, 365), (25_000, 730)]
GRIDS = [(10_000, 1, 365), (10_000, 100, 365)]
"""(grids, households a grid, days): memory linear in the grids (target: 10,000 in < 2 GB)."""


def city(households: int, days: float, per_grid: int = 100):
    """The baseline scaled to ``households`` in grids of ``per_grid``."""
    from gridsim.scenario import load_scenario
    from gridsim.scenario.loader import validate_data

    raw = load_scenario(ROOT / "scenarios" / "baseline.yaml").model_dump(mode="python")
    n = households // per_grid
    side = math.ceil(math.sqrt(n))
    raw["community"]["grids"] = [
        {"name": f"g{i:05d}", "households": per_grid, "x_km": (i % side) * 0.25,
         "y_km": (i // side) * 0.25, "vulnerable_share": 0.12, "key_share": 0.05}
        for i in range(n)
    ]  # fmt: skip
    raw["community"]["hall_x_km"] = raw["community"]["hall_y_km"] = side * 0.125
    raw["staff"]["grid_leaders"] = [
        {"name": f"l{j}", "grids": [f"g{i:05d}" for i in range(2 * j, min(n, 2 * j + 2))]}
        for j in range((n + 1) // 2)
    ]
    scale = households / 1293
    baseline_crews = {"repair": 2, "cleaning": 2, "patrol": 1, "fire": 1}
    raw["staff"]["crews"] = {c: max(1, round(k * scale)) for c, k in baseline_crews.items()}
    raw["staff"]["volunteers"]["count"] = max(1, round(23 * scale))
    raw["calendar"]["horizon_days"] = days
    raw["variants"] = {}
    return validate_data(raw, f"city of {households}")


def one(households: int, days: float, per_grid: int = 100) -> dict:
    """Run in this process; report figures as JSON."""
    from gridsim.experiment.runner import run_replication

    sc = city(households, days, per_grid)
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "issues.parquet"
        cpu = time.process_time()
        rep = run_replication(sc, "base", 0, log_path=log)
        cpu = time.process_time() - cpu
        issues = pq.ParquetFile(log).metadata.num_rows
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"households": households, "grids": households // per_grid, "days": days,
            "issues": issues,
            "cpu_s": round(cpu, 2), "events": rep.events, "peak_rss_mb": round(rss),
            "live_peak": rep.live_peak}  # fmt: skip


def main() -> None:
    if len(sys.argv) >= 3:
        print(json.dumps(one(int(sys.argv[1]), float(sys.argv[2]), *map(int, sys.argv[3:4]))))
        return
    print(f"{'households':>10} {'grids':>6} {'days':>5} {'issues':>9} {'CPU s':>7} "
          f"{'events/CPU-s':>12} {'peak MB':>8} {'most open':>9}")  # fmt: skip
    runs = [(h, d, 100) for h, d in [*SIZES, *HORIZONS]] + [(g * k, d, k) for g, k, d in GRIDS]
    for households, days, per_grid in runs:
        args = [sys.executable, __file__, str(households), str(days), str(per_grid)]
        r = json.loads(subprocess.run(args, capture_output=True, text=True, check=True).stdout)
        rate, mb = r["events"] / r["cpu_s"], r["peak_rss_mb"]
        print(f"{r['households']:>10,} {r['grids']:>6,} {r['days']:>5g} "
              f"{r['issues']:>9,} {r['cpu_s']:>7.2f} {rate:>12,.0f} {mb:>8} "
              f"{r['live_peak']:>9,}")  # fmt: skip


if __name__ == "__main__":
    main()
