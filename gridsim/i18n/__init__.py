"""Chinese and English text for everything a planner reads (console, report, figures, demo).

gettext's way, without its files: code writes the English text and wraps it in `_()`; the
Chinese is looked up by that text in the catalogs `gridsim.i18n.zh_*` (one module per area,
each a dict `ZH`), so English stays readable in the code and a missing translation falls back
to English instead of failing. Templates are translated first and formatted after:
``_("{n} runs").format(n=3)``.

The language is a context variable: `gridsim --lang zh|en`, `use("zh")` in the Python API,
else the `GRIDSIM_LANG` environment variable, else the locale (`LC_ALL`, `LC_MESSAGES`,
`LANG`, `LANGUAGE`: anything starting with "zh" is Chinese), else English.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache

__all__ = ["LANGS", "_", "catalog", "default_lang", "lang", "set_lang", "use"]

LANGS = ("en", "zh")
"""The languages gridsim speaks: English (the code's own text) and Simplified Chinese."""

_LANG: ContextVar[str | None] = ContextVar("gridsim_lang", default=None)
_PROCESS: list[str] = []
"""The language `set_lang` chose for the whole process (threads included, which do not
inherit a context variable)."""


def default_lang(env: Mapping[str, str] | None = None) -> str:
    """The language when none is chosen: GRIDSIM_LANG, else the first locale variable set."""
    env = os.environ if env is None else env
    chosen = env.get("GRIDSIM_LANG", "")
    if chosen in LANGS:
        return chosen
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = env.get(name, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def lang() -> str:
    """The language in use now."""
    return _LANG.get() or (_PROCESS[0] if _PROCESS else default_lang())


def set_lang(code: str) -> None:
    """Choose the language for the rest of the process (the command line does, once)."""
    if code not in LANGS:
        raise ValueError(f"language: expected one of {', '.join(LANGS)}, found {code!r}")
    _PROCESS[:] = [code]


@contextmanager
def use(code: str) -> Iterator[None]:
    """Speak ``code`` inside the block (e.g. render one report in Chinese), then as before."""
    if code not in LANGS:
        raise ValueError(f"language: expected one of {', '.join(LANGS)}, found {code!r}")
    token = _LANG.set(code)
    try:
        yield
    finally:
        _LANG.reset(token)


@cache
def catalog(code: str) -> dict[str, str]:
    """English text -> text in ``code``, merged from the catalog modules `zh_*` (a text given
    twice must be translated the same way: tests/test_i18n.py checks it)."""
    if code == "en":
        return {}
    merged: dict[str, str] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith(f"{code}_"):
            merged.update(importlib.import_module(f"{__name__}.{info.name}").ZH)
    return merged


def _(text: str) -> str:
    """``text`` in the language in use (English text is its own translation)."""
    code = lang()
    return text if code == "en" else catalog(code).get(text, text)
