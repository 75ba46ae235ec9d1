"""The Hydra callback ``sim.run_folder.RunFolder`` named in ``conf/hydra/default.yaml``: a
re-export of :mod:`sim.cli.run_folder`."""

from sim.cli.run_folder import RunFolder

__all__ = ["RunFolder"]
