"""Arrival rates from a log: how often each kind of request arrives, per household, by grid,
month, weekday, public holiday and hour, with the uncertainty of every number.

The model's rate of kind k in grid g at time t is a product of main effects (households x
rate_factor x rate x seasonal[month] x weekly[weekday] x holiday_weight x hourly[hour], each
profile scaled to mean 1), so a log-linear Poisson GLM with exactly those effects and the
households as offset is a model the scenario holds exactly: the fitted scenario draws
requests at the GLM's fitted means.

Days: counts per day x grid x kind over the log's period, offset log(1 day x households of
the grid who raise the kind). Effects: kind, grid, kind x month, weekday, holiday. When the
day-level counts vary more than Poisson (Pearson dispersion and Cameron & Trivedi's test),
the GLM is refitted as a negative binomial, whose wider covariance the intervals then use.

Hours: the rate within a day is A(day, grid, kind) x H[hour] with H of mean 1 over the 24
hours, and every day is observed whole. The log-likelihood of the arrival times is
sum_i log A(i) + sum_i log H(h_i) - sum_days A x (sum_h H_h / 24), and the last factor is 1,
so the likelihood splits into the day-level Poisson likelihood of A (the GLM) and
prod_i H(h_i) / 24, a multinomial likelihood with P(hour h) = H_h / 24. The maximum-
likelihood hourly weights are thus the shares of reports per hour, whatever the other
effects; their intervals are the multinomial's (Wilson). They are fitted on all kinds
together because demand.hourly is one profile.
"""

from __future__ import annotations

import datetime as dt
import math
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import statsmodels.api as sm
from pydantic import BaseModel
from scipy import stats
from statsmodels.tools.sm_exceptions import PerfectSeparationWarning

from gridsim.fit.estimate import Estimate, period_text
from gridsim.fit.orders import Orders
from gridsim.i18n import _
from gridsim.scenario.demand import DAYS_IN_MONTH
from gridsim.scenario.roster import Holiday
from gridsim.scenario.schema import Demand, Grid, Kind, Scenario

Z95 = 1.959963984540054
"""The normal quantile of a two-sided 95% interval."""

OVERDISPERSED_P = 0.01
OVERDISPERSED_RATIO = 1.1
"""A negative binomial replaces the Poisson GLM when Cameron & Trivedi's test rejects at
this level and the Pearson dispersion is above this ratio (a tiny excess is not worth it)."""

ZERO_UPPER = -math.log(0.025)
"""Expected count whose Poisson probability of 0 is 2.5%: the upper 95% bound of an effect
whose level has no order at all (the rule of three, two-sided)."""


def schema_limit(section: type[BaseModel], name: str) -> float:
    """The largest value the scenario's schema allows in a field (its ``le``)."""
    limits = [m.le for m in section.model_fields[name].metadata if hasattr(m, "le")]
    return float(limits[0]) if limits else math.inf


LIMITS = {
    "holiday_weight": schema_limit(Demand, "holiday_weight"),
    "rate_factor": schema_limit(Grid, "rate_factor"),
    "rate_per_household_year": schema_limit(Kind, "rate_per_household_year"),
}
"""Bootstrap draws are clipped here, so each is a valid scenario's (a draw beyond a limit
is a coefficient far in the tail of a poorly determined effect)."""

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class Days:
    """The log's period, day by day: month (0 = January), weekday (0 = Monday), holiday."""

    month: np.ndarray
    weekday: np.ndarray
    holiday: np.ndarray

    @classmethod
    def of(cls, start: pd.Timestamp, end: pd.Timestamp, holidays: Sequence[Holiday]) -> Days:
        dates = pd.date_range(start.normalize(), end.normalize(), freq="D", inclusive="left")
        off = {h.start + dt.timedelta(days=k) for h in holidays for k in range(h.days)}
        return cls(
            month=dates.month.to_numpy() - 1,
            weekday=dates.day_of_week.to_numpy(),
            holiday=np.array([d.date() in off for d in dates], dtype=bool),
        )

    def __len__(self) -> int:
        return len(self.month)


