"""Units of scenario quantities and their normalisation to one canonical unit per dimension.

A scenario author may write ``25 percent`` or ``0.25 fraction``, ``1.5 million`` jobs or
``1500000 count``; after loading every quantity is in the canonical (first-listed) unit of
its dimension. Money in dollars is kept in US$ billions; yen amounts stay in yen and are
converted with the scenario's own (assumed) exchange rate where the model needs dollars.
"""

from __future__ import annotations

from types import MappingProxyType

#: dimension -> {unit name: factor to the canonical unit}; the first unit is canonical.
UNITS: MappingProxyType = MappingProxyType(
    {
        "fraction": {"fraction": 1.0, "percent": 0.01},
        "usd_bn": {"USD_bn": 1.0, "USD_tn": 1000.0, "USD_m": 0.001},
        "usd_bn_per_year": {"USD_bn_per_year": 1.0, "USD_tn_per_year": 1000.0, "USD_m_per_year": 0.001},
        "jpy_tn": {"JPY_tn": 1.0},
        "jpy_per_usd": {"JPY_per_USD": 1.0},
        "years": {"years": 1.0},
        "count": {"count": 1.0, "thousand": 1e3, "million": 1e6},
        "multiplier": {"multiplier": 1.0},
    }
)

#: The unit of every dimension named once, for documentation and error messages.
UNIT_DESCRIPTIONS: MappingProxyType = MappingProxyType(
    {
        "fraction": "share or probability; 0.25 fraction = 25 percent",
        "USD_bn": "US$ billions (a stock)",
        "USD_bn_per_year": "US$ billions a year (a flow)",
        "JPY_tn": "yen trillions",
        "JPY_per_USD": "yen per US dollar",
        "years": "years",
        "count": "a plain number (thousand and million also accepted)",
        "multiplier": "a dimensionless weight, 1 = neutral",
    }
)


def canonical_unit(dimension: str) -> str:
    """The unit every quantity of ``dimension`` is stored in after loading."""
    return next(iter(UNITS[dimension]))


def accepted_units(dimension: str) -> tuple[str, ...]:
    """Units an author may write for a quantity of ``dimension``."""
    return tuple(UNITS[dimension])


def to_canonical(value: float, unit: str, dimension: str) -> float:
    """Convert ``value`` written in ``unit`` to the canonical unit of ``dimension``.

    >>> to_canonical(25, "percent", "fraction")
    0.25
    >>> to_canonical(1.5, "million", "count")
    1500000.0

    Raises ``KeyError`` when ``unit`` does not measure ``dimension``; the scenario loader
    turns that into a user error naming the accepted units.
    """
    return float(value) * UNITS[dimension][unit]
