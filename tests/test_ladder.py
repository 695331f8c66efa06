"""The governance ladder, mechanism by mechanism, against cases computed by hand or theory.

Each test builds a small scenario in which one mechanism acts alone (trips take no time,
crews are plentiful, the shift lasts all day unless the test is about shifts), then checks
the model's log against what the mechanism must produce:

- the joint meeting plans at its sittings, and the mean wait for it is half its interval;
- shifts hold non-urgent issues until the morning; on-call crews take urgent ones at night;
- time thresholds send a waiting issue up exactly when they are crossed;
- `needed_rungs` follows the escalation chain; issues end at the rung their nature needs;
- the dispute path: grid worker sessions, the police post, the room, the town;
- conservation on the ladder over random scenarios (hypothesis);
- the heating season and duplicate reports.

Timestamps compared "exactly" are sums of integer-valued minutes, which floating point adds
without error; sums with drawn (non-integer) minutes are compared to within `TOL`.
Statistical checks use fixed seeds; each states its tolerance where it is made.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from support import merged, props

from gridsim.model.demand import DAY_MIN, month_of_day
from gridsim.model.ladder import needed_rungs
from gridsim.model.log import log_table
from gridsim.model.model import Model, RunResult
from gridsim.scenario.schema import CREW_COLOURS, HANDLERS, LEVELS, Scenario
from gridsim.stats.kpis import run_kpis

GRID_WORKER, GRID_LEADER, COMMUNITY, JOINT_MEETING, TOWN, ABOVE_TOWN = range(len(LEVELS))
TOL = 1e-6
"""Minutes: agreement of times built from drawn (non-integer) minutes by different sums."""

ALL_DAY = {"start_hour": 0.0, "end_hour": 24.0}


# -- helpers --------------------------------------------------------------------------------


def kind(per_day: float, households: int = 100, **fields: Any) -> dict[str, Any]:
    """A kind raised ``per_day`` times a day over ``households`` households in all."""
    out: dict[str, Any] = {
        "rate_per_household_year": per_day * 365.0 / households,
        "handler": "repair",
        "work": {"distribution": "deterministic", "mean_min": 10.0},
    }
    return merged(out, fields)


def scenario(kinds: dict[str, dict[str, Any]], **over: Any) -> dict[str, Any]:
    """One grid of 100 households; every place at one point and trips free; the shift all
    day; plenty of crews; no triage, patrols, leaders or time thresholds unless overridden."""
    base: dict[str, Any] = {
        "name": "ladder",
        "seed": 20260101,
        "community": {
            "grids": [{"name": "g1", "households": 100}],
            "travel": {"overhead_min": 0.0},
        },
        "calendar": {"horizon_days": 365.0, "shift": ALL_DAY},
        "demand": {"kinds": kinds},
        "staff": {
            "crews": {c: 30 for c in CREW_COLOURS},
            "committee": 30,
            "mediators": 30,
            "triage_min": 0.0,
        },
        "policy": {
            "patrol": {"per_day": 0},
            "escalate": {"grid_leader_hours": None, "community_hours": None},
        },
    }
    return merged(base, over)


def run(d: dict[str, Any], replication: int = 0) -> tuple[Model, RunResult]:
    model = Model(Scenario.model_validate(d), replication)
    return model, model.run()


def first_done(res: RunResult) -> np.ndarray:
    """Minute each issue's first response ended (on site plus work): where it left rung 0."""
    return res.on_site + res.issues.work


def next_at_or_after(times: np.ndarray, t: np.ndarray) -> np.ndarray:
    """The first of the sorted ``times`` at or after each ``t`` (NaN when there is none)."""
    k = np.searchsorted(times, t, side="left")
    padded = np.append(times, np.nan)
    return padded[k]


def fcfs_single_server(arrivals: np.ndarray, service: float, patience: float) -> np.ndarray:
    """Start times at one first-come-first-served server of fixed service time, for customers
    who leave (NaN) if not started within ``patience``: the grid leader of section 5."""
    starts = np.full(len(arrivals), np.nan)
    free = -math.inf
    for j in np.argsort(arrivals, kind="stable"):
        start = max(arrivals[j], free)
        if start - arrivals[j] < patience:
            starts[j] = start
            free = start + service
    return starts


def kpi(kpis: list, name: str) -> float:
    return next(k.value for k in kpis if k.kpi == name and k.scope == "community")


# -- 1. the joint meeting -------------------------------------------------------------------

MEETING = kind(5.0, escalation={"grid_leader": 1.0, "community": 1.0, "joint_meeting": 1.0})
"""Needs the joint meeting; with no leaders and no committee it goes straight there when the
first response ends, so issues reach the meeting as a Poisson stream (5 a day)."""


def test_joint_meeting_plans_at_sittings_and_the_wait_is_half_the_interval() -> None:
    interval, hour = 7.0, 15.0
    d = scenario(
        {"k": MEETING},
        staff={"committee": 0},
        policy={"joint_meeting": {"interval_days": interval, "hour": hour}},
        ladder={"implementation_mean_days": 3.0},
    )
    period = interval * DAY_MIN
    first = period - DAY_MIN + hour * 60.0  # Ladder.start: the end of the first period
    means, all_waits = [], []
    for rep in range(5):
        _, res = run(d, rep)
        sittings = np.arange(first, res.horizon, period)
        reach = first_done(res)
        # Every issue went straight to the meeting (no leader, no committee) and nowhere else.
        assert np.all(res.level == JOINT_MEETING)
        assert np.all(res.needs == JOINT_MEETING)
        # Every plan is made at a sitting, exactly, and at the first one at or after arrival.
        planned = ~np.isnan(res.plan)
        assert np.all(np.isin(res.plan[planned], sittings))
        expected = next_at_or_after(sittings, reach)
        assert np.array_equal(res.plan, expected, equal_nan=True)
        # The plan is carried out after the issue's own exponential implementation time.
        done = ~np.isnan(res.resolved)
        delay = -3.0 * DAY_MIN * np.log(res.issues.fate[done, 7])
        np.testing.assert_allclose(res.resolved[done] - res.plan[done], delay, atol=TOL)
        # Arrivals between the first and the last sitting see a uniform phase: wait ~ U(0, T).
        inside = (reach >= first) & (reach < sittings[-1])
        waits = res.plan[inside] - reach[inside]
        means.append(waits.mean())
        all_waits.append(waits)
    waits = np.concatenate(all_waits)
    means_arr = np.array(means)
    # Tolerance: 4 standard errors of the mean of the replication means (replication spread),
    # and, from theory, 4 * T / sqrt(12 n) for n uniform waits; the sd of U(0, T) is
    # T / sqrt(12) (within 3%: its standard error is about 0.5% with ~9000 waits).
    spread = means_arr.std(ddof=1) / math.sqrt(len(means_arr))
    assert abs(means_arr.mean() - period / 2) < 4 * spread
    assert abs(waits.mean() - period / 2) < 4 * period / math.sqrt(12 * len(waits))
    assert waits.std() == pytest.approx(period / math.sqrt(12), rel=0.03)
    assert waits.min() >= 0.0 and waits.max() < period


