"""Exact first derivatives of the crisis game's likelihood and equilibrium constraint.

Everything is differentiated with respect to the seven utilities of each game and its
``p = p_R``, by the chain rule through the quantities of :mod:`sim.estimate.model`:

* ``dc*/dS_A = 1/p``, ``dc*/dV_A = -(1 - p)/p``, ``dc*/dp = (V_A - S_A)/p^2``;
* ``H = Phi2(h1, W_A - c*)``, ``K = Phi2(-h1, a - c*)``, ``h1 = (W_A - a)/sqrt2``, with
  ``dPhi2(x, y; r)/dx = phi(x) Phi((y - r x)/sqrt(1 - r^2))`` (e.g. Wickens 1992);
* ``p_F = H/(H + K)``, ``z = W_B - V_B + (V_B - C_B)/p_F``, ``Psi = Phi(z)``.

A coefficient's derivative is then ``X_u' d/dU_u`` (one row per game for Jacobians).
The functions return arrays ``(7, games)`` for the utilities and ``(games,)`` for ``p``;
tests compare them with finite differences.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from scipy.special import expit, log_ndtr, ndtr

from sim.estimate.model import (
    A_BACK,
    C_B,
    P_FLOOR,
    S_A,
    SQRT2,
    V_A,
    V_B,
    W_A,
    W_B,
    cutpoint,
    log_binormal_partials,
    log_firm_and_back,
    log_no_challenge,
    normal_pdf,
    resist_index,
    times,
)


def _challenge_partials(
    U: np.ndarray, p: np.ndarray
) -> tuple[
    np.ndarray,
    np.ndarray,
    np.ndarray,
    dict[int | str, np.ndarray],
    dict[int | str, np.ndarray],
    dict[int | str, np.ndarray],
]:
    """``c*``, ``log H``, ``log K`` and the partials of ``log H``, ``log K`` and ``c*``.

    The partials are dicts keyed by utility index (``S_A, V_A, W_A, a``) or ``"p"``;
    ``dlog H = dH / H`` is formed in logs so it stays finite where ``H`` underflows.
    """
    c = cutpoint(U, p)
    log_h, log_k = log_firm_and_back(U, c)
    h1 = (U[W_A] - U[A_BACK]) / SQRT2
    hx, hy = (np.exp(v - log_h) for v in log_binormal_partials(h1, U[W_A] - c))
    kx, ky = (np.exp(v - log_k) for v in log_binormal_partials(-h1, U[A_BACK] - c))
    dc: dict[int | str, np.ndarray] = {S_A: 1 / p, V_A: -(1 - p) / p, "p": (U[V_A] - U[S_A]) / p**2}
    dH: dict[int | str, np.ndarray] = {W_A: hx / SQRT2 + hy, A_BACK: -hx / SQRT2}
    dK: dict[int | str, np.ndarray] = {W_A: -kx / SQRT2, A_BACK: kx / SQRT2 + ky}
    for key, value in dc.items():
        dH[key], dK[key] = -hy * value, -ky * value
    return c, log_h, log_k, dH, dK, dc


def log_likelihood_gradient(
    U: np.ndarray, p: np.ndarray, counts: np.ndarray, resist_fixed: bool = False
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per-game log-likelihood and its derivatives ``(dl/dU (7, G), dl/dp (G,))``.

    With ``resist_fixed`` the terms ``log(1 - p)`` and ``log p`` of B's move are left out
    (the challenger's part of the pseudo-likelihood, where ``p`` is a first-stage input).
    """
    n_sq, n_cd, n_sf, n_bd = counts.T
    c, log_h, log_k, dH, dK, dc = _challenge_partials(U, p)
    log_sq = log_no_challenge(U, c)
    p_firm = expit(log_h - log_k)  # H / (H + K)
    l_H, l_K = n_cd * p_firm + n_sf, n_cd * (1 - p_firm) + n_bd  # times dlog H, dlog K
    value = times(n_sq, log_sq) + times(n_cd, np.logaddexp(log_h, log_k)) + times(n_sf, log_h) + times(n_bd, log_k)
    # log(1 - Pr(C)) = log Phi(c - W_A) + log Phi(c - a): differentiated through Mills ratios
    m1, m2 = n_sq * _mills(c - U[W_A]), n_sq * _mills(c - U[A_BACK])
    dU = np.zeros_like(U)
    for key in (S_A, V_A, W_A, A_BACK):
        dU[key] = l_H * dH[key] + l_K * dK[key]
    dU[S_A] += (m1 + m2) * dc[S_A]
    dU[V_A] += (m1 + m2) * dc[V_A]
    dU[W_A] -= m1
    dU[A_BACK] -= m2
    dp = l_H * dH["p"] + l_K * dK["p"] + (m1 + m2) * dc["p"]
    if not resist_fixed:
        value = value + times(n_cd, np.log1p(-p)) + times(n_sf + n_bd, np.log(p))
        dp = dp - n_cd / (1 - p) + (n_sf + n_bd) / p
    return value, dU, dp


