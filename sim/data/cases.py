"""Historical cases: a scenario plus the coded outcome of what really happened.

A case file (``scenarios/cases/<name>.yaml``, how-to in ``docs/cases.md``) is a scenario
file (every fact of :data:`sim.base.fields.FIELDS` with provenance) with one more top-level
block, ``outcome``:

* ``japan``: ``concede``, ``partial`` or ``resist``: what Japan gave;
* ``us``: ``refrain`` or ``tariff``: whether US tariffs (or the threatened measure) stood
  at the end;
* ``class``: the cell of the stage game the case ended in, which must equal
  :func:`outcome_class` of the two (``partial`` counts as conceding);
* ``concession_size``: the share of the US demand Japan granted, a fraction in [0, 1]
  with provenance like any fact; it must lie in the band of ``japan``
  (:func:`japan_response`);
* ``what`` (text), ``started`` and ``reached`` (dates as text), ``months`` (how long it
  took, a number >= 0), and ``source`` and ``quote``: where the outcome is recorded;
* the form of the episode (:data:`CODING_KEYS`): ``pressure``, the US measure threatened or
  used (:data:`PRESSURES`); ``concession_form``, what Japan gave (:data:`CONCESSION_FORMS`);
  ``tariff_lifting``, what became of the measure (:data:`LIFTINGS`); ``remaining_tariff``,
  the share of the threatened measure still standing at the end (a fraction with
  provenance; 0 unless the measure stands, then above 0, and 1 if ``kept``); and
  ``restated_pledge`` (true when the concession restates an earlier pledge). A file
  without them is an old file: the error says which keys to add.

The model never reads the outcome; :mod:`sim.analysis.backtest` compares it with the predictions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sim.base import checks
from sim.data.datafile import load_mapping
from sim.base.errors import UserError
from sim.base.fields import FieldSpec
from sim.base.paths import SCENARIOS_DIR
from sim.data.provenance import Source, parse_provenance
from sim.data.scenario import Quantity, Scenario, parse_quantity, parse_scenario

CASES_DIR = SCENARIOS_DIR / "cases"
#: Cases with another US partner in Japan's role (2025 partners, Mexico 2019).
PARTNERS_DIR = CASES_DIR / "partners"
JAPAN_RESPONSES = ("concede", "partial", "resist")
US_RESPONSES = ("refrain", "tariff")
#: The four cells of the 2x2 stage game, named by how the episode ended.
OUTCOME_CLASSES = ("concession", "concession_under_tariffs", "standoff", "us_backs_down")
#: Concession-size bands: below RESIST_BELOW Japan resisted, from CONCEDE_FROM it conceded.
RESIST_BELOW, CONCEDE_FROM = 0.15, 0.6
CONCESSION_SIZE = FieldSpec("concession_size", "fraction", "outcome",
                            "share of the US demand that Japan granted", high=1.0)
PRESSURES = ("tariff", "import_quota", "export_restraint", "currency", "market_share_target",
             "market_opening", "other")
CONCESSION_FORMS = ("export_restraint", "market_opening", "purchases", "investment",
                    "currency", "structural_reform", "border_enforcement", "other", "none")
#: What became of the US measure: never imposed, imposed and lifted, partly lifted, kept.
LIFTINGS = ("not_imposed", "lifted", "partly_lifted", "kept")
CODING_KEYS = ("pressure", "concession_form", "tariff_lifting", "remaining_tariff",
               "restated_pledge")
REMAINING_TARIFF = FieldSpec("remaining_tariff", "fraction", "outcome",
                             "share of the threatened US measure still standing at the end",
                             high=1.0)
_KEYS = ("japan", "us", "class", "concession_size", "what", "started", "reached", "months",
         "source", "quote", *CODING_KEYS)


def outcome_class(us: str, japan: str) -> str:
    """The stage-game cell of an outcome: ``partial`` counts as conceding."""
    conceded = japan != "resist"
    if us == "refrain":
        return "concession" if conceded else "us_backs_down"
    return "concession_under_tariffs" if conceded else "standoff"


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


@dataclass(frozen=True)
class Case:
    """A historical case: its scenario (the model's inputs) and its coded outcome."""

    scenario: Scenario
    outcome: Outcome

    @property
    def name(self) -> str:
        return self.scenario.name


def parse_outcome(data: object, sources: Mapping[str, Source], path: Path | str) -> Outcome:
    """Validate an ``outcome`` block; every error names the file and the field."""
    missing = [key for key in CODING_KEYS if isinstance(data, Mapping) and key not in data]
    if missing:
        raise UserError(path, f"outcome.{missing[0]}", "the form of the episode (an older "
                        "case file: add " + ", ".join(missing) + "; docs/cases.md)",
                        "<nothing: the field is missing>")
    checks.check_keys(data, path, "outcome", _KEYS)
    japan = checks.choice(data, "japan", JAPAN_RESPONSES, path, "outcome")
    us = checks.choice(data, "us", US_RESPONSES, path, "outcome")
    coded = checks.choice(data, "class", OUTCOME_CLASSES, path, "outcome")
    if coded != outcome_class(us, japan):
        raise UserError(path, "outcome.class",
                        f"{outcome_class(us, japan)} (japan: {japan}, us: {us})", coded)
    size = parse_quantity(data["concession_size"], CONCESSION_SIZE, sources, Path(path),
                          "outcome.concession_size")
    if japan_response(size.value) != japan:
        raise UserError(path, "outcome.concession_size.value",
                        f"a size in the band of japan: {japan} (resist < {RESIST_BELOW:g} <= "
                        f"partial < {CONCEDE_FROM:g} <= concede)", size.value)
    months = checks.number(data, "months", path, "outcome")
    if months < 0:
        raise UserError(path, "outcome.months", "a number of months >= 0", months)
    evidence = parse_provenance({"kind": "reported", "source": data.get("source"),
                                 "quote": data.get("quote")}, sources, path, "outcome")
    return Outcome(japan=japan, us=us, outcome_class=coded, concession_size=size,
                   what=checks.text(data, "what", path, "outcome"),
                   started=_date(data, "started", path), reached=_date(data, "reached", path),
                   months=months, source=evidence.source, quote=evidence.quote,
                   **_coding(data, us, sources, path))


def _coding(data: Mapping, us: str, sources: Mapping[str, Source], path) -> dict:
    """The form of the episode, checked against ``us`` (whether the measure stood)."""
    lifting = checks.choice(data, "tariff_lifting", LIFTINGS, path, "outcome")
    remaining = parse_quantity(data["remaining_tariff"], REMAINING_TARIFF, sources, Path(path),
                               "outcome.remaining_tariff")
    stands = lifting in ("partly_lifted", "kept")
    if stands != (us == "tariff"):
        raise UserError(path, "outcome.tariff_lifting",
                        "partly_lifted or kept (us: tariff)" if us == "tariff"
                        else "not_imposed or lifted (us: refrain)", lifting)
    expected = {"not_imposed": (0.0, 0.0), "lifted": (0.0, 0.0), "kept": (1.0, 1.0),
                "partly_lifted": (1e-9, 1.0 - 1e-9)}[lifting]
    if not expected[0] <= remaining.value <= expected[1]:
        text = {"not_imposed": "0", "lifted": "0", "kept": "1",
                "partly_lifted": "above 0 and below 1"}[lifting]
        raise UserError(path, "outcome.remaining_tariff.value",
                        f"{text} (tariff_lifting: {lifting})", remaining.value)
    pledge = data["restated_pledge"]
    if not isinstance(pledge, bool):
        raise UserError(path, "outcome.restated_pledge", "true or false", pledge)
    return {"pressure": checks.choice(data, "pressure", PRESSURES, path, "outcome"),
            "concession_form": checks.choice(data, "concession_form", CONCESSION_FORMS,
                                             path, "outcome"),
            "tariff_lifting": lifting, "remaining_tariff": remaining,
            "restated_pledge": pledge}


def _date(data: Mapping, key: str, path: Path | str) -> str:
    value = data.get(key)
    if hasattr(value, "isoformat"):  # YAML reads 1995-06-28 as a date
        return value.isoformat()
    return checks.text(data, key, path, "outcome")


def load_case(path: Path | str) -> Case:
    """Read and validate one case file (a scenario with an ``outcome`` block)."""
    path = Path(path)
    data = load_mapping(path)
    scenario = parse_scenario(data, path)
    if "outcome" not in data:
        raise UserError(path, "outcome", "the coded outcome of a historical case",
                        "<nothing: the field is missing>")
    return Case(scenario, parse_outcome(data["outcome"], scenario.sources, path))


def load_case_if_any(path: Path | str) -> Case | None:
    """The case in ``path`` if the file has an ``outcome`` block, else None."""
    return load_case(path) if "outcome" in load_mapping(Path(path)) else None


def load_cases(folder: Path | str = CASES_DIR) -> list[Case]:
    """Every ``*.yaml`` case in ``folder``, in order of when the episode started."""
    folder = Path(folder)
    if not folder.is_dir():
        raise UserError(folder, None, "a folder of case files", "<no such folder>")
    cases = [load_case(path) for path in sorted(folder.glob("*.yaml"))]
    if not cases:
        raise UserError(folder, None, "at least one case file (*.yaml)", "<none>")
    return sorted(cases, key=lambda case: (case.outcome.started, case.name))


def load_library() -> list[Case]:
    """The whole library: the US-Japan cases and the partner cases, by start date."""
    cases = load_cases(CASES_DIR) + load_cases(PARTNERS_DIR)
    return sorted(cases, key=lambda case: (case.outcome.started, case.name))


def describe_outcome(outcome: Outcome) -> str:
    """One line: class, who did what, how much, when and how long."""
    japan = {"concede": "concedes", "partial": "concedes in part", "resist": "resists"}
    us = {"refrain": "refrains", "tariff": "keeps tariffs"}
    return (f"{outcome.outcome_class} (Japan {japan[outcome.japan]}, US {us[outcome.us]}), "
            f"concession "
            f"{outcome.concession_size.value:.0%} of the demand, reached {outcome.reached} "
            f"after {outcome.months:g} months: {outcome.what}")
