"""The scenario in plain words: place, staff, demand, rules, targets and variants, as a
planner would describe them (the report's first section)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from gridsim.scenario.roster import describe
from gridsim.scenario.schema import CREW_COLOURS, Crews, Scenario
from gridsim.views.report.order_rules import rules_html
from gridsim.views.report.text import clock, duration, e, plural

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
    if sc.orders.enabled:
        out.append("<h3>Work orders</h3>")
        out.append(rules_html(sc))
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


def _times(n: int) -> str:
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


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
        f"<strong>{e(com.name)}</strong>: {e(plural(len(com.grids), 'grid'))} with "
        f"{total:,} households ({e(spread)}).",
        f"About {vulnerable:,.0f} vulnerable households ({vulnerable / total:.0%}: elderly "
        f"living alone, disabled) and {key:,.0f} key households ({key / total:.0%}), whom the "
        "police post screens.",
        f"Crews start the day at the service hall ({com.hall_x_km:g} km east, "
        f"{com.hall_y_km:g} km north) and travel at {travel.speed_kmh:g} km/h "
        f"({'along streets' if travel.metric == 'manhattan' else 'in a straight line'}), "
        f"plus {e(duration(travel.overhead_min))} to set off and find the door.",
        f"The run covers {e(plural(cal.horizon_days, 'day'))} from {cal.start_date:%d %B %Y}; "
        f"the first {e(plural(cal.warmup_days, 'day'))} are a warm-up, left out of every "
        "statistic.",
        *_duty_items(sc),
    ]


def _duty_items(sc: Scenario) -> list[str]:
    """Who is on duty when: each roster in words, the default shift, the holidays."""
    cal, rosters = sc.calendar, sc.staff.rosters
    default = (
        "around the clock"
        if cal.shift.always_on
        else f"from {clock(cal.shift.start_hour)} to {clock(cal.shift.end_hour)} every day"
    )
    if not rosters:
        after = "; outside those hours only the on-call crews answer, and only urgent issues."
        return [f"Staff are on duty {default}{'.' if cal.shift.always_on else after}"]
    label = {"hall": "the hall's duty desk", "mediation": "mediators"}
    out = [f"Rosters: {e(label.get(group, group.replace('_', ' ')))}: {e(describe(shifts))}."
           for group, shifts in rosters.items()]  # fmt: skip
    out.append(f"Staff groups without a roster are on duty {default}.")
    if cal.holidays:
        days = sum(h.days for h in cal.holidays)
        names = ", ".join(h.name for h in cal.holidays)
        out.append(f"Public holidays: {plural(days, 'day')} ({e(names)}); only shifts for "
                   "holidays run on them.")  # fmt: skip
    return out


def _staff_items(sc: Scenario) -> list[str]:
    st = sc.staff
    grids = len(sc.community.grids)
    workers = sc.grid_workers()
    if st.grid_workers is None:
        gw = f"{plural(len(workers), 'grid worker')}, one per grid"
    else:
        gw = f"{plural(len(workers), 'grid worker')} covering the {plural(grids, 'grid')}"
    led = len({g for a in st.grid_leaders for g in a.grids})
    over = f"all {plural(grids, 'grid')}" if led == grids else f"{led} of the {grids} grids"
    leaders = (
        f"{plural(len(st.grid_leaders), 'grid leader')} over {over}"
        if st.grid_leaders
        else "no grid leaders"
    )
    crews = ", ".join(
        f"{getattr(st.crews, c)} {c} ({_lower_first(Crews.model_fields[c].description or '')})"
        for c in CREW_COLOURS
    )
    on_call = [f"{getattr(st.on_call, c)} {c}" for c in CREW_COLOURS if getattr(st.on_call, c)]
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
        _volunteers(sc),
        f"{e(plural(st.committee, 'committee member'))} deciding in the deliberation room, and "
        f"{e(plural(st.mediators, 'mediator'))} in the mediation room.",
    ]


def _volunteers(sc: Scenario) -> str:
    """Who volunteers, and when: every day's hours, or their organised events."""
    vol, events = sc.staff.volunteers, sc.staff.rosters.get("volunteer")
    if not vol.count:
        return "No volunteers."
    who = e(plural(vol.count, "volunteer"))
    if not events:
        return (f"{who}, from {clock(vol.start_hour)} to {clock(vol.end_hour)} each day "
                "(care visits, “micro wishes”).")  # fmt: skip
    each = "; ".join(
        f"{'/'.join(s.days)} {clock(s.start_hour)}-{clock(s.end_hour)}"
        + ("" if s.count is None else f", {s.count} attending")
        for s in events
    )
    cap = vol.max_hours_per_month
    limit = "" if cap is None else f"; each gives at most {cap:g} hours a month"
    return f"{who}, working at organised events ({e(each)}){limit}."


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
    months = ", ".join(str(m) for m in heating.months)
    kept = "their annual rate kept" if heating.keeps_annual_rate else "on top of their annual rate"
    season = (
        f" Kinds marked for heating are {heating.multiplier:g} times as frequent in months "
        f"{months} as in the others ({kept})."
        if heating.multiplier != 1
        else ""
    )
    if heating.travel_factor != 1:
        season += f" Trips take {heating.travel_factor:g} times as long in months {months}."
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
        f"{e(plural(scr.interval_days, 'day'))} at {clock(scr.hour)} and finds a hidden "
        f"dispute with probability {scr.find_probability:.0%}."
    )
    jm = p.joint_meeting
    items.append(
        f"The joint meeting (community, property company, grid workers, owners) sits every "
        f"{e(plural(jm.interval_days, 'day'))} at {clock(jm.hour)}."
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
