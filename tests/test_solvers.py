"""Equilibria: mutual best responses, closed forms, and agreement with Gambit (pygambit)."""

from __future__ import annotations

import doctest
from fractions import Fraction

import numpy as np
import pytest
from gambit_live import CLASSIC, MIXED_TIE, gbt, needs_gambit
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from nashpy.algorithms.lemke_howson import lemke_howson as nashpy_lemke_howson
from nashpy.linalg import tableau as nashpy_tableau

import sim.solve.solvers
from sim.solve.budgets import VERTEX_COUNT, OverBudget
from sim.model.payoffs import stage_game
from sim.solve.polytopes import max_vertices
from sim.solve.solvers import (
    IncompleteEnumeration,
    is_best_response_pair,
    is_degenerate,
    lemke_howson,
    nash_equilibria,
    solve_game,
)

MATCH = 1e-6  # strategies of two solvers agree within this


def gambit_profiles(A, B, solver=None, rational=False):
    """Equilibria by a Gambit solver, duplicates removed.

    Gambit's enummixed lists an equilibrium once per vertex pair that yields it, so
    degenerate games can repeat entries. Its float mode has an absolute tolerance: payoff
    differences near 1e-7 can lose an equilibrium, where rational mode is exact.
    """
    solver = solver or gbt.nash.enummixed_solve
    game = gbt.Game.from_arrays(np.asarray(A, dtype=float), np.asarray(B, dtype=float))
    found = []
    for profile in solver(game, rational=rational).equilibria:
        row, col = ([float(profile[s]) for s in player.strategies] for player in game.players)
        if not any(_close(row, col, *other) for other in found):
            found.append((row, col))
    return found


def gambit_equilibria(A, B, rational=False):
    """All extreme equilibria by Gambit's enummixed, distinct."""
    return gambit_profiles(A, B, rational=rational)


def _close(row, col, other_row, other_col):
    return np.allclose(row, other_row, atol=MATCH) and np.allclose(col, other_col, atol=MATCH)


def _contains(equilibria, row, col):
    return any(_close(e.row_strategy, e.col_strategy, row, col) for e in equilibria)


def assert_same_sets(ours, theirs):
    assert len(ours) == len(theirs), (ours, theirs)
    for row, col in theirs:
        assert _contains(ours, row, col), (row, col)


def assert_same_records(first, second):
    """Two tuples of our records hold the same equilibria (round-off aside)."""
    assert len(first) == len(second), (first, second)
    for e in first:
        assert _contains(second, e.row_strategy, e.col_strategy), e


def assert_among(ours, theirs):
    for e in ours:
        assert any(_close(e.row_strategy, e.col_strategy, *other) for other in theirs), e


def random_game(rng, shape, kind):
    """Uniform [0, 1) floats (generic) or integers in [-3, 3] (ties, degenerate games)."""
    if kind == "float":
        return rng.random(shape), rng.random(shape)
    return (rng.integers(-3, 4, shape).astype(float), rng.integers(-3, 4, shape).astype(float))


@needs_gambit
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
small_int_games = st.integers(2, 4).flatmap(
    lambda m: st.integers(2, 4).flatmap(lambda n: arrays(np.int64, (2, m, n), elements=st.integers(-5, 5)))
)


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


@needs_gambit
@settings(max_examples=150, deadline=None)
@given(games_2x2)
def test_random_2x2_games_agree_with_gambit(games):
    A, B = games
    if is_degenerate(A, B):
        return  # covered by the classic degenerate cases and the integer games below
    # Rational mode: hypothesis finds payoffs like 1.19e-7 that Gambit's float mode rounds
    # into a tie, losing a pure equilibrium.
    assert_same_sets(nash_equilibria(A, B), gambit_equilibria(A, B, rational=True))


@needs_gambit
@settings(max_examples=100, deadline=None)
@given(small_int_games)
def test_small_integer_games_with_ties_agree_with_gambit(games):
    """Integer payoffs in [-5, 5] make ties (degenerate games) frequent."""
    A, B = games.astype(float)
    assert_same_sets(nash_equilibria(A, B), gambit_equilibria(A, B))


