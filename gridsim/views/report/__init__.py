"""A self-contained HTML report of one results folder, for planners who do not read Python.

One file, no network: the styles are inline, the figures are PNG images embedded as base64
data URIs, and nothing needs JavaScript, so it opens offline on any laptop and can be mailed
as it is. Every number comes from the results folder: the headline table is computed from
summary.csv with `gridsim.stats.summary.intervals`, the verdicts with
`gridsim.stats.compare.compare`, and the figures from `gridsim.views.plots`.

The method section follows the spirit of STRESS-DES (Monks et al. 2019, *Strengthening the
reporting of empirical simulation studies*): what the model is, where its numbers come from,
how it was run (seed, streams, run length, warm-up, replications) and on what software.

The package is split along the report's seams, one module per section:
`text` (escaping and wording shared by all), `scenario` (the scenario in words, its work
orders' rules in `order_rules`), `headline`, `orders` (the assessment rates, and why orders
missed their deadlines, read from the log by `misses`), `figures`, `comparison` (comparison,
calibration, sweep), `sources` (the parser of the scenario file's remarks on sources and
assumptions) and `method`; the styles are `report.css`.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from gridsim.experiment.results import write_text
from gridsim.i18n import _
from gridsim.stats.summary import intervals
from gridsim.views.data import ResultsData, load_results
from gridsim.views.report.comparison import calibration_html, comparison_html, sweep_html
from gridsim.views.report.figures import FigureSpec, figures_html
from gridsim.views.report.headline import (
    any_orders,
    format_interval,
    format_value,
    headline_html,
    headline_lines,
)
from gridsim.views.report.method import method_html, replication_count
from gridsim.views.report.orders import orders_html
from gridsim.views.report.scenario import scenario_html
from gridsim.views.report.sources import Note, SourceNotes, source_notes
from gridsim.views.report.text import e
from gridsim.views.report.why import why_html

REPORT_NAME = "report.html"
CSS = files(__name__).joinpath("report.css").read_text(encoding="utf-8")
"""The report's styles (system fonts only, readable on screen and on paper), shipped as
package data so they can be read and edited as CSS."""


# --------------------------------------------------------------------------------------
# The whole report


def write_report(folder: Path | str) -> Path:
    """Read the results folder, render its report and write `report.html` into it
    (atomically). Returns the report's path."""
    data = load_results(folder)
    path = data.folder / REPORT_NAME
    write_text(path, render_report(data))
    return path


def render_report(data: ResultsData, *, figures: bool = True) -> str:
    """The report of a results folder as one HTML5 document; ``figures=False`` leaves the
    figures out (a quick text-only report: drawing them takes most of the time)."""
    sc = data.scenario
    rows = data.summary_rows()
    ci = intervals(rows)
    variants = data.variants
    sections: list[tuple[str, str, str]] = [
        ("scenario", "The scenario", scenario_html(sc, variants, data.sweep is not None)),
        ("headline", "Headline results", headline_html(ci, variants, sc)),
        ("why", _("Why targets are missed"), why_html(data, variants, figures)),
    ]
    if any_orders(ci):
        sections.append(("orders", "Work orders", orders_html(data, ci, variants, figures)))
    if figures:
        sections.append(("figures", "Figures", figures_html(data, variants)))
    if len(variants) >= 2:
        sections.append(("comparison", "Comparison of variants", comparison_html(data, variants)))
    if data.calibration is not None:
        sections.append(("calibration", "Calibration", calibration_html(data.calibration, figures)))
    if data.sweep is not None:
        sections.append(("sweep", "Sweep", sweep_html(data.sweep, figures)))
    sections.append(("method", "Method", method_html(data, variants)))
    toc = "".join(f'<li><a href="#{sid}">{e(title)}</a></li>' for sid, title, _ in sections)
    body = "\n".join(
        f'<section id="{sid}">\n<h2>{e(title)}</h2>\n{content}\n</section>'
        for sid, title, content in sections
    )
    started = data.manifest.get("started", "")
    version = data.manifest.get("versions", {}).get("gridsim", "")
    reps = replication_count(data)
    lead = (
        f"{len(variants)} variant{'s' if len(variants) != 1 else ''}, {reps} replication"
        f"{'s' if reps != 1 else ''} each, {sc.calendar.horizon_days:g} simulated days per run"
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="gridsim {e(version)}">
<title>{e(f"gridsim report: {sc.name}")}</title>
<style>

{CSS}
</style>
</head>
<body>
<header>
<h1>{e(sc.name)}</h1>
<p class="lead">Simulation report: {e(lead)}. Run started {e(started or "at an unknown time")}
with gridsim {e(version or "(unknown version)")}; results folder <code>{e(data.folder.name)}</code>.
</p>
<nav aria-label="Contents"><ol>{toc}</ol></nav>
</header>
<main>
{body}
</main>
<footer><p>Written by gridsim from the files of the results folder. Means are over
replications, with 95% Student t intervals; all times are in minutes from the report of an
issue unless stated.</p></footer>
</body>
</html>
"""


__all__ = [
    "REPORT_NAME",
    "FigureSpec",
    "Note",
    "SourceNotes",
    "e",
    "format_interval",
    "format_value",
    "headline_lines",
    "render_report",
    "source_notes",
    "write_report",
]
