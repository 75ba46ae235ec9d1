"""``python -m sim.uncertainty``: a command shell; the command is :mod:`sim.analysis.uncertainty`."""

import sys

from sim.base.errors import run_cli
from sim.analysis.uncertainty import main

if __name__ == "__main__":
    sys.exit(run_cli(main))
