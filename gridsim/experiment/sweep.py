"""Designs of experiments over dotted-path parameters: full factorial and Latin hypercube.

A design is plain data: a list of points, each a mapping of dotted paths to values. Each
point becomes a variant of the base scenario (validated like `--set`), so a sweep runs on
the same executors, with the same common random numbers, as any other experiment.

A planner reads a point by what it changes ("repair crews 3", `design_name`), never by its
key (`p003`, kept as the `point` column other tools read), and against the current plan:
the base scenario is the sweep's reference (`against_base`).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from gridsim.i18n import _
from gridsim.model.streams import stable_hash
from gridsim.scenario import Scenario, ScenarioError
from gridsim.scenario.errors import Problem
from gridsim.scenario.loader import apply_overrides, parse_option_value, validate_data
from gridsim.scenario.overrides import plain_value

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "BASE",
    "against_base",
    "design_name",
    "design_variants",
    "factorial",
    "field_name",
    "latin_hypercube",
    "parse_levels",
    "parse_ranges",
    "parse_value",
    "sweep_table",
]

BASE = "base"
"""The label of the current plan (the base scenario) among a sweep's points."""

FIELD_NAMES = {
    "staff.crews.*": "{name} crews",
    "staff.on_call.*": "{name} crews on call at night",
    "policy.dispatch": "dispatch",
    "policy.queue": "queue",
    "policy.patrol.per_day": "patrols a day",
    "calendar.shift.start_hour": "shift starts at",
    "calendar.shift.end_hour": "shift ends at",
    "staff.triage_min": "triage minutes",
    "demand.kinds.*.rate_per_household_year": "{name} reports per household a year",
    "cost.wage_per_hour.*": "{name} wage per hour",
}
"""Planner names of the fields most often swept ("*": one segment, named in the text);
other paths are read from their words (`field_name`). Translated at use."""

SECTIONS = ("staff", "policy", "calendar", "demand", "community", "orders", "ladder")
"""Top-level sections whose name adds nothing to a field's name."""


def field_name(path: str) -> str:
    """A dotted path in words, in the language in use: 'staff.crews.repair' -> 'repair
    crews', 'policy.dispatch' -> 'dispatch', 'policy.patrol.spacing_hours' -> 'patrol
    spacing hours'."""
    parts = path.split(".")
    for pattern, text in FIELD_NAMES.items():
        want = pattern.split(".")
        if len(want) == len(parts) and all(w in ("*", p) for w, p in zip(want, parts, strict=True)):
            star = [p for w, p in zip(want, parts, strict=True) if w == "*"]
            name = _(star[0]) if star else ""
            return _(text).format(name=name.replace("_", " "))  # grid_worker: grid worker
    if parts[0] in SECTIONS and len(parts) > 1:
        parts = parts[1:]
    return " ".join(_(p.replace("_", " ")) for p in parts if p != "kinds")


def _value_text(value: Any) -> str:
    if isinstance(value, bool):
        return _("on") if value else _("off")
    if isinstance(value, float):
        return f"{value:.3g}"
    return _(str(value)) if isinstance(value, str) else str(value)


def design_name(point: Mapping[str, Any]) -> str:
    """A design point named by what it changes: 'repair crews 3, dispatch nearest'."""
    return ", ".join(f"{field_name(p)} {_value_text(v)}" for p, v in point.items())


def _lookup(data: Mapping[str, Any], path: str) -> Any:
    """The value at a dotted path of a dumped scenario (list items by index, as overrides
    name them: staff.rosters.grid_worker.0.start_hour), None where there is none."""
    node: Any = data
    for key in path.split("."):
        if isinstance(node, Mapping):
            node = node.get(key)
        elif isinstance(node, list) and key.isdigit() and int(key) < len(node):
            node = node[int(key)]
        else:
            return None
    return node


def against_base(
    base: Scenario, variants: Mapping[str, Scenario], design: Sequence[Mapping[str, Any]]
) -> tuple[dict[str, Scenario], list[dict[str, Any]], str]:
    """The sweep with the current plan as its reference: (variants, design, reference label).

    The point that sets every swept field to the base's own value is the current plan
    (named so); when no point does, the base is added first, as point "base", with its own
    values of the swept fields, so every point can be compared with it on the same demand.
    """
    paths = [k for k in design[0] if k not in ("point", "design")]
    raw = base.model_dump(mode="python")
    current = {p: _lookup(raw, p) for p in paths}
    plan = _("current plan")
    for row in design:
        if all(row[p] == current[p] for p in paths):
            marked = [{**r, "design": f"{r['design']} ({plan})"} if r is row else dict(r)
                      for r in design]  # fmt: skip
            return dict(variants), marked, str(row["point"])
    first = {"point": BASE, "design": f"{design_name(current)} ({plan})", **current}
    return {BASE: base, **variants}, [first, *map(dict, design)], BASE


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

    Returns the variants and the design table (one row per point: label, name by what it
    changes (`design_name`) and values). Points from a numpy sampler are read as the Python
    values they hold (`plain_value`), in the variants and in the table.
    """
    points = [plain_value(dict(p)) for p in points]
    raw = base.model_dump(mode="python")
    raw["variants"] = {}
    variants: dict[str, Scenario] = {}
    table: list[dict[str, Any]] = []
    width = max(3, len(str(len(points))))
    for k, point in enumerate(points, start=1):
        label = f"p{k:0{width}d}"
        source = f"design point {label}"
        variants[label] = validate_data(apply_overrides(raw, point, source), source)
        table.append({"point": label, "design": design_name(point), **point})
    return variants, table


def sweep_table(
    design: Sequence[Mapping[str, Any]],
    rows: Sequence[Mapping[str, Any]],
    reference: str | None = None,
) -> pd.DataFrame:
    """One tidy table: a row per design point, replication and KPI, with the point's values
    and, given the current plan's point (``reference``), that point and the paired
    difference with it (``vs_reference``: this value minus the plan's in the same
    replication, on the same demand)."""
    import pandas as pd

    summary = pd.DataFrame(rows).rename(columns={"variant": "point"})
    table = pd.DataFrame(design).merge(summary, on="point", how="right")
    if reference is None:
        return table
    keys = ["replication", "kpi", "scope"]
    plan = table.loc[table["point"] == reference, [*keys, "value"]]
    table = table.merge(plan.rename(columns={"value": "plan"}), on=keys, how="left")
    table["reference"] = reference
    table["vs_reference"] = pd.to_numeric(table["value"], errors="coerce") - pd.to_numeric(
        table.pop("plan"), errors="coerce"
    )
    return table
