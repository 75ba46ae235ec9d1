"""``python -m sim.play``: a command shell; the command is :mod:`sim.cli.play`."""

import sys

from sim.cli.arguments import run_cli
from sim.cli.play import main

if __name__ == "__main__":
    sys.exit(run_cli(main))
