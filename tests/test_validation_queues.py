"""The model reduced to textbook queues (scenarios/validation/) against exact theory.

Each validation scenario is one grid of one household with no travel, no triage and crews
always on duty, so the crews are the servers of an M/M/c, M/G/1 or M/D/1 queue and the
queue wait of an issue is ``dispatched - queued``. Statistics use the issues queued from
the end of the warm-up to three days before the horizon (every one of them is dispatched
before the horizon, which the tests assert, so no wait is censored).

Statistical tolerance (``assert_agrees``): with R independent replications, the theory
must lie within the replication mean ± max(4 standard errors, a small relative slack),
and 4 standard errors must themselves be below a stated share of the theory, so a test
that could not see an error of that size fails rather than passes vacuously. Seeds are
fixed (the scenario seed and replications 0..R-1), so the results are reproducible.

FAST runs each file as written (10 replications of 20 000 to 46 000 issues, about a
second per file); LONG (marked slow) runs 20 replications three times as long.

Exact checks (no statistics): FCFS waits recomputed from the logged arrivals and work
with the Lindley recursion (one crew) or the Kiefer-Wolfowitz recursion (c crews), the
monitors' areas recomputed from the log, and the priority order of every dispatch.
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

import numpy as np
import pytest
import yaml

from gridsim.model.demand import DAY_MIN, YEAR_MIN
from gridsim.model.model import Model, RunResult
from gridsim.scenario.schema import SEVERITIES, Scenario
from gridsim.stats.queueing import (
    cobham_mean_waits,
    mmc_mean_queue,
    mmc_mean_wait,
    mmc_wait_tail,
    pollaczek_khinchine_wait,
)

VALIDATION = Path(__file__).resolve().parents[1] / "scenarios" / "validation"
FILES = ("mmc", "mmc_priority", "mg1", "md1")
COOLDOWN_MIN = 3 * DAY_MIN  # issues queued this close to the horizon are left out
TAIL_TIMES = (0.0, 30.0, 60.0)  # minutes at which P(Wq > t) of M/M/c is checked
HIGH, LOW = SEVERITIES.index("high"), SEVERITIES.index("low")
# Rounding slack on a wait: the clock reaches a report time as now + (t - now), which may
# differ from t by an ulp, so an issue served at once can show a wait of ±1e-14 minutes.
EPS_MIN = 1e-9


@dataclass(frozen=True)
class Scale:
    """How much to simulate: replications and a multiple of the file's horizon."""

    name: str
    replications: int
    horizon_factor: float
    rel_slack: float  # relative slack of the tolerance when the standard error is tiny
    power: float  # 4 standard errors must be below this share of the theory


FAST = Scale("fast", replications=10, horizon_factor=1.0, rel_slack=0.01, power=0.15)
LONG = Scale("long", replications=20, horizon_factor=3.0, rel_slack=0.005, power=0.05)
SCALES = [pytest.param(FAST, id="fast"), pytest.param(LONG, marks=pytest.mark.slow, id="long")]


# -- scenarios and their theory ---------------------------------------------------------


def load_dict(name: str) -> dict:
    with open(VALIDATION / f"{name}.yaml", encoding="utf-8") as f:
        return yaml.safe_load(f)


def load(name: str, horizon_factor: float = 1.0, **calendar: float) -> Scenario:
    """The validation scenario ``name``, its horizon stretched or calendar keys replaced."""
    data = load_dict(name)
    data["calendar"]["horizon_days"] *= horizon_factor
    data["calendar"].update(calendar)
    return Scenario.model_validate(data)


@dataclass(frozen=True)
class Queue:
    """The textbook queue a validation scenario reduces to."""

    lam: float  # arrivals per minute
    mean_s: float  # mean service minutes
    second_moment_s: float  # E[S²]
    exponential: bool
    c: int
    class_lams: dict[int, float]  # severity rank -> arrival rate, for the classes used
    priority: bool  # served by severity (non-preemptive), else FCFS

    @property
    def rho(self) -> float:
        return self.lam * self.mean_s / self.c

    def mean_wait(self) -> float:
        """Erlang C for exponential work, Pollaczek-Khinchine for one crew."""
        if self.exponential:
            return mmc_mean_wait(self.lam, 1.0 / self.mean_s, self.c)
        assert self.c == 1, "no exact mean wait for M/G/c"
        return pollaczek_khinchine_wait(self.lam, self.mean_s, self.second_moment_s)

    def class_waits(self) -> dict[int, float]:
        """Cobham's mean wait of each severity class, highest severity first."""
        assert self.exponential and self.priority
        ranks = sorted(self.class_lams, reverse=True)
        waits = cobham_mean_waits([self.class_lams[r] for r in ranks], 1.0 / self.mean_s, self.c)
        return dict(zip(ranks, waits, strict=True))