# -- 4. shifts and night on-call crews ------------------------------------------------------

NIGHT = [0.0] * 24
NIGHT[22] = 1.0  # every issue arises between 22:00 and 23:00
SHIFT = {"start_hour": 8.0, "end_hour": 18.0}


def next_morning(t: np.ndarray) -> np.ndarray:
    """08:00 of the day after each evening minute ``t`` (all t here are after 18:00)."""
    return (np.floor(t / DAY_MIN) + 1.0) * DAY_MIN + 8 * 60.0


def shift_scenario(urgent: str, on_call: int, work_min: float = 10.0) -> dict[str, Any]:
    return scenario(
        {
            "k": kind(
                2.0, urgent=urgent, work={"distribution": "deterministic", "mean_min": work_min}
            )
        },
        community={
            "grids": [{"name": "g1", "households": 100, "x_km": 1.0, "y_km": 0.5}],
            "travel": {"speed_kmh": 15.0, "overhead_min": 2.0, "metric": "manhattan"},
        },
        calendar={"horizon_days": 60.0, "shift": SHIFT},
        demand={"hourly": NIGHT},
        staff={
            "on_call": {"repair": on_call},
            "callout_min": 20.0,
            "triage_min": 2.0,
            "triage": "free",
        },
    )


TRIP = 2.0 + 1.5 / 15.0 * 60.0  # hall (0, 0) to g1 (1, 0.5): overhead + 1.5 km at 15 km/h
TRIPS = np.array([TRIP, 2.0])  # from the hall, or from g1 after a first job there (overhead)


def trip_is(trips: np.ndarray, extra: float) -> bool:
    """Every trip is one of TRIPS plus ``extra`` (the call-out) within TOL."""
    return bool(np.all(np.min(np.abs(trips[:, None] - (TRIPS + extra)), axis=1) < TOL))


def seen_by_morning(res: RunResult) -> np.ndarray:
    """Issues reported early enough that the next 08:00 falls before the horizon."""
    return ~np.isnan(res.queued) & (next_morning(res.queued) < res.horizon)


@pytest.mark.parametrize(
    ("urgent", "on_call"), [("never", 0), ("never", 2), ("always", 0)], ids=str
)
def test_issue_reported_at_night_waits_for_eight_oclock(urgent: str, on_call: int) -> None:
    """Non-urgent issues wait for the day shift even when a night crew is on call; urgent
    ones wait too when there is no night crew."""
    _, res = run(shift_scenario(urgent, on_call))
    seen = seen_by_morning(res)
    assert seen.sum() > 50
    hours = (res.reported[seen] % DAY_MIN) / 60.0
    assert np.all((hours >= 22.0) & (hours < 23.0))
    # Exactly 08:00 (30 day crews: nobody queues behind anyone), by a day crew, no call-out.
    assert np.array_equal(res.dispatched[seen], next_morning(res.queued[seen]))
    assert trip_is(res.on_site[seen] - res.dispatched[seen], 0.0)
    names = np.array(res.crew_names)[res.crew[seen]]
    assert not any("on-call" in n for n in names)


def test_urgent_issue_at_night_is_taken_at_once_by_the_on_call_crew() -> None:
    # 40 on-call crews: every urgent issue finds one free.
    _, res = run(shift_scenario("always", 40))
    seen = ~np.isnan(res.queued)
    assert seen.sum() > 50
    np.testing.assert_array_equal(res.queued[seen], res.reported[seen] + 2.0)
    assert np.array_equal(res.dispatched[seen], res.queued[seen])
    # The trip includes the call-out minutes of the night crew.
    assert trip_is(res.on_site[seen] - res.dispatched[seen], 20.0)
    names = np.array(res.crew_names)[res.crew[seen]]
    assert all(n.startswith("repair-on-call-") for n in names)


def test_on_call_queue_hands_back_to_the_day_crews_at_eight() -> None:
    """One on-call crew whose job outlasts the night takes the first urgent issue of each
    night; the others wait in its queue and, at 08:00, go to the day crews."""
    _, res = run(shift_scenario("always", 1, work_min=1000.0))
    seen = seen_by_morning(res)
    names = np.array(res.crew_names)[np.where(res.crew >= 0, res.crew, 0)]
    night = seen & np.char.startswith(names.astype(str), "repair-on-call-")
    day = seen & ~night
    assert night.sum() > 10 and day.sum() > 10
    # The night crew went at once (its job started on queueing), with the call-out.
    assert np.array_equal(res.dispatched[night], res.queued[night])
    assert trip_is(res.on_site[night] - res.dispatched[night], 20.0)
    # The others were handed back at 08:00 exactly, and travelled without a call-out.
    assert np.array_equal(res.dispatched[day], next_morning(res.queued[day]))
    assert trip_is(res.on_site[day] - res.dispatched[day], 0.0)
    # At most one issue a night for the single night crew: it is busy until the afternoon.
    nights = np.floor(res.queued[night] / DAY_MIN)
    assert len(np.unique(nights)) == len(nights)


def test_urgent_issues_waiting_at_six_go_to_the_on_call_crews() -> None:
    """Issues raised 17:00-18:00 while the only day crew is busy: at 18:00 the urgent ones go
    to the night crews at once (with the call-out); the others wait for 08:00."""
    evening = [0.0] * 24
    evening[17] = 1.0
    d = merged(
        shift_scenario("high", 30, work_min=600.0),
        {"demand": {"hourly": evening}, "staff": {"crews": {"repair": 1}}},
    )
    _, res = run(d)
    seen = seen_by_morning(res)
    names = np.array(res.crew_names)[np.where(res.crew >= 0, res.crew, 0)].astype(str)
    by_day = seen & (res.dispatched == res.queued) & ~np.char.startswith(names, "repair-on")
    high = seen & ~by_day & (res.issues.severity == 2)
    other = seen & ~by_day & (res.issues.severity < 2)
    assert high.sum() > 10 and other.sum() > 10
    six = np.floor(res.queued / DAY_MIN) * DAY_MIN + 18 * 60.0
    # (Queued after 18:00 when triage ends past it: then at once.)
    assert np.array_equal(res.dispatched[high], np.maximum(six, res.queued)[high])
    assert np.sum(res.queued[high] < six[high]) > 10
    assert np.all(np.char.startswith(names[high], "repair-on-call-"))
    assert trip_is(res.on_site[high] - res.dispatched[high], 20.0)
    # The rest wait for the day crew: from 08:00, behind each other (it is overloaded).
    went = other & ~np.isnan(res.dispatched)
    assert went.sum() > 10
    assert np.all(res.dispatched[went] >= next_morning(res.queued[went]))
    assert np.all(res.crew[went] == res.crew_names.index("repair-1"))


