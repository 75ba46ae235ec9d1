"""Figures of the seminar pack, drawn from result records for a projector and for paper.

One message per figure, plain-language labels, and text no smaller than
:data:`MIN_POINTS` at the size the figure is made: a figure ``width`` inches wide at
:data:`DPI` shows every letter at least ``MIN_POINTS * DPI / 72`` pixels tall when the page
displays it at its natural width (the report never stretches a figure beyond that; the
page measures it, see :mod:`sim.report.document`). Each PNG records its smallest text in pixels
(the ``min_text_px`` text chunk) so the page can check it as displayed.

Nothing here computes a model: figures read :class:`sim.io.records.RunResult` records.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from typing import TYPE_CHECKING

from sim.solve.outcome_classes import OUTCOME_WORDS
from sim.io.records import RunResult
from sim.report.document import Figure as FigureBlock, Paragraph
from sim.report.plots import (
    OUTCOME_COLOURS,
    draw_map_regions,
    draw_other_positions,
    draw_tipping_lines,
    leader_markers,
    new_figure,
    save_figure,
)

if TYPE_CHECKING:
    from matplotlib.figure import Figure

DPI = 130
MIN_POINTS = 10.0
BIG = 12.0
CONCEDE = "#0072B2"
RESIST = "#D55E00"
PATH = "#000000"
OFF_PATH = "#AAAAAA"


def short(result: RunResult) -> str:
    """``Ishiba: Ishiba at the White House ...`` wrapped for a panel title."""
    leader = result.japan_label.split(":")[0].replace("PM ", "")
    return textwrap.fill(f"{leader}: {result.scenario_title}", 44)


def save_png(figure: Figure, path: Path, formats=("png",)) -> Path:
    """Save ``figure`` as the PNG ``path`` recording its smallest text (and as each other
    format of ``formats`` beside it), with deterministic bytes, atomically."""
    from matplotlib.text import Text as MplText

    sizes = [float(t.get_fontsize()) for t in figure.findobj(MplText) if t.get_visible() and t.get_text().strip()]
    smallest = min(sizes, default=MIN_POINTS) * DPI / 72
    save_figure(figure, Path(path).with_suffix(""), formats, {"min_text_px": f"{smallest:.2f}"})
    return Path(path)


#: Where a figure would be when the run drew none (``output.figures=false``).
NOT_DRAWN = "Figure not drawn: this run was made with output.figures=false ({alt})."


def figure_block(path: Path, alt: str, caption: tuple = ()) -> FigureBlock | Paragraph:
    """The page's block for the PNG ``path``: the figure with its smallest text, or a line
    saying it was not drawn when the run drew no figures (the file is absent)."""
    if not Path(path).exists():
        return Paragraph((NOT_DRAWN.format(alt=alt),), css="note")
    return FigureBlock(Path(path), alt, caption, min_text_px(path))


def min_text_px(path: Path) -> float | None:
    """The ``min_text_px`` a PNG records (None when it records none)."""
    from PIL import Image

    with Image.open(path) as image:
        value = image.info.get("min_text_px")
    return float(value) if value else None


# -- the threat game as a tree ---------------------------------------------------------


def threat_tree_figure(runs: list[RunResult], width: float = 10.0) -> Figure:
    """The threat game drawn as a tree for each run, the equilibrium path in bold."""
    columns = 2 if len(runs) > 1 else 1
    rows = -(-len(runs) // columns)
    figure = new_figure(figsize=(width, 2.6 * rows + 0.8), layout="constrained")
    axes = figure.subplots(rows, columns, squeeze=False).flat
    for k, ax in enumerate(axes):
        if k < len(runs):
            draw_tree(ax, runs[k])
        else:
            ax.set_visible(False)
    figure.suptitle("The threat game (bold: the equilibrium path when Japan knows the US is resolved)", fontsize=BIG)
    return figure


def draw_tree(ax, result: RunResult) -> None:
    """Nodes left to right; leaves carry (US, Japan); the subgame-perfect path is bold."""
    A, B = result.us_payoffs, result.japan_payoffs
    path = result.analysis("sequential").spe_path
    nodes = {"us": (0.0, 0.5), "japan": (1.0, 0.72), "us2": (2.0, 0.5)}
    leaves = {
        "no threat": ((1.0, 0.1), (0.0, 0.0)),
        "concede": ((2.0, 0.95), (A[0][0], B[0][0])),
        "carry out": ((3.0, 0.72), (A[1][1], B[1][1])),
        "back down": ((3.0, 0.28), (A[0][1], B[0][1])),
    }
    edges = [
        ("us", "no threat", "no threat", "no threat" in path),
        ("us", "japan", "threaten", "threaten" in path),
        ("japan", "concede", "concede", "concede" in path),
        ("japan", "us2", "resist", "resist" in path),
        ("us2", "carry out", "carry out", "carry out" in path),
        ("us2", "back down", "back down", "back down" in path),
    ]
    where = {**nodes, **{name: xy for name, (xy, _) in leaves.items()}}
    for start, end, label, on_path in edges:
        (x0, y0), (x1, y1) = where[start], where[end]
        ax.plot([x0, x1], [y0, y1], color=PATH if on_path else OFF_PATH, linewidth=3.2 if on_path else 1.2, zorder=1)
        rising = y1 >= y0
        ax.text(
            (x0 + x1) / 2 + (-0.08 if rising else 0.1),
            (y0 + y1) / 2 + (0.04 if rising else -0.04),
            label,
            ha="center",
            va="bottom" if rising else "top",
            fontsize=MIN_POINTS + 1,
            color=PATH if on_path else "#555555",
            fontweight="bold" if on_path else "normal",
        )
    for name, (x, y) in nodes.items():
        ax.plot([x], [y], "o", markersize=22, color="#14213d", zorder=2)
        ax.text(
            x,
            y,
            "US" if name.startswith("us") else "JP",
            ha="center",
            va="center",
            color="white",
            fontsize=MIN_POINTS,
            fontweight="bold",
            zorder=3,
        )
    for _name, ((x, y), (us, japan)) in leaves.items():
        ax.text(
            x + 0.08,
            y,
            f"US {us:.1f}\nJP {japan:.1f}",
            ha="left",
            va="center",
            fontsize=MIN_POINTS + 1,
            bbox={"facecolor": "#F2F2F2", "edgecolor": "#BBBBBB"},
        )
    ax.set_xlim(-0.2, 4.0)
    ax.set_ylim(0.0, 1.08)
    ax.axis("off")
    ax.set_title(short(result), fontsize=BIG, loc="left")


# -- the threat game as a belief line ---------------------------------------------------


def belief_figure(runs: list[RunResult], width: float = 10.0) -> Figure:
    """Each run on one line of belief in US resolve: where Japan switches, where it stands."""
    figure = new_figure(figsize=(width, 0.9 * len(runs) + 1.9), layout="constrained")
    ax = figure.add_subplot()
    for row, result in enumerate(runs):
        pbe = result.analysis("sequential").pbe
        mu = pbe.threshold
        y = len(runs) - 1 - row
        ax.barh(y, 1.0, left=0.0, height=0.5, color="#F2F2F2", edgecolor="#BBBBBB")
        if mu is not None and 0 <= mu <= 1:
            ax.barh(y, 1.0 - mu, left=mu, height=0.5, color=CONCEDE, alpha=0.35)
            ax.text(mu, y + 0.32, f"switch at {mu:.2f}", ha="center", va="bottom", fontsize=MIN_POINTS)
            note = ""
        elif mu is None:
            note = "belief does not matter"
            if pbe.concede >= 1:
                ax.barh(y, 1.0, left=0.0, height=0.5, color=CONCEDE, alpha=0.35)
        elif mu > 1:
            note = "no belief makes Japan concede"
        else:
            note = "Japan concedes whatever it believes"
            ax.barh(y, 1.0, left=0.0, height=0.5, color=CONCEDE, alpha=0.35)
        ax.plot([pbe.prior], [y], "D", color="black", markersize=9)
        ax.text(
            1.02,
            y,
            f"concedes with probability {pbe.concede:.2f}" + (f"\n({note})" if note else ""),
            va="center",
            fontsize=MIN_POINTS,
        )
    ax.set_yticks(range(len(runs))[::-1], [short(r) for r in runs], fontsize=MIN_POINTS)
    ax.set_xlim(0, 1)
    ax.set_xlabel(
        "Japan's belief that the US will carry out its threat (diamond: the US "
        "preset's prior; shaded: Japan concedes outright)",
        fontsize=MIN_POINTS,
    )
    ax.tick_params(labelsize=MIN_POINTS)
    ax.set_title("Is the threat credible enough? Where Japan switches to conceding", fontsize=BIG, loc="left")
    return figure


# -- bargaining ----------------------------------------------------------------------


def deal_figure(runs: list[RunResult], width: float = 10.0) -> Figure:
    """Each run's bargained concession by solution, against its domestic win-set cap."""
    figure = new_figure(figsize=(width, 0.8 * len(runs) + 1.9), layout="constrained")
    ax = figure.add_subplot()
    marks = (
        ("nash", "o", "Nash, equal weights"),
        ("nash_patience", "s", "Nash, patience"),
        ("rubinstein", "D", "Rubinstein, US proposes"),
    )
    for row, result in enumerate(runs):
        y = len(runs) - 1 - row
        deal = result.deal
        if deal is None or deal.nash is None:
            ax.text(0.02, y, f"no deal: {deal.note if deal else 'not computed'}", va="center", fontsize=MIN_POINTS)
            continue
        ax.plot([deal.win_set_cap] * 2, [y - 0.35, y + 0.35], color=RESIST, linewidth=3)
        for k, (name, marker, _) in enumerate(marks):
            bargain = getattr(deal, name)
            ax.plot(
                [bargain.concession],
                [y + (k - 1) * 0.18],
                marker,
                color=CONCEDE,
                markersize=9,
                markerfacecolor="white" if k < 2 else CONCEDE,
            )
    from matplotlib.lines import Line2D

    handles = [
        Line2D(
            [],
            [],
            linestyle="none",
            marker=m,
            color=CONCEDE,
            markersize=9,
            markerfacecolor="white" if k < 2 else CONCEDE,
        )
        for k, (_, m, _) in enumerate(marks)
    ]
    handles.append(Line2D([], [], color=RESIST, linewidth=3))
    ax.figure.legend(
        handles,
        [label for _, _, label in marks] + ["domestic win-set cap"],
        fontsize=MIN_POINTS,
        loc="outside lower center",
        ncol=2,
        frameon=False,
    )
    ax.set_yticks(range(len(runs))[::-1], [short(r) for r in runs], fontsize=MIN_POINTS)
    ax.set_xlim(-0.02, 1.02)
    ax.set_xlabel("share of the US demand Japan concedes in the deal", fontsize=MIN_POINTS)
    ax.tick_params(labelsize=MIN_POINTS)
    ax.grid(axis="x", color="#DDDDDD")
    ax.set_title("How much Japan gives in a deal, and whether its parliament caps it", fontsize=BIG, loc="left")
    return figure


