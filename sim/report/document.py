"""A small document model and its two renderings: self-contained HTML and Markdown.

The seminar report (:mod:`sim.report.seminar`) is built once as :class:`Document` values and
rendered twice, so the HTML and the Markdown never say different things. Inline text is a
tuple of plain strings and :class:`Ref` values: a number (or phrase) linked to the anchor
that states where it comes from. Figures are PNG files; the HTML embeds them as ``data:``
URIs (the page opens offline, and its content security policy forbids anything else), the
Markdown points at them by relative path.
"""

from __future__ import annotations

import base64
import html
from dataclasses import dataclass, replace
from pathlib import Path

from sim.base.escaping import markdown_text
from sim.base.reading import read_bytes

#: The largest figure embedded in a page (the run's figures are far smaller).
MAX_FIGURE_BYTES = 200_000_000


@dataclass(frozen=True)
class Ref:
    """``text`` linked to ``#target``; ``title`` is shown on hover (the provenance in brief)."""

    text: str
    target: str
    title: str = ""


Text = tuple  # of str and Ref


@dataclass(frozen=True)
class Paragraph:
    parts: Text
    css: str = ""


@dataclass(frozen=True)
class Bullets:
    items: tuple[Text, ...]
    css: str = ""


@dataclass(frozen=True)
class Table:
    """Rows of cells (each a :data:`Text`); ``row_ids`` give rows an anchor."""

    header: tuple[str, ...]
    rows: tuple[tuple[Text, ...], ...]
    row_ids: tuple[str | None, ...] = ()
    row_css: tuple[str, ...] = ()
    css: str = ""


@dataclass(frozen=True)
class Figure:
    """A PNG; ``text_px`` is its smallest text in the PNG's own pixels, when known, so the
    page can report the smallest text as displayed (``data-smallest-text`` on ``<html>``)."""

    path: Path
    alt: str
    caption: Text = ()
    text_px: float | None = None


@dataclass(frozen=True)
class Details:
    """A block that HTML folds away (opened by a link into it); Markdown shows it whole."""

    summary: str
    blocks: tuple
    open: bool = False


@dataclass(frozen=True)
class Raw:
    """HTML written as is (an interactive widget); Markdown shows ``markdown`` instead."""

    html: str
    markdown: str = ""


@dataclass(frozen=True)
class Columns:
    """Side-by-side columns, each ``(title, blocks)``; Markdown puts them one after another."""

    columns: tuple[tuple[str, tuple], ...]


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    blocks: tuple
    css: str = ""


@dataclass(frozen=True)
class Document:
    title: str
    subtitle: Text
    sections: tuple[Section, ...]


def unlink_missing(document: Document) -> Document:
    """``document`` with every link whose target it lacks turned into plain text (a
    printable extract of a larger page keeps its numbers, not dead links)."""
    ids: set[str] = set()

    def collect(block) -> None:
        if isinstance(block, Section):
            ids.add(block.id)
        if isinstance(block, Table):
            ids.update(i for i in block.row_ids if i)
        for child in _children(block):
            collect(child)

    def fix(block):
        if isinstance(block, (Paragraph,)):
            return replace(block, parts=_unlink(block.parts, ids))
        if isinstance(block, Bullets):
            return replace(block, items=tuple(_unlink(item, ids) for item in block.items))
        if isinstance(block, Table):
            return replace(block, rows=tuple(tuple(_unlink(cell, ids) for cell in row) for row in block.rows))
        if isinstance(block, Figure):
            return replace(block, caption=_unlink(block.caption, ids))
        if isinstance(block, (Section, Details)):
            return replace(block, blocks=tuple(fix(child) for child in block.blocks))
        if isinstance(block, Columns):
            return replace(
                block, columns=tuple((title, tuple(fix(child) for child in blocks)) for title, blocks in block.columns)
            )
        return block

    for section in document.sections:
        collect(section)
    return replace(document, sections=tuple(fix(section) for section in document.sections))


def _children(block) -> tuple:
    if isinstance(block, (Section, Details)):
        return block.blocks
    if isinstance(block, Columns):
        return tuple(child for _, blocks in block.columns for child in blocks)
    return ()


def _unlink(parts: Text, ids: set[str]) -> Text:
    return tuple(part.text if isinstance(part, Ref) and part.target not in ids else part for part in parts)


def text_of(parts: Text) -> str:
    """The plain words of inline text, links dropped."""
    return "".join(part.text if isinstance(part, Ref) else str(part) for part in parts)


# -- HTML -----------------------------------------------------------------------------

_POLICY = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'"