def evening_rush(dispatch: str, queue: str = "fcfs") -> dict[str, Any]:
    """Urgent issues raised 17:00-18:00 in two grids while each day crew is busy all
    evening; one night crew, 30 minutes a job, takes them from 18:00."""
    evening = [0.0] * 24
    evening[17] = 1.0
    return merged(
        shift_scenario("always", 1, work_min=30.0),
        {
            "community": {
                "grids": [
                    {"name": "g1", "households": 50, "x_km": 1.0, "y_km": 0.5},
                    {"name": "g2", "households": 50, "x_km": 1.0, "y_km": 0.5},
                ]
            },
            "demand": {"hourly": evening, "kinds": {"k": {"rate_per_household_year": 40.0}}},
            "staff": {"crews": {"repair": 2}},
            "policy": {"dispatch": dispatch, "queue": queue},
        },
    )


@pytest.mark.parametrize("dispatch", ["pooled", "dedicated"])
def test_night_crew_serves_the_evening_queues_first_come_first_served(dispatch: str) -> None:
    """Whatever grid's queue an urgent issue waits in, the night crew takes them in the
    order they were queued (first come, first served across the day pools' queues)."""
    _, res = run(evening_rush(dispatch))
    names = np.array(res.crew_names)[np.where(res.crew >= 0, res.crew, 0)].astype(str)
    night = ~np.isnan(res.dispatched) & np.char.startswith(names, "repair-on-call-")
    assert night.sum() > 30
    for day in np.unique(np.floor(res.dispatched[night] / DAY_MIN)):
        mine = night & (np.floor(res.dispatched / DAY_MIN) == day)
        order = np.argsort(res.dispatched[mine], kind="stable")
        queued = res.queued[mine][order]
        assert np.all(np.diff(queued) >= 0.0), f"day {day}: not in queue order"
    grids = res.issues.grid[night]
    assert set(grids.tolist()) == {0, 1}  # both grids' queues were served


def test_shift_changes_do_not_move_waiting_issues(monkeypatch: pytest.MonkeyPatch) -> None:
    """Under overload with a night crew, each issue joins a queue once per job, however
    long the backlog grows: a shift change hands urgent issues over without touching them
    (time stays proportional to issues, not to backlog x shift changes)."""
    from gridsim.policies import queues

    pushes = [0]
    for cls in (queues.FifoQueue, queues.PriorityQueue):
        original = cls.push

        def counted(self, *args, _original=original):
            pushes[0] += 1
            return _original(self, *args)

        monkeypatch.setattr(cls, "push", counted)
    d = merged(
        shift_scenario("high", 1, work_min=120.0),
        {
            "demand": {"hourly": [1.0] * 24, "kinds": {"k": {"rate_per_household_year": 110.0}}},
            "calendar": {"horizon_days": 30.0},
            "staff": {"crews": {"repair": 1}},
        },
    )
    _, res = run(d)
    waited = int(np.sum(~np.isnan(res.queued) & (np.isnan(res.dispatched)
                                                  | (res.dispatched > res.queued))))  # fmt: skip
    assert np.sum(np.isnan(res.dispatched) & ~np.isnan(res.queued)) > 100  # a growing backlog
    assert 0 < pushes[0] <= waited


# -- 5. time thresholds ---------------------------------------------------------------------

LEADER_ONLY = {"grid_leader": 1.0}


def threshold_scenario(leader_min: float, hours: float) -> dict[str, Any]:
    return scenario(
        {"k": kind(6.0, escalation=LEADER_ONLY)},
        calendar={"horizon_days": 60.0},
        staff={"grid_leaders": [{"name": "leader", "grids": ["g1"]}], "committee": 30},
        policy={"escalate": {"grid_leader_hours": hours, "community_hours": None}},
        ladder={"grid_leader_min": leader_min, "committee_min": 90.0},
    )


def test_saturated_leader_escalates_each_waiting_issue_exactly_at_the_threshold() -> None:
    hours = 5.0
    _, res = run(threshold_scenario(1e6, hours))  # the leader never finishes an issue
    at_leader = first_done(res)
    first = int(np.nanargmin(at_leader))
    # The first issue is started by the leader at once and is never escalated by time.
    assert res.level[first] == GRID_LEADER
    assert math.isnan(res.plan[first]) and math.isnan(res.resolved[first])
    # Every other one reaches the committee exactly `hours` after it reached the leader; the
    # committee (30 members, no trips) decides at once, so plan = reached + committee_min.
    rest = np.ones(len(res.level), bool)
    rest[first] = False
    rest &= at_leader + hours * 60.0 + 90.0 < res.horizon
    assert rest.sum() > 300
    assert np.all(res.level[rest] == COMMUNITY)
    np.testing.assert_allclose(res.plan[rest] - 90.0, at_leader[rest] + hours * 60.0, atol=TOL)


def test_threshold_escalates_only_the_issues_still_waiting() -> None:
    """A busy (not saturated) leader, worked out by hand: a first-come-first-served server of
    fixed service time whose customers leave when not started within the threshold."""
    leader_min, hours = 300.0, 4.0  # 6 issues a day of 300 minutes: load 1.25
    _, res = run(threshold_scenario(leader_min, hours))
    at_leader = first_done(res)
    starts = fcfs_single_server(at_leader, leader_min, hours * 60.0)
    handled = ~np.isnan(starts) & (starts + leader_min < res.horizon)
    up = np.isnan(starts) & (at_leader + hours * 60.0 + 90.0 < res.horizon)
    assert handled.sum() > 100 and up.sum() > 50
    # Started before the threshold: settled by the leader (its nature needs no more).
    assert np.all(res.level[handled] == GRID_LEADER)
    assert np.all(np.isnan(res.plan[handled]))
    np.testing.assert_allclose(res.resolved[handled], starts[handled] + leader_min, atol=TOL)
    # Still waiting at the threshold: to the committee exactly then.
    assert np.all(res.level[up] == COMMUNITY)
    np.testing.assert_allclose(res.plan[up] - 90.0, at_leader[up] + hours * 60.0, atol=TOL)


