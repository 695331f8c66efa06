"""Scenarios: the schema, and loading hand-written YAML with errors a planner can act on."""

from gridsim.scenario.errors import Problem, ScenarioError
from gridsim.scenario.files import NotAllowedError
from gridsim.scenario.loader import load_scenario, load_scenario_text, scenario_files
from gridsim.scenario.overrides import apply_overrides, parse_set_options, variant_scenarios
from gridsim.scenario.schema import Scenario
from gridsim.scenario.yaml_io import scenario_to_yaml

__all__ = [
    "NotAllowedError",
    "Problem",
    "Scenario",
    "ScenarioError",
    "apply_overrides",
    "calibration",
    "community",
    "demand",
    "errors",
    "files",
    "grammar",
    "load_scenario",
    "load_scenario_text",
    "loader",
    "parse_set_options",
    "policy",
    "scenario_files",
    "scenario_to_yaml",
    "schema",
    "section",
    "staff",
    "targets",
    "variant_scenarios",
]
