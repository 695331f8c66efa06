"""The fitted scenario as a file a planner can read: the base scenario, extended, with every
fitted number set beside a comment saying where it came from.

The file `extends` the base (whose own comments and sources stay where they are) and holds a
`set:` block of dotted paths, one fitted number a line: its 95% interval, the rows it came
from and the period. Profiles (12 months, 7 days, 24 hours) are written as block lists, an
item a line, so each weight keeps its own comment. Bootstrap draws become variants
(`boot-01`, ...), added to the base's own through `set:` so none of those is lost. Given a
Scenario instead of a file (check-fit and the benchmark refit in memory), the effective
scenario is written out whole, with the same `set:` block.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from gridsim.fit.estimate import Estimate
from gridsim.scenario.overrides import split_path
from gridsim.scenario.schema import Scenario
from gridsim.scenario.yaml_io import as_index, scenario_to_yaml

SIGNIFICANT = 6
"""Digits written of a fitted number: far below its interval's width, short to read."""


def rounded(value: Any) -> Any:
    """A float cut to SIGNIFICANT digits (other values as they are)."""
    if isinstance(value, float) and math.isfinite(value) and value != 0.0:
        return float(f"{value:.{SIGNIFICANT}g}")
    return value


def scalar(value: Any) -> str:
    """One YAML scalar on one line (strings quoted where YAML would misread them)."""
    text = yaml.safe_dump(
        [rounded(value)], default_flow_style=True, allow_unicode=True, width=10**6
    )
    return text.strip()[1:-1]


def list_items(estimates: Sequence[Estimate]) -> tuple[list[Estimate], dict[str, list[Estimate]]]:
    """(estimates of single values, {list path: estimates of its items}): a path ending in
    an index sets one item of a profile list."""
    single: list[Estimate] = []
    lists: dict[str, list[Estimate]] = {}
    for est in estimates:
        parent, _, last = est.path.rpartition(".")
        if parent and as_index(last) is not None:
            lists.setdefault(parent, []).append(est)
        else:
            single.append(est)
    return single, lists


def base_value(base: Scenario, path: str) -> Any:
    """The value at a dotted path of the effective base scenario."""
    node: Any = base.model_dump(mode="python")
    for part in split_path(path):
        index = as_index(part)
        node = node[index] if isinstance(node, list) and index is not None else node[part]
    if node is None and path.endswith(".seasonal"):  # a kind without its own profile
        return base.demand.seasonal
    return node


def set_block(estimates: Sequence[Estimate], base: Scenario) -> list[str]:
    """The `set:` lines: a fitted value and its comment a line."""
    single, lists = list_items(estimates)
    lines = ["set:"]
    for est in single:
        lines.append(f"  {scalar(est.path)}: {scalar(est.value)}  # {est.comment()}")
    for path, items in lists.items():
        values = list(base_value(base, path))
        comments = ["  # from the base: not fitted"] * len(values)
        for est in items:
            i = int(path_index(est.path))
            values[i], comments[i] = est.value, f"  # {est.comment()}"
        lines.append(f"  {scalar(path)}:")
        lines += [f"    - {scalar(v)}{c}" for v, c in zip(values, comments, strict=True)]
    return lines


def path_index(path: str) -> int:
    index = as_index(path.rpartition(".")[2])
    assert index is not None
    return index


def variant_lines(variants: Mapping[str, Mapping[str, Any]], what: str) -> list[str]:
    """The bootstrap variants as `set:` entries, one path and value a line."""
    lines = []
    for k, (name, overrides) in enumerate(variants.items(), start=1):
        lines.append(f"  {scalar('variants.' + name)}:  # {what} {k} of {len(variants)}")
        lines += [f"    {scalar(p)}: {scalar(v)}" for p, v in overrides.items()]
    return lines


def fitted_text(
    estimates: Sequence[Estimate],
    base: Scenario,
    *,
    header: Sequence[str],
    base_path: Path | None = None,
    out: Path | None = None,
    variants: Mapping[str, Mapping[str, Any]] | None = None,
) -> str:
    """The fitted scenario's YAML (see the module's docstring)."""
    lines = [f"# {h}" if h else "#" for h in header]
    if base_path is not None:
        where = Path(out).parent if out is not None else Path.cwd()
        relative = os.path.relpath(Path(base_path).resolve(), Path(where).resolve())
        lines.append(f"extends: {scalar(Path(relative).as_posix())}")
        lines.append(f"name: {scalar(base.name + '-fitted')}")
    else:
        lines.append(scenario_to_yaml(base.model_copy(update={"name": f"{base.name}-fitted"})))
    lines += set_block(estimates, base)
    if variants:
        lines += variant_lines(variants, "parametric bootstrap draw")
    return "\n".join(lines) + "\n"


__all__ = ["fitted_text", "rounded", "scalar", "set_block"]
