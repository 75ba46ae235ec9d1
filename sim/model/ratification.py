"""Two-level bargaining (Putnam): a deal must also pass Japan's domestic politics.

Putnam (1988, "Diplomacy and Domestic Politics: The Logic of Two-Level Games",
International Organization 42(3)) argues that a negotiator whose domestic *win-set* is
narrow can extract better terms, because the other side must ask for less to get a deal
ratified; Iida (1993, "When and How Do Domestic Constraints Matter?", JCR 37(3)) models
the uncertainty of ratification. Here the US chooses the concession share ``c`` it demands;
the Japanese government accepts any demand it prefers to resistance; the Diet and public
then ratify the deal with probability

``rho(c) = (1 - c) ** k``,  ``k = public_support_for_resisting / approval``

(an assumed functional form: no concession always passes, a full one never does, and the
more the public backs resisting relative to the government's approval, the faster support
falls). If ratification fails, play goes on as if Japan had resisted the threat.

With the US's deal payoff ``V c - P (1 - c)`` and failure payoff ``u_f``, the US maximises
``rho(c) (V c - P (1 - c)) + (1 - rho(c)) u_f``. For ``P = u_f = 0`` the optimum is the
closed form ``c* = 1 / (1 + k) = approval / (approval + public_support_for_resisting)``:
the lower the approval, the smaller the demand.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize_scalar


def ratification_exponent(approval: float, public_support_for_resisting: float) -> float:
    """``k = public_support_for_resisting / approval`` (approval must be positive)."""
    if approval <= 0:
        raise ValueError("ratification needs a government with positive approval")
    return public_support_for_resisting / approval


def ratification_probability(concession_share, exponent: float):
    """``rho(c) = (1 - c) ** k`` for concession shares ``c`` in [0, 1]."""
    return np.power(1.0 - np.clip(concession_share, 0.0, 1.0), exponent)


@dataclass(frozen=True)
class TwoLevelDeal:
    """The US's optimal demand under ratification risk and what it brings each side."""

    demand: float
    acceptable_up_to: float
    exponent: float
    ratification_probability: float
    expected_concession: float
    us_value: float
    japan_value: float


def optimal_demand(
    terms: Mapping[str, float],
    approval: float,
    public_support_for_resisting: float,
    us_failure: float,
    japan_failure: float,
) -> TwoLevelDeal:
    """The demand that maximises the US's expected payoff, found with scipy (bounded).

    ``terms`` are the stage game's named terms (V, P, K, D, L); ``us_failure`` and
    ``japan_failure`` are both sides' payoffs when the deal fails (resistance and the US's
    best reply to it).
    """
    value, precedent = terms["concession_value_to_us"], terms["precedent_cost_to_us"]
    cost = terms["concession_cost_to_japan"] + terms["audience_cost"]
    linkage = terms["security_linkage_cost"]
    exponent = ratification_exponent(approval, public_support_for_resisting)
    ceiling = _acceptable_up_to(cost, linkage, japan_failure)

    def us_expected(c: float) -> float:
        rho = ratification_probability(c, exponent)
        return float(rho * (value * c - precedent * (1 - c)) + (1 - rho) * us_failure)

    if ceiling <= 0:
        demand = 0.0
    else:
        found = minimize_scalar(
            lambda c: -us_expected(c), bounds=(0.0, ceiling), method="bounded", options={"xatol": 1e-10}
        )
        demand = max((found.x, 0.0, ceiling), key=us_expected)
    rho = float(ratification_probability(demand, exponent))
    japan_deal = -cost * demand - linkage * (1 - demand)
    return TwoLevelDeal(
        demand=float(demand),
        acceptable_up_to=ceiling,
        exponent=exponent,
        ratification_probability=rho,
        expected_concession=rho * demand,
        us_value=us_expected(demand),
        japan_value=float(rho * japan_deal + (1 - rho) * japan_failure),
    )


def _acceptable_up_to(cost: float, linkage: float, japan_failure: float) -> float:
    """Largest share ``c`` with ``-cost c - linkage (1 - c) >= japan_failure``, in [0, 1]."""
    slope = cost - linkage  # how much each unit of concession costs beyond the linkage it saves
    if slope <= 0:
        return 1.0 if -linkage >= japan_failure or -cost >= japan_failure else 0.0
    return float(np.clip((-linkage - japan_failure) / slope, 0.0, 1.0))


def win_set(approval: float, public_support_for_resisting: float, pass_probability: float = 0.5) -> float:
    """The largest concession share ratified with at least ``pass_probability``.

    Solving ``(1 - c) ** k = pass_probability``: ``c = 1 - pass_probability ** (1 / k)``.
    """
    exponent = ratification_exponent(approval, public_support_for_resisting)
    if exponent == 0:
        return 1.0
    return float(1.0 - pass_probability ** (1.0 / exponent))
