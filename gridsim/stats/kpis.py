"""Key performance indicators of one replication, computed from its issue log (whole, or
batch by batch as a run streams it).

Only issues reported after the warm-up count. Response times are measured from the report,
because that is when the community can act. An issue not yet on site at the horizon misses
the on-site target and is censored: its time is at least its time open (horizon - report),
which is what the percentiles count it as; a percentile that falls on such an issue is only
a lower bound, and its `_reached` flag says so. Means are of the issues that got there.
The README's KPI table holds one sentence per KPI; the tests hold the code to them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from gridsim.model.demand import DAY_MIN
from gridsim.model.model import PoolStats
from gridsim.scenario.schema import Targets

UNITS = {
    "issues": "issues",
    "complex": "issues",
    "resolved": "issues",
    "open_at_end": "issues",
    "backlog_mean": "issues",
    "hidden_backlog_mean": "issues",
    "backlog_trend_per_day": "issues a day",
    "queue_mean": "issues",
    "utilisation": "share",
    "busy_mean": "staff",
    "staff_cost_per_year": "CNY",
    "above_town": "issues",
    "orders": "issues",
}
"""Units of KPIs not named by their suffix (`_min` is minutes, `_share` a share of issues,
`_reached` a flag: 1 when the percentile is a time, 0 when it is only a lower bound)."""

PERCENTILES = ("median", "p90", "p95")
"""The percentiles of the times to on site and to resolution, in the order of QUANTILES."""

CREATION_TIMES = ("hidden", "created_to_on_site", "created_to_resolution")
"""The times from creation (`gridsim.stats.creation`): to being found (latent issues only),
to on site, to resolution."""

CREATION_PERCENTILES = PERCENTILES[:2]
"""The percentiles of the times from creation (their mean and p90 carry the message; the
p95 would only add rows)."""

WHEN_UNDEFINED = {
    "on_site_mean_min": "none on site",
    "resolution_mean_min": "none resolved",
    "plan_mean_min": "none planned",
    "hidden_mean_min": "none found",
    "hidden_found_share": "none hidden",
    "created_to_on_site_mean_min": "none on site",
    "created_to_resolution_mean_min": "none resolved",
    "wait_mean_min": "none dispatched",
    "utilisation": "never on duty",
    "backlog_trend_per_day": "too short",
    "response_rate": "no work orders",
    "on_time_rate": "no work orders",
    "satisfaction_rate": "no call-backs",
    "reopen_rate": "no order closed",
}
"""What a KPI without a value (NaN) means; any other KPI has none when it has no issues."""


def unit_of(kpi: str) -> str:
    """The unit of a KPI, from its name."""
    if kpi.endswith(("_share", "_rate")):
        return "share"
    if kpi.endswith("_reached"):
        return "flag"
    if "_min" in kpi:
        return "minutes"
    return UNITS.get(kpi, "")


def range_of(kpi: str) -> tuple[float, float]:
    """The values a KPI can take: shares and flags lie in [0, 1], a trend may be negative,
    every other KPI (counts, times, staff) is at least 0."""
    unit = unit_of(kpi)
    if unit in ("share", "flag"):
        return 0.0, 1.0
    if kpi == "backlog_trend_per_day":
        return -math.inf, math.inf
    return 0.0, math.inf


def reached_flag(kpi: str) -> str | None:
    """The flag KPI saying whether a censored percentile KPI was reached (None for others)."""
    times: list[tuple[str, tuple[str, ...]]] = [(w, PERCENTILES) for w in ("on_site", "resolution")]
    times += [(what, CREATION_PERCENTILES) for what in CREATION_TIMES]
    for what, percentiles in times:
        for p in percentiles:
            if kpi == f"{what}_{p}_min":
                return f"{what}_{p}_reached"
    return None


def undefined_text(kpi: str) -> str:
    """How to print a KPI that has no value: never "nan"."""
    return WHEN_UNDEFINED.get(kpi, "no such issues")


@dataclass(frozen=True)
class Kpi:
    kpi: str
    scope: str  # "community", "grid:<name>", "kind:<name>" or "staff:<handler>"
    value: float

    @property
    def unit(self) -> str:
        return unit_of(self.kpi)


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


def response_kpis(
    reported: np.ndarray,
    on_site: np.ndarray,
    resolved: np.ndarray,
    targets: Targets,
    horizon: float,
    routine: np.ndarray | None = None,
    complex_: np.ndarray | None = None,
    plan: np.ndarray | None = None,
) -> dict[str, float]:
    """Counts, response-time distribution summaries and the "三个一" target shares of one
    group of issues reported before ``horizon``, by the same sums as `KpiAccumulator`.

    On site counts every issue; "resolved within target" counts routine issues (all, when
    ``routine`` is not given); "planned within target" counts complex issues.
    """
    n = len(reported)
    planned = complex_ is not None and plan is not None
    to_site, to_resolve = on_site - reported, resolved - reported
    rows = {
        "to_site": to_site,
        "to_resolve": to_resolve,
        "to_plan": plan - reported if planned else np.full(n, np.nan),
        "wait": np.full(n, np.nan),
        "complex": complex_ if planned else np.zeros(n, dtype=bool),
        "routine": np.ones(n, dtype=bool) if routine is None else routine,
    }
    code = np.zeros(n, dtype=np.int64)
    sums = dict(zip(SUMS, scope_sums(code, 1, rows, targets)[:, 0], strict=True))
    site = grouped_percentiles(code, *censored(to_site, reported, horizon), 1)[0]
    res = grouped_percentiles(code, *censored(to_resolve, reported, horizon), 1)[0]
    out = scope_values(sums, site, res)
    del out["wait_mean_min"]
    if not planned:
        del out["complex"], out["plan_mean_min"], out["target_plan_share"]
    return out


def censored(
    times: np.ndarray, reported: np.ndarray, horizon: float
) -> tuple[np.ndarray, np.ndarray]:
    """Each issue's time with those not reached by the horizon at their lower bound, the
    time open (horizon - report), and which ones those are."""
    missing = np.isnan(times)
    return np.where(missing, horizon - reported, times), missing


def open_area(reported: np.ndarray, resolved: np.ndarray, warmup: float, horizon: float) -> float:
    """Area under the backlog curve over [warmup, horizon] of the issues reported in it:
    the sum of each one's time open before the horizon."""
    counted = (reported >= warmup) & (reported < horizon)  # NaN (never reported): False
    start = reported[counted]
    end = np.minimum(np.where(np.isnan(resolved[counted]), horizon, resolved[counted]), horizon)
    return float(np.sum(np.clip(end - start, 0.0, None)))


