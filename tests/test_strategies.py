"""Strategies: one contract test over the whole registry, and each definition's behaviour."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sim.base.errors import UserError
from sim.dynamics.repeated import play_matches
from sim.data.strategies import (
    REGISTRY,
    Automaton,
    BinaryStrategy,
    generosity_from_payoffs,
    generous_tit_for_tat,
    get_strategy,
)

PD = np.array([[3.0, 0.0], [5.0, 1.0]])
CLASSICS = (
    "always_cooperate",
    "always_defect",
    "tit_for_tat",
    "grim_trigger",
    "win_stay_lose_shift",
    "alternator",
    "suspicious_tit_for_tat",
    "tit_for_two_tats",
)
SHAPES = [(2, 2), (3, 2), (2, 4), (5, 5)]


def play(row, col, turns=12, A=PD, B=None, noise=0.0, seed=0, matches=1):
    B = A.T if B is None else B
    return play_matches(row, col, A, B, turns, matches, noise, np.random.default_rng(seed))


def actions(row, col, turns=12, **kwargs):
    result = play(row, col, turns, **kwargs)
    return result.row_actions[0].tolist(), result.col_actions[0].tolist()


@pytest.mark.parametrize("name", list(REGISTRY))
def test_strategy_contract(name):
    strategy = REGISTRY[name]
    assert strategy.name == name and strategy.summary and strategy.source
    assert strategy.memory_depth >= 0
    assert get_strategy(name) is strategy
    for own, opponent in SHAPES:
        automaton = strategy.automaton(own, opponent)
        states = len(automaton.actions)
        assert automaton.transitions.shape == (states, own, opponent)
        assert automaton.actions.max() < own
        assert 0 <= automaton.transitions.min() and automaton.transitions.max() < states
        assert automaton.stochastic == strategy.stochastic
        rng = np.random.default_rng(1)
        A = rng.normal(size=(own, opponent))
        result = play_matches(strategy, "tit_for_tat", A, -A, 30, 50, 0.1, rng)
        assert result.row_actions.max() < own and result.col_actions.max() < opponent


@pytest.mark.parametrize("name", list(REGISTRY))
def test_deterministic_strategies_repeat_themselves_without_noise(name):
    first = play(name, "alternator", 40, seed=1, matches=30)
    second = play(name, "alternator", 40, seed=2, matches=30)
    same = np.array_equal(first.row_actions, second.row_actions) and (first.row_actions == first.row_actions[0]).all()
    assert same == (not REGISTRY[name].stochastic)


@pytest.mark.parametrize("name", CLASSICS)
def test_first_action_is_the_initial_states(name):
    automaton = REGISTRY[name].automaton(2, 2)
    first = int(automaton.actions[automaton.initial_state])
    assert actions(name, "always_cooperate", 1)[0] == [first]
    assert first == (1 if name in ("always_defect", "suspicious_tit_for_tat") else 0)


def test_tit_for_tat_copies_and_suspicious_opens_with_defection():
    assert actions("tit_for_tat", "alternator", 6) == ([0, 0, 1, 0, 1, 0], [0, 1, 0, 1, 0, 1])
    assert actions("suspicious_tit_for_tat", "always_cooperate", 4)[0] == [1, 0, 0, 0]


def test_grim_trigger_never_forgives():
    row, col = actions("grim_trigger", "alternator", 8)
    assert row == [0, 0] + [1] * 6


def test_win_stay_lose_shift_switches_when_the_opponent_defected():
    # Axelrod's four-vector (1, 0, 0, 1): C after CC and DD, D after CD and DC.
    table = REGISTRY["win_stay_lose_shift"].automaton(2, 2)
    for state in (0, 1):
        own = int(table.actions[state])
        for opp in (0, 1):
            nxt = table.actions[table.transitions[state, own, opp]]
            assert nxt == (own if opp == 0 else 1 - own)
    assert actions("win_stay_lose_shift", "always_defect", 5)[0] == [0, 1, 0, 1, 0]


def test_tit_for_two_tats_needs_two_consecutive_defections():
    row, col = actions("tit_for_two_tats", "alternator", 8)
    assert row == [0] * 8
    row, _ = actions("tit_for_two_tats", "always_defect", 5)
    assert row == [0, 0, 1, 1, 1]


def test_alternator_starts_with_cooperation():
    assert actions("alternator", "always_defect", 5)[0] == [0, 1, 0, 1, 0]


def test_generous_tit_for_tat_forgives_at_its_rate():
    result = play("generous_tit_for_tat", "always_defect", 101, seed=3, matches=4000)
    forgiving = (result.row_actions[:, 1:] == 0).mean()
    n = result.row_actions[:, 1:].size
    se = math.sqrt(1 / 3 * 2 / 3 / n)
    assert abs(forgiving - 1 / 3) < 5 * se
    assert (result.row_actions[:, 0] == 0).all()


def test_generosity_of_nowak_and_sigmund():
    assert generosity_from_payoffs(3, 0, 5, 1) == pytest.approx(1 / 3)
    assert generosity_from_payoffs(4, 1, 6, 2) == pytest.approx(min(1 - 2 / 3, 2 / 4))
    with pytest.raises(ValueError):
        generosity_from_payoffs(5, 0, 3, 1)
    never = generous_tit_for_tat(0.0)
    assert not never.stochastic
    assert actions(never, "alternator", 6) == actions("tit_for_tat", "alternator", 6)
    with pytest.raises(ValueError):
        generous_tit_for_tat(1.5)


def test_classics_on_levels_defect_with_the_last_level():
    A = np.zeros((3, 4))
    result = play_matches("tit_for_tat", "always_defect", A, A, 3, 1, 0.0, np.random.default_rng(0))
    assert result.row_actions[0].tolist() == [0, 2, 2]
    assert result.col_actions[0].tolist() == [3, 3, 3]


def test_incremental_concession_steps_one_level_per_round():
    A = np.zeros((2, 4))  # US row: refrain/tariff; Japan column: 4 concession levels
    result = play_matches("always_cooperate", "incremental_concession", A, A, 6, 1, 0.0, np.random.default_rng(0))
    assert result.col_actions[0].tolist() == [3, 2, 1, 0, 0, 0]
    pressed = play_matches("alternator", "incremental_concession", A, A, 6, 1, 0.0, np.random.default_rng(0))
    assert pressed.col_actions[0].tolist() == [3, 2, 3, 2, 3, 2]


@pytest.mark.parametrize("levels", [2, 3, 5])
def test_escalating_demand_punishes_appeasement(levels):
    """Against a Japan that always concedes fully the US refrains only ``levels`` times."""
    A = np.zeros((2, levels))
    appeaser = play_matches(
        "escalating_demand", "always_cooperate", A, A, 12, 1, 0.0, np.random.default_rng(0)
    ).row_actions[0]
    assert appeaser.tolist() == [0] * levels + [1] * (12 - levels)
    resister = play_matches(
        "escalating_demand", "always_defect", A, A, 5, 1, 0.0, np.random.default_rng(0)
    ).row_actions[0]
    assert resister.tolist() == [0, 1, 1, 1, 1]


def test_escalating_demand_relaxes_after_resistance():
    A = np.zeros((2, 2))
    # Japan alternates concede/resist: concession at d=1 is met (refrain), then the demand
    # rises; resistance lowers it again.
    us = play_matches("escalating_demand", "alternator", A, A, 6, 1, 0.0, np.random.default_rng(0)).row_actions[0]
    assert us.tolist() == [0, 0, 1, 0, 1, 0]


def test_misspelt_name_suggests_the_registered_one():
    with pytest.raises(UserError, match="did you mean 'grim_trigger'"):
        get_strategy("grim_triger", "--col")
    with pytest.raises(UserError, match="--row.*known: always_cooperate"):
        get_strategy("zzz", "--row")


def test_an_automaton_rejects_broken_tables():
    with pytest.raises(ValueError):
        Automaton(np.array([0, 1], np.uint8), np.full((2, 2, 2), 2), 0, np.zeros(2))
    with pytest.raises(ValueError):
        Automaton(np.array([0], np.uint8), np.zeros((1, 2, 2), int), 1, np.zeros(1))


def test_custom_strategies_play_like_registered_ones():
    defect_then_alternate = BinaryStrategy(
        "defect_then_alternate", "D, C, D, C ...", 1, "test", ("C", "D"), (0, 1), ((1, 1, 0, 0),) * 2, initial_state=1
    )
    assert actions(defect_then_alternate, "always_cooperate", 5)[0] == [1, 0, 1, 0, 1]


def test_docs_describe_every_registered_strategy():
    from conftest import REPO_ROOT

    text = (REPO_ROOT / "docs" / "repeated.md").read_text(encoding="utf-8")
    assert not [name for name in REGISTRY if f"`{name}`" not in text]
