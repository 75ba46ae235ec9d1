"""The estimators' objectives as functions of a flat parameter vector, with exact gradients.

* :func:`pseudo_objective`: minus the pseudo-log-likelihood in the coefficients ``beta``
  for fixed first-stage ``(p_R, p_F)`` (Crisman-Cox & Gibilisco 2021, eq. 6; used by PL and
  each NPL step).
* :func:`constrained_problem`: the constrained MLE of Su & Judd (2012) over
  ``x = (beta, q)`` with ``p_R = 1/(1 + exp(-q))`` per game: minus the log-likelihood, and
  the equilibrium constraints ``p_R - Psi(p_R; beta) = 0`` with their sparse Jacobian
  (one dense block in ``beta``, a diagonal in ``q``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.special import expit

from sim.estimate.gradients import (
    coefficient_gradient,
    coefficient_jacobian,
    constraint_gradient,
    log_likelihood_gradient,
    resist_probit_gradient,
)
from sim.estimate.spec import UTILITIES, Design


def pseudo_objective(
    design: Design, p_resist: np.ndarray, p_firm: np.ndarray
) -> Callable[[np.ndarray], tuple[float, np.ndarray]]:
    """``f(beta) -> (-pseudo log-likelihood, its gradient)``."""
    X, slices, counts = design.X, design.slices, design.counts

    def f(beta: np.ndarray) -> tuple[float, np.ndarray]:
        U = design.utilities(beta)
        value_a, dU_a, _ = log_likelihood_gradient(U, p_resist, counts, resist_fixed=True)
        value_b, dU_b = resist_probit_gradient(U, p_firm, counts)
        grad = coefficient_gradient(X, slices, dU_a + dU_b, UTILITIES)
        return -float(value_a.sum() + value_b.sum()), -grad

    return f


@dataclass(frozen=True)
class ConstrainedProblem:
    """The CMLE's pieces for a solver: objective, constraints and their derivatives."""

    design: Design

    @property
    def k(self) -> int:
        return len(self.design.names)

    def split(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return x[: self.k], expit(x[self.k :])

    def objective(self, x: np.ndarray) -> tuple[float, np.ndarray]:
        """``(-log L(beta, p_R), gradient)``."""
        beta, p = self.split(x)
        value, dU, dp = log_likelihood_gradient(self.design.utilities(beta), p, self.design.counts)
        grad_beta = coefficient_gradient(self.design.X, self.design.slices, dU, UTILITIES)
        return -float(value.sum()), -np.concatenate([grad_beta, dp * p * (1 - p)])

    def constraints(self, x: np.ndarray) -> np.ndarray:
        beta, p = self.split(x)
        return constraint_gradient(self.design.utilities(beta), p)[0]

    def jacobian(self, x: np.ndarray) -> sparse.csr_matrix:
        """``(games, k + games)``: dense in ``beta``, diagonal in ``q``."""
        beta, p = self.split(x)
        _, dU, dp = constraint_gradient(self.design.utilities(beta), p)
        block = coefficient_jacobian(self.design.X, self.design.slices, dU, UTILITIES)
        return sparse.hstack([sparse.csr_matrix(block), sparse.diags(dp * p * (1 - p))], format="csr")


def constrained_problem(design: Design) -> ConstrainedProblem:
    return ConstrainedProblem(design)