def backlog_mean(
    reported: np.ndarray, resolved: np.ndarray, warmup: float, horizon: float
) -> float:
    """Time-average number of open issues (reported after the warm-up, not resolved) over
    [warmup, horizon]."""
    return open_area(reported, resolved, warmup, horizon) / (horizon - warmup)


def run_kpis(
    log: pa.Table, pools: Iterable[PoolStats], warmup: float, horizon: float, targets: Targets
) -> list[Kpi]:
    """Every KPI of one replication from its whole log (see `KpiAccumulator`)."""
    acc = KpiAccumulator(warmup, horizon, targets)
    acc.add(log)
    return acc.kpis(pools)


SUMS = ("n", "resolved", "site_sum", "site_n", "site_hit", "res_sum", "routine_n",
        "routine_hit", "complex_n", "plan_sum", "plan_n", "plan_hit", "wait_sum",
        "wait_n", "orders", "sign_due", "sign_hit", "due", "due_hit", "called",
        "satisfied", "closed_once", "reopened", "above_town")  # fmt: skip
"""What each scope adds up, batch by batch."""

QUANTILES = (50.0, 90.0, 95.0)


class Scopes:
    """One dimension of scopes (the community, its grids, or the kinds): names as they
    appear in the log's dictionaries, and the sums of each."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.names: list[str] = []
        self.index: dict[str, int] = {}
        self.sums = np.zeros((len(SUMS), 0))

    def codes(self, names: list[str], codes: np.ndarray) -> np.ndarray:
        """Our index of each row's name (codes into ``names``; -1 stays -1)."""
        for name in names:
            if name not in self.index:
                self.index[name] = len(self.names)
                self.names.append(name)
        grown = len(self.names) - self.sums.shape[1]
        if grown:
            self.sums = np.hstack([self.sums, np.zeros((len(SUMS), grown))])
        mapping = np.array([self.index[name] for name in names] + [-1], dtype=np.int64)
        return mapping[codes]

    def scope(self, k: int) -> str:
        return "community" if self.prefix == "" else f"{self.prefix}:{self.names[k]}"


