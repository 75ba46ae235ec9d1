"""Nash equilibria of two-player normal-form games, verified before they are returned.

``A[i, j]`` and ``B[i, j]`` are the row and column player's payoffs, shape ``(m, n)``.
Three algorithms, each cited where it is implemented:

- **Vertex enumeration** (Algorithm 3.5 of Nisan, Roughgarden, Tardos and Vazirani,
  *Algorithmic Game Theory*, 2007, ch. 3; Avis, Rosenberg, Savani and von Stengel 2010):
  every vertex of both best-response polytopes, every fully labelled pair. Complete: it
  finds all extreme equilibria, also in degenerate games. Each vertex is found once
  (:mod:`sim.solve.polytopes`: every basis of small polytopes in one batch, Qhull on the
  polar of larger ones, degenerate vertices included), at a cost that grows with the
  number of vertices; where those cannot vouch for their answer, every basis is tried,
  ``comb(m + n, m)`` small systems, the worst case the budget of degenerate games bounds.
- **Support enumeration** (Algorithm 3.4 of Nisan et al. 2007), through nashpy. Fast on
  tiny games but incomplete: it skips supports of unequal size (degenerate games), and
  rejects a support when a probability forced to zero comes out as -1e-17, which loses
  equilibria of generic games too (2% of 3x3 and 14% of 5x5 uniform random games; see
  ``benchmarks/bench_solvers.py``).
- **Lemke–Howson** (Lemke and Howson 1964; Algorithm 3.6 of Nisan et al. 2007): one
  path per initially dropped label, exact integer pivoting with the lexicographic rule,
  so it cannot cycle, and a cap on pivots against exponentially long paths. Finds some
  equilibria, not all.

:func:`solve_game` picks one (``method="auto"``: complete enumeration within the work
budget of :mod:`sim.solve.budgets`, Lemke–Howson beyond) and says whether the set is complete.
Every candidate is re-checked as a mutual best response with one tolerance
(:data:`TOLERANCE`) and duplicates are removed, so what is returned is a tuple of checked
records, never a raw generator.

Vertex enumeration works in floating point on payoffs normalised to [1, 2], each column
of ``A`` and each row of ``B`` shifted to start at the bottom (adding a constant to a
column of ``A`` or a row of ``B`` changes no best response: :mod:`sim.solve.scaling`).
There, payoff differences below ~1e-9 of a player's payoff range count as ties (a
degenerate game), so near-ties may add equilibria that hold within :data:`TOLERANCE`.
A badly scaled game (one payoff of 1e6 beside payoffs in [0, 1), where an equilibrium
can put 3e-7 on the big payoff and the slacks that decide tight constraints, payoff
differences times such probabilities, fall near 1e-9 of the range) is beyond what that
tolerance resolves: floats would drop or invent equilibria.
:func:`sim.solve.scaling.well_resolved` estimates the smallest such slack; below
``sim.solve.scaling.RESOLUTION_FLOOR`` (1e-7 of the range) the game is enumerated in exact integer arithmetic instead
(:mod:`sim.solve.exact_vertices`: fraction-free pivoting over every basis, as Avis' lrs
does; Bareiss 1968), within the work budget ``sim.solve.budgets.EXACT_VERTEX_SYSTEMS``
(9x9); beyond it the floating-point answer comes back with ``complete=False``, the reason
in ``SolveResult.note`` and an :class:`IncompleteEnumeration` warning, never as complete.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, replace
from fractions import Fraction
from itertools import combinations, islice
from math import comb, lcm

import numpy as np

from sim.solve.budgets import (
    OverBudget,
    check_exact_vertex_work,
    check_exhaustive_vertex_work,
    check_game_work,
    within_game_work,
)
from sim.solve.exact_vertices import exact_equilibria, integer_payoffs
from sim.solve.polytopes import (
    fully_labelled_pairs,
    has_degenerate_vertex,
    label_keys,
    vertices_by_bases,
    vertices_by_hull,
    vertices_in_the_plane,
)
from sim.solve.scaling import TIE_LEVEL, normalised, well_resolved

#: Payoff tolerance of the best-response check and of deduplication (relative to scale).
TOLERANCE = 1e-9

#: The solution methods of :func:`solve_game` and :func:`nash_equilibria`.
METHODS = ("auto", "vertex", "support", "lemke_howson")

#: Polytopes with at most this many bases, ``comb(rows + dim, dim)``, are enumerated
#: basis by basis in one numpy batch (up to 4x4: 70); larger ones through Qhull, whose
#: fixed cost (~0.2 ms a call) is then smaller (``python benchmarks/bench_solvers.py``).
BASES_LIMIT = 100
#: Qhull finds the vertices of polytopes of up to this many dimensions (strategies of
#: the other player); beyond, every basis is tried (:func:`_polytope_vertices`).
HULL_MAX_DIM = 30

#: Default cap on the pivots of one Lemke–Howson path.
MAX_PIVOTS = 10_000

#: Largest payoff magnitude the solvers represent: sums and spans of payoffs (the
#: scaling, the best-response check) then stay finite, with room to spare.
MAX_ABS_PAYOFF = 1e150

#: Slack below which a polytope constraint counts as tight, payoffs normalised to [1, 2].
_VERTEX_TOL = 1e-9
#: Largest slack of a vertex's own labels (|z_i| on a zero coordinate, |(M z)_r - 1| on a
#: tight row) at which a point the enumeration solved stands for the vertex.
RESIDUAL = 1e-12
#: Vertex enumeration skips systems with |det| below this fraction of the product of
#: their row norms (Hadamard's bound): singular or too ill-conditioned to solve.
_MIN_HADAMARD_RATIO = 1e-10
_SYSTEMS_PER_CHUNK = 8192


@dataclass(frozen=True)
class Equilibrium:
    """A Nash equilibrium: each player's mixed strategy and expected payoff."""

    row_strategy: tuple[float, ...]
    col_strategy: tuple[float, ...]
    row_payoff: float
    col_payoff: float

    @property
    def is_pure(self) -> bool:
        """True when both players put all weight on one action."""
        return max(self.row_strategy) > 1 - 1e-12 and max(self.col_strategy) > 1 - 1e-12


