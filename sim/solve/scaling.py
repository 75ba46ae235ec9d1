"""Payoffs normalised for floating-point vertex enumeration, and when floats cannot resolve them.

Equilibria do not change when a constant is added to a column of ``A`` (the row player
compares rows against a fixed column) or to a row of ``B``, nor when a player's payoffs are
multiplied by a positive constant (Nisan, Roughgarden, Tardos and Vazirani, *Algorithmic
Game Theory*, 2007, ch. 3). :func:`normalised` uses both: each column of ``A`` (row of
``B``) is shifted to start at 0 and the player's payoffs are divided by the largest such
range and moved to [1, 2], where the enumeration's tolerances (1e-9) apply. A column offset
by a large constant then costs no precision.

No normalisation helps when one payoff dwarfs the others of its own column (one payoff
of 1e6 beside payoffs in [0, 1)): the differences that decide best responses become ~1e-6
of the range, an equilibrium can put ~1e-6 on the big payoff to balance it, and the slacks
that decide which constraints are tight, differences times probabilities, fall near the
1e-9 tolerance, where ties and tight constraints are misjudged. :func:`well_resolved` is
the test that sends such games to exact arithmetic (:mod:`sim.solve.exact_vertices`). The
*resolution* of a player's payoffs estimates the smallest such slack in units of the
range: the smallest difference between two payoffs of one column of ``A`` (one row of
``B``) that is not a tie, over the largest range of a column, times the smallest range of
a column over the largest (how small a probability balancing them can get). Below
:data:`RESOLUTION_FLOOR`, 100 times the tolerance, the floating-point answer is not
trusted. It is a cheap, conservative test (a few microseconds), not a proof; the floor
is checked by ``benchmarks/bench_badly_scaled.py``.

Two payoffs that differ by at most :data:`TIE_LEVEL` of the larger magnitude are a tie in
both paths (``0.1 + 0.2`` and ``0.3``): round-off, not a difference a model means. Equal
payoffs of one column of ``A`` stay equal under a positive factor and a shift of the
column in floating point (the same operations on the same number), so a game and its
rescaled copy take the same path.
"""

from __future__ import annotations

import numpy as np

#: Two payoffs that differ by at most this fraction of the larger magnitude are a tie: far
#: above round-off (~1e-16 per operation), far below any difference a model means.
TIE_LEVEL = 1e-12
#: Floats are trusted when both players' :func:`resolution` is at least this: 100 times
#: the 1e-9 tolerance of the floating-point enumeration, 250 times the largest resolution
#: (4e-10) at which floats alone failed on 420 games with one huge payoff
#: (``python benchmarks/bench_badly_scaled.py``); ordinary games with two payoffs 1e-8
#: apart are solved right in floats.
RESOLUTION_FLOOR = 1e-7
#: Games of up to this many payoffs a player are checked in plain floats (a few
#: microseconds), larger ones in numpy (~10 us a player).
SMALL_GAME = 16


def normalised(M: np.ndarray, axis: int) -> np.ndarray:
    """``M`` with each group along ``axis`` shifted to start at 1, the largest range 1.

    ``axis=0`` shifts each column (for ``A``), ``axis=1`` each row (for ``B``); a constant
    matrix becomes all ones.

    >>> normalised(np.array([[1e6, 0.0], [1e6 + 2, 1.0]]), axis=0).tolist()
    [[1.0, 1.0], [2.0, 1.5]]
    """
    shifted = M - M.min(axis=axis, keepdims=True)
    span = float(shifted.max())
    return np.ones_like(M) if span == 0 else 1.0 + shifted / span


def resolution(M: np.ndarray, axis: int) -> float:
    """The smallest slack that floats must resolve, in units of the payoff range (estimate).

    ``(smallest gap / widest range) * (narrowest range / widest range)``: gaps are the
    non-tie differences between two payoffs of one group (a column for ``axis=0``, a row
    for ``axis=1``), ranges those of the groups with a gap; infinity when no group has one.

    >>> resolution(np.array([[0.0, 0.25], [0.5, 0.75], [1e6, 0.5]]), axis=0)
    1.25e-13
    >>> resolution(np.array([[0.0, 0.25], [0.5, 0.75]]), axis=0)
    1.0
    """
    groups = M if axis == 0 else M.T
    return _resolution_in_python(groups) if groups.size <= SMALL_GAME else _resolution_in_numpy(groups)


def _resolution_in_numpy(groups: np.ndarray) -> float:
    """:func:`resolution` with groups along axis 0, in numpy."""
    ordered = np.sort(groups, axis=0)
    gaps = ordered[1:] - ordered[:-1]
    magnitude = np.abs(ordered)
    real = gaps > TIE_LEVEL * np.maximum(magnitude[1:], magnitude[:-1])
    if not real.any():
        return float("inf")
    ranges = ordered[-1] - ordered[0]
    widest = float(ranges.max())
    return (float(gaps[real].min()) / widest) * (float(ranges[real.any(axis=0)].min()) / widest)


def _resolution_in_python(groups: np.ndarray) -> float:
    """:func:`resolution` in plain floats (groups along axis 0): faster on a few payoffs."""
    smallest, narrowest, widest = float("inf"), float("inf"), 0.0
    for column in zip(*groups.tolist()):
        ordered = sorted(column)
        widest = max(widest, ordered[-1] - ordered[0])
        gaps = [
            high - low for low, high in zip(ordered, ordered[1:]) if high - low > TIE_LEVEL * max(abs(low), abs(high))
        ]
        if gaps:
            smallest, narrowest = min(smallest, *gaps), min(narrowest, ordered[-1] - ordered[0])
    return (smallest / widest) * (narrowest / widest) if smallest < float("inf") else smallest


def well_resolved(A: np.ndarray, B: np.ndarray) -> bool:
    """True when floats resolve both players' payoffs (:data:`RESOLUTION_FLOOR` or more).

    >>> well_resolved(np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([[1.0, 0.0], [0.0, 1.0]]))
    True
    >>> well_resolved(np.array([[1e6, 0.5], [0.25, 0.75]]), np.array([[1.0, 0.0], [0.0, 1.0]]))
    False
    """
    return resolution(A, 0) >= RESOLUTION_FLOOR and resolution(B, 1) >= RESOLUTION_FLOOR
