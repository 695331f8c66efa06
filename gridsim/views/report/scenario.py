"""The scenario in plain words: place, staff, demand, rules, targets and variants, as a
planner would describe them (the report's first section)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from gridsim.i18n import _
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
RUNGS = {"grid_leader": "grid leader", "community": "committee", "joint_meeting": "joint meeting"}
"""A rung of the ladder in words (the town is "town")."""
URGENT_TEXT = {"never": "no", "high": "high severity only", "always": "all"}


def scenario_html(sc: Scenario, variants: Sequence[str], sweep: bool = False) -> str:
    """The scenario as a planner would describe it: place, staff, demand, rules, targets."""
    out = []
    if sc.description.strip():
        out.append(f'<p class="description">{e(sc.description.strip())}</p>')
    out.append(f"<h3>{e(_('Community and calendar'))}</h3>")
    out.append(f"<ul>{''.join(f'<li>{x}</li>' for x in _community_items(sc))}</ul>")
    out.append(f"<h3>{e(_('Staff'))}</h3>")
    out.append(f"<ul>{''.join(f'<li>{x}</li>' for x in _staff_items(sc))}</ul>")
    out.append(f"<h3>{e(_('Demand'))}</h3>")
    out.append(_demand_table(sc))
    out.append(f"<h3>{e(_('Rules'))}</h3>")
    out.append(f"<ul>{''.join(f'<li>{x}</li>' for x in _policy_items(sc))}</ul>")
    if sc.orders.enabled:
        out.append(f"<h3>{e(_('Work orders'))}</h3>")
        out.append(rules_html(sc))
    out.append(f"<h3>{e(_('Targets'))}</h3>")
    t = sc.targets
    items = [
        _("someone on site within {t} (every issue);").format(t=duration(t.on_site_min)),
        _("routine issues resolved within {t};").format(t=duration(t.routine_resolved_min)),
        _("complex issues (those needing the committee or higher) given a plan within {t}.")
        .format(t=duration(t.complex_plan_min)),
    ]  # fmt: skip
    out.append(
        f"<p>{e(_('The “三个一” targets, measured from the report of each issue:'))}</p><ul>"
        + "".join(f"<li>{e(x)}</li>" for x in items)
        + f"</ul><p>{e(_('An issue not done by the end of the run counts as a miss.'))}</p>"
    )
    out.append(f"<h3>{e(_('Variants'))}</h3>")
    out.append(_variants_html(sc, variants, sweep))
    return "\n".join(out)


def _times(n: int) -> str:
    return {1: _("once"), 2: _("twice")}.get(n) or _("{n} times").format(n=n)


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
        _("{n} per grid").format(n=f"{min(sizes):,}")
        if min(sizes) == max(sizes)
        else _("{low} to {high} per grid").format(low=f"{min(sizes):,}", high=f"{max(sizes):,}")
    )
    travel = com.travel
    how = _("along streets") if travel.metric == "manhattan" else _("in a straight line")
    texts = [
        _("{grids} with {n} households ({spread}).").format(
            grids=plural(len(com.grids), "grid"), n=f"{total:,}", spread=spread
        ),
        _("About {v} vulnerable households ({vs}: elderly living alone, disabled) and {k} key "
          "households ({ks}), whom the police post screens.").format(
            v=f"{vulnerable:,.0f}", vs=f"{vulnerable / total:.0%}", k=f"{key:,.0f}",
            ks=f"{key / total:.0%}"),
        _("Crews start the day at the service hall ({x:g} km east, {y:g} km north) and travel "
          "at {speed:g} km/h ({how}), plus {t} to set off and find the door.").format(
            x=com.hall_x_km, y=com.hall_y_km, speed=travel.speed_kmh, how=how,
            t=duration(travel.overhead_min)),
        _("The run covers {days} from {start}; the first {warmup} are a warm-up, left out of "
          "every statistic.").format(
            days=plural(cal.horizon_days, "day"), start=f"{cal.start_date:%Y-%m-%d}",
            warmup=plural(cal.warmup_days, "day")),
    ]  # fmt: skip
    first = f"<strong>{e(com.name)}</strong>: {e(texts[0])}"
    return [first, *(e(t) for t in texts[1:]), *_duty_items(sc)]


def _duty_items(sc: Scenario) -> list[str]:
    """Who is on duty when: each roster in words, the default shift, the holidays."""
    cal, rosters = sc.calendar, sc.staff.rosters
    default = (
        _("around the clock")
        if cal.shift.always_on
        else _("from {start} to {end} every day").format(
            start=clock(cal.shift.start_hour), end=clock(cal.shift.end_hour)
        )
    )
    if not rosters:
        if cal.shift.always_on:
            return [e(_("Staff are on duty {when}.").format(when=default))]
        return [e(_("Staff are on duty {when}; outside those hours only the on-call crews "
                    "answer, and only urgent issues.").format(when=default))]  # fmt: skip
    label = {"hall": _("the hall's duty desk"), "mediation": _("mediators")}
    out = [e(_("Rosters: {group}: {shifts}.").format(
               group=label.get(group) or _(group.replace("_", " ")), shifts=describe(shifts)))
           for group, shifts in rosters.items()]  # fmt: skip
    out.append(e(_("Staff groups without a roster are on duty {when}.").format(when=default)))
    if cal.holidays:
        days = sum(h.days for h in cal.holidays)
        names = ", ".join(h.name for h in cal.holidays)
        out.append(e(_("Public holidays: {days} ({names}); only shifts for holidays run on "
                       "them.").format(days=plural(days, "day"), names=names)))  # fmt: skip
    return out


def _staff_items(sc: Scenario) -> list[str]:
    st = sc.staff
    grids = len(sc.community.grids)
    workers = sc.grid_workers()
    if st.grid_workers is None:
        gw = _("{workers}, one per grid").format(workers=plural(len(workers), "grid worker"))
    else:
        gw = _("{workers} covering the {grids}").format(
            workers=plural(len(workers), "grid worker"), grids=plural(grids, "grid")
        )
    led = len({g for a in st.grid_leaders for g in a.grids})
    over = (
        _("all {grids}").format(grids=plural(grids, "grid"))
        if led == grids
        else _("{led} of the {n} grids").format(led=led, n=grids)
    )
    leaders = (
        _("{leaders} over {over}").format(
            leaders=plural(len(st.grid_leaders), "grid leader"), over=over
        )
        if st.grid_leaders
        else _("no grid leaders")
    )
    crews = ", ".join(
        f"{getattr(st.crews, c)} {_(c)} "
        f"({_(_lower_first(Crews.model_fields[c].description or ''))})"
        for c in CREW_COLOURS
    )
    on_call = [f"{getattr(st.on_call, c)} {_(c)}" for c in CREW_COLOURS if getattr(st.on_call, c)]
    texts = [
        _("{workers}: they take residents' reports ({t} to take one and pass it on), patrol "
          "their grids and settle what they can.").format(workers=gw, t=duration(st.triage_min)),
        _("{leaders}: the second rung of the ladder.").format(leaders=leaders),
        _("Quick-repair crews (the four colours): {crews}.").format(crews=crews),
        _("Night on-call crews: {crews}; a call-out adds {t}.").format(
            crews=", ".join(on_call), t=duration(st.callout_min))
        if on_call
        else _("No night on-call crews: issues reported after hours wait for the morning."),
    ]  # fmt: skip
    rooms = _("{committee} deciding in the deliberation room, and {mediators} in the mediation "
              "room.").format(committee=plural(st.committee, "committee member"),
                              mediators=plural(st.mediators, "mediator"))  # fmt: skip
    return [*(e(t) for t in texts), _volunteers(sc), e(rooms)]


def _volunteers(sc: Scenario) -> str:
    """Who volunteers, and when: every day's hours, or their organised events."""
    vol, events = sc.staff.volunteers, sc.staff.rosters.get("volunteer")
    if not vol.count:
        return e(_("No volunteers."))
    who = plural(vol.count, "volunteer")
    if not events:
        return e(_("{who}, from {start} to {end} each day (care visits, “micro wishes”).").format(
            who=who, start=clock(vol.start_hour), end=clock(vol.end_hour)))  # fmt: skip
    each = "; ".join(
        f"{'/'.join(s.days)} {clock(s.start_hour)}-{clock(s.end_hour)}"
        + ("" if s.count is None else _(", {n} attending").format(n=s.count))
        for s in events
    )
    cap = vol.max_hours_per_month
    limit = "" if cap is None else _("; each gives at most {h:g} hours a month").format(h=cap)
    return e(_("{who}, working at organised events ({events}){limit}.").format(
        who=who, events=each, limit=limit))  # fmt: skip