@dataclass(frozen=True)
class SolveResult:
    """What a solver found and how much it can promise.

    Attributes
    ----------
    equilibria : tuple of Equilibrium
        Checked, distinct, sorted.
    method : str
        What ran: ``"vertex"``, ``"vertex+support"``, ``"support"`` or ``"lemke_howson"``.
    complete : bool
        True when ``equilibria`` are provably all extreme equilibria of the game.
    degenerate : bool or None
        Whether the game is degenerate; None when the method could not tell cheaply.
    capped_paths : int
        Lemke–Howson paths stopped by the pivot cap (0 for the other methods).
    interrupted : bool
        Ctrl-C stopped Lemke–Howson after some paths: the equilibria are those found.
    note : str
        How vertex enumeration answered a badly scaled game (:mod:`sim.solve.scaling`):
        in exact arithmetic, or, beyond that path's work budget, in floating point with
        ``complete=False`` and the reason; empty otherwise.
    """

    equilibria: tuple[Equilibrium, ...]
    method: str
    complete: bool
    degenerate: bool | None
    capped_paths: int = 0
    interrupted: bool = False
    note: str = ""


class IncompleteEnumeration(UserWarning):
    """Vertex enumeration answered in floating point a game that floats cannot resolve."""


def validate_game(A, B) -> tuple[np.ndarray, np.ndarray]:
    """Both payoff matrices as float arrays, or ``ValueError`` saying what is wrong.

    >>> validate_game([[1, 2]], [[0, 0]])[0].shape
    (1, 2)
    """
    A, B = _as_matrix(A, "A"), _as_matrix(B, "B")
    if A.shape != B.shape:
        raise ValueError(f"payoff matrices differ in shape: A is {A.shape}, B is {B.shape}")
    return A, B


def _as_matrix(values, name: str) -> np.ndarray:
    """One payoff matrix as a finite, non-empty 2-D float array."""
    try:
        matrix = np.asarray(values, dtype=float)
    except (TypeError, ValueError) as error:
        raise ValueError(f"payoff matrix {name} is not numeric: {error}") from None
    if matrix.ndim != 2:
        raise ValueError(f"payoff matrix {name} must be 2-D, got shape {matrix.shape}")
    if matrix.size == 0:
        raise ValueError(f"payoff matrix {name} is empty (shape {matrix.shape})")
    if not np.isfinite(matrix).all():
        raise ValueError(f"payoff matrix {name} has non-finite entries (NaN or infinity)")
    largest = float(np.abs(matrix).max())
    if largest > MAX_ABS_PAYOFF:
        raise ValueError(
            f"payoff matrix {name} has a payoff of magnitude {largest:.3g}, "
            f"beyond the {MAX_ABS_PAYOFF:.0e} the solvers can represent "
            "(rescale the payoffs)"
        )
    return matrix


def is_best_response_pair(
    A: np.ndarray, B: np.ndarray, row: np.ndarray, col: np.ndarray, tolerance: float = TOLERANCE
) -> bool:
    """True when ``row`` and ``col`` are mutual best responses in the game ``(A, B)``.

    No pure deviation gains more than ``tolerance`` times the game's payoff scale.
    """
    scale = max(1.0, float(np.abs(A).max()), float(np.abs(B).max()))
    row_values, col_values = A @ col, row @ B
    return bool(
        row_values.max() - row @ row_values <= tolerance * scale
        and col_values.max() - col_values @ col <= tolerance * scale
    )


