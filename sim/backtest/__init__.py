"""``python -m sim.backtest``: the command shell of :mod:`sim.analysis.backtest`."""
