"""The results folder: every file in it is either complete or absent.

Each finished replication is written at once as its own part (a Parquet log, a CSV of KPIs,
and last a record of both files' checksums and row counts) under `parts/`, beside the
scenario being run, so an interrupted run keeps what it finished, `--resume` runs again any
part that does not match its record, and the results of an earlier run in the folder stay
untouched. The final files are staged and switched into place together (see
`gridsim.experiment.folder`). Every write goes to a temporary file that is renamed into
place, so a crash never leaves a half-written file under a final name.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import os
import shutil
import sys
import tempfile
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from gridsim.experiment.folder import (
    FILE_MODE,
    MANIFEST,
    PARTS,
    STAGING,
    claim,
    clear_work,
    file_record,
    listing,
    read_json,
    sha256_of,
    switch,
)
from gridsim.experiment.folder import (
    OutputError as OutputError,  # raised here, caught by the command line
)
from gridsim.stats.kpis import Kpi

SUMMARY_FIELDS = ("variant", "replication", "kpi", "scope", "value", "unit")


def atomic_write(path: Path, write: Callable[[Path], object]) -> None:
    """Call ``write(tmp_path)``, then rename the temporary file to ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = ""
    try:  # from the file's creation on: a SIGTERM may land anywhere
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.close(fd)
        write(Path(tmp))
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, path)
    except BaseException:
        if tmp:
            Path(tmp).unlink(missing_ok=True)
        raise


def write_text(path: Path, text: str) -> None:
    atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def summary_rows(variant: str, replication: int, kpis: Iterable[Kpi]) -> list[dict]:
    return [
        {
            "variant": variant,
            "replication": replication,
            "kpi": k.kpi,
            "scope": k.scope,
            "value": k.value,
            "unit": k.unit,
        }
        for k in kpis
    ]


