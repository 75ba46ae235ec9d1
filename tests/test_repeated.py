"""The repeated-game engine against the Axelrod library, theory and its own invariants."""

from __future__ import annotations

import json
import math
import zlib
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.model.payoffs import stage_game
from sim.dynamics.folk_theorem import (
    critical_discount_factor,
    minmax_value,
    payoff_region,
    punishment_is_nash,
    stage_terms,
)
from sim.dynamics.repeated import play_matches
from sim.dynamics.tournament import tournament
from sim.solve.solvers import nash_equilibria
from sim.data.strategies import REGISTRY, BinaryStrategy

REFERENCE = json.loads((Path(__file__).parent / "reference" / "axelrod_matches.json").read_text(encoding="utf-8"))
DETERMINISTIC = [name for name, s in REGISTRY.items() if not s.stochastic]
#: Standard errors apart that a noisy mean may be from Axelrod's (both estimates noisy).
SIGMAS = 4.5


def pd(R, S, T, P):
    """The symmetric PD with row payoffs A and column payoffs B = A.T."""
    A = np.array([[R, S], [T, P]], dtype=float)
    return A, A.T


def rng(seed=0):
    return np.random.default_rng(seed)


@pytest.fixture(scope="module")
def coercion_game(example_scenario, ishiba, trump):
    game = stage_game(example_scenario, ishiba, trump)
    return game.us_payoffs, game.japan_payoffs


# ---------------------------------------------------------------- Axelrod reference


def reference_cases(game):
    return [pytest.param(case, id=f"{case['row']}-{case['col']}") for case in REFERENCE["deterministic"][game]]


@pytest.mark.parametrize("game", list(REFERENCE["deterministic"]))
def test_reference_covers_every_pair_of_the_classics(game):
    pairs = {(c["row"], c["col"]) for c in REFERENCE["deterministic"][game]}
    classics = [n for n in REFERENCE["class_names"] if n != "generous_tit_for_tat"]
    assert pairs == {(a, b) for a in classics for b in classics}
    assert all(len(c["history"]) == REFERENCE["turns"] == 200 for c in REFERENCE["deterministic"][game])


@pytest.mark.parametrize("matches", [1, 3])
@pytest.mark.parametrize("game", list(REFERENCE["deterministic"]))
def test_deterministic_matches_equal_axelrods(game, matches):
    """Axelrod's single matches: one match (the plain-Python path) and several (its copies)."""
    A, B = pd(**REFERENCE["games"][game])
    for case in REFERENCE["deterministic"][game]:
        result = play_matches(case["row"], case["col"], A, B, REFERENCE["turns"], matches, 0.0, rng())
        history = np.stack((result.row_actions[0], result.col_actions[0]), axis=1)
        assert history.tolist() == case["history"], (case["row"], case["col"])
        assert [result.row_scores[0], result.col_scores[0]] == case["scores"]


def test_coercion_game_scores_equal_axelrods_histories_scored(coercion_game):
    """The asymmetric game: Axelrod's histories (payoff-free for these strategies)."""
    A, B = coercion_game
    for case in REFERENCE["deterministic"]["standard_pd"]:
        history = np.array(case["history"])
        expected = (A[history[:, 0], history[:, 1]].sum(), B[history[:, 0], history[:, 1]].sum())
        result = play_matches(case["row"], case["col"], A, B, 200, 1, 0.0, rng())
        assert np.array_equal(result.row_actions[0], history[:, 0])
        assert result.row_scores[0] == pytest.approx(expected[0], rel=1e-12, abs=1e-9)
        assert result.col_scores[0] == pytest.approx(expected[1], rel=1e-12, abs=1e-9)


def noisy_cases():
    return [pytest.param(c, id=f"{c['row']}-{c['col']}-{c['noise']}") for c in REFERENCE["noisy"]]


@pytest.mark.parametrize("case", noisy_cases())
def test_noisy_means_agree_with_axelrod(case):
    A, B = pd(**REFERENCE["games"][REFERENCE["noisy_game"]])
    seed = zlib.crc32(f"{case['row']} {case['col']} {case['noise']}".encode())
    result = play_matches(case["row"], case["col"], A, B, REFERENCE["turns"], 4000, case["noise"], rng(seed))
    for k, scores in enumerate((result.row_scores, result.col_scores)):
        se = math.hypot(case["se"][k], scores.std(ddof=1) / math.sqrt(len(scores)))
        assert abs(scores.mean() - case["mean"][k]) <= SIGMAS * se + 1e-9, (k, scores.mean())