def is_degenerate(A, B) -> bool:
    """True when some mixed strategy with support size k has more than k pure best responses.

    The general definition (Nisan et al. 2007, ch. 3), not only pure-strategy ties: the
    game is degenerate if and only if some vertex of a best-response polytope has more
    labels (pure strategies unplayed plus pure best responses) than its dimension. Ties
    count when they are within ~1e-9 of that player's payoff range; in a badly scaled
    game (:mod:`sim.solve.scaling`) only exact ties count, up to 9x9 (the exact path's
    budget; beyond, the floating-point answer, with a warning). The cost is that of
    vertex enumeration: that of finding each vertex once (~7 ms at 10x10, ~1 s at
    15x15; ~18 ms for 10x10 games of integer payoffs in [-3, 3], degenerate), or, where
    that cannot vouch for its answer, of trying every basis, ``comb(m + n, m)`` small
    linear solves per player: ~25 ms at 8x8, ~0.7 s at 10x10, impractical beyond ~12x12.
    For 2x2 games it is the same as a pure strategy with two pure best responses.

    >>> is_degenerate([[1, 1], [0, 2]], [[1, 1], [1, 0]])
    True
    >>> is_degenerate([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    False
    """
    A, B = validate_game(A, B)
    return _extreme_candidates(A, B)[1]


def nash_equilibria(A, B, method: str = "auto") -> tuple[Equilibrium, ...]:
    """Nash equilibria of the bimatrix game ``(A, B)``, checked, sorted, unique.

    With ``method="auto"`` (or ``"vertex"``) these are all extreme equilibria whenever
    vertex enumeration is within its work budget; beyond, some found by Lemke–Howson. Use
    :func:`solve_game` to learn which.

    >>> A = np.array([[3.0, 0.0], [5.0, 1.0]])  # prisoner's dilemma
    >>> [e.row_strategy for e in nash_equilibria(A, A.T)]
    [(0.0, 1.0)]
    """
    return solve_game(A, B, method).equilibria


def solve_game(A, B, method: str = "auto", max_pivots: int = MAX_PIVOTS, budget: float = 1.0) -> SolveResult:
    """Solve the bimatrix game ``(A, B)`` and say whether the set found is complete.

    Parameters
    ----------
    A, B : array_like, shape (m, n)
        Row and column player's payoffs; finite.
    method : {"auto", "vertex", "support", "lemke_howson"}
        ``auto``: vertex enumeration when within its work budget
        (``sim.solve.budgets.check_game_work``), else Lemke–Howson from every initial
        dropped label. Vertex enumeration runs in exact arithmetic on badly scaled games
        (:mod:`sim.solve.scaling`), and beyond that path's budget says it is incomplete.
    max_pivots : int
        Cap on the pivots of each Lemke–Howson path.
    budget : float
        Multiplier of the work budget of the method (:mod:`sim.solve.budgets`).

    Returns
    -------
    SolveResult
        ``complete`` is False, with the reason in ``note`` and an
        :class:`IncompleteEnumeration` warning, for a badly scaled game beyond the exact
        path's budget. Never an empty set of equilibria unless Lemke–Howson paths hit the
        pivot cap (then ``capped_paths`` says so): every finite game has one, so when a method finds none
        (round-off at extreme payoffs) one exact Lemke–Howson path is added, and if even
        that fails the call raises.

    Raises
    ------
    ValueError
        Non-finite, empty, non-2-D or mismatched payoffs, payoffs beyond
        :data:`MAX_ABS_PAYOFF`; an unknown method; ``sim.solve.budgets.OverBudget`` for a game
        beyond the method's work budget (for ``vertex`` and ``auto`` also a degenerate
        game whose every-basis enumeration is beyond it: refused, never truncated).
    ArithmeticError
        No equilibrium found at all (a numerical failure; never for representable games
        in the tests).

    Examples
    --------
    >>> result = solve_game([[1, 0], [0, 1]], [[1, 0], [0, 1]])
    >>> len(result.equilibria), result.complete, result.degenerate
    (3, True, False)
    >>> solve_game([[1, 0], [0, 1]], [[1, 0], [0, 1]], "lemke_howson").complete
    False
    """
    A, B = validate_game(A, B)
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; expected one of {', '.join(METHODS)}")
    if method == "auto":
        method = "vertex" if within_game_work(A.shape, "vertex", budget) else "lemke_howson"
    check_game_work(A.shape, method, budget)
    result = _SOLVERS[method](A, B, max_pivots, budget)
    if result.equilibria or result.capped_paths:  # capped paths: said so, not an answer
        return result
    return _one_exact_equilibrium(A, B, result, max_pivots)