class KpiAccumulator:
    """The KPIs of one replication, added up batch by batch of its log as the run streams
    it, so a long run's log is never held: counts, sums and areas add up; only each issue's
    two response times are kept (about 26 bytes an issue), and of each issue created after the
    warm-up its three times from creation (37 bytes, `gridsim.stats.creation`), because exact
    percentiles need them.

    Only issues reported after the warm-up count. Community and grid figures are about
    problems: volunteers' scheduled services (care visits, micro wishes) are not held to
    the "三个一" targets and count only in their own kind's scope and in
    `volunteer_services`.
    """

    def __init__(self, warmup: float, horizon: float, targets: Targets) -> None:
        self.warmup, self.horizon, self.targets = warmup, horizon, targets
        self.community, self.grids, self.kinds = Scopes(""), Scopes("grid"), Scopes("kind")
        self.community.codes([""], np.zeros(0, dtype=np.int64))  # its one scope, always
        self.counts: dict[str, float] = {}  # ladder and channel counts, in order of first sight
        self.open_area = 0.0  # area under the backlog over [warm-up, horizon]
        self.daily: np.ndarray | None = None  # area under the backlog per day
        self.kept: list[tuple[np.ndarray, ...]] = []  # response times, for the percentiles
        self.seen = False
        from gridsim.stats.creation import CreationTimes  # it builds on this module

        self.creation = CreationTimes(warmup, horizon)

    def add(self, log: pa.Table) -> None:
        """One batch of rows (or a whole log)."""
        if log.num_rows == 0:
            return
        self.seen = True
        reported, on_site, resolved = (column(log, c) for c in ("reported_min", "on_site_min",
                                                                 "resolved_min"))  # fmt: skip
        handler, handlers = codes(log, "handler")
        service = handler == (handlers.index("volunteer") if "volunteer" in handlers else -2)
        dispute = handler == (handlers.index("mediation") if "mediation" in handlers else -2)
        window = (reported >= self.warmup) & (reported < self.horizon)
        problems = window & ~service
        to_site, to_resolve = on_site - reported, resolved - reported
        rows = {
            "to_site": to_site,
            "to_resolve": to_resolve,
            "to_plan": column(log, "plan_min") - reported,
            "wait": column(log, "dispatched_min") - column(log, "queued_min"),
            "complex": flags(log, "complex"),
            "routine": flags(log, "routine"),
            **order_rows(log, reported, resolved, self.horizon),
        }
        community = np.where(problems, 0, -1)
        grid = self.grids.codes(*reversed(codes(log, "grid")))
        kind = self.kinds.codes(*reversed(codes(log, "kind")))
        for scopes, code in ((self.community, community),
                             (self.grids, np.where(problems, grid, -1)),
                             (self.kinds, np.where(window, kind, -1))):  # fmt: skip
            self._sum(scopes, code, rows)
        keep, h = window, self.horizon
        site, site_open = censored(to_site[keep], reported[keep], h)
        res, res_open = censored(to_resolve[keep], reported[keep], h)
        self.kept.append((site, res, grid[keep].astype(np.int32), kind[keep].astype(np.int32),
                          problems[keep], site_open, res_open))  # fmt: skip
        self._backlog(reported[~service], resolved[~service])
        ends = {"created": column(log, "created_min"), "found": column(log, "found_min"),
                "on_site": on_site, "resolved": resolved}  # fmt: skip
        self.creation.add(ends | {"latent": flags(log, "latent")}, ~service, grid, kind)
        self._ladder(log, window, problems, dispute, handler, handlers, resolved)

    def _sum(self, scopes: Scopes, code: np.ndarray, rows: dict[str, np.ndarray]) -> None:
        scopes.sums += scope_sums(code, len(scopes.names), rows, self.targets)

    def _backlog(self, reported: np.ndarray, resolved: np.ndarray) -> None:
        """Areas under the backlog of problems: over the window, and per day."""
        from gridsim.stats.warmup import backlog_series

        self.open_area += open_area(reported, resolved, self.warmup, self.horizon)
        daily = backlog_series(reported, resolved, self.horizon, DAY_MIN)
        self.daily = daily if self.daily is None else self.daily + daily

    def _ladder(
        self,
        log: pa.Table,
        window: np.ndarray,
        problems: np.ndarray,
        dispute: np.ndarray,
        handler: np.ndarray,
        handlers: list[str],
        resolved: np.ndarray,
    ) -> None:
        """Where problems ended on the ladder (true and recorded), how they were found, and
        the counts the seed reports: disputes mediated, volunteer services."""
        add = self._count
        level, levels = codes(log, "level")
        for col, prefix in (("level", "level"), ("level_recorded", "level_recorded")):
            code, names = (level, levels) if col == "level" else codes(log, col)
            for c, name in enumerate(names):
                add(f"{prefix}:{name}", np.sum(problems & (code == c)))
        channel, channels = codes(log, "channel")
        for how in ("patrol", "screening"):
            if how in channels:
                add(f"found_by_{how}", np.sum(window & (channel == channels.index(how))))
        created = column(log, "created_min")
        latent = flags(log, "latent")
        never = latent & (channel < 0) & (created >= self.warmup) & (created < self.horizon)
        add("latent_unfound", np.sum(never))
        done = ~np.isnan(resolved)
        community = levels.index("community") if "community" in levels else len(levels)
        mediated = dispute & done & (level <= community)
        add("disputes", np.sum(window & dispute))
        add("disputes_mediated", np.sum(window & mediated))
        volunteer = handlers.index("volunteer") if "volunteer" in handlers else -2
        add("volunteer_services", np.sum(window & done & (handler == volunteer)))
        reports = log.column("reports").to_numpy(zero_copy_only=False)
        add("duplicate_reports_merged", np.sum(np.maximum(reports[window] - 1, 0)))

    def _count(self, name: str, value: float | np.number | np.bool) -> None:
        self.counts[name] = self.counts.get(name, 0.0) + float(value)

    def kpis(self, pools: Iterable[PoolStats]) -> list[Kpi]:
        """Every KPI: community-wide, per grid, per kind and per staff pool."""
        if not self.seen:  # no issue at all: what can be said of none
            self._ladder_of_nothing()
        site, res, grid, kind, problems, site_open, res_open = (
            np.concatenate([k[j] for k in self.kept]) if self.kept else np.empty(0)
            for j in range(7)
        )
        site_c: Censored = (site, site_open.astype(bool))
        res_c: Censored = (res, res_open.astype(bool))
        out = self._scoped(self.community, np.where(problems, 0, -1), site_c, res_c)
        span = self.horizon - self.warmup
        out.append(Kpi("backlog_mean", "community", self.open_area / span))
        out.append(Kpi("hidden_backlog_mean", "community", self.creation.hidden_backlog_mean()))
        out.append(Kpi("backlog_trend_per_day", "community", self._trend()))
        out += [Kpi(name, "community", value) for name, value in self.counts.items()]
        out += self._scoped(self.grids, np.where(problems, grid, -1), site_c, res_c)
        out += self._scoped(self.kinds, kind, site_c, res_c)
        out += staff_kpis(pools)
        return out

    def _ladder_of_nothing(self) -> None:
        for name in ("latent_unfound", "disputes", "disputes_mediated", "volunteer_services",
                     "duplicate_reports_merged"):  # fmt: skip
            self._count(name, 0)

    def _trend(self) -> float:
        """Least-squares slope of the daily backlog after the warm-up, in issues per day:
        about 0 for a stable system, positive and steady when demand exceeds capacity."""
        daily = self.daily
        if daily is None:
            from gridsim.stats.warmup import backlog_series

            daily = backlog_series(np.empty(0), np.empty(0), self.horizon, DAY_MIN)
        days = np.arange(len(daily), dtype=float)
        keep = days >= np.floor(self.warmup / DAY_MIN)
        if keep.sum() < 2:
            return float("nan")
        return float(np.polyfit(days[keep], daily[keep], 1)[0])

    def _scoped(self, scopes: Scopes, code: np.ndarray, site: Censored, res: Censored) -> list[Kpi]:
        """The response KPIs of each scope of one dimension, in the order of its names."""
        code = code.astype(np.int64) if len(code) else np.empty(0, dtype=np.int64)
        from_creation = self.creation.scoped(scopes.prefix, len(scopes.names))
        sums = dict(zip(SUMS, scopes.sums, strict=True))
        q_site = grouped_percentiles(code, *site, len(scopes.names))
        q_res = grouped_percentiles(code, *res, len(scopes.names))
        out = []
        for k in range(len(scopes.names)):
            s = {name: float(values[k]) for name, values in sums.items()}
            values = scope_values(s, q_site[k], q_res[k]) | from_creation[k]
            out += [Kpi(name, scopes.scope(k), v) for name, v in values.items()]
        return out


