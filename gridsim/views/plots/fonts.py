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
import logging
from functools import cache
from importlib.resources import files

from matplotlib import font_manager, rcParams

__all__ = ["CJK_FAMILY", "use_cjk_font"]

CJK_FAMILY = "Noto Sans CJK SC"
"""The family Han characters are drawn in."""

SHIPPED = "NotoSansCJKsc-Regular.otf"


@cache
def use_cjk_font() -> str | None:
    """Register the CJK font once and put it after the default sans-serif; returns its
    family name, or None when no CJK font is found (Chinese text then draws as boxes)."""
    with contextlib.suppress(ModuleNotFoundError, FileNotFoundError, OSError, RuntimeError):
        font_manager.fontManager.addfont(str(files("mplfonts") / "fonts" / SHIPPED))
    known = {f.name for f in font_manager.fontManager.ttflist}
    family = CJK_FAMILY if CJK_FAMILY in known else None
    if family is None:
        family = next((n for n in sorted(known) if "CJK SC" in n or "CJK" in n), None)
    if family is None:
        return None
    latin = next((f for f in rcParams["font.sans-serif"] if f in known), "DejaVu Sans")
    rcParams["font.family"] = [latin, family]  # an explicit list: matplotlib falls back
    logging.getLogger("matplotlib.font_manager").addFilter(_RegularOnly(family))
    return family


class _RegularOnly(logging.Filter):
    """The shipped CJK font has one weight: bold text (a label in bold) draws its Han
    characters at the regular weight, as intended, so matplotlib's "findfont: Failed to find
    font weight bold for Noto Sans CJK SC" on every run is left out; other messages stay."""

    def __init__(self, family: str) -> None:
        super().__init__()
        self.family = family

    def filter(self, record: logging.LogRecord) -> bool:
        text = record.getMessage()
        return not (text.startswith("findfont: Failed to find font weight") and self.family in text)
