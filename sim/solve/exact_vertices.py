"""Extreme equilibria by vertex enumeration in exact integer arithmetic.

The floating-point enumeration of :mod:`sim.solve.solvers` decides ties and tight
constraints with a tolerance; when the payoff differences that decide best responses are
close to it (:mod:`sim.solve.scaling`), this module answers instead, with no tolerance:

1. The payoffs become positive integers without changing the equilibria: each column of
   ``A`` and each row of ``B`` is shifted to start at 0, every float is read as the
   rational it holds exactly, all are multiplied by the least common denominator and 1 is
   added (:func:`integer_payoffs`).
2. Every basis of each best-response polytope ``{z >= 0, M z <= 1}`` (Nisan, Roughgarden,
   Tardos and Vazirani, *Algorithmic Game Theory*, 2007, ch. 3) is solved: for every
   ``k`` tight rows T and ``k`` free coordinates S, ``M[T, S] z_S = 1`` by fraction-free
   Gauss–Jordan elimination (integer pivoting: Bareiss, *Math. Comp.* 22, 1968; Edmonds
   1967), as Avis' lrs does, so every entry stays an integer, a subdeterminant, and
   ``z_S = numerators / det`` exactly. The ``comb(rows + dim, dim)`` bases, degenerate
   ones included, give every vertex (:func:`polytope_vertices`); feasibility, zero
   coordinates and tight rows are exact integer comparisons.
3. A pair of vertices whose labels cover every pure strategy is an extreme equilibrium
   (Avis, Rosenberg, Savani and von Stengel, *Economic Theory* 42, 2010), degenerate games
   included (:func:`exact_equilibria`).

The work is bounded by ``sim.solve.budgets.check_exact_vertex_work``.
"""

from __future__ import annotations

from fractions import Fraction
from itertools import combinations, islice
from math import lcm

import numpy as np

from sim.solve.polytopes import fully_labelled_pairs, has_degenerate_vertex, label_keys

_SYSTEMS_PER_CHUNK = 4096


def integer_payoffs(M: np.ndarray, axis: int, tie: float = 0.0) -> np.ndarray:
    """``M`` as positive Python integers, each group along ``axis`` shifted to start at 1.

    ``axis=0`` shifts each column (the row player's ``A``: adding a constant to a column
    leaves the row player's best responses alone), ``axis=1`` each row (``B``). A value of
    one group within ``tie`` times the larger magnitude of the next smaller value is read
    as equal to it first (near-ties that round-off made, such as ``0.1 + 0.2`` and
    ``0.3``: :data:`sim.solve.scaling.TIE_LEVEL`); then everything is exact:
    ``(value - group minimum) * L + 1`` with ``L`` the least common denominator of the
    floats' exact rationals.

    >>> integer_payoffs(np.array([[0.5, 3.0], [0.25, 1.0]]), axis=0).tolist()
    [[2, 9], [1, 1]]
    """
    groups = M if axis == 0 else M.T
    shifted = [_shifted_group(groups[:, j], tie) for j in range(groups.shape[1])]
    scale = lcm(*(value.denominator for column in shifted for value in column))
    integers = np.array([[int(value * scale) + 1 for value in column] for column in shifted], dtype=object)
    return integers.T if axis == 0 else integers


def _shifted_group(values: np.ndarray, tie: float) -> list[Fraction]:
    """Exact ``values - min(values)``; a value within ``tie`` (relative) of the one below
    it in order is taken equal to it."""
    order = np.argsort(values, kind="stable")
    exact = [Fraction(0)] * len(values)
    low = Fraction(float(values[order[0]]))
    current, previous = low, float(values[order[0]])
    for index in order:
        value = float(values[index])
        if value - previous > tie * max(abs(value), abs(previous)):
            current = Fraction(value)
        exact[index], previous = current - low, value
    return exact


