"""The deal of a run: frontier, disagreement point, win-set cap, and the solutions' order."""

from __future__ import annotations

import pytest

from sim.analysis.deal import analyse_deal, deal_frontier, disagreement_point
from sim.model.payoffs import stage_game
from sim.model.ratification import ratification_probability, ratification_exponent


@pytest.fixture(scope="module")
def runs(scenarios, ishiba, takaichi, trump):
    out = []
    for scenario in scenarios:
        for japan in (ishiba, takaichi):
            game = stage_game(scenario, japan, trump)
            out.append((scenario, japan, game))
    return out


def test_frontier_ends_are_the_stage_games_refrain_row(runs):
    for _, _, game in runs:
        frontier = deal_frontier(game.terms, cap=1.0)
        A, B = game.us_payoffs, game.japan_payoffs
        assert frontier.us(1.0) == pytest.approx(A[0, 0]) and frontier.us(0.0) == pytest.approx(A[0, 1])
        assert frontier.japan(1.0) == pytest.approx(B[0, 0])
        assert frontier.japan(0.0) == pytest.approx(B[0, 1])


def test_disagreement_point_is_the_fight_before_trade_is_redirected(runs):
    for _, _, game in runs:
        (d_us, d_japan), recovered = disagreement_point(game.us_payoffs, game.japan_payoffs, game.terms)
        if game.us_payoffs[1, 1] > game.us_payoffs[0, 1]:
            assert d_japan + recovered == pytest.approx(game.japan_payoffs[1, 1])
            assert d_us == pytest.approx(game.us_payoffs[1, 1])


def test_deals_respect_the_win_set_and_improve_on_failure(runs, trump):
    for scenario, japan, game in runs:
        approval = scenario.value("approval")
        support = scenario.value("public_support_for_resisting")
        deal = analyse_deal(
            game.us_payoffs, game.japan_payoffs, game.terms, approval, support, japan.patience, trump.patience
        )
        if deal.nash is None:
            assert deal.note
            continue
        rho = ratification_probability(deal.win_set_cap, ratification_exponent(approval, support))
        assert rho == pytest.approx(0.5)
        for bargain in (deal.nash, deal.nash_patience, deal.rubinstein):
            assert 0 <= bargain.concession <= deal.win_set_cap + 1e-9
            assert bargain.us_gain >= -1e-9 and bargain.japan_gain >= -1e-9
        patience, concessions = zip(*deal.patience_curve)
        assert all(a >= b - 1e-9 for a, b in zip(concessions, concessions[1:])), (
            "a more patient Japan never concedes more"
        )