# ---------------------------------------------------------------- engine invariants


@settings(max_examples=40, deadline=None)
@given(
    opponent=st.sampled_from(list(REGISTRY)),
    turns=st.integers(1, 60),
    seed=st.integers(0, 2**32 - 1),
    tft_is_row=st.booleans(),
)
def test_tit_for_tat_echoes_the_opponent_one_round_later(opponent, turns, seed, tft_is_row):
    A = np.random.default_rng(seed).normal(size=(2, 2))
    pair = ("tit_for_tat", opponent) if tft_is_row else (opponent, "tit_for_tat")
    result = play_matches(*pair, A, -A, turns, 5, 0.0, rng(seed))
    tft, other = (result.row_actions, result.col_actions) if tft_is_row else (result.col_actions, result.row_actions)
    assert (tft[:, 0] == 0).all()
    assert np.array_equal(tft[:, 1:], other[:, :-1])


@settings(max_examples=30, deadline=None)
@given(
    shape=st.sampled_from([(2, 2), (2, 3), (3, 2), (4, 5)]),
    row=st.sampled_from(list(REGISTRY)),
    col=st.sampled_from(list(REGISTRY)),
    noise=st.sampled_from([0.0, 0.03, 0.3, 1.0]),
    seed=st.integers(0, 2**32 - 1),
    discount=st.sampled_from([None, 0.0, 0.9, 1.0]),
)
def test_scores_are_the_payoffs_of_the_history(shape, row, col, noise, seed, discount):
    A, B = np.random.default_rng(seed).normal(size=(2, *shape))
    result = play_matches(row, col, A, B, 25, 7, noise, rng(seed), discount)
    r, c = result.row_actions, result.col_actions
    assert r.dtype == np.uint8 and r.shape == (7, 25) and c.shape == (7, 25)
    assert np.allclose(result.row_scores, A[r, c].sum(axis=1), rtol=1e-12, atol=1e-12)
    assert np.allclose(result.col_scores, B[r, c].sum(axis=1), rtol=1e-12, atol=1e-12)
    if discount is None:
        assert result.row_discounted is None and result.col_discounted is None
    else:
        weights = discount ** np.arange(25)
        assert np.allclose(result.row_discounted, A[r, c] @ weights)
        assert np.allclose(result.col_discounted, B[r, c] @ weights)


@pytest.mark.parametrize("noise", [0.02, 0.25])
def test_noise_flips_independently_with_its_probability(noise):
    A, B = pd(3, 0, 5, 1)
    result = play_matches("always_cooperate", "always_defect", A, B, 200, 2000, noise, rng(5))
    flips = np.stack((result.row_actions == 1, result.col_actions == 0))
    se = math.sqrt(noise * (1 - noise) / flips[0].size)
    for k in range(2):
        assert abs(flips[k].mean() - noise) < 5 * se
    # no correlation between the players, between turns or between matches
    centred = flips - noise
    for pairs in ((centred[0], centred[1]), (centred[0, :, 1:], centred[0, :, :-1]), (centred[1, 1:], centred[1, :-1])):
        assert abs((pairs[0] * pairs[1]).mean()) < 5 * noise * (1 - noise) / math.sqrt(pairs[0].size)


def test_noise_on_levels_picks_another_action_uniformly():
    A = np.zeros((4, 2))
    result = play_matches("always_cooperate", "always_cooperate", A, A, 100, 300, 1.0, rng(2))
    row = result.row_actions.ravel()
    counts = np.bincount(row, minlength=4)
    assert counts[0] == 0
    expected = len(row) / 3
    assert np.all(np.abs(counts[1:] - expected) < 5 * math.sqrt(expected))
    assert (result.col_actions == 1).all()


def test_same_seed_same_matches_and_different_seed_different():
    A, B = pd(3, 0, 5, 1)
    first, second, other = (
        play_matches("tit_for_tat", "generous_tit_for_tat", A, B, 50, 20, 0.1, rng(seed)) for seed in (7, 7, 8)
    )
    assert np.array_equal(first.row_actions, second.row_actions)
    assert np.array_equal(first.col_scores, second.col_scores)
    assert not np.array_equal(first.row_actions, other.row_actions)


