"""The method section (in the spirit of STRESS-DES): what the model is, how it was run, on
what software, and the scenario file's sources and assumptions."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from gridsim.i18n import _
from gridsim.views.data import ResultsData
from gridsim.views.report.sources import Note, source_notes
from gridsim.views.report.text import e, plural, to_float, words


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
        return "<p>" + words(
            "The original scenario file was not kept with these results ({source} is "
            "missing), so its remarks on where each number comes from cannot be shown here. "
            "The effective scenario ({effective}) holds every number, without those remarks.",
            source="scenario.source.yaml", effective="scenario.yaml",
        ) + "</p>"  # fmt: skip
    notes = source_notes(source_text)
    head = "".join(f"<p>{e(p)}</p>" for p in notes.head)
    return (
        "<p>"
        + words(
            "Taken from the remarks of the original scenario file ({source}): each remark "
            "names the field it sits beside.",
            source="scenario.source.yaml",
        )
        + "</p>"
        + (f'<blockquote class="head">{head}</blockquote>' if head else "")
        + f"<h4>{e(_('From the source text ({n})').format(n=len(notes.sourced)))}</h4>"
        + _notes_list(notes.sourced, "sourced")
        + f"<h4>{e(_('Assumptions ({n})').format(n=len(notes.assumptions)))}</h4>"
        + _notes_list(notes.assumptions, "assumptions")
        + "<p>"
        + words(
            "A remark that cites the source text for part of a number and assumes the rest "
            "appears in both lists."
        )
        + "</p>"
    )


def _experiment_facts(data: ResultsData, variants: Sequence[str]) -> list[tuple[str, str]]:
    """(label, HTML) of how the experiment was run: seed, streams, run length, warm-up..."""
    m, sc = data.manifest, data.scenario
    cal = sc.calendar
    reps = replication_count(data)
    runs = _("{runs} ({resumed} resumed)") if m.get("resumed_runs") else "{runs}"
    return [
        ("Seed", f"<code>{e(m.get('seed', sc.seed))}</code>"),
        (
            "Random numbers",
            words("seed scheme {scheme}: every named stream of replication r is seeded from "
                  "the seed, the stream's name and r, so each variant draws the same demand in "
                  "the same replication (common random numbers) and adding a stream changes no "
                  "other.", scheme=m.get("seed_scheme", _("not recorded"))),
        ),
        ("Replications", e(_("{n} per variant ({span})").format(n=reps,
                                                                span=_replication_span(m)))),
        ("Variants", e(", ".join(variants))),
        (
            "Run length",
            e(_("{days} from {start} (a terminating run of fixed length)").format(
                days=plural(cal.horizon_days, "day"), start=f"{cal.start_date:%Y-%m-%d}")),
        ),
        (
            "Warm-up",
            e(_("{days}, left out: only issues reported after it count").format(
                days=plural(cal.warmup_days, "day")))
            + " (" + words("{command} gives the MSER-5 truncation point",
                           command="gridsim warmup") + ")",
        ),
        (
            "Runs",
            e(runs.format(runs=m.get("runs", "?"), resumed=m.get("resumed_runs")))
            + ", "
            + e(_("on the {executor} executor, {events} events, {cpu} CPU-seconds")).format(
                executor=f"<code>{e(m.get('executor', '?'))}</code>",
                events=_int(m.get("events")), cpu=f"{to_float(m.get('cpu_seconds')):.2f}"),
        ),
        ("Started", e(m.get("started", _("not recorded")))),
        ("Experiment id", f"<code>{e(m.get('experiment_id', _('not recorded')))}</code>"),
        (
            "Output analysis",
            e(_("means over replications with 95% Student t intervals; comparisons are paired t "
                "intervals on common random numbers (Law & Kelton §10.2, §11.2); rankings use "
                "Bonferroni-adjusted intervals (§10.3)")),
        ),
    ]  # fmt: skip


def method_html(data: ResultsData, variants: Sequence[str]) -> str:
    """The method section: the model, how it was run, on what software, and its data."""
    m = data.manifest
    streams = m.get("streams") or []
    versions = m.get("versions") or {}
    hashes = m.get("scenario_hash") or {}
    if isinstance(hashes, str):
        hashes = {variants[0]: hashes}
    facts = _experiment_facts(data, variants)
    fact_rows = "".join(f'<tr><th scope="row">{e(_(k))}</th><td>{v}</td></tr>' for k, v in facts)
    hash_rows = "".join(
        f'<tr><th scope="row">{e(v)}</th><td><code>{e(h)}</code></td></tr>'
        for v, h in hashes.items()
    )
    version_rows = "".join(
        f'<tr><th scope="row">{e(name)}</th><td><code>{e(ver)}</code></td></tr>'
        for name, ver in versions.items()
    )
    stream_list = "".join(f"<li><code>{e(s)}</code></li>" for s in streams)
    unknown = _("(version not recorded)")
    return f"""<p>{words(METHOD_INTRO)}</p>
<h3>{e(_("Model"))}</h3>
<p>{words(MODEL_TEXT)}</p>
<h3>{e(_("Experimentation"))}</h3>
<table class="facts">{fact_rows}</table>
<details><summary>{e(_("{n} named random streams").format(n=len(streams)))}</summary>
<ul class="streams">{stream_list}</ul></details>
<h3>{e(_("Implementation"))}</h3>
<p>{e(_("gridsim {version} on Python {python}.").format(
    version=versions.get("gridsim", unknown), python=versions.get("python", unknown)))}
{words(FINGERPRINT_TEXT, file="scenario.yaml")}</p>
<table class="facts"><caption>{e(_("Scenario hashes"))}</caption>{hash_rows}</table>
<table class="facts"><caption>{e(_("Software versions"))}</caption>{version_rows}</table>
<h3>{e(_("Data: sources and assumptions"))}</h3>
{assumptions_html(data.source_text)}
"""  # fmt: skip


METHOD_INTRO = (
    "Reported in the spirit of STRESS-DES (Monks et al., 2019): what the model is, where its "
    "numbers come from, and how it was run, so the results can be checked and reproduced."
)
MODEL_TEXT = (
    "A discrete-event simulation (SimPy) of the community: households raise issues at random, "
    "residents report them (or grid workers find them on patrol, the police post on "
    "screening), the grid worker triages them, a crew, the grid worker or a volunteer "
    "responds, and what cannot be settled climbs the ladder: grid leader, committee, joint "
    "meeting, town. Each run starts empty; every variant is the same model with other "
    "staffing or rules."
)
FINGERPRINT_TEXT = (
    "Each variant's effective scenario is fingerprinted (the first 16 hex digits of the "
    "SHA-256 of its YAML), so a result can be traced to its exact input; {file} in the "
    "results folder loads again as a scenario."
)


def _replication_span(m: dict[str, Any]) -> str:
    reps = m.get("replications")
    if isinstance(reps, list) and reps:
        ordered = sorted(int(r) for r in reps)
        if ordered == list(range(ordered[0], ordered[-1] + 1)):
            return _("numbers {first} to {last}").format(first=ordered[0], last=ordered[-1])
        return _("numbers {list}").format(list=", ".join(str(r) for r in ordered))
    return _("numbers not recorded")


def replication_count(data: ResultsData) -> int:
    reps = data.manifest.get("replications")
    if isinstance(reps, list) and reps:
        return len(reps)
    return int(data.summary["replication"].nunique())


def _int(v: Any) -> str:
    f = to_float(v)
    return "?" if math.isnan(f) else f"{int(f):,}"
