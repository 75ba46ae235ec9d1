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

from dataclasses import dataclass
from pathlib import Path

from sim.data.datafile import load_mapping
from sim.base.errors import UserError
from sim.base.paths import SCENARIOS_DIR
from sim.data.outcome import Outcome, parse_outcome
from sim.data.scenario import Scenario, parse_scenario

CASES_DIR = SCENARIOS_DIR / "cases"
#: Cases with another US partner in Japan's role (2025 partners, Mexico 2019).
PARTNERS_DIR = CASES_DIR / "partners"


@dataclass(frozen=True)
class Case:
    """A historical case: its scenario (the model's inputs) and its coded outcome."""

    scenario: Scenario
    outcome: Outcome

    @property
    def name(self) -> str:
        return self.scenario.name


def load_case(path: Path | str, text: str | None = None) -> Case:
    """Read and validate one case file (a scenario with an ``outcome`` block).

    ``text``: the file's text when the caller has read it already
    (:func:`sim.data.datafile.read_text`); the file is then not read again.
    """
    path = Path(path)
    data = load_mapping(path, text)
    scenario = parse_scenario(data, path)
    if "outcome" not in data:
        raise UserError(path, "outcome", "the coded outcome of a historical case", "<nothing: the field is missing>")
    return Case(scenario, parse_outcome(data["outcome"], scenario.sources, path))


def load_case_if_any(path: Path | str) -> Case | None:
    """The case in ``path`` if the file has an ``outcome`` block, else None."""
    return load_case(path) if "outcome" in load_mapping(Path(path)) else None


def case_paths(folder: Path | str = CASES_DIR) -> list[Path]:
    """The ``*.yaml`` files of a case folder, by name; an error if there is none."""
    folder = Path(folder)
    if not folder.is_dir():
        raise UserError(folder, None, "a folder of case files", "<no such folder>")
    paths = sorted(folder.glob("*.yaml"))
    if not paths:
        raise UserError(folder, None, "at least one case file (*.yaml)", "<none>")
    return paths


def by_start(cases: list[Case]) -> list[Case]:
    """``cases`` in order of when the episode started (then by name)."""
    return sorted(cases, key=lambda case: (case.outcome.started, case.name))


def load_cases(folder: Path | str = CASES_DIR) -> list[Case]:
    """Every ``*.yaml`` case in ``folder``, in order of when the episode started."""
    return by_start([load_case(path) for path in case_paths(folder)])


def load_library() -> list[Case]:
    """The whole library: the US-Japan cases and the partner cases, by start date."""
    cases = load_cases(CASES_DIR) + load_cases(PARTNERS_DIR)
    return sorted(cases, key=lambda case: (case.outcome.started, case.name))


def describe_outcome(outcome: Outcome) -> str:
    """One line: class, who did what, how much, when and how long."""
    japan = {"concede": "concedes", "partial": "concedes in part", "resist": "resists"}
    us = {"refrain": "refrains", "tariff": "keeps tariffs"}
    return (
        f"{outcome.outcome_class} (Japan {japan[outcome.japan]}, US {us[outcome.us]}), "
        f"concession "
        f"{outcome.concession_size.value:.0%} of the demand, reached {outcome.reached} "
        f"after {outcome.months:g} months: {outcome.what}"
    )
