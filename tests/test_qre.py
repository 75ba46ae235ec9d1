"""Logit QRE: the fixed point holds, the limits are right, and pygambit agrees."""

from __future__ import annotations

import numpy as np
import pytest
from gambit_live import gbt, needs_gambit
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from sim.solve.qre import fixed_point_residual, logit_qre, qre_path
from sim.solve.solvers import nash_equilibria

PENNIES = np.array([[1.0, -1.0], [-1.0, 1.0]])
PRISONERS = np.array([[3.0, 0.0], [5.0, 1.0]])  # row's strictly dominant strategy: 1


def gambit_qre(A, B, lambdas):
    """pygambit's principal-branch logit QRE: ``(lam reached, row, col)`` per lambda."""
    game = gbt.Game.from_arrays(A, B)
    row_player, col_player = game.players
    return [
        (
            float(result.lam),
            [float(result.profile[s]) for s in row_player.strategies],
            [float(result.profile[s]) for s in col_player.strategies],
        )
        for result in gbt.qre.logit_solve_lambda(game, lam=list(lambdas))
    ]


games = st.tuples(st.integers(1, 4), st.integers(1, 4)).flatmap(
    lambda shape: arrays(np.float64, (2, *shape), elements=st.floats(-50, 50))
)


@pytest.mark.parametrize("shape", [(1, 1), (2, 2), (3, 2), (2, 5)])
def test_lambda_zero_is_uniform(shape):
    rng = np.random.default_rng(0)
    row, col = logit_qre(rng.normal(size=shape), rng.normal(size=shape), 0.0)
    np.testing.assert_array_equal(row, np.full(shape[0], 1 / shape[0]))
    np.testing.assert_array_equal(col, np.full(shape[1], 1 / shape[1]))


@settings(max_examples=80, deadline=None)
@given(games, st.floats(0.0, 20.0))
def test_the_fixed_point_residual_is_tiny(game, lam):
    A, B = game
    row, col = logit_qre(A, B, lam)
    assert row.sum() == pytest.approx(1) and col.sum() == pytest.approx(1)
    assert fixed_point_residual(A, B, lam, row, col) < 1e-9


def test_the_residual_detects_a_profile_that_is_not_a_qre():
    row, col = logit_qre(PRISONERS, PRISONERS.T, 1.0)
    assert fixed_point_residual(PRISONERS, PRISONERS.T, 1.0, row, col) < 1e-12
    assert fixed_point_residual(PRISONERS, PRISONERS.T, 1.0, [0.5, 0.5], col) > 0.1


@settings(max_examples=40, deadline=None)
@given(st.floats(0.0, 1e4), st.floats(0.01, 100))
def test_matching_pennies_is_half_half_at_every_lambda(lam, stake):
    row, col = logit_qre(stake * PENNIES, -stake * PENNIES, lam)
    np.testing.assert_allclose(row, [0.5, 0.5], atol=1e-12)
    np.testing.assert_allclose(col, [0.5, 0.5], atol=1e-12)


def test_logit_response_to_an_indifferent_opponent_has_the_closed_form():
    """The column player is indifferent, so plays 1/2-1/2; row's odds are exp(lam * 2)."""
    A, B = np.array([[2.0, 2.0], [0.0, 0.0]]), np.zeros((2, 2))
    for lam in (0.1, 1.0, 3.0):
        row, col = logit_qre(A, B, lam)
        assert row[0] / row[1] == pytest.approx(np.exp(2 * lam), rel=1e-10)
        np.testing.assert_allclose(col, [0.5, 0.5], atol=1e-14)


@pytest.mark.parametrize(
    "A, B",
    [
        (PRISONERS, PRISONERS.T),
        (
            np.array([[4.0, 1.0, 0.0], [2.0, 3.0, 1.0], [0.0, 0.0, 2.0]]),  # iterated dominance
            np.array([[3.0, 1.0, 0.0], [4.0, 2.0, 1.0], [5.0, 0.0, 3.0]]),
        ),
    ],
)
def test_large_lambda_approaches_the_unique_strict_equilibrium(A, B):
    (equilibrium,) = nash_equilibria(A, B)
    assert equilibrium.is_pure
    gaps = []
    for lam in (1.0, 10.0, 100.0, 1e4):
        row, col = logit_qre(A, B, lam)
        gaps.append(max(np.abs(row - equilibrium.row_strategy).max(), np.abs(col - equilibrium.col_strategy).max()))
    assert gaps == sorted(gaps, reverse=True) and gaps[-1] < 1e-12


