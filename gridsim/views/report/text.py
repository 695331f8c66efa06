"""Wording shared by the report's sections: HTML escaping, durations, clock times and
plurals, so every section says a number the same way."""

from __future__ import annotations

import html
import math
from typing import Any

from gridsim.model.demand import DAY_MIN


def e(value: Any) -> str:
    """Any value as HTML text, escaped (quotes included, so it is safe in attributes too)."""
    return html.escape(str(value), quote=True)


def duration(minutes: float) -> str:
    """Minutes in the largest whole unit: '10 minutes', '1 hour', '1 day', '90 minutes'."""
    if minutes > 0 and minutes % DAY_MIN == 0:
        n = minutes / DAY_MIN
        return f"{n:g} day{'s' if n != 1 else ''}"
    if minutes > 0 and minutes % 60 == 0:
        n = minutes / 60
        return f"{n:g} hour{'s' if n != 1 else ''}"
    return f"{minutes:g} minute{'s' if minutes != 1 else ''}"


def clock(hour: float) -> str:
    """An hour of the day as 'HH:MM'."""
    total = round(hour * 60)
    return f"{total // 60:02d}:{total % 60:02d}"


def plural(n: float, word: str, many: str | None = None) -> str:
    return f"{n:g} {word if n == 1 else (many or word + 's')}"


def to_float(v: Any) -> float:
    try:
        return float(v)
    except (TypeError, ValueError):
        return math.nan
