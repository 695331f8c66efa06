"""A self-contained HTML report of one results folder, for planners who do not read Python.

One file, no network: the styles are inline, the figures are PNG images embedded as base64
data URIs, and nothing needs JavaScript, so it opens offline on any laptop and can be mailed
as it is. Every number comes from the results folder: the headline table is computed from
summary.csv with `gridsim.stats.summary.intervals`, the verdicts with
`gridsim.stats.compare.compare`, and the figures from `gridsim.views.plots`.

The method section follows the spirit of STRESS-DES (Monks et al. 2019, *Strengthening the
reporting of empirical simulation studies*): what the model is, where its numbers come from,
how it was run (seed, streams, run length, warm-up, replications) and on what software.
"""

from __future__ import annotations

import base64
import html
import io
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gridsim.experiment.results import write_text
from gridsim.experiment.studies import HEADLINE_KPIS
from gridsim.model.demand import DAY_MIN
from gridsim.scenario.schema import CREW_COLOURS, Crews, Scenario
from gridsim.stats.compare import compare, kpi_label, rank, verdict_text
from gridsim.stats.kpis import undefined_text
from gridsim.stats.summary import HEADLINE, Interval, describe, format_number, intervals
from gridsim.views.data import ResultsData, load_results

REPORT_NAME = "report.html"
DPI = 120
"""Resolution of the embedded figures: sharp on a laptop screen, a few hundred kB each."""


def e(value: Any) -> str:
    """Any value as HTML text, escaped (quotes included, so it is safe in attributes too)."""
    return html.escape(str(value), quote=True)


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
    ]
    if figures:
        sections.append(("figures", "Figures", figures_html(data, variants)))
    if len(variants) >= 2:
        sections.append(("comparison", "Comparison of variants", comparison_html(data, variants)))
    if data.calibration is not None:
        sections.append(("calibration", "Calibration", calibration_html(data, figures)))
    if data.sweep is not None:
        sections.append(("sweep", "Sweep", sweep_html(data, figures)))
    sections.append(("method", "Method", method_html(data, variants)))
    toc = "".join(f'<li><a href="#{sid}">{e(title)}</a></li>' for sid, title, _ in sections)
    body = "\n".join(
        f'<section id="{sid}">\n<h2>{e(title)}</h2>\n{content}\n</section>'
        for sid, title, content in sections
    )
    started = data.manifest.get("started", "")
    version = data.manifest.get("versions", {}).get("gridsim", "")
    reps = _replication_count(data)
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


def _replication_count(data: ResultsData) -> int:
    reps = data.manifest.get("replications")
    if isinstance(reps, list) and reps:
        return len(reps)
    return int(data.summary["replication"].nunique())


# --------------------------------------------------------------------------------------
# The scenario in plain words


DISPATCH_TEXT = {
    "pooled": "pooled: any crew of the right colour can go; the one idle longest goes",
    "dedicated": "dedicated: the crews of each colour are split into areas of neighbouring "
    "grids, and each crew serves only its own area",
    "nearest": "nearest: the idle crew of the right colour with the shortest trip goes",
}
QUEUE_TEXT = {
    "fcfs": "first come, first served",
    "severity": "higher severity first (first come, first served within a severity)",
    "vulnerable_first": "vulnerable households first",
    "severity_ageing": "higher severity first, but waiting counts too, so nothing waits forever",
}
HANDLER_TEXT = {
    "repair": "repair crew",
    "cleaning": "cleaning crew",
    "patrol": "patrol crew",
    "fire": "fire crew",
    "grid_worker": "grid worker",
    "volunteer": "volunteer",
    "mediation": "mediation (disputes)",
}
URGENT_TEXT = {"never": "no", "high": "high severity only", "always": "all"}


def duration(minutes: float) -> str:
    """Minutes in the largest whole unit: '10 minutes', '1 hour', '1 day', '90 minutes'."""
    if minutes > 0 and minutes % DAY_MIN == 0:
        n = minutes / DAY_MIN
        return f"{n:g} day{'s' if n != 1 else ''}"
    if minutes > 0 and minutes % 60 == 0:
        n = minutes / 60
        return f"{n:g} hour{'s' if n != 1 else ''}"
    return f"{minutes:g} minute{'s' if minutes != 1 else ''}"


def clock(hour: float) -> str:
    """An hour of the day as 'HH:MM'."""
    total = round(hour * 60)
    return f"{total // 60:02d}:{total % 60:02d}"


def _times(n: int) -> str:
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


def _plural(n: float, word: str, many: str | None = None) -> str:
    return f"{n:g} {word if n == 1 else (many or word + 's')}"


def scenario_html(sc: Scenario, variants: Sequence[str], sweep: bool = False) -> str:
    """The scenario as a planner would describe it: place, staff, demand, rules, targets."""
    out = []
    if sc.description.strip():
        out.append(f'<p class="description">{e(sc.description.strip())}</p>')
    out.append("<h3>Community and calendar</h3>")
    out.append(f"<ul>{''.join(f'<li>{x}</li>' for x in _community_items(sc))}</ul>")
    out.append("<h3>Staff</h3>")
    out.append(f"<ul>{''.join(f'<li>{x}</li>' for x in _staff_items(sc))}</ul>")
    out.append("<h3>Demand</h3>")
    out.append(_demand_table(sc))
    out.append("<h3>Rules</h3>")
    out.append(f"<ul>{''.join(f'<li>{x}</li>' for x in _policy_items(sc))}</ul>")
    out.append("<h3>Targets</h3>")
    t = sc.targets
    out.append(
        "<p>The “三个一” targets, measured from the report of each issue:</p><ul>"
        f"<li>someone on site within {e(duration(t.on_site_min))} (every issue);</li>"
        f"<li>routine issues resolved within {e(duration(t.routine_resolved_min))};</li>"
        f"<li>complex issues (those needing the committee or higher) given a plan within "
        f"{e(duration(t.complex_plan_min))}.</li></ul>"
        "<p>An issue not done by the end of the run counts as a miss.</p>"
    )
    out.append("<h3>Variants</h3>")
    out.append(_variants_html(sc, variants, sweep))
    return "\n".join(out)


