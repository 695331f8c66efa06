"""Confidence intervals over replications (Student t), with no dependency beyond numpy."""

from __future__ import annotations

import math

import numpy as np

# Two-sided 95% Student t quantiles t(0.975, df); beyond the table we interpolate in 1/df,
# which is accurate to better than 1e-3 between the tabulated points.
_T975 = {
    1: 12.7062, 2: 4.3027, 3: 3.1824, 4: 2.7764, 5: 2.5706, 6: 2.4469, 7: 2.3646, 8: 2.3060,
    9: 2.2622, 10: 2.2281, 11: 2.2010, 12: 2.1788, 13: 2.1604, 14: 2.1448, 15: 2.1314,
    16: 2.1199, 17: 2.1098, 18: 2.1009, 19: 2.0930, 20: 2.0860, 21: 2.0796, 22: 2.0739,
    23: 2.0687, 24: 2.0639, 25: 2.0595, 26: 2.0555, 27: 2.0518, 28: 2.0484, 29: 2.0452,
    30: 2.0423, 40: 2.0211, 60: 2.0003, 120: 1.9799,
}  # fmt: skip
_Z975 = 1.959964


def t975(df: int) -> float:
    """The 97.5% quantile of Student's t with ``df`` degrees of freedom."""
    if df < 1:
        return math.nan
    if df in _T975:
        return _T975[df]
    known = sorted(_T975)
    lo = max(k for k in known if k < df)
    hi = min((k for k in known if k > df), default=None)
    hi_df, hi_t = (hi, _T975[hi]) if hi else (math.inf, _Z975)
    w = (1 / lo - 1 / df) / (1 / lo - (0 if hi_df == math.inf else 1 / hi_df))
    return _T975[lo] + w * (hi_t - _T975[lo])


def mean_ci(values: np.ndarray) -> tuple[float, float, float]:
    """(mean, low, high): the 95% t interval of the mean of replications; NaNs are dropped."""
    v = np.asarray(values, dtype=float)
    v = v[~np.isnan(v)]
    if len(v) == 0:
        return math.nan, math.nan, math.nan
    m = float(v.mean())
    if len(v) == 1:
        return m, math.nan, math.nan
    half = t975(len(v) - 1) * float(v.std(ddof=1)) / math.sqrt(len(v))
    return m, m - half, m + half
