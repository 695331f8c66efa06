"""Why work orders missed their deadlines, read from the issue log: the report says only what
the log shows.

A late sign-off is counted as `response_rate` counts a miss (its sign-off was due by the
horizon and came after the deadline, or not at all), a late resolution as `on_time_rate`
does; both come from `gridsim.stats.kpis.order_rows`, so the reasons add up to the rates.
For each, the log tells when the order was reported (was the grid worker on duty then, by
the scenario's roster?), how it came in, its kind, how far it climbed, whether it was
supervised as overdue and whether it was resolved at all. It does not record what an order
needed (money, a county department), so the report does not say so either.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa

from gridsim.i18n import _
from gridsim.scenario.schema import LEVELS, Scenario
from gridsim.stats.decompose import duty_runs
from gridsim.stats.kpis import column, order_rows
from gridsim.units import MINUTES_PER_DAY


@dataclass(frozen=True)
class Misses:
    """One variant's missed deadlines: counts per run, shares of the misses (pooled over
    runs; NaN when there are none)."""

    runs: int
    late_sign_offs: float
    """Late sign-offs a run."""
    off_duty: float
    """Share of late sign-offs reported while the grid worker was off duty."""
    hotline: float
    """Share of late sign-offs that came by the hotline (through the town)."""
    sign_kind: tuple[str, float]
    """The kind with the most late sign-offs, and its share of them."""
    late: float
    """Late resolutions a run."""
    signed_late: float
    """Share of late resolutions that had also been signed for late."""
    town: float
    """Share of late resolutions that reached the town (or went above it)."""
    supervised: float
    """Share of late resolutions supervised as overdue."""
    unresolved: float
    """Share of late resolutions still unresolved at the horizon."""
    late_kind: tuple[str, float]
    """The kind with the most late resolutions, and its share of them."""


def on_duty(sc: Scenario, times: np.ndarray, group: str = "grid_worker") -> np.ndarray:
    """Whether ``group`` (by its roster, else the calendar's shift) is on duty at each minute:
    the decomposition's merged duty intervals (`gridsim.stats.decompose.duty_runs`)."""
    runs = duty_runs(sc, (group,))
    if runs is None:
        return np.ones(len(times), bool)
    starts, ends = runs
    if not len(starts):
        return np.zeros(len(times), bool)
    at = np.searchsorted(starts, times, side="right") - 1
    return (at >= 0) & (times < ends[np.maximum(at, 0)])


def order_misses(issues: pd.DataFrame, sc: Scenario) -> dict[str, Misses]:
    """The missed deadlines of each variant's orders reported after the warm-up (none for a
    log without work orders)."""
    if "deadline_min" not in issues.columns or issues["deadline_min"].isna().all():
        return {}
    warmup = sc.calendar.warmup_days * MINUTES_PER_DAY
    horizon = sc.calendar.horizon_days * MINUTES_PER_DAY
    out = {}
    for variant, log in issues.groupby(issues["variant"].astype(str), sort=False):
        reported = log["reported_min"].to_numpy(float)
        keep = (reported >= warmup) & (reported < horizon)
        out[str(variant)] = _misses(log[keep], sc, horizon, int(log["replication"].nunique()))
    return out


def _misses(log: pd.DataFrame, sc: Scenario, horizon: float, runs: int) -> Misses:
    table = pa.Table.from_pandas(log, preserve_index=False)
    resolved = column(table, "resolved_min")
    flags = order_rows(table, column(table, "reported_min"), resolved, horizon)
    late_sign = flags["sign_due"] & ~flags["sign_hit"]
    late = flags["due"] & ~flags["due_hit"]
    kinds = log["kind"].astype(str).to_numpy()
    rung = log["level"].astype(str).map({lv: i for i, lv in enumerate(LEVELS)}).to_numpy(float)
    off = ~on_duty(sc, log["reported_min"].to_numpy(float))
    return Misses(
        runs=runs,
        late_sign_offs=late_sign.sum() / max(runs, 1),
        off_duty=_share(off, late_sign),
        hotline=_share(log["channel"].astype(str).to_numpy() == "hotline", late_sign),
        sign_kind=_top(kinds[late_sign]),
        late=late.sum() / max(runs, 1),
        signed_late=_share(late_sign, late),
        town=_share(rung >= LEVELS.index("town"), late),
        supervised=_share(log["supervised_min"].notna().to_numpy(), late),
        unresolved=_share(np.isnan(resolved), late),
        late_kind=_top(kinds[late]),
    )


def _share(what: np.ndarray, among: np.ndarray) -> float:
    n = int(among.sum())
    return float((what & among).sum() / n) if n else float("nan")


def _top(kinds: np.ndarray) -> tuple[str, float]:
    """The most frequent kind and its share ('' and NaN for none)."""
    if not len(kinds):
        return "", float("nan")
    kind, n = Counter(kinds.tolist()).most_common(1)[0]
    return str(kind), n / len(kinds)


def misses_text(m: Misses) -> str:
    """The misses in plain words: two sentences, each number read from the log."""
    if m.late_sign_offs == 0:
        sign = _("No order was signed for after its sign-off deadline.")
    else:
        sign = _(
            "Of the {n} late sign-offs a run, {off} were of orders reported while the grid "
            "worker was off duty (evenings, nights, weekends and holidays), which waited for "
            "their next shift; {kind} orders were {kind_share} of them, and {hotline} came by "
            "the hotline, through the town."
        ).format(n=_count(m.late_sign_offs), off=_pct(m.off_duty), kind=_(m.sign_kind[0]),
                 kind_share=_pct(m.sign_kind[1]), hotline=_pct(m.hotline))  # fmt: skip
    if m.late == 0:
        return sign + " " + _("No order was resolved after its resolution deadline.")
    return sign + " " + _(
        "Of the {n} late resolutions a run, {signed} had been signed for late as well; "
        "{supervised} were supervised as overdue (taken up by the rung above), {town} ended "
        "at the town or above it, and {open} were still unresolved at the end of the run; "
        "{kind} orders were {kind_share} of them."
    ).format(n=_count(m.late), signed=_pct(m.signed_late), supervised=_pct(m.supervised),
             town=_pct(m.town), open=_pct(m.unresolved), kind=_(m.late_kind[0]),
             kind_share=_pct(m.late_kind[1]))  # fmt: skip


def _count(n: float) -> str:
    return f"{n:,.0f}" if n >= 10 else f"{n:.1f}"


def _pct(share: float) -> str:
    return _("none") if np.isnan(share) else f"{share:.0%}"


__all__ = ["Misses", "misses_text", "on_duty", "order_misses"]
