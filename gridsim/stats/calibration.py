"""Calibration: the simulated counts beside the scenario's own observed figures
(`calibration.figures`), each counted as its measure and period say.

A figure an assumption of the scenario was chosen from (`Figure.sets`) is shown with the
verdict "set from it", never "inside": agreement with it is not evidence of fit. A figure
that is not comparable (another place or size) is shown for scale only.

An observed figure is a single observation (one community over one period), so it is held
against the spread of single simulated periods: the 95% prediction interval over
replications, mean +- t * sd * sqrt(1 + 1/n). The interval of the mean is shown too.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from gridsim.model.demand import DAY_MIN
from gridsim.scenario.calibration import Figure, period_months, period_years
from gridsim.scenario.schema import Scenario
from gridsim.stats.intervals import mean_ci, t975
from gridsim.stats.measures import MEASURES, Log, split_measure

CALIBRATION_CSV = "calibration.csv"


def month_span(start: dt.date, first: int, last: int) -> tuple[float, float] | None:
    """Minutes from the run's start to the first day of month `first` on or after `start`,
    and to the end of month `last` after it (in the next year when `last` < `first`);
    None beyond the calendar's last date."""
    year = start.year if (start.month, start.day) <= (first, 1) else start.year + 1
    end_year = year + (last < first) + (last == 12)
    try:
        begin, end = dt.date(year, first, 1), dt.date(end_year, last % 12 + 1, 1)
    except ValueError:  # past 9999-12-31: no such span in any run
        return None
    return (begin - start).days * DAY_MIN, (end - start).days * DAY_MIN


def simulated_count(log: Log, figure: Figure, scenario: Scenario) -> float:
    """What one replication's log says for `figure`: its measure over its period (NaN when
    the run does not cover a month range)."""
    cal = scenario.calendar
    warmup, horizon = cal.warmup_days * DAY_MIN, cal.horizon_days * DAY_MIN
    name, argument = split_measure(figure.measure)
    measure = MEASURES[name]
    when = log.times(measure.dated_by)
    months = period_months(figure.period)
    if months is None:  # a rate a year over the observed window, times the period's years
        count = np.sum(measure.counts(log, argument) & (when >= warmup) & (when < horizon))
        return float(count / ((horizon - warmup) / (365 * DAY_MIN)) * period_years(figure.period))
    span = month_span(cal.start_date, *months)
    if span is None or span[1] > horizon:
        return math.nan
    return float(np.sum(measure.counts(log, argument) & (when >= span[0]) & (when < span[1])))


def simulated_counts(log: pa.Table, scenario: Scenario) -> dict[str, float]:
    """One replication's count for each of the scenario's figures, by figure name."""
    view = Log(log)
    return {f.name: simulated_count(view, f, scenario) for f in scenario.calibration.figures}


ROUNDING = 0.5
"""An observed figure is a whole count (or a total over years): it is held to within half a
count of the one-period range, so a count that does not vary between replications
(scheduled visits) is compared with its rounding, not with an interval of no width."""


@dataclass(frozen=True)
class Row:
    figure: Figure
    mean: float
    low: float  # 95% interval of the mean
    high: float
    predict_low: float  # 95% prediction interval of one simulated period
    predict_high: float

    @property
    def verdict(self) -> str:
        if math.isnan(self.mean):
            return "not in the run"
        if not self.figure.comparable:
            return "for scale only"
        if math.isnan(self.predict_low):
            return "too few runs"
        value = self.figure.value
        inside = self.predict_low - ROUNDING <= value <= self.predict_high + ROUNDING
        if self.figure.sets:  # agreement with a figure an assumption was chosen from is no test
            return "set from it" if inside else "OFF (set from it)"
        return "inside" if inside else "OUTSIDE"


def calibration_rows(per_replication: list[dict[str, float]], figures: list[Figure]) -> list[Row]:
    """Each figure beside its simulated counts over the replications (by figure name)."""
    rows = []
    for fig in figures:
        values = np.array([r[fig.name] for r in per_replication])
        mean, low, high = mean_ci(values, bounds=(0.0, math.inf))  # counts: never below 0
        n = len(values)
        half = t975(n - 1) * values.std(ddof=1) * math.sqrt(1 + 1 / n) if n > 1 else math.nan
        rows.append(Row(fig, mean, low, high, mean - half, mean + half))
    return rows


def no_figures(scenario: Scenario) -> str:
    """Why a scenario without a `calibration:` section is not calibrated."""
    return (
        f"{scenario.name}: no observed figures to hold it against (the scenario has no "
        "calibration.figures; the README's Calibration section shows how to add them)"
    )


def calibration_table(rows: list[Row]) -> str:
    """Plain text: figure, observed value, simulated mean [interval], one-period range,
    verdict; then each figure's source, scope and period, and what was set from which."""
    width = max(len(r.figure.name) for r in rows) + 2
    out = [
        f"{'figure':<{width}}{'observed':>8}  {'simulated mean [95% CI]':<26}"
        f"{'one period (95%)':<18}verdict"
    ]
    for r in rows:
        sim = f"{r.mean:.1f} [{r.low:.1f}, {r.high:.1f}]"
        one = f"{max(r.predict_low, 0):.1f} to {r.predict_high:.1f}"
        if math.isnan(r.mean):
            sim, one = "-", "-"
        elif math.isnan(r.low):
            sim, one = f"{r.mean:.1f} (one run)", "-"
        out.append(f"{r.figure.name:<{width}}{r.figure.value:>8g}  {sim:<26}{one:<18}{r.verdict}")
    out.append("")
    out += [f"  {r.figure.name}: {r.figure.source}; {_where(r.figure)}" for r in rows]
    return "\n".join(out + _caveats([r.figure for r in rows]))


def _where(figure: Figure) -> str:
    kind = "comparable" if figure.comparable else "for scale only"
    return f"{figure.scope}; {figure.period}; {kind}"


def _caveats(figures: list[Figure]) -> list[str]:
    """What the verdicts do not show: figures the scenario was tuned to, and whether any
    comparable figure is left to test the model."""
    out = []
    tuned = [f for f in figures if f.sets]
    if tuned:
        out += ["", "  Set from it (the scenario chose these assumptions from these figures, so "
                "agreement checks the arithmetic, not the model):"]  # fmt: skip
        out += [f"    {f.name} -> {f.sets}" for f in tuned]
    if not any(f.comparable and not f.sets for f in figures):
        out += ["", "  No figure here tests the model: each is for scale only or set an "
                "assumption."]  # fmt: skip
    return out


CSV_COLUMNS = ("figure", "seed", "mean", "ci_low", "ci_high", "one_year_low", "one_year_high",
               "verdict", "source", "measure", "period", "scope", "comparable", "sets")  # fmt: skip
"""`seed` is the observed value (the name kept from when every figure was the seed's);
`one_year_*` the range of one simulated period."""


def calibration_csv(rows: list[Row]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in rows:
        f = r.figure
        nums = [repr(float(v)) for v in (f.value, r.mean, r.low, r.high, r.predict_low,
                                         r.predict_high)]  # fmt: skip
        writer.writerow([f.name, *nums, r.verdict, f.source, f.measure, f.period, f.scope,
                         str(f.comparable).lower(), f.sets])  # fmt: skip
    return out.getvalue()
