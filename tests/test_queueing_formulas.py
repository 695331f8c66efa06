"""The textbook formulas of gridsim.stats.queueing against values computed by hand."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gridsim.stats.queueing import (
    cobham_mean_waits,
    erlang_b,
    erlang_c,
    mmc_mean_queue,
    mmc_mean_wait,
    mmc_wait_tail,
    pollaczek_khinchine_wait,
)


def erlang_c_direct(c: int, a: float) -> float:
    """The closed form (a^c/c!)·(c/(c-a)) / (Σ_{k<c} a^k/k! + (a^c/c!)·(c/(c-a))), small c."""
    top = a**c / math.factorial(c) * c / (c - a)
    return top / (sum(a**k / math.factorial(k) for k in range(c)) + top)


# -- Erlang B and C ------------------------------------------------------------------------


def test_erlang_b_by_hand() -> None:
    # B(1, a) = a / (1 + a); B(2, 1) = (1/2) / (1 + 1 + 1/2) = 1/5.
    assert erlang_b(0, 3.0) == 1.0
    assert erlang_b(1, 1.0) == pytest.approx(0.5)
    assert erlang_b(2, 1.0) == pytest.approx(0.2)
    # B(3, 2) = (8/6) / (1 + 2 + 2 + 8/6) = 4/19.
    assert erlang_b(3, 2.0) == pytest.approx(4.0 / 19.0)


@pytest.mark.parametrize("rho", [0.0, 0.1, 0.5, 0.9, 0.999])
def test_erlang_c_one_server_is_rho(rho: float) -> None:
    assert erlang_c(1, rho) == pytest.approx(rho, abs=1e-15)


def test_erlang_c_by_hand() -> None:
    # c = 2, a = 1: B = 1/5, C = 2·(1/5) / (2 - 1·(4/5)) = 1/3.
    assert erlang_c(2, 1.0) == pytest.approx(1.0 / 3.0, rel=1e-14)
    # c = 3, a = 2: (8/6)·3 / (1 + 2 + 2 + 4) = 4/9.
    assert erlang_c(3, 2.0) == pytest.approx(4.0 / 9.0, rel=1e-14)
    # c = 3, a = 2.1 (ρ = 0.7): (2.1³/6)·(3/0.9) = 5.145 over 1 + 2.1 + 2.205 + 5.145.
    assert erlang_c(3, 2.1) == pytest.approx(5.145 / 10.45, rel=1e-13)


def test_erlang_c_edges() -> None:
    assert erlang_c(4, 0.0) == 0.0
    assert erlang_c(3, 3.0) == 1.0  # unstable: everyone waits
    assert erlang_c(3, 7.5) == 1.0
    with pytest.raises(ValueError):
        erlang_c(0, 1.0)
    with pytest.raises(ValueError):
        erlang_c(2, -1.0)


def test_erlang_c_stable_for_many_servers() -> None:
    """a**c / c! overflows a float at c = 1000; the recursion must not."""
    value = erlang_c(1000, 950.0)
    assert 0.0 < value < 1.0
    # Halfin-Whitt regime: with a = c - β√c the probability of waiting stays bounded away
    # from 0 and 1 as c grows; β = 50/√1000 ≈ 1.58 gives roughly 0.07.
    assert 0.02 < value < 0.2
    assert erlang_c(10_000, 9_999.0) < 1.0


@given(
    c=st.integers(min_value=1, max_value=30),
    rho=st.floats(min_value=0.01, max_value=0.99),
)
def test_erlang_c_matches_closed_form(c: int, rho: float) -> None:
    a = rho * c
    value = erlang_c(c, a)
    assert 0.0 <= value <= 1.0
    assert value == pytest.approx(erlang_c_direct(c, a), rel=1e-9)
    # Erlang C is never below Erlang B (a blocked call in M/M/c/c would wait in M/M/c).
    assert value >= erlang_b(c, a) - 1e-15


# -- M/M/c ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("lam", "mu"), [(0.5, 1.0), (0.9, 1.0), (0.02, 1.0 / 30.0)])
def test_mm1_mean_wait_is_rho_over_mu_minus_lambda(lam: float, mu: float) -> None:
    rho = lam / mu
    assert mmc_mean_wait(lam, mu, 1) == pytest.approx(rho / (mu - lam), rel=1e-13)


def test_mmc_mean_wait_by_hand() -> None:
    # c = 2, λ = μ = 1: C = 1/3, Wq = (1/3) / (2 - 1) = 1/3.
    assert mmc_mean_wait(1.0, 1.0, 2) == pytest.approx(1.0 / 3.0, rel=1e-14)
    # c = 3, λ = 2, μ = 1: C = 4/9, Wq = (4/9) / (3 - 2) = 4/9.
    assert mmc_mean_wait(2.0, 1.0, 3) == pytest.approx(4.0 / 9.0, rel=1e-14)
    assert mmc_mean_wait(3.0, 1.0, 3) == math.inf
    assert mmc_mean_wait(0.0, 1.0, 3) == 0.0


def test_mmc_mean_queue_is_little() -> None:
    # Lq = λ·Wq; c = 2, λ = μ = 1: 1/3; M/M/1: ρ²/(1-ρ).
    assert mmc_mean_queue(1.0, 1.0, 2) == pytest.approx(1.0 / 3.0, rel=1e-14)
    assert mmc_mean_queue(0.5, 1.0, 1) == pytest.approx(0.25 / 0.5, rel=1e-14)
    for lam, mu, c in [(2.1, 1.0, 3), (0.07, 1.0 / 30.0, 3), (9.0, 1.0, 12)]:
        assert mmc_mean_queue(lam, mu, c) == pytest.approx(lam * mmc_mean_wait(lam, mu, c))


def test_mmc_wait_tail() -> None:
    # t = 0 gives the probability of waiting; M/M/1 λ = 1/2, μ = 1: ρ·exp(-(μ-λ)t).
    assert mmc_wait_tail(2.0, 1.0, 3, 0.0) == pytest.approx(4.0 / 9.0)
    assert mmc_wait_tail(0.5, 1.0, 1, 2.0) == pytest.approx(0.5 * math.exp(-1.0))
    # c = 2, λ = μ = 1, t = 1: (1/3)·exp(-1).
    assert mmc_wait_tail(1.0, 1.0, 2, 1.0) == pytest.approx(math.exp(-1.0) / 3.0)
    assert mmc_wait_tail(1.0, 1.0, 2, -1.0) == 1.0
    # The tail integrates to the mean wait: ∫ C·e^{-(cμ-λ)t} dt = C / (cμ - λ).
    assert mmc_wait_tail(1.0, 1.0, 2, 0.0) / (2.0 - 1.0) == pytest.approx(
        mmc_mean_wait(1.0, 1.0, 2)
    )


def test_rates_are_checked() -> None:
    with pytest.raises(ValueError):
        mmc_mean_wait(-1.0, 1.0, 1)
    with pytest.raises(ValueError):
        mmc_mean_wait(1.0, 0.0, 1)
    with pytest.raises(ValueError):
        mmc_mean_wait(1.0, 1.0, 0)
    with pytest.raises(ValueError):
        mmc_mean_wait(1.0, 1.0, 1.5)  # type: ignore[arg-type]


# -- Cobham: M/M/c with non-preemptive priority ------------------------------------------


@pytest.mark.parametrize(("lam", "mu", "c"), [(0.5, 1.0, 1), (1.0, 1.0, 2), (0.07, 1 / 30, 3)])
def test_cobham_one_class_is_erlang_c_wait(lam: float, mu: float, c: int) -> None:
    assert cobham_mean_waits([lam], mu, c) == [pytest.approx(mmc_mean_wait(lam, mu, c))]


def test_cobham_by_hand() -> None:
    # M/M/1, λ1 = 0.2 (high), λ2 = 0.3 (low), μ = 1: C = ρ = 0.5, C/(cμ) = 0.5,
    # σ1 = 0.2, σ2 = 0.5: W1 = 0.5 / (1·0.8) = 0.625, W2 = 0.5 / (0.8·0.5) = 1.25.
    w1, w2 = cobham_mean_waits([0.2, 0.3], 1.0, 1)
    assert w1 == pytest.approx(0.625, rel=1e-14)
    assert w2 == pytest.approx(1.25, rel=1e-14)
    # c = 2, λ = μ = 1 split 1/2 + 1/2: C/(cμ) = 1/6, σ1 = 1/4, σ2 = 1/2:
    # W1 = (1/6) / (3/4) = 2/9, W2 = (1/6) / ((3/4)(1/2)) = 4/9.
    w1, w2 = cobham_mean_waits([0.5, 0.5], 1.0, 2)
    assert w1 == pytest.approx(2.0 / 9.0, rel=1e-14)
    assert w2 == pytest.approx(4.0 / 9.0, rel=1e-14)


@given(
    c=st.integers(min_value=1, max_value=20),
    rho=st.floats(min_value=0.05, max_value=0.95),
    shares=st.lists(st.floats(min_value=0.01, max_value=1.0), min_size=1, max_size=4),
)
def test_cobham_conserves_work(c: int, rho: float, shares: list[float]) -> None:
    """Kleinrock's conservation law: with one service rate, Σ λ_k W_k = λ·Wq(FCFS)."""
    mu = 1.0
    lam = rho * c * mu
    lams = [lam * s / sum(shares) for s in shares]
    waits = cobham_mean_waits(lams, mu, c)
    assert waits == sorted(waits)  # higher priority never waits longer
    assert sum(lk * wk for lk, wk in zip(lams, waits, strict=True)) == pytest.approx(
        lam * mmc_mean_wait(lam, mu, c), rel=1e-9
    )


