"""Equilibrium maps: the stage game's outcome over a grid of two parameters.

One vectorised sweep (:func:`sim.analysis.sweep.sweep_2x2`) per run, over two parameters (by
default the auto tariff rate and the government's approval), with the run's own values marked:
where does each leader's article-sourced position sit on the map?
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from sim.analysis.sweep import PARAMETER_SPECS, sweep_2x2
from sim.base.units import canonical_unit


@dataclass(frozen=True)
class EquilibriumMap:
    """Outcome codes on a grid: ``int(outcome[i][j])`` at ``(x_i, y_j)``.

    Codes are those of :data:`sim.solve.outcome_classes.OUTCOME_WORDS`, one digit each, a string per x
    value (compact in JSON).
    """

    x_name: str
    y_name: str
    x_unit: str
    y_unit: str
    x_values: tuple[float, ...]
    y_values: tuple[float, ...]
    outcome: tuple[str, ...]
    x_current: float
    y_current: float


def map_range(name: str, current: float) -> tuple[float, float]:
    """The range drawn for ``name``: from its lower bound up to twice its value (at least 1),
    never past its upper bound."""
    spec = PARAMETER_SPECS[name]
    low = spec.low + (1e-6 if spec.positive else 0.0)
    return low, float(min(spec.high, max(2.0 * current, 1.0)))


def equilibrium_map(params: Mapping[str, float], x_name: str, y_name: str, points: int = 151) -> EquilibriumMap:
    """Solve the stage game on a ``points x points`` grid of ``x_name`` and ``y_name``."""
    axes = {name: np.linspace(*map_range(name, float(params[name])), points) for name in (x_name, y_name)}
    result = sweep_2x2(dict(params), axes)
    unit = {name: canonical_unit(PARAMETER_SPECS[name].dimension) for name in axes}
    return EquilibriumMap(
        x_name,
        y_name,
        unit[x_name],
        unit[y_name],
        tuple(axes[x_name].tolist()),
        tuple(axes[y_name].tolist()),
        tuple("".join(map(str, row)) for row in result.outcome.tolist()),
        float(params[x_name]),
        float(params[y_name]),
    )
