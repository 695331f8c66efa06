"""Scenarios: the schema, and loading hand-written YAML with errors a planner can act on."""

from gridsim.scenario.errors import Problem, ScenarioError
from gridsim.scenario.files import NotAllowedError
from gridsim.scenario.loader import (
    apply_overrides,
    load_scenario,
    load_scenario_text,
    parse_set_options,
    scenario_files,
    scenario_to_yaml,
    variant_scenarios,
)
from gridsim.scenario.schema import Scenario

__all__ = [
    "NotAllowedError",
    "Problem",
    "Scenario",
    "ScenarioError",
    "apply_overrides",
    "errors",
    "files",
    "grammar",
    "load_scenario",
    "load_scenario_text",
    "loader",
    "parse_set_options",
    "scenario_files",
    "scenario_to_yaml",
    "schema",
    "variant_scenarios",
]
