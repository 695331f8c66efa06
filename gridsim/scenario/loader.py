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
"""

from __future__ import annotations

import difflib
import functools
import itertools
import os
import re
import types
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from gridsim.scenario.errors import Problem, ScenarioError, describe_value, format_path
from gridsim.scenario.files import Files, real_path
from gridsim.scenario.grammar import quote_both_ways, use_core_scalars
from gridsim.scenario.schema import Scenario

MAX_NODES = 1_000_000
"""Values in the document with every alias expanded: far above any real scenario."""
MAX_DEPTH = 100
MAX_TRANSLATED = 1000
"""Validation errors turned into problems; the rest are only counted."""
SET_SOURCE = "--set"
RESERVED_VARIANT = "base"
FILE_KEYS = ("extends", "set")
"""Top-level keys of a scenario file that the loader handles and the schema never sees."""
MAX_EXTENDS = 10
"""Files extending files: far above any real use, low enough to stop a runaway chain."""

_NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$"
_LEADING_PATH = re.compile(
    r"^(?P<path>[A-Za-z_][\w\-]*(?:\.[\w\-]+)+)(?P<sep>: | )(?P<rest>.+)$", re.S
)


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
    origins += tuple(_Origin(tuple(_split_path(p)), SET_SOURCE, None) for p in set_values)
    where = _Where(source, lines, origins)
    scenario = _validate(data, where)
    _build_variants(scenario, None, where)
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


def _file_data(text: str, source: str, files: Files) -> tuple[dict, tuple[_Origin, ...], LineMap]:
    """The file's mapping with its `extends` chain flattened, and where each part came from."""
    data, lines = _top_mapping(text, source)
    chain = ((real_path(Path(source)), source),)
    data, origins = _flatten(data, lines, source, chain, files)
    return data, origins, lines


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
        return _parse_document(text, option)[0]
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
        parts = _split_path(dotted)
        bad = _path_problem(parts)
        if bad is not None:
            problems.append(Problem(source, None, *bad))
            continue
        try:
            _set_path(result, parts, _tree_copy(value))
        except _PathError as err:
            problems.append(Problem(source, None, err.path, err.message))
    if problems:
        raise ScenarioError(problems)
    return result


def variant_scenarios(scenario: Scenario, only: Sequence[str] | None = None) -> dict[str, Scenario]:
    """`{"base": scenario, name: base with the variant's overrides, ...}`, all validated.

    Variant scenarios carry no variants of their own.
    """
    variants = _build_variants(scenario, only, _Where(""))
    return {RESERVED_VARIANT: scenario, **variants}


def scenario_to_yaml(scenario: Scenario) -> str:
    """The effective scenario, defaults filled in, as YAML that loads back to an equal one."""
    # Python mode keeps dates as YAML dates, so a date inside a variant round-trips as a date.
    return yaml.dump(
        scenario.model_dump(mode="python"),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=200,
    )


# ----------------------------------------------------------------------------------------------
# Reading and parsing
# ----------------------------------------------------------------------------------------------


class _BadValue(yaml.constructor.ConstructorError):
    """Well-formed YAML whose value Python cannot hold (a 13th month, a 5000-digit int)."""