# Opens folded blocks that a link points into, and tells the reader (and tests) whether
# every figure loaded: <html data-figures="loaded/total">, with a banner when one fails.
_SCRIPT = """
// A clicked link lands below the sticky header: the scroll padding is the header's height,
// and the page records where the target landed (data-target-top, data-header-height).
function headerPadding() {
  var header = document.querySelector('header');
  var height = header && getComputedStyle(header).position === 'sticky' ? header.offsetHeight : 0;
  document.documentElement.style.scrollPaddingTop = (height + 12) + 'px';
  return height;
}
function openTarget() {
  var id = decodeURIComponent(location.hash.slice(1));
  var target = id && document.getElementById(id);
  var node = target;
  while (node) { if (node.tagName === 'DETAILS') node.open = true; node = node.parentElement; }
  if (target) {
    var height = headerPadding();
    target.scrollIntoView();
    document.documentElement.dataset.targetTop = Math.round(target.getBoundingClientRect().top);
    document.documentElement.dataset.headerHeight = height;
  }
}
document.addEventListener('DOMContentLoaded', headerPadding);
window.addEventListener('hashchange', openTarget);
// The smallest figure text as displayed, in CSS pixels: each figure's smallest text in its
// own pixels, scaled by the width it is shown at (<html data-smallest-text="...">).
function measureText() {
  var smallest = Infinity;
  Array.prototype.forEach.call(document.querySelectorAll('img[data-text-px]'), function (img) {
    if (img.naturalWidth && img.offsetParent !== null) {
      smallest = Math.min(smallest, img.dataset.textPx * img.clientWidth / img.naturalWidth);
    }
  });
  if (smallest < Infinity) document.documentElement.dataset.smallestText = smallest.toFixed(1);
}
window.addEventListener('resize', measureText);
window.addEventListener('load', function () {
  openTarget();
  var images = Array.prototype.slice.call(document.images);
  var loaded = images.filter(function (img) { return img.complete && img.naturalWidth > 0; });
  document.documentElement.dataset.figures = loaded.length + '/' + images.length;
  measureText();
  document.documentElement.dataset.scrollWidth = document.documentElement.scrollWidth;
  if (loaded.length < images.length) {
    var banner = document.createElement('p');
    banner.className = 'broken';
    banner.textContent = (images.length - loaded.length) + ' figure(s) failed to load.';
    document.body.insertBefore(banner, document.body.firstChild);
  }
});
"""


def to_html(document: Document, css: str) -> str:
    """The document as one self-contained HTML page (figures embedded, no outside requests)."""
    nav = "".join(f'<a href="#{_attr(s.id)}">{_escape(s.title)}</a>' for s in document.sections)
    body = "".join(_section_html(section) for section in document.sections)
    return (
        f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_POLICY}">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_escape(document.title)}</title>\n<style>{css}</style>\n"
        f"<script>{_SCRIPT}</script>\n</head>\n<body>\n"
        f"<header><h1>{_escape(document.title)}</h1>"
        f'<p class="subtitle">{_inline_html(document.subtitle)}</p>'
        f"<nav>{nav}</nav></header>\n<main>\n{body}</main>\n</body>\n</html>\n"
    )


def _section_html(section: Section) -> str:
    css = f' class="{_attr(section.css)}"' if section.css else ""
    return (
        f'<section id="{_attr(section.id)}"{css}><h2>{_escape(section.title)}</h2>\n'
        f"{_blocks_html(section.blocks)}</section>\n"
    )


def _blocks_html(blocks) -> str:
    return "".join(_block_html(block) for block in blocks)


def _block_html(block) -> str:
    if isinstance(block, Section):
        css = f' class="{_attr(block.css)}"' if block.css else ""
        return f'<div id="{_attr(block.id)}"{css}><h3>{_escape(block.title)}</h3>{_blocks_html(block.blocks)}</div>\n'
    if isinstance(block, Paragraph):
        css = f' class="{_attr(block.css)}"' if block.css else ""
        return f"<p{css}>{_inline_html(block.parts)}</p>\n"
    if isinstance(block, Bullets):
        css = f' class="{_attr(block.css)}"' if block.css else ""
        return f"<ul{css}>" + "".join(f"<li>{_inline_html(item)}</li>" for item in block.items) + "</ul>\n"
    if isinstance(block, Table):
        return _table_html(block)
    if isinstance(block, Figure):
        data = base64.b64encode(read_bytes(block.path, MAX_FIGURE_BYTES, "a figure")).decode("ascii")
        caption = f"<figcaption>{_inline_html(block.caption)}</figcaption>" if block.caption else ""
        size = f' data-text-px="{block.text_px:.2f}"' if block.text_px else ""
        return f'<figure><img src="data:image/png;base64,{data}" alt="{_attr(block.alt)}"{size}>{caption}</figure>\n'
    if isinstance(block, Details):
        opened = " open" if block.open else ""
        return f"<details{opened}><summary>{_escape(block.summary)}</summary>{_blocks_html(block.blocks)}</details>\n"
    if isinstance(block, Raw):
        return block.html + "\n"
    if isinstance(block, Columns):
        columns = "".join(
            f'<div class="column"><h3>{_escape(title)}</h3>{_blocks_html(blocks)}</div>'
            for title, blocks in block.columns
        )
        return f'<div class="columns">{columns}</div>\n'
    raise TypeError(f"not a document block: {block!r}")


