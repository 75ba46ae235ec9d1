"""The named payoff terms of the stage game, each declared once as data.

A :class:`PayoffTerm` gives a term's name, symbol, label, unit, formula, the parameters it
reads (scenario facts and preset parameters, by name), its source and the function that
computes it. :data:`TERMS` lists them; the labels, formulas and input lists the reports,
the seminar tables and ``docs/model.md`` show are derived from it (:data:`TERM_LABELS`,
:data:`TERM_FORMULAS`, :data:`TERM_INPUTS`), and ``tests/test_terms.py`` checks that each
record's inputs are exactly what its function reads.

Every function takes a mapping of parameters (:func:`sim.model.payoffs.model_parameters`)
whose values may be floats or numpy arrays of one shape, so a grid of parameters becomes an
array of terms without a loop. Money terms are in US$ bn a year (political terms in
money-equivalent).

>>> TERMS["tariff_value_to_us"].formula
'G = deficit_fixation * us_trade_deficit_with_japan'
>>> TERM_LABELS["deal_tariff_relief"]
'deal tariff relief (r, share)'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

Params = Mapping[str, "float | np.ndarray"]


def _optional(p: Params, name: str, default: float = 0.0):
    """An era-structure input (an optional fact or preset parameter); absent: its default.

    Reading through ``p[name]`` lets :func:`recorded_inputs` record the name.
    """
    try:
        return p[name]
    except KeyError:
        return default


def tariff_cost_to_japan(p: Params):
    """T: yearly cost to Japan of the US tariffs (record: ``TERMS["tariff_cost_to_japan"]``)."""
    auto = p["auto_tariff_rate"] / p["auto_tariff_reference_rate"] * p["auto_tariff_cost_at_reference"]
    return auto + p["steel_aluminium_tariff_rate"] * p["steel_aluminium_exports"]


def us_self_harm(p: Params):
    """H: the tariffs' cost to the US as the administration weighs it (``TERMS["us_self_harm"]``)."""
    return (1.0 - _optional(p, "cost_tolerance")) * (
        p["us_price_pass_through"] * tariff_cost_to_japan(p)
        + p["investment_at_risk_share"] * p["japan_investment_in_us"]
    )


def concession_package(p: Params):
    """W: yearly size of Japan's concession package (``TERMS["concession_package"]``)."""
    return p["pledged_investment"] / p["pledge_horizon"] + p["purchase_pledges"]


def concession_value_to_us(p: Params):
    """V: what Japan's concession is worth to the US (``TERMS["concession_value_to_us"]``)."""
    return (1.0 + p["precedent_weight"]) * (concession_package(p) + _optional(p, "other_goals_value"))


def precedent_cost_to_us(p: Params):
    """P: the US's cost of leaving resistance unpunished (``TERMS["precedent_cost_to_us"]``)."""
    return p["precedent_weight"] * (concession_package(p) + _optional(p, "other_goals_value"))


def tariff_value_to_us(p: Params):
    """G: the administration's value of tariffs per se (``TERMS["tariff_value_to_us"]``)."""
    return p["deficit_fixation"] * p["us_trade_deficit_with_japan"]


def concession_cost_to_japan(p: Params):
    """K: Japan's net cost of conceding (``TERMS["concession_cost_to_japan"]``)."""
    strategy_per_year = p["techno_strategy_budget"] / p["techno_strategy_horizon"] * 1000.0 / p["yen_per_usd"]
    demanded = concession_package(p) + _optional(p, "other_goals_value")
    return p["concession_cost_weight"] * (
        p["concession_net_cost_share"] * demanded + p["sovereignty_share_at_stake"] * strategy_per_year
    )


def audience_cost(p: Params):
    """D: domestic audience cost of conceding (``TERMS["audience_cost"]``)."""
    return (
        p["audience_cost_weight"] * p["audience_cost_scale"] * p["public_support_for_resisting"] * (1.0 - p["approval"])
    )


def security_linkage_cost(p: Params):
    """L: expected security cost to Japan of resisting (``TERMS["security_linkage_cost"]``)."""
    weight = _optional(p, "linkage_stake_weight")
    stake = tariff_cost_to_japan(p) + concession_package(p)
    return (
        p["security_dependence"]
        * p["linkage_probability"]
        * p["alliance_value_multiple"]
        * ((1.0 - weight) * p["defence_budget"] + weight * stake)
    )


def counter_pressure_cost(p: Params):
    """R: the partner's counter-pressure on the US (``TERMS["counter_pressure_cost"]``)."""
    return _optional(p, "retaliation_cost_to_us")


def effective_relief(p: Params):
    """r: share of the tariff cost a concession lifts (``TERMS["deal_tariff_relief"]``)."""
    return p["deal_tariff_relief"] * (1.0 - _optional(p, "policy_tariff_share"))


