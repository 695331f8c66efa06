"""Work times per kind from a log, by censored maximum likelihood, and the time to close.

A kind's work time is on site -> resolved of its orders not escalated (with no resolution
time in the log: on site -> closed, an upper bound, and said so). Orders still open at the
extract are right-censored there: leaving them out would keep only the short jobs. Closes a
clerk bunches at the end of the shift (`bunched_closes`) are only known to come at or before
the recorded time: they enter the likelihood as censored on the left. The exponential,
lognormal and gamma are fitted in (log mean, log cv), the smallest AIC is chosen, and the
mean and cv get 95% intervals from the observed information on that log scale (intervals
stay positive, and draws for the bootstrap are normal there). With no on-site time in the
log nothing is fitted: the base's work times stay, and `TimeFit.notes` says why.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import optimize, special, stats
from statsmodels.tools.numdiff import approx_hess3

from gridsim.fit.estimate import Estimate, period_text
from gridsim.fit.orders import Orders
from gridsim.fit.survival import Curve, close_curves, close_estimates, minutes_of
from gridsim.scenario.community import Calendar
from gridsim.scenario.schema import Scenario

DISTRIBUTIONS = ("exponential", "lognormal", "gamma")
"""The schema's work-time distributions a log can choose among (deterministic it cannot)."""
MIN_EXACT = 10
"""Work times seen to end needed to fit a kind: fewer leave the base's values."""
Z95 = 1.959963984540054
BOUNDS = ((math.log(1e-3), math.log(1e6)), (math.log(1e-2), math.log(100.0)))
"""(log mean, log cv) searched: the schema's mean_min <= 1e6 and cv <= 100."""
SLOT_MIN = 15
SLOTS = 24 * 60 // SLOT_MIN
BUNCH_FACTOR = 3.0
"""A bunched slot holds more than this many times the median of the two slots either side
of it (a step where the working day starts or ends is at most twice its neighbours)..."""
BUNCH_ALPHA = 1e-3
"""... and more than a Poisson count at that median reaches with this probability, divided
among the day's slots."""
OFFICE = ("grid_worker", "committee")
"""Who closes orders on the platform, by roster group: bunching is looked for where their
shifts end."""
NOUN = {"closed": "closes", "resolved": "resolutions"}


@dataclass(frozen=True)
class Durations:
    """Censored times in minutes: seen to end (exact), still going when last seen (right:
    at least), or known to have ended by then (left: at most)."""

    exact: np.ndarray
    right: np.ndarray = field(default_factory=lambda: np.empty(0))
    left: np.ndarray = field(default_factory=lambda: np.empty(0))

    @property
    def rows(self) -> int:
        return self.exact.size + self.right.size + self.left.size


def loglik(name: str, theta: np.ndarray, sample: Durations) -> float:
    """The censored log-likelihood of ``name`` with mean exp(theta[0]) and cv exp(theta[1])
    (1 for the exponential), parameterised as `gridsim.model.demand.work_times` draws it:
    densities of the exact times, survival of the right-censored, distribution function of
    the left-censored (written out: scipy's frozen distributions cost more than the sums)."""
    mean = math.exp(theta[0])
    x, right, left = sample.exact, sample.right, sample.left
    if name == "exponential":
        return float(
            -x.size * theta[0]
            - (x.sum() + right.sum()) / mean
            + np.log(-np.expm1(-left / mean)).sum()
        )
    cv = math.exp(theta[1])
    if name == "gamma":
        shape, scale = 1.0 / cv**2, mean * cv**2
        dens = (
            (shape - 1) * np.log(x) - x / scale - special.gammaln(shape) - shape * math.log(scale)
        )
        tails = np.log(special.gammaincc(shape, right / scale)).sum()
        return float(dens.sum() + tails + np.log(special.gammainc(shape, left / scale)).sum())
    sigma = math.sqrt(math.log1p(cv**2))
    mu = theta[0] - sigma**2 / 2.0
    z = (np.log(x) - mu) / sigma
    dens = -0.5 * z**2 - np.log(x) - math.log(sigma * math.sqrt(2 * math.pi))
    tails = special.log_ndtr((mu - np.log(right)) / sigma).sum()
    return float(dens.sum() + tails + special.log_ndtr((np.log(left) - mu) / sigma).sum())


