"""Figures from result records (never from models): the Ishiba vs Takaichi comparison.

Figures are built with matplotlib's object API (no pyplot state) and saved atomically as
PNG (and SVG on request: ``output.formats``). Colours are from the Okabe-Ito palette,
safe for colour-blind readers.
"""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

from typing import TYPE_CHECKING

import numpy as np

from sim.report.summary import JAPAN_WORDS, US_WORDS, outcome_words
from sim.io.records import RunResult
from sim.model.terms import TERM_LABELS
from sim.io.safe_files import write_atomic
from sim.analysis.maps import EquilibriumMap
from sim.solve.outcome_classes import OUTCOME_WORDS

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def new_figure(**options) -> Figure:
    """A matplotlib figure (object API, no pyplot state). matplotlib is imported here, on the
    first figure, so a run that draws none (``output.figures=false``) never loads it."""
    from matplotlib.figure import Figure

    return Figure(**options)


TOWARD_CONCEDE = "#0072B2"  # Okabe-Ito blue
TOWARD_RESIST = "#D55E00"  # Okabe-Ito vermillion
EQUILIBRIUM = "#000000"
CELL = "#F2F2F2"


def comparison_figure(results: list[RunResult]) -> Figure:
    """One card per run (payoff matrix + Japan's incentives), one row per Japan preset."""
    leaders = list(dict.fromkeys(r.japan for r in results))
    reach = max(abs(value) for r in results for _, value in incentive_parts(r)) * 1.4
    columns = max(sum(r.japan == leader for r in results) for leader in leaders)
    figure = new_figure(figsize=(max(12.0, 8.6 * columns), 4.8 * len(leaders)), layout="constrained")
    grid = figure.add_gridspec(len(leaders), 2 * columns, width_ratios=[1.1, 1.0] * columns)
    for row, leader in enumerate(leaders):
        for column, result in enumerate(r for r in results if r.japan == leader):
            draw_matrix(figure.add_subplot(grid[row, 2 * column]), result)
            draw_incentives(figure.add_subplot(grid[row, 2 * column + 1]), result, reach)
    figure.suptitle(
        "US coercion of Japan: equilibria of the concede/resist game (payoffs in US$ bn a year)",
        fontsize=14,
        fontweight="bold",
    )
    return figure


def draw_matrix(ax, result: RunResult) -> None:
    """The 2x2 payoff table with pure equilibria outlined and mixed ones written below."""
    from matplotlib.patches import Rectangle

    pure = {(eq.row_strategy.index(1.0), eq.col_strategy.index(1.0)) for eq in result.equilibria if eq.is_pure}
    for i in range(2):
        for j in range(2):
            y = 1 - i
            is_eq = (i, j) in pure
            ax.add_patch(
                Rectangle(
                    (j, y),
                    1,
                    1,
                    facecolor=CELL,
                    edgecolor=EQUILIBRIUM if is_eq else "#BBBBBB",
                    linewidth=3.5 if is_eq else 1.0,
                )
            )
            ax.text(j + 0.5, y + 0.62, f"US {result.us_payoffs[i][j]:.1f}", ha="center", va="center", fontsize=10)
            ax.text(
                j + 0.5,
                y + 0.38,
                f"Japan {result.japan_payoffs[i][j]:.1f}",
                ha="center",
                va="center",
                fontsize=10,
                fontweight="bold",
            )
            if is_eq:
                ax.text(j + 0.93, y + 0.9, "NE", ha="right", va="top", fontsize=8, fontweight="bold")
    ax.set_xlim(0, 2)
    ax.set_ylim(0, 2)
    ax.set_xticks([0.5, 1.5], [w.replace("Japan ", "Japan\n") for w in JAPAN_WORDS], fontsize=9)
    ax.set_yticks([1.5, 0.5], [w.replace("US ", "US\n", 1) for w in US_WORDS], fontsize=9)
    ax.xaxis.tick_top()
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    title = textwrap.fill(f"{result.scenario_title} ({result.scenario_date})", 48)
    ax.set_title(f"{result.japan_label.split(':')[0]}\n{title}", fontsize=9.5, loc="left")
    outcome = "\n".join(textwrap.fill(outcome_words(eq), 52) for eq in result.equilibria)
    ax.set_xlabel(f"Equilibrium: {outcome}", fontsize=9)