class _Loader(yaml.SafeLoader):
    """SafeLoader with the one scalar grammar (`grammar.py`), whose value errors (a 13th
    month, a 5000-digit int) carry their line."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, TypeError, OverflowError) as exc:
            raise _BadValue(None, None, f"cannot read value: {exc}", node.start_mark) from None


use_core_scalars(_Loader)


def _parse_document(text: str, source: str) -> tuple[Any, LineMap | None]:
    """Python data and its line map; (None, None) for an empty document."""
    try:
        loader = _Loader(text)
    except yaml.YAMLError as exc:  # the reader checks for control characters up front
        raise _yaml_error(exc, source, text) from None
    try:
        try:
            root = loader.get_single_node()
        except RecursionError:
            raise ScenarioError.single(
                source, f"nesting is too deep (at most {MAX_DEPTH} levels)"
            ) from None
        if root is None:
            return None, None
        _GraphCheck(source).run(root)
        return loader.construct_document(root), LineMap(root)
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, source, text) from None
    finally:
        loader.dispose()


def _yaml_error(exc: yaml.YAMLError, source: str, text: str) -> ScenarioError:
    """A syntax error at the line the YAML parser points at."""
    if isinstance(exc, yaml.reader.ReaderError):
        line = text.count("\n", 0, exc.position) + 1
        char = exc.character
        shown = f"0x{char:02x}" if isinstance(char, int) else repr(char)
        return ScenarioError.single(source, f"character {shown} is not allowed in YAML", line=line)
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    detail = f"{problem} ({context})" if context else problem
    if isinstance(exc, _BadValue) and mark is not None:
        return ScenarioError.single(source, detail, line=mark.line + 1)
    if mark is None:
        return ScenarioError.single(source, f"invalid YAML: {detail}")
    message = f"invalid YAML (column {mark.column + 1}): {detail}"
    return ScenarioError.single(source, message, line=mark.line + 1)


class _GraphCheck:
    """Measure the node tree as if aliases were expanded, without expanding them.

    Sizes are memoised per node, so a billion-laughs document is measured in time
    proportional to its text and rejected before any Python data is built.
    """

    def __init__(self, source: str) -> None:
        self.source = source
        self.memo: dict[int, tuple[int, int]] = {}
        self.active: set[int] = set()
        self.duplicates: list[Problem] = []

    def run(self, root: yaml.Node) -> None:
        self._measure(root, 1)
        if self.duplicates:
            raise ScenarioError(self.duplicates)

    def _measure(self, node: yaml.Node, depth: int) -> tuple[int, int]:
        """(values below and including `node`, height of its subtree)."""
        key = id(node)
        if key in self.memo:
            size, height = self.memo[key]
            self._check_depth(node, depth + height - 1)
            return size, height
        if key in self.active:
            raise self._fail(node, "an alias refers to a node that contains it (recursive alias)")
        self._check_depth(node, depth)
        self.active.add(key)
        size, height = 1, 1
        for child in _children(node):
            child_size, child_height = self._measure(child, depth + 1)
            size += child_size
            height = max(height, child_height + 1)
            if size > MAX_NODES:
                raise self._fail(
                    node, f"expands to more than {MAX_NODES:,} values (aliases repeated too often)"
                )
        self.active.discard(key)
        if isinstance(node, yaml.MappingNode):
            self._note_duplicates(node)
        self.memo[key] = (size, height)
        return size, height

    def _check_depth(self, node: yaml.Node, depth: int) -> None:
        if depth > MAX_DEPTH:
            raise self._fail(node, f"nesting is too deep (at most {MAX_DEPTH} levels)")

    def _note_duplicates(self, node: yaml.MappingNode) -> None:
        """A key given twice silently drops the first value: almost always a mistake."""
        seen: dict[tuple[str, str], int] = {}
        for key_node, _ in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag.endswith(":merge"):
                continue
            ident = (key_node.tag, key_node.value)
            line = key_node.start_mark.line + 1
            if ident in seen:
                message = f"key {describe_value(key_node.value)} repeats line {seen[ident]}"
                self.duplicates.append(Problem(self.source, line, "", message))
            else:
                seen[ident] = line

    def _fail(self, node: yaml.Node, message: str) -> ScenarioError:
        return ScenarioError.single(self.source, message, line=node.start_mark.line + 1)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return []


class LineMap:
    """Find the line of a dotted location in the YAML node tree (1-based)."""

    def __init__(self, root: yaml.Node) -> None:
        self.root = root
        self._index: dict[int, dict[str, tuple[yaml.Node, yaml.Node]]] = {}

    def line(self, parts: Sequence[Any]) -> int | None:
        """Line of the deepest existing node along `parts` (a missing field: its parent)."""
        node = self.root
        line = node.start_mark.line + 1
        i = 0
        while i < len(parts):
            step = self._step(node, parts, i)
            if step is None:
                break
            node, line, i = step
        return line

    def _step(
        self, node: yaml.Node, parts: Sequence[Any], i: int
    ) -> tuple[yaml.Node, int, int] | None:
        if isinstance(node, yaml.SequenceNode):
            index = _as_index(parts[i])
            if index is None or index >= len(node.value):
                return None
            item = node.value[index]
            return item, item.start_mark.line + 1, i + 1
        if isinstance(node, yaml.MappingNode):
            keys = self._keys(node)
            # Names may contain dots, so "a.b.c" may be the key "a.b" then "c".
            for j in range(i + 1, len(parts) + 1):
                found = keys.get(".".join(str(p) for p in parts[i:j]))
                if found is not None:
                    return found[1], found[0].start_mark.line + 1, j
        return None

    def _keys(self, node: yaml.MappingNode) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        key = id(node)
        if key not in self._index:
            self._index[key] = {
                _key_text(k): (k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode)
            }
        return self._index[key]


def _key_text(node: yaml.ScalarNode) -> str:
    """The key as pydantic's loc shows it (null is 'None', yes is 'True')."""
    if node.tag.endswith(":null"):
        return "None"
    if node.tag.endswith(":bool"):
        return str(node.value.lower() == "true")
    return node.value