@dataclass
class Design:
    """The day-level GLM: one row per day x grid x kind the kind can arise in, indicator
    columns for every effect level but each effect's reference (its busiest level)."""

    y: np.ndarray
    offset: np.ndarray
    x: np.ndarray
    kind_col: list[int]
    """Column of each fitted kind's intercept."""
    month_col: np.ndarray
    """(kinds, 12): column of each kind x month, -1 the reference, -2 not in the period."""
    weekday_col: np.ndarray
    """(7,): column of each weekday, -1 the reference, -2 not in the period."""
    grid_col: np.ndarray
    """(grids,): column of each grid, -1 the reference (or the only grid), -2 no exposure."""
    holiday_col: int
    """Column of the holiday effect, -2 when no holiday falls in the period."""
    pattern: np.ndarray
    """Each row's covariate pattern (grid, kind, month, weekday, holiday) as one integer:
    rows of one pattern have the same columns and offset."""


@dataclass(frozen=True)
class Glm:
    """The day-level fit: coefficients, their covariance and which model gave them."""

    beta: np.ndarray
    cov: np.ndarray
    model: str
    dispersion: float
    p_value: float
    alpha: float | None

    def note(self) -> str:
        """How the rates were fitted, for each estimate's comment."""
        p = "p < 0.001" if self.p_value < 0.001 else f"p = {self.p_value:.2g}"
        if self.alpha is None:
            return f"Poisson GLM, dispersion {self.dispersion:.2f} (no overdispersion, {p})"
        return (
            f"negative binomial GLM, alpha {self.alpha:.2g}: the log varies more from day to "
            f"day than Poisson arrivals (dispersion {self.dispersion:.2f}, {p})"
        )


@dataclass
class ArrivalFit:
    """Arrival rates fitted from a log (a `gridsim.fit.estimate.Fit`)."""

    estimates: list[Estimate]
    model: str
    """"Poisson" or "negative binomial": the day-level GLM the intervals come from."""
    dispersion: float
    """Pearson chi2 / df of the Poisson day-level fit (1: Poisson arrivals)."""
    p_value: float
    """Cameron & Trivedi's test of overdispersion (one-sided, H0: Poisson)."""
    alpha: float | None
    """The negative binomial's alpha (variance = mu + alpha mu^2); None when Poisson."""
    notes: list[str] = field(default_factory=list)
    """What could not be fitted and was kept or set to the mean, in words."""
    glm: Glm | None = None
    """The day-level fit the estimates and draws come from (None: nothing was fitted)."""
    values: Callable[[np.ndarray], dict[str, np.ndarray]] | None = None
    """Coefficient rows (n, p) to each path's n values, as the estimates are written."""
    hours: np.ndarray = field(default_factory=lambda: np.zeros(24))
    """Reports in each hour of the day (all fitted kinds)."""

    def draws(self, n: int, rng: np.random.Generator) -> list[dict[str, float]]:
        """``n`` parametric-bootstrap draws: coefficients from their normal approximation,
        hour counts from the multinomial of the observed shares."""
        out: list[dict[str, float]] = [{} for _ in range(n)]
        if self.glm is not None and self.values is not None:
            beta = draw_coefficients(self.glm, n, rng)
            for path, column in self.values(beta).items():
                column = np.minimum(column, LIMITS.get(path.rsplit(".", 1)[-1], math.inf))
                for i in range(n):
                    out[i][path] = float(column[i])
        total = int(self.hours.sum())
        if total:
            counts = rng.multinomial(total, self.hours / total, size=n)
            for i in range(n):
                top = counts[i].max()
                out[i].update({f"demand.hourly.{h}": float(counts[i, h] / top) for h in range(24)})
        return out


def fit_arrivals(
    orders: Orders, base: Scenario, *, holidays: Sequence[Holiday] | None = None
) -> ArrivalFit:
    """Arrival rates, profiles, holiday weight and grid factors from a log of orders."""
    holidays = base.calendar.holidays if holidays is None else holidays
    kinds, notes = fitted_kinds(orders, base)
    days = Days.of(orders.start, orders.end, holidays)
    period = period_text(orders.start, orders.end)
    table = orders_in(orders.table, kinds, base, orders.start, len(days))
    if not kinds or len(days) == 0:
        return ArrivalFit([], "Poisson", 1.0, 1.0, None, notes)
    counts = day_counts(table, len(days), len(base.community.grids), len(kinds))
    design = build_design(counts, exposure(base, kinds), days)
    glm = fit_glm(design)
    values = largest_one(transform(design, base, kinds), glm.beta)
    notes += gap_notes(design, kinds, bool(holidays))
    estimates = rate_estimates(design, glm, values, table, days, kinds, period)
    hours = np.bincount(table["hour"], minlength=24).astype(float)
    estimates += hour_estimates(hours, period)
    return ArrivalFit(
        estimates, glm.model, glm.dispersion, glm.p_value, glm.alpha, notes, glm, values, hours
    )


