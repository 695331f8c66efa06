"""The meeting record of the demo: one HTML file with the A/B table, the goals met or missed,
the two policies in words and the figures embedded, so it opens anywhere (no server, no CDN)
and can be filed or printed after the workshop."""

from __future__ import annotations

import base64
import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from gridsim.i18n import _, lang

__all__ = ["Record", "record_html"]

STYLE = """
body { font-family: "Noto Sans", "DejaVu Sans", "Noto Sans CJK SC", "gridsim-han", sans-serif;
       max-width: 60rem; margin: 1.5rem auto; line-height: 1.4; }
table { border-collapse: collapse; }
th, td { border: 1px solid #999; padding: 0.25rem 0.5rem; text-align: left; }
img { max-width: 100%; }
.met { color: #1a7f37; } .missed { color: #b42318; } .unclear { color: #6b6b6b; }
"""


@dataclass
class Record:
    """What the room saw: the scenario, the policies, the verdicts, the table, the figures."""

    scenario: str
    policies: Mapping[str, str]
    """Side -> the policy in words."""
    changes: Sequence[str]
    note: str
    verdicts: Mapping[str, Sequence[tuple[str, str]]]
    """Side -> its heading's and goals' (status, line) pairs; the heading's status is ""."""
    table: pd.DataFrame
    figures: Mapping[str, bytes]
    """Caption -> PNG."""
    font_face: str = ""
    """A CSS @font-face of the page's Chinese characters (`gridsim.views.demo_font`), for a
    computer without a CJK font."""


def _e(text: str) -> str:
    return html.escape(str(text))


def _verdict_block(side: str, lines: Sequence[tuple[str, str]]) -> str:
    items = "".join(f'<li class="{_e(status)}">{_e(line)}</li>' for status, line in lines if status)
    heading = next((line for status, line in lines if not status), side)
    return f"<h3>{_e(heading)}</h3><ul>{items}</ul>"


def record_html(record: Record) -> str:
    """The record as a self-contained HTML page in the language in use."""
    policies = "".join(
        f"<li><b>{_e(_('Policy {side}').format(side=side))}</b>: {_e(text)}</li>"
        for side, text in record.policies.items()
    )
    changes = "; ".join(record.changes) or _("A and B are the same.")
    verdicts = "".join(_verdict_block(side, lines) for side, lines in record.verdicts.items())
    figures = "".join(
        f'<figure><img alt="{_e(caption)}" src="data:image/png;base64,'
        f'{base64.b64encode(png).decode("ascii")}"><figcaption>{_e(caption)}</figcaption>'
        "</figure>"
        for caption, png in record.figures.items()
    )
    table = record.table.to_html(index=False, escape=True, border=0)
    title = _("Workshop record: {scenario}").format(scenario=record.scenario)
    return (
        f'<!DOCTYPE html><html lang="{lang()}"><head><meta charset="utf-8">'
        f"<title>{_e(title)}</title><style>{record.font_face}{STYLE}</style></head><body>"
        f"<h1>{_e(title)}</h1><ul>{policies}</ul>"
        f"<p>{_e(_('B changes: {changes}').format(changes=changes))}</p>"
        f"<p>{_e(record.note)}</p>"
        f"<h2>{_e(_('Goals'))}</h2>{verdicts or _e(_('The scenario states no goals.'))}"
        f"<h2>{_e(_('Results'))}</h2>{table}{figures}</body></html>"
    )
