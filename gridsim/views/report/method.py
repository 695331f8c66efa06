"""The method section (in the spirit of STRESS-DES): what the model is, how it was run, on
what software, and the scenario file's sources and assumptions."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from gridsim.views.data import ResultsData
from gridsim.views.report.sources import Note, source_notes
from gridsim.views.report.text import e, plural, to_float


def _notes_list(notes: Sequence[Note], css: str) -> str:
    if not notes:
        return "<p>None found.</p>"
    items = []
    for n in notes:
        where = f"<code>{e(n.where)}</code>" if n.where else "(end of file)"
        if n.value:
            where += f" = <code>{e(n.value)}</code>"
        items.append(f"<li>{where}: {e(n.text)}</li>")
    return f'<ul class="{css}">{"".join(items)}</ul>'


def assumptions_html(source_text: str | None) -> str:
    if source_text is None:
        return (
            "<p>The original scenario file was not kept with these results "
            "(<code>scenario.source.yaml</code> is missing), so its remarks on where each "
            "number comes from cannot be shown here. The effective scenario "
            "(<code>scenario.yaml</code>) holds every number, without those remarks.</p>"
        )
    notes = source_notes(source_text)
    head = "".join(f"<p>{e(p)}</p>" for p in notes.head)
    return (
        "<p>Taken from the remarks of the original scenario file "
        "(<code>scenario.source.yaml</code>): each remark names the field it sits beside.</p>"
        + (f'<blockquote class="head">{head}</blockquote>' if head else "")
        + f"<h4>From the source text ({len(notes.sourced)})</h4>"
        + _notes_list(notes.sourced, "sourced")
        + f"<h4>Assumptions ({len(notes.assumptions)})</h4>"
        + _notes_list(notes.assumptions, "assumptions")
        + "<p>A remark that cites the source text for part of a number and assumes the rest "
        "appears in both lists.</p>"
    )


def _experiment_facts(data: ResultsData, variants: Sequence[str]) -> list[tuple[str, str]]:
    """(label, HTML) of how the experiment was run: seed, streams, run length, warm-up..."""
    m, sc = data.manifest, data.scenario
    cal = sc.calendar
    reps = replication_count(data)
    return [
        ("Seed", f"<code>{e(m.get('seed', sc.seed))}</code>"),
        (
            "Random numbers",
            f"seed scheme <code>{e(m.get('seed_scheme', 'not recorded'))}</code>: every named "
            "stream of replication <em>r</em> is seeded from the seed, the stream's name and "
            "<em>r</em>, so each variant draws the same demand in the same replication "
            "(common random numbers) and adding a stream changes no other.",
        ),
        ("Replications", f"{reps} per variant ({e(_replication_span(m))})"),
        ("Variants", e(", ".join(variants))),
        (
            "Run length",
            f"{e(plural(cal.horizon_days, 'day'))} from {cal.start_date:%Y-%m-%d} "
            "(a terminating run of fixed length)",
        ),
        (
            "Warm-up",
            f"{e(plural(cal.warmup_days, 'day'))}, left out: only issues reported after it "
            "count (<code>gridsim warmup</code> gives the MSER-5 truncation point)",
        ),
        (
            "Runs",
            f"{e(m.get('runs', '?'))}"
            + (f" ({e(m['resumed_runs'])} resumed)" if m.get("resumed_runs") else "")
            + f" on the <code>{e(m.get('executor', '?'))}</code> executor, "
            f"{_int(m.get('events'))} events, {to_float(m.get('cpu_seconds')):.2f} CPU-seconds",
        ),
        ("Started", e(m.get("started", "not recorded"))),
        ("Experiment id", f"<code>{e(m.get('experiment_id', 'not recorded'))}</code>"),
        (
            "Output analysis",
            "means over replications with 95% Student t intervals; comparisons are paired t "
            "intervals on common random numbers (Law &amp; Kelton §10.2, §11.2); rankings use "
            "Bonferroni-adjusted intervals (§10.3)",
        ),
    ]


def method_html(data: ResultsData, variants: Sequence[str]) -> str:
    """The method section: the model, how it was run, on what software, and its data."""
    m = data.manifest
    streams = m.get("streams") or []
    versions = m.get("versions") or {}
    hashes = m.get("scenario_hash") or {}
    if isinstance(hashes, str):
        hashes = {variants[0]: hashes}
    facts = _experiment_facts(data, variants)
    fact_rows = "".join(f'<tr><th scope="row">{k}</th><td>{v}</td></tr>' for k, v in facts)
    hash_rows = "".join(
        f'<tr><th scope="row">{e(v)}</th><td><code>{e(h)}</code></td></tr>'
        for v, h in hashes.items()
    )
    version_rows = "".join(
        f'<tr><th scope="row">{e(name)}</th><td><code>{e(ver)}</code></td></tr>'
        for name, ver in versions.items()
    )
    stream_list = "".join(f"<li><code>{e(s)}</code></li>" for s in streams)
    return f"""<p>Reported in the spirit of STRESS-DES (Monks et al., 2019): what the model
is, where its numbers come from, and how it was run, so the results can be checked and
reproduced.</p>
<h3>Model</h3>
<p>A discrete-event simulation (SimPy) of the community: households raise issues at random,
residents report them (or grid workers find them on patrol, the police post on screening),
the grid worker triages them, a crew, the grid worker or a volunteer responds, and what
cannot be settled climbs the ladder: grid leader, committee, joint meeting, town. Each run
starts empty; every variant is the same model with other staffing or rules.</p>
<h3>Experimentation</h3>
<table class="facts">{fact_rows}</table>
<details><summary>{len(streams)} named random streams</summary>
<ul class="streams">{stream_list}</ul></details>
<h3>Implementation</h3>
<p>gridsim {e(versions.get("gridsim", "(version not recorded)"))} on Python
{e(versions.get("python", "(version not recorded)"))}. Each variant's effective scenario is
fingerprinted (the first 16 hex digits of the SHA-256 of its YAML), so a result can be traced
to its exact input; <code>scenario.yaml</code> in the results folder loads again as a
scenario.</p>
<table class="facts"><caption>Scenario hashes</caption>{hash_rows}</table>
<table class="facts"><caption>Software versions</caption>{version_rows}</table>
<h3>Data: sources and assumptions</h3>
{assumptions_html(data.source_text)}
"""


def _replication_span(m: dict[str, Any]) -> str:
    reps = m.get("replications")
    if isinstance(reps, list) and reps:
        ordered = sorted(int(r) for r in reps)
        if ordered == list(range(ordered[0], ordered[-1] + 1)):
            return f"numbers {ordered[0]} to {ordered[-1]}"
        return "numbers " + ", ".join(str(r) for r in ordered)
    return "numbers not recorded"


def replication_count(data: ResultsData) -> int:
    reps = data.manifest.get("replications")
    if isinstance(reps, list) and reps:
        return len(reps)
    return int(data.summary["replication"].nunique())


def _int(v: Any) -> str:
    f = to_float(v)
    return "?" if math.isnan(f) else f"{int(f):,}"
