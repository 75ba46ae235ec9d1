"""Equilibrium maps agree with solving each point on its own, and mark the run's position."""

from __future__ import annotations

import numpy as np
import pytest

from sim.analysis.maps import equilibrium_map, map_range
from sim.model.payoffs import model_parameters, payoff_matrices
from sim.solve.outcome_classes import OUTCOMES
from sim.analysis.tipping import equilibrium_class


@pytest.fixture(scope="module")
def params(example_scenario, ishiba, trump):
    return model_parameters(example_scenario, ishiba, trump)


def test_map_cells_match_pointwise_solutions(params):
    eq_map = equilibrium_map(params, "auto_tariff_rate", "security_dependence", points=21)
    rng = np.random.default_rng(7)
    for i, j in rng.integers(0, 21, size=(40, 2)):
        point = dict(params, auto_tariff_rate=eq_map.x_values[i], security_dependence=eq_map.y_values[j])
        expected = equilibrium_class(*payoff_matrices(point))
        code = int(eq_map.outcome[i][j])
        assert (OUTCOMES[code] if code < 4 else "mixed") == expected, (i, j, expected)


def test_map_marks_the_runs_position_and_covers_it(params):
    eq_map = equilibrium_map(params, "auto_tariff_rate", "security_dependence", points=11)
    assert eq_map.x_current == params["auto_tariff_rate"]
    assert eq_map.x_values[0] <= eq_map.x_current <= eq_map.x_values[-1]
    assert eq_map.y_values[0] <= eq_map.y_current <= eq_map.y_values[-1]
    assert len(eq_map.outcome) == 11 and all(len(row) == 11 for row in eq_map.outcome)


def test_map_range():
    assert map_range("security_dependence", 0.8) == (0.0, 1.0)
    assert map_range("auto_tariff_rate", 0.25) == (0.0, 1.0)
    assert map_range("auto_tariff_rate", 1.5) == (0.0, 3.0)
