"""The seminar report and handout: complete, linked to provenance, and rendered by a browser."""

from __future__ import annotations

import html.parser
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from sim.analysis.history import history_points
from sim.cli.pipeline import RunSettings, run, run_pairs
from sim.report.summary import fact_anchor, headline
from sim.report.seminar import write_seminar

pytestmark = pytest.mark.slow  # every test reads one run of the main job (seconds)


@pytest.fixture(scope="module")
def run_folder(tmp_path_factory) -> tuple[Path, list]:
    folder = tmp_path_factory.mktemp("seminar_run")
    return folder, run(RunSettings(), folder)


class _Page(html.parser.HTMLParser):
    """Ids, links and the digits that stand outside any link (with where they stand)."""

    EXEMPT_TAGS = {"a", "h1", "h2", "h3", "h4", "th", "summary", "title", "style", "script", "header", "figcaption"}
    EXEMPT_CLASSES = {"provenance", "model", "cite"}  # the provenance itself

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.ids, self.links, self.unlinked = [], set(), [], []
        self.images = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "img":
            self.images += 1
            return
        if tag in ("meta", "br", "link"):
            return
        self.stack.append((tag, set((attrs.get("class") or "").split())))
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a":
            self.links.append(attrs.get("href", ""))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if not re.search(r"\d", data) or not any(tag == "main" for tag, _ in self.stack):
            return
        if any(tag in self.EXEMPT_TAGS or classes & self.EXEMPT_CLASSES for tag, classes in self.stack):
            return
        self.unlinked.append(data.strip())