def incentive_parts(result: RunResult) -> list[tuple[str, float]]:
    """Japan's concede-minus-resist payoff under tariffs, term by term, and its net."""
    t = result.terms
    parts = [
        (TERM_LABELS[name], sign * t[name])
        for name, sign in (
            ("tariff_saved_by_conceding", 1.0),
            ("security_linkage_cost", 1.0),
            ("concession_cost_to_japan", -1.0),
            ("audience_cost", -1.0),
        )
    ]
    return parts + [("net: concede minus resist", sum(value for _, value in parts))]


def draw_incentives(ax, result: RunResult, reach: float) -> None:
    """Japan's reasons to concede (blue) or resist (vermillion) when the US imposes tariffs."""
    labels, values = zip(*incentive_parts(result))
    positions = list(range(len(values)))[::-1]
    colours = [TOWARD_CONCEDE if value > 0 else TOWARD_RESIST for value in values]
    edges = ["none"] * (len(values) - 1) + ["black"]
    ax.barh(positions, values, color=colours, edgecolor=edges)
    for position, value in zip(positions, values):
        ax.text(
            value + (0.02 if value >= 0 else -0.02) * reach,
            position,
            f"{value:+.1f}",
            ha="left" if value >= 0 else "right",
            va="center",
            fontsize=8,
        )
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_xlim(-reach, reach)
    ax.set_yticks(positions, labels, fontsize=8.5)
    ax.set_xlabel("US$ bn a year (> 0 favours conceding)", fontsize=8.5)
    ax.set_title("Japan's incentives against tariffs", fontsize=9.5, loc="left")
    ax.grid(axis="x", color="#DDDDDD", linewidth=0.6)
    ax.set_axisbelow(True)


def small_multiples(runs: list[RunResult], draw, title: str, panel=(4.2, 3.4)) -> Figure:
    """One panel per run drawn by ``draw(ax, run)``, one row per Japan preset."""
    leaders = list(dict.fromkeys(r.japan for r in runs))
    columns = max(sum(r.japan == leader for r in runs) for leader in leaders)
    figure = new_figure(figsize=(panel[0] * columns + 1, panel[1] * len(leaders)), layout="constrained")
    axes = figure.subplots(len(leaders), columns, squeeze=False, sharex=True, sharey=True)
    for row, leader in enumerate(leaders):
        mine = [r for r in runs if r.japan == leader]
        for column in range(columns):
            if column < len(mine):
                draw(axes[row][column], mine[column])
            else:
                axes[row][column].set_visible(False)
    figure.suptitle(title, fontsize=12, fontweight="bold")
    return figure


def threat_figure(results: list[RunResult]) -> Figure:
    """How credible must the threat be? One panel per run, one row per Japan preset."""
    return small_multiples(
        [r for r in results if r.sequential is not None],
        draw_threat,
        "Threat game with uncertain US resolve: Japan's concession against its prior (perfect Bayesian equilibrium)",
    )


def bargaining_figure(results: list[RunResult]) -> Figure:
    """The predicted concession against Japan's patience, one panel per run."""
    return small_multiples(
        [r for r in results if r.deal is not None],
        draw_bargaining,
        "Bargaining over a deal: Japan's concession against its patience (Rubinstein, the US proposing)",
    )


