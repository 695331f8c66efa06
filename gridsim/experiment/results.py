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
from collections.abc import Callable, Iterable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from gridsim.stats.kpis import Kpi

SUMMARY_FIELDS = ("variant", "replication", "kpi", "scope", "value", "unit")


class OutputError(Exception):
    """The results folder cannot be written."""


def atomic_write(path: Path, write: Callable[[Path], object]) -> None:
    """Call ``write(tmp_path)``, then rename the temporary file to ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text(path: Path, text: str) -> None:
    atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def write_parquet(path: Path, table: pa.Table) -> None:
    atomic_write(path, lambda tmp: pq.write_table(table, tmp, compression="zstd"))


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


class ResultsFolder:
    """Where one run's files go."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.parts = path / "parts"
        try:
            self.parts.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise OutputError(f"{path}: cannot create the results folder ({e.strerror})") from e

    def begin(
        self, run_id: str, scenario_yaml: str, resume: bool
    ) -> dict[tuple[str, int], list[dict]]:
        """Start (or, with ``resume``, continue) a run; returns the runs already finished.

        The scenario being run is kept beside its parts and moves into place with the tables.
        """
        marker = self.parts / "run.json"
        if resume and marker.exists():
            found = json.loads(marker.read_text(encoding="utf-8")).get("experiment_id")
            if found != run_id:
                raise OutputError(
                    f"{self.path}: --resume: the unfinished run here is of a different "
                    "scenario, variants or replications; run without --resume to start over"
                )
            return self._finished()
        stale = list(self.parts.glob("*.parquet")) + list(self.parts.glob("*.csv"))
        if stale and not resume:
            print(f"gridsim: replacing {len(stale) // 2} run(s) of an unfinished run in "
                  f"{self.parts} (--resume would continue it)", file=sys.stderr)  # fmt: skip
            for p in stale:
                p.unlink()
        write_text(marker, json.dumps({"experiment_id": run_id}) + "\n")
        write_text(self.parts / "scenario.yaml", scenario_yaml)
        return {}

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

    def write_part(self, variant: str, replication: int, log: pa.Table, rows: list[dict]) -> None:
        """One finished replication: the log first, then the KPIs that mark it complete."""
        name = self.part_name(variant, replication)
        write_parquet(self.parts / f"{name}.parquet", log)
        write_text(self.parts / f"{name}.csv", csv_text(rows))

    def combine(self, keys: list[tuple[str, int]]) -> None:
        """Write `issues.parquet` and `summary.csv` from the parts, in run order; drop parts."""
        names = [self.part_name(v, r) for v, r in keys]
        tables = [pq.read_table(self.parts / f"{n}.parquet") for n in names]
        rows = [row for n in names for row in read_summary(self.parts / f"{n}.csv")]
        write_parquet(self.path / "issues.parquet", pa.concat_tables(tables))
        write_text(self.path / "summary.csv", csv_text(rows))
        os.replace(self.parts / "scenario.yaml", self.path / "scenario.yaml")
        for n in names:
            (self.parts / f"{n}.parquet").unlink()
            (self.parts / f"{n}.csv").unlink()
        (self.parts / "run.json").unlink(missing_ok=True)
        with contextlib.suppress(OSError):  # something else lives there; leave it
            self.parts.rmdir()
