"""One match in plain Python (sim/dynamics/single_match.py) against the numpy turn loop.

The turn loop of :mod:`sim.dynamics.repeated` is the reference: it steps every match with
numpy and is itself checked against the Axelrod library (tests/test_repeated.py). A single
match must play the same moves, score the same payoffs and leave the generator in the same
state, for every pair of registered strategies, with and without noise, in 2x2 and level
games.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pytest

import sim.dynamics.repeated as repeated
from sim.data.strategies import REGISTRY, BinaryStrategy, generous_tit_for_tat
from sim.dynamics.joint_automaton import JointAutomaton
from sim.dynamics.single_match import deterministic_path, random_path

SHAPES = [(2, 2), (3, 2), (2, 3), (4, 5)]
#: Every registered strategy, and a generous tit-for-tat that forgives most defections.
STRATEGIES = [*REGISTRY.values(), generous_tit_for_tat(0.9)]
RESULT_FIELDS = ("row_actions", "col_actions", "row_scores", "col_scores", "row_discounted", "col_discounted")


def joint_automaton(row, col, shape) -> JointAutomaton:
    return JointAutomaton(row.automaton(*shape), col.automaton(shape[1], shape[0]))


def pairs(shape, stochastic: bool | None = None):
    """Every ordered pair of STRATEGIES (those whose joint automaton is, or is not, stochastic)."""
    every = [(r, c) for r in STRATEGIES for c in STRATEGIES]
    return [(r, c) for r, c in every if stochastic is None or joint_automaton(r, c, shape).stochastic == stochastic]


def game(shape, seed=0):
    return np.random.default_rng(seed).integers(-3, 4, (2, *shape)).astype(float)


@pytest.mark.parametrize("shape", SHAPES)
def test_deterministic_path_plays_the_turn_loop_for_every_deterministic_pair(shape):
    deterministic = pairs(shape, stochastic=False)
    assert len(deterministic) >= 100
    for row, col in deterministic:
        joint = joint_automaton(row, col, shape)
        loop = repeated._turn_loop(joint, 300, 1, 0.0, np.random.default_rng(0))
        for turns in (0, 1, 2, 3, 31, 32, 33, 150, 299, 300):
            path = deterministic_path(joint, turns)
            assert path.dtype == loop.dtype and path.shape == (turns, 1)
            np.testing.assert_array_equal(path, loop[:turns], err_msg=f"{row.name} {col.name} {turns}")


def test_deterministic_path_repeats_the_cycle_over_many_turns():
    """Long matches of pairs whose cycle starts late or lasts long (the level games)."""
    for names, shape in (
        (("escalating_demand", "incremental_concession"), (3, 5)),
        (("tit_for_two_tats", "alternator"), (2, 2)),
        (("suspicious_tit_for_tat", "tit_for_tat"), (4, 2)),
    ):
        joint = joint_automaton(*(REGISTRY[n] for n in names), shape)
        loop = repeated._turn_loop(joint, 4_099, 1, 0.0, np.random.default_rng(0))
        np.testing.assert_array_equal(deterministic_path(joint, 4_099), loop, err_msg=str(names))


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("noise", [0.0, 0.03, 0.3, 1.0])
def test_random_path_draws_and_plays_as_the_turn_loop(shape, noise):
    """Every pair with noise, and every pair with a generous state without: the same moves
    from the same generator, which ends in the same state."""
    cases = pairs(shape) if noise else pairs(shape, stochastic=True)
    assert len(cases) >= 20
    for k, (row, col) in enumerate(cases):
        joint = joint_automaton(row, col, shape)
        loop_rng, path_rng = np.random.default_rng(k), np.random.default_rng(k)
        loop = repeated._turn_loop(joint, 97, 1, noise, loop_rng)
        path = random_path(joint, 97, noise, path_rng)
        assert path.dtype == loop.dtype
        np.testing.assert_array_equal(path, loop, err_msg=f"{row.name} {col.name}")
        assert path_rng.bit_generator.state == loop_rng.bit_generator.state, (row.name, col.name)


@pytest.mark.parametrize("shape", [(2, 2), (3, 4)])
@pytest.mark.parametrize("noise", [0.0, 0.05])
def test_one_match_scores_as_the_turn_loop_for_every_pair(shape, noise):
    """Through ``play_matches(..., matches=1)``: moves, totals and discounted totals."""
    A, B = game(shape)
    for k, (row, col) in enumerate(pairs(shape)):
        joint = joint_automaton(row, col, shape)
        loop_rng, play_rng = np.random.default_rng(k), np.random.default_rng(k)
        played = repeated._turn_loop(joint, 75, 1, noise, loop_rng)
        expected = repeated._scored(joint.decode(played), A, B, 0.9)
        result = repeated.play_matches(row, col, A, B, 75, 1, noise, play_rng, discount=0.9)
        for name in RESULT_FIELDS:
            got, want = getattr(result, name), getattr(expected, name)
            assert got.dtype == want.dtype, (row.name, col.name, name)
            np.testing.assert_array_equal(got, want, err_msg=f"{row.name} {col.name} {name}")
        assert play_rng.bit_generator.state == loop_rng.bit_generator.state


def test_random_single_matches_follow_the_generator():
    A, B = game((2, 2))
    first, second, other = (
        repeated.play_matches("tit_for_tat", "grim_trigger", A, B, 200, 1, 0.1, np.random.default_rng(seed))
        for seed in (3, 3, 4)
    )
    np.testing.assert_array_equal(first.row_actions, second.row_actions)
    assert not np.array_equal(first.row_actions, other.row_actions)


def test_the_joint_automaton_is_built_once_per_pair_and_shared_read_only():
    tft, grim = REGISTRY["tit_for_tat"], REGISTRY["grim_trigger"]
    joint = repeated._joint_automaton(tft, grim, (2, 2))
    assert repeated._joint_automaton(tft, grim, (2, 2)) is joint
    assert repeated._joint_automaton(tft, grim, (3, 2)) is not joint
    with pytest.raises(ValueError):
        joint.table[0] = 1
    with pytest.raises(ValueError):
        joint.generosity[0][0] = 1.0


@dataclass(frozen=True)
class _TaggedStrategy(BinaryStrategy):
    """A strategy with a field that cannot be hashed (so it cannot key the cache)."""

    tags: list = field(default_factory=list)


def test_a_strategy_that_cannot_be_hashed_still_plays():
    base = REGISTRY["win_stay_lose_shift"]
    assert isinstance(base, BinaryStrategy)
    tagged = _TaggedStrategy(
        base.name, base.summary, base.memory_depth, base.source, base.states, base.actions, base.transitions, tags=["x"]
    )
    with pytest.raises(TypeError):
        hash(tagged)
    A, B = game((2, 2))
    for noise in (0.0, 0.2):
        mine, theirs = (
            repeated.play_matches(s, "alternator", A, B, 40, 1, noise, np.random.default_rng(1)) for s in (tagged, base)
        )
        np.testing.assert_array_equal(mine.row_actions, theirs.row_actions)
        np.testing.assert_array_equal(mine.col_scores, theirs.col_scores)
