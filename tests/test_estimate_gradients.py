"""The exact derivatives of sim.estimate.gradients against central finite differences."""

from __future__ import annotations

import numpy as np
import pytest

from sim.estimate.gradients import constraint_gradient, log_likelihood_gradient, resist_probit_gradient
from sim.estimate.model import log_likelihood_games, psi, pseudo_log_likelihood_games

STEP = 1e-6


def random_games(seed: int, n: int = 60):
    rng = np.random.default_rng(seed)
    U = rng.normal(0, 1.2, (7, n))
    p = rng.uniform(0.02, 0.98, n)
    counts = rng.integers(0, 30, (n, 4)).astype(float)
    return U, p, counts


def central(f, U, p, k):
    """Central difference of the per-game ``f(U, p)`` in utility ``k`` (or ``p`` when k is None)."""
    if k is None:
        return (f(U, p + STEP) - f(U, p - STEP)) / (2 * STEP)
    up, down = U.copy(), U.copy()
    up[k] += STEP
    down[k] -= STEP
    return (f(up, p) - f(down, p)) / (2 * STEP)


def close(exact, numeric):
    return np.abs(exact - numeric).max() <= 1e-5 * (1 + np.abs(numeric).max())


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_log_likelihood_gradient(seed):
    U, p, counts = random_games(seed)
    value, dU, dp = log_likelihood_gradient(U, p, counts)
    f = lambda U, p: log_likelihood_games(U, p, counts)  # noqa: E731
    assert np.allclose(value, f(U, p))
    for k in range(7):
        assert close(dU[k], central(f, U, p, k)), k
    assert close(dp, central(f, U, p, None))


@pytest.mark.parametrize("seed", [3, 4])
def test_constraint_gradient(seed):
    U, p, _ = random_games(seed)
    g, dU, dp = constraint_gradient(U, p)
    f = lambda U, p: p - psi(U, p)  # noqa: E731
    assert np.allclose(g, f(U, p))
    for k in range(7):
        assert close(dU[k], central(f, U, p, k)), k
    assert close(dp, central(f, U, p, None))


def test_pseudo_likelihood_gradient_is_the_sum_of_both_players_parts():
    U, p, counts = random_games(5)
    p_firm = np.random.default_rng(6).uniform(0.05, 0.95, p.size)
    value_a, dU_a, _ = log_likelihood_gradient(U, p, counts, resist_fixed=True)
    value_b, dU_b = resist_probit_gradient(U, p_firm, counts)
    f = lambda U, p: pseudo_log_likelihood_games(U, p, p_firm, counts)  # noqa: E731
    assert np.allclose(value_a + value_b, f(U, p))
    for k in range(7):
        assert close(dU_a[k] + dU_b[k], central(f, U, p, k)), k


def test_gradients_stay_finite_far_in_the_tails():
    U, p, counts = random_games(7)
    U *= 40
    _, dU, dp = log_likelihood_gradient(U, p, counts)
    _, cU, cp = constraint_gradient(U, p)
    assert np.isfinite(dU).all() and np.isfinite(dp).all()
    assert np.isfinite(cU).all() and np.isfinite(cp).all()
