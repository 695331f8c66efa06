"""The orders a run's issue log would show in a platform's export: what `gridsim export`
writes and what `gridsim check-fit` compares with a real log, defined once.

A run knows more than any log: a problem nobody reported (latent, never found) is in no
log; a scheduled visit is not a request. An order is reported when a resident's report
reaches the platform, or when a patrol or screening finds the problem; it is closed when
the work order is closed (work orders on; one resolved but not yet closed is still open),
else when the problem is resolved; one not closed by the horizon is open at the extract.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from gridsim.fit.orders import COLUMNS, STAGES, Orders
from gridsim.model.rungs import Rung
from gridsim.scenario.schema import LEVELS, Scenario
from gridsim.units import MINUTES_PER_DAY


def run_orders(issues: pd.DataFrame, scenario: Scenario, source: str = "run") -> Orders:
    """The orders of one run's issues (one variant and replication of an issue log)."""
    runs = issues[["variant", "replication"]].drop_duplicates()
    if len(runs) > 1:
        raise ValueError(f"issues of {len(runs)} runs: pick one variant and replication")
    start = pd.Timestamp(scenario.calendar.start_date)
    horizon = scenario.calendar.horizon_days * MINUTES_PER_DAY
    reported = issues["reported_min"].fillna(issues["found_min"])
    keep = reported.notna() & (issues["channel"].astype(str) != "schedule")
    iss, reported = issues[keep], reported[keep]

    def when(minutes: pd.Series) -> pd.DatetimeIndex:
        return start + pd.to_timedelta(minutes.to_numpy(dtype=float), unit="min")

    # A work order is closed when it is closed (a resolved one may still await its close);
    # a problem handled without one, when it is resolved.
    order = (iss["deadline_min"] if "deadline_min" in iss else iss["closed_min"]).notna()
    closed = iss["closed_min"].where(order, iss["resolved_min"])
    level = iss["level"].astype(str)
    table = pd.DataFrame(
        {
            "order_id": iss["issue_id"].astype(str).to_numpy(),
            "kind": iss["kind"].astype(str).to_numpy(),
            "grid": iss["grid"].astype(str).to_numpy(),
            "location": (iss["grid"].astype(str) + " #" + iss["household"].astype(str)).to_numpy(),
            "reported": when(reported),
            "signed": when(iss["signed_min"]),
            "on_site": when(iss["on_site_min"]),
            "resolved": when(iss["resolved_min"]),
            "closed": when(closed),
            "open": closed.isna().to_numpy(),
            "escalated": pd.array(level.isin(LEVELS[Rung.GRID_LEADER :]).to_numpy(), "boolean"),
            "reports": np.maximum(iss["reports"].to_numpy(dtype=np.int64), 1),
        }
    )
    table = table.sort_values("reported", kind="stable").reset_index(drop=True)
    end = start + pd.Timedelta(minutes=horizon)
    return Orders(
        table=table[list(COLUMNS)],
        observed=STAGES,
        extract=end,
        start=start,
        end=end.ceil("D"),
        source=source,
        rows=len(table),
    )


__all__ = ["run_orders"]
