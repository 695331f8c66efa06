"""Running replications of a scenario and its variants, and keeping what they produce.

Replication r of every variant uses the same named random streams, so variants that differ
only in staffing or rules see exactly the same issues (common random numbers). Runs are
independent tasks handed to an executor (serial, process pool or Dask); each finished run
is written at once, and the combined tables are assembled in run order, so they are the same
bit for bit whatever the executor, the number of workers, or an interruption and `--resume`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import hashlib
import os
import platform
import tempfile
import uuid
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from dataclasses import dataclass, field, replace
from importlib import metadata
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from tqdm import tqdm

import gridsim
from gridsim.experiment.executors import make_executor
from gridsim.experiment.folder import cannot_write, locked
from gridsim.experiment.results import ResultsFolder, csv_text, summary_rows, table_of
from gridsim.model.chunks import Batch, empty_batch
from gridsim.model.log import LogNames, batch_table
from gridsim.model.model import Model
from gridsim.scenario import Scenario, scenario_to_yaml
from gridsim.stats.cost import cost_kpis
from gridsim.stats.kpis import KpiAccumulator

GRACE_S = 30.0
"""How long an interrupted run waits for the runs in flight, to keep the ones that finish."""

SEED_SCHEME = "SeedSequence(entropy=(seed, blake2b-64(stream name), replication))"


COLLECT_EVERY = 16
"""Runs between two full garbage collections in one process. A run leaves reference cycles
(the model, its environment and processes) that Python's automatic collector frees only
rarely once a process holds many objects: a worker of a long search grew by about 1.4 MB a
run, to 6 GB after a few thousand (2026-12-01). A full collection takes about 0.1 s after a
year's run, so it is done every so many runs: memory stays flat for about 1% of the time."""

_runs_since_collection = 0


def _collect_garbage() -> None:
    global _runs_since_collection
    _runs_since_collection += 1
    if _runs_since_collection >= COLLECT_EVERY:
        _runs_since_collection = 0
        gc.collect()


@dataclass
class Replication:
    """One finished run of one variant."""

    variant: str
    replication: int
    log: pa.Table | None  # None when the log went to a file
    rows: list[dict]
    events: int
    cpu_seconds: float
    streams: list[str]
    live_peak: int = 0


def run_replication(
    scenario: Scenario, variant: str, replication: int, log_path: Path | None = None
) -> Replication:
    """Build a fresh model, run it, and turn its log into KPI rows.

    The log goes batch by batch, as issues settle, into the KPIs and to ``log_path`` (a
    Parquet file) or, without one, into a table returned whole; so with a file, memory stays
    flat in the horizon.
    """
    model = Model(scenario, replication)
    names = LogNames(model.demand.kind_names, model.demand.grid_names,
                     model.channel_names, tuple(c.name for c in model.crews))  # fmt: skip
    cap = scenario.policy.escalate.record_cap
    acc = KpiAccumulator(model.warmup, model.horizon, scenario.targets)
    tables: list[pa.Table] = []
    writer = None if log_path is None else LogWriter(log_path)
    keep = tables.append if writer is None else writer.write

    def sink(batch: Batch) -> None:
        table = batch_table(batch, names, variant, replication, cap)
        acc.add(table)
        keep(table)

    stats = model.stream(sink)
    empty = batch_table(empty_batch(), names, variant, replication, cap)
    if writer is not None:
        writer.close(empty.schema)
    kpis = acc.kpis(stats.pools) + cost_kpis(scenario, stats.pools, model.warmup, model.horizon)
    _collect_garbage()
    return Replication(
        variant=variant,
        replication=replication,
        log=None if writer is not None else pa.concat_tables([empty, *tables]),
        rows=summary_rows(variant, replication, kpis),
        events=stats.events,
        cpu_seconds=stats.cpu_seconds,
        streams=stats.streams,
        live_peak=stats.live_peak,
    )


class LogWriter:
    """Writes a run's log batch by batch under a temporary name; `close` puts it in place."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        self.writer: pq.ParquetWriter | None = None

    def write(self, table: pa.Table) -> None:
        if self.writer is None:
            self.writer = pq.ParquetWriter(self.tmp, table.schema, compression="zstd")
        self.writer.write_table(table)

    def close(self, schema: pa.Schema) -> None:
        if self.writer is None:  # no issue at all: an empty table with the log's columns
            self.writer = pq.ParquetWriter(self.tmp, schema, compression="zstd")
        self.writer.close()
        os.replace(self.tmp, self.path)


@dataclass(frozen=True)
class Task:
    """One run: a variant (or design point) of a scenario, and a replication number."""

    label: str
    replication: int
    scenario: Scenario
    log_dir: str | None = None  # the results folder's parts, where a worker writes the log
    session: str = ""  # the token of this run of the folder (see `seen_folder`)

    @property
    def key(self) -> tuple[str, int]:
        return (self.label, self.replication)


@dataclass
class Finished:
    """What a worker sends back: the log as a Parquet file it wrote (or, from a machine that
    may not share the disk, its bytes), the KPI rows as CSV text (both encoded in the worker,
    so the parent only writes), the rows, the run's figures."""

    label: str
    replication: int
    log: bytes | Path
    rows: list[dict]
    csv: str
    events: int
    cpu_seconds: float
    streams: list[str]


