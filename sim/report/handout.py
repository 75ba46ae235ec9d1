"""The handout (four printed A4 pages) and its answer key, from result records.

The handout takes each leader's first case. Every question has its page with what it needs
(the matrices and decisive terms, the threat game's payoffs, the bargaining inputs, the
tipping points) and one figure; each question has one correct answer per case. The answer
key repeats the pages with the answer and the reasoning from the numbers in place of the
blank lines. Nothing here computes a model.
"""

from __future__ import annotations

from pathlib import Path

from sim.report.document import Bullets, Columns, Document, Paragraph, Section, Table, Text, unlink_missing
from sim.report.reconcile import conclusion
from sim.report.matrix import matrix_table
from sim.model.payoffs import TERM_LABELS
from sim.report.summary import (
    changing_tipping_points,
    reasons,
    because,
    class_words,
    deal_lines,
    fact_ref,
    headline,
    model_ref,
    payoff_ref,
    sequential_lines,
    term_ref,
)
from sim.io.records import RunResult
from sim.report.seminar_figures import (
    deal_figure,
    incentives_figure,
    figure_block,
    map_figure,
    save_png,
    threat_tree_figure,
)

#: The PNG files the handout shows, one per question, drawn for an A4 page.
FIGURES = ("handout_q1", "handout_q2", "handout_q3", "handout_q4")
DECISIVE = (
    "concession_cost_to_japan",
    "audience_cost",
    "security_linkage_cost",
    "tariff_saved_by_conceding",
    "tariff_value_to_us",
    "precedent_cost_to_us",
    "us_self_harm",
)


def first_cases(results: list[RunResult]) -> list[RunResult]:
    """Each leader's first run, in the order the leaders come."""
    return list({r.japan_label: r for r in reversed(results)}.values())[::-1]


def write_figures(results: list[RunResult], out_dir: Path) -> None:
    """The four handout figures of the leaders' first cases (A4 width)."""
    for name in FIGURES:
        write_figure(name, results, out_dir)


def write_figure(name: str, results: list[RunResult], out_dir: Path) -> None:
    """The handout figure ``name`` (one of :data:`FIGURES`) as ``out_dir/name.png``."""
    make = dict(zip(FIGURES, (incentives_figure, threat_tree_figure, deal_figure, map_figure)))[name]
    save_png(make(first_cases(results), width=7.0), Path(out_dir) / f"{name}.png")


def handout_document(results: list[RunResult], out_dir: Path) -> Document:
    """The student's sheet: four pages, a question on each, blank lines to answer."""
    return _pages(results, out_dir, "Gaiatsu seminar handout: coercion, concession and resistance", answers=False)


def answer_key_document(results: list[RunResult], out_dir: Path) -> Document:
    """The instructor's copy: the same pages, answers with their reasoning."""
    return _pages(results, out_dir, "Gaiatsu seminar handout: answer key", answers=True)


QUESTIONS = (
    (
        "q1",
        "1. The simultaneous game",
        "For each case, which cell of the matrix is the equilibrium? Check both best responses, "
        "then name the two sums of terms whose comparison decides Japan's choice under tariffs.",
    ),
    (
        "q2",
        "2. The threat game",
        "In the full game, where a bluffing US (one that gains nothing from tariffs) also "
        "chooses whether to threaten, with what probability does Japan concede to a threat? "
        "Start from the threshold belief mu* at which Japan is indifferent.",
    ),
    (
        "q3",
        "3. Bargaining over a deal",
        "What share of the US demand does Japan concede in the Rubinstein deal (the US "
        "proposing), and does the domestic win-set cap bind?",
    ),
    (
        "q4",
        "4. Tipping points",
        "What is the smallest share of its present value by which a single input must move to "
        "change the simultaneous game's outcome? Name the input (inputs within half a "
        "percentage point of each other count as one answer) and the new outcome.",
    ),
)


def _pages(results, out_dir, title, answers: bool) -> Document:
    runs = first_cases(results)
    given = (_q1_given, _q2_given, _q3_given, _q4_given)
    solved = (_q1_answer, _q2_answer, _q3_answer, _q4_answer)
    captions = (
        "Japan's reasons to concede or resist under tariffs.",
        "Bold: the path when Japan knows the US is resolved.",
        "Each solution's concession and the win-set cap.",
        "Equilibria over two inputs; the star is the case.",
    )
    sections = []
    for k, (anchor, heading, question) in enumerate(QUESTIONS):
        blocks = [
            Paragraph((question,), css="question"),
            Columns(tuple((r.japan_label.split(":")[0], given[k](r)) for r in runs)),
            figure_block(Path(out_dir) / f"{FIGURES[k]}.png", heading, (captions[k],)),
        ]
        if answers:
            blocks.append(Columns(tuple((f"Answer: {r.japan_label.split(':')[0]}", solved[k](r)) for r in runs)))
        else:
            blocks += [Paragraph(("",), css="blank") for _ in range(3)]
        sections.append(Section(anchor, heading, tuple(blocks), css="page"))
    intro = Paragraph(
        (
            f"Two cases, one per leader, against {runs[0].us_label}: "
            + "; ".join(f"{r.japan_label.split(':')[0]}: {r.scenario_title} ({r.scenario_date})" for r in runs)
            + ". Payoffs in US$ bn a year, the US's first.",
        )
    )
    sections[0] = Section("q1", sections[0].title, (intro, *sections[0].blocks), css="page")
    return unlink_missing(
        Document(
            title,
            (f"{len(runs)} cases; the full report has every run, the sources of every input and the models.",),
            tuple(sections),
        )
    )


# -- what each question needs ------------------------------------------------------------