def test_runs_are_checked():
    A, B = pd(3, 0, 5, 1)
    for bad in ({"turns": -1}, {"matches": 0}, {"noise": 1.5}, {"discount": 2.0}):
        kwargs = {"turns": 5, "matches": 1, "noise": 0.0, "discount": None, **bad}
        with pytest.raises(ValueError):
            play_matches("tit_for_tat", "tit_for_tat", A, B, rng=rng(), **kwargs)
    empty = play_matches("tit_for_tat", "alternator", A, B, 0, 2, 0.0, rng())
    assert empty.row_actions.shape == (2, 0) and (empty.row_scores == 0).all()


def test_discounted_mutual_cooperation_is_a_geometric_sum():
    A, B = pd(3, 0, 5, 1)
    result = play_matches("grim_trigger", "grim_trigger", A, B, 50, 1, 0.0, rng(), 0.9)
    assert result.row_discounted[0] == pytest.approx(3 * (1 - 0.9**50) / (1 - 0.9))


# ---------------------------------------------------------------- theory


@st.composite
def pds(draw):
    """(R, S, T, P) with T > R > P > S, built from positive steps."""
    S = draw(st.integers(-20, 20))
    P, R, T = np.cumsum([S] + [draw(st.integers(1, 15)) for _ in range(3)])[1:]
    return int(R), S, int(T), int(P)


@settings(max_examples=200, deadline=None)
@given(rstp=pds())
def test_critical_discount_factors_of_a_pd_are_the_closed_forms(rstp):
    R, S, T, P = rstp
    A, B = pd(R, S, T, P)
    grim = (T - R) / (T - P)
    tft = max((T - R) / (T - P), (T - R) / (R - S))
    assert critical_discount_factor(A, B, "grim_trigger") == pytest.approx(grim)
    expected = tft if tft < 1 else math.inf
    assert critical_discount_factor(A, B, "tit_for_tat") == pytest.approx(expected)


def test_stage_terms_generalise_to_asymmetric_and_level_games(coercion_game):
    A, B = coercion_game
    us, japan = stage_terms(A, B)
    assert (us.R, us.T, us.S, us.P) == (A[0, 0], A[1, 0], A[0, 1], A[1, 1])
    assert (japan.R, japan.T, japan.S, japan.P) == (B[0, 0], B[0, 1], B[1, 0], B[1, 1])
    levels = np.arange(12.0).reshape(3, 4)
    row, col = stage_terms(levels, -levels)
    assert row.T == levels[1:, 0].max() and col.P == (-levels)[-1, 1:].max()


def discounted(row, col, A, B, delta, turns=3000):
    return play_matches(row, col, A, B, turns, 1, 0.0, rng(), delta).row_discounted[0]


@pytest.mark.parametrize("rstp", [(3, 0, 5, 1), (4, 1, 6, 2), (2, -1, 7, 0)])
def test_grim_trigger_threshold_matches_simulated_deviation(rstp):
    A, B = pd(*rstp)
    threshold = critical_discount_factor(A, B, "grim_trigger")
    for delta, sustained in ((threshold + 0.01, True), (threshold - 0.01, False)):
        cooperate = discounted("grim_trigger", "grim_trigger", A, B, delta)
        deviate = discounted("always_defect", "grim_trigger", A, B, delta)
        assert (cooperate >= deviate) == sustained, delta


def test_tit_for_tat_threshold_matches_the_best_simulated_deviation():
    A, B = pd(3, 0, 5, 1)  # (T-R)/(T-P) = 1/2, (T-R)/(R-S) = 2/3: alternation binds
    threshold = critical_discount_factor(A, B, "tit_for_tat")
    alternate = BinaryStrategy(
        "defect_then_alternate", "D, C, D, C, ...", 1, "test", ("C", "D"), (0, 1), ((1, 1, 0, 0),) * 2, initial_state=1
    )
    for delta, sustained in ((threshold + 0.01, True), (threshold - 0.01, False)):
        cooperate = discounted("tit_for_tat", "tit_for_tat", A, B, delta)
        best = max(discounted(d, "tit_for_tat", A, B, delta) for d in ("always_defect", alternate))
        assert (cooperate >= best) == sustained, delta


