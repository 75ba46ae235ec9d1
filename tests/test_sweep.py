"""The vectorised 2x2 engine agrees with nashpy and the general solver; grids match points."""

from __future__ import annotations

import contextlib
import doctest
import io
import re
import warnings

import nashpy
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import sim.analysis.sweep
import sim.solve.engine2x2
from conftest import REPO_ROOT
from doc_output import missing_lines
from sim.base.fields import FIELDS
from sim.model.payoffs import model_parameters, payoff_matrices
from sim.solve.solvers import is_degenerate, nash_equilibria
from sim.solve.outcome_classes import DEGENERATE, MIXED, MULTIPLE, OUTCOME_WORDS, OUTCOMES, outcome_class, outcome_words
from sim.solve.engine2x2 import equilibria_2x2
from sim.analysis.sweep import parameter_grid, sweep_2x2
from sim.analysis.tipping import tipping_points


# --- helpers ----------------------------------------------------------------------------


def random_games(seed: int, count: int, integers: int | None = None):
    """``count`` games with standard normal payoffs, or integers in ``[0, integers)``."""
    rng = np.random.default_rng(seed)
    if integers is None:
        return rng.standard_normal((count, 2, 2)), rng.standard_normal((count, 2, 2))
    return (
        rng.integers(0, integers, (count, 2, 2)).astype(float),
        rng.integers(0, integers, (count, 2, 2)).astype(float),
    )


def split(equilibria):
    """``(pure cells (2, 2), [(p, q) of the other equilibria])`` from (row, col) pairs."""
    pure, others = np.zeros((2, 2), dtype=bool), []
    for row, col in equilibria:
        row, col = np.asarray(row), np.asarray(col)
        if row.max() > 1 - 1e-12 and col.max() > 1 - 1e-12:
            pure[row.argmax(), col.argmax()] = True
        else:
            others.append((float(row[0]), float(col[0])))
    return pure, others


def solver_pairs(A, B):
    return [(e.row_strategy, e.col_strategy) for e in nash_equilibria(A, B)]


def nashpy_pairs(A, B, method: str):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # nashpy warns on degenerate games and even counts
        return list(getattr(nashpy.Game(A, B), method)())


def weak_best_response_pairs(A, B):
    """The definition: ``(i, j)`` where neither player gains by switching alone."""
    pure = np.zeros(A.shape, dtype=bool)
    for i in (0, 1):
        for j in (0, 1):
            pure[..., i, j] = (A[..., i, j] >= A[..., 1 - i, j]) & (B[..., i, j] >= B[..., i, 1 - j])
    return pure


def has_ties(A, B):
    return (A[..., 0, :] == A[..., 1, :]).any(axis=-1) | (B[..., :, 0] == B[..., :, 1]).any(axis=-1)


def assert_same_as(found, k: int, pairs, atol: float = 1e-9):
    """Game ``k`` of ``found`` has exactly the equilibria ``pairs`` (a non-degenerate game)."""
    pure, others = split(pairs)
    assert (found.pure[k] == pure).all(), (k, pairs)
    assert len(others) <= 1, (k, pairs)
    if others:
        assert (found.mixed_row[k], found.mixed_col[k]) == pytest.approx(others[0], abs=atol)
    else:
        assert np.isnan(found.mixed_row[k]) and np.isnan(found.mixed_col[k]), (k, pairs)


# --- agreement with nashpy and the general solver ---------------------------------------


@pytest.mark.slow
def test_agrees_with_nashpy_support_enumeration_on_20000_random_games():
    A, B = random_games(seed=6, count=20_000)
    found = equilibria_2x2(A, B)
    assert not found.degenerate.any()
    for k in range(len(A)):
        assert_same_as(found, k, nashpy_pairs(A[k], B[k], "support_enumeration"))
    mixed = np.isfinite(found.mixed_row)
    assert 0.15 < mixed.mean() < 0.35  # about a quarter of random games (so both branches run)


@pytest.mark.slow
def test_agrees_with_nashpy_vertex_enumeration_on_random_games():
    A, B = random_games(seed=7, count=300)
    found = equilibria_2x2(A, B)
    for k in range(len(A)):
        assert_same_as(found, k, nashpy_pairs(A[k], B[k], "vertex_enumeration"), atol=1e-8)


