"""The coded outcome of a historical case (the ``outcome`` block of a case file): how Japan
and the US responded, the stage-game cell it ended in, the size and form of the concession
(docs/cases.md lists every field)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sim.base import checks
from sim.base.errors import UserError
from sim.base.fields import FieldSpec
from sim.data.provenance import Source, parse_provenance
from sim.data.quantity import Quantity, parse_quantity
from sim.data.vocabulary import OUTCOME_CLASSES, US_ACTIONS
from sim.data.vocabulary import outcome_class_of as outcome_class

#: Concession-size bands: below RESIST_BELOW Japan resisted, from CONCEDE_FROM it conceded.
RESIST_BELOW, CONCEDE_FROM = 0.15, 0.6


JAPAN_RESPONSES = ("concede", "partial", "resist")


US_RESPONSES = US_ACTIONS


#: The four cells of the 2x2 stage game, named by how the episode ended.


CONCESSION_SIZE = FieldSpec(
    "concession_size", "fraction", "outcome", "share of the US demand that Japan granted", high=1.0
)


PRESSURES = ("tariff", "import_quota", "export_restraint", "currency", "market_share_target", "market_opening", "other")


CONCESSION_FORMS = (
    "export_restraint",
    "market_opening",
    "purchases",
    "investment",
    "currency",
    "structural_reform",
    "border_enforcement",
    "other",
    "none",
)


#: What became of the US measure: never imposed, imposed and lifted, partly lifted, kept.
LIFTINGS = ("not_imposed", "lifted", "partly_lifted", "kept")


CODING_KEYS = ("pressure", "concession_form", "tariff_lifting", "remaining_tariff", "restated_pledge")


REMAINING_TARIFF = FieldSpec(
    "remaining_tariff", "fraction", "outcome", "share of the threatened US measure still standing at the end", high=1.0
)


_KEYS = (
    "japan",
    "us",
    "class",
    "concession_size",
    "what",
    "started",
    "reached",
    "months",
    "source",
    "quote",
    *CODING_KEYS,
)


def japan_response(concession_size: float) -> str:
    """``resist`` below 0.15 of the demand, ``concede`` from 0.6, ``partial`` between."""
    if concession_size < RESIST_BELOW:
        return "resist"
    return "concede" if concession_size >= CONCEDE_FROM else "partial"


@dataclass(frozen=True)
class Outcome:
    """What happened in a historical case (see the module docstring for each field)."""

    japan: str
    us: str
    outcome_class: str
    concession_size: Quantity
    what: str
    started: str
    reached: str
    months: float
    source: str
    quote: str
    pressure: str = "tariff"
    concession_form: str = "none"
    tariff_lifting: str = "not_imposed"
    remaining_tariff: Quantity | None = None
    restated_pledge: bool = False


def parse_outcome(data: object, sources: Mapping[str, Source], path: Path | str) -> Outcome:
    """Validate an ``outcome`` block; every error names the file and the field."""
    missing = [key for key in CODING_KEYS if isinstance(data, Mapping) and key not in data]
    if missing:
        raise UserError(
            path,
            f"outcome.{missing[0]}",
            "the form of the episode (an older case file: add " + ", ".join(missing) + "; docs/cases.md)",
            "<nothing: the field is missing>",
        )
    data = checks.check_keys(data, path, "outcome", _KEYS)
    japan = checks.choice(data, "japan", JAPAN_RESPONSES, path, "outcome")
    us = checks.choice(data, "us", US_RESPONSES, path, "outcome")
    coded = checks.choice(data, "class", OUTCOME_CLASSES, path, "outcome")
    if coded != outcome_class(us, japan):
        raise UserError(path, "outcome.class", f"{outcome_class(us, japan)} (japan: {japan}, us: {us})", coded)
    size = parse_quantity(data["concession_size"], CONCESSION_SIZE, sources, Path(path), "outcome.concession_size")
    if japan_response(size.value) != japan:
        raise UserError(
            path,
            "outcome.concession_size.value",
            f"a size in the band of japan: {japan} (resist < {RESIST_BELOW:g} <= "
            f"partial < {CONCEDE_FROM:g} <= concede)",
            size.value,
        )
    months = checks.number(data, "months", path, "outcome")
    if months < 0:
        raise UserError(path, "outcome.months", "a number of months >= 0", months)
    source, quote = parse_provenance(
        {"kind": "reported", "source": data.get("source"), "quote": data.get("quote")}, sources, path, "outcome"
    ).citation()
    return Outcome(
        japan=japan,
        us=us,
        outcome_class=coded,
        concession_size=size,
        what=checks.text(data, "what", path, "outcome"),
        started=_date(data, "started", path),
        reached=_date(data, "reached", path),
        months=months,
        source=source,
        quote=quote,
        **_coding(data, us, sources, path),
    )


def _coding(data: Mapping, us: str, sources: Mapping[str, Source], path: Path | str) -> dict:
    """The form of the episode, checked against ``us`` (whether the measure stood)."""
    lifting = checks.choice(data, "tariff_lifting", LIFTINGS, path, "outcome")
    remaining = parse_quantity(
        data["remaining_tariff"], REMAINING_TARIFF, sources, Path(path), "outcome.remaining_tariff"
    )
    stands = lifting in ("partly_lifted", "kept")
    if stands != (us == "tariff"):
        raise UserError(
            path,
            "outcome.tariff_lifting",
            "partly_lifted or kept (us: tariff)" if us == "tariff" else "not_imposed or lifted (us: refrain)",
            lifting,
        )
    expected = {
        "not_imposed": (0.0, 0.0),
        "lifted": (0.0, 0.0),
        "kept": (1.0, 1.0),
        "partly_lifted": (1e-9, 1.0 - 1e-9),
    }[lifting]
    if not expected[0] <= remaining.value <= expected[1]:
        text = {"not_imposed": "0", "lifted": "0", "kept": "1", "partly_lifted": "above 0 and below 1"}[lifting]
        raise UserError(path, "outcome.remaining_tariff.value", f"{text} (tariff_lifting: {lifting})", remaining.value)
    pledge = checks.flag(data, "restated_pledge", path, "outcome")
    return {
        "pressure": checks.choice(data, "pressure", PRESSURES, path, "outcome"),
        "concession_form": checks.choice(data, "concession_form", CONCESSION_FORMS, path, "outcome"),
        "tariff_lifting": lifting,
        "remaining_tariff": remaining,
        "restated_pledge": pledge,
    }


def _date(data: Mapping, key: str, path: Path | str) -> str:
    value = data.get(key)
    if isinstance(value, date):  # YAML reads 1995-06-28 as a date
        return value.isoformat()
    return checks.text(data, key, path, "outcome")
