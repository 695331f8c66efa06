"""Read scenario YAML written by hand, and explain every mistake by file, line and field.

Planners write these files, so nothing here may end in a traceback: every failure becomes a
`ScenarioError` whose problems say where (file:line, dotted path) and what was expected.
The YAML is parsed once into a node tree (SafeLoader only); the tree is kept to map a
pydantic error location back to the line it came from, and is measured before it is turned
into Python data so hostile input (alias bombs, deep nesting) fails fast.

A file may `extends: other.yaml` (relative to itself) and change it: its other top-level
keys replace whole sections of the base, then its `set:` block of dotted paths is applied
like `--set`. Every file in the chain is read through one `files.Files` (one size limit;
for the demo, only inside allowed folders, checked before reading), and each problem is
located in the file (and line) that the offending value came from.

This module composes the parts: `yaml_io` (safe parsing, the line map, YAML output),
`overrides` (`--set`, dotted paths, variants) and `messages` (validation errors in words).
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from gridsim.scenario.errors import Problem, ScenarioError, describe_value
from gridsim.scenario.files import Files, real_path
from gridsim.scenario.messages import (
    FILE_KEYS,
    Origin,
    Where,
    did_you_mean,
    validate,
    validate_data,
)
from gridsim.scenario.overrides import (
    SET_SOURCE,
    apply_overrides,
    build_variants,
    override_key,
    parse_option_value,
    parse_set_options,
    split_path,
)
from gridsim.scenario.schema import Scenario
from gridsim.scenario.yaml_io import LineMap, kind_of, parse_document

MAX_EXTENDS = 10
"""Files extending files: far above any real use, low enough to stop a runaway chain."""


# ----------------------------------------------------------------------------------------------
# Public API
# ----------------------------------------------------------------------------------------------


def load_scenario(
    path: str | os.PathLike[str],
    overrides: Sequence[str] = (),
    *,
    allowed_dirs: Iterable[str | os.PathLike[str]] | None = None,
) -> Scenario:
    """Read, override (`--set` items) and validate a scenario file, variants included.

    With `allowed_dirs`, the file and every file it extends must lie in those folders
    (symlinks resolved), checked before each is read: the demo's guard.
    """
    files = Files.within(allowed_dirs)
    source = str(path)
    text = files.read_text(Path(path), source)
    return _load(text, source, overrides, files)


def load_scenario_text(
    text: str, source: str = "<string>", overrides: Sequence[str] = ()
) -> Scenario:
    """As `load_scenario`, for YAML already in memory (stdin, tests); `source` names it."""
    return _load(text, source, overrides, Files())


def _load(text: str, source: str, overrides: Sequence[str], files: Files) -> Scenario:
    """Flatten, override and validate one document read through `files`."""
    data, origins, lines = _file_data(text, source, files)
    set_values = parse_set_options(overrides)
    if set_values:
        data = apply_overrides(data, set_values, SET_SOURCE)
    origins += tuple(Origin(tuple(split_path(p)), SET_SOURCE, None) for p in set_values)
    where = Where(source, lines, origins)
    scenario = validate(data, where)
    build_variants(scenario, None, where)
    return scenario


def scenario_files(
    path: str | os.PathLike[str], allowed_dirs: Iterable[str | os.PathLike[str]] | None = None
) -> list[tuple[Path, str]]:
    """(real path, text) of the file and each file it extends, read as `load_scenario` reads
    them (same checks, same limits), without validating: what a cache must watch."""
    files = Files.within(allowed_dirs)
    source = str(path)
    _file_data(files.read_text(Path(path), source), source, files)
    return files.read


def _file_data(text: str, source: str, files: Files) -> tuple[dict, tuple[Origin, ...], LineMap]:
    """The file's mapping with its `extends` chain flattened, and where each part came from."""
    data, lines = _top_mapping(text, source)
    chain = ((real_path(Path(source)), source),)
    data, origins = _flatten(data, lines, source, chain, files)
    return data, origins, lines


# ----------------------------------------------------------------------------------------------
# Files extending files: `extends` and `set`
# ----------------------------------------------------------------------------------------------


def _top_mapping(text: str, source: str) -> tuple[dict, LineMap]:
    """The document's top-level mapping and its line map, or a located ScenarioError."""
    data, lines = parse_document(text, source)
    if lines is None:
        raise ScenarioError.single(source, "the file is empty: expected a scenario mapping")
    if not isinstance(data, dict):
        raise ScenarioError.single(
            source,
            f"expected a mapping of scenario fields at the top level, found {kind_of(data)}",
            line=lines.line(()),
        )
    return data, lines