def reduction(sc: Scenario) -> Queue:
    """Check that ``sc`` really is a textbook queue, and say which one."""
    grids = sc.community.grids
    assert len(grids) == 1 and grids[0].households == 1
    g = grids[0]
    assert (g.x_km, g.y_km) == (sc.community.hall_x_km, sc.community.hall_y_km)
    assert sc.community.travel.overhead_min == 0.0, "no travel"
    assert sc.staff.triage_min == 0.0
    assert sc.calendar.shift.always_on
    assert sc.policy.dispatch == "pooled"
    assert all(c.mean_delay_min == 0.0 for c in sc.demand.channels.values())
    assert len(set(sc.demand.hourly)) == 1 and len(set(sc.demand.seasonal)) == 1
    (kind,) = sc.demand.kinds.values()
    assert kind.handler == "repair" and (kind.seasonal is None or len(set(kind.seasonal)) == 1)
    c = sc.staff.crews.repair
    lam = kind.rate_per_household_year / YEAR_MIN
    m, cv, dist = kind.work.mean_min, kind.work.cv, kind.work.distribution
    second = {"exponential": 2.0 * m * m, "deterministic": m * m}.get(dist, m * m * (1 + cv * cv))
    probs = kind.severity.probabilities()
    return Queue(
        lam=lam,
        mean_s=m,
        second_moment_s=second,
        exponential=dist == "exponential",
        c=c,
        class_lams={rank: lam * p for rank, p in enumerate(probs) if p > 0},
        priority=sc.policy.queue == "severity",
    )


# -- running and summarising ------------------------------------------------------------


@dataclass(frozen=True)
class Summary:
    """What the statistical tests need from one replication."""

    mean_wait: float
    class_wait: dict[int, float]  # severity rank -> mean wait
    tail: tuple[float, ...]  # share of waits > t for t in TAIL_TIMES
    utilisation: float  # busy_mean / on_duty_mean of the repair pool
    queue_monitor: float  # time-weighted mean queue length, summed over pools
    queue_little: float  # λ observed × mean wait from the log, same window
    n: int


def observed(res: RunResult) -> np.ndarray:
    """Issues reported after the warm-up and queued at least COOLDOWN_MIN before the horizon."""
    with np.errstate(invalid="ignore"):
        late_enough = res.issues.reported >= res.warmup
        return late_enough & (res.queued < res.horizon - COOLDOWN_MIN)


def summarise(res: RunResult) -> Summary:
    mask = observed(res)
    wait = (res.dispatched - res.queued)[mask]
    assert not np.isnan(wait).any(), "an observed issue was never dispatched: lengthen COOLDOWN"
    assert (wait >= -EPS_MIN).all()
    severity = res.issues.severity[mask]
    (pool,) = [p for p in res.pools if p.handler == "repair"]
    # Little's law over the monitors' whole window [warm-up, horizon): waits still running
    # at the horizon count up to the horizon.
    q, h = res.queued, res.horizon
    with np.errstate(invalid="ignore"):
        window = (q >= res.warmup) & (q < h)
    upto = np.where(np.isnan(res.dispatched), h, res.dispatched)[window]
    lam_observed = window.sum() / (h - res.warmup)
    return Summary(
        mean_wait=float(wait.mean()),
        class_wait={int(s): float(wait[severity == s].mean()) for s in np.unique(severity)},
        tail=tuple(float((wait > t + EPS_MIN).mean()) for t in TAIL_TIMES),
        utilisation=pool.busy_mean / pool.on_duty_mean,
        queue_monitor=sum(p.queue_mean for p in res.pools),
        queue_little=float(lam_observed * (upto - q[window]).mean()),
        n=int(mask.sum()),
    )


