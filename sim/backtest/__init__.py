"""``python -m sim.backtest``: the command shell of :mod:`sim.cli.backtest` (``main`` is
re-exported for callers of ``sim.backtest.main(argv)``)."""

from sim.cli.backtest import main

__all__ = ["main"]
