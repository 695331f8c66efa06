"""The results folder: every file in it is either complete or absent.

Each finished replication is written at once as its own part (a Parquet log and a CSV of
KPIs) under `parts/`, beside the scenario being run, so an interrupted run keeps what it
finished and leaves the results of an earlier run in the folder untouched. The combined
`issues.parquet`, `summary.csv` and `scenario.yaml` are put in place last. Every write goes
to a temporary file that is renamed into place, so a crash never leaves a half-written file
under a final name.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import sys
import tempfile
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from gridsim.stats.kpis import Kpi

SUMMARY_FIELDS = ("variant", "replication", "kpi", "scope", "value", "unit")


class OutputError(Exception):
    """The results folder cannot be written."""


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


FILE_MODE = 0o666 & ~_umask()
"""What an ordinary file gets here (mkstemp alone would make it private: 0600)."""


def atomic_write(path: Path, write: Callable[[Path], object]) -> None:
    """Call ``write(tmp_path)``, then rename the temporary file to ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, path)
    except BaseException:
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
    """Where one experiment's files go."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.parts = path / "parts"
        self.combiner: Combiner | None = None
        self.session = uuid.uuid4().hex
        try:
            self.parts.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise OutputError(f"{path}: cannot create the results folder ({e.strerror})") from e
        for folder in (self.path, self.parts):  # left by a run that was killed outright
            for tmp in folder.glob(".*.tmp"):
                tmp.unlink(missing_ok=True)

    def begin(
        self,
        run_id: str,
        files: dict[str, str],
        resume: bool,
        keys: list[tuple[str, int]],
    ) -> dict[tuple[str, int], list[dict]]:
        """Start (or, with ``resume``, continue) a run; returns the runs already finished.

        ``files`` (the effective scenario, the original scenario file) are kept beside the
        parts and move into place with the tables.
        """
        marker = self.parts / "run.json"
        finished: dict[tuple[str, int], list[dict]] = {}
        if resume and marker.exists():
            found = json.loads(marker.read_text(encoding="utf-8")).get("experiment_id")
            if found != run_id:
                raise OutputError(
                    f"{self.path}: --resume: the unfinished run here is of a different "
                    "scenario, variants or replications; run without --resume to start over"
                )
            finished = self._finished()
        else:
            stale = list(self.parts.glob("*.parquet")) + list(self.parts.glob("*.csv"))
            if stale and not resume:
                print(f"gridsim: replacing {len(stale) // 2} run(s) of an unfinished run in "
                      f"{self.parts} (--resume would continue it)", file=sys.stderr)  # fmt: skip
                for p in stale:
                    p.unlink()
            write_text(marker, json.dumps({"experiment_id": run_id, "files": list(files)}) + "\n")
            for name, text in files.items():
                write_text(self.parts / name, text)
        # A fresh token per run: a worker that reads it here writes its log here (one that
        # finds a stale folder of the same path elsewhere sends its bytes instead).
        write_text(self.parts / "session", self.session + "\n")
        self.combiner = Combiner(self.path / "issues.parquet", keys)
        for key in keys:
            if key in finished:
                part = self.parts / f"{self.part_name(*key)}.parquet"
                self.combiner.offer(key, lambda part=part: pq.ParquetFile(part))
        return finished

    def _finished(self) -> dict[tuple[str, int], list[dict]]:
        """Runs whose KPI part exists (it is written after the log, so both are complete)."""
        done = {}
        for csv_path in self.parts.glob("*-r*.csv"):
            label, _, rep = csv_path.stem.rpartition("-r")
            if (self.parts / f"{csv_path.stem}.parquet").exists():
                done[(label, int(rep))] = read_summary(csv_path)
        return done

    def part_name(self, variant: str, replication: int) -> str:
        return f"{variant}-r{replication:05d}"

    def add(self, variant: str, replication: int, log: bytes | Path, kpis_csv: str) -> None:
        """One finished run: its log (a Parquet file a worker wrote here, or its bytes)
        first, then the KPIs (CSV text) that mark it complete; then its log joins the
        combined file when its turn comes."""
        name = self.part_name(variant, replication)
        part = self.parts / f"{name}.parquet"
        if isinstance(log, Path):
            os.chmod(log, FILE_MODE)
            os.replace(log, part)
        else:
            atomic_write(part, lambda tmp: tmp.write_bytes(log))
        write_text(self.parts / f"{name}.csv", kpis_csv)
        self.combiner.offer((variant, replication), lambda: pq.ParquetFile(part))

    def finish(self, keys: list[tuple[str, int]], rows: list[dict]) -> None:
        """Put `issues.parquet`, `summary.csv` and `scenario.yaml` in place; drop the parts."""
        self.combiner.close()
        write_text(self.path / "summary.csv", csv_text(rows))
        marker = json.loads((self.parts / "run.json").read_text(encoding="utf-8"))
        for name in marker.get("files", []):
            os.replace(self.parts / name, self.path / name)
        for variant, replication in keys:
            name = self.part_name(variant, replication)
            (self.parts / f"{name}.parquet").unlink()
            (self.parts / f"{name}.csv").unlink()
        (self.parts / "run.json").unlink(missing_ok=True)
        (self.parts / "session").unlink(missing_ok=True)
        for tmp in self.parts.glob(".*.tmp"):  # logs half-written by workers that died
            tmp.unlink(missing_ok=True)
        with contextlib.suppress(OSError):  # something else lives there; leave it
            self.parts.rmdir()

    def abandon(self) -> None:
        """An interrupted run: the parts stay; the half-built combined file goes."""
        if self.combiner is not None:
            self.combiner.abandon()
