"""Wording shared by the report's sections: HTML escaping, durations, clock times and
plurals, so every section says a number the same way."""

from __future__ import annotations

import html
import math
from typing import Any

from gridsim.i18n import _, lang
from gridsim.model.demand import DAY_MIN


def e(value: Any) -> str:
    """Any value as HTML text, escaped (quotes included, so it is safe in attributes too)."""
    return html.escape(str(value), quote=True)


DURATIONS = ((DAY_MIN, "{n} day", "{n} days"), (60.0, "{n} hour", "{n} hours"))


def duration(minutes: float) -> str:
    """Minutes in the largest whole unit: '10 minutes', '1 hour', '1 day', '90 minutes'
    (in the language in use)."""
    for size, one, many in DURATIONS:
        if minutes > 0 and minutes % size == 0:
            n = minutes / size
            return _(one if n == 1 else many).format(n=f"{n:g}")
    return _("{n} minute" if minutes == 1 else "{n} minutes").format(n=f"{minutes:g}")


def words(text: str, **code: object) -> str:
    """English ``text`` in the language in use, as HTML, with each ``{name}`` filled with
    the value ``code[name]`` set as code (a file, a command, a field)."""
    return e(_(text)).format(**{k: f"<code>{e(v)}</code>" for k, v in code.items()})


def clock(hour: float) -> str:
    """An hour of the day as 'HH:MM'."""
    total = round(hour * 60)
    return f"{total // 60:02d}:{total % 60:02d}"


def plural(n: float, word: str, many: str | None = None) -> str:
    """'1 grid', '16 grids'; in Chinese the word as the domain's terms say it ('16 网格')."""
    if lang() != "en":
        return f"{n:g} {_(word)}"
    return f"{n:g} {word if n == 1 else (many or word + 's')}"


def to_float(v: Any) -> float:
    try:
        return float(v)
    except (TypeError, ValueError):
        return math.nan