def neg_loglik(theta: np.ndarray, name: str, sample: Durations) -> float:
    """Minus the censored log-likelihood; large where a term is impossible (the optimiser
    steps back)."""
    with np.errstate(divide="ignore"):
        total = loglik(name, theta, sample)
    return -total if np.isfinite(total) else 1e300


@dataclass(frozen=True)
class WorkFit:
    """A kind's fitted work time: the chosen distribution, its (log mean, log cv) and their
    covariance, and every candidate's AIC."""

    distribution: str
    theta: np.ndarray
    cov: np.ndarray
    aic: dict[str, float]
    sample: Durations

    def interval(self, i: int) -> tuple[float, float, float]:
        """Estimate and 95% interval of exp(theta[i]) (0: mean, 1: cv)."""
        se = math.sqrt(self.cov[i, i])
        t = self.theta[i]
        return math.exp(t), math.exp(t - Z95 * se), math.exp(t + Z95 * se)

    def draw(self, n: int, rng: np.random.Generator) -> np.ndarray:
        """``n`` draws of (mean, cv) (of the mean alone for the exponential) from the
        normal approximation on the log scale, inside the schema's bounds."""
        theta = rng.multivariate_normal(self.theta, self.cov, size=n)
        low, high = np.array(BOUNDS[: self.theta.size]).T
        return np.exp(np.clip(theta, low, high))

    def note(self) -> str:
        """'lognormal by AIC: 1,204.1 vs gamma 1,230.9, exponential 1,388.0; 12 of 840
        censored'."""
        ranked = sorted(self.aic.items(), key=lambda item: item[1])
        others = ", ".join(f"{name} {aic:,.1f}" for name, aic in ranked[1:])
        chosen = f"{self.distribution} by AIC: {self.aic[self.distribution]:,.1f}"
        if others:
            chosen += f" vs {others}"
        censored = self.sample.rows - self.sample.exact.size
        return f"{chosen}; {censored:,} of {self.sample.rows:,} censored"


def fit_one(sample: Durations, name: str) -> tuple[np.ndarray, np.ndarray, float] | None:
    """Maximum likelihood (theta, covariance, minus log-likelihood) of one distribution, or
    None where the likelihood is flat (no positive-definite information)."""
    times = np.concatenate([sample.exact, sample.right, sample.left])
    start = [math.log(times.mean()), math.log(max(sample.exact.std() / sample.exact.mean(), 0.1))]
    if name == "exponential":
        start = start[:1]
    bounds = BOUNDS[: len(start)]
    x0 = np.clip(start, *np.array(bounds).T)
    # Per time, so steps are of order one whatever the size (SLSQP: L-BFGS-B's threaded
    # BLAS calls crawl on a busy machine).
    best = optimize.minimize(
        lambda theta: neg_loglik(theta, name, sample) / sample.rows,
        x0,
        method="SLSQP",
        bounds=bounds,
        options={"ftol": 1e-12},
    )
    info = approx_hess3(best.x, neg_loglik, args=(name, sample))
    if not np.all(np.isfinite(info)) or np.any(np.linalg.eigvalsh(info) <= 0):
        return None
    return best.x, np.linalg.inv(info), float(best.fun) * sample.rows


def fit_work(sample: Durations) -> WorkFit | None:
    """Every distribution by censored maximum likelihood; the one with the smallest AIC
    (None with fewer than MIN_EXACT times seen to end)."""
    if sample.exact.size < MIN_EXACT:
        return None
    fits = {name: fit_one(sample, name) for name in DISTRIBUTIONS}
    aic = {n: 2 * f[0].size + 2 * f[2] for n, f in fits.items() if f is not None}
    if not aic:
        return None
    name = min(aic, key=aic.__getitem__)
    theta, cov, _ = fits[name]  # type: ignore[misc]
    return WorkFit(name, theta, cov, aic, sample)


