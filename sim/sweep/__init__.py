"""``sim.sweep.equilibria_2x2``: a re-export of the vectorised 2x2 engine
(:func:`sim.analysis.sweep.equilibria_2x2`)."""

from sim.analysis.sweep import Equilibria2x2, equilibria_2x2

__all__ = ["Equilibria2x2", "equilibria_2x2"]
