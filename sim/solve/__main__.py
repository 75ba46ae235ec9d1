"""``python -m sim.solve``: a command shell; the command is :mod:`sim.cli.solve`."""

import sys

from sim.cli.arguments import run_cli
from sim.cli.solve import main

if __name__ == "__main__":
    sys.exit(run_cli(main))
