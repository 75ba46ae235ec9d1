"""Nash equilibria of two-player normal-form games, verified before they are returned.

nashpy's vertex enumeration (Avis, Rosenberg, Savani and von Stengel 2010; Algorithm 3.5
of Nisan et al., *Algorithmic Game Theory*, 2007) finds every extreme equilibrium, also in
degenerate games, where support enumeration can miss some; both are run and their union
is kept. Each candidate is re-checked as a mutual best response with one tolerance
(:data:`TOLERANCE`) and duplicates are removed, so what is returned is a tuple of checked
records, never a raw generator.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import nashpy
import numpy as np

#: Payoff tolerance of the best-response check and of deduplication (relative to scale).
TOLERANCE = 1e-9


@dataclass(frozen=True)
class Equilibrium:
    """A Nash equilibrium: each player's mixed strategy and expected payoff."""

    row_strategy: tuple[float, ...]
    col_strategy: tuple[float, ...]
    row_payoff: float
    col_payoff: float

    @property
    def is_pure(self) -> bool:
        """True when both players put all weight on one action."""
        return max(self.row_strategy) > 1 - 1e-12 and max(self.col_strategy) > 1 - 1e-12


def is_best_response_pair(A: np.ndarray, B: np.ndarray, row: np.ndarray, col: np.ndarray,
                          tolerance: float = TOLERANCE) -> bool:
    """True when ``row`` and ``col`` are mutual best responses in the game ``(A, B)``.

    No pure deviation gains more than ``tolerance`` times the game's payoff scale.
    """
    scale = max(1.0, float(np.abs(A).max()), float(np.abs(B).max()))
    row_values, col_values = A @ col, row @ B
    return bool(row_values.max() - row @ row_values <= tolerance * scale
                and col_values.max() - col_values @ col <= tolerance * scale)


def is_degenerate(A: np.ndarray, B: np.ndarray) -> bool:
    """True when some pure strategy has more than one pure best response (ties).

    For 2x2 games this is exactly when the equilibrium set may be infinite; the solvers
    then report its extreme points.
    """
    col_ties = [np.sum(np.isclose(A[:, j], A[:, j].max())) > 1 for j in range(A.shape[1])]
    row_ties = [np.sum(np.isclose(B[i, :], B[i, :].max())) > 1 for i in range(B.shape[0])]
    return any(col_ties) or any(row_ties)


def nash_equilibria(A: np.ndarray, B: np.ndarray) -> tuple[Equilibrium, ...]:
    """All extreme Nash equilibria of the bimatrix game ``(A, B)``, checked, sorted, unique.

    >>> A = np.array([[3.0, 0.0], [5.0, 1.0]])  # prisoner's dilemma
    >>> [e.row_strategy for e in nash_equilibria(A, A.T)]
    [(0.0, 1.0)]
    """
    A, B = np.asarray(A, dtype=float), np.asarray(B, dtype=float)
    found: list[Equilibrium] = []
    for row, col in _candidates(A, B):
        row, col = _clean(row), _clean(col)
        if not is_best_response_pair(A, B, row, col):
            continue
        record = Equilibrium(tuple(row.tolist()), tuple(col.tolist()),
                             float(row @ A @ col), float(row @ B @ col))
        if not any(_same(record, other) for other in found):
            found.append(record)
    return tuple(sorted(found, key=lambda e: (e.row_strategy, e.col_strategy)))


def _candidates(A: np.ndarray, B: np.ndarray):
    """Strategy pairs from vertex and support enumeration (payoffs shifted positive)."""
    shifted = nashpy.Game(A - A.min() + 1.0, B - B.min() + 1.0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # nashpy warns on degenerate games; we check all
        yield from shifted.vertex_enumeration()
        yield from shifted.support_enumeration(non_degenerate=False)


def _clean(strategy: np.ndarray) -> np.ndarray:
    """Clip round-off below zero, renormalise, and snap values within 1e-12 of 0 or 1."""
    strategy = np.clip(np.asarray(strategy, dtype=float), 0.0, None)
    strategy = strategy / strategy.sum()
    strategy[np.abs(strategy) < 1e-12] = 0.0
    strategy[np.abs(strategy - 1.0) < 1e-12] = 1.0
    return strategy


def _same(first: Equilibrium, second: Equilibrium) -> bool:
    return bool(np.allclose(first.row_strategy, second.row_strategy, atol=1e-8)
                and np.allclose(first.col_strategy, second.col_strategy, atol=1e-8))
