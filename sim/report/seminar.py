"""The seminar report and handout, built from result records and the run's figures.

:func:`write_seminar` writes three files into a run folder: ``report.html`` (one
self-contained page to project: figures embedded, opens offline), ``report.md`` (the same
text as Markdown, figures beside it), ``handout.html`` (printable, for students: the cases
and an exercise sheet) and ``answer_key.html`` (the sheet with its answers, for the
instructor). Each leader's runs stand side by side. Every number is a link: an
input to its provenance row (source, quote; reported / derived / assumed), a payoff to the
terms that make it, a computed result to the explanation of the model that computed it.
Nothing here builds or solves a game: it reads :class:`sim.io.records.RunResult` records and
the PNG files the plots wrote.
"""

from __future__ import annotations

import textwrap
from functools import partial

from pathlib import Path

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
    Text,
    to_html,
    to_markdown,
)
from sim.model.payoffs import CELL_FORMULAS, JAPAN_ACTIONS, TERM_FORMULAS, TERM_INPUTS, TERM_LABELS, US_ACTIONS
from sim.report.summary import (
    because,
    deal_lines,
    fact_anchor,
    fact_ref,
    headline,
    levels_lines,
    model_ref,
    record_lines,
    repeated_lines,
    sequential_lines,
    tipping_lines,
    two_level_lines,
)
from sim.analysis.forecast_run import WORDS
from sim.report.leader_report import leader_section
from sim.report.handout import FIGURES, answer_key_document, handout_document, write_figure, write_figures
from sim.report.matrix import matrix_table
from sim.report.slides import slides_html
from sim.report.reconcile import ANSWER_HEADER, answers_row, conclusion, why_lines
from sim.io.records import RunResult, SourceRecord
from sim.io.safe_files import write_atomic
from sim.report.whatif import whatif_section
from sim.report.seminar_figures import REPORT_FIGURES, figure_block, write_report_figure, write_report_figures
from sim.report.seminar_text import CSS, MODELS


def write_seminar(
    results: list[RunResult], out_dir: Path, history=(), forecasts=(), leaders=(), grids=(), draw_figures: bool = True
) -> list[Path]:
    """Write ``report.html``, ``report.md``, ``handout.html`` and ``answer_key.html``.

    ``history`` holds the :class:`sim.analysis.history.HistoryPoint` records of the run (the article
    scenarios next to the historical cases); the report shows them when given.
    ``forecasts`` holds each run's :class:`sim.analysis.forecast_run.RunForecast` (none with
    ``calibration=none``); the report shows them beside the article-only equilibria.
    ``draw_figures=False``: the report's and handout's figures are already in ``out_dir``
    (drawn by :func:`figure_jobs`).
    """
    out_dir = Path(out_dir)
    if draw_figures:
        write_figures(results, out_dir)
        write_report_figures(results, history, out_dir)
    report = report_document(results, out_dir, history, forecasts, leaders, grids)
    files = {
        "report.html": to_html(report, CSS),
        "report.md": to_markdown(report, out_dir),
        "handout.html": to_html(handout_document(results, out_dir), CSS),
        "answer_key.html": to_html(answer_key_document(results, out_dir), CSS),
        "slides.html": slides_html(results, out_dir),
    }
    for name, text in files.items():
        write_atomic(out_dir / name, text)
    return [out_dir / name for name in files]


def figure_jobs(results: list[RunResult], history=(), formats=("png",)) -> list[tuple]:
    """The figures :func:`write_seminar` reads, as ``(function, *arguments)`` jobs that
    each write one figure into the folder given last (:mod:`sim.cli.figure_jobs`): with no
    ``history`` those of the runs alone, with it the history figure alone. The report's
    figures are also written in each other format of ``formats`` (``output.formats``)."""
    report_figure = partial(write_report_figure, formats=tuple(formats))
    if history:
        return [(report_figure, "history", results, history)]
    return [(report_figure, stem, results, ()) for stem in REPORT_FIGURES if stem != "history"] + [
        (write_figure, name, results) for name in FIGURES
    ]


