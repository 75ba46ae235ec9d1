"""Exact vertices of a best-response polytope ``{z >= 0, M z <= 1}`` (integer ``M >= 1``).

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

Labels are those of :mod:`sim.polytopes`: coordinate ``k`` (``z_k = 0``) is label ``k``,
row ``r`` (``(M z)_r = 1``) label ``dim + r``; a label set is an int bit mask.
"""

from __future__ import annotations

from fractions import Fraction


def exact_vertices(M: list[list[int]]) -> dict[int, tuple[Fraction, ...]]:
    """Every vertex of ``{z >= 0, M z <= 1}`` as ``{label mask: exact coordinates}``.

    ``M`` holds positive integers, ``rows`` lists of ``dim``; the zero vertex is included
    (mask ``2**dim - 1`` plus any row of M that is tight there: none, as ``M z = 0``).

    >>> vertices = exact_vertices([[2, 1], [1, 2]])
    >>> [tuple(map(str, point)) for point in sorted(vertices.values())]
    [('0', '0'), ('0', '1/2'), ('1/3', '1/3'), ('1/2', '0')]
    >>> bin(next(mask for mask, point in vertices.items() if point[0] == point[1] != 0))
    '0b1100'
    """
    rows, dim = len(M), len(M[0])
    width = dim + rows  # variables: z_0 .. z_{dim-1}, then slacks s_0 .. s_{rows-1}
    table = [list(M[r]) + [int(r == k) for k in range(rows)] + [1] for r in range(rows)]
    start = (table, [dim + r for r in range(rows)], 1)
    seen = {_basis_key(start[1])}
    queue, found = [start], {}
    while queue:
        table, basis, det = queue.pop()
        mask, point = _vertex(table, basis, det, dim)
        found.setdefault(mask, point)
        in_basis = set(basis)
        for entering in range(width):
            if entering in in_basis:
                continue
            row = _lexicographic_min_ratio(table, entering, dim, rows)
            key = _basis_key(basis) ^ (1 << basis[row]) ^ (1 << entering)
            if key in seen:
                continue
            seen.add(key)
            queue.append(_pivot(table, basis, det, row, entering))
    return found


def _basis_key(basis: list[int]) -> int:
    key = 0
    for variable in basis:
        key |= 1 << variable
    return key


def _vertex(table, basis, det, dim) -> tuple[int, tuple[Fraction, ...]]:
    """The basis's vertex: labels (every variable at zero) and exact coordinates z."""
    width = dim + len(basis)
    zero = (1 << width) - 1
    coordinates = [Fraction(0)] * dim
    for row, variable in enumerate(basis):
        value = table[row][-1]
        if value:
            zero ^= 1 << variable
            if variable < dim:
                coordinates[variable] = Fraction(value, det)
    return zero, tuple(coordinates)


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
