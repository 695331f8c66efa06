"""Confidence intervals over replications (Student t), with no dependency beyond numpy.

Student t quantiles are computed here rather than taken from scipy (which gridsim does not
depend on): the t CDF comes from the regularized incomplete beta function, evaluated by its
continued fraction (Press et al., *Numerical Recipes*, 3rd ed., §6.4), and the quantile from
a Cornish-Fisher start (Abramowitz & Stegun 26.7.5) polished by safeguarded Newton steps.
"""

from __future__ import annotations

import math
from functools import lru_cache
from statistics import NormalDist

import numpy as np

# Two-sided 95% Student t quantiles t(0.975, df), as printed in the usual tables. They are
# kept so that tabulated degrees of freedom give the textbook numbers exactly; any other df
# is computed by `t_quantile`.
_T975 = {
    1: 12.7062, 2: 4.3027, 3: 3.1824, 4: 2.7764, 5: 2.5706, 6: 2.4469, 7: 2.3646, 8: 2.3060,
    9: 2.2622, 10: 2.2281, 11: 2.2010, 12: 2.1788, 13: 2.1604, 14: 2.1448, 15: 2.1314,
    16: 2.1199, 17: 2.1098, 18: 2.1009, 19: 2.0930, 20: 2.0860, 21: 2.0796, 22: 2.0739,
    23: 2.0687, 24: 2.0639, 25: 2.0595, 26: 2.0555, 27: 2.0518, 28: 2.0484, 29: 2.0452,
    30: 2.0423, 40: 2.0211, 60: 2.0003, 120: 1.9799,
}  # fmt: skip
_Z975 = 1.959964
_NORMAL = NormalDist()
_LARGE_DF = 1000  # beyond this the Cornish-Fisher series alone is exact to ~1e-12


def t975(df: float) -> float:
    """The 97.5% quantile of Student's t with ``df`` degrees of freedom (NaN below 1)."""
    if not df >= 1:
        return math.nan
    if df in _T975:
        return _T975[int(df)]
    return t_quantile(0.975, df)


def t_critical(level: float, df: float) -> float:
    """The two-sided critical value for a ``level`` interval, e.g. 0.95 -> t(0.975, df).

    At 95% this is `t975`, so intervals agree to the last digit with the summary tables.
    """
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1, got {level}")
    if level == 0.95:
        return t975(df)
    return t_quantile(0.5 + level / 2, df) if df >= 1 else math.nan


def _betacf(a: float, b: float, x: float) -> float:
    """Continued fraction of the incomplete beta function (modified Lentz's method)."""
    tiny, eps = 1e-300, 1e-15
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 100_000):
        m2 = 2 * m
        for aa in (
            m * (b - m) * x / ((qam + m2) * (a + m2)),
            -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2)),
        ):
            d = 1.0 + aa * d
            d = 1.0 / (d if abs(d) > tiny else tiny)
            c = 1.0 + aa / c
            c = c if abs(c) > tiny else tiny
            h *= d * c
        if abs(d * c - 1.0) < eps:
            return h
    raise ArithmeticError(f"incomplete beta did not converge (a={a}, b={b}, x={x})")


def betainc(a: float, b: float, x: float) -> float:
    """The regularized incomplete beta function I_x(a, b), for a, b > 0 and 0 <= x <= 1.

    The continued fraction converges fast for x < (a + 1) / (a + b + 2); above that the
    symmetry I_x(a, b) = 1 - I_{1-x}(b, a) is used (Numerical Recipes §6.4).
    """
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    log_front = (
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    front = math.exp(log_front)
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _betacf(a, b, x) / a
    return 1.0 - front * _betacf(b, a, 1.0 - x) / b


def t_sf(t: float, df: float) -> float:
    """Upper tail P(T > t) of Student's t: 0.5 * I_{df/(df+t^2)}(df/2, 1/2) for t >= 0."""
    if t < 0:
        return 1.0 - t_sf(-t, df)
    return 0.5 * betainc(df / 2.0, 0.5, df / (df + t * t))


def t_cdf(t: float, df: float) -> float:
    """P(T <= t) for Student's t with ``df`` (possibly fractional) degrees of freedom."""
    return 1.0 - t_sf(t, df)


def t_pdf(t: float, df: float) -> float:
    log_c = math.lgamma((df + 1) / 2) - math.lgamma(df / 2) - 0.5 * math.log(df * math.pi)
    return math.exp(log_c - (df + 1) / 2 * math.log1p(t * t / df))


def _cornish_fisher(z: float, df: float) -> float:
    """Abramowitz & Stegun 26.7.5: the t quantile as a series in 1/df around the normal one."""
    z2 = z * z
    g1 = z * (z2 + 1) / 4
    g2 = z * ((5 * z2 + 16) * z2 + 3) / 96
    g3 = z * (((3 * z2 + 19) * z2 + 17) * z2 - 15) / 384
    g4 = z * ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945) / 92160
    return z + (g1 + (g2 + (g3 + g4 / df) / df) / df) / df


@lru_cache(maxsize=4096)
def t_quantile(p: float, df: float) -> float:
    """The ``p`` quantile of Student's t with ``df`` > 0 degrees of freedom (``inf``: normal).

    Closed forms for df 1 and 2; otherwise a Cornish-Fisher start and Newton steps on the
    upper tail, which is convex for t > 0, so after the first step the iterates climb
    monotonically to the root; a step that would cross zero is halved instead. Accurate to
    about 1e-10, far inside the 1e-4 the tables print.
    """
    if not 0.0 < p < 1.0:
        raise ValueError(f"p must be strictly between 0 and 1, got {p}")
    if not df > 0:
        raise ValueError(f"df must be positive, got {df}")
    if p < 0.5:
        return -t_quantile(1.0 - p, df)
    if p == 0.5:
        return 0.0
    if df == 1:
        return math.tan(math.pi * (p - 0.5))
    if df == 2:
        return (2 * p - 1) / math.sqrt(2 * p * (1 - p))
    z = _NORMAL.inv_cdf(p)
    if math.isinf(df):
        return z
    t = _cornish_fisher(z, df)
    if df > _LARGE_DF:
        return t
    q = 1.0 - p
    t = max(t, z)  # t quantiles exceed normal ones; keeps the start positive
    for _ in range(100):
        step = (t_sf(t, df) - q) / t_pdf(t, df)
        new = t + step if t + step > 0 else t / 2
        if abs(new - t) <= 1e-13 * max(1.0, t):
            return new
        t = new
    return t


def mean_ci(
    values: np.ndarray,
    level: float = 0.95,
    bounds: tuple[float, float] = (-math.inf, math.inf),
) -> tuple[float, float, float]:
    """(mean, low, high): the t interval of the mean of replications; NaNs are dropped.

    ``bounds`` is the range the values (so their mean) cannot leave, e.g. [0, 1] for a
    share: the interval is cut to it. That is not cosmetic clipping: the true mean lies in
    the range for certain, so the cut interval covers it exactly as often as the t interval
    does. Paired differences keep the default, unbounded. One value: no interval (NaN).
    """
    v = np.asarray(values, dtype=float)
    v = v[~np.isnan(v)]
    if len(v) == 0:
        return math.nan, math.nan, math.nan
    m = float(v.mean())
    if len(v) == 1:
        return m, math.nan, math.nan
    half = t_critical(level, len(v) - 1) * float(v.std(ddof=1)) / math.sqrt(len(v))
    return m, max(m - half, bounds[0]), min(m + half, bounds[1])
