"""The commands about scenario files themselves: validate them, print their JSON schema."""

from __future__ import annotations

import argparse
import json
import sys

from gridsim.cli.exits import EXIT_BAD_INPUT
from gridsim.scenario import Scenario, ScenarioError, load_scenario, variant_scenarios


def cmd_validate(args: argparse.Namespace) -> int:
    failed = 0
    for path in args.scenarios:
        try:
            scenario = load_scenario(path)
            variants = variant_scenarios(scenario)
        except ScenarioError as e:
            print(e, file=sys.stderr)
            failed += 1
            continue
        print(
            f"ok: {path}: {scenario.name!r}, {len(scenario.community.grids)} grids, "
            f"{sum(g.households for g in scenario.community.grids)} households, "
            f"{len(variants) - 1} variant(s)"
        )
    return EXIT_BAD_INPUT if failed else 0


def cmd_schema(args: argparse.Namespace) -> int:
    schema = Scenario.model_json_schema()
    schema["title"] = "gridsim scenario"
    print(json.dumps(schema, indent=2, ensure_ascii=False))
    return 0