def _q1_given(r: RunResult) -> tuple:
    rows = tuple(((TERM_LABELS.get(name, name),), (term_ref(r, name),)) for name in DECISIVE)
    return (matrix_table(r, stars=False), Table(("Term", "US$ bn a year"), rows, css="compact"))


def _q2_given(r: RunResult) -> tuple:
    A, B, G = r.us_payoffs, r.japan_payoffs, r.terms["tariff_value_to_us"]
    money = lambda value: payoff_ref(r, value)  # noqa: E731
    rows = (
        ("Japan concedes (the US refrains)", money(A[0][0]), money(B[0][0])),
        ("Japan resists, a resolved US carries out", money(A[1][1]), money(B[1][1])),
        ("Japan resists, a bluffing US carries out", money(A[1][1] - G), money(B[1][1])),
        ("Japan resists, the US backs down", money(A[0][1]), money(B[0][1])),
        ("No threat (status quo)", "0.0", "0.0"),
    )
    return (
        Table(("Outcome", "US", "Japan"), tuple(tuple((c,) for c in row) for row in rows), css="compact"),
        Paragraph(
            (
                "Prior that the US is resolved: ",
                fact_ref(r, "resolve_prior", f"{r.analysis('sequential').pbe.prior:.2f}"),
                ".",
            )
        ),
    )


def _q3_given(r: RunResult) -> tuple:
    deal = r.deal
    if deal is None:
        return (Paragraph(("No deal is analysed for this case.",)),)
    patience = next((f for f in r.facts if f.name.endswith(".patience") and f.name.startswith(r.japan)), None)
    us_patience = next((f for f in r.facts if f.name.endswith(".patience") and f.name.startswith(r.us)), None)
    rows = [
        ("If talks fail: US", payoff_ref(r, deal.disagreement[0])),
        ("If talks fail: Japan", payoff_ref(r, deal.disagreement[1])),
        ("Domestic win-set cap (share of the demand)", model_ref(f"{deal.win_set_cap:.0%}", "bargaining")),
    ]
    for fact, who in ((patience, "Japan"), (us_patience, "US")):
        if fact is not None:
            rows.append((f"{who}'s patience (discount factor)", fact_ref(r, fact.name, fact.stated)))
    return (Table(("Input", "Value"), tuple(((a,), (b,)) for a, b in rows), css="compact"),)


def _q4_given(r: RunResult) -> tuple:
    rows = []
    share = lambda p: abs(p.value - p.current) / max(abs(p.current), 1e-9)  # noqa: E731
    nearest = sorted(_changing(r), key=share)[:6]  # the answer and its nearest rivals
    for point in sorted(nearest, key=lambda p: (p.parameter, p.value)):
        rows.append(
            (
                (point.parameter.replace("_", " "),),
                (fact_ref(r, point.parameter, f"{point.current:.4g}"),),
                (model_ref(f"{point.value:.4g}", "tipping"),),
                (class_words(point.above if point.value > point.current else point.below),),
            )
        )
    return (
        Paragraph(
            (
                "Now: ",
                model_ref(headline(r), "static"),
                ". The six inputs nearest to a tipping point, in alphabetical order:",
            )
        ),
        Table(("Input", "Now", "Tips at", "Outcome beyond"), tuple(rows), css="compact"),
    )


def _changing(r: RunResult) -> list:
    """The tipping points that change the present outcome, the nearest per input and side."""
    return changing_tipping_points(r, lambda p: abs(p.value - p.current))


# -- the answers, with their reasoning -----------------------------------------------------


def _q1_answer(r: RunResult) -> tuple:
    return (
        Paragraph(("Equilibrium: ", model_ref(headline(r), "static"), ".")),
        Bullets(tuple(_strip(line) for line in [*reasons(r)[:2], *reasons(r)[3:], *because(r)])),
    )


def _q2_answer(r: RunResult) -> tuple:
    return (Bullets(tuple(_strip(line) for line in sequential_lines(r)[1:])), Paragraph(conclusion(r)))


def _q3_answer(r: RunResult) -> tuple:
    return (Bullets(tuple(_strip(line) for line in deal_lines(r))),)


def _q4_answer(r: RunResult) -> tuple:
    points = _changing(r)
    if not points:
        return (Paragraph(("No single input within reach changes the outcome.",)),)
    share = lambda p: abs(p.value - p.current) / max(abs(p.current), 1e-9)  # noqa: E731
    ranked = sorted(points, key=share)
    tied = [p for p in ranked if share(p) - share(ranked[0]) <= 0.005]
    after = lambda p: class_words(p.above if p.value > p.current else p.below)  # noqa: E731
    answer = _joined(
        [
            (
                p.parameter.replace("_", " "),
                " from ",
                fact_ref(r, p.parameter, f"{p.current:.4g}"),
                " to ",
                model_ref(f"{p.value:.4g}", "tipping"),
                " (",
                model_ref(f"{share(p):.1%}", "tipping"),
                "), giving ",
                after(p),
            )
            for p in tied
        ]
    )
    others = ranked[len(tied) : len(tied) + 2]
    return (
        Paragraph(("Smallest move: ", *answer, ".")),
        Paragraph(
            (
                "Next nearest: ",
                *_joined(
                    [(p.parameter.replace("_", " "), " ", model_ref(f"{share(p):.1%}", "tipping")) for p in others]
                ),
                ".",
            )
        ),
    )


def _joined(parts: list[tuple]) -> Text:
    out: list = []
    for k, part in enumerate(parts):
        out += [", " if k else "", *part]
    return tuple(out) or ("none",)


def _strip(line: Text) -> Text:
    first = line[0] if line else ""
    return (first.lstrip(), *line[1:]) if isinstance(first, str) else line
