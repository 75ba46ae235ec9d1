"""``python -m sim.validate PATH...``: check scenario files without running anything.

Prints one line per valid file (name, leader, sources, how many facts are reported,
derived and assumed) and exits 0; at the first invalid file prints
``error: PATH: field: expected ..., found ...`` and exits 2 (``--debug`` shows the
traceback). ``--articles DIR`` also checks every quote from an article source against the
article files in DIR (quotes from publications, such as the historical cases' records, are
kept as read and not checked against files). A historical case (a scenario with an
``outcome`` block, :mod:`sim.data.cases`) is validated with its outcome and gets one line more.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from sim.cli.arguments import ArgumentParser, run_cli
from sim.base.errors import UserError, describe_found
from sim.data.provenance import is_checkable_quote, quote_in_article
from sim.base.reading import read_text
from sim.data.scenario import Scenario, load_scenario, resolve_scenario_path

MAX_ARTICLE_BYTES = 10_000_000


def quoted_quantities(scenario: Scenario):
    """Every (field path, quantity) of the scenario, alternatives included, that has a quote."""
    for section, entries in (("facts", scenario.facts), ("context", scenario.context)):
        for name, quantity in entries.items():
            for index, item in enumerate((quantity, *quantity.alternatives)):
                where = f"{section}.{name}" + (f".alternatives[{index - 1}]" if index else "")
                if item.provenance.quote:
                    yield where, item


def article_quotes(scenario: Scenario):
    """The (field path, quantity) pairs of :func:`quoted_quantities` that quote an article."""
    for where, quantity in quoted_quantities(scenario):
        if is_checkable_quote(quantity.provenance, scenario.sources):
            yield where, quantity


def check_quotes(scenario: Scenario, articles: Path) -> int:
    """Raise a UserError for the first article quote not in its article; return how many held.

    Quotes from publication sources are not checked (their text is not in ``articles``).
    """
    checked = 0
    for where, quantity in article_quotes(scenario):
        text = read_article(articles, quantity.provenance.source, scenario.path, where)
        if not quote_in_article(quantity.provenance.quote, text):
            raise UserError(
                scenario.path,
                f"{where}.quote",
                f"a verbatim quote from {quantity.provenance.source}",
                quantity.provenance.quote,
            )
        checked += 1
    return checked


def read_article(articles: Path, source: str, path: str, where: str) -> str:
    """The text of the article ``source``, read only inside the folder ``articles``.

    A source key that leads out of the folder (``../``, an absolute path, a symlink out)
    is refused like a missing file, so that the check reveals nothing outside it.
    """
    folder = Path(articles).resolve()
    article = folder if "\x00" in source else (folder / source).resolve()
    if article.parent != folder or not article.is_file():
        raise UserError(path, f"{where}.source", f"an article file in {articles}", source)
    try:
        return read_text(article, MAX_ARTICLE_BYTES, "an article file")
    except UserError as error:
        raise UserError(
            path,
            f"{where}.source",
            f"a readable UTF-8 article file in {articles}",
            f"<{source}: {error.expected}, found {describe_found(error.found)}>",
        ) from None


def summary_line(scenario: Scenario) -> str:
    """One line about a valid scenario."""
    kinds = Counter(q.provenance.kind for q in scenario.facts.values())
    counts = ", ".join(f"{kinds[kind]} {kind}" for kind in ("reported", "derived", "assumed"))
    return (
        f"{scenario.path}: ok: '{scenario.title}' ({scenario.date}), leader={scenario.leader}, "
        f"{len(scenario.sources)} sources, facts: {counts}, {len(scenario.context)} context"
    )


def scenario_argument(text: str) -> Path:
    """A file to check: an existing path as given, else a built-in scenario or case name."""
    path = Path(text)
    if "\x00" in text or path.exists() or path.suffix in (".yaml", ".yml"):
        return path
    return resolve_scenario_path(text)


def main(argv: list[str]) -> int:
    parser = ArgumentParser(prog="python -m sim.validate", description=__doc__)
    parser.add_argument(
        "paths", nargs="+", type=scenario_argument, help="scenario files, or built-in names (python -m sim.catalog)"
    )
    parser.add_argument("--articles", type=Path, help="folder of source articles: check quotes")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of user errors")
    options = parser.parse_args(argv)
    from sim.data.cases import describe_outcome, load_case_if_any

    for path in options.paths:
        scenario = load_scenario(path)
        line = summary_line(scenario)
        if options.articles:
            line += f", {check_quotes(scenario, options.articles)} quotes found in articles"
        print(line)
        case = load_case_if_any(path)
        if case is not None:
            print(f"  outcome: {describe_outcome(case.outcome)}")
    return 0


if __name__ == "__main__":
    sys.exit(run_cli(main))