@needs_gambit
def test_scenario_games_agree_with_gambit(scenarios, ishiba, takaichi, trump):
    for scenario in scenarios:
        for japan in (ishiba, takaichi):
            game = stage_game(scenario, japan, trump)
            ours = nash_equilibria(game.us_payoffs, game.japan_payoffs)
            assert_same_sets(ours, gambit_equilibria(game.us_payoffs, game.japan_payoffs))


# --- complete enumeration against Gambit, square, rectangular and degenerate -------------

SHAPES = [(2, 2), (3, 3), (4, 4), (5, 5), (6, 6), (2, 5), (5, 3), (4, 6), (3, 7), (1, 4), (6, 1)]


@needs_gambit
@pytest.mark.parametrize("kind", ["float", "int"])
@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_enumeration_agrees_with_gambit_on_random_games(shape, kind):
    """Seeded random games; integer payoffs in [-3, 3] are degenerate most of the time."""
    rng = np.random.default_rng(1000 * shape[0] + shape[1])
    for _ in range(25):
        A, B = random_game(rng, shape, kind)
        result = solve_game(A, B)
        assert result.complete
        assert_same_sets(result.equilibria, gambit_equilibria(A, B))


@needs_gambit
@pytest.mark.parametrize("method", ["vertex", "auto"])
@pytest.mark.parametrize("shape", [(1, 1), (1, 5), (4, 1), (3, 3), (5, 5)])
def test_constant_payoffs_make_every_pure_profile_an_extreme_equilibrium(shape, method):
    A, B = np.full(shape, 2.5), np.full(shape, -1.0)
    result = solve_game(A, B, method)
    assert len(result.equilibria) == shape[0] * shape[1]
    assert all(e.is_pure for e in result.equilibria)
    assert result.degenerate is (shape != (1, 1))
    assert_same_sets(result.equilibria, gambit_equilibria(A, B))


@needs_gambit
@pytest.mark.parametrize("shape", [(1, 7), (7, 1), (1, 1)])
def test_one_player_with_one_action(shape):
    """The other player simply maximises; ties give one extreme equilibrium each."""
    rng = np.random.default_rng(sum(shape))
    A, B = random_game(rng, shape, "int")
    for method in ("auto", "vertex", "lemke_howson", "support"):
        assert_among(nash_equilibria(A, B, method), gambit_equilibria(A, B))
    assert_same_sets(nash_equilibria(A, B), gambit_equilibria(A, B))


@needs_gambit
def test_mixed_tie_is_degenerate_and_its_equilibria_agree_with_gambit():
    A, B = (np.array(m, dtype=float) for m in MIXED_TIE)
    assert not sim.solve.solvers._has_pure_ties(A, B)
    assert is_degenerate(A, B)
    result = solve_game(A, B)
    assert result.degenerate
    assert_same_sets(result.equilibria, gambit_equilibria(A, B))


def test_an_extreme_equilibrium_with_a_tiny_mixing_weight_is_kept():
    """Degenerate (column ties 2.0 and 2.0 against the first row): the column player can
    mix in its last column up to weight t ~ 5e-7, where the row player becomes indifferent.
    Both ends of that segment are extreme equilibria; checked here in exact arithmetic.
    (Gambit 16.7's enummixed lists only the first one for these payoffs.)"""
    A = [[2.000001, 2.0001, -0.9999, 0.0], [2.0, -1.9999, 2.0, 2.0001]]
    B = [[2.0, 1.0001, 0.0001, 2.0], [1.0001, 1.0001, -2.0, -0.999999]]
    result = solve_game(A, B)
    assert result.degenerate and len(result.equilibria) == 2
    A, B = ([[Fraction(v) for v in row] for row in M] for M in (A, B))
    t = (A[0][0] - A[1][0]) / (A[0][0] - A[1][0] - A[0][3] + A[1][3])
    assert 0 < t < 1e-6 and A[0][0] * (1 - t) + A[0][3] * t == A[1][0] * (1 - t) + A[1][3] * t
    assert B[0][0] == B[0][3] == max(B[0])
    assert _contains(result.equilibria, [1, 0], [float(1 - t), 0, 0, float(t)])
    assert _contains(result.equilibria, [1, 0], [1, 0, 0, 0])


