"""Demand: every issue of a replication, drawn up front from named streams.

Arrivals are a non-homogeneous Poisson process per grid and kind, generated exactly by
thinning: candidates at the peak rate, each kept with probability rate(t) / peak. The rate is
the kind's annual rate per household scaled by a monthly and an hour-of-day weight. Drawing
everything up front, per stream, is what lets two policies see exactly the same issues.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from gridsim.model.streams import Streams
from gridsim.scenario.schema import HANDLERS, Kind, Scenario, Work

DAY_MIN = 1440.0
YEAR_MIN = 365.0 * DAY_MIN


@dataclass(frozen=True)
class Issues:
    """All issues of one replication, one array per attribute, ordered by report time."""

    created: np.ndarray  # minute the problem arises
    reported: np.ndarray  # minute it reaches the grid worker
    kind: np.ndarray  # index into kind_names
    handler: np.ndarray  # index into HANDLERS
    grid: np.ndarray  # index into grid_names
    household: np.ndarray  # household number within its grid
    vulnerable: np.ndarray  # bool
    severity: np.ndarray  # 0 low, 1 medium, 2 high
    channel: np.ndarray  # index into channel_names
    work: np.ndarray  # on-site work minutes
    kind_names: tuple[str, ...]
    grid_names: tuple[str, ...]
    channel_names: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.created)


def month_of_day(start: dt.date, days: int) -> np.ndarray:
    """Month index (0 = January) of each simulated day."""
    return np.array([(start + dt.timedelta(days=d)).month - 1 for d in range(days)], dtype=np.int8)


def normalised(weights: list[float]) -> np.ndarray:
    """Weights scaled to mean 1, so profiles shape the rate without changing its average."""
    w = np.asarray(weights, dtype=float)
    return w / w.mean()


def arrival_times(
    rng: np.random.Generator,
    rate_per_min: float,
    horizon: float,
    seasonal: np.ndarray,
    hourly: np.ndarray,
    months: np.ndarray,
) -> np.ndarray:
    """Exact non-homogeneous Poisson arrival times on [0, horizon) by thinning."""
    peak = rate_per_min * seasonal.max() * hourly.max()
    if peak <= 0.0:
        return np.empty(0)
    n = rng.poisson(peak * horizon)
    t = np.sort(rng.uniform(0.0, horizon, n))
    day = (t // DAY_MIN).astype(np.int64)
    hour = ((t % DAY_MIN) // 60.0).astype(np.int64)
    rate = rate_per_min * seasonal[months[day]] * hourly[hour]
    keep = rng.random(n) * peak < rate
    return t[keep]


def work_times(rng: np.random.Generator, work: Work, n: int) -> np.ndarray:
    """On-site work minutes with the kind's mean and coefficient of variation."""
    mean, cv = work.mean_min, work.cv
    if work.distribution == "deterministic":
        return np.full(n, mean)
    if work.distribution == "exponential":
        return rng.exponential(mean, n)
    if work.distribution == "gamma":
        return rng.gamma(1.0 / cv**2, mean * cv**2, n)
    sigma2 = np.log1p(cv**2)
    return rng.lognormal(np.log(mean) - sigma2 / 2.0, np.sqrt(sigma2), n)


def generate_issues(scenario: Scenario, streams: Streams) -> Issues:
    """Draw every issue of the run; each (grid, kind) pair owns its three named streams."""
    cal = scenario.calendar
    horizon = cal.horizon_days * DAY_MIN
    months = month_of_day(cal.start_date, int(np.ceil(cal.horizon_days)) + 1)
    hourly = normalised(scenario.demand.hourly)
    channel_names = tuple(scenario.demand.channels)
    channel_p = np.array([c.share for c in scenario.demand.channels.values()])
    channel_p = channel_p / channel_p.sum()
    channel_delay = np.array([c.mean_delay_min for c in scenario.demand.channels.values()])
    kind_names = tuple(scenario.demand.kinds)
    grids = scenario.community.grids

    parts: list[dict[str, np.ndarray]] = []
    for gi, grid in enumerate(grids):
        n_vulnerable = round(grid.vulnerable_share * grid.households)
        for ki, (kname, kind) in enumerate(scenario.demand.kinds.items()):
            key = f"{grid.name}/{kname}"
            seasonal = normalised(kind.seasonal or scenario.demand.seasonal)
            rate = kind_rate(kind, grid.households)
            created = arrival_times(
                streams.get(f"arrivals/{key}"), rate, horizon, seasonal, hourly, months
            )
            n = len(created)
            rng = streams.get(f"attributes/{key}")
            household = rng.integers(0, grid.households, n)
            severity = rng.choice(3, size=n, p=kind.severity.probabilities()).astype(np.int8)
            channel = rng.choice(len(channel_names), size=n, p=channel_p).astype(np.int8)
            delay = rng.exponential(1.0, n) * channel_delay[channel]
            parts.append(
                {
                    "created": created,
                    "reported": created + delay,
                    "kind": np.full(n, ki, dtype=np.int16),
                    "handler": np.full(n, HANDLERS.index(kind.handler), dtype=np.int8),
                    "grid": np.full(n, gi, dtype=np.int32),
                    "household": household,
                    # Households are exchangeable, so the first ones are the vulnerable ones.
                    "vulnerable": household < n_vulnerable,
                    "severity": severity,
                    "channel": channel,
                    "work": work_times(streams.get(f"work/{key}"), kind.work, n),
                }
            )
    columns = {name: np.concatenate([p[name] for p in parts]) for name in parts[0]}
    order = np.argsort(columns["reported"], kind="stable")
    columns = {name: values[order] for name, values in columns.items()}
    return Issues(
        **columns,
        kind_names=kind_names,
        grid_names=tuple(g.name for g in grids),
        channel_names=channel_names,
    )


def kind_rate(kind: Kind, households: int) -> float:
    """Mean issues per minute of one kind in a grid of ``households`` (profiles average to 1)."""
    return households * kind.rate_per_household_year / YEAR_MIN