def _households(sc: Scenario) -> tuple[int, float, float]:
    grids = sc.community.grids
    total = sum(g.households for g in grids)
    vulnerable = sum(g.households * g.vulnerable_share for g in grids)
    key = sum(g.households * g.key_share for g in grids)
    return total, vulnerable, key


def _community_items(sc: Scenario) -> list[str]:
    com, cal = sc.community, sc.calendar
    total, vulnerable, key = _households(sc)
    sizes = [g.households for g in com.grids]
    spread = (
        f"{min(sizes):,} per grid"
        if min(sizes) == max(sizes)
        else f"{min(sizes):,} to {max(sizes):,} per grid"
    )
    travel = com.travel
    return [
        f"<strong>{e(com.name)}</strong>: {e(_plural(len(com.grids), 'grid'))} with "
        f"{total:,} households ({e(spread)}).",
        f"About {vulnerable:,.0f} vulnerable households ({vulnerable / total:.0%}: elderly "
        f"living alone, disabled) and {key:,.0f} key households ({key / total:.0%}), whom the "
        "police post screens.",
        f"Crews start the day at the service hall ({com.hall_x_km:g} km east, "
        f"{com.hall_y_km:g} km north) and travel at {travel.speed_kmh:g} km/h "
        f"({'along streets' if travel.metric == 'manhattan' else 'in a straight line'}), "
        f"plus {e(duration(travel.overhead_min))} to set off and find the door.",
        f"The run covers {e(_plural(cal.horizon_days, 'day'))} from {cal.start_date:%d %B %Y}; "
        f"the first {e(_plural(cal.warmup_days, 'day'))} are a warm-up, left out of every "
        "statistic.",
        "Staff are on duty around the clock."
        if cal.shift.always_on
        else f"Staff are on duty from {clock(cal.shift.start_hour)} to "
        f"{clock(cal.shift.end_hour)} every day; outside those hours only the on-call crews "
        "answer, and only urgent issues.",
    ]


def _staff_items(sc: Scenario) -> list[str]:
    st = sc.staff
    grids = len(sc.community.grids)
    workers = sc.grid_workers()
    if st.grid_workers is None:
        gw = f"{_plural(len(workers), 'grid worker')}, one per grid"
    else:
        gw = f"{_plural(len(workers), 'grid worker')} covering the {_plural(grids, 'grid')}"
    led = len({g for a in st.grid_leaders for g in a.grids})
    over = f"all {_plural(grids, 'grid')}" if led == grids else f"{led} of the {grids} grids"
    leaders = (
        f"{_plural(len(st.grid_leaders), 'grid leader')} over {over}"
        if st.grid_leaders
        else "no grid leaders"
    )
    crews = ", ".join(
        f"{getattr(st.crews, c)} {c} ({_lower_first(Crews.model_fields[c].description or '')})"
        for c in CREW_COLOURS
    )
    on_call = [f"{getattr(st.on_call, c)} {c}" for c in CREW_COLOURS if getattr(st.on_call, c)]
    vol = st.volunteers
    return [
        f"{e(gw)}: they take residents' reports ({e(duration(st.triage_min))} to take one and "
        "pass it on), patrol their grids and settle what they can.",
        f"{e(leaders)}: the second rung of the ladder.",
        f"Quick-repair crews (the four colours): {e(crews)}.",
        (
            f"Night on-call crews: {e(', '.join(on_call))}; a call-out adds "
            f"{e(duration(st.callout_min))}."
            if on_call
            else "No night on-call crews: issues reported after hours wait for the morning."
        ),
        (
            f"{e(_plural(vol.count, 'volunteer'))}, from {clock(vol.start_hour)} to "
            f"{clock(vol.end_hour)} each day (care visits, “micro wishes”)."
            if vol.count
            else "No volunteers."
        ),
        f"{e(_plural(st.committee, 'committee member'))} deciding in the deliberation room, and "
        f"{e(_plural(st.mediators, 'mediator'))} in the mediation room.",
    ]


def _lower_first(text: str) -> str:
    text = text.rstrip(".")
    return text[:1].lower() + text[1:]


