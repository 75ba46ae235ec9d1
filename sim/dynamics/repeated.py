"""The repeated-game engine: any pair of strategies, many matches at once, with noise.

``A[i, j]`` and ``B[i, j]`` are the row (US) and column (Japan) stage payoffs, shape
``(m, n)``; index 0 is each side's cooperative action. :func:`play_matches` steps every
match of a pair together with numpy: the strategies' states are arrays over matches and
the only Python loop is over turns, so the cost of a turn is a handful of array
operations whatever the number of matches. One match (``matches=1``, and any pair of
deterministic strategies without noise, whose matches are all the same) is stepped in
plain Python by :mod:`sim.dynamics.single_match`, over the same table with the same
random draws: a generator in a given state gives the same match either way.

Each round, for each player: the state's action; a generous state plays 0 instead
with its probability; then *noise* (execution error, as in the Axelrod library's
``Match(noise=...)``): with probability ``noise`` the action is replaced by a different
one, uniformly (in a 2-action game: flipped). Both players' histories record what was
played, and both strategies react to it. Scores are the undiscounted totals
``sum_t A[r_t, c_t]``; with ``discount`` ``delta`` also ``sum_t delta**t A[r_t, c_t]``
(``t = 0, 1, ...``). All randomness comes from the ``numpy.random.Generator`` passed in.

Built on it: round-robin tournaments (:mod:`sim.dynamics.tournament`); the theory of the
repeated game, the critical discount factor and the payoff region, is
:mod:`sim.dynamics.folk_theorem`.

>>> import numpy as np
>>> A = np.array([[3., 0.], [5., 1.]])
>>> result = play_matches("tit_for_tat", "alternator", A, A.T, turns=4, matches=1,
...                       noise=0.0, rng=np.random.default_rng(0))
>>> result.row_actions.tolist(), result.row_scores.tolist()
([[0, 0, 1, 0]], [8.0])
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from sim.data.strategies import Strategy, get_strategy
from sim.dynamics.flips import FlipSchedule
from sim.dynamics.joint_automaton import JointAutomaton
from sim.dynamics.single_match import deterministic_path, random_path
from sim.solve.solvers import validate_game


@dataclass(frozen=True, eq=False)
class MatchResult:
    """Histories and scores of ``matches`` matches of one pair of strategies.

    Attributes
    ----------
    row_actions, col_actions : uint8 arrays (matches, turns)
        The actions as played (after generosity and noise).
    row_scores, col_scores : float arrays (matches,)
        Undiscounted totals.
    row_discounted, col_discounted : float arrays (matches,) or None
        Discounted totals ``sum_t delta**t u_t`` when a discount factor was given.
    """

    row_actions: np.ndarray
    col_actions: np.ndarray
    row_scores: np.ndarray
    col_scores: np.ndarray
    row_discounted: np.ndarray | None = None
    col_discounted: np.ndarray | None = None


def play_matches(
    row_strategy: str | Strategy,
    col_strategy: str | Strategy,
    A,
    B,
    turns: int,
    matches: int,
    noise: float,
    rng: np.random.Generator,
    discount: float | None = None,
) -> MatchResult:
    """Play ``matches`` independent matches of ``turns`` rounds, all at once.

    Parameters
    ----------
    row_strategy, col_strategy : str or Strategy
        Registry names (:data:`sim.data.strategies.REGISTRY`) or strategy objects.
    A, B : array_like (m, n)
        Stage payoffs of the row and the column player.
    turns, matches : int
        Rounds per match (>= 0) and number of matches (>= 1).
    noise : float
        Probability in [0, 1] that an intended action is replaced by another.
    rng : numpy.random.Generator
        Source of every random draw (generous moves, noise). Untouched when both
        strategies are deterministic and ``noise == 0``: then every match is the same and
        the arrays returned are read-only views of one simulated match.
    discount : float, optional
        Discount factor ``delta`` in [0, 1] for the discounted totals.
    """
    A, B = validate_game(A, B)
    _check_run(turns, matches, noise, discount)
    joint = _joint_automaton(get_strategy(row_strategy), get_strategy(col_strategy), A.shape)
    if noise == 0 and not joint.stochastic:
        return _broadcast(_scored(joint.decode(deterministic_path(joint, turns)), A, B, discount), matches)
    if matches == 1:
        return _scored(joint.decode(random_path(joint, turns, noise, rng)), A, B, discount)
    return _scored(joint.decode(_turn_loop(joint, turns, matches, noise, rng)), A, B, discount)


def _joint_automaton(row: Strategy, col: Strategy, shape: tuple[int, int]) -> JointAutomaton:
    """The pair's joint automaton for a game of ``shape``, built once per pair and shape.

    Strategies are frozen values, so equal ones have equal automata; one with fields that
    cannot be hashed is built every time.
    """
    try:
        return _cached_joint_automaton(row, col, shape)
    except TypeError:
        return _cached_joint_automaton.__wrapped__(row, col, shape)


@functools.lru_cache(maxsize=256)
def _cached_joint_automaton(row: Strategy, col: Strategy, shape: tuple[int, int]) -> JointAutomaton:
    return JointAutomaton(row.automaton(*shape), col.automaton(shape[1], shape[0]))


def _check_run(turns: int, matches: int, noise: float, discount: float | None) -> None:
    if int(turns) != turns or turns < 0:
        raise ValueError(f"turns must be a whole number >= 0, got {turns}")
    if int(matches) != matches or matches < 1:
        raise ValueError(f"matches must be a whole number >= 1, got {matches}")
    if not 0 <= noise <= 1:
        raise ValueError(f"noise must be a probability in [0, 1], got {noise}")
    if discount is not None and not 0 <= discount <= 1:
        raise ValueError(f"discount must be in [0, 1], got {discount}")


def _turn_loop(joint: JointAutomaton, turns: int, matches: int, noise: float, rng: np.random.Generator) -> np.ndarray:
    """The played indices of ``matches`` matches, shape (turns, matches): one table look-up
    per turn for all matches, after generous moves and noise."""
    code = np.full(matches, joint.initial_code, dtype=joint.table.dtype)
    played = np.empty((turns, matches), dtype=joint.table.dtype)
    flips = FlipSchedule(rng, noise, turns, matches)
    for t in range(turns):
        index = played[t]
        index[...] = code
        if joint.stochastic:
            joint.forgive(index, rng)
        joint.perturb(index, *flips.turn(t), rng)
        joint.table.take(index, out=code)
    return played


def _scored(
    actions: tuple[np.ndarray, np.ndarray], A: np.ndarray, B: np.ndarray, discount: float | None
) -> MatchResult:
    """Totals (and discounted totals) of each match from the played actions.

    Undiscounted totals are ``counts @ payoffs`` with each match's count of every outcome
    ``(i, j)``; discounted ones sum ``delta**t`` times each turn's payoff.
    """
    row, col = actions
    turns, matches = row.shape
    if A.size <= _COUNT_LIMIT:
        counts = _outcome_counts(row, col, A.shape)
        totals = (counts @ A.ravel(), counts @ B.ravel())
    else:
        totals = _weighted_totals(row, col, A, B, np.ones(turns))
    discounted: tuple[np.ndarray | None, np.ndarray | None] = (None, None)
    if discount is not None:
        discounted = _weighted_totals(row, col, A, B, discount ** np.arange(turns))
    return MatchResult(row.T, col.T, *totals, *discounted)


def _outcome_counts(row: np.ndarray, col: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """How often each match played each outcome: float array (matches, m * n)."""
    turns, matches = row.shape
    counts = np.zeros((matches, shape[0] * shape[1]))
    if shape == (2, 2):
        defect_row, defect_col = _column_sums(row), _column_sums(col)
        both = _column_sums(np.bitwise_and(row, col))
        counts[:, 1] = defect_col - both
        counts[:, 2] = defect_row - both
        counts[:, 3] = both
    else:
        outcome = row * np.uint8(shape[1]) + col
        for k in range(1, shape[0] * shape[1]):
            counts[:, k] = _column_sums((outcome == k).view(np.uint8))
    counts[:, 0] = turns - counts[:, 1:].sum(axis=1)
    return counts


def _column_sums(values: np.ndarray) -> np.ndarray | int:
    """Sums over turns (axis 0) of a uint8 0/1 array, in uint16 blocks (fast, exact)."""
    block = np.iinfo(np.uint16).max
    return (
        sum(
            values[start : start + block].sum(axis=0, dtype=np.uint16).astype(np.intp)
            for start in range(0, len(values), block)
        )
        if len(values)
        else 0
    )


def _weighted_totals(
    row: np.ndarray, col: np.ndarray, A: np.ndarray, B: np.ndarray, weights: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """``sum_t weights[t] * payoff[t]`` of each match for both players, in blocks of turns."""
    totals = np.zeros((2, row.shape[1]))
    for start in range(0, row.shape[0], _SCORE_BLOCK):
        block = slice(start, start + _SCORE_BLOCK)
        outcome = row[block].astype(np.intp) * A.shape[1] + col[block]
        for k, payoffs in enumerate((A, B)):
            totals[k] += weights[block] @ payoffs.ravel().take(outcome)
    return totals[0], totals[1]


#: Games with at most this many outcomes are scored by counting outcomes.
_COUNT_LIMIT = 16
_SCORE_BLOCK = 16


def _broadcast(one: MatchResult, matches: int) -> MatchResult:
    """A single deterministic match repeated ``matches`` times (read-only views)."""

    def rows(array):
        return None if array is None else np.broadcast_to(array, (matches, *array.shape[1:]))

    return MatchResult(
        rows(one.row_actions),
        rows(one.col_actions),
        rows(one.row_scores),
        rows(one.col_scores),
        rows(one.row_discounted),
        rows(one.col_discounted),
    )