def _as_index(part: Any) -> int | None:
    if isinstance(part, int) and not isinstance(part, bool):
        return part if part >= 0 else None
    text = str(part)
    ok = text.isascii() and text.isdigit() and len(text) < 10  # not "²", not a 5000-digit int
    return int(text) if ok else None


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    return f"a single value ({describe_value(value)})"


# ----------------------------------------------------------------------------------------------
# Files extending files: `extends` and `set`
# ----------------------------------------------------------------------------------------------


def _top_mapping(text: str, source: str) -> tuple[dict, LineMap]:
    """The document's top-level mapping and its line map, or a located ScenarioError."""
    data, lines = _parse_document(text, source)
    if lines is None:
        raise ScenarioError.single(source, "the file is empty: expected a scenario mapping")
    if not isinstance(data, dict):
        raise ScenarioError.single(
            source,
            f"expected a mapping of scenario fields at the top level, found {_kind(data)}",
            line=lines.line(()),
        )
    return data, lines


def _flatten(
    data: dict, lines: LineMap, source: str, chain: tuple[tuple[Path, str], ...], files: Files
) -> tuple[dict, tuple[_Origin, ...]]:
    """`data` with its `extends` loaded and its `set` applied, and where each part came from.

    Order: the base (itself flattened), then this file's other top-level keys replacing
    whole sections, then `set`. `chain` holds the files being loaded, outermost first.
    `extends` is read from the constructed data, so a merge key (`<<: {extends: ...}`) or
    an alias cannot hide it.
    """
    base: dict = {}
    origins: tuple[_Origin, ...] = ()
    if "extends" in data:
        base, origins = _load_base(data["extends"], lines, source, chain, files)
    own = {k: v for k, v in data.items() if k not in FILE_KEYS}
    merged = {**base, **own}
    origins += tuple(_Origin((str(k),), source, lines) for k in own)
    if "set" in data:
        values = _set_block(data["set"], lines, source)
        try:
            merged = apply_overrides(merged, values, source)
        except ScenarioError as err:
            raise ScenarioError(_set_problem(p, values, lines) for p in err.problems) from None
        origins += tuple(_Origin(tuple(_split_path(k)), source, lines, ("set",)) for k in values)
    return merged, origins


def _load_base(
    value: Any, lines: LineMap, source: str, chain: tuple[tuple[Path, str], ...], files: Files
) -> tuple[dict, tuple[_Origin, ...]]:
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
    return _did_you_mean(target.name, names)


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
    key = _override_key(values, problem.path)
    line = lines.line(["set", key] if key is not None else ["set"])
    return Problem(problem.source, line, f"set.{problem.path}", problem.message)


# ----------------------------------------------------------------------------------------------
# Validation and error translation
# ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Origin:
    """The value at `path` (and below) was put there by `source`, at `prefix + path`.

    A whole top-level section from a file has prefix (); a key of a file's `set:` block
    has prefix ("set",); a `--set` item has no lines.
    """

    path: tuple[str, ...]
    source: str
    lines: LineMap | None
    prefix: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Where:
    """Where the data came from: the file and its lines, and what replaced parts of it.

    `origins` are in the order they were applied, so the last one covering a path wins;
    a path no origin covers is in `source`.
    """

    source: str
    lines: LineMap | None = None
    origins: tuple[_Origin, ...] = ()

    def locate(self, parts: Sequence[Any]) -> tuple[str, int | None, str]:
        """(source, line, prefix for the shown path) of the value at `parts`.

        A value set below a section (`policy.patrol.per_day`) also answers for a problem
        the section's own check finds (`policy.patrol`): that is almost always the cause.
        """
        text = tuple(str(p) for p in parts)
        for origin in reversed(self.origins):
            inside = text[: len(origin.path)] == origin.path
            if not inside and not (text and origin.path[: len(text)] == text):
                continue
            shown = "".join(f"{p}." for p in origin.prefix) if inside else ""
            if origin.lines is None:
                return origin.source, None, shown
            at = parts if inside else origin.path
            return origin.source, origin.lines.line([*origin.prefix, *at]), shown
        return self.source, self.lines.line(parts) if self.lines else None, ""


