"""Scenario x Japan preset x US preset -> the 2x2 concede/resist stage game.

Orientation, fixed for the whole project: ``A[i, j]`` is the US (row) payoff and
``B[i, j]`` Japan's (column) payoff when the US plays ``i`` and Japan plays ``j``;
US actions ``(refrain, tariff)``, Japan's ``(concede, resist)``; index 0 is each side's
cooperative action. Payoffs are in US$ bn a year (political terms in money-equivalent).

With the named terms below (each a function of scenario facts and preset parameters),

===========  ==============================  ==============================
             Japan concedes                  Japan resists
===========  ==============================  ==============================
US refrains  US: V                           US: -P
             Japan: -(K+D)                   Japan: -L
US tariffs   US: V+G-(1-r)H                  US: G-H-R
             Japan: -(K+D)-loss((1-r)T)      Japan: -L-loss(T)
===========  ==============================  ==============================

T tariff cost to Japan, H US self-harm, V value to the US of Japan's concession, P the
US's precedent cost of backing down, G the US administration's value of tariffs for
their own sake, K Japan's concession cost, D the domestic audience cost of conceding,
L security linkage, R the partner's counter-pressure on the US, O the outside option
(trade Japan can redirect), r the deal's tariff relief net of tariffs kept as policy, and ``loss(x) = max(0, x - O)`` the part of a tariff cost ``x`` that the outside
option cannot absorb.

The structure is the compellence game of Schelling (*Arms and Influence*, 1966) as a
2x2 normal form: the US best-responds to resistance with tariffs when ``G + P > H``,
Japan concedes to tariffs when ``L + loss(T) - loss((1-r)T) > K + D``. The audience cost
follows Fearon (1994, "Domestic Political Audiences and the Escalation of International
Disputes", APSR 88(3)): a cost of backing down that grows with the public's opposition. The terms'
inputs come from the articles in ``scenarios/`` (see each file's provenance).

Every function takes a mapping of parameters (:func:`model_parameters`) whose values may
be floats or numpy arrays of one shape, so a grid of parameters becomes an array of
games without a loop.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from sim.presets import JapanPreset, USPreset, stage_parameters
from sim.scenario import Scenario

US_ACTIONS = ("refrain", "tariff")
JAPAN_ACTIONS = ("concede", "resist")

Params = Mapping[str, "float | np.ndarray"]


def _optional(p: Params, name: str, default: float = 0.0):
    """An era-structure input (an optional fact or preset parameter); absent: its default.

    Reading through ``p[name]`` lets :func:`term_inputs` record the name.
    """
    try:
        return p[name]
    except KeyError:
        return default


def tariff_cost_to_japan(p: Params):
    """T: yearly cost to Japan of the US tariffs, in US$ bn.

    ``T = auto_tariff_rate / auto_tariff_reference_rate * auto_tariff_cost_at_reference
    + steel_aluminium_tariff_rate * steel_aluminium_exports``: the auto cost estimate
    (article 001: "25% auto levies might cost Japan $20 billion yearly") scaled linearly
    to the scenario's rate, plus the steel/aluminium tariff on exposed exports.
    """
    auto = p["auto_tariff_rate"] / p["auto_tariff_reference_rate"] * p[
        "auto_tariff_cost_at_reference"]
    return auto + p["steel_aluminium_tariff_rate"] * p["steel_aluminium_exports"]


def us_self_harm(p: Params):
    """H: yearly cost of its own tariffs to the US as the administration weighs it, US$ bn.

    ``H = (1 - cost_tolerance) * (us_price_pass_through * T + investment_at_risk_share
    * japan_investment_in_us)``: the share of the tariff borne by US buyers and supply
    chains (article 004: "production delays and price hikes") plus the value lost on
    Japanese investment in the US (article 001: "$675 billion cumulative"), less the part
    a resolved administration is willing to bear (resolve as willingness to pay its own
    cost; Schelling 1966; 0 in the original model).
    """
    return (1.0 - _optional(p, "cost_tolerance")) * (
        p["us_price_pass_through"] * tariff_cost_to_japan(p)
        + p["investment_at_risk_share"] * p["japan_investment_in_us"])


def concession_package(p: Params):
    """W: yearly size of Japan's concession package, in US$ bn.

    ``W = pledged_investment / pledge_horizon + purchase_pledges`` (article 001: SoftBank's
    $100bn, LNG deals).
    """
    return p["pledged_investment"] / p["pledge_horizon"] + p["purchase_pledges"]


def concession_value_to_us(p: Params):
    """V: what Japan's concession is worth to the US.

    ``V = (1 + precedent_weight) * (W + other_goals_value)``: allies watching (article 000:
    South Korea and Taiwan "are watching closely") make a win over Japan worth more than
    the package itself; ``other_goals_value`` is what the US demands beyond trade
    (migration, drugs, a political demand; 0 in the original model).
    """
    return (1.0 + p["precedent_weight"]) * (concession_package(p)
                                            + _optional(p, "other_goals_value"))


def precedent_cost_to_us(p: Params):
    """P: cost to the US of leaving Japan's resistance unpunished.

    ``P = precedent_weight * (W + other_goals_value)``. Article 004: "Japan's resistance
    sets a precedent for other nations".
    """
    return p["precedent_weight"] * (concession_package(p) + _optional(p, "other_goals_value"))


def tariff_value_to_us(p: Params):
    """G: the administration's value of tariffs for their own sake, in US$ bn a year.

    ``G = deficit_fixation * us_trade_deficit_with_japan`` (article 001: "Trump's fixation
    on deficits"; the $68bn deficit).
    """
    return p["deficit_fixation"] * p["us_trade_deficit_with_japan"]


def concession_cost_to_japan(p: Params):
    """K: Japan's net cost of conceding, in US$ bn a year.

    ``K = concession_cost_weight * (concession_net_cost_share * (W + other_goals_value)
    + sovereignty_share_at_stake * techno_strategy_budget / techno_strategy_horizon * 1000
    / yen_per_usd)``: the net loss on what the US demands (the package, and its goals
    beyond trade valued as the US values them, :func:`concession_value_to_us`) plus the
    part of the techno-industrial strategy that US conditions (technology sharing, local
    hiring, China restrictions; article 000) would cost, yen trillions converted to dollar
    billions. A demand beyond trade (stop buying an oil, police a border) costs the partner
    in the same proportion as a package does (0 in the original model, where no such goal
    existed).
    """
    strategy_per_year = (p["techno_strategy_budget"] / p["techno_strategy_horizon"]
                         * 1000.0 / p["yen_per_usd"])
    demanded = concession_package(p) + _optional(p, "other_goals_value")
    return p["concession_cost_weight"] * (
        p["concession_net_cost_share"] * demanded
        + p["sovereignty_share_at_stake"] * strategy_per_year)


def audience_cost(p: Params):
    """D: domestic audience cost of conceding, in US$ bn a year (money-equivalent).

    ``D = audience_cost_weight * audience_cost_scale * public_support_for_resisting
    * (1 - approval)``: grows with the share of voters who back resisting (article 004:
    68%) and shrinks with the approval a government can spend (article 001: 28%).
    """
    return (p["audience_cost_weight"] * p["audience_cost_scale"]
            * p["public_support_for_resisting"] * (1.0 - p["approval"]))


def security_linkage_cost(p: Params):
    """L: expected security cost to Japan of resisting, in US$ bn a year.

    ``L = security_dependence * linkage_probability * alliance_value_multiple
    * ((1 - linkage_stake_weight) * defence_budget + linkage_stake_weight * (T + W))``:
    the chance that the US ties alliance commitments to trade (article 002: it "might
    reduce its troop presence") times what the guarantee is worth to a Japan that depends
    on it (article 001: 55,000 US troops, a $55.1bn budget). With ``linkage_stake_weight``
    above 0 the linkage scales with what the dispute puts at stake (the tariff cost and
    the package) rather than the whole defence budget: a patron spends alliance leverage
    in proportion to the issue (issue linkage, Davis 2004; 0 in the original model).
    """
    weight = _optional(p, "linkage_stake_weight")
    stake = tariff_cost_to_japan(p) + concession_package(p)
    return (p["security_dependence"] * p["linkage_probability"]
            * p["alliance_value_multiple"]
            * ((1.0 - weight) * p["defence_budget"] + weight * stake))


def counter_pressure_cost(p: Params):
    """R: yearly cost to the US of the partner's counter-pressure, in US$ bn.

    ``R = retaliation_cost_to_us``: counter-tariffs and chokepoints (rare earths) the
    partner applies while US tariffs stand and it resists (0 in the original model).
    """
    return _optional(p, "retaliation_cost_to_us")


def effective_relief(p: Params):
    """r: share of the tariff cost lifted by a concession, net of policy tariffs.

    ``r = deal_tariff_relief * (1 - policy_tariff_share)``: tariffs the administration
    keeps as policy are never part of the deal (0 share in the original model).
    """
    return p["deal_tariff_relief"] * (1.0 - _optional(p, "policy_tariff_share"))


def outside_option_value(p: Params):
    """O: yearly sales Japan can redirect to other markets when tariffed, in US$ bn.

    ``O = trade_diversion_rate * japan_china_trade``: a share of the China trade (article
    001: $295bn; article 004: $380bn). A tariff cost ``x`` then costs Japan only
    ``loss(x) = max(0, x - O)`` (:func:`tariff_loss`).
    """
    return p["trade_diversion_rate"] * p["japan_china_trade"]


def tariff_loss(tariff_cost, outside_option):
    """What a tariff cost leaves after the outside option: ``max(0, tariff_cost - O)``."""
    return np.maximum(0.0, tariff_cost - outside_option)


def tariff_saved_by_conceding(p: Params):
    """Tariff loss Japan avoids by conceding under tariffs: ``loss(T) - loss((1-r)T)``.

    Never negative, and never decreasing in the tariff rate.
    """
    tariff, outside = tariff_cost_to_japan(p), outside_option_value(p)
    return (tariff_loss(tariff, outside)
            - tariff_loss((1.0 - effective_relief(p)) * tariff, outside))


TERMS = {
    "tariff_cost_to_japan": tariff_cost_to_japan,
    "us_self_harm": us_self_harm,
    "concession_package": concession_package,
    "concession_value_to_us": concession_value_to_us,
    "precedent_cost_to_us": precedent_cost_to_us,
    "tariff_value_to_us": tariff_value_to_us,
    "concession_cost_to_japan": concession_cost_to_japan,
    "audience_cost": audience_cost,
    "security_linkage_cost": security_linkage_cost,
    "outside_option_value": outside_option_value,
    "tariff_saved_by_conceding": tariff_saved_by_conceding,
    "counter_pressure_cost": counter_pressure_cost,
}


class _RecordingParams(dict):
    """A parameter mapping that answers 1.0 for every name and remembers what was read."""

    def __missing__(self, name: str) -> float:
        self[name] = 1.0
        return 1.0


def term_inputs(name: str) -> tuple[str, ...]:
    """The parameters (scenario facts and preset parameters) the named term reads.

    Found by evaluating the term on a mapping that records each name it is asked for, so
    the list cannot drift from the formula; ``deal_tariff_relief`` reads itself.
    """
    if name not in TERMS:
        return (name,)
    params = _RecordingParams()
    TERMS[name](params)
    return tuple(params)


def term_formula(name: str) -> str:
    """The term's formula as its docstring states it (the first ````...```` span)."""
    import re

    if name not in TERMS:
        return name
    found = re.search(r"``(.+?)``", TERMS[name].__doc__ or "", re.DOTALL)
    return " ".join(found.group(1).split()) if found else ""


def tariff_shares(levels: int) -> np.ndarray:
    """Tariff levels of the US strategies: index 0 none (refrain) up to 1 (the full tariff)."""
    return np.linspace(0.0, 1.0, levels)


def concession_shares(levels: int) -> np.ndarray:
    """Concession levels of Japan's strategies: index 0 full concession down to 0 (resist)."""
    return np.linspace(1.0, 0.0, levels)


def payoff_matrices(p: Params, us_levels: int = 2,
                    japan_levels: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """US payoffs ``A`` and Japan's ``B``, each of shape ``(*batch, us_levels, japan_levels)``.

    With tariff share ``t`` (0 refrain .. 1 full tariff) and concession share ``c``
    (1 full concession .. 0 resist) the terms combine as

    ``US    = V c - P (1 - c)(1 - t) + G t - H t (1 - r c) - R t (1 - c)``
    ``Japan = -K c - D c^2 - L (1 - c) - loss(T t (1 - r c))``

    so that the 2x2 game (``t, c`` in {0, 1}) is the table in the module docstring and
    richer action sets (concession levels 0..k, tariff levels 0..m) interpolate it: a
    partial concession earns part of its value, costs part of its price, keeps part of the
    security risk and buys a proportional part of the deal's tariff relief. The audience
    cost grows with the square of the concession (small concessions pass quietly, large
    ones meet the public's opposition: Putnam's win-set), which keeps intermediate levels
    from being mere mixtures of the extremes.
    """
    if us_levels < 2 or japan_levels < 2:
        raise ValueError("each side needs at least two levels (the 2x2 game)")
    t = {name: np.asarray(term(p), dtype=float)[..., None, None] for name, term in TERMS.items()}
    relief = np.asarray(effective_relief(p), dtype=float)[..., None, None]
    tariff = tariff_shares(us_levels)[:, None]
    concession = concession_shares(japan_levels)[None, :]
    relieved = tariff * (1.0 - relief * concession)
    A = (t["concession_value_to_us"] * concession
         - t["precedent_cost_to_us"] * (1.0 - concession) * (1.0 - tariff)
         + t["tariff_value_to_us"] * tariff - t["us_self_harm"] * relieved
         - t["counter_pressure_cost"] * tariff * (1.0 - concession))
    B = (-t["concession_cost_to_japan"] * concession - t["audience_cost"] * concession ** 2
         - t["security_linkage_cost"] * (1.0 - concession)
         - tariff_loss(t["tariff_cost_to_japan"] * relieved, t["outside_option_value"]))
    shape = np.broadcast_shapes(A.shape, B.shape)
    return np.broadcast_to(A, shape).copy(), np.broadcast_to(B, shape).copy()


def action_labels(us_levels: int = 2, japan_levels: int = 2) -> tuple[tuple[str, ...], ...]:
    """Strategy names: ``refrain``/``tariff`` and ``concede``/``resist``, with levels between."""
    if us_levels == 2 and japan_levels == 2:
        return US_ACTIONS, JAPAN_ACTIONS
    us = tuple("refrain" if s == 0 else f"tariff {s:.0%}" for s in tariff_shares(us_levels))
    japan = tuple("resist" if s == 0 else f"concede {s:.0%}"
                  for s in concession_shares(japan_levels))
    return us, japan


def model_parameters(scenario: Scenario, japan: JapanPreset, us: USPreset) -> dict[str, float]:
    """Scenario facts and both presets' numeric parameters in one flat mapping."""
    params = scenario.values()
    for preset in (japan, us):
        params.update({spec.name: getattr(preset, spec.name)
                       for spec in stage_parameters(type(preset))})
    return params


@dataclass(frozen=True)
class StageGame:
    """A stage game (2x2, or levels x levels) with the value of each named term."""

    us_payoffs: np.ndarray
    japan_payoffs: np.ndarray
    terms: Mapping[str, float]
    labels: tuple[tuple[str, ...], tuple[str, ...]] = (US_ACTIONS, JAPAN_ACTIONS)


def stage_game(scenario: Scenario, japan: JapanPreset, us: USPreset, us_levels: int = 2,
               japan_levels: int = 2) -> StageGame:
    """Build the stage game of ``scenario`` under the two presets (a pure function)."""
    params = model_parameters(scenario, japan, us)
    A, B = payoff_matrices(params, us_levels, japan_levels)
    terms = {name: float(term(params)) for name, term in TERMS.items()}
    terms["deal_tariff_relief"] = float(effective_relief(params))
    return StageGame(us_payoffs=A, japan_payoffs=B, terms=terms,
                     labels=action_labels(us_levels, japan_levels))