def test_saturated_committee_sends_waiting_issues_to_the_joint_meeting_at_the_threshold() -> None:
    """The same at the committee: one member who never finishes; `community_hours` later
    the others join the joint meeting, which plans them at its next sitting."""
    hours = 10.0
    d = scenario(
        {"k": kind(4.0, escalation={"grid_leader": 1.0, "community": 1.0})},
        calendar={"horizon_days": 60.0},
        staff={"committee": 1},
        policy={
            "escalate": {"grid_leader_hours": 1.0, "community_hours": hours},  # no leaders
            "joint_meeting": {"interval_days": 3.0, "hour": 15.0},
        },
        ladder={"committee_min": 1e6},
    )
    _, res = run(d)
    at_committee = first_done(res)  # no grid leader: straight to the committee
    first = int(np.nanargmin(at_committee))
    assert res.level[first] == COMMUNITY and math.isnan(res.plan[first])
    sittings = np.arange(2 * DAY_MIN + 15 * 60.0, res.horizon, 3 * DAY_MIN)
    up = at_committee + hours * 60.0
    rest = ~np.isnan(up) & (up < sittings[-1])
    rest[first] = False
    assert rest.sum() > 150
    assert np.all(res.level[rest] == JOINT_MEETING)
    assert np.array_equal(res.plan[rest], next_at_or_after(sittings, up[rest]))


# -- 6. needed rungs ------------------------------------------------------------------------

CHAIN = (0.5, 0.4, 0.5, 0.2, 0.1)
# P(needs exactly rung k), by hand: 1 - .5; .5 * .6; .2 * .5; .1 * .8; .02 * .9; .002.
EXACTLY = (0.5, 0.3, 0.1, 0.08, 0.018, 0.002)


def test_needed_rungs_follow_the_chain_products() -> None:
    # Thresholds, by hand: rung k is needed iff u < chain[0] * ... * chain[k-1].
    # (The products are taken in floating point, so the boundaries are those products.)
    reach = np.cumprod(CHAIN)
    np.testing.assert_allclose(reach, (0.5, 0.2, 0.1, 0.02, 0.002), rtol=1e-12)
    u = np.array([x for r in reach.tolist() for x in (math.nextafter(r, 0.0), r)])
    chains = np.tile(CHAIN, (len(u), 1))
    assert needed_rungs(u, chains).tolist() == [1, 0, 2, 1, 3, 2, 4, 3, 5, 4]
    assert needed_rungs(np.array([1.0]), np.ones((1, 5))).tolist() == [0]
    assert needed_rungs(np.array([1e-12]), np.ones((1, 5))).tolist() == [5]
    assert needed_rungs(np.array([1e-12]), np.zeros((1, 5))).tolist() == [0]
    # Frequencies over many uniforms. Tolerance: 5 binomial standard errors per rung.
    n = 400_000
    u = 1.0 - np.random.default_rng(1).random(n)
    counts = np.bincount(needed_rungs(u, np.tile(CHAIN, (n, 1))), minlength=6)
    for k, p in enumerate(EXACTLY):
        assert abs(counts[k] / n - p) < 5 * math.sqrt(p * (1 - p) / n), k


def test_model_needs_are_the_chain_applied_to_the_issue_fate() -> None:
    kinds = {
        "a": kind(3.0, escalation=dict(zip(LEVELS[1:], CHAIN, strict=True))),
        "b": kind(2.0, escalation={"grid_leader": 1.0, "community": 0.5}),
        "dispute": kind(1.0, handler="mediation", escalation={"above_town": 0.3}),
    }
    _, res = run(scenario(kinds, calendar={"horizon_days": 30.0}))
    iss = res.issues
    chains = np.array(
        [[kinds[k]["escalation"].get(lv, 0.0) for lv in LEVELS[1:]] for k in iss.kind_names]
    )[iss.kind]
    dispute = iss.handler == HANDLERS.index("mediation")
    expected = needed_rungs(iss.fate[:, 0], chains)
    # Disputes keep their own path: of their nature only `above_town` counts.
    expected[dispute] = np.where(iss.fate[dispute, 0] < 0.3, ABOVE_TOWN, GRID_WORKER)
    assert np.array_equal(res.needs, expected)
    assert set(res.needs[iss.kind == iss.kind_names.index("b")].tolist()) == {1, 2}


def leader_scenario(escalation: dict[str, float], leader: bool, committee: int) -> dict[str, Any]:
    leaders = [{"name": "leader", "grids": ["g1"]}] if leader else []
    return scenario(
        {"k": kind(2.0, escalation=escalation)},
        calendar={"horizon_days": 90.0},
        staff={"grid_leaders": leaders, "committee": committee},
        policy={"joint_meeting": {"interval_days": 5.0, "hour": 15.0}},
        ladder={"grid_leader_min": 30.0, "town_mean_days": 2.0},
    )


def test_issue_needing_only_the_leader_ends_at_the_leader() -> None:
    _, res = run(leader_scenario(LEADER_ONLY, leader=True, committee=2))
    at_leader = first_done(res)
    starts = fcfs_single_server(at_leader, 30.0, math.inf)  # one leader, 30 minutes each
    done = ~np.isnan(res.resolved)
    assert done.sum() > 150
    assert np.all(res.level[done] == GRID_LEADER)
    assert np.all(np.isnan(res.plan))
    np.testing.assert_allclose(res.resolved[done], starts[done] + 30.0, atol=TOL)


@pytest.mark.parametrize(
    ("committee", "rung"), [(2, COMMUNITY), (0, JOINT_MEETING)], ids=["committee", "no-committee"]
)
def test_without_a_leader_the_next_rung_up_settles(committee: int, rung: int) -> None:
    """Needs the leader, but the grid has none: the first rung above that exists plans it."""
    _, res = run(leader_scenario(LEADER_ONLY, leader=False, committee=committee))
    done = ~np.isnan(res.resolved)
    assert done.sum() > 120
    assert np.all(res.level[~np.isnan(res.queued)] == rung)
    assert np.all(~np.isnan(res.plan[done]))


