"""Simulating plans on an executor: each (plan, replication) is one task, and replication r
of every plan draws from the same named streams (common random numbers), so plans differ
only by their levers. Results are kept in replication order, whatever order they finish in,
so a search takes the same decisions on one worker or many."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Executor, Future

import numpy as np

from gridsim.experiment.runner import run_replication
from gridsim.scenario.schema import Scenario

__all__ = ["Evaluator", "Key", "observe"]

Key = tuple[str, str]
"""(kpi, scope) of summary.csv."""


def observe(scenario: Scenario, replication: int, keys: Sequence[Key]) -> tuple[list[float], float]:
    """One run of a plan: the values of ``keys`` (NaN where the run has none) and the CPU
    seconds it took (a module-level function, so every executor can ship it)."""
    rep = run_replication(scenario, "plan", replication)
    found = {(r["kpi"], r["scope"]): r["value"] for r in rep.rows}
    return [float(found.get(k, math.nan)) for k in keys], rep.cpu_seconds


class Evaluator:
    """Observations of plans by row: ``values[row]`` has one line per replication, one
    column per key."""

    def __init__(self, pool: Executor, keys: Sequence[Key]) -> None:
        self.pool, self.keys = pool, list(keys)
        self.values: dict[int, np.ndarray] = {}
        self.cpu_seconds = 0.0
        self.runs = 0
        self.on_run: Callable[[], object] = lambda: None
        """Called after each run is kept (a progress bar's update)."""

    def count(self, row: int) -> int:
        return len(self.values[row]) if row in self.values else 0

    def run(self, wants: Mapping[int, int], scenarios: Mapping[int, Scenario]) -> None:
        """Bring each row up to ``wants[row]`` replications (all rows' runs at once)."""
        futures: dict[int, list[Future]] = {}
        for row, n in wants.items():
            have = self.count(row)
            futures[row] = [self.pool.submit(observe, scenarios[row], r, self.keys)
                            for r in range(have, n)]  # fmt: skip
        for row, pending in futures.items():
            lines = []
            for future in pending:
                values, cpu = future.result()
                lines.append(values)
                self.cpu_seconds += cpu
                self.runs += 1
                self.on_run()
            if lines:
                new = np.asarray(lines, dtype=float).reshape(len(lines), len(self.keys))
                old = self.values.get(row)
                self.values[row] = new if old is None else np.vstack([old, new])

    def column(self, row: int, key: Key) -> np.ndarray:
        return self.values[row][:, self.keys.index(key)]
