"""Is a plan's mean KPI on the right side of a goal? A fully sequential feasibility check
(Andradóttir and Kim 2010, "Fully sequential procedures for comparing constrained systems
via simulation", Naval Research Logistics 57(5); Batur and Kim 2010 for several
constraints), so a plan far from the goal is decided after a few replications and one near
it gets as many as it needs.

For a requirement "mean >= goal" with tolerance δ, the check tests the threshold q = goal -
δ/2 with an indifference half-width ε = δ/2: a plan whose mean is at least the goal is
declared feasible, and one whose mean is at most goal - δ infeasible, each with probability
at least 1 - α; in between ("within the tolerance") either answer is acceptable. After n0
replications, with S² the variance of the first n0 observations and
h² = (n0 - 1)((2α)^(-2/(n0-1)) - 1), it continues while the sum of (Y_j - q) over r
replications stays strictly within ±R(r), R(r) = max(0, h²S²/(2ε) - εr/2): the region
closes after at most h²S²/ε² replications. Several requirements of one plan share α
(Bonferroni: α/L each); the plan is feasible when every one is, infeasible when any is.

The region's width depends on the tolerance, not on how far the plan is from the goal: a
plan far from a goal stated to the minute would need dozens of replications. So the check
also looks, at each round of replications (r = n0, n0 + step, ... up to the most), at the
one-sided t bound of the mean against q, at level α/(2K) for K looks (Bonferroni over the
looks), and the region above uses α/2: the error stays at most α, and a plan far from
the goal is decided after n0 replications.

    >>> import numpy as np
    >>> check = Check(goal=0.9, higher=True, tolerance=0.02, alpha=0.05)
    >>> check.decide(np.array([0.95, 0.97, 0.96, 0.94, 0.95]), first=5)
    ('feasible', 5)
    >>> check.decide(np.array([0.50, 0.52, 0.51, 0.49, 0.50]), first=5)
    ('infeasible', 5)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from gridsim.stats.intervals import t_quantile

__all__ = ["FEASIBLE", "INFEASIBLE", "UNDECIDED", "Check", "h_squared"]

FEASIBLE, INFEASIBLE, UNDECIDED = "feasible", "infeasible", "undecided"


def h_squared(alpha: float, first: int) -> float:
    """The constant of the continuation region for error ``alpha`` after ``first``
    (n0 >= 2) initial replications."""
    return (first - 1) * ((2.0 * alpha) ** (-2.0 / (first - 1)) - 1.0)


@dataclass(frozen=True)
class Check:
    """The check of one requirement: goal, direction, tolerance and error probability."""

    goal: float
    higher: bool
    tolerance: float
    alpha: float
    step: int = 5
    most: int = 100

    def looks(self, first: int) -> int:
        """How many times the t bound is looked at: after n0, then after every step."""
        return 1 + max(0, self.most - first) // self.step

    def decide(self, y: np.ndarray, first: int) -> tuple[str, int]:
        """(decision, replications it took) from the observations ``y`` in replication
        order: the first r >= ``first`` at which the sum leaves the region, else
        UNDECIDED with all of them. A NaN (no issue of the scope in that run) is left
        out: such a run says nothing about the mean (as in the summary's intervals)."""
        y = np.asarray(y, dtype=float)
        y = y[~np.isnan(y)]
        if len(y) < first:
            return UNDECIDED, len(y)
        eps = self.tolerance / 2.0
        q = self.goal - eps if self.higher else self.goal + eps
        z = (y - q) if self.higher else (q - y)
        s2 = float(np.var(z[:first], ddof=1))
        h2 = h_squared(self.alpha / 2.0, first)
        r = np.arange(first, len(z) + 1)
        bound = np.maximum(0.0, h2 * s2 / (2.0 * eps) - eps * r / 2.0)
        sums = np.cumsum(z)[first - 1 :]
        out = (sums >= bound) | (sums <= -bound)
        sign = np.where(sums >= bound, 1.0, -1.0)
        t_sign = self._t_looks(z, r, first)
        out |= t_sign != 0
        sign = np.where(t_sign != 0, t_sign, sign)
        hit = np.flatnonzero(out)
        if not len(hit):
            return UNDECIDED, len(z)
        k = int(hit[0])
        return (FEASIBLE if sign[k] > 0 else INFEASIBLE), int(r[k])

    def _t_looks(self, z: np.ndarray, r: np.ndarray, first: int) -> np.ndarray:
        """+1 where a look's one-sided t bound puts the mean above q, -1 below, else 0."""
        out = np.zeros(len(r))
        p = 1.0 - self.alpha / (2.0 * self.looks(first))
        for k, n in enumerate(r):
            if (n - first) % self.step:
                continue
            mean, sd = float(z[:n].mean()), float(z[:n].std(ddof=1))
            half = t_quantile(p, n - 1) * sd / math.sqrt(n)
            out[k] = 1.0 if mean - half > 0 else (-1.0 if mean + half < 0 else 0.0)
        return out

    def longest(self, y: np.ndarray, first: int) -> int:
        """The most replications the check can take with these first observations."""
        eps = self.tolerance / 2.0
        z = np.asarray(y[:first], dtype=float)
        s2 = float(np.var(z, ddof=1)) if len(z) >= 2 else math.inf
        return max(first, math.ceil(h_squared(self.alpha / 2.0, first) * s2 / eps**2))