@pytest.mark.parametrize(("above", "top"), [(0.0, TOWN), (1.0, ABOVE_TOWN)])
def test_town_and_above_town_counted_when_the_chain_says_so(above: float, top: int) -> None:
    chain = dict(zip(LEVELS[1:], (1.0, 1.0, 1.0, 1.0, above), strict=True))
    d = leader_scenario(chain, leader=True, committee=2)
    _, res = run(d)
    sittings = np.arange(4 * DAY_MIN + 15 * 60.0, res.horizon, 5 * DAY_MIN)
    # `plan` is the decision of the rung that settles the issue: here always the town's.
    # Issues the meeting passed up and the town has not decided by the horizon have none.
    town = ~np.isnan(res.plan)
    waiting = (res.level >= TOWN) & np.isnan(res.plan)
    assert town.sum() > 100 and waiting.sum() > 0
    assert np.all(res.level[waiting] == TOWN)  # above_town is counted when the town decides
    assert np.all(res.level[town] == top)
    assert np.all(np.isnan(res.resolved[waiting]))
    # The town decides after an exponential delay (mean 2 days) from the meeting's sitting.
    at_meeting = res.plan[town] - (-2.0 * DAY_MIN * np.log(res.issues.fate[town, 6]))
    nearest = sittings[np.argmin(np.abs(at_meeting[:, None] - sittings), axis=1)]
    np.testing.assert_allclose(at_meeting, nearest, atol=TOL)
    kpis = run_kpis(
        log_table(res, "base", 0, "above_town"),
        res.pools,
        res.warmup,
        res.horizon,
        Scenario.model_validate(d).targets,
    )
    window = ~np.isnan(res.reported)
    assert kpi(kpis, "level:above_town") == np.sum(window & (res.level == ABOVE_TOWN))
    assert (kpi(kpis, "level:above_town") > 0) == (top == ABOVE_TOWN)


def test_recorded_level_is_capped_while_the_true_level_is_kept() -> None:
    kinds = {"a": kind(5.0, escalation=dict(zip(LEVELS[1:], CHAIN, strict=True)))}
    base = leader_scenario({}, leader=True, committee=2)
    base["demand"]["kinds"] = kinds
    _, res = run(base)
    for cap in ("grid_leader", "community", "above_town"):
        d = merged(base, {"policy": {"escalate": {"record_cap": cap}}})
        _, capped = run(d)
        # The cap is what officials write down: it never changes the simulation.
        for f in ("level", "plan", "resolved", "on_site"):
            assert np.array_equal(getattr(res, f), getattr(capped, f), equal_nan=True), f
        log = log_table(capped, "base", 0, Scenario.model_validate(d).policy.escalate.record_cap)
        true = log.column("level").to_pylist()
        recorded = log.column("level_recorded").to_pylist()
        c = LEVELS.index(cap)
        assert true == [None if v < 0 else LEVELS[v] for v in res.level]
        assert recorded == [None if v < 0 else LEVELS[min(v, c)] for v in res.level]
    assert {TOWN, ABOVE_TOWN} <= set(res.level.tolist())  # the cap had something to hide


# -- 7. disputes ----------------------------------------------------------------------------

SESSION, GAP = 60.0, 1.0 * DAY_MIN


def dispute_scenario(**over: Any) -> dict[str, Any]:
    """Disputes only, in 20 grids with a grid worker each (3 disputes a grid a year)."""
    grids = [{"name": f"g{g:02d}", "households": 100} for g in range(20)]
    base = scenario(
        {"dispute": kind(60.0 / 365.0, 2000, handler="mediation")},
        community={"grids": grids},
        disputes={"session_min": SESSION, "days_between_sessions": GAP / DAY_MIN},
        ladder={"town_mean_days": 5.0},
    )
    return merged(base, over)


def alone_in_grid(res: RunResult, days: float) -> np.ndarray:
    """Disputes with no other dispute of their grid queued within ``days``: their grid
    worker is free for them, so their sessions follow each other without waiting."""
    q, g = res.queued, res.issues.grid
    near = np.abs(q[:, None] - q[None, :]) < days * DAY_MIN
    same = g[:, None] == g[None, :]
    return (near & same).sum(axis=1) == 1


def test_dispute_settled_by_the_grid_worker_in_one_session() -> None:
    d = dispute_scenario(disputes={"grid_worker": {"settle_probability": 1.0, "max_sessions": 2}})
    _, res = run(d)
    seen = ~np.isnan(res.resolved)
    assert seen.sum() > 40
    assert np.all(res.sessions[seen] == 1)
    assert np.all(res.level[seen] == GRID_WORKER)
    np.testing.assert_allclose(res.resolved[seen], res.on_site[seen] + SESSION, atol=TOL)


def test_unsettled_dispute_has_two_grid_worker_sessions_then_the_room() -> None:
    d = dispute_scenario(
        disputes={
            "grid_worker": {"settle_probability": 0.0, "max_sessions": 2},
            "room": {"settle_probability": 1.0, "max_sessions": 3},
        }
    )
    _, res = run(d)
    seen = ~np.isnan(res.resolved)
    assert seen.sum() > 40
    assert np.all(res.sessions[seen] == 3)  # two with the grid worker, one in the room
    assert np.all(res.level[~np.isnan(res.queued)] >= COMMUNITY)
    assert np.all(res.level[seen] == COMMUNITY)
    assert np.all(np.isnan(res.plan))
    # Session, gap, session, then the room at once (30 mediators, no trips): by hand.
    free = seen & alone_in_grid(res, 5.0)
    assert free.sum() > 30
    expected = res.on_site[free] + SESSION + GAP + SESSION + SESSION
    np.testing.assert_allclose(res.resolved[free], expected, atol=TOL)


@pytest.mark.parametrize("mediators", [0, 2])
def test_dispute_the_room_cannot_settle_goes_to_the_town(mediators: int) -> None:
    d = dispute_scenario(
        staff={"mediators": mediators},
        disputes={
            "grid_worker": {"settle_probability": 0.0, "max_sessions": 1},
            "room": {"settle_probability": 0.0, "max_sessions": 2},
        },
    )
    _, res = run(d)
    seen = ~np.isnan(res.queued)
    planned = ~np.isnan(res.plan)
    assert planned.sum() > 30
    assert np.all(res.level[planned] == TOWN)  # the chain's above_town is 0
    assert np.all(res.level[seen] >= COMMUNITY)
    room = 2 if mediators else 0
    assert np.all(res.sessions[planned] == 1 + room)


