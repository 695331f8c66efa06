"""What staff cost: wages per staff-hour by roster group, premiums, on-call allowances and a
fixed cost per crew. Every default is 0 (or a neutral multiplier), so a scenario without a
`cost:` section costs nothing and runs exactly as before.

A shift is paid at its group's wage times the multiplier of the day it starts on (a public
holiday, a weekend day, else 1), plus `night_premium` of that for its minutes inside the
night window. A night on-call crew is not paid its roster's hours: it gets an allowance per
member per shift, and its call-outs (the hours its members were busy) at its group's wage.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from gridsim.scenario.section import Section

Money = Annotated[float, Field(ge=0.0, le=1e9, allow_inf_nan=False)]
"""An amount in CNY."""

Colour = Literal["repair", "cleaning", "patrol", "fire"]

PaidGroup = Literal[
    "grid_worker", "grid_leader", "committee", "repair", "cleaning", "patrol", "fire",
    "repair_on_call", "cleaning_on_call", "patrol_on_call", "fire_on_call",
    "mediation", "police", "volunteer", "hall",
]  # fmt: skip
"""The roster groups (`scenario.roster.GROUPS`): who is paid (`hall`: its duty desk)."""


class Cost(Section):
    """The cost of the staff: what a staff-hour of each group costs, and its premiums."""

    wage_per_hour: dict[PaidGroup, Money] = Field(
        default_factory=dict,
        description="CNY per staff-hour (employer's cost) by roster group; a group not "
        "named costs 0 (volunteers: unpaid). For a crew colour, per member of a crew (see "
        "crew_members); for <colour>_on_call, the rate of a call-out hour, premiums included.",
    )
    crew_members: dict[Colour, Annotated[int, Field(ge=1, le=1000)]] = Field(
        default_factory=dict,
        description="People in one crew of each colour (default 1); the on-call crews of a "
        "colour have as many.",
    )
    night_premium: float = Field(
        0.0, ge=0.0, le=10.0, allow_inf_nan=False,
        description="Extra share of the wage for an hour between night_start_hour and "
        "night_end_hour (0.15: 15% more).",
    )  # fmt: skip
    night_start_hour: float = Field(22.0, ge=0.0, lt=24.0, description="Night starts (hour).")
    night_end_hour: float = Field(
        6.0, ge=0.0, lt=24.0, description="Night ends (hour, the next morning when earlier)."
    )
    holiday_multiplier: float = Field(
        3.0, ge=0.0, le=10.0, allow_inf_nan=False,
        description="Wage multiplier for a shift starting on a public holiday "
        "(calendar.holidays; Labour Law art. 44: at least 300%).",
    )  # fmt: skip
    weekend_multiplier: float = Field(
        1.0, ge=0.0, le=10.0, allow_inf_nan=False,
        description="Wage multiplier for a shift starting on a Saturday or Sunday: 1 where "
        "a rota gives rest days in lieu, 2 where it does not (Labour Law art. 44).",
    )  # fmt: skip
    per_crew_per_year: dict[Colour, Money] = Field(
        default_factory=dict,
        description="Fixed CNY per day crew per year by colour (vehicle, tools); on-call "
        "crews share the day crews' vehicles.",
    )
    on_call_allowance: Money | dict[Colour, Money] = Field(
        0.0,
        description="CNY per on-call member per on-call shift, one figure or by colour.",
    )

    @model_validator(mode="after")
    def _night(self) -> Cost:
        if self.night_premium > 0 and self.night_start_hour == self.night_end_hour:
            raise ValueError(
                f"night_end_hour ({self.night_end_hour:g}) equals night_start_hour: a night "
                "of no length, so night_premium would never be paid"
            )
        return self

    def allowance(self, colour: str) -> float:
        """CNY per on-call member per shift of this colour."""
        given = self.on_call_allowance
        if isinstance(given, dict):
            return given.get(colour, 0.0)  # type: ignore[call-overload]
        return given

    def members(self, colour: str) -> int:
        """People in one crew of this colour."""
        return self.crew_members.get(colour, 1)  # type: ignore[call-overload]


__all__ = ["Colour", "Cost", "Money", "PaidGroup"]
