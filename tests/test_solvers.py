"""Equilibria: mutual best responses, closed forms, and agreement with Gambit (pygambit)."""

from __future__ import annotations

import numpy as np
import pygambit as gbt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from sim.payoffs import stage_game
from sim.solvers import is_best_response_pair, is_degenerate, nash_equilibria


def gambit_equilibria(A, B):
    """All extreme equilibria by Gambit's enummixed, as sorted strategy tuples."""
    game = gbt.Game.from_arrays(np.asarray(A, dtype=float), np.asarray(B, dtype=float))
    found = []
    for profile in gbt.nash.enummixed_solve(game, rational=False).equilibria:
        row, col = ([float(profile[s]) for s in player.strategies] for player in game.players)
        found.append((row, col))
    return found


def assert_same_sets(ours, theirs):
    assert len(ours) == len(theirs), (ours, theirs)
    for row, col in theirs:
        assert any(np.allclose(e.row_strategy, row, atol=1e-7)
                   and np.allclose(e.col_strategy, col, atol=1e-7) for e in ours), (row, col)


CLASSIC = {
    "prisoner's dilemma": ([[3, 0], [5, 1]], [[3, 5], [0, 1]]),
    "matching pennies": ([[1, -1], [-1, 1]], [[-1, 1], [1, -1]]),
    "battle of the sexes": ([[3, 0], [0, 2]], [[2, 0], [0, 3]]),
    "chicken": ([[0, -1], [1, -10]], [[0, 1], [-1, -10]]),
    "stag hunt": ([[4, 0], [3, 3]], [[4, 3], [0, 3]]),
    "degenerate (weak dominance)": ([[1, 1], [0, 2]], [[1, 1], [1, 0]]),
    "all ties": ([[0, 0], [0, 0]], [[0, 0], [0, 0]]),
    "rectangular 2x3": ([[3, 3, 0], [4, 0, 1]], [[0, 2, 3], [1, 2, 0]]),
    "rock paper scissors": ([[0, -1, 1], [1, 0, -1], [-1, 1, 0]],
                            [[0, 1, -1], [-1, 0, 1], [1, -1, 0]]),
}


@pytest.mark.parametrize("name", list(CLASSIC))
def test_classic_games_agree_with_gambit(name):
    A, B = (np.array(m, dtype=float) for m in CLASSIC[name])
    assert_same_sets(nash_equilibria(A, B), gambit_equilibria(A, B))


def test_mixed_equilibrium_of_2x2_matches_closed_form():
    """Without pure equilibria each player mixes to make the other indifferent."""
    A = np.array([[2.0, -1.0], [-3.0, 4.0]])
    B = np.array([[-2.0, 1.0], [3.0, -4.0]])
    (eq,) = nash_equilibria(A, B)
    q = (A[1, 1] - A[0, 1]) / (A[0, 0] - A[0, 1] - A[1, 0] + A[1, 1])  # column's P(first)
    p = (B[1, 1] - B[1, 0]) / (B[0, 0] - B[0, 1] - B[1, 0] + B[1, 1])  # row's P(first)
    assert eq.row_strategy[0] == pytest.approx(p)
    assert eq.col_strategy[0] == pytest.approx(q)


def test_degenerate_flags():
    assert is_degenerate(np.zeros((2, 2)), np.zeros((2, 2)))
    assert not is_degenerate(*(np.array(m, float) for m in CLASSIC["matching pennies"]))


games_2x2 = arrays(np.float64, (2, 2, 2), elements=st.floats(-100, 100, allow_nan=False))
small_int_games = st.integers(2, 4).flatmap(lambda m: st.integers(2, 4).flatmap(
    lambda n: arrays(np.int64, (2, m, n), elements=st.integers(-5, 5))))


@settings(max_examples=300, deadline=None)
@given(games_2x2)
def test_every_equilibrium_is_a_mutual_best_response(games):
    A, B = games
    equilibria = nash_equilibria(A, B)
    assert equilibria, "every finite game has an equilibrium"
    for eq in equilibria:
        row, col = np.array(eq.row_strategy), np.array(eq.col_strategy)
        assert row.sum() == pytest.approx(1) and col.sum() == pytest.approx(1)
        assert is_best_response_pair(A, B, row, col)
        assert eq.row_payoff == pytest.approx(row @ A @ col, abs=1e-9)


@settings(max_examples=150, deadline=None)
@given(games_2x2)
def test_random_2x2_games_agree_with_gambit(games):
    A, B = games
    if is_degenerate(A, B):
        return  # covered by the classic degenerate cases and the integer games below
    assert_same_sets(nash_equilibria(A, B), gambit_equilibria(A, B))


@settings(max_examples=100, deadline=None)
@given(small_int_games)
def test_small_integer_games_with_ties_agree_with_gambit(games):
    """Integer payoffs in [-5, 5] make ties (degenerate games) frequent."""
    A, B = games.astype(float)
    assert_same_sets(nash_equilibria(A, B), gambit_equilibria(A, B))


def test_scenario_games_agree_with_gambit(scenarios, ishiba, takaichi, trump):
    for scenario in scenarios:
        for japan in (ishiba, takaichi):
            game = stage_game(scenario, japan, trump)
            ours = nash_equilibria(game.us_payoffs, game.japan_payoffs)
            assert_same_sets(ours, gambit_equilibria(game.us_payoffs, game.japan_payoffs))