def _flatten(
    data: dict, lines: LineMap, source: str, chain: tuple[tuple[Path, str], ...], files: Files
) -> tuple[dict, tuple[Origin, ...]]:
    """`data` with its `extends` loaded and its `set` applied, and where each part came from.

    Order: the base (itself flattened), then this file's other top-level keys replacing
    whole sections, then `set`. `chain` holds the files being loaded, outermost first.
    `extends` is read from the constructed data, so a merge key (`<<: {extends: ...}`) or
    an alias cannot hide it.
    """
    base: dict = {}
    origins: tuple[Origin, ...] = ()
    if "extends" in data:
        base, origins = _load_base(data["extends"], lines, source, chain, files)
    own = {k: v for k, v in data.items() if k not in FILE_KEYS}
    merged = {**base, **own}
    origins += tuple(Origin((str(k),), source, lines) for k in own)
    if "set" in data:
        values = _set_block(data["set"], lines, source)
        try:
            merged = apply_overrides(merged, values, source)
        except ScenarioError as err:
            raise ScenarioError(_set_problem(p, values, lines) for p in err.problems) from None
        origins += tuple(Origin(tuple(split_path(k)), source, lines, ("set",)) for k in values)
    return merged, origins


def _load_base(
    value: Any, lines: LineMap, source: str, chain: tuple[tuple[Path, str], ...], files: Files
) -> tuple[dict, tuple[Origin, ...]]:
    """The flattened mapping of the file `extends` names (relative to `source`)."""
    line = lines.line(["extends"])

    def fail(message: str) -> ScenarioError:
        return ScenarioError.single(source, message, line=line, path="extends")

    if not isinstance(value, str) or not value.strip():
        found = describe_value(value)
        raise fail(f"expected the path of a scenario file (relative to this one), found {found}")
    if len(chain) > MAX_EXTENDS:
        raise fail(f"too many files extending files (at most {MAX_EXTENDS} levels)")
    target = Path(source).parent / value
    shown = os.path.normpath(target)
    referrer = Problem(source, line, "extends", "")
    identity = files.check(target, shown, referrer=referrer)
    names = [name for ident, name in chain]
    if identity in (ident for ident, _ in chain):
        raise fail(f"a cycle of extends: {' -> '.join([*names, shown])}")
    try:
        text = files.read_text(target, shown, referrer=referrer)
    except ScenarioError as err:
        if any(p.line is not None for p in err.problems):
            raise  # the file is there, and its content is at fault: located in it
        reason = err.problems[0].message
        hint = _sibling_hint(target) if reason == "file not found" else ""
        raise fail(f"cannot read {shown}: {reason}{hint}") from None
    base, base_lines = _top_mapping(text, shown)
    return _flatten(base, base_lines, shown, (*chain, (identity, shown)), files)


def _sibling_hint(target: Path) -> str:
    """A did-you-mean from the YAML files beside a missing one (the first 1000 looked at)."""
    try:
        with os.scandir(target.parent) as entries:
            names = [e.name for e in itertools.islice(entries, 1000)]
        names = [n for n in names if n.endswith((".yaml", ".yml"))]
    except (OSError, ValueError):
        return ""
    return did_you_mean(target.name, names)


def _set_block(value: Any, lines: LineMap, source: str) -> dict[str, Any]:
    """A file's `set:` mapping of dotted paths to values (empty `set:` is no change)."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ScenarioError.single(
            source,
            f"expected a mapping of dotted paths to values, found {describe_value(value)}",
            line=lines.line(["set"]),
            path="set",
        )
    bad = [k for k in value if not isinstance(k, str)]
    if bad:
        raise ScenarioError(
            Problem(
                source,
                lines.line(["set", str(k)]),
                "set",
                f"expected a dotted path like policy.dispatch, found {describe_value(k)}",
            )
            for k in bad
        )
    return value


def _set_problem(problem: Problem, values: Mapping[str, Any], lines: LineMap) -> Problem:
    """A bad path in a file's `set:` block, at the line of its key."""
    key = override_key(values, problem.path)
    line = lines.line(["set", key] if key is not None else ["set"])
    return Problem(problem.source, line, f"set.{problem.path}", problem.message)


__all__ = [  # with the names that code built on scenario data imports from here
    "MAX_EXTENDS",
    "apply_overrides",
    "load_scenario",
    "load_scenario_text",
    "parse_option_value",
    "scenario_files",
    "validate_data",
]