def draw_bargaining(ax, result: RunResult) -> None:
    """Rubinstein's concession by Japan's patience, the win-set cap and the preset's point."""
    deal = result.deal
    _panel_title(ax, result)
    ax.set_xlim(0.5, 1.0)
    ax.set_ylim(-0.03, 1.03)
    ax.grid(color="#DDDDDD", linewidth=0.6)
    ax.set_xlabel("Japan's patience (discount factor per round)", fontsize=8)
    ax.set_ylabel("concession share", fontsize=8)
    if not deal.patience_curve:
        ax.text(0.75, 0.5, textwrap.fill(f"no deal: {deal.note}", 40), fontsize=8, ha="center", va="center")
        return
    patience, concession = zip(*deal.patience_curve)
    ax.plot(patience, concession, color=TOWARD_CONCEDE, linewidth=2, label="Rubinstein")
    ax.axhline(deal.win_set_cap, color=TOWARD_RESIST, linestyle="--", linewidth=1.4, label="win-set cap")
    ax.axhline(deal.nash.concession, color="#555555", linestyle=":", linewidth=1.2, label="Nash, equal weights")
    ax.plot([_japan_patience(result)], [deal.rubinstein.concession], "o", color="black")
    if ax.get_subplotspec().is_first_col() and ax.get_subplotspec().is_first_row():
        ax.legend(fontsize=7, loc="upper right")


OUTCOME_COLOURS = (
    "#009E73",
    "#56B4E9",
    "#E69F00",
    "#D55E00",
    "#CC79A7",
    "#F0E442",
    "#999999",
)  # Okabe-Ito, in the order of sim.solve.outcome_classes.OUTCOME_WORDS


LEADER_MARKERS = ("o", "s", "^", "D", "v")  # hollow, one per Japan preset, on the maps


def leader_markers(runs: list[RunResult]) -> dict[str, str]:
    """A hollow marker shape for each Japan preset among ``runs`` (by label), in order."""
    labels = dict.fromkeys(r.japan_label for r in runs)
    return {label: LEADER_MARKERS[k % len(LEADER_MARKERS)] for k, label in enumerate(labels)}


def draw_other_positions(ax, result: RunResult, runs: list[RunResult], markers: dict[str, str]) -> None:
    """The positions of the other ``runs`` whose maps share ``result``'s two axes, hollow,
    shaped by Japan preset (``markers``, from :func:`leader_markers`)."""
    mine = result.equilibrium_map
    for other in runs:
        there = other.equilibrium_map
        if other is result or there is None or (there.x_name, there.y_name) != (mine.x_name, mine.y_name):
            continue
        ax.plot(
            [there.x_current],
            [there.y_current],
            linestyle="none",
            marker=markers[other.japan_label],
            markersize=9,
            markerfacecolor="none",
            markeredgecolor="black",
            markeredgewidth=1.3,
        )


def draw_tipping_lines(ax, result: RunResult) -> None:
    """The run's single-input tipping points on its map's axes, dashed through the star."""
    eq_map = result.equilibrium_map
    for point in result.tipping_points:
        if point.parameter == eq_map.x_name and eq_map.x_values[0] <= point.value <= eq_map.x_values[-1]:
            ax.axvline(point.value, color="black", linestyle="--", linewidth=1.0)
        elif point.parameter == eq_map.y_name and eq_map.y_values[0] <= point.value <= eq_map.y_values[-1]:
            ax.axhline(point.value, color="black", linestyle="--", linewidth=1.0)


def _axes(ax, size: tuple[float, float] = (4.2, 3.4)):
    """``ax``, or the axes of a new figure of ``size`` inches."""
    return new_figure(figsize=size, layout="constrained").subplots() if ax is None else ax


def _drawn(draw, result: RunResult, ax) -> Figure:
    """One run's panel drawn by ``draw`` on ``ax`` (or a new figure); the figure."""
    ax = _axes(ax)
    draw(ax, result)
    return ax.figure


def threat(result: RunResult, ax=None) -> Figure:
    """One run's threat-game panel (as in ``threat.png``) on ``ax`` or a new figure."""
    return _drawn(draw_threat, result, ax)


