"""``python -m sim.catalog``: a command shell; the command is :mod:`sim.cli.catalog`."""

import sys

from sim.cli.arguments import run_cli
from sim.cli.catalog import main

if __name__ == "__main__":
    sys.exit(run_cli(main))