def _one_exact_equilibrium(A, B, result: SolveResult, max_pivots: int) -> SolveResult:
    """``result`` with the end of one exact Lemke–Howson path, as it found none at all."""
    end = _lemke_howson_path(_integer_payoffs(A), _integer_payoffs(B), 0, max_pivots)
    found = _records(A, B, [end]) if end is not None else ()
    if not found:
        raise ArithmeticError(
            f"{result.method} found no equilibrium of this game and an "
            "exact Lemke-Howson path none either: the payoffs are beyond "
            "what the solvers can handle"
        )
    return replace(result, equilibria=found, complete=False)


def _solve_by_vertices(A, B, max_pivots, budget) -> SolveResult:
    """All extreme equilibria by vertex enumeration (complete unless ``note`` says why not)."""
    candidates, degenerate, complete, note = _extreme_candidates(A, B, budget, budget)
    return SolveResult(_records(A, B, candidates), "vertex", complete, degenerate, note=note)


def _extreme_candidates(A: np.ndarray, B: np.ndarray, budget: float = math.inf, exact_budget: float = 1.0):
    """Candidate extreme equilibria, degeneracy, whether complete, and a note.

    Floating point when :func:`sim.solve.scaling.well_resolved` (``budget`` multiplies its
    exhaustive budget); else exact integer arithmetic (:mod:`sim.solve.exact_vertices`)
    within ``exact_budget`` times its work budget, and beyond it floating point again,
    incomplete, with an :class:`IncompleteEnumeration` warning.
    """
    if well_resolved(A, B):
        return (*_vertex_enumeration(A, B, budget), True, "")
    try:
        check_exact_vertex_work(A.shape, exact_budget)
    except OverBudget as error:
        note = (
            "badly scaled payoffs (slacks that decide best responses may fall below 1e-7 of the "
            f"payoff range) were enumerated in floating point, which may miss equilibria: {error}"
        )
        warnings.warn(note, IncompleteEnumeration, stacklevel=4)
        return (*_vertex_enumeration(A, B, budget), False, note)
    exact = integer_payoffs(A, 0, TIE_LEVEL), integer_payoffs(B, 1, TIE_LEVEL)
    note = "badly scaled payoffs (slacks that decide best responses may fall below 1e-7 of the range): exact arithmetic"
    return (*exact_equilibria(*exact), True, note)


def _solve_by_supports(A, B, max_pivots, budget) -> SolveResult:
    """nashpy's support enumeration alone (incomplete)."""
    return SolveResult(
        _records(A, B, _support_enumeration(A, B)), "support", False, True if _has_pure_ties(A, B) else None
    )


def _solve_by_lemke_howson(A, B, max_pivots, budget) -> SolveResult:
    """Lemke–Howson from every initial dropped label (incomplete)."""
    candidates, capped, interrupted = _lemke_howson_all_labels(A, B, max_pivots)
    return SolveResult(
        _records(A, B, candidates), "lemke_howson", False, True if _has_pure_ties(A, B) else None, capped, interrupted
    )


_SOLVERS = {"vertex": _solve_by_vertices, "support": _solve_by_supports, "lemke_howson": _solve_by_lemke_howson}


def _has_pure_ties(A: np.ndarray, B: np.ndarray) -> bool:
    """A cheap sufficient sign of degeneracy: a pure strategy with two pure best responses."""
    col_ties = np.isclose(A, A.max(axis=0), rtol=0, atol=_VERTEX_TOL * _span(A)).sum(axis=0)
    row_ties = np.isclose(B, B.max(axis=1, keepdims=True), rtol=0, atol=_VERTEX_TOL * _span(B)).sum(axis=1)
    return bool((col_ties > 1).any() or (row_ties > 1).any())


# --- vertex enumeration ----------------------------------------------------------------