@cache
def summaries(name: str, scale: Scale) -> tuple[Summary, ...]:
    """One summary per replication; cached so each (file, scale) is simulated once."""
    sc = load(name, scale.horizon_factor)
    return tuple(summarise(Model(sc, r).run()) for r in range(scale.replications))


def assert_agrees(values: list[float], theory: float, scale: Scale, what: str) -> None:
    """Theory within mean ± max(4 SE, rel_slack·theory); and 4 SE below power·theory."""
    x = np.asarray(values, dtype=float)
    mean = float(x.mean())
    se = float(x.std(ddof=1) / math.sqrt(len(x)))
    tol = max(4.0 * se, scale.rel_slack * abs(theory))
    assert abs(mean - theory) <= tol, (
        f"{what}: simulated {mean:.6g} ± {se:.2g} (SE, R={len(x)}), theory {theory:.6g}, "
        f"off by {abs(mean - theory) / se:.1f} SE"
    )
    assert 4.0 * se <= scale.power * abs(theory), (
        f"{what}: 4 SE = {4 * se:.3g} is more than {scale.power:.0%} of {theory:.6g}; "
        "the check is too weak, simulate more"
    )


# -- statistical checks -----------------------------------------------------------------


@pytest.mark.parametrize("scale", SCALES)
def test_mmc_mean_wait_is_erlang_c(scale: Scale) -> None:
    """M/M/3, ρ = 0.7: Wq = C(3, 2.1)/(cμ - λ) = 16.41 min. The default suite's Erlang C check."""
    q = reduction(load("mmc"))
    runs = summaries("mmc", scale)
    assert_agrees([s.mean_wait for s in runs], q.mean_wait(), scale, "M/M/3 mean wait")


@pytest.mark.parametrize("scale", SCALES)
def test_mmc_wait_tail(scale: Scale) -> None:
    """M/M/3: P(Wq > t) = C·exp(-(cμ - λ)t) at t = 0 (= C), 30 and 60 minutes.

    A small probability is relatively noisier, so the power requirement is doubled here
    (4 SE below 30% of the theory in FAST, 10% in LONG)."""
    q = reduction(load("mmc"))
    runs = summaries("mmc", scale)
    tail_scale = replace(scale, power=2.0 * scale.power)
    for i, t in enumerate(TAIL_TIMES):
        theory = mmc_wait_tail(q.lam, 1.0 / q.mean_s, q.c, t)
        assert_agrees([s.tail[i] for s in runs], theory, tail_scale, f"M/M/3 P(Wq > {t:g})")


@pytest.mark.parametrize("scale", SCALES)
def test_priority_class_waits_are_cobham(scale: Scale) -> None:
    """M/M/3, ρ = 0.8, high 0.3 / low 0.7 non-preemptive: W_high 8.52, W_low 42.58 min."""
    q = reduction(load("mmc_priority"))
    assert q.priority and set(q.class_lams) == {HIGH, LOW}
    runs = summaries("mmc_priority", scale)
    for rank, theory in q.class_waits().items():
        what = f"Cobham mean wait of {SEVERITIES[rank]}"
        assert_agrees([s.class_wait[rank] for s in runs], theory, scale, what)


@pytest.mark.parametrize("scale", SCALES)
@pytest.mark.parametrize("name", ["mmc_priority", "mg1", "md1"])
def test_mean_wait(name: str, scale: Scale) -> None:
    """Mean wait of every issue: FCFS Erlang C for the priority file (work conservation),
    Pollaczek-Khinchine λE[S²]/(2(1-ρ)) for M/G/1 (73.125 min) and M/D/1 (35 min)."""
    q = reduction(load(name))
    runs = summaries(name, scale)
    assert_agrees([s.mean_wait for s in runs], q.mean_wait(), scale, f"{name} mean wait")


@pytest.mark.parametrize("scale", SCALES)
@pytest.mark.parametrize("name", FILES)
def test_utilisation_is_rho(name: str, scale: Scale) -> None:
    """Time-weighted busy crews over crews on duty is ρ = λE[S]/c."""
    q = reduction(load(name))
    runs = summaries(name, scale)
    assert_agrees([s.utilisation for s in runs], q.rho, scale, f"{name} utilisation")


