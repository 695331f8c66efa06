"""Textbook queueing formulas, used to validate the model against exact results.

Notation: arrival rate ``lam`` (issues per minute), service rate ``mu`` (1 / mean service
minutes), ``c`` servers, offered load ``a = lam / mu`` (in Erlangs) and utilisation
``rho = a / c``. Every result is for the stationary queue; an unstable queue (``rho >= 1``)
has an infinite mean wait and every arrival waits.

References: Gross, Shortle, Thompson & Harris, *Fundamentals of Queueing Theory* (4th ed.),
sections 2.3 (M/M/c), 3.4 (priority queues) and 5.1 (M/G/1); Cobham (1954), "Priority
assignment in waiting line problems", *J. Oper. Res. Soc. America* 2(1).
"""

from __future__ import annotations

import math
from collections.abc import Sequence


def _check_rates(lam: float, mu: float, c: int) -> None:
    if lam < 0.0 or not math.isfinite(lam):
        raise ValueError(f"arrival rate must be finite and >= 0, found {lam!r}")
    if mu <= 0.0 or not math.isfinite(mu):
        raise ValueError(f"service rate must be finite and > 0, found {mu!r}")
    if int(c) != c or c < 1:
        raise ValueError(f"number of servers must be a positive integer, found {c!r}")


def erlang_b(c: int, a: float) -> float:
    """Erlang B blocking probability of M/M/c/c with offered load ``a``.

    Uses the numerically stable recursion ``B(0, a) = 1`` and
    ``B(k, a) = a·B(k-1, a) / (k + a·B(k-1, a))``, which never forms ``a**c / c!``.
    """
    if int(c) != c or c < 0:
        raise ValueError(f"number of servers must be an integer >= 0, found {c!r}")
    if a < 0.0 or not math.isfinite(a):
        raise ValueError(f"offered load must be finite and >= 0, found {a!r}")
    b = 1.0
    for k in range(1, int(c) + 1):
        b = a * b / (k + a * b)
    return b


def erlang_c(c: int, a: float) -> float:
    """Erlang C: probability that an arrival to M/M/c with offered load ``a = λ/μ`` waits.

    From Erlang B: ``C(c, a) = c·B(c, a) / (c - a·(1 - B(c, a)))`` for ``a < c``; the
    queue is unstable for ``a >= c`` and every arrival then waits (returns 1).
    For ``c = 1`` this is ``ρ = a``.
    """
    if int(c) != c or c < 1:
        raise ValueError(f"number of servers must be a positive integer, found {c!r}")
    if a < 0.0 or not math.isfinite(a):
        raise ValueError(f"offered load must be finite and >= 0, found {a!r}")
    if a >= c:
        return 1.0
    b = erlang_b(c, a)
    return c * b / (c - a * (1.0 - b))


def mmc_mean_wait(lam: float, mu: float, c: int) -> float:
    """Mean wait in queue of M/M/c: ``Wq = C(c, a) / (cμ - λ)`` (``inf`` if ``λ >= cμ``)."""
    _check_rates(lam, mu, c)
    if lam >= c * mu:
        return math.inf
    return erlang_c(c, lam / mu) / (c * mu - lam)


def mmc_wait_tail(lam: float, mu: float, c: int, t: float) -> float:
    """``P(Wq > t)`` of M/M/c under FCFS: ``C(c, a)·exp(-(cμ - λ)·t)`` for ``t >= 0``."""
    _check_rates(lam, mu, c)
    if t < 0.0:
        return 1.0
    if lam >= c * mu:
        return 1.0
    return erlang_c(c, lam / mu) * math.exp(-(c * mu - lam) * t)


def mmc_mean_queue(lam: float, mu: float, c: int) -> float:
    """Mean number waiting in M/M/c: ``Lq = C(c, a)·ρ / (1 - ρ) = λ·Wq`` (Little's law)."""
    _check_rates(lam, mu, c)
    rho = lam / (c * mu)
    if rho >= 1.0:
        return math.inf
    return erlang_c(c, lam / mu) * rho / (1.0 - rho)


def cobham_mean_waits(lams: Sequence[float], mu: float, c: int) -> list[float]:
    """Mean queue wait of each class in M/M/c with non-preemptive priority (Cobham 1954).

    All classes share the service rate ``μ``; ``lams`` lists the classes' arrival rates in
    priority order, highest first. With ``σ_k = Σ_{i<=k} λ_i / (cμ)`` (``σ_0 = 0``) and
    ``λ = Σ λ_i``::

        W_k = (C(c, λ/μ) / (cμ)) / ((1 - σ_{k-1})·(1 - σ_k))

    A class whose ``σ_k >= 1`` (and every class after it) waits forever (``inf``).
    With one class this is the M/M/c mean wait ``C / (cμ - λ)``.
    """
    if not lams:
        raise ValueError("needs at least one class")
    if any(x < 0.0 or not math.isfinite(x) for x in lams):
        raise ValueError(f"class arrival rates must be finite and >= 0, found {list(lams)!r}")
    lam = float(sum(lams))
    _check_rates(lam, mu, c)
    capacity = c * mu
    base = erlang_c(c, lam / mu) / capacity
    waits: list[float] = []
    sigma_prev = 0.0
    for lam_k in lams:
        sigma = sigma_prev + lam_k / capacity
        if sigma >= 1.0:
            waits.append(math.inf)
        else:
            waits.append(base / ((1.0 - sigma_prev) * (1.0 - sigma)))
        sigma_prev = sigma
    return waits


def pollaczek_khinchine_wait(lam: float, mean_s: float, second_moment_s: float) -> float:
    """Mean wait in queue of M/G/1 (Pollaczek-Khinchine): ``Wq = λ·E[S²] / (2·(1 - ρ))``.

    ``ρ = λ·E[S]``; ``inf`` if ``ρ >= 1``. For exponential service ``E[S²] = 2·E[S]²`` and
    this is the M/M/1 ``ρ / (μ - λ)``; for deterministic service ``E[S²] = E[S]²`` and it
    is half of that.
    """
    if lam < 0.0 or not math.isfinite(lam):
        raise ValueError(f"arrival rate must be finite and >= 0, found {lam!r}")
    if mean_s <= 0.0 or not math.isfinite(mean_s):
        raise ValueError(f"mean service time must be finite and > 0, found {mean_s!r}")
    if second_moment_s < mean_s**2 * (1.0 - 1e-12):
        raise ValueError(
            f"second moment {second_moment_s!r} is below the squared mean {mean_s**2!r}"
        )
    rho = lam * mean_s
    if rho >= 1.0:
        return math.inf
    return lam * second_moment_s / (2.0 * (1.0 - rho))
