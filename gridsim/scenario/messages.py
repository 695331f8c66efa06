"""Error messages a planner can act on: each pydantic validation error becomes a `Problem`
located by file, line and dotted path, in words (what was expected, what was found, and a
did-you-mean for a misspelt field or choice). The schema walk here also tells whether a
dotted path exists, for overrides."""

from __future__ import annotations

import difflib
import functools
import re
import types
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from gridsim.scenario.errors import Problem, ScenarioError, describe_value, format_path
from gridsim.scenario.schema import Scenario
from gridsim.scenario.section import NAME_PATTERN as _NAME_PATTERN
from gridsim.scenario.yaml_io import LineMap, as_index

FILE_KEYS = ("extends", "set")
"""Top-level keys of a scenario file that the loader handles and the schema never sees."""
MAX_TRANSLATED = 1000
"""Validation errors turned into problems; the rest are only counted."""


_LEADING_PATH = re.compile(
    r"^(?P<path>[A-Za-z_][\w\-]*(?:\.[\w\-]+)+)(?P<sep>: | )(?P<rest>.+)$", re.S
)


# ----------------------------------------------------------------------------------------------
# Validation and error translation
# ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Origin:
    """The value at `path` (and below) was put there by `source`, at `prefix + path`.

    A whole top-level section from a file has prefix (); a key of a file's `set:` block
    has prefix ("set",); a `--set` item has no lines.
    """

    path: tuple[str, ...]
    source: str
    lines: LineMap | None
    prefix: tuple[str, ...] = ()


@dataclass(frozen=True)
class Where:
    """Where the data came from: the file and its lines, and what replaced parts of it.

    `origins` are in the order they were applied, so the last one covering a path wins;
    a path no origin covers is in `source`.
    """

    source: str
    lines: LineMap | None = None
    origins: tuple[Origin, ...] = ()

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
    return validate(data, Where(source))


def validate(data: Any, where: Where) -> Scenario:
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        raise _validation_error(exc, where) from None


def _validation_error(exc: ValidationError, where: Where) -> ScenarioError:
    errors = exc.errors(include_url=False)
    problems = [_translate(e, where) for e in errors[:MAX_TRANSLATED]]
    problems.sort(key=lambda p: (p.line is None, p.line or 0))
    return ScenarioError(problems, hidden=max(0, len(errors) - MAX_TRANSLATED))


def _translate(err: ErrorDetails, where: Where) -> Problem:
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
        hint = did_you_mean(str(err.get("input")), _literal_values(loc))
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
        return (
            "a name of letters (any script), digits, '_', '.' and '-', starting with a letter "
            "or digit"
        )
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
    hint = did_you_mean(key, allowed)
    if hint:
        return "unknown field" + hint
    homes = _sections_with_field(key) if len(key) <= 100 else ()
    if homes:
        return f"unknown field here; {key!r} belongs in {' or '.join(homes[:3])}"
    if len(allowed) <= 12:
        return f"unknown field; expected one of: {', '.join(allowed)}"
    return "unknown field"


def did_you_mean(word: str, choices: Sequence[str]) -> str:
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
        return get_args(tp)[0] if as_index(part) is not None else _NOWHERE
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


def path_problem(parts: list[str]) -> tuple[str, str] | None:
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
