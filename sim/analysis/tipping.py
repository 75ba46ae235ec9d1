"""Tipping points: the value of one parameter at which the stage game's equilibrium changes.

The equilibrium of the 2x2 game changes only where one of the four best-response
comparisons changes sign: Japan against no tariffs (``B[0,0] - B[0,1]``) and against
tariffs (``B[1,0] - B[1,1]``), the US against concession (``A[1,0] - A[0,0]``) and against
resistance (``A[1,1] - A[0,1]``). For each parameter the payoffs are built on a grid at
once (the terms are vectorised), sign changes are bracketed, each root is refined with
Brent's method (scipy), and the equilibria just below and above are compared.
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
from sim.solve.solvers import nash_equilibria
from sim.base.units import canonical_unit

#: Scenario fields and preset parameters that can tip the game.
PARAMETERS: tuple[FieldSpec, ...] = (*FIELDS.values(), *stage_parameters(JapanPreset),
                                     *stage_parameters(USPreset))
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
            classes.append(f"{names[0][eq.row_strategy.index(1.0)]}/"
                           f"{names[1][eq.col_strategy.index(1.0)]}")
        else:
            classes.append("mixed")
    return " | ".join(classes)


def scan_range(spec: FieldSpec, current: float) -> tuple[float, float] | None:
    """The interval scanned for ``spec``: its range, or up to ``SCAN_MULTIPLE`` x its value."""
    high = spec.high if np.isfinite(spec.high) else SCAN_MULTIPLE * current
    low = spec.low + (1e-9 * max(1.0, high) if spec.positive else 0.0)
    return (low, high) if high > low else None


def tipping_points(params: Mapping[str, float], parameters: Iterable[FieldSpec] = PARAMETERS,
                   grid_points: int = 2001) -> list[TippingPoint]:
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
    points = []
    for comparison, gap in COMPARISONS.items():
        signs = np.broadcast_to(np.sign(gap(A, B)), grid.shape)
        nonzero = np.flatnonzero(signs)  # a grid point exactly on a root is bracketed over
        for left, right in zip(nonzero[:-1], nonzero[1:]):
            if signs[left] == signs[right]:
                continue
            low, high = grid[left], grid[right]
            value = _root(params, spec.name, gap, low, high)
            below, above = (equilibrium_class(*payoff_matrices(dict(params, **{spec.name: x})))
                            for x in ((low + value) / 2, (value + high) / 2))
            if below != above:
                points.append(TippingPoint(spec.name, value, canonical_unit(spec.dimension),
                                           float(params[spec.name]), comparison, below, above))
    return sorted(points, key=lambda p: (p.parameter, p.value))


def _root(params, name, gap, low, high) -> float:
    def gap_at(x: float) -> float:
        return float(gap(*payoff_matrices(dict(params, **{name: x}))))
    if gap_at(low) == 0.0 or gap_at(high) == 0.0:
        return float(low if gap_at(low) == 0.0 else high)
    return float(brentq(gap_at, low, high, xtol=1e-12, rtol=1e-10))
