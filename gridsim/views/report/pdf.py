"""`summary.pdf`: the report's one-page summary on an A4 page, for mailing and printing.

Drawn with matplotlib on a figure of A4's size (no browser needed); Chinese text draws in
the CJK font of `gridsim.views.plots.fonts`, which the PDF embeds. The file is written
atomically beside report.html.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

from gridsim.experiment.results import atomic_write
from gridsim.i18n import _
from gridsim.views.data import ResultsData
from gridsim.views.report.cjk import wide_characters
from gridsim.views.report.summary import Summary, draw_on_site, mark_text

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["A4_INCHES", "SUMMARY_PDF", "summary_figure", "write_summary_pdf"]

SUMMARY_PDF = "summary.pdf"
A4_INCHES = (8.27, 11.69)


def _wrap(text: str, width: int) -> str:
    """Wrap to ``width`` columns; a Chinese character takes two, and may end a line."""
    if not wide_characters(text):
        return "\n".join(textwrap.wrap(text, width)) or text
    lines, line, used = [], "", 0
    for c in text:
        w = 2 if ord(c) >= 0x2E80 else 1
        if used + w > width:
            lines.append(line)
            line, used = "", 0
        line, used = line + c, used + w
    return "\n".join([*lines, line])


def _block(fig: Figure, y: float, text: str, size: float, color: str = "black") -> float:
    """Write ``text`` from height ``y`` down; returns where the next block starts."""
    if text:
        fig.text(0.06, y, text, fontsize=size, va="top", linespacing=1.4, color=color)
    lines = text.count("\n") + 1 if text else 0
    return y - (lines * size * 1.4 + size * 0.8) / 72 / A4_INCHES[1]


def summary_figure(data: ResultsData, summary: Summary) -> Figure:
    """The summary laid out on one A4 page: title and question, the table of goals and
    numbers, the small figure, what would change the answer."""
    from matplotlib.figure import Figure

    from gridsim.views.plots.style import use_cjk_font

    use_cjk_font()
    fig = Figure(figsize=A4_INCHES)
    y = _block(fig, 0.965, _wrap(summary.title, 60), 16)
    y = _block(fig, y, _wrap(summary.question, 100), 10)
    changes = "\n".join(_wrap(f"{v}: {c}", 120) for v, c in summary.changes[1:])
    _block(fig, y, changes, 8, "0.3")
    _table(fig, summary)
    ax = fig.add_axes((0.12, 0.2, 0.8, 0.2))
    draw_on_site(ax, data, summary.variants, summary)
    advice = [_("What would change the answer (sections of report.html):")]
    advice += ["• " + _wrap(text, 120) for text, _sid in summary.advice]
    _block(fig, 0.14, "\n".join(advice), 8)
    return fig


def _table(fig: Figure, summary: Summary) -> None:
    """Goals and numbers, one column per variant, with the marks explained above."""
    rows = [[_wrap(text, 48)] + [mark_text(v) for v in cells] for text, cells in summary.goals]
    rows += [[_wrap(label, 48), *cells] for label, cells in summary.numbers]
    ax = fig.add_axes((0.06, 0.45, 0.88, 0.38))
    ax.axis("off")
    ax.text(0, 1.01, _("✓ met   ✗ missed   ? too close to call (95% interval of the mean)"),
            fontsize=7, transform=ax.transAxes, va="bottom")  # fmt: skip
    n = len(summary.variants)
    first = 0.4 if n > 1 else 0.6
    table = ax.table(
        cellText=rows,
        colLabels=[_("goal or number"), *summary.variants],
        colWidths=[first] + [(1 - first) / n] * n,
        loc="upper center",
        cellLoc="left",
    )
    table.auto_set_font_size(False)
    table.set_fontsize(7 if n > 2 else 8)
    cells = table.get_celld()
    for (row, _col), cell in cells.items():
        cell.set_edgecolor("0.8")
        lines = max(c.get_text().get_text().count("\n") for (r, _c), c in cells.items()
                    if r == row) + 1  # fmt: skip
        cell.set_height(0.045 * lines if row else 0.05)


def write_summary_pdf(data: ResultsData, summary: Summary, folder: Path) -> Path:
    """Draw the summary and write `summary.pdf` into ``folder`` (atomically)."""
    path = folder / SUMMARY_PDF
    fig = summary_figure(data, summary)
    atomic_write(path, lambda tmp: fig.savefig(tmp, format="pdf", metadata={"Creator": None}))
    return path
