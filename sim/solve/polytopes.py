"""Vertices of a best-response polytope ``{z >= 0, M z <= 1}`` (``M > 0``) and their labels.

A vertex's labels are the constraints tight at it: coordinate ``i`` when ``z_i = 0``
(labels ``0 .. dim - 1``), row ``r`` when ``(M z)_r = 1`` (labels ``dim + r``). The
polytope is *simple* when every vertex has exactly ``dim`` labels; a bimatrix game is
non-degenerate exactly when both its best-response polytopes are simple (Nisan,
Roughgarden, Tardos and Vazirani, *Algorithmic Game Theory*, 2007, ch. 3). Two ways to
find the vertices of a simple polytope, each returning the label sets of the non-zero
vertices (the zero vertex is the artificial equilibrium):

- :func:`vertex_labels_by_bases` (and :func:`vertex_labels_in_the_plane`): every choice
  of ``dim`` tight constraints among the ``dim + rows``, ``comb(dim + rows, dim)`` small
  linear systems solved in one batch.
  Cheap while that number is small (up to ~5x5 games).
- :func:`vertex_labels_by_hull`: polarity. With ``c`` inside the polytope, the vertices
  of ``{a_k . z <= b_k}`` are the facets of the convex hull of the points
  ``a_k / (b_k - a_k . c)``: facet ``{p : w . p = 1}`` is the vertex ``c + w`` (Ziegler,
  *Lectures on Polytopes*, 1995, sec. 2.3), as in QuantEcon's ``vertex_enumeration``.
  Qhull (Barber, Dobkin and Huhdanpaa, *ACM TOMS* 22, 1996; through scipy) finds the
  hull in time that grows with the number of vertices, which the upper bound theorem
  caps (:func:`max_vertices`), not with ``comb(dim + rows, dim)``.

Either returns None unless it can vouch that the polytope is simple and every vertex was
found with its labels (each vertex exactly ``dim`` labels, no two alike): degenerate
polytopes, and any numerical doubt, go to the caller's exhaustive enumeration.

With ``ties=True`` each also answers for a degenerate polytope (ties in the game: a vertex
on more than ``dim`` facets), returning every non-zero vertex once with all its labels.
Every basis finds every vertex, degenerate ones included, since a vertex solves the system
of any ``dim`` independent constraints among those tight at it. On the polar, a degenerate
vertex is a facet through more than ``dim`` points, which Qhull triangulates into several
simplices sharing its hyperplane; the answer is vouched for when each simplex's hyperplane
gives a vertex that is feasible and tight at the simplex's own points (the simplices then
lie on the polar's boundary and, as Qhull's closed surface, cover it, so every facet of
the polar, each vertex, lies under one of them); otherwise None, and the caller tries every
basis.

The ``vertices_*`` forms (:func:`vertices_by_bases`, :func:`vertices_in_the_plane`,
:func:`vertices_by_hull`) also give each vertex's coordinates as they were solved: of the
bases (or simplices) that give one degenerate vertex, the best-conditioned basis (the
simplex whose point is closest to its labels). The caller decides whether a point is
close enough to stand for its vertex.
"""

from __future__ import annotations

import math
from functools import lru_cache
from itertools import combinations
from math import comb

import numpy as np

#: Slack below which a constraint counts as tight, payoffs normalised to [1, 2] (sim.solve.scaling).
TIGHT = 1e-9
#: Bases with |det| below this fraction of the product of their row norms (Hadamard's
#: bound) are skipped as singular.
_MIN_HADAMARD_RATIO = 1e-10


def max_vertices(dim: int, facets: int) -> int:
    """Most vertices a ``dim``-polytope with ``facets`` facets can have (McMullen 1970).

    The upper bound theorem: the dual of the cyclic polytope attains
    ``comb(f - ceil(d/2), floor(d/2)) + comb(f - floor(d/2) - 1, ceil(d/2) - 1)``.

    >>> max_vertices(2, 6), max_vertices(10, 20), max_vertices(15, 30)
    (6, 4004, 341088)
    """
    if dim <= 0 or facets <= dim:
        return 1 if facets == dim else 0
    low, high = dim // 2, (dim + 1) // 2
    return comb(facets - high, low) + comb(facets - low - 1, high - 1)


