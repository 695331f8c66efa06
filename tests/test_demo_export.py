"""The demo's meeting record: one HTML file with the table, the goals and the figures."""

from __future__ import annotations

import base64
from html.parser import HTMLParser

import pandas as pd
import pytest

from gridsim.i18n import use
from gridsim.views.demo_export import Record, record_html

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


class Cells(HTMLParser):
    """The text of every table row's cells."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append("".join(self.cell).strip())
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def _record() -> Record:
    table = pd.DataFrame({"KPI": ["mean time to on site", "<b>x</b>"], "A": ["12.0 min", "1"],
                          "B": ["9.5 min", "2"], "B − A": ["-2.5 min", "+1"],
                          "better": ["B", "same"]})  # fmt: skip
    return Record(
        scenario="黄河路社区",
        policies={"A": "crews: repair 2", "B": "crews: repair 4"},
        changes=["repair crews 2 → 4"],
        note="3 replications of 28 days each.",
        verdicts={"A": [("", "Policy A: 0 of 1 goals met"), ("missed", "✗ missed: on site")],
                  "B": [("", "Policy B: 1 of 1 goals met"), ("met", "✓ met: on site")]},
        table=table,
        figures={"Time to on site": PNG},
    )  # fmt: skip


@pytest.mark.parametrize(("code", "title"), [("en", "Workshop record: "), ("zh", "研讨会记录：")])
def test_the_record_holds_the_table_the_goals_and_the_figures(code: str, title: str) -> None:
    with use(code):
        page = record_html(_record())
    assert f'<html lang="{code}">' in page and f"{title}黄河路社区" in page
    cells = Cells()
    cells.feed(page)
    assert cells.rows == [
        ["KPI", "A", "B", "B − A", "better"],
        ["mean time to on site", "12.0 min", "9.5 min", "-2.5 min", "B"],
        ["<b>x</b>", "1", "2", "+1", "same"],
    ]
    assert "&lt;b&gt;x&lt;/b&gt;" in page  # text is escaped, never markup
    assert page.count('src="data:image/png;base64,') == 1
    assert base64.b64encode(PNG).decode() in page
    assert '<li class="missed">✗ missed: on site</li>' in page
    assert "<h3>Policy B: 1 of 1 goals met</h3>" in page
    assert "repair crews 2 → 4" in page
