"""Data simulated from known coefficients: for tests of recovery and the coverage benchmark.

:func:`synthetic_design` builds a small identified specification on random covariates;
:func:`simulate_counts` draws each game's outcome counts from the multinomial at one of its
equilibria (:func:`sim.estimate.equilibria.all_equilibria`; the lowest ``p_R`` unless told
otherwise), so the data-generating process is the model the estimators assume.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from sim.estimate.equilibria import all_equilibria
from sim.estimate.model import outcome_probabilities
from sim.estimate.spec import UTILITIES, Design

SYNTHETIC_TERMS = {
    "S_A": ("x1",),
    "V_A": ("1",),
    "C_B": ("1", "x2"),
    "W_A": ("1", "x1"),
    "W_B": ("1",),
    "a": ("1",),
    "V_B": (),
}
#: True coefficients of :func:`synthetic_design`, in the order of ``Design.names``.
SYNTHETIC_BETA = np.array([0.3, 1.0, -1.0, 1.0, -1.5, 0.2, 0.5, -1.8])


def synthetic_design(games: int, rng: np.random.Generator, months: int = 120) -> Design:
    """``games`` games with covariates ``x1 ~ N(0, 1)``, ``x2 ~ U(0, 2)`` and no counts yet."""
    x1, x2 = rng.normal(0, 1, games), rng.uniform(0, 2, games)
    columns = {"x1": x1, "x2": x2}
    X = {
        u: np.column_stack([np.ones(games) if t == "1" else columns[t] for t in SYNTHETIC_TERMS[u]])
        if SYNTHETIC_TERMS[u]
        else np.zeros((games, 0))
        for u in UTILITIES
    }
    counts = np.zeros((games, 4))
    counts[:, 0] = months
    return Design(
        Path("<synthetic>"),
        Path("<synthetic>"),
        tuple(f"g{i:04d}" for i in range(games)),
        counts,
        dict(SYNTHETIC_TERMS),
        X,
        {},
        {},
    )


def equilibrium_probabilities(design: Design, beta: np.ndarray, pick: str = "lowest") -> tuple[np.ndarray, np.ndarray]:
    """``(p_R, outcome probabilities (games, 4))`` at each game's lowest or highest equilibrium."""
    U = design.utilities(beta)
    roots, count = all_equilibria(U)
    index = np.zeros(design.n_games, int) if pick == "lowest" else count - 1
    p = roots[np.arange(design.n_games), index]
    return p, outcome_probabilities(U, p).T


def simulate_counts(
    design: Design,
    beta: np.ndarray,
    rng: np.random.Generator,
    months: np.ndarray | int | None = None,
    pick: str = "lowest",
) -> Design:
    """``design`` with outcome counts drawn at the equilibria of ``beta`` (same months per game
    as the design unless ``months`` is given)."""
    total = design.counts.sum(axis=1) if months is None else np.broadcast_to(months, (design.n_games,))
    _, probabilities = equilibrium_probabilities(design, beta, pick)
    probabilities = np.clip(probabilities, 0, None)
    probabilities /= probabilities.sum(axis=1, keepdims=True)
    counts = np.array([rng.multinomial(int(n), q) for n, q in zip(total, probabilities)])
    return design.with_counts(counts.astype(float))