def scope_sums(
    code: np.ndarray, size: int, rows: dict[str, np.ndarray], targets: Targets
) -> np.ndarray:
    """The SUMS of each of ``size`` scopes over the rows (``code``: the scope of each row,
    -1 for none); ``rows`` holds to_site, to_resolve, to_plan, wait (minutes, NaN where not
    reached) and the complex and routine flags."""
    m = code >= 0
    c = code[m]
    r = {name: values[m] for name, values in rows.items()}

    def count(flag: np.ndarray) -> np.ndarray:
        return np.bincount(c[flag], minlength=size)

    def total(values: np.ndarray, flag: np.ndarray) -> np.ndarray:
        return np.bincount(c[flag], weights=values[flag], minlength=size)

    site_ok, res_ok = ~np.isnan(r["to_site"]), ~np.isnan(r["to_resolve"])
    plan_ok = r["complex"] & ~np.isnan(r["to_plan"])
    wait_ok = ~np.isnan(r["wait"])
    with np.errstate(invalid="ignore"):
        added = {
            "n": count(np.ones(len(c), dtype=bool)),
            "resolved": count(res_ok),
            "site_sum": total(r["to_site"], site_ok),
            "site_n": count(site_ok),
            "site_hit": count(r["to_site"] <= targets.on_site_min),
            "res_sum": total(r["to_resolve"], res_ok),
            "routine_n": count(r["routine"]),
            "routine_hit": count(r["routine"] & (r["to_resolve"] <= targets.routine_resolved_min)),
            "complex_n": count(r["complex"]),
            "plan_sum": total(r["to_plan"], plan_ok),
            "plan_n": count(plan_ok),
            "plan_hit": count(r["complex"] & (r["to_plan"] <= targets.complex_plan_min)),
            "wait_sum": total(r["wait"], wait_ok),
            "wait_n": count(wait_ok),
            **{name: count(r[name]) if name in r else np.zeros(size) for name in ORDER_FLAGS},
        }
    return np.array([added[name] for name in SUMS], dtype=float)


