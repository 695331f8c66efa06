"""The commands about scenario files themselves: list the shipped ones, validate them, print
their JSON schema."""

from __future__ import annotations

import argparse
import json
import sys

from gridsim.cli.exits import EXIT_BAD_INPUT
from gridsim.i18n import _
from gridsim.scenario import Scenario, ScenarioError, load_scenario, variant_scenarios
from gridsim.scenario.shipped import one_line, shipped_folder, shipped_scenarios


def cmd_scenarios(args: argparse.Namespace) -> int:
    """The shipped scenarios, each by the name `run` takes, what it is and its file, so an
    installed gridsim shows what it can run without a checkout."""
    found = shipped_scenarios()
    width = max(map(len, found), default=0)
    print(_("Shipped scenarios ({folder}):").format(folder=shipped_folder()))
    for name, path in found.items():
        print(f"  {name:<{width}}  {one_line(path, 80)}\n  {'':<{width}}  {path}")
    print(_("Run one by name: gridsim run {name}").format(name=next(iter(found), "baseline")))
    return 0


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
