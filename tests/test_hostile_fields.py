"""Hostile values generated from the schema: every leaf field of the baseline scenario gets
a wrong type, a negative, zero, NaN, inf, huge values and an empty one, and every mapping an
unknown key. Each case is written as YAML and loaded the way `validate` loads a file: it is
refused with a located ScenarioError (the field path in the message), or it is accepted and
then a short run of it ends cleanly within a time budget (a hang fails the test, it does not
hang CI).

The default suite runs a deterministic sample of the cases; `-m slow` runs them all.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import random
import signal
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from gridsim.experiment.runner import run_replication
from gridsim.scenario import ScenarioError, load_scenario, load_scenario_text, scenario_to_yaml
from gridsim.scenario.yaml_io import Dumper

BASELINE = Path(__file__).resolve().parents[1] / "scenarios" / "baseline.yaml"
RUN_DAYS = 2.0
"""Accepted cases run this long (unless the case is about the calendar itself)."""
BUDGET_S = 20
"""Seconds a case may take to load and run: far above a healthy one (well under a second)."""
SAMPLE = 40
"""Cases in the default suite, drawn with a fixed seed from all of them."""

Path_ = tuple[Any, ...]


@functools.cache
def _base() -> dict:
    """The baseline with every default written out, short and with one replication (cached:
    cases copy only the path they change)."""
    scenario = load_scenario(BASELINE)
    data = scenario.model_dump(mode="python")
    data["variants"] = {}
    data["replications"] = 1
    data["calendar"]["horizon_days"] = RUN_DAYS
    data["calendar"]["warmup_days"] = 0.0
    return data


def _leaves(value: Any, path: Path_ = ()) -> Iterator[tuple[Path_, Any]]:
    """(path, value) of every leaf, and of every mapping and list too (for empty and unknown
    key cases); of a list only its first item is walked (the others are alike)."""
    yield path, value
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _leaves(child, (*path, key))
    elif isinstance(value, list) and value:
        yield from _leaves(value[0], (*path, 0))


def _hostile(value: Any) -> list[tuple[str, Any]]:
    """The replacements tried for one value, by the kind of value it is."""
    if isinstance(value, dict):
        return [("empty", {}), ("wrong type", 1), ("unknown key", {**value, "zzz_unknown": 1})]
    if isinstance(value, list):
        cases = [("empty", []), ("wrong type", "text")]
        if value and isinstance(value[0], float):  # a profile: one denormal, zeros elsewhere
            cases.append(("denormal", [5e-324] + [0.0] * (len(value) - 1)))
        return [*cases, ("huge list", [value[0]] * 2_000)] if value else cases
    if isinstance(value, bool):
        return [("wrong type", "yes"), ("number", 1), ("null", None)]
    if isinstance(value, str):
        return [("empty", ""), ("wrong type", 1), ("huge", "x" * 100_000), ("null", None)]
    if isinstance(value, dt.date):
        return [("wrong type", 1), ("empty", ""), ("late", dt.date(9999, 12, 1)),
                ("last", dt.date.max), ("early", dt.date(1, 1, 1)), ("huge", 10**30)]  # fmt: skip
    if isinstance(value, int | float) or value is None:
        return [("wrong type", "text"), ("negative", -1), ("zero", 0), ("nan", math.nan),
                ("inf", math.inf), ("-inf", -math.inf), ("huge", 1e308), ("huge int", 10**30),
                ("tiny", 5e-324), ("small", 1e-9), ("empty", [])]  # fmt: skip
    return [("null", None)]


def _set(data: Any, path: Path_, new: Any) -> Any:
    if not path:
        return new
    copy = dict(data) if isinstance(data, dict) else list(data)
    copy[path[0]] = _set(data[path[0]], path[1:], new)
    return copy


def all_cases() -> list[tuple[str, Path_, Any]]:
    base = _base()
    cases = []
    for path, value in _leaves(base):
        if path and path[0] == "variants":
            continue
        cases.extend((name, path, new) for name, new in _hostile(value))
    return cases


CASES = all_cases()
IDS = [f"{'.'.join(map(str, p)) or '<top>'}={name}" for name, p, _ in CASES]


class Hang(Exception):
    """A case that did not finish within BUDGET_S."""


@contextmanager
def budget(seconds: int) -> Iterator[None]:
    def alarm(signum: int, frame: Any) -> None:
        raise Hang(f"no answer within {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def check(name: str, path: Path_, new: Any) -> str:
    """Load (and, if accepted, run) one case; the outcome, or an AssertionError."""
    import yaml

    data = _set(_base(), path, new)
    text = yaml.dump(data, Dumper=Dumper, sort_keys=False, allow_unicode=True)
    with budget(BUDGET_S), warnings.catch_warnings():
        warnings.simplefilter("error")  # an overflow in numpy is a wrong number, not a run
        try:
            scenario = load_scenario_text(text, "case.yaml")
        except ScenarioError as err:
            message = str(err)
            assert message.startswith("case.yaml"), message
            located = [p for p in err.problems if p.path or p.line]
            assert located, f"unlocated: {message}"
            return "refused"
        assert load_scenario_text(scenario_to_yaml(scenario), "again") == scenario
        run_replication(scenario, "base", 0)
    return "ran"


@pytest.mark.parametrize(
    ("name", "path", "new"),
    random.Random(11).sample(list(zip(*zip(*CASES, strict=True), strict=True)), SAMPLE),
)
def test_a_sample_of_hostile_values_is_refused_or_runs(name: str, path: Path_, new: Any) -> None:
    check(name, path, new)


@pytest.mark.slow
@pytest.mark.parametrize(("name", "path", "new"), CASES, ids=IDS)
def test_every_hostile_value_is_refused_or_runs(name: str, path: Path_, new: Any) -> None:
    check(name, path, new)


def test_the_walk_covers_every_section_and_kind_of_case() -> None:
    sections = {p[0] for _, p, _ in CASES if p}
    assert sections >= {"community", "calendar", "demand", "staff", "policy", "targets",
                        "ladder", "disputes", "name", "seed"}  # fmt: skip
    names = {n for n, _, _ in CASES}
    assert names >= {"wrong type", "negative", "zero", "nan", "inf", "huge", "empty",
                     "unknown key"}  # fmt: skip


# -- what the walk found, each with its limit and reason in the message -------------------------


def _refusal(*overrides: str) -> str:
    with pytest.raises(ScenarioError) as info:
        load_scenario(BASELINE, overrides)
    assert "\n" not in str(info.value)
    return str(info.value)


def test_a_start_date_is_refused_when_the_run_would_pass_the_year_9999() -> None:
    latest = dt.date.max - dt.timedelta(days=365 + 366)
    message = _refusal(f"calendar.start_date={latest + dt.timedelta(days=1)}")
    assert message.startswith(f"--set: calendar: start_date: at most {latest} with horizon_days")
    assert load_scenario(BASELINE, [f"calendar.start_date={latest}"]).calendar.start_date == latest
    short = [f"calendar.start_date={latest}", "calendar.horizon_days=2", "calendar.warmup_days=0"]
    run_replication(load_scenario(BASELINE, short), "base", 0)


@pytest.mark.parametrize("path", ["policy.joint_meeting.interval_days",
                                  "policy.screening.interval_days"])  # fmt: skip
def test_intervals_shorter_than_an_hour_are_refused_with_the_floor(path: str) -> None:
    assert _refusal(f"{path}=1e-9").startswith(f"--set: {path}: must be at least 0.04167 days")
    assert load_scenario(BASELINE, [f"{path}=0.0417"])


@pytest.mark.parametrize("path", ["demand.hourly", "demand.seasonal"])
def test_a_profile_of_denormal_weights_is_refused(path: str) -> None:
    n = 24 if path == "demand.hourly" else 12
    weights = ", ".join(["5e-324"] + ["0"] * (n - 1))
    assert "needs a largest weight of at least 1e-06" in _refusal(f"{path}=[{weights}]")


@pytest.mark.parametrize("path", ["policy.patrol.find_probability",
                                  "disputes.room.settle_probability"])  # fmt: skip
def test_chances_too_small_to_count_are_refused(path: str) -> None:
    assert "must be 0 (never) or at least 1e-12" in _refusal(f"{path}=1e-300")
    assert load_scenario(BASELINE, [f"{path}=0"])


def test_a_speed_that_never_arrives_is_refused() -> None:
    assert "expected a number >= 0.1" in _refusal("community.travel.speed_kmh=1e-300")