def screening_dispute_scenario(police: dict[str, Any]) -> dict[str, Any]:
    return dispute_scenario(
        demand={
            "kinds": {
                "dispute": {
                    "latent_share": 1.0,
                    "found_by": ["screening"],
                    "key_household_share": 1.0,
                }
            }
        },
        policy={"screening": {"interval_days": 10.0, "find_probability": 1.0, "hour": 10.0}},
        disputes={"police_post": police, "room": {"settle_probability": 1.0, "max_sessions": 1}},
    )


def test_screening_found_dispute_is_mediated_on_the_spot_by_the_police_post() -> None:
    _, res = run(screening_dispute_scenario({"settle_probability": 1.0, "max_sessions": 1}))
    found = ~np.isnan(res.found)
    assert found.sum() > 40
    assert np.all(res.channel[found] == res.issues.channel_names.index("screening"))
    # No triage, no trip: on site at the visit itself.
    assert np.array_equal(res.on_site[found], res.found[found])
    assert np.array_equal(res.dispatched[found], res.found[found])
    assert np.array_equal(res.queued[found], res.found[found])
    done = found & ~np.isnan(res.resolved)
    assert np.array_equal(res.resolved[done], res.found[done] + SESSION)
    assert np.all(res.sessions[done] == 1) and np.all(res.level[done] == GRID_WORKER)
    assert np.all(res.crew[found] == -1)  # the police post is not one of the crews


def test_police_post_sessions_then_the_room() -> None:
    _, res = run(screening_dispute_scenario({"settle_probability": 0.0, "max_sessions": 2}))
    done = ~np.isnan(res.resolved)
    assert done.sum() > 40
    # Two sessions a gap apart on the spot, then one in the room (free, no trip): by hand.
    expected = res.found[done] + SESSION + GAP + SESSION + SESSION
    assert np.array_equal(res.resolved[done], expected)
    assert np.all(res.sessions[done] == 3) and np.all(res.level[done] == COMMUNITY)


# -- 8. conservation on the ladder (hypothesis) ---------------------------------------------


def maybe(value: st.SearchStrategy) -> st.SearchStrategy:
    return st.one_of(st.none(), value)


@st.composite
def ladder_dicts(draw: st.DrawFn) -> dict[str, Any]:
    """A valid scenario with a few hundred issues at most: random escalation chains, time
    thresholds, meetings, grid leaders present or absent, committee and mediators 0 or more,
    latent issues, disputes, shifts with or without night crews."""
    n_grids = draw(st.integers(1, 4))
    grids = [
        {
            "name": f"g{g}",
            "households": draw(st.integers(1, 80)),
            "x_km": draw(st.floats(0.0, 1.0)),
            "y_km": draw(st.floats(0.0, 1.0)),
            "key_share": draw(st.sampled_from([0.0, 0.1, 0.5, 1.0])),
        }
        for g in range(n_grids)
    ]
    names = [g["name"] for g in grids]
    households = sum(g["households"] for g in grids)
    horizon = draw(st.floats(1.0, 25.0))
    prob = st.sampled_from([0.0, 0.3, 0.7, 1.0])
    kinds = {}
    for k in range(draw(st.integers(1, 3))):
        # The first kind always has some demand: a scenario with none is refused.
        expected = draw(st.floats(0.5 if k == 0 else 0.0, 80.0))
        kinds[f"k{k}"] = {
            "rate_per_household_year": expected / (households * horizon / 365.0),
            "handler": draw(
                st.sampled_from([*CREW_COLOURS, "grid_worker", "mediation", "mediation"])
            ),
            "work": {
                "distribution": draw(st.sampled_from(["exponential", "deterministic", "gamma"])),
                "mean_min": draw(st.floats(1.0, 600.0)),
            },
            "latent_share": draw(prob),
            "found_by": draw(
                st.sampled_from([["patrol"], ["screening"], ["patrol", "screening"], []])
            ),
            "key_household_share": draw(maybe(st.sampled_from([0.0, 0.5, 1.0]))),
            "duplicates_mean": draw(st.sampled_from([0.0, 1.5])),
            "urgent": draw(st.sampled_from(["never", "high", "always"])),
            "escalation": {lv: draw(prob) for lv in LEVELS[1:]},
        }
    if draw(st.booleans()):
        shift = ALL_DAY
    else:
        start = draw(st.integers(0, 20))
        shift = {"start_hour": float(start), "end_hour": float(draw(st.integers(start + 1, 24)))}
    leaders = []
    if draw(st.booleans()):
        owner = [draw(st.integers(-1, 1)) for _ in names]  # -1: the grid has no leader
        leaders = [
            {
                "name": f"leader-{w}",
                "grids": [n for n, o in zip(names, owner, strict=True) if o == w],
            }
            for w in sorted(set(owner) - {-1})
        ]
    per_day = draw(st.integers(0, 3))
    hours = maybe(st.floats(0.5, 72.0))
    stage = st.fixed_dictionaries({"settle_probability": prob, "max_sessions": st.integers(0, 3)})
    return {
        "name": "ladder-property",
        "seed": draw(st.integers(0, 2**32)),
        "community": {"grids": grids, "travel": {"overhead_min": draw(st.floats(0.0, 5.0))}},
        "calendar": {"horizon_days": horizon, "shift": shift},
        "demand": {"kinds": kinds},
        "staff": {
            "crews": {c: draw(st.integers(1, 3)) for c in CREW_COLOURS},
            "on_call": {c: draw(st.integers(0, 2)) for c in CREW_COLOURS},
            "grid_leaders": leaders,
            "committee": draw(st.integers(0, 2)),
            "mediators": draw(st.integers(0, 2)),
            "triage_min": draw(st.sampled_from([0.0, 3.0])),
        },
        "policy": {
            "patrol": {
                "per_day": per_day,
                "start_hour": float(draw(st.integers(0, 12))),
                "spacing_hours": 3.0,
                "min_per_household": draw(st.floats(0.0, 2.0)),
                "find_probability": draw(prob),
            },
            "screening": {
                "interval_days": draw(st.floats(0.5, 10.0)),
                "find_probability": draw(prob),
                "hour": draw(st.floats(0.0, 23.9)),
            },
            "joint_meeting": {
                "interval_days": draw(st.floats(0.25, 10.0)),
                "hour": draw(st.floats(0.0, 23.9)),
            },
            "escalate": {"grid_leader_hours": draw(hours), "community_hours": draw(hours)},
        },
        "ladder": {
            "grid_leader_min": draw(st.floats(1.0, 600.0)),
            "committee_min": draw(st.floats(1.0, 600.0)),
            "town_mean_days": draw(st.floats(0.1, 5.0)),
            "implementation_mean_days": draw(st.sampled_from([0.0, 0.5, 2.0])),
        },
        "disputes": {
            "session_min": draw(st.floats(10.0, 120.0)),
            "days_between_sessions": draw(st.sampled_from([0.0, 0.5, 2.0])),
            "grid_worker": draw(stage),
            "police_post": draw(stage),
            "room": draw(stage),
        },
    }