def report_document(
    results: list[RunResult], out_dir: Path, history=(), forecasts=(), leaders=(), grids=()
) -> Document:
    """The full report: overview, forecast, the leader comparison, payoffs and each model,
    maps, the what-if panel, history, the record, the models, and the inputs' appendix."""

    def figure(stem: str, alt: str) -> Figure | Paragraph:
        return figure_block(Path(out_dir) / f"{stem}.png", alt, (REPORT_FIGURES[stem][1],))

    sections = (
        answer_section(results, forecasts),
        Section(
            "overview",
            "At a glance",
            (
                Paragraph(
                    (
                        "Each leader's runs stand side by side. Every number is a link: an "
                        "input leads to its source and quote, a payoff to the terms that make "
                        "it, a computed result to the model that computed it (hover for a "
                        "summary). Payoffs are in US$ bn a year; the US's first.",
                    )
                ),
                overview_table(results),
                figure("fig_incentives", "Japan's incentives under tariffs, one row per run"),
            ),
        ),
        *((forecast_section(results, forecasts),) if forecasts else ()),
        *((leader_section(leaders, {r.japan: r.japan_label for r in results}),) if leaders else ()),
        Section(
            "static",
            "The payoff matrices and the static game: who concedes, and why",
            (
                by_leader(
                    results,
                    "static",
                    lambda r: (
                        matrix_table(r),
                        terms_details(r),
                        Paragraph(("Equilibrium: ", model_ref(headline(r), "static"), ".")),
                        *lines_block(because(r)),
                        *lines_block(levels_lines(r)),
                    ),
                ),
            ),
        ),
        Section(
            "threat",
            "The threat game: is the threat a bluff?",
            (
                by_leader(results, "threat", lambda r: lines_block(sequential_lines(r))),
                figure("fig_tree", "The threat game as a tree, one per run"),
                figure("fig_belief", "Japan's belief in US resolve and where it concedes"),
            ),
        ),
        Section(
            "bargaining",
            "Bargaining over a deal",
            (
                by_leader(results, "bargaining", lambda r: lines_block([*deal_lines(r), *two_level_lines(r)])),
                figure("fig_deal", "Japan's concession in a deal, by solution, and the win-set cap"),
            ),
        ),
        Section(
            "repeated",
            "The repeated game",
            (
                by_leader(results, "repeated", lambda r: lines_block(repeated_lines(r))),
                figure("fig_repeated", "Japan's payoff a round in repeated play"),
            ),
        ),
        record_section(results),
        Section(
            "maps",
            "Equilibrium maps and tipping points",
            (
                figure("maps", "Equilibrium regions over two inputs, each run's position starred"),
                by_leader(
                    results,
                    "tipping",
                    lambda r: (
                        lines_block(tipping_lines(r, most=3))
                        or (Paragraph(("No single input within reach changes the outcome.",)),)
                    ),
                ),
            ),
        ),
        *((whatif_section(results, grids),) if grids else ()),
        *(
            (
                Section(
                    "history",
                    "Next to history: the historical cases",
                    (
                        *history_blocks(history),
                        figure("history", "The article scenarios next to the historical cases"),
                    ),
                ),
            )
            if history
            else ()
        ),
        Section("models", "The models and their sources", MODELS),
        Section(
            "facts",
            "Appendix: every input and where it comes from",
            (*conflicts(results), sources_table(results), *input_tables(results)),
            css="appendix",
        ),
    )
    return Document("Gaiatsu seminar report: Ishiba and Takaichi under US tariff pressure", subtitle(results), sections)


def subtitle(results: list[RunResult]) -> Text:
    leaders = ", ".join(dict.fromkeys(r.japan_label for r in results))
    return (f"{len(results)} runs: {leaders}; against {results[0].us_label}." if results else "no runs",)


def leaders_of(results: list[RunResult]) -> list[tuple[str, list[RunResult]]]:
    """The runs grouped by Japan preset, in the order they come."""
    names = dict.fromkeys(r.japan_label for r in results)
    return [(name, [r for r in results if r.japan_label == name]) for name in names]


def by_leader(results: list[RunResult], kind: str, blocks_of, fold: bool = False) -> Columns:
    """One column per leader; in each, one card per run with ``blocks_of(run)``."""

    def card(result: RunResult):
        title = f"{result.scenario_title} ({result.scenario_date})"
        if fold:
            return Details(title, tuple(blocks_of(result)))
        return Section(f"{kind}-{result.label}", title, tuple(blocks_of(result)), css="card")

    return Columns(tuple((leader, tuple(card(r) for r in runs)) for leader, runs in leaders_of(results)))


