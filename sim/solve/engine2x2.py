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
bytes of results of each game (figures in ``docs/sweeps.md``). Each block makes few
passes: four strided subtractions give the differences, two comparisons their signs
(``>= 0`` and ``<= 0`` of all four at once), one ``and`` of two sign rows each pure
cell, a few ``and``/``!=`` of sign rows the degenerate flag and the mixed-equilibrium
mask, and divisions the probabilities. Results can be written into the arrays of an
earlier result (``out=``), and each thread keeps its workspace between calls, so that
repeated sweeps do not fault in fresh memory.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass

import numpy as np


#: Games per block of the engine (its temporaries take 68 bytes a game, the block's
#: payoffs 64): measured fastest on a 1 MiB L2 / 32 MiB L3 machine, see docs/sweeps.md.
BLOCK = 32768


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
        return _allocated(tuple(batch))[0]


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
    result, targets = _allocated(A.shape[:-2]) if out is None else (out, _flat_targets(out, A.shape[:-2]))
    payoffs = (*A.reshape(-1, 4).T, *B.reshape(-1, 4).T)  # A00, A01, A10, A11, B00, ..., B11
    count, block = len(payoffs[0]), BLOCK
    full = _workspace(min(block, count))
    # 0 / 0 makes the NaN mask (_mixed); overflow is reported by _check_finite
    with np.errstate(invalid="ignore", over="ignore"):
        for start in range(0, count, block):
            stop = min(start + block, count)
            work = full if stop - start == full.size else _Workspace(stop - start, full)
            _solve_block([row[start:stop] for row in payoffs], [row[start:stop] for row in targets], work, start)
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


def _allocated(batch: tuple[int, ...]) -> tuple[Equilibria2x2, list[np.ndarray]]:
    """New result arrays, and their flat views as :func:`_flat_targets` gives them."""
    cells = np.empty((2, 2, *batch), dtype=bool)  # cell (i, j) contiguous
    others = np.empty(batch), np.empty(batch), np.empty(batch, dtype=bool)
    result = Equilibria2x2(cells.transpose(*range(2, 2 + len(batch)), 0, 1), *others)
    return result, [*cells.reshape(4, -1), *(array.reshape(-1) for array in others)]


def _flat_targets(result: Equilibria2x2, batch: tuple[int, ...]) -> list[np.ndarray]:
    """Flat views ``[pure 00, 01, 10, 11, mixed_row, mixed_col, degenerate]`` of the arrays
    of ``result``, each of shape ``(N,)``, or ``ValueError`` if they cannot be written so."""
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
    return [*cells.reshape(4, -1), *(array.reshape(-1) for array in arrays[1:])]


class _Workspace:
    """Buffers reused by every block, and named views of them made once.

    ``diff`` rows: ``a0, b0, a1, b1``, then the denominators ``a1 - a0, b1 - b0``;
    ``signs`` rows: ``>= 0`` of ``a0, b0, a1, b1``, then ``<= 0`` of the same;
    ``scratch``: combined sign rows; ``weight``: the mixed-equilibrium mask.
    Multi-row views are contiguous, so each numpy call takes its fast one-dimensional
    path. ``_Workspace(size, full)`` views the first ``size`` columns of ``full``'s buffers.
    """

    diff: np.ndarray
    signs: np.ndarray
    scratch: np.ndarray
    weight: np.ndarray

    def __init__(self, size: int, full: _Workspace | None = None):
        self.size = size
        buffers: tuple[np.ndarray, ...]
        if full is None:
            buffers = np.empty((6, size)), np.empty((8, size), bool), np.empty((4, size), bool), np.empty(size)
        else:
            buffers = full.diff[:, :size], full.signs[:, :size], full.scratch[:, :size], full.weight[:size]
        self.diff, self.signs, self.scratch, self.weight = buffers
        self.diff_rows, self.sign_rows, self.scratch_rows = list(self.diff), list(self.signs), list(self.scratch)
        self.differences, self.denominators = self.diff[0:4], self.diff[4:6]
        self.nonnegative, self.nonpositive = self.signs[0:4], self.signs[4:8]


#: Per thread, the workspace of a full block, kept between calls (68 bytes a game of
#: :data:`BLOCK`: 2.2 MB), so that calls do not fault in its pages anew each time.
_kept = threading.local()


def _workspace(size: int) -> _Workspace:
    """A workspace for blocks of ``size`` games: the kept one for full blocks."""
    if size < BLOCK:
        return _Workspace(size)
    if getattr(_kept, "workspace", None) is None or _kept.workspace.size != size:
        _kept.workspace = _Workspace(size)
    return _kept.workspace