def _demand_table(sc: Scenario) -> str:
    total, vulnerable, _ = _households(sc)
    rows = []
    for name, kind in sc.demand.kinds.items():
        base = vulnerable if kind.households == "vulnerable" else total
        per_year = kind.rate_per_household_year * base
        who = "vulnerable households" if kind.households == "vulnerable" else "all households"
        rows.append(
            f'<tr><th scope="row">{e(name)}</th><td>{e(HANDLER_TEXT[kind.handler])}</td>'
            f'<td class="num">{kind.rate_per_household_year:g}</td><td>{e(who)}</td>'
            f'<td class="num">{per_year:,.0f}</td><td class="num">{kind.latent_share:.0%}</td>'
            f"<td>{e(URGENT_TEXT[kind.urgent])}</td><td>{e(kind.description)}</td></tr>"
        )
    heating = sc.demand.heating_season
    season = (
        f" Kinds marked for heating are {heating.multiplier:g} times as frequent in months "
        f"{', '.join(str(m) for m in heating.months)}."
        if heating.multiplier != 1
        else ""
    )
    channels = ", ".join(
        f"{name} {ch.share:.0%} (after {duration(ch.mean_delay_min)} on average)"
        for name, ch in sc.demand.channels.items()
    )
    return (
        '<div class="scroll"><table class="data"><caption>Kinds of issue and how often '
        'households raise them</caption><thead><tr><th scope="col">kind</th>'
        '<th scope="col">who answers</th><th scope="col">per household a year</th>'
        '<th scope="col">raised by</th><th scope="col">about a year</th>'
        '<th scope="col">hidden (found only on rounds or visits)</th>'
        '<th scope="col">night call-out</th><th scope="col">note</th></tr></thead><tbody>'
        + "".join(rows)
        + "</tbody></table></div>"
        + f"<p>“About a year” is the rate times the households, before the monthly and "
        f"hourly profiles.{e(season)} Residents report through: {e(channels)}.</p>"
    )


def _policy_items(sc: Scenario) -> list[str]:
    p = sc.policy
    items = [f"Which crew goes: {e(DISPATCH_TEXT[p.dispatch])}."]
    queue = QUEUE_TEXT[p.queue]
    if p.queue == "severity_ageing":
        queue += f" (each severity rank is worth {duration(p.ageing_min)} of waiting)"
    items.append(f"Which waiting issue is served first: {e(queue)}.")
    pt = p.patrol
    if pt.per_day:
        times = (
            f"at {clock(pt.start_hour)}"
            if pt.per_day == 1
            else f"from {clock(pt.start_hour)}, every {pt.spacing_hours:g} hours"
        )
        items.append(
            f"Patrols: grid workers walk their grids {e(_times(pt.per_day))} a day "
            f"{e(times)} ({pt.min_per_household:g} minutes per household); a round finds a "
            f"hidden issue with probability {pt.find_probability:.0%}."
        )
    else:
        items.append("Patrols: none; hidden issues are found only by screening, if at all.")
    scr = p.screening
    items.append(
        f"Screening: the police post visits key households every "
        f"{e(_plural(scr.interval_days, 'day'))} at {clock(scr.hour)} and finds a hidden "
        f"dispute with probability {scr.find_probability:.0%}."
    )
    jm = p.joint_meeting
    items.append(
        f"The joint meeting (community, property company, grid workers, owners) sits every "
        f"{e(_plural(jm.interval_days, 'day'))} at {clock(jm.hour)}."
    )
    esc = p.escalate
    parts = []
    if esc.grid_leader_hours is not None:
        parts.append(
            f"an issue still waiting with a grid leader after {esc.grid_leader_hours:g} hours "
            "goes up a rung"
        )
    if esc.community_hours is not None:
        parts.append(
            f"one still waiting at the committee after {esc.community_hours:g} hours goes up"
        )
    items.append(
        "Escalation by time: " + ("; ".join(parts) if parts else "none (only by need)") + "."
    )
    cap = esc.record_cap
    items.append(
        "Officials record the true level each issue reaches."
        if cap == "above_town"
        else f"Officials record escalations only up to the {e(cap.replace('_', ' '))}; higher "
        "ones are held back on paper (the true level is kept apart)."
    )
    lad = sc.ladder
    items.append(
        f"The ladder: a grid leader takes {e(duration(lad.grid_leader_min))}, a committee "
        f"decision {e(duration(lad.committee_min))}, the town {lad.town_mean_days:g} days on "
        f"average; a plan takes {lad.implementation_mean_days:g} days on average to carry out."
    )
    return items


