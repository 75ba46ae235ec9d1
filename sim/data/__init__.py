"""The data layer: scenario files read into frozen values, leader presets, the
historical case library, provenance of every number, and the registry of repeated-game
strategies.

May import: ``sim.base``. Never io, report or cli; no matplotlib, pyarrow or hydra.
"""
