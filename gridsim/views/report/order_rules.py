"""The scenario's work orders (`orders:`) in words: deadlines per category with their units,
working time, the check, the call-back and who makes it, closing badly and reopening,
overdue supervision and what each rung has the authority to decide."""

from __future__ import annotations

from gridsim.scenario.orders import Category, Deadline, Orders
from gridsim.scenario.schema import Scenario
from gridsim.views.report.text import clock, duration, e, plural

RUNG_TEXT = {
    "grid_worker": "a grid worker",
    "grid_leader": "a grid leader",
    "community": "the committee",
    "joint_meeting": "the joint meeting",
    "town": "the town",
}
CALLER_TEXT = {"grid_worker": "the order's grid worker", "hall": "the hall's duty desk"}


def deadline_text(d: Deadline) -> str:
    """A deadline with its unit: '15 minutes', '1 day' (clock), '8 working hours',
    '5 working days'."""
    if d.unit == "working_hours":
        return plural(d.value, "working hour")
    if d.unit == "working_days":
        return plural(d.value, "working day")
    return duration(d.value * 60)


def rules_html(sc: Scenario) -> str:
    """The `orders:` section in words: a table of the categories, then the rules."""
    o = sc.orders
    rows = "".join(_category_row(c) for c in o.categories)
    table = (
        '<div class="scroll"><table class="data" id="order-categories"><caption>Deadlines of '
        "work orders by category (an order takes the first that covers its kind and "
        'severity)</caption><thead><tr><th scope="col">category</th><th scope="col">kinds</th>'
        '<th scope="col">severities</th><th scope="col">signed for within</th>'
        f'<th scope="col">resolved within</th></tr></thead><tbody>{rows}</tbody></table></div>'
    )
    return (
        "<p>Every problem reported or found is a work order (工单): signed for (签收) when the "
        "grid worker or the hall takes it, handled, checked (核查), closed and called back "
        "(回访). Its deadlines run from the report (a hotline order's from the call).</p>"
        + table
        + f"<ul>{''.join(f'<li>{x}</li>' for x in order_items(o))}</ul>"
    )


def _category_row(c: Category) -> str:
    kinds = ", ".join(c.kinds) or "every kind"
    severities = ", ".join(c.severities) or "every severity"
    return (
        f'<tr><th scope="row">{e(c.name)}</th><td>{e(kinds)}</td><td>{e(severities)}</td>'
        f"<td>{e(deadline_text(c.sign_off))}</td><td>{e(deadline_text(c.resolve))}</td></tr>"
    )


def order_items(o: Orders) -> list[str]:
    """The rules of work orders beyond their deadlines, one sentence each (HTML)."""
    oh, cl, cb = o.office_hours, o.closing, o.callback
    items = [
        f"Working time is office hours, {clock(oh.start_hour)} to {clock(oh.end_hour)} on "
        "working days (weekends and public holidays off, adjusted working days on).",
    ]
    if o.transfer_min:
        via = "; ".join(f"{e(ch)} orders {e(duration(m))} after the call"
                        for ch, m in o.transfer_min.items())  # fmt: skip
        items.append(f"Orders passed on through the town reach the community late: {via}.")
    items.append(
        f"Before closing, the grid worker checks the work ({e(duration(cl.check_min))})."
        if cl.check_min
        else "Orders are closed without a check."
    )
    lift = f", each {cb.lift:+.0%} for this caller" if cb.lift else ""
    items.append(
        f"The call-back: {e(CALLER_TEXT[cb.by])} calls the resident "
        f"{e(duration(cb.delay_hours * 60))} after closing ({e(duration(cb.minutes))} a call); "
        f"the resident is satisfied with chance {cb.satisfied:.0%} when the problem is solved "
        f"in time, {cb.satisfied_late:.0%} when solved late and {cb.satisfied_unsolved:.0%} "
        f"when it remains{lift}."
    )
    items.append(
        f"A closed order's problem remains with chance {cl.unsolved:.0%}, or "
        f"{cl.unsolved_rushed:.0%} when the work was rushed (in the last {cl.rush_share:.0%} of "
        f"its deadline, or after supervision); a resident whose problem remains reports it "
        f"again with chance {cl.reopen:.0%} (after {plural(cl.reopen_mean_days, 'day')} on "
        f"average, at most {_times(cl.max_reopens)}), and a dissatisfied one goes above the "
        f"town (the county hotline, a petition) with chance {cl.bypass:.0%}."
    )
    sv = o.supervision
    items.append(
        "Overdue supervision (督办): at the resolution deadline an open order is supervised "
        "from the rung above (yellow light), and again (red light) when "
        + (
            "as long again"
            if sv.red_after_share == 1
            else f"{sv.red_after_share:g} times as long again"
        )
        + " has passed."
        if sv.enabled
        else "No overdue supervision: a missed deadline sends nothing up."
    )
    items.append(_authority(o))
    return items


def _times(n: int) -> str:
    return {0: "never", 1: "once", 2: "twice"}.get(n, f"{n} times")


def _authority(o: Orders) -> str:
    """Who may decide what: spending limits, cross-grid matters, county departments, and
    what each kind's orders need."""
    a = o.authority
    if a is None:
        return ("No authority limits: each kind's escalation shares decide how far an order "
                "goes.")  # fmt: skip
    limits = ", ".join(f"{RUNG_TEXT[r]} {v:,.0f} CNY" for r, v in a.spending_limit_cny.items())
    d = o.departments
    needs = "; ".join(
        f"{e(kind)}: money {n.money:.0%} (mean {n.money_mean_cny:,.0f} CNY), across grids "
        f"{n.cross_grid:.0%}, a county department {n.department:.0%}"
        for kind, n in o.needs.items()
    )
    return (
        f"Authority: an order goes up at once past a rung that cannot decide it. Each rung "
        f"may spend alone: {e(limits)}; the town any sum. Matters across grids are settled "
        f"from {e(RUNG_TEXT[a.cross_grid])} up; only {e(RUNG_TEXT[a.department])} summons a "
        f"county department (吹哨报到: {e(plural(d.teams, 'team'))}, "
        f"{d.mean_hours:g} hours a case on average)."
        + (f" What orders need, drawn with each: {needs}." if needs else "")
    )


__all__ = ["deadline_text", "order_items", "rules_html"]
