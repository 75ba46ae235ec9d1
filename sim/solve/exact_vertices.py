"""Exact vertex enumeration: the vertices of ``{z >= 0, M z <= 1}`` (integer ``M >= 1``),
and the extreme equilibria of a bimatrix game from them.

Every vertex, degenerate ones included, with its exact labels and coordinates, in Python
integers: no tolerance, so no tie is missed and no near-tie invented. The polytope's
bases are visited by pivoting (Avis and Fukuda's pivoting view of vertex enumeration,
*Discrete Comput. Geom.* 8, 1992) under the lexicographic perturbation of the right-hand
side, ``1 + (eps, eps^2, ...)`` (Dantzig, Orden and Wolfe, *Pacific J. Math.* 5, 1955):
the perturbed polytope is simple, so each of its vertices (a lexicographically feasible
basis) has exactly ``dim`` neighbours, one per non-basic variable, found by the
lexicographic minimum-ratio test, and its vertex graph is connected (Balinski 1961).
A breadth-first search from the slack basis (the zero vertex) thus reaches every
lexicographically feasible basis, and every vertex of the unperturbed polytope is the
limit of one of them. Tableaux use integer pivoting (every entry a subdeterminant, one
common denominator; Nisan, Roughgarden, Tardos and Vazirani, *Algorithmic Game Theory*,
2007, ch. 3), as in Gambit's exact ``enummixed``.

Labels are those of :mod:`sim.solve.polytopes`: coordinate ``k`` (``z_k = 0``) is label ``k``,
row ``r`` (``(M z)_r = 1``) label ``dim + r``; a label set is an int bit mask.

Payoffs computed in floating point lose the ties they were meant to have: ``44.025``,
``-1541 / 96`` and a mixed strategy that makes a player indifferent are off by round-off.
:func:`exact_equilibria` therefore solves two exact games and returns the equilibria of
both: the payoffs' exact binary values (every equilibrium of the game as given: none is
missed, however badly scaled), and each payoff read as the simplest rational within
``1e-12`` of it (:func:`simplest_rational`; the ties of decimal and small-denominator
payoffs restored, as a tolerance would restore them), when the two differ and each
player's simplest rationals share a denominator up to ``1e12`` (a grid of payoffs, as
decimals with a few places are; random floats are not, and stay as they are).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from math import lcm

import numpy as np

#: Relative half-width of the interval in which a payoff's simplest rational is sought.
RATIONAL_TOLERANCE = 1e-12


def exact_equilibria(A: np.ndarray, B: np.ndarray) -> tuple[list, bool]:
    """Candidate extreme equilibria (float strategy pairs) and whether the game is degenerate.

    The union over the exact game and its simplest-rational reading when that is a grid
    of payoffs (module docstring);
    degenerate when either is. Each strategy is the exact one rounded once to floats.
    """
    if all(np.array_equal(M, np.round(M)) and np.abs(M).max() < 2 ** 53 for M in (A, B)):
        return _fully_labelled_pairs(A.astype(np.int64).ravel().tolist(),
                                     B.astype(np.int64).ravel().tolist(), A.shape)
    exact: list[list[Fraction]] = [[Fraction(float(v)) for v in M.flat] for M in (A, B)]
    pairs, degenerate = _fully_labelled_pairs(exact[0], exact[1], A.shape)
    nice = [[simplest_rational(value) for value in M] for M in exact]
    if nice != exact and all(_common_denominator(M) <= 1 / RATIONAL_TOLERANCE for M in nice):
        more, also = _fully_labelled_pairs(nice[0], nice[1], A.shape)
        pairs, degenerate = pairs + more, degenerate or also
    return pairs, degenerate


def _common_denominator(values: list[Fraction]) -> int:
    """The least common denominator, or the first partial one beyond 1 / tolerance."""
    common = 1
    for value in values:
        common = lcm(common, value.denominator)
        if common > 1 / RATIONAL_TOLERANCE:
            break
    return common


def simplest_rational(value: Fraction, tolerance: float = RATIONAL_TOLERANCE) -> Fraction:
    """The rational of least denominator within ``tolerance * |value|`` of ``value``.

    Continued fractions (Stern–Brocot search; Khinchin, *Continued Fractions*, 1964).

    >>> str(simplest_rational(Fraction(44.025))), str(simplest_rational(Fraction(-1541 / 96)))
    ('1761/40', '-1541/96')
    """
    if value.denominator == 1 or value == 0:
        return value
    width = abs(value) * Fraction(tolerance)
    low, high = abs(value) - width, abs(value) + width
    found = _simplest_between(low, high)
    return found if value > 0 else -found


def _simplest_between(low: Fraction, high: Fraction) -> Fraction:
    """The simplest rational in ``[low, high]``, ``0 < low < high``."""
    whole = math.floor(low)
    if whole == low or whole + 1 <= high:
        return Fraction(whole if whole == low else whole + 1)
    return whole + 1 / _simplest_between(1 / (high - whole), 1 / (low - whole))


def _fully_labelled_pairs(A: Sequence[int | Fraction], B: Sequence[int | Fraction],
                          shape) -> tuple[list, bool]:
    """Equilibrium strategy pairs of the exact game (payoffs listed row by row)."""
    m, n = shape
    x_vertices = exact_vertices(_positive_integers(B, (m, n), transpose=True))
    y_vertices = {(mask >> n) | ((mask & ((1 << n) - 1)) << m): point  # as game labels
                  for mask, point in exact_vertices(_positive_integers(A, (m, n))).items()}
    del x_vertices[(1 << m) - 1], y_vertices[((1 << n) - 1) << m]  # the zero vertices
    degenerate = any(mask.bit_count() > m for mask in x_vertices) or \
        any(mask.bit_count() > n for mask in y_vertices)
    x_masks, y_masks = list(x_vertices), list(y_vertices)
    pairs = [(_strategy(x_vertices[x_masks[i]]), _strategy(y_vertices[y_masks[j]]))
             for i, j in _complementary(x_masks, y_masks, m + n)]
    return pairs, degenerate


def _positive_integers(values: Sequence[int | Fraction], shape,
                       transpose: bool = False) -> list[list[int]]:
    """The payoffs scaled and shifted exactly to integers >= 1 (equilibria unchanged)."""
    scale = lcm(*(Fraction(value).denominator for value in values))
    integers = [int(value * scale) for value in values]
    shift = 1 - min(integers)
    rows, cols = shape
    matrix = [[integers[r * cols + c] + shift for c in range(cols)] for r in range(rows)]
    return [list(column) for column in zip(*matrix)] if transpose else matrix


def _complementary(x_masks: list[int], y_masks: list[int], labels: int) -> list:
    """Index pairs ``(i, j)`` whose label masks together hold all ``labels`` labels."""
    full = (1 << labels) - 1
    if labels > 62 or not x_masks or not y_masks:
        return [(i, j) for i, x in enumerate(x_masks) for j, y in enumerate(y_masks)
                if x | y == full]
    xs, ys = np.array(x_masks, dtype=np.int64), np.array(y_masks, dtype=np.int64)
    return np.argwhere((xs[:, None] | ys[None, :]) == full).tolist()


def _strategy(vertex: tuple[tuple[int, ...], int]) -> np.ndarray:
    """A vertex normalised to a mixed strategy, each entry rounded once (``int / int``
    is correctly rounded in Python)."""
    numerators, _ = vertex
    total = sum(numerators)
    return np.array([value / total for value in numerators])


def exact_vertices(M: list[list[int]]) -> dict[int, tuple[tuple[int, ...], int]]:
    """Every vertex of ``{z >= 0, M z <= 1}`` as ``{label mask: (numerators, denominator)}``.

    ``M`` holds positive integers, ``rows`` lists of ``dim``; the zero vertex is included
    (mask ``2**dim - 1`` plus any row of M that is tight there: none, as ``M z = 0``).

    >>> vertices = exact_vertices([[2, 1], [1, 2]])
    >>> sorted(tuple(str(Fraction(z, det)) for z in point) for point, det in vertices.values())
    [('0', '0'), ('0', '1/2'), ('1/2', '0'), ('1/3', '1/3')]
    >>> bin(next(mask for mask, (point, _) in vertices.items() if point[0] == point[1] != 0))
    '0b1100'
    """
    rows, dim = len(M), len(M[0])
    width = dim + rows  # variables: z_0 .. z_{dim-1}, then slacks s_0 .. s_{rows-1}
    table = [list(M[r]) + [int(r == k) for k in range(rows)] + [1] for r in range(rows)]
    basis = [dim + r for r in range(rows)]
    queue = [(table, basis, 1, _basis_key(basis))]
    seen, found = {queue[0][3]}, {}
    while queue:
        table, basis, det, key = queue.pop()
        mask = _zero_variables(table, basis, width)
        if mask not in found:
            found[mask] = _coordinates(table, basis, dim), det
        in_basis = set(basis)
        for entering in range(width):
            if entering in in_basis:
                continue
            row = _lexicographic_min_ratio(table, entering, dim, rows)
            next_key = key ^ (1 << basis[row]) ^ (1 << entering)
            if next_key not in seen:
                seen.add(next_key)
                queue.append((*_pivot(table, basis, det, row, entering), next_key))
    return found


def _basis_key(basis: list[int]) -> int:
    key = 0
    for variable in basis:
        key |= 1 << variable
    return key


def _zero_variables(table, basis, width: int) -> int:
    """The labels of the basis's vertex: every variable at zero, basic or not."""
    zero = (1 << width) - 1
    for row, variable in enumerate(basis):
        if table[row][-1]:
            zero ^= 1 << variable
    return zero