@lru_cache(maxsize=64)
def _bases(rows: int, dim: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every ``dim``-subset of the ``dim + rows`` constraints (one per row), which of them
    are rows of M, and the same as a label mask (cached)."""
    bases = np.array(list(combinations(range(dim + rows), dim)), dtype=np.intp)
    mask = np.zeros((len(bases), dim + rows), dtype=bool)
    np.put_along_axis(mask, bases, True, axis=1)
    return bases, (bases >= dim).astype(float)[..., None], mask


def vertex_labels_by_bases(*polytopes: np.ndarray, ties: bool = False) -> list[np.ndarray | None]:
    """Label sets (bool, one row per non-zero vertex) of each of the polytopes (all of one
    shape, solved in one batch) by trying every basis; None for a polytope unless simple
    (with ``ties=True``: every vertex once, also of degenerate polytopes).

    In a simple polytope the labels of a vertex are exactly the basis it was solved from,
    so distinct bases give distinct vertices; any other outcome is refused.
    """
    return [None if found is None else found[0] for found in vertices_by_bases(*polytopes, ties=ties)]


def vertices_by_bases(*polytopes: np.ndarray, ties: bool = False) -> list[tuple[np.ndarray, np.ndarray] | None]:
    """:func:`vertex_labels_by_bases` with each vertex's coordinates: ``(labels, points)``,
    one row of each per non-zero vertex, or None where that gives None.

    A vertex on more facets than its dimension is solved from several bases; its point is
    the one from the best-conditioned of them (largest ``|det|`` over Hadamard's bound).
    """
    rows, dim = polytopes[0].shape
    M = np.stack(polytopes)
    constraints = np.empty((len(M), dim + rows, dim))
    constraints[:, :dim], constraints[:, dim:] = np.eye(dim), M
    bases, rhs, basis_labels = _bases(rows, dim)
    systems = constraints[:, bases]
    hadamard = np.sqrt(np.square(constraints).sum(axis=2))[:, bases].prod(axis=2)
    if dim == 2:  # Cramer's rule, without the overhead of LAPACK calls on tiny systems
        (a, b), (c, d) = systems[..., 0, :].T, systems[..., 1, :].T
        det = (a * d - b * c).T
        singular = np.abs(det) <= _MIN_HADAMARD_RATIO * hadamard
        conditioning = np.abs(det) / hadamard
        det[singular] = 1.0
        r0, r1 = rhs[:, 0, 0], rhs[:, 1, 0]
        points = np.stack([(r0 * d.T - b.T * r1) / det, (a.T * r1 - c.T * r0) / det], axis=2)
    else:
        conditioning = np.abs(np.linalg.det(systems)) / hadamard
        singular = conditioning <= _MIN_HADAMARD_RATIO
        systems[singular] = np.eye(dim)  # solved harmlessly, then dropped
        points = np.linalg.solve(systems, rhs)[..., 0]
    values = points @ M.transpose(0, 2, 1)
    feasible = ~singular & (points >= -TIGHT).all(axis=2) & (values <= 1.0 + TIGHT).all(axis=2)
    labels = np.concatenate([np.abs(points) <= TIGHT, np.abs(1.0 - values) <= TIGHT], axis=2)
    simple = ~((labels != basis_labels) & feasible[..., None]).any(axis=(1, 2))
    feasible &= ~basis_labels[:, :dim].all(axis=1)  # not the zero vertex
    found: list[tuple[np.ndarray, np.ndarray] | None] = []
    for k in range(len(M)):
        if simple[k]:
            found.append((labels[k, feasible[k]], points[k, feasible[k]]))
        elif ties:
            kept = _best_of_each(label_keys(labels[k, feasible[k]]), conditioning[k, feasible[k]])
            found.append((labels[k, feasible[k]][kept], points[k, feasible[k]][kept]))
        else:
            found.append(None)
    return found


def _best_of_each(keys: np.ndarray, score: np.ndarray) -> np.ndarray:
    """For each distinct key, in the order first seen, the index of its row of highest score.

    A plain loop: on the few dozen to few thousand rows of the games solved here it is
    faster than sorting in numpy (measured: 0.56 against 0.60 ms a 5x5 game, equal at 10x10).
    """
    best: dict = {}  # key -> row; updating a key keeps its place
    for index, key in enumerate(keys.tolist()):
        if key not in best or score[index] > score[best[key]]:
            best[key] = index
    return np.fromiter(best.values(), dtype=np.intp, count=len(best))


def vertex_labels_in_the_plane(M: np.ndarray, ties: bool = False) -> np.ndarray | None:
    """:func:`vertex_labels_by_bases` for a polygon (``dim == 2``), in plain floats.

    Each basis is two constraints, solved by Cramer's rule; on a handful of bases this
    is several times faster than the same work in numpy calls.
    """
    found = vertices_in_the_plane(M, ties)
    return None if found is None else found[0]


def vertices_in_the_plane(M: np.ndarray, ties: bool = False) -> tuple[np.ndarray, list] | None:
    """:func:`vertex_labels_in_the_plane` with each vertex's coordinates, ``(labels,
    points)``, as :func:`vertices_by_bases` gives them (a vertex on more than two edges
    from its best-conditioned basis), the points as a list of ``(x, y)`` (an array costs
    more than the rest on the many games that never read them)."""
    rows = M.tolist()
    constraints = [(1.0, 0.0, 0.0), (0.0, 1.0, 0.0)] + [(a, b, 1.0) for a, b in rows]
    norms = [math.hypot(a, b) for a, b, _ in constraints]
    found: list[list[bool]] = []  # label sets in the order first seen, with their points
    points: list[tuple[float, float]] = []
    conditioning: list[float] = []
    for first, second in combinations(range(len(constraints)), 2):
        (a, b, e), (c, d, f) = constraints[first], constraints[second]
        det = a * d - b * c
        bound = norms[first] * norms[second]
        if abs(det) <= _MIN_HADAMARD_RATIO * bound:
            continue
        x, y = (e * d - b * f) / det, (a * f - c * e) / det
        values = [p * x + q * y for p, q in rows]
        if x < -TIGHT or y < -TIGHT or max(values) > 1.0 + TIGHT:
            continue
        labels = [abs(x) <= TIGHT, abs(y) <= TIGHT] + [abs(1.0 - v) <= TIGHT for v in values]
        if not ties and (sum(labels) != 2 or not (labels[first] and labels[second])):
            return None
        if second < 2:  # the zero vertex
            continue
        if labels in found:  # a vertex on more than two edges, seen from another basis
            seen = found.index(labels)
            if abs(det) / bound > conditioning[seen]:
                points[seen], conditioning[seen] = (x, y), abs(det) / bound
            continue
        found.append(labels)
        points.append((x, y))
        conditioning.append(abs(det) / bound)
    return np.array(found, dtype=bool).reshape(-1, len(constraints)), points


def vertex_labels_by_hull(M: np.ndarray, ties: bool = False) -> np.ndarray | None:
    """Label sets of the non-zero vertices through Qhull on the polar; None unless simple
    (with ``ties=True``: unless every simplex gives a feasible vertex tight at its points)."""
    found = vertices_by_hull(M, ties)
    return None if found is None else found[0]


def vertices_by_hull(M: np.ndarray, ties: bool = True) -> tuple[np.ndarray, np.ndarray | None] | None:
    """:func:`vertex_labels_by_hull` with each vertex's coordinates, ``(labels, points)``:
    of the simplices that give a vertex, the one whose point is closest to its labels
    (with ``ties=False`` the labels alone, points None)."""
    from scipy.spatial import ConvexHull, QhullError  # lazy: only large games need it

    dim = M.shape[1]
    step = 0.5 / float(M.sum(axis=1).max())  # c = step * ones: M c <= 1/2
    slack = 1.0 - M.sum(axis=1) * step
    points = np.vstack([-np.eye(dim) / step, M / slack[:, None]])
    try:
        hull = ConvexHull(points)
    except (QhullError, ValueError):
        return None
    equations = hull.equations
    if not (equations[:, -1] < 0).all():  # the centre must lie strictly inside
        return None
    vertices = step - equations[:, :-1] / equations[:, -1:]
    if ties:
        return _vertices_with_ties(M, vertices, hull.simplices)
    labels = _simple_labels(M, vertices)
    return None if labels is None else (labels, None)


def _vertices_with_ties(M: np.ndarray, points: np.ndarray, simplices: np.ndarray):
    """The distinct label sets of the non-zero ``points`` (one per simplex of the polar's
    triangulated hull) and a point for each (of the simplices giving one vertex, the one
    whose point is closest to its labels), or None unless each is feasible and tight at
    its simplex's points."""
    dim = M.shape[1]
    values = points @ M.T
    if not ((points >= -TIGHT).all() and (values <= 1.0 + TIGHT).all()):
        return None
    off = np.hstack([np.abs(points), np.abs(1.0 - values)])
    labels = off <= TIGHT
    if not np.take_along_axis(labels, simplices, axis=1).all():
        return None
    worst = np.where(labels, off, 0.0).max(axis=1)
    kept = _best_of_each(label_keys(labels), -worst)
    labels, points = labels[kept], points[kept]
    nonzero = ~labels[:, :dim].all(axis=1)
    return labels[nonzero], points[nonzero]


def _simple_labels(M: np.ndarray, points: np.ndarray) -> np.ndarray | None:
    """The label sets of the feasible non-zero ``points``, or None if not simple."""
    dim = M.shape[1]
    values = points @ M.T
    feasible = (points >= -TIGHT).all(axis=1) & (values <= 1.0 + TIGHT).all(axis=1)
    labels = np.hstack([np.abs(points) <= TIGHT, np.abs(1.0 - values) <= TIGHT])[feasible]
    labels = labels[~labels[:, :dim].all(axis=1)]
    if (labels.sum(axis=1) != dim).any():
        return None
    if len(np.unique(label_keys(labels))) != len(labels):
        return None
    return labels


def fully_labelled_pairs(x_labels: np.ndarray, y_labels: np.ndarray) -> np.ndarray:
    """Index pairs ``(i, j)`` of vertices of P and Q whose label sets (game labels, one bool
    row per vertex) together hold every label: the extreme equilibria (Nisan et al. 2007,
    ch. 3), degenerate games included."""
    missing = (~x_labels).astype(np.int64) @ (~y_labels).astype(np.int64).T
    return np.argwhere(missing == 0)


def has_degenerate_vertex(x_labels: np.ndarray, y_labels: np.ndarray, shape: tuple[int, int]) -> bool:
    """True when a vertex of P (dimension m) or of Q (dimension n), ``shape = (m, n)``, has
    more labels than its dimension: the game is degenerate (Nisan et al. 2007, ch. 3)."""
    m, n = shape
    return bool((x_labels.sum(axis=1) > m).any() or (y_labels.sum(axis=1) > n).any())


def label_keys(labels: np.ndarray) -> np.ndarray:
    """One comparable key per row of a bool label matrix (int64 up to 63 labels, else bytes)."""
    if labels.shape[1] <= 63:
        return labels.astype(np.int64) @ (np.int64(1) << np.arange(labels.shape[1], dtype=np.int64))
    packed = np.packbits(labels, axis=1)
    return packed.view(np.dtype((np.void, packed.shape[1]))).ravel()