def test_coercion_game_thresholds(coercion_game):
    A, B = coercion_game
    us, japan = stage_terms(A, B)
    assert us.T < us.R  # the US never gains by tariffs against a conceding Japan
    grim = critical_discount_factor(A, B, "grim_trigger")
    assert grim == pytest.approx((japan.T - japan.R) / (japan.T - max(japan.S, japan.P)))
    assert punishment_is_nash(A, B)
    assert 0 < grim < 1


def test_payoff_region_of_the_prisoners_dilemma():
    A, B = pd(3, 0, 5, 1)
    region = payoff_region(A, B)
    assert region.minmax == pytest.approx((1, 1))
    assert {tuple(p) for p in region.feasible} == {(0, 5), (1, 1), (5, 0), (3, 3)}
    expected = {(1, 1), (3, 3), (13 / 3, 1), (1, 13 / 3)}
    assert len(region.individually_rational) == 4
    for point in expected:
        assert np.isclose(region.individually_rational, point).all(axis=1).any(), point
    assert np.allclose(region.punishers[0], [0, 1]) and np.allclose(region.punishers[1], [0, 1])


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), shape=st.sampled_from([(2, 2), (2, 3), (3, 3)]))
def test_minmax_of_a_zero_sum_game_is_its_value(seed, shape):
    A = np.random.default_rng(seed).normal(size=shape)
    value, punisher = minmax_value(A)
    equilibrium = nash_equilibria(A, -A)[0]
    assert value == pytest.approx(equilibrium.row_payoff, abs=1e-7)
    assert (A @ punisher).max() == pytest.approx(value)


def test_degenerate_payoff_regions():
    point = payoff_region(np.ones((2, 2)), np.ones((2, 2)))
    assert point.feasible.tolist() == [[1.0, 1.0]]
    line = payoff_region([[0, 1], [2, 3]], [[0, 1], [2, 3]])
    assert sorted(map(tuple, line.feasible)) == [(0, 0), (3, 3)]


# ---------------------------------------------------------------- tournaments


def test_tournament_table_and_ranking():
    A, B = pd(3, 0, 5, 1)
    names = ["always_defect", "tit_for_tat", "always_cooperate"]
    result = tournament(names, A, B, turns=10, repetitions=3, noise=0.0, rng=rng())
    table = result.table()
    assert len(table) == 9
    by_pair = {(r["row"], r["col"]): r for r in table}
    assert by_pair["always_defect", "always_cooperate"]["row_score"] == 50
    assert by_pair["tit_for_tat", "always_defect"]["row_score"] == 9
    assert by_pair["tit_for_tat", "tit_for_tat"]["row_se"] == 0
    ranking = result.ranking()
    assert [name for name, _ in ranking] == ["always_defect", "tit_for_tat", "always_cooperate"]
    assert ranking[0][1] == pytest.approx((1 + 1.4 + 5) / 3)


def test_tournament_of_two_roles_ranks_each_side(coercion_game):
    A, B = coercion_game
    result = tournament(
        ["escalating_demand", "always_cooperate"],
        A,
        B,
        20,
        50,
        0.05,
        rng(1),
        col_strategies=["incremental_concession", "always_defect", "tit_for_tat"],
    )
    assert result.mean_scores.shape == (2, 2, 3)
    assert [n for n, _ in result.ranking(1)] != [] and len(result.ranking(1)) == 3
    direct = play_matches("always_cooperate", "always_defect", A, B, 20, 50, 0.05, rng(2))
    assert result.mean_scores[1, 1, 1] == pytest.approx(
        direct.col_scores.mean(), abs=6 * result.standard_errors[1, 1, 1]
    )


@pytest.mark.parametrize(
    "module",
    [
        "sim.dynamics.repeated",
        "sim.dynamics.single_match",
        "sim.dynamics.joint_automaton",
        "sim.dynamics.flips",
        "sim.data.strategies",
        "sim.dynamics.evolution",
    ],
)
def test_docstring_examples(module):
    import doctest
    import importlib

    failures, tried = doctest.testmod(importlib.import_module(module))
    assert tried > 0 and failures == 0
