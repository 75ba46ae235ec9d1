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

from sim.estimate.gradients import (
    coefficient_gradient,
    coefficient_jacobian,
    constraint_gradient,
    log_likelihood_gradient,
)
from sim.estimate.spec import UTILITIES, Design


def _lagrangian_gradient(
    design: Design, beta: np.ndarray, p: np.ndarray, multiplier: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Gradient of ``-log L + multiplier' h`` in ``(beta, p)``."""
    U = design.utilities(beta)
    _, dU, dp = log_likelihood_gradient(U, p, design.counts)
    _, hU, hp = constraint_gradient(U, p)
    J = coefficient_jacobian(design.X, design.slices, hU, UTILITIES)
    grad_beta = -coefficient_gradient(design.X, design.slices, dU, UTILITIES) + J.T @ multiplier
    return grad_beta, -dp + multiplier * hp


def bordered_matrix(design: Design, beta: np.ndarray, p: np.ndarray, step: float = 1e-5) -> np.ndarray:
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
    up_p = _lagrangian_gradient(design, beta, p + h, multiplier)[1]
    down_p = _lagrangian_gradient(design, beta, p - h, multiplier)[1]
    W[:k, k:] = W[k:, :k].T
    W[np.arange(k, k + g), np.arange(k, k + g)] = (up_p - down_p) / (2 * h)
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
