"""The catalogue of scenario fields: name, dimension (unit), allowed range and meaning.

This table is the single definition of what a scenario file may hold under ``facts:``.
The loader validates against it, the payoff terms read these names, and
``docs/scenario-format.md`` documents each entry (a test keeps the two in step).
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class FieldSpec:
    """One model input: its dimension, closed range [low, high] in canonical units, meaning."""

    name: str
    dimension: str
    group: str
    meaning: str
    low: float = 0.0
    high: float = math.inf
    positive: bool = False  # strictly greater than ``low`` (divisors, exchange rates)
    #: Plausible bounds that keep the arithmetic finite: a value is admitted only within
    #: [floor, ceiling] too. ``high`` stays the model's own range (scans and maps use it);
    #: ``ceiling`` caps fields the model leaves unbounded, ``floor`` the divisors.
    ceiling: float = math.inf
    floor: float = 0.0

    def admits(self, value: float) -> bool:
        """True when ``value`` (canonical units) lies in the field's range."""
        above = value > self.low if self.positive else value >= self.low
        return math.isfinite(value) and above and self.floor <= value and value <= min(self.high, self.ceiling)

    def range_text(self) -> str:
        """The range in words, for error messages and docs."""
        if self.floor > self.low:
            low = f">= {self.floor:g}"
        else:
            low = f"> {self.low:g}" if self.positive else f">= {self.low:g}"
        high = min(self.high, self.ceiling)
        return low if math.isinf(high) else f"{low} and <= {high:g}"


#: Plausible upper bounds of the open-ended fields (canonical units), far above any real
#: case yet small enough that every payoff term stays finite: US$ 10 tn a year (over twice
#: Japan's GDP), a stock of US$ 100 tn (world GDP), JPY 10,000 tn (about 16 times Japan's
#: GDP), a multiple of 1,000, and horizons of 0.1 to 100 years.
USD_BN_PER_YEAR_CEILING = 10_000.0
USD_BN_CEILING = 100_000.0
JPY_TN_CEILING = 10_000.0
MULTIPLE_CEILING = 1_000.0
YEARS_FLOOR, YEARS_CEILING = 0.1, 100.0

