"""Tipping points: the value of one parameter at which the stage game's equilibrium changes.

The equilibrium of the 2x2 game changes only where one of the four best-response
comparisons changes sign: Japan against no tariffs (``B[0,0] - B[0,1]``) and against
tariffs (``B[1,0] - B[1,1]``), the US against concession (``A[1,0] - A[0,0]``) and against
resistance (``A[1,1] - A[0,1]``). For each parameter the payoffs are built on a grid at
once (the terms are vectorised), sign changes are bracketed, each root is refined with
Brent's method (scipy), and the equilibria just below and above are compared: all of a
parameter's midpoints at once by the vectorised 2x2 engine
(:func:`sim.solve.engine2x2.equilibria_2x2`), with the general solver only for games within :data:`NEAR_TIE` of a tie.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
from scipy.optimize import brentq

from sim.base.fields import FIELDS, FieldSpec
from sim.model.payoffs import payoff_matrices
from sim.data.presets import JapanPreset, USPreset, stage_parameters
from sim.data.vocabulary import JAPAN_ACTIONS, US_ACTIONS
from sim.solve.engine2x2 import equilibria_2x2
from sim.solve.solvers import nash_equilibria
from sim.base.units import canonical_unit

#: Scenario fields and preset parameters that can tip the game.
PARAMETERS: tuple[FieldSpec, ...] = (*FIELDS.values(), *stage_parameters(JapanPreset), *stage_parameters(USPreset))
#: Unbounded parameters are scanned from their lower bound to this multiple of their value.
SCAN_MULTIPLE = 4.0

COMPARISONS = {
    "Japan against no tariffs": lambda A, B: B[..., 0, 0] - B[..., 0, 1],
    "Japan against tariffs": lambda A, B: B[..., 1, 0] - B[..., 1, 1],
    "US against a concession": lambda A, B: A[..., 1, 0] - A[..., 0, 0],
    "US against resistance": lambda A, B: A[..., 1, 1] - A[..., 0, 1],
}


@dataclass(frozen=True)
class TippingPoint:
    """Where ``parameter`` crossing ``value`` changes the equilibrium from ``below`` to ``above``.

    ``below``/``above`` are equilibrium classes such as ``tariff/resist`` or ``mixed``;
    ``comparison`` names the best response that flips there.
    """

    parameter: str
    value: float
    unit: str
    current: float
    comparison: str
    below: str
    above: str


def equilibrium_class(A: np.ndarray, B: np.ndarray) -> str:
    """The equilibria of a 2x2 game as ``us/japan`` action pairs, or ``mixed``, joined by ``|``."""
    names = (US_ACTIONS, JAPAN_ACTIONS)
    classes = []
    for eq in nash_equilibria(A, B):
        if eq.is_pure:
            classes.append(f"{names[0][eq.row_strategy.index(1.0)]}/{names[1][eq.col_strategy.index(1.0)]}")
        else:
            classes.append("mixed")
    return " | ".join(classes)


#: A game with a best-response difference within this share of its payoff scale of zero
#: (or a mixed probability this close to 0 or 1) is classed by the general solver, whose
#: tolerance (:data:`sim.solve.solvers.TOLERANCE`, 1e-9) then decides ties as it always did.
NEAR_TIE = 1e-6
ACTION_NAMES = (US_ACTIONS, JAPAN_ACTIONS)


def equilibrium_classes(A: np.ndarray, B: np.ndarray) -> list[str]:
    """:func:`equilibrium_class` of every game of a batch ``(..., 2, 2)``, flattened.

    Clear-cut games are read off the 2x2 engine (pure cells where both differences have
    the right sign; the completely mixed equilibrium by the indifference principle) in the
    general solver's order: equilibria sorted by the US's strategy, then Japan's, as
    probability tuples of the first action, so ``tariff`` before ``mixed`` before
    ``refrain`` and ``resist`` before ``concede``. Games near a tie go to
    :func:`equilibrium_class`.

    >>> A = np.array([[[2.0, 0.0], [0.0, 1.0]]]); B = np.array([[[1.0, 0.0], [0.0, 2.0]]])
    >>> equilibrium_classes(A, B)  # battle of the sexes: two pure and a mixed one
    ['tariff/resist | mixed | refrain/concede']
    """
    A = np.asarray(A, dtype=float).reshape(-1, 2, 2)
    B = np.asarray(B, dtype=float).reshape(-1, 2, 2)
    if not len(A):
        return []
    found = equilibria_2x2(A, B)
    scale = np.maximum(1.0, np.maximum(np.abs(A).max(axis=(1, 2)), np.abs(B).max(axis=(1, 2))))
    gaps = np.stack(
        [A[:, 0, 0] - A[:, 1, 0], A[:, 0, 1] - A[:, 1, 1], B[:, 0, 0] - B[:, 0, 1], B[:, 1, 0] - B[:, 1, 1]], axis=1
    )
    mixed = ~np.isnan(found.mixed_row)
    with np.errstate(invalid="ignore"):
        edge = np.fmin(np.fmin(found.mixed_row, 1 - found.mixed_row), np.fmin(found.mixed_col, 1 - found.mixed_col))
    near = found.degenerate | (np.abs(gaps) <= NEAR_TIE * scale[:, None]).any(axis=1) | (mixed & (edge <= NEAR_TIE))
    return [
        equilibrium_class(A[k], B[k]) if near[k] else _class_of(found.pure[k], bool(mixed[k])) for k in range(len(A))
    ]


def _class_of(pure: np.ndarray, mixed: bool) -> str:
    """The class of a non-degenerate game from its pure cells and whether it has a mix."""
    us, japan = ACTION_NAMES
    names = [f"{us[1]}/{japan[j]}" for j in (1, 0) if pure[1, j]]
    names += ["mixed"] if mixed else []
    names += [f"{us[0]}/{japan[j]}" for j in (1, 0) if pure[0, j]]
    return " | ".join(names)


def scan_range(spec: FieldSpec, current: float) -> tuple[float, float] | None:
    """The interval scanned for ``spec``: its range, or up to ``SCAN_MULTIPLE`` x its value."""
    high = spec.high if np.isfinite(spec.high) else SCAN_MULTIPLE * current
    low = spec.low + (1e-9 * max(1.0, high) if spec.positive else 0.0)
    return (low, high) if high > low else None


def tipping_points(
    params: Mapping[str, float], parameters: Iterable[FieldSpec] = PARAMETERS, grid_points: int = 2001
) -> list[TippingPoint]:
    """Every value of each single parameter (others fixed) where the equilibrium changes."""
    found = []
    for spec in parameters:
        interval = scan_range(spec, float(params[spec.name]))
        if interval is not None:
            found += _tipping_points_of(params, spec, interval, grid_points)
    return found


def _tipping_points_of(params, spec, interval, grid_points) -> list[TippingPoint]:
    grid = np.linspace(*interval, grid_points)
    A, B = payoff_matrices(dict(params, **{spec.name: grid}))
    roots = []  # (comparison, value, just below, just above)
    for comparison, gap in COMPARISONS.items():
        signs = np.broadcast_to(np.sign(gap(A, B)), grid.shape)
        nonzero = np.flatnonzero(signs)  # a grid point exactly on a root is bracketed over
        flips = np.flatnonzero(signs[nonzero[:-1]] != signs[nonzero[1:]])  # neighbours of opposite sign
        for left, right in zip(nonzero[flips], nonzero[flips + 1]):
            low, high = grid[left], grid[right]
            value = _root(params, spec.name, gap, low, high)
            roots.append((comparison, value, (low + value) / 2, (value + high) / 2))
    if not roots:
        return []
    sides = np.array([side for _, _, *pair in roots for side in pair])
    near_A, near_B = payoff_matrices(dict(params, **{spec.name: sides}))
    classes = equilibrium_classes(*(np.broadcast_to(m, (len(sides), 2, 2)) for m in (near_A, near_B)))
    points = [
        TippingPoint(
            spec.name, value, canonical_unit(spec.dimension), float(params[spec.name]), comparison, below, above
        )
        for (comparison, value, _, _), below, above in zip(roots, classes[::2], classes[1::2])
        if below != above
    ]
    return sorted(points, key=lambda p: (p.parameter, p.value))


def _root(params, name, gap, low, high) -> float:
    def gap_at(x: float) -> float:
        return float(gap(*payoff_matrices(dict(params, **{name: x}))))

    if gap_at(low) == 0.0 or gap_at(high) == 0.0:
        return float(low if gap_at(low) == 0.0 else high)
    return float(brentq(gap_at, low, high, xtol=1e-12, rtol=1e-10))
