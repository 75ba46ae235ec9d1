"""Words, summary and figures are made from result records alone."""

from __future__ import annotations

import pytest

from sim.cli.pipeline import simulate
from sim.report.plots import (
    bargaining_figure,
    comparison_figure,
    payoff_region_figure,
    repeated_figure,
    save_figure,
    threat_figure,
)
from sim.report.seminar_figures import map_figure
from sim.report.summary import outcome_words
from sim.report.printed import summary_text
from sim.solve.solvers import Equilibrium


def test_outcome_words():
    assert outcome_words(Equilibrium((0.0, 1.0), (0.0, 1.0), 0, 0)) == "Japan resists, US imposes tariffs"
    assert outcome_words(Equilibrium((1.0, 0.0), (1.0, 0.0), 0, 0)) == "Japan concedes, US refrains from new tariffs"
    assert outcome_words(Equilibrium((0.25, 0.75), (0.4, 0.6), 0, 0)).startswith(
        "mixed: Japan concedes with probability 0.40, US imposes tariffs with probability 0.75"
    )


@pytest.fixture(scope="module")
def results(scenarios, ishiba, takaichi, trump):
    return [simulate(s, j, trump) for s in scenarios for j in (ishiba, takaichi)]


def test_summary_names_each_run(results):
    text = summary_text(results)
    for result in results:
        assert result.scenario_title in text
    assert "Equilibrium:" in text and "Against tariffs Japan" in text


@pytest.mark.slow
@pytest.mark.usefixtures("no_model_computation")
def test_plots_never_compute_models(results, tmp_path):
    figure = comparison_figure(results)
    paths = save_figure(figure, tmp_path / "comparison")
    assert [p.suffix for p in paths] == [".png", ".svg"]
    assert all(p.stat().st_size > 10_000 for p in paths)
    assert len(figure.axes) == 2 * len(results)
    region = payoff_region_figure(results)
    assert save_figure(region, tmp_path / "region")[0].stat().st_size > 10_000
    repeated = repeated_figure(results)
    assert save_figure(repeated, tmp_path / "repeated")[0].stat().st_size > 10_000
    maps = map_figure(results)
    assert save_figure(maps, tmp_path / "maps")[0].stat().st_size > 10_000
    bargaining = bargaining_figure(results)
    assert save_figure(bargaining, tmp_path / "bargaining")[0].stat().st_size > 10_000
    threat = threat_figure(results)
    assert save_figure(threat, tmp_path / "threat")[0].stat().st_size > 10_000
    assert sum(ax.get_visible() for ax in threat.axes) == len(results)
    summary_text(results)  # the text report reads records only, too


def test_summary_explains_the_sequential_and_two_level_games(results):
    text = summary_text(results)
    assert "Threat game, complete information (subgame perfect):" in text
    assert "Uncertain resolve (prior 0.60 that the US is resolved)" in text
    assert "Two-level deal (Putnam): the US asks for a" in text
    assert "Concession levels (3 US tariff levels x 5 Japanese concession levels):" in text
    assert "Tipping points (one parameter at a time" in text
    assert "Rubinstein, US proposes, one round at a time: Japan concedes" in text
    assert "Repeated game (50 rounds, noise 0.05, 2000 matches): US escalating_demand" in text


@pytest.mark.slow
def test_figures_are_byte_identical_across_saves(results, tmp_path):
    first = save_figure(comparison_figure(results[:2]), tmp_path / "a")
    second = save_figure(comparison_figure(results[:2]), tmp_path / "b")
    for one, two in zip(first, second):
        assert one.read_bytes() == two.read_bytes(), one.suffix


@pytest.mark.usefixtures("no_model_computation")
@pytest.mark.parametrize("name", ["threat", "bargaining", "repeated", "payoff_region", "matrix"])
def test_one_run_plots_draw_on_the_axes_given_and_return_its_figure(results, name):
    from matplotlib.figure import Figure

    from sim.report import plots

    draw = getattr(plots, name)
    figure = Figure()
    left, right = figure.subplots(1, 2)
    assert draw(results[0], ax=right) is figure
    assert right.has_data() or right.texts or right.tables
    assert not left.has_data()
    alone = draw(results[0])
    assert isinstance(alone, Figure) and alone is not figure and len(alone.axes) >= 1


@pytest.mark.slow
def test_png_bytes_are_savefigs_bytes_for_every_figure_of_a_run(tmp_path, monkeypatch):
    """One layout pass on the text-caching canvas (plots.png_bytes) gives the very bytes of
    savefig's two on matplotlib's own canvas, for each of the run's figures: savefig is given
    an identical copy of each figure (pickled), whose canvas is matplotlib's."""
    import io
    import pickle

    from sim.cli.pipeline import RunSettings, run_and_summarise
    from sim.report import plots

    one_pass = plots.png_bytes
    checked = []

    def checked_png_bytes(figure, options):
        copy = pickle.loads(pickle.dumps(figure))
        data = one_pass(figure, options)
        buffer = io.BytesIO()
        copy.savefig(buffer, format="png", **options)
        checked.append((figure.get_suptitle() or figure.axes[0].get_title(), data == buffer.getvalue()))
        return data

    monkeypatch.setattr(plots, "png_bytes", checked_png_bytes)
    run_and_summarise(RunSettings(figure_cache=False, figure_workers=0), tmp_path)
    assert len(checked) == len(list(tmp_path.glob("*.png"))) >= 16
    assert [title for title, same in checked if not same] == []
