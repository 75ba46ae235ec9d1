"""Bargaining: closed forms of Rubinstein and Nash, outside options, breakdown, limits."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.solve.bargaining import (
    BargainingError,
    Frontier,
    discount_factor,
    nash_bargaining,
    patience_weight,
    rubinstein,
    rubinstein_breakdown,
    rubinstein_frontier,
    rubinstein_outside_options,
)

PIE = Frontier(us_none=0.0, us_full=1.0, japan_none=1.0, japan_full=0.0)  # u_US + u_J = 1
deltas = st.floats(0.01, 0.99)


@settings(max_examples=200, deadline=None)
@given(deltas, deltas)
def test_rubinstein_closed_form(d1, d2):
    assert rubinstein(d1, d2) == pytest.approx((1 - d2) / (1 - d1 * d2))


@settings(max_examples=100, deadline=None)
@given(deltas, deltas)
def test_rubinstein_on_the_pie_frontier_matches_the_closed_form(d_us, d_japan):
    deal = rubinstein_frontier(PIE, (0.0, 0.0), d_us, d_japan)
    assert deal.us_payoff == pytest.approx(rubinstein(d_us, d_japan), abs=1e-9)


@pytest.mark.parametrize("bad", [1.0, -0.1, 1.5, float("nan")])
def test_rubinstein_rejects_bad_discount_factors(bad):
    with pytest.raises(ValueError, match="discount factor"):
        rubinstein(bad, 0.5)
    with pytest.raises(ValueError, match="discount factor"):
        rubinstein(0.5, bad)


@settings(max_examples=100, deadline=None)
@given(st.floats(0.0, 0.45), st.floats(0.0, 0.45))
def test_symmetric_nash_on_a_linear_frontier_splits_the_surplus(d_us, d_japan):
    deal = nash_bargaining(PIE, (d_us, d_japan))
    surplus = 1 - d_us - d_japan
    assert deal.us_payoff == pytest.approx(d_us + surplus / 2, abs=1e-7)
    assert deal.japan_payoff == pytest.approx(d_japan + surplus / 2, abs=1e-7)


@settings(max_examples=100, deadline=None)
@given(st.floats(0.05, 0.95), st.floats(0.0, 0.3), st.floats(0.0, 0.3))
def test_asymmetric_nash_gives_each_its_weight_of_the_surplus(weight, d_us, d_japan):
    deal = nash_bargaining(PIE, (d_us, d_japan), us_weight=weight)
    assert deal.us_gain == pytest.approx(weight * (1 - d_us - d_japan), abs=1e-6)


@settings(max_examples=60, deadline=None)
@given(st.floats(1.0, 4.0), st.floats(0.1, 0.9))
def test_nash_on_a_concave_frontier_matches_a_numerical_optimum(curvature, weight):
    frontier = Frontier(-15.0, 45.0, -13.0, -25.0, curvature=curvature)
    d = (-20.0, -28.0)
    deal = nash_bargaining(frontier, d, us_weight=weight)
    grid = np.linspace(0, 1, 400_001)
    gains_us, gains_japan = frontier.us(grid) - d[0], frontier.japan(grid) - d[1]
    ok = (gains_us > 0) & (gains_japan > 0)
    product = np.full_like(grid, -np.inf)
    product[ok] = weight * np.log(gains_us[ok]) + (1 - weight) * np.log(gains_japan[ok])
    assert deal.concession == pytest.approx(grid[np.argmax(product)], abs=1e-4)


def test_outside_option_principle():
    """A responder's outside option matters only when it beats bargaining on."""
    d = 0.9
    responder_value = d * rubinstein(d, d)  # what the responder gets by rejecting
    below = rubinstein_outside_options(d, d, 0.0, responder_value - 0.05)
    above = rubinstein_outside_options(d, d, 0.0, responder_value + 0.1)
    assert below == pytest.approx(rubinstein(d, d), abs=1e-12)
    assert above == pytest.approx(1 - (responder_value + 0.1), abs=1e-12)


def test_outside_option_on_the_frontier_binds_only_when_large():
    plain = rubinstein_frontier(PIE, (0, 0), 0.9, 0.9)
    small = rubinstein_frontier(PIE, (0, 0), 0.9, 0.9, japan_outside_gain=0.2)
    large = rubinstein_frontier(PIE, (0, 0), 0.9, 0.9, japan_outside_gain=0.6)
    assert small.us_payoff == pytest.approx(plain.us_payoff, abs=1e-9)
    assert large.japan_payoff == pytest.approx(0.6, abs=1e-9)


def test_breakdown_risk_tends_to_the_nash_split():
    for d_p, d_r in [(0.1, 0.2), (0.0, 0.0), (0.3, 0.05)]:
        share = rubinstein_breakdown(1e-7, d_p, d_r)
        assert share == pytest.approx(d_p + (1 - d_p - d_r) / 2, abs=1e-5)


@pytest.mark.parametrize("curvature", [1.0, 2.0, 3.5])
def test_frequent_offers_converge_to_the_weighted_nash_solution(curvature):
    """Binmore, Rubinstein and Wolinsky (1986): D -> 0 gives w_US = r_J / (r_US + r_J)."""
    frontier = Frontier(-15.0, 45.0, -13.0, -25.0, curvature=curvature)
    d, r_us, r_japan = (-20.0, -28.0), 0.10, 0.05
    target = nash_bargaining(frontier, d, us_weight=r_japan / (r_us + r_japan)).concession
    gaps = [
        abs(
            rubinstein_frontier(frontier, d, discount_factor(r_us, step), discount_factor(r_japan, step)).concession
            - target
        )
        for step in (1.0, 0.1, 0.01, 0.001)
    ]
    assert gaps[-1] < 1e-3 and all(a > b for a, b in zip(gaps, gaps[1:]))


def test_patience_weight():
    assert patience_weight(0.9, 0.9) == pytest.approx(0.5)
    assert patience_weight(math.exp(-0.1), math.exp(-0.05)) == pytest.approx(1 / 3)


def test_bad_inputs_are_clear_errors():
    with pytest.raises(BargainingError, match="outside the feasible set"):
        nash_bargaining(PIE, (0.8, 0.8))
    with pytest.raises(BargainingError, match="gains and a Japan that loses"):
        Frontier(0.0, -1.0, 1.0, 0.0)
    with pytest.raises(BargainingError, match="weight"):
        nash_bargaining(PIE, (0, 0), us_weight=1.0)
    with pytest.raises(BargainingError, match="walks away"):
        rubinstein_frontier(PIE, (0, 0), 0.9, 0.9, japan_outside_gain=1.5)
    with pytest.raises(BargainingError, match="breakdown probability"):
        rubinstein_breakdown(0.0, 0.1, 0.1)
    with pytest.raises(BargainingError, match="finite"):
        nash_bargaining(PIE, (float("nan"), 0.0))