def validate_data(data: Any, source: str) -> Scenario:
    """Validate scenario data built in code (a design point, an API call) with located errors."""
    return _validate(data, _Where(source))


def _validate(data: Any, where: _Where) -> Scenario:
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        raise _validation_error(exc, where) from None


def _validation_error(exc: ValidationError, where: _Where) -> ScenarioError:
    errors = exc.errors(include_url=False)
    problems = [_translate(e, where) for e in errors[:MAX_TRANSLATED]]
    problems.sort(key=lambda p: (p.line is None, p.line or 0))
    return ScenarioError(problems, hidden=max(0, len(errors) - MAX_TRANSLATED))


def _translate(err: ErrorDetails, where: _Where) -> Problem:
    loc: tuple[Any, ...] = tuple(err["loc"])
    message = None
    if not loc and err["type"] == "value_error":
        loc, message = _leading_path(_error_text(err))
    is_key = bool(loc) and loc[-1] == "[key]"
    if is_key:
        loc = loc[:-1]
    if message is None:
        message = _message(err, loc, is_key)
    source, line, shown = where.locate(loc)
    return Problem(source, line, shown + format_path(loc), message)


def _error_text(err: ErrorDetails) -> str:
    error = (err.get("ctx") or {}).get("error")
    return str(error) if error is not None else err["msg"]


def _leading_path(text: str) -> tuple[tuple[str, ...], str]:
    """Root validators say where in their text: "staff.grid_leaders.0.grids: grid ..."."""
    match = _LEADING_PATH.match(text)
    if match is None:
        return (), text
    rest = match["rest"] if match["sep"] == ": " else text
    return tuple(match["path"].split(".")), rest


_BOUNDS = {
    "greater_than": (">", "gt"),
    "greater_than_equal": (">=", "ge"),
    "less_than": ("<", "lt"),
    "less_than_equal": ("<=", "le"),
}
_EXPECTED = {
    "int_type": "an integer",
    "int_parsing": "an integer",
    "int_parsing_size": "an integer of reasonable size",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "finite_number": "a finite number",
    "string_type": "text",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "list_type": "a list",
    "recursion_loop": "a value that does not contain itself",
}


def _message(err: ErrorDetails, loc: Sequence[Any], is_key: bool) -> str:
    """What was expected and what was found, in the planner's words."""
    kind = err["type"]
    ctx = err.get("ctx") or {}
    found = describe_value(err.get("input"))
    if kind == "extra_forbidden":
        if not loc:
            return "unknown field"
        names = _field_names(loc[:-1])
        if len(loc) == 1 and names is not None:
            names = [*names, *FILE_KEYS]
        return _unknown_field(str(loc[-1]), names)
    if kind == "missing":
        return "missing required field"
    if kind in _BOUNDS:
        op, name = _BOUNDS[kind]
        return f"expected {_noun(loc, is_key)} {op} {ctx.get(name)}, found {found}"
    if kind in ("too_short", "too_long"):
        return _length_message(
            kind, ctx, "entries" if ctx.get("field_type") == "Dictionary" else "items"
        )
    if kind in ("string_too_short", "string_too_long"):
        limit = ctx.get("min_length", ctx.get("max_length"))
        word = "at least" if kind == "string_too_short" else "at most"
        length = len(err["input"]) if isinstance(err.get("input"), str) else "?"
        return f"expected {word} {limit} characters, found {length}"
    if kind == "string_pattern_mismatch":
        return f"expected {_pattern_words(ctx.get('pattern'))}, found {found}"
    if kind == "literal_error":
        hint = _did_you_mean(str(err.get("input")), _literal_values(loc))
        return f"expected one of {ctx.get('expected')}, found {found}{hint}"
    if kind in ("value_error", "assertion_error"):
        return _error_text(err)
    if kind == "invalid_key":
        return f"keys must be text, found {found}"
    if kind.startswith("date"):
        detail = f" ({ctx['error']})" if isinstance(ctx.get("error"), str) else ""
        return f"expected a date like 2026-01-01, found {found}{detail}"
    if kind in _EXPECTED:
        return f"expected {_EXPECTED[kind]}, found {found}{_number_hint(kind, err.get('input'))}"
    return f"{err['msg']}, found {found}"


