"""``python -m sim.estimate``: a command shell; the command is :mod:`sim.cli.estimate`."""

import sys

from sim.cli.arguments import run_cli
from sim.cli.estimate import main

if __name__ == "__main__":
    sys.exit(run_cli(main))
