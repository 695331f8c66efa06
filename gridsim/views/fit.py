"""What `gridsim fit` says: what was read and left out, each kind's rate and work time
against the base scenario's, the profiles' peaks and the grids that differ, and what was
not fitted, in the planner's language."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from gridsim.fit.estimate import Estimate
from gridsim.fit.pipeline import Fitted
from gridsim.i18n import _
from gridsim.scenario.schema import Scenario
from gridsim.views.amounts import time_text

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def fit_lines(fitted: Fitted, base: Scenario) -> list[str]:
    """The console answer of a fit, one statement a line."""
    return [
        *read_lines(fitted),
        *rate_lines(fitted.estimates, base),
        *profile_lines(fitted.estimates, base),
        *work_lines(fitted.estimates, base),
        *[_("Not fitted, kept from the base scenario: {note}").format(note=n)
          for n in grouped(fitted.notes)],
    ]  # fmt: skip


def grouped(notes: Sequence[str]) -> list[str]:
    """Notes that say the same of several kinds ("repair: the log has no day in month 4"),
    said once for all of them ("repair, sanitation: the log has ...")."""
    kinds: dict[str, list[str]] = {}
    for note in notes:
        head, sep, rest = note.replace("：", ": ", 1).partition(": ")
        if sep and " " not in head:
            kinds.setdefault(rest, []).append(head)
        else:
            kinds.setdefault(note, [])
    return [f"{', '.join(k)}: {rest}" if k else rest for rest, k in kinds.items()]


def read_lines(fitted: Fitted) -> list[str]:
    """What was read: orders, period, rows left out by reason, duplicates merged."""
    o = fitted.orders
    last = (o.end - pd.Timedelta(days=1)).date()
    period = _("{start} to {end}").format(start=o.start.date(), end=last)
    lines = [
        _("Read {rows} rows of {source}: {orders} orders, {period} (extract {extract}).").format(
            rows=f"{o.rows:,}", source=o.source, orders=f"{len(o):,}", period=period,
            extract=o.extract.strftime("%Y-%m-%d %H:%M"))
    ]  # fmt: skip
    if o.bad:
        reasons = ", ".join(f"{_(r)} {n:,}" for r, n in o.bad.items())
        lines.append(_("Left out {n} rows: {reasons}.").format(
            n=f"{sum(o.bad.values()):,}", reasons=reasons))  # fmt: skip
    lines.append(_("Merged {n} duplicate reports of the same problem ({share} of the rows).")
                 .format(n=f"{o.duplicates:,}", share=f"{o.duplicate_share:.1%}"))  # fmt: skip
    return lines


def by_path(estimates: Sequence[Estimate]) -> dict[str, Estimate]:
    return {e.path: e for e in estimates}


def rate_lines(estimates: Sequence[Estimate], base: Scenario) -> list[str]:
    """Each kind's requests a household a year, with its interval, against the base."""
    found = by_path(estimates)
    lines = []
    for name, kind in base.demand.kinds.items():
        est = found.get(f"demand.kinds.{name}.rate_per_household_year")
        if est is None:
            continue
        was = kind.rate_per_household_year
        lines.append(_("  {kind}: {value} ({lower} to {upper}); base {base}, {change}").format(
            kind=_(name), value=f"{float(est.value):.3g}", lower=f"{est.lower:.3g}",
            upper=f"{est.upper:.3g}", base=f"{was:.3g}", change=change(float(est.value), was,
                                                                       est)))  # fmt: skip
    if not lines:
        return []
    head = _("Requests a household a year (95% interval), against the base scenario:")
    note = next((e.note for e in estimates if e.path.endswith("rate_per_household_year")), "")
    return [head, *lines, *([_("  how: {note}").format(note=note)] if note else [])]


def change(value: float, was: float, est: Estimate) -> str:
    """ "38% more" / "12% less" / "the base is inside the interval" (no evidence of a
    difference)."""
    if est.lower is not None and est.upper is not None and est.lower <= was <= est.upper:
        return _("the base is inside the interval")
    if was == 0:
        return _("the base has none")
    ratio = value / was - 1
    word = _("{p} more") if ratio > 0 else _("{p} less")
    return word.format(p=f"{abs(ratio):.0%}")


def peak(estimates: Sequence[Estimate], prefix: str, names: Sequence[str]) -> str | None:
    """The busiest item of a profile, as 'Monday (1.31x the average)'."""
    items = [(int(e.path.rsplit(".", 1)[1]), float(e.value)) for e in estimates
             if e.path.startswith(prefix) and e.path.rsplit(".", 1)[1].isdigit()]  # fmt: skip
    if not items:
        return None
    mean = sum(v for _i, v in items) / len(items)
    i, v = max(items, key=lambda x: x[1])
    return _("{name} ({x}x the average)").format(name=_(names[i]), x=f"{v / mean:.2f}")


def profile_lines(estimates: Sequence[Estimate], base: Scenario) -> list[str]:
    """When residents report most, public holidays, and grids that differ."""
    hours = [f"{h:02d}:00" for h in range(24)]
    parts = [p for p in (
        peak(estimates, "demand.weekly.", WEEKDAYS), peak(estimates, "demand.hourly.", hours),
    ) if p]  # fmt: skip
    lines = [_("Busiest: {peaks}.").format(peaks=", ".join(parts))] if parts else []
    found = by_path(estimates)
    holiday = found.get("demand.holiday_weight")
    if holiday is not None:
        lines.append(_("Public holidays: {x}x an ordinary day's requests ({lower} to {upper}).")
                     .format(x=f"{float(holiday.value):.2f}", lower=f"{holiday.lower:.2f}",
                             upper=f"{holiday.upper:.2f}"))  # fmt: skip
    grids = [(g.name, found.get(f"community.grids.{i}.rate_factor"))
             for i, g in enumerate(base.community.grids)]  # fmt: skip
    differ = [(n, e) for n, e in grids if e is not None and not _covers(e, 1.0)]
    if differ:
        text = ", ".join(f"{n} {float(e.value):.2f}x" for n, e in differ[:6])
        more = len(differ) - 6
        lines.append(
            _("Grids that report more or less per household than the community: {grids}").format(
                grids=text
            )
            + (f" (+{more})" if more > 0 else "")
        )
    return lines


def _covers(est: Estimate, value: float) -> bool:
    return est.lower is not None and est.upper is not None and est.lower <= value <= est.upper


def work_lines(estimates: Sequence[Estimate], base: Scenario) -> list[str]:
    """Each kind's on-site work time: its distribution, mean and interval, against the base."""
    found = by_path(estimates)
    lines = []
    for name, kind in base.demand.kinds.items():
        mean = found.get(f"demand.kinds.{name}.work.mean_min")
        dist = found.get(f"demand.kinds.{name}.work.distribution")
        if mean is None or mean.lower is None or mean.upper is None:
            continue
        value = float(mean.value)
        lines.append(_("  {kind}: {dist}, mean {mean} ({lower} to {upper}); base {base}")
                     .format(kind=_(name), dist=_(str(dist.value)) if dist else "-",
                             mean=time_text(value), lower=time_text(mean.lower),
                             upper=time_text(mean.upper),
                             base=time_text(kind.work.mean_min)))  # fmt: skip
    if not lines:
        return []
    return [_("Work on site (95% interval), against the base scenario:"), *lines]


__all__ = ["fit_lines"]
