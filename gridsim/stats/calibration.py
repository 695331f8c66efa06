"""Calibration: the simulated annual counts beside the figures the seed text reports.

A figure the shipped scenarios chose an assumption from (`Figure.sets`) is shown with the
verdict "set from it", never "inside": agreement with it is not evidence of fit.

The seed's figures are single observations (one community, one year), so each is held
against the spread of single simulated years: the 95% prediction interval over
replications, mean +- t * sd * sqrt(1 + 1/n). The interval of the mean is shown too.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from gridsim.model.demand import DAY_MIN
from gridsim.scenario.schema import LEVELS, Scenario
from gridsim.stats.intervals import mean_ci, t975
from gridsim.stats.kpis import codes, column

CALIBRATION_CSV = "calibration.csv"


@dataclass(frozen=True)
class Figure:
    """One count to compare, with the seed's value when the seed gives one for this place."""

    name: str
    seed: float | None
    source: str
    comparable: bool  # False: a figure from another estate, shown for scale only
    sets: str = ""  # the scenarios' assumption chosen from this figure: not evidence of fit


FIGURES = (
    Figure("disputes mediated, January to October", 16, "seed: Huanghe Road, 16 by October", True,
           "the dispute rate"),
    Figure("volunteer care visits a year", 112.5, "seed: 225 events in two years (Huangnan)", True,
           "the care visits' cycle"),
    Figure("micro wishes fulfilled a year", 88, "seed: 176 in two years (Huangnan)", True,
           "the micro wishes' rate"),
    Figure("issues resolved a year (services)", 5400, "seed: 5,400+ by one property company "
           "(Henan county, another estate of unknown size)", False),
    Figure("disputes settled a year", 25, "seed: 25 by one property company (Henan county)", False),
    *(Figure(f"issues reaching the {lv.replace('_', ' ')} a year", None, "no source", True)
      for lv in LEVELS[1:5]),
    Figure("issues above the town a year", 0, "seed: principle, nothing goes above the town", True),
)  # fmt: skip


def end_of_october(start: dt.date) -> float:
    """Minutes from the start of the run to the end of the first October."""
    year = start.year if start.month <= 10 else start.year + 1
    return (dt.date(year, 11, 1) - start).days * DAY_MIN


def annual_counts(log: pa.Table, scenario: Scenario) -> dict[str, float]:
    """The counts of FIGURES in one replication's log, per year of the observed window."""
    cal = scenario.calendar
    warmup, horizon = cal.warmup_days * DAY_MIN, cal.horizon_days * DAY_MIN
    years = (horizon - warmup) / (365 * DAY_MIN)
    resolved = column(log, "resolved_min")
    done = (resolved >= warmup) & (resolved < horizon)
    kind, kinds = codes(log, "kind")
    handler, handlers = codes(log, "handler")
    level, levels = codes(log, "level")
    dispute = handler == handlers.index("mediation")
    mediated = dispute & (level <= levels.index("community"))

    def of_kind(name: str) -> np.ndarray:
        return kind == kinds.index(name) if name in kinds else np.zeros(len(kind), bool)

    reported = column(log, "reported_min")
    in_window = (reported >= warmup) & (reported < horizon)
    counts = {
        FIGURES[0].name: float(np.sum(mediated & (resolved < end_of_october(cal.start_date)))),
        FIGURES[1].name: np.sum(done & of_kind("care_visit")) / years,
        FIGURES[2].name: np.sum(done & of_kind("micro_wish")) / years,
        FIGURES[3].name: np.sum(done) / years,
        FIGURES[4].name: np.sum(done & mediated) / years,
    }
    for lv in LEVELS[1:5]:
        reached = in_window & (level >= levels.index(lv))
        counts[f"issues reaching the {lv.replace('_', ' ')} a year"] = np.sum(reached) / years
    counts[FIGURES[-1].name] = np.sum(in_window & (level == levels.index("above_town"))) / years
    return {k: float(v) for k, v in counts.items()}


ROUNDING = 0.5
"""A seed figure is a whole count (or half of one over two years): it is held to within
half a count of the one-year range, so a count that does not vary between replications
(scheduled visits) is compared with its rounding, not with an interval of no width."""


@dataclass(frozen=True)
class Row:
    figure: Figure
    mean: float
    low: float  # 95% interval of the mean
    high: float
    predict_low: float  # 95% prediction interval of one year
    predict_high: float

    @property
    def verdict(self) -> str:
        if self.figure.seed is None:
            return "no seed figure"
        if not self.figure.comparable:
            return "for scale only"
        if math.isnan(self.predict_low):
            return "too few runs"
        seed = self.figure.seed
        inside = self.predict_low - ROUNDING <= seed <= self.predict_high + ROUNDING
        if self.figure.sets:  # agreement with a figure an assumption was chosen from is no test
            return "set from it" if inside else "OFF (set from it)"
        return "inside" if inside else "OUTSIDE"


def calibration_rows(per_replication: list[dict[str, float]]) -> list[Row]:
    rows = []
    for fig in FIGURES:
        values = np.array([r[fig.name] for r in per_replication])
        mean, low, high = mean_ci(values, bounds=(0.0, math.inf))  # counts: never below 0
        n = len(values)
        half = t975(n - 1) * values.std(ddof=1) * math.sqrt(1 + 1 / n) if n > 1 else math.nan
        rows.append(Row(fig, mean, low, high, mean - half, mean + half))
    return rows


def calibration_table(rows: list[Row]) -> str:
    """Plain text: figure, seed, simulated mean [interval], one-year range, verdict."""
    width = max(len(r.figure.name) for r in rows) + 2
    out = [
        f"{'figure':<{width}}{'seed':>8}  {'simulated mean [95% CI]':<26}"
        f"{'one year (95%)':<18}verdict"
    ]
    for r in rows:
        seed = "-" if r.figure.seed is None else f"{r.figure.seed:g}"
        sim = f"{r.mean:.1f} [{r.low:.1f}, {r.high:.1f}]"
        one = f"{max(r.predict_low, 0):.1f} to {r.predict_high:.1f}"
        if math.isnan(r.low):
            sim, one = f"{r.mean:.1f} (one run)", "-"
        out.append(f"{r.figure.name:<{width}}{seed:>8}  {sim:<26}{one:<18}{r.verdict}")
    out.append("")
    out += [f"  {r.figure.name}: {r.figure.source}" for r in rows if r.figure.seed is not None]
    tuned = [r.figure for r in rows if r.figure.sets and r.figure.seed is not None]
    if tuned:
        out += ["", "  Set from it: the shipped scenarios chose " + ", ".join(
            f"{f.sets} ({f.name})" for f in tuned) + " from these figures, so their agreement "
            "checks the arithmetic, not the model; only the others test it."]  # fmt: skip
    return "\n".join(out)


def calibration_csv(rows: list[Row]) -> str:
    lines = ["figure,seed,mean,ci_low,ci_high,one_year_low,one_year_high,verdict,source"]
    for r in rows:
        seed = "" if r.figure.seed is None else repr(float(r.figure.seed))
        vals = [r.mean, r.low, r.high, r.predict_low, r.predict_high]
        nums = ",".join(repr(float(v)) for v in vals)
        lines.append(f'"{r.figure.name}",{seed},{nums},{r.verdict},"{r.figure.source}"')
    return "\n".join(lines) + "\n"
