"""The repeated-game engine: any pair of strategies, many matches at once, with noise.

``A[i, j]`` and ``B[i, j]`` are the row (US) and column (Japan) stage payoffs, shape
``(m, n)``; index 0 is each side's cooperative action. :func:`play_matches` steps every
match of a pair together with numpy: the strategies' states are arrays over matches and
the only Python loop is over turns, so the cost of a turn is a handful of array
operations whatever the number of matches.

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

from dataclasses import dataclass

import numpy as np

from sim.solve.solvers import validate_game
from sim.data.strategies import Automaton, Strategy, get_strategy

#: Below this noise level flips are drawn as geometric gaps (cost ~ noise), above it
#: as one uniform per action.
GEOMETRIC_NOISE_LIMIT = 0.1


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
    row = get_strategy(row_strategy).automaton(*A.shape)
    col = get_strategy(col_strategy).automaton(A.shape[1], A.shape[0])
    if noise == 0 and not (row.stochastic or col.stochastic):
        one = _simulate(row, col, A, B, turns, 1, 0.0, rng, discount)
        return _broadcast(one, matches)
    return _simulate(row, col, A, B, turns, matches, noise, rng, discount)


def _check_run(turns: int, matches: int, noise: float, discount: float | None) -> None:
    if int(turns) != turns or turns < 0:
        raise ValueError(f"turns must be a whole number >= 0, got {turns}")
    if int(matches) != matches or matches < 1:
        raise ValueError(f"matches must be a whole number >= 1, got {matches}")
    if not 0 <= noise <= 1:
        raise ValueError(f"noise must be a probability in [0, 1], got {noise}")
    if discount is not None and not 0 <= discount <= 1:
        raise ValueError(f"discount must be in [0, 1], got {discount}")


def _simulate(
    row: Automaton,
    col: Automaton,
    A: np.ndarray,
    B: np.ndarray,
    turns: int,
    matches: int,
    noise: float,
    rng: np.random.Generator,
    discount: float | None,
) -> MatchResult:
    """The turn loop over the joint automaton: one table look-up per turn for all matches."""
    joint = _JointAutomaton(row, col)
    if matches == 1 and noise == 0 and not joint.stochastic:
        return _scored(joint.decode(_one_path(joint, turns)), A, B, discount)
    code = np.full(matches, joint.initial_code, dtype=joint.table.dtype)
    played = np.empty((turns, matches), dtype=joint.table.dtype)
    flips = _FlipSchedule(rng, noise, turns, matches)
    for t in range(turns):
        index = played[t]
        index[...] = code
        if joint.stochastic:
            joint.forgive(index, rng)
        joint.perturb(index, *flips.turn(t), rng)
        joint.table.take(index, out=code)
    return _scored(joint.decode(played), A, B, discount)


def _one_path(joint: _JointAutomaton, turns: int) -> np.ndarray:
    """The played indices of one deterministic match without noise, shape (turns, 1).

    The same look-ups as the turn loop of :func:`_simulate`, in plain Python: for a
    single match a list index costs a fraction of a numpy call.
    """
    table, code, path = joint.table.tolist(), joint.initial_code, [0] * turns
    for t in range(turns):
        path[t] = code
        code = table[code]
    return np.array(path, dtype=joint.table.dtype).reshape(turns, 1)


class _JointAutomaton:
    """The product of the two players' automata, coded so that a turn is one look-up.

    A *code* packs both states and the actions they intend into bit fields,
    ``(s_r S_c + s_c) << (b_r + b_c) | a_r << b_c | a_c``, with ``b_r``, ``b_c`` bits for
    the row's ``n`` and the column's ``m`` actions. After generous moves and noise have
    changed the action fields the code is the *played index*, and ``table[index]`` is
    the next code; the played actions are read back with shifts and masks.
    """

    def __init__(self, row: Automaton, col: Automaton):
        self.n, self.m = row.transitions.shape[1], col.transitions.shape[1]
        self.col_bits = _bits(self.m)
        self.shift = _bits(self.n) + self.col_bits
        states_c = len(col.actions)
        s_r, s_c = np.divmod(np.arange(len(row.actions) * states_c), states_c)
        a_r, a_c = np.arange(self.n)[None, :, None], np.arange(self.m)[None, None, :]
        table = np.zeros((len(s_r), 1 << _bits(self.n), 1 << self.col_bits), dtype=np.intp)
        table[:, : self.n, : self.m] = self._code(
            row,
            col,
            row.transitions[s_r[:, None, None], a_r, a_c],
            col.transitions[s_c[:, None, None], a_c, a_r],
            states_c,
        )
        self.table = table.ravel().astype(_smallest_uint(table.size))
        self.initial_code = int(self._code(row, col, row.initial_state, col.initial_state, states_c))
        self.stochastic = row.stochastic or col.stochastic
        self.generosity = tuple(np.repeat(g, 1 << self.shift) for g in (row.generosity[s_r], col.generosity[s_c]))

    def _code(self, row, col, s_r, s_c, states_c):
        return (
            ((s_r * states_c + s_c) << self.shift)
            | (row.actions[s_r].astype(np.intp) << self.col_bits)
            | col.actions[s_c]
        )

    def forgive(self, index: np.ndarray, rng: np.random.Generator) -> None:
        """Generous states play action 0 with their probability (row, then column)."""
        for player, generosity in enumerate(self.generosity):
            where = np.flatnonzero(rng.random(len(index)) < generosity.take(index))
            index[where] &= ~self._mask(player)

    def perturb(
        self, index: np.ndarray, row_flips: np.ndarray, col_flips: np.ndarray, rng: np.random.Generator
    ) -> None:
        """Replace the flipped actions by a uniformly drawn different action."""
        for player, where in enumerate((row_flips, col_flips)):
            levels, low = (self.n, self.col_bits) if player == 0 else (self.m, 0)
            if levels == 2:
                index[where] ^= index.dtype.type(1 << low)
                continue
            current = index[where]
            action = (current & self._mask(player)) >> low
            shift = rng.integers(1, levels, size=len(where))
            index[where] = (current & ~self._mask(player)) | (((action + shift) % levels) << low)

    def _mask(self, player: int):
        bits = self.shift - self.col_bits if player == 0 else self.col_bits
        low = self.col_bits if player == 0 else 0
        return self.table.dtype.type(((1 << bits) - 1) << low)

    def decode(self, played: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The row's and column's actions (uint8) from played indices."""
        row = (played & self._mask(0)) >> self.table.dtype.type(self.col_bits)
        col = played & self._mask(1)
        return row.astype(np.uint8, copy=False), col.astype(np.uint8, copy=False)


