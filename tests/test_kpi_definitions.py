"""Each KPI held to its one-sentence definition in the README, on a small hand-made log.

The log: warm-up 100 min, horizon 1000 min, targets on site 10 min, routine resolved 60 min,
complex planned 1 day. Issues (reported, on site, resolved; what their nature needs):
  A repair    g1   50   55  300  grid worker   reported before the warm-up: never counts
  B repair    g1  200  205  240  grid worker   routine, both targets met
  C repair    g1  300  330  340  grid leader   neither routine nor complex
  D repair    g2  400  408  600  grid worker   routine, resolved too late
  E repair    g2  900    -    -  grid worker   routine, open at the horizon (open 100 min)
  F cleaning  g2  500  520    -  committee     complex, no plan yet (open 500 min)
  G care      g1  600  610  640  grid worker   a volunteer service: its kind's scope only
  H dispute   g1  700  702  760  grid worker   a dispute: never routine nor complex
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest

from gridsim.model.log import LogNames, batch_table
from gridsim.model.model import PoolStats
from gridsim.scenario.schema import HANDLERS, LEVELS, Targets
from gridsim.stats.kpis import KpiAccumulator, run_kpis, staff_kpis

NAN = math.nan
WARMUP, HORIZON = 100.0, 1000.0
TARGETS = Targets(on_site_min=10, routine_resolved_min=60, complex_plan_min=1440)
KINDS = ("repair", "cleaning", "care", "dispute")
HANDLER_OF = {"repair": "repair", "cleaning": "cleaning", "care": "volunteer",
              "dispute": "mediation"}  # fmt: skip
ISSUES = [  # kind, grid, reported, on site, resolved, needs (rung)
    ("repair", 0, 50.0, 55.0, 300.0, 0),
    ("repair", 0, 200.0, 205.0, 240.0, 0),
    ("repair", 0, 300.0, 330.0, 340.0, 1),
    ("repair", 1, 400.0, 408.0, 600.0, 0),
    ("repair", 1, 900.0, NAN, NAN, 0),
    ("cleaning", 1, 500.0, 520.0, NAN, 2),
    ("care", 0, 600.0, 610.0, 640.0, 0),
    ("dispute", 0, 700.0, 702.0, 760.0, 0),
]


def hand_log(
    issues: list[tuple] = ISSUES,
    columns_: dict[str, np.ndarray] | None = None,
    channels: tuple[str, ...] = ("wechat",),
) -> pa.Table:
    """The issues above as a log, through the model's own `batch_table`; ``columns_``
    replaces rows' columns (e.g. created, found, latent, channel)."""
    n = len(issues)
    columns = zip(*issues, strict=True)
    kind, grid, reported, on_site, resolved, needs = (np.array(c) for c in columns)
    rows = {
        "issue_id": np.arange(n),
        "kind": np.array([KINDS.index(k) for k in kind]),
        "handler": np.array([HANDLERS.index(HANDLER_OF[k]) for k in kind]),
        "grid": grid.astype(int),
        "household": np.arange(n),
        "vulnerable": np.zeros(n, dtype=bool),
        "severity": np.zeros(n, dtype=int),
        "channel": np.zeros(n, dtype=int),
        "reports": np.ones(n, dtype=int),
        "latent": np.zeros(n, dtype=bool),
        "crew": np.full(n, -1),
        "work": np.ones(n),
        "needs": needs.astype(int),
        "created": reported.astype(float),
        "found": np.full(n, NAN),
        "reported": reported.astype(float),
        "queued": reported.astype(float),
        "dispatched": on_site.astype(float),
        "on_site": on_site.astype(float),
        "plan": np.full(n, NAN),
        "resolved": resolved.astype(float),
        "level": np.where(np.isnan(resolved.astype(float)), 0, needs.astype(int)),
        "sessions": np.zeros(n, dtype=int),
    }
    rows.update(columns_ or {})
    names = LogNames(KINDS, ("g1", "g2"), channels, ())
    return batch_table(rows, names, "base", 0, LEVELS[-1])


@pytest.fixture(scope="module")
def kpis() -> dict[tuple[str, str], float]:
    found = run_kpis(hand_log(), [], WARMUP, HORIZON, TARGETS)
    return {(k.kpi, k.scope): k.value for k in found}


def test_counts_are_of_problems_reported_after_the_warm_up(kpis: dict) -> None:
    """issues: problems reported after the warm-up (B, C, D, E, F, H); resolved; open."""
    assert kpis[("issues", "community")] == 6
    assert kpis[("resolved", "community")] == 4
    assert kpis[("open_at_end", "community")] == 2
    assert kpis[("complex", "community")] == 1
    assert kpis[("issues", "kind:care")] == 1  # the service counts in its kind only
    assert kpis[("volunteer_services", "community")] == 1


