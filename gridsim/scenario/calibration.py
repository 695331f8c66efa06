"""The scenario's own observed figures, which `gridsim calibrate` holds the model against.

Each figure says what it counts (a measure of the simulated log), over which period, where it
was counted (scope), whether one simulated community-year is comparable with it, and which
assumption, if any, was chosen from it: agreement with such a figure is arithmetic, not
evidence of fit. A scenario without figures has nothing to be calibrated against.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from pydantic import Field, field_validator

from gridsim.scenario.section import Section

__all__ = ["MONTHS", "Calibration", "Figure", "period_months", "period_years"]

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_YEARS = re.compile(r"^(?:(?P<n>[0-9]+(?:\.[0-9]+)?) years|year)$")
_MONTH_RANGE = re.compile(rf"^(?P<first>{'|'.join(MONTHS)})-(?P<last>{'|'.join(MONTHS)})$")
MAX_YEARS = 100.0


def period_months(period: str) -> tuple[int, int] | None:
    """`jan-oct` -> (1, 10), the first and last month (1-12) of a month range; None for
    a period in years."""
    m = _MONTH_RANGE.match(period)
    return None if m is None else (MONTHS.index(m["first"]) + 1, MONTHS.index(m["last"]) + 1)


def period_years(period: str) -> float:
    """The years a period in years spans: `year` -> 1, `2 years` -> 2."""
    m = _YEARS.match(period)
    assert m is not None, period
    return float(m["n"] or 1.0)


class Figure(Section):
    """One observed figure and what it is."""

    name: str = Field(min_length=1, max_length=200, description="Shown in the table.")
    measure: str = Field(
        max_length=100,
        description="What the simulated log counts, a number of issues: a name of "
        "gridsim.stats.measures.MEASURES, with its argument if it takes one "
        "(kind_resolved:<kind>, reaching:<rung>); an error lists them all.",
    )
    value: float = Field(ge=0.0, le=1e12, description="The observed count over the period.")
    period: str = Field(
        "year",
        max_length=20,
        description="`year` (a count a year: the simulated annual rate after the warm-up), "
        "`<n> years` (a total over n years: that rate x n), or a month range such as "
        "`jan-oct` (the count in the first such months from the run's start; a range "
        "ending before it starts, `nov-feb`, crosses the new year).",
    )
    source: str = Field(min_length=1, max_length=500, description="Where the figure is from.")
    scope: str = Field(
        min_length=1,
        max_length=200,
        description="Where it was counted: community, estate, company, prefecture, ...",
    )
    comparable: bool = Field(
        description="True: one community over the period, like the simulated one; false: "
        "another place or size, shown for scale only."
    )
    sets: str = Field(
        "",
        max_length=300,
        description="The assumption chosen from this figure (empty: none). Agreement with it "
        "is then shown as 'set from it', never as 'inside'.",
    )

    @field_validator("measure")
    @classmethod
    def _known_measure(cls, value: str) -> str:
        from gridsim.stats.measures import check_measure  # the log's vocabulary; no cycle

        return check_measure(value)

    @field_validator("period")
    @classmethod
    def _period(cls, value: str) -> str:
        years = _YEARS.match(value)
        if years is None and _MONTH_RANGE.match(value) is None:
            raise ValueError(
                "expected 'year', '<n> years' (e.g. '2 years') or a month range such as "
                f"'jan-oct'; found {value!r}"
            )
        if years is not None and not 0 < period_years(value) <= MAX_YEARS:
            raise ValueError(f"expected between 0 and {MAX_YEARS:g} years; found {value!r}")
        return value


class Calibration(Section):
    """The scenario's observed figures (none: nothing to calibrate against)."""

    figures: list[Figure] = Field(default_factory=list, max_length=200)

    def check(self, kinds: Collection[str]) -> None:
        """Called by the scenario, which knows its kinds (and locates paths from its root):
        names are unique, and a `kind_resolved:<kind>` names a kind of its demand."""
        seen: set[str] = set()
        for i, figure in enumerate(self.figures):
            if figure.name in seen:
                raise ValueError(f"calibration.figures.{i}.name: {figure.name!r} is used twice")
            seen.add(figure.name)
            name, _, kind = figure.measure.partition(":")
            if name == "kind_resolved" and kind not in kinds:
                raise ValueError(
                    f"calibration.figures.{i}.measure: expected kind_resolved:<kind> with a "
                    f"kind of demand.kinds ({', '.join(sorted(kinds))}); found {figure.measure!r}"
                )
