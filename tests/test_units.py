import math

import pytest

from sim.base.units import UNIT_DESCRIPTIONS, UNITS, accepted_units, canonical_unit, to_canonical


def test_percent_and_fraction_agree():
    assert to_canonical(25, "percent", "fraction") == pytest.approx(0.25)
    assert to_canonical(0.25, "fraction", "fraction") == 0.25


def test_money_scales():
    assert to_canonical(1.21, "USD_tn_per_year", "usd_bn_per_year") == pytest.approx(1210)
    assert to_canonical(500, "USD_m", "usd_bn") == pytest.approx(0.5)


def test_counts():
    assert to_canonical(1.5, "million", "count") == 1.5e6
    assert to_canonical(55, "thousand", "count") == 55_000


def test_unit_of_another_dimension_is_refused():
    with pytest.raises(KeyError):
        to_canonical(1, "percent", "usd_bn")


@pytest.mark.parametrize("dimension", list(UNITS))
def test_canonical_unit_has_factor_one_and_a_description(dimension):
    assert UNITS[dimension][canonical_unit(dimension)] == 1.0
    assert canonical_unit(dimension) in UNIT_DESCRIPTIONS
    assert all(math.isfinite(f) and f > 0 for f in UNITS[dimension].values())
    assert accepted_units(dimension)[0] == canonical_unit(dimension)
