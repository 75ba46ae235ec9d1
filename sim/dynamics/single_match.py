"""One match in plain Python, over the joint automaton's table, with the numpy turn loop's draws.

For a single match a Python list index costs a fraction of a numpy call, so
:func:`sim.dynamics.repeated.play_matches` steps one match here and many with numpy. Both
return the *played indices* of :class:`~sim.dynamics.joint_automaton.JointAutomaton`, shape
``(turns, 1)``, which the engine decodes and scores as it does the turn loop's.

* :func:`deterministic_path` (no noise, no generous state): the codes follow
  ``c_{t+1} = table[c_t]`` on a finite set, so the first code seen twice closes a cycle and
  the path is the prefix before it, then the cycle repeated to ``turns``. It makes at most
  one look-up per distinct code, whatever the number of turns.
* :func:`random_path` (noise or a generous state): draws from the generator exactly what
  the numpy turn loop with one match draws, in the same order, so the same generator gives
  the same match. Each turn: when a state of either player is generous, one uniform for the
  row and one for the column (``u < generosity`` plays 0); at the first turn of each
  block of :data:`~sim.dynamics.flips.BLOCK` turns, the block's flips
  (:class:`~sim.dynamics.flips.FlipSchedule`); for a flipped action of a player with more
  than two actions, one integer in ``1 .. levels - 1`` added to it modulo ``levels``.
  Uniforms of consecutive turns with no other draw between them are drawn as one array:
  numpy's ``Generator.random(k)`` gives the numbers of ``k`` single draws.

>>> import numpy as np
>>> from sim.data.strategies import REGISTRY
>>> joint = JointAutomaton(*(REGISTRY[name].automaton(2, 2) for name in ("tit_for_tat", "alternator")))
>>> joint.decode(deterministic_path(joint, 6))[0].ravel().tolist()  # the row, tit-for-tat
[0, 0, 1, 0, 1, 0]
"""

from __future__ import annotations

import numpy as np

from sim.dynamics.flips import BLOCK, bernoulli_positions
from sim.dynamics.joint_automaton import JointAutomaton


def deterministic_path(joint: JointAutomaton, turns: int) -> np.ndarray:
    """The played indices of a match without noise or generous states, shape (turns, 1)."""
    look_up, code = _look_up(joint.table, turns), joint.initial_code
    first_seen: dict[int, int] = {}
    prefix: list[int] = []
    while len(prefix) < turns and code not in first_seen:
        first_seen[code] = len(prefix)
        prefix.append(code)
        code = look_up(code)
    played = np.empty(turns, dtype=joint.table.dtype)
    played[: len(prefix)] = prefix
    if len(prefix) < turns:
        cycle, rest = played[first_seen[code] : len(prefix)], turns - len(prefix)
        played[len(prefix) :] = np.tile(cycle, -(-rest // len(cycle)))[:rest]
    return played.reshape(turns, 1)


def random_path(joint: JointAutomaton, turns: int, noise: float, rng: np.random.Generator) -> np.ndarray:
    """The played indices of one match with noise or generous states, shape (turns, 1)."""
    look_up, code = _look_up(joint.table, turns), joint.initial_code
    generosity = [g.tolist() for g in joint.generosity] if joint.stochastic else None
    draws = _Draws(joint, turns, noise, rng)
    row_flipped, col_flipped = draws.flipped
    played = [0] * turns
    for t in range(turns):
        index = code
        if generosity is not None:
            forgive_row, forgive_col = draws.uniforms(t)
            if forgive_row < generosity[0][index]:
                index &= ~draws.masks[0]
            if forgive_col < generosity[1][index]:
                index &= ~draws.masks[1]
        if noise and t % BLOCK == 0:
            draws.flip_block(t)
        if row_flipped[t]:
            index = draws.replace(0, index)
        if col_flipped[t]:
            index = draws.replace(1, index)
        played[t] = index
        code = look_up(index)
    return np.array(played, dtype=joint.table.dtype).reshape(turns, 1)


class _Draws:
    """The draws of one match, in the order of the numpy turn loop (see the module docstring)."""

    def __init__(self, joint: JointAutomaton, turns: int, noise: float, rng: np.random.Generator):
        self.rng, self.noise, self.turns = rng, noise, turns
        self.levels = (joint.n, joint.m)
        self.lows = (joint.col_bits, 0)
        self.masks = (int(joint.mask(0)), int(joint.mask(1)))
        self.flipped = (bytearray(turns), bytearray(turns))
        self.buffer: list[float] = []
        self.used = 0

    def uniforms(self, t: int) -> tuple[float, float]:
        """The row's and the column's generosity uniforms of turn ``t``."""
        if self.used == len(self.buffer):
            self.buffer = self.rng.random(2 * (self._last_quiet_turn(t) - t + 1)).tolist()
            self.used = 0
        self.used += 2
        return self.buffer[self.used - 2], self.buffer[self.used - 1]

    def _last_quiet_turn(self, t: int) -> int:
        """The last turn ``h >= t`` with no other draw between turn ``t``'s uniforms and turn ``h``'s:
        the next block's start, or an earlier turn whose flip of a player with more than two
        actions draws the replacement."""
        if not self.noise:
            return self.turns - 1
        block_end = t if t % BLOCK == 0 else min(t - t % BLOCK + BLOCK, self.turns - 1)
        for turn in range(t, block_end):
            if any(self.flipped[k][turn] and self.levels[k] > 2 for k in (0, 1)):
                return turn
        return block_end

    def flip_block(self, t: int) -> None:
        """Draw which actions noise flips in the block of turns starting at ``t``: row, then column."""
        size = min(BLOCK, self.turns - t)
        for flipped in self.flipped:
            for position in bernoulli_positions(self.rng, self.noise, size).tolist():
                flipped[t + position] = 1

    def replace(self, player: int, index: int) -> int:
        """The played index with ``player``'s flipped action replaced by another (drawn if > 2)."""
        levels, low, mask = self.levels[player], self.lows[player], self.masks[player]
        if levels == 2:
            return index ^ (1 << low)
        action = ((index & mask) >> low) + int(self.rng.integers(1, levels))
        return (index & ~mask) | ((action % levels) << low)


def _look_up(table: np.ndarray, look_ups: int):
    """``table[i]`` as a Python int: a list's index when the table is small beside the look-ups."""
    return table.tolist().__getitem__ if table.size <= 4 * look_ups else table.item