def constraint_gradient(U: np.ndarray, p: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The equilibrium constraint ``g = p - Psi(p)`` and ``(dg/dU (7, G), dg/dp (G,))``."""
    _, log_h, log_k, dH, dK, _ = _challenge_partials(U, p)
    raw_firm = expit(log_h - log_k)
    p_firm = np.clip(raw_firm, P_FLOOR, 1.0)
    z = resist_index(U, p_firm)
    density = normal_pdf(z)
    # dp_F = p_F (1 - p_F) (dlog H - dlog K); dz/dp_F = -(V_B - C_B) / p_F^2
    slope = np.where(raw_firm > P_FLOOR, -(U[V_B] - U[C_B]) * (1 - p_firm) / p_firm, 0.0)
    dU = np.zeros_like(U)
    for key in (S_A, V_A, W_A, A_BACK):
        dU[key] = -density * slope * (dH[key] - dK[key])
    dU[W_B] = -density
    dU[V_B] = -density * (1 / p_firm - 1)
    dU[C_B] = density / p_firm
    dp = 1 - density * slope * (dH["p"] - dK["p"])
    return p - ndtr(z), dU, dp


def resist_probit_gradient(U: np.ndarray, p_firm: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """B's part of the pseudo-likelihood, a probit in ``z(p_F)``, and its ``dl/dU (7, G)``.

    ``l_B = n_cd log Phi(-z) + (n_sf + n_bd) log Phi(z)``; ``dl/dz`` uses the inverse Mills
    ratios ``phi/Phi`` in logs, so it stays finite far in the tails.
    """
    _, n_cd, n_sf, n_bd = counts.T
    p_firm = np.clip(p_firm, P_FLOOR, 1.0)
    z = resist_index(U, p_firm)
    log_phi = -0.5 * z**2 - 0.5 * np.log(2 * np.pi)
    value = times(n_cd, log_ndtr(-z)) + times(n_sf + n_bd, log_ndtr(z))
    dz = (n_sf + n_bd) * np.exp(log_phi - log_ndtr(z)) - n_cd * np.exp(log_phi - log_ndtr(-z))
    dU = np.zeros_like(U)
    dU[W_B], dU[V_B], dU[C_B] = dz, dz * (1 / p_firm - 1), -dz / p_firm
    return value, dU


def coefficient_gradient(
    X: Mapping[str, np.ndarray], slices: Mapping[str, slice], dU: np.ndarray, order: Sequence[str]
) -> np.ndarray:
    """``sum over games`` of ``X_u' dU_u``: the gradient in the coefficients."""
    out = np.zeros(sum(s.stop - s.start for s in slices.values()))
    for k, u in enumerate(order):
        if X[u].shape[1]:
            out[slices[u]] = X[u].T @ dU[k]
    return out


def coefficient_jacobian(
    X: Mapping[str, np.ndarray], slices: Mapping[str, slice], dU: np.ndarray, order: Sequence[str]
) -> np.ndarray:
    """``(games, coefficients)``: row ``i`` holds ``X_u[i] dU_u[i]`` (a per-game Jacobian)."""
    n = dU.shape[1]
    out = np.zeros((n, sum(s.stop - s.start for s in slices.values())))
    for k, u in enumerate(order):
        if X[u].shape[1]:
            out[:, slices[u]] = X[u] * dU[k][:, None]
    return out


def _mills(x: np.ndarray) -> np.ndarray:
    """``phi(x) / Phi(x)``, computed in logs."""
    return np.exp(-0.5 * x**2 - 0.5 * np.log(2 * np.pi) - log_ndtr(x))
