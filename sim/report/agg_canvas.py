"""The canvas our PNGs are drawn on: matplotlib's Agg canvas, with text measured and laid out
once a process instead of once a renderer.

A figure's texts are measured three or four times: in each pass of the constrained layout,
for the tight box, and in the drawing. Matplotlib keeps the measurements per renderer, and
the drawing gets a new renderer (the cropped canvas has another size), as does every figure.
So the same tick label, at the same size and resolution, went through FreeType again in every
pass and every figure: ``set_text`` for its size, ``_layout`` for its glyphs, and two font
tables for the height of its lines.

:class:`TextCachingRenderer` remembers each of the three by everything its answer depends on
(the string, the font properties or font object, the resolution, the hinting setting and the
settings that pick the font object), for this process. A text's size and glyphs come from matplotlib's own renderer on
a first call, and a repeated call gets the same answer back; the line heights are read from
the font's tables by the formula ``Text._get_layout`` uses when a renderer has no such method.
So the pixels are the ones matplotlib draws: ``tests/test_report_and_plots.py`` checks every
figure of a run against ``savefig``'s own bytes on matplotlib's own canvas, and
``tests/test_agg_canvas.py`` text the run's figures do not have.

The renderer leans on matplotlib internals of one minor version (the per-renderer hook for
line heights, ``FT2Font._layout``, ``_draw_text_glyphs_and_boxes``). :func:`agg_canvas`
gives it only to the version it was checked on (:data:`CHECKED_MATPLOTLIB`); under any
other, figures are drawn on matplotlib's canvas unchanged, as fast as before.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import matplotlib
from matplotlib.backends import backend_agg
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.font_manager import fontManager, get_font

if TYPE_CHECKING:
    from matplotlib.figure import Figure

#: The matplotlib (major, minor) whose internals :class:`TextCachingRenderer` was checked on.
CHECKED_MATPLOTLIB = (3, 11)

#: Entries each cache holds at most; a full cache is emptied and fills again (a run's figures
#: need a few thousand; a process drawing figures for hours stays bounded).
MAX_ENTRIES = 20_000

_measured: dict = {}
_laid_out: dict = {}
_line_heights: dict = {}


def clear_caches() -> None:
    """Empty the three caches, as a new process starts (benchmarks time cold runs with it)."""
    for cache in (_measured, _laid_out, _line_heights):
        cache.clear()


def _remember(cache: dict, key, value):
    """Store ``value`` under ``key`` in ``cache`` (emptied first when full) and return it."""
    if len(cache) >= MAX_ENTRIES:
        cache.clear()
    cache[key] = value
    return value


def checked_version(version: str = matplotlib.__version__) -> bool:
    """Whether ``version`` is the matplotlib minor version :data:`CHECKED_MATPLOTLIB`."""
    return tuple(int(part) for part in re.findall(r"\d+", version)[:2]) == CHECKED_MATPLOTLIB


class TextCachingRenderer(RendererAgg):
    """matplotlib's Agg renderer, remembering text measurements and glyph layouts across
    renderers (see the module's docstring). Math and TeX text go to matplotlib unchanged."""

    def get_text_width_height_descent(self, s, prop, ismath):
        if ismath is not False:
            return super().get_text_width_height_descent(s, prop, ismath)
        key = (s, _font(prop), prop.get_size_in_points(), self.dpi, backend_agg.get_hinting_flag())
        if (answer := _measured.get(key)) is None:
            answer = _remember(_measured, key, super().get_text_width_height_descent(s, prop, ismath))
        return answer

    def _get_font_height_metrics(self, prop):
        """A line's ascent, descent and line gap in pixels, from the font's tables, as
        ``Text._get_layout`` reads them when a renderer has no such method (the resolution
        is the renderer's, which is the figure's on an Agg canvas)."""
        font = _font(prop)
        key = (font, prop.get_size_in_points(), self.dpi)
        if (answer := _line_heights.get(key)) is None:
            answer = _remember(_line_heights, key, _line_height(font, prop.get_size_in_points(), self.dpi))
        return answer

    def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
        if ismath:
            return super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)
        features = mtext.get_fontfeatures() if mtext is not None else None
        language = mtext.get_language() if mtext is not None else None
        if not (isinstance(features, (tuple, type(None))) and isinstance(language, (str, type(None)))):
            return super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)  # (unhashable settings)
        font = self._prepare_font(prop)
        flags = backend_agg.get_hinting_flag()
        size = prop.get_size_in_points()
        key = (font, size, self.dpi, s, flags, features, language)
        if (glyphs := _laid_out.get(key)) is None:
            items = font._layout(s, flags=flags, features=features, language=language)
            glyphs = _remember(
                _laid_out, key, tuple((item.ft_object, item.glyph_index, item.x, item.y) for item in items)
            )
        self._draw_text_glyphs_and_boxes(
            gc, x, y, angle, ((ft_object, size, index, 0, 1, dx, dy) for ft_object, index, dx, dy in glyphs), []
        )


def _font(prop):
    """The FreeType font object matplotlib draws ``prop`` with (its files as the font manager
    resolves them now, and the settings of ``matplotlib.font_manager.get_font``)."""
    return get_font(fontManager._find_fonts_by_props(prop))


def _line_height(font, size: float, dpi: float) -> tuple:
    """(ascent, descent, line gap) of ``font`` at ``size`` points and ``dpi``, in pixels, as
    ``matplotlib.text.Text._get_layout`` reads them: from the font's OS/2 table, else its hhea
    table; Nones when it has neither (matplotlib then measures the text "lp")."""
    tables: list[tuple[Any, str, str, str]] = [
        (font.get_sfnt_table("OS/2"), "sTypoLineGap", "sTypoAscender", "sTypoDescender"),
        (font.get_sfnt_table("hhea"), "lineGap", "ascent", "descent"),
    ]
    for table, gap_key, ascent_key, descent_key in tables:
        if table is not None:
            head: Any = font.get_sfnt_table("head")
            scale = 1 / head["unitsPerEm"] * size * dpi / 72
            return table[ascent_key] * scale, -table[descent_key] * scale, table[gap_key] * scale
    return None, None, None


class TextCachingCanvas(FigureCanvasAgg):
    """matplotlib's Agg canvas drawing with :class:`TextCachingRenderer`."""

    def get_renderer(self):
        width, height = self.get_width_height(physical=True)
        key = width, height, self.figure.dpi
        if self._lastKey != key:
            self.renderer = TextCachingRenderer(width, height, self.figure.dpi)
            self._lastKey = key
        return self.renderer


def agg_canvas(figure: Figure) -> FigureCanvasAgg:
    """An Agg canvas for ``figure``: :class:`TextCachingCanvas` under the matplotlib version it
    was checked on, else matplotlib's own."""
    return (TextCachingCanvas if checked_version() else FigureCanvasAgg)(figure)
