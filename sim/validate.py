"""``python -m sim.validate``: a command shell; the command is :mod:`sim.cli.validate`."""

import sys

from sim.cli.arguments import run_cli
from sim.cli.validate import main

if __name__ == "__main__":
    sys.exit(run_cli(main))
