"""Evolutionary dynamics on a payoff matrix (e.g. a tournament's), where nashpy falls short.

* Replicator dynamics (Taylor and Jonker 1978; Hofbauer and Sigmund, *Evolutionary
  Games and Population Dynamics*, 1998, ch. 7): one population,
  ``dx_i/dt = x_i ((M x)_i - x . M x)``; two populations (row and column roles of an
  asymmetric game) ``dx_i/dt = x_i ((A y)_i - x . A y)``, ``dy_j/dt = y_j ((x B)_j - x . B y)``.
  Integrated in log-shares with ``scipy.integrate.solve_ivp`` (LSODA). nashpy's
  ``Game.replicator_dynamics`` integrates the shares themselves, where the simplex is an
  invariant but repelling set whenever the mean payoff ``phi`` is negative (the total ``S``
  of the shares obeys ``dS/dt = phi (1 - S)``): on games whose payoffs are all costs, as
  Japan's are, its shares leave the simplex. The dynamics are unchanged by adding a
  constant to a population's payoffs, so the tests check these against nashpy's on the
  game shifted to positive payoffs.
* The Moran process's fixation probability of one mutant, in closed form (Nowak, Sasaki,
  Taylor and Fudenberg 2004, "Emergence of cooperation and evolutionary stability in finite
  populations", *Nature* 428); nashpy estimates it by simulation.

Fictitious play is nashpy's (``Game.fictitious_play``).

:func:`tournament_game` turns a :class:`sim.dynamics.tournament.Tournament` into the payoff matrices
(mean score per turn) these dynamics run on.

>>> import numpy as np
>>> M = np.array([[3., 0.], [5., 1.]])
>>> replicator_dynamics(M, [0.5, 0.5], [0, 20])[-1].round(3).tolist()
[0.0, 1.0]
"""

from __future__ import annotations

import math
import numpy as np
from scipy.integrate import solve_ivp

from sim.dynamics.tournament import Tournament
from sim.solve.solvers import validate_game

#: Relative and absolute tolerances of the ODE integration.
RTOL, ATOL = 1e-10, 1e-12


def replicator_dynamics(M, x0, times) -> np.ndarray:
    """One-population replicator dynamics: the population shares at each of ``times``.

    Parameters
    ----------
    M : array_like (k, k)
        ``M[i, j]`` is the payoff of type ``i`` meeting type ``j``.
    x0 : array_like (k,)
        Initial shares (non-negative, summing to one); a type at 0 stays at 0.
    times : array_like
        Increasing times, the first being the start.

    Returns
    -------
    float array (len(times), k)
    """
    M = np.asarray(M, dtype=float)
    x0 = _shares(x0, M.shape[0])
    path = _integrate(lambda x: [M @ x], [x0], times)
    return path[0]


def asymmetric_replicator_dynamics(A, B, x0, y0, times) -> tuple[np.ndarray, np.ndarray]:
    """Two-population replicator dynamics of the bimatrix game ``(A, B)``.

    Returns the row population's shares ``(len(times), m)`` and the column's
    ``(len(times), n)``.
    """
    A, B = validate_game(A, B)
    starts = [_shares(x0, A.shape[0]), _shares(y0, A.shape[1])]
    rows, cols = _integrate(lambda x, y: [A @ y, x @ B], starts, times)
    return rows, cols


def _integrate(fitness, starts: list[np.ndarray], times) -> list[np.ndarray]:
    """Integrate in log-shares: ``d log x_i / dt = f_i(x) - x . f(x)``.

    Each population's shares are the softmax of ``z`` with ``dz_i/dt = f_i`` (the mean
    fitness is common to all types and cancels), so they stay on the simplex however
    stiff the game; types with share 0 stay at 0.
    """
    times = np.asarray(times, dtype=float)
    if times.ndim != 1 or len(times) < 1 or (np.diff(times) <= 0).any():
        raise ValueError("times must be a non-empty increasing sequence")
    alive = [x > 0 for x in starts]
    sizes = np.cumsum([0] + [int(a.sum()) for a in alive])
    z0 = np.concatenate([np.log(x[a]) for x, a in zip(starts, alive)])

    def shares(z):
        out = []
        for k, a in enumerate(alive):
            x = np.zeros(len(a))
            part = z[sizes[k] : sizes[k + 1]]
            x[a] = np.exp(part - part.max())
            out.append(x / x.sum())
        return out

    def field(_, z):
        return np.concatenate([f[a] for f, a in zip(fitness(*shares(z)), alive)])

    if len(times) == 1:
        return [x[None, :] for x in starts]
    solution = solve_ivp(field, (times[0], times[-1]), z0, t_eval=times, method="LSODA", rtol=RTOL, atol=ATOL)
    if not solution.success:
        raise RuntimeError(f"replicator integration failed: {solution.message}")
    paths = [shares(z) for z in solution.y.T]
    return [np.array([p[k] for p in paths]) for k in range(len(starts))]


def _shares(x, size: int) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    if x.shape != (size,) or (x < 0).any() or not math.isclose(x.sum(), 1, abs_tol=1e-9):
        raise ValueError(f"shares must be {size} non-negative numbers summing to 1, got {x}")
    return x


def tournament_game(result: Tournament) -> tuple[np.ndarray, np.ndarray]:
    """The tournament as a game: mean score per turn of row strategy ``i`` against ``j``."""
    per_turn = result.mean_scores / max(result.turns, 1)
    return per_turn[0], per_turn[1]


def moran_fixation_probability(M, population: int, selection: float = 1.0) -> float:
    """Probability that one mutant of type 0 takes over a population of type 1.

    Frequency-dependent Moran process (Nowak et al. 2004): with ``i`` mutants among
    ``N``, fitnesses ``f_i = 1 - w + w (a (i-1) + b (N-i)) / (N-1)`` and
    ``g_i = 1 - w + w (c i + d (N-i-1)) / (N-1)`` for ``M = [[a, b], [c, d]]`` and
    selection intensity ``w``; then ``rho = 1 / (1 + sum_k prod_{i<=k} g_i / f_i)``.
    Neutral selection (``w = 0``) gives ``1/N``.
    """
    (a, b), (c, d) = np.asarray(M, dtype=float)
    n = int(population)
    if n < 2 or not 0 <= selection <= 1:
        raise ValueError("population must be >= 2 and selection in [0, 1]")
    i = np.arange(1, n)
    f = 1 - selection + selection * (a * (i - 1) + b * (n - i)) / (n - 1)
    g = 1 - selection + selection * (c * i + d * (n - i - 1)) / (n - 1)
    if (f <= 0).any() or (g <= 0).any():
        raise ValueError("fitness must stay positive: lower the selection intensity")
    return float(1 / (1 + np.cumprod(g / f).sum()))