def _table_html(table: Table) -> str:
    css = f' class="{_attr(table.css)}"' if table.css else ""
    head = "".join(f"<th>{_escape(cell)}</th>" for cell in table.header)
    rows = []
    for k, row in enumerate(table.rows):
        row_id = table.row_ids[k] if k < len(table.row_ids) else None
        row_css = table.row_css[k] if k < len(table.row_css) else ""
        attributes = (f' id="{_attr(row_id)}"' if row_id else "") + (f' class="{_attr(row_css)}"' if row_css else "")
        rows.append(f"<tr{attributes}>" + "".join(f"<td>{_inline_html(cell)}</td>" for cell in row) + "</tr>")
    return (
        f'<div class="table-wrap"><table{css}><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>\n"
    )


def _inline_html(parts: Text) -> str:
    out = []
    for part in parts:
        if isinstance(part, Ref):
            title = f' title="{_attr(part.title)}"' if part.title else ""
            out.append(f'<a href="#{_attr(part.target)}"{title}>{_escape(part.text)}</a>')
        else:
            out.append(_escape(str(part)))
    return "".join(out)


def _escape(text: str) -> str:
    return html.escape(text, quote=False)


def _attr(text: str) -> str:
    return html.escape(text, quote=True)


# -- Markdown -------------------------------------------------------------------------


def to_markdown(document: Document, folder: Path) -> str:
    """The document as Markdown; figures are linked relative to ``folder`` (the run folder)."""
    lines = [f"# {markdown_text(document.title)}", "", _inline_md(document.subtitle), ""]
    lines += [f"- [{markdown_text(section.title)}](#{section.id})" for section in document.sections] + [""]
    for section in document.sections:
        lines += [f'<a id="{section.id}"></a>', "", f"## {markdown_text(section.title)}", ""]
        lines += _blocks_md(section.blocks, folder, level=3)
    return "\n".join(lines).rstrip() + "\n"


def _blocks_md(blocks, folder: Path, level: int) -> list[str]:
    lines = []
    for block in blocks:
        lines += _block_md(block, folder, level)
    return lines


def _block_md(block, folder: Path, level: int) -> list[str]:
    if isinstance(block, Section):
        return [
            f'<a id="{block.id}"></a>',
            "",
            f"{'#' * level} {markdown_text(block.title)}",
            "",
            *_blocks_md(block.blocks, folder, level + 1),
        ]
    if isinstance(block, Paragraph):
        return [_inline_md(block.parts), ""]
    if isinstance(block, Bullets):
        return [f"- {_inline_md(item)}" for item in block.items] + [""]
    if isinstance(block, Table):
        return _table_md(block)
    if isinstance(block, Figure):
        relative = Path(block.path).resolve().relative_to(Path(folder).resolve())
        lines = [f"![{markdown_text(block.alt)}]({relative.as_posix()})", ""]
        return lines + ([f"*{_inline_md(block.caption)}*", ""] if block.caption else [])
    if isinstance(block, Details):
        return [f"**{markdown_text(block.summary)}**", "", *_blocks_md(block.blocks, folder, level)]
    if isinstance(block, Raw):
        return [block.markdown, ""] if block.markdown else []
    if isinstance(block, Columns):
        lines = []
        for title, blocks in block.columns:
            lines += [f"{'#' * level} {markdown_text(title)}", "", *_blocks_md(blocks, folder, level + 1)]
        return lines
    raise TypeError(f"not a document block: {block!r}")


def _table_md(table: Table) -> list[str]:
    lines = [
        "| " + " | ".join(_cell_md(markdown_text(cell)) for cell in table.header) + " |",
        "|" + "---|" * len(table.header),
    ]
    for k, row in enumerate(table.rows):
        row_id = table.row_ids[k] if k < len(table.row_ids) else None
        cells = [_cell_md(_inline_md(cell)) for cell in row]
        if row_id:
            cells[0] = f'<a id="{row_id}"></a>{cells[0]}'
        lines.append("| " + " | ".join(cells) + " |")
    return lines + [""]


def _cell_md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _inline_md(parts: Text) -> str:
    return "".join(
        f"[{markdown_text(part.text)}](#{part.target})" if isinstance(part, Ref) else markdown_text(str(part))
        for part in parts
    )
