"""Discovery of latent issues: the grid workers' patrol rounds and the screening visits.

- Each patrol round finds each latent issue that existed at its start with probability p, so
  the number of rounds from creation to finding is geometric(p); the finding is reported at
  the end of the round (its start plus minutes per household of the worker's grids), and a
  variant with more rounds a day finds the same issue at the same round count, only sooner.
- The screening visits each grid's key households at fixed times, grids spread over the
  interval; it finds latent disputes in key households only.

Timestamps are sums of integer-valued minutes, exact in floating point; statistical checks
use fixed seeds and state their tolerances.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from gridsim.model.demand import DAY_MIN
from gridsim.model.discovery import trials_until_success
from gridsim.model.log import log_table
from gridsim.model.model import Model, RunResult
from gridsim.scenario.schema import CREW_COLOURS, Scenario
from gridsim.stats.kpis import run_kpis


def run(d: dict[str, Any], replication: int = 0) -> tuple[Model, RunResult]:
    model = Model(Scenario.model_validate(d), replication)
    return model, model.run()


# -- patrols --------------------------------------------------------------------------------

P_FIND = 0.3
HOUSEHOLDS = {"g1": 100, "g2": 60, "g3": 40}
WORKERS = {"gw-a": ["g1", "g2"], "gw-b": ["g3"]}
MIN_PER_HOUSEHOLD = 0.5
ROUND_MIN = {"g1": 80.0, "g2": 80.0, "g3": 20.0}  # 0.5 min x (100 + 60), and x 40: by hand


def patrol_scenario(per_day: int, spacing_hours: float = 6.0) -> dict[str, Any]:
    """Latent issues only (8 a day), found by patrols and answered by repair crews, so the
    grid workers do nothing but their rounds; no triage."""
    total = sum(HOUSEHOLDS.values())
    return {
        "name": "patrol",
        "seed": 424242,
        "community": {"grids": [{"name": g, "households": h} for g, h in HOUSEHOLDS.items()]},
        "calendar": {"horizon_days": 365.0},  # day shift 8-18: rounds at 9 and 15 fall in it
        "demand": {
            "kinds": {
                "hidden": {
                    "rate_per_household_year": 8.0 * 365.0 / total,
                    "handler": "repair",
                    "latent_share": 1.0,
                    "found_by": ["patrol"],
                    "work": {"distribution": "deterministic", "mean_min": 10.0},
                }
            }
        },
        "staff": {
            "grid_workers": [{"name": w, "grids": gs} for w, gs in WORKERS.items()],
            "crews": {c: 20 for c in CREW_COLOURS},
            "triage_min": 0.0,
        },
        "policy": {
            "patrol": {
                "per_day": per_day,
                "start_hour": 9.0,
                "spacing_hours": spacing_hours,
                "min_per_household": MIN_PER_HOUSEHOLD,
                "find_probability": P_FIND,
            },
            "escalate": {"grid_leader_hours": None, "community_hours": None},
        },
    }


def round_starts(per_day: int, spacing_hours: float, horizon: float) -> np.ndarray:
    days = np.arange(math.ceil(horizon / DAY_MIN))[:, None] * DAY_MIN
    starts = (days + (9.0 + np.arange(per_day) * spacing_hours) * 60.0).ravel()
    return starts[starts < horizon]


BEFORE = {"g1": 0, "g2": 100, "g3": 0}  # households walked before the grid on its round


def into_round(res: RunResult) -> np.ndarray:
    """Minutes into its round at which each issue is spotted: the worker walks the grids in
    order, household by household, and spots it on leaving its household (by hand)."""
    grid = np.asarray(res.issues.grid_names)[res.issues.grid]
    before = np.array([BEFORE[g] for g in grid])
    return (before + res.issues.household + 1) * MIN_PER_HOUSEHOLD


def rounds_to_find(res: RunResult, starts: np.ndarray) -> np.ndarray:
    """Rounds from each issue's creation to the round that found it (starts at or after the
    creation, up to the finding round's start); 0 where not found."""
    finding_start = res.found - into_round(res)
    lo = np.searchsorted(starts, res.issues.created, side="left")
    hi = np.searchsorted(starts, np.nan_to_num(finding_start, nan=-1.0), side="right")
    return np.where(np.isnan(res.found), 0, hi - lo)


