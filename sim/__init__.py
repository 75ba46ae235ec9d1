"""Gaiatsu: a game-theoretic negotiation simulator of US trade coercion against Japan.

Data flows one way: scenario YAML -> :class:`sim.scenario.Scenario` -> payoff matrices
(:mod:`sim.payoffs`) -> equilibria (:mod:`sim.solvers`) -> result records
(:mod:`sim.results`) -> summary text and figures (:mod:`sim.report`, :mod:`sim.plots`).
"""

__version__ = "0.1.0"