# -- Japan's incentives --------------------------------------------------------------


def incentives_figure(runs: list[RunResult], width: float = 10.0) -> Figure:
    """Japan's reasons to concede (right) and to resist (left) under tariffs, per run."""
    figure = new_figure(figsize=(width, 0.85 * len(runs) + 1.9), layout="constrained")
    ax = figure.add_subplot()
    for row, result in enumerate(runs):
        t = result.terms
        y = len(runs) - 1 - row
        cost = (t["concession_cost_to_japan"], t["audience_cost"])
        gain = (t["security_linkage_cost"], t["tariff_saved_by_conceding"])
        ax.barh(y, -cost[0], height=0.55, color=RESIST)
        ax.barh(y, -cost[1], left=-cost[0], height=0.55, color=RESIST, alpha=0.55)
        ax.barh(y, gain[0], height=0.55, color=CONCEDE)
        ax.barh(y, gain[1], left=gain[0], height=0.55, color=CONCEDE, alpha=0.55)
        net = sum(gain) - sum(cost)
        ax.plot([net], [y], "D", color="black", markersize=9)
        ax.text(
            max(sum(gain), 0) + 1.0,
            y,
            f"net {net:+.1f}: " + ("concedes" if net > 0 else "resists"),
            va="center",
            fontsize=MIN_POINTS,
        )
    from matplotlib.patches import Patch

    ax.figure.legend(
        [Patch(color=RESIST), Patch(color=RESIST, alpha=0.55), Patch(color=CONCEDE), Patch(color=CONCEDE, alpha=0.55)],
        ["concession cost", "audience cost", "security risk avoided", "tariff loss avoided"],
        fontsize=MIN_POINTS,
        loc="outside lower center",
        ncol=2,
        frameon=False,
    )
    ax.axvline(0, color="black", linewidth=1)
    ax.set_yticks(range(len(runs))[::-1], [short(r) for r in runs], fontsize=MIN_POINTS)
    ax.set_xlabel(
        "US$ bn a year: left of 0 the cost of conceding, right what conceding avoids (diamond: the net)",
        fontsize=MIN_POINTS,
    )
    ax.tick_params(labelsize=MIN_POINTS)
    ax.margins(x=0.25)
    ax.set_title("Under tariffs, why Japan concedes or resists", fontsize=BIG, loc="left")
    return figure


