"""Records and files: the result records of a run, their JSON and tidy tables, Gambit
game files, a named sweep's store, and the one atomic writer (:mod:`sim.io.safe_files`).

May import: every core layer (``base``, ``data``, ``model``, ``solve``, ``dynamics``,
``estimate``, ``analysis``). Never report or cli; no matplotlib or hydra.
"""
