"""The threat game of play mode: is the US threat a bluff? Pure functions.

Each episode the US threatens tariffs unless Japan concedes. Nature has made the US
*resolved* with the US preset's prior ``resolve_prior`` or *bluffing* (drawn afresh each
episode from a seeded generator, before any move, so that the student and every
benchmark meet the same draws). Japan sees the threat, not the type, and concedes or
resists; after resistance the US carries out or backs down as it prefers. Outcomes and
payoffs are read off :func:`sim.model.sequential.resolve_game` (a bluffing US values tariffs at
nothing for their own sake: its tariff payoffs lose ``G``), the US's reply by
:func:`sim.model.sequential.backward_induction` of the subgame after resistance.

Since every type threatens here, Japan's belief in resolve is the prior ``pi``: it should
concede when ``B[0,0] >= pi b1 + (1 - pi) b0`` (``b1``, ``b0`` its payoffs after resisting
a resolved and a bluffing US), i.e. when ``pi >= mu*`` of
:func:`sim.model.sequential.threshold_belief`. In the full game the US also chooses whether to
threaten; :func:`sim.model.sequential.perfect_bayesian_equilibrium` gives that equilibrium
(Morrow 1994, ch. 8; Fearon 1997).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from sim.data.vocabulary import JAPAN_ACTIONS
from sim.model.gametree import Chance, Decision, Node, Terminal
from sim.model.sequential import (
    ThreatEquilibrium,
    backward_induction,
    perfect_bayesian_equilibrium,
    resolve_game,
    threshold_belief,
)

TYPES = ("resolved", "bluffing")
CONCEDE, RESIST = 0, 1


@dataclass(frozen=True)
class ThreatOutcome:
    """What follows a response to a type's threat: the US's reply and both payoffs."""

    us_reply: str | None  # "carry out", "back down", or None after a concession
    us_payoff: float
    japan_payoff: float


@dataclass(frozen=True)
class ThreatGame:
    """The game's outcomes by type and response, the prior, and the equilibrium."""

    prior: float
    outcomes: dict[tuple[str, int], ThreatOutcome]
    threshold: float | None
    pbe: ThreatEquilibrium

    def expected_japan(self, response: int, belief: float) -> float:
        """Japan's expected payoff of ``response`` when resolve has probability ``belief``."""
        return (
            belief * self.outcomes["resolved", response].japan_payoff
            + (1 - belief) * self.outcomes["bluffing", response].japan_payoff
        )

    @property
    def advice(self) -> int:
        """Japan's best response to a threat at the prior (ties: concede)."""
        concede = self.expected_japan(CONCEDE, self.prior)
        return CONCEDE if concede >= self.expected_japan(RESIST, self.prior) - 1e-12 else RESIST


@dataclass(frozen=True)
class Episode:
    """One episode as played: the hidden type, Japan's response and the outcome."""

    us_type: str
    response: int
    outcome: ThreatOutcome


def threat_game(A: np.ndarray, B: np.ndarray, tariff_value_to_us: float, prior: float) -> ThreatGame:
    """The outcomes of the threat game with uncertain resolve, from the library's tree."""
    tree = resolve_game(A, B, tariff_value_to_us, prior)
    outcomes = {}
    root = tree.root
    assert isinstance(root, Chance)  # nature draws the US type first
    for label, _, us_node in root.branches:
        threatened = _after(us_node, "threaten")
        for response, action in enumerate(JAPAN_ACTIONS):
            outcomes[label, response] = _outcome(_after(threatened, action))
    return ThreatGame(
        prior,
        outcomes,
        threshold_belief(A, B, tariff_value_to_us),
        perfect_bayesian_equilibrium(A, B, tariff_value_to_us, prior),
    )


def _after(node: Node, action: str) -> Node:
    """The node ``action`` leads to from the decision ``node``."""
    assert isinstance(node, Decision)
    return dict(node.actions)[action]


def _outcome(node: Node) -> ThreatOutcome:
    if isinstance(node, Terminal):
        return ThreatOutcome(None, *node.payoffs)
    assert isinstance(node, Decision)
    solution = backward_induction(node)
    return ThreatOutcome(solution.path[0], *solution.values)


def draw_types(prior: float, episodes: int, rng: np.random.Generator) -> tuple[str, ...]:
    """The hidden type of each episode: resolved with probability ``prior``."""
    return tuple(TYPES[0] if u < prior else TYPES[1] for u in rng.random(episodes))


def play_episode(game: ThreatGame, us_type: str, response: int) -> Episode:
    """Japan's ``response`` to the threat of a US of ``us_type``."""
    return Episode(us_type, response, game.outcomes[us_type, response])


def total_of(game: ThreatGame, types: Iterable[str], responses: Iterable[int]) -> float:
    """Japan's total over episodes for a sequence of responses."""
    return float(sum(game.outcomes[t, r].japan_payoff for t, r in zip(types, responses)))


@dataclass(frozen=True)
class ThreatDebrief:
    """The debrief numbers: bluffs seen, the student's total and the benchmarks'."""

    episodes: int
    bluffs: int
    student_total: float
    equilibrium_total: float
    always_concede_total: float
    always_resist_total: float
    hindsight_total: float
    concede_share: float


def threat_debrief(game: ThreatGame, episodes: tuple[Episode, ...]) -> ThreatDebrief:
    """Totals over the episodes played; the benchmarks meet the same hidden types."""
    types = [e.us_type for e in episodes]
    n = len(types)
    hindsight = [max(game.outcomes[t, r].japan_payoff for r in (CONCEDE, RESIST)) for t in types]
    return ThreatDebrief(
        episodes=n,
        bluffs=types.count("bluffing"),
        student_total=total_of(game, types, [e.response for e in episodes]),
        equilibrium_total=total_of(game, types, [game.advice] * n),
        always_concede_total=total_of(game, types, [CONCEDE] * n),
        always_resist_total=total_of(game, types, [RESIST] * n),
        hindsight_total=float(sum(hindsight)),
        concede_share=(sum(e.response == CONCEDE for e in episodes) / n) if n else 0.0,
    )
