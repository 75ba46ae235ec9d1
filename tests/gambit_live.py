"""pygambit for the live cross-checks, where it is installed.

pygambit compiles from source, so the test install leaves it out: Gambit's answers are
committed in tests/reference/gambit_reference.json and checked by
tests/test_gambit_reference.py in every run. ``.ci/run`` installs pygambit 16 (the API
these tests use), and then the live checks below run as well.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from sim.model.gametree import Chance, Terminal

try:
    import pygambit as gbt
except ImportError:  # the test install: the committed reference answers stand in
    gbt = None

if gbt is not None and not gbt.__version__.startswith("16."):
    gbt = None  # another major version has another API

needs_gambit = pytest.mark.skipif(
    gbt is None,
    reason="pygambit 16 is not installed (it compiles from source): "
    "tests/test_gambit_reference.py checks Gambit's committed answers instead; "
    "pip install '.[gambit]' (as .ci/run does) runs this live cross-check",
)


# ------------------------------------------------ games and pygambit helpers shared by the
# live cross-checks and tests/reference/make_gambit_reference.py

CLASSIC = {
    "prisoner's dilemma": ([[3, 0], [5, 1]], [[3, 5], [0, 1]]),
    "matching pennies": ([[1, -1], [-1, 1]], [[-1, 1], [1, -1]]),
    "battle of the sexes": ([[3, 0], [0, 2]], [[2, 0], [0, 3]]),
    "chicken": ([[0, -1], [1, -10]], [[0, 1], [-1, -10]]),
    "stag hunt": ([[4, 0], [3, 3]], [[4, 3], [0, 3]]),
    "degenerate (weak dominance)": ([[1, 1], [0, 2]], [[1, 1], [1, 0]]),
    "all ties": ([[0, 0], [0, 0]], [[0, 0], [0, 0]]),
    "rectangular 2x3": ([[3, 3, 0], [4, 0, 1]], [[0, 2, 3], [1, 2, 0]]),
    "rock paper scissors": ([[0, -1, 1], [1, 0, -1], [-1, 1, 0]], [[0, 1, -1], [-1, 0, 1], [1, -1, 0]]),
}

# A mixed strategy with two actions and three pure best responses: degenerate, although no
# pure strategy has tied best responses. Row (1/2, 1/2, 0) makes every column pay 1.
MIXED_TIE = ([[3, 1, 2], [0, 4, 5], [2, 6, 1]], [[0, 2, 1], [2, 0, 1], [0, 1, 3]])


def gambit_arrays(game) -> list[np.ndarray]:
    """Each player's payoffs as pygambit holds them; a profile without outcome pays 0.

    (``Game.to_arrays`` of pygambit 16.7 fails on profiles without an outcome.)
    """
    shape = [len(player.strategies) for player in game.players]
    payoffs = np.zeros((len(shape), *shape))
    for profile in np.ndindex(*shape):
        outcome = game[profile]
        if outcome is not None:
            payoffs[(slice(None), *profile)] = [float(outcome[p]) for p in game.players]
    return list(payoffs)


def simultaneous_tree(A, B):
    """A simultaneous-move tree: pygambit writes its strategic form as a payoff list."""
    tree = gbt.Game.new_tree(players=["US", "Japan"], title="tree")
    tree.append_move(tree.root, "US", [f"u{i}" for i in range(A.shape[0])])
    tree.append_move(tree.root.children, "Japan", [f"j{j}" for j in range(A.shape[1])])
    for i, node in enumerate(tree.root.children):
        for j, leaf in enumerate(node.children):
            tree.set_outcome(leaf, tree.add_outcome(f"o{i}{j}", [A[i, j], B[i, j]]))
    return tree


def to_gambit(tree):
    """Build the pygambit tree of one of our trees; map our infosets to Gambit's."""
    game = gbt.Game.new_tree(players=["US", "Japan"], title=tree.title)
    players = list(game.players)
    infosets: dict[str, object] = {}
    outcomes = iter(range(10_000))

    def build(node, target):
        if isinstance(node, Terminal):
            outcome = game.add_outcome(label=f"{node.label} #{next(outcomes)}", payoffs=list(node.payoffs))
            game.set_outcome(target, outcome)
            return
        if isinstance(node, Chance):
            game.append_move(target, game.players.chance, [b[0] for b in node.branches])
            probs = [Fraction(b[1]).limit_denominator(10**6) for b in node.branches[:-1]]
            game.set_chance_probs(target.infoset, [*probs, 1 - sum(probs)])
            children = [b[2] for b in node.branches]
        else:
            if node.infoset in infosets:
                game.append_infoset(target, infosets[node.infoset])
            else:
                game.append_move(target, players[node.player], [a for a, _ in node.actions])
                infosets[node.infoset] = target.infoset
            children = [child for _, child in node.actions]
        for child, gambit_child in zip(children, list(target.children)):
            build(child, gambit_child)

    build(tree.root, game.root)
    return game, infosets


def regret_of(tree, behaviour):
    """Gambit's behaviour profile of ``{infoset: {action: prob}}`` on ``tree``, and its infosets."""
    game, infosets = to_gambit(tree)
    profile = game.mixed_behavior_profile(rational=False)
    for name, probs in behaviour.items():
        for action in infosets[name].actions:
            profile[action] = probs[action.label]
    return profile, infosets


def threat_values_game(values):
    """The 2x2 stage game of seven positive magnitudes, as the threat-game tests draw them."""
    v, p, g, h, k, l, t = values
    A = np.array([[v, -p], [v + g - h / 2, g - h]])
    B = np.array([[-k, -l], [-k - t / 2, -l - t]])
    return A, B, g
