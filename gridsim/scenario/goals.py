"""What a planner wants: goals on KPIs (met or missed) and the smallest difference that
matters (a "better" that is statistically clear but tiny is not called better)."""

from __future__ import annotations

import math
import re

from pydantic import Field, model_validator

from gridsim.scenario.section import Section

__all__ = ["DEFAULT_PRACTICAL", "Goal", "Practical", "check_goals"]

SCOPE = re.compile(r"^(community|kind:[^:\s]+|grid:[^:\s]+|staff:[^:\s]+)$")


class Goal(Section):
    """One goal: a KPI of summary.csv in one scope, at least or at most a value."""

    kpi: str = Field(description="A KPI of summary.csv, e.g. target_on_site_share.")
    scope: str = Field(
        "community", description="community, kind:<kind>, grid:<grid> or staff:<handler>."
    )
    at_least: float | None = Field(None, description="Met when the KPI is at least this.")
    at_most: float | None = Field(None, description="Met when the KPI is at most this.")
    label: str = Field("", max_length=200, description="The goal in the planner's words.")

    @model_validator(mode="after")
    def _one_bound(self) -> Goal:
        if (self.at_least is None) == (self.at_most is None):
            raise ValueError("a goal needs exactly one of at_least and at_most")
        if not math.isfinite(self.value):
            raise ValueError(f"a goal's value must be a finite number, found {self.value}")
        if not SCOPE.match(self.scope):
            raise ValueError(
                "scope: expected community, kind:<kind>, grid:<grid> or staff:<handler>, "
                f"found {self.scope!r}"
            )
        return self

    @property
    def value(self) -> float:
        """The goal's number."""
        return self.at_least if self.at_least is not None else float(self.at_most or 0.0)

    @property
    def higher_is_better(self) -> bool:
        """Whether more of the KPI is better (an at_least goal)."""
        return self.at_least is not None

    def met_by(self, estimate: float) -> bool:
        """Whether an estimate meets the goal."""
        return estimate >= self.value if self.higher_is_better else estimate <= self.value


DEFAULT_PRACTICAL = {"minutes": 1.0, "share": 0.01, "issues": 1.0, "CNY": 10_000.0}
"""The smallest differences worth a planner's attention, by unit, unless the scenario says
otherwise: a minute, a percentage point, one issue, 10,000 CNY a year."""


class Practical(Section):
    """The smallest difference that matters: per unit, and per KPI where that is not enough.
    A difference smaller than this is "no practical difference", however clear."""

    minutes: float = Field(DEFAULT_PRACTICAL["minutes"], ge=0, le=1e6, description="Minutes.")
    share: float = Field(DEFAULT_PRACTICAL["share"], ge=0, le=1, description="Of a share.")
    issues: float = Field(DEFAULT_PRACTICAL["issues"], ge=0, le=1e9, description="Counts.")
    cny: float = Field(DEFAULT_PRACTICAL["CNY"], ge=0, le=1e12, description="CNY a year.")
    kpis: dict[str, float] = Field(
        default_factory=dict, description="KPI -> its own smallest difference (overrides)."
    )

    def of(self, kpi: str, unit: str) -> float:
        """The smallest difference that matters for ``kpi`` measured in ``unit``."""
        if kpi in self.kpis:
            return self.kpis[kpi]
        by_unit = {"minutes": self.minutes, "share": self.share, "issues": self.issues,
                   "CNY": self.cny}  # fmt: skip
        return by_unit.get(unit, 0.0)


def check_goals(goals: list[Goal], kinds: list[str], grids: list[str], kpis: set[str]) -> None:
    """Cross-references: a goal's KPI exists and its scope names a kind or grid that does."""
    for g, goal in enumerate(goals):
        if goal.kpi not in kpis:
            raise ValueError(
                f"goals.{g}.kpi: unknown KPI {goal.kpi!r}; known: {', '.join(sorted(kpis))}"
            )
        what, _, name = goal.scope.partition(":")
        known = {"kind": kinds, "grid": grids}.get(what)
        if known is not None and name not in known:
            raise ValueError(f"goals.{g}.scope: unknown {what} {name!r}; known: {', '.join(known)}")