def _lower_first(text: str) -> str:
    text = text.rstrip(".")
    return text[:1].lower() + text[1:]


def _demand_table(sc: Scenario) -> str:
    total, vulnerable, _key = _households(sc)
    rows = []
    for name, kind in sc.demand.kinds.items():
        base = vulnerable if kind.households == "vulnerable" else total
        per_year = kind.rate_per_household_year * base
        who = _("vulnerable households" if kind.households == "vulnerable" else "all households")
        rows.append(
            f'<tr><th scope="row">{e(_(name))}</th><td>{e(_(HANDLER_TEXT[kind.handler]))}</td>'
            f'<td class="num">{kind.rate_per_household_year:g}</td><td>{e(who)}</td>'
            f'<td class="num">{per_year:,.0f}</td><td class="num">{kind.latent_share:.0%}</td>'
            f"<td>{e(_(URGENT_TEXT[kind.urgent]))}</td><td>{e(_(kind.description))}</td></tr>"
        )
    heating = sc.demand.heating_season
    months = ", ".join(str(m) for m in heating.months)
    kept = _("their annual rate kept" if heating.keeps_annual_rate
             else "on top of their annual rate")  # fmt: skip
    season = (
        " " + _("Kinds marked for heating are {m:g} times as frequent in months {months} as in "
                "the others ({kept}).").format(m=heating.multiplier, months=months, kept=kept)
        if heating.multiplier != 1
        else ""
    )  # fmt: skip
    if heating.travel_factor != 1:
        season += " " + _("Trips take {f:g} times as long in months {months}.").format(
            f=heating.travel_factor, months=months
        )
    channels = ", ".join(
        _("{name} {share} (after {t} on average)").format(
            name=_(name), share=f"{ch.share:.0%}", t=duration(ch.mean_delay_min)
        )
        for name, ch in sc.demand.channels.items()
    )
    heads = ("kind", "who answers", "per household a year", "raised by", "about a year",
             "hidden (found only on rounds or visits)", "night call-out", "note")  # fmt: skip
    caption = _("Kinds of issue and how often households raise them")
    note = _("“About a year” is the rate times the households, before the monthly and hourly "
             "profiles.{season} Residents report through: {channels}.").format(
        season=season, channels=channels)  # fmt: skip
    return (
        f'<div class="scroll"><table class="data"><caption>{e(caption)}</caption><thead><tr>'
        + "".join(f'<th scope="col">{e(_(h))}</th>' for h in heads)
        + "</tr></thead><tbody>"
        + "".join(rows)
        + f"</tbody></table></div><p>{e(note)}</p>"
    )


