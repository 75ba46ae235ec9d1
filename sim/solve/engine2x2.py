"""The vectorised 2x2 engine: the equilibria of millions of 2x2 games at once.

Orientation as in :mod:`sim.model.payoffs`: ``A[..., i, j]`` is the row (US) payoff and
``B[..., i, j]`` the column (Japan) payoff when row plays ``i`` and column plays ``j``.

A 2x2 game is decided by four payoff differences, each a player's gain from its *first*
strategy over its second against one of the opponent's strategies:

``a0 = A00 - A10``, ``a1 = A01 - A11`` (row, against column 0 and 1),
``b0 = B00 - B01``, ``b1 = B10 - B11`` (column, against row 0 and 1).

- Cell ``(i, j)`` is a pure Nash equilibrium when each strategy is a (weak) best response
  to the other: ``(0, 0)``: ``a0 >= 0, b0 >= 0``; ``(0, 1)``: ``a1 >= 0, b0 <= 0``;
  ``(1, 0)``: ``a0 <= 0, b1 >= 0``; ``(1, 1)``: ``a1 <= 0, b1 <= 0``.
- The game is *degenerate* when some difference is zero: a pure strategy has two pure best
  responses. In 2x2 games this is the general definition (Nisan et al. 2007, ch. 3: some
  strategy with support size k has more than k pure best responses), since a fully mixed
  strategy cannot have more than two.
- A non-degenerate game has a completely mixed equilibrium exactly when ``a0, a1`` differ
  in sign and so do ``b0, b1``; each player's mix makes the *other* indifferent
  (the indifference principle):

  ``q = a1 / (a1 - a0) = (A11 - A01) / (A00 - A01 - A10 + A11)``: the column player's
  probability of its first strategy;
  ``p = b1 / (b1 - b0) = (B11 - B10) / (B00 - B01 - B10 + B11)``: the row player's.

Non-degenerate 2x2 games have one equilibrium (pure or completely mixed) or three (two
pure, one mixed); degenerate ones may have a continuum, which the general solver
:func:`sim.solve.solvers.nash_equilibria` describes by its extreme points. Sources: Osborne,
*An Introduction to Game Theory* (2004), ch. 4 (mixed equilibria of 2x2 games, the
indifference principle); Nisan, Roughgarden, Tardos and Vazirani, *Algorithmic Game
Theory* (2007), ch. 3 (degeneracy, support enumeration).

The engine works block by block (:data:`BLOCK` games): its few temporaries stay in cache,
so memory traffic is little more than reading the 64 bytes of payoffs and writing the 21
bytes of results of each game (figures in ``docs/sweeps.md``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


#: Games per block of the engine (its temporaries take ~70 bytes a game, the block's
#: payoffs 64): measured fastest on a 1 MiB L2 / 32 MiB L3 machine, see docs/sweeps.md.
BLOCK = 16384


@dataclass(frozen=True)
class Equilibria2x2:
    """The equilibria of a batch of 2x2 games; ``batch`` is the inputs' leading shape.

    Attributes
    ----------
    pure : bool ndarray, shape (*batch, 2, 2)
        ``pure[..., i, j]``: row strategy ``i`` and column strategy ``j`` are mutual (weak)
        best responses, i.e. cell ``(i, j)`` is a pure Nash equilibrium. Stored cell by
        cell, so ``pure[..., i, j]`` is contiguous (``pure`` itself is a view).
    mixed_row, mixed_col : float ndarray, shape batch
        Probability of the row's (column's) first strategy in the completely mixed
        equilibrium; NaN where the game has none, and always NaN in degenerate games.
    degenerate : bool ndarray, shape batch
        Some pure strategy has two pure best responses (a tie). For these games ``pure``
        still marks exactly the pure equilibria (weak best-response pairs), but the
        equilibrium set may also hold a continuum of mixed equilibria, not described
        here: solve these games with :func:`sim.solve.solvers.nash_equilibria`.
    """

    pure: np.ndarray
    mixed_row: np.ndarray
    mixed_col: np.ndarray
    degenerate: np.ndarray


def equilibria_2x2(A, B) -> Equilibria2x2:
    """All equilibria of every non-degenerate 2x2 game of a batch, without a loop per game.

    Parameters
    ----------
    A, B : array_like, shape (N, 2, 2) or (..., 2, 2)
        Row and column player's payoffs, finite, of one shape.

    Returns
    -------
    Equilibria2x2
        ``pure`` (bool, ``(..., 2, 2)``), ``mixed_row`` and ``mixed_col`` (float,
        ``(...)``: ``p = (B11 - B10) / (B00 - B01 - B10 + B11)`` and ``q = (A11 - A01) /
        (A00 - A01 - A10 + A11)`` where a completely mixed equilibrium exists, NaN
        elsewhere) and ``degenerate`` (bool, ``(...)``). Ties are exact: payoff
        differences are compared with zero, with no tolerance. For degenerate games use
        :func:`sim.solve.solvers.nash_equilibria`.

    Raises
    ------
    ValueError
        Non-numeric payoffs, shapes that are not ``(..., 2, 2)`` or differ, NaN or
        infinite payoffs, or payoffs so large (about 4e307) that differences overflow.

    Examples
    --------
    Matching pennies and the prisoner's dilemma at once:

    >>> A = np.array([[[1.0, -1.0], [-1.0, 1.0]], [[3.0, 0.0], [5.0, 1.0]]])
    >>> B = np.array([-A[0], A[1].T])
    >>> found = equilibria_2x2(A, B)
    >>> found.pure[1].tolist(), found.mixed_row.tolist(), found.degenerate.tolist()
    ([[False, False], [False, True]], [0.5, nan], [False, False])
    """
    A, B = _validated(A, B)
    batch = A.shape[:-2]
    A4, B4 = A.reshape(-1, 4), B.reshape(-1, 4)
    count = len(A4)
    cells = np.empty((4, count), dtype=bool)  # cell (i, j) in row 2 * i + j
    result = Equilibria2x2(cells, np.empty(count), np.empty(count), np.empty(count, dtype=bool))
    work = _Workspace(min(BLOCK, count))
    # 0 / 0 makes the NaN mask (_flags); overflow is reported by _check_finite
    with np.errstate(invalid="ignore", over="ignore"):
        for start in range(0, count, BLOCK):
            _solve_block(A4[start : start + BLOCK], B4[start : start + BLOCK], result, start, work)
    return Equilibria2x2(
        np.moveaxis(cells.reshape(2, 2, *batch), (0, 1), (-2, -1)),
        result.mixed_row.reshape(batch),
        result.mixed_col.reshape(batch),
        result.degenerate.reshape(batch),
    )


def _validated(A, B) -> tuple[np.ndarray, np.ndarray]:
    """Both payoff arrays as float arrays of one shape ``(..., 2, 2)``, or ``ValueError``.

    Finiteness is checked block by block while solving (:func:`_check_finite`), where the
    data are in cache anyway.
    """
    A, B = _as_payoffs(A, "A"), _as_payoffs(B, "B")
    if A.shape != B.shape:
        raise ValueError(f"payoff arrays differ in shape: A is {A.shape}, B is {B.shape}")
    return A, B


def _as_payoffs(values, name: str) -> np.ndarray:
    try:
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError) as error:
        raise ValueError(f"payoff array {name} is not numeric: {error}") from None
    if array.ndim < 2 or array.shape[-2:] != (2, 2):
        raise ValueError(f"payoff array {name} must have shape (N, 2, 2) (or (..., 2, 2)), got {array.shape}")
    return array


class _Workspace:
    """Buffers reused by every block: differences, signs, flags."""

    def __init__(self, size: int):
        self.diff = np.empty((6, size))  # a0, a1, b0, b1, then a1 - a0, b1 - b0
        self.nonneg = np.empty((4, size), dtype=bool)
        self.nonpos = np.empty((4, size), dtype=bool)
        self.flags = np.empty((3, size), dtype=bool)
        self.weight = np.empty(size)

    def view(self, size: int):
        """The first ``size`` columns of every buffer."""
        return (
            self.diff[:, :size],
            self.nonneg[:, :size],
            self.nonpos[:, :size],
            self.flags[:, :size],
            self.weight[:size],
        )


def _solve_block(A4: np.ndarray, B4: np.ndarray, result: Equilibria2x2, start: int, work: _Workspace) -> None:
    """Solve games ``start .. start + len(A4)`` into ``result``; ``A4[:, 2*i + j] = A[i, j]``.

    ``result.pure`` holds the cells as rows here, shape ``(4, N)``.
    """
    stop = start + len(A4)
    diff, nonneg, nonpos, flags, weight = work.view(len(A4))
    _differences(A4, B4, diff)
    _check_finite(A4, B4, diff, start)
    np.greater_equal(diff[:4], 0.0, out=nonneg)
    np.less_equal(diff[:4], 0.0, out=nonpos)
    _pure_cells(nonneg, nonpos, result.pure[:, start:stop])
    _flags(nonneg, nonpos, result.degenerate[start:stop], weight, flags)
    _mixed(diff, weight, result.mixed_row[start:stop], result.mixed_col[start:stop])


def _differences(A4: np.ndarray, B4: np.ndarray, diff: np.ndarray) -> None:
    """``diff`` rows: a0, a1, b0, b1 and the mixed-equilibrium denominators a1-a0, b1-b0."""
    np.subtract(A4[:, 0], A4[:, 2], out=diff[0])
    np.subtract(A4[:, 1], A4[:, 3], out=diff[1])
    np.subtract(B4[:, 0], B4[:, 1], out=diff[2])
    np.subtract(B4[:, 2], B4[:, 3], out=diff[3])
    np.subtract(diff[1:4:2], diff[0:4:2], out=diff[4:6])


def _check_finite(A4, B4, diff, start: int) -> None:
    """``ValueError`` on NaN/infinite payoffs in this block, or on overflowing differences.

    Every payoff enters exactly one difference, so a non-finite payoff makes the (cheap)
    sum of the differences non-finite; only then are the payoffs themselves examined.
    """
    if np.isfinite(np.add.reduce(diff, axis=None)):
        return
    for name, block in (("A", A4), ("B", B4)):
        bad = ~np.isfinite(block).all(axis=1)
        if bad.any():
            raise ValueError(
                f"payoff array {name} has non-finite entries (NaN or infinity), "
                f"first in game {start + int(np.argmax(bad))} (flat index)"
            )
    if not np.isfinite(diff).all():
        raise ValueError("payoffs too large: their differences overflow float64 (keep |payoff| below about 4e307)")


def _pure_cells(nonneg: np.ndarray, nonpos: np.ndarray, cells: np.ndarray) -> None:
    """Weak best-response pairs; ``nonneg``/``nonpos`` rows: a0, a1, b0, b1 >= 0 / <= 0."""
    np.logical_and(nonneg[0], nonneg[2], out=cells[0])  # (0, 0): a0 >= 0, b0 >= 0
    np.logical_and(nonneg[1], nonpos[2], out=cells[1])  # (0, 1): a1 >= 0, b0 <= 0
    np.logical_and(nonpos[0], nonneg[3], out=cells[2])  # (1, 0): a0 <= 0, b1 >= 0
    np.logical_and(nonpos[1], nonpos[3], out=cells[3])  # (1, 1): a1 <= 0, b1 <= 0


def _flags(nonneg, nonpos, degenerate, weight, scratch) -> None:
    """``degenerate``: some difference is zero; ``weight``: 1 where an isolated completely
    mixed equilibrium exists, NaN elsewhere (multiplying by it masks without branches).

    A non-degenerate game has one exactly when a0, a1 differ in sign and so do b0, b1.
    ``nonpos`` is overwritten.
    """
    zero = np.logical_and(nonneg, nonpos, out=nonpos)  # both >= 0 and <= 0
    np.logical_or.reduce(zero, axis=0, out=degenerate)
    np.not_equal(nonneg[0:4:2], nonneg[1:4:2], out=scratch[:2])  # a0, a1 and b0, b1 differ
    np.logical_not(degenerate, out=scratch[2])
    exists = np.logical_and.reduce(scratch, axis=0, out=scratch[0])
    np.copyto(weight, exists)
    np.divide(weight, weight, out=weight)  # 1 / 1 = 1 and 0 / 0 = NaN


def _mixed(diff: np.ndarray, weight: np.ndarray, mixed_row: np.ndarray, mixed_col: np.ndarray) -> None:
    """``q = a1 / (a1 - a0)``, ``p = b1 / (b1 - b0)``; NaN where ``weight`` is NaN."""
    denominators = np.multiply(diff[4:6], weight, out=diff[4:6])
    np.divide(diff[1], denominators[0], out=mixed_col)
    np.divide(diff[3], denominators[1], out=mixed_row)