def flow(value: Any) -> str:
    """A value as it would be written in the scenario file: `{repair: 0, fire: 1}`, `[1, 2]`."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    return "null" if value is None else str(value)


def _variants_html(sc: Scenario, variants: Sequence[str], sweep: bool) -> str:
    items = []
    for i, name in enumerate(variants):
        if name == "base" or (i == 0 and not sweep and name not in sc.variants):
            items.append(f"<li><strong>{e(name)}</strong>: the scenario as described above.</li>")
        elif sweep:
            items.append(
                f"<li><strong>{e(name)}</strong>: a design point of the sweep (its values are "
                "in the Sweep section).</li>"
            )
        elif name in sc.variants:
            changes = "; ".join(
                f"<code>{e(path)}</code> = <code>{e(flow(value))}</code>"
                for path, value in sc.variants[name].items()
            )
            items.append(f"<li><strong>{e(name)}</strong>: the base with {changes}.</li>")
        else:
            items.append(
                f"<li><strong>{e(name)}</strong>: another scenario file, run on the same seed "
                "(its settings are not repeated here).</li>"
            )
    intro = (
        "<p>Every variant was run on the same random demand: replication <em>r</em> of each "
        "variant sees exactly the same issues, so differences come from the staffing and "
        "rules, not from luck.</p>"
        if len(variants) > 1
        else ""
    )
    return f"{intro}<ul>{''.join(items)}</ul>"


# --------------------------------------------------------------------------------------
# Headline KPIs


def headline_lines(ci: dict[tuple[str, str, str], Interval]) -> list[tuple[str, str, str, str]]:
    """(kpi, scope, label, format) of every headline line, with one utilisation line per
    staff pool, in the order of `gridsim.stats.summary.HEADLINE`."""
    staff = sorted({s for (_, k, s) in ci if k == "utilisation"})
    lines = [(k, s, label, fmt) for k, s, label, fmt in HEADLINE]
    lines += [("utilisation", s, f"utilisation, {s.partition(':')[2]}", "{:.1%}") for s in staff]
    return lines


def format_value(value: float, fmt: str, kpi: str = "") -> str:
    """A KPI value as the report shows it; what its absence means when it has none (NaN),
    e.g. "no such issues"."""
    return undefined_text(kpi) if math.isnan(value) else format_number(value, fmt)


def format_interval(low: float, high: float, fmt: str) -> str:
    """'[low, high]', or '' when there is no interval (one replication)."""
    if math.isnan(low) or math.isnan(high):
        return ""
    return f"[{format_number(low, fmt)}, {format_number(high, fmt)}]"


def headline_html(
    ci: dict[tuple[str, str, str], Interval], variants: Sequence[str], sc: Scenario
) -> str:
    lines = [
        (k, s, lab, f)
        for k, s, lab, f in headline_lines(ci)
        if any((v, k, s) in ci for v in variants)
    ]
    head = "".join(
        f'<th scope="col" data-variant="{e(v)}">{e(v)}<br><span class="n">'
        f"{_plural(_n(ci, v), 'replication')}</span></th>"
        for v in variants
    )
    body = []
    for kpi, scope, label, fmt in lines:
        cells = []
        for v in variants:
            attrs = f'data-variant="{e(v)}" data-kpi="{e(kpi)}" data-scope="{e(scope)}"'
            if (v, kpi, scope) not in ci:
                cells.append(f'<td class="num missing" {attrs}>–</td>')
                continue
            mean, low, high, _ = ci[(v, kpi, scope)]
            text, note = describe(ci, (v, kpi, scope), fmt)
            cells.append(
                f'<td class="num" {attrs} data-mean="{mean!r}" data-low="{low!r}" '
                f'data-high="{high!r}"><span class="mean">{e(text)}</span>'
                + (f' <span class="ci">{e(note)}</span>' if note else "")
                + "</td>"
            )
        body.append(f'<tr><th scope="row">{e(label)}</th>{"".join(cells)}</tr>')
    worst = [_slowest_grid(ci, v) for v in variants]
    if any(worst):
        body.append(
            '<tr class="extra"><th scope="row">slowest grid (p90 time to on site)</th>'
            + "".join(f'<td class="num">{e(w or "–")}</td>' for w in worst)
            + "</tr>"
        )
    t = sc.targets
    return (
        "<p>Mean over replications, and below it the 95% interval of the mean (Student t, "
        "cut to the values the KPI can take: no share above 100%, no negative count). A "
        "percentile marked ≥ was not reached by the horizon in some runs (issues still open "
        "count at their time open), so it is a lower bound. "
        "Only issues reported after the warm-up count; times run from the report. The "
        f"targets: on site within {e(duration(t.on_site_min))}, routine issues resolved "
        f"within {e(duration(t.routine_resolved_min))}, complex issues planned within "
        f"{e(duration(t.complex_plan_min))}. “Ended with…” counts issues per run.</p>"
        '<div class="scroll"><table class="data headline" id="headline-table">'
        "<caption>Headline KPIs per variant: mean [95% interval]</caption>"
        f'<thead><tr><th scope="col">KPI</th>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )


def _n(ci: dict[tuple[str, str, str], Interval], variant: str) -> int:
    return max((c[3] for (v, _, _), c in ci.items() if v == variant), default=0)


def _slowest_grid(ci: dict[tuple[str, str, str], Interval], variant: str) -> str:
    p90 = {
        scope.partition(":")[2]: c[0]
        for (v, kpi, scope), c in ci.items()
        if v == variant
        and kpi == "on_site_p90_min"
        and scope.startswith("grid:")
        and not math.isnan(c[0])
    }
    if not p90:
        return ""
    grid = max(p90, key=p90.__getitem__)
    return f"{grid}: {describe(ci, (variant, 'on_site_p90_min', f'grid:{grid}'), '{:.1f}')[0]} min"


# --------------------------------------------------------------------------------------
# Figures


@dataclass(frozen=True)
class FigureSpec:
    key: str
    title: str
    alt: str
    caption: str
    draw: Callable[[], Any]


def figure_png(fig: Any) -> bytes:
    """A matplotlib figure as PNG bytes (the plots are pyplot-free `Figure`s: nothing to
    close, no GUI backend involved)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, bbox_inches="tight", metadata={"Software": None})
    return buf.getvalue()


def figure_html(spec: FigureSpec) -> str:
    """One figure with its caption; a figure that cannot be drawn says so, and why."""
    try:
        png = figure_png(spec.draw())
    except Exception as exc:  # one broken figure must not cost the planner the whole report
        return (
            f'<figure id="fig-{e(spec.key)}" class="failed"><p class="failed">This figure '
            f"could not be drawn ({e(type(exc).__name__)}: {e(exc)}).</p>"
            f"<figcaption><strong>{e(spec.title)}.</strong> {spec.caption}</figcaption></figure>"
        )
    data = base64.b64encode(png).decode("ascii")
    return (
        f'<figure id="fig-{e(spec.key)}"><img alt="{e(spec.alt)}" '
        f'src="data:image/png;base64,{data}">'
        f"<figcaption><strong>{e(spec.title)}.</strong> {spec.caption}</figcaption></figure>"
    )


