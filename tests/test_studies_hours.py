"""The studies' office hours (experiments/studies/_hours.py) against a hand-read week of the
baseline's rosters: 2026-01-01..03 are a holiday (New Year), Sunday 01-04 an adjusted
working day (调休), Monday 01-05 an ordinary weekday, Saturday 01-10 a weekend day."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from gridsim.api import scenario_of

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "experiments" / "studies"))

import _hours as H  # noqa: E402


def at(day: int, hour: float) -> float:
    return day * 1440.0 + hour * 60.0


@pytest.fixture(scope="module")
def baseline():
    return scenario_of(ROOT / "scenarios" / "baseline.yaml", {})


def test_grid_workers_hours_by_day_type(baseline) -> None:
    # holiday 10:00, adjusted Sunday 10:00, Monday 8:59, 9:00, 11:59, 12:00, 14:30, 17:59,
    # 18:00, Saturday 10:00
    t = [at(0, 10), at(3, 10), at(4, 8.99), at(4, 9), at(4, 11.99), at(4, 12), at(4, 14.5),
         at(4, 17.99), at(4, 18), at(9, 10)]  # fmt: skip
    expected = [False, True, False, True, True, False, True, True, False, False]
    assert H.on_duty(baseline, "grid_worker", np.array(t)).tolist() == expected


def test_counts_and_night_cover(baseline) -> None:
    # the repair roster: every crew on weekdays, one at weekends and on holidays, 8:30-18:00
    t = np.array([at(4, 10), at(9, 10), at(0, 10), at(4, 8)])
    assert H.on_duty_count(baseline, "repair", t, size=2).tolist() == [2, 1, 1, 0]
    assert H.on_duty(baseline, "hall", np.array([at(9, 10), at(9, 13)])).tolist() == [True, False]
    night = H.on_duty(baseline, "repair_on_call", np.array([at(0, 0), at(4, 8.4), at(4, 9)]))
    assert night.tolist() == [True, True, False]


def test_day_kind(baseline) -> None:
    t = np.array([at(0, 1), at(3, 1), at(4, 1), at(9, 1)])
    assert H.day_kind(baseline, t).tolist() == ["holiday", "weekday", "weekday", "weekend"]


def test_handlers_use_their_own_roster(baseline) -> None:
    import pandas as pd

    handlers = pd.Series(["repair", "patrol", "repair"])
    t = pd.Series([at(4, 19), at(4, 19), at(4, 10)])  # patrol crews work 8:00-20:00
    assert H.handlers_on_duty(baseline, handlers, t).tolist() == [False, True, True]


def test_shifts_text_reads_the_roster(baseline) -> None:
    # the words the studies print are the baseline's rosters as written in the YAML
    assert H.shifts_text(baseline, "grid_worker") == "weekdays 9-12 and 14:30-18"
    assert H.shifts_text(baseline, "hall") == (
        "weekdays 9-12 and 14:30-18; sat, sun, holidays 9-12"
    )
    assert H.shifts_text(baseline, "repair_on_call") == "daily 18-8:30"
