"""The repeated game of a run: reproducible, consistent with the engine, ranked tournament."""

from __future__ import annotations

import numpy as np
import pytest

from sim.model.payoffs import stage_game
from sim.dynamics.repeated import play_matches
from sim.dynamics.rounds import TOURNAMENT_STRATEGIES, analyse_repeated


@pytest.fixture(scope="module")
def game(example_scenario, ishiba, trump):
    return stage_game(example_scenario, ishiba, trump)


def test_same_seed_same_analysis(game):
    A, B = game.us_payoffs, game.japan_payoffs
    first = analyse_repeated(
        A, B, "escalating_demand", "generous_tit_for_tat", np.random.default_rng(5), turns=20, matches=200
    )
    second = analyse_repeated(
        A, B, "escalating_demand", "generous_tit_for_tat", np.random.default_rng(5), turns=20, matches=200
    )
    assert first == second


def test_cumulative_payoffs_match_the_engine_without_noise(game):
    A, B = game.us_payoffs, game.japan_payoffs
    analysis = analyse_repeated(
        A, B, "grim_trigger", "tit_for_tat", np.random.default_rng(0), turns=30, matches=20, noise=0.0
    )
    match = play_matches("grim_trigger", "tit_for_tat", A, B, 30, 1, 0.0, np.random.default_rng(0))
    _, us_total, japan_total = analysis.cumulative[-1]
    assert us_total == pytest.approx(match.row_scores[0])
    assert japan_total == pytest.approx(match.col_scores[0])
    assert analysis.cooperation == 1.0  # both cooperate forever without noise


def test_tournament_is_ranked_for_japan(game):
    A, B = game.us_payoffs, game.japan_payoffs
    analysis = analyse_repeated(
        A, B, "escalating_demand", "tit_for_tat", np.random.default_rng(1), turns=20, matches=200
    )
    scores = [japan for _, japan, _ in analysis.tournament]
    assert scores == sorted(scores, reverse=True)
    assert {name for name, _, _ in analysis.tournament} == set(TOURNAMENT_STRATEGIES)


def test_payoff_region_of_the_run(game):
    from sim.dynamics.folk_theorem import payoff_region

    A, B = game.us_payoffs, game.japan_payoffs
    analysis = analyse_repeated(
        A, B, "escalating_demand", "tit_for_tat", np.random.default_rng(2), turns=10, matches=50
    )
    region = payoff_region(A, B)
    assert analysis.minmax == pytest.approx(region.minmax)
    assert len(analysis.feasible) == len(region.feasible) >= 3
    corners = {(float(A[i, j]), float(B[i, j])) for i in range(2) for j in range(2)}
    assert set(analysis.feasible) <= corners  # hull vertices are pure payoff pairs
    _, us_total, japan_total = analysis.cumulative[-1]
    assert analysis.average == pytest.approx((us_total / 10, japan_total / 10))