def figure_specs(data: ResultsData, variants: Sequence[str]) -> list[FigureSpec]:
    """The main figures, in reading order, each with a caption that says what to look at."""
    from gridsim.views import plots

    sc = data.scenario
    warmup = sc.calendar.warmup_days * DAY_MIN
    horizon = sc.calendar.horizon_days * DAY_MIN
    t = sc.targets
    targets = {
        "on_site": t.on_site_min,
        "resolution": t.routine_resolved_min,
        "plan": t.complex_plan_min,
    }
    first = variants[0]
    return [
        FigureSpec(
            "ecdf-on-site",
            "Time to on site",
            "Cumulative share of issues with someone on site, against minutes after the "
            "report, one curve per variant",
            f"For each number of minutes, the share of issues that had someone on site by then "
            f"(all replications pooled). The line at {e(duration(t.on_site_min))} is the "
            "target: the higher a curve crosses it, the more issues meet it. A curve further "
            "left and higher is faster; look at the right-hand tail, the slowest issues, "
            "where variants often differ most.",
            lambda: plots.ecdf_figure(
                data.issues, metric="on_site", by="variant", targets=targets, warmup_min=warmup
            ),
        ),
        FigureSpec(
            "ecdf-resolution",
            "Time to resolution",
            "Cumulative share of issues resolved, against minutes after the report, one curve "
            "per variant",
            f"The same for resolution. The target line is {e(duration(t.routine_resolved_min))} "
            "for routine issues; complex issues need a plan first and take days, which makes "
            "the long tail. Curves that never reach 100% mean issues still open at the end.",
            lambda: plots.ecdf_figure(
                data.issues, metric="resolution", by="variant", targets=targets, warmup_min=warmup
            ),
        ),
        FigureSpec(
            "targets",
            "The three targets",
            "Share of issues meeting each of the three targets, per variant, with intervals",
            "The share of issues meeting each “三个一” target, per variant, with 95% intervals. "
            "Higher is better."
            + (
                " Where the intervals of two variants overlap, the comparison section below "
                "says whether the difference is clear (the paired comparison is sharper than "
                "overlapping bars suggest)."
                if len(variants) > 1
                else ""
            ),
            lambda: plots.target_shares_figure(data.summary, targets=targets),
        ),
        FigureSpec(
            "backlog",
            "Open issues over time",
            "Number of open issues over the run, per variant",
            "How many issues are open at each moment (averaged over replications). A level "
            "line means the staff keep up; a line that keeps climbing means demand outruns "
            "them and waiting times will grow with the length of the run. The first days are "
            "the warm-up.",
            lambda: plots.backlog_figure(data.issues, horizon, by="variant"),
        ),
        FigureSpec(
            "utilisation",
            "How busy the staff are",
            "Utilisation of each staff pool, per variant",
            "The share of on-duty time each pool of staff is busy. Above about 80% queues grow "
            "quickly and a small surge causes long waits; a pool near zero could help "
            "elsewhere.",
            lambda: plots.utilisation_figure(data.summary),
        ),
        FigureSpec(
            "map",
            "Where responses are slow",
            f"Map of the grids coloured by the 90th percentile time to on site, {first}",
            f"Each grid at its place in the community, coloured by the 90th percentile time to "
            f"on site (minutes) in <strong>{e(first)}</strong>: nine issues in ten were reached "
            "faster. The value is written in each square; the lighter the colour, the longer "
            "the wait. Look for the lightest grids, often far from the service hall or sharing "
            "a busy crew; the slowest grid is also named under the headline table.",
            lambda: plots.community_map_figure(
                data.summary, sc.community.grids, kpi="on_site_p90_min", variant=first
            ),
        ),
        FigureSpec(
            "escalation",
            "How far issues climb",
            "Issues ending at each rung of the ladder, per variant",
            "How many issues a run ended at each rung (mean per replication, one panel per "
            "variant): grid worker, grid leader, committee, joint meeting, town. The true rung "
            "and the recorded one stand side by side; they differ only when escalations are "
            "held back on paper. Most issues should end low, and the principle is that "
            "nothing goes above the town, so that shaded column should stay at 0.",
            lambda: plots.escalation_figure(data.summary),
        ),
    ]


def figures_html(data: ResultsData, variants: Sequence[str]) -> str:
    return "\n".join(figure_html(spec) for spec in figure_specs(data, variants))


# --------------------------------------------------------------------------------------
# Comparison


def comparison_table(data: ResultsData, variants: Sequence[str]):
    """`compare` of every variant against the first, on the headline KPIs it has."""
    present = set(data.summary.loc[data.summary["scope"] == "community", "kpi"])
    kpis = [k for k in HEADLINE_KPIS if k in present]
    return compare(data.summary, variants[0], list(variants[1:]), kpis=kpis)