def bargaining(result: RunResult, ax=None) -> Figure:
    """One run's bargaining panel (as in ``bargaining.png``) on ``ax`` or a new figure."""
    return _drawn(draw_bargaining, result, ax)


def repeated(result: RunResult, ax=None) -> Figure:
    """One run's repeated-game panel (as in ``repeated.png``) on ``ax`` or a new figure."""
    return _drawn(draw_repeated, result, ax)


def payoff_region(result: RunResult, ax=None) -> Figure:
    """One run's payoff-region panel (as in ``payoff_region.png``) on ``ax`` or a new figure."""
    return _drawn(draw_payoff_region, result, ax)


def matrix(result: RunResult, ax=None) -> Figure:
    """One run's payoff matrix (as in ``comparison.png``) on ``ax`` or a new figure."""
    return _drawn(draw_matrix, result, ax)


def equilibrium_map(grid: EquilibriumMap, ax=None) -> Figure:
    """Draw an equilibrium map (:func:`sim.analysis.maps.equilibrium_map`): the outcome
    regions over its two parameters and its own position as a star; a legend of the outcomes
    shown. Draws on ``ax`` when given, else on a new figure; returns the figure.
    """
    from matplotlib.patches import Rectangle

    ax = _axes(ax, (5.2, 4.2))
    draw_map_regions(ax, grid)
    _map_labels(ax, grid)
    used = sorted({int(code) for row in grid.outcome for code in row})
    ax.legend(
        [Rectangle((0, 0), 1, 1, color=OUTCOME_COLOURS[code]) for code in used],
        [OUTCOME_WORDS[code] for code in used],
        fontsize=7.5,
        loc="best",
    )
    return ax.figure


def draw_map_regions(ax, eq_map: EquilibriumMap, star_size: float = 13) -> None:
    """The outcome regions of a map, and its own position as a star."""
    from matplotlib.colors import BoundaryNorm, ListedColormap

    codes = np.array([[int(c) for c in row] for row in eq_map.outcome]).T  # rows: y values
    colours = ListedColormap(OUTCOME_COLOURS)
    norm = BoundaryNorm(np.arange(-0.5, len(OUTCOME_COLOURS) + 0.5), len(OUTCOME_COLOURS))
    ax.pcolormesh(eq_map.x_values, eq_map.y_values, codes, cmap=colours, norm=norm, shading="nearest", rasterized=True)
    ax.plot(
        [eq_map.x_current], [eq_map.y_current], marker="*", color="black", markersize=star_size, markeredgecolor="white"
    )


def _map_labels(ax, eq_map: EquilibriumMap) -> None:
    ax.set_xlabel(f"{eq_map.x_name} ({eq_map.x_unit})", fontsize=8)
    ax.set_ylabel(f"{eq_map.y_name} ({eq_map.y_unit})", fontsize=8)


def repeated_figure(results: list[RunResult]) -> Figure:
    """Mean cumulative payoffs over the rounds of the presets' repeated game, per run."""
    return small_multiples(
        [r for r in results if r.repeated is not None],
        draw_repeated,
        "Repeated game: the presets' strategies over the rounds (mean cumulative payoffs, US$ bn)",
    )


def draw_repeated(ax, result: RunResult) -> None:
    """Both sides' mean cumulative payoffs by round."""
    rep = result.repeated
    rounds, us, japan = zip(*rep.cumulative)
    ax.plot(rounds, us, color=TOWARD_RESIST, linewidth=2, label=f"US ({rep.us_strategy})")
    ax.plot(rounds, japan, color=TOWARD_CONCEDE, linewidth=2, label=f"Japan ({rep.japan_strategy})")
    ax.axhline(0, color="black", linewidth=0.7)
    ax.grid(color="#DDDDDD", linewidth=0.6)
    _panel_title(ax, result)
    ax.set_xlabel("round", fontsize=8)
    ax.set_ylabel("cumulative payoff", fontsize=8)
    ax.legend(fontsize=7, loc="lower left")


