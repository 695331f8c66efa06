"""The optimiser (gridsim/optimiser): exact answers where queueing theory gives them, the
sequential check's error rates, out-of-reach requirements with their reasons, and the same
answer on any executor."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from gridsim import optimise
from gridsim.api import scenario_of
from gridsim.cli import main
from gridsim.optimiser.feasibility import FEASIBLE, INFEASIBLE, Check, h_squared
from gridsim.optimiser.problem import parse_lever, parse_requirement
from gridsim.scenario import ScenarioError
from gridsim.stats.queueing import mmc_mean_wait, mmc_wait_tail

MMC = "gridsim/scenarios/validation/mmc.yaml"
MU = 1 / 30  # the reduction's service rate (exponential, mean 30 min)
MIN_PER_YEAR = 365 * 1440


def mmc(lam: float, days: float = 20):
    """The M/M/c reduction at arrival rate ``lam`` per minute, for ``days``."""
    return scenario_of(MMC, {"demand.kinds.job.rate_per_household_year": lam * MIN_PER_YEAR,
                             "calendar.horizon_days": days})  # fmt: skip


def smallest_c(lam: float, met) -> int:
    """Erlang C's exact smallest number of servers whose steady state meets ``met``."""
    c = math.floor(lam / MU) + 1
    while not met(c):
        c += 1
    return c


CASES = [  # (rate per minute, requirement, exact criterion): goals away from every c's value
    (0.07, "target_on_site_share>=0.85", lambda c: 1 - mmc_wait_tail(0.07, MU, c, 10) >= 0.85),
    (0.07, "target_on_site_share>=0.95", lambda c: 1 - mmc_wait_tail(0.07, MU, c, 10) >= 0.95),
    (0.07, "on_site_mean_min<=1.5", lambda c: mmc_mean_wait(0.07, MU, c) <= 1.5),
    (0.1, "target_on_site_share>=0.9", lambda c: 1 - mmc_wait_tail(0.1, MU, c, 10) >= 0.9),
]


@pytest.mark.parametrize(("lam", "require", "met"), [
    CASES[0], *[pytest.param(*case, marks=pytest.mark.slow) for case in CASES[1:]]
])  # fmt: skip
def test_mmc_returns_erlang_c_smallest_c(lam, require, met):
    days = 20 if require == CASES[0][1] else 60  # the slow cases: less start-up bias
    opt = optimise(mmc(lam, days), ["staff.crews.repair=1:10:100000"], [require], first=5,
                   jobs=1)  # fmt: skip
    assert opt.feasible
    assert opt.plan == {"staff.crews.repair": smallest_c(lam, met)}
    assert opt.cost == pytest.approx(100_000 * (opt.plan["staff.crews.repair"] - 3))


def test_plan_near_the_goal_takes_more_replications():
    """4 servers give 89.4% within 10 min (Erlang C), inside the tolerance of a 90% goal:
    the sequential check needs more runs there than for 3 or 5 servers, far from it."""
    opt = optimise(mmc(0.07), ["staff.crews.repair=3:5:1"], ["target_on_site_share>=0.9"],
                   first=5, most=60, jobs=1)  # fmt: skip
    runs = dict(zip(opt.frontier["staff.crews.repair"], opt.frontier["replications"],
                    strict=True))  # fmt: skip
    assert runs[3] == 5 and runs[5] == 5
    assert runs[4] > 5
    assert opt.frontier.set_index("staff.crews.repair").loc[3, "status"] == INFEASIBLE


def test_out_of_reach_requirement_says_why():
    """The baseline's on-site target at 90% for repairs: with every lever at its highest it
    falls far short, because reports wait for someone on duty (the decomposition)."""
    sc = scenario_of("scenarios/baseline.yaml", {"calendar.horizon_days": 30})
    opt = optimise(sc, ["staff.crews.repair=1:3", "staff.on_call.repair=0:1"],
                   ["target_on_site_share@kind:repair>=0.9"], first=3, jobs=1)  # fmt: skip
    assert not opt.feasible
    assert opt.plan == {"staff.crews.repair": 3, "staff.on_call.repair": 1}
    assert opt.designs_evaluated == 1  # nothing below the top plan can do better
    [reason] = opt.reasons
    assert "out of reach" in reason and "nobody is on duty" in reason
    req = opt.requirements[0]
    assert req["decision"] == INFEASIBLE and req["upper"] < 0.9


def _answer(jobs: int, executor: str = "process") -> dict:
    """optimum.json of one small M/M/c problem, without its CPU time (which varies)."""
    args = (mmc(0.07, 10), ["staff.crews.repair=2:6:1"], ["target_on_site_share>=0.95"])
    out = optimise(*args, first=4, jobs=jobs, executor=executor).to_json()
    out.pop("cpu_seconds")
    return out


def test_same_seed_same_answer_whatever_the_workers():
    assert _answer(1) == _answer(2, "process")


@pytest.mark.slow
def test_dask_executor_gives_the_same_answer():
    assert _answer(1) == _answer(2, "dask")


