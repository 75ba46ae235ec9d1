"""Vertices of degenerate best-response polytopes: found once each, the same as trying every basis.

References: the exhaustive every-basis enumeration (``sim.solve.solvers._polytope_vertices``,
which finds every vertex of any polytope by construction) and Gambit's exact ``enummixed``.
"""

from __future__ import annotations

from math import comb
from unittest import mock

import numpy as np
import pytest
from gambit_live import gbt, needs_gambit
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import sim.solve.solvers
from sim.solve.polytopes import (
    label_keys,
    vertex_labels_by_bases,
    vertex_labels_by_hull,
    vertex_labels_in_the_plane,
    vertices_by_bases,
    vertices_by_hull,
    vertices_in_the_plane,
)
from sim.solve.scaling import normalised
from sim.solve.solvers import _polytope_vertices, is_best_response_pair, solve_game

MATCH = 1e-6


def every_basis_labels(M: np.ndarray) -> set:
    """Label keys of the non-zero vertices of ``{z >= 0, M z <= 1}``, every basis tried."""
    _, zero, tight = _polytope_vertices(M)
    return set(label_keys(np.hstack([zero, tight])).tolist())


def tie_games(low: int, high: int, sizes: tuple[int, int]):
    """Integer games with payoffs in [low, high] (ties: mostly degenerate), m x n in sizes."""
    return st.tuples(st.integers(*sizes), st.integers(*sizes)).flatmap(
        lambda shape: arrays(np.int64, (2, *shape), elements=st.integers(low, high))
    )


def same_sets(first, second) -> bool:
    def inside(e, others):
        return any(
            np.allclose(e.row_strategy, o.row_strategy, atol=MATCH)
            and np.allclose(e.col_strategy, o.col_strategy, atol=MATCH)
            for o in others
        )

    return len(first) == len(second) and all(inside(e, second) for e in first)


def every_basis_solution(A, B):
    """The answer of the exhaustive path (the fast paths switched off)."""
    with mock.patch.object(sim.solve.solvers, "_simple_vertices", lambda P, Q: [None, None]):
        return solve_game(A, B, "vertex")


def assert_the_every_basis_set(games) -> None:
    """The default answer is complete, the every-basis enumeration's set, all best responses."""
    A, B = games.astype(float)
    fast, exhaustive = solve_game(A, B, "vertex"), every_basis_solution(A, B)
    assert fast.complete and fast.degenerate == exhaustive.degenerate
    assert same_sets(fast.equilibria, exhaustive.equilibria), (fast.equilibria, exhaustive.equilibria)
    for e in fast.equilibria:
        assert is_best_response_pair(A, B, np.array(e.row_strategy), np.array(e.col_strategy))


@settings(max_examples=150, deadline=None)
@given(st.one_of(tie_games(0, 2, (1, 4)), tie_games(-3, 3, (1, 4))))
def test_small_games_with_ties_give_the_set_of_the_every_basis_enumeration(games):
    assert_the_every_basis_set(games)


@settings(max_examples=25, deadline=None)
@given(st.one_of(tie_games(0, 2, (5, 7)), tie_games(-3, 3, (5, 7))))
def test_games_with_ties_through_qhull_give_the_set_of_the_every_basis_enumeration(games):
    assert_the_every_basis_set(games)


