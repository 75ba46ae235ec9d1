"""Commands: the Hydra app's job, the plain commands (solve, match, validate, catalog,
play, backtest, estimate, uncertainty, multirun) and the main job that writes a run's files.
The only layer that imports hydra and argparse; the entry-point modules (``sim/__main__.py``,
``sim/solve/__main__.py`` ...) only call into it.

May import: everything.
"""