def test_large_lambda_approaches_a_completely_mixed_equilibrium():
    A, B = np.array([[2.0, -1.0], [-3.0, 4.0]]), np.array([[-2.0, 1.0], [3.0, -4.0]])
    (equilibrium,) = nash_equilibria(A, B)
    row, col = logit_qre(A, B, 1e6)
    np.testing.assert_allclose(row, equilibrium.row_strategy, atol=1e-5)
    np.testing.assert_allclose(col, equilibrium.col_strategy, atol=1e-5)


def test_payoff_units_do_not_matter_once_lambda_is_rescaled():
    rng = np.random.default_rng(3)
    A, B = rng.normal(size=(3, 3)), rng.normal(size=(3, 3))
    for lam in (0.5, 4.0):
        small, large = logit_qre(A, B, lam), logit_qre(1000 * A + 7, 1000 * B - 3, lam / 1000)
        np.testing.assert_allclose(small[0], large[0], atol=1e-9)
        np.testing.assert_allclose(small[1], large[1], atol=1e-9)


def test_the_path_keeps_the_order_asked_for():
    rng = np.random.default_rng(4)
    A, B = rng.normal(size=(2, 3)), rng.normal(size=(2, 3))
    lambdas = [5.0, 0.0, 1.0, 5.0, 0.3]
    path = qre_path(A, B, lambdas)
    assert path.lambdas.tolist() == lambdas and path.row.shape == (5, 2)
    for k, lam in enumerate(lambdas):
        row, col = logit_qre(A, B, lam)
        np.testing.assert_allclose(path.row[k], row, atol=1e-10)
        np.testing.assert_allclose(path.col[k], col, atol=1e-10)


@needs_gambit
@pytest.mark.parametrize("shape", [(2, 2), (3, 3), (2, 4)])
@pytest.mark.parametrize("seed", range(8))
def test_agrees_with_pygambit_on_random_games(shape, seed):
    rng = np.random.default_rng(seed)
    if seed % 2:  # small integers: near-degenerate games with sharp turns in the branch
        A, B = (rng.integers(-9, 10, size=shape).astype(float) for _ in range(2))
    else:
        A, B = rng.normal(size=shape), rng.normal(size=shape)
    reference = gambit_qre(A, B, [0.05, 0.3, 1.0, 3.0, 10.0])
    # pygambit stops within about 1e-8 of each requested lambda: compare at its lambda.
    path = qre_path(A, B, [lam for lam, _, _ in reference])
    for k, (_, row, col) in enumerate(reference):
        np.testing.assert_allclose(path.row[k], row, atol=1e-7)
        np.testing.assert_allclose(path.col[k], col, atol=1e-7)


@needs_gambit
def test_follows_the_branch_through_a_sharp_turn_like_gambit():
    """Here the principal branch turns sharply near lam = 0.61 and passes close to another
    branch; long continuation steps would jump across to it and end elsewhere."""
    A = np.array([[7, 5, -5, 7], [-8, -2, -8, -4], [5, -5, 0, 7], [-4, 8, 1, -3]], float)
    B = np.array([[2, 7, -3, -2], [-8, -1, -3, 1], [2, -5, -3, -4], [-8, -4, 3, -5]], float)
    ((lam, row, col),) = gambit_qre(A, B, [1.0])
    ours = logit_qre(A, B, lam)
    assert row[2] == pytest.approx(0.267, abs=1e-3) and col[2] > 0.99
    np.testing.assert_allclose(ours[0], row, atol=1e-7)
    np.testing.assert_allclose(ours[1], col, atol=1e-7)


@pytest.mark.parametrize(
    "A, B, lam, message",
    [
        (PENNIES, -PENNIES, -0.1, ">= 0"),
        (PENNIES, -PENNIES, np.nan, "finite"),
        (PENNIES, -PENNIES, np.inf, "finite"),
        (np.array([[np.nan, 0.0], [0.0, 0.0]]), -PENNIES, 1.0, "finite"),
        (np.array([[np.inf, 0.0], [0.0, 0.0]]), -PENNIES, 1.0, "finite"),
        (PENNIES, np.zeros((2, 3)), 1.0, "shape"),
        (np.zeros((0, 2)), np.zeros((0, 2)), 1.0, "non-empty"),
    ],
)
def test_bad_input_is_a_clear_value_error(A, B, lam, message):
    with pytest.raises(ValueError, match=message):
        logit_qre(A, B, lam)
