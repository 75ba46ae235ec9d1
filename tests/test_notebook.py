"""The notebook tour (docs/notebooks/tour.ipynb) runs from top to bottom, and is kept in the
repository without outputs. A small runner executes its code cells in one namespace (the
notebook's kernel state), so the test needs no Jupyter installation."""

from __future__ import annotations

import json
from pathlib import Path

from matplotlib.figure import Figure

NOTEBOOK = Path(__file__).resolve().parents[1] / "docs" / "notebooks" / "tour.ipynb"


def code_cells(path: Path) -> list[dict]:
    return [c for c in json.loads(path.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "code"]


def run_notebook(path: Path) -> dict:
    """Execute every code cell in order; the namespace afterwards."""
    namespace: dict = {"__name__": "__main__"}
    for number, cell in enumerate(code_cells(path)):
        exec(compile("".join(cell["source"]), f"{path.name}[cell {number}]", "exec"), namespace)
    return namespace


def test_the_tour_runs_and_draws_both_maps():
    namespace = run_notebook(NOTEBOOK)
    assert isinstance(namespace["figure"], Figure)
    assert len(namespace["figure"].axes) == 2
    assert all(ax.collections for ax in namespace["figure"].axes)  # the outcome regions
    assert namespace["equilibria"] == namespace["game"].equilibria()
    assert namespace["grid"].x_name == "auto_tariff_rate"
    panels = namespace["panels"]  # the run's analyses, drawn on axes the notebook made
    assert len(panels.axes) == 2 and all(ax.lines for ax in panels.axes)
    assert namespace["result"].analysis("sequential") is not None


def test_the_tour_is_stored_without_outputs():
    for cell in code_cells(NOTEBOOK):
        assert cell["outputs"] == [] and cell["execution_count"] is None
