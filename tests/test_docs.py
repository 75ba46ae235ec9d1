"""The reference docs cover every scenario field, unit and preset parameter."""

from __future__ import annotations

from conftest import REPO_ROOT
from sim.fields import FIELDS
from sim.presets import PRESET_PARAMETERS
from sim.units import UNITS

DOCS = REPO_ROOT / "docs"


def test_scenario_format_documents_every_field_and_unit():
    text = (DOCS / "scenario-format.md").read_text(encoding="utf-8")
    missing = [name for name in FIELDS if f"`{name}`" not in text]
    assert not missing, missing
    units = [unit for units in UNITS.values() for unit in units if unit not in text]
    assert not units, units


def test_presets_doc_documents_every_parameter():
    text = (DOCS / "presets.md").read_text(encoding="utf-8")
    for specs in PRESET_PARAMETERS.values():
        for spec in specs:
            assert f"`{spec.name}`" in text, spec.name


def test_model_doc_names_every_field_used_by_the_payoffs():
    text = (DOCS / "model.md").read_text(encoding="utf-8")
    assert not [name for name in FIELDS if name not in text]
