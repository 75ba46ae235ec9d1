"""The outcome classes of the 2x2 stage game, as codes, names and words: the unique pure
equilibrium ``(i, j)`` (code ``2 * i + j``), only a completely mixed equilibrium, two pure
and a mixed one, or a degenerate game (ties). Index 0 is each side's cooperative action
(US refrains; Japan concedes)."""

from __future__ import annotations

import numpy as np

from sim.solve.engine2x2 import Equilibria2x2


#: Outcome codes of :func:`outcome_class`: 0-3 the unique pure equilibrium ``(i, j)`` as
#: ``2 * i + j``, then only a completely mixed one, two pure plus a mixed one, degenerate.
OUTCOMES = ("refrain/concede", "refrain/resist", "tariff/concede", "tariff/resist", "mixed", "multiple", "degenerate")


#: The outcomes in words, indexed by code.
OUTCOME_WORDS = (
    "Japan concedes / US refrains",
    "Japan resists / US refrains",
    "Japan concedes / US imposes",
    "Japan resists / US imposes",
    "mixed",
    "two pure equilibria and a mixed one",
    "degenerate (ties): use the general solver",
)
MIXED, MULTIPLE, DEGENERATE = 4, 5, 6


def outcome_class(equilibria: Equilibria2x2) -> np.ndarray:
    """One code per game (``int8``): the unique pure equilibrium or what else holds.

    ``2 * i + j`` for a unique pure equilibrium ``(i, j)`` (0 refrain/concede, 1
    refrain/resist, 2 tariff/concede, 3 tariff/resist), :data:`MIXED` when only the
    completely mixed one exists, :data:`MULTIPLE` for two pure and a mixed one,
    :data:`DEGENERATE` for games with ties. Names: :data:`OUTCOMES`, words:
    :data:`OUTCOME_WORDS`.
    """
    cells = [equilibria.pure[..., i, j].view(np.uint8) for i in (0, 1) for j in (0, 1)]
    count = cells[0] + cells[1] + cells[2] + cells[3]
    which = cells[1] + 2 * cells[2] + 3 * cells[3]  # the cell, when only one is marked
    code = np.where(count == 1, which, np.where(count == 0, MIXED, MULTIPLE))
    return np.where(equilibria.degenerate, DEGENERATE, code).astype(np.int8)


def outcome_words(codes) -> np.ndarray:
    """The words of :data:`OUTCOME_WORDS` for an array of :func:`outcome_class` codes."""
    return np.asarray(OUTCOME_WORDS)[np.asarray(codes)]