def test_routine_share_counts_only_issues_that_need_no_rung_above_the_grid_worker(
    kpis: dict,
) -> None:
    """Routine: B, D, E (C needed the grid leader, H is a dispute); B alone in 60 min."""
    assert kpis[("target_resolved_share", "community")] == pytest.approx(1 / 3)
    assert kpis[("target_resolved_share", "grid:g1")] == 1.0  # B
    assert kpis[("target_resolved_share", "grid:g2")] == 0.0  # D, E
    assert math.isnan(kpis[("target_resolved_share", "kind:dispute")])  # none: no such issues


def test_on_site_share_and_mean(kpis: dict) -> None:
    """Every problem counts for the share, E (never on site) as a miss; the mean is of
    those on site: (5 + 30 + 8 + 20 + 2) / 5."""
    assert kpis[("target_on_site_share", "community")] == pytest.approx(3 / 6)
    assert kpis[("on_site_mean_min", "community")] == pytest.approx(13.0)
    assert kpis[("resolution_mean_min", "community")] == pytest.approx((40 + 40 + 200 + 60) / 4)
    assert kpis[("target_plan_share", "community")] == 0.0  # F has no plan


def test_percentiles_count_open_issues_at_their_time_open(kpis: dict) -> None:
    """Times to on site 2, 5, 8, 20, 30 and E's >= 100: the median (between 8 and 20) is
    reached; p90 and p95 fall beside E, so they are lower bounds, flagged 0."""
    assert kpis[("on_site_median_min", "community")] == pytest.approx(14.0)
    assert kpis[("on_site_median_reached", "community")] == 1.0
    assert kpis[("on_site_p90_min", "community")] == pytest.approx(30 + 0.5 * 70)
    assert kpis[("on_site_p90_reached", "community")] == 0.0
    assert kpis[("on_site_p95_min", "community")] == pytest.approx(30 + 0.75 * 70)
    assert kpis[("on_site_p95_reached", "community")] == 0.0
    # to resolution 40, 40, 60, E >= 100, 200, F >= 500: even the median is not reached
    assert kpis[("resolution_median_min", "community")] == pytest.approx(80.0)
    assert kpis[("resolution_median_reached", "community")] == 0.0
    # grid g1 (B, C, H): nothing open, every percentile reached
    assert kpis[("resolution_p95_min", "grid:g1")] == pytest.approx(np.percentile([40, 40, 60], 95))
    assert kpis[("resolution_p95_reached", "grid:g1")] == 1.0


def test_backlog_mean_counts_only_issues_reported_after_the_warm_up(kpis: dict) -> None:
    """Open time inside [100, 1000] of B 40, C 40, D 200, E 100, F 500, H 60 (A, open
    100..300, was reported before the warm-up; G is a service)."""
    assert kpis[("backlog_mean", "community")] == pytest.approx(940 / 900)


def assert_batches_give_the_whole(log: pa.Table, kpis: dict, size: int) -> None:
    """The KPIs of ``log`` added up ``size`` rows at a time are its whole log's ``kpis``."""
    acc = KpiAccumulator(WARMUP, HORIZON, TARGETS)
    for start in range(0, log.num_rows, size):
        acc.add(log.slice(start, size))
    batched = {(k.kpi, k.scope): k.value for k in acc.kpis([])}
    assert batched.keys() == kpis.keys()
    for key, value in kpis.items():
        assert batched[key] == pytest.approx(value, nan_ok=True), key


def test_batch_by_batch_equals_the_whole_log(kpis: dict) -> None:
    assert_batches_give_the_whole(hand_log(), kpis, 3)


def test_utilisation_is_busy_over_on_duty_time_per_group() -> None:
    """Two repair crews of one group add up; the night crew is its own group."""
    pools = [PoolStats("a", "repair", 1, 0.5, "repair", 1.0, 0.2),
             PoolStats("b", "repair", 1, 0.1, "repair", 0.5, 0.0),
             PoolStats("n", "repair", 1, 0.0, "repair_on_call", 0.0, 0.0)]  # fmt: skip
    out = {(k.kpi, k.scope): k.value for k in staff_kpis(pools)}
    assert out[("utilisation", "staff:repair")] == pytest.approx(0.6 / 1.5)
    assert out[("queue_mean", "staff:repair")] == pytest.approx(0.2)
    assert math.isnan(out[("utilisation", "staff:repair_on_call")])  # never on duty


def test_every_kpi_has_its_sentence_in_the_readme(kpis: dict) -> None:
    """The README's KPI table names every KPI a run writes (ladder and staff KPIs by their
    pattern), so no KPI goes undefined."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    table = readme.split("### KPIs", 1)[1].split("\n\n", 2)[1]
    named = set(re.findall(r"`([a-z0-9_]+(?::<[a-z]+>)?)`", table))
    written = {kpi for kpi, _ in kpis} | {
        "utilisation",
        "busy_mean",
        "queue_mean",
        "found_by_patrol",
        "found_by_screening",
        "staff_cost_per_year",
    }
    for kpi in written:
        assert re.sub(r":.*", ":<rung>", kpi) in named, kpi
