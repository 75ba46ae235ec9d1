"""Nested pseudo-likelihood (NPL) of Aguirregabiria & Mira (2007), as in Crisman-Cox &
Gibilisco (2021, sec. 4.2).

Starting from PL, iterate: (1) update the choice probabilities by one best response at
the current coefficients, ``p_F <- p_F(c*(p_R); beta)`` and ``p_R <- Phi(z(p_F; beta))``
(kept within ``[1e-4, 1 - 1e-4]``); (2) re-maximise the pseudo-likelihood at the new
probabilities from the previous coefficients. Stop when coefficients and probabilities
change by less than ``tol`` (the published 1e-7). At a converged NPL fixed point ``p_R``
is an equilibrium and the pseudo-likelihood equals the likelihood. Standard errors: the
NPL sandwich of Aguirregabiria & Mira (2007), which accounts for the probabilities being
estimated with the coefficients (:func:`sim.estimate.stderr.npl_covariance`); the plain
inverse Hessian of the pseudo-likelihood understates them (about 86% coverage of nominal
95% intervals in ``benchmarks/bench_estimate.py``).
"""

from __future__ import annotations

import time

import numpy as np
from scipy.special import ndtr

from sim.estimate.equilibria import violation
from sim.estimate.firststage import CLIP
from sim.estimate.model import log_likelihood_games, resist_index, strategies
from sim.estimate.pl import pseudo_fit
from sim.estimate.result import Estimate
from sim.estimate.spec import Design
from sim.estimate.stderr import npl_covariance


def best_response_update(design: Design, beta: np.ndarray, p_resist: np.ndarray,
                         p_firm: np.ndarray, clip: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """One best-response step of both players' probabilities at ``beta``."""
    U = design.utilities(beta)
    firm = strategies(U, p_resist)[1]
    resist = ndtr(resist_index(U, p_firm))
    if not clip:
        return resist, firm
    return np.clip(resist, CLIP, 1 - CLIP), np.clip(firm, CLIP, 1 - CLIP)


def estimate_npl(design: Design, start: Estimate, p_firm: np.ndarray, tol: float = 1e-7,
                 max_iterations: int = 100) -> Estimate:
    """NPL from a PL estimate ``start`` whose first stage was ``(start.p_resist, p_firm)``."""
    began = time.perf_counter()
    beta, p_resist = start.beta, start.p_resist
    change, iteration = np.inf, 0
    while change > tol and iteration < max_iterations:
        new_resist, new_firm = best_response_update(design, beta, p_resist, p_firm)
        new_beta, _, _, _ = pseudo_fit(design, new_resist, new_firm, [beta],
                                       newton_steps=0 if iteration < 3 else 2)
        change = max(np.abs(new_beta - beta).max(), np.abs(new_resist - p_resist).max(),
                     np.abs(new_firm - p_firm).max())
        beta, p_resist, p_firm = new_beta, new_resist, new_firm
        iteration += 1
    covariance = npl_covariance(design, beta, p_resist, p_firm)
    diagonal = np.diag(covariance)
    se = np.where(diagonal > 0, np.sqrt(np.abs(diagonal)), np.nan)
    U = design.utilities(beta)
    return Estimate("npl", design.names, beta, se, p_resist,
                    float(log_likelihood_games(U, p_resist, design.counts).sum()),
                    violation(U, p_resist), time.perf_counter() - began, iteration,
                    change <= tol, note=f"{iteration} best-response iterations")
