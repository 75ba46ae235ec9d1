"""Figures of the uncertainty analyses, drawn from their result records (never from models).

:func:`tornado_figure` takes a :class:`sim.analysis.uncertainty.Tornado`, :func:`outcomes_figure` a
:class:`sim.analysis.uncertainty.MonteCarloResult`; both return a matplotlib ``Figure`` built with
the object API (no pyplot state), in the Okabe-Ito palette that colour-blind readers can
tell apart. :func:`write_figures` saves them (PNG and SVG) and the printed summary,
atomically, in an explicit folder.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import numpy as np
from matplotlib import rc_context
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from sim.report.plots import OUTCOME_COLOURS, save_figure
from sim.io.safe_files import write_atomic
from sim.solve.outcome_classes import OUTCOME_WORDS
from sim.analysis.uncertainty import MonteCarloResult, Tornado, TornadoBar

LOW_END = "#0072B2"  # Okabe-Ito blue: the input at the low end of its range
HIGH_END = "#E69F00"  # Okabe-Ito orange: the input at the high end
JAPAN_LABEL = "Japan under tariffs: conceding minus resisting (US$ bn a year)"
#: Fixed salt of the SVG element ids, so that the same run writes byte-identical files.
SVG_SALT = "gaiatsu-uncertainty"
US_LABEL = "US against resistance: tariffs minus refraining (US$ bn a year)"


def tornado_figure(result: Tornado) -> Figure:
    """Both margins with each input at the ends of its range: Japan's left, the US's right.

    Bars start at the point estimate (dashed line); the solid line at 0 is where a side
    switches: Japan between resisting (left) and conceding (right) under tariffs, the US
    between refraining (left) and carrying out tariffs (right) against resistance; a bar
    end across that line is ringed. Under each input's name, the outcome class at an end
    where it differs from the point estimate's. Rows are sorted by the swing of Japan's
    margin.
    """
    bars = result.bars
    figure = Figure(figsize=(12.5, 1.6 + 0.55 * max(len(bars), 1)), layout="constrained")
    japan_ax, us_ax = figure.subplots(1, 2, sharey=True, width_ratios=[1.2, 1.0])
    panels = (
        (japan_ax, result.point_margin, lambda b: (b.margin_low, b.margin_high), JAPAN_LABEL),
        (us_ax, result.point_us_margin, lambda b: (b.us_margin_low, b.us_margin_high), US_LABEL),
    )
    for ax, point, ends, label in panels:
        for row, bar in enumerate(bars):
            _draw_bar(ax, len(bars) - 1 - row, ends(bar), point)
        _margin_axes(ax, point, label)
    japan_ax.set_yticks(range(len(bars)), [_bar_label(bar, result.point_outcome) for bar in reversed(bars)], fontsize=8)
    japan_ax.set_ylim(-0.7, len(bars) - 0.3)
    japan_ax.set_ylabel("input [range, canonical unit]", fontsize=9)
    figure.legend(handles=_tornado_legend(result), fontsize=8, loc="outside lower center", ncol=4, frameon=False)
    figure.suptitle(_title("Tornado", result.title, result.japan, result.us), fontsize=10, x=0.01, ha="left")
    return figure


def _draw_bar(ax, y: float, margins: tuple[float, float], point: float) -> None:
    """Two half-bars from the point estimate to the margins at the low and high end."""
    for margin, colour in zip(margins, (LOW_END, HIGH_END)):
        ax.barh(y, margin - point, left=point, height=0.62, color=colour, alpha=0.9)
        if (margin > 0) != (point > 0):
            ax.plot(
                [margin],
                [y],
                marker="o",
                markersize=8,
                markerfacecolor="none",
                markeredgecolor="black",
                markeredgewidth=1.4,
            )


def _margin_axes(ax, point: float, label: str) -> None:
    ax.axvline(0.0, color="black", linewidth=1.0)
    ax.axvline(point, color="#555555", linestyle="--", linewidth=1.0)
    ax.set_xlabel(label, fontsize=9)
    ax.grid(axis="x", color="#DDDDDD", linewidth=0.6)
    ax.set_axisbelow(True)


def _bar_label(bar: TornadoBar, point_outcome: int) -> str:
    """The input, its range, and the outcome class at each end where it changes."""
    changes = [
        f"{end} end: {OUTCOME_WORDS[code]}"
        for end, code in (("low", bar.outcome_low), ("high", bar.outcome_high))
        if code != point_outcome
    ]
    label = f"{bar.name} [{bar.low:g}, {bar.high:g} {bar.unit}]"
    return "\n".join([label, *changes])


def _tornado_legend(result: Tornado) -> list:
    from matplotlib.lines import Line2D

    return [
        Patch(color=LOW_END, label="input at the low end"),
        Patch(color=HIGH_END, label="input at the high end"),
        Line2D([], [], color="#555555", linestyle="--", label=f"point estimate: {OUTCOME_WORDS[result.point_outcome]}"),
        Line2D(
            [],
            [],
            marker="o",
            linestyle="none",
            markerfacecolor="none",
            markeredgecolor="black",
            label="that side's best reply switches",
        ),
    ]


def outcomes_figure(result: MonteCarloResult) -> Figure:
    """Share of the draws in each outcome class that occurred, with 95% intervals."""
    codes = [code for code, count in enumerate(result.counts) if count]
    shares = np.array([result.frequencies[code] for code in codes])
    errors = 1.96 * np.sqrt(shares * (1 - shares) / result.draws)
    figure = Figure(figsize=(8.5, 1.6 + 0.55 * len(codes)), layout="constrained")
    ax = figure.add_subplot()
    rows = np.arange(len(codes))[::-1]
    ax.barh(
        rows,
        shares,
        xerr=errors,
        color=[OUTCOME_COLOURS[c] for c in codes],
        height=0.6,
        error_kw={"ecolor": "black", "capsize": 3, "linewidth": 0.9},
    )
    for row, share, error, code in zip(rows, shares, errors, codes):
        mark = " (point estimate)" if code == result.point_outcome else ""
        inside = share > 0.7  # no room to the right: write inside the bar
        ax.text(
            share - 0.02 if inside else share + error + 0.015,
            row,
            f"{100 * share:.1f}%{mark}",
            va="center",
            ha="right" if inside else "left",
            fontsize=8.5,
        )
    ax.set_yticks(rows, [textwrap.fill(OUTCOME_WORDS[c], 28) for c in codes], fontsize=8.5)
    ax.set_xlim(0, 1)
    ax.set_xlabel(f"share of the {result.draws} draws (fraction; whiskers: 95% interval)", fontsize=9)
    ax.set_ylabel("equilibrium of the stage game", fontsize=9)
    ax.grid(axis="x", color="#DDDDDD", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.set_title(
        _title(
            f"Monte Carlo, {result.distribution} over {len(result.inputs)} ranges",
            result.title,
            result.japan,
            result.us,
        ),
        fontsize=10,
        loc="left",
    )
    return figure


def _title(kind: str, title: str, japan: str, us: str) -> str:
    return f"{kind}: {textwrap.shorten(title, 70)}\n(japan={japan}, us={us})"


def write_figures(mc: MonteCarloResult, tornado: Tornado, summary: str, out_dir: Path) -> list[Path]:
    """Save both figures (PNG and SVG) and ``summary`` under ``out_dir``; return the paths.

    Files are named after the presets (``tornado__ishiba__trump_2025.png``...), so runs of
    one scenario with different presets share the folder. The same records give
    byte-identical files.
    """
    stem = f"{mc.japan}__{mc.us}"
    out_dir = Path(out_dir)
    with rc_context({"svg.hashsalt": SVG_SALT}):  # SVG ids are random without a fixed salt
        paths = [
            *save_figure(tornado_figure(tornado), out_dir / f"tornado__{stem}"),
            *save_figure(outcomes_figure(mc), out_dir / f"outcomes__{stem}"),
        ]
    summary_path = out_dir / f"summary__{stem}.txt"
    write_atomic(summary_path, summary)
    return [*paths, summary_path]
