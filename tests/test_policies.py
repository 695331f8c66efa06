"""Dispatch rules and queue disciplines, on hand-made cases."""

from __future__ import annotations

import random
from collections import deque
from dataclasses import dataclass

import pytest

from gridsim.policies import discipline, dispatch_rule


@dataclass
class FakeCrew:
    location: int


def drain(queue) -> list[int]:
    return [queue.pop() for _ in range(len(queue))]


def test_fcfs_serves_in_arrival_order() -> None:
    q = discipline("fcfs").new_queue()
    for i, (t, sev, vul) in enumerate([(0, 0, False), (1, 2, True), (2, 1, False)]):
        q.push(i, t, sev, vul)
    assert drain(q) == [0, 1, 2]


def test_severity_serves_high_first_then_fcfs_within_a_class() -> None:
    q = discipline("severity").new_queue()
    items = [(0.0, 0), (1.0, 2), (2.0, 1), (3.0, 2), (4.0, 0)]
    for i, (t, sev) in enumerate(items):
        q.push(i, t, sev, False)
    assert drain(q) == [1, 3, 2, 0, 4]


def test_vulnerable_first() -> None:
    q = discipline("vulnerable_first").new_queue()
    for i, vul in enumerate([False, True, False, True]):
        q.push(i, float(i), 2, vul)
    assert drain(q) == [1, 3, 0, 2]


def test_severity_ageing_lets_an_old_low_issue_overtake_a_new_high_one() -> None:
    q = discipline("severity_ageing", ageing_min=60.0).new_queue()
    q.push(0, 0.0, 0, False)  # low, waited since minute 0: key 0
    q.push(1, 100.0, 2, False)  # high, minute 100: key 100 - 120 = -20
    q.push(2, 130.0, 2, False)  # high, minute 130: key 10
    assert drain(q) == [1, 0, 2]


def test_unknown_names_are_refused() -> None:
    with pytest.raises(ValueError, match="known: fcfs"):
        discipline("lifo")
    with pytest.raises(ValueError, match="known: pooled"):
        dispatch_rule("random")


def test_priority_queue_matches_a_sort_on_random_input() -> None:
    """The heap gives exactly the order of sorting by (key, id), for every discipline."""
    rng = random.Random(3)
    items = [(rng.uniform(0, 1000), rng.randrange(3), rng.random() < 0.3) for _ in range(500)]
    keys = {
        "severity": lambda t, s, v: (-s, t),
        "vulnerable_first": lambda t, s, v: (not v, t),
        "severity_ageing": lambda t, s, v: (t - 120.0 * s,),
    }
    for name, key in keys.items():
        q = discipline(name).new_queue()
        for i, item in enumerate(items):
            q.push(i, *item)
        expected = sorted(range(len(items)), key=lambda i: (*key(*items[i]), i))
        assert drain(q) == expected, name


def test_dedicated_areas_partition_grids_and_crews() -> None:
    rule = dispatch_rule("dedicated")
    for n_crews, n_grids in [(1, 16), (2, 16), (3, 16), (7, 16), (16, 16), (20, 16), (5, 3)]:
        areas = rule.areas(n_crews, n_grids)
        crews = sorted(c for cs, _ in areas for c in cs)
        grids = [g for _, gs in areas for g in gs]
        assert crews == list(range(n_crews))
        assert grids == list(range(n_grids))  # contiguous blocks, in order
        assert all(cs and gs for cs, gs in areas)
        sizes = [len(gs) for _, gs in areas]
        assert max(sizes) - min(sizes) <= 1


def test_pooled_takes_the_longest_idle_crew() -> None:
    a, b, c = FakeCrew(0), FakeCrew(1), FakeCrew(2)
    idle = deque([a, b, c])
    assert dispatch_rule("pooled").choose(idle, 2, lambda a, b: [0, 1, 2][b]) is a
    assert list(idle) == [b, c]


def test_nearest_takes_the_shortest_trip_and_breaks_ties_by_idle_time() -> None:
    table = [[0, 5, 9], [5, 0, 4], [9, 4, 0]]

    def travel(a: int, b: int) -> float:
        return table[a][b]

    a, b, c = FakeCrew(0), FakeCrew(2), FakeCrew(2)
    idle = deque([a, b, c])
    rule = dispatch_rule("nearest")
    assert rule.choose(idle, 1, travel) is b  # b and c both 4 min away; b idle longer
    assert rule.choose(idle, 0, travel) is a
    assert list(idle) == [c]


# -- trips: a table for small communities, computed for large ones ---------------------------


@pytest.mark.parametrize("metric", ["manhattan", "euclidean"])
def test_computed_trips_equal_the_table(metric: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A city too large for a table of every pair computes each trip from coordinates; it
    gives the same minutes as the table would (same operations, within one rounding)."""
    from gridsim.model import layout
    from gridsim.scenario.schema import Community

    rng = random.Random(3)
    grids = [
        {"name": f"g{i}", "households": 10, "x_km": rng.uniform(0, 9), "y_km": rng.uniform(0, 9)}
        for i in range(40)
    ]
    community = Community.model_validate(
        {
            "grids": grids,
            "hall_x_km": 4.5,
            "hall_y_km": 1.0,
            "travel": {"metric": metric, "speed_kmh": 17.0, "overhead_min": 3.0},
        }
    )
    table = layout.Travel(community)
    monkeypatch.setattr(layout, "TABLE_MAX_PLACES", 10)
    computed = layout.Travel(community)
    assert len(computed._table) == 0 and len(table._table) == 41 * 41
    for a in range(41):
        for b in range(41):
            expected = table.minutes(a, b)
            assert computed.minutes(a, b) == pytest.approx(expected, rel=1e-15, abs=0)
            if metric == "manhattan":
                assert computed.minutes(a, b) == expected
    d = abs(grids[3]["x_km"] - 4.5) + abs(grids[3]["y_km"] - 1.0)
    if metric == "manhattan":  # by hand: overhead + km at 17 km/h, from the hall to grid 3
        assert table.minutes(40, 3) == pytest.approx(3.0 + d / 17.0 * 60.0, rel=1e-12)