def payoff_region_figure(results: list[RunResult]) -> Figure:
    """Feasible and individually rational payoffs of each run's stage game (folk theorem)."""
    return small_multiples(
        [r for r in results if r.repeated is not None and r.repeated.feasible],
        draw_payoff_region,
        "Feasible and individually rational payoffs (folk theorem), US$ bn a year per round",
        panel=(4.2, 3.8),
    )


def draw_payoff_region(ax, result: RunResult) -> None:
    """The feasible hull, its individually rational part, the minmax lines and two points."""
    from matplotlib.patches import Polygon

    rep = result.repeated
    ax.add_patch(Polygon(rep.feasible, closed=True, facecolor="#DDDDDD", edgecolor="#777777", label="feasible"))
    if len(rep.individually_rational) >= 3:
        ax.add_patch(
            Polygon(
                rep.individually_rational,
                closed=True,
                facecolor="#56B4E9",
                alpha=0.7,
                edgecolor=TOWARD_CONCEDE,
                label="individually rational",
            )
        )
    ax.axvline(rep.minmax[0], color=TOWARD_RESIST, linestyle=":", linewidth=1)
    ax.axhline(rep.minmax[1], color=TOWARD_CONCEDE, linestyle=":", linewidth=1)
    ax.plot(result.us_payoffs[0][0], result.japan_payoffs[0][0], "o", color="#009E73", label="(refrain, concede)")
    ax.plot(*rep.average, "*", color="black", markersize=11, label=f"{rep.japan_strategy} vs {rep.us_strategy}")
    ax.autoscale_view()
    ax.grid(color="#DDDDDD", linewidth=0.6)
    _panel_title(ax, result)
    ax.set_xlabel("US payoff per round (dotted: minmax)", fontsize=8)
    ax.set_ylabel("Japan payoff per round", fontsize=8)
    ax.legend(fontsize=6.5, loc="best")


def _japan_patience(result: RunResult) -> float:
    return next(f.value for f in result.facts if f.name == f"{result.japan}.patience")


def _panel_title(ax, result: RunResult) -> None:
    ax.set_title(
        textwrap.fill(f"{result.japan_label.split(':')[0]}: {result.scenario_title}", 52), fontsize=8.5, loc="left"
    )


def draw_threat(ax, result: RunResult) -> None:
    """Japan's concession to a threat, and the chance of a concession at all, by prior."""
    prior, concede, conceded = zip(*result.sequential.concession_curve)
    pbe = result.sequential.pbe
    ax.plot(prior, concede, color=TOWARD_CONCEDE, linewidth=2, label="concedes if threatened")
    ax.plot(prior, conceded, "--", color=TOWARD_RESIST, linewidth=1.6, label="a threat is made and conceded to")
    if pbe.threshold is not None and 0 <= pbe.threshold <= 1:
        ax.axvline(pbe.threshold, color="#555555", linestyle=":", linewidth=1.2)
        ax.text(
            pbe.threshold - 0.02,
            0.62,
            f"threshold {pbe.threshold:.2f}",
            fontsize=8,
            rotation=90,
            va="center",
            ha="right",
        )
    else:
        never = pbe.threshold is None or pbe.threshold > 1
        note = (
            "no belief in US resolve makes Japan concede"
            if never and pbe.concede == 0
            else "Japan concedes whatever it believes"
        )
        ax.text(0.5, 0.5, note, fontsize=8.5, ha="center", va="center", color="#333333")
    ax.plot([pbe.prior], [pbe.concede], "o", color="black", markersize=6)
    ax.set_xlim(0, 1)
    ax.set_ylim(-0.04, 1.04)
    ax.grid(color="#DDDDDD", linewidth=0.6)
    _panel_title(ax, result)
    ax.set_xlabel("prior that the US is resolved (dot: preset)", fontsize=8)
    ax.set_ylabel("probability", fontsize=8)
    if ax.get_subplotspec().is_first_col() and ax.get_subplotspec().is_first_row():
        ax.legend(fontsize=7, loc="upper left")