# -- equilibrium maps --------------------------------------------------------------------


def map_figure(runs: list[RunResult], width: float | None = None, columns: int = 3) -> Figure:
    """Each run's equilibrium map over two inputs, plain labels (``maps.png``, the report's,
    the handout's fourth figure and a multirun's merged maps).

    A panel colours the outcome of the stage game over its two inputs and stars the run's
    own position; dashed lines are the run's single-input tipping points through the star
    (:mod:`sim.analysis.tipping`), and hollow markers, one shape per Japan preset, the other
    runs' positions on the same two axes (their other inputs differ from the panel's, so a
    marker shows where that case sits on these axes, not its outcome). ``width`` defaults
    to 3.4 inches a column, at least 10.
    """
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    runs = [r for r in runs if r.equilibrium_map is not None]
    columns = max(1, min(columns, len(runs)))
    rows = -(-len(runs) // columns)
    width = max(10.0, 3.4 * columns) if width is None else width
    figure = new_figure(figsize=(width, 3.9 * rows + 1.4), layout="constrained")
    axes = figure.subplots(rows, columns, squeeze=False)
    markers = leader_markers(runs)
    for k, ax in enumerate(axes.flat):
        if k >= len(runs):
            ax.set_visible(False)
            continue
        m = runs[k].analysis("equilibrium_map")
        draw_map_regions(ax, m, star_size=18)
        draw_tipping_lines(ax, runs[k])
        draw_other_positions(ax, runs[k], runs, markers)
        ax.set_xlabel(plain(m.x_name, m.x_unit), fontsize=MIN_POINTS)
        ax.set_ylabel(plain(m.y_name, m.y_unit), fontsize=MIN_POINTS)
        ax.tick_params(labelsize=MIN_POINTS)
        ax.set_title(short(runs[k]), fontsize=MIN_POINTS + 1, loc="left")
    used = sorted({int(c) for r in runs for row in r.analysis("equilibrium_map").outcome for c in row})
    handles: list = [Patch(color=OUTCOME_COLOURS[c]) for c in used]
    handles += [
        Line2D([], [], linestyle="none", marker=marker, markerfacecolor="none", markeredgecolor="black")
        for marker in markers.values()
    ]
    figure.legend(
        handles,
        [OUTCOME_WORDS[c] for c in used]
        + [textwrap.fill(f"{label.split(':')[0].replace('PM ', '')}'s runs", 40) for label in markers],
        loc="outside lower center",
        ncol=min(3, len(handles)),
        fontsize=MIN_POINTS,
        frameon=False,
    )
    figure.suptitle(
        "Where the outcome changes: equilibria over two inputs\n"
        "(star: the case; dashed: its tipping points; hollow: the other cases' positions)",
        fontsize=BIG,
    )
    return figure


PLAIN = {
    "auto_tariff_rate": "US tariff on Japanese cars",
    "approval": "cabinet approval",
    "security_dependence": "Japan's dependence on US security",
    "public_support_for_resisting": "public support for resisting",
    "audience_cost_scale": "audience cost scale",
    "resolve_prior": "US resolve prior",
}


def plain(name: str, unit: str = "") -> str:
    """A parameter's plain name with its unit in words (fractions shown as shares)."""
    words = PLAIN.get(name, name.replace("_", " "))
    unit = {"fraction": "share", "USD_bn_per_year": "US$ bn a year", "USD_bn": "US$ bn", "multiplier": "", "": ""}.get(
        unit, unit.replace("_", " ")
    )
    return f"{words} ({unit})" if unit else words


# -- repeated play -------------------------------------------------------------------------


def repeated_figure(runs: list[RunResult], width: float = 10.0) -> Figure:
    """Japan's payoff a round: repeated play of the presets against the one-shot answers."""
    runs = [r for r in runs if r.repeated is not None]
    figure = new_figure(figsize=(width, 0.8 * len(runs) + 2.1), layout="constrained")
    ax = figure.add_subplot()
    marks = (
        ("o", "white", "repeated play of the presets' strategies"),
        ("s", CONCEDE, "refrain-and-concede every round"),
        ("D", RESIST, "the one-shot equilibrium every round"),
    )
    for row, result in enumerate(runs):
        y = len(runs) - 1 - row
        stage = max(eq.col_payoff for eq in result.equilibria)
        repeated = result.analysis("repeated")
        values = (repeated.average[1], result.japan_payoffs[0][0], stage)
        ax.plot([min(values), max(values)], [y, y], color="#BBBBBB", linewidth=2, zorder=1)
        for (marker, face, _), value in zip(marks, values):
            ax.plot([value], [y], marker, markersize=11, markerfacecolor=face, markeredgecolor="black", zorder=2)
        ax.text(
            max(values) + 1.0,
            y,
            f"refrain-and-concede in {repeated.cooperation:.0%} of rounds",
            va="center",
            fontsize=MIN_POINTS,
        )
    from matplotlib.lines import Line2D

    figure.legend(
        [
            Line2D([], [], linestyle="none", marker=m, markersize=10, markerfacecolor=f, markeredgecolor="black")
            for m, f, _ in marks
        ],
        [label for _, _, label in marks],
        loc="outside lower center",
        ncol=2,
        fontsize=MIN_POINTS,
        frameon=False,
    )
    ax.set_yticks(range(len(runs))[::-1], [short(r) for r in runs], fontsize=MIN_POINTS)
    ax.set_xlabel("Japan's payoff a round (US$ bn a year)", fontsize=MIN_POINTS)
    ax.tick_params(labelsize=MIN_POINTS)
    ax.margins(x=0.3)
    ax.grid(axis="x", color="#DDDDDD")
    ax.set_title("Does repetition help Japan? Its payoff a round, three ways", fontsize=BIG, loc="left")
    return figure


# -- next to history -----------------------------------------------------------------------

HISTORY_COLOURS = {
    "concession": "#009E73",
    "us_backs_down": "#56B4E9",
    "concession_under_tariffs": "#E69F00",
    "standoff": "#D55E00",
}


def history_figure(points, width: float = 10.0) -> Figure:
    """Every case and article scenario on its own row (none dropped, labels never overlap):
    Japan's margin under tariffs, and the predicted against the coded concession."""
    from matplotlib.lines import Line2D

    points = sorted(points, key=lambda p: (p.year is None, p.year or 0, p.name))
    figure = new_figure(figsize=(width, 0.3 * len(points) + 2.0), layout="constrained")
    left, right = figure.subplots(1, 2, sharey=True, width_ratios=[1.1, 1])
    for row, p in enumerate(points):
        y = len(points) - 1 - row
        case = p.kind == "case"
        colour = HISTORY_COLOURS.get(p.actual_class if case else p.predicted_class, "#999999")
        left.plot(
            [p.margin_under_tariffs],
            [y],
            "o" if case else "D",
            markersize=10,
            markerfacecolor=colour if case else "white",
            markeredgecolor=colour,
            markeredgewidth=2,
        )
        if p.actual_concession is not None:
            right.plot([p.predicted_concession, p.actual_concession], [y, y], color="#BBBBBB")
            right.plot([p.actual_concession], [y], "o", color="black", markersize=8)
        right.plot(
            [p.predicted_concession],
            [y],
            "o",
            markerfacecolor="white",
            markeredgecolor=CONCEDE,
            markeredgewidth=2,
            markersize=9,
        )
    labels = [
        f"{p.year if p.year is not None else 'undated'}: "
        f"{textwrap.shorten(p.title, 44, placeholder=' ...')}"
        f"{'' if p.kind == 'case' else ' *'}"
        for p in points
    ]
    left.set_yticks(range(len(points))[::-1], labels, fontsize=MIN_POINTS)
    left.axvline(0, color="#555555")
    left.set_xlabel("Japan under tariffs: resist minus\nconcede (US$ bn a year)", fontsize=MIN_POINTS)
    left.margins(x=0.15)
    right.set_xlabel("concession (share of demand):\npredicted hollow, coded filled", fontsize=MIN_POINTS)
    right.set_xlim(-0.03, 1.03)
    for ax in (left, right):
        ax.tick_params(labelsize=MIN_POINTS)
        ax.grid(axis="x", color="#DDDDDD")
    handles = [Line2D([], [], marker="o", linestyle="none", color=c, markersize=9) for c in HISTORY_COLOURS.values()]
    handles.append(
        Line2D([], [], marker="D", linestyle="none", markerfacecolor="white", markeredgecolor="black", markersize=9)
    )
    figure.legend(
        handles,
        [name.replace("_", " ") for name in HISTORY_COLOURS] + ["* article scenario, by prediction"],
        loc="outside lower center",
        ncol=3,
        fontsize=MIN_POINTS,
        frameon=False,
    )
    figure.suptitle("The article scenarios next to the historical cases (what happened, by colour)", fontsize=BIG)
    return figure


#: The report's figures: file stem, maker, what to see (the caption).
REPORT_FIGURES = {
    "fig_incentives": (
        incentives_figure,
        "Bars left of zero are what conceding costs Japan, "
        "bars right of it what conceding avoids; where the diamond sits left "
        "of zero, Japan resists under tariffs.",
    ),
    "fig_tree": (
        threat_tree_figure,
        "Each case's threat game; the bold path is what happens when Japan knows the US is resolved.",
    ),
    "fig_belief": (
        belief_figure,
        "The line is Japan's belief in US resolve; it concedes "
        "outright in the shaded part. Where the diamond (the prior) sits outside "
        "it, a threat is resisted or only sometimes conceded to.",
    ),
    "fig_deal": (
        deal_figure,
        "The markers are the bargaining solutions; the red bar is the "
        "most Japan's parliament would ratify. Markers on the bar: the win-set binds.",
    ),
    "fig_repeated": (
        repeated_figure,
        "Hollow circle right of the diamond: repeated play leaves Japan better off than the one-shot equilibrium.",
    ),
    "maps": (
        map_figure,
        "Colours are outcomes over two inputs; the star is the case, the dashed lines its "
        "tipping points, the hollow markers the other cases. A star near a border means a "
        "small change in that input tips the outcome.",
    ),
    "history": (
        history_figure,
        "Each row is a case (circle, coloured by what happened) or an article "
        "scenario (diamond, by what the model predicts).",
    ),
}


def write_report_figures(results: list[RunResult], history, out_dir: Path, formats=("png",)) -> None:
    """Every report figure (projector width), PNG with its smallest text recorded."""
    for stem in REPORT_FIGURES:
        write_report_figure(stem, results, history, out_dir, formats)


def write_report_figure(stem: str, results: list[RunResult], history, out_dir: Path, formats=("png",)) -> None:
    """The report figure ``stem`` as ``out_dir/stem.png`` (and each other format of
    ``output.formats``); the history figure is drawn from ``history`` (none when empty),
    every other one from ``results``."""
    make = REPORT_FIGURES[stem][0]
    if stem == "history" and not history:
        return
    save_png(make(history if stem == "history" else results), Path(out_dir) / f"{stem}.png", formats)
