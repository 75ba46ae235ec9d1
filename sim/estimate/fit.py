"""Choosing and running an estimator; the default keeps the best verified equilibrium.

* ``pl``: first stage (the specification's ``first_stage`` columns if it names them, else
  random forests), then the pseudo-likelihood from ``starts`` random starts.
* ``npl``: PL, then nested pseudo-likelihood iterations.
* ``cmle``: PL, then the constrained MLE started, as in the published replication, from the
  PL coefficients and the first-stage ``p_R``; with ``starts > 1`` also from perturbed
  coefficients (seeded), keeping the highest likelihood.
* ``default``: all of these; among the NPL and CMLE results whose ``p_R`` is an equilibrium
  (``max |p_R - Psi(p_R)| <= 1e-6``), the highest log-likelihood. PL is not a candidate: its
  ``p_R`` comes from the first stage, not from the game.
"""

from __future__ import annotations

import time
from dataclasses import replace

import numpy as np

from sim.estimate.cmle import estimate_cmle
from sim.estimate.equilibria import TOLERANCE, nearest_equilibrium
from sim.estimate.firststage import first_stage
from sim.estimate.npl import estimate_npl
from sim.estimate.pl import estimate_pl
from sim.estimate.result import Estimate
from sim.estimate.spec import Design

METHODS = ("default", "cmle", "npl", "pl")


def cmle_starts(
    design: Design, pl: Estimate, extra: list[Estimate], starts: int, rng: np.random.Generator
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Starting points: PL with the first-stage ``p_R``, each of ``extra``, then perturbations."""
    points = [(pl.beta, pl.p_resist)] + [(e.beta, e.p_resist) for e in extra]
    base = points[-1][0]
    while len(points) < max(starts, 1 + len(extra)):
        beta = base + rng.normal(0.0, 0.1, base.size) * (np.abs(base) + 0.1)
        points.append((beta, nearest_equilibrium(design.utilities(beta), points[-1][1])[0]))
    return points


def best_cmle(design: Design, points: list[tuple[np.ndarray, np.ndarray]]) -> Estimate:
    """The highest-likelihood CMLE over starting ``points`` (standard errors for it only)."""
    results = [estimate_cmle(design, beta, p, with_se=False) for beta, p in points]
    verified = [r for r in results if r.violation <= TOLERANCE] or results
    best = max(verified, key=lambda r: r.loglik)
    final = estimate_cmle(design, best.beta, best.p_resist, with_se=True, rounds=1)
    return replace(
        final, iterations=best.iterations + final.iterations, note=f"{final.note}, best of {len(points)} starts"
    )


def estimate(design: Design, method: str = "default", starts: int = 3, seed: int = 0) -> Estimate:
    """Estimate the crisis game on ``design`` by ``method`` (see the module's list).

    The linear algebra runs on one thread: its matrices are small (games x coefficients),
    and threads only contend with each other and with other work on the machine.
    """
    from threadpoolctl import threadpool_limits  # installed with scikit-learn

    with threadpool_limits(limits=1, user_api="blas"):
        return _estimate(design, method, starts, seed)


def _estimate(design: Design, method: str, starts: int, seed: int) -> Estimate:
    began = time.perf_counter()
    rng = np.random.default_rng(seed)
    first = design.first_stage or first_stage(design, seed)
    pl = estimate_pl(design, seed, starts, first)
    if method == "pl":
        return replace(pl, seconds=time.perf_counter() - began)
    npl = estimate_npl(design, pl, first[1])
    if method == "npl":
        return replace(npl, seconds=time.perf_counter() - began)
    extra = [npl] if method == "default" else []
    cmle = best_cmle(design, cmle_starts(design, pl, extra, starts, rng))
    chosen = cmle
    if method == "default":
        candidates = [e for e in (cmle, npl) if e.violation <= TOLERANCE]
        chosen = max(candidates, key=lambda e: e.loglik) if candidates else cmle
    return replace(chosen, seconds=time.perf_counter() - began)
