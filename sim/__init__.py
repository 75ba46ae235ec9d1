"""Gaiatsu: a game-theoretic negotiation simulator of US trade coercion against Japan.

Data flows one way: scenario YAML -> :class:`sim.data.scenario.Scenario` -> payoff matrices
(:mod:`sim.model.payoffs`) -> equilibria (:mod:`sim.solve.solvers`) -> result records
(:mod:`sim.io.results`) -> summary text and figures (:mod:`sim.report.summary`, :mod:`sim.report.plots`).
"""

__version__ = "0.1.0"
