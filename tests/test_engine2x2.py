"""The blocked 2x2 engine equals a plain formulation of the same formulas, bit for bit;
results written into reused arrays (``out=``) equal fresh ones.

``reference`` below is the engine's definition as it was first written, over the whole
batch at once, with no blocks, buffers or bit tricks: differences, exact sign tests,
``where`` for the mixed probabilities. Agreement with nashpy and the general solver is in test_sweep.py.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import sim.solve.engine2x2
from sim.solve.engine2x2 import Equilibria2x2, equilibria_2x2


def reference(A: np.ndarray, B: np.ndarray) -> dict[str, np.ndarray]:
    """Pure cells, mixed probabilities and the degenerate flag of finite games ``(N, 2, 2)``."""
    a0, a1 = A[:, 0, 0] - A[:, 1, 0], A[:, 0, 1] - A[:, 1, 1]
    b0, b1 = B[:, 0, 0] - B[:, 0, 1], B[:, 1, 0] - B[:, 1, 1]
    pure = np.empty(A.shape, dtype=bool)
    pure[:, 0, 0] = (a0 >= 0) & (b0 >= 0)
    pure[:, 0, 1] = (a1 >= 0) & (b0 <= 0)
    pure[:, 1, 0] = (a0 <= 0) & (b1 >= 0)
    pure[:, 1, 1] = (a1 <= 0) & (b1 <= 0)
    degenerate = (a0 == 0) | (a1 == 0) | (b0 == 0) | (b1 == 0)
    exists = ((a0 >= 0) != (a1 >= 0)) & ((b0 >= 0) != (b1 >= 0)) & ~degenerate  # signs differ, no ties
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        mixed_col = np.where(exists, a1 / (a1 - a0), np.nan)
        mixed_row = np.where(exists, b1 / (b1 - b0), np.nan)
    return {"pure": pure, "mixed_row": mixed_row, "mixed_col": mixed_col, "degenerate": degenerate}


def reference_error(A: np.ndarray, B: np.ndarray, block: int) -> str | None:
    """The engine's message for non-finite payoffs, or None: the first block holding a
    non-finite payoff is reported, A before B, naming that array's first bad game."""
    bad_A, bad_B = ~np.isfinite(A).all(axis=(1, 2)), ~np.isfinite(B).all(axis=(1, 2))
    if not (bad_A | bad_B).any():
        return None
    first = int(np.argmax(bad_A | bad_B)) // block * block
    name, bad = ("A", bad_A) if bad_A[first : first + block].any() else ("B", bad_B)
    game = first + int(np.argmax(bad[first:]))
    return f"payoff array {name} has non-finite entries (NaN or infinity), first in game {game}"


def assert_identical(found: Equilibria2x2, expected: dict[str, np.ndarray]) -> None:
    for name, values in expected.items():
        np.testing.assert_array_equal(getattr(found, name), values, err_msg=name)  # NaN equals NaN here


# --- game batches: random, tie-heavy, and tiny differences --------------------------------

TIE_HEAVY = st.integers(-2, 2).map(float)
WIDE = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)
TINY = st.sampled_from([0.0, -0.0, 5e-324, -5e-324, 1e-300, 1.0, 1.0 + 2**-52, 1e300, -1e300])
ANY = st.one_of(TIE_HEAVY, WIDE, TINY)


@st.composite
def batches(draw, elements=ANY, max_games: int = 40):
    """``(A, B)`` of ``N`` games, ``0 <= N <= max_games``."""
    count = draw(st.integers(0, max_games))
    games = draw(arrays(np.float64, (2, count, 2, 2), elements=elements))
    return games[0], games[1]


