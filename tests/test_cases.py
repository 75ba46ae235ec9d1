"""Historical cases: every case file loads, its outcome coding is consistent, and bad
outcome blocks (or publication sources) give one-line errors with exit 2."""

from __future__ import annotations

import copy
import subprocess
import sys

import pytest
import yaml

from conftest import CHILD_ENV
from sim.data.cases import CASES_DIR, load_case, load_cases
from sim.data.outcome import JAPAN_RESPONSES, OUTCOME_CLASSES, japan_response, outcome_class
from sim.base.errors import UserError
from sim.base.fields import FIELDS, OPTIONAL_FIELDS
from sim.data.scenario import builtin_scenario_names, load_scenario, resolve_scenario_path

CASE_FILES = sorted([*CASES_DIR.glob("*.yaml"), *(CASES_DIR / "partners").glob("*.yaml")])
REQUIRED_CASES = (
    "auto_export_restraint_1981",
    "plaza_accord_1985",
    "auto_parts_section_301_1995",
    "us_japan_trade_agreement_2019",
    "steel_and_auto_tariffs_2025",
)


def test_the_five_required_cases_ship_and_are_not_builtin_scenarios():
    names = {path.stem for path in CASE_FILES}
    assert set(REQUIRED_CASES) <= names
    assert not names & set(builtin_scenario_names())  # the default run is unchanged


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_every_case_loads_with_all_facts_and_a_consistent_outcome(path):
    case = load_case(path)
    outcome = case.outcome
    assert set(FIELDS) <= set(case.scenario.facts) <= set(FIELDS) | set(OPTIONAL_FIELDS)
    assert case.scenario.leader == "neutral"
    assert outcome.outcome_class == outcome_class(outcome.us, outcome.japan)
    assert japan_response(outcome.concession_size.value) == outcome.japan
    assert 0.0 <= outcome.concession_size.value <= 1.0 and outcome.months >= 0
    assert outcome.source in case.scenario.sources and outcome.quote


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_every_case_cites_publications_with_publisher_and_address(path):
    case = load_case(path)
    publications = [s for s in case.scenario.sources.values() if not s.is_article]
    assert publications
    for source in publications:
        assert source.publisher and source.address.startswith(("http://", "https://"))


def test_the_coded_outcomes_match_the_record():
    coded = {case.name: (case.outcome.japan, case.outcome.us, case.outcome.outcome_class) for case in load_cases()}
    assert coded["auto_export_restraint_1981"] == ("concede", "refrain", "concession")
    assert coded["auto_parts_section_301_1995"] == ("partial", "refrain", "concession")
    assert coded["us_japan_trade_agreement_2019"] == ("partial", "refrain", "concession")
    assert coded["steel_and_auto_tariffs_2025"] == ("concede", "tariff", "concession_under_tariffs")


def test_outcome_class_covers_the_four_cells():
    cells = {outcome_class(us, japan) for us in ("refrain", "tariff") for japan in JAPAN_RESPONSES}
    assert cells == set(OUTCOME_CLASSES)
    assert outcome_class("refrain", "partial") == "concession"
    assert outcome_class("tariff", "resist") == "standoff"
    assert [japan_response(x) for x in (0.0, 0.149, 0.15, 0.59, 0.6, 1.0)] == [
        "resist",
        "resist",
        "partial",
        "partial",
        "concede",
        "concede",
    ]


def test_cases_resolve_by_path_and_by_folder_name():
    assert resolve_scenario_path("cases/plaza_accord_1985") == CASES_DIR / "plaza_accord_1985.yaml"
    assert load_scenario(CASES_DIR / "plaza_accord_1985.yaml").name == "plaza_accord_1985"


def _case_data():
    return yaml.safe_load((CASES_DIR / "auto_parts_section_301_1995.yaml").read_text("utf-8"))


