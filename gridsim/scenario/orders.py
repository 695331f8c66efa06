"""Work orders (工单): deadlines by category and severity, sign-off, a check before closing,
the call-back, closing badly, reopening and going above the town; and the authority of each
rung (what it may spend, whether it can settle a cross-grid matter or summon a department).

Omitted (`orders.enabled: false`, the default), an issue is not an order and the model is
the validated one of before: nothing here draws a random number or takes anyone's time.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from gridsim.scenario.section import (
    MIN_INTERVAL_DAYS,
    SEVERITIES,
    Fraction,
    Minutes,
    Name,
    Section,
    _at_least,
    _chance,
)

Unit = Literal["hours", "working_hours", "working_days"]
"""How a deadline counts: clock hours (nights, weekends and holidays count), hours of the
office on working days, or whole working days (due at the office's close of the last)."""


class Deadline(Section):
    """One deadline, counted from the report (the call, for a hotline order)."""

    value: float = Field(gt=0.0, le=1e5, description="How many units.")
    unit: Unit = Field("hours", description="hours (clock), working_hours or working_days.")

    @model_validator(mode="after")
    def _whole_days(self) -> Deadline:
        if self.unit == "working_days" and self.value != int(self.value):
            raise ValueError(f"working_days are whole days, found {self.value:g}")
        return self


class Category(Section):
    """A category of orders and its deadlines; an order takes the first category of
    `orders.categories` that matches its kind and severity."""

    name: Name
    kinds: list[Name] = Field(
        default_factory=list, description="Kinds it covers (empty: every kind)."
    )
    severities: list[Literal["low", "medium", "high"]] = Field(
        default_factory=list, description="Severities it covers (empty: every severity)."
    )
    sign_off: Deadline = Field(description="Signed for (签收) by the grid worker within this.")
    resolve: Deadline = Field(description="Resolved (办结) within this.")

    def covers(self, kind: str, severity: int) -> bool:
        return (not self.kinds or kind in self.kinds) and (
            not self.severities or SEVERITIES[severity] in self.severities
        )


class OfficeHours(Section):
    """The hours working time counts, on working days (weekdays that are not holidays, and
    the calendar's adjusted working days)."""

    start_hour: float = Field(8.5, ge=0.0, lt=24.0)
    end_hour: float = Field(17.5, gt=0.0, le=24.0)

    @model_validator(mode="after")
    def _ordered(self) -> OfficeHours:
        if self.end_hour <= self.start_hour:
            raise ValueError(
                f"end_hour ({self.end_hour:g}) must be after start_hour ({self.start_hour:g})"
            )
        return self


class Callback(Section):
    """The call-back (回访): after closing, someone calls the resident, who is satisfied or not."""

    by: Literal["grid_worker", "hall"] = Field(
        "grid_worker",
        description="Who calls: the grid's grid worker (their time and hours) or the hall's "
        "duty desk (staff.rosters.hall; without it the call takes no one's time).",
    )
    delay_hours: float = Field(24.0, ge=0.0, le=1e5, description="Clock hours after closing.")
    minutes: Minutes = Field(5.0, description="Minutes of the caller's time per call.")
    # P(satisfied) when the problem is solved by the resolution deadline, solved after it,
    # or closed while it remains.
    satisfied: Fraction = Field(0.9, description="P(satisfied): solved in time.")
    satisfied_late: Fraction = Field(0.7, description="P(satisfied): solved late.")
    satisfied_unsolved: Fraction = Field(0.15, description="P(satisfied): not solved.")
    lift: float = Field(
        0.0,
        ge=-1.0,
        le=1.0,
        description="Added to each P(satisfied) (then kept in [0, 1]): a caller the resident "
        "knows (the grid worker) may find more satisfaction than the hall.",
    )

    _p = field_validator("satisfied", "satisfied_late", "satisfied_unsolved")(_chance)


class Closing(Section):
    """Closing well or badly: the check before closing, problems that remain, reopening."""

    check_min: Minutes = Field(
        20.0, description="The grid worker's check (核查) before closing, minutes (0: none)."
    )
    unsolved: Fraction = Field(
        0.05, description="P(closed but the problem remains) for work done in good time."
    )
    unsolved_rushed: Fraction = Field(
        0.25,
        description="P(the problem remains) when the work was rushed: resolved in the last "
        "`rush_share` of the time to its deadline, or after it was supervised as overdue.",
    )
    rush_share: Fraction = Field(0.1, description="The end part of the deadline that is a rush.")
    reopen: Fraction = Field(
        0.6, description="P(a resident whose problem remains reports it again: the order reopens)."
    )
    reopen_mean_days: float = Field(
        3.0, ge=0.0, le=3650.0, description="Mean (exponential) days before they report it again."
    )
    max_reopens: int = Field(2, ge=0, le=10, description="Reopenings an order can have.")
    bypass: Fraction = Field(
        0.05,
        description="P(a dissatisfied resident goes above the town: the hotline to the "
        "county, a petition): the order leaves the ladder as `above_town`.",
    )

    _p = field_validator("unsolved", "unsolved_rushed", "reopen", "bypass")(_chance)


class Supervision(Section):
    """Overdue supervision (督办): at the resolution deadline an open order is supervised
    from the rung above (yellow light); again after `red_after_share` more of its time (red).
    With `review_days`, the community also reviews its open orders at a set interval and
    supervises again every one past its deadline (a weekly overdue review)."""

    enabled: bool = True
    red_after_share: float = Field(
        1.0, gt=0.0, le=100.0, description="Red light after this share of the deadline more."
    )
    review_days: float | None = Field(
        None,
        gt=0.0,
        le=3650.0,
        description="Days between reviews of the open orders past their deadline (null: no "
        "review); each review sits at `review_hour` on the last day of its period.",
    )
    review_hour: float = Field(9.0, ge=0.0, lt=24.0, description="Hour of day of the review.")

    @field_validator("review_days")
    @classmethod
    def _not_too_often(cls, v: float | None) -> float | None:
        return (
            None if v is None else _at_least(v, MIN_INTERVAL_DAYS, "an hour: a review takes time")
        )

    @model_validator(mode="after")
    def _review_supervises(self) -> Supervision:
        if self.review_days is not None and not self.enabled:
            raise ValueError("review_days needs enabled: true (a review supervises again)")
        return self


class Authority(Section):
    """What each rung may settle. An order's needs (money, another department, a cross-grid
    matter) are drawn with it; it goes up at once past a rung that lacks the authority."""

    spending_limit_cny: dict[str, float] = Field(
        default_factory=lambda: {
            "grid_worker": 0.0,
            "grid_leader": 500.0,
            "community": 5000.0,
            "joint_meeting": 50000.0,
        },
        description="Largest cost each rung may decide alone, CNY (the town: any).",
    )
    cross_grid: Literal["grid_leader", "community", "joint_meeting", "town"] = Field(
        "community", description="Lowest rung that settles a matter across grids."
    )
    department: Literal["town"] = Field(
        "town", description="Lowest rung that can summon a county department (吹哨报到)."
    )

    @field_validator("spending_limit_cny")
    @classmethod
    def _limits(cls, v: dict[str, float]) -> dict[str, float]:
        rungs = ("grid_worker", "grid_leader", "community", "joint_meeting")
        if sorted(v) != sorted(rungs):
            raise ValueError(f"give a limit for each rung below the town: {', '.join(rungs)}; "
                             f"found {', '.join(v) or 'none'}")  # fmt: skip
        limits = [v[r] for r in rungs]
        if limits[0] < 0 or limits != sorted(limits):
            raise ValueError(
                f"limits are CNY, at least 0 and never lower at a higher rung, found {limits}"
            )
        return {r: v[r] for r in rungs}


class Needs(Section):
    """What an order of one kind needs beyond its first responder, drawn with it."""

    money: Fraction = Field(0.0, description="P(it needs money to be spent).")
    money_mean_cny: float = Field(2000.0, gt=0.0, le=1e9, description="Mean cost, CNY (lognormal).")
    money_cv: float = Field(1.5, gt=0.0, le=100.0, description="Coefficient of variation.")
    department: Fraction = Field(0.0, description="P(it needs a county department).")
    cross_grid: Fraction = Field(0.0, description="P(it spans grids).")

    _p = field_validator("money", "department", "cross_grid")(_chance)


class Departments(Section):
    """County departments the town summons (吹哨报到): finite capacity, their own times."""

    teams: int = Field(2, ge=0, le=1000, description="Teams that can be on a case at once.")
    mean_hours: float = Field(
        16.0, gt=0.0, le=1e5, description="Mean (exponential) hours of a team on one case."
    )


class Orders(Section):
    """Work orders: every reported issue (not scheduled visits) is an order."""

    enabled: bool = Field(False, description="false: no orders (the model of before).")
    categories: list[Category] = Field(default_factory=list)
    office_hours: OfficeHours = Field(default_factory=OfficeHours)
    # A hotline call goes through the city platform and the town; an order's deadlines run
    # from its arrival, as the rules count the handling unit's time from dispatch (派单).
    transfer_min: dict[Name, Minutes] = Field(
        default_factory=dict, description="Per channel: minutes to reach the community."
    )
    urgent_transfer_min: dict[Name, Minutes] = Field(
        default_factory=dict, description="The same for urgent orders (else transfer_min)."
    )
    closing: Closing = Field(default_factory=Closing)
    callback: Callback = Field(default_factory=Callback)
    supervision: Supervision = Field(default_factory=Supervision)
    authority: Authority | None = Field(
        None,
        description="Escalation by authority (needs per kind in `needs`); omitted: by each "
        "kind's escalation shares.",
    )
    needs: dict[Name, Needs] = Field(
        default_factory=dict, description="Per kind: what its orders need (with `authority`)."
    )
    departments: Departments = Field(default_factory=Departments)

    def category_of(self, kind: str, severity: int) -> int:
        """Index of the first category covering the kind and severity (the schema checks one
        does)."""
        for c, cat in enumerate(self.categories):
            if cat.covers(kind, severity):
                return c
        raise LookupError(f"no category covers {kind}/{SEVERITIES[severity]}")


def check_orders(orders: Orders, kinds: list[str], channels: list[str]) -> None:
    """Cross-references: every kind and severity has a category; names exist."""
    if not orders.enabled:
        return
    if not orders.categories:
        raise ValueError("orders.categories: orders are enabled but no category is given")
    for c, cat in enumerate(orders.categories):
        for k in cat.kinds:
            if k not in kinds:
                raise ValueError(
                    f"orders.categories.{c}.kinds: unknown kind {k!r}; known: {', '.join(kinds)}"
                )
    for kind in kinds:
        for s, severity in enumerate(SEVERITIES):
            if not any(cat.covers(kind, s) for cat in orders.categories):
                raise ValueError(
                    f"orders.categories: no category covers kind {kind!r} at severity "
                    f"{severity!r}; add one (a last category with no kinds covers every kind)"
                )
    for what, names, known in (("transfer_min", orders.transfer_min, channels),
                               ("urgent_transfer_min", orders.urgent_transfer_min, channels),
                               ("needs", orders.needs, kinds)):  # fmt: skip
        for name in names:
            if name not in known:
                thing = "kind" if what == "needs" else "channel"
                raise ValueError(
                    f"orders.{what}.{name}: unknown {thing}; known: {', '.join(known)}"
                )
    if orders.needs and orders.authority is None:
        raise ValueError("orders.needs: needs decide escalation only with orders.authority")


__all__ = [
    "Authority",
    "Callback",
    "Category",
    "Closing",
    "Deadline",
    "Departments",
    "Needs",
    "OfficeHours",
    "Orders",
    "Supervision",
    "check_orders",
]
