"""Payoff terms: hand-computed values, vectorisation, and monotone properties (hypothesis)."""

from __future__ import annotations

import numpy as np
import pytest
from gambit_live import needs_gambit
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.base.fields import FIELDS
from sim.model.payoffs import TERMS, model_parameters, payoff_matrices, stage_game
from sim.data.presets import JapanPreset, USPreset, stage_parameters

REFRAIN, TARIFF, CONCEDE, RESIST = 0, 1, 0, 1


def test_hand_computed_game(example_scenario, ishiba, trump):
    """Article 001 with the Ishiba and Trump presets, computed by hand from the formulas."""
    game = stage_game(example_scenario, ishiba, trump)
    T = 0.25 / 0.25 * 20 + 0.25 * 3  # 20.75
    H = 0.5 * T + 0.01 * 675  # 17.125
    W = 100 / 4 + 5  # 30
    V, P, G = 1.5 * W, 0.5 * W, 0.1 * 68
    K = 0.7 * (0.5 * W + 0.0)
    D = 1.0 * 30 * 0.68 * (1 - 0.28)
    L = 0.8 * 0.3 * 1.0 * 55.1
    O = 0.02 * 295
    expected_A = [[V, -P], [V + G - 0.5 * H, G - H]]
    expected_B = [[-(K + D), -L], [-(K + D) - max(0, 0.5 * T - O), -L - max(0, T - O)]]
    np.testing.assert_allclose(game.us_payoffs, expected_A)
    np.testing.assert_allclose(game.japan_payoffs, expected_B)
    assert game.terms["audience_cost"] == pytest.approx(D)


def _all_params(scenario, japan, us):
    return model_parameters(scenario, japan, us)


def test_vectorised_equals_pointwise(example_scenario, ishiba, trump):
    params = _all_params(example_scenario, ishiba, trump)
    grid = np.linspace(0.0, 1.0, 7)
    batch = dict(params, security_dependence=grid, auto_tariff_rate=grid[::-1] * 0.5)
    A, B = payoff_matrices(batch)
    assert A.shape == B.shape == (7, 2, 2)
    for k in range(7):
        point = dict(params, security_dependence=grid[k], auto_tariff_rate=grid[::-1][k] * 0.5)
        a, b = payoff_matrices(point)
        np.testing.assert_allclose(A[k], a)
        np.testing.assert_allclose(B[k], b)


def _value_in(spec, draw_fraction):
    high = spec.high if np.isfinite(spec.high) else 500.0
    low = spec.low + (1e-3 if spec.positive else 0.0)
    return low + draw_fraction * (high - low)


ALL_SPECS = [*FIELDS.values(), *stage_parameters(JapanPreset), *stage_parameters(USPreset)]


@st.composite
def parameter_sets(draw):
    """Any parameters within every field's declared range."""
    fractions = draw(st.lists(st.floats(0, 1), min_size=len(ALL_SPECS), max_size=len(ALL_SPECS)))
    return {spec.name: _value_in(spec, f) for spec, f in zip(ALL_SPECS, fractions)}


def _raised(params, name, amount):
    spec = next(s for s in ALL_SPECS if s.name == name)
    return dict(params, **{name: min(params[name] + amount, spec.high)})


property_settings = settings(max_examples=300, deadline=None)


def _slack(*payoffs) -> float:
    """Rounding room for comparing payoffs: 1e-9 of their size (fields span many decades)."""
    return 1e-9 * (1.0 + max(float(np.abs(p).max()) for p in payoffs))


@property_settings
@given(parameter_sets(), st.sampled_from(["auto_tariff_rate", "steel_aluminium_tariff_rate"]), st.floats(0.01, 2.0))
def test_higher_tariff_never_raises_japans_payoff_under_tariff(params, rate, step):
    _, before = payoff_matrices(params)
    _, after = payoff_matrices(_raised(params, rate, step))
    assert np.all(after[TARIFF] <= before[TARIFF] + _slack(before, after))
    # ...and never makes resisting a tariff more attractive than conceding to it.
    assert after[TARIFF, RESIST] - after[TARIFF, CONCEDE] <= before[TARIFF, RESIST] - before[TARIFF, CONCEDE] + _slack(
        before, after
    )


