"""Scenario YAML in and out, safely: parsing with the SafeLoader into a node tree that is
measured before it becomes Python data (so hostile input, such as alias bombs or deep nesting,
fails fast), the line map that ties a dotted path back to its line, and writing a scenario
back as YAML that loads to an equal one."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import yaml

from gridsim.scenario.errors import Problem, ScenarioError, describe_value
from gridsim.scenario.grammar import quote_both_ways, use_core_scalars
from gridsim.scenario.schema import Scenario

MAX_NODES = 1_000_000
"""Values in the document with every alias expanded: far above any real scenario."""
MAX_DEPTH = 100


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


def parse_document(text: str, source: str) -> tuple[Any, LineMap | None]:
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
            index = as_index(parts[i])
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


def as_index(part: Any) -> int | None:
    if isinstance(part, int) and not isinstance(part, bool):
        return part if part >= 0 else None
    text = str(part)
    ok = text.isascii() and text.isdigit() and len(text) < 10  # not "²", not a 5000-digit int
    return int(text) if ok else None


def kind_of(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    return f"a single value ({describe_value(value)})"


def scenario_to_yaml(scenario: Scenario) -> str:
    """The effective scenario, defaults filled in, as YAML that loads back to an equal one."""
    # Python mode keeps dates as YAML dates, so a date inside a variant round-trips as a date.
    return yaml.dump(
        scenario.model_dump(mode="python"),
        Dumper=Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=200,
    )


# ----------------------------------------------------------------------------------------------
# YAML output
# ----------------------------------------------------------------------------------------------


class Dumper(yaml.SafeDumper):
    """Short lists of plain values on one line (monthly weights read as a row); no aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _represent_list(dumper: yaml.SafeDumper, data: list) -> yaml.Node:
    flow = len(data) <= 24 and all(
        v is None or isinstance(v, bool | int | float) or (isinstance(v, str) and len(v) < 40)
        for v in data
    )
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


quote_both_ways(Dumper)
Dumper.add_representer(list, _represent_list)
Dumper.add_representer(tuple, _represent_list)
