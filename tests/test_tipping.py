"""Tipping points: closed forms, and the equilibrium really changes across each one."""

from __future__ import annotations

import pytest

from sim.base.fields import FIELDS
from sim.model.payoffs import TERMS, model_parameters, payoff_matrices
from sim.data.presets import PRESET_PARAMETERS, USPreset
from sim.analysis.tipping import PARAMETERS, equilibrium_class, tipping_points


@pytest.fixture(scope="module")
def params(example_scenario, ishiba, trump):
    return model_parameters(example_scenario, ishiba, trump)


def term(name, params):
    return float(TERMS[name].compute(params))


def test_security_dependence_tipping_point_matches_closed_form(params):
    """Japan concedes to tariffs once L + saved = K + D, L linear in security dependence."""
    (point,) = tipping_points(params, [FIELDS["security_dependence"]])
    needed = (
        term("concession_cost_to_japan", params)
        + term("audience_cost", params)
        - term("tariff_saved_by_conceding", params)
    )
    per_unit = params["linkage_probability"] * params["alliance_value_multiple"] * params["defence_budget"]
    assert point.value == pytest.approx(needed / per_unit, rel=1e-9)
    assert point.comparison == "Japan against tariffs"
    assert (point.below, point.above) == ("tariff/resist", "mixed")


def test_precedent_weight_tipping_point_matches_closed_form(params):
    """The US punishes resistance once G + P = H, P = precedent_weight * W."""
    (spec,) = [s for s in PRESET_PARAMETERS[USPreset] if s.name == "precedent_weight"]
    (point,) = tipping_points(params, [spec])
    expected = (term("us_self_harm", params) - term("tariff_value_to_us", params)) / term("concession_package", params)
    assert point.value == pytest.approx(expected, rel=1e-9)


def test_equilibrium_changes_across_every_tipping_point(params):
    points = tipping_points(params)
    assert len(points) >= 10
    for point in points:
        width = 1e-4 * max(1.0, abs(point.value))
        below = equilibrium_class(*payoff_matrices(dict(params, **{point.parameter: point.value - width})))
        above = equilibrium_class(*payoff_matrices(dict(params, **{point.parameter: point.value + width})))
        assert (below, above) == (point.below, point.above), point


def test_only_stage_game_parameters_are_scanned(params):
    names = [spec.name for spec in PARAMETERS]
    assert "resolve_prior" not in names and "patience" not in names
    assert len(names) == len(set(names)) and set(names) <= set(params)


def _random_games(seed: int, count: int, integer: bool):
    import numpy as np

    rng = np.random.default_rng(seed)
    if integer:  # small integers: many exact ties, so the general solver's path is taken
        return rng.integers(-2, 3, (count, 2, 2)).astype(float), rng.integers(-2, 3, (count, 2, 2)).astype(float)
    return rng.normal(0, 10, (count, 2, 2)), rng.normal(0, 10, (count, 2, 2))


@pytest.mark.parametrize("integer", [False, True])
def test_vectorised_classes_are_the_general_solvers(integer):
    """The 2x2 engine's classes, in the general solver's order, on random games."""
    from sim.analysis.tipping import equilibrium_classes

    A, B = _random_games(7, 400, integer)
    expected = [equilibrium_class(a, b) for a, b in zip(A, B)]
    assert equilibrium_classes(A, B) == expected
    assert any(" | " in name for name in expected)  # games with several equilibria occur
    assert len(set(expected)) >= (6 if integer else 4)
