"""The what-if panel of the report: two sliders over each run's precomputed equilibrium map.

The grid (:class:`sim.analysis.whatif_grid.WhatIfGrid`, solved by the main job: outcome codes and
payoff matrices) is embedded in the page as JSON; moving a slider moves the run's point over
it and shows the matrix and the outcome of the grid point it lands on, and where the run's
own inputs sit. No server
and no solving: the page only looks numbers up. ``#whatif=RUN,X,Y`` in the address sets
the sliders (grid indices) on load, and the page records the shown outcome in
``<html data-whatif-outcome>`` and the matrix in ``data-whatif-matrix`` (tests use them).
"""

from __future__ import annotations

import html
import json

from sim.report.document import Paragraph, Raw, Section
from sim.io.records import RunResult
from sim.report.seminar_figures import plain
from sim.solve.outcome_classes import OUTCOME_WORDS

COLOURS = ("#009E73", "#56B4E9", "#E69F00", "#D55E00", "#CC79A7", "#F0E442", "#999999")


def whatif_data(results: list[RunResult], grids) -> list[dict]:
    """Each run's what-if grid (:class:`sim.analysis.whatif_grid.WhatIfGrid`) as plain JSON data."""
    titles = {r.label: f"{r.japan_label.split(':')[0]}: {r.scenario_title}" for r in results}
    return [
        {
            "label": g.label,
            "title": titles.get(g.label, g.label),
            "x": plain(g.x_name, g.x_unit),
            "y": plain(g.y_name, g.y_unit),
            "xs": list(g.xs),
            "ys": list(g.ys),
            "codes": list(g.codes),
            "us": g.us,
            "japan": g.japan,
            "x0": g.x_current,
            "y0": g.y_current,
        }
        for g in grids
    ]


def whatif_section(results: list[RunResult], grids) -> Section:
    """The panel: a run chooser, two sliders, the map in a canvas, the matrix, the outcome."""
    data = json.dumps(
        {"runs": whatif_data(results, grids), "words": OUTCOME_WORDS, "colours": COLOURS}, separators=(",", ":")
    )
    widget = (
        f'<div class="whatif screen-only"><script type="application/json" '
        f'id="whatif-data">{html.escape(data, quote=False)}</script>'
        '<label>Run <select id="whatif-run"></select></label>'
        '<div class="whatif-grid"><canvas id="whatif-map" width="302" height="302">'
        '</canvas><div><label><span id="whatif-x-name"></span>: <b id="whatif-x-value">'
        '</b><br><input type="range" id="whatif-x" min="0" value="0"></label>'
        '<label><span id="whatif-y-name"></span>: <b id="whatif-y-value"></b><br>'
        '<input type="range" id="whatif-y" min="0" value="0"></label>'
        '<p class="answer">Outcome: <span id="whatif-outcome"></span></p>'
        '<table class="matrix" id="whatif-matrix"></table>'
        '<p id="whatif-note"></p></div></div></div>'
        f"<script>{_SCRIPT}</script>"
    )
    return Section(
        "whatif",
        "What if? Move two inputs and watch the outcome",
        (
            Paragraph(
                (
                    "Each run's stage game, solved by the run on a grid of two inputs, is in "
                    "the page: choose a run, move the sliders, and the point moves over the "
                    "map; the payoff matrix and the outcome are the grid's at that point "
                    "(other inputs stay at the run's values). The white ring is the grid "
                    "point nearest the run's own inputs.",
                )
            ),
            Raw(widget, "(The what-if sliders work in report.html.)"),
        ),
    )


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
    var rows = [['', 'Japan concedes', 'Japan resists']];
    ['US refrains', 'US imposes tariffs'].forEach(function (name, a) {
      rows.push([name].concat([0, 1].map(function (b) {
        return 'US ' + r.us[i][j][a][b].toFixed(1) + ', Japan ' + r.japan[i][j][a][b].toFixed(1);
      })));
    });
    var table = document.getElementById('whatif-matrix');
    table.innerHTML = '';
    rows.forEach(function (cells, a) {
      var tr = document.createElement('tr');
      cells.forEach(function (text) {
        var td = document.createElement(a === 0 ? 'th' : 'td'); td.textContent = text;
        tr.appendChild(td);
      });
      table.appendChild(tr);
    });
    document.documentElement.dataset.whatifMatrix = rows.slice(1).map(function (row) {
      return row.slice(1).join('; ');
    }).join(' | ');
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
