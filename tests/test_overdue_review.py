"""The periodic overdue review (`orders.supervision.review_days`): every open order past its
deadline is supervised again at each review, at the review's minute and never between;
switched off, or never sitting before the horizon, it changes nothing."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest
from pydantic import ValidationError

from gridsim.model.log import log_table
from gridsim.model.model import Model
from gridsim.scenario.orders import Supervision
from gridsim.scenario.schema import Scenario
from tests.test_orders import DAY, H, scenario

DAYS = 14.0


def overloaded(review: dict[str, Any]) -> dict[str, Any]:
    """One slow crew and slow plans: many orders miss their 24-hour deadline and stay open
    for days. No
    problem is left unsolved (so nothing reopens) and the red light falls after the horizon:
    every supervision is at a deadline or at a review."""
    sup = {"red_after_share": 100.0, **review}
    return scenario(DAYS, staff={"crews": {"repair": 1}},
                    demand={"kinds": {"repair": {"work": {"mean_min": 240.0}}}},
                    ladder={"implementation_mean_days": 10.0},
                    orders={"closing": {"unsolved": 0.0, "unsolved_rushed": 0.0},
                            "supervision": sup})  # fmt: skip


def supervisions(d: dict[str, Any]) -> tuple[pd.DataFrame, list[tuple[int, float]]]:
    """The log and every (issue id, minute) at which an order was supervised."""
    model = Model(Scenario.model_validate(d), 0)
    calls: list[tuple[int, float]] = []
    overdue = model.ladder.overdue

    def spy(i: int) -> None:
        calls.append((i, model.env.now))
        overdue(i)

    model.ladder.overdue = spy  # type: ignore[method-assign]
    log = log_table(model.run(), "base", 0, "above_town").to_pandas()
    return log, calls


def test_a_weekly_review_supervises_every_overdue_open_order_at_9_and_never_between() -> None:
    log, calls = supervisions(overloaded({"review_days": 7, "review_hour": 9}))
    reviews = [6 * DAY + 9 * H, 13 * DAY + 9 * H]  # 9:00 on the last day of each week
    orders = log.set_index("issue_id")
    deadline, resolved = orders.deadline_min, orders.resolved_min.fillna(float("inf"))
    at_review = [(i, t) for i, t in calls if t in reviews]
    # Every other supervision is the yellow light at the order's own deadline.
    for i, t in calls:
        assert t in reviews or t == pytest.approx(deadline[i]), (i, t)
    for t in reviews:
        # By hand: at a review, exactly the orders past their deadline and not yet resolved.
        due = orders[(deadline < t) & (orders.reported_min <= t) & (resolved > t)].index
        assert sorted(i for i, s in at_review if s == t) == sorted(due)
        assert len(due) >= 3
    # An order overdue by day 2 (its deadline before 2 days) still open at the first review is
    # supervised at its deadline and then at 6 days 9:00, and not in between.
    first = reviews[0]
    late = orders[(deadline < 2 * DAY) & (resolved > first)].index
    assert len(late) > 0
    for i in late:
        times = [t for j, t in calls if j == i and t <= first]
        assert times == [pytest.approx(deadline[i]), first]


def test_no_review_or_none_before_the_horizon_changes_nothing() -> None:
    off, calls_off = supervisions(overloaded({}))
    never, calls_never = supervisions(overloaded({"review_days": 30}))  # after the horizon
    pd.testing.assert_frame_equal(off, never)
    assert calls_off == calls_never
    assert all(t == pytest.approx(off.set_index("issue_id").deadline_min[i]) for i, t in calls_off)


def test_a_review_needs_supervision() -> None:
    with pytest.raises(ValidationError, match="review_days needs enabled"):
        Supervision(enabled=False, review_days=7)
