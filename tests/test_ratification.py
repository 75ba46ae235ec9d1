"""Two-level deals: the closed-form demand, Putnam's narrow win-set, the acceptance ceiling."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.model.ratification import optimal_demand, ratification_exponent, ratification_probability


def terms(value=40.0, precedent=0.0, cost=10.0, linkage=5.0):
    return {
        "concession_value_to_us": value,
        "precedent_cost_to_us": precedent,
        "concession_cost_to_japan": cost,
        "audience_cost": 0.0,
        "security_linkage_cost": linkage,
    }


def test_probability_bounds():
    assert ratification_probability(0.0, 2.0) == 1.0
    assert ratification_probability(1.0, 2.0) == 0.0
    assert ratification_probability(0.5, 1.0) == pytest.approx(0.5)


@settings(max_examples=200, deadline=None)
@given(st.floats(0.05, 1.0), st.floats(0.0, 1.0))
def test_closed_form_demand(approval, opposition):
    """With no precedent cost and a zero failure payoff, c* = approval / (approval + opposition)."""
    deal = optimal_demand(terms(), approval, opposition, us_failure=0.0, japan_failure=-1e9)
    assert deal.demand == pytest.approx(approval / (approval + opposition), abs=1e-6)


def test_demand_matches_a_grid_search():
    t = terms(value=45.0, precedent=15.0, cost=25.0, linkage=13.0)
    deal = optimal_demand(t, 0.28, 0.68, us_failure=-10.3, japan_failure=-28.1)
    grid = np.linspace(0, deal.acceptable_up_to, 200_001)
    rho = ratification_probability(grid, ratification_exponent(0.28, 0.68))
    expected = rho * (45.0 * grid - 15.0 * (1 - grid)) + (1 - rho) * -10.3
    assert deal.us_value == pytest.approx(expected.max(), abs=1e-6)
    assert deal.demand == pytest.approx(grid[np.argmax(expected)], abs=1e-4)


@settings(max_examples=200, deadline=None)
@given(st.floats(0.05, 0.95), st.floats(0.01, 0.5), st.floats(0.05, 1.0))
def test_narrow_win_set_lowers_the_demand(approval, more, opposition):
    """Putnam: a government with less approval (narrower win-set) is asked for less."""
    t = terms(value=45.0, precedent=15.0, cost=25.0, linkage=13.0)
    weak = optimal_demand(t, approval, opposition, -10.3, -1e9)
    strong = optimal_demand(t, min(approval + more, 1.0), opposition, -10.3, -1e9)
    assert weak.demand <= strong.demand + 1e-6


def test_japan_never_accepts_more_than_resisting_is_worth():
    deal = optimal_demand(terms(cost=30.0, linkage=5.0), 0.9, 0.1, 0.0, japan_failure=-15.0)
    assert deal.acceptable_up_to == pytest.approx((-5.0 + 15.0) / 25.0)
    assert deal.demand <= deal.acceptable_up_to + 1e-12


def test_zero_approval_is_refused():
    with pytest.raises(ValueError, match="approval"):
        ratification_exponent(0.0, 0.5)