def _bits(levels: int) -> int:
    """Bits that hold an action index ``0 .. levels - 1``."""
    return max(1, (levels - 1).bit_length())


def _smallest_uint(size: int):
    for dtype in (np.uint8, np.uint16, np.uint32):
        if size <= np.iinfo(dtype).max + 1:
            return dtype
    return np.intp


class _FlipSchedule:
    """Which matches' actions noise flips at each turn, drawn a block of turns at a time.

    Flips are independent Bernoulli(``noise``) events. For small ``noise`` their positions
    are drawn as geometric gaps (the waiting times of a Bernoulli process), so the cost
    grows with the number of flips, not with the number of actions.
    """

    BLOCK = 32

    def __init__(self, rng: np.random.Generator, noise: float, turns: int, matches: int):
        self.rng, self.noise, self.turns, self.matches = rng, noise, turns, matches
        self.block_start: int | None = None
        self.empty = np.empty(0, dtype=np.intp)

    def turn(self, t: int) -> tuple[np.ndarray, np.ndarray]:
        if self.noise == 0:
            return self.empty, self.empty
        if self.block_start is None or t >= self.block_start + self.BLOCK:
            self._draw_block(t)
        start = t if self.block_start is None else self.block_start  # set by _draw_block
        offset = (t - start) * self.matches
        row, col = (positions[bounds[t - start] : bounds[t - start + 1]] - offset for positions, bounds in self.block)
        return row, col

    def _draw_block(self, t: int) -> None:
        self.block_start = t
        turns = min(self.BLOCK, self.turns - t)
        size = turns * self.matches
        edges = np.arange(turns + 1) * self.matches
        self.block = []
        for _ in range(2):
            positions = _bernoulli_positions(self.rng, self.noise, size)
            self.block.append((positions, np.searchsorted(positions, edges)))


def _bernoulli_positions(rng: np.random.Generator, p: float, size: int) -> np.ndarray:
    """Sorted positions in ``range(size)`` of independent Bernoulli(``p``) successes."""
    if p > GEOMETRIC_NOISE_LIMIT:
        return np.flatnonzero(rng.random(size) < p)
    chunks, last = [], -1
    while last < size:
        expected = size * p
        gaps = rng.geometric(p, size=int(expected + 6 * expected**0.5 + 16))
        positions = last + np.cumsum(gaps)
        chunks.append(positions)
        last = positions[-1]
    positions = np.concatenate(chunks)
    return positions[positions < size]


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