def _policy_items(sc: Scenario) -> list[str]:
    p = sc.policy
    items = [_("Which crew goes: {rule}.").format(rule=_(DISPATCH_TEXT[p.dispatch]))]
    queue = _(QUEUE_TEXT[p.queue])
    if p.queue == "severity_ageing":
        queue += " " + _("(each severity rank is worth {t} of waiting)").format(
            t=duration(p.ageing_min)
        )
    items.append(_("Which waiting issue is served first: {rule}.").format(rule=queue))
    items.append(_patrol_item(sc))
    scr, jm = p.screening, p.joint_meeting
    items.append(
        _("Screening: the police post visits key households every {days} at {at} and finds a "
          "hidden dispute with probability {p}.").format(
            days=plural(scr.interval_days, "day"), at=clock(scr.hour),
            p=f"{scr.find_probability:.0%}")
    )  # fmt: skip
    items.append(
        _("The joint meeting (community, property company, grid workers, owners) sits every "
          "{days} at {at}.").format(days=plural(jm.interval_days, "day"), at=clock(jm.hour))
    )  # fmt: skip
    esc = p.escalate
    parts = []
    if esc.grid_leader_hours is not None:
        parts.append(_("an issue still waiting with a grid leader after {h:g} hours goes up a "
                       "rung").format(h=esc.grid_leader_hours))  # fmt: skip
    if esc.community_hours is not None:
        parts.append(_("one still waiting at the committee after {h:g} hours goes up").format(
            h=esc.community_hours))  # fmt: skip
    items.append(_("Escalation by time: {rules}.").format(
        rules="; ".join(parts) if parts else _("none (only by need)")))  # fmt: skip
    cap = esc.record_cap
    items.append(
        _("Officials record the true level each issue reaches.")
        if cap == "above_town"
        else _("Officials record escalations only up to the {cap}; higher ones are held back on "
               "paper (the true level is kept apart).").format(cap=_(RUNGS.get(cap, cap)))
    )  # fmt: skip
    lad = sc.ladder
    items.append(
        _("The ladder: a grid leader takes {leader}, a committee decision {committee}, the town "
          "{town:g} days on average; a plan takes {plan:g} days on average to carry out.").format(
            leader=duration(lad.grid_leader_min), committee=duration(lad.committee_min),
            town=lad.town_mean_days, plan=lad.implementation_mean_days)
    )  # fmt: skip
    return [e(x) for x in items]


