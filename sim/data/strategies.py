"""Repeated-game strategies as small declarative automata, in one registry.

A strategy is a Moore machine: a set of states, the action each state plays, and a
transition table on what was *played* in the last round, ``(own action, opponent's
action)``. Index 0 is the cooperative action of each side (US: refrain; Japan: concede);
the last index is the least cooperative one (US: full tariff; Japan: resist).

Two kinds of strategy share one interface, :meth:`Strategy.automaton`, which gives the
numeric tables for a stage game with ``own_actions`` x ``opponent_actions`` actions:

* :class:`BinaryStrategy` — the classics, written as tables over C (0) and D (1),
  exactly as the Axelrod library defines them (Axelrod-Python, ``axelrod/strategies``;
  Axelrod, *The Evolution of Cooperation*, 1984). In a game with more than two actions
  D means the last index and an action counts as C only when it is index 0.
* :class:`LevelStrategy` — coercion strategies that move through concession or tariff
  levels (:func:`incremental_concession_automaton`, :func:`escalating_demand_automaton`).

A state may be *generous*: with probability ``generosity[state]`` it plays C instead of
its action (Nowak and Sigmund 1992, "Tit for tat in heterogeneous populations",
*Nature* 355). All draws are made by the engine (:mod:`sim.dynamics.repeated`) from a
``numpy.random.Generator`` passed in.

>>> automaton = REGISTRY["tit_for_tat"].automaton(2, 2)
>>> automaton.actions.tolist(), automaton.transitions[0].tolist()
([0, 1], [[0, 1], [0, 1]])
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from sim.base.errors import UserError, near_name_hint

C, D = 0, 1
#: Rows of a binary transition table, in this order: (own, opponent) as played.
OUTCOMES = ((C, C), (C, D), (D, C), (D, D))
#: Generosity of generous tit-for-tat on the standard PD (R, S, T, P) = (3, 0, 5, 1):
#: ``min(1 - (T - R)/(R - S), (R - P)/(T - P)) = min(1/3, 1/2)``.
STANDARD_GENEROSITY = 1 / 3


@dataclass(frozen=True, eq=False)
class Automaton:
    """Numeric tables of a strategy for one stage game (what the engine steps).

    Attributes
    ----------
    actions : uint8 array (states,)
        The action (index into the player's own actions) each state plays.
    transitions : intp array (states, own_actions, opponent_actions)
        ``transitions[s, own, opp]``: the next state after ``own`` and ``opp`` were played.
    initial_state : int
        The state of the first round.
    generosity : float array (states,)
        Probability of playing action 0 instead of ``actions[s]`` (0 if deterministic).
    """

    actions: np.ndarray
    transitions: np.ndarray
    initial_state: int
    generosity: np.ndarray

    def __post_init__(self) -> None:
        states = len(self.actions)
        if self.transitions.shape[0] != states or len(self.generosity) != states:
            raise ValueError("actions, transitions and generosity disagree on the states")
        if self.transitions.min() < 0 or self.transitions.max() >= states:
            raise ValueError("a transition leads to a state that does not exist")
        if not 0 <= self.initial_state < states:
            raise ValueError(f"initial state {self.initial_state} does not exist")
        if self.actions.max() >= self.transitions.shape[1]:
            raise ValueError("a state plays an action the player does not have")
        if ((self.generosity < 0) | (self.generosity > 1)).any():
            raise ValueError("generosity must be a probability")

    @property
    def stochastic(self) -> bool:
        return bool((self.generosity > 0).any())


@dataclass(frozen=True)
class Strategy:
    """What every strategy declares: a name, what it does, its memory and its source."""

    name: str
    summary: str
    memory_depth: float
    source: str

    @property
    def stochastic(self) -> bool:
        raise NotImplementedError

    def automaton(self, own_actions: int, opponent_actions: int) -> Automaton:
        raise NotImplementedError


@dataclass(frozen=True)
class BinaryStrategy(Strategy):
    """A strategy written over C (0) and D (1): one table, read as data.

    ``transitions[s]`` lists the next state after each of :data:`OUTCOMES`
    ``(C,C), (C,D), (D,C), (D,D)`` (own action first, as played).
    """

    states: tuple[str, ...] = ("C",)
    actions: tuple[int, ...] = (C,)
    transitions: tuple[tuple[int, int, int, int], ...] = ((0, 0, 0, 0),)
    initial_state: int = 0
    generosity: tuple[float, ...] | None = None

    @property
    def stochastic(self) -> bool:
        return any(g > 0 for g in self.generosity or ())

    def automaton(self, own_actions: int, opponent_actions: int) -> Automaton:
        """The table lifted to ``own_actions`` x ``opponent_actions`` actions.

        D is played as the last index; an action counts as C only when it is index 0.
        """
        table = np.asarray(self.transitions, dtype=np.intp).reshape(-1, 2, 2)
        own = np.minimum(np.arange(own_actions), 1)
        opp = np.minimum(np.arange(opponent_actions), 1)
        actions = np.where(np.asarray(self.actions) == D, own_actions - 1, 0)
        generosity = np.asarray(self.generosity or [0.0] * len(self.states), dtype=float)
        return Automaton(actions.astype(np.uint8), table[:, own[:, None], opp[None, :]], self.initial_state, generosity)


@dataclass(frozen=True)
class LevelStrategy(Strategy):
    """A strategy over concession or tariff levels, built for the game's action count.

    ``build(own_actions, opponent_actions)`` returns the automaton; its docstring gives
    the formula.
    """

    build: Callable[[int, int], Automaton] = field(kw_only=True, repr=False)
    random: bool = False

    @property
    def stochastic(self) -> bool:
        return self.random

    def automaton(self, own_actions: int, opponent_actions: int) -> Automaton:
        return self.build(own_actions, opponent_actions)


def _deterministic(actions: np.ndarray, transitions: np.ndarray, initial: int = 0) -> Automaton:
    played = np.asarray(actions, dtype=np.uint8)
    return Automaton(played, np.asarray(transitions, dtype=np.intp), initial, np.zeros(len(actions)))


def incremental_concession_automaton(own_actions: int, opponent_actions: int) -> Automaton:
    """Concede one level more each round the opponent holds back, one less when it presses.

    States are the player's own levels ``s = 0 .. n-1`` (0 full cooperation, ``n-1``
    none); it starts at ``n-1`` and plays ``s``. After the opponent played 0 (the US
    refrained), ``s' = max(s - 1, 0)``; after any other action ``s' = min(s + 1, n-1)``.
    Full concession (level 0) is the cap. In a 2x2 game this is suspicious tit-for-tat.
    Ishiba's "incremental concessions" (article 001: tensions "resolve through
    incrementalism").
    """
    levels = np.arange(own_actions)
    closer = np.maximum(levels - 1, 0)
    back = np.minimum(levels + 1, own_actions - 1)
    table = np.where(np.arange(opponent_actions)[None, None, :] == 0, closer[:, None, None], back[:, None, None])
    table = np.broadcast_to(table, (own_actions, own_actions, opponent_actions))
    return _deterministic(levels, table, own_actions - 1)


def escalating_demand_automaton(own_actions: int, opponent_actions: int) -> Automaton:
    """The US ratchet: each concession raises the next demand (article 003's appeasement).

    The opponent's concession amount is ``a = m - 1 - j`` steps for its action ``j`` of
    ``m`` (0 for resisting, ``m - 1`` for full concession). The state is a demand
    ``d`` in ``1 .. m`` and whether the last concession met it. The player refrains
    (action 0) after a concession that met the demand (``a >= d``) and plays its
    strongest action (``n - 1``, full tariff) otherwise. Then ``d' = min(d + 1, m)``
    after any concession (``a > 0``) and ``d' = max(d - 1, 1)`` after resistance. At
    ``d = m`` no concession is enough. It starts at ``d = 1``, refraining.

    State index ``2 (d - 1) + met``; in a 2x2 game: refrain, then refrain once per
    two consecutive concessions at most.
    """
    m = opponent_actions
    amount = m - 1 - np.arange(m)
    demand = np.repeat(np.arange(1, m + 1), 2)
    actions = np.tile([own_actions - 1, 0], m)
    met = (amount[None, :] >= demand[:, None]).astype(np.intp)
    raised = np.where(amount[None, :] > 0, np.minimum(demand[:, None] + 1, m), np.maximum(demand[:, None] - 1, 1))
    table = np.broadcast_to((2 * (raised - 1) + met)[:, None, :], (2 * m, own_actions, m))
    return _deterministic(actions, table, initial=1)


def _tft_table() -> tuple:
    """Next state = the opponent's last action (states C and D)."""
    return ((C, D, C, D),) * 2


REGISTRY: dict[str, Strategy] = {
    s.name: s
    for s in (
        BinaryStrategy(
            "always_cooperate", "Always cooperates (US refrains, Japan concedes).", 0, "Axelrod-Python Cooperator"
        ),
        BinaryStrategy(
            "always_defect",
            "Always defects (US imposes tariffs, Japan resists).",
            0,
            "Axelrod-Python Defector",
            ("D",),
            (D,),
            ((0, 0, 0, 0),),
        ),
        BinaryStrategy(
            "tit_for_tat",
            "Cooperates first, then repeats the opponent's last action.",
            1,
            "Axelrod-Python TitForTat; Axelrod 1984",
            ("C", "D"),
            (C, D),
            _tft_table(),
        ),
        BinaryStrategy(
            "grim_trigger",
            "Cooperates until the opponent defects once, then defects forever.",
            math.inf,
            "Axelrod-Python Grudger; Friedman 1971",
            ("cooperating", "triggered"),
            (C, D),
            ((0, 1, 0, 1), (1, 1, 1, 1)),
        ),
        BinaryStrategy(
            "win_stay_lose_shift",
            "Cooperates first; repeats its last action if the opponent cooperated, switches if the opponent defected.",
            1,
            "Axelrod-Python WinStayLoseShift (four-vector 1, 0, 0, 1); Nowak and Sigmund 1993",
            ("C", "D"),
            (C, D),
            ((C, D, D, C),) * 2,
        ),
        BinaryStrategy(
            "alternator",
            "Cooperates first, then plays the opposite of its own last action.",
            1,
            "Axelrod-Python Alternator",
            ("C", "D"),
            (C, D),
            ((D, D, C, C),) * 2,
        ),
        BinaryStrategy(
            "suspicious_tit_for_tat",
            "Defects first, then repeats the opponent's last action.",
            1,
            "Axelrod-Python SuspiciousTitForTat; Beaufils et al. 1996",
            ("C", "D"),
            (C, D),
            _tft_table(),
            initial_state=1,
        ),
        BinaryStrategy(
            "tit_for_two_tats",
            "Cooperates unless the opponent defected in each of the last two rounds.",
            2,
            "Axelrod-Python TitFor2Tats; Axelrod 1984",
            ("calm", "one defection", "two defections"),
            (C, C, D),
            ((0, 1, 0, 1), (0, 2, 0, 2), (0, 2, 0, 2)),
        ),
        BinaryStrategy(
            "generous_tit_for_tat",
            "Tit-for-tat that forgives a defection with probability 1/3 (the Nowak-Sigmund value on the standard PD).",
            1,
            "Axelrod-Python GTFT; Nowak and Sigmund 1992",
            ("C", "D"),
            (C, D),
            _tft_table(),
            generosity=(0.0, STANDARD_GENEROSITY),
        ),
        LevelStrategy(
            "incremental_concession",
            "Starts holding back and concedes one level more each "
            "round the opponent holds back; steps back one level when pressed.",
            math.inf,
            "Article 001 (incrementalism); see incremental_concession_automaton",
            build=incremental_concession_automaton,
        ),
        LevelStrategy(
            "escalating_demand",
            "US ratchet: refrains after a concession that meets its "
            "demand; each concession raises the next demand, resistance lowers it.",
            math.inf,
            "Article 003 (appeasement invites demands); see escalating_demand_automaton",
            build=escalating_demand_automaton,
        ),
    )
}


def generosity_from_payoffs(R: float, S: float, T: float, P: float) -> float:
    """Nowak and Sigmund's generosity for a PD: ``min(1 - (T - R)/(R - S), (R - P)/(T - P))``.

    The largest forgiveness probability with which GTFT still cannot be invaded by
    always-defect (Nowak and Sigmund 1992; the Axelrod library's GTFT default).

    >>> round(generosity_from_payoffs(3, 0, 5, 1), 6)
    0.333333
    """
    if not T > R > P > S:
        raise ValueError(f"a prisoner's dilemma needs T > R > P > S, got {(R, S, T, P)}")
    return min(1 - (T - R) / (R - S), (R - P) / (T - P))


def generous_tit_for_tat(generosity: float) -> BinaryStrategy:
    """Generous tit-for-tat forgiving a defection with probability ``generosity``."""
    if not 0 <= generosity <= 1:
        raise ValueError(f"generosity must be in [0, 1], got {generosity}")
    base = REGISTRY["generous_tit_for_tat"]
    assert isinstance(base, BinaryStrategy)  # registered above as a binary table
    return BinaryStrategy(
        f"generous_tit_for_tat({generosity:g})",
        f"Tit-for-tat forgiving a defection with probability {generosity:g}.",
        1,
        base.source,
        base.states,
        base.actions,
        base.transitions,
        generosity=(0.0, float(generosity)),
    )


def get_strategy(name: str | Strategy, where: str = "strategy") -> Strategy:
    """A registered strategy by name (a :class:`UserError` naming the near one if misspelt).

    ``where`` names the source of the name in the error (e.g. ``--row``).
    """
    if isinstance(name, Strategy):
        return name
    try:
        return REGISTRY[name]
    except KeyError:
        hint = near_name_hint(name, REGISTRY) or f"known: {', '.join(REGISTRY)}"
        raise UserError(where, None, "a registered strategy name", name, hint) from None
