"""Where noise (execution error) strikes: independent Bernoulli flips, drawn in blocks of turns.

Each intended action is replaced with probability ``noise``, independently across players,
turns and matches (as the Axelrod library's ``Match(noise=...)``). For small ``noise`` the
positions of the flips are drawn as geometric gaps, the waiting times of a Bernoulli
process, so the cost grows with the number of flips, not with the number of actions;
above :data:`GEOMETRIC_NOISE_LIMIT` as one uniform per action.

>>> import numpy as np
>>> bernoulli_positions(np.random.default_rng(0), 0.5, 8).tolist()
[1, 2, 3]
"""

from __future__ import annotations

import numpy as np

#: Below this noise level flips are drawn as geometric gaps (cost ~ noise), above it
#: as one uniform per action.
GEOMETRIC_NOISE_LIMIT = 0.1
#: Turns whose flips are drawn at once (for every match), row player first.
BLOCK = 32


class FlipSchedule:
    """Which matches' actions noise flips at each turn, drawn a block of turns at a time.

    At the first turn of each block of :data:`BLOCK` turns the row player's flips of the
    whole block are drawn, then the column player's (:func:`bernoulli_positions` over
    ``turns * matches`` positions, turn-major).
    """

    def __init__(self, rng: np.random.Generator, noise: float, turns: int, matches: int):
        self.rng, self.noise, self.turns, self.matches = rng, noise, turns, matches
        self.block_start: int | None = None
        self.empty = np.empty(0, dtype=np.intp)

    def turn(self, t: int) -> tuple[np.ndarray, np.ndarray]:
        """The indices of the matches whose row, and column, action is flipped at turn ``t``."""
        if self.noise == 0:
            return self.empty, self.empty
        if self.block_start is None or t >= self.block_start + BLOCK:
            self._draw_block(t)
        start = t if self.block_start is None else self.block_start  # set by _draw_block
        offset = (t - start) * self.matches
        row, col = (positions[bounds[t - start] : bounds[t - start + 1]] - offset for positions, bounds in self.block)
        return row, col

    def _draw_block(self, t: int) -> None:
        self.block_start = t
        turns = min(BLOCK, self.turns - t)
        size = turns * self.matches
        edges = np.arange(turns + 1) * self.matches
        self.block = []
        for _ in range(2):
            positions = bernoulli_positions(self.rng, self.noise, size)
            self.block.append((positions, np.searchsorted(positions, edges)))


def bernoulli_positions(rng: np.random.Generator, p: float, size: int) -> np.ndarray:
    """Sorted positions in ``range(size)`` of independent Bernoulli(``p``) successes."""
    if p > GEOMETRIC_NOISE_LIMIT:
        return np.flatnonzero(rng.random(size) < p)
    chunks, last = [], -1
    while last < size:
        expected = size * p
        gaps = rng.geometric(p, size=int(expected + 6 * expected**0.5 + 16))
        positions = last + np.cumsum(gaps)
        chunks.append(positions)
        last = positions[-1]
    positions = np.concatenate(chunks)
    return positions[positions < size]
