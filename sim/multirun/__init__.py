"""``python -m sim.multirun`` and the Hydra callback ``sim.multirun.MergeMultirun`` named in
``conf/hydra/default.yaml``: a re-export of :mod:`sim.cli.multirun`."""

from sim.cli.multirun import MergeMultirun, main

__all__ = ["MergeMultirun", "main"]
