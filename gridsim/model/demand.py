"""Demand: the issues of a replication, drawn chunk by chunk from named streams.

Arrivals are a non-homogeneous Poisson process per grid and kind, generated exactly by
thinning: candidates at the peak rate, each kept with probability rate(t) / peak. The rate is
the kind's annual rate per household scaled by the grid's rate factor and by a monthly, a
day-of-week (and public holiday) and an hour-of-day weight; with every weight 1 each factor
is exactly 1.0, so the draws are those of the model without them. Drawing
everything per stream, before the model acts on it, is what lets two policies see exactly
the same issues.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np

from gridsim.model.streams import Streams
from gridsim.scenario.demand import annual_mean
from gridsim.scenario.schema import HANDLERS, Demand, Grid, Kind, Scenario, Work
from gridsim.units import MINUTES_PER_DAY as DAY_MIN
from gridsim.units import MINUTES_PER_HOUR
from gridsim.units import MINUTES_PER_YEAR as YEAR_MIN

FATES = ("needs", "patrol", "screen", "gw", "police", "room", "town", "implementation")
"""Uniform draws that fix an issue's fate, turned into outcomes by the model's policies:
the rung its nature needs, how many patrol rounds or screenings it escapes, how many
mediation sessions each stage would need, and the town's and the implementation's delays.
Drawing them with the issue (not when needed) keeps policy variants on the same issues."""


@dataclass(frozen=True)
class Issues:
    """Issues of one replication (or of one chunk of it), one array per attribute, by
    creation time; issue ``first_id + j`` is row j."""

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
    first_id: int = 0

    def __len__(self) -> int:
        return len(self.created)


def month_of_day(start: dt.date, days: int) -> np.ndarray:
    """Month index (0 = January) of each simulated day."""
    return np.array([(start + dt.timedelta(days=d)).month - 1 for d in range(days)], dtype=np.int8)


def normalised(weights: list[float]) -> np.ndarray:
    """Weights scaled to mean 1, so profiles shape the rate without changing its average."""
    w = np.asarray(weights, dtype=float)
    return w / w.mean()


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


def key_households(grid: Grid) -> int:
    """Key households are the last ones of a grid (vulnerable ones are the first)."""
    return round(grid.key_share * grid.households)


def households_of(
    rng: np.random.Generator, n: int, raisers: int, grid: Grid, kind: Kind
) -> np.ndarray:
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
    """Monthly weights of a kind: its profile (mean 1) times the heating-season multiplier,
    renormalised over the year's days when the season keeps the annual rate as written."""
    weights = normalised(kind.seasonal or demand.seasonal)
    season = demand.heating_season
    if kind.heating:
        weights = weights * np.where(season.in_season(), season.multiplier, 1.0)
        if season.keeps_annual_rate:
            weights = weights / annual_mean(weights.tolist())
    return weights


def winter_severity(demand: Demand) -> np.ndarray | None:
    """Cumulative (low, low + medium) of each kind's mix in the heating season (its usual
    mix if it has no winter one); None when no kind has one (nothing to do per issue)."""
    kinds = demand.kinds.values()
    if all(k.winter_severity is None for k in kinds):
        return None
    mixes = [(k.winter_severity or k.severity).probabilities() for k in kinds]
    return np.array([np.cumsum(p)[:2] for p in mixes])


CHUNK_DAYS = 28
"""Demand is drawn four weeks at a time, when the simulation reaches each chunk, so memory
does not grow with the horizon. Each stream carries on from chunk to chunk and a chunk is
always drawn whole before the horizon cuts it, so a shorter run sees exactly the first
issues of a longer one."""


@dataclass(frozen=True)
class Pair:
    """One (grid, kind) pair and its named streams, which persist from chunk to chunk."""

    grid: int
    kind: int
    spec: Grid
    kind_spec: Kind
    raisers: int  # households that can raise the kind
    n_vulnerable: int
    rate: float  # issues per minute before profiles
    peak: float  # issues per minute at the busiest hour of the busiest month
    arrivals: np.random.Generator
    attributes: np.random.Generator
    reports: np.random.Generator
    discovery: np.random.Generator
    work: np.random.Generator
    fate: np.random.Generator


