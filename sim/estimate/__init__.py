"""Estimating the crisis game of Lewis & Schultz (2003) on real sanction data.

One module per responsibility:

* :mod:`~sim.estimate.spec`: the specification file and its data -> :class:`Design`;
* :mod:`~sim.estimate.model`: the game's probabilities and likelihood, vectorised over games;
* :mod:`~sim.estimate.gradients`: their exact derivatives;
* :mod:`~sim.estimate.equilibria`: every fixed point ``p_R = Psi(p_R)`` of each game;
* :mod:`~sim.estimate.firststage`, :mod:`~sim.estimate.pl`, :mod:`~sim.estimate.npl`,
  :mod:`~sim.estimate.cmle`: the estimators; :mod:`~sim.estimate.stderr` their standard
  errors; :mod:`~sim.estimate.fit` chooses (``default``: best verified equilibrium);
* :mod:`~sim.io.estimate_output`, :mod:`~sim.report.estimate_figures`, :mod:`~sim.estimate.statics`:
  what ``python -m sim.estimate`` prints, writes and draws;
* :mod:`~sim.estimate.shipped`, :mod:`~sim.estimate.bridge`: the shipped fit and what it
  implies for a scenario; :mod:`~sim.estimate.simulate`: data from known coefficients.

See docs/estimation.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sim.estimate.spec import Design, load_design

if TYPE_CHECKING:
    import numpy as np

    from sim.data.scenario import Scenario

__all__ = ["Design", "forecast_classes", "load_design"]


def forecast_classes(scenario: Scenario) -> np.ndarray:
    """The record-based forecast of ``scenario`` over the case library's outcome classes.

    The hook ``sim.analysis.forecast_fit.record_based_forecast`` scores it as the ``record_based``
    baseline; see :func:`sim.estimate.bridge.forecast_classes`.
    """
    from sim.estimate.bridge import forecast_classes as _forecast

    return _forecast(scenario)
