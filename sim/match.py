"""``python -m sim.match``: a command shell; the command is :mod:`sim.cli.match`."""

import sys

from sim.cli.arguments import run_cli
from sim.cli.match import main

if __name__ == "__main__":
    sys.exit(run_cli(main))
