"""``python -m sim.backtest``: a command shell; the command is :mod:`sim.cli.backtest`."""

import sys

from sim.cli.arguments import run_cli
from sim.cli.backtest import main

if __name__ == "__main__":
    sys.exit(run_cli(main))
