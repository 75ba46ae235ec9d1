"""Exact vertex enumeration: fraction-free solves against Fractions, equilibria against Gambit."""

from __future__ import annotations

import doctest
import json
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from gambit_live import MIXED_TIE
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import sim.solve.exact_vertices
from sim.solve.exact_vertices import _solve_fraction_free, exact_equilibria, integer_payoffs, polytope_vertices

REFERENCE = json.loads((Path(__file__).parent / "reference" / "gambit_reference.json").read_text(encoding="utf-8"))
EXACT_KINDS = [entry for entry in REFERENCE["equilibria"] if entry["kind"] in ("classic", "integers", "badly scaled")]


def _fraction_solve(system: list[list[int]]) -> list[Fraction] | None:
    """``system z = 1`` by Gaussian elimination in Fractions; None when singular."""
    k = len(system)
    rows = [[Fraction(v) for v in row] + [Fraction(1)] for row in system]
    for c in range(k):
        pivot = next((r for r in range(c, k) if rows[r][c] != 0), None)
        if pivot is None:
            return None
        rows[c], rows[pivot] = rows[pivot], rows[c]
        for r in range(k):
            if r != c and rows[r][c] != 0:
                factor = rows[r][c] / rows[c][c]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[c])]
    return [rows[i][k] / rows[i][i] for i in range(k)]


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 4).flatmap(lambda k: arrays(np.int64, (k, k), elements=st.integers(-5, 5))))
def test_fraction_free_solves_equal_exact_rational_solves(matrix):
    system = matrix.astype(object)
    numerators, det, solved = _solve_fraction_free(system[None])
    expected = _fraction_solve(matrix.tolist())
    assert bool(solved[0]) == (expected is not None)
    if expected is not None:
        assert det[0] > 0
        assert [Fraction(v, det[0]) for v in numerators[0]] == expected


def test_payoffs_become_positive_integers_shifted_per_column_of_a_and_row_of_b():
    M = np.array([[0.5, 3.0, 1e6], [0.25, 1.0, 2.0]])
    by_column, by_row = integer_payoffs(M, 0), integer_payoffs(M, 1)
    assert min(by_column.flat) == 1 and min(by_row.flat) == 1
    assert [by_column[:, j].min() for j in range(3)] == [1, 1, 1]
    assert [by_row[i].min() for i in range(2)] == [1, 1]
    # exact: the differences within a column keep their ratios
    assert Fraction(by_column[0, 2] - by_column[1, 2], by_column[0, 1] - by_column[1, 1]) == (Fraction(1e6) - 2) / 2


def test_near_ties_within_the_tie_level_become_ties_and_others_stay_exact():
    M = np.array([[1.0], [1.0 + 1e-15], [1.5]])
    assert integer_payoffs(M, 0, tie=1e-12)[:, 0].tolist()[:2] == [1, 1]
    assert integer_payoffs(M, 0)[0, 0] != integer_payoffs(M, 0)[1, 0]


def test_the_vertices_of_a_quadrilateral_are_found_with_their_labels():
    # {z >= 0, 2 z_1 + z_2 <= 1, z_1 + 2 z_2 <= 1}: non-zero vertices (1/2, 0), (0, 1/2),
    # (1/3, 1/3), returned as directions (normalised here)
    points, labels = polytope_vertices(np.array([[2, 1], [1, 2]], dtype=object))
    found = {tuple(Fraction(v, sum(p)) for v in p): tuple(row) for p, row in zip(points, labels)}
    assert set(found) == {(1, 0), (0, 1), (Fraction(1, 2), Fraction(1, 2))}
    assert found[(1, 0)] == (False, True, True, False)


@pytest.mark.parametrize("entry", EXACT_KINDS, ids=[e["name"] for e in EXACT_KINDS])
def test_exact_enumeration_finds_exactly_gambits_rational_equilibria(entry):
    """Classic and small-integer games (many degenerate) and badly scaled ones, which
    Gambit solved in exact rationals: the same extreme equilibria, no more, no fewer."""
    A, B = np.array(entry["A"]), np.array(entry["B"])
    pairs, _ = exact_equilibria(integer_payoffs(A, 0), integer_payoffs(B, 1))
    assert len(pairs) == len(entry["enummixed"])
    for reference in entry["enummixed"]:
        assert any(
            np.allclose(x, reference["row"], atol=1e-12) and np.allclose(y, reference["col"], atol=1e-12)
            for x, y in pairs
        )


def test_a_mixed_tie_is_found_degenerate():
    A, B = (np.array(M, dtype=float) for M in MIXED_TIE)
    assert exact_equilibria(integer_payoffs(A, 0), integer_payoffs(B, 1))[1]
    A, B = np.array([[3.0, 0.0], [0.0, 2.0]]), np.array([[2.0, 0.0], [0.0, 3.0]])
    assert not exact_equilibria(integer_payoffs(A, 0), integer_payoffs(B, 1))[1]


def test_docstring_examples_run():
    assert doctest.testmod(sim.solve.exact_vertices).failed == 0
