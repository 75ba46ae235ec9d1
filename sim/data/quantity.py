"""A number of a data file: its value in canonical units, as written, with its provenance,
its range and any alternatives; read and checked from a ``{value, unit, kind, ...}`` block."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sim.base import checks
from sim.base.errors import UserError
from sim.base.fields import FieldSpec
from sim.base.units import UNITS, accepted_units, canonical_unit, to_canonical
from sim.data.provenance import Provenance, Source, parse_provenance


_QUANTITY_KEYS = ("value", "unit", "kind", "source", "quote", "how", "why")


ALL_UNITS = {unit: dim for dim, units in UNITS.items() for unit in units}


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


def parse_quantity(data: object, spec: FieldSpec, sources: Mapping[str, Source], path: Path, where: str) -> Quantity:
    """One quantity measuring ``spec`` (value, unit, provenance, range), as under ``facts``."""
    return parse_quantity_in(data, spec.dimension, sources, path, where, spec)


def parse_quantity_in(
    data: object,
    dimension: str,
    sources: Mapping[str, Source],
    path: Path,
    where: str,
    spec: FieldSpec | None = None,
    alternatives_allowed: bool = True,
) -> Quantity:
    optional = _QUANTITY_KEYS[2:] + (("alternatives", "choice") if alternatives_allowed else ()) + ("range",)
    data = checks.check_keys(data, path, where, ("value", "unit", "kind"), optional)
    raw, unit = checks.number(data, "value", path, where), data["unit"]
    if unit not in accepted_units(dimension):
        raise UserError(path, f"{where}.unit", "one of " + ", ".join(accepted_units(dimension)), unit)
    value = to_canonical(raw, unit, dimension)
    if not math.isfinite(value):
        raise UserError(path, f"{where}.value", f"a number that stays finite in {canonical_unit(dimension)}", raw)
    if spec is not None and not spec.admits(value):
        raise UserError(path, f"{where}.value", f"{spec.range_text()} {canonical_unit(dimension)}", raw)
    alternatives = _parse_alternatives(data, dimension, sources, path, where, spec)
    provenance = parse_provenance(data, sources, path, where)
    return Quantity(
        value=value,
        unit=canonical_unit(dimension),
        stated=f"{raw:g} {unit}",
        provenance=provenance,
        alternatives=alternatives,
        choice=checks.text(data, "choice", path, where) if alternatives else None,
        range=_parse_range(data, value, provenance.kind, spec, path, where),
    )


def _parse_range(
    data: Mapping, value: float, kind: str, spec: FieldSpec | None, path: Path, where: str
) -> tuple[float, float] | None:
    """The optional ``range: [low, high]`` of a fact, converted like its value.

    Allowed on assumed and derived facts only (a reported figure's uncertainty is carried
    by its ``alternatives``); ``low <= value <= high``, both within the field's range.
    """
    if "range" not in data:
        return None
    raw, unit, field = data["range"], data["unit"], f"{where}.range"
    if spec is None:
        raise UserError(
            path,
            field,
            "a range only on a fact's own value (context numbers and alternatives are not sampled)",
            "<a range here>",
        )
    if kind == "reported":
        raise UserError(
            path,
            field,
            "a range only on an assumed or derived fact (a reported figure's uncertainty goes in its 'alternatives')",
            "<a range on a reported fact>",
        )
    if not (
        isinstance(raw, list)
        and len(raw) == 2
        and all(isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x) for x in raw)
    ):
        raise UserError(path, field, f"[low, high]: two finite numbers in {unit}", raw)
    low, high = (to_canonical(x, unit, spec.dimension) for x in raw)
    stated = f"[{raw[0]:g}, {raw[1]:g}] {unit}"
    if not low <= value <= high:
        raise UserError(path, field, "low <= value <= high", f"<{stated} around the value {data['value']:g} {unit}>")
    if not (spec.admits(low) and spec.admits(high)):
        canonical = canonical_unit(spec.dimension)
        raise UserError(
            path,
            field,
            f"both bounds {spec.range_text()} {canonical}",
            f"<{stated}, that is [{low:g}, {high:g}] {canonical}>",
        )
    return (low, high)


def _parse_alternatives(
    data: Mapping, dimension: str, sources: Mapping[str, Source], path: Path, where: str, spec: FieldSpec | None = None
) -> tuple[Quantity, ...]:
    """The conflicting figures of a fact, each within the field's range like the value."""
    entries = data.get("alternatives", [])
    if not isinstance(entries, list):
        raise UserError(path, f"{where}.alternatives", "a list of quantities", entries)
    if "choice" in data and not entries:
        raise UserError(
            path, f"{where}.alternatives", "the alternative figures the 'choice' chooses between", "<nothing>"
        )
    alternatives = tuple(
        parse_quantity_in(entry, dimension, sources, path, f"{where}.alternatives[{index}]", alternatives_allowed=False)
        for index, entry in enumerate(entries)
    )
    for index, alternative in enumerate(alternatives):
        if spec is not None and not spec.admits(alternative.value):
            raise UserError(
                path,
                f"{where}.alternatives[{index}].value",
                f"{spec.range_text()} {canonical_unit(dimension)}",
                entries[index].get("value"),
            )
    return alternatives
