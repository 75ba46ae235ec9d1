"""The deal of one run: a bargaining problem built from the stage game and the presets.

* **Frontier**: a concession share ``c`` with no tariffs. The US gets ``-P`` at ``c = 0``
  and ``V`` at ``c = 1`` (concavely if ``curvature > 1``). Japan gets ``-L`` at ``c = 0``
  and ``-(K + D)`` at ``c = 1``: the stage game's refrain row
  (:func:`sim.model.payoffs.payoff_matrices`).
* **Win-set** (Putnam): Japan cannot accept more than the concession the Diet ratifies
  with probability at least one half (:func:`sim.model.ratification.win_set`).
* **Disagreement point**: the fight if talks fail. Japan resists and the US replies as it
  prefers. Before Japan can redirect any trade, tariffs cost it ``T`` in full.
* **Japan's outside option**: walking away for good and redirecting trade recovers
  ``min(T, O)`` of that tariff cost (only if the US carries out its threat).
* **Patience**: each preset's discount factor per round of offers. Rubinstein's game is
  played with the US proposing first; Nash's solution is taken with equal weights and
  with the frequent-offers weights those patiences imply.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from sim.solve.bargaining import (
    Bargain,
    BargainingError,
    Frontier,
    nash_bargaining,
    patience_weight,
    rubinstein_frontier,
)
from sim.model.ratification import win_set
from sim.model.sequential import outcome_after_resistance


@dataclass(frozen=True)
class DealAnalysis:
    """Predicted deals of one run; ``note`` says why there is none when fields are None.

    ``patience_curve`` holds ``(Japan's patience, Rubinstein concession)`` pairs.
    """

    disagreement: tuple[float, float]
    japan_outside_gain: float
    win_set_cap: float
    us_weight: float
    nash: Bargain | None
    nash_patience: Bargain | None
    rubinstein: Bargain | None
    patience_curve: tuple[tuple[float, float], ...]
    note: str = ""


def deal_frontier(terms: Mapping[str, float], cap: float, curvature: float = 1.0) -> Frontier:
    """The frontier of deal packages from the stage game's named terms."""
    return Frontier(
        us_none=-terms["precedent_cost_to_us"],
        us_full=terms["concession_value_to_us"],
        japan_none=-terms["security_linkage_cost"],
        japan_full=-(terms["concession_cost_to_japan"] + terms["audience_cost"]),
        curvature=curvature,
        max_concession=cap,
    )


def disagreement_point(A: np.ndarray, B: np.ndarray, terms: Mapping[str, float]) -> tuple[tuple, float]:
    """The fight before trade is redirected, and what redirecting it would recover."""
    us, japan = outcome_after_resistance(A, B)
    if A[1, 1] <= A[0, 1]:  # the US backs down: no tariff to redirect around
        return (us, japan), 0.0
    recovered = min(terms["tariff_cost_to_japan"], terms["outside_option_value"])
    return (us, -terms["security_linkage_cost"] - terms["tariff_cost_to_japan"]), recovered


def analyse_deal(
    A: np.ndarray,
    B: np.ndarray,
    terms: Mapping[str, float],
    approval: float,
    public_support_for_resisting: float,
    japan_patience: float,
    us_patience: float,
    curvature: float = 1.0,
    curve_points: int = 40,
) -> DealAnalysis:
    """Nash and Rubinstein deals of one run, and the Rubinstein deal against Japan's patience."""
    disagreement, outside = disagreement_point(A, B, terms)
    cap = win_set(approval, public_support_for_resisting)
    weight = patience_weight(us_patience, japan_patience)
    try:
        frontier = deal_frontier(terms, cap, curvature)
        curve = tuple(
            (float(p), rubinstein_frontier(frontier, disagreement, us_patience, p, outside).concession)
            for p in np.linspace(0.5, 0.99, curve_points)
        )
        return DealAnalysis(
            disagreement,
            outside,
            cap,
            weight,
            nash_bargaining(frontier, disagreement),
            nash_bargaining(frontier, disagreement, weight),
            rubinstein_frontier(frontier, disagreement, us_patience, japan_patience, outside),
            curve,
        )
    except BargainingError as reason:
        return DealAnalysis(disagreement, outside, cap, weight, None, None, None, (), note=str(reason))