def test_large_payoff_scales_do_not_change_the_equilibria():
    """Payoffs are rescaled before enumeration; Gambit's float mode finds none at 1e12."""
    A, B = random_game(np.random.default_rng(7), (4, 4), "float")
    expected = nash_equilibria(A, B)
    for factor, offset in ((1e12, 0.0), (1e-12, 0.0), (1.0, 1e9)):
        scaled = nash_equilibria(factor * A + offset, factor * B - offset)
        assert len(scaled) == len(expected)
        for e in expected:
            assert _contains(scaled, e.row_strategy, e.col_strategy)


# --- properties (hypothesis) -------------------------------------------------------------

int_games = st.tuples(st.integers(1, 4), st.integers(1, 4)).flatmap(
    lambda shape: arrays(np.int64, (2, *shape), elements=st.integers(-3, 3))
)
float_games = st.tuples(st.integers(1, 4), st.integers(1, 4)).flatmap(
    lambda shape: arrays(np.float64, (2, *shape), elements=st.floats(-10, 10))
)


@settings(max_examples=100, deadline=None)
@given(int_games, st.randoms(use_true_random=False))
def test_equilibria_follow_a_relabelling_of_strategies(games, random):
    A, B = games.astype(float)
    rows, cols = list(range(A.shape[0])), list(range(A.shape[1]))
    random.shuffle(rows)
    random.shuffle(cols)
    permuted = nash_equilibria(A[np.ix_(rows, cols)], B[np.ix_(rows, cols)])
    original = nash_equilibria(A, B)
    assert len(permuted) == len(original)
    for e in permuted:
        row, col = np.empty(len(rows)), np.empty(len(cols))
        row[rows], col[cols] = e.row_strategy, e.col_strategy
        assert _contains(original, row, col)


@settings(max_examples=100, deadline=None)
@given(int_games, st.floats(0.01, 100), st.floats(-50, 50))
def test_equilibria_ignore_positive_affine_changes_of_payoffs(games, factor, offset):
    A, B = games.astype(float)
    assert_same_records(nash_equilibria(factor * A + offset, B / factor - offset), nash_equilibria(A, B))


@settings(max_examples=100, deadline=None)
@given(int_games, st.floats(0.01, 100), st.lists(st.floats(-1e3, 1e3), min_size=8, max_size=8))
def test_equilibria_ignore_a_shift_of_each_column_of_a_and_each_row_of_b(games, factor, shifts):
    """Adding a constant to a column of A (a row of B) changes no best response; ties of the
    integer game survive the float arithmetic (as ties within the tie level)."""
    A, B = games.astype(float)
    m, n = A.shape
    changed_A = factor * A + np.array(shifts[:n])
    changed_B = B / factor + np.array(shifts[4 : 4 + m])[:, None]
    assert_same_records(nash_equilibria(changed_A, changed_B), nash_equilibria(A, B))


def badly_scaled_game(seed: int) -> tuple[np.ndarray, np.ndarray]:
    """A 3x3 or 4x4 game of uniform [0, 1) payoffs with one payoff of 1e6 (in A or B)."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(3, 5))
    A, B = rng.random((2, n, n))
    i, j = rng.integers(0, n, 2)
    (A if seed % 2 else B)[i, j] = 1e6
    return A, B


@settings(max_examples=40, deadline=None)
@given(
    st.integers(0, 2**32 - 1),
    st.floats(0.01, 100),
    st.floats(0.01, 100),
    st.lists(st.floats(-100, 100), min_size=8, max_size=8),
)
def test_badly_scaled_games_keep_their_equilibria_under_positive_affine_changes(seed, factor_A, factor_B, shifts):
    """Positive factor per player, shift per column of A and per row of B: the exact path
    answers both copies (both are beyond what floats resolve) with the same equilibria."""
    A, B = badly_scaled_game(seed)
    n = len(A)
    changed_A = factor_A * A + np.array(shifts[:n])
    changed_B = factor_B * B + np.array(shifts[4 : 4 + n])[:, None]
    original, changed = solve_game(A, B), solve_game(changed_A, changed_B)
    assert original.complete and changed.complete and "exact" in original.note and "exact" in changed.note
    assert_same_records(changed.equilibria, original.equilibria)


@needs_gambit
def test_integer_games_with_ties_and_one_huge_payoff_agree_with_gambits_exact_enumeration():
    """Degenerate and badly scaled at once (payoffs in [-3, 3], one of 1e6): gaps of 1 at
    1e-6 of the range, probabilities near 1e-6, where floats listed false equilibria;
    exact arithmetic lists Gambit's rational answer."""
    rng = np.random.default_rng(11)
    for k in range(12):
        n = int(rng.integers(3, 6))
        A, B = random_game(rng, (n, n), "int")
        (A, B)[k % 2][tuple(rng.integers(0, n, 2))] = 1e6
        result = solve_game(A, B)
        assert result.complete and "exact" in result.note
        assert_same_sets(result.equilibria, gambit_equilibria(A, B, rational=True))