def run_task(task: Task) -> Finished:
    """What a worker runs (a module-level function, so every executor can ship it). The log
    streams to a file in the results folder when this worker sees it (always for local
    executors; a Dask worker may be on another machine), else to a private file that goes
    back as bytes."""
    folder = seen_folder(task)
    if folder is not None:
        path = folder / f".{task.label}-r{task.replication:05d}.{uuid.uuid4().hex}.tmp"
        rep = run_replication(task.scenario, task.label, task.replication, path)
        log: bytes | Path = path
    else:
        with tempfile.TemporaryDirectory(prefix="gridsim-") as tmp:
            path = Path(tmp) / "log.parquet"
            rep = run_replication(task.scenario, task.label, task.replication, path)
            log = path.read_bytes()
    return Finished(
        rep.variant, rep.replication, log, rep.rows, csv_text(rep.rows),
        rep.events, rep.cpu_seconds, rep.streams,
    )  # fmt: skip


def seen_folder(task: Task) -> Path | None:
    """The results folder's parts if this worker sees them (they hold this run's session
    token), else None."""
    if task.log_dir is None:
        return None
    folder = Path(task.log_dir)
    try:
        token = (folder / "session").read_text(encoding="utf-8").strip()
    except (OSError, UnicodeError):
        return None
    return folder if token == task.session else None


def tasks_for(variants: dict[str, Scenario], replications: int) -> list[Task]:
    """Every run, replication by replication, so early results cover every variant."""
    return [Task(v, r, sc) for r in range(replications) for v, sc in variants.items()]


@dataclass
class Experiment:
    """The KPI rows of every run, and the figures of how long they took."""

    rows: list[dict] = field(default_factory=list)
    events: int = 0
    cpu_seconds: float = 0.0
    runs: int = 0
    resumed: int = 0  # runs found finished in the results folder and not run again
    out: Path | None = None
    logs: list[pa.Table] = field(default_factory=list)  # in run order, when there is no folder


def scenario_hash(scenario: Scenario) -> str:
    """A short fingerprint of the effective scenario, to trace results to their input."""
    return hashlib.sha256(scenario.model_dump_json().encode("utf-8")).hexdigest()[:16]


def experiment_id(tasks: Sequence[Task], hashes: dict[str, str]) -> str:
    """A fingerprint of the whole experiment: which scenarios (by hash), which replications."""
    h = hashlib.sha256()
    for t in tasks:
        h.update(f"{t.label}:{hashes[t.label]}:{t.replication};".encode())
    return h.hexdigest()[:16]


def versions() -> dict[str, str]:
    names = ("simpy", "numpy", "pydantic", "pyarrow", "PyYAML", "pandas", "distributed")
    found = {"gridsim": gridsim.__version__, "python": platform.python_version()}
    for name in names:
        with contextlib.suppress(metadata.PackageNotFoundError):
            found[name] = metadata.version(name)
    return found


