"""A pinned run: the exact content of a small experiment, so a change of behaviour fails.

Refactoring the model must leave every table bit-identical for the same scenario and seed.
This test runs the baseline (night on-call crews for repair and fire) and its variants, plus
dedicated crews, for 30 days and 2 replications, and compares the sha256 of a canonical
encoding of the issue log and of summary.csv with the constants below.

The constants may only change with a deliberate change of the model's behaviour (a new
mechanism, a fixed bug), said so in the commit message. To regenerate them, run

    GRIDSIM_PRINT_PINS=1 python -m pytest -q tests/test_pinned_run.py -s -n 0

and copy the printed digests here. Never regenerate them to make a refactoring pass.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

import gridsim

BASELINE = Path(__file__).resolve().parents[1] / "scenarios" / "baseline.yaml"
KEYS = ["variant", "replication", "issue_id"]

ISSUES_SHA256 = "6a90b3227dcbb7982c52b82cdb39ce910f5471fb9b20b5bebe76807edc616c1f"
SUMMARY_SHA256 = "d42d39ff49bdb087595cc08aa250538c40da0d746891b55ee7ea79fc6a88f5b4"
ISSUES_ROWS = 2104


def decoded(table: pa.Table) -> pa.Table:
    """Categories as text, so the dictionary's order does not matter (and rows can sort)."""
    for i, field in enumerate(table.schema):
        if pa.types.is_dictionary(field.type):
            column = table.column(i).cast(field.type.value_type)
            table = table.set_column(i, field.name, column)
    return table


def column_bytes(column: pa.ChunkedArray) -> bytes:
    """One column as bytes that depend only on its values: the null mask, then the values."""
    mask = column.is_null().to_numpy(zero_copy_only=False).astype(np.uint8).tobytes()
    if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
        text = "\x00".join("" if v is None else v for v in column.to_pylist())
        return mask + text.encode()
    filled = column.fill_null(False if pa.types.is_boolean(column.type) else 0)
    return mask + np.ascontiguousarray(filled.to_numpy()).tobytes()


def table_digest(table: pa.Table, keys: list[str]) -> str:
    """sha256 over the columns in schema order, with names and types, rows sorted by keys."""
    table = decoded(table)
    table = table.take(pc.sort_indices(table, [(k, "ascending") for k in keys]))
    digest = hashlib.sha256()
    for name, column in zip(table.column_names, table.columns, strict=True):
        digest.update(f"{name}:{column.type}\n".encode())
        digest.update(column_bytes(column))
    return digest.hexdigest()


def summary_digest(path: Path) -> str:
    """sha256 of summary.csv's values as written (text, so no parsing can round them), rows
    sorted by their keys."""
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    keys = ["variant", "replication", "kpi", "scope"]
    return table_digest(pa.Table.from_pandas(table, preserve_index=False), keys)


@pytest.fixture(scope="module")
def pinned(tmp_path_factory: pytest.TempPathFactory) -> tuple[pa.Table, Path]:
    out = tmp_path_factory.mktemp("pinned") / "run"
    gridsim.run_experiment(
        BASELINE,
        replications=2,
        overrides={"calendar.horizon_days": 30},
        variants={
            "one_more_repair_crew": {"staff.crews.repair": 3},
            "nearest_severity_first": {"policy.dispatch": "nearest", "policy.queue": "severity"},
            "dedicated": {"policy.dispatch": "dedicated"},
        },
        out=out,
        jobs=1,
    )
    return pq.read_table(out / "issues.parquet"), out / "summary.csv"


def test_the_pinned_run_exercises_what_it_pins(pinned: tuple[pa.Table, Path]) -> None:
    """The run covers every variant and replication, and night call-outs of the on-call crews
    (issues dispatched between 20:00 and 8:00), so the digests guard those paths too."""
    log = pinned[0].to_pandas()
    runs = log.groupby(["variant", "replication"], observed=True).size()
    assert len(runs) == 4 * 2 and (runs > 100).all()
    hour = (log["dispatched_min"] % 1440) / 60
    night = log[(hour < 8) | (hour >= 20)]
    assert len(night) > 0 and night["crew"].notna().any()


def test_the_pinned_run_is_bit_identical(pinned: tuple[pa.Table, Path]) -> None:
    table, summary = pinned
    got = (table_digest(table, KEYS), summary_digest(summary), table.num_rows)
    if os.environ.get("GRIDSIM_PRINT_PINS"):
        print(f"\nISSUES_SHA256 = {got[0]!r}\nSUMMARY_SHA256 = {got[1]!r}\nISSUES_ROWS = {got[2]}")
    assert got == (ISSUES_SHA256, SUMMARY_SHA256, ISSUES_ROWS), (
        "the model's behaviour changed: see this file's docstring before touching the pins"
    )


def test_the_digest_sees_a_single_changed_value(pinned: tuple[pa.Table, Path]) -> None:
    """A digest that missed small changes would pin nothing."""
    table = pinned[0]
    i = table.column_names.index("on_site_min")
    values = table.column(i).to_numpy(zero_copy_only=False).copy()
    j = int(np.flatnonzero(np.isfinite(values))[0])
    values[j] = np.nextafter(values[j], np.inf)
    changed = table.set_column(i, "on_site_min", pa.array(values, from_pandas=True))
    assert table_digest(changed, KEYS) != table_digest(table, KEYS)
    shuffled = table.take(np.random.default_rng(0).permutation(table.num_rows))
    assert table_digest(shuffled, KEYS) == table_digest(table, KEYS)
