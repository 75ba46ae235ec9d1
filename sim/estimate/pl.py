"""The two-step pseudo-likelihood estimator (PL) of Crisman-Cox & Gibilisco (2021, sec. 4.1).

Step one estimates ``p_R`` and ``p_F`` flexibly (:mod:`sim.estimate.firststage`); step two
maximises the pseudo-likelihood in which A best-responds to the first-stage ``p_R`` and B
to the first-stage ``p_F`` (:func:`sim.estimate.objectives.pseudo_objective`). Standard
errors are the inverse Hessian of the pseudo-likelihood: they ignore the first stage's
own uncertainty (the published PL bootstraps it). The estimate is not an equilibrium of
the fitted game unless the first stage happens to be one.
"""

from __future__ import annotations

import time

import numpy as np

from sim.estimate.equilibria import violation
from sim.estimate.firststage import first_stage
from sim.estimate.objectives import pseudo_objective
from sim.estimate.optimise import inverse_hessian_se, minimise
from sim.estimate.result import Estimate
from sim.estimate.spec import Design


def pseudo_fit(
    design: Design, p_resist: np.ndarray, p_firm: np.ndarray, starts: list[np.ndarray], newton_steps: int = 20
) -> tuple[np.ndarray, float, int, bool]:
    """The best ``(beta, log-likelihood, iterations, converged)`` over ``starts``."""
    f = pseudo_objective(design, p_resist, p_firm)
    best = None
    for x0 in starts:
        beta, value, iterations, converged = minimise(f, x0, newton_steps=newton_steps)
        if best is None or value < best[1]:
            best = (beta, value, iterations, converged)
    if best is None:
        raise ValueError("pseudo_fit needs at least one start")
    return best[0], -best[1], best[2], best[3]


def random_starts(k: int, starts: int, rng: np.random.Generator) -> list[np.ndarray]:
    """``starts`` small random vectors (sd 0.05, as the published code draws them)."""
    return [rng.normal(0.0, 0.05, k) for _ in range(max(1, starts))]


def estimate_pl(
    design: Design, seed: int = 0, starts: int = 3, first: tuple[np.ndarray, np.ndarray] | None = None
) -> Estimate:
    """PL: first stage, then the pseudo-likelihood from ``starts`` random starts."""
    began = time.perf_counter()
    p_resist, p_firm = first_stage(design, seed) if first is None else first
    rng = np.random.default_rng(seed)
    beta, loglik, iterations, converged = pseudo_fit(
        design, p_resist, p_firm, random_starts(len(design.names), starts, rng)
    )
    f = pseudo_objective(design, p_resist, p_firm)
    _, se = inverse_hessian_se(lambda b: f(b)[1], beta)
    return Estimate(
        "pl",
        design.names,
        beta,
        se,
        p_resist,
        loglik,
        violation(design.utilities(beta), p_resist),
        time.perf_counter() - began,
        iterations,
        converged,
        note="pseudo-log-likelihood at the first-stage p_R and p_F",
    )
