"""Studies built from runs: comparisons of scenario files, sweeps, warm-up, replication count.

Each assembles variants and hands them to the runner; the statistics live in `gridsim.stats`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from gridsim.experiment.runner import Experiment, run_experiment
from gridsim.model.demand import DAY_MIN
from gridsim.scenario import Scenario, load_scenario, variant_scenarios
from gridsim.scenario.loader import apply_overrides, validate_data

if TYPE_CHECKING:
    import pyarrow as pa

HEADLINE_KPIS = (
    "on_site_mean_min",
    "on_site_p90_min",
    "target_on_site_share",
    "resolution_mean_min",
    "target_resolved_share",
    "target_plan_share",
    "backlog_mean",
)


def with_seed(scenario: Scenario, seed: int) -> Scenario:
    data = apply_overrides(scenario.model_dump(mode="python"), {"seed": seed}, "--seed")
    return validate_data(data, "--seed")


def comparison_variants(
    paths: Sequence[Path], overrides: Sequence[str]
) -> tuple[dict[str, Scenario], list[str]]:
    """The variants to compare, and notes for the user.

    One file: its base and its variants. Several: the base of each file, named by the file's
    stem, all on the first file's seed, so they see the same demand (common random numbers).
    """
    first = load_scenario(paths[0], overrides)
    if len(paths) == 1:
        return variant_scenarios(first), []
    notes: list[str] = []
    variants: dict[str, Scenario] = {}
    for path in paths:
        scenario = first if path == paths[0] else load_scenario(path, overrides)
        if scenario.seed != first.seed:
            notes.append(f"{path}: seed {scenario.seed} replaced by {first.seed} (same demand)")
            scenario = with_seed(scenario, first.seed)
        label = path.stem
        while label in variants:
            label += "_"
        variants[label] = scenario
    return variants, notes


def backlog_by_day(log: pa.Table, horizon: float) -> np.ndarray:
    """Daily time-average backlog of one run, from its issue log."""
    from gridsim.stats.kpis import column
    from gridsim.stats.warmup import backlog_series

    return backlog_series(
        column(log, "reported_min"), column(log, "resolved_min"), horizon, DAY_MIN
    )


def run_pilot(scenario: Scenario, replications: int, **options: Any) -> Experiment:
    """Replications of the base scenario alone, kept in memory."""
    return run_experiment({"base": scenario}, replications, None, **options)
