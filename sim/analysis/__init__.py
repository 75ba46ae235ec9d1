"""Analyses built from the model and the solvers: sweeps over parameter grids, tipping
points, equilibrium maps, uncertainty, the backtest and the forecasts, the deal and the
leader comparison.

May import: ``sim.base``, ``sim.data``, ``sim.model``, ``sim.cli.solve``, ``sim.dynamics``,
``sim.estimate``. Never io, report or cli; no matplotlib, pyarrow or hydra.
"""