Quantiles = tuple[list[float], list[float]]
"""The QUANTILES of a group's times, and for each 1.0 (reached) or 0.0 (a lower bound)."""


def scope_values(s: dict[str, float], site: Quantiles, res: Quantiles) -> dict[str, float]:
    """The response KPIs of one scope from its SUMS and its censored QUANTILES of the times
    to on site and to resolution. Shares count issues not done (NaN) as misses."""
    out = {
        "issues": s["n"],
        "resolved": s["resolved"],
        "open_at_end": s["n"] - s["resolved"],
        "on_site_mean_min": ratio(s["site_sum"], s["site_n"]),
        **{f"on_site_{p}_min": v for p, v in zip(PERCENTILES, site[0], strict=True)},
        "resolution_mean_min": ratio(s["res_sum"], s["resolved"]),
        **{f"resolution_{p}_min": v for p, v in zip(PERCENTILES, res[0], strict=True)},
        "target_on_site_share": ratio(s["site_hit"], s["n"]),
        "target_resolved_share": ratio(s["routine_hit"], s["routine_n"]),
        "complex": s["complex_n"],
        "plan_mean_min": ratio(s["plan_sum"], s["plan_n"]),
        "target_plan_share": ratio(s["plan_hit"], s["complex_n"]),
        "wait_mean_min": ratio(s["wait_sum"], s["wait_n"]),
        "orders": s["orders"],
        "response_rate": ratio(s["sign_hit"], s["sign_due"]),
        "on_time_rate": ratio(s["due_hit"], s["due"]),
        "satisfaction_rate": ratio(s["satisfied"], s["called"]),
        "reopen_rate": ratio(s["reopened"], s["closed_once"]),
        "above_town": s["above_town"],
    }
    out.update({f"on_site_{p}_reached": f for p, f in zip(PERCENTILES, site[1], strict=True)})
    out.update({f"resolution_{p}_reached": f for p, f in zip(PERCENTILES, res[1], strict=True)})
    return out