def csv_text(rows: Iterable[dict]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=SUMMARY_FIELDS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({**row, "value": repr(float(row["value"]))})
    return buf.getvalue()


def read_summary(path: Path) -> list[dict]:
    """Rows of a summary CSV, with numbers parsed."""
    with open(path, encoding="utf-8", newline="") as f:
        return [
            {**r, "replication": int(r["replication"]), "value": float(r["value"])}
            for r in csv.DictReader(f)
        ]


def table_of(data: bytes) -> pa.Table:
    return pq.read_table(pa.BufferReader(data))


class Combiner:
    """Streams the runs' logs into one Parquet file in run order, as they finish.

    Runs finish out of order; each waits (on disk, or in memory when a remote worker sent
    its bytes) until every run before it is written, then is copied row group by row group,
    so no log is held whole. The file is written under a temporary name and renamed only
    when complete.
    """

    def __init__(self, path: Path, keys: list[tuple[str, int]]) -> None:
        self.path = path
        self.keys = keys
        self.next = 0
        self.waiting: dict[tuple[str, int], Callable[[], pq.ParquetFile]] = {}
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.close(fd)
        self.tmp = Path(tmp)
        self.writer: pq.ParquetWriter | None = None

    def offer(self, key: tuple[str, int], load: Callable[[], pq.ParquetFile]) -> None:
        self.waiting[key] = load
        while self.next < len(self.keys) and self.keys[self.next] in self.waiting:
            part = self.waiting.pop(self.keys[self.next])()
            if self.writer is None:
                self.writer = pq.ParquetWriter(self.tmp, part.schema_arrow, compression="zstd")
            for group in range(part.num_row_groups):
                self.writer.write_table(part.read_row_group(group))
            self.next += 1

    def close(self) -> None:
        """Put the file in place (every run must have been offered)."""
        if self.next != len(self.keys):
            raise RuntimeError(f"{len(self.keys) - self.next} run(s) missing from the log")
        if self.writer is not None:
            self.writer.close()
        os.chmod(self.tmp, FILE_MODE)
        os.replace(self.tmp, self.path)

    def abandon(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.tmp.unlink(missing_ok=True)


class ResultsFolder:
    """Where one experiment's files go: finished runs as parts under `parts/` (each with a
    record of its files' checksums, written last), the final files staged beside them and
    switched into place together (see `gridsim.experiment.folder`). Used under `locked`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.parts = path / PARTS
        self.combiner: Combiner | None = None
        self.session = uuid.uuid4().hex
        self.staging = path / f"{STAGING}{self.session}"
        self.staged = self.staging / (path.resolve().name or "results")

    def _combiner(self) -> Combiner:
        """The combiner `begin` made: runs are recorded and finished only after it."""
        if self.combiner is None:
            raise RuntimeError("the results folder was not begun")
        return self.combiner

    def begin(
        self,
        run_id: str,
        command: str,
        files: dict[str, str],
        options: tuple[bool, bool],
        keys: list[tuple[str, int]],
    ) -> dict[tuple[str, int], list[dict]]:
        """Start (or, with ``options`` = (resume, force), continue) a run; returns the runs
        already finished. ``files`` (the effective scenario, the original scenario file) are
        kept beside the parts and move into place with the tables."""
        resume, force = options
        keep = claim(self.path, run_id, command, resume, force)
        clear_work(self.path, keep_parts=keep)
        self.parts.mkdir(exist_ok=True)
        for tmp in self.parts.glob(".*.tmp"):  # logs half-written by workers that died
            tmp.unlink()
        finished = self._finished(keys) if keep else {}
        if not keep:  # the marker last: a resumable run has its kept files
            for name, text in files.items():
                write_text(self.parts / name, text)
            marker = {"experiment_id": run_id, "command": command, "files": list(files)}
            write_text(self.parts / "run.json", json.dumps(marker) + "\n")
        # A fresh token per run: a worker that reads it here writes its log here (one that
        # finds a stale folder of the same path elsewhere sends its bytes instead).
        write_text(self.parts / "session", self.session + "\n")
        self.staged.mkdir(parents=True)
        self.combiner = Combiner(self.staged / "issues.parquet", keys)
        for key in keys:
            if key in finished:
                part = self.parts / f"{self.part_name(*key)}.parquet"
                self.combiner.offer(key, functools.partial(pq.ParquetFile, part))
        return finished

    def _finished(self, keys: list[tuple[str, int]]) -> dict[tuple[str, int], list[dict]]:
        """The runs whose parts match their records; the others are said and run again."""
        done, redo = {}, []
        for key in keys:
            name = self.part_name(*key)
            rows, why = check_part(self.parts, name)
            if rows is not None:
                done[key] = rows
            elif why:
                redo.append(f"{name} ({why})")
        if redo:
            print(
                f"gridsim: --resume: running again {len(redo)} run(s) whose parts are "
                f"missing, empty, truncated or damaged: {listing(redo)}",
                file=sys.stderr,
            )
        return done

    def part_name(self, variant: str, replication: int) -> str:
        return part_name(variant, replication)

    def add(self, variant: str, replication: int, log: bytes | Path, kpis_csv: str) -> None:
        """One finished run: its log (a Parquet file a worker wrote here, or its bytes)
        first, then the KPIs (CSV text), then the record of both that marks it complete;
        then its log joins the combined file when its turn comes."""
        name = self.part_name(variant, replication)
        part = self.parts / f"{name}.parquet"
        if isinstance(log, Path):
            os.chmod(log, FILE_MODE)
            os.replace(log, part)
        else:
            atomic_write(part, lambda tmp: tmp.write_bytes(log))
        kpis = self.parts / f"{name}.csv"
        write_text(kpis, kpis_csv)
        record = {
            "log": {**file_record(part), "rows": pq.ParquetFile(part).metadata.num_rows},
            "kpis": {**file_record(kpis), "rows": kpis_csv.count("\n") - 1},
        }
        write_text(self.parts / f"{name}.json", json.dumps(record) + "\n")
        self._combiner().offer((variant, replication), lambda: pq.ParquetFile(part))

    def finish(
        self,
        rows: list[dict],
        manifest: dict,
        extras: dict[str, str],
        render: Callable[[Path], object] | None = None,
    ) -> None:
        """Stage `issues.parquet`, `summary.csv`, the scenario files, ``extras`` and the
        manifest listing them all (and ``render`` the report there), switch them into place
        together, then drop the parts."""
        self._combiner().close()
        marker = json.loads((self.parts / "run.json").read_text(encoding="utf-8"))
        texts = {name: (self.parts / name).read_text(encoding="utf-8") for name in marker["files"]}
        for name, text in {"summary.csv": csv_text(rows), **texts, **extras}.items():
            write_text(self.staged / name, text)
        listed = {p.name: file_record(p) for p in sorted(self.staged.iterdir())}
        text = json.dumps({**manifest, "files": listed}, indent=2) + "\n"
        write_text(self.staged / MANIFEST, text)
        if render is not None:
            render(self.staged)
        switch(self.path, self.staged)
        shutil.rmtree(self.staging)
        shutil.rmtree(self.parts)

    def abandon(self) -> None:
        """An interrupted run: the parts stay; the half-built final files go, and so do
        temporary files a signal caught before their name was known (the workers are
        stopped by now, so none is still being written)."""
        if self.combiner is not None:
            self.combiner.abandon()
        shutil.rmtree(self.staging, ignore_errors=True)
        for tmp in self.parts.glob(".*.tmp"):
            tmp.unlink(missing_ok=True)


def part_name(variant: str, replication: int) -> str:
    """The name of one run's files under `parts/`."""
    return f"{variant}-r{replication:05d}"


def part_log(out: Path, variant: str, replication: int) -> Path:
    """One finished run's log, until the experiment is complete (then only the combined
    `issues.parquet` remains): for files made from the runs' logs, such as calibration."""
    return out / PARTS / f"{part_name(variant, replication)}.parquet"


def check_part(parts: Path, name: str) -> tuple[list[dict] | None, str]:
    """(the KPI rows of a finished part, "") if its files match its record, else (None, why
    it must run again: "" when nothing of it was written)."""
    record, why = read_json(parts / f"{name}.json")
    files = {"log": parts / f"{name}.parquet", "kpis": parts / f"{name}.csv"}
    if record is None:
        if why:
            return None, f"record {why}"
        return None, "not recorded as finished" if any(p.exists() for p in files.values()) else ""
    for kind, path in files.items():
        entry = record.get(kind)
        want = entry if isinstance(entry, dict) else {}
        if not path.is_file():
            return None, f"{kind} missing"
        size = path.stat().st_size
        if size == 0:
            return None, f"{kind} empty"
        if size != want.get("bytes"):
            short = size < (want.get("bytes") or 0)
            return None, f"{kind} {'truncated' if short else 'differs in size'}"
        if sha256_of(path) != want.get("sha256"):
            return None, f"{kind} checksum differs"
    try:
        rows = read_summary(files["kpis"])
        log_rows = pq.ParquetFile(files["log"]).metadata.num_rows
    except Exception as e:  # a damaged file that still matches its record: say so, run again
        return None, f"unreadable ({type(e).__name__})"
    if (log_rows, len(rows)) != (record["log"].get("rows"), record["kpis"].get("rows")):
        return None, "row count differs"
    return rows, ""
