"""Scenario x Japan preset x US preset -> the 2x2 concede/resist stage game.

Orientation, fixed for the whole project: ``A[i, j]`` is the US (row) payoff and
``B[i, j]`` Japan's (column) payoff when the US plays ``i`` and Japan plays ``j``;
US actions ``(refrain, tariff)``, Japan's ``(concede, resist)``; index 0 is each side's
cooperative action. Payoffs are in US$ bn a year (political terms in money-equivalent).

With the named terms (each a function of scenario facts and preset parameters),

===========  ==============================  ==============================
             Japan concedes                  Japan resists
===========  ==============================  ==============================
US refrains  US: V                           US: -P
             Japan: -(K+D)                   Japan: -L
US tariffs   US: V+G-(1-r)H                  US: G-H-R
             Japan: -(K+D)-loss((1-r)T)      Japan: -L-loss(T)
===========  ==============================  ==============================

Each letter is a named term of :mod:`sim.model.terms` (:data:`sim.model.terms.TERMS` gives
its label, formula, inputs and source): r the deal's tariff relief net of tariffs kept as
policy, and ``loss(x) = max(0, x - O)`` the part of a tariff cost ``x`` that the outside
option (O) cannot absorb.

The structure is the compellence game of Schelling (*Arms and Influence*, 1966) as a
2x2 normal form: the US best-responds to resistance with tariffs when ``G + P > H + R``,
Japan concedes to tariffs when ``L + loss(T) - loss((1-r)T) > K + D``. The audience cost
follows Fearon (1994, "Domestic Political Audiences and the Escalation of International
Disputes", APSR 88(3)): a cost of backing down that grows with the public's opposition. The terms'
inputs come from the articles in ``scenarios/`` (see each file's provenance).

:func:`payoff_matrices` takes a mapping of parameters (:func:`model_parameters`) whose
values may be floats or numpy arrays of one shape, so a grid of parameters becomes an array
of games without a loop.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from sim.data.presets import JapanPreset, USPreset, stage_parameters
from sim.data.scenario import Scenario
from sim.data.vocabulary import JAPAN_ACTIONS, US_ACTIONS
from sim.model.terms import (
    TERM_FORMULAS,
    TERM_INPUTS,
    TERM_LABELS,
    TERMS,
    Params,
    PayoffTerm,
    effective_relief,
    tariff_loss,
)

__all__ = [
    "CELL_FORMULAS",
    "JAPAN_ACTIONS",
    "TERMS",
    "TERM_FORMULAS",
    "TERM_INPUTS",
    "TERM_LABELS",
    "US_ACTIONS",
    "Params",
    "PayoffTerm",
    "StageGame",
    "action_labels",
    "concession_shares",
    "effective_relief",
    "model_parameters",
    "payoff_matrices",
    "stage_game",
    "tariff_loss",
    "tariff_shares",
]


#: The cell formulas of the 2x2 game (the table above), US first.
CELL_FORMULAS = {
    (0, 0): ("V", "-(K+D)"),
    (0, 1): ("-P", "-L"),
    (1, 0): ("V+G-(1-r)H", "-(K+D)-loss((1-r)T)"),
    (1, 1): ("G-H-R", "-L-loss(T)"),
}


def tariff_shares(levels: int) -> np.ndarray:
    """Tariff levels of the US strategies: index 0 none (refrain) up to 1 (the full tariff)."""
    return np.linspace(0.0, 1.0, levels)


def concession_shares(levels: int) -> np.ndarray:
    """Concession levels of Japan's strategies: index 0 full concession down to 0 (resist)."""
    return np.linspace(1.0, 0.0, levels)


def payoff_matrices(p: Params, us_levels: int = 2, japan_levels: int = 2) -> tuple[np.ndarray, np.ndarray]:
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
    t = {name: np.asarray(term.compute(p), dtype=float)[..., None, None] for name, term in TERMS.items()}
    relief = t["deal_tariff_relief"]
    tariff = tariff_shares(us_levels)[:, None]
    concession = concession_shares(japan_levels)[None, :]
    relieved = tariff * (1.0 - relief * concession)
    A = (
        t["concession_value_to_us"] * concession
        - t["precedent_cost_to_us"] * (1.0 - concession) * (1.0 - tariff)
        + t["tariff_value_to_us"] * tariff
        - t["us_self_harm"] * relieved
        - t["counter_pressure_cost"] * tariff * (1.0 - concession)
    )
    B = (
        -t["concession_cost_to_japan"] * concession
        - t["audience_cost"] * concession**2
        - t["security_linkage_cost"] * (1.0 - concession)
        - tariff_loss(t["tariff_cost_to_japan"] * relieved, t["outside_option_value"])
    )
    shape = np.broadcast_shapes(A.shape, B.shape)
    return np.broadcast_to(A, shape).copy(), np.broadcast_to(B, shape).copy()


def action_labels(us_levels: int = 2, japan_levels: int = 2) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Strategy names: ``refrain``/``tariff`` and ``concede``/``resist``, with levels between."""
    if us_levels == 2 and japan_levels == 2:
        return US_ACTIONS, JAPAN_ACTIONS
    us = tuple("refrain" if s == 0 else f"tariff {s:.0%}" for s in tariff_shares(us_levels))
    japan = tuple("resist" if s == 0 else f"concede {s:.0%}" for s in concession_shares(japan_levels))
    return us, japan


def model_parameters(scenario: Scenario, japan: JapanPreset, us: USPreset) -> dict[str, float]:
    """Scenario facts and both presets' numeric parameters in one flat mapping."""
    params = scenario.values()
    for preset in (japan, us):
        params.update({spec.name: getattr(preset, spec.name) for spec in stage_parameters(type(preset))})
    return params


@dataclass(frozen=True)
class StageGame:
    """A stage game (2x2, or levels x levels) with the value of each named term."""

    us_payoffs: np.ndarray
    japan_payoffs: np.ndarray
    terms: Mapping[str, float]
    labels: tuple[tuple[str, ...], tuple[str, ...]] = (US_ACTIONS, JAPAN_ACTIONS)


def stage_game(
    scenario: Scenario, japan: JapanPreset, us: USPreset, us_levels: int = 2, japan_levels: int = 2
) -> StageGame:
    """Build the stage game of ``scenario`` under the two presets (a pure function)."""
    params = model_parameters(scenario, japan, us)
    A, B = payoff_matrices(params, us_levels, japan_levels)
    terms = {name: float(term.compute(params)) for name, term in TERMS.items()}
    return StageGame(us_payoffs=A, japan_payoffs=B, terms=terms, labels=action_labels(us_levels, japan_levels))
