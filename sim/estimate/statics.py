"""Comparative statics: every equilibrium of one game as one covariate moves.

The covariate's raw value is set on a grid and every regressor built from it
(``x``, ``sqrt(x)``, ``log(x)``) is recomputed; at each value all fixed points of
``p_R = Psi(p_R)`` are found (:func:`sim.estimate.equilibria.all_equilibria`), so where
the game has three equilibria all three branches are recorded.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.estimate.equilibria import all_equilibria
from sim.estimate.model import outcome_probabilities
from sim.estimate.spec import UTILITIES, Design, parse_term, utilities_at


@dataclass(frozen=True)
class StaticsPoint:
    """One equilibrium at one covariate value: ``p_R`` and the outcome probabilities."""

    value: float
    p_resist: float
    p_sq: float
    p_cd: float
    p_sf: float
    p_bd: float


@dataclass(frozen=True)
class Statics:
    """Comparative statics of game ``game_id`` in ``covariate`` (points in value order)."""

    game_id: str
    covariate: str
    observed: float
    points: tuple[StaticsPoint, ...]


def covariates_of(design: Design) -> list[str]:
    """The raw data columns the specification's regressors are built from, in order."""
    names = []
    for u in UTILITIES:
        for term in design.terms[u]:
            column = parse_term(1 if term == "1" else term, design.spec_path, u)[1]
            if column and column not in names:
                names.append(column)
    return names


def raw_value(design: Design, row: int, covariate: str) -> float:
    """The game's raw covariate value, recovered from the first regressor built from it."""
    for u in UTILITIES:
        for j, term in enumerate(design.terms[u]):
            transform, column = parse_term(1 if term == "1" else term, design.spec_path, u)
            if column == covariate:
                x = design.X[u][row, j]
                return float(x**2 if transform == "sqrt" else np.exp(x) if transform == "log" else x)
    raise KeyError(covariate)


def regressors_at(design: Design, row: int, covariate: str, values: np.ndarray) -> dict:
    """Regressor matrices of game ``row`` repeated over ``values`` of ``covariate``."""
    X = {}
    for u in UTILITIES:
        x = np.repeat(design.X[u][row : row + 1], values.size, axis=0)
        for j, term in enumerate(design.terms[u]):
            transform, column = parse_term(1 if term == "1" else term, design.spec_path, u)
            if column == covariate:
                x[:, j] = np.sqrt(values) if transform == "sqrt" else np.log(values) if transform == "log" else values
        X[u] = x
    return X


def comparative_statics(design: Design, beta: np.ndarray, row: int, covariate: str, values: np.ndarray) -> Statics:
    """Every equilibrium of game ``row`` at each of ``values`` of ``covariate``."""
    X = regressors_at(design, row, covariate, values)
    U = utilities_at(X, design.fixed, design.slices, beta)
    roots, count = all_equilibria(U)
    points = []
    for i, value in enumerate(values):
        for p in roots[i, : count[i]]:
            sq, cd, sf, bd = outcome_probabilities(U[:, i : i + 1], np.array([p]))[:, 0]
            points.append(StaticsPoint(float(value), float(p), float(sq), float(cd), float(sf), float(bd)))
    return Statics(design.game_ids[row], covariate, raw_value(design, row, covariate), tuple(points))
