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
`text` (escaping and wording shared by all), `summary` (the one-page summary that leads
the report; `pdf` draws it as summary.pdf), `goals` (each goal met or missed), `cjk` (the
Chinese font, embedded), `scenario` (the scenario in words, its work orders' rules in
`order_rules`), `headline`, `orders` (the assessment rates, and why orders
missed their deadlines, read from the log by `misses`), `figures`, `comparison` (comparison,
calibration, sweep), `sources` (the parser of the scenario file's remarks on sources and
assumptions) and `method`; the styles are `report.css`.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from gridsim.experiment.results import write_text
from gridsim.i18n import _, lang
from gridsim.stats.goals import Verdict, verdicts
from gridsim.stats.summary import Interval, intervals
from gridsim.views.data import ResultsData, load_results
from gridsim.views.report.cjk import font_face
from gridsim.views.report.comparison import calibration_html, comparison_html, sweep_html
from gridsim.views.report.figures import FigureSpec, figures_html
from gridsim.views.report.goals import Reasons, goals_html
from gridsim.views.report.headline import (
    any_orders,
    format_interval,
    format_value,
    headline_html,
    headline_lines,
)
from gridsim.views.report.method import method_html, replication_count
from gridsim.views.report.orders import orders_html
from gridsim.views.report.pdf import SUMMARY_PDF, write_summary_pdf
from gridsim.views.report.scenario import scenario_html
from gridsim.views.report.sources import Note, SourceNotes, source_notes
from gridsim.views.report.summary import Summary, build_summary, on_site_png, summary_html
from gridsim.views.report.text import e
from gridsim.views.report.why import why_html
from gridsim.views.why import reasons_for

REPORT_NAME = "report.html"
CSS = files(__name__).joinpath("report.css").read_text(encoding="utf-8")
"""The report's styles (system fonts only, readable on screen and on paper), shipped as
package data so they can be read and edited as CSS."""


# --------------------------------------------------------------------------------------
# The whole report


def write_report(folder: Path | str, reasons: Reasons | None = None) -> Path:
    """Read the results folder, render its report and write `report.html` and the one-page
    `summary.pdf` into it (atomically). ``reasons``: a one-line reason per verdict, as
    `goals_html` takes them. Returns the report's path."""
    data = load_results(folder)
    path = data.folder / REPORT_NAME
    text, summary = assemble(data, reasons=reasons)
    write_text(path, text)
    write_summary_pdf(data, summary, data.folder)
    return path


def render_report(
    data: ResultsData, *, figures: bool = True, reasons: Reasons | None = None
) -> str:
    """The report of a results folder as one HTML5 document; ``figures=False`` leaves the
    figures out (a quick text-only report: drawing them takes most of the time)."""
    return assemble(data, figures=figures, reasons=reasons)[0]


def assemble(
    data: ResultsData, *, figures: bool = True, reasons: Reasons | None = None
) -> tuple[str, Summary]:
    """The report as HTML, and its summary (for the PDF), in the language in use."""
    sc = data.scenario
    ci = intervals(data.summary_rows())
    variants = data.variants
    found = verdicts(ci, sc.goals, variants)
    if reasons is None:
        reasons = reasons_for(data, None, found)
    sections = _sections(data, ci, found, figures, reasons)
    summary = build_summary(data, ci, found, [sid for sid, _t, _c in sections])
    png = on_site_png(data, summary) if figures else None
    sections.insert(0, ("summary", _("Summary"), summary_html(summary, png)))
    toc = "".join(f'<li><a href="#{sid}">{e(title)}</a></li>' for sid, title, _c in sections)
    body = "\n".join(
        f'<section id="{sid}">\n<h2>{e(title)}</h2>\n{content}\n</section>'
        for sid, title, content in sections
    )
    return _document(data, toc, body), summary


def _sections(
    data: ResultsData,
    ci: dict[tuple[str, str, str], Interval],
    found: list[Verdict],
    figures: bool,
    reasons: Reasons | None,
) -> list[tuple[str, str, str]]:
    """(id, title, HTML) of every section after the summary, in reading order."""
    sc, variants = data.scenario, data.variants
    sections: list[tuple[str, str, str]] = [
        ("goals", _("Goals"), goals_html(found, sc.targets, reasons)),
        ("scenario", _("The scenario"), scenario_html(sc, variants, data.sweep is not None)),
        ("headline", _("Headline results"), headline_html(ci, variants, sc)),
        ("why", _("Why targets are missed"), why_html(data, variants, figures)),
    ]
    if any_orders(ci):
        sections.append(("orders", _("Work orders"), orders_html(data, ci, variants, figures)))
    if figures:
        sections.append(("figures", _("Figures"), figures_html(data, variants)))
    if len(variants) >= 2:
        sections.append(
            ("comparison", _("Comparison of variants"), comparison_html(data, variants))
        )
    if data.calibration is not None:
        sections.append(
            ("calibration", _("Calibration"), calibration_html(data.calibration, figures))
        )
    if data.sweep is not None:
        sections.append(("sweep", _("Sweep"), sweep_html(data.sweep, figures, sc.goals)))
    sections.append(("method", _("Method"), method_html(data, variants)))
    return sections


def _document(data: ResultsData, toc: str, body: str) -> str:
    """The page around the sections: head, title, lead, contents and footer."""
    sc = data.scenario
    started = data.manifest.get("started", "")
    version = data.manifest.get("versions", {}).get("gridsim", "")
    reps = replication_count(data)
    n = len(data.variants)
    lead = _(
        "Simulation report: {variants}, {r} replications each, {d:g} simulated days per "
        "run. Run started {started} with gridsim {version}; results folder {folder}."
    ).format(
        variants=(_("{n} variant") if n == 1 else _("{n} variants")).format(n=n),
        r=reps, d=sc.calendar.horizon_days,
        started=started or _("at an unknown time"), version=version or _("(unknown version)"),
        folder="\x00",
    )  # fmt: skip
    lead_html = e(lead).replace("\x00", f"<code>{e(data.folder.name)}</code>")
    footer = _(
        "Written by gridsim from the files of the results folder. Means are over "
        "replications, with 95% Student t intervals; all times run from the report of an "
        "issue unless stated."
    )
    title = _("gridsim report: {name}").format(name=sc.name)
    fonts = font_face(title + sc.name + lead + toc + body + footer)
    return f"""<!DOCTYPE html>
<html lang="{"zh-CN" if lang() == "zh" else "en"}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="gridsim {e(version)}">
<title>{e(title)}</title>
<style>
{fonts}
{CSS}
</style>
</head>
<body>
<header>
<h1>{e(sc.name)}</h1>
<p class="lead">{lead_html}</p>
<nav aria-label="{e(_("Contents"))}"><ol>{toc}</ol></nav>
</header>
<main>
{body}
</main>
<footer><p>{e(footer)}</p></footer>
</body>
</html>
"""


__all__ = [
    "REPORT_NAME",
    "SUMMARY_PDF",
    "FigureSpec",
    "Note",
    "Reasons",
    "SourceNotes",
    "Summary",
    "assemble",
    "e",
    "format_interval",
    "format_value",
    "headline_lines",
    "render_report",
    "source_notes",
    "write_report",
]