@dataclass(frozen=True)
class Bunching:
    """Clock slots of working days holding far more closes than the rest of the working
    day: a clerk closing the day's orders at the end of the shift."""

    stage: str
    slots: tuple[int, ...]
    """Bunched 15-minute slots (0 is 00:00-00:15)."""
    share: float
    """Share of the working days' closes (or resolutions) in them."""
    calendar: Calendar = field(repr=False)

    @property
    def found(self) -> bool:
        return bool(self.slots)

    def marks(self, stamps: pd.Series) -> np.ndarray:
        """Which of these times (NaT: none) fall in a bunched slot of a working day."""
        slot = (stamps.dt.hour * 60 + stamps.dt.minute) // SLOT_MIN
        inside = slot.isin(self.slots).to_numpy(dtype=bool)
        return inside & working_day(stamps, self.calendar)

    def text(self) -> str:
        """'closes bunched at 17:30-17:45 (21% of closes): counted as at or before'."""
        noun = NOUN.get(self.stage, self.stage)
        when = ", ".join(f"{_clock(s * SLOT_MIN)}-{_clock((s + 1) * SLOT_MIN)}" for s in self.slots)
        return f"{noun} bunched at {when} ({self.share:.0%} of {noun}): counted as at or before"


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def working_day(stamps: pd.Series, calendar: Calendar) -> np.ndarray:
    """Which times fall on a working day: a weekday that is no holiday, or an adjusted
    working day (调休)."""
    from gridsim.model.roster import holiday_dates  # here: importing it first is circular

    days = stamps.dt.date
    holiday = days.isin(holiday_dates(calendar.holidays))
    weekday = (stamps.dt.day_of_week < 5) | days.isin(set(calendar.workdays))
    return (weekday & ~holiday).to_numpy(dtype=bool)