def comparison_html(data: ResultsData, variants: Sequence[str]) -> str:
    base = variants[0]
    table = comparison_table(data, variants)
    blocks = []
    for other in variants[1:]:
        items = []
        for _, row in table[table["variant"] == other].iterrows():
            verdict = str(row["verdict"])
            cls = {"better": "better", "worse": "worse"}.get(verdict, "neutral")
            items.append(
                f'<li class="verdict {cls}" data-variant="{e(other)}" data-kpi="{e(row["kpi"])}">'
                f'<span class="tag">{e(verdict)}</span> {e(verdict_text(row))}</li>'
            )
        blocks.append(
            f'<h3>{e(other)} against {e(base)}</h3><ul class="verdicts">{"".join(items)}</ul>'
        )
    ranking = ""
    if len(variants) > 2:
        lines = []
        for kpi in ("on_site_p90_min", "target_on_site_share", "resolution_mean_min"):
            if kpi not in set(table["kpi"]):
                continue
            ranked = rank(data.summary, list(variants), kpi)
            order = ", ".join(
                f"{r.variant}{'' if r.distinguishable or r.rank == 1 else ' (tie)'}"
                for r in ranked.itertuples()
            )
            lines.append(f"<li>by the {e(kpi_label(kpi))}: {e(order)}</li>")
        ranking = (
            "<h3>Ranking</h3><p>Best first; “(tie)” marks a variant not clearly worse than the "
            "best (Bonferroni-adjusted paired intervals, 95% together).</p>"
            f"<ul>{''.join(lines)}</ul>"
        )
    intro = (
        f"<p>Each variant against <strong>{e(base)}</strong>, replication by replication on "
        "the same demand (a paired comparison). “Better” or “worse” means the 95% interval "
        "of the difference leaves no doubt about its direction; “no clear difference” means "
        "the runs cannot tell the two apart: more replications might, or the difference is "
        "too small to matter; “not reached” means a percentile was still open at the end of "
        "some run, so only a lower bound is known and a longer run is needed.</p>"
    )
    content = "\n".join(blocks)
    if len(variants) > 6:
        content = (
            f"<details><summary>{len(variants) - 1} comparisons with {e(base)}</summary>"
            f"{content}</details>"
        )
    return intro + content + ranking


# --------------------------------------------------------------------------------------
# Calibration and sweep


def calibration_html(data: ResultsData, figures: bool = True) -> str:
    from gridsim.views import plots

    cal = data.calibration
    rows = []
    for r in cal.to_dict("records"):
        seed = "–" if _missing(r.get("seed")) else f"{float(r['seed']):g}"
        verdict = str(r.get("verdict", ""))
        cls = {"inside": "better", "OUTSIDE": "worse"}.get(verdict, "neutral")
        rows.append(
            f'<tr><th scope="row">{e(r.get("figure", ""))}</th><td class="num">{e(seed)}</td>'
            f'<td class="num">{_num(r.get("mean"))} [{_num(r.get("ci_low"))}, '
            f'{_num(r.get("ci_high"))}]</td><td class="num">'
            f"{_num(max(_float(r.get('one_year_low')), 0.0))} to "
            f'{_num(r.get("one_year_high"))}</td><td class="{cls}">{e(verdict)}</td>'
            f"<td>{e(r.get('source', ''))}</td></tr>"
        )
    table = (
        '<div class="scroll"><table class="data"><caption>Simulated annual counts beside the '
        'source text\'s figures</caption><thead><tr><th scope="col">figure</th>'
        '<th scope="col">source figure</th><th scope="col">simulated mean [95% interval]</th>'
        '<th scope="col">one simulated year (95%)</th><th scope="col">verdict</th>'
        '<th scope="col">source</th></tr></thead><tbody>' + "".join(rows) + "</tbody></table></div>"
    )
    fig = ""
    if figures:
        fig = figure_html(
            FigureSpec(
                "calibration",
                "Calibration",
                "Simulated annual counts with their one-year ranges beside the source figures",
                "Each source figure is one year of one community, so it is held against the range "
                "a single simulated year falls in (95% prediction interval), not against the "
                "interval of the mean. A figure outside its range means an assumption to revisit; "
                "figures from other estates are shown for scale only.",
                lambda: plots.calibration_figure(cal),
            )
        )
    return (
        "<p>From <code>calibration.csv</code> (<code>gridsim calibrate</code>): does the model "
        "reproduce the counts the source text reports?</p>" + table + fig
    )


def _missing(v: Any) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


def _float(v: Any) -> float:
    try:
        return float(v)
    except (TypeError, ValueError):
        return math.nan


def _num(v: Any) -> str:
    f = _float(v)
    return "–" if math.isnan(f) else f"{f:,.1f}"


SWEEP_COLUMNS = ("point", "replication", "kpi", "scope", "value", "unit")


def sweep_parameters(sweep) -> list[str]:
    """The swept fields: every column of sweep.csv that is not part of the tidy table."""
    return [c for c in sweep.columns if c not in SWEEP_COLUMNS]


