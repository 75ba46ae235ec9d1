"""Parameter grids of the stage game, solved in one go: :func:`sweep_2x2` builds the games
of a whole grid with :func:`sim.model.payoffs.payoff_matrices` and solves them with the
vectorised engine (:func:`sim.solve.engine2x2.equilibria_2x2`); each point's outcome class
is :func:`sim.solve.outcome_classes.outcome_class`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from sim.base.fields import FIELDS
from sim.model.payoffs import payoff_matrices
from sim.data.presets import PRESET_PARAMETERS
from sim.solve.engine2x2 import Equilibria2x2, equilibria_2x2
from sim.solve.outcome_classes import outcome_class


# --- parameter grids ---------------------------------------------------------------------

#: The range of every parameter that has one: scenario fields and preset parameters.
PARAMETER_SPECS = {
    spec.name: spec for spec in (*FIELDS.values(), *(s for specs in PRESET_PARAMETERS.values() for s in specs))
}


@dataclass(frozen=True)
class SweepResult:
    """A solved parameter grid; ``shape`` is one length per axis, in the axes' order.

    Attributes
    ----------
    axes : dict of str to 1-D ndarray
        The swept parameters' values.
    grid : dict of str to ndarray, shape ``shape``
        The axes' meshgrid (``indexing="ij"``; read-only broadcast views).
    params : dict
        The model parameters of :func:`parameter_grid` (axes as broadcastable arrays).
    A, B : ndarray, shape (*shape, 2, 2)
        US and Japan payoffs at every point (:func:`sim.model.payoffs.payoff_matrices`).
    equilibria : Equilibria2x2
        :func:`equilibria_2x2` of every point.
    outcome : int8 ndarray, shape ``shape``
        :func:`outcome_class` codes; ``OUTCOME_WORDS[code]`` says it in words.
    """

    axes: dict
    grid: dict
    params: dict
    A: np.ndarray
    B: np.ndarray
    equilibria: Equilibria2x2
    outcome: np.ndarray

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(len(values) for values in self.axes.values())


def parameter_grid(base_params: Mapping, axes: Mapping) -> dict:
    """``base_params`` with each swept parameter replaced by its axis, shaped to broadcast.

    Axis ``k`` of ``n_k`` values becomes an array of shape ``(1, .., n_k, .., 1)``, so the
    payoff terms of :mod:`sim.model.payoffs` evaluate on the whole grid (shape ``(n_0, n_1,
    ...)``) at once, like ``np.meshgrid(..., indexing="ij", sparse=True)``.

    Raises
    ------
    ValueError
        No axes; an axis naming no parameter of ``base_params``; an axis that is not a
        non-empty 1-D array of finite numbers, or leaves the parameter's documented range;
        a base parameter that is not a single number.

    Examples
    --------
    >>> grid = parameter_grid({"x": 1.0, "y": 2.0, "z": 3.0}, {"x": [0, 1, 2], "z": [5, 6]})
    >>> grid["x"].shape, grid["y"], grid["z"].shape
    ((3, 1), 2.0, (1, 2))
    """
    if not axes:
        raise ValueError("a parameter grid needs at least one axis")
    grid: dict[str, float | np.ndarray] = {name: _scalar_parameter(name, value) for name, value in base_params.items()}
    for k, (name, values) in enumerate(axes.items()):
        if name not in grid:
            raise ValueError(f"axis {name!r} is not a model parameter; known: " + ", ".join(sorted(grid)))
        shape = [1] * len(axes)
        shape[k] = -1
        grid[name] = _axis_values(name, values).reshape(shape)
    return grid


def _scalar_parameter(name: str, value: float | np.ndarray) -> float:
    if np.ndim(value) != 0:
        raise ValueError(
            f"base parameter {name!r} must be a single number, "
            f"got shape {np.shape(value)} (sweep it as an axis instead)"
        )
    return float(value)


def _axis_values(name: str, values: ArrayLike) -> np.ndarray:
    """One axis as a finite, non-empty 1-D float array within the parameter's range."""
    try:
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError) as error:
        raise ValueError(f"axis {name!r} is not numeric: {error}") from None
    if array.ndim != 1 or array.size == 0:
        raise ValueError(f"axis {name!r} must be a non-empty 1-D array, got shape {array.shape}")
    if not np.isfinite(array).all():
        raise ValueError(f"axis {name!r} has non-finite values (NaN or infinity)")
    spec = PARAMETER_SPECS.get(name)
    if spec is not None:
        outside = [float(v) for v in array if not spec.admits(float(v))]
        if outside:
            raise ValueError(f"axis {name!r}: expected values {spec.range_text()}, found {outside[0]:g}")
    return array


def sweep_2x2(base_params: Mapping, axes: Mapping) -> SweepResult:
    """Build and solve the 2x2 stage game at every point of a parameter grid, no loop per point.

    Parameters
    ----------
    base_params : mapping of str to float
        All model parameters (:func:`sim.model.payoffs.model_parameters`), single numbers.
    axes : mapping of str to 1-D array_like
        The parameters to sweep and their values; the grid is their Cartesian product,
        in this order.

    Returns
    -------
    SweepResult

    Examples
    --------
    Ishiba's February 2025 case without and with full security dependence (a 1000x1000
    map is in ``docs/sweeps.md``):

    >>> from sim.model.payoffs import model_parameters
    >>> from sim.data.presets import JapanPreset, USPreset, load_preset
    >>> from sim.data.scenario import load_scenario, resolve_scenario_path
    >>> from sim.solve.outcome_classes import OUTCOME_WORDS
    >>> scenario = load_scenario(resolve_scenario_path("ishiba_white_house_2025"))
    >>> base = model_parameters(scenario, load_preset(JapanPreset, "ishiba"),
    ...                         load_preset(USPreset, "trump_2025"))
    >>> result = sweep_2x2(base, {"security_dependence": [0.0, 1.0], "auto_tariff_rate": [0.25]})
    >>> result.shape, [OUTCOME_WORDS[code] for code in result.outcome[:, 0]]
    ((2, 1), ['Japan resists / US imposes', 'mixed'])
    """
    params = parameter_grid(base_params, axes)
    axes = {name: params[name].ravel() for name in axes}
    shape = tuple(len(values) for values in axes.values())
    A, B = _grid_payoffs(params, shape)
    equilibria = equilibria_2x2(A, B)
    grid = dict(
        zip(
            axes, (np.broadcast_to(values, shape) for values in np.meshgrid(*axes.values(), indexing="ij", sparse=True))
        )
    )
    return SweepResult(axes, grid, params, A, B, equilibria, outcome_class(equilibria))


def _grid_payoffs(params: dict, shape: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray]:
    """Payoffs on the whole grid, shape ``(*shape, 2, 2)``, in one call.

    The terms are evaluated on the broadcastable axes, so only the final combination has
    the grid's size (measured faster than building the grid in cache-sized slabs). A
    parameter the payoffs do not use leaves its axis out; broadcasting restores it.
    """
    A, B = payoff_matrices(params)
    full = (*shape, 2, 2)
    if A.shape != full:
        A, B = np.broadcast_to(A, full).copy(), np.broadcast_to(B, full).copy()
    return A, B