def forecast_section(results: list[RunResult], forecasts) -> Section:
    """One table: each run's combined forecast, its range and the reasons (the one-answer
    section above gives each forecast as a sentence, beside the article-only answer)."""
    by_label = {f.label: f for f in forecasts}
    rows = []
    for r in results:
        f = by_label.get(r.label)
        if f is None:
            continue
        top = max(f.probabilities, key=lambda c: f.probabilities[c])
        low, high = f.interval[top]
        rows.append(
            (
                *run_cells(r),
                (
                    model_ref(f"{WORDS[top]} {f.probabilities[top]:.0%}", "forecast"),
                    " (",
                    model_ref(f"{low:.0%} to {high:.0%}", "forecast"),
                    ")",
                ),
                tuple(part for reason in f.reasons for part in (model_ref(reason, "forecast"), "; "))[:-1],
            )
        )
    return Section(
        "forecast",
        "The combined forecast, fitted on the case library",
        (
            Paragraph(
                (
                    "The forecast pools the static, threat and bargaining models and the "
                    "case library's base rates, with parameters fitted on the historical "
                    "cases (calibration=fitted). The rest of the report explains the "
                    "article-only parameters (calibration=none), whose static equilibrium "
                    "can differ from the forecast: that is why both are shown.",
                )
            ),
            Table(("Leader", "Scenario", "Likeliest outcome (models' range)", "Why"), tuple(rows)),
        ),
    )


def record_section(results: list[RunResult]) -> Section:
    """One table: what the 1970-2000 sanctions record implies for each run, and whether the
    article models agree (the summary prints the same lines)."""

    def starts(line: Text, *words: str) -> bool:
        return bool(line) and isinstance(line[0], str) and line[0].strip().startswith(words)

    rows = []
    for r in results:
        lines = record_lines(r)
        if not lines:
            continue
        cell = lambda chosen: tuple(part for line in chosen for part in line)  # noqa: E731
        rows.append(
            (
                *run_cells(r),
                cell(lines[:1]),
                cell([line for line in lines[1:] if starts(line, "a US challenge", "equilibrium")]),
                cell([line for line in lines[1:] if starts(line, "Beside")]),
            )
        )
    why = next((line for r in results for line in record_lines(r) if starts(line, "Why")), ())
    return Section(
        "record",
        "What the 1970-2000 sanctions record implies",
        (
            Paragraph(
                (
                    "The crisis game of Lewis and Schultz, estimated on the TIES sanctions "
                    "record (python -m sim.estimate), evaluated at each run's covariates. ",
                    *why,
                )
            ),
            Table(
                ("Leader", "Scenario", "Fit and covariates", "Given a US challenge", "Beside the article models"),
                tuple(rows),
            ),
        ),
    )


def forecast_sentence(forecast) -> Text:
    """The combined forecast in one sentence: the likeliest outcome, its range, the rest."""
    probabilities = forecast.probabilities
    ranked = sorted(probabilities, key=lambda c: -probabilities[c])
    low, high = forecast.interval[ranked[0]]
    others: list = []
    for cls in ranked[1:]:
        others += [", " if others else "", model_ref(f"{WORDS[cls]} {probabilities[cls]:.0%}", "forecast")]
    return (
        "Forecast: ",
        model_ref(f"{WORDS[ranked[0]]} {probabilities[ranked[0]]:.0%}", "forecast"),
        " (the models range over ",
        model_ref(f"{low:.0%} to {high:.0%}", "forecast"),
        "); then ",
        *others,
        ".",
    )


def lines_block(lines: list[Text]) -> tuple:
    """Summary lines as paragraphs; indented lines become a bullet list under the one before."""
    blocks: list[Paragraph | Bullets] = []
    items: list[Text] = []
    for line in lines:
        first = line[0] if line else ""
        if isinstance(first, str) and first.startswith("  "):
            items.append((first[2:], *line[1:]))
            continue
        if items:
            blocks.append(Bullets(tuple(items)))
            items = []
        blocks.append(Paragraph(line))
    return tuple(blocks + ([Bullets(tuple(items))] if items else []))


