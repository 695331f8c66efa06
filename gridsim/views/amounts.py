"""Numbers as a planner reads them, in either language: shares as percentages, times in
minutes, hours or days (634 minutes is "10.6 h"), money in 万元 or millions of CNY, and
differences of shares in percentage points. Every view (console, report, figures, demo)
says an amount through here, so one number reads the same everywhere."""

from __future__ import annotations

import math

from gridsim.i18n import _, lang

__all__ = ["amount", "difference", "duration_text", "time_text"]

HOUR, DAY = 60.0, 1440.0


def time_text(minutes: float, digits: int = 1) -> str:
    """A time in the unit that keeps it short: under 2 hours in minutes, under 2 days in
    hours, else in days."""
    if math.isnan(minutes):
        return "-"
    for size, unit in ((DAY, _("days")), (HOUR, _("h"))):
        if abs(minutes) >= 2 * size:
            return f"{minutes / size:.{digits}f} {unit}"
    return f"{minutes:.{digits}f} {_('min')}"


def duration_text(minutes: float) -> str:
    """A rule's duration in its largest whole unit: '10 min', '1 h', '1 day', '90 min'
    (a target or deadline, which people state that way)."""
    for size, one, many in ((DAY, _("day"), _("days")), (HOUR, _("h"), _("h"))):
        if minutes > 0 and minutes % size == 0:
            n = minutes / size
            return f"{n:g} {one if n == 1 else many}"
    return f"{minutes:g} {_('min')}"


def amount(value: float, unit: str, digits: int = 1) -> str:
    """A KPI's value in its unit (`gridsim.stats.kpis.unit_of`): '13.5%', '10.6 h', '27.4
    issues', '2.99 million CNY' (zh: '299.3万元')."""
    if math.isnan(value):
        return "-"
    if unit == "share":
        return f"{value:.{digits}%}"
    if unit == "minutes":
        return time_text(value, digits)
    if unit == "CNY":
        if lang() == "zh":
            return f"{value / 1e4:,.1f}万元"
        return f"{value / 1e6:.2f} million CNY" if abs(value) >= 1e6 else f"{value:,.0f} CNY"
    text = f"{value:,.{digits}f}"
    return f"{text} {_(unit)}" if unit in ("issues", "staff") else text


def difference(delta: float, unit: str, digits: int = 1) -> str:
    """A difference between two values of a KPI, without its sign: shares in percentage
    points ('76.5 percentage points'), the rest as `amount`."""
    if unit == "share":
        return _("{n} percentage points").format(n=f"{abs(delta) * 100:.{digits}f}")
    return amount(abs(delta), unit, digits)
