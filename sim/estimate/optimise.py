"""Unconstrained minimisation with exact gradients, and Hessians by differencing them.

:func:`minimise` runs quasi-Newton (BFGS) and then polishes with Newton steps on the
Hessian obtained by central differences of the exact gradient (as ``maxLik``'s
Newton-Raphson does in the published R code), so the gradient ends near zero.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable

import numpy as np
from scipy.optimize import minimize

#: ``f(x) -> (value, gradient)``, the form :func:`minimise` takes.
Objective = Callable[[np.ndarray], tuple[float, np.ndarray]]
#: ``gradient(x)``, differenced by :func:`hessian`.
Gradient = Callable[[np.ndarray], np.ndarray]


def hessian(gradient: Gradient, x: np.ndarray, step: float = 1e-5) -> np.ndarray:
    """Symmetric Hessian by central differences of ``gradient(x)``."""
    n = x.size
    out = np.empty((n, n))
    for i in range(n):
        e = np.zeros(n)
        e[i] = step * max(1.0, abs(x[i]))
        out[i] = (gradient(x + e) - gradient(x - e)) / (2 * e[i])
    return 0.5 * (out + out.T)


def minimise(
    f: Objective, x0: np.ndarray, gtol: float = 1e-6, newton_steps: int = 20
) -> tuple[np.ndarray, float, int, bool]:
    """``(x, value, iterations, converged)`` for ``f(x) -> (value, gradient)``."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        result = minimize(f, x0, jac=True, method="BFGS", options={"gtol": gtol, "maxiter": 5000})
    x, value = result.x, result.fun
    iterations = result.nit
    for _ in range(newton_steps):
        value, grad = f(x)
        if np.max(np.abs(grad)) < gtol:
            break
        step = _newton_step(lambda v: f(v)[1], x, grad)
        trial, accepted = x, False
        for shrink in (1.0, 0.5, 0.25, 0.1, 0.01):
            candidate = x - shrink * step
            new_value = f(candidate)[0]
            if np.isfinite(new_value) and new_value <= value:
                trial, accepted = candidate, True
                break
        if not accepted:
            break
        x = trial
        iterations += 1
    value, grad = f(x)
    return x, float(value), iterations, bool(np.max(np.abs(grad)) < 1e-3)


def _newton_step(gradient: Gradient, x: np.ndarray, grad: np.ndarray) -> np.ndarray:
    H = hessian(gradient, x)
    try:
        step = np.linalg.solve(H, grad)
    except np.linalg.LinAlgError:
        return grad * 1e-3
    if not np.all(np.isfinite(step)) or grad @ step <= 0:  # not a descent direction
        return grad * 1e-3
    return step


def inverse_hessian_se(gradient: Gradient, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(covariance, standard errors)`` from the inverse Hessian of minus the log-likelihood."""
    H = hessian(gradient, x)
    try:
        covariance = np.linalg.inv(H)
    except np.linalg.LinAlgError:
        covariance = np.full_like(H, np.nan)
    diagonal = np.diag(covariance)
    return covariance, np.where(diagonal > 0, np.sqrt(np.abs(diagonal)), np.nan)
