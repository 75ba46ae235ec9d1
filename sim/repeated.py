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

Beside the simulation: round-robin :func:`tournament` (as in Axelrod's), and the theory,
:func:`critical_discount_factor` (folk theorem) and :func:`payoff_region` (feasible and
individually rational payoffs).

>>> import numpy as np
>>> A = np.array([[3., 0.], [5., 1.]])
>>> result = play_matches("tit_for_tat", "alternator", A, A.T, turns=4, matches=1,
...                       noise=0.0, rng=np.random.default_rng(0))
>>> result.row_actions.tolist(), result.row_scores.tolist()
([[0, 0, 1, 0]], [8.0])
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linprog
from scipy.spatial import ConvexHull, QhullError

from sim.solvers import validate_game
from sim.strategies import Automaton, Strategy, get_strategy

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


def play_matches(row_strategy: str | Strategy, col_strategy: str | Strategy, A, B,
                 turns: int, matches: int, noise: float, rng: np.random.Generator,
                 discount: float | None = None) -> MatchResult:
    """Play ``matches`` independent matches of ``turns`` rounds, all at once.

    Parameters
    ----------
    row_strategy, col_strategy : str or Strategy
        Registry names (:data:`sim.strategies.REGISTRY`) or strategy objects.
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


def _simulate(row: Automaton, col: Automaton, A: np.ndarray, B: np.ndarray, turns: int,
              matches: int, noise: float, rng: np.random.Generator,
              discount: float | None) -> MatchResult:
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
        table[:, :self.n, :self.m] = self._code(
            row, col, row.transitions[s_r[:, None, None], a_r, a_c],
            col.transitions[s_c[:, None, None], a_c, a_r], states_c)
        self.table = table.ravel().astype(_smallest_uint(table.size))
        self.initial_code = int(self._code(row, col, row.initial_state, col.initial_state,
                                           states_c))
        self.stochastic = row.stochastic or col.stochastic
        self.generosity = tuple(np.repeat(g, 1 << self.shift) for g in
                                (row.generosity[s_r], col.generosity[s_c]))

    def _code(self, row, col, s_r, s_c, states_c):
        return (((s_r * states_c + s_c) << self.shift)
                | (row.actions[s_r].astype(np.intp) << self.col_bits) | col.actions[s_c])

    def forgive(self, index: np.ndarray, rng: np.random.Generator) -> None:
        """Generous states play action 0 with their probability (row, then column)."""
        for player, generosity in enumerate(self.generosity):
            where = np.flatnonzero(rng.random(len(index)) < generosity.take(index))
            index[where] &= ~self._mask(player)

    def perturb(self, index: np.ndarray, row_flips: np.ndarray, col_flips: np.ndarray,
                rng: np.random.Generator) -> None:
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
        self.block_start = None
        self.empty = np.empty(0, dtype=np.intp)

    def turn(self, t: int) -> tuple[np.ndarray, np.ndarray]:
        if self.noise == 0:
            return self.empty, self.empty
        if self.block_start is None or t >= self.block_start + self.BLOCK:
            self._draw_block(t)
        offset = (t - self.block_start) * self.matches
        return tuple(positions[bounds[t - self.block_start]:bounds[t - self.block_start + 1]]
                     - offset for positions, bounds in self.block)

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
        gaps = rng.geometric(p, size=int(expected + 6 * expected ** 0.5 + 16))
        positions = last + np.cumsum(gaps)
        chunks.append(positions)
        last = positions[-1]
    positions = np.concatenate(chunks)
    return positions[positions < size]


def _scored(actions: tuple[np.ndarray, np.ndarray], A: np.ndarray, B: np.ndarray,
            discount: float | None) -> MatchResult:
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
    discounted = (None, None)
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


def _column_sums(values: np.ndarray) -> np.ndarray:
    """Sums over turns (axis 0) of a uint8 0/1 array, in uint16 blocks (fast, exact)."""
    block = np.iinfo(np.uint16).max
    return sum(values[start:start + block].sum(axis=0, dtype=np.uint16).astype(np.intp)
               for start in range(0, len(values), block)) if len(values) else 0


def _weighted_totals(row: np.ndarray, col: np.ndarray, A: np.ndarray, B: np.ndarray,
                     weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
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
    return MatchResult(rows(one.row_actions), rows(one.col_actions), rows(one.row_scores),
                       rows(one.col_scores), rows(one.row_discounted),
                       rows(one.col_discounted))


# ---------------------------------------------------------------- tournaments

@dataclass(frozen=True, eq=False)
class Tournament:
    """A round robin: every row strategy against every column strategy.

    Attributes
    ----------
    row_names, col_names : tuple of str
    mean_scores : float array (2, rows, cols)
        Mean total score per match of the row player ``[0]`` and column player ``[1]``.
    standard_errors : float array (2, rows, cols)
        Standard errors of those means over the repetitions.
    turns, repetitions : int
    """

    row_names: tuple[str, ...]
    col_names: tuple[str, ...]
    mean_scores: np.ndarray
    standard_errors: np.ndarray
    turns: int
    repetitions: int

    def table(self) -> list[dict]:
        """One tidy record per match-up: names, mean scores and standard errors."""
        return [{"row": r, "col": c, "row_score": float(self.mean_scores[0, i, j]),
                 "col_score": float(self.mean_scores[1, i, j]),
                 "row_se": float(self.standard_errors[0, i, j]),
                 "col_se": float(self.standard_errors[1, i, j])}
                for i, r in enumerate(self.row_names) for j, c in enumerate(self.col_names)]

    def ranking(self, player: int = 0) -> list[tuple[str, float]]:
        """``(name, mean score per turn over all opponents)``, best first.

        ``player=0`` ranks the row strategies, ``1`` the column strategies. In a symmetric
        game played by one list of strategies, the row ranking is Axelrod's ranking by
        mean score per turn (self-play included).
        """
        names = (self.row_names, self.col_names)[player]
        per_turn = self.mean_scores[player].mean(axis=1 - player) / max(self.turns, 1)
        order = sorted(range(len(names)), key=lambda k: (-per_turn[k], names[k]))
        return [(names[k], float(per_turn[k])) for k in order]


def tournament(strategies, A, B, turns: int, repetitions: int, noise: float,
               rng: np.random.Generator, col_strategies=None) -> Tournament:
    """Round robin of ``strategies`` (as rows) against ``col_strategies`` (default: the same).

    Each match-up is ``repetitions`` matches of ``turns`` rounds played by
    :func:`play_matches` (Axelrod 1984, ch. 2: every entry meets every entry, itself
    included). Scores are means per match with standard errors.
    """
    rows = [get_strategy(s) for s in strategies]
    cols = rows if col_strategies is None else [get_strategy(s) for s in col_strategies]
    means = np.zeros((2, len(rows), len(cols)))
    errors = np.zeros_like(means)
    for i, row in enumerate(rows):
        for j, col in enumerate(cols):
            result = play_matches(row, col, A, B, turns, repetitions, noise, rng)
            for k, scores in enumerate((result.row_scores, result.col_scores)):
                means[k, i, j] = scores.mean()
                errors[k, i, j] = scores.std(ddof=1) / math.sqrt(len(scores)) \
                    if len(scores) > 1 else 0.0
    return Tournament(tuple(s.name for s in rows), tuple(s.name for s in cols), means,
                      errors, turns, repetitions)


# ---------------------------------------------------------------- theory

#: Strategies whose mutual play :func:`critical_discount_factor` analyses.
THRESHOLD_STRATEGIES = ("grim_trigger", "tit_for_tat")


@dataclass(frozen=True)
class StageTerms:
    """One player's generalised prisoner's-dilemma payoffs in a stage game.

    ``R`` both cooperate (action 0); ``T`` the best deviation against a cooperating
    opponent; ``S`` cooperating against a punishing opponent (its last action);
    ``P`` the best non-cooperative action against it. For a 2x2 PD these are the
    usual ``R, T, S, P``.
    """

    R: float
    S: float
    T: float
    P: float


def stage_terms(A, B) -> tuple[StageTerms, StageTerms]:
    """The row's and the column's :class:`StageTerms` (the column's from ``B.T``)."""
    A, B = validate_game(A, B)
    if min(A.shape) < 2:
        raise ValueError(f"each player needs at least two actions, got {A.shape}")
    return tuple(StageTerms(R=float(M[0, 0]), S=float(M[0, -1]), T=float(M[1:, 0].max()),
                            P=float(M[1:, -1].max())) for M in (A, B.T))


def critical_discount_factor(A, B, strategy: str = "grim_trigger") -> float:
    """Smallest ``delta`` from which mutual ``strategy`` sustains cooperation, for both.

    Each player compares cooperating forever, ``R / (1 - delta)``, with its best
    deviation against the other's automaton (a two-state decision problem):

    * grim trigger: ``R >= (1 - delta) T + delta max(S, P)`` (deviate, then best-respond
      to punishment forever; Friedman 1971, Fudenberg and Maskin 1986). For a PD
      (``T > R > P > S``): ``delta >= (T - R) / (T - P)``.
    * tit-for-tat: ``R >= (1 - delta) T + delta P`` (defect forever) and
      ``R (1 + delta) >= T + delta S`` (alternate). For a PD:
      ``delta >= max((T - R) / (T - P), (T - R) / (R - S))`` (Axelrod 1984, ch. 3,
      Proposition 2: TFT is collectively stable).

    The terms are :func:`stage_terms`, so the result holds for any stage game in which
    action 0 is cooperation and the last action is the punishment, e.g. the coercion
    game with concession levels. Returns the smallest ``delta`` in ``[0, 1)`` such that
    every ``delta'`` in ``[delta, 1)`` satisfies both players' conditions (0 when no
    player is ever tempted), or ``math.inf`` when none does. These are Nash conditions;
    grim trigger is also subgame perfect when the punishment profile is a stage Nash
    equilibrium (:func:`punishment_is_nash`).

    >>> A = [[3, 0], [5, 1]]
    >>> critical_discount_factor(A, [[3, 5], [0, 1]], "grim_trigger")
    0.5
    >>> critical_discount_factor(A, [[3, 5], [0, 1]], "tit_for_tat")
    0.6666666666666666
    """
    if strategy not in THRESHOLD_STRATEGIES:
        raise ValueError(f"strategy must be one of {THRESHOLD_STRATEGIES}, got {strategy!r}")
    return max(_player_threshold(terms, strategy) for terms in stage_terms(A, B))


def _player_threshold(x: StageTerms, strategy: str) -> float:
    """Each condition is linear in delta: ``c0 + c1 delta >= 0``."""
    if strategy == "grim_trigger":
        conditions = [(x.R - x.T, x.T - max(x.S, x.P))]
    else:
        conditions = [(x.R - x.T, x.T - x.P), (x.R - x.T, x.R - x.S)]
    return max(_linear_threshold(c0, c1) for c0, c1 in conditions)


def _linear_threshold(c0: float, c1: float) -> float:
    """Smallest d in [0, 1) with ``c0 + c1 x >= 0`` for every x in [d, 1), or inf."""
    if c1 > 0:
        bound = -c0 / c1
        return max(0.0, bound) if bound < 1 else math.inf
    return 0.0 if c0 + c1 >= 0 and c0 >= 0 else math.inf


def punishment_is_nash(A, B) -> bool:
    """True when both playing their last action is a stage Nash equilibrium."""
    A, B = validate_game(A, B)
    return bool(A[-1, -1] >= A[:, -1].max() and B[-1, -1] >= B[-1, :].max())


@dataclass(frozen=True, eq=False)
class PayoffRegion:
    """Feasible and individually rational payoffs of a stage game (Fudenberg-Maskin).

    Attributes
    ----------
    feasible : float array (k, 2)
        Vertices of the convex hull of the pure payoff pairs, counter-clockwise.
    minmax : tuple of float
        Each player's minmax value ``(v_row, v_col)``.
    punishers : tuple of arrays
        The mixed strategy with which the column holds the row to ``v_row``, and the one
        with which the row holds the column to ``v_col``.
    individually_rational : float array (k', 2)
        Vertices of the feasible payoffs with ``u_row >= v_row`` and ``u_col >= v_col``.
    """

    feasible: np.ndarray
    minmax: tuple[float, float]
    punishers: tuple[np.ndarray, np.ndarray]
    individually_rational: np.ndarray


def payoff_region(A, B) -> PayoffRegion:
    """The feasible set and its individually rational part.

    Folk theorem (Fudenberg and Maskin 1986): every feasible payoff pair strictly above
    both minmax values is a subgame-perfect equilibrium payoff of the repeated game for
    discount factors close enough to 1 (in two-player games).

    >>> region = payoff_region([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> region.minmax
    (1.0, 1.0)
    """
    A, B = validate_game(A, B)
    v_row, punish_row = minmax_value(A)
    v_col, punish_col = minmax_value(B.T)
    hull = convex_hull(np.column_stack((A.ravel(), B.ravel())))
    rational = _clip(_clip(hull, 0, v_row), 1, v_col)
    return PayoffRegion(hull, (v_row, v_col), (punish_row, punish_col), rational)


def minmax_value(M) -> tuple[float, np.ndarray]:
    """``min_y max_i (M y)_i`` and the minimising ``y``, by linear programming.

    The player choosing rows gets ``M``; the opponent's mixed strategy ``y`` holds it
    down. Variables ``(y, v)``: minimise ``v`` subject to ``M y <= v``, ``sum y = 1``,
    ``y >= 0`` (scipy's HiGHS).
    """
    M = np.asarray(M, dtype=float)
    m, n = M.shape
    result = linprog(c=np.r_[np.zeros(n), 1.0], A_ub=np.c_[M, -np.ones(m)],
                     b_ub=np.zeros(m), A_eq=np.r_[np.ones(n), 0.0][None, :], b_eq=[1.0],
                     bounds=[(0, None)] * n + [(None, None)], method="highs")
    if not result.success:
        raise RuntimeError(f"minmax linear program failed: {result.message}")
    y = np.clip(result.x[:n], 0, None)
    y /= y.sum()
    return float((M @ y).max()), y


def convex_hull(points: np.ndarray) -> np.ndarray:
    """Vertices of the convex hull of 2-D points, counter-clockwise (a segment or a point
    when the points are collinear)."""
    points = np.unique(np.asarray(points, dtype=float), axis=0)
    if len(points) >= 3:
        try:
            return points[ConvexHull(points).vertices]
        except QhullError:
            pass
    if len(points) == 1:
        return points
    direction = points[-1] - points[0]
    along = points @ direction
    return points[[along.argmin(), along.argmax()]]


def _clip(polygon: np.ndarray, axis: int, bound: float) -> np.ndarray:
    """The part of a convex polygon with coordinate ``axis >= bound`` (Sutherland-Hodgman)."""
    result = []
    for k, here in enumerate(polygon):
        after = polygon[(k + 1) % len(polygon)]
        if here[axis] >= bound:
            result.append(here)
        if (here[axis] >= bound) != (after[axis] >= bound):
            share = (bound - here[axis]) / (after[axis] - here[axis])
            result.append(here + share * (after - here))
    points = np.array(result, dtype=float).reshape(-1, 2)
    _, first = np.unique(points, axis=0, return_index=True)
    return points[np.sort(first)]
