"""Every quote in every scenario and preset stands verbatim in its source article."""

from __future__ import annotations

import pytest

from sim.presets import JapanPreset, USPreset, load_preset, preset_names
from sim.provenance import normalise_quote, quote_in_article
from sim.validate import quoted_quantities


def test_normalise_folds_white_space_and_typographic_quotes():
    assert normalise_quote("Japan\u2019s  $295\nbillion") == "Japan's $295 billion"
    assert quote_in_article("\u201chang on\u201d", 'might just "hang on" now')
    assert not quote_in_article("hang off", "they might just hang on")


def _preset_quotes():
    for kind in (JapanPreset, USPreset):
        for name in preset_names(kind):
            preset = load_preset(kind, name)
            for field, provenance in preset.provenance.items():
                if provenance.quote:
                    yield f"{name}.{field}", provenance.source, provenance.quote


def test_every_scenario_quote_is_in_its_article(scenarios, articles_dir):
    checked = 0
    for scenario in scenarios:
        for where, quantity in quoted_quantities(scenario):
            article = (articles_dir / quantity.provenance.source).read_text(encoding="utf-8")
            assert quote_in_article(quantity.provenance.quote, article), (
                scenario.name, where, quantity.provenance.quote)
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
                    assert (p.how if p.kind == "derived" else p.why), (scenario.name, name)


def test_every_source_has_a_reliability_note(scenarios):
    for scenario in scenarios:
        for source in scenario.sources.values():
            assert len(source.reliability) > 20, (scenario.name, source.file)


def test_article_004_name_garbles_are_recorded_as_identifications(scenarios):
    notes = [ident for s in scenarios for name, source in s.sources.items()
             if name.startswith("004") for ident in source.identifications]
    said = {ident.source_says for ident in notes}
    assert any("Shiba Shigeru" in text for text in said)
    assert any("Akaawa" in text for text in said) or pytest.fail(
        "the Akaawa Ryosuke identification is missing")


def test_article_000_is_flagged_ai_generated(scenarios):
    notes = [source.reliability for s in scenarios for name, source in s.sources.items()
             if name.startswith("000")]
    assert notes and all("AI-generated" in note for note in notes)


def test_articles_are_not_copied_into_the_repository(articles_dir):
    from conftest import REPO_ROOT
    article_names = {path.name for path in articles_dir.glob("*.txt")}
    in_repo = {path.name for path in REPO_ROOT.rglob("*.txt") if ".git" not in path.parts}
    assert not article_names & in_repo
