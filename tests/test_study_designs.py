"""The designs of the assumptions, equal_cost_rosters and satisfaction_per_yuan studies
(experiments/studies/): each assumption's end really changes the scenario and only where it
says, the three rosters of equal cost cost what a hand computation says, within 2% of each
other, satisfaction per yuan takes its policies from their files and divides by hand, and the
cheapest plan's roster alternatives keep the current plan within the levers' bounds."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import numpy as np
import pandas as pd
import pytest

from gridsim.api import scenario_of
from gridsim.model.duty import Duty
from gridsim.scenario import Scenario, load_scenario

ROOT = Path(__file__).resolve().parents[1]
STUDIES = ROOT / "experiments" / "studies"
BASELINE = ROOT / "scenarios" / "baseline.yaml"


def study(name: str) -> ModuleType:
    """A study script as a module (its folder's _common importable, as when it runs)."""
    sys.path.insert(0, str(STUDIES))
    spec = importlib.util.spec_from_file_location(f"study_{name}", STUDIES / name / "run.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def base():
    return scenario_of(BASELINE)


def test_every_assumption_end_changes_the_scenario(base) -> None:
    a = study("assumptions")
    variants, design = a.build_variants(base)
    assert len(a.ASSUMPTIONS) >= 15
    assert len(variants) == len(design) + 1 == len(set(design["variant"])) + 1
    before = base.model_dump(mode="json")
    for name, sc in variants.items():
        if name != a.BASE:
            assert sc.model_dump(mode="json") != before, f"{name} changes nothing"


def test_weekend_crews_leave_the_weekday_crews_alone(base) -> None:
    a = study("assumptions")
    sc = scenario_of(base, a.weekend_repair(2)(base))
    shifts = sc.staff.rosters["repair"]
    weekday = [s for s in shifts if "weekdays" in s.days]
    weekend = [s for s in shifts if "weekend" in s.days]
    assert [s.count for s in weekday] == [None] and [s.count for s in weekend] == [2]
    # the group's head count (the crews paid, and on duty on weekdays) stays 2
    assert Duty(sc, 365 * 1440.0).size("repair", sc.staff.crews.repair) == 2


def test_equal_cost_rosters_cost_the_hand_computed_day_crew(base) -> None:
    e = study("equal_cost_rosters")
    _variants, costs = e.design(base)
    extra = costs.set_index("variant")["extra_cost"]
    # One more day crew: 9.5 h (8:30-18:00) x 2 members x 34 CNY on each of the 243 working
    # days of Jan 6 - Dec 31 2026 (the window after the 5-day warm-up: weekdays less the
    # holidays, plus the 3 weekends worked in exchange after Jan 6), scaled from 360 days
    # to 365, plus the crew's 20,000 CNY a year.
    assert extra["day crew"] == pytest.approx(9.5 * 2 * 34 * 243 * 365 / 360 + 20000)
    for name in ("evening", "night"):
        assert abs(extra[name] / extra["day crew"] - 1) <= 0.02
    assert extra["base"] == 0


def test_the_table_states_the_baselines_values(base) -> None:
    a = study("assumptions")
    singles = [
        x
        for x in a.ASSUMPTIONS
        if isinstance(x.low, dict)
        and len(x.low) == 1
        and isinstance(next(iter(x.low.values())), int | float)
        and a.has_paths(base, x)
    ]
    assert len(singles) >= 10
    for x in singles:
        (path,) = x.low
        assert a.value_at(base, path) == pytest.approx(float(x.base)), x.name


def test_satisfaction_per_yuan_changes_what_each_candidate_names(base) -> None:
    s = study("satisfaction_per_yuan")
    variants = s.build_variants(base)
    assert len(variants) == len(s.changes()) + 1 >= 8
    before = base.model_dump(mode="json")
    for name, sc in variants.items():
        if name != s.BASE:
            assert sc.model_dump(mode="json") != before, f"{name} changes nothing"
    # The policies come from their files: the same scenario as loading the file.
    labels = ("name", "description", "variants")  # what a policy file restates
    for name, file in s.POLICY_FILES.items():
        from_file = load_scenario(s.POLICIES / file).model_dump(mode="json", exclude=set(labels))
        assert variants[name].model_dump(mode="json", exclude=set(labels)) == from_file, name


def test_satisfaction_points_per_10k_cny_by_hand() -> None:
    s = study("satisfaction_per_yuan")
    rows = [  # two replications: a paid change (+1 and +3 points for 20,000 CNY) and a free one
        ("base", 0, "satisfaction_rate", 0.80), ("base", 1, "satisfaction_rate", 0.82),
        ("paid", 0, "satisfaction_rate", 0.81), ("paid", 1, "satisfaction_rate", 0.85),
        ("free", 0, "satisfaction_rate", 0.80), ("free", 1, "satisfaction_rate", 0.84),
        ("base", 0, "staff_cost_per_year", 1e6), ("base", 1, "staff_cost_per_year", 1e6),
        ("paid", 0, "staff_cost_per_year", 1.02e6), ("paid", 1, "staff_cost_per_year", 1.02e6),
        ("free", 0, "staff_cost_per_year", 1e6 + 50), ("free", 1, "staff_cost_per_year", 1e6),
    ]  # fmt: skip
    table = pd.DataFrame(rows, columns=["variant", "replication", "metric", "value"])
    for k in ("response_rate", "on_time_rate", "reopen_rate", "above_town"):
        table = pd.concat([table, table[table.metric == "satisfaction_rate"].assign(metric=k)])
    diffs = s.differences(table, ["base", "paid", "free"])
    per = diffs[diffs.metric == "satisfaction_points_per_10k_cny"].set_index("variant")
    assert per.loc["paid", "diff"] == pytest.approx(2.0 / 2.0)  # 2 points for 2 x 10,000 CNY
    assert np.isnan(per.loc["free", "diff"])  # 25 CNY a year: free
    rank = s.ranking(diffs)
    assert list(rank.index) == ["free", "paid"]  # free first, whatever the effect
    assert rank.loc["free", "points"] == pytest.approx(1.0) and rank.loc["free", "free"]


def test_a_grid_leaders_limit_keeps_the_limits_ascending(base: Scenario) -> None:
    a = study("assumptions")
    path = a.LIMITS + ".{}"
    low = a.leader_limit(200)(base)
    assert low[path.format("grid_leader")] == 200
    assert low[path.format("community")] == 5000  # the base's, higher already
    high = scenario_of(base, a.leader_limit(8000)(base)).orders.authority
    assert high is not None
    assert high.spending_limit_cny == {
        "grid_worker": 0, "grid_leader": 8000, "community": 8000, "joint_meeting": 50000
    }  # fmt: skip


def test_needs_scale_every_kinds_shares_together(base: Scenario) -> None:
    a = study("assumptions")
    sc = scenario_of(base, a.needs_scaled(2.0)(base))
    assert set(sc.orders.needs) == set(base.orders.needs) and base.orders.needs
    for kind, need in base.orders.needs.items():
        for share in ("money", "department", "cross_grid"):
            want = min(1.0, getattr(need, share) * 2.0)
            assert getattr(sc.orders.needs[kind], share) == pytest.approx(want), (kind, share)
        assert sc.orders.needs[kind].money_mean_cny == need.money_mean_cny


def test_the_rates_are_in_the_headline_and_orders_in_the_table(base: Scenario) -> None:
    a = study("assumptions")
    assert {"response_rate", "on_time_rate", "satisfaction_rate"} <= set(a.HEADLINE)
    paths = {p for x in a.ASSUMPTIONS if isinstance(x.low, dict) for p in x.low}
    for field in ("closing.check_min", "closing.bypass", "callback.satisfied_unsolved",
                  "departments.teams", "transfer_min.hotline"):  # fmt: skip
        assert "orders." + field in paths


def test_cheapest_plan_alternatives_keep_the_current_plan_in_the_box(base: Scenario) -> None:
    """Each roster alternative is a valid scenario whose current plan lies within the
    levers' bounds (the answer's cost is against it), and adds the shift it says."""
    from gridsim.experiment.sweep import _lookup
    from gridsim.optimiser.space import wage_cost

    c = study("cheapest_plan")
    args = type("Args", (), {"quick": False})()
    costs = {}
    for name in c.ALTERNATIVES:
        sc = c.scenario_of_alt(args, name)
        raw = sc.model_dump(mode="python")
        for path, (low, high) in c.levers_of(name).items():
            assert low <= _lookup(raw, path) <= high, (name, path)
        costs[name] = wage_cost(sc)
    evening = c.scenario_of_alt(args, "evening repair crew").staff.rosters["repair"]
    assert [(s.start_hour, round(s.end_hour, 4), s.count) for s in evening[2:]] == [
        (18.0, 23.8333, 1)
    ]
    desk = c.scenario_of_alt(args, "duty desk 24 h").staff.rosters["hall"]
    assert [(s.days, s.start_hour, s.end_hour, s.count) for s in desk] == [
        (["daily"], 0.0, 24.0, 1)
    ]
    assert costs["base rosters"] == pytest.approx(wage_cost(base))
    assert costs["base rosters"] < costs["evening repair crew"] < costs["duty desk 24 h"]


def test_cheapest_plan_reachable_levels_round_down_and_stop_at_the_goal() -> None:
    c = study("cheapest_plan")
    reqs = [{"kpi": "target_on_site_share", "estimate": 0.175},
            {"kpi": "target_resolved_share", "estimate": 0.308},
            {"kpi": "target_plan_share", "estimate": 0.95}]  # fmt: skip
    top = type("Top", (), {"requirements": reqs})()
    # 17.5% - 3 = 14.5 -> 14%; 30.8% - 3 = 27.8 -> 27%; 95% - 3 = 92% -> the goal, 90%
    assert c.reachable_goals(top) == [
        "target_on_site_share>=0.14", "target_resolved_share>=0.27", "target_plan_share>=0.90"
    ]  # fmt: skip
