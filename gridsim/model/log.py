"""The issue log: one row per issue, the single source of every statistic.

Times are minutes from the start of the run and null where the issue never got that far
before the horizon. Categorical columns are dictionary-encoded, which keeps a city-sized log
small and lets statistics group by integer codes.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from gridsim.model.model import RunResult
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
    """The log of one replication of one variant.

    `level` is the highest rung the issue truly reached; `level_recorded` is what officials
    record when a policy caps it (`policy.escalate.record_cap`), kept apart on purpose.
    """
    iss = result.issues
    n = len(iss)
    level = result.level
    recorded = np.where(level < 0, -1, np.minimum(level, LEVELS.index(record_cap)))
    dispute = iss.handler == HANDLERS.index("mediation")
    columns: dict[str, pa.Array] = {
        "variant": _categorical(np.zeros(n), [variant]),
        "replication": pa.array(np.full(n, replication, dtype=np.int32)),
        "issue_id": pa.array(np.arange(n, dtype=np.int64)),
        "kind": _categorical(iss.kind, iss.kind_names),
        "severity": _categorical(iss.severity, SEVERITIES),
        "grid": _categorical(iss.grid, iss.grid_names),
        "household": pa.array(iss.household.astype(np.int64)),
        "vulnerable": pa.array(iss.vulnerable),
        "channel": _categorical(result.channel, iss.channel_names),
        "reports": pa.array(np.where(result.channel < 0, 0, np.maximum(iss.reports, 1))),
        "latent": pa.array(iss.latent),
        "handler": _categorical(iss.handler, HANDLERS),
        "crew": _categorical(result.crew, result.crew_names),
        "work_min": pa.array(iss.work),
        # Complex: its nature needs a plan from the committee or above (disputes have
        # their own path and are never complex).
        "complex": pa.array((result.needs >= LEVELS.index("community")) & ~dispute),
        "created_min": _times(iss.created),
        "found_min": _times(result.found),
        "reported_min": _times(result.reported),
        "queued_min": _times(result.queued),
        "dispatched_min": _times(result.dispatched),
        "on_site_min": _times(result.on_site),
        "plan_min": _times(result.plan),
        "resolved_min": _times(result.resolved),
        "level": _categorical(level, LEVELS),
        "level_recorded": _categorical(recorded, LEVELS),
        "sessions": pa.array(result.sessions),
    }
    return pa.table(columns)