# ----------------------------------------------------------------------------------------------
# Counts
# ----------------------------------------------------------------------------------------------


def fitted_kinds(orders: Orders, base: Scenario) -> tuple[list[str], list[str]]:
    """Kinds of random requests with at least one order and households who raise them
    (scheduled visits are no requests; a kind left out keeps the base's rate), and notes on
    those left out."""
    table, grids = orders.table, [g.name for g in base.community.grids]
    inside = (table["reported"] >= orders.start) & (table["reported"] < orders.end)
    seen = set(table.loc[inside & table["grid"].isin(grids), "kind"].astype(str).unique())
    kinds, notes = [], []
    for name, kind in base.demand.kinds.items():
        if kind.schedule is not None:
            continue
        if name not in seen:
            text = _("{kind}: no order in the log; its rate and profiles stay the base's")
            notes.append(text.format(kind=name))
        elif not exposure(base, [name]).any():
            text = _("{kind}: no household of the base raises it; its orders are not fitted")
            notes.append(text.format(kind=name))
        else:
            kinds.append(name)
    return kinds, notes


def orders_in(
    table: pd.DataFrame, kinds: list[str], base: Scenario, start: pd.Timestamp, days: int
) -> pd.DataFrame:
    """Day, hour, grid and kind indices of the fitted kinds' orders reported in the period."""
    grids = [g.name for g in base.community.grids]
    reported = table["reported"]
    day = ((reported - start.normalize()) // pd.Timedelta(days=1)).to_numpy()
    keep = (
        table["kind"].isin(kinds).to_numpy()
        & table["grid"].isin(grids).to_numpy()
        & reported.notna().to_numpy()
    )
    keep &= (day >= 0) & (day < days)
    kept = table[keep]
    return pd.DataFrame(
        {
            "day": day[keep].astype(np.int64),
            "hour": kept["reported"].dt.hour.to_numpy(dtype=np.int64),
            "grid": pd.Categorical(kept["grid"], categories=grids).codes.astype(np.int64),
            "kind": pd.Categorical(kept["kind"], categories=kinds).codes.astype(np.int64),
        }
    )


def day_counts(table: pd.DataFrame, days: int, grids: int, kinds: int) -> np.ndarray:
    """Orders per (day, grid, kind)."""
    cell = (table["day"].to_numpy() * grids + table["grid"].to_numpy()) * kinds
    cell += table["kind"].to_numpy()
    return np.bincount(cell, minlength=days * grids * kinds).reshape(days, grids, kinds)


def exposure(base: Scenario, kinds: list[str]) -> np.ndarray:
    """(grids, kinds): households who raise each kind in each grid (vulnerable ones only for
    a vulnerable kind, counted as the model does)."""
    out = np.zeros((len(base.community.grids), len(kinds)))
    for gi, grid in enumerate(base.community.grids):
        vulnerable = round(grid.vulnerable_share * grid.households)
        for ki, name in enumerate(kinds):
            vulnerable_only = base.demand.kinds[name].households == "vulnerable"
            out[gi, ki] = vulnerable if vulnerable_only else grid.households
    return out


# ----------------------------------------------------------------------------------------------
# The day-level GLM
# ----------------------------------------------------------------------------------------------


def levels(codes: np.ndarray, counts: np.ndarray, size: int, start: int) -> tuple[np.ndarray, int]:
    """Columns of an effect's levels: -2 for a level with no row, -1 for the reference
    (the level with the most orders), start, start + 1, ... for the others."""
    present = np.bincount(codes, minlength=size) > 0
    total = np.bincount(codes, weights=counts, minlength=size)
    col = np.full(size, -2)
    if not present.any():
        return col, start
    reference = int(np.argmax(np.where(present, total, -1.0)))
    for level in np.flatnonzero(present):
        if level != reference:
            col[level] = start
            start += 1
    col[reference] = -1
    return col, start


def build_design(counts: np.ndarray, households: np.ndarray, days: Days) -> Design:
    """Rows of every (day, grid, kind) with households who raise the kind; columns of the
    kind intercepts, grid, kind x month, weekday and holiday effects."""
    _, n_grids, n_kinds = counts.shape
    d, g, k = (a.ravel() for a in np.indices(counts.shape))
    rows = households[g, k] > 0
    d, g, k, y = d[rows], g[rows], k[rows], counts.ravel()[rows].astype(float)
    month = days.month[d]
    ncol = n_kinds
    grid_col, ncol = levels(g, y, n_grids, ncol)
    month_col = np.full((n_kinds, 12), -2)
    for ki in range(n_kinds):
        own = k == ki
        month_col[ki], ncol = levels(month[own], y[own], 12, ncol)
    weekday_col, ncol = levels(days.weekday[d], y, 7, ncol)
    holiday_col = ncol if days.holiday[d].any() else -2
    ncol += holiday_col >= 0
    x = np.zeros((len(y), ncol))
    rowid = np.arange(len(y))
    x[rowid, k] = 1.0
    for col in (grid_col[g], month_col[k, month], weekday_col[days.weekday[d]]):
        x[rowid[col >= 0], col[col >= 0]] = 1.0
    if holiday_col >= 0:
        x[:, holiday_col] = days.holiday[d]
    offset = np.log(households[g, k])
    pattern = (((g * n_kinds + k) * 12 + month) * 7 + days.weekday[d]) * 2 + days.holiday[d]
    columns = (list(range(n_kinds)), month_col, weekday_col, grid_col, holiday_col)
    return Design(y, offset, x, *columns, pattern)


def fit_glm(design: Design) -> Glm:
    """Poisson GLM; a negative binomial (alpha by Cameron & Trivedi's auxiliary regression)
    when the day counts are overdispersed. Levels with no order get coefficient -inf."""
    zero = (design.x.T @ design.y == 0) & (design.x.sum(axis=0) > 0)
    keep = ~(design.x[:, zero] > 0).any(axis=1)  # rows of a level with no order: mu = 0
    x, y, offset = design.x[keep][:, ~zero], design.y[keep], design.offset[keep]
    fit = poisson_fit(x, y, offset, design.pattern[keep])
    mu = np.exp(offset + x @ fit.params)
    dispersion = float(np.sum((y - mu) ** 2 / mu) / max(len(y) - x.shape[1], 1))
    alpha, p_value = overdispersion_test(y, mu)
    chosen = None
    if p_value < OVERDISPERSED_P and dispersion > OVERDISPERSED_RATIO and alpha > 0:
        family = sm.families.NegativeBinomial(alpha=alpha)
        model = sm.GLM(y, x, family=family, offset=offset)
        fit, chosen = model.fit(start_params=fit.params), alpha
    beta = np.full(design.x.shape[1], -np.inf)
    cov = np.zeros((len(beta), len(beta)))
    beta[~zero] = fit.params
    cov[np.ix_(~zero, ~zero)] = fit.cov_params()
    model = "Poisson" if chosen is None else "negative binomial"
    return Glm(beta, cov, model, dispersion, p_value, chosen)


def poisson_fit(x: np.ndarray, y: np.ndarray, offset: np.ndarray, pattern: np.ndarray) -> Any:
    """The Poisson GLM fitted on the days' covariate patterns: counts and exposures summed
    over the days of each pattern are sufficient for a log-linear Poisson model, so the
    coefficients and their covariance are those of the day-level fit, at a quarter of the
    rows or less."""
    _, first, inverse = np.unique(pattern, return_index=True, return_inverse=True)
    counts = np.bincount(inverse, weights=y)
    exposure = np.log(np.bincount(inverse, weights=np.exp(offset)))
    model = sm.GLM(counts, x[first], family=sm.families.Poisson(), offset=exposure)
    # A saturated fit (as many patterns as coefficients) predicts the summed counts exactly:
    # statsmodels calls that separation and divides by its 0 residual df. Neither matters
    # here (levels with no order were taken out before), so both are silenced.
    with warnings.catch_warnings(), np.errstate(divide="ignore", invalid="ignore"):
        warnings.simplefilter("ignore", PerfectSeparationWarning)
        return model.fit()


def overdispersion_test(y: np.ndarray, mu: np.ndarray) -> tuple[float, float]:
    """Cameron & Trivedi (1990): regress ((y - mu)^2 - y) / mu on mu without intercept; the
    slope estimates alpha of var = mu + alpha mu^2, and its t-test (one-sided) is the test
    of Poisson against it. Returns (alpha, p)."""
    z = ((y - mu) ** 2 - y) / mu
    sxx = float(np.sum(mu**2))
    alpha = float(np.sum(z * mu) / sxx)
    resid = z - alpha * mu
    se = math.sqrt(float(np.sum(resid**2)) / max(len(y) - 1, 1) / sxx)
    p = float(stats.norm.sf(alpha / se)) if se > 0 else 1.0
    return alpha, p


def draw_coefficients(glm: Glm, n: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` rows of coefficients from their normal approximation (-inf ones stay)."""
    finite = np.isfinite(glm.beta)
    out = np.tile(glm.beta, (n, 1))
    sub = glm.cov[np.ix_(finite, finite)]
    out[:, finite] = rng.multivariate_normal(glm.beta[finite], sub, size=n, method="eigh")
    return out


# ----------------------------------------------------------------------------------------------
# From coefficients to the scenario's numbers
# ----------------------------------------------------------------------------------------------


def effect(beta: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """exp(coefficient) of each level (n, levels): 1 for the reference, NaN for a level
    with no row."""
    safe = np.where(cols >= 0, cols, 0)
    out = np.exp(beta[:, safe])
    out[:, cols == -1] = 1.0
    out[:, cols == -2] = np.nan
    return out


def mean_filled(weights: np.ndarray) -> np.ndarray:
    """Levels with no row take the mean of the others (their weight is the mean, 1)."""
    mean = np.nanmean(weights, axis=1, keepdims=True)
    return np.where(np.isnan(weights), mean, weights)


def transform(design: Design, base: Scenario, kinds: list[str]) -> Callable:
    """The function from coefficient rows (n, p) to every path's values (n,) in the
    model's terms: rates per household-year on an average day of the year, grid factors
    of households-weighted mean 1, profiles of mean 1. A heating kind's monthly weights are
    written without the heating multiplier, which the model applies on top of them."""
    households = np.array([g.households for g in base.community.grids], dtype=float)
    season = base.demand.heating_season
    heat = [
        np.where(season.in_season(), season.multiplier, 1.0)
        if base.demand.kinds[k].heating
        else np.ones(12)
        for k in kinds
    ]
    keeps = [base.demand.kinds[k].heating and season.keeps_annual_rate for k in kinds]
    days = np.array(DAYS_IN_MONTH, dtype=float)

    def values(beta: np.ndarray) -> dict[str, np.ndarray]:
        weekly = mean_filled(effect(beta, design.weekday_col))
        week_mean = weekly.mean(axis=1)
        out: dict[str, np.ndarray] = {}
        grid = mean_filled(effect(beta, design.grid_col))
        grid_mean = grid @ households / households.sum()
        if len(households) > 1:
            for gi in range(len(households)):
                out[f"community.grids.{gi}.rate_factor"] = grid[:, gi] / grid_mean
        base_rf = 1.0 if len(households) > 1 else base.community.grids[0].rate_factor
        for ki, kind in enumerate(kinds):
            level = np.exp(beta[:, design.kind_col[ki]]) * week_mean * grid_mean / base_rf
            # per household per day, by month, at weekday mean 1 (not a holiday)
            rho = level[:, None] * effect(beta, design.month_col[ki])
            written = mean_filled(rho / heat[ki])
            full = written * heat[ki]
            yearly = full @ days / 365.0 if keeps[ki] else written.mean(axis=1)
            out[f"demand.kinds.{kind}.rate_per_household_year"] = 365.0 * yearly
            shape = written / written.mean(axis=1, keepdims=True)
            out |= {f"demand.kinds.{kind}.seasonal.{m}": shape[:, m] for m in range(12)}
        weekly = weekly / week_mean[:, None]
        out |= {f"demand.weekly.{d}": weekly[:, d] for d in range(7)}
        if design.holiday_col >= 0:
            out["demand.holiday_weight"] = np.exp(beta[:, design.holiday_col])
        return out

    return values


def largest_one(values: Callable, beta: np.ndarray) -> Callable:
    """``values`` with each profile divided by its largest weight at ``beta`` (the point
    estimate), as the fitted scenario writes them: the same model (the schema scales
    profiles to mean 1), read as "share of the busiest month (day)", with every draw and
    interval on the same scale as the value."""
    point = values(beta[None])
    top: dict[str, float] = {}
    for path, value in point.items():
        if ".seasonal." in path or path.startswith("demand.weekly."):
            group = path.rsplit(".", 1)[0]
            top[group] = max(top.get(group, 0.0), float(value[0]))

    def scaled(rows: np.ndarray) -> dict[str, np.ndarray]:
        out = values(rows)
        return {p: v / top.get(p.rsplit(".", 1)[0], 1.0) for p, v in out.items()}

    return scaled


# ----------------------------------------------------------------------------------------------
# Estimates
# ----------------------------------------------------------------------------------------------


def column_paths(design: Design, kinds: list[str]) -> dict[int, str]:
    """The path each effect column sets directly (kind intercepts set the rates)."""
    out = {c: f"community.grids.{g}.rate_factor" for g, c in enumerate(design.grid_col) if c >= 0}
    for ki, kind in enumerate(kinds):
        out[design.kind_col[ki]] = f"demand.kinds.{kind}.rate_per_household_year"
        for m, c in enumerate(design.month_col[ki]):
            if c >= 0:
                out[int(c)] = f"demand.kinds.{kind}.seasonal.{m}"
    out |= {int(c): f"demand.weekly.{d}" for d, c in enumerate(design.weekday_col) if c >= 0}
    if design.holiday_col >= 0:
        out[design.holiday_col] = "demand.holiday_weight"
    return out


def delta_intervals(
    glm: Glm, values: Callable, point: dict[str, np.ndarray], step: float = 1e-5
) -> dict[str, tuple[float, float]]:
    """95% intervals exp(log v +- 1.96 se) with se of log v by the delta method (central
    differences of log v in the finite coefficients, their covariance)."""
    finite = np.flatnonzero(np.isfinite(glm.beta))
    rows = np.tile(glm.beta, (2 * len(finite), 1))
    rows[np.arange(len(finite)), finite] += step
    rows[len(finite) + np.arange(len(finite)), finite] -= step
    moved = values(rows)
    cov = glm.cov[np.ix_(finite, finite)]
    out = {}
    for path, value in point.items():
        v = float(value[0])
        if not (v > 0 and math.isfinite(v)):
            continue
        with np.errstate(divide="ignore", invalid="ignore"):
            logs = np.log(moved[path])
        grad = (logs[: len(finite)] - logs[len(finite) :]) / (2 * step)
        se = math.sqrt(max(float(grad @ cov @ grad), 0.0))
        out[path] = (v * math.exp(-Z95 * se), v * math.exp(Z95 * se))
    return out


def zero_upper(design: Design, glm: Glm, values: Callable, col: int, path: str) -> float:
    """Upper 95% bound of an effect whose level has no order: the weight at which the level
    would expect ZERO_UPPER orders (P(0 orders) = 2.5%); unbounded when its every day is
    also in another level without orders."""
    finite = np.isfinite(glm.beta)
    others = ~finite
    others[col] = False
    rows = (design.x[:, col] > 0) & ~(design.x[:, others] > 0).any(axis=1)
    eta = design.offset[rows] + design.x[rows][:, finite] @ glm.beta[finite]
    expected = float(np.exp(eta).sum())
    if expected == 0.0:  # seen only together with other levels without orders
        return math.inf
    moved = glm.beta.copy()
    moved[col] = math.log(ZERO_UPPER / expected)
    return float(values(moved[None])[path][0])


def path_rows(table: pd.DataFrame, days: Days, kinds: list[str], grids: int) -> dict[str, int]:
    """Orders behind each path: of the kind, in the kind's month, on the weekday, on a
    holiday, in the grid."""
    month = days.month[table["day"].to_numpy()]
    weekday = days.weekday[table["day"].to_numpy()]
    kind, grid = table["kind"].to_numpy(), table["grid"].to_numpy()
    out = {f"community.grids.{g}.rate_factor": int(np.sum(grid == g)) for g in range(grids)}
    for ki, name in enumerate(kinds):
        own = kind == ki
        out[f"demand.kinds.{name}.rate_per_household_year"] = int(own.sum())
        for m in range(12):
            out[f"demand.kinds.{name}.seasonal.{m}"] = int(np.sum(own & (month == m)))
    out |= {f"demand.weekly.{d}": int(np.sum(weekday == d)) for d in range(7)}
    out["demand.holiday_weight"] = int(days.holiday[table["day"].to_numpy()].sum())
    return out


def rate_estimates(
    design: Design,
    glm: Glm,
    values: Callable,
    table: pd.DataFrame,
    days: Days,
    kinds: list[str],
    period: str,
) -> list[Estimate]:
    """One estimate per path of the day-level fit, with its interval, rows and note."""
    point = values(glm.beta[None])
    intervals = delta_intervals(glm, values, point)
    for path in gap_paths(design, kinds):
        intervals.pop(path, None)
    rows = path_rows(table, days, kinds, len(design.grid_col))
    for col, path in column_paths(design, kinds).items():
        if not np.isfinite(glm.beta[col]):
            intervals[path] = (0.0, zero_upper(design, glm, values, col, path))
    note = glm.note()
    out = []
    for path, value in point.items():
        lower, upper = intervals.get(path, (None, None))
        text = note if lower is not None else f"not estimable: {gap_reason(path)}"
        if lower is not None and float(value[0]) == 0.0:
            text = f"no order in the period: 0, upper bound where 0 orders has P = 2.5%; {note}"
        out.append(Estimate(path, float(value[0]), lower, upper, rows[path], period, text))
    return out


def gap_paths(design: Design, kinds: list[str]) -> list[str]:
    """Paths whose level has no row: set to the mean of their effect, not estimated."""
    out = [f"community.grids.{g}.rate_factor" for g in np.flatnonzero(design.grid_col == -2)]
    for ki, kind in enumerate(kinds):
        out += [
            f"demand.kinds.{kind}.seasonal.{m}" for m in np.flatnonzero(design.month_col[ki] == -2)
        ]
    return out + [f"demand.weekly.{d}" for d in np.flatnonzero(design.weekday_col == -2)]


def gap_reason(path: str) -> str:
    """Why a path has no estimate of its own (its level has no day, or no household)."""
    last = path.rsplit(".", 1)[-1]
    if ".seasonal." in path:
        return f"no day of {MONTHS[int(last)]} in the log; the mean of the other months"
    if path.startswith("demand.weekly."):
        return f"no {WEEKDAYS[int(last)]} in the log; the mean of the other days"
    return "no household who raises a fitted kind in this grid; the mean of the grids"


def gap_notes(design: Design, kinds: list[str], holidays: bool) -> list[str]:
    """The fit's gaps in words (the planner's language): months and weekdays not in the
    period, no public holiday."""
    notes = []
    for ki, kind in enumerate(kinds):
        months = [str(m + 1) for m in np.flatnonzero(design.month_col[ki] == -2)]
        if months:
            text = _(
                "{kind}: the log has no day in month {months}: their weights are the mean "
                "(1), not estimated"
            )
            notes.append(text.format(kind=kind, months=", ".join(months)))
    weekdays = [_(WEEKDAYS[d]) for d in np.flatnonzero(design.weekday_col == -2)]
    if weekdays:
        text = _("the log has no {days}: their weights are the mean (1), not estimated")
        notes.append(text.format(days=", ".join(weekdays)))
    if design.holiday_col < 0 and holidays:
        notes.append(_("no public holiday in the log's period: holiday_weight 1, not estimated"))
    elif design.holiday_col < 0:
        notes.append(_("no public holiday given: holiday_weight 1, not estimated"))
    return notes


def wilson(k: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Wilson's 95% score interval of the proportions k / n."""
    p = k / n
    centre = (p + Z95**2 / (2 * n)) / (1 + Z95**2 / n)
    half = Z95 / (1 + Z95**2 / n) * np.sqrt(p * (1 - p) / n + Z95**2 / (4 * n**2))
    return centre - half, centre + half


def hour_estimates(hours: np.ndarray, period: str) -> list[Estimate]:
    """demand.hourly: each hour's share of the reports, the busiest hour 1, with the
    multinomial's (Wilson) interval on the same scale."""
    total = int(hours.sum())
    if total == 0:
        return []
    top = hours.max() / total
    lower, upper = wilson(hours, total)
    note = (
        f"share of the {total:,} reports made in this hour (busiest hour = 1); Wilson 95% "
        "interval of the multinomial"
    )
    return [
        Estimate(
            f"demand.hourly.{h}",
            float(hours[h] / hours.max()),
            float(lower[h] / top),
            float(upper[h] / top),
            int(hours[h]),
            period,
            note,
        )
        for h in range(24)
    ]


__all__ = ["ArrivalFit", "fit_arrivals"]
