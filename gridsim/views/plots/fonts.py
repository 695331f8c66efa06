"""Chinese text in figures: a CJK font that installs with the package.

matplotlib's default DejaVu Sans has no Han glyphs, so "三个一" or a grid called 网格一
would draw as boxes (with a "Glyph missing" warning). The `mplfonts` package from PyPI, a
dependency of gridsim, ships Noto Sans CJK SC (SIL Open Font License); it is registered
with matplotlib and added after DejaVu Sans in the font family, so Latin text keeps its
look and Han characters fall back to Noto (matplotlib >= 3.6 falls back glyph by glyph).
Where mplfonts is absent, a system Noto Sans CJK (Debian's fonts-noto-cjk) serves instead.
"""

from __future__ import annotations

import contextlib
import io
import logging
from functools import cache
from importlib.resources import files

from matplotlib import font_manager, rcParams

__all__ = ["CJK_FAMILY", "font_subset", "shipped_font", "use_cjk_font"]

CJK_FAMILY = "Noto Sans CJK SC"
"""The family Han characters are drawn in."""

SHIPPED = "NotoSansCJKsc-Regular.otf"


class _NoBoldWarning(logging.Filter):
    """Drops matplotlib's "Failed to find font weight bold for <the CJK family>": the font
    ships one weight, which bold Han text then uses, as intended; the warning would repeat
    with every report."""

    def __init__(self, family: str) -> None:
        super().__init__()
        self.family = family

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return not (message.startswith("findfont: Failed to find font weight")
                    and self.family in message)  # fmt: skip


@cache
def shipped_font() -> str | None:
    """The path of the shipped Noto Sans CJK SC, or None when mplfonts is not installed."""
    with contextlib.suppress(ModuleNotFoundError, FileNotFoundError):
        path = files("mplfonts") / "fonts" / SHIPPED
        if path.is_file():
            return str(path)
    return None


@cache
def font_subset(chars: str, flavor: str | None = None) -> bytes | None:
    """The shipped font cut by fontTools (a matplotlib dependency) to ``chars``, for a page
    to embed (a few hundred kB instead of 16 MB); ``flavor`` "woff" compresses it. None when
    the font is not installed (the browser's own fonts then serve)."""
    path = shipped_font()
    if path is None or not chars:
        return None
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(path, lazy=True)
    options = subset.Options()
    options.flavor = flavor
    cutter = subset.Subsetter(options)
    cutter.populate(text=chars)
    cutter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


@cache
def use_cjk_font() -> str | None:
    """Register the CJK font once and put it after the default sans-serif; returns its
    family name, or None when no CJK font is found (Chinese text then draws as boxes)."""
    with contextlib.suppress(ModuleNotFoundError, FileNotFoundError, OSError, RuntimeError):
        font_manager.fontManager.addfont(shipped_font() or "")
    known = {f.name for f in font_manager.fontManager.ttflist}
    family = CJK_FAMILY if CJK_FAMILY in known else None
    if family is None:
        family = next((n for n in sorted(known) if "CJK SC" in n or "CJK" in n), None)
    if family is None:
        return None
    logging.getLogger("matplotlib.font_manager").addFilter(_NoBoldWarning(family))
    latin = next((f for f in rcParams["font.sans-serif"] if f in known), "DejaVu Sans")
    rcParams["font.family"] = [latin, family]  # an explicit list: matplotlib falls back
    return family
