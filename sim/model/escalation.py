"""The escalation path: tariffs first, a concession later, and the share of tariffs that stays.

The threat game of :mod:`sim.model.sequential` ends when a resolved US carries out its threat
against a Japan that resisted: the cell (tariff, resist). The record's commonest 2025
outcome goes one step further: the tariffs come first, Japan concedes while they stand,
and part of them stays (the July 2025 deal kept 15% on cars). This module adds that step
and turns the game into probabilities over the four outcome classes
(:data:`sim.data.vocabulary.OUTCOME_CLASSES`):

1. the US threatens; Japan concedes to the threat with the probability of the perfect
   Bayesian equilibrium with uncertain resolve (:func:`sim.model.sequential.perfect_bayesian_equilibrium`);
2. a resisted threat is carried out by the types that prefer to (else: ``us_backs_down``),
   each side looking ahead to step 3 (:func:`continuation_game`);
3. under tariffs Japan concedes with the logit probability of its payoff gain
   ``B[1,0] - B[1,1]`` (McKelvey and Palfrey 1995: a logit response with precision
   ``lam`` per unit of the game's payoff scale; ``lam=None`` is a sure best response);
   with a precision, the answers of steps 1 and 2 are logit responses too, at the
   equilibrium's belief in resolve: each US type carries out with the logit probability
   of ``A[1,1] - A[0,1]`` (less ``tariff_value_to_us`` for a bluffer), and Japan concedes
   to the threat with the logit probability of ``B[0,0]`` less its expected payoff of
   resisting (an agent quantal response, McKelvey and Palfrey 1998, taken at the perfect
   Bayesian equilibrium's threats rather than solved as a fixed point);
4. a concession ends *under tariffs* when a positive share of the tariff stays: after
   escalation ``1 - r`` (``r`` the deal's relief net of policy tariffs); after a
   concession to the threat alone, with the probability ``policy_keep`` that the
   administration keeps its policy tariffs (:func:`sim.analysis.forecast.policy_keep`). With the
   same probability a US that backs down from a resisted threat still leaves its policy
   tariffs standing: the dispute ends as a standoff, not a climb-down.

A dispute is in the record because the US pressed: when no type would threaten in
equilibrium, the forecast still plays the pressure out with Japan's prior belief.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.model.sequential import _carries_out, perfect_bayesian_equilibrium

CLASSES = ("concession", "concession_under_tariffs", "standoff", "us_backs_down")


@dataclass(frozen=True)
class EscalationPath:
    """Probabilities of each outcome class, and the steps that lead to them."""

    probabilities: dict[str, float]
    concede_to_threat: float
    carried_out: float
    concede_under_tariffs: float
    tariff_share_kept: float


def logit(gain: float, scale: float, lam: float | None) -> float:
    """Probability of taking an action that gains ``gain`` (``lam=None``: a sure choice)."""
    if lam is None:
        return 1.0 if gain > 0 else 0.0
    z = float(np.clip(lam * gain / max(scale, 1e-12), -50.0, 50.0))
    return float(1.0 / (1.0 + np.exp(-z)))


def payoff_scale(A: np.ndarray, B: np.ndarray) -> float:
    """The game's payoff scale: the largest absolute payoff of either side (US$ bn)."""
    return float(max(np.max(np.abs(A)), np.max(np.abs(B)), 1e-9))


def continuation_game(A: np.ndarray, B: np.ndarray, later: float):
    """The stage game with the cell (tariff, resist) replaced by what follows it.

    Both sides look ahead: once tariffs stand, Japan concedes with probability ``later``,
    so carrying out a threat is worth ``later * A[1,0] + (1 - later) * A[1,1]`` to the US
    and resisting it ``later * B[1,0] + (1 - later) * B[1,1]`` to Japan.
    """
    A, B = A.copy(), B.copy()
    A[1, 1] = later * A[1, 0] + (1.0 - later) * A[1, 1]
    B[1, 1] = later * B[1, 0] + (1.0 - later) * B[1, 1]
    return A, B


def escalation_path(
    A: np.ndarray,
    B: np.ndarray,
    tariff_value_to_us: float,
    prior: float,
    relief: float,
    policy_tariff_share: float,
    lam: float | None = None,
    policy_keep: float | None = None,
) -> EscalationPath:
    """Outcome-class probabilities of the threat game with the escalation step.

    ``relief`` is the share of the tariff lifted by a concession under tariffs (net of
    policy tariffs, :func:`sim.model.payoffs.effective_relief`); ``policy_tariff_share`` the
    share an administration keeps whatever Japan gives; ``policy_keep`` the probability
    that a concession to the threat alone still ends under (policy) tariffs (None: 1 when
    ``policy_tariff_share > 0``, else 0).
    """
    A, B = np.asarray(A, dtype=float), np.asarray(B, dtype=float)
    later = logit(float(B[1, 0] - B[1, 1]), payoff_scale(A, B), lam)
    A, B = continuation_game(A, B, later)
    pbe = perfect_bayesian_equilibrium(A, B, tariff_value_to_us, prior)
    threaten = (prior * pbe.threaten[0], (1.0 - prior) * pbe.threaten[1])
    if sum(threaten) > 0:
        resolved, concede = threaten[0] / sum(threaten), pbe.concede
    else:  # pressed anyway: Japan answers with its prior belief
        resolved = prior
        concede = 1.0 if pbe.threshold is not None and prior >= pbe.threshold else 0.0
    carry: tuple[float, float]
    if lam is None:
        sure = _carries_out(A, tariff_value_to_us)
        carry = (float(sure[0]), float(sure[1]))
    else:  # quantal answers at the equilibrium belief
        scale = payoff_scale(A, B)
        carry = (
            logit(float(A[1, 1] - A[0, 1]), scale, lam),
            logit(float(A[1, 1] - tariff_value_to_us - A[0, 1]), scale, lam),
        )
        resisted = sum(
            belief * (c * B[1, 1] + (1.0 - c) * B[0, 1]) for belief, c in zip((resolved, 1.0 - resolved), carry)
        )
        concede = logit(float(B[0, 0] - resisted), scale, lam)
    carried = resolved * carry[0] + (1.0 - resolved) * carry[1]
    kept_after_escalation = 1.0 - relief
    if policy_keep is None:
        policy_keep = 1.0 if policy_tariff_share > 0 else 0.0
    stays_escalation = kept_after_escalation > 1e-9
    p = dict.fromkeys(CLASSES, 0.0)
    p["concession_under_tariffs"] += concede * policy_keep
    p["concession"] += concede * (1.0 - policy_keep)
    resist = 1.0 - concede
    p["us_backs_down"] += resist * (1.0 - carried) * (1.0 - policy_keep)
    p["standoff"] += resist * (1.0 - carried) * policy_keep
    p["concession_under_tariffs" if stays_escalation else "concession"] += resist * carried * later
    p["standoff"] += resist * carried * (1.0 - later)
    return EscalationPath(
        probabilities={k: float(v) for k, v in p.items()},
        concede_to_threat=float(concede),
        carried_out=float(carried),
        concede_under_tariffs=float(later),
        tariff_share_kept=float(kept_after_escalation),
    )
