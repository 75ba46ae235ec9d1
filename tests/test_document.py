"""The document model renders the same content as self-contained HTML and as Markdown."""

from __future__ import annotations

import base64
import html.parser

from hypothesis import given
from hypothesis import strategies as st

from sim.report.document import (
    Bullets,
    Columns,
    Details,
    Document,
    Figure,
    Paragraph,
    Ref,
    Section,
    Table,
    text_of,
    to_html,
    to_markdown,
)


def _document(figure_path) -> Document:
    return Document(
        "Title <&>",
        ("Sub ", Ref("1.5", "row-a", 'say "why"')),
        (
            Section(
                "first",
                "First",
                (
                    Paragraph(("Cost ", Ref("12.3", "row-a"), " & more")),
                    Bullets((("one",), ("two ", Ref("2", "first")))),
                    Table(("Name", "Value"), ((("a|b",), (Ref("3", "first"),)),), ("row-a",)),
                    Figure(figure_path, "a figure", ("caption",)),
                    Details("folded", (Paragraph(("inside",)),)),
                    Columns((("Left", (Paragraph(("L",)),)), ("Right", (Paragraph(("R",)),)))),
                ),
            ),
        ),
    )


class _Collector(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.hrefs, self.images = set(), [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a":
            self.hrefs.append(attrs["href"])
        if tag == "img":
            self.images.append(attrs["src"])


def test_html_escapes_text_links_numbers_and_embeds_figures(tmp_path):
    png = tmp_path / "figure.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 20)
    page = to_html(_document(png), css="body {}")
    assert "<title>Title &lt;&amp;&gt;</title>" in page
    assert '<a href="#row-a" title="say &quot;why&quot;">1.5</a>' in page
    assert 'Cost <a href="#row-a">12.3</a> &amp; more' in page
    collector = _Collector()
    collector.feed(page)
    assert {"first", "row-a"} <= collector.ids
    assert all(href[1:] in collector.ids for href in collector.hrefs)
    assert collector.images == ["data:image/png;base64," + base64.b64encode(png.read_bytes()).decode()]
    assert "default-src 'none'" in page  # nothing may load from outside the page


def test_markdown_keeps_links_anchors_and_relative_figures(tmp_path):
    png = tmp_path / "figure.png"
    png.write_bytes(b"png")
    text = to_markdown(_document(png), tmp_path)
    assert "Cost [12.3](#row-a) & more" in text
    assert '| <a id="row-a"></a>a\\|b | [3](#first) |' in text
    assert "![a figure](figure.png)" in text
    assert '<a id="first"></a>' in text and "## First" in text
    assert "### Left" in text and "### Right" in text and "**folded**" in text


@given(
    st.lists(
        st.one_of(
            st.text(max_size=20),
            st.builds(Ref, st.text(min_size=1, max_size=10), st.from_regex(r"[a-z]{1,8}", fullmatch=True)),
        ),
        max_size=6,
    )
)
def test_the_words_survive_both_renderings(parts):
    parts = tuple(parts)
    words = text_of(parts)
    document = Document("t", (), (Section("s", "S", (Paragraph(parts),)),))
    collected = []

    class Text(html.parser.HTMLParser):
        inside = False

        def handle_starttag(self, tag, attrs):
            self.inside = self.inside or tag == "main"

        def handle_data(self, data):
            if self.inside:
                collected.append(data)

    parser = Text(convert_charrefs=True)
    parser.feed(to_html(document, ""))
    assert "".join(collected).replace("S", "", 1).strip() == words.strip() or words.strip() in "".join(collected)