_NUMBER_LIKE = re.compile(r"^[-+]?[0-9.][0-9A-Za-z_:.+-]*$")
"""Text that a reader may have meant as a number: `1:4`, `0x10`, `010`, `1_000`."""


def _number_hint(kind: str, found: Any) -> str:
    """Why number-like text is not a number here (the one grammar of `grammar.py`)."""
    number_field = kind in ("int_type", "float_type")
    if number_field and isinstance(found, str) and _NUMBER_LIKE.match(found):
        return " (text: numbers are plain decimal, like 4, -2.5 or 1e-9)"
    return ""


def _length_message(kind: str, ctx: Mapping[str, Any], unit: str) -> str:
    if kind == "too_short":
        return f"expected at least {ctx.get('min_length')} {unit}, found {ctx.get('actual_length')}"
    return f"expected at most {ctx.get('max_length')} {unit}, found {ctx.get('actual_length')}"


def _pattern_words(pattern: Any) -> str:
    if pattern == _NAME_PATTERN:
        return "a name of letters, digits, '_', '.' and '-', starting with a letter or digit"
    return f"text matching {pattern}"


def _noun(loc: Sequence[Any], is_key: bool) -> str:
    if is_key:
        return "a name"
    tp = _unwrap(_type_at(loc))
    if tp is int:
        return "an integer"
    return "a number" if tp is float else "a value"


def _unknown_field(key: str, allowed: list[str] | None) -> str:
    """Say "unknown field" with a did-you-mean, or where the field does belong."""
    if not allowed:
        return "unknown field"
    hint = _did_you_mean(key, allowed)
    if hint:
        return "unknown field" + hint
    homes = _sections_with_field(key) if len(key) <= 100 else ()
    if homes:
        return f"unknown field here; {key!r} belongs in {' or '.join(homes[:3])}"
    if len(allowed) <= 12:
        return f"unknown field; expected one of: {', '.join(allowed)}"
    return "unknown field"


def _did_you_mean(word: str, choices: Sequence[str]) -> str:
    if not choices or len(word) > 100:
        return ""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


# ----------------------------------------------------------------------------------------------
# Walking the schema: field names and types at a location
# ----------------------------------------------------------------------------------------------

_NOWHERE = object()
"""A location the schema does not have."""