def settle_rung(needs: np.ndarray, has_leader: np.ndarray, committee: bool) -> np.ndarray:
    """The lowest rung that exists in the community at or above what each issue needs:
    the grid worker, the grid's leader if any, the committee if any, the joint meeting, the
    town, and above the town (counted when the nature needs it)."""
    out = needs.copy()
    out[(out == GRID_LEADER) & ~has_leader] = COMMUNITY
    if not committee:
        out[out == COMMUNITY] = JOINT_MEETING
    return out


def before(a: np.ndarray, b: np.ndarray) -> bool:
    """a <= b wherever both are known."""
    both = ~np.isnan(a) & ~np.isnan(b)
    return bool(np.all(a[both] <= b[both]))


ARRAYS = (
    "found",
    "reported",
    "channel",
    "queued",
    "dispatched",
    "on_site",
    "plan",
    "resolved",
    "level",
    "needs",
    "sessions",
    "crew",
)


@props(150)
@given(ladder_dicts())
def test_conservation_on_the_ladder(d: dict[str, Any]) -> None:
    check_conservation(d)


@pytest.mark.slow
@props(2000)
@given(ladder_dicts())
def test_conservation_on_the_ladder_many(d: dict[str, Any]) -> None:
    check_conservation(d)


def check_conservation(d: dict[str, Any]) -> None:
    sc = Scenario.model_validate(d)
    model, res = run(d)
    iss = res.issues
    n = len(iss)
    # Every issue appears once, in every array and in the log.
    for f in ARRAYS:
        assert len(getattr(res, f)) == n, f
    log = log_table(res, "base", 0, sc.policy.escalate.record_cap)
    assert log.num_rows == n
    assert log.column("issue_id").to_pylist() == list(range(n))

    dispute = iss.handler == HANDLERS.index("mediation")
    queued = ~np.isnan(res.queued)
    reported = ~np.isnan(res.reported)
    resolved = ~np.isnan(res.resolved)
    planned = ~np.isnan(res.plan)
    found = ~np.isnan(res.found)
    # The level is -1 exactly for issues never reported (before the horizon); an issue
    # reported just before it may not have reached a queue yet.
    assert np.array_equal(res.level >= 0, reported)
    assert np.all(queued <= reported)
    assert np.all((res.level >= -1) & (res.level <= ABOVE_TOWN))
    # Found issues are the latent ones a patrol or a screening found; the finding is the report.
    assert np.all(iss.latent[found])
    assert np.array_equal(res.found[found], res.reported[found])
    finders = {iss.channel_names.index("patrol"), iss.channel_names.index("screening")}
    assert np.array_equal(found, np.isin(res.channel, list(finders)))
    assert np.all(res.channel[iss.latent & ~found] == -1)
    # Timestamps in order.
    assert before(iss.created, res.reported)
    assert before(res.reported, res.queued)
    assert before(res.queued, res.dispatched)
    assert before(res.dispatched, res.on_site)
    assert before(res.plan, res.resolved)
    assert before(res.queued, res.plan)
    assert not np.any(resolved & ~reported)
    assert not np.any(resolved & ~queued)
    assert not np.any((planned | resolved) & ~dispute & np.isnan(res.on_site))
    assert before(res.on_site[~dispute], res.resolved[~dispute])
    # A plan comes from the committee or above; for a dispute only from the town.
    assert np.all(res.level[planned] >= COMMUNITY)
    assert np.all(res.level[planned & dispute] >= TOWN)
    # Sessions are held for disputes only.
    assert np.all(res.sessions[~dispute] == 0)
    assert set(res.level[dispute].tolist()) <= {-1, GRID_WORKER, COMMUNITY, TOWN, ABOVE_TOWN}
    assert np.all(res.needs[res.level == ABOVE_TOWN] == ABOVE_TOWN)

    # Where an issue ends: the lowest existing rung at or above what its nature needs, unless
    # a time threshold sent it up (which reaches only the committee or the joint meeting).
    leader_of = np.array([model.ladder.leader_of[g] is not None for g in range(len(grid_names(d)))])
    rung = settle_rung(res.needs, leader_of[iss.grid], sc.staff.committee > 0)
    esc = sc.policy.escalate
    timed = esc.grid_leader_hours is not None or esc.community_hours is not None
    ordinary = ~dispute & queued
    done = ordinary & resolved
    if not timed:
        assert np.array_equal(res.level[done], rung[done])
        assert np.all(res.level[ordinary] <= rung[ordinary])
    else:
        assert np.all(res.level[done] >= rung[done])
        pushed = done & (res.level > rung)
        assert set(res.level[pushed].tolist()) <= {COMMUNITY, JOINT_MEETING}
        assert np.all(res.level[ordinary] <= np.maximum(rung[ordinary], JOINT_MEETING))
    # Complex issues (needing a plan) are never resolved without one.
    assert np.all(planned[done & (rung >= COMMUNITY)])
    assert not np.any(planned[done & (res.level < COMMUNITY)])

    # Utilisation of every pool in [0, 1]; the monitors are non-negative.
    for p in res.pools:
        assert p.busy_mean >= -1e-9 and p.queue_mean >= -1e-9, p.name
        assert p.busy_mean <= p.on_duty_mean + 1e-9, p.name
        assert p.on_duty_mean <= p.crews + 1e-9, p.name

    # Bit for bit reproducible.
    _, again = run(d)
    for f in ARRAYS:
        assert np.array_equal(getattr(res, f), getattr(again, f), equal_nan=True), f
    assert [vars(p) for p in res.pools] == [vars(p) for p in again.pools]


def grid_names(d: dict[str, Any]) -> list[str]:
    return [g["name"] for g in d["community"]["grids"]]


# -- regressions: model bugs these tests found, fixed since -----------------------------------


def test_joint_meeting_more_often_than_daily_sits_at_the_end_of_each_period() -> None:
    """Was: the first sitting (interval - 1 day + hour) fell before minute 0 and SimPy
    refused the negative delay."""
    d = scenario(
        {"k": MEETING},
        calendar={"horizon_days": 10.0},
        staff={"committee": 0},
        policy={"joint_meeting": {"interval_days": 0.5, "hour": 0.0}},
    )
    _, res = run(d)
    sittings = np.arange(720.0, res.horizon, 720.0)
    planned = ~np.isnan(res.plan)
    assert planned.sum() > 20
    assert np.array_equal(res.plan, next_at_or_after(sittings, first_done(res)), equal_nan=True)


