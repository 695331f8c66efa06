"""Chinese text in the demo's browser on a computer without a CJK font.

The page's font (Source Sans) has no Han glyphs, and a fresh Linux laptop often has no
system font that does, so Chinese labels drew as boxes. The figures' font (Noto Sans CJK SC
from `mplfonts`, see `gridsim.views.plots.fonts`) is 16 MB: too much for every page, so the
page gets a subset holding only the characters it can show (every Chinese catalog's text and
the scenario's own), as an inline WOFF `@font-face` of about 150 kB, limited by
``unicode-range`` to CJK characters and punctuation so Latin text keeps its look.
"""

from __future__ import annotations

import base64

from gridsim.i18n import catalog
from gridsim.views.plots.fonts import font_subset

__all__ = ["HAN_FAMILY", "han_font_face"]

HAN_FAMILY = "gridsim-han"
"""The family name the page's CSS gives the subset."""

PUNCTUATION = "“”‘’：；，。（）、？！…—·《》【】万"
"""Punctuation, and the Han characters code writes outside the catalogs (万元: amounts)."""
UNICODE_RANGE = "U+2010-206F, U+3000-30FF, U+3400-9FFF, U+F900-FAFF, U+FF00-FFEF"


def _needed(text: str) -> str:
    """The characters outside ASCII of every Chinese catalog, ``text`` and `PUNCTUATION`."""
    chars = set("".join(catalog("zh").values())) | set(text) | set(PUNCTUATION)
    return "".join(sorted(c for c in chars if ord(c) > 0x7F))


def han_font_face(text: str = "") -> str:
    """The CSS ``@font-face`` rule of `HAN_FAMILY` covering the catalogs and ``text``; ""
    when the font is not installed (the browser then uses whatever CJK font it has)."""
    data = font_subset(_needed(text), "woff")
    if data is None:
        return ""
    url = "data:font/woff;base64," + base64.b64encode(data).decode("ascii")
    return (
        f'@font-face {{ font-family: "{HAN_FAMILY}"; src: url({url}) format("woff"); '
        f"unicode-range: {UNICODE_RANGE}; }}"
    )