@pytest.mark.slow
def test_agrees_with_the_general_solver_on_random_games():
    A, B = random_games(seed=8, count=1_000)
    found = equilibria_2x2(A, B)
    for k in range(len(A)):
        assert_same_as(found, k, solver_pairs(A[k], B[k]))


@pytest.mark.slow
def test_integer_games_with_frequent_ties_agree_with_the_general_solver():
    A, B = random_games(seed=9, count=3_000, integers=3)
    found = equilibria_2x2(A, B)
    assert 0.3 < found.degenerate.mean() < 0.9  # both kinds are well represented
    assert (found.degenerate == has_ties(A, B)).all()
    assert (found.pure == weak_best_response_pairs(A, B)).all()
    for k in range(len(A)):
        pairs = solver_pairs(A[k], B[k])
        if found.degenerate[k]:
            pure, _ = split(pairs)
            assert (found.pure[k] == pure).all(), (A[k], B[k], pairs)
            assert np.isnan(found.mixed_row[k]) and np.isnan(found.mixed_col[k])
        else:
            assert_same_as(found, k, pairs)


def test_degenerate_flag_matches_the_solvers_test_on_integer_games():
    A, B = random_games(seed=10, count=400, integers=3)
    found = equilibria_2x2(A, B)
    assert [bool(flag) for flag in found.degenerate] == [is_degenerate(a, b) for a, b in zip(A, B)]


# --- classic games ----------------------------------------------------------------------

CLASSICS = {  # name: (A, B)
    "prisoner's dilemma": ([[3, 0], [5, 1]], [[3, 5], [0, 1]]),
    "matching pennies": ([[1, -1], [-1, 1]], [[-1, 1], [1, -1]]),
    "chicken": ([[0, -1], [1, -10]], [[0, 1], [-1, -10]]),
    "battle of the sexes": ([[2, 0], [0, 1]], [[1, 0], [0, 2]]),
    "all ties": ([[1, 1], [1, 1]], [[2, 2], [2, 2]]),
    "one tie": ([[1, 1], [0, 2]], [[1, 1], [1, 0]]),
}


@pytest.fixture(scope="module")
def classics():
    A = np.array([game[0] for game in CLASSICS.values()], dtype=float)
    B = np.array([game[1] for game in CLASSICS.values()], dtype=float)
    return dict(zip(CLASSICS, range(len(CLASSICS)))), equilibria_2x2(A, B)


def test_prisoners_dilemma_has_mutual_defection_only(classics):
    index, found = classics
    k = index["prisoner's dilemma"]
    assert found.pure[k].tolist() == [[False, False], [False, True]]
    assert np.isnan(found.mixed_row[k]) and not found.degenerate[k]


def test_matching_pennies_is_half_and_half(classics):
    index, found = classics
    k = index["matching pennies"]
    assert not found.pure[k].any()
    assert (found.mixed_row[k], found.mixed_col[k]) == (0.5, 0.5)


def test_chicken_and_battle_of_the_sexes_have_two_pure_and_one_mixed(classics):
    index, found = classics
    chicken, sexes = index["chicken"], index["battle of the sexes"]
    assert found.pure[chicken].tolist() == [[False, True], [True, False]]
    # chicken: the row swerves (first strategy) with p making the column indifferent:
    # p * 0 + (1 - p) * (-1) = p * 1 + (1 - p) * (-10)  ->  p = 0.9
    assert found.mixed_row[chicken] == pytest.approx(0.9)
    assert found.pure[sexes].tolist() == [[True, False], [False, True]]
    assert (found.mixed_row[sexes], found.mixed_col[sexes]) == pytest.approx((2 / 3, 1 / 3))


def test_all_ties_mark_every_cell_and_no_isolated_mixed_equilibrium(classics):
    index, found = classics
    k = index["all ties"]
    assert found.degenerate[k] and found.pure[k].all()
    assert np.isnan(found.mixed_row[k]) and np.isnan(found.mixed_col[k])


def test_one_tie_is_degenerate_with_its_weak_pure_equilibria(classics):
    index, found = classics
    k = index["one tie"]
    A, B = (np.array(m, dtype=float) for m in CLASSICS["one tie"])
    assert found.degenerate[k]
    assert (found.pure[k] == split(solver_pairs(A, B))[0]).all()
    assert found.pure[k].tolist() == [[True, False], [False, False]]