def _vertex_enumeration(A: np.ndarray, B: np.ndarray, budget: float = math.inf):
    """Fully labelled vertex pairs of the best-response polytopes, and a degeneracy flag.

    P = {x >= 0, B'^T x <= 1} and Q = {A' y <= 1, y >= 0} with payoffs normalised to
    [1, 2] per column of A and row of B (:func:`sim.solve.scaling.normalised`; Nisan et
    al. 2007, ch. 3); label i < m is row strategy i (x_i = 0 or (A'y)_i = 1),
    label m + j column strategy j. A vertex with more labels than its dimension makes
    the game degenerate. :mod:`sim.solve.polytopes` finds each vertex once with its labels
    when it can vouch for them. When both polytopes are simple each vertex has exactly its
    dimension in labels and a pair is an equilibrium exactly when their label sets are
    complements; when one is degenerate, when together they hold every label. Where it
    cannot vouch, every basis is tried (:func:`_polytope_vertices`). Degenerate games stay
    within the exhaustive work budget either way. A simple game's equilibria are solved
    from their supports (:func:`_vertex`); a degenerate game's keep the points the
    enumeration solved (:func:`_degenerate_vertices`).
    """
    m, n = A.shape
    P, Q = normalised(B, 1).T, normalised(A, 0)
    x_found, y_found = _simple_vertices(P, Q)
    if x_found is not None and y_found is not None:
        (x_labels, x_points), (y_labels, y_points) = x_found, y_found
        y_labels = np.hstack([y_labels[:, n:], y_labels[:, :n]])  # as game labels
        # Every vertex has at least its dimension in labels: these totals mean none has more.
        if np.count_nonzero(x_labels) == m * len(x_labels) and np.count_nonzero(y_labels) == n * len(y_labels):
            xi, yi = _complements(label_keys(~x_labels), label_keys(y_labels))
            pairs = [
                (_vertex(P, x_labels[i, :m], x_labels[i, m:]), _vertex(Q, y_labels[j, m:], y_labels[j, :m]))
                for i, j in zip(xi, yi)
            ]
            return [(x / x.sum(), y / y.sum()) for x, y in pairs], False
        check_exhaustive_vertex_work(A.shape, budget)
        matched = fully_labelled_pairs(x_labels, y_labels).tolist()
        xs = _degenerate_vertices(P, x_labels[:, :m], x_labels[:, m:], x_points, {i for i, _ in matched})
        ys = _degenerate_vertices(Q, y_labels[:, m:], y_labels[:, :m], y_points, {j for _, j in matched})
        return [(xs[i], ys[j]) for i, j in matched], True
    check_exhaustive_vertex_work(A.shape, budget)
    xs, x_zero, x_tight = _polytope_vertices(P)
    ys, y_zero, y_tight = _polytope_vertices(Q)
    x_labels, y_labels = np.hstack([x_zero, x_tight]), np.hstack([y_tight, y_zero])
    pairs = [(xs[i] / xs[i].sum(), ys[j] / ys[j].sum()) for i, j in fully_labelled_pairs(x_labels, y_labels)]
    return pairs, has_degenerate_vertex(x_labels, y_labels, A.shape)


def _degenerate_vertices(M: np.ndarray, zero: np.ndarray, tight: np.ndarray, points, wanted: set) -> dict:
    """The vertices ``wanted`` (row indices of the label masks ``zero`` and ``tight``) of a
    degenerate game's polytope ``{z >= 0, M z <= 1}``, each scaled to sum to one.

    The points the enumeration solved (:mod:`sim.solve.polytopes`: from a basis or from
    Qhull's polar) where each holds its own labels to :data:`RESIDUAL`; any other vertex
    is solved again from all its tight constraints (:func:`_vertex`, least squares on a
    degenerate vertex).
    """
    rows = sorted(wanted)
    chosen = np.asarray(points, dtype=float).reshape(-1, M.shape[1])[rows]  # (a list in the plane)
    off = ((np.abs(chosen) > RESIDUAL) & zero[rows]).any(axis=1)
    off |= ((np.abs(chosen @ M.T - 1.0) > RESIDUAL) & tight[rows]).any(axis=1)
    found = {}
    for i, point, again in zip(rows, chosen, off.tolist()):
        if again:
            point = _vertex(M, zero[i], tight[i])
        found[i] = point / point.sum()
    return found


def _complements(x_keys: np.ndarray, y_keys: np.ndarray) -> tuple[list, list]:
    """Indices ``(i, j)`` with ``x_keys[i] == y_keys[j]`` (each array's keys distinct)."""
    if len(x_keys) * len(y_keys) > 10_000:
        _, xi, yi = np.intersect1d(x_keys, y_keys, assume_unique=True, return_indices=True)
        return xi.tolist(), yi.tolist()
    position = {key: j for j, key in enumerate(y_keys.tolist())}
    pairs = [(i, position[key]) for i, key in enumerate(x_keys.tolist()) if key in position]
    return [i for i, _ in pairs], [j for _, j in pairs]


def _simple_vertices(P: np.ndarray, Q: np.ndarray) -> list:
    """Labels and points ``(labels, points)`` of the vertices of ``{z >= 0, M z <= 1}``, M = P
    and Q, each vertex once.

    Simple polytopes, and degenerate ones (ties) where :mod:`sim.solve.polytopes` can vouch
    for every vertex. Basis by basis while ``comb(rows + dim, dim) <= BASES_LIMIT`` (or in
    one dimension; P and Q in one batch when square), by Qhull up to :data:`HULL_MAX_DIM`
    dimensions; None beyond (and for doubtful polytopes), which sends the caller to
    trying every basis.
    """
    if P.shape == Q.shape and _by_bases(P.shape) and P.shape[1] != 2:
        return vertices_by_bases(P, Q, ties=True)
    found: list = []
    for M in (P, Q):
        rows, dim = M.shape
        if dim == 2 and _by_bases(M.shape):
            found.append(vertices_in_the_plane(M, ties=True))
        elif _by_bases(M.shape):
            found.append(vertices_by_bases(M, ties=True)[0])
        elif dim <= HULL_MAX_DIM and rows >= 2:
            found.append(vertices_by_hull(M))
        else:
            found.append(None)
        if found[-1] is None:
            return [None, None]
    return found