def _solve_block(payoffs: list, targets: list, work: _Workspace, start: int) -> None:
    """Solve games ``start .. start + n`` from the payoff rows ``A00, ..., B11`` (each
    ``(n,)``) into the result rows ``pure 00, 01, 10, 11, mixed_row, mixed_col, degenerate``."""
    A00, A01, A10, A11, B00, B01, B10, B11 = payoffs
    a0, b0, a1, b1, _, _ = work.diff_rows
    np.subtract(A00, A10, out=a0)  # A's rows while A's block is in cache, then B's
    np.subtract(A01, A11, out=a1)
    np.subtract(B00, B01, out=b0)
    np.subtract(B10, B11, out=b1)
    np.greater_equal(work.differences, 0.0, out=work.nonnegative)
    np.less_equal(work.differences, 0.0, out=work.nonpositive)
    _pure_cells(work.sign_rows, targets[0:4])
    exists = _flags(work, targets[6])
    np.subtract(work.diff[2:4], work.diff[0:2], out=work.denominators)  # a1 - a0, b1 - b0
    _check_finite(payoffs, work.denominators, start)
    _mixed(work, exists, targets[4], targets[5])


def _pure_cells(signs: list, cells: list) -> None:
    """Weak best-response pairs; ``signs``: ``>= 0`` of a0, b0, a1, b1, then ``<= 0``."""
    ge_a0, ge_b0, ge_a1, ge_b1, le_a0, le_b0, le_a1, le_b1 = signs
    np.logical_and(ge_a0, ge_b0, out=cells[0])  # (0, 0): a0 >= 0, b0 >= 0
    np.logical_and(ge_a1, le_b0, out=cells[1])  # (0, 1): a1 >= 0, b0 <= 0
    np.logical_and(le_a0, ge_b1, out=cells[2])  # (1, 0): a0 <= 0, b1 >= 0
    np.logical_and(le_a1, le_b1, out=cells[3])  # (1, 1): a1 <= 0, b1 <= 0


def _flags(work: _Workspace, degenerate: np.ndarray) -> np.ndarray:
    """``degenerate``: some difference is zero; returns where an isolated completely mixed
    equilibrium exists (a view of ``work.scratch``).

    A difference is non-zero exactly when one of ``>= 0`` and ``<= 0`` holds. A
    non-degenerate game has the mixed equilibrium exactly when a0, a1 differ in sign
    and so do b0, b1, i.e. when their ``>= 0`` signs differ.
    """
    rows = work.scratch_rows
    np.not_equal(work.nonnegative, work.nonpositive, out=work.scratch)  # a0, b0, a1, b1 != 0
    np.logical_and(work.scratch[0:2], work.scratch[2:4], out=work.scratch[0:2])  # a0, a1 != 0; b0, b1 != 0
    no_zero = np.logical_and(rows[0], rows[1], out=rows[0])
    np.logical_not(no_zero, out=degenerate)
    np.not_equal(work.signs[0:2], work.signs[2:4], out=work.scratch[2:4])  # a0 vs a1, b0 vs b1
    exists = np.logical_and(rows[2], rows[3], out=rows[2])
    return np.logical_and(exists, no_zero, out=exists)


def _check_finite(payoffs: list, denominators: np.ndarray, start: int) -> None:
    """``ValueError`` on NaN/infinite payoffs in this block, or on overflowing differences.

    ``a1 - a0 = (A01 - A11) - (A00 - A10)`` is finite exactly when the four payoffs and
    both differences are (likewise for ``b1 - b0``), so a finite (cheap) sum of the two
    denominator rows clears the block; only otherwise are the payoffs examined.
    """
    if math.isfinite(np.add.reduce(denominators, axis=None)):
        return
    for name, rows in (("A", payoffs[:4]), ("B", payoffs[4:])):
        bad = ~np.isfinite(np.stack(rows)).all(axis=0)
        if bad.any():
            raise ValueError(
                f"payoff array {name} has non-finite entries (NaN or infinity), "
                f"first in game {start + int(np.argmax(bad))} (flat index)"
            )
    if not np.isfinite(denominators).all():
        raise ValueError("payoffs too large: their differences overflow float64 (keep |payoff| below about 4e307)")


def _mixed(work: _Workspace, exists: np.ndarray, mixed_row: np.ndarray, mixed_col: np.ndarray) -> None:
    """``q = a1 / (a1 - a0)``, ``p = b1 / (b1 - b0)``; NaN where no isolated mixed
    equilibrium ``exists``: the denominators are multiplied by ``exists / exists`` (1, or
    0 / 0 = NaN), which masks without branches."""
    weight, (_, _, a1, b1, denominator_a, denominator_b) = work.weight, work.diff_rows
    np.copyto(weight, exists)
    np.divide(weight, weight, out=weight)
    np.multiply(denominator_a, weight, out=denominator_a)
    np.multiply(denominator_b, weight, out=denominator_b)
    np.divide(a1, denominator_a, out=mixed_col)
    np.divide(b1, denominator_b, out=mixed_row)