@pytest.mark.parametrize("scale", SCALES)
@pytest.mark.parametrize("name", FILES)
def test_littles_law(name: str, scale: Scale) -> None:
    """Lq from the queue monitor equals λ_observed × mean wait from the log, within 2%,
    in every replication (both over the same window, so only edge effects differ)."""
    for r, s in enumerate(summaries(name, scale)):
        assert s.queue_monitor == pytest.approx(s.queue_little, rel=0.02), f"replication {r}"


@pytest.mark.parametrize("scale", SCALES)
def test_mmc_mean_queue_is_theory(scale: Scale) -> None:
    """The queue monitor's mean over the replications is Lq = λWq = 1.149 (M/M/3, ρ = 0.7)."""
    q = reduction(load("mmc"))
    runs = summaries("mmc", scale)
    theory = mmc_mean_queue(q.lam, 1.0 / q.mean_s, q.c)
    assert_agrees([s.queue_monitor for s in runs], theory, scale, "M/M/3 Lq")


# -- exact checks -----------------------------------------------------------------------


def lindley_waits(arrivals: np.ndarray, work: np.ndarray) -> np.ndarray:
    """One FCFS server: W_0 = 0, W_{n+1} = max(0, W_n + S_n - (A_{n+1} - A_n))."""
    waits = np.zeros(len(arrivals))
    for n in range(len(arrivals) - 1):
        waits[n + 1] = max(0.0, waits[n] + work[n] - (arrivals[n + 1] - arrivals[n]))
    return waits


def fcfs_starts(arrivals: np.ndarray, work: np.ndarray, c: int) -> np.ndarray:
    """c FCFS servers (Kiefer-Wolfowitz): each issue starts when it arrives or when the
    earliest server frees up, whichever is later."""
    free = [0.0] * c
    starts = np.empty(len(arrivals))
    for n, (a, s) in enumerate(zip(arrivals, work, strict=True)):
        start = max(a, heapq.heappop(free))
        starts[n] = start
        heapq.heappush(free, start + s)
    return starts


def test_reference_recursions_by_hand() -> None:
    # One server, work 30: arrivals 0, 10, 20, 25, 70 start at 0, 30, 60, 90, 120.
    a = np.array([0.0, 10.0, 20.0, 25.0, 70.0])
    s = np.full(5, 30.0)
    assert lindley_waits(a, s).tolist() == [0.0, 20.0, 40.0, 65.0, 50.0]
    assert (fcfs_starts(a, s, 1) - a).tolist() == [0.0, 20.0, 40.0, 65.0, 50.0]
    # Two servers: 0 -> A (free 30), 10 -> B (free 40), 20 waits for A (30, free 60),
    # 25 waits for B (40, free 70), 70 finds A free at 60: no wait.
    assert (fcfs_starts(a, s, 2) - a).tolist() == [0.0, 0.0, 10.0, 15.0, 0.0]


