"""The scenario: a frozen, validated, unit-normalised record of the facts of one case.

A scenario file (``scenarios/<stem>.yaml``, format in ``docs/scenario-format.md``) holds

* ``schema_version`` (``1``), ``title``, ``date``, ``leader`` (``ishiba``, ``takaichi`` or
  ``neutral``: the Japanese leader preset it is paired with by default), ``summary``;
* ``sources``: each source article with its reliability note;
* ``facts``: every model input of :data:`sim.base.fields.FIELDS`, each with value, unit and
  provenance, and, where sources disagree, the ``alternatives`` and the ``choice`` made;
  an assumed or derived fact may declare the ``range`` [low, high] its value is uncertain
  over (read by :mod:`sim.analysis.uncertainty`);
* ``context``: further numbers from the sources that no payoff term reads, with the same
  provenance;
* ``outcome`` (historical cases under ``scenarios/cases/`` only): what really happened,
  validated by :func:`sim.data.cases.parse_outcome`; the model never reads it.

A source is an article file or a publication (publisher and address), see
:mod:`sim.data.provenance`.

Files are read with ``yaml.safe_load`` rules (:mod:`sim.data.datafile`), never through
OmegaConf; after loading nothing sees a raw dict.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType

from sim.base import checks
from sim.data.datafile import load_mapping
from sim.base.errors import UserError, near_name_hint
from sim.base.fields import FIELDS, OPTIONAL_DEFAULTS, OPTIONAL_FIELDS, FieldSpec
from sim.base.paths import SCENARIOS_DIR
from sim.data.provenance import Provenance, Source, parse_provenance, parse_sources
from sim.base.units import UNITS, accepted_units, canonical_unit, to_canonical

SCHEMA_VERSION = 1
LEADERS = ("ishiba", "takaichi", "neutral")
_TOP_REQUIRED = ("schema_version", "title", "date", "leader", "summary", "sources", "facts")
_TOP_OPTIONAL = ("context", "outcome", "us_preset")
_QUANTITY_KEYS = ("value", "unit", "kind", "source", "quote", "how", "why")
_ALL_UNITS = {unit: dim for dim, units in UNITS.items() for unit in units}
_CONTEXT_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Quantity:
    """A number in canonical units, as written, with its provenance and any alternatives."""

    value: float
    unit: str
    stated: str
    provenance: Provenance
    alternatives: tuple[Quantity, ...] = ()
    choice: str | None = None
    range: tuple[float, float] | None = None  # canonical units; assumed or derived facts only


@dataclass(frozen=True)
class Scenario:
    """A validated scenario; ``facts`` holds every model input of :data:`sim.base.fields.FIELDS`."""

    name: str
    title: str
    date: str
    leader: str
    summary: str
    sources: Mapping[str, Source]
    facts: Mapping[str, Quantity]
    context: Mapping[str, Quantity]
    path: str
    us_preset: str | None = None  # a conf/us preset name; None: chosen by date (sim.data.eras)

    def value(self, field: str) -> float:
        """The chosen value of ``field`` in canonical units."""
        return self.facts[field].value

    def values(self) -> dict[str, float]:
        """All model inputs as ``{field: value}`` in canonical units.

        Optional facts (:data:`sim.base.fields.OPTIONAL_FIELDS`) the file leaves out take their
        neutral default.
        """
        values = dict(OPTIONAL_DEFAULTS)
        values.update({name: quantity.value for name, quantity in self.facts.items()})
        return values


def load_scenario(path: Path | str) -> Scenario:
    """Read and validate one scenario file; errors are :class:`sim.base.errors.UserError`."""
    path = Path(path)
    return parse_scenario(load_mapping(path), path)


def resolve_scenario_path(name_or_path: str) -> Path:
    """A built-in scenario stem (``scenarios/<stem>.yaml``) or a path to a user's file.

    A relative name with a folder and no suffix, such as ``cases/plaza_accord_1985``, is
    also looked up under the built-in scenarios folder (the historical cases).
    """
    candidate = Path(name_or_path)
    if candidate.suffix in (".yaml", ".yml"):
        return candidate
    if candidate.parent != Path("."):
        shipped = SCENARIOS_DIR / f"{name_or_path}.yaml"
        return shipped if not candidate.is_absolute() and shipped.is_file() else candidate
    path = SCENARIOS_DIR / f"{name_or_path}.yaml"
    if not path.is_file():
        known = builtin_scenario_names()
        raise UserError("scenario", None, "a built-in scenario name or a path to a .yaml file",
                        name_or_path, hint=near_name_hint(name_or_path, known)
                        or "built-in: " + ", ".join(known))
    return path


def builtin_scenario_names() -> list[str]:
    """Stems of the scenarios shipped with Gaiatsu, sorted (top level only: not the cases)."""
    return sorted(path.stem for path in SCENARIOS_DIR.glob("*.yaml"))


def parse_scenario(data: Mapping, path: Path) -> Scenario:
    """Validate a mapping read from ``path`` into a :class:`Scenario`."""
    checks.check_keys(data, path, "", _TOP_REQUIRED, _TOP_OPTIONAL)
    version = data["schema_version"]
    if version != SCHEMA_VERSION or isinstance(version, bool):
        raise UserError(path, "schema_version", f"{SCHEMA_VERSION}", version)
    sources = parse_sources(data["sources"], path)
    facts = _parse_facts(data["facts"], sources, path)
    context = _parse_context(data.get("context", {}), sources, path)
    if "outcome" in data:  # a historical case: its outcome is checked like the rest
        from sim.data.cases import parse_outcome  # sim.cases imports this module

        parse_outcome(data["outcome"], sources, path)
    return Scenario(
        name=path.stem,
        title=checks.text(data, "title", path, ""),
        date=_date_text(data, path),
        leader=checks.choice(data, "leader", LEADERS, path, ""),
        summary=checks.text(data, "summary", path, ""),
        sources=MappingProxyType(sources),
        facts=MappingProxyType(facts),
        context=MappingProxyType(context),
        path=str(path),
        us_preset=_us_preset(data, path))


def _us_preset(data: Mapping, path: Path) -> str | None:
    """The optional ``us_preset``: a built-in US preset name (``conf/us/<name>.yaml``)."""
    if "us_preset" not in data:
        return None
    from sim.data.presets import USPreset, preset_names  # presets never import scenarios

    known = preset_names(USPreset)
    name = data["us_preset"]
    if name not in known:
        raise UserError(path, "us_preset", "a US preset name (" + ", ".join(known) + ")",
                        name, hint=near_name_hint(str(name), known))
    return name


def _date_text(data: Mapping, path: Path) -> str:
    value = data.get("date")
    if hasattr(value, "isoformat"):  # YAML reads 2025-02-07 as a date
        return value.isoformat()
    return checks.text(data, "date", path, "")


def _parse_facts(data: object, sources: Mapping[str, Source], path: Path) -> dict:
    checks.check_keys(data, path, "facts", FIELDS, OPTIONAL_FIELDS)
    specs = {**FIELDS, **{name: spec for name, spec in OPTIONAL_FIELDS.items() if name in data}}
    return {name: _parse_quantity(data[name], spec.dimension, sources, path, f"facts.{name}",
                                  spec) for name, spec in specs.items()}


def _parse_context(data: object, sources: Mapping[str, Source], path: Path) -> dict:
    if not isinstance(data, Mapping):
        raise UserError(path, "context", "a mapping of named quantities", data)
    context = {}
    for name, entry in data.items():
        where = f"context.{name}"
        if not _CONTEXT_NAME.match(str(name)):
            raise UserError(path, where, "a lower_case_name", name)
        unit = entry.get("unit") if isinstance(entry, Mapping) else None
        if not isinstance(unit, str) or unit not in _ALL_UNITS:
            raise UserError(path, f"{where}.unit", "one of " + ", ".join(_ALL_UNITS), unit)
        context[name] = _parse_quantity(entry, _ALL_UNITS[unit], sources, path, where)
    return context


def parse_quantity(data: object, spec: FieldSpec, sources: Mapping[str, Source], path: Path,
                   where: str) -> Quantity:
    """One quantity measuring ``spec`` (value, unit, provenance, range), as under ``facts``."""
    return _parse_quantity(data, spec.dimension, sources, path, where, spec)


def _parse_quantity(data: object, dimension: str, sources: Mapping[str, Source], path: Path,
                    where: str, spec: FieldSpec | None = None,
                    alternatives_allowed: bool = True) -> Quantity:
    optional = _QUANTITY_KEYS[2:] + (("alternatives", "choice") if alternatives_allowed
                                     else ()) + ("range",)
    checks.check_keys(data, path, where, ("value", "unit", "kind"), optional)
    raw, unit = checks.number(data, "value", path, where), data["unit"]
    if unit not in accepted_units(dimension):
        raise UserError(path, f"{where}.unit", "one of " + ", ".join(accepted_units(dimension)),
                        unit)
    value = to_canonical(raw, unit, dimension)
    if not math.isfinite(value):
        raise UserError(path, f"{where}.value", f"a number that stays finite in "
                        f"{canonical_unit(dimension)}", raw)
    if spec is not None and not spec.admits(value):
        raise UserError(path, f"{where}.value",
                        f"{spec.range_text()} {canonical_unit(dimension)}", raw)
    alternatives = _parse_alternatives(data, dimension, sources, path, where, spec)
    provenance = parse_provenance(data, sources, path, where)
    return Quantity(value=value, unit=canonical_unit(dimension), stated=f"{raw:g} {unit}",
                    provenance=provenance, alternatives=alternatives,
                    choice=checks.text(data, "choice", path, where) if alternatives else None,
                    range=_parse_range(data, value, provenance.kind, spec, path, where))


def _parse_range(data: Mapping, value: float, kind: str, spec: FieldSpec | None, path: Path,
                 where: str) -> tuple[float, float] | None:
    """The optional ``range: [low, high]`` of a fact, converted like its value.

    Allowed on assumed and derived facts only (a reported figure's uncertainty is carried
    by its ``alternatives``); ``low <= value <= high``, both within the field's range.
    """
    if "range" not in data:
        return None
    raw, unit, field = data["range"], data["unit"], f"{where}.range"
    if spec is None:
        raise UserError(path, field, "a range only on a fact's own value (context numbers "
                        "and alternatives are not sampled)", "<a range here>")
    if kind == "reported":
        raise UserError(path, field, "a range only on an assumed or derived fact (a reported "
                        "figure's uncertainty goes in its 'alternatives')",
                        "<a range on a reported fact>")
    if not (isinstance(raw, list) and len(raw) == 2 and all(
            isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x)
            for x in raw)):
        raise UserError(path, field, f"[low, high]: two finite numbers in {unit}", raw)
    low, high = (to_canonical(x, unit, spec.dimension) for x in raw)
    stated = f"[{raw[0]:g}, {raw[1]:g}] {unit}"
    if not low <= value <= high:
        raise UserError(path, field, "low <= value <= high",
                        f"<{stated} around the value {data['value']:g} {unit}>")
    if not (spec.admits(low) and spec.admits(high)):
        canonical = canonical_unit(spec.dimension)
        raise UserError(path, field, f"both bounds {spec.range_text()} {canonical}",
                        f"<{stated}, that is [{low:g}, {high:g}] {canonical}>")
    return (low, high)


def _parse_alternatives(data: Mapping, dimension: str, sources: Mapping[str, Source],
                        path: Path, where: str,
                        spec: FieldSpec | None = None) -> tuple[Quantity, ...]:
    """The conflicting figures of a fact, each within the field's range like the value."""
    entries = data.get("alternatives", [])
    if not isinstance(entries, list):
        raise UserError(path, f"{where}.alternatives", "a list of quantities", entries)
    if "choice" in data and not entries:
        raise UserError(path, f"{where}.alternatives",
                        "the alternative figures the 'choice' chooses between", "<nothing>")
    alternatives = tuple(_parse_quantity(entry, dimension, sources, path,
                                         f"{where}.alternatives[{index}]",
                                         alternatives_allowed=False)
                         for index, entry in enumerate(entries))
    for index, alternative in enumerate(alternatives):
        if spec is not None and not spec.admits(alternative.value):
            raise UserError(path, f"{where}.alternatives[{index}].value",
                            f"{spec.range_text()} {canonical_unit(dimension)}",
                            entries[index].get("value"))
    return alternatives