def test_screening_found_dispute_skips_triage() -> None:
    """Was: queued = found + triage_min for screening finds, which skip triage, so the police
    post was on site before the issue was 'queued'."""
    d = merged(
        screening_dispute_scenario({"settle_probability": 1.0, "max_sessions": 1}),
        {"staff": {"triage_min": 5.0}},
    )
    _, res = run(d)
    found = ~np.isnan(res.found)
    assert found.sum() > 40
    assert np.array_equal(res.queued[found], res.found[found])
    assert np.array_equal(res.dispatched[found], res.found[found])


def test_found_just_before_the_horizon_counts_as_reported() -> None:
    """Was: a latent issue found less than triage_min before the horizon had `reported` set
    but level -1 ('never reported'); a resident's report there had `reported` NaN."""
    # One day; one patrol round 23:57-23:59 (2 households, 1 minute each) finds every latent
    # issue (p = 1) at 23:58 or 23:59; triage takes 3 minutes, so it would end after the
    # horizon.
    d = scenario(
        {"k": kind(20.0, 2, latent_share=0.5)},
        community={"grids": [{"name": "g1", "households": 2}]},
        calendar={"horizon_days": 1.0},
        staff={"triage_min": 3.0},
        policy={
            "patrol": {
                "per_day": 1,
                "start_hour": 23.95,
                "min_per_household": 1.0,
                "find_probability": 1.0,
            }
        },
    )
    _, res = run(d)
    late = res.found > 1440.0 - 3.0  # spotted within the round's last 3 minutes
    assert late.sum() > 0
    assert np.all(np.isnan(res.queued[late]))
    assert np.all(res.level[late] == GRID_WORKER)
    assert np.array_equal(res.level >= 0, ~np.isnan(res.reported))


# -- 9. heating season and duplicate reports ------------------------------------------------


def test_heating_season_multiplies_the_rate_of_heating_kinds_only() -> None:
    multiplier = 3.0
    season = [10, 11, 12, 1, 2, 3, 4]
    d = scenario(
        {"heat": kind(4.0, heating=True), "other": kind(4.0)},
        demand={
            "heating_season": {
                "months": season,
                "multiplier": multiplier,
                "keeps_annual_rate": False,
            }
        },
        staff={"crews": {"repair": 60}},
    )
    _, res = run(d)
    iss = res.issues
    months = month_of_day(Scenario.model_validate(d).calendar.start_date, 366)
    in_season_day = np.isin(months + 1, season)[:365]
    days_in, days_out = in_season_day.sum(), (~in_season_day).sum()
    in_season = in_season_day[(iss.created // DAY_MIN).astype(int)]
    for name, expected in (("heat", multiplier), ("other", 1.0)):
        mine = iss.kind == iss.kind_names.index(name)
        n_in, n_out = np.sum(mine & in_season), np.sum(mine & ~in_season)
        ratio = (n_in / days_in) / (n_out / days_out)
        # Tolerance: 4 sd of log(ratio) of two Poisson counts, sqrt(1/n_in + 1/n_out).
        assert abs(math.log(ratio / expected)) < 4 * math.sqrt(1 / n_in + 1 / n_out), name
    # Adding volume, the season scales the heating kind up and leaves the rest of the year
    # (keeping the annual rate rescales it: test_seasons.py).
    heat = iss.kind == iss.kind_names.index("heat")
    per_day_out = np.sum(heat & ~in_season) / days_out
    assert abs(per_day_out / 4.0 - 1.0) < 4 / math.sqrt(np.sum(heat & ~in_season))


def test_duplicate_reports_are_merged_into_the_first() -> None:
    dup = 1.5
    d = scenario(
        {"k": kind(30.0, duplicates_mean=dup)},
        calendar={"horizon_days": 100.0},
        demand={
            "channels": {
                "fast": {"share": 0.5, "mean_delay_min": 0.0},
                "slow": {"share": 0.5, "mean_delay_min": 100.0},
            }
        },
        staff={"crews": {"repair": 60}},
    )
    _, res = run(d)
    iss = res.issues
    n = len(iss)
    # reports = 1 + Poisson(dup). Tolerance: 4 sd of the mean, sqrt(dup / n).
    assert abs(iss.reports.mean() - (1 + dup)) < 4 * math.sqrt(dup / n)
    assert iss.reports.min() >= 1
    # The first report is the earliest: "fast" unless every report was "slow", which has
    # probability E[0.5 ** (1 + K)] = 0.5 * exp(-dup / 2) for K ~ Poisson(dup).
    p_slow = 0.5 * math.exp(-dup / 2)
    slow = np.mean(iss.channel == iss.channel_names.index("slow"))
    assert abs(slow - p_slow) < 4 * math.sqrt(p_slow * (1 - p_slow) / n)
    assert np.all(iss.reported[iss.channel == 0] == iss.created[iss.channel == 0])
    # The log and the KPIs count the merged reports.
    log = log_table(res, "base", 0, "above_town")
    assert np.array_equal(log.column("reports").to_numpy(), iss.reports)
    kpis = run_kpis(log, res.pools, res.warmup, res.horizon, Scenario.model_validate(d).targets)
    window = ~np.isnan(res.reported)
    assert kpi(kpis, "duplicate_reports_merged") == np.sum(iss.reports[window] - 1)


def test_joint_meeting_wait_half_interval_for_several_intervals() -> None:
    """The T/2 law for other intervals and hours, with 20 replications each (tolerance: 4
    standard errors of the replication means)."""
    for interval, hour in ((1.0, 9.0), (3.5, 15.0), (14.0, 0.0)):
        d = scenario(
            {"k": MEETING},
            staff={"committee": 0},
            policy={"joint_meeting": {"interval_days": interval, "hour": hour}},
        )
        period = interval * DAY_MIN
        first = period - DAY_MIN + hour * 60.0
        means = []
        for rep in range(20):
            _, res = run(d, rep)
            sittings = np.arange(first, res.horizon, period)
            reach = first_done(res)
            inside = (reach >= first) & (reach < sittings[-1])
            means.append(np.mean(res.plan[inside] - reach[inside]))
        m = np.array(means)
        assert abs(m.mean() - period / 2) < 4 * m.std(ddof=1) / math.sqrt(len(m)), interval
