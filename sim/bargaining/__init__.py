"""``sim.bargaining.rubinstein``: a re-export of :func:`sim.solve.bargaining.rubinstein`."""

from sim.solve.bargaining import rubinstein

__all__ = ["rubinstein"]