def test_a_badly_scaled_game_beyond_the_exact_budget_is_answered_incomplete_with_a_warning():
    rng = np.random.default_rng(4)
    A, B = rng.random((2, 6, 6))
    A[2, 3] = 1e6
    assert solve_game(A, B).complete  # comb(12, 6) = 924 exact systems a player: within
    with pytest.warns(IncompleteEnumeration, match="badly scaled payoffs") as caught:
        result = solve_game(A, B, budget=0.01)
    assert (result.method, result.complete) == ("vertex", False)
    assert "exact vertex enumeration of a 6x6 game" in result.note and result.note == str(caught[0].message)
    assert result.equilibria and all(
        is_best_response_pair(A, B, np.array(e.row_strategy), np.array(e.col_strategy)) for e in result.equilibria
    )


@settings(max_examples=100, deadline=None)
@given(float_games)
def test_nondegenerate_games_have_an_odd_number_of_equilibria(games):
    """Nisan et al. 2007, ch. 3: a nondegenerate game has finitely many, an odd number."""
    A, B = games
    if not is_degenerate(A, B):
        assert len(nash_equilibria(A, B)) % 2 == 1


@settings(max_examples=100, deadline=None)
@given(int_games)
def test_lemke_howson_finds_extreme_equilibria(games):
    """Every path ends (exact, lexicographic) at an equilibrium that enumeration lists."""
    A, B = games.astype(float)
    complete = nash_equilibria(A, B, "vertex")
    found = solve_game(A, B, "lemke_howson")
    assert found.equilibria and found.capped_paths == 0 and not found.complete
    for e in found.equilibria:
        assert _contains(complete, e.row_strategy, e.col_strategy)


# --- Lemke–Howson against Gambit ---------------------------------------------------------


@needs_gambit
@pytest.mark.parametrize("kind", ["float", "int"])
@pytest.mark.parametrize("shape", [(3, 3), (5, 5), (4, 6), (7, 2)], ids=str)
def test_lemke_howson_equilibria_are_among_gambits(shape, kind):
    rng = np.random.default_rng(7 * shape[0] + shape[1])
    for _ in range(15):
        A, B = random_game(rng, shape, kind)
        found = nash_equilibria(A, B, "lemke_howson")
        assert found  # exact lexicographic pivoting ends on degenerate games too
        assert_among(found, gambit_equilibria(A, B))


@needs_gambit
@pytest.mark.parametrize("shape", [(3, 3), (4, 4), (2, 6)], ids=str)
def test_gambit_lcp_equilibria_are_found_by_enumeration(shape):
    rng = np.random.default_rng(shape[0] + 10 * shape[1])
    for _ in range(10):
        A, B = random_game(rng, shape, "float")
        ours = nash_equilibria(A, B)
        lcp = gambit_profiles(A, B, gbt.nash.lcp_solve)
        assert lcp and all(_contains(ours, row, col) for row, col in lcp)


