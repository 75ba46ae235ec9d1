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


def _deal(tariff_cost: float, approval: float):
    """A constructed deal: V=30, P=5 for the US; K=15, D=5, L=2 for Japan; tariff cost T."""
    import numpy as np

    terms = dict(
        precedent_cost_to_us=5.0,
        concession_value_to_us=30.0,
        security_linkage_cost=2.0,
        concession_cost_to_japan=15.0,
        audience_cost=5.0,
        tariff_cost_to_japan=tariff_cost,
        outside_option_value=0.0,
    )
    A = np.array([[30.0, -5.0], [25.0, -2.0]])
    B = np.array([[-20.0, -2.0], [-20.0 - tariff_cost / 2, -2.0 - tariff_cost]])
    return analyse_deal(A, B, terms, approval, 0.3, 0.9, 0.9, curve_points=2)


def test_a_large_threat_reaches_a_large_deal_up_to_the_win_set():
    # Nash on a linear frontier: c* = (c_japan + c_us) / 2, where c_japan = T / (K + D - L)
    # is the concession at which Japan's gain over the fight is spent and c_us the one at
    # which the US's gain starts; a large tariff cost moves the deal up to the win-set cap
    small, large = _deal(5.0, approval=0.7), _deal(40.0, approval=0.7)
    c_us = (-5.0 - (-2.0)) / -(30.0 + 5.0)  # -P - d_us = c (V + P)
    assert small.nash.concession == pytest.approx((5.0 / 18.0 + c_us) / 2, abs=1e-6)
    assert large.win_set_cap > 0.8 and large.nash.concession == pytest.approx(large.win_set_cap, abs=1e-6)
    # with a tighter win-set the same threat stops at the cap
    tight = _deal(40.0, approval=0.3)
    assert tight.nash.concession == pytest.approx(tight.win_set_cap, abs=1e-6)
    assert tight.win_set_cap < 0.6
