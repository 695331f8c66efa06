"""Shared fixtures: paths of the shipped scenarios and a small scenario for fast tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from gridsim.scenario import Scenario, load_scenario

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"


@pytest.fixture
def baseline() -> Scenario:
    return load_scenario(SCENARIOS / "baseline.yaml")


@pytest.fixture
def short_baseline() -> Scenario:
    """The baseline over three weeks: every mechanism, a fraction of the time."""
    return load_scenario(
        SCENARIOS / "baseline.yaml", ["calendar.horizon_days=21", "replications=2"]
    )