#: nashpy's plain Lemke–Howson never ends on this game when label 8 is dropped. Found by
#: searching seeds 0.. of ``default_rng(seed).integers(-3, 4, (8, 8))`` (A, then B) with a
#: pivot-capped copy of nashpy 0.0.43's ``lemke_howson``: seeds 1, 2 and 3 all hit a cap
#: of 2000 pivots (labels 8, 15 and 6). Its float tableau is pivoted without dividing by
#: the previous pivot: entries pass 1e200 within 20 pivots, are inf/NaN by 30, and it
#: then pivots on garbage for ever.
CYCLING_SEED, CYCLING_LABEL = 1, 8


def cycling_game():
    rng = np.random.default_rng(CYCLING_SEED)
    return (rng.integers(-3, 4, (8, 8)).astype(float), rng.integers(-3, 4, (8, 8)).astype(float))


class PivotCapReached(Exception):
    pass


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # its tableau overflows, then NaNs
def test_plain_lemke_howson_cycles_on_the_fixed_8x8_game(monkeypatch):
    """The reason for our own pivoting: nashpy's never stops here (so we stop it)."""
    pivots, original = [0], nashpy_tableau.Tableau.pivot_and_drop_label

    def capped(self, column):
        pivots[0] += 1
        if pivots[0] > 2000:
            raise PivotCapReached
        return original(self, column)

    monkeypatch.setattr(nashpy_tableau.Tableau, "pivot_and_drop_label", capped)
    with pytest.raises(PivotCapReached):
        nashpy_lemke_howson(*cycling_game(), initial_dropped_label=CYCLING_LABEL)


@needs_gambit
def test_our_lemke_howson_ends_on_the_fixed_8x8_game():
    A, B = cycling_game()
    assert lemke_howson(A, B, CYCLING_LABEL, max_pivots=2000) is not None
    result = solve_game(A, B, "lemke_howson", max_pivots=2000)
    assert result.capped_paths == 0 and result.equilibria and not result.complete
    assert_among(result.equilibria, gambit_equilibria(A, B))


def test_pivot_cap_stops_every_path_and_says_so():
    A, B = cycling_game()
    result = solve_game(A, B, "lemke_howson", max_pivots=1)
    assert result == sim.solve.solvers.SolveResult((), "lemke_howson", False, True, 16)
    assert lemke_howson(A, B, 0, max_pivots=1) is None


# --- method choice and the result record -------------------------------------------------


@pytest.mark.parametrize("shape", [(2, 2), (3, 3), (4, 4), (8, 8), (10, 10), (2, 100), (3, 45)])
def test_auto_enumerates_every_game_within_the_vertex_budget(shape):
    A, B = random_game(np.random.default_rng(0), shape, "float")
    result = solve_game(A, B)
    assert (result.method, result.complete, result.degenerate) == ("vertex", True, False)
    assert result.equilibria == nash_equilibria(A, B, "vertex")


def test_auto_follows_paths_beyond_the_vertex_budget_and_says_so():
    A, B = random_game(np.random.default_rng(0), (12, 12), "float")
    assert max_vertices(12, 24) > VERTEX_COUNT * 0.02
    result = solve_game(A, B, budget=0.02)
    assert (result.method, result.complete, result.degenerate) == ("lemke_howson", False, None)
    assert_among(result.equilibria, [(e.row_strategy, e.col_strategy) for e in nash_equilibria(A, B, "vertex")])
    with pytest.raises(OverBudget, match="upper bound theorem"):
        solve_game(A, B, "vertex", budget=0.02)


@needs_gambit
def test_explicit_methods_agree_on_a_game_with_three_equilibria():
    A, B = (np.array(m, dtype=float) for m in CLASSIC["battle of the sexes"])
    complete = nash_equilibria(A, B)
    assert len(complete) == 3
    assert nash_equilibria(A, B, "vertex") == complete
    assert_same_records(nash_equilibria(A, B, "support"), complete)
    assert_among(nash_equilibria(A, B, "lemke_howson"), gambit_equilibria(A, B))
    assert solve_game(A, B, "support").complete is False


# --- input validation --------------------------------------------------------------------