def run_tasks(
    tasks: Sequence[Task],
    out: Path | None = None,
    *,
    progress: bool = True,
    executor: str = "process",
    jobs: int = 0,
    scheduler: str | None = None,
    resume: bool = False,
    force: bool = False,
    command: str = "run",
    header: str = "",
    source: str | None = None,
    extras: Callable[[Experiment], dict[str, str]] | None = None,
    render: Callable[[Path], object] | None = None,
) -> Experiment:
    """Run every task on the chosen executor; write each finished run to ``out`` at once.

    ``out`` holds one experiment (see `gridsim.experiment.folder` for when it refuses, and
    what ``resume`` and ``force`` allow). ``source`` is the original scenario file's text,
    kept as `scenario.source.yaml`; ``extras`` makes more files of the finished experiment
    (e.g. `sweep.csv`) and ``render`` draws the report into the staged folder: all of them
    switch into place with the tables, or none does.
    """
    start = (executor, jobs, scheduler, len(tasks))
    if out is None:
        with make_executor(*start) as (pool, width):
            return _collect(pool, width, tasks, None, {}, progress)[0]
    started = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    hashes = {t.label: scenario_hash(t.scenario) for t in {t.label: t for t in tasks}.values()}
    run_id = experiment_id(tasks, hashes)
    base = tasks[0].scenario
    try:
        with locked(out):
            folder = ResultsFolder(out)
            try:
                with make_executor(*start) as (pool, width):
                    files = _kept_files(base, header + _stamp(started), source)
                    finished = folder.begin(run_id, command, files, (resume, force),
                                            [t.key for t in tasks])  # fmt: skip
                    exp, streams = _collect(pool, width, tasks, folder, finished, progress)
                manifest = {
                    "scenario": base.name, "command": command, "experiment_id": run_id,
                    "scenario_hash": hashes, "seed": base.seed,
                    "replications": sorted({t.replication for t in tasks}),
                    "variants": list(hashes), "seed_scheme": SEED_SCHEME,
                    "streams": sorted(streams) or None, "started": started, "runs": len(tasks),
                    "resumed_runs": exp.resumed, "executor": executor, "events": exp.events,
                    "cpu_seconds": round(exp.cpu_seconds, 3), "versions": versions(),
                }  # fmt: skip
                folder.finish(exp.rows, manifest, extras(exp) if extras else {}, render)
            except BaseException:
                folder.abandon()
                raise
    except OSError as e:
        raise cannot_write(e, out) from e
    return exp


def _stamp(started: str) -> str:
    return f"# effective scenario written by gridsim {gridsim.__version__} on {started}\n"


def _kept_files(base: Scenario, header: str, source: str | None) -> dict[str, str]:
    """The scenario files kept with the results: effective, and as written (if known)."""
    files = {"scenario.yaml": header + scenario_to_yaml(base)}
    if source is not None:
        files["scenario.source.yaml"] = source
    return files


def _collect(
    pool: Executor,
    width: int,
    tasks: Sequence[Task],
    folder: ResultsFolder | None,
    finished: dict[tuple[str, int], list[dict]],
    progress: bool,
) -> tuple[Experiment, set[str]]:
    """Run the tasks not ``finished`` and keep each run as it ends: in ``folder``, or in
    memory without one. Returns the experiment and the random streams used."""
    keys = [t.key for t in tasks]
    exp = Experiment(out=None if folder is None else folder.path, resumed=len(finished))
    rows = dict(finished)
    logs: dict[tuple[str, int], pa.Table] = {}
    streams: set[str] = set()

    def keep(done: Finished) -> None:
        key = (done.label, done.replication)
        if folder is not None:
            folder.add(done.label, done.replication, done.log, done.csv)
        else:  # without a folder no worker sees one, so every log comes back as bytes
            assert isinstance(done.log, bytes)
            logs[key] = table_of(done.log)
        rows[key] = done.rows
        exp.events += done.events
        exp.cpu_seconds += done.cpu_seconds
        exp.runs += 1
        streams.update(done.streams)
        bar.update()

    pending = [t for t in tasks if t.key not in rows]
    if folder is not None:
        log_dir, session = str(folder.parts.resolve()), folder.session
        pending = [replace(t, log_dir=log_dir, session=session) for t in pending]
    bar = tqdm(total=len(tasks), initial=len(rows), desc="runs", unit="run",
               disable=not progress or None, leave=False)  # fmt: skip
    with bar:
        _drive(pool, pending, 2 * width, keep)
    exp.rows = [row for key in keys for row in rows[key]]
    if folder is None:
        exp.logs = [logs[key] for key in keys]
    return exp, streams


def _drive(
    pool: Executor, tasks: Iterable[Task], window: int, keep: Callable[[Finished], None]
) -> None:
    """Submit the tasks, at most ``window`` in flight, and ``keep`` each finished run as soon
    as it is done. Interrupted, it cancels what has not started, waits for what is running,
    and keeps every run that finished, so `--resume` never runs it again."""
    running: set[Future[Finished]] = set()

    def collect(block: bool) -> None:
        nonlocal running
        if block:
            done, running = wait(running, return_when=FIRST_COMPLETED)
        else:
            done = {f for f in running if f.done()}
            running -= done
        for future in done:
            keep(future.result())

    try:
        for task in tasks:
            running.add(pool.submit(run_task, task))
            collect(block=len(running) >= window)
        while running:
            collect(block=True)
    except BaseException:
        for future in running:
            future.cancel()
        for future in wait(running, timeout=GRACE_S).done:
            if not future.cancelled() and future.exception() is None:
                keep(future.result())
        raise


def run_experiment(
    variants: dict[str, Scenario],
    replications: int,
    out: Path | None = None,
    progress: bool = True,
    **options: Any,
) -> Experiment:
    """Run ``replications`` of every variant (see `run_tasks` for the options)."""
    return run_tasks(tasks_for(variants, replications), out, progress=progress, **options)