def test_outcome_classes_of_the_classics(classics):
    index, found = classics
    codes = outcome_class(found)
    assert codes.dtype == np.int8
    assert OUTCOMES[codes[index["prisoner's dilemma"]]] == "tariff/resist"
    assert outcome_words(codes[index["prisoner's dilemma"]]) == "Japan resists / US imposes"
    assert codes[index["matching pennies"]] == MIXED
    assert codes[index["chicken"]] == codes[index["battle of the sexes"]] == MULTIPLE
    assert codes[index["all ties"]] == codes[index["one tie"]] == DEGENERATE
    assert list(outcome_words([0, MIXED])) == [OUTCOME_WORDS[0], "mixed"]


def test_each_unique_pure_equilibrium_has_its_own_code():
    """Dominant strategies everywhere: the unique equilibrium is (i, j), code 2 i + j."""
    A = np.zeros((4, 2, 2))
    B = np.zeros((4, 2, 2))
    for i in (0, 1):
        for j in (0, 1):
            A[2 * i + j, i, :] = 1.0  # row strategy i dominates
            B[2 * i + j, :, j] = 1.0  # column strategy j dominates
    assert outcome_class(equilibria_2x2(A, B)).tolist() == [0, 1, 2, 3]
    assert OUTCOMES[:4] == ("refrain/concede", "refrain/resist", "tariff/concede", "tariff/resist")


# --- properties -------------------------------------------------------------------------

integer_games = arrays(np.float64, (2, 2, 2), elements=st.integers(-4, 4).map(float))
float_games = arrays(np.float64, (2, 2, 2), elements=st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False))


@settings(max_examples=300, deadline=None)
@given(st.one_of(integer_games, float_games))
def test_pure_cells_are_exactly_the_mutual_best_responses(game):
    A, B = game[0], game[1]
    found = equilibria_2x2(A[None], B[None])
    assert (found.pure[0] == weak_best_response_pairs(A, B)).all()
    assert found.degenerate[0] == has_ties(A, B)
    if not found.degenerate[0]:
        for i, j in np.argwhere(found.pure[0]):
            assert A[i, j] > A[1 - i, j] and B[i, j] > B[i, 1 - j]  # strict


@settings(max_examples=300, deadline=None)
@given(st.one_of(integer_games, float_games))
def test_mixed_probabilities_make_the_opponent_indifferent(game):
    A, B = game[0], game[1]
    found = equilibria_2x2(A, B)
    p, q = float(found.mixed_row), float(found.mixed_col)
    isolated = not found.degenerate and found.pure.sum() in (0, 2)  # Wilson's oddness
    assert np.isfinite(p) == np.isfinite(q) == isolated
    if isolated:
        scale = max(1.0, np.abs(A).max(), np.abs(B).max())
        row_gain = q * (A[0, 0] - A[1, 0]) + (1 - q) * (A[0, 1] - A[1, 1])
        col_gain = p * (B[0, 0] - B[0, 1]) + (1 - p) * (B[1, 0] - B[1, 1])
        assert abs(row_gain) <= 1e-9 * scale and abs(col_gain) <= 1e-9 * scale
        assert 0.0 <= p <= 1.0 and 0.0 <= q <= 1.0
        if (A == np.round(A)).all() and (B == np.round(B)).all():
            assert 0.0 < p < 1.0 and 0.0 < q < 1.0


@settings(max_examples=200, deadline=None)
@given(integer_games)
def test_swapping_the_players_transposes_the_answer(game):
    A, B = game[0], game[1]
    found, swapped = equilibria_2x2(A, B), equilibria_2x2(B.T, A.T)
    assert (swapped.pure == found.pure.T).all()
    assert swapped.degenerate == found.degenerate
    np.testing.assert_array_equal([swapped.mixed_row, swapped.mixed_col], [found.mixed_col, found.mixed_row])


@settings(max_examples=200, deadline=None)
@given(integer_games, st.integers(-3, 3), st.integers(-5, 5), st.integers(-5, 5))
def test_positive_affine_changes_and_relabelling_keep_the_equilibria(game, power, shift_a, shift_b):
    A, B = game[0], game[1]
    found = equilibria_2x2(A, B)
    scaled = equilibria_2x2(
        A * 2.0**power + [[shift_a, -shift_b]] * np.ones((2, 1)), B * 2.0**-power + [[shift_b], [shift_a]]
    )
    np.testing.assert_array_equal(scaled.pure, found.pure)
    np.testing.assert_array_equal([scaled.mixed_row, scaled.mixed_col], [found.mixed_row, found.mixed_col])
    flipped = equilibria_2x2(A[::-1], B[::-1])  # the row player's strategies swapped
    np.testing.assert_array_equal(flipped.pure, found.pure[::-1])
    np.testing.assert_allclose(flipped.mixed_row, 1 - found.mixed_row, atol=1e-12)
    np.testing.assert_array_equal(flipped.mixed_col, found.mixed_col)


