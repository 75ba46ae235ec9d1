"""The text-caching Agg canvas draws matplotlib's own pixels (``sim/report/agg_canvas.py``).

Every figure of a run is checked against matplotlib's canvas in
``tests/test_report_and_plots.py``; here, text the run's figures do not have (rotated,
several lines, math, one string at several sizes, the same text drawn again), and which canvas
each matplotlib version gets.
"""

from __future__ import annotations

import io
import pickle

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from sim.report import agg_canvas
from sim.report.agg_canvas import TextCachingCanvas, checked_version

needs_checked_matplotlib = pytest.mark.skipif(
    not checked_version(), reason="the text-caching canvas is used with matplotlib 3.11 only"
)


def _text_figure(layout: str | None = "constrained") -> Figure:
    figure = Figure(figsize=(5, 3.5), layout=layout)
    left, right = figure.subplots(1, 2)
    for size in (7, 9, 13):  # one string at several sizes: a cache keyed without the size fails
        left.text(0.5, size / 20, "tariff 25%", fontsize=size, ha="center", va="center")
    left.text(0.5, 0.1, "two\nlines, centred", ha="center", multialignment="center")
    left.set_xlabel(r"audience cost $\kappa^2$ (US\$ bn)")  # math goes to matplotlib unchanged
    left.set_ylabel("Japan's payoff", rotation=90)
    right.plot([0, 1, 2], [2, 0, 1])
    right.set_xticks([0, 1, 2], ["refrain", "tariff", "both"], rotation=35)
    right.set_title("the same labels again", fontweight="bold")
    right.annotate("resist", (1, 0), xytext=(1.4, 1.5), rotation=-20, arrowprops={"arrowstyle": "->"})
    figure.suptitle("US coercion of Japan", fontsize=12)
    return figure


def _png(figure: Figure, canvas, dpi: float = 110) -> bytes:
    canvas(figure)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
    return buffer.getvalue()


def _ours_and_matplotlibs(figure: Figure, dpi: float = 110) -> tuple[bytes, bytes]:
    """savefig's PNG of ``figure`` on the text-caching canvas, and of an identical copy (pickled
    before either is laid out) on matplotlib's own."""
    copy = pickle.loads(pickle.dumps(figure))
    return _png(figure, TextCachingCanvas, dpi), _png(copy, FigureCanvasAgg, dpi)


@needs_checked_matplotlib
@pytest.mark.parametrize("layout", ["constrained", None])
def test_text_is_drawn_as_matplotlib_draws_it_first_time_and_from_the_cache(layout):
    ours, matplotlibs = _ours_and_matplotlibs(_text_figure(layout))
    assert ours == matplotlibs
    ours, matplotlibs = _ours_and_matplotlibs(_text_figure(layout))  # new renderers: text from the caches
    assert ours == matplotlibs


@needs_checked_matplotlib
def test_another_resolution_is_measured_again():
    _ours_and_matplotlibs(_text_figure())
    ours, matplotlibs = _ours_and_matplotlibs(_text_figure(), dpi=47)
    assert ours == matplotlibs


@needs_checked_matplotlib
@pytest.mark.filterwarnings("ignore:Glyph")  # (the font has no such glyph: that is the point)
def test_other_font_settings_are_measured_again():
    from matplotlib import rc_context

    def with_missing_glyphs() -> Figure:
        figure = _text_figure()
        figure.axes[1].set_xlabel("外圧 gaiatsu")  # not in DejaVu Sans: the last-resort font's boxes
        return figure

    _ours_and_matplotlibs(with_missing_glyphs())
    with rc_context({"font.enable_last_resort": False}):  # no boxes: narrower text
        ours, matplotlibs = _ours_and_matplotlibs(with_missing_glyphs())
    assert ours == matplotlibs


@needs_checked_matplotlib
def test_text_is_measured_in_the_font_it_resolves_to_now():
    from matplotlib import rc_context

    _ours_and_matplotlibs(_text_figure())
    figure = _text_figure()  # the same font properties ("sans-serif"), another font behind them
    with rc_context({"font.sans-serif": ["DejaVu Serif"]}):
        ours, matplotlibs = _ours_and_matplotlibs(figure)
    assert ours == matplotlibs


@pytest.mark.parametrize(
    ("version", "checked"),
    [("3.11.2", True), ("3.11.0rc1", True), ("3.11", True), ("3.10.7", False), ("3.12.0", False), ("4.0", False)],
)
def test_only_the_checked_minor_version_is_checked(version, checked):
    assert checked_version(version) is checked


def test_other_matplotlib_versions_get_matplotlibs_own_canvas(monkeypatch):
    monkeypatch.setattr(agg_canvas, "checked_version", lambda: False)
    assert type(agg_canvas.agg_canvas(Figure())) is FigureCanvasAgg
    monkeypatch.setattr(agg_canvas, "checked_version", lambda: True)
    assert type(agg_canvas.agg_canvas(Figure())) is TextCachingCanvas


@needs_checked_matplotlib
def test_the_caches_stay_bounded_and_draw_the_same_after_emptying(monkeypatch):
    monkeypatch.setattr(agg_canvas, "MAX_ENTRIES", 5)  # far fewer than one figure's texts
    agg_canvas.clear_caches()  # (whatever ran before)
    ours, matplotlibs = _ours_and_matplotlibs(_text_figure())
    assert ours == matplotlibs
    for cache in (agg_canvas._measured, agg_canvas._laid_out, agg_canvas._line_heights):
        assert 0 < len(cache) <= 5
