"""Payoff normalisation and the resolution test that chooses exact arithmetic."""

from __future__ import annotations

import doctest

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import sim.solve.scaling
from sim.solve.scaling import (
    RESOLUTION_FLOOR,
    _resolution_in_numpy,
    _resolution_in_python,
    normalised,
    resolution,
    well_resolved,
)

small_games = st.tuples(st.integers(1, 4), st.integers(1, 4)).flatmap(
    lambda shape: arrays(np.int64, shape, elements=st.integers(-10, 10))
)


@settings(max_examples=100, deadline=None)
@given(small_games, st.floats(0.01, 100), st.lists(st.floats(-1e3, 1e3), min_size=4, max_size=4))
def test_normalisation_forgets_column_shifts_and_the_unit(A, factor, shifts):
    A = A.astype(float)
    changed = factor * A + np.array(shifts[: A.shape[1]])
    np.testing.assert_allclose(normalised(changed, 0), normalised(A, 0), atol=1e-9)
    assert normalised(A, 0).min() >= 1.0 and normalised(A, 0).max() <= 2.0


def test_a_column_offset_by_a_large_constant_keeps_full_precision():
    A = np.array([[0.0, 1e9 + 0.25], [1.0, 1e9 + 0.75]])
    assert normalised(A, 0).tolist() == [[1.0, 1.0], [2.0, 1.5]]
    assert well_resolved(A, A.T)


def test_one_huge_payoff_makes_the_game_badly_resolved_and_rescaling_does_not_change_that():
    rng = np.random.default_rng(5)
    A, B = rng.random((2, 4, 4))
    assert well_resolved(A, B)
    A[1, 2] = 1e6
    assert resolution(A, 0) < RESOLUTION_FLOOR and not well_resolved(A, B)
    assert not well_resolved(3.7 * A - 12.0, B) and not well_resolved(B.T, 2.0 * A.T + 5.0)


def test_round_off_ties_do_not_count_as_small_differences():
    """0.1 + 0.2 and 0.3 differ by 5.6e-17 in floats, as ties do after a change of units
    in floating point: a tie still, so such a game takes the floating-point path."""
    A = np.array([[0.1 + 0.2, 0.0], [0.3, 1.0], [1.0, 0.5]])
    assert A[0, 0] != A[1, 0]
    assert resolution(A, 0) == pytest.approx(0.5 * 0.7)  # smallest gap 0.5, ranges 0.7 and 1
    assert well_resolved(A, A.T)


@settings(max_examples=200, deadline=None)
@given(
    st.tuples(st.integers(1, 6), st.integers(1, 6)).flatmap(
        lambda shape: arrays(np.float64, shape, elements=st.floats(-1e6, 1e6) | st.sampled_from([0.1 + 0.2, 0.3, 1e6]))
    )
)
def test_the_plain_float_and_numpy_resolutions_agree(M):
    assert _resolution_in_python(M) == _resolution_in_numpy(M)


def test_docstring_examples_run():
    assert doctest.testmod(sim.solve.scaling).failed == 0
