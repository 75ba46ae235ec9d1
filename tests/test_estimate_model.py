"""The crisis game's probabilities against a brute-force simulation of its shocks."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.integrate import quad
from scipy.stats import norm

from sim.estimate.equilibria import all_equilibria
from sim.estimate.model import (
    log_binormal_cdf,
    log_likelihood_games,
    outcome_probabilities,
    pseudo_log_likelihood_games,
    strategies,
)

# S_A, V_A, C_B, W_A, W_B, a, V_B of one game with a single equilibrium and all four
# outcomes common enough to be counted in a simulation
GAME = np.array([[-0.6], [0.4], [-0.3], [-0.5], [0.8], [-0.9], [0.0]])


def simulate_outcomes(U: np.ndarray, p: float, draws: int, rng: np.random.Generator):
    """Play the game ``draws`` times with fresh shocks; B resists if it expects to gain.

    A challenges when its best reply to resistance beats the cut-point; B's belief that A
    stands firm is the share of simulated challengers whose stand-firm shock beats their
    back-down shock (a brute-force ``p_F``); nothing here uses the model's formulas.
    """
    SA, VA, CB, WA, WB, a, VB = U[:, 0]
    e_A, e_a, e_B = rng.standard_normal((3, draws))
    stand, back = WA + e_A, a + e_a
    cut = (SA - (1 - p) * VA) / p
    challenge = np.maximum(stand, back) > cut
    firm = stand > back
    believed_firm = firm[challenge].mean()
    resist = believed_firm * (WB + e_B) + (1 - believed_firm) * VB > CB
    shares = np.array(
        [
            (~challenge).mean(),
            (challenge & ~resist).mean(),
            (challenge & resist & firm).mean(),
            (challenge & resist & ~firm).mean(),
        ]
    )
    return shares, resist.mean()


def test_outcome_probabilities_match_a_simulation_of_the_shocks():
    roots, count = all_equilibria(GAME)
    assert count[0] == 1
    p = roots[0, 0]
    draws = 2_000_000
    shares, resisted = simulate_outcomes(GAME, p, draws, np.random.default_rng(0))
    exact = outcome_probabilities(GAME, np.array([p]))[:, 0]
    assert exact.min() > 0.02  # every outcome is common enough to be counted
    error = np.sqrt(exact * (1 - exact) / draws)
    assert np.all(np.abs(shares - exact) < 5 * error), (shares, exact)
    # at an equilibrium B's simulated resistance rate is the p_R the model started from
    assert abs(resisted - p) < 5 * np.sqrt(p * (1 - p) / draws)


def test_log_likelihood_is_counts_times_log_probabilities():
    p = np.array([0.37])
    counts = np.array([[90.0, 12.0, 7.0, 11.0]])
    expected = counts[0] @ np.log(outcome_probabilities(GAME, p)[:, 0])
    assert log_likelihood_games(GAME, p, counts)[0] == pytest.approx(expected, rel=1e-12)


def test_pseudo_likelihood_equals_likelihood_at_an_equilibrium():
    rng = np.random.default_rng(1)
    U = rng.normal(0, 1, (7, 50))
    counts = rng.integers(0, 40, (50, 4)).astype(float)
    roots, count = all_equilibria(U)
    found = (count > 0) & (roots[:, 0] < 1 - 1e-9)  # 1 - p_R resolvable in doubles
    U, p, counts = U[:, found], roots[found, 0], counts[found]
    p_firm = strategies(U, p)[1]
    assert np.allclose(log_likelihood_games(U, p, counts), pseudo_log_likelihood_games(U, p, p_firm, counts), rtol=1e-9)
    # away from an equilibrium the two differ
    q = np.clip(p + 0.2, 0.01, 0.99)
    assert not np.allclose(
        log_likelihood_games(U, q, counts), pseudo_log_likelihood_games(U, q, strategies(U, q)[1], counts)
    )


def _binormal_by_quadrature(x: float, y: float) -> float:
    """``log Phi2(x, y; 1/sqrt2)`` as the integral of ``phi(t) Phi(t + sqrt2 x)`` above ``-y``."""
    scale = norm.logpdf(max(-y, 0.0))
    value, _ = quad(
        lambda t: np.exp(norm.logpdf(t) + norm.logcdf(t + np.sqrt(2) * x) - scale),
        -y,
        np.inf,
        epsabs=0,
        epsrel=1e-12,
        limit=200,
    )
    return float(np.log(value) + scale)


@pytest.mark.parametrize(
    "x, y",
    [
        (0.0, 0.0),
        (0.3, -1.2),
        (-2.9, 1.0),
        (-3.1, 1.0),
        (-3.1, -3.3),
        (-20.0, -20.0),
        (-25.0, 5.0),
        (5.0, -25.0),
        (-8.0, 3.0),
        (4.0, 4.0),
    ],
)
def test_bivariate_normal_is_accurate_in_the_body_and_the_tails(x, y):
    exact = _binormal_by_quadrature(x, y)
    assert log_binormal_cdf(np.array([x]), np.array([y]))[0] == pytest.approx(exact, rel=1e-9, abs=1e-12)
