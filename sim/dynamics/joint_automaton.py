"""The product of two players' automata, coded so that a turn of a match is one table look-up.

A *code* packs both players' states and the actions they intend into bit fields,
``(s_r S_c + s_c) << (b_r + b_c) | a_r << b_c | a_c``, with ``b_r``, ``b_c`` bits for the
row's ``n`` and the column's ``m`` actions and ``S_c`` the column's number of states.
After generous moves and noise have changed the action fields the code is the *played
index*, and ``table[index]`` is the next code (both automata moved on by what was
played); the played actions are read back with shifts and masks. The engine
(:mod:`sim.dynamics.repeated`) steps many matches with numpy, one match in plain Python
(:mod:`sim.dynamics.single_match`), over the same table.

>>> from sim.data.strategies import REGISTRY
>>> joint = JointAutomaton(*(REGISTRY[name].automaton(2, 2) for name in ("tit_for_tat", "always_defect")))
>>> joint.initial_code, int(joint.table[joint.initial_code])  # (C, D), then state D: 1 << 2 | D << 1 | D
(1, 7)
"""

from __future__ import annotations

import numpy as np

from sim.data.strategies import Automaton


class JointAutomaton:
    """The coded product of a row and a column automaton (see the module docstring).

    Attributes
    ----------
    n, m : int
        The row's and the column's number of actions.
    col_bits, shift : int
        Bits of the column's action field; bits of both action fields.
    table : unsigned int array (codes,)
        ``table[index]``: the next code after the played index.
    initial_code : int
        The code of the first round.
    stochastic : bool
        Whether a state of either player is generous.
    generosity : (float array, float array)
        The row's and the column's probability of playing 0 instead, by code.

    The arrays are read-only.
    """

    def __init__(self, row: Automaton, col: Automaton):
        self.n, self.m = row.transitions.shape[1], col.transitions.shape[1]
        self.col_bits = _bits(self.m)
        self.shift = _bits(self.n) + self.col_bits
        states_c = len(col.actions)
        s_r, s_c = np.divmod(np.arange(len(row.actions) * states_c), states_c)
        a_r, a_c = np.arange(self.n)[None, :, None], np.arange(self.m)[None, None, :]
        table = np.zeros((len(s_r), 1 << _bits(self.n), 1 << self.col_bits), dtype=np.intp)
        table[:, : self.n, : self.m] = self._code(
            row,
            col,
            row.transitions[s_r[:, None, None], a_r, a_c],
            col.transitions[s_c[:, None, None], a_c, a_r],
            states_c,
        )
        self.table = table.ravel().astype(_smallest_uint(table.size))
        self.initial_code = int(self._code(row, col, row.initial_state, col.initial_state, states_c))
        self.stochastic = row.stochastic or col.stochastic
        self.generosity = tuple(np.repeat(g, 1 << self.shift) for g in (row.generosity[s_r], col.generosity[s_c]))
        for array in (self.table, *self.generosity):
            array.setflags(write=False)  # shared: the engine keeps one per pair and game shape

    def _code(self, row, col, s_r, s_c, states_c):
        return (
            ((s_r * states_c + s_c) << self.shift)
            | (row.actions[s_r].astype(np.intp) << self.col_bits)
            | col.actions[s_c]
        )

    def forgive(self, index: np.ndarray, rng: np.random.Generator) -> None:
        """Generous states play action 0 with their probability (row, then column)."""
        for player, generosity in enumerate(self.generosity):
            where = np.flatnonzero(rng.random(len(index)) < generosity.take(index))
            index[where] &= ~self.mask(player)

    def perturb(
        self, index: np.ndarray, row_flips: np.ndarray, col_flips: np.ndarray, rng: np.random.Generator
    ) -> None:
        """Replace the flipped actions by a uniformly drawn different action."""
        for player, where in enumerate((row_flips, col_flips)):
            levels, low = (self.n, self.col_bits) if player == 0 else (self.m, 0)
            if levels == 2:
                index[where] ^= index.dtype.type(1 << low)
                continue
            current = index[where]
            action = (current & self.mask(player)) >> low
            shift = rng.integers(1, levels, size=len(where))
            index[where] = (current & ~self.mask(player)) | (((action + shift) % levels) << low)

    def mask(self, player: int):
        """The bits of player ``player``'s action field (0: row, 1: column), in the table's dtype."""
        bits = self.shift - self.col_bits if player == 0 else self.col_bits
        low = self.col_bits if player == 0 else 0
        return self.table.dtype.type(((1 << bits) - 1) << low)

    def decode(self, played: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The row's and column's actions (uint8) from played indices."""
        row = (played & self.mask(0)) >> self.table.dtype.type(self.col_bits)
        col = played & self.mask(1)
        return row.astype(np.uint8, copy=False), col.astype(np.uint8, copy=False)


def _bits(levels: int) -> int:
    """Bits that hold an action index ``0 .. levels - 1``."""
    return max(1, (levels - 1).bit_length())


def _smallest_uint(size: int):
    for dtype in (np.uint8, np.uint16, np.uint32):
        if size <= np.iinfo(dtype).max + 1:
            return dtype
    return np.intp