def _by_bases(shape: tuple[int, int]) -> bool:
    rows, dim = shape
    return dim == 1 or comb(rows + dim, dim) <= BASES_LIMIT


def _vertex(M: np.ndarray, zero: np.ndarray, tight: np.ndarray) -> np.ndarray:
    """The vertex of ``{z >= 0, M z <= 1}`` where ``z_i = 0`` on ``zero`` and rows ``tight``
    are tight: ``M[T, S] z_S = 1`` solved as :func:`_basic_feasible_points` solves it, or
    by least squares when more rows than unknowns are tight (a degenerate vertex)."""
    support, rows = np.flatnonzero(~zero), np.flatnonzero(tight)
    point = np.zeros(M.shape[1])
    if len(rows) > len(support):
        system = M[rows[:, None], support[None, :]]
        point[support] = np.linalg.lstsq(system, np.ones(len(rows)), rcond=None)[0]
        return point
    if len(rows) == 1:  # what LAPACK's solve gives for one unknown
        point[support] = 1.0 / M[rows[0], support[0]]
        return point
    system = M[rows[:, None], support[None, :]][None]
    point[support] = np.linalg.solve(system, np.ones((1, len(rows), 1)))[0, :, 0]
    return point


def _span(M: np.ndarray) -> float:
    return float(M.max() - M.min())


def _scaled(M: np.ndarray) -> np.ndarray:
    """``M`` mapped affinely onto [1, 2] (all ones when constant); equilibria unchanged."""
    span = _span(M)
    return np.ones_like(M) if span == 0 else 1.0 + (M - M.min()) / span


def _polytope_vertices(M: np.ndarray):
    """Non-zero vertices of the polytope ``{z >= 0, M z <= 1}`` (``M > 0``).

    A vertex with support S of size k solves ``M[T, S] z_S = 1`` for some k rows T,
    so trying every (S, T) pair, ``comb(rows + dim, dim)`` small systems in all, finds
    every vertex, degenerate ones included. Returns the distinct vertices (v, dim) and
    which of their coordinates are zero (v, dim) and rows tight (v, rows).
    """
    rows, dim = M.shape
    found = [_vertices_with_support_size(M, k) for k in range(1, min(rows, dim) + 1)]
    points = np.vstack(found)
    zero = np.abs(points) <= _VERTEX_TOL
    tight = np.abs(1.0 - points @ M.T) <= _VERTEX_TOL
    _, first = np.unique(np.hstack([zero, tight]), axis=0, return_index=True)
    return points[first], zero[first], tight[first]


