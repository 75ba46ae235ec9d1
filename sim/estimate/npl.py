"""Nested pseudo-likelihood (NPL) of Aguirregabiria & Mira (2007), as in Crisman-Cox &
Gibilisco (2021, sec. 4.2).

Starting from PL, iterate: (1) update the choice probabilities by one best response at
the current coefficients, ``p_F <- p_F(c*(p_R); beta)`` and ``p_R <- Phi(z(p_F; beta))``
(kept within ``[1e-4, 1 - 1e-4]``); (2) re-maximise the pseudo-likelihood at the new
probabilities from the previous coefficients. Stop when coefficients and probabilities
change by less than ``tol`` (the published 1e-7). At a converged NPL fixed point ``p_R``
is an equilibrium and the pseudo-likelihood equals the likelihood. Standard errors: the
NPL sandwich of Aguirregabiria & Mira (2007), which accounts for the probabilities being
estimated with the coefficients (:func:`npl_covariance`); the plain
inverse Hessian of the pseudo-likelihood understates them (about 86% coverage of nominal
95% intervals in ``benchmarks/bench_estimate.py``).
"""

from __future__ import annotations

import time

import numpy as np
from scipy.special import ndtr

from sim.estimate.equilibria import violation
from sim.estimate.firststage import CLIP
from sim.estimate.gradients import coefficient_jacobian, log_likelihood_gradient, resist_probit_gradient
from sim.estimate.model import log_likelihood_games, resist_index, strategies
from sim.estimate.pl import pseudo_fit
from sim.estimate.result import Estimate
from sim.estimate.spec import UTILITIES, Design


def best_response_update(
    design: Design, beta: np.ndarray, p_resist: np.ndarray, p_firm: np.ndarray, clip: bool = True
) -> tuple[np.ndarray, np.ndarray]:
    """One best-response step of both players' probabilities at ``beta``."""
    U = design.utilities(beta)
    firm = strategies(U, p_resist)[1]
    resist = ndtr(resist_index(U, p_firm))
    if not clip:
        return resist, firm
    return np.clip(resist, CLIP, 1 - CLIP), np.clip(firm, CLIP, 1 - CLIP)


def estimate_npl(
    design: Design, start: Estimate, p_firm: np.ndarray, tol: float = 1e-7, max_iterations: int = 100
) -> Estimate:
    """NPL from a PL estimate ``start`` whose first stage was ``(start.p_resist, p_firm)``."""
    began = time.perf_counter()
    beta, p_resist = start.beta, start.p_resist
    change, iteration = np.inf, 0
    while change > tol and iteration < max_iterations:
        new_resist, new_firm = best_response_update(design, beta, p_resist, p_firm)
        new_beta, _, _, _ = pseudo_fit(design, new_resist, new_firm, [beta], newton_steps=0 if iteration < 3 else 2)
        change = max(
            np.abs(new_beta - beta).max(), np.abs(new_resist - p_resist).max(), np.abs(new_firm - p_firm).max()
        )
        beta, p_resist, p_firm = new_beta, new_resist, new_firm
        iteration += 1
    covariance = npl_covariance(design, beta, p_resist, p_firm)
    diagonal = np.diag(covariance)
    se = np.where(diagonal > 0, np.sqrt(np.abs(diagonal)), np.nan)
    U = design.utilities(beta)
    return Estimate(
        "npl",
        design.names,
        beta,
        se,
        p_resist,
        float(log_likelihood_games(U, p_resist, design.counts).sum()),
        violation(U, p_resist),
        time.perf_counter() - began,
        iteration,
        change <= tol,
        note=f"{iteration} best-response iterations",
    )


def npl_covariance(
    design: Design, beta: np.ndarray, p_resist: np.ndarray, p_firm: np.ndarray, step: float = 1e-6
) -> np.ndarray:
    """Covariance of NPL at its fixed point (Aguirregabiria & Mira 2007, prop. 2).

    The NPL estimate solves ``s(beta, P) = 0`` (the pseudo-score) with ``P = Psi(beta, P)``,
    ``P = (p_R, p_F)``. Linearising both, ``beta - beta0 = -A^-1 s`` with
    ``A = H_bb + H_bP (I - Psi_P)^-1 Psi_b``; the covariance is ``A^-1 Omega A^-T`` with
    ``Omega`` the sum over games of the outer products of their scores (as in Crisman-Cox &
    Gibilisco's replication). ``Psi_P`` pairs each game's ``p_R`` with its ``p_F`` only, so
    ``(I - Psi_P)^-1`` is solved game by game; derivatives in ``P`` are central differences
    of the exact per-game scores.
    """
    scores = lambda b, pr, pf: _pseudo_scores(design, b, pr, pf)  # noqa: E731
    S = scores(beta, p_resist, p_firm)
    k = beta.size
    H_bb = np.empty((k, k))
    Psi_b = np.empty((2, p_resist.size, k))
    for j in range(k):
        e = np.zeros(k)
        e[j] = step * max(1.0, abs(beta[j]))
        H_bb[:, j] = (scores(beta + e, p_resist, p_firm).sum(0) - scores(beta - e, p_resist, p_firm).sum(0)) / (
            2 * e[j]
        )
        up = best_response_update(design, beta + e, p_resist, p_firm, clip=False)
        down = best_response_update(design, beta - e, p_resist, p_firm, clip=False)
        Psi_b[:, :, j] = (np.array(up) - np.array(down)) / (2 * e[j])
    hr, hf = step * np.minimum(p_resist, 1 - p_resist), step * np.minimum(p_firm, 1 - p_firm)
    dS_r = (scores(beta, p_resist + hr, p_firm) - scores(beta, p_resist - hr, p_firm)) / (2 * hr[:, None])
    dS_f = (scores(beta, p_resist, p_firm + hf) - scores(beta, p_resist, p_firm - hf)) / (2 * hf[:, None])
    # Psi_P: new p_R depends on p_F, new p_F on p_R (one number each per game)
    r_of_f = (
        best_response_update(design, beta, p_resist, p_firm + hf, clip=False)[0]
        - best_response_update(design, beta, p_resist, p_firm - hf, clip=False)[0]
    ) / (2 * hf)
    f_of_r = (
        best_response_update(design, beta, p_resist + hr, p_firm, clip=False)[1]
        - best_response_update(design, beta, p_resist - hr, p_firm, clip=False)[1]
    ) / (2 * hr)
    # (I - Psi_P)^-1 Psi_b, game by game: [[1, -r_of_f], [-f_of_r, 1]]^-1
    det = 1 - r_of_f * f_of_r
    dr = (Psi_b[0] + r_of_f[:, None] * Psi_b[1]) / det[:, None]
    df = (f_of_r[:, None] * Psi_b[0] + Psi_b[1]) / det[:, None]
    A = H_bb + dS_r.T @ dr + dS_f.T @ df
    omega = S.T @ S
    try:
        inverse = np.linalg.inv(A)
    except np.linalg.LinAlgError:
        return np.full((k, k), np.nan)
    return inverse @ omega @ inverse.T


def _pseudo_scores(design: Design, beta: np.ndarray, p_resist: np.ndarray, p_firm: np.ndarray) -> np.ndarray:
    """``(games, k)``: each game's gradient of the pseudo-log-likelihood in ``beta``."""
    U = design.utilities(beta)
    _, dU_a, _ = log_likelihood_gradient(U, p_resist, design.counts, resist_fixed=True)
    _, dU_b = resist_probit_gradient(U, p_firm, design.counts)
    return coefficient_jacobian(design.X, design.slices, dU_a + dU_b, UTILITIES)