class DemandStream:
    """Draws the issues of a replication chunk by chunk, each (grid, kind) pair from its own
    named streams (`arrivals/<grid>/<kind>`, `attributes/...`, ...), so adding a grid, a kind
    or a crew changes nothing any other pair draws."""

    def __init__(self, scenario: Scenario, streams: Streams) -> None:
        cal, demand = scenario.calendar, scenario.demand
        self.horizon = cal.horizon_days * DAY_MIN
        self.chunk_min = CHUNK_DAYS * DAY_MIN
        self.chunks = max(1, int(np.ceil(self.horizon / self.chunk_min)))
        days = self.chunks * CHUNK_DAYS + 1
        self.months = month_of_day(cal.start_date, days)
        self.hourly = normalised(demand.hourly)
        self.daily = np.array(demand.day_weights(cal.start_date, days, cal.holidays))
        self.channel_p = np.array([c.share for c in demand.channels.values()])
        self.channel_p = self.channel_p / self.channel_p.sum()
        self.channel_delay = np.array([c.mean_delay_min for c in demand.channels.values()])
        self.kind_names = tuple(demand.kinds)
        self.grid_names = tuple(g.name for g in scenario.community.grids)
        self.channel_names = (*demand.channels, "patrol", "screening")
        self.handler = np.array([HANDLERS.index(k.handler) for k in demand.kinds.values()])
        kinds = [
            (kind, seasonal_weights(kind, demand), kind.severity.probabilities())
            for kind in demand.kinds.values()
        ]
        self.pairs: list[Pair] = []
        for gi, grid in enumerate(scenario.community.grids):
            n_vulnerable = round(grid.vulnerable_share * grid.households)
            for ki, (kname, (kind, seasonal, _)) in enumerate(
                zip(demand.kinds, kinds, strict=True)
            ):
                key = f"{grid.name}/{kname}"
                raisers = n_vulnerable if kind.households == "vulnerable" else grid.households
                named = [streams.get(f"{s}/{key}") for s in STREAMS]
                rate = 0.0 if kind.schedule else kind_rate(kind, raisers) * grid.rate_factor
                peak = rate * seasonal.max() * self.hourly.max() * self.daily.max()
                spec = (gi, ki, grid, kind, raisers, n_vulnerable, rate, peak)
                self.pairs.append(Pair(*spec, *named))
        # Per pair and per kind, as arrays, for drawing all pairs' issues at once.
        self.grid = np.array([p.grid for p in self.pairs], dtype=np.int64)
        self.kind = np.array([p.kind for p in self.pairs], dtype=np.int64)
        self.rate = np.array([p.rate for p in self.pairs])
        self.peak = np.array([p.peak for p in self.pairs])
        self.n_vulnerable = np.array([p.n_vulnerable for p in self.pairs])
        self.seasonal = np.array([seasonal for _, seasonal, _ in kinds]).reshape(-1, 12)
        self.severity_cum = np.array([np.cumsum(p)[:2] for _, _, p in kinds]).reshape(-1, 2)
        self.winter_cum = winter_severity(demand)
        self.in_season = np.array(demand.heating_season.in_season())
        self.latent_share = np.array([k.latent_share for k in demand.kinds.values()])
        self.channel_cdf = np.cumsum(self.channel_p)
        self.channel_cdf /= self.channel_cdf[-1]
        self.visits = scheduled_visits(self.pairs)
        if self.visits:
            self.channel_names = (*self.channel_names, "schedule")
        self.next_id = 0

    def chunk(self, k: int) -> Issues:
        """The issues created in chunk ``k`` before the horizon, by creation time; their
        ids (`first_id` on) follow those of the chunks before.

        Each pair draws only its random numbers, from its own streams, in two passes
        (candidate arrivals, then the attributes of the kept ones); the thinning and the
        turning of uniforms into attributes are done for all pairs at once.
        """
        t0 = k * self.chunk_min
        pair, created = self._arrivals(t0)
        counts = np.bincount(pair, minlength=len(self.pairs))
        draws = [self._draw(self.pairs[q], m) for q, m in enumerate(counts.tolist()) if m]
        columns = self._attributes(pair, created, draws)
        if self.visits:
            visits = self._visits(t0)
            columns = {name: np.concatenate((columns[name], visits[name])) for name in columns}
        keep = columns["created"] < self.horizon
        order = np.argsort(columns["created"][keep], kind="stable")
        columns = {name: values[keep][order] for name, values in columns.items()}
        first = self.next_id
        self.next_id += len(order)
        return Issues(
            **columns,
            kind_names=self.kind_names,
            grid_names=self.grid_names,
            channel_names=self.channel_names,
            first_id=first,
        )

    def _arrivals(self, t0: float) -> tuple[np.ndarray, np.ndarray]:
        """(pair, minute) of every arrival in the chunk, by pair and then time: each pair's
        candidates at its peak rate from its `arrivals` stream, thinned to the rate."""
        t1 = t0 + self.chunk_min
        pairs, times, uniforms = [], [], []
        for q, p in enumerate(self.pairs):
            if p.peak <= 0.0:
                continue
            n = p.arrivals.poisson(p.peak * (t1 - t0))
            if n:
                pairs.append(np.full(n, q))
                times.append(np.sort(p.arrivals.uniform(t0, t1, n)))
                uniforms.append(p.arrivals.random(n))
        if not pairs:
            return np.empty(0, dtype=np.int64), np.empty(0)
        pair, t, u = np.concatenate(pairs), np.concatenate(times), np.concatenate(uniforms)
        day = (t // DAY_MIN).astype(np.int64)
        hour = ((t % DAY_MIN) // MINUTES_PER_HOUR).astype(np.int64)
        rate = (
            self.rate[pair]
            * self.seasonal[self.kind[pair], self.months[day]]
            * self.hourly[hour]
            * self.daily[day]
        )
        keep = u * self.peak[pair] < rate
        return pair[keep], t[keep]

    def _draw(self, p: Pair, n: int) -> dict[str, np.ndarray]:
        """The random numbers behind the attributes of a pair's ``n`` issues, from its own
        streams."""
        kind = p.kind_spec
        extra = (p.reports.poisson(kind.duplicates_mean, n) if kind.duplicates_mean > 0
                 else np.zeros(n, dtype=np.int64))  # fmt: skip
        total = n + int(extra.sum())
        return {
            "household": households_of(p.attributes, n, p.raisers, p.spec, kind),
            "severity_u": p.attributes.random(n),
            "reports": 1 + extra,
            "channel_u": p.reports.random(total),
            "delay_e": p.reports.exponential(1.0, total),
            "latent_u": p.discovery.random(n),
            "work": work_times(p.work, kind.work, n),
            # 1 - random() lies in (0, 1], so logarithms of it are finite.
            "fate": 1.0 - p.fate.random((n, len(FATES))),
        }

    def _attributes(
        self, pair: np.ndarray, created: np.ndarray, draws: list[dict[str, np.ndarray]]
    ) -> dict[str, np.ndarray]:
        """Every column of the chunk's issues (by pair, then time) from the pairs' draws."""
        if not draws:
            return empty_columns()
        d = {name: np.concatenate([x[name] for x in draws]) for name in draws[0]}
        kind = self.kind[pair]
        severity = self._severity(kind, created, d["severity_u"])
        # Several residents may report one problem: the first report to arrive counts.
        reports = d["reports"]
        channel = self.channel_cdf.searchsorted(d["channel_u"], side="right")
        delay = d["delay_e"] * self.channel_delay[channel]
        owner = np.repeat(np.arange(len(pair)), reports)
        first = np.lexsort((delay, owner))[np.concatenate(([0], np.cumsum(reports)[:-1]))]
        latent = d["latent_u"] < self.latent_share[kind]
        household = d["household"]
        return {
            "created": created,
            "reported": np.where(latent, np.nan, created + delay[first]),
            "kind": kind.astype(np.int16),
            "handler": self.handler[kind].astype(np.int8),
            "grid": self.grid[pair].astype(np.int32),
            "household": household,
            # Households are exchangeable, so the first ones are the vulnerable ones.
            "vulnerable": household < self.n_vulnerable[pair],
            "severity": severity.astype(np.int8),
            "channel": np.where(latent, -1, channel[first]).astype(np.int8),
            "reports": np.where(latent, 0, reports).astype(np.int16),
            "latent": latent,
            "work": d["work"],
            "fate": d["fate"],
        }

    def _severity(self, kind: np.ndarray, created: np.ndarray, u: np.ndarray) -> np.ndarray:
        """Severity (0, 1, 2) from a uniform against the kind's mix (its winter one in the
        heating season)."""
        cum = self.severity_cum[kind]
        if self.winter_cum is not None:  # the same uniform, against the winter mix
            winter = self.in_season[self.months[(created // DAY_MIN).astype(np.int64)]]
            cum = np.where(winter[:, None], self.winter_cum[kind], cum)
        return (u > cum[:, 0]).astype(np.int8) + (u > cum[:, 1])

    def _visits(self, t0: float) -> dict[str, np.ndarray]:
        """Every column of the chunk's scheduled visits: each household's visits at its
        phase plus whole cycles; their severity, work and fates from the pair's streams."""
        ones = [empty_columns()]
        for v in self.visits:
            household, created = v.within(t0, t0 + self.chunk_min)
            n = len(created)
            if n == 0:
                continue
            p = self.pairs[v.pair]
            kind = np.full(n, p.kind)
            u = p.attributes.random(n)
            fate = 1.0 - p.fate.random((n, len(FATES)))
            one = {
                "created": created, "reported": created, "kind": kind.astype(np.int16),
                "handler": self.handler[kind].astype(np.int8),
                "grid": np.full(n, p.grid, dtype=np.int32), "household": household,
                "vulnerable": household < p.n_vulnerable,
                "severity": self._severity(kind, created, u).astype(np.int8),
                "channel": np.full(n, len(self.channel_names) - 1, dtype=np.int8),
                "reports": np.ones(n, dtype=np.int16), "latent": np.zeros(n, dtype=bool),
                "work": work_times(p.work, p.kind_spec.work, n), "fate": fate,
            }  # fmt: skip
            ones.append(one)
        return {name: np.concatenate([one[name] for one in ones]) for name in ones[0]}


@dataclass(frozen=True)
class Visits:
    """The scheduled visits of one (grid, kind) pair: household ``h`` is visited at minute
    ``phase[h]`` and every ``cycle`` minutes after."""

    pair: int
    phase: np.ndarray  # minutes, in [0, cycle)
    cycle: float

    def within(self, t0: float, t1: float) -> tuple[np.ndarray, np.ndarray]:
        """(household, minute) of the visits in [t0, t1), by household, then time."""
        first = np.ceil((t0 - self.phase) / self.cycle).astype(np.int64)
        count = np.maximum(np.ceil((t1 - self.phase) / self.cycle).astype(np.int64) - first, 0)
        household = np.repeat(np.arange(len(self.phase)), count)
        starts = np.cumsum(count) - count
        j = first[household] + np.arange(len(household)) - starts[household]
        return household, self.phase[household] + j * self.cycle


def scheduled_visits(pairs: list[Pair]) -> list[Visits]:
    """The visits of every scheduled kind: its eligible households, numbered across the
    community (grid by grid, then by household number), the n-th of N first visited at n/N
    of the cycle, so visits spread evenly over the cycle (deterministic, no random draw)."""
    out = []
    scheduled = {
        p.kind for p in pairs if p.kind_spec.schedule and p.kind_spec.rate_per_household_year
    }
    for kind in sorted(scheduled):
        own = [(q, p) for q, p in enumerate(pairs) if p.kind == kind]
        schedule = own[0][1].kind_spec.schedule
        assert schedule is not None
        cycle = schedule.cycle_days * DAY_MIN
        total = sum(p.raisers for _, p in own)
        if total == 0:  # nobody to visit (no vulnerable household, say): no visits
            continue
        before = 0
        for q, p in own:
            phase = (before + np.arange(p.raisers)) * (cycle / total)
            out.append(Visits(q, phase, cycle))
            before += p.raisers
    return out


STREAMS = ("arrivals", "attributes", "reports", "discovery", "work", "fate")
EMPTY = {
    "created": float, "reported": float, "kind": np.int16, "handler": np.int8,
    "grid": np.int32, "household": np.int64, "vulnerable": bool, "severity": np.int8,
    "channel": np.int8, "reports": np.int16, "latent": bool, "work": float,
}  # fmt: skip


def empty_columns() -> dict[str, np.ndarray]:
    """The columns of no issue at all."""
    columns = {name: np.empty(0, dtype=dtype) for name, dtype in EMPTY.items()}
    columns["fate"] = np.empty((0, len(FATES)))
    return columns


def generate_issues(scenario: Scenario, streams: Streams) -> Issues:
    """Every issue of a replication at once (the model draws them chunk by chunk)."""
    demand = DemandStream(scenario, streams)
    chunks = [demand.chunk(k) for k in range(demand.chunks)]
    columns: dict[str, Any] = {
        name: np.concatenate([getattr(c, name) for c in chunks]) for name in (*EMPTY, "fate")
    }
    return Issues(
        **columns,
        kind_names=demand.kind_names,
        grid_names=demand.grid_names,
        channel_names=demand.channel_names,
    )


def kind_rate(kind: Kind, households: int) -> float:
    """Mean issues per minute of one kind among ``households`` (profiles average to 1)."""
    return households * kind.rate_per_household_year / YEAR_MIN
