"""Every quote from an article, in every scenario, case and preset, stands verbatim in it.

Quotes from publications (the historical cases' records) are not in the article folder
and are not checked against files; article quotes in case files are, as strictly.
"""

from __future__ import annotations

import pytest

from sim.data.presets import JapanPreset, USPreset, load_preset, preset_names
from sim.data.provenance import normalise_quote, quote_in_article
from sim.data.cases import CASES_DIR
from sim.data.scenario import load_scenario
from sim.cli.validate import article_quotes, check_quotes, quoted_quantities


def test_normalise_folds_white_space_and_typographic_quotes():
    assert normalise_quote("Japan\u2019s  $295\nbillion") == "Japan's $295 billion"
    assert quote_in_article("\u201chang on\u201d", 'might just "hang on" now')
    assert not quote_in_article("hang off", "they might just hang on")


def _preset_quotes():
    for kind in (JapanPreset, USPreset):
        for name in preset_names(kind):
            preset = load_preset(kind, name)
            for field, provenance in preset.provenance.items():
                # publications' quotes are kept as read; only article quotes are checkable
                if provenance.quote and preset.sources[provenance.source].is_article:
                    yield f"{name}.{field}", provenance.source, provenance.quote


def test_every_scenario_quote_is_in_its_article(scenarios, articles_dir):
    checked = 0
    for scenario in scenarios:
        assert list(article_quotes(scenario)) == list(quoted_quantities(scenario))
        for where, quantity in quoted_quantities(scenario):
            article = (articles_dir / quantity.provenance.source).read_text(encoding="utf-8")
            assert quote_in_article(quantity.provenance.quote, article), (
                scenario.name,
                where,
                quantity.provenance.quote,
            )
            checked += 1
    assert checked >= 5 * 10


def test_every_preset_quote_is_in_its_article(articles_dir):
    quotes = list(_preset_quotes())
    assert quotes
    for where, source, quote in quotes:
        text = (articles_dir / source).read_text(encoding="utf-8")
        assert quote_in_article(quote, text), (where, quote)


def test_every_reported_number_has_a_quote_and_every_assumption_a_reason(scenarios):
    for scenario in scenarios:
        for name, quantity in [*scenario.facts.items(), *scenario.context.items()]:
            for item in (quantity, *quantity.alternatives):
                p = item.provenance
                if p.kind == "reported":
                    assert p.source and p.quote, (scenario.name, name)
                else:
                    assert p.how if p.kind == "derived" else p.why, (scenario.name, name)


def test_every_source_has_a_reliability_note(scenarios):
    for scenario in scenarios:
        for source in scenario.sources.values():
            assert len(source.reliability) > 20, (scenario.name, source.file)


def test_article_004_name_garbles_are_recorded_as_identifications(scenarios):
    notes = [
        ident
        for s in scenarios
        for name, source in s.sources.items()
        if name.startswith("004")
        for ident in source.identifications
    ]
    said = {ident.source_says for ident in notes}
    assert any("Shiba Shigeru" in text for text in said)
    assert any("Akaawa" in text for text in said) or pytest.fail("the Akaawa Ryosuke identification is missing")


def test_article_000_is_flagged_ai_generated(scenarios):
    notes = [source.reliability for s in scenarios for name, source in s.sources.items() if name.startswith("000")]
    assert notes and all("AI-generated" in note for note in notes)


def test_articles_are_not_copied_into_the_repository(articles_dir):
    from conftest import REPO_ROOT

    article_names = {path.name for path in articles_dir.glob("*.txt")}
    in_repo = {path.name for path in REPO_ROOT.rglob("*.txt") if ".git" not in path.parts}
    assert not article_names & in_repo


def test_case_quotes_from_articles_are_checked_and_publications_skipped(articles_dir):
    cases = [load_scenario(path) for path in sorted(CASES_DIR.glob("*.yaml"))]
    from_articles = [(case, where, q) for case in cases for where, q in article_quotes(case)]
    assert len(from_articles) >= 8  # the 2025 case takes its article figures with quotes
    for case, where, quantity in from_articles:
        assert case.sources[quantity.provenance.source].is_article
        text = (articles_dir / quantity.provenance.source).read_text(encoding="utf-8")
        assert quote_in_article(quantity.provenance.quote, text), (case.name, where)
    publications = [
        q for case in cases for _, q in quoted_quantities(case) if not case.sources[q.provenance.source].is_article
    ]
    assert publications  # quoted, but their text is not an article file
    assert sum(check_quotes(case, articles_dir) for case in cases) == len(from_articles)


def test_a_wrong_article_quote_in_a_case_is_still_refused(articles_dir, tmp_path):
    import yaml

    from sim.base.errors import UserError

    path = CASES_DIR / "steel_and_auto_tariffs_2025.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["facts"]["approval"]["quote"] = "polling at 82% approval"
    bad = tmp_path / "bad_case.yaml"
    bad.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(UserError, match="facts.approval.quote: expected a verbatim quote"):
        check_quotes(load_scenario(bad), articles_dir)
