"""The crisis game of Lewis & Schultz (2003), vectorised over games.

Challenger A keeps the status quo (``S_A``, 0) or challenges; target B concedes (``V_A``,
``C_B``) or resists; A then stands firm (``W_A + e_A``, ``W_B + e_B``) or backs down
(``a + e_a``, ``V_B``). The shocks ``e_A, e_a`` (A's) and ``e_B`` (B's) are independent
standard normal and private. Utilities come as a ``(7, games)`` array ``U`` in the order of
:data:`sim.estimate.spec.UTILITIES`; ``p`` is ``p_R``, the probability that B resists.

* cut-point: ``c* = (S_A - (1 - p) V_A) / p``; A challenges when ``max(W_A + e_A, a + e_a) > c*``
* ``H = Pr(challenge, then stand firm) = Phi2((W_A - a)/sqrt2, W_A - c*; 1/sqrt2)``
* ``K = Pr(challenge, then back down) = Phi2((a - W_A)/sqrt2, a - c*; 1/sqrt2)``
* ``Pr(C) = H + K = 1 - Phi(c* - W_A) Phi(c* - a)``; ``p_F = H / Pr(C)``
* B resists when ``p_F (W_B + e_B) + (1 - p_F) V_B > C_B``:
  ``Psi(p) = Phi(W_B - V_B + (V_B - C_B) / p_F)``; an equilibrium is ``p = Psi(p)``.
* outcomes: SQ ``1 - Pr(C)``, CD ``Pr(C)(1 - p)``, SF ``p H``, BD ``p K``.

Source: Lewis, J. B. and K. A. Schultz (2003), "Revealing Preferences: Empirical
Estimation of a Crisis Bargaining Game with Incomplete Information", *Political Analysis*
11(4): 345-367; the notation follows Crisman-Cox and Gibilisco (2021), *PSRM* 9(3).

>>> import numpy as np
>>> U = np.array([[0.], [1.], [-1.], [-2.], [0.5], [-2.5], [0.]])
>>> p = np.array([0.5])
>>> float(outcome_probabilities(U, p).sum())
1.0
"""

from __future__ import annotations

import numpy as np
from scipy.special import expit, log_ndtr, ndtr, roots_genlaguerre, roots_legendre

SQRT2 = np.sqrt(2.0)
TINY = 1e-300
P_FLOOR = 1e-10  # p_F is kept in [P_FLOOR, 1] so that V_B - C_B over p_F stays finite
S_A, V_A, C_B, W_A, W_B, A_BACK, V_B = range(7)
_NODES, _WEIGHTS = roots_genlaguerre(30, 0.0)
_LOG_WEIGHTS = np.log(_WEIGHTS)
_LEGENDRE_X, _LEGENDRE_W = roots_legendre(20)
_THETA = (_LEGENDRE_X + 1) * np.pi / 8  # [0, asin(1/sqrt2)] = [0, pi/4]
_THETA_WEIGHTS = _LEGENDRE_W * np.pi / 8


