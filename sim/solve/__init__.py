"""Solvers: Nash equilibria of bimatrix games, quantal response equilibria, bargaining
solutions and the work budgets that bound them; arrays in, checked records out.

May import: ``sim.base``, ``sim.data``, ``sim.model``.
``python -m sim.solve`` (``sim/solve/__main__.py``) is a command shell that calls
:mod:`sim.cli.solve`.
"""
