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
bytes of results of each game (figures in ``docs/sweeps.md``). Each block makes one
pass per quantity: the four differences (two strided subtractions), their signs (one
``>= 0`` and one ``<= 0`` comparison), the pure cells (one ``and`` of sign rows), the
degenerate flag and the mixed-equilibrium mask (an ``and``/``xor`` of sign rows and one
reduction each), then the two probabilities. Results can be written into the arrays of
an earlier result (``out=``), so repeated sweeps do not fault in fresh memory.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


#: Games per block of the engine (its temporaries take ~45 bytes a game, the block's
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

    @classmethod
    def empty(cls, batch: tuple[int, ...]) -> Equilibria2x2:
        """Uninitialised result arrays for games of leading shape ``batch``, laid out as
        :func:`equilibria_2x2` writes them; pass them as its ``out`` to reuse memory.

        >>> buffers = Equilibria2x2.empty((3,))
        >>> buffers.pure.shape, buffers.mixed_row.shape, buffers.pure[:, 1, 1].flags.c_contiguous
        ((3, 2, 2), (3,), True)
        """
        batch = tuple(batch)
        cells = np.empty((2, 2, *batch), dtype=bool)  # cell (i, j) contiguous
        return cls(np.moveaxis(cells, (0, 1), (-2, -1)), np.empty(batch), np.empty(batch), np.empty(batch, dtype=bool))


def equilibria_2x2(A, B, out: Equilibria2x2 | None = None) -> Equilibria2x2:
    """All equilibria of every non-degenerate 2x2 game of a batch, without a loop per game.

    Parameters
    ----------
    A, B : array_like, shape (N, 2, 2) or (..., 2, 2)
        Row and column player's payoffs, finite, of one shape.
    out : Equilibria2x2, optional
        Arrays to write the result into and return, instead of fresh ones: an earlier
        result for games of the same shape, or :meth:`Equilibria2x2.empty`. Reusing them
        saves the page faults of new memory in repeated sweeps. Their contents are
        unspecified if an error is raised.

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
        infinite payoffs, or payoffs so large (about 4e307) that differences overflow;
        an ``out`` of another shape or layout.

    Examples
    --------
    Matching pennies and the prisoner's dilemma at once:

    >>> A = np.array([[[1.0, -1.0], [-1.0, 1.0]], [[3.0, 0.0], [5.0, 1.0]]])
    >>> B = np.array([-A[0], A[1].T])
    >>> found = equilibria_2x2(A, B)
    >>> found.pure[1].tolist(), found.mixed_row.tolist(), found.degenerate.tolist()
    ([[False, False], [False, True]], [0.5, nan], [False, False])
    >>> equilibria_2x2(A, B, out=found) is found
    True
    """
    A, B = _validated(A, B)
    result = Equilibria2x2.empty(A.shape[:-2]) if out is None else out
    flat = _flat_views(result, A.shape[:-2])
    AT, BT = A.reshape(-1, 4).T, B.reshape(-1, 4).T  # row 2 * i + j: payoff (i, j)
    count, block = AT.shape[1], BLOCK
    work = _Workspace(min(block, count))
    # 0 / 0 makes the NaN mask (_mixed); overflow is reported by _check_finite
    with np.errstate(invalid="ignore", over="ignore"):
        for start in range(0, count, block):
            stop = min(start + block, count)
            _solve_block(AT[:, start:stop], BT[:, start:stop], work.view(stop - start), flat, start)
    return result


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


def _flat_views(result: Equilibria2x2, batch: tuple[int, ...]) -> tuple[np.ndarray, ...]:
    """``(cells, mixed_row, mixed_col, degenerate)`` of ``result`` as flat views
    (``cells``: shape ``(2, 2, N)``, cell ``(i, j)`` contiguous), or ``ValueError``."""
    expected = {"pure": (*batch, 2, 2), "mixed_row": batch, "mixed_col": batch, "degenerate": batch}
    for name, shape in expected.items():
        array, dtype = getattr(result, name), bool if name in ("pure", "degenerate") else np.float64
        if not isinstance(array, np.ndarray) or array.shape != shape or array.dtype != dtype:
            found = f"{array.dtype} {array.shape}" if isinstance(array, np.ndarray) else type(array).__name__
            raise ValueError(f"out.{name}: expected {np.dtype(dtype)} {shape}, found {found}")
    cells = np.moveaxis(result.pure, (-2, -1), (0, 1))
    arrays = (cells, result.mixed_row, result.mixed_col, result.degenerate)
    for name, array in zip(("pure (cell by cell)", "mixed_row", "mixed_col", "degenerate"), arrays):
        if not array.flags.c_contiguous or not array.flags.writeable:
            raise ValueError(f"out.{name}: expected a writeable array laid out as Equilibria2x2.empty makes it")
    return cells.reshape(2, 2, -1), *(array.reshape(-1) for array in arrays[1:])


