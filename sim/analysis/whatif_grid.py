"""The what-if panel's data: each run's stage game solved on a coarse grid of the map's two
inputs, payoff matrices included, so the page can show the matrix and the outcome at any
slider position with no server. Computed by the main job (the report only embeds it).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from sim.analysis.maps import map_range
from sim.solve.outcome_classes import outcome_class
from sim.analysis.sweep import sweep_2x2

#: Grid points per input: 41 x 41 matrices per run keep the page under a megabyte more.
POINTS = 41


@dataclass(frozen=True)
class WhatIfGrid:
    """One run's grid: inputs, outcome codes ``codes[i][j]`` (digits of
    :data:`sim.solve.outcome_classes.OUTCOME_WORDS`) and payoffs ``us[i][j]``, ``japan[i][j]`` (2x2, rounded
    to 0.1) at ``(xs[i], ys[j])``."""

    label: str
    x_name: str
    y_name: str
    x_unit: str
    y_unit: str
    xs: tuple[float, ...]
    ys: tuple[float, ...]
    codes: tuple[str, ...]
    us: tuple
    japan: tuple
    x_current: float
    y_current: float


def whatif_grid(
    label: str, params: Mapping[str, float], x_name: str, y_name: str, x_unit: str, y_unit: str, points: int = POINTS
) -> WhatIfGrid:
    """Solve the stage game on ``points x points`` values of the two inputs (vectorised)."""
    axes = {name: np.linspace(*map_range(name, float(params[name])), points) for name in (x_name, y_name)}
    result = sweep_2x2(dict(params), axes)
    codes = outcome_class(result.equilibria)
    rounded = lambda M: tuple(
        tuple(
            tuple(
                tuple(round(float(v), 1) for v in row)  # noqa: E731
                for row in cell
            )
            for cell in line
        )
        for line in M
    )
    return WhatIfGrid(
        label,
        x_name,
        y_name,
        x_unit,
        y_unit,
        tuple(round(float(v), 6) for v in axes[x_name]),
        tuple(round(float(v), 6) for v in axes[y_name]),
        tuple("".join(map(str, row)) for row in codes.tolist()),
        rounded(result.A),
        rounded(result.B),
        float(params[x_name]),
        float(params[y_name]),
    )
