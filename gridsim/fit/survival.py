"""Time to close as residents see it: a Kaplan-Meier curve per kind of the time from report to
close, with the orders still open at the extract right-censored there (dropping them would
keep only the quick ones; counting them as closed at the extract would cut the tail short).

The report and `gridsim check-fit` read the curves and the median time to close; neither is
a number of the scenario (the model produces times to close, it does not take one).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from gridsim.fit.estimate import Estimate, period_text
from gridsim.fit.orders import Orders

CONFIDENCE = 0.95


@dataclass(frozen=True)
class Curve:
    """Share of a kind's orders still open against minutes since the report: a step
    function, ``survival[i]`` from ``times[i]`` until the next time (1 before the first)."""

    kind: str
    times: np.ndarray
    survival: np.ndarray
    lower: np.ndarray
    """Lower end of the pointwise 95% interval (log-log, Greenwood's variance)."""
    upper: np.ndarray
    rows: int
    """Orders behind the curve."""
    censored: int
    """Of them, open at the extract."""

    def at(self, minutes: float | np.ndarray) -> np.ndarray:
        """Share still open ``minutes`` after the report."""
        return _step(self.times, self.survival, minutes)

    @property
    def median(self) -> float:
        """Median time to close in minutes (NaN if half are never seen closed)."""
        return _first_at_or_below(self.times, self.survival)

    @property
    def median_interval(self) -> tuple[float, float]:
        """95% interval of the median (Brookmeyer-Crowley: the times whose pointwise
        interval holds one half); NaN ends when the curve's interval never reaches it."""
        return (
            _first_at_or_below(self.times, self.lower),
            _first_at_or_below(self.times, self.upper),
        )


def _step(times: np.ndarray, values: np.ndarray, at: float | np.ndarray) -> np.ndarray:
    index = np.searchsorted(times, np.asarray(at, dtype=float), side="right") - 1
    return np.where(index < 0, 1.0, values[np.maximum(index, 0)])


def _first_at_or_below(times: np.ndarray, values: np.ndarray, level: float = 0.5) -> float:
    hit = np.flatnonzero(values <= level)
    return float(times[hit[0]]) if hit.size else float("nan")


def minutes_of(delta: pd.Series) -> np.ndarray:
    """Time differences in minutes (NaT: NaN)."""
    return delta.dt.total_seconds().to_numpy(dtype=float) / 60.0


def close_stage(orders: Orders) -> str | None:
    """The stage that ends an order for its resident: its close, else (a log without close
    times) its resolution, else none."""
    return next((s for s in ("closed", "resolved") if s in orders.observed), None)


def times_to_close(orders: Orders, kind: str) -> tuple[np.ndarray, np.ndarray]:
    """Minutes from report to close of ``kind``'s orders, and which are censored (open at
    the extract, timed to it). Orders with no close and not open, or closed before their
    report, are left out."""
    stage = close_stage(orders)
    table = orders.table[orders.table["kind"] == kind]
    if stage is None or table.empty:
        return np.empty(0), np.empty(0, dtype=bool)
    end = table[stage]
    censored = (end.isna() & table["open"]).to_numpy(dtype=bool)
    end = end.where(~censored, orders.extract)
    minutes = minutes_of(end - table["reported"])
    keep = np.isfinite(minutes) & (minutes >= 0)
    return minutes[keep], censored[keep]


def kaplan_meier(minutes: np.ndarray, censored: np.ndarray, kind: str = "") -> Curve:
    """The Kaplan-Meier curve of these times with its 95% band (scipy.stats.ecdf)."""
    data = stats.CensoredData(uncensored=minutes[~censored], right=minutes[censored])
    sf = stats.ecdf(data).sf
    with warnings.catch_warnings():  # undefined where the curve reaches 0: filled below
        warnings.simplefilter("ignore", RuntimeWarning)
        band = sf.confidence_interval(CONFIDENCE, method="log-log")
    lower = np.nan_to_num(band.low.probabilities, nan=0.0)
    upper = pd.Series(band.high.probabilities).ffill().fillna(1.0).to_numpy()
    return Curve(
        kind=kind,
        times=np.asarray(sf.quantiles, dtype=float),
        survival=np.asarray(sf.probabilities, dtype=float),
        lower=lower,
        upper=upper,
        rows=len(minutes),
        censored=int(censored.sum()),
    )


def close_curves(orders: Orders, kinds: list[str] | None = None) -> dict[str, Curve]:
    """Kaplan-Meier curve of the time to close of each kind (default: every kind in the
    log) that has an order with a close or open at the extract."""
    if kinds is None:
        kinds = sorted(orders.table["kind"].astype(str).unique())
    curves = {}
    for kind in kinds:
        minutes, censored = times_to_close(orders, kind)
        if minutes.size and not censored.all():
            curves[kind] = kaplan_meier(minutes, censored, kind)
    return curves


def close_estimates(orders: Orders, curves: dict[str, Curve]) -> dict[str, Estimate]:
    """Median time to close per kind with its 95% interval, as an Estimate at the path
    ``close.<kind>.median_min`` (not a scenario path); kinds whose curve never falls to one
    half have none."""
    stage = close_stage(orders)
    how = "report to close" if stage == "closed" else "report to resolution (no close times)"
    period = period_text(orders.start, orders.end)
    found = {}
    for kind, curve in curves.items():
        if np.isnan(curve.median):
            continue
        low, high = curve.median_interval
        note = f"Kaplan-Meier, {how}; {curve.censored:,} of {curve.rows:,} open at the extract"
        if np.isnan(high):
            note += "; the interval's upper end is past the last close"
        found[kind] = Estimate(
            path=f"close.{kind}.median_min",
            value=curve.median,
            lower=low,
            upper=high,
            rows=curve.rows,
            period=period,
            note=note,
        )
    return found


__all__ = [
    "Curve", "close_curves", "close_estimates", "close_stage", "kaplan_meier", "minutes_of",
    "times_to_close",
]  # fmt: skip