def _patrol_item(sc: Scenario) -> str:
    pt = sc.policy.patrol
    if not pt.per_day:
        return _("Patrols: none; hidden issues are found only by screening, if at all.")
    times = (
        _("at {at}").format(at=clock(pt.start_hour))
        if pt.per_day == 1
        else _("from {at}, every {h:g} hours").format(at=clock(pt.start_hour), h=pt.spacing_hours)
    )
    return _(
        "Patrols: grid workers walk their grids {times_a_day} a day {when} ({m:g} minutes per "
        "household); a round finds a hidden issue with probability {p}."
    ).format(times_a_day=_times(pt.per_day), when=times, m=pt.min_per_household,
             p=f"{pt.find_probability:.0%}")  # fmt: skip


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
        head = f"<li><strong>{e(name)}</strong>: "
        if name == "base" or (i == 0 and not sweep and name not in sc.variants):
            items.append(head + e(_("the scenario as described above.")) + "</li>")
        elif sweep:
            items.append(head + e(_("a design point of the sweep (its values are in the Sweep "
                                    "section).")) + "</li>")  # fmt: skip
        elif name in sc.variants:
            changes = "; ".join(
                f"<code>{e(path)}</code> = <code>{e(flow(value))}</code>"
                for path, value in sc.variants[name].items()
            )
            items.append(head + e(_("the base with")) + f" {changes}.</li>")
        else:
            items.append(head + e(_("another scenario file, run on the same seed (its settings "
                                    "are not repeated here).")) + "</li>")  # fmt: skip
    intro = (
        "<p>"
        + e(_("Every variant was run on the same random demand: replication r of each variant "
              "sees exactly the same issues, so differences come from the staffing and rules, "
              "not from luck."))
        + "</p>"
        if len(variants) > 1
        else ""
    )  # fmt: skip
    return f"{intro}<ul>{''.join(items)}</ul>"
