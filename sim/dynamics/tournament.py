"""Round-robin tournaments of repeated-game strategies (as in the Axelrod library): every
pair played over many matches by the engine of :mod:`sim.dynamics.repeated`, with each
pair's mean score and its standard error."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from sim.data.strategies import get_strategy
from sim.dynamics.repeated import play_matches


@dataclass(frozen=True, eq=False)
class Tournament:
    """A round robin: every row strategy against every column strategy.

    Attributes
    ----------
    row_names, col_names : tuple of str
    mean_scores : float array (2, rows, cols)
        Mean total score per match of the row player ``[0]`` and column player ``[1]``.
    standard_errors : float array (2, rows, cols)
        Standard errors of those means over the repetitions.
    turns, repetitions : int
    """

    row_names: tuple[str, ...]
    col_names: tuple[str, ...]
    mean_scores: np.ndarray
    standard_errors: np.ndarray
    turns: int
    repetitions: int

    def table(self) -> list[dict]:
        """One tidy record per match-up: names, mean scores and standard errors."""
        return [
            {
                "row": r,
                "col": c,
                "row_score": float(self.mean_scores[0, i, j]),
                "col_score": float(self.mean_scores[1, i, j]),
                "row_se": float(self.standard_errors[0, i, j]),
                "col_se": float(self.standard_errors[1, i, j]),
            }
            for i, r in enumerate(self.row_names)
            for j, c in enumerate(self.col_names)
        ]

    def ranking(self, player: int = 0) -> list[tuple[str, float]]:
        """``(name, mean score per turn over all opponents)``, best first.

        ``player=0`` ranks the row strategies, ``1`` the column strategies. In a symmetric
        game played by one list of strategies, the row ranking is Axelrod's ranking by
        mean score per turn (self-play included).
        """
        names = (self.row_names, self.col_names)[player]
        per_turn = self.mean_scores[player].mean(axis=1 - player) / max(self.turns, 1)
        order = sorted(range(len(names)), key=lambda k: (-per_turn[k], names[k]))
        return [(names[k], float(per_turn[k])) for k in order]


def tournament(
    strategies, A, B, turns: int, repetitions: int, noise: float, rng: np.random.Generator, col_strategies=None
) -> Tournament:
    """Round robin of ``strategies`` (as rows) against ``col_strategies`` (default: the same).

    Each match-up is ``repetitions`` matches of ``turns`` rounds played by
    :func:`play_matches` (Axelrod 1984, ch. 2: every entry meets every entry, itself
    included). Scores are means per match with standard errors.
    """
    rows = [get_strategy(s) for s in strategies]
    cols = rows if col_strategies is None else [get_strategy(s) for s in col_strategies]
    means = np.zeros((2, len(rows), len(cols)))
    errors = np.zeros_like(means)
    for i, row in enumerate(rows):
        for j, col in enumerate(cols):
            result = play_matches(row, col, A, B, turns, repetitions, noise, rng)
            for k, scores in enumerate((result.row_scores, result.col_scores)):
                means[k, i, j] = scores.mean()
                errors[k, i, j] = scores.std(ddof=1) / math.sqrt(len(scores)) if len(scores) > 1 else 0.0
    return Tournament(tuple(s.name for s in rows), tuple(s.name for s in cols), means, errors, turns, repetitions)