def polytope_vertices(M: np.ndarray) -> tuple[list[tuple[int, ...]], np.ndarray]:
    """Non-zero vertices of ``{z >= 0, M z <= 1}`` (positive integer ``M``), exactly.

    Returns each distinct vertex as integer numerators (its coordinates are proportional
    to them: the best-response polytopes only need the direction) and its labels, a
    bool array ``(vertices, dim + rows)``: coordinate ``i`` zero, then row ``r`` tight.
    """
    rows, dim = M.shape
    points: list[tuple[int, ...]] = []
    labels = [np.empty((0, dim + rows), dtype=bool)]
    for k in range(1, min(rows, dim) + 1):
        row_sets = np.array(list(combinations(range(rows), k)), dtype=np.intp)
        supports = combinations(range(dim), k)
        per_chunk = max(1, _SYSTEMS_PER_CHUNK // len(row_sets))
        while len(chunk := list(islice(supports, per_chunk))):
            found, found_labels = _feasible_bases(M, row_sets, np.array(chunk, dtype=np.intp))
            points.extend(found)
            labels.append(found_labels)
    all_labels = np.vstack(labels)
    _, first = np.unique(label_keys(all_labels), return_index=True)
    return [points[i] for i in first], all_labels[first]


def _feasible_bases(M: np.ndarray, row_sets: np.ndarray, supports: np.ndarray):
    """The feasible solutions of ``M[T, S] z_S = 1`` for every T x S pair, and labels."""
    rows, dim = M.shape
    T = np.repeat(row_sets, len(supports), axis=0)
    S = np.tile(supports, (len(row_sets), 1))
    numerators, det, solved = _solve_fraction_free(M[T[:, :, None], S[:, None, :]])
    S = S[solved]
    values = (M[np.arange(rows)[None, :, None], S[:, None, :]] * numerators[:, None, :]).sum(axis=2)
    feasible = (numerators >= 0).all(axis=1) & (values <= det[:, None]).all(axis=1)
    points = np.zeros((int(feasible.sum()), dim), dtype=object)
    np.put_along_axis(points, S[feasible], numerators[feasible], axis=1)
    labels = np.hstack([points == 0, values[feasible] == det[feasible, None]]).astype(bool)
    return [tuple(point) for point in points], labels


def _solve_fraction_free(systems: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Solve each ``systems[s] z = 1`` (integer, k x k) by integer Gauss–Jordan pivoting.

    Every row but the pivot row becomes ``(p * row - a * pivot_row) / d``, ``p`` the
    pivot, ``a`` the row's entry in the pivot column and ``d`` the previous pivot; the
    division is exact (Bareiss 1968). After ``k`` pivots the last pivot is ``det`` (up
    to sign) and the right-hand side ``det * z``. Returns the numerators ``det * z`` and
    ``det`` with ``det > 0``, for the non-singular systems, and which those are.
    """
    count, k = systems.shape[:2]
    table = np.empty((count, k, k + 1), dtype=object)
    table[:, :, :k], table[:, :, k] = systems, 1
    previous = np.ones(count, dtype=object)
    solved = np.arange(count)
    for c in range(k):
        nonzero = (table[:, c:, c] != 0).astype(bool)
        regular = nonzero.any(axis=1)
        table, previous, solved, nonzero = table[regular], previous[regular], solved[regular], nonzero[regular]
        order, first = np.arange(len(table)), nonzero.argmax(axis=1) + c
        table[order, first], table[order, c] = table[order, c], table[order, first].copy()
        pivot_row = table[:, c, :].copy()
        pivot = pivot_row[:, c]
        eliminated = pivot[:, None, None] * table - table[:, :, c : c + 1] * pivot_row[:, None, :]
        table = eliminated // previous[:, None, None]
        table[:, c, :], previous = pivot_row, pivot
    sign = np.where(previous < 0, -1, 1).astype(object)
    mask = np.zeros(count, dtype=bool)
    mask[solved] = True
    return table[:, :, k] * sign[:, None], previous * sign, mask


def exact_equilibria(A: np.ndarray, B: np.ndarray) -> tuple[list[tuple[np.ndarray, np.ndarray]], bool]:
    """Every extreme equilibrium of the integer game ``(A, B)`` (positive entries), and
    whether the game is degenerate (a vertex with more labels than its dimension).

    ``P = {x >= 0, B^T x <= 1}``, ``Q = {A y <= 1, y >= 0}``; label ``i < m`` is row
    strategy ``i`` (``x_i = 0`` or ``(A y)_i = 1``), ``m + j`` column strategy ``j``. The
    strategies are the normalised vertices, rounded once from exact rationals to floats.

    >>> coordination = np.array([[2, 1], [1, 2]], dtype=object)
    >>> pairs, degenerate = exact_equilibria(coordination, coordination)
    >>> sorted((x.tolist(), y.tolist()) for x, y in pairs), degenerate
    ([([0.0, 1.0], [0.0, 1.0]), ([0.5, 0.5], [0.5, 0.5]), ([1.0, 0.0], [1.0, 0.0])], False)
    """
    m, n = A.shape
    xs, x_labels = polytope_vertices(np.ascontiguousarray(B.T))
    ys, y_labels = polytope_vertices(A)
    y_labels = np.hstack([y_labels[:, n:], y_labels[:, :n]])  # as game labels
    pairs = [(_normalised(xs[i]), _normalised(ys[j])) for i, j in fully_labelled_pairs(x_labels, y_labels)]
    return pairs, has_degenerate_vertex(x_labels, y_labels, (m, n))


def _normalised(numerators: tuple[int, ...]) -> np.ndarray:
    total = sum(numerators)
    return np.array([float(Fraction(value, total)) for value in numerators])