def sweep_html(data: ResultsData, figures: bool = True) -> str:
    from gridsim.views import plots

    sweep = data.sweep
    params = sweep_parameters(sweep)
    design = sweep[["point", *params]].drop_duplicates("point") if "point" in sweep else None
    out = [
        "<p>From <code>sweep.csv</code>: every design point is a variant of the scenario with "
        "the swept fields set as below, run on the same random demand.</p>"
    ]
    if design is not None and params:
        head = "".join(f'<th scope="col"><code>{e(p)}</code></th>' for p in params)
        rows = "".join(
            f'<tr><th scope="row">{e(r["point"])}</th>'
            + "".join(f'<td class="num">{e(r[p])}</td>' for p in params)
            + "</tr>"
            for r in design.to_dict("records")
        )
        out.append(
            '<details><summary>Design points</summary><div class="scroll"><table class="data">'
            f'<thead><tr><th scope="col">point</th>{head}</tr></thead><tbody>{rows}</tbody>'
            "</table></div></details>"
        )
    for i, param in enumerate(params[:4] if figures else []):
        others = [p for p in params if p != param]
        by = others[0] if len(others) == 1 else None
        for kpi in ("on_site_p90_min", "target_on_site_share"):
            out.append(
                figure_html(
                    FigureSpec(
                        f"sweep-{i}-{kpi}",
                        f"{kpi_label(kpi).capitalize()} against {param}",
                        f"{kpi_label(kpi)} against {param}"
                        + (f", one line per value of {by}" if by else ""),
                        f"The mean {e(kpi_label(kpi))} (with 95% intervals) as "
                        f"<code>{e(param)}</code> changes"
                        + (f", one line per value of <code>{e(by)}</code>" if by else "")
                        + ". Look for where the curve flattens: beyond it, more of the lever "
                        "buys little.",
                        lambda param=param, kpi=kpi, by=by: plots.sweep_figure(
                            sweep, param, kpi, by=by
                        ),
                    )
                )
            )
    return "\n".join(out)


# --------------------------------------------------------------------------------------
# Method


@dataclass(frozen=True)
class Note:
    """A remark of the scenario file about where a number comes from."""

    where: str  # the dotted path of the field it is about ("" when unknown)
    value: str  # the value beside it, for a remark on the same line
    text: str


@dataclass(frozen=True)
class SourceNotes:
    head: list[str]  # the comment block at the head of the file (where the file comes from)
    sourced: list[Note]  # remarks citing the source text ("(seed", "seed:")
    assumptions: list[Note]  # remarks naming an assumption


_KEY = re.compile(r"^(\s*)(?:-\s+)?([A-Za-z0-9_][A-Za-z0-9_.\-]*)\s*:(?=\s|$)(.*)$")
_BLOCK_SCALAR = re.compile(r"^[|>][-+0-9]*\s*$")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_ABBREVIATIONS = ("e.g.", "i.e.", "cf.", "vs.", "etc.", "approx.", "no.", "fig.")
_SOURCED = re.compile(r"\(seed|\bseed:", re.IGNORECASE)
_ASSUMED = re.compile(r"assumption", re.IGNORECASE)


def split_comment(line: str) -> tuple[str, str | None]:
    """(code, comment text or None): a '#' starts a comment at the line start or after a
    space, outside quotes."""
    quote = ""
    i = 0
    while i < len(line):
        ch = line[i]
        if quote:
            if quote == '"' and ch == "\\":
                i += 1
            elif ch == quote:
                quote = ""
        elif ch in "\"'" and (i == 0 or line[i - 1] in " \t:,[{-"):
            quote = ch
        elif ch == "#" and (i == 0 or line[i - 1] in " \t"):
            return line[:i], line[i + 1 :].strip()
        i += 1
    return line, None


def fragments(text: str) -> list[str]:
    """Sentences of a remark, each cut further at semicolons outside brackets."""
    out = []
    sentences: list[str] = []
    for piece in _SENTENCE_END.split(" ".join(text.split())):
        if sentences and sentences[-1].lower().endswith(_ABBREVIATIONS):
            sentences[-1] += " " + piece
        else:
            sentences.append(piece)
    for sentence in sentences:
        depth, start = 0, 0
        for i, ch in enumerate(sentence):
            depth += ch in "([{"
            depth -= ch in ")]}" and depth > 0
            if ch == ";" and depth == 0:
                out.append(sentence[start:i])
                start = i + 1
        out.append(sentence[start:])
    return [f.strip() for f in out if f.strip()]


def source_notes(text: str) -> SourceNotes:
    """The remarks of a scenario file about sources and assumptions, by the field they
    annotate: a comment on a field's line is about that field; a block of comment lines is
    about the field that follows it; the block before the first field is the file's head."""
    head: list[str] = []
    remarks: list[tuple[str, str, str]] = []  # (where, value, text)
    stack: list[tuple[int, str]] = []
    block: list[str] = []
    scalar_indent: int | None = None  # inside a block scalar (|, >) deeper than this
    seen_key = False
    for raw in text.splitlines():
        indent = len(raw) - len(raw.lstrip(" "))
        if scalar_indent is not None:
            if not raw.strip() or indent > scalar_indent:
                continue
            scalar_indent = None
        code, comment = split_comment(raw)
        if not code.strip():
            if comment is not None:
                block.append(comment)
            elif block:  # a blank line ends a block; it still annotates what follows
                block.append("\n")
            continue
        match = _KEY.match(code)
        if match:
            key_indent = len(match.group(1)) + (2 if code.lstrip().startswith("-") else 0)
            while stack and stack[-1][0] >= key_indent:
                stack.pop()
            stack.append((key_indent, match.group(2)))
            seen_before = seen_key
            seen_key = True
            value = match.group(3).strip()
            if _BLOCK_SCALAR.match(value):
                scalar_indent = key_indent
            where = ".".join(k for _, k in stack)
        else:
            seen_before = seen_key
            value, where = code.strip(), ".".join(k for _, k in stack)
        if block:
            joined = " ".join(b for b in block if b != "\n")
            if seen_before:
                remarks.append((where, "", joined))
            else:
                head.extend(p for p in _paragraphs(block))
            block = []
        if comment:
            shown = value if len(value) <= 80 else value[:77] + "..."
            remarks.append((where, shown, comment))
    if block:
        remarks.append(("", "", " ".join(b for b in block if b != "\n")))
    sourced: list[Note] = []
    assumed: list[Note] = []
    for where, value, remark in remarks:
        for frag in fragments(remark):
            note = Note(where, value, frag)
            if _SOURCED.search(frag) and note not in sourced:
                sourced.append(note)
            if _ASSUMED.search(frag) and note not in assumed:
                assumed.append(note)
    return SourceNotes(head, sourced, assumed)