def test_patrol_finds_at_round_ends_after_a_geometric_number_of_rounds() -> None:
    _, res = run(patrol_scenario(per_day=1))
    iss = res.issues
    assert np.all(iss.latent)
    found = ~np.isnan(res.found)
    starts = round_starts(1, 0.0, res.horizon)
    # Found exactly as the worker passes the household: a round's start plus the walk to it,
    # within the round (gw-a walks g1 then g2 in 80 minutes; gw-b walks g3 in 20).
    offset = into_round(res)
    assert np.all(np.isin(res.found[found] - offset[found], starts))
    grid = np.asarray(iss.grid_names)[iss.grid]
    assert np.all(offset[grid != "g3"] <= ROUND_MIN["g1"])
    assert np.all(offset[grid == "g3"] <= ROUND_MIN["g3"])
    assert np.all(res.channel[found] == iss.channel_names.index("patrol"))
    assert np.array_equal(res.reported[found], res.found[found])
    assert np.array_equal(res.queued[found], res.found[found])  # no triage
    # The round count is the issue's own geometric draw, by inversion of its fate uniform.
    k = rounds_to_find(res, starts)
    drawn = trials_until_success(iss.fate[:, 1], P_FIND)
    assert np.array_equal(k[found], drawn[found])
    # Not yet found: fewer rounds have passed than it needs.
    passed = len(starts) - np.searchsorted(starts, iss.created, side="left")
    assert np.all(passed[~found] < drawn[~found])

    # The distribution over issues created early enough that censoring is negligible
    # (P(more than 40 rounds) = 0.7**40 < 1e-6). Tolerances: 4 standard errors.
    early = iss.created < res.horizon - 41 * DAY_MIN
    assert np.all(found[early])
    n = int(early.sum())
    assert n > 2000
    counts = k[early]
    sd = math.sqrt(1 - P_FIND) / P_FIND  # of a geometric count
    assert abs(counts.mean() - 1 / P_FIND) < 4 * sd / math.sqrt(n)
    for j in (1, 2, 3, 4):
        p = P_FIND * (1 - P_FIND) ** (j - 1)
        assert abs(np.mean(counts == j) - p) < 4 * math.sqrt(p * (1 - p) / n), j


def test_twice_a_day_finds_the_same_issues_at_the_same_round_count() -> None:
    _, once = run(patrol_scenario(per_day=1))
    _, twice = run(patrol_scenario(per_day=2, spacing_hours=6.0))
    # Common random numbers: the same issues, with the same fates.
    assert np.array_equal(once.issues.created, twice.issues.created)
    assert np.array_equal(once.issues.fate, twice.issues.fate)
    k1 = rounds_to_find(once, round_starts(1, 0.0, once.horizon))
    k2 = rounds_to_find(twice, round_starts(2, 6.0, twice.horizon))
    both = ~np.isnan(once.found) & ~np.isnan(twice.found)
    assert both.sum() > 2000
    assert np.array_equal(k1[both], k2[both])
    # ... only sooner (or at the same morning round).
    assert np.all(twice.found[both] <= once.found[both])
    assert np.mean(twice.found[both] < once.found[both]) > 0.5
    # Found once a day implies found twice a day.
    assert not np.any(~np.isnan(once.found) & np.isnan(twice.found))


# -- screening ------------------------------------------------------------------------------

INTERVAL, HOUR, N_GRIDS = 20.0, 10.0, 4


def screening_scenario(find_probability: float) -> dict[str, Any]:
    """Latent disputes, all in key households ("key"), or none ("ordinary"); latent leaks in
    key households ("leak", not a dispute); patrols off so that only the screening finds."""
    grids = [{"name": f"g{g}", "households": 100, "key_share": 0.05} for g in range(N_GRIDS)]

    def latent(per_day: float, handler: str, key_share: float) -> dict[str, Any]:
        return {
            "rate_per_household_year": per_day * 365.0 / (100 * N_GRIDS),
            "handler": handler,
            "latent_share": 1.0,
            "found_by": ["screening"],
            "key_household_share": key_share,
            "work": {"distribution": "deterministic", "mean_min": 10.0},
        }

    return {
        "name": "screening",
        "seed": 777,
        "community": {"grids": grids},
        "calendar": {"horizon_days": 365.0, "warmup_days": 10.0},
        "demand": {
            "kinds": {
                "key": latent(3.0, "mediation", 1.0),
                "ordinary": latent(1.0, "mediation", 0.0),
                "leak": latent(1.0, "repair", 1.0),
            }
        },
        "staff": {"mediators": 5, "triage_min": 0.0},
        "policy": {
            "patrol": {"per_day": 0},
            "screening": {
                "interval_days": INTERVAL,
                "find_probability": find_probability,
                "hour": HOUR,
            },
        },
        "disputes": {"police_post": {"settle_probability": 1.0, "max_sessions": 1}},
    }


def visit_times(grid: int, horizon: float) -> np.ndarray:
    """Grid g is visited at g * interval / n_grids days plus the hour, then every interval."""
    first = grid * INTERVAL / N_GRIDS * DAY_MIN + HOUR * 60.0  # 0, 5, 10, 15 days: exact
    return np.arange(first, horizon, INTERVAL * DAY_MIN)


def of_kind(res: RunResult, name: str) -> np.ndarray:
    return res.issues.kind == res.issues.kind_names.index(name)


