"""The theory of the repeated stage game: the critical discount factor that sustains
cooperation (folk theorem) under grim trigger and tit-for-tat, and the feasible and
individually rational payoff region."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linprog
from scipy.spatial import ConvexHull, QhullError

from sim.solve.solvers import validate_game


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
    row, col = (
        StageTerms(R=float(M[0, 0]), S=float(M[0, -1]), T=float(M[1:, 0].max()), P=float(M[1:, -1].max()))
        for M in (A, B.T)
    )
    return row, col


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
    result = linprog(
        c=np.r_[np.zeros(n), 1.0],
        A_ub=np.c_[M, -np.ones(m)],
        b_ub=np.zeros(m),
        A_eq=np.r_[np.ones(n), 0.0][None, :],
        b_eq=[1.0],
        bounds=[(0, None)] * n + [(None, None)],
        method="highs",
    )
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