def answer_section(results: list[RunResult], forecasts=()) -> Section:
    """What happens in each run and why: the reconciled answer, then why the models differ.

    With a fitted forecast the answer is the combined forecast, and the threat game's own
    answer under the article-only parameters follows, with why the two can differ.
    """
    by_label = {f.label: f for f in forecasts}

    def card(r: RunResult) -> tuple:
        f = by_label.get(r.label)
        answer = (
            (Paragraph(conclusion(r), css="answer"),)
            if f is None
            else (
                Paragraph(forecast_sentence(f), css="answer"),
                Paragraph(
                    (
                        "Under the article-only parameters (calibration=none), the threat game "
                        "with uncertain resolve alone says: ",
                        *conclusion(r),
                    )
                ),
            )
        )
        return (*answer, Paragraph(("Why the models differ:",)), Bullets(tuple(why_lines(r))))

    intro = (
        "One answer per run: the combined forecast (parameters fitted on the historical "
        "cases), then what the threat game with uncertain US resolve says under the "
        "article-only parameters. The two can differ because the forecast's parameters "
        "are fitted on the historical cases of each US administration and it adds the "
        "escalation path (tariffs first, a concession under them later), which the "
        "one-shot threat game lacks. "
        if by_label
        else "One answer per run: the threat "
        "game with uncertain US resolve, the only model with both features of every case "
        "(the US answers Japan's move; Japan cannot see whether the US is resolved). "
    )
    return Section(
        "answer",
        "What happens, and why",
        (
            Paragraph(
                (
                    intro + "Bargaining gives the size of a deal. Each other model drops one "
                    "feature; what that changes is said below each answer, from the numbers.",
                )
            ),
            by_leader(results, "answer", card),
        ),
    )


def run_cells(r: RunResult, target: str = "answer") -> tuple[Text, Text]:
    """A run's leader (linked to its preset) and scenario (linked to its card of ``target``)."""
    preset = next((f.name for f in r.facts if f.name.startswith(r.japan + ".")), r.japan)
    return ((fact_ref(r, preset, r.japan_label.split(":")[0]),), (Ref(r.scenario_title, f"{target}-{r.label}"),))


def overview_table(results: list[RunResult], target: str = "answer") -> Table:
    """One row per run: the reconciled answer and each model's, linked to where explained."""
    rows = [(*run_cells(r, target), *answers_row(r)) for r in results]
    return Table(("Leader", "Scenario", *ANSWER_HEADER), tuple(rows), css="answers")


def history_blocks(points) -> tuple:
    """The cases and article scenarios under the forecast's fit, with the hit count."""
    cases = [p for p in points if p.kind == "case"]
    held_out = [p for p in cases if p.out_of_sample]
    hits = sum(p.predicted_class == p.actual_class for p in held_out)
    share = lambda value: model_ref(f"{value:.2f}", "history")  # noqa: E731
    rows = tuple(
        (
            (model_ref(p.date, "history"),),
            (model_ref(textwrap.shorten(p.title, 60, placeholder=" ..."), "history"),),
            (f"{p.predicted_class.replace('_', ' ')} ", model_ref(f"{p.predicted_probability:.0%}", "history")),
            (p.actual_class.replace("_", " "),),
            (model_ref(f"{p.margin_under_tariffs:+.1f}", "history"),),
            (
                share(p.predicted_concession),
                *((" / ", share(p.actual_concession)) if p.actual_concession is not None else ()),
            ),
        )
        for p in points
    )
    return (
        Paragraph(
            (
                "Every US–Japan case and article scenario under the era-aware forecast "
                "that gives this report's headline (each case with its own "
                "administration's preset; the leader presets play no part here). Each "
                "case shows its leave-one-out forecast, made without it; its most "
                "probable class is right for ",
                model_ref(str(hits), "history"),
                " of ",
                model_ref(str(len(held_out)), "history"),
                " cases. The article scenarios are forecast by the fit on all cases, as the headline is.",
            )
        ),
        Table(
            (
                "Date",
                "Case or article scenario (no outcome)",
                "Forecast: most probable class",
                "What happened",
                "Resist minus concede",
                "Concession: predicted / coded",
            ),
            rows,
            css="history",
        ),
    )


def conflicts(results: list[RunResult]) -> tuple:
    """The figures where sources disagree, per scenario, with the choice made; linked."""
    items: dict[tuple[str, str], Text] = {}
    for r in results:
        for fact in r.facts:
            if fact.alternatives:
                items.setdefault(
                    (r.scenario, fact.name),
                    (
                        Ref(
                            f"{r.scenario_title}: {fact.name} = {fact.stated} ({fact.kind}) against "
                            f"{fact.alternatives}",
                            fact_anchor(r, fact.name),
                        ),
                    ),
                )
    if not items:
        return ()
    return (
        Paragraph(
            (
                "Conflicting figures. The sources disagree on these; both figures are "
                "kept and the choice is stated (on paper: in the shaded rows below):",
            ),
            css="conflict",
        ),
        Bullets(tuple(items.values()), css="screen-only"),
    )


