"""Standard errors of the constrained MLE from the bordered Hessian (Silvey 1959).

With ``f = -log L(beta, p)``, constraints ``h(beta, p) = 0`` (Jacobian ``A``) and
multipliers ``lambda`` from the stationarity of the Lagrangian in ``p``
(``lambda_i = (df/dp_i) / (dh_i/dp_i)`` up to sign), the covariance of ``beta`` is the
``beta`` block of ``[[W, A'], [A, 0]]^-1``, where ``W`` is the Hessian of the Lagrangian
``f + lambda' h`` (Su & Judd 2012, sec. 3; Crisman-Cox & Gibilisco 2021, appendix).
``W`` comes from central differences of the exact gradient: one perturbation per
coefficient, plus one joint perturbation of all ``p`` (``d2/dp_i dp_j = 0`` for ``i != j``,
since game ``i``'s terms depend on ``p_i`` only).
"""

from __future__ import annotations

import numpy as np

from sim.estimate.gradients import (coefficient_gradient, coefficient_jacobian,
                                    constraint_gradient, log_likelihood_gradient)
from sim.estimate.spec import UTILITIES, Design


def _lagrangian_gradient(design: Design, beta: np.ndarray, p: np.ndarray,
                         multiplier: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Gradient of ``-log L + multiplier' h`` in ``(beta, p)``."""
    U = design.utilities(beta)
    _, dU, dp = log_likelihood_gradient(U, p, design.counts)
    _, hU, hp = constraint_gradient(U, p)
    J = coefficient_jacobian(design.X, design.slices, hU, UTILITIES)
    grad_beta = -coefficient_gradient(design.X, design.slices, dU, UTILITIES) + J.T @ multiplier
    return grad_beta, -dp + multiplier * hp


def bordered_matrix(design: Design, beta: np.ndarray, p: np.ndarray,
                    step: float = 1e-5) -> np.ndarray:
    """``[[W, A'], [A, 0]]`` at ``(beta, p)``, variables ordered ``(beta, p)``."""
    U = design.utilities(beta)
    _, _, dp = log_likelihood_gradient(U, p, design.counts)
    _, hU, hp = constraint_gradient(U, p)
    multiplier = dp / hp
    k, g = beta.size, p.size
    W = np.zeros((k + g, k + g))
    for j in range(k):
        e = np.zeros(k)
        e[j] = step * max(1.0, abs(beta[j]))
        up = _lagrangian_gradient(design, beta + e, p, multiplier)
        down = _lagrangian_gradient(design, beta - e, p, multiplier)
        W[:k, j] = (up[0] - down[0]) / (2 * e[j])
        W[k:, j] = (up[1] - down[1]) / (2 * e[j])
    h = step * np.minimum(p, 1 - p)
    up = _lagrangian_gradient(design, beta, p + h, multiplier)[1]
    down = _lagrangian_gradient(design, beta, p - h, multiplier)[1]
    W[:k, k:] = W[k:, :k].T
    W[np.arange(k, k + g), np.arange(k, k + g)] = (up - down) / (2 * h)
    W[:k, :k] = 0.5 * (W[:k, :k] + W[:k, :k].T)
    A = np.hstack([coefficient_jacobian(design.X, design.slices, hU, UTILITIES), np.diag(hp)])
    return np.block([[W, A.T], [A, np.zeros((g, g))]])


def bordered_hessian_se(design: Design, beta: np.ndarray, p: np.ndarray) -> np.ndarray:
    """Standard errors of ``beta`` at a CMLE optimum (NaN if the matrix is singular)."""
    M = bordered_matrix(design, beta, p)
    k = beta.size
    try:
        inverse = np.linalg.inv(M)
    except np.linalg.LinAlgError:
        return np.full(k, np.nan)
    diagonal = np.diag(inverse)[:k]
    return np.where(diagonal > 0, np.sqrt(np.abs(diagonal)), np.nan)


def npl_covariance(design: Design, beta: np.ndarray, p_resist: np.ndarray,
                   p_firm: np.ndarray, step: float = 1e-6) -> np.ndarray:
    """Covariance of NPL at its fixed point (Aguirregabiria & Mira 2007, prop. 2).

    The NPL estimate solves ``s(beta, P) = 0`` (the pseudo-score) with ``P = Psi(beta, P)``,
    ``P = (p_R, p_F)``. Linearising both, ``beta - beta0 = -A^-1 s`` with
    ``A = H_bb + H_bP (I - Psi_P)^-1 Psi_b``; the covariance is ``A^-1 Omega A^-T`` with
    ``Omega`` the sum over games of the outer products of their scores (as in Crisman-Cox &
    Gibilisco's replication). ``Psi_P`` pairs each game's ``p_R`` with its ``p_F`` only, so
    ``(I - Psi_P)^-1`` is solved game by game; derivatives in ``P`` are central differences
    of the exact per-game scores.
    """
    from sim.estimate.npl import best_response_update

    scores = lambda b, pr, pf: _pseudo_scores(design, b, pr, pf)  # noqa: E731
    S = scores(beta, p_resist, p_firm)
    k = beta.size
    H_bb = np.empty((k, k))
    Psi_b = np.empty((2, p_resist.size, k))
    for j in range(k):
        e = np.zeros(k)
        e[j] = step * max(1.0, abs(beta[j]))
        H_bb[:, j] = (scores(beta + e, p_resist, p_firm).sum(0)
                      - scores(beta - e, p_resist, p_firm).sum(0)) / (2 * e[j])
        up = best_response_update(design, beta + e, p_resist, p_firm, clip=False)
        down = best_response_update(design, beta - e, p_resist, p_firm, clip=False)
        Psi_b[:, :, j] = (np.array(up) - np.array(down)) / (2 * e[j])
    hr, hf = step * np.minimum(p_resist, 1 - p_resist), step * np.minimum(p_firm, 1 - p_firm)
    dS_r = (scores(beta, p_resist + hr, p_firm) - scores(beta, p_resist - hr, p_firm)) / (2 * hr[:, None])
    dS_f = (scores(beta, p_resist, p_firm + hf) - scores(beta, p_resist, p_firm - hf)) / (2 * hf[:, None])
    # Psi_P: new p_R depends on p_F, new p_F on p_R (one number each per game)
    r_of_f = (best_response_update(design, beta, p_resist, p_firm + hf, clip=False)[0]
              - best_response_update(design, beta, p_resist, p_firm - hf, clip=False)[0]) / (2 * hf)
    f_of_r = (best_response_update(design, beta, p_resist + hr, p_firm, clip=False)[1]
              - best_response_update(design, beta, p_resist - hr, p_firm, clip=False)[1]) / (2 * hr)
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


def _pseudo_scores(design: Design, beta: np.ndarray, p_resist: np.ndarray,
                   p_firm: np.ndarray) -> np.ndarray:
    """``(games, k)``: each game's gradient of the pseudo-log-likelihood in ``beta``."""
    from sim.estimate.gradients import resist_probit_gradient

    U = design.utilities(beta)
    _, dU_a, _ = log_likelihood_gradient(U, p_resist, design.counts, resist_fixed=True)
    _, dU_b = resist_probit_gradient(U, p_firm, design.counts)
    return coefficient_jacobian(design.X, design.slices, dU_a + dU_b, UTILITIES)
