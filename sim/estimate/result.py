"""The record an estimator returns, and the per-game predictions made from it."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.estimate.equilibria import all_equilibria, violation
from sim.estimate.model import strategies
from sim.estimate.spec import Design


@dataclass(frozen=True)
class Estimate:
    """Coefficients, the ``p_R`` per game the likelihood used, and how they were found.

    ``loglik`` is the method's objective at the estimate: the pseudo-log-likelihood for PL
    (first-stage ``p_R``, ``p_F`` held fixed), the log-likelihood at ``p_resist`` for NPL and
    CMLE. ``violation`` is ``max |p_R - Psi(p_R)|``; ``se`` is NaN where it could not be
    computed. ``seconds`` is the wall time of the estimation, standard errors included.
    """

    method: str
    names: tuple[str, ...]
    beta: np.ndarray
    se: np.ndarray
    p_resist: np.ndarray
    loglik: float
    violation: float
    seconds: float = 0.0
    iterations: int = 0
    converged: bool = True
    note: str = ""

    def coefficients(self) -> dict[str, tuple[float, float]]:
        return {name: (float(b), float(s)) for name, b, s in zip(self.names, self.beta, self.se)}


@dataclass(frozen=True)
class GamePrediction:
    """Per game: outcome probabilities at the estimate's equilibrium and how many there are."""

    p_challenge: np.ndarray
    p_resist: np.ndarray
    p_firm: np.ndarray
    outcomes: np.ndarray  # (games, 4): SQ, CD, SF, BD
    n_equilibria: np.ndarray


def predict(design: Design, estimate: Estimate) -> GamePrediction:
    """Each game's probabilities at the equilibrium nearest to the estimate's ``p_R``.

    For NPL and CMLE that equilibrium is ``p_R`` itself (up to ``violation``); for PL, whose
    ``p_R`` is a first-stage estimate, it is the equilibrium of the fitted game closest to it.
    """
    U = design.utilities(estimate.beta)
    roots, count = all_equilibria(U)
    logit = lambda v: np.log(v) - np.log1p(-v)  # noqa: E731
    distance = np.where(np.isnan(roots), np.inf, np.abs(logit(roots) - logit(estimate.p_resist)[:, None]))
    p = roots[np.arange(design.n_games), np.argmin(distance, axis=1)]
    if violation(U, estimate.p_resist) <= 1e-6:
        p = estimate.p_resist
    challenge, p_firm, _ = strategies(U, p)
    outcomes = np.column_stack(
        [1 - challenge, challenge * (1 - p), challenge * p * p_firm, challenge * p * (1 - p_firm)]
    )
    return GamePrediction(challenge, p, p_firm, outcomes, count)