def bunched_closes(orders: Orders, base: Scenario, stage: str = "closed") -> Bunching:
    """The 15-minute slots in the hour before a shift ends whose closes (``stage`` times) on
    working days are a spike: more than BUNCH_FACTOR times the median of the slots around
    them, significantly (a Poisson test at BUNCH_ALPHA over the day's slots); and the share
    of those closes in them."""
    calendar = base.calendar
    none = Bunching(stage, (), 0.0, calendar)
    if stage not in orders.observed:
        return none
    stamps = orders.table[stage].dropna()
    stamps = stamps[working_day(stamps, calendar)]
    if stamps.empty:
        return none
    slot = ((stamps.dt.hour * 60 + stamps.dt.minute) // SLOT_MIN).to_numpy()
    counts = np.bincount(slot, minlength=SLOTS)
    around = np.median([np.roll(counts, k) for k in (-2, -1, 1, 2)], axis=0)
    reference = np.maximum(around, 1.0)
    p = stats.poisson.sf(counts - 1, reference)
    bunched = (counts > BUNCH_FACTOR * reference) & (p < BUNCH_ALPHA / SLOTS)
    bunched &= shift_ends(base)
    slots = tuple(int(s) for s in np.flatnonzero(bunched))
    return Bunching(stage, slots, float(counts[bunched].sum() / counts.sum()), calendar)


def shift_ends(base: Scenario) -> np.ndarray:
    """Which 15-minute slots lie in the hour before the office's shifts end (the calendar's,
    the grid workers' and the committee's rosters): where whoever closes orders on the
    platform closes the day's. A spike elsewhere is real work, e.g. the night's backlog
    fixed just after the crews arrive at 8:00 (which a first version took for bunching,
    treating a fifth of the resolutions as "at or before")."""
    rosters = base.staff.rosters
    ends = {base.calendar.shift.end_hour}
    ends |= {s.end_hour for group, shifts in rosters.items() if group in OFFICE for s in shifts}
    minutes = np.arange(SLOTS) * SLOT_MIN
    near = [(minutes >= e * 60 - 60) & (minutes < e * 60) for e in ends]
    return np.logical_or.reduce(near)


def work_sample(
    orders: Orders, kind: str, end: str, bunching: Bunching
) -> tuple[Durations, list[str]]:
    """A kind's censored work times (on site -> ``end``) of its orders not escalated, and
    what the note must say about them (escalation unknown, times running backwards)."""
    t = orders.table
    escalated = t["escalated"].fillna(False).to_numpy(dtype=bool)
    rows = t[(t["kind"] == kind).to_numpy() & t["on_site"].notna().to_numpy() & ~escalated]
    done = rows[end].notna().to_numpy()
    took = minutes_of(rows[end] - rows["on_site"])
    bunched = bunching.marks(rows[end]) & done
    sample = Durations(
        exact=took[done & ~bunched & (took > 0)],
        right=minutes_of(orders.extract - rows["on_site"])[~done & rows["open"].to_numpy(bool)],
        # At most the recorded time; a time of 0 is one under a minute.
        left=np.concatenate(
            [took[done & bunched & (took > 0)], np.ones((done & (took == 0)).sum())]
        ),
    )
    notes = []
    if unknown := int(rows["escalated"].isna().sum()):
        notes.append(f"escalation not in the log for {unknown:,}: counted as not escalated")
    if backwards := int((done & (took < 0)).sum()):
        notes.append(f"{backwards:,} with {end} before on site left out")
    return sample, notes


@dataclass
class TimeFit:
    """Work times (scenario estimates) and times to close (curves and medians) of a log."""

    estimates: list[Estimate]
    notes: list[str]
    """What was not fitted and why (e.g. no on-site time in the log)."""
    works: dict[str, WorkFit]
    """Fitted work time of each kind fitted."""
    curves: dict[str, Curve]
    """Kaplan-Meier curve of the time to close of each kind."""
    close: dict[str, Estimate]
    """Median time to close of each kind (path close.<kind>.median_min: not a scenario's)."""
    bunching: Bunching

    def draws(self, n: int, rng: np.random.Generator) -> list[dict[str, float]]:
        """``n`` parametric-bootstrap draws of each fitted kind's mean_min and cv (the
        distribution stays the chosen one)."""
        out: list[dict[str, float]] = [{} for _ in range(n)]
        for kind, fit in self.works.items():
            for draw, values in zip(out, fit.draw(n, rng), strict=True):
                for name, value in zip(("mean_min", "cv"), values, strict=False):
                    draw[f"demand.kinds.{kind}.work.{name}"] = float(value)
        return out


def work_estimates(kind: str, fit: WorkFit, period: str, note: str) -> list[Estimate]:
    """The distribution, mean_min and (but for the exponential) cv of a kind's work."""
    path = f"demand.kinds.{kind}.work"
    rows = fit.sample.rows
    found = [Estimate(f"{path}.distribution", fit.distribution, None, None, rows, period, note)]
    for i, name in enumerate(("mean_min", "cv")[: fit.theta.size]):
        value, low, high = fit.interval(i)
        found.append(Estimate(f"{path}.{name}", value, low, high, rows, period, note))
    return found


def fit_times(orders: Orders, base: Scenario) -> TimeFit:
    """Work times of each kind of ``base`` the log holds enough of, and every kind's time to
    close (see the module's docstring)."""
    end = "resolved" if "resolved" in orders.observed else "closed"
    bunching = bunched_closes(orders, base, end)
    curves = close_curves(orders)
    fit = TimeFit([], [], {}, curves, close_estimates(orders, curves), bunching)
    if "on_site" not in orders.observed or end not in orders.observed:
        missing = "on-site" if "on_site" not in orders.observed else "resolution or close"
        fit.notes.append(f"work times not fitted: the log has no {missing} time (the base's stay)")
        return fit
    said = [] if end == "resolved" else ["no resolution time: on site to close, an upper bound"]
    if bunching.found:
        said.append(bunching.text())
    period = period_text(orders.start, orders.end)
    for kind in base.demand.kinds:
        sample, notes = work_sample(orders, kind, end, bunching)
        work = fit_work(sample)
        if work is None:
            if sample.rows:
                fit.notes.append(
                    f"{kind}: work time not fitted: {sample.exact.size} seen to end, "
                    f"at least {MIN_EXACT} needed (the base's stays)"
                )
            continue
        fit.works[kind] = work
        note = "; ".join([work.note(), *notes, *said])
        fit.estimates += work_estimates(kind, work, period, note)
    return fit


__all__ = [
    "DISTRIBUTIONS", "MIN_EXACT", "Bunching", "Durations", "TimeFit", "WorkFit", "bunched_closes",
    "fit_one", "fit_times", "fit_work", "loglik", "neg_loglik", "work_sample", "working_day",
]  # fmt: skip
