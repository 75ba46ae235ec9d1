"""The what-if panel of the report: two sliders over each run's precomputed equilibrium map.

The map (:class:`sim.maps.EquilibriumMap`, solved by the pipeline) is embedded in the page
as JSON; moving a slider moves the run's point over it and shows the outcome of the grid
cell it lands in, the colour of that region and where the run's own inputs sit. No server
and no solving: the page only looks numbers up. ``#whatif=RUN,X,Y`` in the address sets
the sliders (grid indices) on load, and the page records the shown outcome in
``<html data-whatif-outcome>`` (tests use both).
"""

from __future__ import annotations

import html
import json

from sim.document import Paragraph, Raw, Section
from sim.results import RunResult
from sim.seminar_figures import plain
from sim.sweep import OUTCOME_WORDS

COLOURS = ("#009E73", "#56B4E9", "#E69F00", "#D55E00", "#CC79A7", "#F0E442", "#999999")


def whatif_data(results: list[RunResult]) -> list[dict]:
    """Each run's map as plain JSON data (codes as digit strings, one per x value)."""
    data = []
    for r in results:
        m = r.equilibrium_map
        if m is None:
            continue
        data.append({"label": r.label, "title": f"{r.japan_label.split(':')[0]}: {r.scenario_title}",
                     "x": plain(m.x_name, m.x_unit), "y": plain(m.y_name, m.y_unit),
                     "xs": [round(v, 6) for v in m.x_values],
                     "ys": [round(v, 6) for v in m.y_values], "codes": list(m.outcome),
                     "x0": m.x_current, "y0": m.y_current})
    return data


def whatif_section(results: list[RunResult]) -> Section:
    """The panel: a run chooser, two sliders, the map drawn in a canvas, the outcome."""
    data = json.dumps({"runs": whatif_data(results), "words": OUTCOME_WORDS,
                       "colours": COLOURS}, separators=(",", ":"))
    widget = (f'<div class="whatif screen-only"><script type="application/json" '
              f'id="whatif-data">{html.escape(data, quote=False)}</script>'
              '<label>Run <select id="whatif-run"></select></label>'
              '<div class="whatif-grid"><canvas id="whatif-map" width="302" height="302">'
              '</canvas><div><label><span id="whatif-x-name"></span>: <b id="whatif-x-value">'
              '</b><br><input type="range" id="whatif-x" min="0" value="0"></label>'
              '<label><span id="whatif-y-name"></span>: <b id="whatif-y-value"></b><br>'
              '<input type="range" id="whatif-y" min="0" value="0"></label>'
              '<p class="answer">Outcome: <span id="whatif-outcome"></span></p>'
              '<p id="whatif-note"></p></div></div></div>'
              f"<script>{_SCRIPT}</script>")
    return Section("whatif", "What if? Move two inputs and watch the outcome", (
        Paragraph(("Each run's equilibrium map, computed by the run, is in the page: choose a "
                   "run, move the sliders, and the point moves over the map; the outcome is "
                   "the map's at that point (other inputs stay at the run's values). The "
                   "white ring is the run's own position.",)),
        Raw(widget, "(The what-if sliders work in report.html.)")))


_SCRIPT = """
(function () {
  var data = JSON.parse(document.getElementById('whatif-data').textContent);
  var run = document.getElementById('whatif-run'), sx = document.getElementById('whatif-x'),
      sy = document.getElementById('whatif-y'), canvas = document.getElementById('whatif-map');
  data.runs.forEach(function (r, k) {
    var o = document.createElement('option'); o.value = k; o.textContent = r.title;
    run.appendChild(o);
  });
  function nearest(values, v) {
    var best = 0;
    values.forEach(function (w, k) { if (Math.abs(w - v) < Math.abs(values[best] - v)) best = k; });
    return best;
  }
  function draw() {
    var r = data.runs[run.value], ctx = canvas.getContext('2d');
    var nx = r.xs.length, ny = r.ys.length, w = canvas.width / nx, h = canvas.height / ny;
    for (var i = 0; i < nx; i++) for (var j = 0; j < ny; j++) {
      ctx.fillStyle = data.colours[+r.codes[i][j]];
      ctx.fillRect(i * w, canvas.height - (j + 1) * h, Math.ceil(w), Math.ceil(h));
    }
    function ring(i, j, colour, size) {
      ctx.beginPath(); ctx.lineWidth = 3; ctx.strokeStyle = colour;
      ctx.arc((i + 0.5) * w, canvas.height - (j + 0.5) * h, size, 0, 2 * Math.PI); ctx.stroke();
    }
    ring(nearest(r.xs, r.x0), nearest(r.ys, r.y0), '#ffffff', 9);
    ring(+sx.value, +sy.value, '#000000', 6);
  }
  function show() {
    var r = data.runs[run.value], i = +sx.value, j = +sy.value;
    var word = data.words[+r.codes[i][j]];
    document.getElementById('whatif-x-name').textContent = r.x;
    document.getElementById('whatif-y-name').textContent = r.y;
    document.getElementById('whatif-x-value').textContent = r.xs[i].toFixed(3);
    document.getElementById('whatif-y-value').textContent = r.ys[j].toFixed(3);
    document.getElementById('whatif-outcome').textContent = word;
    document.documentElement.dataset.whatifOutcome = word;
    draw();
  }
  function choose(k, i, j) {
    var r = data.runs[k]; run.value = k;
    sx.max = r.xs.length - 1; sy.max = r.ys.length - 1;
    sx.value = i === undefined ? nearest(r.xs, r.x0) : i;
    sy.value = j === undefined ? nearest(r.ys, r.y0) : j;
    show();
  }
  run.addEventListener('change', function () { choose(+run.value); });
  sx.addEventListener('input', show); sy.addEventListener('input', show);
  var m = /whatif=(\\d+),(\\d+),(\\d+)/.exec(location.hash);
  if (m) { choose(+m[1], +m[2], +m[3]); }
  else choose(0);
})();
"""
