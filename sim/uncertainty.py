"""``python -m sim.uncertainty``: a command shell; the command is :mod:`sim.cli.uncertainty`."""

import sys

from sim.cli.arguments import run_cli
from sim.cli.uncertainty import main

if __name__ == "__main__":
    sys.exit(run_cli(main))