def binormal_cdf(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """``Phi2(x, y; rho = 1/sqrt2)``: ``exp`` of :func:`log_binormal_cdf`."""
    return np.exp(log_binormal_cdf(x, y))


def log_binormal_cdf(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """``log Phi2(x, y; rho = 1/sqrt2)``, accurate far into the lower tail.

    In the body it uses Drezner & Wesolowsky's integral (:func:`_body_binormal`). Where
    ``L = -min(x, y) > 3`` its absolute accuracy is not enough relative to the result, so it
    uses
    ``Phi2 = integral from L to infinity of phi(t) Phi(t + S) dt`` (``S = sqrt2`` times the
    other argument; conditioning on one normal) written as
    ``phi(L)/L * integral e^-r e^(-r^2 / 2L^2) Phi(L + S + r/L) dr`` and summed in logs
    with 30-point Gauss-Laguerre quadrature.
    """
    x, y = np.broadcast_arrays(np.asarray(x, float), np.asarray(y, float))
    low = -np.minimum(x, y)
    other = SQRT2 * np.maximum(x, y)
    tail = low > 3.0
    out = np.empty(x.shape)
    out[~tail] = np.log(np.maximum(_body_binormal(x[~tail], y[~tail]), TINY))
    L, S = low[tail][..., None], other[tail][..., None]
    terms = _LOG_WEIGHTS - _NODES**2 / (2 * L**2) + log_ndtr(L + S + _NODES / L)
    top = terms.max(axis=-1)
    total = top + np.log(np.exp(terms - top[..., None]).sum(axis=-1))
    out[tail] = -0.5 * low[tail] ** 2 - 0.5 * np.log(2 * np.pi) - np.log(low[tail]) + total
    return out


def _body_binormal(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """``Phi2(x, y; 1/sqrt2)`` by Drezner & Wesolowsky's (1990) formula, as Genz (2004) uses
    it for ``|rho| < 0.75``: ``Phi(x) Phi(y) + 1/(2 pi) integral from 0 to asin(rho) of
    exp(-(x^2 + y^2 - 2 x y sin t) / (2 cos^2 t)) dt``, with 20-point Gauss-Legendre."""
    sin_t, cos2_t = np.sin(_THETA), np.cos(_THETA) ** 2
    x, y = x[..., None], y[..., None]
    inside = np.exp(-(x * x + y * y - 2 * x * y * sin_t) / (2 * cos2_t)) @ _THETA_WEIGHTS
    return np.clip(
        ndtr(x[..., 0]) * ndtr(y[..., 0]) + inside / (2 * np.pi), 0.0, np.minimum(ndtr(x[..., 0]), ndtr(y[..., 0]))
    )


def log_binormal_partials(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``log dPhi2/dx, log dPhi2/dy`` at ``rho = 1/sqrt2``: ``phi(x) Phi((y - r x)/sqrt(1 - r^2))``."""
    return (log_normal_pdf(x) + log_ndtr(SQRT2 * y - x), log_normal_pdf(y) + log_ndtr(SQRT2 * x - y))


def log_normal_pdf(x: np.ndarray) -> np.ndarray:
    return -0.5 * np.square(x) - 0.5 * np.log(2 * np.pi)


def normal_pdf(x: np.ndarray) -> np.ndarray:
    return np.exp(-0.5 * np.square(x)) / np.sqrt(2 * np.pi)


def cutpoint(U: np.ndarray, p: np.ndarray) -> np.ndarray:
    """``c* = (S_A - (1 - p) V_A) / p``: A challenges when its best reply to resistance beats it."""
    return (U[S_A] - (1 - p) * U[V_A]) / p


def firm_and_back(U: np.ndarray, c: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(H, K)``: Pr(challenge and stand firm), Pr(challenge and back down) at cut-point ``c``."""
    log_h, log_k = log_firm_and_back(U, c)
    return np.exp(log_h), np.exp(log_k)


def log_firm_and_back(U: np.ndarray, c: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(log H, log K)`` at cut-point ``c``."""
    h1 = (U[W_A] - U[A_BACK]) / SQRT2
    return log_binormal_cdf(h1, U[W_A] - c), log_binormal_cdf(-h1, U[A_BACK] - c)


def log_no_challenge(U: np.ndarray, c: np.ndarray) -> np.ndarray:
    """``log(1 - Pr(C)) = log Phi(c - W_A) + log Phi(c - a)``, accurate in the tails."""
    return log_ndtr(c - U[W_A]) + log_ndtr(c - U[A_BACK])


def resist_index(U: np.ndarray, p_firm: np.ndarray) -> np.ndarray:
    """``z = W_B - V_B + (V_B - C_B) / p_F``: B resists when ``z + e_B > 0``."""
    return U[W_B] - U[V_B] + (U[V_B] - U[C_B]) / np.clip(p_firm, P_FLOOR, 1.0)


def strategies(U: np.ndarray, p: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(Pr(C), p_F, Psi(p))`` for B's resistance probability ``p``."""
    log_h, log_k = log_firm_and_back(U, cutpoint(U, p))
    p_firm = expit(log_h - log_k)
    return np.exp(np.logaddexp(log_h, log_k)), p_firm, ndtr(resist_index(U, p_firm))


def psi(U: np.ndarray, p: np.ndarray) -> np.ndarray:
    """B's best response ``Psi(p)`` to A's best response to ``p``; equilibria solve ``p = Psi(p)``."""
    return strategies(U, p)[2]


def outcome_probabilities(U: np.ndarray, p: np.ndarray) -> np.ndarray:
    """``(4, games)`` probabilities of SQ, CD, SF, BD when B resists with probability ``p``."""
    H, K = firm_and_back(U, cutpoint(U, p))
    challenge = H + K
    return np.vstack([1 - challenge, challenge * (1 - p), p * H, p * K])


def log_likelihood_games(U: np.ndarray, p: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Each game's ``sum_o count_o log Pr(o)`` at resistance probability ``p``."""
    c = cutpoint(U, p)
    log_h, log_k = log_firm_and_back(U, c)
    return _log_terms(counts, log_no_challenge(U, c), log_h, log_k, np.log(p), np.log1p(-p))


def pseudo_log_likelihood_games(
    U: np.ndarray, p_resist: np.ndarray, p_firm: np.ndarray, counts: np.ndarray
) -> np.ndarray:
    """The pseudo-likelihood of Crisman-Cox & Gibilisco (2021, eq. 6) for each game.

    A best-responds to ``p_resist`` (cut-point, ``H``, ``K``) and B to ``p_firm``
    (``Pr(resist) = Phi(z(p_firm))``); both first-stage probabilities are held fixed.
    """
    c = cutpoint(U, p_resist)
    log_h, log_k = log_firm_and_back(U, c)
    z = resist_index(U, p_firm)
    return _log_terms(counts, log_no_challenge(U, c), log_h, log_k, log_ndtr(z), log_ndtr(-z))


def _log_terms(
    counts: np.ndarray,
    log_sq: np.ndarray,
    log_h: np.ndarray,
    log_k: np.ndarray,
    log_resist: np.ndarray,
    log_concede: np.ndarray,
) -> np.ndarray:
    n_sq, n_cd, n_sf, n_bd = counts.T
    log_c = np.logaddexp(log_h, log_k)
    return (
        times(n_sq, log_sq)
        + times(n_cd, log_c + log_concede)
        + times(n_sf, log_resist + log_h)
        + times(n_bd, log_resist + log_k)
    )


def times(n: np.ndarray, log_p: np.ndarray) -> np.ndarray:
    """``n log p`` with ``0 log 0 = 0``."""
    return np.where(n > 0, n * log_p, 0.0)
