"""Dynamics: the repeated game engine (strategies over many rounds, with noise and
discounting), tournaments and evolutionary dynamics.

May import: ``sim.base``, ``sim.data``, ``sim.model``, ``sim.cli.solve``.
"""
