"""Figures of an estimation, drawn from records (they never estimate or solve).

* :func:`shares_figure`: observed against predicted outcome shares, over all games
  (months-weighted) and for the US-Japan rows decade by decade.
* :func:`statics_figure`: comparative statics of the outcome probabilities in one
  covariate, every equilibrium branch drawn (:class:`sim.estimate.statics.Statics`).
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from sim.estimate.statics import Statics

OUTCOMES = ("status quo", "B concedes", "A stands firm", "A backs down")
OBSERVED, PREDICTED = "#0072B2", "#E69F00"  # Okabe-Ito blue and orange
BRANCH_COLOURS = ("#000000", "#0072B2", "#D55E00", "#009E73")


def shares_figure(panels: list[tuple[str, np.ndarray, np.ndarray]]) -> Figure:
    """One bar panel per ``(title, observed counts (4,), predicted counts (4,))``."""
    figure = Figure(figsize=(3.2 * len(panels) + 1, 3.6), layout="constrained")
    axes = figure.subplots(1, len(panels), sharey=True, squeeze=False)[0]
    x = np.arange(4)
    for ax, (title, observed, predicted) in zip(axes, panels):
        total = max(observed.sum(), 1e-12)
        ax.bar(x - 0.2, observed / total, 0.4, color=OBSERVED, label="observed")
        ax.bar(x + 0.2, predicted / max(predicted.sum(), 1e-12), 0.4, color=PREDICTED, label="predicted")
        ax.set_yscale("log")
        ax.set_xticks(x, ["SQ", "CD", "SF", "BD"])
        ax.set_title(f"{title}\n({observed.sum():.0f} months)", fontsize=9)
    axes[0].set_ylabel("share of months (log scale)")
    axes[0].legend(fontsize=8, frameon=False)
    figure.suptitle(
        "Observed and predicted outcomes (SQ status quo, CD target concedes, SF challenger stands firm, BD backs down)",
        fontsize=10,
    )
    return figure


def statics_figure(statics: Statics) -> Figure:
    """``p_R`` and the four outcome probabilities against the covariate, one dot per equilibrium."""
    figure = Figure(figsize=(10, 3.8), layout="constrained")
    left, right = figure.subplots(1, 2)
    values = np.array([p.value for p in statics.points])
    resist = np.array([p.p_resist for p in statics.points])
    branch = _branch_index(statics)
    several = branch.max(initial=0) > 0
    for k in range(branch.max(initial=0) + 1):
        mine = branch == k
        left.plot(
            values[mine],
            resist[mine],
            ".",
            markersize=3,
            color=BRANCH_COLOURS[k % 4],
            label=f"equilibrium {k + 1}" if several else "equilibrium",
        )
    left.axvline(statics.observed, color="#999999", linestyle=":", label="observed value")
    left.set(xlabel=statics.covariate, ylabel="p_R: Pr(target resists)", ylim=(0, 1))
    left.legend(fontsize=8, frameon=False)
    for name, colour in zip(("p_sq", "p_cd", "p_sf", "p_bd"), BRANCH_COLOURS):
        y = np.array([getattr(p, name) for p in statics.points])
        right.plot(values, y, ".", markersize=3, color=colour, label=name)
    right.axvline(statics.observed, color="#999999", linestyle=":")
    right.set(xlabel=statics.covariate, ylabel="probability per month", yscale="log")
    right.legend(fontsize=8, frameon=False)
    figure.suptitle(
        f"Game {statics.game_id}: equilibria as {statics.covariate} varies"
        + (" (several branches)" if several else " (one equilibrium throughout)"),
        fontsize=10,
    )
    return figure


def _branch_index(statics: Statics) -> np.ndarray:
    """0 for the lowest ``p_R`` at each covariate value, 1 for the next, and so on."""
    index, last, rank = [], None, 0
    for point in statics.points:
        rank = rank + 1 if point.value == last else 0
        index.append(rank)
        last = point.value
    return np.array(index, dtype=int)
