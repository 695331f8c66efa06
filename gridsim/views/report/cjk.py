"""Chinese text in the report on any computer: the CJK font, cut to the characters used.

The report is one file that opens offline, and many laptops (and headless Chromium on a
server) have no Chinese font, so "三个一" would show as boxes. The font that ships with
gridsim for the figures (Noto Sans CJK SC from `mplfonts`, SIL Open Font License) is cut
by fontTools (a matplotlib dependency) to the characters the page holds, a few hundred kB
for a Chinese report, and embedded as an @font-face: nothing is fetched.
"""

from __future__ import annotations

import base64

from gridsim.views.plots.fonts import font_subset

__all__ = ["FAMILY", "font_face", "wide_characters"]

FAMILY = "gridsim CJK"
"""The embedded family's name. The styles list it first: it holds only the wide characters,
so the Latin text falls through to the system fonts, and a system with a CJK font of its
own cannot substitute one that lacks a character."""


def wide_characters(text: str) -> str:
    """The characters of ``text`` that a Latin font lacks: CJK, their punctuation and
    full-width forms, each once, sorted."""
    return "".join(sorted({c for c in text if ord(c) >= 0x2E80}))


def font_face(text: str) -> str:
    """An @font-face rule embedding the CJK font cut to the wide characters of ``text``;
    '' when there are none, or no font to cut (the browser's own fonts then serve)."""
    font = font_subset(wide_characters(text))
    if font is None:
        return ""
    data = base64.b64encode(font).decode("ascii")
    return (
        f'@font-face {{ font-family: "{FAMILY}"; font-weight: 100 900; font-display: block; '
        f'src: url(data:font/otf;base64,{data}) format("opentype"); }}'
    )