#: The main job's research figures: file stem -> maker of the run records. The maps and the
#: history are drawn once, as the report's figures (:mod:`sim.report.seminar_figures`).
MAIN_FIGURES = {
    "comparison": comparison_figure,
    "threat": threat_figure,
    "bargaining": bargaining_figure,
    "repeated": repeated_figure,
    "payoff_region": payoff_region_figure,
}


def write_figure(stem: str, records, out_dir: Path, formats=("png",)) -> list[Path]:
    """Draw the main figure ``stem`` of ``records`` and save it into ``out_dir``."""
    return save_figure(MAIN_FIGURES[stem](records), Path(out_dir) / stem, formats)


#: The formats a figure can be saved in (``output.formats``), and each one's savefig options.
#: PNGs are deflated at zlib level 3, not the default 6: the main job's PNGs then take 0.49 s
#: of CPU to encode instead of 0.88 s, and are 2% smaller (these flat-coloured images gain
#: nothing from the slower levels); the pixels are the same.
FORMATS = {
    "png": {"dpi": 130, "metadata": {"Software": None}, "pil_kwargs": {"compress_level": 3}},
    "svg": {"metadata": {"Date": None}},
}


def save_figure(figure: Figure, stem: Path, formats=("png", "svg"), png_metadata: dict | None = None) -> list[Path]:
    """Save ``figure`` as ``stem.<format>`` for each of ``formats`` (deterministic bytes),
    atomically, the PNG with ``png_metadata`` as text chunks, each cropped to its content
    (``bbox_inches="tight"``). The PNG costs a layout and one drawing (:func:`png_bytes`);
    the SVG also a drawing without output, in which savefig lays the figure out."""
    from matplotlib import rc_context

    paths = []
    for suffix in formats:
        options = dict(FORMATS[suffix], bbox_inches="tight")
        if suffix == "png" and png_metadata:
            options["metadata"] = {**FORMATS["png"]["metadata"], **png_metadata}
        if suffix == "png":
            data = png_bytes(figure, options)
        else:
            buffer = io.BytesIO()
            with rc_context({"svg.hashsalt": "gaiatsu"}):  # fixed SVG ids: the same bytes each run
                figure.savefig(buffer, format=suffix, **options)
            data = buffer.getvalue()
        path = Path(stem).with_suffix(f".{suffix}")
        write_atomic(path, data)
        paths.append(path)
    return paths


def png_bytes(figure: Figure, options: dict) -> bytes:
    """The bytes ``figure.savefig(format="png", bbox_inches="tight", **options)`` writes,
    without savefig's first drawing.

    savefig draws the figure twice: once without output, in which the layout engine runs
    and every artist is measured, to find the content's box; then the drawing it saves.
    Here the layout engine runs on its own, the box is read from that layout (padded by
    ``savefig.pad_inches``, as savefig pads it), and the figure is saved into that box with
    its layout engine set aside, so savefig makes only the drawing it saves; the engine is
    then put back. The canvas remembers text measurements across renderers and figures
    (:mod:`sim.report.agg_canvas`). ``tests/test_report_and_plots.py`` checks the bytes
    against savefig's on matplotlib's own canvas, for every figure of a run.
    """
    from matplotlib import rcParams

    from sim.report.agg_canvas import agg_canvas

    figure.set_dpi(options["dpi"])
    renderer = agg_canvas(figure).get_renderer()
    engine = figure.get_layout_engine()
    if engine is not None:
        engine.execute(figure)
    box = figure.get_tightbbox(renderer).padded(rcParams["savefig.pad_inches"])
    figure.set_layout_engine(None)
    buffer = io.BytesIO()
    try:
        figure.savefig(buffer, format="png", **{**options, "bbox_inches": box})
    finally:
        figure.set_layout_engine(engine)
    return buffer.getvalue()