class _Workspace:
    """Buffers reused by every block: the differences and their signs (``>= 0`` in rows
    0-3, ``<= 0`` in rows 4-7), pairs of sign rows combined, the mixed-equilibrium weight."""

    def __init__(self, size: int):
        self.diff = np.empty((4, size))  # a0, a1, b0, b1; later a1 - a0 in row 0, b1 - b0 in row 2
        self.signs = np.empty((8, size), dtype=bool)
        self.pairs = np.empty((5, size), dtype=bool)
        self.weight = np.empty(size)

    def view(self, size: int) -> tuple[np.ndarray, ...]:
        """The first ``size`` columns of every buffer."""
        return self.diff[:, :size], self.signs[:, :size], self.pairs[:, :size], self.weight[:size]


def _solve_block(AT: np.ndarray, BT: np.ndarray, work: tuple, flat: tuple, start: int) -> None:
    """Solve games ``start .. start + n`` into the flat result views ``flat``;
    ``AT[2 * i + j]`` is payoff ``(i, j)`` of the block's ``n`` games, ``BT`` likewise."""
    diff, signs, pairs, weight = work
    cells, mixed_row, mixed_col, degenerate = (array[..., start : start + diff.shape[1]] for array in flat)
    np.subtract(AT[0:2], AT[2:4], out=diff[0:2])  # a0 = A00 - A10, a1 = A01 - A11
    np.subtract(BT[0:4:2], BT[1:4:2], out=diff[2:4])  # b0 = B00 - B01, b1 = B10 - B11
    np.greater_equal(diff, 0.0, out=signs[0:4])
    np.less_equal(diff, 0.0, out=signs[4:8])
    _pure_cells(signs, cells)
    _flags(signs, pairs, degenerate)
    np.subtract(diff[1:4:2], diff[0:4:2], out=diff[0:4:2])  # a1 - a0, b1 - b0
    _check_finite(AT, BT, diff[0:4:2], start)
    _mixed(diff, pairs[4], weight, mixed_row, mixed_col)


def _pure_cells(signs: np.ndarray, cells: np.ndarray) -> None:
    """Weak best-response pairs into ``cells`` (shape ``(2, 2, n)``), in one pass.

    With ``signs`` rows ``[a0, a1, b0, b1] >= 0`` then ``[a0, a1, b0, b1] <= 0``, i.e.
    ``signs.reshape(2, 4, n)[s, k]`` (``s`` = 0: ``>= 0``, 1: ``<= 0``), cell ``(i, j)``
    needs the row sign ``[i, j]`` (a_j >= 0 for i = 0, a_j <= 0 for i = 1) and the column
    sign ``[j, 2 + i]`` (b_i >= 0 for j = 0, b_i <= 0 for j = 1).
    """
    by_kind = signs.reshape(2, 4, -1)
    np.logical_and(by_kind[:, 0:2], by_kind[:, 2:4].transpose(1, 0, 2), out=cells)


def _flags(signs: np.ndarray, pairs: np.ndarray, degenerate: np.ndarray) -> None:
    """``degenerate``: some difference is zero (both ``>= 0`` and ``<= 0``); ``pairs[4]``:
    an isolated completely mixed equilibrium exists.

    It exists exactly when a0, a1 have strictly opposite signs and so do b0, b1: then
    both their ``>= 0`` signs and their ``<= 0`` signs differ (which also excludes zeros,
    so the game is not degenerate). ``pairs[0:4]`` is scratch.
    """
    np.not_equal(signs[0:8:2], signs[1:8:2], out=pairs[0:4])  # a0 vs a1, b0 vs b1, twice
    np.logical_and.reduce(pairs[0:4], axis=0, out=pairs[4])
    np.logical_and(signs[0:4], signs[4:8], out=pairs[0:4])  # zero differences
    np.logical_or.reduce(pairs[0:4], axis=0, out=degenerate)


def _check_finite(AT: np.ndarray, BT: np.ndarray, denominators: np.ndarray, start: int) -> None:
    """``ValueError`` on NaN/infinite payoffs in this block, or on overflowing differences.

    ``a1 - a0 = (A01 - A11) - (A00 - A10)`` is finite exactly when the four payoffs and
    both differences are (likewise for ``b1 - b0``), so a finite (cheap) sum of the two
    denominator rows clears the block; only otherwise are the payoffs examined.
    """
    if np.isfinite(np.add.reduce(denominators, axis=None)):
        return
    for name, block in (("A", AT), ("B", BT)):
        bad = ~np.isfinite(block).all(axis=0)
        if bad.any():
            raise ValueError(
                f"payoff array {name} has non-finite entries (NaN or infinity), "
                f"first in game {start + int(np.argmax(bad))} (flat index)"
            )
    if not np.isfinite(denominators).all():
        raise ValueError("payoffs too large: their differences overflow float64 (keep |payoff| below about 4e307)")


def _mixed(diff, exists, weight, mixed_row, mixed_col) -> None:
    """``q = a1 / (a1 - a0)``, ``p = b1 / (b1 - b0)`` (``diff`` rows ``a1 - a0, a1,
    b1 - b0, b1``); NaN where no isolated mixed equilibrium ``exists``: the denominators
    are multiplied by ``exists / exists`` (1, or 0 / 0 = NaN), which masks without branches.
    """
    np.copyto(weight, exists)
    np.divide(weight, weight, out=weight)
    np.multiply(diff[0:4:2], weight, out=diff[0:4:2])
    np.divide(diff[1], diff[0], out=mixed_col)
    np.divide(diff[3], diff[2], out=mixed_row)
