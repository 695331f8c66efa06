"""Work orders: deadlines in working time by hand, supervision at the deadline minute and not
before, escalation past rungs without authority, reopened orders counted once, satisfaction
and bypass shares against their analytic expectation, and the reduction to the model
without orders."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from pydantic import ValidationError

from gridsim.model.deadlines import WorkingTime
from gridsim.model.log import log_table
from gridsim.model.model import Model
from gridsim.scenario.community import Calendar
from gridsim.scenario.orders import Deadline, OfficeHours
from gridsim.scenario.schema import Scenario
from gridsim.stats.kpis import run_kpis
from tests.support import merged

ROOT = Path(__file__).resolve().parents[1]
H = 60.0
DAY = 24 * H
MONDAY = dt.date(2026, 9, 28)  # National Day holidays follow: 1-7 October 2026
GOLDEN_WEEK = {"name": "national_day", "start": "2026-10-01", "days": 7}


def clock() -> WorkingTime:
    cal = Calendar.model_validate(
        {"start_date": str(MONDAY), "holidays": [GOLDEN_WEEK], "workdays": ["2026-10-10"]}
    )
    return WorkingTime(cal, OfficeHours(start_hour=8.5, end_hour=17.5))


def test_deadlines_by_hand_across_a_weekend_and_a_holiday() -> None:
    wt = clock()
    tuesday_4pm = 1 * DAY + 16 * H
    # 5 working days from Tuesday 29 Sep: Wed 30 (1); 1-7 Oct off; Thu 8 (2), Fri 9 (3),
    # Sat 10 (an adjusted working day, 4), Sun 11 off, Mon 12 (5): due at 17:30 that day.
    due = wt.due(tuesday_4pm, Deadline(value=5, unit="working_days"))
    assert due == 14 * DAY + 17.5 * H
    # 4 working hours from Wednesday 30 Sep 16:30: one that day, three from 8:30 on Thu 8.
    four = Deadline(value=4, unit="working_hours")
    assert wt.due(2 * DAY + 16.5 * H, four) == 10 * DAY + 11.5 * H
    # Reported on a holiday evening: counted from the next opening.
    saturday_night = 5 * DAY + 20 * H
    assert wt.due(saturday_night, Deadline(value=1, unit="working_hours")) == 10 * DAY + 9.5 * H
    # A weekend, not a holiday: Friday 2 Oct is a holiday anyway; take Fri 9 Oct 17:00 + 2 h
    # of office: half an hour that day, then Sat 10 (a working day) 8:30 + 1.5 h.
    assert wt.due(11 * DAY + 17 * H, Deadline(value=2, unit="working_hours")) == 12 * DAY + 10 * H
    # Clock hours count everything.
    assert wt.due(saturday_night, Deadline(value=24)) == saturday_night + DAY


def test_working_days_are_whole() -> None:
    with pytest.raises(ValidationError, match="whole days"):
        Deadline(value=1.5, unit="working_days")


def orders(**over: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "enabled": True,
        "categories": [
            {"name": "all", "sign_off": {"value": 2}, "resolve": {"value": 24}},
        ],
        "closing": {"check_min": 0.0},
        "callback": {"minutes": 0.0},
    }
    return merged(base, over)


def scenario(days: float = 120.0, **over: Any) -> dict[str, Any]:
    """One grid of 100 households, repairs by two crews always on duty; orders with a 2-hour
    sign-off and a 24-hour resolution deadline; no patrols."""
    base: dict[str, Any] = {
        "name": "orders",
        "seed": 11,
        "community": {"grids": [{"name": "g", "households": 100}], "travel": {"overhead_min": 5.0}},
        "calendar": {
            "start_date": str(MONDAY),
            "horizon_days": days,
            "shift": {"start_hour": 0, "end_hour": 24},
        },
        "demand": {
            "kinds": {
                "repair": {
                    "rate_per_household_year": 20.0,
                    "handler": "repair",
                    "work": {"distribution": "exponential", "mean_min": 60.0},
                    "escalation": {"grid_leader": 0.3, "community": 0.5},
                }
            },
            "channels": {"wechat": {"share": 1.0}},
        },
        "staff": {
            "crews": {"repair": 2, "cleaning": 0, "patrol": 0, "fire": 0},
            "triage": "free",
            "grid_leaders": [{"name": "l", "grids": ["g"]}],
            "committee": 1,
        },
        "policy": {"patrol": {"per_day": 0}},
        "orders": orders(),
    }
    return merged(base, over)


def run(d: dict[str, Any], replication: int = 0) -> pd.DataFrame:
    sc = Scenario.model_validate(d)
    res = Model(sc, replication).run()
    return log_table(res, "base", replication, "above_town").to_pandas()


def test_supervision_comes_at_the_deadline_minute_and_never_before() -> None:
    # Slow crews (one, 8-hour jobs at 20 a year each from 100 homes: overloaded) make many
    # orders miss 24 hours.
    d = scenario(60.0, staff={"crews": {"repair": 1}},
                 demand={"kinds": {"repair": {"work": {"mean_min": 240.0}}}})  # fmt: skip
    log = run(d)
    orders = log[log.deadline_min.notna()]
    supervised = orders[orders.supervised_min.notna()]
    assert len(supervised) > 20
    np.testing.assert_allclose(supervised.supervised_min, supervised.deadline_min, atol=1e-6)
    # Never before: an order resolved by its deadline was never supervised ...
    on_time = orders.resolved_min <= orders.deadline_min
    assert orders[on_time].supervised_min.isna().all()
    # ... and every order still open at a deadline before the horizon was.
    horizon = 60 * DAY
    open_then = (orders.deadline_min < horizon) & ~on_time
    assert orders[open_then].supervised_min.notna().all()
    # Supervision is from the rung above: no supervised order stays at the grid worker.
    assert (supervised.level != "grid_worker").all()


def test_an_order_without_the_authority_at_a_rung_goes_up_at_once() -> None:
    # Every order needs a county department (only the town can summon one); the leader and
    # the committee would take 70 days each and the joint meeting sits every ten years: an
    # order that stopped at any of them would not have a plan within the 120 days.
    d = scenario(
        ladder={"grid_leader_min": 1e5, "committee_min": 1e5, "town_mean_days": 1.0},
        policy={"joint_meeting": {"interval_days": 3650}},
        orders=orders(
            authority={},
            needs={"repair": {"department": 1.0}},
            departments={"teams": 50, "mean_hours": 2.0},
            closing={"unsolved": 0.0, "unsolved_rushed": 0.0},
        ),
    )
    log = run(d)
    planned = log[log.plan_min.notna()]
    assert len(planned) > 100
    assert planned.level.isin(["town", "above_town"]).all()  # above: a dissatisfied resident
    assert (planned.plan_min - planned.on_site_min).max() < 20 * DAY
    # The same orders climbing by the kind's shares instead wait at the leader.
    shares = run(scenario(ladder={"grid_leader_min": 1e5}))
    assert (shares.level == "town").sum() == 0


def test_a_reopened_order_keeps_its_id_and_counts_once() -> None:
    # Every closing leaves the problem; every resident reports it again, twice.
    d = scenario(orders=orders(closing={"unsolved": 1.0, "unsolved_rushed": 1.0, "reopen": 1.0,
                                        "max_reopens": 2, "bypass": 0.0, "reopen_mean_days": 1.0,
                                        "check_min": 0.0}))  # fmt: skip
    log = run(d)
    assert log.issue_id.is_unique
    placed = log[log.deadline_min.notna()]
    done = placed[placed.satisfied.notna() & (placed.closed_min < 100 * DAY)]
    assert len(done) > 100 and (done.reopened == 2).all()
    sc = Scenario.model_validate(d)
    kpis = {k.kpi: k.value for k in run_kpis(pa_table(log), [], 0.0, 120 * DAY, sc.targets)
            if k.scope == "community"}  # fmt: skip
    # The on-time rate counts each order once: by its last resolution, of the orders due.
    due = placed[(placed.deadline_min < 120 * DAY) | placed.resolved_min.notna()]
    assert kpis["on_time_rate"] == pytest.approx((due.resolved_min <= due.deadline_min).mean())
    assert kpis["orders"] == len(placed)
    reopened = placed.reopened > 0
    assert kpis["reopen_rate"] == pytest.approx(
        reopened.sum() / (placed.closed_min.notna() | reopened).sum()
    )


def pa_table(log: pd.DataFrame) -> Any:
    import pyarrow as pa

    return pa.Table.from_pandas(log, preserve_index=False)


@pytest.mark.parametrize("unsolved", [0.0, 0.5])
def test_satisfaction_and_bypass_converge_to_their_inputs(unsolved: float) -> None:
    # Deadlines of a year: every order is on time, nothing rushed, supervision never fires.
    # P(satisfied) = (1 - u) * 0.8 + u * 0.2; P(bypass | dissatisfied) = 0.3.
    cats = [{"name": "all", "sign_off": {"value": 8760}, "resolve": {"value": 8760}}]
    d = scenario(200.0, orders=orders(
        categories=cats,
        closing={"unsolved": unsolved, "unsolved_rushed": unsolved, "reopen": 0.0,
                 "bypass": 0.3, "rush_share": 0.0},
        callback={"satisfied": 0.8, "satisfied_unsolved": 0.2}))  # fmt: skip
    log = run(d)
    called = log[log.satisfied.notna()]
    n = len(called)
    assert n > 800
    p = (1 - unsolved) * 0.8 + unsolved * 0.2
    share = called.satisfied.astype(float).mean()
    assert abs(share - p) < 4 * math.sqrt(p * (1 - p) / n)  # 4 standard errors
    unhappy = called[~called.satisfied.astype(bool)]
    b = unhappy.bypassed.mean()
    assert abs(b - 0.3) < 4 * math.sqrt(0.3 * 0.7 / len(unhappy))
    assert (unhappy[unhappy.bypassed].level == "above_town").all()


def test_orders_that_take_no_time_and_never_fail_reduce_to_the_model_without_orders() -> None:
    # No check, no call-back time, nothing left unsolved, no supervision, no authority, no
    # transfer: every time of every issue is the same as with orders off, bit for bit.
    quiet = orders(closing={"unsolved": 0.0, "unsolved_rushed": 0.0, "bypass": 0.0},
                   supervision={"enabled": False})  # fmt: skip
    on = run(scenario(orders=quiet))
    off = run(scenario(orders={"enabled": False}))
    times = ["reported_min", "queued_min", "dispatched_min", "on_site_min", "plan_min",
             "resolved_min", "level", "crew"]  # fmt: skip
    pd.testing.assert_frame_equal(on[times], off[times])
    assert on.deadline_min.notna().all() and off.deadline_min.isna().all()
    assert off.satisfied.isna().all() and (off.reopened == 0).all()


def test_a_kind_without_a_category_is_refused_with_its_place() -> None:
    d = scenario(orders=orders(categories=[
        {"name": "high", "severities": ["high"], "sign_off": {"value": 1}, "resolve": {"value": 2}}
    ]))  # fmt: skip
    with pytest.raises(ValidationError, match="no category covers kind 'repair' at severity"):
        Scenario.model_validate(d)


def test_a_hotline_order_counts_its_deadlines_from_its_arrival() -> None:
    # Every report is a hotline call that takes 100 minutes to reach the community (urgent
    # ones 10): the deadlines (2 h to sign, 24 h to resolve) run from the arrival.
    d = scenario(demand={"kinds": {"repair": {"urgent": "high"}}},
                 orders=orders(transfer_min={"hotline": 100.0},
                               urgent_transfer_min={"hotline": 10.0}))  # fmt: skip
    d["demand"]["channels"] = {"hotline": {"share": 1.0}}
    log = run(d)
    urgent = log.severity == "high"
    arrival = log.reported_min + np.where(urgent, 10.0, 100.0)
    assert urgent.any() and (~urgent).any()
    np.testing.assert_allclose(log.deadline_min, arrival + 24 * H)
    np.testing.assert_allclose(log.sign_off_deadline_min, arrival + 2 * H)
    signed = log.signed_min.notna()
    assert (log.signed_min[signed] >= arrival[signed] - 1e-9).all()


def test_an_order_overdue_in_the_committees_queue_goes_to_the_town() -> None:
    # Every order needs the committee (shares of 1), whose one member takes 70 days over
    # each: the others wait in its queue past their 24-hour deadline, and the town, not
    # the monthly joint meeting, takes them over at that minute.
    d = scenario(60.0, ladder={"committee_min": 1e5, "town_mean_days": 1.0},
                 demand={"kinds": {"repair": {"escalation": {"grid_leader": 1.0,
                                                             "community": 1.0}}}})  # fmt: skip
    log = run(d)
    town = log[log.level == "town"]
    assert len(town) > 10
    assert town.supervised_min.notna().all()
    assert (log.level != "joint_meeting").all()
    planned = town[town.plan_min.notna()]
    assert len(planned) > 0 and (planned.plan_min > planned.supervised_min).all()


def test_every_order_of_the_baseline_has_its_deadlines_after_its_report() -> None:
    # Walk-ins made while the hall is shut report at its opening, hotline orders arrive
    # later: their deadlines run from then, never from before the report in the log.
    from gridsim.scenario import load_scenario

    sc = load_scenario(ROOT / "scenarios" / "baseline.yaml", ["calendar.horizon_days=60"])
    log = log_table(Model(sc, 0).run(), "base", 0, "above_town").to_pandas()
    orders_ = log[log.deadline_min.notna()]
    assert len(orders_) > 200 and (orders_.channel == "walk_in").sum() > 20
    assert (orders_.sign_off_deadline_min > orders_.reported_min).all()
    assert (orders_.deadline_min >= orders_.sign_off_deadline_min).all()