def _coordinates(table, basis, dim: int) -> tuple[int, ...]:
    """The numerators of the coordinates z of the basis's vertex (over its ``det``)."""
    coordinates = [0] * dim
    for row, variable in enumerate(basis):
        if variable < dim:
            coordinates[variable] = table[row][-1]
    return tuple(coordinates)


def _lexicographic_min_ratio(table, column: int, dim: int, rows: int) -> int:
    """The leaving row: least ``(rhs, B^-1 row) / entry`` lexicographically (unique)."""
    best = -1
    for row in range(rows):
        entry = table[row][column]
        if entry <= 0:
            continue
        if best < 0:
            best, best_entry = row, entry
            continue
        here, there = table[row], table[best]
        for k in (-1, *range(dim, dim + rows)):
            difference = here[k] * best_entry - there[k] * entry
            if difference:
                if difference < 0:
                    best, best_entry = row, entry
                break
    if best < 0:
        raise ArithmeticError("unbounded pivot column: M must be positive")
    return best


def _pivot(table, basis, det, row: int, entering: int):
    """Integer pivot on ``(row, entering)``: a new tableau, basis and denominator."""
    pivot_row = table[row]
    pivot = pivot_row[entering]
    new = []
    for r, line in enumerate(table):
        if r == row:
            new.append(pivot_row)
            continue
        factor = line[entering]
        if factor:
            new.append([(pivot * a - factor * b) // det for a, b in zip(line, pivot_row)])
        else:
            new.append([(pivot * a) // det for a in line])
    new_basis = list(basis)
    new_basis[row] = entering
    return new, new_basis, pivot
