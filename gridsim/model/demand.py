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
from gridsim.scenario.schema import HANDLERS, Demand, Grid, Kind, Scenario, Work

DAY_MIN = 1440.0
YEAR_MIN = 365.0 * DAY_MIN


FATES = ("needs", "patrol", "screen", "gw", "police", "room", "town", "implementation")
"""Uniform draws that fix an issue's fate, turned into outcomes by the model's policies:
the rung its nature needs, how many patrol rounds or screenings it escapes, how many
mediation sessions each stage would need, and the town's and the implementation's delays.
Drawing them with the issue (not when needed) keeps policy variants on the same issues."""


@dataclass(frozen=True)
class Issues:
    """All issues of one replication, one array per attribute, reported ones first by time."""

    created: np.ndarray  # minute the problem arises
    reported: np.ndarray  # minute a resident's first report reaches the grid worker; NaN if latent
    kind: np.ndarray  # index into kind_names
    handler: np.ndarray  # index into HANDLERS
    grid: np.ndarray  # index into grid_names
    household: np.ndarray  # household number within its grid
    vulnerable: np.ndarray  # bool
    severity: np.ndarray  # 0 low, 1 medium, 2 high
    channel: np.ndarray  # index into channel_names; -1 while latent
    reports: np.ndarray  # reports merged into this issue (0 while latent)
    latent: np.ndarray  # bool: no resident reports it
    work: np.ndarray  # on-site work minutes
    fate: np.ndarray  # (n, len(FATES)) uniforms in (0, 1)
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


def first_reports(
    rng: np.random.Generator,
    n: int,
    duplicates_mean: float,
    channel_p: np.ndarray,
    channel_delay: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(delay, channel, reports) of each problem: several residents may report one problem,
    and the reports are merged into the first one to arrive."""
    reports = 1 + (rng.poisson(duplicates_mean, n) if duplicates_mean > 0 else np.zeros(n, int))
    total = int(reports.sum())
    channel = rng.choice(len(channel_p), size=total, p=channel_p).astype(np.int8)
    delay = rng.exponential(1.0, total) * channel_delay[channel]
    if total == n:
        return delay, channel, reports.astype(np.int16)
    owner = np.repeat(np.arange(n), reports)
    order = np.lexsort((delay, owner))  # by problem, earliest report first
    first = np.concatenate(([0], np.cumsum(reports)[:-1]))
    pick = order[first]
    return delay[pick], channel[pick], reports.astype(np.int16)


def key_households(grid: Grid) -> int:
    """Key households are the last ones of a grid (vulnerable ones are the first)."""
    return round(grid.key_share * grid.households)


def households_of(rng: np.random.Generator, n: int, raisers: int, grid: Grid, kind: Kind):
    """The household raising each issue: uniform, or with a set share from key households."""
    if raisers == 0:
        return np.zeros(0, dtype=np.int64)
    share = kind.key_household_share
    n_key = key_households(grid)
    if share is None or kind.households == "vulnerable" or n_key in (0, grid.households):
        return rng.integers(0, raisers, n)
    key = rng.random(n) < share
    ordinary = rng.integers(0, grid.households - n_key, n)
    return np.where(key, grid.households - n_key + rng.integers(0, n_key, n), ordinary)


def seasonal_weights(kind: Kind, demand: Demand) -> np.ndarray:
    """Monthly weights of a kind: its profile (mean 1), times the heating-season multiplier."""
    weights = normalised(kind.seasonal or demand.seasonal)
    if kind.heating:
        in_season = np.isin(np.arange(1, 13), demand.heating_season.months)
        weights = weights * np.where(in_season, demand.heating_season.multiplier, 1.0)
    return weights


def generate_issues(scenario: Scenario, streams: Streams) -> Issues:
    """Draw every issue of the run; each (grid, kind) pair owns its named streams."""
    cal = scenario.calendar
    demand = scenario.demand
    horizon = cal.horizon_days * DAY_MIN
    months = month_of_day(cal.start_date, int(np.ceil(cal.horizon_days)) + 1)
    hourly = normalised(demand.hourly)
    channel_names = tuple(demand.channels)
    channel_p = np.array([c.share for c in demand.channels.values()])
    channel_p = channel_p / channel_p.sum()
    channel_delay = np.array([c.mean_delay_min for c in demand.channels.values()])
    grids = scenario.community.grids

    parts: list[dict[str, np.ndarray]] = []
    for gi, grid in enumerate(grids):
        n_vulnerable = round(grid.vulnerable_share * grid.households)
        for ki, (kname, kind) in enumerate(demand.kinds.items()):
            key = f"{grid.name}/{kname}"
            raisers = n_vulnerable if kind.households == "vulnerable" else grid.households
            rate = kind_rate(kind, raisers)
            created = arrival_times(
                streams.get(f"arrivals/{key}"),
                rate,
                horizon,
                seasonal_weights(kind, demand),
                hourly,
                months,
            )
            n = len(created)
            rng = streams.get(f"attributes/{key}")
            household = households_of(rng, n, raisers, grid, kind)
            severity = rng.choice(3, size=n, p=kind.severity.probabilities()).astype(np.int8)
            delay, channel, reports = first_reports(
                streams.get(f"reports/{key}"), n, kind.duplicates_mean, channel_p, channel_delay
            )
            latent = streams.get(f"discovery/{key}").random(n) < kind.latent_share
            parts.append(
                {
                    "created": created,
                    "reported": np.where(latent, np.nan, created + delay),
                    "kind": np.full(n, ki, dtype=np.int16),
                    "handler": np.full(n, HANDLERS.index(kind.handler), dtype=np.int8),
                    "grid": np.full(n, gi, dtype=np.int32),
                    "household": household,
                    # Households are exchangeable, so the first ones are the vulnerable ones.
                    "vulnerable": household < n_vulnerable,
                    "severity": severity,
                    "channel": np.where(latent, -1, channel).astype(np.int8),
                    "reports": np.where(latent, 0, reports).astype(np.int16),
                    "latent": latent,
                    "work": work_times(streams.get(f"work/{key}"), kind.work, n),
                    # 1 - random() lies in (0, 1], so logarithms of it are finite.
                    "fate": 1.0 - streams.get(f"fate/{key}").random((n, len(FATES))),
                }
            )
    columns = {name: np.concatenate([p[name] for p in parts]) for name in parts[0]}
    # Reported issues by report time, then latent ones by creation time.
    order = np.lexsort((columns["created"], columns["reported"]))
    columns = {name: values[order] for name, values in columns.items()}
    return Issues(
        **columns,
        kind_names=tuple(demand.kinds),
        grid_names=tuple(g.name for g in grids),
        channel_names=(*channel_names, "patrol", "screening"),
    )


def kind_rate(kind: Kind, households: int) -> float:
    """Mean issues per minute of one kind among ``households`` (profiles average to 1)."""
    return households * kind.rate_per_household_year / YEAR_MIN
