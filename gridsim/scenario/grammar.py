"""The one grammar of plain scalars, wherever a value is read from text.

Scenario files, `--set`, variants, a file's `set:` block and the sweep's `--grid`/`--range`
all read values with it. It is YAML 1.2's core schema, stricter where YAML 1.1 (PyYAML's
default) silently reads something a planner did not mean:

- integers are plain decimal: `4`, `-3`, `+12`. `1:4` is text, not 64 (YAML 1.1 reads base
  60); `010`, `0o17`, `0x10` and `1_000` are text too (YAML 1.1 reads `010` as 8, YAML 1.2
  as 10: ambiguous, so neither), and a number field then refuses them by name;
- floats need a dot or an exponent: `1.5`, `.5`, `1e-9`, `1E5`, `-2.5e+3`; `.inf`, `-.inf`
  and `.nan` are floats that the schema refuses where they make no sense;
- booleans are only `true` and `false` (also `True`, `TRUE`, ...); `yes`, `no`, `on`, `off`,
  `y`, `n` are text, so a true/false field refuses them and a text field keeps them;
- `~`, `null` and an empty value are null; `2026-01-01` is a date.

Quoted values are always text.
"""

from __future__ import annotations

import re

import yaml

_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
_FLOAT = re.compile(
    r"""^(?:[-+]?(?:(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?|[0-9]+[eE][-+]?[0-9]+)
    |[-+]?\.(?:inf|Inf|INF)
    |\.(?:nan|NaN|NAN))$""",
    re.X,
)
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_MERGE = re.compile(r"^(?:<<)$")
_DATE = next(
    pattern
    for tag, pattern in yaml.resolver.Resolver.yaml_implicit_resolvers["2"]
    if tag == "tag:yaml.org,2002:timestamp"
)
"""YAML's timestamp pattern (dates like 2026-01-01), as PyYAML has it."""

_DIGITS = list("-+0123456789")
RESOLVERS: tuple[tuple[str, re.Pattern[str], list[str]], ...] = (
    ("tag:yaml.org,2002:bool", _BOOL, list("tTfF")),
    ("tag:yaml.org,2002:int", _INT, _DIGITS),
    ("tag:yaml.org,2002:float", _FLOAT, [*_DIGITS, "."]),
    ("tag:yaml.org,2002:null", _NULL, ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:merge", _MERGE, ["<"]),
    ("tag:yaml.org,2002:timestamp", _DATE, list("0123456789")),
)


def use_core_scalars(cls: type[yaml.resolver.BaseResolver]) -> None:
    """Make `cls` (a loader) resolve plain scalars with this grammar and no other."""
    cls.yaml_implicit_resolvers = {}
    for tag, pattern, first in RESOLVERS:
        cls.add_implicit_resolver(tag, pattern, first)


def quote_both_ways(cls: type[yaml.resolver.BaseResolver]) -> None:
    """Make `cls` (a dumper) quote text that this grammar or YAML 1.1 would read as
    something else, so what gridsim writes reads back the same here and in other tools."""
    base = {k: list(v) for k, v in yaml.resolver.Resolver.yaml_implicit_resolvers.items()}
    cls.yaml_implicit_resolvers = base
    for tag, pattern, first in RESOLVERS:
        cls.add_implicit_resolver(tag, pattern, first)