def _vertices_with_support_size(M: np.ndarray, k: int) -> np.ndarray:
    """Feasible basic solutions with k tight rows of ``M`` and k free coordinates."""
    row_sets = np.array(list(combinations(range(M.shape[0]), k)), dtype=np.intp)
    supports = combinations(range(M.shape[1]), k)
    per_chunk = max(1, _SYSTEMS_PER_CHUNK // len(row_sets))
    found = [np.empty((0, M.shape[1]))]
    while len(chunk := list(islice(supports, per_chunk))):
        found.append(_basic_feasible_points(M, row_sets, np.array(chunk, dtype=np.intp)))
    return np.vstack(found)


def _basic_feasible_points(M: np.ndarray, row_sets: np.ndarray, supports: np.ndarray) -> np.ndarray:
    """Feasible solutions of ``M[T, S] z_S = 1`` (other z zero) for all T x S pairs."""
    k = row_sets.shape[1]
    T = np.repeat(row_sets, len(supports), axis=0)
    S = np.tile(supports, (len(row_sets), 1))
    systems = M[T[:, :, None], S[:, None, :]]
    sign, log_det = np.linalg.slogdet(systems)
    log_hadamard = np.log(np.linalg.norm(systems, axis=2)).sum(axis=1)
    solvable = (sign != 0) & (log_det - log_hadamard > np.log(_MIN_HADAMARD_RATIO))
    values = np.linalg.solve(systems[solvable], np.ones((solvable.sum(), k, 1)))[..., 0]
    points = np.zeros((len(values), M.shape[1]))
    np.put_along_axis(points, S[solvable], values, axis=1)
    feasible = (points >= -_VERTEX_TOL).all(axis=1) & (points @ M.T <= 1.0 + _VERTEX_TOL).all(axis=1)
    return points[feasible]


# --- support enumeration ---------------------------------------------------------------


def _support_enumeration(A: np.ndarray, B: np.ndarray) -> list:
    """Candidates from nashpy's support enumeration (Nisan et al. 2007, Algorithm 3.4)."""
    import nashpy  # imported when used: it loads networkx, which the main job never needs

    game = nashpy.Game(_scaled(A), _scaled(B))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # nashpy warns on even counts; we check all
        return list(game.support_enumeration(non_degenerate=False))


# --- Lemke–Howson ----------------------------------------------------------------------


def _lemke_howson_all_labels(A: np.ndarray, B: np.ndarray, max_pivots: int):
    """Endpoints of the Lemke–Howson paths for every initial dropped label.

    Returns the candidate strategy pairs, the number of paths stopped by the cap, and
    whether Ctrl-C stopped the search early (once a path has ended: the ends found so far
    are returned; before that the interrupt goes on up).
    """
    int_A, int_B = _integer_payoffs(A), _integer_payoffs(B)
    ends, interrupted = [], False
    for label in range(sum(A.shape)):
        try:
            ends.append(_lemke_howson_path(int_A, int_B, label, max_pivots))
        except KeyboardInterrupt:
            if not any(end is not None for end in ends):
                raise
            interrupted = True
            break
    return ([end for end in ends if end is not None], sum(end is None for end in ends), interrupted)


def _integer_payoffs(M: np.ndarray) -> np.ndarray:
    """``M`` scaled exactly to integers >= 1 (Python ints; equilibria unchanged)."""
    exact = [Fraction(value) for value in M.flat]
    scale = lcm(*(value.denominator for value in exact))
    integers = [int(value * scale) for value in exact]
    shift = 1 - min(integers)
    return np.array([value + shift for value in integers], dtype=object).reshape(M.shape)


def lemke_howson(A, B, label: int = 0, max_pivots: int = MAX_PIVOTS):
    """One Lemke–Howson path (Lemke and Howson 1964), exact and capped.

    Complementary pivoting between the tableaux of ``B^T x + s = 1`` and ``r + A y = 1``
    (Nisan et al. 2007, ch. 3, Algorithm 3.6) on the payoffs scaled exactly to positive
    integers, with integer pivoting and the lexicographic minimum-ratio rule: no
    round-off, and degenerate games cannot make it cycle. Paths can still be
    exponentially long (Savani and von Stengel 2006), hence the cap.

    Parameters
    ----------
    A, B : array_like, shape (m, n)
        Row and column player's payoffs; finite.
    label : int
        The initially dropped label: row strategy ``label`` if ``< m``, else column
        strategy ``label - m``.
    max_pivots : int
        Give up after this many pivots.

    Returns
    -------
    tuple of numpy.ndarray, or None
        The mixed strategies (an extreme equilibrium) at the path's end, or None when the
        cap was hit.

    >>> row, col = lemke_howson([[3, 1], [1, 3]], [[1, 3], [3, 1]])
    >>> row.tolist(), col.tolist()
    ([0.5, 0.5], [0.5, 0.5])
    """
    A, B = validate_game(A, B)
    if not 0 <= label < sum(A.shape):
        raise ValueError(f"label must be in 0..{sum(A.shape) - 1}, got {label}")
    return _lemke_howson_path(_integer_payoffs(A), _integer_payoffs(B), label, max_pivots)


def _lemke_howson_path(A: np.ndarray, B: np.ndarray, label: int, max_pivots: int):
    """The path dropping ``label`` on positive integer payoffs; None when capped."""
    m, n = A.shape
    tableaux = {"x": _Tableau(B.T, first_label=0, slack_label=m), "y": _Tableau(A, first_label=m, slack_label=0)}
    side, entering = ("x" if label < m else "y"), label
    for _ in range(max_pivots):
        leaving = tableaux[side].pivot(entering)
        if leaving == label:
            return tableaux["x"].strategy(range(m)), tableaux["y"].strategy(range(m, m + n))
        side, entering = ("y" if side == "x" else "x"), leaving
    return None


class _Tableau:
    """An integer tableau ``M z + slack = 1`` whose variables are named by their labels.

    Integer pivoting keeps every entry an integer (a subdeterminant); all rows share the
    denominator ``self.det`` (Nisan et al. 2007, ch. 3).
    """

    def __init__(self, M: np.ndarray, first_label: int, slack_label: int):
        rows, cols = M.shape
        self.table = np.hstack(
            [M, np.eye(rows, dtype=int).astype(object), np.ones((rows, 1), dtype=int).astype(object)]
        )
        self.column_of = {first_label + k: k for k in range(cols)}
        self.column_of.update({slack_label + k: cols + k for k in range(rows)})
        self.basis = [slack_label + k for k in range(rows)]
        self.slack_columns = list(range(cols, cols + rows))
        self.det = 1

    def pivot(self, entering: int) -> int:
        """Bring variable ``entering`` into the basis; return the label that leaves."""
        col = self.column_of[entering]
        row = self._lexicographic_min_ratio(col)
        pivot_row, pivot = self.table[row].copy(), self.table[row, col]
        self.table = (pivot * self.table - np.outer(self.table[:, col], pivot_row)) // self.det
        self.table[row], self.det = pivot_row, pivot
        leaving, self.basis[row] = self.basis[row], entering
        return leaving

    def _lexicographic_min_ratio(self, col: int) -> int:
        """The leaving row: minimum ratio, ties broken on the slack columns (no cycling)."""
        rows = [r for r in range(len(self.basis)) if self.table[r, col] > 0]
        if not rows:
            raise ArithmeticError("unbounded pivot column: payoffs must be positive")
        for key in [-1, *self.slack_columns]:
            ratios = {r: Fraction(self.table[r, key], self.table[r, col]) for r in rows}
            least = min(ratios.values())
            rows = [r for r in rows if ratios[r] == least]
            if len(rows) == 1:
                break
        return rows[0]

    def strategy(self, labels) -> np.ndarray:
        """The normalised values of the variables named ``labels`` (0 when non-basic)."""
        values = [self.table[self.basis.index(k), -1] if k in self.basis else 0 for k in labels]
        total = sum(values)
        return np.array([float(Fraction(value, total)) for value in values])


# --- checked records -------------------------------------------------------------------


def _records(A: np.ndarray, B: np.ndarray, candidates) -> tuple[Equilibrium, ...]:
    """The candidates that are mutual best responses, as distinct records, sorted.

    The test of :func:`is_best_response_pair` with the payoff scale computed once; a
    candidate within ``allclose(atol=1e-8)`` of one kept before is a duplicate. Several
    candidates are cleaned (:func:`_clean`) and compared in one batch.
    """
    candidates = list(candidates)
    if not candidates:
        return ()
    scale = TOLERANCE * max(1.0, float(np.abs(A).max()), float(np.abs(B).max()))
    if len(candidates) == 1:  # most games: no batch to build
        row, col = (_clean(np.asarray(strategy, dtype=float)) for strategy in candidates[0])
        return (_record(A, B, row, col),) if _best_responses(A, B, row, col, scale) else ()
    rows = _clean(np.array([row for row, _ in candidates], dtype=float))
    cols = _clean(np.array([col for _, col in candidates], dtype=float))
    duplicate = None  # [i, j]: candidate i is close to j, when few enough to compare all at once
    if len(candidates) <= _FEW_CANDIDATES:
        duplicate = _close_each(rows[:, None], rows[None]) & _close_each(cols[:, None], cols[None])
    found: list[Equilibrium] = []
    kept: list[int] = []
    for index, (row, col) in enumerate(zip(rows, cols)):
        if not _best_responses(A, B, row, col, scale):
            continue
        if kept and (
            duplicate[index, kept].any()
            if duplicate is not None
            else (_close_each(row, rows[kept]) & _close_each(col, cols[kept])).any()
        ):
            continue
        kept.append(index)
        found.append(_record(A, B, row, col))
    return tuple(sorted(found, key=lambda e: (e.row_strategy, e.col_strategy)))


def _best_responses(A: np.ndarray, B: np.ndarray, row: np.ndarray, col: np.ndarray, scale: float) -> bool:
    """True when ``row`` and ``col`` are best responses to each other within ``scale``."""
    row_values, col_values = A @ col, row @ B
    return bool(row_values.max() - row @ row_values <= scale and col_values.max() - col_values @ col <= scale)


def _record(A: np.ndarray, B: np.ndarray, row: np.ndarray, col: np.ndarray) -> Equilibrium:
    """The equilibrium record of cleaned strategies ``row`` and ``col``."""
    return Equilibrium(tuple(row.tolist()), tuple(col.tolist()), float(row @ A @ col), float(row @ B @ col))


#: Up to this many candidates, :func:`_records` compares every two at once.
_FEW_CANDIDATES = 64


def _close_each(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """``numpy.allclose(first, second, atol=1e-8)`` along the last axis, broadcast: one bool
    per row of ``second`` for a vector ``first``, a matrix for ``rows[:, None], rows[None]``."""
    return (np.abs(first - second) <= 1e-8 + 1e-5 * np.abs(second)).all(axis=-1)


def _clean(strategies: np.ndarray) -> np.ndarray:
    """Each strategy (a row; or one vector) with round-off below zero clipped, renormalised,
    and values within 1e-12 of 0 or 1 snapped."""
    strategies = np.maximum(np.asarray(strategies, dtype=float), 0.0)
    strategies = strategies / strategies.sum(axis=-1, keepdims=True)
    strategies[strategies < 1e-12] = 0.0  # non-negative here
    strategies[np.abs(strategies - 1.0) < 1e-12] = 1.0
    return strategies