def test_more_of_a_lever_that_hurts_is_reported():
    """More households on the M/M/c grid means more issues: a lever that makes a
    requirement (here: at most so many issues) worse breaks the search's assumption, and
    the check over the simulated pairs says so."""
    levers = ["staff.crews.repair=2:6:1", "community.grids.0.households=1:2"]
    opt = optimise(mmc(0.05, 10), levers, ["issues<=1000000"], first=3, jobs=1)
    assert opt.monotone["violations"] > 0
    worst = opt.monotone["worst"][0]
    assert worst["higher_plan"]["community.grids.0.households"] == 2


def test_check_error_rates_at_the_edges_of_the_tolerance():
    """The sequential check's guarantee, on normal observations: a mean at the goal is
    declared infeasible, and one at goal - tolerance feasible, at most alpha of the time."""
    rng = np.random.default_rng(7)
    check = Check(goal=0.9, higher=True, tolerance=0.02, alpha=0.05, step=5, most=100)
    wrong = {"at goal": 0, "at goal - tolerance": 0}
    trials = 2000
    for _ in range(trials):
        if check.decide(rng.normal(0.9, 0.03, 100), first=10)[0] == INFEASIBLE:
            wrong["at goal"] += 1
        if check.decide(rng.normal(0.88, 0.03, 100), first=10)[0] == FEASIBLE:
            wrong["at goal - tolerance"] += 1
    for count in wrong.values():
        assert count / trials <= 0.05 + 3 * math.sqrt(0.05 * 0.95 / trials)


def test_check_constant_and_region_by_hand():
    assert h_squared(0.05, 10) == pytest.approx(9 * (0.1 ** (-2 / 9) - 1))
    check = Check(goal=10.0, higher=False, tolerance=2.0, alpha=0.05)
    assert check.decide(np.full(10, 5.0), first=10) == (FEASIBLE, 10)  # no variance
    assert check.decide(np.full(10, 12.0), first=10) == (INFEASIBLE, 10)
    # a run with no issue in the scope (NaN) says nothing: the others decide
    assert check.decide(np.array([5.0, np.nan, 5.0]), first=2) == (FEASIBLE, 2)
    assert check.decide(np.array([5.0, np.nan]), first=2)[1] == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [("staff.crews.repair=3", "PATH=LOW:HIGH"), ("staff.crews.repair=4:2", "LOW <= HIGH"),
     ("staff.crews.repair=1:2:-5", "cannot be negative")],
)  # fmt: skip
def test_bad_levers_are_located(text, message):
    with pytest.raises(ScenarioError, match="--lever") as e:
        parse_lever(text)
    assert message in str(e.value)


def test_bad_problems_are_located():
    with pytest.raises(ScenarioError, match="no such field"):
        optimise(mmc(0.07, 5), ["staff.crews.repiar=1:3"], ["issues>=1"])
    with pytest.raises(ScenarioError, match="integer field"):
        optimise(mmc(0.07, 5), ["staff.triage_min=1:3"], ["issues>=1"])
    with pytest.raises(ScenarioError, match="unknown KPI"):
        optimise(mmc(0.07, 5), ["staff.crews.repair=1:3"], ["on_site_meen_min<=3"])
    with pytest.raises(ScenarioError, match="--require"):
        parse_requirement("on_site_mean_min=3")


def test_command_writes_optimum_json(tmp_path, capsys):
    out = tmp_path / "opt"
    code = main([
        "optimise", MMC, "--lever", "staff.crews.repair=2:6:100000", "--require",
        "target_on_site_share>=0.85", "--set", "calendar.horizon_days=30", "--first", "4",
        "-j", "1", "--out", str(out), "--lang", "en", "-q",
    ])  # fmt: skip
    assert code == 0
    data = json.loads((out / "optimum.json").read_text(encoding="utf-8"))
    assert data["plan"] == {"staff.crews.repair": 4} and data["feasible"] is True
    assert data["cost"] == pytest.approx(100_000)
    [req] = data["requirements"]
    assert {"kpi", "scope", "op", "goal", "estimate", "lower", "upper"} <= set(req)
    assert req["lower"] <= req["estimate"] <= req["upper"]
    assert data["replications"] >= 4 * data["designs_evaluated"]
    assert "repair crews 3 → 4" in capsys.readouterr().out


def test_a_long_search_keeps_memory_flat():
    """A run leaves reference cycles that Python frees late; a worker of a long search grew
    to gigabytes. The runner collects them every COLLECT_EVERY runs: the objects alive do
    not grow with the number of runs."""
    import gc

    from gridsim.experiment.runner import COLLECT_EVERY
    from gridsim.optimiser.evaluate import observe

    sc, keys = mmc(0.07, 3), [("issues", "community")]
    counts = []
    for i in range(4 * COLLECT_EVERY):
        observe(sc, i, keys)
        if i % COLLECT_EVERY == COLLECT_EVERY - 1:
            counts.append(len(gc.get_objects()))
    assert counts[-1] - counts[1] < 2000, counts