def _default_quantity(name: str) -> Quantity:
    """An optional fact the file left out, at its neutral default."""
    spec = OPTIONAL_FIELDS[name]
    return Quantity(value=OPTIONAL_DEFAULTS[name], unit=canonical_unit(spec.dimension),
                    stated=f"{OPTIONAL_DEFAULTS[name]:g} {canonical_unit(spec.dimension)}",
                    provenance=Provenance("assumed", why="not in the file: the neutral "
                                          "default of the original model"))


def with_overrides(scenario: Scenario, overrides: Mapping[str, float],
                   origin: str = "command line") -> Scenario:
    """A copy of ``scenario`` with some facts set to new values (canonical units).

    Each overridden fact becomes *assumed*, its reason naming ``origin`` and the scenario's
    own value, so that provenance stays honest in every output. A fact's uncertainty
    ``range`` is kept when it holds the new value and dropped otherwise.
    """
    facts = dict(scenario.facts)
    for name, value in overrides.items():
        spec = FIELDS.get(name) or OPTIONAL_FIELDS.get(name)
        if spec is None:
            raise UserError(origin, f"facts.{name}", "a scenario field", "<an unknown field>",
                            hint=near_name_hint(name, FIELDS))
        if isinstance(value, bool) or not isinstance(value, int | float) or not spec.admits(
                float(value)):
            raise UserError(origin, f"facts.{name}",
                            f"a number {spec.range_text()} {canonical_unit(spec.dimension)}",
                            value)
        old = facts.get(name) or _default_quantity(name)
        why = f"set on the {origin} (the scenario says {old.value:g} {old.unit})"
        kept = old.range if old.range and old.range[0] <= value <= old.range[1] else None
        facts[name] = replace(old, value=float(value),
                              stated=f"{float(value):g} {old.unit}",
                              provenance=Provenance(kind="assumed", why=why), range=kept)
    return replace(scenario, facts=MappingProxyType(facts))
