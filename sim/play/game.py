"""The repeated game of play mode as pure functions: a student's moves against an automaton.

A student plays one side of the 2x2 stage game (``A`` US payoffs, ``B`` Japan's; US
actions ``(refrain, tariff)``, Japan's ``(concede, resist)``, index 0 cooperative) round
by round against a registered strategy of :mod:`sim.data.strategies`, or against a second
student. The computer side is the strategy's own automaton, stepped one round at a time
exactly as :mod:`sim.dynamics.repeated` steps it: play ``actions[state]``; a generous state plays
0 with probability ``generosity[state]``; then noise replaces each side's action by the
other with probability ``noise`` (the student's move too: an execution error); both see
what was played and the automaton moves to ``transitions[state, own, opponent]``.

Round ``t`` pays ``A[u_t, j_t]`` to the US and ``B[u_t, j_t]`` to Japan; totals are the
undiscounted sums (as in :func:`sim.dynamics.repeated.play_matches`). The benchmarks of the debrief
replay the same number of rounds against the same opponent with
:func:`sim.dynamics.repeated.play_matches`: the stage game's Nash equilibrium strategy
(:func:`sim.solve.solvers.nash_equilibria`) played every round, and every classic strategy of
the registry (Axelrod 1984).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from sim.dynamics.repeated import play_matches
from sim.solve.solvers import nash_equilibria
from sim.data.vocabulary import JAPAN_ACTIONS, US_ACTIONS
from sim.data.strategies import D, REGISTRY, Automaton, BinaryStrategy, Strategy, get_strategy

SIDES = ("us", "japan")
#: Matches each benchmark strategy plays when chance is involved (noise or generosity).
BENCHMARK_MATCHES = 1000


@dataclass(frozen=True)
class Round:
    """One round as played: actions (index 0 cooperative), intended actions, payoffs."""

    us_action: int
    japan_action: int
    us_intended: int
    japan_intended: int
    us_payoff: float
    japan_payoff: float


@dataclass(frozen=True)
class RepeatedGame:
    """What the game is: the stage game, who the student plays, and against what.

    ``side`` is ``"us"``, ``"japan"`` or ``"both"`` (two students); ``opponent`` the
    computer's strategy name (None with two students).
    """

    A: np.ndarray
    B: np.ndarray
    side: str
    opponent: str | None
    rounds: int
    noise: float
    seed: int

    @property
    def computer_side(self) -> str | None:
        return None if self.side == "both" else SIDES[1 - SIDES.index(self.side)]

    def computer(self) -> tuple[str, str]:
        """``(side, strategy name)`` of the computer; ValueError in a two-student game."""
        side = self.computer_side
        if side is None or self.opponent is None:
            raise ValueError("a game of two students has no computer side")
        return side, self.opponent


@dataclass(frozen=True)
class MatchState:
    """Where a game stands: the computer's automaton state and the rounds played."""

    computer_state: int
    rounds: tuple[Round, ...] = ()

    def totals(self) -> tuple[float, float]:
        """``(US total, Japan total)``: the sums of the played cells' payoffs."""
        return (float(sum(r.us_payoff for r in self.rounds)), float(sum(r.japan_payoff for r in self.rounds)))


def computer_automaton(game: RepeatedGame) -> Automaton | None:
    """The computer strategy's automaton for its side of the stage game."""
    if game.computer_side is None:
        return None
    side, opponent = game.computer()
    own, other = game.A.shape if side == "us" else game.A.shape[::-1]
    return get_strategy(opponent, "--opponent").automaton(own, other)


def start(game: RepeatedGame) -> MatchState:
    """The state before the first round."""
    automaton = computer_automaton(game)
    return MatchState(0 if automaton is None else automaton.initial_state)


def computer_intention(automaton: Automaton, state: int, rng: np.random.Generator) -> int:
    """The action the automaton means to play: its state's action, or 0 if generous."""
    generosity = float(automaton.generosity[state])
    if generosity > 0 and rng.random() < generosity:
        return 0
    return int(automaton.actions[state])


def executed(action: int, noise: float, rng: np.random.Generator) -> int:
    """The action played: flipped with probability ``noise`` (2-action stage game)."""
    if noise > 0 and rng.random() < noise:
        return 1 - action
    return action


