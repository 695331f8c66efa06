"""Running replications of a scenario and its variants, and keeping what they produce.

Replication r of every variant uses the same named random streams, so variants that differ
only in staffing or rules see exactly the same issues (common random numbers).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import platform
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import pyarrow as pa
from tqdm import tqdm

import gridsim
from gridsim.experiment.results import ResultsFolder, summary_rows, write_text
from gridsim.model.log import log_table
from gridsim.model.model import Model
from gridsim.scenario import Scenario, scenario_to_yaml
from gridsim.stats.kpis import run_kpis


@dataclass
class Replication:
    """One finished run of one variant."""

    variant: str
    replication: int
    log: pa.Table
    rows: list[dict]
    events: int
    cpu_seconds: float
    streams: list[str]


def run_replication(scenario: Scenario, variant: str, replication: int) -> Replication:
    """Build a fresh model, run it, and turn its log into KPI rows."""
    result = Model(scenario, replication).run()
    log = log_table(result, variant, replication, scenario.policy.escalate.record_cap)
    kpis = run_kpis(log, result.pools, result.warmup, result.horizon, scenario.targets)
    return Replication(
        variant=variant,
        replication=replication,
        log=log,
        rows=summary_rows(variant, replication, kpis),
        events=result.events,
        cpu_seconds=result.cpu_seconds,
        streams=result.streams,
    )


@dataclass
class Experiment:
    """The KPI rows of every run, and the figures of how long they took."""

    rows: list[dict] = field(default_factory=list)
    events: int = 0
    cpu_seconds: float = 0.0
    runs: int = 0
    out: Path | None = None


def scenario_hash(scenario: Scenario) -> str:
    """A short fingerprint of the effective scenario, to trace results to their input."""
    return hashlib.sha256(scenario_to_yaml(scenario).encode("utf-8")).hexdigest()[:16]


def versions() -> dict[str, str]:
    names = ("simpy", "numpy", "pydantic", "pyarrow", "PyYAML")
    found = {"gridsim": gridsim.__version__, "python": platform.python_version()}
    for name in names:
        with contextlib.suppress(metadata.PackageNotFoundError):
            found[name] = metadata.version(name)
    return found


def run_experiment(
    variants: dict[str, Scenario],
    replications: int,
    out: Path | None = None,
    progress: bool = True,
) -> Experiment:
    """Run ``replications`` of every variant; write each finished run to ``out`` at once."""
    folder = ResultsFolder(out) if out is not None else None
    base = next(iter(variants.values()))
    started = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    if folder is not None:
        header = (
            f"# effective scenario written by gridsim {gridsim.__version__} on {started}\n"
            f"# seed {base.seed}, {replications} replications, variants: {', '.join(variants)}\n"
        )
        folder.begin(header + scenario_to_yaml(base))
    keys = [(v, r) for r in range(replications) for v in variants]
    exp = Experiment(out=out)
    streams: list[str] = []
    bar = tqdm(keys, desc="replications", unit="run", disable=not progress or None, leave=False)
    for variant, r in bar:
        rep = run_replication(variants[variant], variant, r)
        if folder is not None:
            folder.write_part(variant, r, rep.log, rep.rows)
        exp.rows += rep.rows
        exp.events += rep.events
        exp.cpu_seconds += rep.cpu_seconds
        exp.runs += 1
        streams = rep.streams
    if folder is not None:
        folder.combine(keys)
        manifest = {
            "scenario": base.name,
            "scenario_hash": {v: scenario_hash(s) for v, s in variants.items()},
            "seed": base.seed,
            "replications": replications,
            "variants": list(variants),
            "seed_scheme": "SeedSequence(entropy=(seed, blake2b-64(stream name), replication))",
            "streams": streams,
            "started": started,
            "events": exp.events,
            "cpu_seconds": round(exp.cpu_seconds, 3),
            "versions": versions(),
        }
        write_text(folder.path / "manifest.json", json.dumps(manifest, indent=2) + "\n")
    return exp