@pytest.mark.parametrize(
    "A, B, message",
    [
        ([[1.0, np.nan]], [[0.0, 0.0]], "A has non-finite"),
        ([[1.0, 0.0]], [[0.0, np.inf]], "B has non-finite"),
        ([[1.0, 0.0]], [[0.0], [1.0]], "differ in shape"),
        (np.zeros((0, 3)), np.zeros((0, 3)), "empty"),
        ([1.0, 2.0], [1.0, 2.0], "must be 2-D"),
        (np.zeros((2, 2, 2)), np.zeros((2, 2, 2)), "must be 2-D"),
        ([["x", 1]], [[0, 1]], "not numeric"),
    ],
)
def test_bad_payoffs_are_rejected_with_a_clear_message(A, B, message):
    for call in (nash_equilibria, solve_game, is_degenerate, lemke_howson):
        with pytest.raises(ValueError, match=message):
            call(A, B)


def test_unknown_method_and_label_are_rejected():
    with pytest.raises(ValueError, match="unknown method 'simplex'"):
        solve_game([[1]], [[1]], "simplex")
    with pytest.raises(ValueError, match="label must be in 0..2"):
        lemke_howson([[1, 2]], [[2, 1]], label=3)


def test_docstring_examples_run():
    assert doctest.testmod(sim.solve.solvers).failed == 0


# --- completeness of the fast enumerations (Qhull, bases), degenerate games included ------