def input_tables(results: list[RunResult]) -> tuple:
    """Every input once: a table per scenario (its facts), then one per preset."""
    blocks, seen = [], set()
    for r in results:
        if r.scenario not in seen:
            seen.add(r.scenario)
            blocks.append(
                Section(
                    f"facts-{r.scenario}",
                    f"{r.scenario_title} ({r.scenario_date})",
                    (facts_table(r, [f for f in r.facts if "." not in f.name]),),
                )
            )
    for r in results:
        for preset, label in ((r.japan, r.japan_label), (r.us, r.us_label)):
            if preset not in seen:
                seen.add(preset)
                mine = [f for f in r.facts if f.name.startswith(preset + ".")]
                blocks.append(Section(f"facts-preset-{preset}", f"Preset: {label}", (facts_table(r, mine),)))
    return tuple(blocks)


def facts_table(result: RunResult, facts=None) -> Table:
    """Inputs of a run (all by default): value, kind, source and quote (or the reason),
    and the other figures where sources disagree."""
    rows, ids, css = [], [], []
    for fact in result.facts if facts is None else facts:
        source = (Ref(fact.source, f"source-{fact.source}"), ": ") if fact.source else ()
        quote = (f"\u201c{fact.quote}\u201d",) if fact.quote else ()
        reason = (f" {fact.reason}",) if fact.reason else ()
        others = (" Other figures: " + fact.alternatives,) if fact.alternatives else ()
        rows.append(((fact.name,), (_stated(fact),), (fact.kind,), (*source, *quote, *reason, *others)))
        ids.append(fact_anchor(result, fact.name))
        css.append(f"kind-{fact.kind}" + (" conflict" if fact.alternatives else ""))
    return Table(
        ("Input", "Value", "Kind", "Source and quote, or reason; other figures"),
        tuple(rows),
        tuple(ids),
        tuple(css),
        css="provenance",
    )


def _stated(fact) -> str:
    """The value as the source states it, with its unit once (never "0.5 fraction fraction")."""
    stated = fact.stated.strip()
    if fact.unit and len(stated.split()) == 1:
        stated = f"{stated} {fact.unit}"
    for code, words in UNIT_WORDS.items():
        stated = stated.replace(code, words)
    return stated


#: Unit codes of the scenario format in words, longest first.
UNIT_WORDS = {"USD_bn_per_year": "US$ bn a year", "JPY_per_USD": "yen per US$", "USD_bn": "US$ bn", "JPY_tn": "yen tn"}


def sources_table(results: list[RunResult]) -> Table:
    """Each source once: title, date, publisher and address where given, reliability."""
    seen: dict[str, SourceRecord] = {}
    for r in results:
        for source in r.sources:
            seen.setdefault(source.name, source)
    rows = tuple(
        (
            (name,),
            (s.title,),
            (s.date,),
            (", ".join(part for part in (s.publisher, s.address) if part),),
            (s.reliability,),
        )
        for name, s in seen.items()
    )
    return Table(
        ("Source", "Title", "Date", "Publisher", "Reliability"),
        rows,
        tuple(f"source-{name}" for name in seen),
        css="provenance",
    )


def terms_details(result: RunResult) -> Details:
    """The named terms: value, formula and the inputs each reads (linked to their sources)."""
    rows, ids = [], []
    recorded = {f.name for f in result.facts} | {f.name.rsplit(".", 1)[-1] for f in result.facts}
    for name in result.terms:
        inputs: list = []
        for k, parameter in enumerate(TERM_INPUTS.get(name, (name,))):
            # an era-structure input the run leaves at its neutral default has no row
            inputs += [
                ", " if k else "",
                fact_ref(result, parameter, parameter) if parameter in recorded else f"{parameter} (not set: neutral)",
            ]
        rows.append(
            (
                (TERM_LABELS.get(name, name),),
                (f"{result.terms[name]:.2f}",),
                (TERM_FORMULAS.get(name, name),),
                tuple(inputs),
            )
        )
        ids.append(f"term-{result.label}-{name}")
    table = Table(("Term", "Value", "Formula", "Inputs"), tuple(rows), tuple(ids), css="provenance")
    cells = "; ".join(
        f"{US_ACTIONS[i]}/{JAPAN_ACTIONS[j]}: US {us}, Japan {japan}" for (i, j), (us, japan) in CELL_FORMULAS.items()
    )
    return Details(
        "How each payoff is made",
        (
            Section(
                f"terms-{result.label}",
                "Payoff terms (US$ bn a year)",
                (Paragraph((f"Cells: {cells}; loss(x) = max(0, x - O).",), css="provenance"), table),
            ),
        ),
    )
