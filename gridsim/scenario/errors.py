"""Scenario errors that a planner can act on: where the problem is, and what to write instead.

A `ScenarioError` never carries a traceback-worthy surprise: it lists located problems,
one per line, in the form `file:line: dotted.path: message`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

MAX_SHOWN = 20
"""Problems printed before "and N more": a wall of errors hides the first, real one."""

MAX_VALUE_CHARS = 60
"""Found values are cut to this length so a huge input never floods the terminal."""

MAX_MESSAGE_CHARS = 300


@dataclass(frozen=True)
class Problem:
    """One located problem. `source` is a file path or "--set"; empty when unknown."""

    source: str
    line: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = self.source
        if self.line is not None:
            where = f"{where}:{self.line}" if where else f"line {self.line}"
        parts = [p for p in (where, self.path) if p]
        return ": ".join([*parts, shorten(self.message, MAX_MESSAGE_CHARS)])


class ScenarioError(Exception):
    """A scenario that cannot be used, with every problem found and where it is."""

    def __init__(self, problems: Iterable[Problem], hidden: int = 0) -> None:
        self.problems: list[Problem] = list(problems)
        self.hidden = hidden
        """Problems found but not listed (beyond the ones a person will read)."""
        if not self.problems:
            self.problems = [Problem("", None, "", "invalid scenario")]
        super().__init__(self._text())

    @classmethod
    def single(
        cls, source: str, message: str, *, line: int | None = None, path: str = ""
    ) -> ScenarioError:
        """One problem: the common case for file and syntax errors."""
        return cls([Problem(source, line, path, message)])

    def _text(self) -> str:
        lines = [str(p) for p in self.problems[:MAX_SHOWN]]
        hidden = len(self.problems) - len(lines) + self.hidden
        if hidden > 0:
            lines.append(f"and {hidden} more")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self._text()


def shorten(text: str, limit: int = MAX_VALUE_CHARS) -> str:
    """Cut `text` to `limit` characters, marking the cut."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


def describe_value(value: Any) -> str:
    """A short, YAML-flavoured description of a found value: never a huge repr."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and not math.isfinite(value):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    if isinstance(value, int | float):
        return shorten(repr(value))
    if isinstance(value, str):
        return shorten(repr(value[: MAX_VALUE_CHARS + 1]))
    if isinstance(value, dict):
        return f"a mapping with {len(value)} key{'s' if len(value) != 1 else ''}"
    if isinstance(value, list | tuple):
        return f"a list of {len(value)} item{'s' if len(value) != 1 else ''}"
    return shorten(str(value))


def format_path(parts: Sequence[Any]) -> str:
    """Dotted path for display; each part is cut so a giant key cannot flood the line."""
    return ".".join(shorten(str(p), 40) for p in parts)
