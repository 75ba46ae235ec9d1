"""``python -m sim.multirun``: a command shell; the command is :mod:`sim.cli.multirun`."""

import sys

from sim.cli.arguments import run_cli
from sim.cli.multirun import main

if __name__ == "__main__":
    sys.exit(run_cli(main))
