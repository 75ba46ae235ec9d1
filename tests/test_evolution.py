"""Replicator dynamics and fictitious play against nashpy; the Moran fixation probability."""

from __future__ import annotations

import nashpy
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.dynamics.evolution import (asymmetric_replicator_dynamics, fictitious_play,
                                    moran_fixation_probability, replicator_dynamics,
                                    tournament_game)
from sim.dynamics.tournament import tournament

TIMES = np.linspace(0, 10, 101)


def simplex_point(rng, size):
    return rng.dirichlet(np.ones(size))


@pytest.fixture(scope="module")
def tournament_matrix():
    A = np.array([[3.0, 0.0], [5.0, 1.0]])
    names = ["always_defect", "tit_for_tat", "always_cooperate", "win_stay_lose_shift"]
    result = tournament(names, A, A.T, turns=50, repetitions=200, noise=0.05,
                        rng=np.random.default_rng(4))
    return tournament_game(result)[0]


def test_replicator_dynamics_agree_with_nashpy_on_a_tournament(tournament_matrix):
    M = tournament_matrix
    x0 = np.array([0.1, 0.4, 0.3, 0.2])
    ours = replicator_dynamics(M, x0, TIMES)
    theirs = nashpy.Game(M, M.T).replicator_dynamics(y0=x0, timepoints=TIMES)
    assert np.allclose(ours, theirs, atol=1e-5)
    assert np.allclose(ours.sum(axis=1), 1, atol=1e-8)


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), size=st.integers(2, 4))
def test_replicator_dynamics_agree_with_nashpy_on_random_games(seed, size):
    rng = np.random.default_rng(seed)
    M, x0 = rng.normal(size=(size, size)), simplex_point(rng, size)
    theirs = nashpy.Game(M, M.T).replicator_dynamics(y0=x0, timepoints=TIMES)
    assert np.allclose(replicator_dynamics(M, x0, TIMES), theirs, atol=1e-5)


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), shape=st.sampled_from([(2, 2), (2, 3), (3, 2)]))
def test_asymmetric_replicator_dynamics_agree_with_nashpy(seed, shape):
    rng = np.random.default_rng(seed)
    A, B = rng.normal(size=(2, *shape))
    x0, y0 = simplex_point(rng, shape[0]), simplex_point(rng, shape[1])
    rows, cols = asymmetric_replicator_dynamics(A, B, x0, y0, TIMES)
    their_rows, their_cols = nashpy.Game(A, B).asymmetric_replicator_dynamics(
        x0=x0, y0=y0, timepoints=TIMES)
    assert np.allclose(rows, their_rows, atol=1e-5)
    assert np.allclose(cols, their_cols, atol=1e-5)


def test_defection_takes_over_the_prisoners_dilemma():
    M = np.array([[3.0, 0.0], [5.0, 1.0]])
    assert replicator_dynamics(M, [0.99, 0.01], [0, 50])[-1, 1] > 0.999
    with pytest.raises(ValueError):
        replicator_dynamics(M, [0.5, 0.6], TIMES)
    with pytest.raises(ValueError):
        replicator_dynamics(M, [0.5, 0.5], [1, 0])


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), shape=st.sampled_from([(2, 2), (3, 3), (2, 4)]))
def test_fictitious_play_agrees_with_nashpy(seed, shape):
    """Generic payoffs and non-integer starting counts: no ties, so no random tie-breaks."""
    rng = np.random.default_rng(seed)
    A, B = rng.normal(size=(2, *shape))
    start = [rng.random(shape[0]), rng.random(shape[1])]
    ours = fictitious_play(A, B, 60, start)
    theirs = list(nashpy.Game(A, B).fictitious_play(iterations=60, play_counts=start))
    for t, (rows, cols) in enumerate(theirs):
        assert np.allclose(ours.row_counts[t], rows) and np.allclose(ours.col_counts[t], cols)


def test_fictitious_play_finds_the_mixed_equilibrium_of_matching_pennies():
    A = np.array([[1.0, -1.0], [-1.0, 1.0]])
    play = fictitious_play(A, -A, 20000)
    row, col = play.beliefs
    assert np.allclose(row, [0.5, 0.5], atol=0.02) and np.allclose(col, [0.5, 0.5], atol=0.02)
    tied = fictitious_play(A, -A, 50, rng=np.random.default_rng(1))
    assert tied.row_counts[-1].sum() == 50


def absorbing_chain_fixation(M, n, w):
    """Fixation probability by solving the Moran birth-death chain's linear equations."""
    (a, b), (c, d) = M
    size = n + 1
    Q, rhs = np.eye(size), np.zeros(size)
    rhs[n] = 1
    for i in range(1, n):
        f = 1 - w + w * (a * (i - 1) + b * (n - i)) / (n - 1)
        g = 1 - w + w * (c * i + d * (n - i - 1)) / (n - 1)
        total = i * f + (n - i) * g
        up = i * f / total * (n - i) / n
        down = (n - i) * g / total * i / n
        Q[i, i + 1], Q[i, i - 1], Q[i, i] = -up, -down, up + down
    return np.linalg.solve(Q, rhs)[1]


@pytest.mark.parametrize("w", [0.0, 0.1, 0.5])
def test_moran_fixation_probability(w):
    M = np.array([[3.0, 0.0], [5.0, 1.0]])
    assert moran_fixation_probability(M, 20, w) == pytest.approx(
        absorbing_chain_fixation(M, 20, w), rel=1e-9)
    if w == 0:
        assert moran_fixation_probability(M, 20, w) == pytest.approx(1 / 20)
    with pytest.raises(ValueError):
        moran_fixation_probability(M, 1, w)


def test_replicator_dynamics_stay_on_the_simplex_in_stiff_games():
    rng = np.random.default_rng(8)
    M = 50 * rng.normal(size=(5, 5))
    path = replicator_dynamics(M, [0.2, 0.2, 0.2, 0.4, 0.0], np.linspace(0, 20, 50))
    assert np.isfinite(path).all() and (path >= 0).all()
    assert np.allclose(path.sum(axis=1), 1) and (path[:, 4] == 0).all()
    rows, cols = asymmetric_replicator_dynamics(M[:, :3], -M[:, :3], np.ones(5) / 5,
                                                np.ones(3) / 3, [0, 1, 30])
    assert np.isfinite(rows).all() and np.allclose(cols.sum(axis=1), 1)
