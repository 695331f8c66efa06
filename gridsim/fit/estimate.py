"""A fitted number: its value, 95% interval, the rows it came from and the period, which the
fitted scenario writes beside it as a comment.

Every fitter (arrivals, times, duplicates) returns a `Fit`: its estimates, each setting one
dotted path of the scenario, and draws of them from their sampling distribution, which
`--bootstrap N` writes as variants so runs carry the parameter uncertainty.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Estimate:
    """One number of the fitted scenario.

    ``path`` is the dotted scenario path it sets, list items by index
    (``demand.kinds.repair.rate_per_household_year``, ``demand.hourly.7``,
    ``community.grids.3.rate_factor``, ``demand.kinds.repair.work.distribution``).
    """

    path: str
    value: float | str
    lower: float | None
    """Lower end of the 95% interval; None for a choice (a distribution's name)."""
    upper: float | None
    rows: int
    """Orders (or rows) the estimate came from."""
    period: str
    """The period of those rows, e.g. "2025-01-01 to 2025-12-31" (`period_text`)."""
    note: str = ""
    """How it was fitted, in a few words (e.g. "Poisson GLM, dispersion 1.03";
    "lognormal by AIC: 1,204.1 vs gamma 1,230.9, exponential 1,388.0; 12 censored")."""

    def comment(self) -> str:
        """The YAML comment written beside the value."""
        if self.lower is None or self.upper is None:
            interval = "chosen"
        else:
            interval = f"95% CI {self.lower:.4g} to {self.upper:.4g}"
        text = f"fitted: {interval}; {self.rows:,} rows, {self.period}"
        return f"{text}; {self.note}" if self.note else text


class Fit(Protocol):
    """What a fitter returns."""

    estimates: list[Estimate]

    def draws(self, n: int, rng: np.random.Generator) -> list[dict[str, float]]:
        """``n`` draws of the estimates' values from their sampling distribution (a
        parametric bootstrap): each maps paths to values and is a valid scenario's."""
        ...


def period_text(start: pd.Timestamp, end: pd.Timestamp) -> str:
    """ "2025-01-01 to 2025-12-31" for the period [start, end) (end is the day after)."""
    last = (end - pd.Timedelta(days=1)).date()
    return f"{start.date()} to {last}"


__all__ = ["Estimate", "Fit", "period_text"]
