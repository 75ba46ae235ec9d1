"""Every equilibrium of each crisis game: all fixed points ``p_R = Psi(p_R)`` in (0, 1).

``g(p) = p - Psi(p)`` is evaluated on a grid of ``p`` that is fine in the middle and
geometric towards 0 and 1 (:func:`grid`); every sign change brackets a root, which
vectorised bisection then narrows to machine precision. The grid is what decides
completeness: two roots closer together than the grid spacing, a root where ``g`` only
touches zero, or a root below ``1e-8`` (:func:`grid`) can be missed; the default grid
(about 1,200 points) separates roots ``1e-3`` apart in the middle and far closer towards
the ends.
Crisman-Cox & Gibilisco (2021, appendix) count equilibria the same way (a grid, then a
root finder). Games have one or three equilibria generically (Lewis & Schultz 2003).

>>> import numpy as np
>>> U = np.array([[0.], [1.], [-1.], [-2.], [0.5], [-2.5], [0.]])
>>> roots, count = all_equilibria(U)
>>> int(count[0]) >= 1 and bool(np.all(np.abs(roots[0, :count[0]] - psi(U, roots[0, :count[0]] + 0 * U[0])) < 1e-10))
True
"""

from __future__ import annotations

import numpy as np

from sim.estimate.model import psi

TOLERANCE = 1e-6  # an equilibrium is verified when max |p - Psi(p)| is at most this


def grid(points: int = 1000, tail: int = 100) -> np.ndarray:
    """Grid of ``p`` in [1e-8, 1]: ``points`` evenly spaced plus ``tail`` geometric towards
    each end (``p - Psi(p) >= 0`` at 1, so a game where B all but surely resists, with
    ``1 - p_R`` below rounding, has its root bracketed next to 1). Below 1e-8 the cut-point ``c* ~ 1/p`` is so large that rounding decides
    the sign of ``p - Psi(p)``: equilibria there (A all but never challenges) are not listed."""
    middle = np.linspace(0.0, 1.0, points + 2)[1:-1]
    step = 0.5 / (points + 1)
    return np.unique(
        np.concatenate([np.geomspace(1e-8, step, tail), middle, 1.0 - np.geomspace(1e-12, step, tail), [1.0]])
    )


def all_equilibria(U: np.ndarray, p_grid: np.ndarray | None = None, steps: int = 60) -> tuple[np.ndarray, np.ndarray]:
    """``(roots (G, m), count (G,))``: each game's fixed points in increasing order, NaN-padded.

    ``count`` is the number of equilibria found; where it is 0 (a root below the grid),
    ``roots[:, 0]`` holds the grid point nearest to one, which is not an equilibrium.
    """
    p_grid = grid() if p_grid is None else p_grid
    games = U.shape[1]
    values = np.empty((games, p_grid.size))
    for start in range(0, p_grid.size, 200):  # in blocks: bounded memory
        block = p_grid[start : start + 200]
        Ub = np.repeat(U[:, :, None], block.size, axis=2)
        values[:, start : start + 200] = block - psi(Ub, np.broadcast_to(block, (games, block.size)))
    sign = np.signbit(values)
    game, left = np.nonzero(sign[:, :-1] != sign[:, 1:])
    roots = bisect(U[:, game], p_grid[left], p_grid[left + 1], steps)
    count = np.bincount(game, minlength=games)
    # a game with no root on the grid (one below 1e-8) gets the grid point nearest to one in
    # its first column, so callers always have a p to start from; its count stays 0
    lonely = np.nonzero(count == 0)[0]
    game = np.concatenate([game, lonely])
    roots = np.concatenate([roots, p_grid[np.argmin(np.abs(values[lonely]), axis=1)]])
    order = np.argsort(game, kind="stable")
    game, roots = game[order], roots[order]
    listed = np.bincount(game, minlength=games)
    out = np.full((games, max(1, listed.max(initial=0))), np.nan)
    rank = np.arange(game.size) - np.repeat(np.cumsum(listed) - listed, listed)
    out[game, rank] = roots
    return out, count


def bisect(U: np.ndarray, low: np.ndarray, high: np.ndarray, steps: int = 60) -> np.ndarray:
    """Vectorised bisection of ``p - Psi(p)`` on brackets ``[low, high]`` (one per column of U)."""
    low, high = low.astype(float).copy(), high.astype(float).copy()
    low_negative = np.signbit(low - psi(U, low))
    for _ in range(steps):
        mid = 0.5 * (low + high)
        same = np.signbit(mid - psi(U, mid)) == low_negative
        low, high = np.where(same, mid, low), np.where(same, high, mid)
    g_low, g_high = np.abs(low - psi(U, low)), np.abs(high - psi(U, high))
    return np.minimum(np.where(g_low <= g_high, low, high), np.nextafter(1.0, 0.0))


def violation(U: np.ndarray, p: np.ndarray) -> float:
    """``max |p - Psi(p)|`` over games: how far ``p`` is from being an equilibrium."""
    return float(np.max(np.abs(p - psi(U, p)))) if p.size else 0.0


def nearest_equilibrium(U: np.ndarray, p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each game the equilibrium nearest to ``p`` (in logits), and the count of equilibria."""
    roots, count = all_equilibria(U)
    logit = np.log(roots) - np.log1p(-roots)
    target = np.log(p) - np.log1p(-p)
    distance = np.where(np.isnan(roots), np.inf, np.abs(logit - target[:, None]))
    return roots[np.arange(p.size), np.argmin(distance, axis=1)], count