def test_screening_finds_every_key_dispute_at_the_first_visit() -> None:
    d = screening_scenario(1.0)
    _, res = run(d)
    iss = res.issues
    key = of_kind(res, "key")
    # Every key dispute is found at the first visit of its grid at or after its creation.
    expected = np.full(len(iss), np.nan)
    for g in range(N_GRIDS):
        visits = visit_times(g, res.horizon)
        mine = key & (iss.grid == g)
        k = np.searchsorted(visits, iss.created[mine], side="left")
        expected[mine] = np.append(visits, np.nan)[k]
    assert key.sum() > 500
    assert np.array_equal(res.found[key], expected[key], equal_nan=True)
    assert np.all(res.channel[key & ~np.isnan(res.found)] == iss.channel_names.index("screening"))
    # Disputes outside key households, and latent issues that are not disputes, never are.
    never = of_kind(res, "ordinary") | of_kind(res, "leak")
    assert never.sum() > 300
    assert np.all(np.isnan(res.found[never])) and np.all(res.channel[never] == -1)
    # The KPI counts them (latent, never reported, created in the observed window).
    log = log_table(res, "base", 0, "above_town")
    kpis = run_kpis(log, res.pools, res.warmup, res.horizon, Scenario.model_validate(d).targets)
    unfound = next(k.value for k in kpis if k.kpi == "latent_unfound")
    window = (iss.created >= res.warmup) & np.isnan(res.found)
    assert unfound == np.sum(window)
    assert unfound == np.sum(never & (iss.created >= res.warmup)) + np.sum(
        key & np.isnan(res.found) & (iss.created >= res.warmup)  # the last interval's
    )


def test_screening_visits_to_find_are_the_issue_geometric_draw() -> None:
    p = 0.5
    _, res = run(screening_scenario(p))
    iss = res.issues
    key = of_kind(res, "key")
    found = key & ~np.isnan(res.found)
    drawn = trials_until_success(iss.fate[:, 2], p)
    for g in range(N_GRIDS):
        visits = visit_times(g, res.horizon)
        mine = found & (iss.grid == g)
        assert np.all(np.isin(res.found[mine], visits))
        lo = np.searchsorted(visits, iss.created[mine], side="left")
        hi = np.searchsorted(visits, res.found[mine], side="right")
        assert np.array_equal(hi - lo, drawn[mine])
    assert found.sum() > 400
    # Found by the screening, mediated on the spot by the police post.
    assert np.array_equal(res.on_site[found], res.found[found])


# -- regressions: model bugs these tests found, since fixed ---------------------------------


def busy_worker_scenario(min_per_household: float) -> dict[str, Any]:
    """A grid worker kept busy all day by 600-minute jobs (one an hour), and latent leaks
    that every round finds (p = 1): each round falls while a job is in hand."""
    return {
        "name": "busy-worker",
        "community": {"grids": [{"name": "g", "households": 10}]},
        "calendar": {"horizon_days": 20.0, "shift": {"start_hour": 0.0, "end_hour": 24.0}},
        "demand": {
            "kinds": {
                "errand": {
                    "rate_per_household_year": 24 * 365.0 / 10,
                    "handler": "grid_worker",
                    "work": {"distribution": "deterministic", "mean_min": 600.0},
                },
                "leak": {
                    "rate_per_household_year": 36.5,
                    "handler": "repair",
                    "latent_share": 1.0,
                    "work": {"mean_min": 10.0},
                },
            }
        },
        "staff": {"triage_min": 0.0},
        "policy": {
            "patrol": {
                "per_day": 1,
                "start_hour": 9.0,
                "min_per_household": min_per_household,
                "find_probability": 1.0,
            }
        },
    }


def test_rounds_of_a_busy_worker_are_walked_after_the_job() -> None:
    _, res = run(busy_worker_scenario(0.001))
    leak = res.issues.kind == res.issues.kind_names.index("leak")
    assert leak.sum() > 10
    assert np.mean(~np.isnan(res.found[leak])) > 0.8  # all but the last few


def test_zero_minute_rounds_of_a_busy_worker_are_not_lost() -> None:
    _, res = run(busy_worker_scenario(0.0))
    leak = res.issues.kind == res.issues.kind_names.index("leak")
    assert leak.sum() > 10
    assert np.mean(~np.isnan(res.found[leak])) > 0.8  # once: none of them found


def test_trials_for_a_chance_too_small_to_count_are_never_not_an_overflow() -> None:
    """A find probability of 1e-300 (or a uniform of 0) needs more trials than int64 holds:
    the count saturates at NEVER instead of wrapping round to a negative number."""
    import warnings

    from gridsim.model.discovery import NEVER, trials_until_success

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        counts = trials_until_success(np.array([0.5, 0.0, 1e-300]), 1e-300)
    assert counts.tolist() == [NEVER, NEVER, NEVER]
    # by hand: 1 + floor(log u / log 0.5)
    assert trials_until_success(np.array([0.75, 0.5, 0.2]), 0.5).tolist() == [1, 2, 3]
