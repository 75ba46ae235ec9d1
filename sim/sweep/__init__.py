"""``sim.sweep.equilibria_2x2``: a re-export of the vectorised 2x2 engine
(:func:`sim.solve.engine2x2.equilibria_2x2`)."""

from sim.solve.engine2x2 import Equilibria2x2, equilibria_2x2

__all__ = ["Equilibria2x2", "equilibria_2x2"]