@pytest.mark.parametrize(
    ("name", "triage", "by"),
    [("md1", 0.0, "grid_worker"), ("md1", 5.0, "free"), ("md1", 5.0, "grid_worker"),
     ("mg1", 0.0, "grid_worker"), ("mmc", 0.0, "grid_worker")],
)  # fmt: skip
def test_fcfs_log_matches_recursion_exactly(name: str, triage: float, by: str) -> None:
    """Every issue of a 30-day run: the logged dispatch, on-site and resolve times are the
    FCFS recursion's, to 1e-9 minutes. With free triage, issues queue triage minutes after
    the report; with triage by the grid worker, the one grid worker is a first FCFS server
    (a tandem queue), so issues queue when the worker's recursion says their triage ends.
    The recursion runs on the queue times."""
    data = load_dict(name)
    data["calendar"]["horizon_days"] = 30
    data["staff"]["triage_min"] = triage
    data["staff"]["triage"] = by
    data.setdefault("policy", {})["patrol"] = {"per_day": 0}  # the worker only triages
    sc = Scenario.model_validate(data)
    c = sc.staff.crews.repair
    res = Model(sc, 0).run()
    h = res.horizon
    reported = res.issues.reported
    queued_all = reported + triage
    if by == "grid_worker" and triage > 0:
        queued_all = fcfs_starts(reported, np.full(len(reported), triage), 1) + triage
        assert (queued_all > reported + triage).any()  # some reports wait for the worker
    np.testing.assert_array_equal(res.queued, np.where(queued_all < h, queued_all, np.nan))
    arrived = queued_all < h
    a, s = queued_all[arrived], res.issues.work[arrived]
    assert len(a) > 500
    if name == "md1":
        assert (s == 30.0).all()
    starts = fcfs_starts(a, s, c)
    if c == 1:
        np.testing.assert_allclose(starts - a, lindley_waits(a, s), rtol=0, atol=1e-9)
    expect_dispatched = np.where(starts < h, starts, np.nan)
    ends = starts + s
    expect_resolved = np.where(ends < h, ends, np.nan)
    np.testing.assert_allclose(res.dispatched[arrived], expect_dispatched, rtol=0, atol=1e-9)
    np.testing.assert_allclose(res.on_site[arrived], expect_dispatched, rtol=0, atol=1e-9)
    np.testing.assert_allclose(res.resolved[arrived], expect_resolved, rtol=0, atol=1e-9)
    assert np.isnan(res.dispatched[~arrived]).all()


def overlap(start: np.ndarray, end: np.ndarray, lo: float, hi: float) -> float:
    """Total length of the intervals [start, end) inside [lo, hi); NaN end means still open."""
    end = np.where(np.isnan(end), hi, end)
    return float(np.clip(np.minimum(end, hi) - np.maximum(start, lo), 0.0, None).sum())


@pytest.mark.parametrize("name", FILES)
def test_monitor_areas_match_log(name: str) -> None:
    """The monitors are exact: queue and busy areas from the warm-up to the horizon equal
    the sums of waiting and busy intervals in the log (relative 1e-9), and crews are on
    duty throughout."""
    res = Model(load(name), 0).run()
    w, h = res.warmup, res.horizon
    arrived = ~np.isnan(res.queued)
    (pool,) = [p for p in res.pools if p.handler == "repair"]
    queue_area = overlap(res.queued[arrived], res.dispatched[arrived], w, h)
    assert pool.queue_mean * (h - w) == pytest.approx(queue_area, rel=1e-9)
    started = ~np.isnan(res.dispatched)
    busy_area = overlap(res.dispatched[started], res.resolved[started], w, h)
    assert pool.busy_mean * (h - w) == pytest.approx(busy_area, rel=1e-9)
    assert pool.on_duty_mean == pytest.approx(pool.crews, rel=1e-12)
    assert sum(p.queue_mean for p in res.pools) == pool.queue_mean  # nothing else queues


def test_priority_dispatch_order_exact() -> None:
    """Severity queue, one replication, every issue: no low issue is dispatched while a
    high one waits; first come first served within a class; and no crew idles while an
    issue waits (every delayed dispatch happens at the instant a crew finishes a job)."""
    res = Model(load("mmc_priority"), 0).run()
    arrived = ~np.isnan(res.queued)
    q, d, sev = res.queued[arrived], res.dispatched[arrived], res.issues.severity[arrived]
    d_open = np.where(np.isnan(d), np.inf, d)
    high_q, high_d = np.sort(q[sev == HIGH]), np.sort(d_open[sev == HIGH])
    low_d = d[(sev == LOW) & ~np.isnan(d)]
    # High issues waiting at t: queued strictly before t and dispatched strictly after t.
    waiting = np.searchsorted(high_q, low_d, "left") - np.searchsorted(high_d, low_d, "right")
    assert (waiting == 0).all(), f"{(waiting > 0).sum()} low issues overtook a waiting high one"
    for rank in (HIGH, LOW):
        in_class = d_open[sev == rank]  # in queue order, as issues are ordered by report
        assert (in_class[1:] >= in_class[:-1]).all(), f"{SEVERITIES[rank]} is not FCFS"
    delayed = d[~np.isnan(d) & (d > q + EPS_MIN)]
    assert np.isin(delayed, res.resolved).all()
    assert (sev == HIGH).sum() > 1000 and (sev == LOW).sum() > 1000