@needs_gambit
@pytest.mark.parametrize("kind", ["float", "int"])
@pytest.mark.parametrize("shape", [(7, 7), (8, 8), (6, 9), (9, 5), (3, 12)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_enumeration_through_qhull_agrees_with_gambit(shape, kind):
    """Polytopes beyond BASES_LIMIT go through Qhull; ties send them to every basis."""
    rng = np.random.default_rng(7 * shape[0] + shape[1])
    for _ in range(4):
        A, B = random_game(rng, shape, kind)
        result = solve_game(A, B)
        assert result.complete and result.method == "vertex"
        assert_same_sets(result.equilibria, gambit_equilibria(A, B, rational=kind == "int"))


@pytest.mark.slow
@needs_gambit
def test_10x10_enumeration_finds_every_equilibrium_gambit_finds():
    rng = np.random.default_rng(10)
    for _ in range(3):
        A, B = random_game(rng, (10, 10), "float")
        result = solve_game(A, B)
        assert result.complete and result.degenerate is False
        assert_same_sets(result.equilibria, gambit_equilibria(A, B))


@pytest.mark.parametrize("shape", [(5, 5), (6, 6), (4, 7)])
def test_qhull_and_every_basis_find_the_same_vertices(shape, monkeypatch):
    rng = np.random.default_rng(sum(shape))
    games = [random_game(rng, shape, "float") for _ in range(10)]
    by_hull = [solve_game(A, B).equilibria for A, B in games]
    monkeypatch.setattr(sim.solve.solvers, "BASES_LIMIT", 10**9)
    assert [solve_game(A, B).equilibria for A, B in games] == by_hull


def padded_mixed_tie(size: int):
    """MIXED_TIE (degenerate, no pure ties) padded with strictly dominated strategies."""
    distinct = np.arange(size * size, dtype=float).reshape(size, size) / (size * size)
    A, B = -10.0 - distinct, -10.0 - distinct.T  # no two payoffs alike: no pure ties
    A[3:, :] -= 10.0  # rows 3.. are strictly dominated by row 0
    B[:, 3:] -= 10.0  # columns 3.. by column 0
    A[:3, :3], B[:3, :3] = MIXED_TIE
    return A, B


@needs_gambit
@pytest.mark.parametrize("size", [3, 6, 8])
def test_a_degenerate_game_found_degenerate_on_every_path_agrees_with_gambit(size):
    A, B = padded_mixed_tie(size)
    assert not sim.solve.solvers._has_pure_ties(A, B)
    result = solve_game(A, B)
    assert result.complete and result.degenerate and is_degenerate(A, B)
    assert_same_sets(result.equilibria, gambit_equilibria(A, B, rational=True))


def test_a_degenerate_game_beyond_the_exhaustive_budget_is_refused_not_truncated():
    A, B = padded_mixed_tie(12)
    with pytest.raises(OverBudget, match="12x12 game is degenerate"):
        solve_game(A, B)
    with pytest.raises(OverBudget, match="degenerate"):
        solve_game(A, B, "auto")
    partial = solve_game(A, B, "lemke_howson")
    assert partial.equilibria and not partial.complete


@pytest.mark.parametrize("shape", [(2, 2), (3, 3), (2, 5), (4, 4), (6, 6), (5, 8)])
def test_finding_each_vertex_once_gives_the_same_numbers_as_trying_every_basis(shape, monkeypatch):
    """Bit for bit: the fast paths solve each equilibrium's support system as before."""
    rng = np.random.default_rng(3 * shape[0] + shape[1])
    games = [random_game(rng, shape, "float") for _ in range(10)]
    fast = [solve_game(A, B) for A, B in games]
    monkeypatch.setattr(sim.solve.solvers, "_simple_vertices", lambda P, Q: [None, None])
    assert [solve_game(A, B) for A, B in games] == fast


@pytest.mark.parametrize("size", [2, 6])
def test_records_drop_duplicates_among_few_and_among_many_candidates(size):
    """Constant payoffs: every pure profile is an equilibrium (4 or 36 of them); each comes
    twice, once off by round-off, so 8 candidates are compared all at once and 72 each with
    those kept (beyond ``_FEW_CANDIDATES``); a non-equilibrium is dropped."""
    A = B = np.zeros((size, size))
    pure = [(np.eye(size)[i], np.eye(size)[j]) for i in range(size) for j in range(size)]
    noisy = [(row + 1e-11, col) for row, col in pure]
    found = sim.solve.solvers._records(A, B, pure + noisy)
    assert len(found) == size * size
    assert {(e.row_strategy, e.col_strategy) for e in found} == {(tuple(r), tuple(c)) for r, c in pure}
    C = np.eye(size)
    assert len(sim.solve.solvers._records(C, C, [(np.eye(size)[0], np.eye(size)[1])] + pure[:1])) == 1


def test_a_vertex_whose_point_is_off_its_labels_is_solved_again_to_the_same_set(monkeypatch):
    """With every point of the enumeration refused (``RESIDUAL`` below any slack), each
    vertex of a degenerate game is solved again from its tight constraints: same set."""
    rng = np.random.default_rng(11)
    shapes = [(2, 2), (3, 3), (2, 4), (4, 4), (5, 5)]  # in the plane, by bases, by Qhull
    games = [rng.integers(0, 3, (2, m, n)).astype(float) for m, n in shapes for _ in range(5)]
    reused = [solve_game(A, B) for A, B in games]
    assert sum(result.degenerate for result in reused) >= 15
    solved_again = []
    vertex = sim.solve.solvers._vertex
    monkeypatch.setattr(sim.solve.solvers, "RESIDUAL", -1.0)
    monkeypatch.setattr(sim.solve.solvers, "_vertex", lambda *args: solved_again.append(1) or vertex(*args))
    for (A, B), before in zip(games, reused):
        after = solve_game(A, B)
        assert (after.complete, after.degenerate) == (before.complete, before.degenerate)
        assert len(after.equilibria) == len(before.equilibria)
        for e in after.equilibria:
            assert any(
                _close(e.row_strategy, e.col_strategy, o.row_strategy, o.col_strategy) for o in before.equilibria
            )
    assert len(solved_again) > 50


@settings(max_examples=200, deadline=None)
@given(
    arrays(
        np.float64,
        st.tuples(st.integers(1, 12), st.integers(1, 12)),
        elements=st.floats(-1e-9, 1.0, allow_nan=False) | st.sampled_from([0.0, 1.0, 1e-13, 1.0 - 1e-13]),
    )
)
def test_strategies_cleaned_in_a_batch_get_the_bits_each_gets_alone(strategies):
    assume((np.maximum(strategies, 0.0).sum(axis=1) > 0).all())
    batch = sim.solve.solvers._clean(strategies)
    for row, cleaned in zip(strategies, batch):
        assert sim.solve.solvers._clean(row).tobytes() == cleaned.tobytes()