def play_round(game: RepeatedGame, state: MatchState, moves: dict[str, int], rng: np.random.Generator) -> MatchState:
    """Play one round: ``moves`` holds the students' intended actions by side.

    Draws, in order: the computer's generosity (if any), then noise on the US's and on
    Japan's action.
    """
    automaton = computer_automaton(game)
    intended = dict(moves)
    if automaton is not None:
        intended[game.computer()[0]] = computer_intention(automaton, state.computer_state, rng)
    us = executed(intended["us"], game.noise, rng)
    japan = executed(intended["japan"], game.noise, rng)
    played = Round(us, japan, intended["us"], intended["japan"], float(game.A[us, japan]), float(game.B[us, japan]))
    next_state = state.computer_state
    if automaton is not None:
        own, other = (us, japan) if game.computer_side == "us" else (japan, us)
        next_state = int(automaton.transitions[state.computer_state, own, other])
    return replace(state, computer_state=next_state, rounds=state.rounds + (played,))


# ---------------------------------------------------------------- benchmarks


@dataclass(frozen=True)
class Benchmark:
    """A strategy's mean total for each side over the rounds played (``matches`` runs)."""

    strategy: str
    description: str
    us_total: float
    japan_total: float
    matches: int

    def total(self, side: str) -> float:
        return self.us_total if side == "us" else self.japan_total


def equilibrium_strategy(A: np.ndarray, B: np.ndarray, side: str) -> tuple[Strategy, str]:
    """The stage game's Nash strategy of ``side`` as a repeated-game strategy, and in words.

    With several equilibria, the one best for ``side``. A pure strategy is
    ``always_cooperate`` or ``always_defect``; a mixed one plays action 0 with its
    probability ``p`` every round (a one-state automaton whose generosity is ``p``).
    """
    k = SIDES.index(side)
    best = max(nash_equilibria(A, B), key=lambda e: (e.row_payoff, e.col_payoff)[k])
    cooperate = (best.row_strategy, best.col_strategy)[k][0]
    words = (US_ACTIONS, JAPAN_ACTIONS)[k]
    if cooperate > 1 - 1e-9:
        return REGISTRY["always_cooperate"], f"always {words[0]}"
    if cooperate < 1e-9:
        return REGISTRY["always_defect"], f"always {words[1]}"
    mixed = BinaryStrategy(
        "stage_equilibrium_mix",
        f"{words[0]} with probability {cooperate:.2f} each round",
        0,
        "stage Nash equilibrium",
        ("D",),
        (D,),
        ((0, 0, 0, 0),),
        generosity=(float(cooperate),),
    )
    return mixed, mixed.summary


def classic_strategies() -> tuple[str, ...]:
    """The classics of the registry: the strategies written over C and D (Axelrod's)."""
    return tuple(name for name, s in REGISTRY.items() if isinstance(s, BinaryStrategy))


def benchmark(game: RepeatedGame, strategy: Strategy | str, description: str, turns: int) -> Benchmark:
    """``strategy`` on the student's side against the computer for ``turns`` rounds.

    Runs :func:`sim.dynamics.repeated.play_matches` with the game's noise and a generator seeded
    with the game's seed; the mean over :data:`BENCHMARK_MATCHES` matches when chance is
    involved (one match is enough otherwise: every match is the same).
    """
    strategy = get_strategy(strategy)
    _, opponent = game.computer()
    us, japan = (strategy, opponent) if game.side == "us" else (opponent, strategy)
    chance = game.noise > 0 or strategy.stochastic or get_strategy(opponent).stochastic
    matches = BENCHMARK_MATCHES if chance else 1
    result = play_matches(us, japan, game.A, game.B, turns, matches, game.noise, np.random.default_rng(game.seed))
    return Benchmark(
        strategy.name, description, float(result.row_scores.mean()), float(result.col_scores.mean()), matches
    )


def classic_benchmarks(game: RepeatedGame, turns: int) -> tuple[Benchmark, ...]:
    """Every classic against the computer, best for the student's side first."""
    results = [benchmark(game, name, REGISTRY[name].summary, turns) for name in classic_strategies()]
    return tuple(sorted(results, key=lambda b: (-b.total(game.side), b.strategy)))


def mutual_benchmark(game: RepeatedGame, us_action: int, japan_action: int, turns: int) -> Benchmark:
    """Both students playing one cell every round (two-student debrief; no noise)."""
    return Benchmark(
        f"({us_action}, {japan_action})",
        "",
        turns * float(game.A[us_action, japan_action]),
        turns * float(game.B[us_action, japan_action]),
        1,
    )


def stage_equilibrium_cell(A: np.ndarray, B: np.ndarray) -> tuple[int, int] | None:
    """The pure equilibrium cell of the stage game, if there is exactly one."""
    pure = [e for e in nash_equilibria(A, B) if e.is_pure]
    if len(pure) != 1:
        return None
    return int(np.argmax(pure[0].row_strategy)), int(np.argmax(pure[0].col_strategy))
