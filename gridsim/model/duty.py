"""Who is on duty: each staff group's roster applied to its pools as the clock runs.

Every pool belongs to a roster group (`scenario.roster.GROUPS`). Groups with the same
shifts share one process, which at each change sets every one of their pools' on-duty
count, hands a night crew's waiting issues over, and sends whoever came on duty to the
queue. A group whose members are split over several pools (crews by area) shares the
roster's count among them in proportion to their size.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from typing import Any

from simpy.events import Timeout

from gridsim.model.crews import Pool
from gridsim.model.jobs import Jobs
from gridsim.model.kernel import Kernel, ShiftChange
from gridsim.model.roster import DayTypes, changes, daily, largest
from gridsim.scenario.roster import RosterShift
from gridsim.scenario.schema import Scenario

Key = tuple[object, ...]


class Duty:
    """The rosters of a scenario, by group, and the processes that apply them."""

    def __init__(self, sc: Scenario, horizon: float) -> None:
        self.sc = sc
        self.horizon = horizon
        self.days = DayTypes(sc.calendar)

    def roster(self, group: str) -> list[RosterShift] | None:
        """The group's shifts; None: on duty all the time."""
        given = self.sc.staff.rosters.get(group)  # type: ignore[call-overload]
        if given is not None:
            return list(given)
        shift = self.sc.calendar.shift
        if group.endswith("_on_call"):  # the hours outside the day shift
            return None if shift.always_on else daily(shift.end_hour % 24, shift.start_hour or 24)
        if group == "volunteer":
            vol = self.sc.staff.volunteers
            return None if (vol.start_hour, vol.end_hour) == (0.0, 24.0) else daily(
                vol.start_hour, vol.end_hour)  # fmt: skip
        return None if shift.always_on else daily(shift.start_hour, shift.end_hour)

    def size(self, group: str, default: int) -> int:
        """Members the group needs: the most its roster puts on duty at once, where a
        shift without a count means ``default`` (the staff section's number)."""
        shifts = self.roster(group)
        if shifts is None or all(s.count is None for s in shifts):
            return default
        return largest(shifts, self.days, default, self.horizon)

    def begin(self, kernel: Kernel, jobs: Jobs) -> list[Generator[Timeout, Any, None]]:
        """Put every pool on duty as at minute 0; return one process per distinct roster,
        for the model to start (their order among the model's processes matters for events
        at the same minute)."""
        by_key: dict[Key, tuple[list[RosterShift], list[Pool]]] = {}
        for pool in jobs.pools:
            shifts = self.roster(pool.group)
            if shifts is None:
                pool.set_on_duty(0.0, len(pool.crews))
                continue
            key = (pool.group,) if any(s.count is not None for s in shifts) else _key(shifts)
            by_key.setdefault(key, (shifts, []))[1].append(pool)
        processes = []
        for shifts, pools in by_key.values():
            sizes = [len(p.crews) for p in pools]
            steps = changes(shifts, self.days, sum(sizes), self.horizon)
            _, n = next(steps)
            for pool, k in zip(pools, _shares(n, sizes), strict=True):
                pool.set_on_duty(0.0, k)
            processes.append(self._apply(kernel, jobs, steps, pools, sizes))
        return processes

    @staticmethod
    def _apply(kernel: Kernel, jobs: Jobs, steps: Iterator[tuple[float, int]], pools: list[Pool],
               sizes: list[int]) -> Generator[Timeout, Any, None]:  # fmt: skip
        """Set the pools' on-duty counts at each change of their roster."""
        env = kernel.env
        for minute, n in steps:
            yield ShiftChange(env, minute - env.now)
            kernel.events += 1
            for pool, k in zip(pools, _shares(n, sizes), strict=True):
                if k == pool.n_on:
                    continue
                was_open = pool.open
                pool.set_on_duty(minute, k)
                if pool.days and pool.open != was_open:
                    pool.hand_over(minute, to_night=pool.open)
            for pool in pools:
                jobs.drain(pool)


def _shares(n: int, sizes: list[int]) -> list[int]:
    return sizes if n == sum(sizes) else apportion(n, sizes)


def apportion(total: int, sizes: list[int]) -> list[int]:
    """``total`` members shared over pools of these sizes in proportion (largest remainder,
    ties to the first pool), never more than a pool has."""
    whole = sum(sizes)
    if whole == 0 or total <= 0:
        return [0] * len(sizes)
    total = min(total, whole)
    exact = [total * s / whole for s in sizes]
    out = [int(x) for x in exact]
    by_remainder = sorted(range(len(sizes)), key=lambda k: (out[k] - exact[k], k))
    for k in by_remainder[: total - sum(out)]:
        out[k] += 1
    return out


def _key(shifts: list[RosterShift]) -> Key:
    return tuple(tuple(str(v) for v in s.model_dump().values()) for s in shifts)


__all__ = ["Duty", "apportion"]
