"""``slides.html``: the seminar as slides, one figure or matrix per screen.

Self-contained like the report (figures embedded, no outside requests). Arrow keys, Page
Up/Down, Space, Home and End move between slides; ``#slide-N`` opens slide N, and the page
records the slide shown in ``<html data-slide="N/TOTAL">``. Built from the same records and
figures as the report; nothing here computes a model.
"""

from __future__ import annotations

from pathlib import Path

from sim.report.document import Bullets, Document, Paragraph, Raw, Section, to_html, unlink_missing
from sim.report.reconcile import conclusion
from sim.report.matrix import matrix_table
from sim.io.records import RunResult
from sim.report.seminar_figures import REPORT_FIGURES, figure_block

CSS = """
* { box-sizing: border-box; }
body { margin: 0; font: 26px/1.4 "Segoe UI", "Helvetica Neue", Arial, sans-serif;
       color: #1b1b1b; background: #fff; }
header { display: none; }
main { padding: 0; }
main > section { display: none; height: 100vh; padding: 2vh 3vw; overflow: hidden; }
main > section.current { display: block; }
h2 { margin: 0 0 1vh; font-size: 40px; color: #14213d; }
figure { margin: 0; text-align: center; }
figure img { max-height: 84vh; max-width: 94vw; }
figcaption { font-size: 24px; color: #444; }
table { border-collapse: collapse; margin: 3vh auto; font-size: 34px; }
th, td { border: 1px solid #bbb; padding: 0.6rem 1.2rem; text-align: center; }
th { background: #eef2f7; }
a { color: inherit; text-decoration: none; }
.counter { position: fixed; right: 1.5vw; bottom: 1vh; color: #777; font-size: 20px; }
"""

SCRIPT = """<div class="counter" id="counter"></div><script>
(function () {
  var slides = document.querySelectorAll('main > section'), k = 0;
  function show(n) {
    k = Math.max(0, Math.min(slides.length - 1, n));
    slides.forEach(function (s, i) { s.classList.toggle('current', i === k); });
    document.documentElement.dataset.slide = (k + 1) + '/' + slides.length;
    document.getElementById('counter').textContent = (k + 1) + ' / ' + slides.length;
    history.replaceState(null, '', '#slide-' + (k + 1));
  }
  document.addEventListener('keydown', function (e) {
    var next = {ArrowRight: 1, ArrowDown: 1, PageDown: 1, ' ': 1, ArrowLeft: -1, ArrowUp: -1,
                PageUp: -1}[e.key];
    if (next) { show(k + next); e.preventDefault(); }
    if (e.key === 'Home') show(0);
    if (e.key === 'End') show(slides.length - 1);
  });
  var m = /slide-(\\d+)/.exec(location.hash);
  show(m ? +m[1] - 1 : 0);
})();
</script>"""


def slides_document(results: list[RunResult], out_dir: Path) -> Document:
    """A title slide with each run's answer, a slide per figure, a slide per run's matrix."""
    slides = [
        Section(
            "slide-answer",
            "What happens",
            (
                Bullets(
                    tuple(
                        (f"{r.japan_label.split(':')[0].replace('PM ', '')}, {r.scenario_title}: ", *conclusion(r))
                        for r in results
                    )
                ),
            ),
        )
    ]
    for stem, (_, caption) in REPORT_FIGURES.items():
        path = Path(out_dir) / f"{stem}.png"
        if path.exists():
            slides.append(
                Section(
                    f"slide-{stem}",
                    caption.split(";")[0].split(".")[0],
                    (figure_block(path, stem, (caption,)),),
                )
            )
    for r in results:
        slides.append(
            Section(
                f"slide-matrix-{r.label}",
                f"{r.japan_label.split(':')[0]}: {r.scenario_title}",
                (matrix_table(r), Paragraph(("Payoffs in US$ bn a year, the US's first; \u2605 marks equilibria.",))),
            )
        )
    slides.append(
        Section(
            "slide-end",
            "Keys",
            (Raw(SCRIPT), Paragraph(("Arrow keys, Page Up/Down and Space move; Home and End jump.",))),
        )
    )
    return unlink_missing(Document("Gaiatsu seminar slides", (), tuple(slides)))


def slides_html(results: list[RunResult], out_dir: Path) -> str:
    """The slides as one self-contained page."""
    return to_html(slides_document(results, out_dir), CSS)