def outside_option_value(p: Params):
    """O: yearly sales Japan can redirect when tariffed (``TERMS["outside_option_value"]``)."""
    return p["trade_diversion_rate"] * p["japan_china_trade"]


def tariff_loss(tariff_cost, outside_option):
    """What a tariff cost leaves after the outside option: ``max(0, tariff_cost - O)``."""
    return np.maximum(0.0, tariff_cost - outside_option)


def tariff_saved_by_conceding(p: Params):
    """Tariff loss Japan avoids by conceding under tariffs (``TERMS["tariff_saved_by_conceding"]``).

    Never negative, and never decreasing in the tariff rate.
    """
    tariff, outside = tariff_cost_to_japan(p), outside_option_value(p)
    return tariff_loss(tariff, outside) - tariff_loss((1.0 - effective_relief(p)) * tariff, outside)


@dataclass(frozen=True)
class PayoffTerm:
    """One named payoff term: what it is called, how it is computed, and from what.

    ``formula`` is the text the reports show; ``inputs`` the parameters ``compute`` reads,
    in the order it reads them; ``source`` the articles and literature the term rests on.
    """

    name: str
    symbol: str
    label: str
    formula: str
    inputs: tuple[str, ...]
    source: str
    compute: Callable[[Params], "float | np.ndarray"]
    unit: str = "US$ bn a year"

    @property
    def title(self) -> str:
        """The label with the symbol (and a unit other than money), e.g. ``security linkage (L)``."""
        tags = [tag for tag in (self.symbol, "share" if self.unit == "share" else "") if tag]
        return f"{self.label} ({', '.join(tags)})" if tags else self.label


_T = (
    "auto_tariff_rate",
    "auto_tariff_reference_rate",
    "auto_tariff_cost_at_reference",
    "steel_aluminium_tariff_rate",
    "steel_aluminium_exports",
)
_W = ("pledged_investment", "pledge_horizon", "purchase_pledges")

