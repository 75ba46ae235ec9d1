"""The threat game: backward induction, the resolve game's PBE, and Gambit's regret check."""

from __future__ import annotations

import numpy as np
import pytest
from gambit_live import needs_gambit, regret_of
from gambit_live import threat_values_game as game_from
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from sim.model.payoffs import stage_game
from sim.model.sequential import (
    backward_induction,
    perfect_bayesian_equilibrium,
    resolve_game,
    threat_game,
    threshold_belief,
)


def pbe_behaviour(eq):
    def mix(p, first, second):
        return {first: p, second: 1.0 - p}

    return {
        "US resolved": mix(eq.threaten[0], "threaten", "no threat"),
        "US bluffing": mix(eq.threaten[1], "threaten", "no threat"),
        "Japan threatened": mix(eq.concede, "concede", "resist"),
        "US resolved resisted": mix(float(eq.carry_out[0]), "carry out", "back down"),
        "US bluffing resisted": mix(float(eq.carry_out[1]), "carry out", "back down"),
    }


payoff_values = st.tuples(*(st.floats(0.5, 60) for _ in range(7)))


def test_backward_induction_by_hand():
    A = np.array([[10.0, -5.0], [12.0, -2.0]])  # US carries out (-2 > -5)
    B = np.array([[-3.0, -1.0], [-9.0, -6.0]])  # conceding (-3) beats being punished (-6)
    solution = backward_induction(threat_game(A, B).root)
    assert solution.path == ("threaten", "concede")
    assert solution.values == (10.0, -3.0)
    B_brave = np.array([[-7.0, -1.0], [-9.0, -6.0]])  # now resisting (-6) beats conceding
    assert backward_induction(threat_game(A, B_brave).root).path == ("no threat",)


@needs_gambit
@settings(max_examples=60, deadline=None)
@given(payoff_values)
def test_subgame_perfect_equilibrium_has_no_regret_in_gambit(values):
    A, B, _ = game_from(values)
    tree = threat_game(A, B)
    solution = backward_induction(tree.root)
    assume(not solution.ties)
    paths = {(): "US resolved", ("threaten",): "Japan threatened", ("threaten", "resist"): "US resolved resisted"}
    behaviour = {
        paths[path]: {
            a: float(a == choice) for a in ("threaten", "no threat", "concede", "resist", "carry out", "back down")
        }
        for path, choice in solution.choices.items()
    }
    profile, infosets = regret_of(tree, behaviour)
    for infoset in infosets.values():
        assert profile.infoset_regret(infoset) == pytest.approx(0, abs=1e-9)


@needs_gambit
@settings(max_examples=100, deadline=None)
@given(payoff_values, st.integers(1, 999).map(lambda k: k / 1000))
def test_pbe_is_sequentially_rational_in_gambit(values, prior):
    A, B, g = game_from(values)
    eq = perfect_bayesian_equilibrium(A, B, g, prior)
    tree = resolve_game(A, B, g, prior)
    profile, infosets = regret_of(tree, pbe_behaviour(eq))
    assert profile.agent_max_regret() == pytest.approx(0, abs=1e-7)
    japan = infosets["Japan threatened"]
    if profile.infoset_prob(japan) > 1e-9:  # Bayes' rule where Japan's information set is reached
        resolved_node = list(japan.members)[0]  # the resolved branch is built first
        assert profile.belief(resolved_node) == pytest.approx(eq.belief, abs=1e-7)


def test_threshold_prior_closed_form():
    """Japan concedes exactly when the prior reaches (b0 - B00) / (b0 - b1)."""
    A = np.array([[30.0, -10.0], [35.0, -6.0]])  # resolved carries out; bluffer (G=8) backs down
    B = np.array([[-20.0, -5.0], [-25.0, -30.0]])
    threshold = threshold_belief(A, B, 8.0)
    assert threshold == pytest.approx((-5.0 + 20.0) / (-5.0 + 30.0))
    above = perfect_bayesian_equilibrium(A, B, 8.0, threshold + 1e-6)
    below = perfect_bayesian_equilibrium(A, B, 8.0, threshold - 1e-6)
    assert above.concede == 1.0 and above.threaten == (1.0, 1.0)
    assert below.concede == pytest.approx(10.0 / 40.0)  # s = -u_b / (V - u_b)
    assert below.belief == pytest.approx(threshold)


def test_certain_resolve_matches_complete_information(scenarios, ishiba, trump):
    for scenario in scenarios:
        game = stage_game(scenario, ishiba, trump)
        A, B = game.us_payoffs, game.japan_payoffs
        eq = perfect_bayesian_equilibrium(A, B, game.terms["tariff_value_to_us"], 1.0)
        spe = backward_induction(threat_game(A, B).root)
        threatens = spe.path[0] == "threaten"
        assert (eq.threaten[0] == 1.0) == threatens
        if threatens:
            assert (eq.concede == 1.0) == (spe.path[1] == "concede")


def test_bad_prior():
    A = np.ones((2, 2))
    with pytest.raises(ValueError, match="prior"):
        perfect_bayesian_equilibrium(A, A, 0.0, 1.5)