ORDER_FLAGS = ("orders", "sign_due", "sign_hit", "due", "due_hit", "called", "satisfied",
               "closed_once", "reopened", "above_town")  # fmt: skip
"""The work-order flags each scope counts (`order_rows`)."""


def order_rows(
    log: pa.Table, reported: np.ndarray, resolved: np.ndarray, horizon: float
) -> dict[str, np.ndarray]:
    """Flags per row for the assessment rates of work orders: an order's sign-off (or
    resolution) is due when its deadline fell before the horizon or it happened anyway, and
    then it is a hit when it happened by the deadline; the call-back, a closing, a reopening
    count once per order, whatever its cycles; `above_town` is any problem that went there."""
    n = log.num_rows
    names = set(log.column_names)
    if "deadline_min" not in names:  # a log from before work orders
        none = np.zeros(n, dtype=bool)
        level, levels = codes(log, "level")
        above = level == (levels.index("above_town") if "above_town" in levels else -2)
        return {name: none for name in ORDER_FLAGS} | {"above_town": above}
    deadline = column(log, "deadline_min")
    sign_deadline = column(log, "sign_off_deadline_min")
    signed = column(log, "signed_min")
    order = ~np.isnan(deadline)
    satisfied = column(log, "satisfied")
    reopened = log.column("reopened").to_numpy(zero_copy_only=False) > 0
    closed = ~np.isnan(column(log, "closed_min")) | reopened
    level, levels = codes(log, "level")
    with np.errstate(invalid="ignore"):
        return {
            "orders": order,
            "sign_due": order & ((sign_deadline < horizon) | ~np.isnan(signed)),
            "sign_hit": order & (signed <= sign_deadline),
            "due": order & ((deadline < horizon) | ~np.isnan(resolved)),
            "due_hit": order & (resolved <= deadline),
            "called": order & ~np.isnan(satisfied),
            "satisfied": order & (satisfied == 1.0),
            "closed_once": order & closed,
            "reopened": order & reopened,
            "above_town": level == (levels.index("above_town") if "above_town" in levels else -2),
        }


def ratio(total: float, n: float) -> float:
    return total / n if n else float("nan")


def grouped_percentiles(
    code: np.ndarray, values: np.ndarray, lower: np.ndarray, groups: int
) -> list[Quantiles]:
    """The censored QUANTILES of the ``values`` of each group (``code`` -1: in none), where
    ``lower`` marks values that are only lower bounds."""
    ok = (code >= 0) & ~np.isnan(values)
    code, values, lower = code[ok], values[ok], lower[ok]
    order = np.lexsort((lower, values, code))  # at a tie, a reached time first
    bounds = np.concatenate(([0], np.cumsum(np.bincount(code, minlength=groups))))
    return [
        censored_quantiles(values[idx], lower[idx])
        for idx in (order[bounds[g] : bounds[g + 1]] for g in range(groups))
    ]


def censored_quantiles(values: np.ndarray, lower: np.ndarray) -> Quantiles:
    """QUANTILES (numpy's linear interpolation) of sorted ``values``, each flagged 0.0 when
    one of the two values it interpolates is only a lower bound (``lower``): then the
    percentile itself is only a lower bound, not reached by the horizon."""
    n = len(values)
    if n == 0:
        return [math.nan] * len(QUANTILES), [math.nan] * len(QUANTILES)
    reached = []
    for q in QUANTILES:
        at = q / 100 * (n - 1)
        lo = math.floor(at)
        hi = min(lo + 1, n - 1) if at > lo else lo
        reached.append(0.0 if lower[lo] or lower[hi] else 1.0)
    return np.percentile(values, QUANTILES).tolist(), reached


def flags(log: pa.Table, name: str) -> np.ndarray:
    """A boolean column as numpy (nulls as False)."""
    return log.column(name).to_numpy(zero_copy_only=False).astype(bool)


Censored = tuple[np.ndarray, np.ndarray]
"""Times with those not reached at their lower bound, and which ones those are."""


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