@pytest.mark.parametrize("low, high", [(0, 2), (-3, 3), (0, 1)])
@pytest.mark.parametrize("shape", [(5, 5), (6, 6), (7, 7), (4, 8)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_qhull_vouches_for_degenerate_polytopes_and_finds_every_vertex(shape, low, high):
    """On integer games Qhull's answer is accepted (measured: every one of these) and equal
    to trying every basis, degenerate vertices included."""
    rng = np.random.default_rng(shape[0] * 10 + shape[1] + high)
    degenerate = 0
    for _ in range(5):
        A, B = rng.integers(low, high + 1, (2, *shape)).astype(float)
        for M in (normalised(B, 1).T, normalised(A, 0)):
            labels = vertex_labels_by_hull(M, ties=True)
            assert labels is not None
            assert set(label_keys(labels).tolist()) == every_basis_labels(M)
            degenerate += bool((labels.sum(axis=1) > M.shape[1]).any())
    assert degenerate >= 5  # the games test degenerate polytopes


@pytest.mark.parametrize("shape", [(3, 3), (2, 4), (4, 2), (4, 4)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_basis_in_one_batch_finds_the_vertices_of_degenerate_polytopes(shape):
    rng = np.random.default_rng(shape[0] + 5 * shape[1])
    for _ in range(20):
        M = normalised(rng.integers(0, 3, shape).astype(float), 0)
        found = vertex_labels_by_bases(M, ties=True)[0]
        assert set(label_keys(found).tolist()) == every_basis_labels(M)
        if shape[1] == 2:
            in_the_plane = vertex_labels_in_the_plane(M, ties=True)
            assert set(label_keys(in_the_plane).tolist()) == every_basis_labels(M)


@pytest.mark.parametrize("shape", [(3, 3), (2, 4), (4, 2), (4, 4), (5, 5), (6, 4)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_each_vertex_comes_with_the_point_trying_every_basis_solves(shape):
    """The points of the batch of bases (in the plane, and from Qhull's polar) are the
    vertices the every-basis enumeration solves, to 1e-12, degenerate vertices (solved
    from several bases, or several simplices) included; none is left to solve again here."""
    rng = np.random.default_rng(7 * shape[0] + shape[1])
    degenerate = 0
    for _ in range(20):
        M = normalised(rng.integers(0, 3, shape).astype(float), 0)
        points, zero, tight = _polytope_vertices(M)
        exhaustive = dict(zip(label_keys(np.hstack([zero, tight])).tolist(), points))
        found = [vertices_by_hull(M)]
        if comb(sum(shape), shape[1]) <= 100:
            found.append(vertices_by_bases(M, ties=True)[0])
        if shape[1] == 2:
            found.append(vertices_in_the_plane(M, ties=True))
        for labels, solved in found:
            assert len(labels) == len(solved) == len(exhaustive)
            for key, point in zip(label_keys(labels).tolist(), solved):
                np.testing.assert_allclose(point, exhaustive[key], rtol=0, atol=1e-12)
            degenerate += bool((labels.sum(axis=1) > shape[1]).any())
    assert degenerate >= 5  # the games test degenerate vertices


def test_without_ties_allowed_degenerate_polytopes_are_still_refused():
    M = normalised(np.array([[1.0, 1.0, 0.0], [0.0, 1.0, 1.0], [1.0, 0.0, 1.0], [1.0, 1.0, 1.0]]), 0)
    assert vertex_labels_by_bases(M)[0] is None
    assert vertex_labels_by_bases(M, ties=True)[0] is not None


@needs_gambit
@pytest.mark.parametrize("low, high", [(0, 2), (-3, 3)])
@pytest.mark.parametrize("shape", [(6, 6), (7, 5)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_degenerate_games_through_qhull_agree_with_gambits_exact_enumeration(shape, low, high):
    rng = np.random.default_rng(3 * shape[0] + shape[1] + high)
    for _ in range(3):
        A, B = rng.integers(low, high + 1, (2, *shape))
        result = solve_game(A.astype(float), B.astype(float))
        assert result.complete and result.method == "vertex"
        game = gbt.Game.from_arrays(A, B)
        exact = []
        for profile in gbt.nash.enummixed_solve(game, rational=True).equilibria:
            pair = [[float(profile[s]) for s in player.strategies] for player in game.players]
            if not any(np.allclose(pair[0], r, atol=MATCH) and np.allclose(pair[1], c, atol=MATCH) for r, c in exact):
                exact.append(pair)
        assert len(result.equilibria) == len(exact)
        for row, col in exact:
            assert any(
                np.allclose(e.row_strategy, row, atol=MATCH) and np.allclose(e.col_strategy, col, atol=MATCH)
                for e in result.equilibria
            ), (row, col)
