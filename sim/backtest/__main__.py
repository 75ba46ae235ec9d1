"""``python -m sim.backtest``: a command shell; the command is :mod:`sim.analysis.backtest`."""

import sys

from sim.base.errors import run_cli
from sim.analysis.backtest import main

if __name__ == "__main__":
    sys.exit(run_cli(main))