def test_cobham_overloaded_classes_wait_forever() -> None:
    # σ1 = 0.5 is stable, σ2 = 1.25 is not.
    w1, w2 = cobham_mean_waits([0.5, 0.75], 1.0, 1)
    assert math.isfinite(w1)
    assert w2 == math.inf
    with pytest.raises(ValueError):
        cobham_mean_waits([], 1.0, 1)


# -- Pollaczek-Khinchine: M/G/1 ----------------------------------------------------------


@pytest.mark.parametrize(("lam", "mean_s"), [(0.5, 1.0), (0.02, 30.0), (0.9, 1.0)])
def test_pk_exponential_is_mm1(lam: float, mean_s: float) -> None:
    # Exponential service: E[S²] = 2·E[S]².
    assert pollaczek_khinchine_wait(lam, mean_s, 2.0 * mean_s**2) == pytest.approx(
        mmc_mean_wait(lam, 1.0 / mean_s, 1), rel=1e-13
    )


@pytest.mark.parametrize(("lam", "mean_s"), [(0.5, 1.0), (0.7 / 30.0, 30.0)])
def test_pk_deterministic_is_half_of_mm1(lam: float, mean_s: float) -> None:
    assert pollaczek_khinchine_wait(lam, mean_s, mean_s**2) == pytest.approx(
        0.5 * mmc_mean_wait(lam, 1.0 / mean_s, 1), rel=1e-13
    )


def test_pk_by_hand() -> None:
    # λ = 0.5, E[S] = 1, E[S²] = 1 + cv² with cv = 1.5: 0.5·3.25 / (2·0.5) = 1.625.
    assert pollaczek_khinchine_wait(0.5, 1.0, 3.25) == pytest.approx(1.625, rel=1e-14)
    assert pollaczek_khinchine_wait(1.0, 1.0, 1.0) == math.inf
    with pytest.raises(ValueError):
        pollaczek_khinchine_wait(0.5, 1.0, 0.5)  # E[S²] < E[S]² is impossible
