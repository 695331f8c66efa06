"""The issue log: one row per issue, the single source of every statistic.

A run streams its rows in batches as issues settle (then, at the horizon, the open ones by
issue id), so a long run's log goes to disk without being held whole.

Times are minutes from the start of the run and null where the issue never got that far
before the horizon. Categorical columns are dictionary-encoded, which keeps a city-sized log
small and lets statistics group by integer codes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from gridsim.model.chunks import ATTRIBUTES, COUNTS, FLOATS
from gridsim.model.model import RunResult
from gridsim.model.rungs import Rung
from gridsim.scenario.schema import HANDLERS, LEVELS, SEVERITIES


def _categorical(codes: np.ndarray, names: tuple[str, ...] | list[str]) -> pa.DictionaryArray:
    """Codes below 0 become nulls."""
    codes = np.asarray(codes, dtype=np.int32)
    mask = codes < 0
    indices = pa.array(np.where(mask, 0, codes), mask=mask, type=pa.int32())
    return pa.DictionaryArray.from_arrays(indices, pa.array(list(names), type=pa.string()))


def _times(values: np.ndarray) -> pa.Array:
    return pa.array(values, type=pa.float64(), from_pandas=True)  # NaN becomes null


def log_table(result: RunResult, variant: str, replication: int, record_cap: str) -> pa.Table:
    """The log of one replication of one variant, in issue order."""
    iss = result.issues
    rows = {name: getattr(iss, name) for name in ATTRIBUTES}
    rows.update({name: getattr(result, name) for name in (*FLOATS, *COUNTS, "needs")})
    rows["issue_id"] = np.arange(len(iss), dtype=np.int64)
    names = LogNames(iss.kind_names, iss.grid_names, iss.channel_names, result.crew_names)
    return batch_table(rows, names, variant, replication, record_cap)


@dataclass(frozen=True)
class LogNames:
    """The category names behind a log's integer codes."""

    kinds: tuple[str, ...]
    grids: tuple[str, ...]
    channels: tuple[str, ...]
    crews: tuple[str, ...]


def batch_table(
    rows: dict[str, np.ndarray], names: LogNames, variant: str, replication: int, record_cap: str
) -> pa.Table:
    """Rows of settled issues (a `chunks.Batch`) as a table of the log.

    `level` is the highest rung the issue truly reached; `level_recorded` is what officials
    record when a policy caps it (`policy.escalate.record_cap`), kept apart on purpose.
    """
    n = len(rows["issue_id"])
    level = rows["level"]
    recorded = np.where(level < 0, -1, np.minimum(level, int(Rung[record_cap.upper()])))
    dispute = rows["handler"] == HANDLERS.index("mediation")
    channel = rows["channel"]
    columns: dict[str, pa.Array] = {
        "variant": _categorical(np.zeros(n), [variant]),
        "replication": pa.array(np.full(n, replication, dtype=np.int32)),
        "issue_id": pa.array(rows["issue_id"].astype(np.int64)),
        "kind": _categorical(rows["kind"], names.kinds),
        "severity": _categorical(rows["severity"], SEVERITIES),
        "grid": _categorical(rows["grid"], names.grids),
        "household": pa.array(rows["household"].astype(np.int64)),
        "vulnerable": pa.array(rows["vulnerable"].astype(bool)),
        "channel": _categorical(channel, names.channels),
        "reports": pa.array(np.where(channel < 0, 0, np.maximum(rows["reports"], 1))),
        "latent": pa.array(rows["latent"].astype(bool)),
        "handler": _categorical(rows["handler"], HANDLERS),
        "crew": _categorical(rows["crew"], names.crews),
        "work_min": pa.array(rows["work"].astype(float)),
        # Complex: its nature needs a plan from the committee or above (disputes have
        # their own path and are never complex).
        "complex": pa.array((rows["needs"] >= Rung.COMMUNITY) & ~dispute),
        # Routine: its nature needs no rung above the grid worker (the "三个一" 1-hour target).
        "routine": pa.array((rows["needs"] <= Rung.GRID_WORKER) & ~dispute),
        "created_min": _times(rows["created"]),
        "found_min": _times(rows["found"]),
        "reported_min": _times(rows["reported"]),
        "queued_min": _times(rows["queued"]),
        "dispatched_min": _times(rows["dispatched"]),
        "on_site_min": _times(rows["on_site"]),
        "plan_min": _times(rows["plan"]),
        "resolved_min": _times(rows["resolved"]),
        "level": _categorical(level, LEVELS),
        "level_recorded": _categorical(recorded, LEVELS),
        "sessions": pa.array(rows["sessions"].astype(np.int32)),
        **order_columns(rows),
    }
    return pa.table(columns)


def order_columns(rows: dict[str, np.ndarray]) -> dict[str, pa.Array]:
    """The work order's columns (`gridsim.model.orders`): null or 0 for an issue that is not
    an order (orders switched off, a scheduled visit, a problem nobody reported)."""
    n = len(rows["issue_id"])

    def get(name: str, missing: float) -> np.ndarray:  # rows made before work orders
        return rows[name] if name in rows else np.full(n, missing)

    deadline = get("deadline", np.nan)
    order = ~np.isnan(deadline)
    satisfied = get("satisfied", -1)
    return {
        "deadline_min": _times(deadline),
        "sign_off_deadline_min": _times(get("sign_off_deadline", np.nan)),
        "signed_min": _times(np.where(order, rows["queued"], np.nan)),
        "closed_min": _times(get("closed", np.nan)),
        "supervised_min": _times(get("supervised", np.nan)),
        "reopened": pa.array(get("reopened", 0).astype(np.int32)),
        "satisfied": pa.array(satisfied > 0, mask=satisfied < 0),
        "bypassed": pa.array(get("bypassed", 0).astype(bool)),
    }