@property_settings
@given(parameter_sets(), st.floats(0.01, 1.0))
def test_higher_security_dependence_never_makes_resisting_more_attractive(params, step):
    _, before = payoff_matrices(params)
    _, after = payoff_matrices(_raised(params, "security_dependence", step))
    gain_before = before[:, RESIST] - before[:, CONCEDE]
    gain_after = after[:, RESIST] - after[:, CONCEDE]
    assert np.all(gain_after <= gain_before + _slack(before, after))


@property_settings
@given(parameter_sets(), st.floats(0.01, 1.0))
def test_higher_approval_never_makes_conceding_costlier(params, step):
    _, before = payoff_matrices(params)
    _, after = payoff_matrices(_raised(params, "approval", step))
    assert np.all(after[:, CONCEDE] >= before[:, CONCEDE] - _slack(before, after))


@property_settings
@given(parameter_sets(), st.floats(0.01, 1.0))
def test_more_public_support_for_resisting_never_favours_conceding(params, step):
    _, before = payoff_matrices(params)
    _, after = payoff_matrices(_raised(params, "public_support_for_resisting", step))
    assert np.all(after[:, CONCEDE] <= before[:, CONCEDE] + _slack(before, after))


@property_settings
@given(parameter_sets(), st.floats(0.01, 1.0))
def test_us_self_harm_never_makes_tariffs_more_attractive(params, step):
    before, _ = payoff_matrices(params)
    after, _ = payoff_matrices(_raised(params, "us_price_pass_through", step))
    assert np.all(after[TARIFF] - after[REFRAIN] <= before[TARIFF] - before[REFRAIN] + _slack(before, after))


@property_settings
@given(parameter_sets())
def test_terms_are_finite_and_costs_non_negative(params):
    for name, term in TERMS.items():
        value = float(term.compute(params))
        assert np.isfinite(value), name
        assert value >= -1e-12, name


@pytest.mark.parametrize("levels", [(2, 3), (3, 2), (4, 5), (6, 6)])
def test_level_games_keep_the_2x2_game_at_their_corners(example_scenario, ishiba, trump, levels):
    params = model_parameters(example_scenario, ishiba, trump)
    A2, B2 = payoff_matrices(params)
    A, B = payoff_matrices(params, *levels)
    assert A.shape == B.shape == levels
    corners = np.ix_([0, -1], [0, -1])
    np.testing.assert_allclose(A[corners], A2)
    np.testing.assert_allclose(B[corners], B2)


def test_level_games_vectorise(example_scenario, ishiba, trump):
    params = dict(model_parameters(example_scenario, ishiba, trump), approval=np.array([0.2, 0.5, 0.8]))
    A, B = payoff_matrices(params, 3, 4)
    assert A.shape == (3, 3, 4)
    point = dict(params, approval=0.5)
    np.testing.assert_allclose(B[1], payoff_matrices(point, 3, 4)[1])


def test_action_labels():
    from sim.model.payoffs import action_labels

    assert action_labels() == (("refrain", "tariff"), ("concede", "resist"))
    us, japan = action_labels(3, 3)
    assert us == ("refrain", "tariff 50%", "tariff 100%")
    assert japan == ("concede 100%", "concede 50%", "resist")


@property_settings
@given(parameter_sets(), st.floats(0.01, 1.0))
def test_more_security_dependence_never_lowers_japans_best_concession(params, step):
    """In the levels game, Japan's best response against full tariffs never concedes less."""
    _, before = payoff_matrices(params, 2, 5)
    _, after = payoff_matrices(_raised(params, "security_dependence", step), 2, 5)
    # Concession falls with the column index: a best response never moves to a higher one.
    chosen_before = int(np.argmax(before[TARIFF]))
    assert after[TARIFF, : chosen_before + 1].max() >= after[TARIFF].max() - 1e-9


@needs_gambit
def test_levels_games_of_the_scenarios_agree_with_gambit(scenarios, ishiba, takaichi, trump):
    from test_solvers import assert_same_sets, gambit_equilibria

    from sim.solve.solvers import nash_equilibria

    for scenario in scenarios:
        for japan in (ishiba, takaichi):
            game = stage_game(scenario, japan, trump, 3, 5)
            A, B = game.us_payoffs, game.japan_payoffs
            assert_same_sets(nash_equilibria(A, B), gambit_equilibria(A, B))
