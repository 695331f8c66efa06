"""The Python API: run experiments from a notebook and get tidy pandas tables back.

    >>> import gridsim
    >>> res = gridsim.run_experiment("scenarios/baseline.yaml", replications=2,
    ...                              overrides={"calendar.horizon_days": 7}, jobs=1)
    >>> sorted(res.summary.columns)
    ['kpi', 'replication', 'scope', 'unit', 'value', 'variant']
    >>> round(gridsim.evaluate("scenarios/baseline.yaml", replications=1,
    ...       **{"calendar.horizon_days": 7, "staff.crews.repair": 3})["issues"]) > 0
    True

`evaluate` has the shape tools such as the EMA workbench call: levers in, numbers out.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from gridsim.experiment.runner import Experiment
from gridsim.experiment.runner import run_experiment as _run
from gridsim.scenario import Scenario, load_scenario, variant_scenarios
from gridsim.scenario.errors import ScenarioError, describe_value
from gridsim.scenario.loader import apply_overrides, validate_data
from gridsim.scenario.overrides import plain_value
from gridsim.stats.summary import intervals

ScenarioLike = Scenario | str | os.PathLike[str]


def scenario_of(scenario: ScenarioLike, overrides: Mapping[str, Any] | None = None) -> Scenario:
    """A validated scenario from a file path or a Scenario, with dotted-path overrides."""
    overrides = plain_value(dict(overrides or {}))
    if isinstance(scenario, Scenario):
        if not overrides:
            return scenario
        data = apply_overrides(scenario.model_dump(mode="python"), overrides, "overrides")
        return validate_data(data, "overrides")
    items = [f"{k}={_yaml_scalar(k, v)}" for k, v in overrides.items()]
    return load_scenario(Path(scenario), items)


def _yaml_scalar(path: str, value: Any) -> str:
    """`value` as a YAML flow value, read back by the file's grammar; a value YAML cannot
    write (an object, a set) is refused here, located, as validation would."""
    import yaml

    try:
        text = yaml.safe_dump(value, default_flow_style=True)
    except yaml.YAMLError:
        expected = "a number, text, true/false, a list or a mapping"
        message = f"expected {expected}, found {describe_value(value)}"
        raise ScenarioError.single("overrides", message, path=str(path)) from None
    return text.strip().removesuffix("...").strip()


@dataclass
class Results:
    """What an experiment produced: tidy tables (one row per variant, replication, KPI)."""

    summary: pd.DataFrame
    out: Path | None
    experiment: Experiment

    def issues(self) -> pd.DataFrame:
        """The issue log of every run (from the results folder, or kept in memory)."""
        if self.out is not None:
            return pq.read_table(self.out / "issues.parquet").to_pandas()
        return pa.concat_tables(self.experiment.logs).to_pandas()

    def kpi(self, name: str, scope: str = "community") -> pd.DataFrame:
        """One KPI: a row per variant and replication."""
        s = self.summary
        return s[(s.kpi == name) & (s.scope == scope)][["variant", "replication", "value"]]

    def intervals(self) -> pd.DataFrame:
        """Mean and 95% t-interval over replications, per variant, KPI and scope."""
        ci = intervals(self.summary.to_dict("records"))
        return pd.DataFrame(
            [
                {"variant": v, "kpi": k, "scope": s, "mean": m, "low": lo, "high": hi, "n": n}
                for (v, k, s), (m, lo, hi, n) in ci.items()
            ]
        )


def run_experiment(
    scenario: ScenarioLike,
    *,
    replications: int | None = None,
    variants: Sequence[str] | Mapping[str, Mapping[str, Any]] | None = None,
    overrides: Mapping[str, Any] | None = None,
    out: str | os.PathLike[str] | None = None,
    jobs: int = 0,
    executor: str = "process",
    scheduler: str | None = None,
    resume: bool = False,
    force: bool = False,
    progress: bool = False,
) -> Results:
    """Run replications of a scenario's variants and return tidy tables.

    ``variants``: names of the scenario's own variants (default: all of them), or a mapping
    of new variant names to dotted-path overrides of the base. ``out`` holds one experiment:
    a folder holding another one is refused unless ``force``; ``resume`` continues this one.
    """
    base = scenario_of(scenario, overrides)
    if isinstance(variants, Mapping):
        chosen = {"base": base}
        for name, changes in variants.items():
            chosen[name] = scenario_of(base, changes)
    else:
        chosen = variant_scenarios(base, list(variants) if variants is not None else None)
    n = replications if replications is not None else base.replications
    out_path = Path(out) if out is not None else None
    exp = _run(
        chosen, n, out_path, progress=progress, executor=executor, jobs=jobs,
        scheduler=scheduler, resume=resume, force=force,
    )  # fmt: skip
    return Results(pd.DataFrame(exp.rows), out_path, exp)


def evaluate(
    scenario: ScenarioLike,
    replications: int | None = None,
    scope: str = "community",
    jobs: int = 1,
    **levers: Any,
) -> dict[str, float]:
    """Mean of every KPI of ``scope`` over replications, for the scenario with ``levers``
    applied (dotted paths, or the same with double underscores: staff__crews__repair=3)."""
    changes = {k.replace("__", "."): v for k, v in levers.items()}
    base = scenario_of(scenario, changes)
    res = run_experiment(base, replications=replications, variants=["base"], jobs=jobs)
    s = res.summary[res.summary.scope == scope]
    return {str(k): float(v) for k, v in s.groupby("kpi", sort=True)["value"].mean().items()}
