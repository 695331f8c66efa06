"""Key performance indicators of one replication, computed from its issue log.

Only issues reported after the warm-up count. Response times are measured from the report,
because that is when the community can act. An issue not yet on site at the horizon misses
the on-site target; it has no response time, and `open_at_end` counts it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from gridsim.model.model import PoolStats
from gridsim.scenario.schema import Targets

UNITS = {
    "issues": "issues",
    "complex": "issues",
    "resolved": "issues",
    "open_at_end": "issues",
    "backlog_mean": "issues",
    "backlog_trend_per_day": "issues a day",
    "queue_mean": "issues",
    "utilisation": "share",
    "busy_mean": "staff",
}
"""Units of KPIs not named by their suffix (`_min` is minutes, `_share` a share of issues)."""


@dataclass(frozen=True)
class Kpi:
    kpi: str
    scope: str  # "community", "grid:<name>", "kind:<name>" or "staff:<handler>"
    value: float

    @property
    def unit(self) -> str:
        if self.kpi.endswith("_share"):
            return "share"
        if "_min" in self.kpi:
            return "minutes"
        return UNITS.get(self.kpi, "")


def column(log: pa.Table, name: str) -> np.ndarray:
    """A numeric column as numpy, nulls as NaN."""
    return log.column(name).to_numpy(zero_copy_only=False).astype(float)


def codes(log: pa.Table, name: str) -> tuple[np.ndarray, list[str]]:
    """A dictionary-encoded column as integer codes (-1 for null) and its category names."""
    arr = log.column(name).unify_dictionaries().combine_chunks()
    if len(arr) == 0:
        return np.empty(0, dtype=np.int32), []
    idx = arr.indices.to_numpy(zero_copy_only=False)
    idx = np.where(arr.is_null().to_numpy(zero_copy_only=False), -1, idx).astype(np.int32)
    return idx, arr.dictionary.to_pylist()


def percentile(values: np.ndarray, q: float) -> float:
    return float(np.percentile(values, q)) if len(values) else float("nan")


def response_kpis(
    reported: np.ndarray,
    on_site: np.ndarray,
    resolved: np.ndarray,
    targets: Targets,
    routine: np.ndarray | None = None,
    complex_: np.ndarray | None = None,
    plan: np.ndarray | None = None,
) -> dict[str, float]:
    """Counts, response-time distribution summaries and the "三个一" target shares.

    On site counts every issue; "resolved within target" counts routine issues (all, when
    ``routine`` is not given); "planned within target" counts complex issues.
    """
    to_site = on_site - reported
    to_resolve = resolved - reported
    reached = to_site[~np.isnan(to_site)]
    done = to_resolve[~np.isnan(to_resolve)]
    n = len(reported)
    out = {
        "issues": float(n),
        "resolved": float(len(done)),
        "open_at_end": float(n - len(done)),
        "on_site_mean_min": float(reached.mean()) if len(reached) else float("nan"),
        "on_site_median_min": percentile(reached, 50),
        "on_site_p90_min": percentile(reached, 90),
        "on_site_p95_min": percentile(reached, 95),
        "resolution_mean_min": float(done.mean()) if len(done) else float("nan"),
        "resolution_median_min": percentile(done, 50),
        "resolution_p90_min": percentile(done, 90),
        "resolution_p95_min": percentile(done, 95),
    }
    out["target_on_site_share"] = share(to_site, targets.on_site_min)
    routine_times = to_resolve if routine is None else to_resolve[routine]
    out["target_resolved_share"] = share(routine_times, targets.routine_resolved_min)
    if complex_ is not None and plan is not None:
        to_plan = (plan - reported)[complex_]
        planned = to_plan[~np.isnan(to_plan)]
        out["complex"] = float(len(to_plan))
        out["plan_mean_min"] = float(planned.mean()) if len(planned) else float("nan")
        out["target_plan_share"] = share(to_plan, targets.complex_plan_min)
    return out


def share(times: np.ndarray, target: float) -> float:
    """Share of issues done within the target; issues not done (NaN) count as misses."""
    return float(np.sum(times <= target) / len(times)) if len(times) else float("nan")


def backlog_mean(
    reported: np.ndarray, resolved: np.ndarray, warmup: float, horizon: float
) -> float:
    """Time-average number of open issues (reported, not resolved) over [warmup, horizon].

    The area under the backlog curve is the sum of each issue's open time inside the window.
    """
    seen = ~np.isnan(reported)
    start = np.maximum(reported[seen], warmup)
    end = np.minimum(np.where(np.isnan(resolved[seen]), horizon, resolved[seen]), horizon)
    return float(np.sum(np.clip(end - start, 0.0, None)) / (horizon - warmup))


def backlog_trend(
    reported: np.ndarray, resolved: np.ndarray, warmup: float, horizon: float
) -> float:
    """Least-squares slope of the daily backlog after the warm-up, in issues per day: about 0
    for a stable system, positive and steady when demand exceeds capacity."""
    from gridsim.stats.warmup import backlog_series

    daily = backlog_series(reported, resolved, horizon, 1440.0)
    days = np.arange(len(daily), dtype=float)
    keep = days >= np.floor(warmup / 1440.0)
    if keep.sum() < 2:
        return float("nan")
    return float(np.polyfit(days[keep], daily[keep], 1)[0])


def run_kpis(
    log: pa.Table, pools: Iterable[PoolStats], warmup: float, horizon: float, targets: Targets
) -> list[Kpi]:
    """Every KPI of one replication: community-wide, per grid, per kind and per staff pool.

    Community and grid figures are about problems: volunteers' scheduled services (care
    visits, micro wishes) are not held to the "三个一" targets and count only in their own
    kind's scope and in `volunteer_services`.
    """
    reported = column(log, "reported_min")
    on_site = column(log, "on_site_min")
    resolved = column(log, "resolved_min")
    plan = column(log, "plan_min")
    queued = column(log, "queued_min")
    dispatched = column(log, "dispatched_min")
    complex_ = log.column("complex").to_numpy(zero_copy_only=False)
    handler, handlers = codes(log, "handler")
    dispute = handler == handlers.index("mediation") if "mediation" in handlers else handler < -1
    routine = ~complex_ & ~dispute
    window = (reported >= warmup) & (reported < horizon)
    service = handler == handlers.index("volunteer") if "volunteer" in handlers else handler < -1
    problems = window & ~service

    def scoped(scope: str, mask: np.ndarray) -> list[Kpi]:
        values = response_kpis(
            reported[mask], on_site[mask], resolved[mask], targets,
            routine[mask], complex_[mask], plan[mask],
        )  # fmt: skip
        wait = (dispatched - queued)[mask]
        wait = wait[~np.isnan(wait)]
        values["wait_mean_min"] = float(wait.mean()) if len(wait) else float("nan")
        return [Kpi(k, scope, v) for k, v in values.items()]

    out = scoped("community", problems)
    open_ = reported[~service], resolved[~service]
    out.append(Kpi("backlog_mean", "community", backlog_mean(*open_, warmup, horizon)))
    out.append(Kpi("backlog_trend_per_day", "community", backlog_trend(*open_, warmup, horizon)))
    out += ladder_kpis(log, window, problems, dispute, handler, handlers, warmup, horizon)
    for dim, within in (("grid", problems), ("kind", window)):
        code, names = codes(log, dim)
        for c, name in enumerate(names):
            out += scoped(f"{dim}:{name}", within & (code == c))
    out += staff_kpis(pools)
    return out


def ladder_kpis(
    log: pa.Table,
    window: np.ndarray,
    problems: np.ndarray,
    dispute: np.ndarray,
    handler: np.ndarray,
    handlers: list[str],
    warmup: float,
    horizon: float,
) -> list[Kpi]:
    """Where problems ended on the ladder (true and recorded), how they were found, and the
    counts the seed reports: disputes mediated, volunteer services."""
    out = []
    for col, prefix in (("level", "level"), ("level_recorded", "level_recorded")):
        code, names = codes(log, col)
        for c, name in enumerate(names):
            reached = float(np.sum(problems & (code == c)))
            out.append(Kpi(f"{prefix}:{name}", "community", reached))
    channel, channels = codes(log, "channel")
    for how in ("patrol", "screening"):
        if how in channels:
            found = window & (channel == channels.index(how))
            out.append(Kpi(f"found_by_{how}", "community", float(np.sum(found))))
    created = column(log, "created_min")
    latent = log.column("latent").to_numpy(zero_copy_only=False)
    never = latent & (channel < 0) & (created >= warmup) & (created < horizon)
    out.append(Kpi("latent_unfound", "community", float(np.sum(never))))
    resolved = ~np.isnan(column(log, "resolved_min"))
    level, levels = codes(log, "level")
    mediated = dispute & resolved & (level <= levels.index("community"))
    out.append(Kpi("disputes", "community", float(np.sum(window & dispute))))
    out.append(Kpi("disputes_mediated", "community", float(np.sum(window & mediated))))
    volunteer = handlers.index("volunteer") if "volunteer" in handlers else -2
    served = window & resolved & (handler == volunteer)
    out.append(Kpi("volunteer_services", "community", float(np.sum(served))))
    reports = log.column("reports").to_numpy(zero_copy_only=False)
    merged = float(np.sum(np.maximum(reports[window] - 1, 0)))
    out.append(Kpi("duplicate_reports_merged", "community", merged))
    return out


def staff_kpis(pools: Iterable[PoolStats]) -> list[Kpi]:
    """Utilisation (busy over on duty), busy staff and queue length per kind of staff."""
    out = []
    by_handler: dict[str, list[PoolStats]] = {}
    for pool in pools:
        by_handler.setdefault(pool.group, []).append(pool)
    for handler, group in by_handler.items():
        busy = sum(p.busy_mean for p in group)
        on_duty = sum(p.on_duty_mean for p in group)
        scope = f"staff:{handler}"
        out.append(Kpi("utilisation", scope, busy / on_duty if on_duty > 0 else float("nan")))
        out.append(Kpi("busy_mean", scope, busy))
        out.append(Kpi("queue_mean", scope, sum(p.queue_mean for p in group)))
    return out