_FIELDS = (
    # -- tariffs -------------------------------------------------------------------------
    FieldSpec(
        "auto_tariff_rate",
        "fraction",
        "tariffs",
        "US tariff on Japanese cars that the US threatens or imposes",
        high=5.0,
    ),
    FieldSpec(
        "auto_tariff_reference_rate",
        "fraction",
        "tariffs",
        "tariff rate at which the auto tariff cost estimate below was made",
        high=5.0,
        positive=True,
        floor=0.001,
    ),
    FieldSpec(
        "auto_tariff_cost_at_reference",
        "usd_bn_per_year",
        "tariffs",
        "estimated yearly cost to Japan of the auto tariff at the reference rate",
        ceiling=USD_BN_PER_YEAR_CEILING,
    ),
    FieldSpec(
        "steel_aluminium_tariff_rate", "fraction", "tariffs", "US tariff on Japanese steel and aluminium", high=5.0
    ),
    FieldSpec(
        "steel_aluminium_exports",
        "usd_bn_per_year",
        "tariffs",
        "Japan's steel and aluminium exports to the US exposed to that tariff",
        ceiling=USD_BN_PER_YEAR_CEILING,
    ),
    # -- US self-harm -------------------------------------------------------------------
    FieldSpec(
        "us_price_pass_through",
        "fraction",
        "us_self_harm",
        "share of the tariff burden borne in the US (prices, supply chains)",
        high=1.0,
    ),
    FieldSpec(
        "japan_investment_in_us",
        "usd_bn",
        "us_self_harm",
        "stock of Japanese direct investment in the US",
        ceiling=USD_BN_CEILING,
    ),
    FieldSpec(
        "investment_at_risk_share",
        "fraction",
        "us_self_harm",
        "share of that stock whose value to the US is lost each year tariffs stand",
        high=1.0,
    ),
    FieldSpec(
        "us_trade_deficit_with_japan",
        "usd_bn_per_year",
        "us_self_harm",
        "US goods trade deficit with Japan (what the tariffs are meant to cut)",
        ceiling=USD_BN_PER_YEAR_CEILING,
    ),
    # -- concessions --------------------------------------------------------------------
    FieldSpec(
        "pledged_investment",
        "usd_bn",
        "concessions",
        "new Japanese investment in the US offered as part of a concession",
        ceiling=USD_BN_CEILING,
    ),
    FieldSpec(
        "pledge_horizon",
        "years",
        "concessions",
        "years over which the pledged investment is spread",
        positive=True,
        floor=YEARS_FLOOR,
        ceiling=YEARS_CEILING,
    ),
    FieldSpec(
        "purchase_pledges",
        "usd_bn_per_year",
        "concessions",
        "extra yearly Japanese purchases offered (LNG, farm goods)",
        ceiling=USD_BN_PER_YEAR_CEILING,
    ),
    FieldSpec(
        "concession_net_cost_share",
        "fraction",
        "concessions",
        "share of the concession package that is a net loss to Japan",
        high=1.0,
    ),
    FieldSpec(
        "techno_strategy_budget",
        "jpy_tn",
        "concessions",
        "Japan's techno-industrial strategy exposed to US conditions (0 if none)",
        ceiling=JPY_TN_CEILING,
    ),
    FieldSpec(
        "techno_strategy_horizon",
        "years",
        "concessions",
        "years over which that strategy is spent",
        positive=True,
        floor=YEARS_FLOOR,
        ceiling=YEARS_CEILING,
    ),
    FieldSpec(
        "sovereignty_share_at_stake",
        "fraction",
        "concessions",
        "share of the strategy's yearly value lost by accepting US conditions "
        "(technology sharing, local hiring, China restrictions)",
        high=1.0,
    ),
    FieldSpec(
        "yen_per_usd",
        "jpy_per_usd",
        "concessions",
        "exchange rate used to put yen amounts in dollars",
        positive=True,
        floor=1.0,
        ceiling=10_000.0,
    ),
    FieldSpec(
        "deal_tariff_relief",
        "fraction",
        "concessions",
        "share of the tariff cost lifted when Japan concedes while tariffs stand",
        high=1.0,
    ),
    # -- security linkage ---------------------------------------------------------------
    FieldSpec(
        "security_dependence",
        "fraction",
        "security",
        "how far Japan's defence rests on the US guarantee (0 none, 1 entirely)",
        high=1.0,
    ),
    FieldSpec(
        "defence_budget",
        "usd_bn_per_year",
        "security",
        "Japan's own yearly defence budget",
        ceiling=USD_BN_PER_YEAR_CEILING,
    ),
    FieldSpec(
        "alliance_value_multiple",
        "multiplier",
        "security",
        "yearly value to Japan of the US guarantee, in multiples of its defence budget",
        ceiling=MULTIPLE_CEILING,
    ),
    # -- domestic politics --------------------------------------------------------------
    FieldSpec("approval", "fraction", "domestic", "approval rating of Japan's government", high=1.0),
    FieldSpec(
        "public_support_for_resisting",
        "fraction",
        "domestic",
        "share of Japanese voters who back resisting US tariff demands",
        high=1.0,
    ),
    FieldSpec(
        "audience_cost_scale",
        "usd_bn_per_year",
        "domestic",
        "money-equivalent political cost of a concession the whole public opposes, "
        "for a government with no approval to spend",
        ceiling=USD_BN_PER_YEAR_CEILING,
    ),
    # -- outside options ----------------------------------------------------------------
    FieldSpec(
        "japan_china_trade",
        "usd_bn_per_year",
        "outside_options",
        "Japan's two-way trade with China",
        ceiling=USD_BN_PER_YEAR_CEILING,
    ),
    FieldSpec(
        "trade_diversion_rate",
        "fraction",
        "outside_options",
        "share of the China trade that can be turned to offset lost US sales",
        high=1.0,
    ),
)

#: name -> FieldSpec, in catalogue order.
FIELDS: dict[str, FieldSpec] = {spec.name: spec for spec in _FIELDS}

#: Groups in the order the documentation presents them.
GROUPS = tuple(dict.fromkeys(spec.group for spec in _FIELDS))


#: Facts a scenario may leave out, each with the value that keeps the original model
#: (``docs/model.md``, "Era-aware structure"). Absent, they take their default, assumed.
_OPTIONAL = (
    (
        FieldSpec(
            "other_goals_value",
            "usd_bn_per_year",
            "concessions",
            "yearly value to the US of what it demands beyond the trade package "
            "(migration, drugs, a political demand), money-equivalent",
        ),
        0.0,
    ),
    (
        FieldSpec(
            "retaliation_cost_to_us",
            "usd_bn_per_year",
            "counter_pressure",
            "yearly cost to the US of the partner's counter-pressure while US tariffs "
            "stand and the partner resists (counter-tariffs, chokepoints)",
        ),
        0.0,
    ),
    (
        FieldSpec(
            "linkage_stake_weight",
            "fraction",
            "security",
            "how far the security linkage scales with the dispute's stake (tariff cost "
            "plus package) instead of the whole defence budget (0 budget, 1 stake)",
            high=1.0,
        ),
        0.0,
    ),
)
OPTIONAL_FIELDS: dict[str, FieldSpec] = {spec.name: spec for spec, _ in _OPTIONAL}
OPTIONAL_DEFAULTS: dict[str, float] = {spec.name: value for spec, value in _OPTIONAL}
