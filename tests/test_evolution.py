"""Replicator dynamics against nashpy (on games shifted to positive payoffs where nashpy's
integration leaves the simplex); the Moran fixation probability against its Markov chain."""

from __future__ import annotations

import nashpy
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.dynamics.evolution import (
    asymmetric_replicator_dynamics,
    moran_fixation_probability,
    replicator_dynamics,
    tournament_game,
)
from sim.dynamics.tournament import tournament

TIMES = np.linspace(0, 10, 101)


def simplex_point(rng, size):
    return rng.dirichlet(np.ones(size))


@pytest.fixture(scope="module")
def tournament_matrix():
    A = np.array([[3.0, 0.0], [5.0, 1.0]])
    names = ["always_defect", "tit_for_tat", "always_cooperate", "win_stay_lose_shift"]
    result = tournament(names, A, A.T, turns=50, repetitions=200, noise=0.05, rng=np.random.default_rng(4))
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
    their_rows, their_cols = nashpy.Game(A, B).asymmetric_replicator_dynamics(x0=x0, y0=y0, timepoints=TIMES)
    assert np.allclose(rows, their_rows, atol=1e-5)
    assert np.allclose(cols, their_cols, atol=1e-5)


def test_defection_takes_over_the_prisoners_dilemma():
    M = np.array([[3.0, 0.0], [5.0, 1.0]])
    assert replicator_dynamics(M, [0.99, 0.01], [0, 50])[-1, 1] > 0.999
    with pytest.raises(ValueError):
        replicator_dynamics(M, [0.5, 0.6], TIMES)
    with pytest.raises(ValueError):
        replicator_dynamics(M, [0.5, 0.5], [1, 0])


@pytest.fixture(scope="module")
def cost_game():
    """The February 2025 stage game's tournament of the docs (docs/repeated.md), smaller:
    every payoff of Japan's is a cost."""
    from sim.data.presets import JapanPreset, USPreset, load_preset
    from sim.data.scenario import load_scenario, resolve_scenario_path
    from sim.model.payoffs import stage_game

    game = stage_game(
        load_scenario(resolve_scenario_path("ishiba_white_house_2025")),
        load_preset(JapanPreset, "ishiba"),
        load_preset(USPreset, "trump_2025"),
    )
    us = ["always_cooperate", "always_defect", "tit_for_tat", "grim_trigger", "escalating_demand"]
    japan = [
        "always_cooperate",
        "always_defect",
        "tit_for_tat",
        "win_stay_lose_shift",
        "incremental_concession",
        "generous_tit_for_tat",
    ]
    result = tournament(
        us,
        game.us_payoffs,
        game.japan_payoffs,
        turns=200,
        repetitions=100,
        noise=0.05,
        rng=np.random.default_rng(0),
        col_strategies=japan,
    )
    return tournament_game(result)


def test_replicator_dynamics_of_a_game_of_costs_agree_with_nashpy_on_the_shifted_game(cost_game):
    """Adding a constant to a population's payoffs leaves its dynamics unchanged; nashpy,
    integrating the shares themselves, is reliable only where the mean payoff is positive."""
    A, B = cost_game
    assert (B < 0).all()
    x0, y0, times = np.ones(5) / 5, np.ones(6) / 6, np.linspace(0, 5, 51)
    rows, cols = asymmetric_replicator_dynamics(A, B, x0, y0, times)
    shift = 1.0 - min(A.min(), B.min())
    their_rows, their_cols = nashpy.Game(A + shift, B + shift).asymmetric_replicator_dynamics(
        x0=x0, y0=y0, timepoints=times
    )
    assert np.allclose(rows, their_rows, atol=1e-5) and np.allclose(cols, their_cols, atol=1e-5)
    assert np.allclose(cols.sum(axis=1), 1) and cols[-1].max() > 0.5
    M = -B.T @ B / 100.0  # one population, every payoff a cost
    assert (M < 0).all()
    ours = replicator_dynamics(M, y0, times)
    theirs = nashpy.Game(M + 1.0 - M.min()).replicator_dynamics(y0=y0, timepoints=times)
    assert np.allclose(ours, theirs, atol=1e-5)


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), shift=st.floats(-50, 50))
def test_replicator_dynamics_ignore_a_constant_added_to_the_payoffs(seed, shift):
    rng = np.random.default_rng(seed)
    A, B = rng.normal(size=(2, 3, 4))
    x0, y0 = simplex_point(rng, 3), simplex_point(rng, 4)
    rows, cols = asymmetric_replicator_dynamics(A, B, x0, y0, TIMES)
    moved_rows, moved_cols = asymmetric_replicator_dynamics(A + shift, B + shift, x0, y0, TIMES)
    assert np.allclose(rows, moved_rows, atol=1e-6) and np.allclose(cols, moved_cols, atol=1e-6)


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
    assert moran_fixation_probability(M, 20, w) == pytest.approx(absorbing_chain_fixation(M, 20, w), rel=1e-9)
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
    rows, cols = asymmetric_replicator_dynamics(M[:, :3], -M[:, :3], np.ones(5) / 5, np.ones(3) / 3, [0, 1, 30])
    assert np.isfinite(rows).all() and np.allclose(cols.sum(axis=1), 1)