_RECORDS = (
    PayoffTerm(
        "tariff_cost_to_japan",
        "T",
        "tariff cost to Japan",
        "T = auto_tariff_rate / auto_tariff_reference_rate * auto_tariff_cost_at_reference"
        " + steel_aluminium_tariff_rate * steel_aluminium_exports",
        _T,
        'article 001: "25% auto levies might cost Japan $20 billion yearly", scaled to the '
        "scenario's rate, plus the steel/aluminium tariff on exposed exports",
        tariff_cost_to_japan,
    ),
    PayoffTerm(
        "us_self_harm",
        "H",
        "US self-harm of tariffs",
        "H = (1 - cost_tolerance) * (us_price_pass_through * T + investment_at_risk_share * japan_investment_in_us)",
        ("cost_tolerance", "us_price_pass_through", *_T, "investment_at_risk_share", "japan_investment_in_us"),
        'prices and supply chains (004: "production delays and price hikes"), Japanese '
        "investment of $675bn (001), less the share a resolved administration bears "
        "(Schelling 1966; cost_tolerance 0 in the original model)",
        us_self_harm,
    ),
    PayoffTerm(
        "concession_package",
        "W",
        "concession package",
        "W = pledged_investment / pledge_horizon + purchase_pledges",
        _W,
        "SoftBank's $100bn, LNG deals (001)",
        concession_package,
    ),
    PayoffTerm(
        "concession_value_to_us",
        "V",
        "value of concession to US",
        "V = (1 + precedent_weight) * (W + other_goals_value)",
        ("precedent_weight", *_W, "other_goals_value"),
        'allies watching make winning worth more (000: South Korea and Taiwan "are watching '
        'closely"); other_goals_value is what the US demands beyond trade (0 in the original '
        "model)",
        concession_value_to_us,
    ),
    PayoffTerm(
        "precedent_cost_to_us",
        "P",
        "US precedent cost of backing down",
        "P = precedent_weight * (W + other_goals_value)",
        ("precedent_weight", *_W, "other_goals_value"),
        'resistance unpunished "sets a precedent for other nations" (004)',
        precedent_cost_to_us,
    ),
    PayoffTerm(
        "tariff_value_to_us",
        "G",
        "US value of tariffs per se",
        "G = deficit_fixation * us_trade_deficit_with_japan",
        ("deficit_fixation", "us_trade_deficit_with_japan"),
        '"Trump\'s fixation on deficits", the $68bn deficit (001)',
        tariff_value_to_us,
    ),
    PayoffTerm(
        "concession_cost_to_japan",
        "K",
        "Japan's concession cost",
        "K = concession_cost_weight * (concession_net_cost_share * (W + other_goals_value)"
        " + sovereignty_share_at_stake * techno_strategy_budget / techno_strategy_horizon"
        " * 1000 / yen_per_usd)",
        (
            "techno_strategy_budget",
            "techno_strategy_horizon",
            "yen_per_usd",
            *_W,
            "other_goals_value",
            "concession_cost_weight",
            "concession_net_cost_share",
            "sovereignty_share_at_stake",
        ),
        "the net loss on what the US demands plus the sovereignty cost to the ¥50T "
        "techno-industrial strategy (000: technology sharing, local hiring, China "
        "restrictions), yen trillions in dollar billions",
        concession_cost_to_japan,
    ),
    PayoffTerm(
        "audience_cost",
        "D",
        "domestic audience cost",
        "D = audience_cost_weight * audience_cost_scale * public_support_for_resisting * (1 - approval)",
        ("audience_cost_weight", "audience_cost_scale", "public_support_for_resisting", "approval"),
        "68% back resisting (004); 28% approval (001); a cost of backing down that grows "
        "with the public's opposition (Fearon 1994, APSR 88(3))",
        audience_cost,
    ),
    PayoffTerm(
        "security_linkage_cost",
        "L",
        "security linkage",
        "L = security_dependence * linkage_probability * alliance_value_multiple"
        " * ((1 - linkage_stake_weight) * defence_budget + linkage_stake_weight * (T + W))",
        (
            "linkage_stake_weight",
            *_T,
            *_W,
            "security_dependence",
            "linkage_probability",
            "alliance_value_multiple",
            "defence_budget",
        ),
        "55,000 troops, $55.1bn budget (001); troop-reduction threats (002); with "
        "linkage_stake_weight above 0 it scales with the dispute's stake (issue linkage, "
        "Davis 2004; 0 in the original model)",
        security_linkage_cost,
    ),
    PayoffTerm(
        "outside_option_value",
        "O",
        "outside option",
        "O = trade_diversion_rate * japan_china_trade",
        ("trade_diversion_rate", "japan_china_trade"),
        "sales Japan can redirect (001: $295bn China trade; 004: $380bn); a tariff cost x "
        "then costs Japan loss(x) = max(0, x - O)",
        outside_option_value,
    ),
    PayoffTerm(
        "tariff_saved_by_conceding",
        "",
        "tariff loss avoided by conceding",
        "loss(T) - loss((1-r)T)",
        (*_T, "trade_diversion_rate", "japan_china_trade", "deal_tariff_relief", "policy_tariff_share"),
        "what conceding under tariffs saves Japan: the tariff loss the deal's relief lifts, "
        "net of what the outside option absorbs anyway",
        tariff_saved_by_conceding,
    ),
    PayoffTerm(
        "counter_pressure_cost",
        "R",
        "US cost of counter-pressure",
        "R = retaliation_cost_to_us",
        ("retaliation_cost_to_us",),
        "counter-tariffs and chokepoints (rare earths) the partner applies while US tariffs "
        "stand and it resists (0 in the original model)",
        counter_pressure_cost,
    ),
    PayoffTerm(
        "deal_tariff_relief",
        "r",
        "deal tariff relief",
        "r = deal_tariff_relief * (1 - policy_tariff_share)",
        ("deal_tariff_relief", "policy_tariff_share"),
        'concessions "may delay tariffs but not erase" them (001); tariffs the '
        "administration keeps as policy are never part of the deal (0 in the original model)",
        effective_relief,
        unit="share",
    ),
)

#: Every named term by name, in the order the records, tables and reports list them.
TERMS: Mapping[str, PayoffTerm] = MappingProxyType({t.name: t for t in _RECORDS})
#: Each term's label with its symbol, as the reports print it.
TERM_LABELS: Mapping[str, str] = MappingProxyType({t.name: t.title for t in _RECORDS})
#: Each term's formula, as the reports print it.
TERM_FORMULAS: Mapping[str, str] = MappingProxyType({t.name: t.formula for t in _RECORDS})
#: The parameters each term reads, in the order it reads them.
TERM_INPUTS: Mapping[str, tuple[str, ...]] = MappingProxyType({t.name: t.inputs for t in _RECORDS})


class _RecordingParams(dict):
    """A parameter mapping that answers 1.0 for every name and remembers what was read."""

    def __missing__(self, name: str) -> float:
        self[name] = 1.0
        return 1.0


def recorded_inputs(compute: Callable[[Params], object]) -> tuple[str, ...]:
    """The parameters a term's function reads, in order: found by evaluating it on a
    mapping that records each name it is asked for (the check on a record's ``inputs``)."""
    params = _RecordingParams()
    compute(params)
    return tuple(params)