BAD_OUTCOMES = {
    "class inconsistent": (
        lambda d: d["outcome"].update({"class": "standoff"}),
        "outcome.class: expected concession (japan: partial, us: refrain)",
    ),
    "unknown japan code": (
        lambda d: d["outcome"].update({"japan": "capitulate"}),
        "outcome.japan: expected one of concede, partial, resist",
    ),
    "size outside its band": (
        lambda d: d["outcome"]["concession_size"].update({"value": 0.9, "range": [0.6, 1.0]}),
        "outcome.concession_size.value: expected a size in the band",
    ),
    "size above one": (
        lambda d: d["outcome"]["concession_size"].update({"value": 1.5, "range": [0.6, 1.5]}),
        "outcome.concession_size.value: expected >= 0 and <= 1",
    ),
    "negative months": (
        lambda d: d["outcome"].update({"months": -3}),
        "outcome.months: expected a number of months >= 0",
    ),
    "missing quote": (lambda d: d["outcome"].pop("quote"), "outcome.quote"),
    "unknown source": (
        lambda d: d["outcome"].update({"source": "nowhere"}),
        "outcome.source: expected a source listed under 'sources'",
    ),
    "unknown key": (lambda d: d["outcome"].update({"winner": "japan"}), "outcome.winner: expected a known field"),
    "publication without address": (
        lambda d: d["sources"]["baltimore_sun_1995"].pop("address"),
        "sources.baltimore_sun_1995.address: expected the web address of a publication",
    ),
    "old file without the episode's form": (
        lambda d: [d["outcome"].pop(k) for k in ("pressure", "restated_pledge")],
        "outcome.pressure: expected the form of the episode (an older case file: add pressure, restated_pledge",
    ),
    "unknown pressure": (
        lambda d: d["outcome"].update({"pressure": "gunboat"}),
        "outcome.pressure: expected one of tariff, import_quota",
    ),
    "unknown concession form": (
        lambda d: d["outcome"].update({"concession_form": "apology"}),
        "outcome.concession_form: expected one of export_restraint",
    ),
    "measure kept but us refrains": (
        lambda d: d["outcome"].update({"tariff_lifting": "kept"}),
        "outcome.tariff_lifting: expected not_imposed or lifted (us: refrain)",
    ),
    "remaining tariff where none stood": (
        lambda d: d["outcome"]["remaining_tariff"].update({"value": 0.4}),
        "outcome.remaining_tariff.value: expected 0 (tariff_lifting: not_imposed)",
    ),
    "restated pledge not a boolean": (
        lambda d: d["outcome"].update({"restated_pledge": "no"}),
        "outcome.restated_pledge: expected true or false",
    ),
    "address not a URL": (
        lambda d: d["sources"]["baltimore_sun_1995"].update({"address": "the library"}),
        "sources.baltimore_sun_1995.address: expected an http:// or https:// address",
    ),
}


@pytest.mark.parametrize("name", list(BAD_OUTCOMES))
def test_bad_outcome_blocks_are_one_line_errors(name, tmp_path):
    data = copy.deepcopy(_case_data())
    mutate, expected = BAD_OUTCOMES[name]
    mutate(data)
    path = tmp_path / "bad_case.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(UserError) as error:
        load_case(path)
    message = error.value.message()
    assert "\n" not in message and str(path) in message and expected in message


def test_a_scenario_without_outcome_is_not_a_case(tmp_path):
    data = _case_data()
    del data["outcome"]
    path = tmp_path / "no_outcome.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert load_scenario(path).name == "no_outcome"
    with pytest.raises(UserError, match="outcome: expected the coded outcome"):
        load_case(path)


def _validate(*args, cwd):
    return subprocess.run(
        [sys.executable, "-m", "sim.validate", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={**CHILD_ENV},
    )


def test_validate_accepts_every_case_and_prints_its_outcome(tmp_path):
    done = _validate(*CASE_FILES, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count(": ok: ") == len(CASE_FILES)
    assert done.stdout.count("  outcome: ") == len(CASE_FILES)


def test_partly_lifted_tariffs_need_the_share_that_stayed(tmp_path):
    data = yaml.safe_load((CASES_DIR / "steel_and_auto_tariffs_2025.yaml").read_text("utf-8"))
    data["outcome"]["remaining_tariff"].update({"value": 1.0, "range": [0.5, 1.0]})
    path = tmp_path / "bad_2025.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(UserError, match="remaining_tariff.value: expected above 0 and below 1"):
        load_case(path)


def test_validate_rejects_an_old_case_file_with_exit_2(tmp_path):
    data = _case_data()
    for key in ("pressure", "concession_form", "tariff_lifting", "remaining_tariff", "restated_pledge"):
        data["outcome"].pop(key)
    path = tmp_path / "old_case.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    done = _validate(path, cwd=tmp_path)
    assert done.returncode == 2 and done.stderr.count("\n") == 1
    assert "add pressure, concession_form, tariff_lifting, remaining_tariff, restated_pledge" in (done.stderr)


def test_validate_rejects_a_bad_outcome_with_exit_2(tmp_path):
    data = _case_data()
    data["outcome"]["class"] = "us_backs_down"
    path = tmp_path / "bad_case.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    done = _validate(path, cwd=tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1 and "outcome.class: expected concession" in done.stderr