def solved(A, B, block: int, out: Equilibria2x2 | None = None) -> Equilibria2x2:
    """The engine's answer with blocks of ``block`` games."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sim.solve.engine2x2, "BLOCK", block)
        return equilibria_2x2(A, B, out=out)


BLOCKS = st.sampled_from([1, 2, 7, 64, 16384])  # many, and partial, blocks


@settings(max_examples=150, deadline=None)
@given(batches())
def test_equals_the_reference_on_mixed_batches(games):
    A, B = games
    assert_identical(equilibria_2x2(A, B), reference(A, B))


@settings(max_examples=150, deadline=None)
@given(batches(elements=TIE_HEAVY), BLOCKS)
def test_equals_the_reference_across_blocks_on_tie_heavy_games(games, block):
    A, B = games
    assert_identical(solved(A, B, block), reference(A, B))


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2**32 - 1), st.sampled_from([2, 5, 8, 13, 1000]))
def test_equals_the_reference_on_large_random_and_integer_batches(seed, block):
    rng = np.random.default_rng(seed)
    count = int(rng.integers(1, 3000))
    normal = rng.standard_normal((2, count, 2, 2))
    integers = rng.integers(-1, 2, (2, count, 2, 2)).astype(float)  # about 2/3 degenerate
    for A, B in ((normal[0], normal[1]), (integers[0], integers[1])):
        assert_identical(solved(A, B, block), reference(A, B))
    assert reference(integers[0], integers[1])["degenerate"].any() or count < 10


@settings(max_examples=100, deadline=None)
@given(
    batches(elements=TIE_HEAVY),
    st.data(),
    st.sampled_from([np.nan, np.inf, -np.inf]),
    BLOCKS,
)
def test_non_finite_payoffs_are_reported_as_before(games, data, value, block):
    A, B = (array.copy() for array in games)
    if len(A) == 0:
        return
    for _ in range(data.draw(st.integers(1, 3))):
        target = data.draw(st.sampled_from([A, B]))
        target[data.draw(st.integers(0, len(A) - 1)), data.draw(st.integers(0, 1)), data.draw(st.integers(0, 1))] = (
            value
        )
    with pytest.raises(ValueError) as raised:
        solved(A, B, block)
    assert str(raised.value) == reference_error(A, B, block) + " (flat index)"


@pytest.mark.parametrize("where", [(0, 0, 0), (0, 1, 1), (5, 1, 0)])
def test_overflowing_differences_are_rejected_in_either_array(where):
    A, B = np.ones((6, 2, 2)), np.ones((6, 2, 2))
    huge = A.copy()
    huge[where], huge[where[0], 1 - where[1], where[2]] = 1.7e308, -1.7e308
    for payoffs in ((huge, B), (A, huge)):
        with pytest.raises(ValueError, match="overflow float64"):
            equilibria_2x2(*payoffs)
    big_but_finite = np.full((6, 2, 2), 1.7e308)  # large payoffs, zero differences
    assert equilibria_2x2(big_but_finite, big_but_finite).degenerate.all()


# --- reusing result arrays (out=) ---------------------------------------------------------


@settings(max_examples=100, deadline=None)
@given(batches(), batches(), BLOCKS)
def test_a_reused_result_equals_a_fresh_one(first, second, block):
    count = min(len(first[0]), len(second[0]))
    out = solved(first[0][:count], first[1][:count], block)
    again = solved(second[0][:count], second[1][:count], block, out=out)
    assert again is out
    assert_identical(again, reference(second[0][:count], second[1][:count]))


def test_out_keeps_batch_shapes_and_its_arrays():
    rng = np.random.default_rng(3)
    A, B = rng.integers(0, 3, (2, 4, 5, 2, 2)).astype(float)
    out = Equilibria2x2.empty((4, 5))
    arrays_before = [out.pure, out.mixed_row, out.mixed_col, out.degenerate]
    found = equilibria_2x2(A, B, out=out)
    assert found is out and all(
        a is b for a, b in zip(arrays_before, [out.pure, out.mixed_row, out.mixed_col, out.degenerate])
    )
    flat = reference(A.reshape(-1, 2, 2), B.reshape(-1, 2, 2))
    assert_identical(found, {name: values.reshape(found.__getattribute__(name).shape) for name, values in flat.items()})
    assert found.pure[..., 1, 0].flags.c_contiguous
    single = equilibria_2x2(A[0, 0], B[0, 0], out=Equilibria2x2.empty(()))
    assert single.pure.shape == (2, 2) and (single.pure == found.pure[0, 0]).all()


@pytest.mark.parametrize(
    "make_out, message",
    [
        (lambda: Equilibria2x2.empty((4,)), r"out.pure: expected bool \(3, 2, 2\), found bool \(4, 2, 2\)"),
        (lambda: Equilibria2x2.empty((1, 3)), r"out.pure: expected bool \(3, 2, 2\), found bool \(1, 3, 2, 2\)"),
        (
            lambda: Equilibria2x2(np.empty((3, 2, 2), bool), np.empty(3), np.empty(3), np.empty(3, bool)),
            r"out.pure \(cell by cell\): expected a writeable array laid out as Equilibria2x2.empty",
        ),
        (
            lambda: Equilibria2x2.empty((3,)).__class__(
                Equilibria2x2.empty((3,)).pure, np.empty(3), np.empty(3, np.float32), np.empty(3, bool)
            ),
            r"out.mixed_col: expected float64 \(3,\), found float32 \(3,\)",
        ),
        (
            lambda: Equilibria2x2(Equilibria2x2.empty((3,)).pure, np.empty(6)[::2], np.empty(3), np.empty(3, bool)),
            "out.mixed_row: expected a writeable array",
        ),
        (
            lambda: Equilibria2x2(Equilibria2x2.empty((3,)).pure, np.empty(3), np.empty(3), [False] * 3),
            "out.degenerate: expected bool \\(3,\\), found list",
        ),
    ],
)
def test_unsuitable_out_arrays_are_rejected(make_out, message):
    A = np.zeros((3, 2, 2))
    with pytest.raises(ValueError, match=message):
        equilibria_2x2(A, A, out=make_out())


def test_read_only_out_arrays_are_rejected():
    out = Equilibria2x2.empty((3,))
    out.degenerate.flags.writeable = False
    with pytest.raises(ValueError, match="out.degenerate: expected a writeable array"):
        equilibria_2x2(np.zeros((3, 2, 2)), np.zeros((3, 2, 2)), out=out)


def test_threads_solving_at_once_do_not_share_buffers():
    """Each thread keeps its own workspace: concurrent calls give the reference answers."""
    rng = np.random.default_rng(4)
    batches_ = [rng.integers(-2, 3, (2, 5000, 2, 2)).astype(float) for _ in range(8)]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sim.solve.engine2x2, "BLOCK", 512)  # ten blocks each, the last one short
        with ThreadPoolExecutor(max_workers=4) as pool:
            found = list(pool.map(lambda games: [equilibria_2x2(games[0], games[1]) for _ in range(5)], batches_))
    for games, answers in zip(batches_, found):
        for answer in answers:
            assert_identical(answer, reference(games[0], games[1]))
