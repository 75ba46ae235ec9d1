"""Logit quantal response equilibrium (QRE) of two-player games, by path following.

In a logit QRE (McKelvey and Palfrey, "Quantal response equilibria for normal form
games", *Games and Economic Behavior* 10 (1995) 6-38) each player chooses each pure
strategy with probability proportional to ``exp(lam * expected payoff)``:

    p = softmax(lam * A q),        q = softmax(lam * B^T p),

with ``A[i, j]``, ``B[i, j]`` the row (US) and column (Japan) payoffs. At ``lam = 0``
both players mix uniformly; as ``lam`` grows the *principal branch* that starts there
leads, in generic games, to one Nash equilibrium (McKelvey and Palfrey 1995, Theorem 3).

The branch is followed from ``lam = 0`` by predictor-corrector continuation in the
log-probabilities ``x = log p``, ``y = log q`` and ``lam`` together (pseudo-arclength
continuation; Allgower and Georg, *Numerical Continuation Methods*, 1990, chapter 6;
Turocy, "A dynamic homotopy interpretation of the logistic quantal response equilibrium
correspondence", *Games and Economic Behavior* 51 (2005) 243-263; Gambit's ``logit``
works the same way). Points on the branch solve

    x - log_softmax(lam A e^y) = 0,     y - log_softmax(lam B^T e^x) = 0.

Each step predicts along the tangent and corrects with Newton's method, warm-started
from the previous point; stepping along the arc rather than in ``lam`` alone keeps to the
branch where it turns sharply or bends back in ``lam``. The value at a requested ``lam``
is the first crossing of the branch, solved at exactly that ``lam`` with
:func:`scipy.optimize.root` from the interpolated neighbours. Payoffs are divided by
their range inside (and ``lam`` multiplied by it), which leaves every QRE unchanged and
makes the step control independent of the payoff unit. pygambit 16.7's
``qre.logit_solve_lambda`` uses the raw payoffs and the same ``lam``: no conversion.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import root

from sim.solve.budgets import check_qre_work
from sim.solve.solvers import validate_game

#: Step control of the path following (lengths in the space of ``(x, y, lam * range)``).
FIRST_STEP = 0.03
MAX_ACCELERATION = 1.5  # a step is at most this much longer than the one before
MAX_DISTANCE = 0.1  # longest first Newton correction accepted
MAX_CONTRACTION = 0.6  # largest ratio of the second Newton correction to the first
MAX_ANGLE = np.pi / 8  # largest turn of the tangent in one step
MAX_NEWTON = 20
MAX_STEPS = 100_000  # a guard against endless loops


@dataclass(frozen=True, eq=False)
class QREPath:
    """Logit QRE on the principal branch: ``row[k]``, ``col[k]`` at ``lambdas[k]``."""

    lambdas: np.ndarray
    row: np.ndarray
    col: np.ndarray


def logit_qre(A, B, lam: float, budget: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """The logit QRE on the principal branch at precision ``lam`` (>= 0).

    >>> A = np.array([[1.0, -1.0], [-1.0, 1.0]])  # matching pennies
    >>> [p.tolist() for p in logit_qre(A, -A, 3.0)]
    [[0.5, 0.5], [0.5, 0.5]]
    """
    path = qre_path(A, B, [lam], budget)
    return path.row[0], path.col[0]


def qre_path(A, B, lambdas, budget: float = 1.0) -> QREPath:
    """The logit QRE at each of ``lambdas`` (any order), following one principal branch.

    ``sim.solve.budgets.OverBudget`` (a ValueError) when the path would be longer than the work
    budget times ``budget``.
    """
    A, B = _checked_game(A, B)
    lambdas = _checked_lambdas(lambdas)
    scale = max(np.ptp(A), np.ptp(B))
    check_qre_work(A.shape, float(lambdas.max() * scale), budget)
    m, n = A.shape
    row, col = np.full((len(lambdas), m), 1.0 / m), np.full((len(lambdas), n), 1.0 / n)
    if scale > 0 and lambdas.max() > 0:
        order = np.argsort(lambdas)
        points = _Tracer(A / scale, B / scale).trace(lambdas[order] * scale)
        for k, (x, y) in zip(order, points):
            row[k], col[k] = _normalised(np.exp(x)), _normalised(np.exp(y))
    return QREPath(lambdas, row, col)


def fixed_point_residual(A, B, lam: float, row, col) -> float:
    """Largest gap between ``(row, col)`` and the logit responses to it (0 at a QRE)."""
    A, B = _checked_game(A, B)
    row, col = np.asarray(row, dtype=float), np.asarray(col, dtype=float)
    return float(max(np.abs(row - _softmax(lam * (A @ col))).max(), np.abs(col - _softmax(lam * (B.T @ row))).max()))


def _checked_game(A, B) -> tuple[np.ndarray, np.ndarray]:
    A, B = np.asarray(A, dtype=float), np.asarray(B, dtype=float)
    if A.ndim != 2 or A.shape != B.shape or A.size == 0:
        raise ValueError(f"A and B must be non-empty matrices of one shape, got shapes {A.shape} and {B.shape}")
    if not (np.isfinite(A).all() and np.isfinite(B).all()):
        raise ValueError("payoffs must be finite numbers")
    return validate_game(A, B)  # and representable


def _checked_lambdas(lambdas) -> np.ndarray:
    lambdas = np.atleast_1d(np.asarray(lambdas, dtype=float))
    if lambdas.ndim != 1 or lambdas.size == 0:
        raise ValueError("give one or more precisions lambda")
    if not np.isfinite(lambdas).all() or (lambdas < 0).any():
        raise ValueError(f"lambda must be a finite number >= 0, got {lambdas.tolist()}")
    return lambdas


def _normalised(p: np.ndarray) -> np.ndarray:
    return p / p.sum()


def _log_softmax(u: np.ndarray) -> np.ndarray:
    """``log(exp(u) / sum(exp(u)))`` computed stably (log-sum-exp after shifting by max u)."""
    shifted = u - u.max()
    return shifted - np.log(np.exp(shifted).sum())


def _softmax(u: np.ndarray) -> np.ndarray:
    return np.exp(_log_softmax(u))


class _Tracer:
    """Pseudo-arclength continuation of ``H(x, y, lam) = 0`` from the centroid at lam = 0."""

    def __init__(self, A: np.ndarray, B: np.ndarray):
        self.A, self.B = A, B
        self.m, self.n = A.shape

    def residual(self, w: np.ndarray) -> np.ndarray:
        """``H(w)``: log-probabilities minus the log-logit responses (``m + n`` values)."""
        x, y, lam = w[: self.m], w[self.m : -1], w[-1]
        return np.concatenate(
            [x - _log_softmax(lam * (self.A @ np.exp(y))), y - _log_softmax(lam * (self.B.T @ np.exp(x)))]
        )

    def jacobian(self, w: np.ndarray) -> np.ndarray:
        """``dH/dw``, shape ``(m + n, m + n + 1)``; with ``L(u) = I - 1 softmax(u)^T``."""
        m, n = self.m, self.n
        x, y, lam = w[:m], w[m:-1], w[-1]
        p, q = np.exp(x), np.exp(y)
        row_values, col_values = self.A @ q, self.B.T @ p
        P, Q = _softmax(lam * row_values), _softmax(lam * col_values)
        J = np.zeros((m + n, m + n + 1))
        J[:m, :m], J[m:, m:-1] = np.eye(m), np.eye(n)
        J[:m, m:-1] = -_project(lam * self.A * q, P)
        J[m:, :m] = -_project(lam * self.B.T * p, Q)
        J[:m, -1] = -_project(row_values[:, None], P)[:, 0]
        J[m:, -1] = -_project(col_values[:, None], Q)[:, 0]
        return J

    def tangent(self, w: np.ndarray, previous: np.ndarray | None) -> np.ndarray:
        """Unit null vector of the Jacobian, pointing on along the branch."""
        t = np.linalg.svd(self.jacobian(w))[2][-1]
        sign = t[-1] if previous is None else t @ previous
        return t if sign >= 0 else -t

    def trace(self, targets: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
        """``(x, y)`` at each of the sorted ``targets`` (precisions on the scaled game)."""
        m, n = self.m, self.n
        w = np.concatenate([np.full(m, -np.log(m)), np.full(n, -np.log(n)), [0.0]])
        t, h, found = self.tangent(w, None), FIRST_STEP, []
        found += [(w[:m], w[m:-1]) for target in targets if target <= 0]
        for _ in range(MAX_STEPS):
            if len(found) == len(targets):
                return found
            step = self.step(w, t, h, targets[len(found) :])
            if step is None:
                h /= 2
                if h < 1e-12:
                    break
                continue
            w, t, crossings, slowdown = step
            found += crossings
            h /= max(slowdown, 1 / MAX_ACCELERATION)
        raise RuntimeError(
            f"the logit QRE branch could not be followed to lambda = "
            f"{targets[-1]} (scaled); step size {h:g} at lambda {w[-1]:g}"
        )

    def step(self, w, t, h, targets):
        """One predictor-corrector step: ``(point, tangent, crossings, slowdown)`` or None.

        The corrector is Newton's method on ``H = 0`` within the hyperplane through the
        predicted point normal to ``t``. As in Allgower and Georg (*Numerical Continuation
        Methods*, 1990, section 6.1) and Gambit, a step is refused when the first Newton
        correction is long, Newton contracts slowly, or the tangent turns sharply, so
        that the corrector cannot jump to a neighbouring branch; ``slowdown`` (> 1
        shortens the next step) grows with each of the three.
        """
        corrected = self.newton(w + h * t, t)
        if corrected is None:
            return None
        new, distance, contraction = corrected
        new_t = self.tangent(new, t)
        angle = np.arccos(np.clip(new_t @ t, -1.0, 1.0))
        if angle > MAX_ANGLE:
            return None
        crossings = self.crossings(w, new, targets)
        if crossings is None:
            return None
        slowdown = 2 * max(np.sqrt(distance / MAX_DISTANCE), np.sqrt(contraction / MAX_CONTRACTION), angle / MAX_ANGLE)
        return new, new_t, crossings, slowdown

    def newton(self, u: np.ndarray, t: np.ndarray):
        """Correct ``u`` onto the branch: ``(point, first step, contraction)`` or None."""
        first = contraction = 0.0
        for iteration in range(MAX_NEWTON):
            system = np.vstack([self.jacobian(u), t])
            try:
                delta = np.linalg.solve(system, -np.append(self.residual(u), 0.0))
            except np.linalg.LinAlgError:  # singular: a branch point; retry shorter
                return None
            size = float(np.linalg.norm(delta))
            if iteration == 0:
                first = size
                if first > MAX_DISTANCE:
                    return None
            elif iteration == 1:
                contraction = size / (first + 1e-5)  # as Gambit: ignore round-off-sized steps
                if contraction > MAX_CONTRACTION:
                    return None
            u = u + delta
            if size < 1e-10 * max(1.0, np.abs(u).max()):
                return u, first, contraction
        return None

    def crossings(self, w, new, targets):
        """The branch at each target lam between ``w`` and ``new``, or None to shorten."""
        found = []
        for target in targets[targets <= new[-1]]:
            share = (target - w[-1]) / (new[-1] - w[-1])
            guess = w + share * (new - w)
            point = self.solve_at(guess, target)
            if point is None or np.linalg.norm(point - guess) > np.linalg.norm(new - w):
                return None
            found.append((point[: self.m], point[self.m : -1]))
        return found

    def solve_at(self, guess: np.ndarray, lam: float) -> np.ndarray | None:
        """The QRE at exactly ``lam`` near ``guess``, by :func:`scipy.optimize.root`."""

        def system(z):
            w = np.append(z, lam)
            return self.residual(w), self.jacobian(w)[:, :-1]

        solution = root(system, guess[:-1], jac=True, method="hybr", options={"xtol": 1e-13})
        w = np.append(solution.x, lam)
        size = max(1.0, np.abs(w).max())
        good = solution.success and np.abs(self.residual(w)).max() < 1e-10 * size
        return w if good else None


def _project(M: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """``(I - 1 weights^T) M``: the derivative of log-softmax applied to ``M``."""
    return M - weights @ M