def _page(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def test_the_main_job_writes_the_report_handout_and_markdown(run_folder):
    folder, results = run_folder
    report = (folder / "report.html").read_text(encoding="utf-8")
    for result in results:
        assert result.scenario_title in report
        assert headline(result) in report
    assert "The combined forecast, fitted on the case library" in report
    # The one answer is the forecast, and the threat game's different answer says why.
    answer = report[report.index('id="answer"') : report.index('id="overview"')]
    assert answer.count("Forecast: ") == len(results)
    assert answer.count("the threat game with uncertain resolve alone says") == len(results)
    for section in (
        "What happens, and why",
        "every input and where it comes from",
        "payoff matrices",
        "threat game",
        "Bargaining",
        "repeated game",
        "tipping points",
        "historical cases",
        "models and their sources",
    ):
        assert section in report
    markdown = (folder / "report.md").read_text(encoding="utf-8")
    for image in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", markdown):
        assert (folder / image).is_file(), image
    assert markdown.count("](#") > 100


@pytest.mark.parametrize("name", ["report.html", "handout.html", "answer_key.html", "slides.html"])
def test_every_link_leads_somewhere(run_folder, name):
    page = _page(run_folder[0] / name)
    broken = sorted({href for href in page.links if not href.startswith("#") or href[1:] not in page.ids})
    assert not broken, broken[:10]


def test_every_number_in_the_report_links_to_its_provenance(run_folder):
    page = _page(run_folder[0] / "report.html")
    assert len(page.links) > 500
    assert not page.unlinked, page.unlinked[:10]


def test_every_input_has_a_provenance_row_with_kind_and_quote(run_folder):
    folder, results = run_folder
    page = _page(folder / "report.html")
    report = (folder / "report.html").read_text(encoding="utf-8")
    for result in results:
        for fact in result.facts:
            assert fact_anchor(result, fact.name) in page.ids
            if fact.quote:
                assert fact.quote.replace("&", "&amp;").replace("<", "&lt;") in report
        for source in result.sources:
            assert f"source-{source.name}" in page.ids


def test_conflicting_article_figures_are_shown_as_such(run_folder):
    folder, results = run_folder
    report = (folder / "report.html").read_text(encoding="utf-8")
    assert "Conflicting figures" in report
    conflicting = {fact.name for r in results for fact in r.facts if fact.alternatives}
    assert "japan_china_trade" in conflicting
    section = report[report.index("Conflicting figures") : report.index("</ul>", report.index("Conflicting figures"))]
    for name in conflicting:
        assert name in section


def test_the_handout_asks_four_questions_and_the_key_answers_them_from_the_numbers(run_folder):
    folder, results = run_folder
    handout = (folder / "handout.html").read_text(encoding="utf-8")
    key = (folder / "answer_key.html").read_text(encoding="utf-8")
    assert "@media print" in handout and "break-before: page" in handout
    assert handout.count('class="question"') == key.count('class="question"') == 4
    assert handout.count("<img") == key.count("<img") == 4  # one figure per question
    first_of_each_leader = {r.japan: r for r in reversed(results)}.values()
    for result in first_of_each_leader:
        assert headline(result) in key  # question 1
        assert f"probability {result.sequential.pbe.concede:.2f}" in text_of_html(key)  # q2
        assert result.scenario_title in handout and result.scenario_title in key
        assert "Answer:" in key and "Answer:" not in handout
        for value in result.us_payoffs[0] + result.japan_payoffs[1]:  # the matrix is given
            assert f"{value:.1f}" in handout
        nearest = _nearest_tipping(result)  # question 4: by its definition
        if nearest is not None:
            q4 = text_of_html(key[key.index('id="q4"') :])
            leader = result.japan_label.split(":")[0]
            answer = q4[q4.index(f"Answer: {leader}") :].split("Next nearest")[0]
            assert nearest.parameter.replace("_", " ") in answer


def _nearest_tipping(result):
    """The tipping point that changes the present outcome with the smallest relative move."""
    from sim.model.payoffs import JAPAN_ACTIONS, US_ACTIONS

    current = " | ".join(
        f"{US_ACTIONS[eq.row_strategy.index(1.0)]}/{JAPAN_ACTIONS[eq.col_strategy.index(1.0)]}"
        if eq.is_pure
        else "mixed"
        for eq in result.equilibria
    )
    shares = [
        (abs(p.value - p.current) / abs(p.current), p)
        for p in result.tipping_points
        if (p.below if p.value > p.current else p.above) == current
    ]
    return min(shares, key=lambda pair: pair[0])[1] if shares else None


def text_of_html(page: str) -> str:
    return re.sub(r"<[^>]+>", "", page)


@pytest.fixture(scope="module")  # module scope: made before the function-scoped guard
def history():
    return history_points(list({s.name: s for s, _ in run_pairs(RunSettings())}.values()))


@pytest.fixture(scope="module")
def forecasts():
    from sim.cli.pipeline import _preset, run_forecasts
    from sim.data.presets import USPreset

    settings = RunSettings()
    return run_forecasts(settings, run_pairs(settings), _preset(USPreset, settings.us))


@pytest.fixture(scope="module")
def leaders():
    from sim.cli.pipeline import leader_rows
    from sim.data.presets import USPreset, load_preset

    settings = RunSettings()
    return leader_rows(settings, run_pairs(settings), load_preset(USPreset, "trump_2025"))


@pytest.fixture(scope="module")
def grids(run_folder):
    from sim.cli.pipeline import whatif_grids
    from sim.data.presets import USPreset, load_preset

    settings = RunSettings()
    return whatif_grids(settings, run_folder[1], run_pairs(settings), load_preset(USPreset, "trump_2025"))


@pytest.mark.usefixtures("no_model_computation")
def test_the_seminar_files_never_compute_models_and_are_byte_identical(
    run_folder, tmp_path, history, forecasts, leaders, grids
):
    folder, results = run_folder
    for png in folder.glob("*.png"):
        shutil.copy(png, tmp_path / png.name)
    write_seminar(results, tmp_path, history, forecasts, leaders, grids)
    for name in ("report.html", "report.md", "handout.html", "answer_key.html", "slides.html"):
        assert (tmp_path / name).read_bytes() == (folder / name).read_bytes(), name


def _chromium() -> str | None:
    return next((path for path in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if path), None)


NO_BROWSER = "no Chromium on this machine (apt-get install chromium; .ci/run installs it)"


def _flags(tmp_path) -> list[str]:
    return [
        _chromium(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--virtual-time-budget=10000",
    ]


def _dom(tmp_path, path: Path, width: int = 1400, height: int = 2000) -> str:
    return subprocess.run(
        [*_flags(tmp_path), f"--window-size={width},{height}", "--dump-dom", path.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout


@pytest.mark.skipif(_chromium() is None, reason=NO_BROWSER)
@pytest.mark.parametrize("name, figures", [("report.html", 7), ("handout.html", 4), ("answer_key.html", 4)])
def test_a_headless_browser_renders_the_page_with_every_figure(run_folder, tmp_path, name, figures):
    path = run_folder[0] / name
    dom = _dom(tmp_path, path)
    images = _page(path).images
    assert images == figures
    assert f'data-figures="{images}/{images}"' in dom  # set by the page once all have loaded
    assert 'class="broken"' not in dom
    shot = tmp_path / "page.png"
    subprocess.run(
        [*_flags(tmp_path), "--window-size=1400,2000", f"--screenshot={shot}", path.as_uri()],
        capture_output=True,
        timeout=120,
        check=True,
    )
    from PIL import Image

    with Image.open(shot) as picture:
        colours = picture.convert("RGB").getcolors(maxcolors=1 << 20)
    assert picture.size == (1400, 2000)
    assert colours is None or len(colours) > 50  # a rendered page, not a blank one


@pytest.mark.skipif(_chromium() is None, reason=NO_BROWSER)
@pytest.mark.parametrize("name, most", [("handout.html", 4), ("answer_key.html", 8), ("report.html", 16)])
def test_the_pages_print_to_a4_within_their_page_budget(run_folder, tmp_path, name, most):
    pdf = tmp_path / "page.pdf"
    subprocess.run(
        [*_flags(tmp_path), "--no-pdf-header-footer", f"--print-to-pdf={pdf}", (run_folder[0] / name).as_uri()],
        capture_output=True,
        timeout=180,
        check=True,
    )
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))
    assert 1 <= pages <= most, f"{name} prints to {pages} A4 pages"


@pytest.mark.skipif(_chromium() is None, reason=NO_BROWSER)
@pytest.mark.parametrize("width", [1280, 1920])
def test_the_report_fits_the_screen_and_its_figure_text_projects(run_folder, tmp_path, width):
    dom = _dom(tmp_path, run_folder[0] / "report.html", width, 1080)
    page_width = int(re.search(r'data-scroll-width="(\d+)"', dom).group(1))
    assert page_width <= width  # no sideways overflow
    smallest = float(re.search(r'data-smallest-text="([\d.]+)"', dom).group(1))
    if width == 1920:  # measured on the page: each figure's smallest text as displayed
        assert smallest >= 14.0, f"smallest figure text {smallest} px at {width} px"


@pytest.mark.skipif(_chromium() is None, reason=NO_BROWSER)
def test_a_clicked_number_lands_with_its_target_below_the_sticky_header(run_folder, tmp_path):
    folder, results = run_folder
    target = fact_anchor(results[0], "approval")
    dom = subprocess.run(
        [*_flags(tmp_path), "--window-size=1280,800", "--dump-dom", (folder / "report.html").as_uri() + "#" + target],
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout
    top = int(re.search(r'data-target-top="(-?\d+)"', dom).group(1))
    header = int(re.search(r'data-header-height="(\d+)"', dom).group(1))
    assert header > 0 and header <= top < 800  # visible, not under the header


def _crossing(grids):
    """A run, a y index and two x indices of its what-if grid on either side of a tipping
    line, nearest the run's own approval."""
    for k, g in enumerate(grids):
        j = min(range(len(g.ys)), key=lambda j: abs(g.ys[j] - g.y_current))
        for i in range(len(g.xs) - 1):
            if g.codes[i][j] != g.codes[i + 1][j]:
                return k, i, i + 1, j, g
    raise AssertionError("no grid with a tipping line")


@pytest.mark.skipif(_chromium() is None, reason=NO_BROWSER)
def test_the_what_if_slider_changes_the_outcome_across_a_tipping_line(run_folder, tmp_path, grids):
    from sim.solve.outcome_classes import OUTCOME_WORDS

    folder, results = run_folder
    k, left, right, j, g = _crossing(grids)
    shown, matrices = [], []
    for i in (left, right):
        dom = subprocess.run(
            [
                *_flags(tmp_path),
                "--window-size=1400,900",
                "--dump-dom",
                (folder / "report.html").as_uri() + f"#whatif={k},{i},{j}",
            ],
            capture_output=True,
            text=True,
            timeout=120,
        ).stdout
        shown.append(re.search(r'data-whatif-outcome="([^"]*)"', dom).group(1))
        matrices.append(re.search(r'data-whatif-matrix="([^"]*)"', dom).group(1))
        assert shown[-1] == OUTCOME_WORDS[int(g.codes[i][j])]
        assert f"Japan {g.japan[i][j][1][1]:.1f}" in matrices[-1]  # the grid point's matrix
    assert shown[0] != shown[1] and matrices[0] != matrices[1]
    # the grid agrees with the run's own map where their inputs meet (the run's x, its y)
    result = results[[r.label for r in results].index(g.label)]
    assert result.equilibrium_map.x_values[0] == pytest.approx(g.xs[0])


@pytest.mark.skipif(_chromium() is None, reason=NO_BROWSER)
def test_the_slides_open_offline_one_screen_at_a_time(run_folder, tmp_path):
    path = run_folder[0] / "slides.html"
    page = path.read_text(encoding="utf-8")
    assert 'src="data:image/png;base64,' in page  # the figures are inside the file
    assert not re.search(r"""(src|href)\s*=\s*["']?https?:|url\(\s*["']?https?:""", page)  # nothing loaded
    dom = subprocess.run(
        [*_flags(tmp_path), "--window-size=1920,1080", "--dump-dom", path.as_uri() + "#slide-3"],
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout
    slide, total = map(int, re.search(r'data-slide="(\d+)/(\d+)"', dom).groups())
    assert slide == 3 and total == len(re.findall(r"<section ", dom)) > 8
    assert dom.count('class="current"') == 1
    images = _page(path).images
    assert f'data-figures="{images}/{images}"' in dom and images >= 6


def test_the_history_figure_keeps_every_point_and_no_labels_overlap(history):
    from sim.report.seminar_figures import history_figure

    from matplotlib.backends.backend_agg import FigureCanvasAgg

    figure = history_figure(history)
    FigureCanvasAgg(figure).draw()
    left = figure.axes[0]
    labels = [t for t in left.get_yticklabels() if t.get_text()]
    assert len(labels) == len(history)  # none dropped, undated ones included
    boxes = sorted((t.get_window_extent() for t in labels), key=lambda b: b.y0)
    assert all(low.y1 <= high.y0 + 0.5 for low, high in zip(boxes, boxes[1:]))