def _unwrap(tp: Any) -> Any:
    """Strip Annotated[...] and `X | None` down to X."""
    origin = get_origin(tp)
    if origin is Annotated:
        return _unwrap(get_args(tp)[0])
    if origin in (Union, types.UnionType):
        args = [a for a in get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return _unwrap(args[0])
    return tp


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _step_type(tp: Any, part: Any) -> Any:
    """Type one step below `tp` along `part`, or _NOWHERE."""
    tp = _unwrap(tp)
    if tp is Any:
        return Any
    if _is_model(tp):
        field = tp.model_fields.get(str(part))
        return field.annotation if field is not None else _NOWHERE
    origin = get_origin(tp)
    if origin is list:
        return get_args(tp)[0] if _as_index(part) is not None else _NOWHERE
    if origin is dict:
        return get_args(tp)[1]
    return _NOWHERE


def _type_at(parts: Sequence[Any]) -> Any:
    tp: Any = Scenario
    for part in parts:
        tp = _step_type(tp, part)
        if tp is _NOWHERE:
            break
    return tp


def _field_names(parts: Sequence[Any]) -> list[str] | None:
    tp = _unwrap(_type_at(parts))
    return list(tp.model_fields) if _is_model(tp) else None


def _literal_values(parts: Sequence[Any]) -> list[str]:
    tp = _unwrap(_type_at(parts))
    return [str(v) for v in get_args(tp)] if get_origin(tp) is Literal else []


@functools.lru_cache(maxsize=256)
def _sections_with_field(name: str) -> tuple[str, ...]:
    """Dotted homes of a field name anywhere in the schema (lists shown as N)."""
    homes: list[str] = []
    stack: list[tuple[Any, str]] = [(Scenario, "")]
    while stack:
        tp, where = stack.pop()
        tp = _unwrap(tp)
        if _is_model(tp):
            if name in tp.model_fields:
                homes.append(where or "the top level")
            stack.extend(
                (f.annotation, f"{where}.{n}".lstrip(".")) for n, f in tp.model_fields.items()
            )
        elif get_origin(tp) is list:
            stack.append((get_args(tp)[0], f"{where}.N"))
        elif get_origin(tp) is dict:
            stack.append((get_args(tp)[1], f"{where}.<name>"))
    return tuple(sorted(homes))


def _path_problem(parts: list[str]) -> tuple[str, str] | None:
    """(dotted path, message) when the schema has no such path; None when it does."""
    if any(not p for p in parts):
        return format_path(parts), "empty part in the dotted path"
    tp: Any = Scenario
    for i, part in enumerate(parts):
        here = format_path(parts[: i + 1])
        inner = _unwrap(tp)
        if inner is Any:
            return None
        nxt = _step_type(inner, part)
        if nxt is not _NOWHERE:
            tp = nxt
        elif _is_model(inner):
            return here, _unknown_field(part, list(inner.model_fields))
        elif get_origin(inner) is list:
            return here, f"expected a list index (0, 1, ...), found {describe_value(part)}"
        else:
            return here, f"{format_path(parts[:i])} holds a single value, not fields"
    return None


# ----------------------------------------------------------------------------------------------
# Overrides
# ----------------------------------------------------------------------------------------------


def _split_path(dotted: str) -> list[str]:
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
        if child is None and _as_index(parts[i + 1]) is None:
            child = container[parts[i]] = {}
    if not isinstance(child, dict | list):
        found = describe_value(child)
        raise _PathError(format_path(parts[: i + 1]), f"is {found}, so it has no {parts[i + 1]!r}")
    return child


def _list_index(items: list, parts: list[str], i: int) -> int:
    index = _as_index(parts[i])
    if index is None or index >= len(items):
        owner = format_path(parts[:i])
        count = f"{len(items)} item{'' if len(items) == 1 else 's'}"
        message = f"no item {parts[i]} ({owner} has {count})"
        raise _PathError(format_path(parts[: i + 1]), message)
    return index


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


def _build_variants(
    scenario: Scenario, only: Sequence[str] | None, where: _Where
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
                f"unknown variant {describe_value(n)}{_did_you_mean(n, known)} (known: {listing})",
            )
            for n in unknown
        )
    return [n for n in known if n in only]


def _variant(scenario: Scenario, name: str) -> Scenario:
    """The base scenario with one variant's overrides applied, validated."""
    if name == RESERVED_VARIANT:
        raise ScenarioError.single("", "the name 'base' is reserved for the base scenario")
    overrides = scenario.variants[name]
    nested = [k for k in overrides if _split_path(k)[0] == "variants"]
    problems = [Problem("", None, k, "a variant cannot change variants") for k in nested]
    data = scenario.model_dump()
    data["variants"] = {}
    try:
        data = apply_overrides(data, {k: v for k, v in overrides.items() if k not in nested}, "")
        variant = _validate(data, _Where(""))
    except ScenarioError as err:
        problems.extend(err.problems)
    if problems:
        raise ScenarioError(problems)
    return variant


def _variant_problem(scenario: Scenario, name: str, problem: Problem, where: _Where) -> Problem:
    """Re-locate a problem found inside a variant at the override line that caused it."""
    message = f"{problem.path}: {problem.message}" if problem.path else problem.message
    key = _override_key(scenario.variants.get(name, {}), problem.path)
    source, line, shown = where.locate(["variants", name, *([key] if key else [])])
    return Problem(source, line, f"{shown}variants.{name}", message)


def _override_key(overrides: Mapping[str, Any], path: str) -> str | None:
    """The override key that `path` is, lies inside, or starts (an unknown field in it)."""
    keys = [
        k
        for k in overrides
        if k == path or f"{path}.".startswith(f"{k}.") or k.startswith(f"{path}.")
    ]
    return max(keys, key=len) if keys else None


# ----------------------------------------------------------------------------------------------
# YAML output
# ----------------------------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """Short lists of plain values on one line (monthly weights read as a row); no aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _represent_list(dumper: yaml.SafeDumper, data: list) -> yaml.Node:
    flow = len(data) <= 24 and all(
        v is None or isinstance(v, bool | int | float) or (isinstance(v, str) and len(v) < 40)
        for v in data
    )
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


quote_both_ways(_Dumper)
_Dumper.add_representer(list, _represent_list)
_Dumper.add_representer(tuple, _represent_list)
