"""Designs of experiments over dotted-path parameters: full factorial and Latin hypercube.

A design is plain data: a list of points, each a mapping of dotted paths to values. Each
point becomes a variant of the base scenario (validated like `--set`), so a sweep runs on
the same executors, with the same common random numbers, as any other experiment.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from gridsim.model.streams import stable_hash
from gridsim.scenario import Scenario, ScenarioError
from gridsim.scenario.errors import Problem
from gridsim.scenario.loader import apply_overrides, parse_option_value, validate_data

if TYPE_CHECKING:
    import pandas as pd


def parse_value(text: str, option: str = "--grid", path: str = "") -> Any:
    """A value as it would be read in a scenario file: the one scalar grammar, so `1:4` is
    text (refused by a number field), never 64."""
    return parse_option_value(text, option, path)


def parse_levels(items: Sequence[str]) -> dict[str, list[Any]]:
    """`--grid path=v1,v2,...` items as {path: [values]}."""
    out: dict[str, list[Any]] = {}
    for item in items:
        path, sep, values = item.partition("=")
        if not sep or not path or not values:
            raise _option_error("--grid", item, "expected PATH=V1,V2,...")
        path = path.strip()
        out[path] = [parse_value(v.strip(), "--grid", path) for v in values.split(",")]
    return out


def parse_ranges(items: Sequence[str]) -> dict[str, tuple[float, float]]:
    """`--range path=lo:hi` items as {path: (lo, hi)}; integers stay integers."""
    out: dict[str, tuple[float, float]] = {}
    for item in items:
        path, sep, span = item.partition("=")
        lo_text, colon, hi_text = span.partition(":")
        if not sep or not colon:
            raise _option_error("--range", item, "expected PATH=LOW:HIGH")
        lo, hi = (parse_value(t, "--range", path.strip()) for t in (lo_text, hi_text))
        numbers = all(_is_number(v) and math.isfinite(v) for v in (lo, hi))
        if not numbers or lo > hi:
            raise _option_error("--range", item, "expected two numbers, LOW <= HIGH")
        out[path.strip()] = (lo, hi)
    return out


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _option_error(option: str, item: str, expected: str) -> ScenarioError:
    return ScenarioError([Problem(option, None, item, expected)])


def factorial(levels: Mapping[str, Sequence[Any]]) -> list[dict[str, Any]]:
    """Every combination of the levels, the last parameter varying fastest."""
    paths = list(levels)
    return [dict(zip(paths, combo, strict=True)) for combo in itertools.product(*levels.values())]


def latin_hypercube(
    ranges: Mapping[str, tuple[float, float]], n: int, seed: int
) -> list[dict[str, Any]]:
    """``n`` points, one in each of n equal strata of every range, strata paired at random.

    Its own stream (keyed by name) makes the design reproducible without touching the
    simulation's streams. Ranges given as two integers give integers (rounded strata).
    """
    rng = np.random.default_rng(np.random.SeedSequence((seed, stable_hash("design/lhs"))))
    points: list[dict[str, Any]] = [{} for _ in range(n)]
    for path, (lo, hi) in ranges.items():
        u = (rng.permutation(n) + rng.random(n)) / n
        integer = isinstance(lo, int) and isinstance(hi, int)
        if integer:  # every integer in [lo, hi] gets an equal share of the unit interval
            values = np.clip(np.floor(lo + u * (hi - lo + 1)), lo, hi).astype(int).tolist()
        else:
            values = (lo + u * (hi - lo)).tolist()
        for point, v in zip(points, values, strict=True):
            point[path] = v
    return points


def design_variants(
    base: Scenario, points: Sequence[Mapping[str, Any]]
) -> tuple[dict[str, Scenario], list[dict[str, Any]]]:
    """Each design point as a validated variant of ``base``, labelled p001, p002, ...

    Returns the variants and the design table (one row per point: label and values).
    """
    raw = base.model_dump(mode="python")
    raw["variants"] = {}
    variants: dict[str, Scenario] = {}
    table: list[dict[str, Any]] = []
    width = max(3, len(str(len(points))))
    for k, point in enumerate(points, start=1):
        label = f"p{k:0{width}d}"
        source = f"design point {label}"
        variants[label] = validate_data(apply_overrides(raw, point, source), source)
        table.append({"point": label, **point})
    return variants, table


def sweep_table(
    design: Sequence[Mapping[str, Any]], rows: Sequence[Mapping[str, Any]]
) -> pd.DataFrame:
    """One tidy table: a row per design point, replication and KPI, with the point's values."""
    import pandas as pd

    summary = pd.DataFrame(rows).rename(columns={"variant": "point"})
    return pd.DataFrame(design).merge(summary, on="point", how="right")
