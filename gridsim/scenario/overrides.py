"""Overrides and variants: `--set dotted.path=value` items (values read with the scenario's
YAML grammar), setting dotted paths in a copy of the data, and building each named variant
of a scenario as the base with its overrides, validated and located.

Values given in Python may come from a numpy-based sampler (the EMA workbench, SALib,
scipy's qmc): `plain_value` turns numpy scalars and arrays into the Python values they hold
before anything validates or writes them, so `np.int64(3)` is read exactly as `3`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from gridsim.scenario.errors import Problem, ScenarioError, describe_value, format_path
from gridsim.scenario.messages import (
    Where,
    did_you_mean,
    path_problem,
    validate,
)
from gridsim.scenario.schema import Scenario
from gridsim.scenario.yaml_io import as_index, parse_document

SET_SOURCE = "--set"
RESERVED_VARIANT = "base"


def parse_set_options(items: Sequence[str]) -> dict[str, Any]:
    """`["a.b=3", "c=[1, 2]"]` to `{"a.b": 3, "c": [1, 2]}`: values are YAML flow values."""
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    for item in items:
        path, sep, text = item.partition("=")
        path = path.strip()
        if not sep or not path:
            found = describe_value(item)
            problems.append(
                Problem(SET_SOURCE, None, "", f"expected dotted.path=value, found {found}")
            )
            continue
        try:
            values[path] = parse_option_value(text, SET_SOURCE, path)
        except ScenarioError as err:
            problems.extend(err.problems)
    if problems:
        raise ScenarioError(problems)
    return values


def parse_option_value(text: str, option: str, path: str = "") -> Any:
    """One value given on the command line (`--set`, `--grid`, `--range`), read with the
    same grammar as a scenario file; a bad one is a ScenarioError naming the option."""
    try:
        return parse_document(text, option)[0]
    except ScenarioError as err:
        message = f"{err.problems[0].message} (in {describe_value(text)})"
        raise ScenarioError.single(option, message, path=path) from None


def apply_overrides(raw: dict, overrides: Mapping[str, Any], source: str) -> dict:
    """A copy of `raw` with each dotted path set; paths must exist in the schema.

    Missing mapping keys are created; list indices must already exist. The copy shares
    nothing with `raw` (YAML aliases are unshared too), so setting one place never changes
    another.
    """
    result = _tree_copy(raw)
    problems: list[Problem] = []
    for dotted, value in overrides.items():
        parts = split_path(dotted)
        bad = path_problem(parts)
        if bad is not None:
            problems.append(Problem(source, None, *bad))
            continue
        try:
            _set_path(result, parts, _tree_copy(plain_value(value)))
        except _PathError as err:
            problems.append(Problem(source, None, err.path, err.message))
    if problems:
        raise ScenarioError(problems)
    return result


def variant_scenarios(scenario: Scenario, only: Sequence[str] | None = None) -> dict[str, Scenario]:
    """`{"base": scenario, name: base with the variant's overrides, ...}`, all validated.

    Variant scenarios carry no variants of their own.
    """
    variants = build_variants(scenario, only, Where(""))
    return {RESERVED_VARIANT: scenario, **variants}


# ----------------------------------------------------------------------------------------------
# Overrides
# ----------------------------------------------------------------------------------------------


def split_path(dotted: str) -> list[str]:
    """Path parts; below `variants.<name>` the rest stays one key (a variant's dotted path)."""
    parts = [p.strip() for p in dotted.strip().split(".")]
    if len(parts) > 2 and parts[0] == "variants":
        return [parts[0], parts[1], ".".join(parts[2:])]
    return parts


class _PathError(Exception):
    """A dotted path that the data cannot take: where, and why."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.message = message


def _set_path(data: dict, parts: list[str], value: Any) -> None:
    """Set `value` at `parts` inside `data`, creating missing mappings on the way."""
    container: Any = data
    for i in range(len(parts) - 1):
        container = _child(container, parts, i)
    if isinstance(container, list):
        container[_list_index(container, parts, len(parts) - 1)] = value
    else:
        container[parts[-1]] = value


def _child(container: dict | list, parts: list[str], i: int) -> dict | list:
    """The mapping or list at `parts[i]`; a missing mapping is created, a list never is."""
    if isinstance(container, list):
        child = container[_list_index(container, parts, i)]
    else:
        child = container.get(parts[i])
        if child is None and as_index(parts[i + 1]) is None:
            child = container[parts[i]] = {}
    if not isinstance(child, dict | list):
        found = describe_value(child)
        raise _PathError(format_path(parts[: i + 1]), f"is {found}, so it has no {parts[i + 1]!r}")
    return child


def _list_index(items: list, parts: list[str], i: int) -> int:
    index = as_index(parts[i])
    if index is None or index >= len(items):
        owner = format_path(parts[:i])
        count = f"{len(items)} item{'' if len(items) == 1 else 's'}"
        message = f"no item {parts[i]} ({owner} has {count})"
        raise _PathError(format_path(parts[: i + 1]), message)
    return index


def plain_value(value: Any) -> Any:
    """`value` with numpy scalars and arrays (inside mappings and lists too) made the Python
    values they hold: np.int64(3) -> 3, np.float64 -> float (the same number), np.bool_ ->
    bool, a 0-d array -> its item, a 1-d array -> a list. The schema is strict, so a numpy
    scalar would otherwise be refused ("expected an integer, found 3"); a value of the wrong
    kind (np.str_ for a count, an array for a number) is still refused, located, by it."""
    if isinstance(value, np.ndarray | np.generic):
        return value.tolist()
    if isinstance(value, dict):
        return {plain_value(k): plain_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        items = [plain_value(v) for v in value]
        return items if isinstance(value, list) else tuple(items)
    return value


def _tree_copy(value: Any) -> Any:
    """Copy dicts and lists so no two places share one object (YAML aliases do)."""
    if isinstance(value, dict):
        return {k: _tree_copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_tree_copy(v) for v in value]
    return value


# ----------------------------------------------------------------------------------------------
# Variants
# ----------------------------------------------------------------------------------------------


def build_variants(
    scenario: Scenario, only: Sequence[str] | None, where: Where
) -> dict[str, Scenario]:
    """Each named variant validated; problems are located as `variants.<name>: path: ...`."""
    names = _chosen_variants(scenario, only)
    built: dict[str, Scenario] = {}
    problems: list[Problem] = []
    for name in names:
        try:
            built[name] = _variant(scenario, name)
        except ScenarioError as err:
            problems.extend(_variant_problem(scenario, name, p, where) for p in err.problems)
    if problems:
        problems.sort(key=lambda p: (p.line is None, p.line or 0))
        raise ScenarioError(problems)
    return built


def _chosen_variants(scenario: Scenario, only: Sequence[str] | None) -> list[str]:
    known = list(scenario.variants)
    if only is None:
        return known
    if isinstance(only, str):  # a lone name, not its letters
        only = [only]
    unknown = [n for n in only if n not in known and n != RESERVED_VARIANT]
    if unknown:
        listing = ", ".join(known) if known else "none"
        raise ScenarioError(
            Problem(
                "",
                None,
                "variants",
                f"unknown variant {describe_value(n)}{did_you_mean(n, known)} (known: {listing})",
            )
            for n in unknown
        )
    return [n for n in known if n in only]


def _variant(scenario: Scenario, name: str) -> Scenario:
    """The base scenario with one variant's overrides applied, validated."""
    if name == RESERVED_VARIANT:
        raise ScenarioError.single("", "the name 'base' is reserved for the base scenario")
    overrides = scenario.variants[name]
    nested = [k for k in overrides if split_path(k)[0] == "variants"]
    problems = [Problem("", None, k, "a variant cannot change variants") for k in nested]
    data = scenario.model_dump()
    data["variants"] = {}
    try:
        data = apply_overrides(data, {k: v for k, v in overrides.items() if k not in nested}, "")
        variant = validate(data, Where(""))
    except ScenarioError as err:
        problems.extend(err.problems)
    if problems:
        raise ScenarioError(problems)
    return variant


def _variant_problem(scenario: Scenario, name: str, problem: Problem, where: Where) -> Problem:
    """Re-locate a problem found inside a variant at the override line that caused it."""
    message = f"{problem.path}: {problem.message}" if problem.path else problem.message
    key = override_key(scenario.variants.get(name, {}), problem.path)
    source, line, shown = where.locate(["variants", name, *([key] if key else [])])
    return Problem(source, line, f"{shown}variants.{name}", message)


def override_key(overrides: Mapping[str, Any], path: str) -> str | None:
    """The override key that `path` is, lies inside, or starts (an unknown field in it)."""
    keys = [
        k
        for k in overrides
        if k == path or f"{path}.".startswith(f"{k}.") or k.startswith(f"{path}.")
    ]
    return max(keys, key=len) if keys else None