def _paragraphs(block: list[str]) -> Iterable[str]:
    para: list[str] = []
    for line in [*block, "\n"]:
        if line == "\n":
            if para:
                yield " ".join(para)
            para = []
        elif line:
            para.append(line)


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


def method_html(data: ResultsData, variants: Sequence[str]) -> str:
    m, sc = data.manifest, data.scenario
    cal = sc.calendar
    reps = _replication_count(data)
    streams = m.get("streams") or []
    versions = m.get("versions") or {}
    hashes = m.get("scenario_hash") or {}
    if isinstance(hashes, str):
        hashes = {variants[0]: hashes}
    facts = [
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
            f"{e(_plural(cal.horizon_days, 'day'))} from {cal.start_date:%Y-%m-%d} "
            "(a terminating run of fixed length)",
        ),
        (
            "Warm-up",
            f"{e(_plural(cal.warmup_days, 'day'))}, left out: only issues reported after it "
            "count (<code>gridsim warmup</code> gives the MSER-5 truncation point)",
        ),
        (
            "Runs",
            f"{e(m.get('runs', '?'))}"
            + (f" ({e(m['resumed_runs'])} resumed)" if m.get("resumed_runs") else "")
            + f" on the <code>{e(m.get('executor', '?'))}</code> executor, "
            f"{_int(m.get('events'))} events, {_float(m.get('cpu_seconds')):.2f} CPU-seconds",
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


def _int(v: Any) -> str:
    f = _float(v)
    return "?" if math.isnan(f) else f"{int(f):,}"


# --------------------------------------------------------------------------------------
# Style: system fonts only, readable on screen and on paper


CSS = """
:root { --ink: #1f2328; --muted: #59636e; --line: #d0d7de; --band: #f6f8fa;
  --good: #1a7f37; --bad: #cf222e; --accent: #0b5cad; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 72rem; padding: 1.5rem 2rem 3rem; color: var(--ink);
  font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans",
  "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; background: #fff; }
h1 { font-size: 1.9rem; margin: 0 0 .4rem; }
h2 { font-size: 1.45rem; margin: 2.4rem 0 .8rem; padding-bottom: .3rem;
  border-bottom: 2px solid var(--line); }
h3 { font-size: 1.15rem; margin: 1.6rem 0 .5rem; }
h4 { font-size: 1rem; margin: 1.2rem 0 .4rem; }
p, li { max-width: 62rem; }
.lead { color: var(--muted); }
nav ol { display: flex; flex-wrap: wrap; gap: .3rem 1.4rem; padding: .6rem 1rem;
  margin: 1rem 0; list-style: none; background: var(--band); border-radius: 6px; }
a { color: var(--accent); }
code { font: .9em/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  background: var(--band); padding: 0 .2em; border-radius: 3px; overflow-wrap: anywhere; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; margin: .6rem 0 1rem; }
caption { text-align: left; font-weight: 600; padding: .3rem 0; }
th, td { border-bottom: 1px solid var(--line); padding: .35rem .7rem; text-align: left;
  vertical-align: top; }
thead th { background: var(--band); border-bottom: 2px solid var(--line); }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.headline td .mean { font-weight: 600; }
.headline td .ci, .n { display: block; color: var(--muted); font-size: .85em;
  font-weight: normal; }
tr.extra td { color: var(--muted); }
figure { margin: 1.8rem 0; padding: 0; }
figure img { display: block; max-width: 100%; height: auto; border: 1px solid var(--line); }
figcaption { margin-top: .5rem; color: var(--muted); max-width: 62rem; }
figcaption strong { color: var(--ink); }
p.failed { color: var(--bad); }
ul.verdicts { list-style: none; padding-left: 0; }
ul.verdicts li { margin: .35rem 0; }
.tag { display: inline-block; min-width: 9.5em; font-size: .8em; font-weight: 600;
  text-align: center; padding: .05rem .4rem; margin-right: .4rem; border-radius: 4px;
  background: var(--band); border: 1px solid var(--line); }
.better .tag, td.better { color: var(--good); }
.worse .tag, td.worse { color: var(--bad); }
.better .tag { border-color: var(--good); }
.worse .tag { border-color: var(--bad); }
table.facts th { width: 12rem; white-space: nowrap; }
details { margin: .6rem 0; }
summary { cursor: pointer; color: var(--accent); }
ul.streams { columns: 3 16rem; font-size: .85em; }
blockquote.head { margin: .6rem 0; padding: .2rem 1rem; border-left: 4px solid var(--line);
  color: var(--muted); }
footer { margin-top: 3rem; color: var(--muted); font-size: .9em;
  border-top: 1px solid var(--line); }
@media print { body { max-width: none; padding: 0; } nav { display: none; }
  figure, table { break-inside: avoid; } details > *:not(summary) { display: block; } }
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