# --- batches, blocks, shapes and validation -----------------------------------------------


def test_blocks_and_batch_shapes_do_not_change_the_answer(monkeypatch):
    A, B = random_games(seed=11, count=1_001, integers=4)
    whole = equilibria_2x2(A, B)
    monkeypatch.setattr(sim.solve.engine2x2, "BLOCK", 64)  # 16 blocks, the last one short
    blocked = equilibria_2x2(A[:1000].reshape(10, 100, 2, 2), B[:1000].reshape(10, 100, 2, 2))
    assert blocked.pure.shape == (10, 100, 2, 2) and blocked.mixed_row.shape == (10, 100)
    np.testing.assert_array_equal(blocked.pure.reshape(-1, 2, 2), whole.pure[:1000])
    np.testing.assert_array_equal(blocked.mixed_row.ravel(), whole.mixed_row[:1000])
    np.testing.assert_array_equal(blocked.mixed_col.ravel(), whole.mixed_col[:1000])
    np.testing.assert_array_equal(blocked.degenerate.ravel(), whole.degenerate[:1000])


def test_one_game_empty_batches_lists_and_other_dtypes():
    single = equilibria_2x2([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    assert single.pure.shape == (2, 2) and single.mixed_row.shape == ()
    assert float(single.mixed_row) == 0.5
    empty = equilibria_2x2(np.empty((0, 2, 2)), np.empty((0, 2, 2)))
    assert empty.pure.shape == (0, 2, 2) and empty.degenerate.shape == (0,)
    A, B = random_games(seed=12, count=50)
    np.testing.assert_array_equal(
        equilibria_2x2(A.astype(np.float32), B).pure, equilibria_2x2(A.astype(np.float32).astype(float), B).pure
    )


def test_the_result_is_frozen():
    found = equilibria_2x2(np.eye(2), np.eye(2))
    with pytest.raises(AttributeError):
        found.pure = None


@pytest.mark.parametrize(
    "A, B, message",
    [
        (np.zeros((3, 2, 3)), np.zeros((3, 2, 3)), r"payoff array A must have shape \(N, 2, 2\)"),
        (np.zeros(4), np.zeros(4), "must have shape"),
        (np.zeros((3, 2, 2)), np.zeros((4, 2, 2)), "differ in shape"),
        (np.zeros((3, 2, 2)), [["a", "b"], ["c", "d"]], "payoff array B is not numeric"),
    ],
)
def test_bad_shapes_are_rejected(A, B, message):
    with pytest.raises(ValueError, match=message):
        equilibria_2x2(A, B)


@pytest.mark.parametrize("value", [np.nan, np.inf, -np.inf])
@pytest.mark.parametrize("name", ["A", "B"])
def test_non_finite_payoffs_are_rejected_with_the_game(value, name):
    A, B = random_games(seed=13, count=40_000)
    (A if name == "A" else B)[33_333, 1, 0] = value
    with pytest.raises(ValueError, match=f"payoff array {name} has non-finite entries.*first in game 33333"):
        equilibria_2x2(A, B)


def test_overflowing_differences_are_rejected():
    A = np.array([[[1e308, 0.0], [-1e308, 0.0]]])
    with pytest.raises(ValueError, match="overflow"):
        equilibria_2x2(A, np.zeros_like(A))


def test_docstring_examples_run():
    result = doctest.testmod(sim.analysis.sweep)
    assert result.attempted >= 3 and result.failed == 0


# --- parameter grids --------------------------------------------------------------------


@pytest.fixture(scope="module")
def base(example_scenario, ishiba, trump):
    return model_parameters(example_scenario, ishiba, trump)


def test_parameter_grid_shapes_each_axis_to_broadcast(base):
    grid = parameter_grid(base, {"auto_tariff_rate": [0.1, 0.2, 0.3], "security_dependence": [0.5, 1.0]})
    assert grid["auto_tariff_rate"].shape == (3, 1)
    assert grid["security_dependence"].shape == (1, 2)
    assert grid["approval"] == base["approval"] and set(grid) == set(base)
    assert np.ndim(base["auto_tariff_rate"]) == 0  # the base mapping is not modified


@pytest.mark.parametrize(
    "axes, message",
    [
        ({}, "at least one axis"),
        ({"security_dependance": [0.5]}, "not a model parameter"),
        ({"security_dependence": [[0.5]]}, "non-empty 1-D"),
        ({"security_dependence": []}, "non-empty 1-D"),
        ({"security_dependence": [0.5, np.nan]}, "non-finite"),
        ({"security_dependence": [0.5, 1.5]}, r"expected values >= 0 and <= 1, found 1.5"),
        ({"security_dependence": ["high"]}, "not numeric"),
    ],
)
def test_bad_axes_are_rejected(base, axes, message):
    with pytest.raises(ValueError, match=message):
        parameter_grid(base, axes)


def test_array_base_parameters_are_rejected(base):
    with pytest.raises(ValueError, match="'approval' must be a single number"):
        parameter_grid(dict(base, approval=np.array([0.2, 0.3])), {"auto_tariff_rate": [0.2]})


def test_sweep_equals_point_by_point_construction(base):
    axes = {"auto_tariff_rate": np.linspace(0.0, 1.0, 41), "security_dependence": np.linspace(0.0, 1.0, 37)}
    result = sweep_2x2(base, axes)
    assert result.shape == (41, 37) and result.A.shape == (41, 37, 2, 2)
    rng = np.random.default_rng(14)
    for index in zip(rng.integers(0, 41, 25), rng.integers(0, 37, 25)):
        point = dict(base, **{name: result.grid[name][index] for name in axes})
        assert point["auto_tariff_rate"] == axes["auto_tariff_rate"][index[0]]
        A, B = payoff_matrices(point)
        np.testing.assert_array_equal(result.A[index], A)
        np.testing.assert_array_equal(result.B[index], B)
        single = equilibria_2x2(A, B)
        np.testing.assert_array_equal(result.equilibria.pure[index], single.pure)
        assert result.outcome[index] == outcome_class(single)
        if not single.degenerate:
            assert_same_as(equilibria_2x2(A[None], B[None]), 0, solver_pairs(A, B))


def test_sweep_crosses_the_tipping_point_where_tipping_finds_it(base):
    """Along security dependence, Japan's resistance under tariffs turns into the mixed
    equilibrium exactly at the tipping point found by root finding (sim.analysis.tipping)."""
    (point,) = tipping_points(base, [FIELDS["security_dependence"]])
    axis = np.linspace(0.0, 1.0, 100_001)
    result = sweep_2x2(base, {"security_dependence": axis})
    changes = np.flatnonzero(np.diff(result.outcome))
    assert len(changes) == 1
    assert axis[changes[0]] <= point.value <= axis[changes[0] + 1]
    assert (OUTCOMES[result.outcome[0]], OUTCOMES[result.outcome[-1]]) == (point.below, point.above)


def test_three_axes_and_an_axis_the_stage_game_ignores(base):
    base = dict(base, patience=0.9)  # a bargaining parameter, unused by the stage game
    result = sweep_2x2(
        base, {"approval": [0.2, 0.5], "patience": [0.5, 0.9, 0.99], "auto_tariff_rate": [0.1, 0.25, 0.5, 1.0]}
    )
    assert result.shape == (2, 3, 4) and result.A.shape == (2, 3, 4, 2, 2)
    assert result.grid["patience"].shape == (2, 3, 4)
    np.testing.assert_array_equal(result.A[:, 0], result.A[:, 2])  # patience changes nothing
    np.testing.assert_array_equal(result.outcome[:, 0], result.outcome[:, 1])
    np.testing.assert_array_equal(result.A[0], result.A[1])  # approval: Japan's payoffs only
    assert not (result.B[0] == result.B[1]).all()


def test_the_example_in_the_sweeps_doc_prints_what_the_doc_shows():
    text = (REPO_ROOT / "docs" / "sweeps.md").read_text(encoding="utf-8")
    example = text[text.index("### Example") :]
    code = re.search(r"```python\n(.*?)```", example, re.S).group(1)
    shown = re.search(r"```text\n(.*?)```", example, re.S).group(1)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code, "docs/sweeps.md", "exec"), {})
    assert len(printed.getvalue().splitlines()) == len(shown.splitlines())
    assert missing_lines(shown.splitlines(), printed.getvalue().splitlines()) == []
