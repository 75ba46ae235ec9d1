"""Scenario schema: good files load, each kind of mistake gets its own clear error."""

from __future__ import annotations

import copy
import dataclasses

import pytest
import yaml

from conftest import EXAMPLE_SCENARIO
from sim.base.errors import UserError
from sim.base.fields import FIELDS
from sim.data.scenario import LEADERS, builtin_scenario_names, load_scenario, resolve_scenario_path, with_overrides

EXAMPLE = yaml.safe_load(EXAMPLE_SCENARIO.read_text(encoding="utf-8"))
ARTICLE_001 = "001_dec6f44412bc6e05.txt"


def test_builtin_scenarios_cover_all_five_articles(scenarios):
    cited = {source for scenario in scenarios for source in scenario.sources}
    assert {f"00{k}" for k in range(5)} <= {name[:3] for name in cited}
    assert len(scenarios) >= 5


def test_every_scenario_has_every_field_in_range(scenarios):
    for scenario in scenarios:
        assert set(scenario.facts) == set(FIELDS)
        for name, quantity in scenario.facts.items():
            assert FIELDS[name].admits(quantity.value), (scenario.name, name)
        assert scenario.leader in LEADERS


def test_default_pairing_of_leaders(scenarios):
    leaders = {s.name: s.leader for s in scenarios}
    assert sorted(leaders.values()).count("ishiba") >= 2
    assert sorted(leaders.values()).count("takaichi") >= 2
    assert "neutral" in leaders.values()


def test_units_are_normalised(example_scenario):
    assert example_scenario.value("auto_tariff_rate") == pytest.approx(0.25)
    assert example_scenario.facts["auto_tariff_rate"].stated == "25 percent"
    assert example_scenario.context["us_jobs_at_japanese_firms"].value == pytest.approx(1.5e6)


def test_conflicting_figures_stay_visible(example_scenario):
    trade = example_scenario.facts["japan_china_trade"]
    assert trade.value == 295
    assert [alt.value for alt in trade.alternatives] == [380]
    assert trade.choice


def test_scenario_is_frozen(example_scenario):
    with pytest.raises(dataclasses.FrozenInstanceError):
        example_scenario.title = "changed"
    with pytest.raises(TypeError):
        example_scenario.facts["approval"] = None


def _write(tmp_path, data, name="case.yaml"):
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _mutated(edit):
    data = copy.deepcopy(EXAMPLE)
    edit(data)
    return data


BAD_CASES = {
    "missing field": (lambda d: d["facts"].pop("approval"), "facts.approval", "missing"),
    "misspelt field": (
        lambda d: d["facts"].__setitem__("aproval", d["facts"].pop("approval")),
        "facts.aproval",
        "did you mean 'approval'",
    ),
    "unknown top-level key": (lambda d: d.__setitem__("extra", 1), "extra", "unknown"),
    "wrong unit": (
        lambda d: d["facts"]["approval"].__setitem__("unit", "USD_bn"),
        "facts.approval.unit",
        "one of fraction, percent",
    ),
    "value out of range": (lambda d: d["facts"]["approval"].__setitem__("value", 128), "facts.approval.value", "<= 1"),
    "negative tariff": (
        lambda d: d["facts"]["auto_tariff_rate"].__setitem__("value", -5),
        "facts.auto_tariff_rate.value",
        ">= 0",
    ),
    "value is text": (lambda d: d["facts"]["approval"].__setitem__("value", "28%"), "facts.approval.value", "a number"),
    "value is a boolean": (
        lambda d: d["facts"]["approval"].__setitem__("value", True),
        "facts.approval.value",
        "a number",
    ),
    "value is NaN": (
        lambda d: d["facts"]["approval"].__setitem__("value", float("nan")),
        "facts.approval.value",
        "finite",
    ),
    "reported without quote": (lambda d: d["facts"]["approval"].pop("quote"), "facts.approval.quote", "verbatim quote"),
    "assumed without why": (lambda d: d["facts"]["pledge_horizon"].pop("why"), "facts.pledge_horizon.why", "'why'"),
    "derived without how": (
        lambda d: d["facts"]["approval"].__setitem__("kind", "derived"),
        "facts.approval.how",
        "'how'",
    ),
    "unknown kind": (
        lambda d: d["facts"]["approval"].__setitem__("kind", "guessed"),
        "facts.approval.kind",
        "reported, derived, assumed",
    ),
    "unlisted source": (
        lambda d: d["facts"]["approval"].__setitem__("source", "009_x.txt"),
        "facts.approval.source",
        "listed under 'sources'",
    ),
    "choice without alternatives": (
        lambda d: d["facts"]["approval"].__setitem__("choice", "this one"),
        "facts.approval.alternatives",
        "alternative figures",
    ),
    "alternatives without choice": (
        lambda d: d["facts"]["japan_china_trade"].pop("choice"),
        "facts.japan_china_trade.choice",
        "non-empty text",
    ),
    "wrong schema version": (lambda d: d.__setitem__("schema_version", 2), "schema_version", "expected 1"),
    "unknown leader": (lambda d: d.__setitem__("leader", "abe"), "leader", "ishiba"),
    "source without reliability": (
        lambda d: d["sources"][ARTICLE_001].pop("reliability"),
        f"sources.{ARTICLE_001}.reliability",
        "missing",
    ),
    "facts not a mapping": (lambda d: d.__setitem__("facts", [1, 2]), "facts", "a mapping"),
    "context unit unknown": (
        lambda d: d["context"]["us_troops_in_japan"].__setitem__("unit", "soldiers"),
        "context.us_troops_in_japan.unit",
        "one of",
    ),
    "zero divisor": (
        lambda d: d["facts"]["pledge_horizon"].__setitem__("value", 0),
        "facts.pledge_horizon.value",
        ">= 0.1",
    ),
    "alternative out of range": (
        lambda d: d["facts"]["japan_china_trade"]["alternatives"][0].__setitem__("value", -380),
        "facts.japan_china_trade.alternatives[0].value",
        ">= 0",
    ),
}


def test_example_is_valid(tmp_path):
    assert load_scenario(_write(tmp_path, EXAMPLE)).name == "case"


@pytest.mark.parametrize("case", list(BAD_CASES))
def test_bad_scenario_gets_one_clear_error(tmp_path, case):
    edit, field, expected = BAD_CASES[case]
    path = _write(tmp_path, _mutated(edit))
    with pytest.raises(UserError) as caught:
        load_scenario(path)
    message = caught.value.message()
    assert message.startswith(str(path)), message
    assert field in message and expected in message, message
    assert "\n" not in message


def test_resolve_builtin_name_and_path(tmp_path):
    assert resolve_scenario_path(builtin_scenario_names()[0]).is_file()
    assert resolve_scenario_path(str(tmp_path / "x.yaml")) == tmp_path / "x.yaml"
    with pytest.raises(UserError, match="did you mean 'ishiba_white_house_2025'"):
        resolve_scenario_path("ishiba_white_house_2052")


def test_overrides_change_value_and_mark_it_assumed(example_scenario):
    changed = with_overrides(example_scenario, {"security_dependence": 0.3})
    assert changed.value("security_dependence") == 0.3
    provenance = changed.facts["security_dependence"].provenance
    assert provenance.kind == "assumed" and "0.8" in provenance.why
    assert example_scenario.value("security_dependence") == 0.8  # the original is untouched


@pytest.mark.parametrize(
    "overrides, found",
    [({"aproval": 0.3}, "did you mean 'approval'"), ({"approval": 1.5}, "<= 1"), ({"approval": "high"}, "a number")],
)
def test_bad_overrides(example_scenario, overrides, found):
    with pytest.raises(UserError, match=found):
        with_overrides(example_scenario, overrides)


def test_derived_figure_agrees_with_its_inputs(example_scenario):
    derived = example_scenario.context["auto_deficit_with_japan"]
    assert derived.provenance.kind == "derived" and derived.provenance.how
    share = example_scenario.context["auto_share_of_deficit"].value
    assert derived.value == pytest.approx(share * example_scenario.value("us_trade_deficit_with_japan"))


# --- uncertainty ranges (range: [low, high] on assumed and derived facts) -----------------


def _with_range(name, bounds, **changes):
    def edit(data):
        data["facts"][name].update(changes)
        data["facts"][name]["range"] = bounds

    return edit


def test_range_is_converted_like_the_value(tmp_path):
    data = _mutated(_with_range("security_dependence", [60, 95], value=80, unit="percent"))
    fact = load_scenario(_write(tmp_path, data)).facts["security_dependence"]
    assert fact.value == pytest.approx(0.8)
    assert fact.range == pytest.approx((0.6, 0.95))


def test_range_may_sit_at_the_value_and_on_a_derived_fact(tmp_path):
    data = _mutated(_with_range("alliance_value_multiple", [1.0, 2.0]))
    data["facts"]["pledge_horizon"].update(kind="derived", how="four years of the term", range=[4, 4])
    scenario = load_scenario(_write(tmp_path, data))
    assert scenario.facts["alliance_value_multiple"].range == (1.0, 2.0)
    assert scenario.facts["pledge_horizon"].range == (4.0, 4.0)


def test_a_fact_without_range_has_none(tmp_path):
    data = _mutated(lambda d: d["facts"]["security_dependence"].pop("range", None))
    assert load_scenario(_write(tmp_path, data)).facts["security_dependence"].range is None


RANGE_CASES = {
    "range on a reported fact": (
        _with_range("approval", [20, 40]),
        "facts.approval.range",
        "only on an assumed or derived fact",
    ),
    "one number": (
        _with_range("security_dependence", [0.6]),
        "facts.security_dependence.range",
        "two finite numbers in fraction",
    ),
    "three numbers": (
        _with_range("security_dependence", [0.6, 0.8, 0.9]),
        "facts.security_dependence.range",
        "[low, high]",
    ),
    "text": (_with_range("security_dependence", "0.6-0.95"), "facts.security_dependence.range", "found '0.6-0.95'"),
    "a boolean bound": (
        _with_range("security_dependence", [True, 0.9]),
        "facts.security_dependence.range",
        "two finite numbers",
    ),
    "an infinite bound": (
        _with_range("audience_cost_scale", [10, float("inf")]),
        "facts.audience_cost_scale.range",
        "two finite numbers",
    ),
    "value below the range": (
        _with_range("security_dependence", [0.85, 0.95]),
        "facts.security_dependence.range",
        "low <= value <= high",
    ),
    "reversed bounds": (
        _with_range("security_dependence", [0.95, 0.6]),
        "facts.security_dependence.range",
        "low <= value <= high",
    ),
    "bound above the field's range": (
        _with_range("security_dependence", [60, 120], value=80, unit="percent"),
        "facts.security_dependence.range",
        "<= 1 fraction, found [60, 120] percent",
    ),
    "bound at zero for a divisor": (_with_range("pledge_horizon", [0, 8]), "facts.pledge_horizon.range", ">= 0.1"),
    "range on a context number": (
        lambda d: d["context"]["us_troops_in_japan"].update(range=[50000, 60000]),
        "context.us_troops_in_japan.range",
        "only on a fact's own value",
    ),
    "range on an alternative": (
        lambda d: d["facts"]["japan_china_trade"]["alternatives"][0].update(range=[300, 400]),
        "facts.japan_china_trade.alternatives[0].range",
        "only on a fact's own value",
    ),
}


@pytest.mark.parametrize("case", list(RANGE_CASES))
def test_bad_range_gets_one_clear_error(tmp_path, case):
    edit, field, expected = RANGE_CASES[case]
    path = _write(tmp_path, _mutated(edit))
    with pytest.raises(UserError) as caught:
        load_scenario(path)
    message = caught.value.message()
    assert message.startswith(f"{path}: {field}: expected"), message
    assert expected in message and "\n" not in message, message


def test_override_keeps_a_range_that_holds_the_new_value(example_scenario):
    bounds = example_scenario.facts["security_dependence"].range
    assert bounds is not None
    inside = with_overrides(example_scenario, {"security_dependence": bounds[0]})
    assert inside.facts["security_dependence"].range == bounds
    outside = with_overrides(example_scenario, {"security_dependence": 1.0})
    assert outside.facts["security_dependence"].range is None


def test_builtin_ranges_are_on_assumed_facts_and_hold_their_values(scenarios):
    for scenario in scenarios:
        ranged = {n: q for n, q in scenario.facts.items() if q.range is not None}
        assert ranged, scenario.name
        for name, fact in ranged.items():
            assert fact.provenance.kind in ("assumed", "derived"), (scenario.name, name)
            assert fact.range[0] <= fact.value <= fact.range[1], (scenario.name, name)
            assert "range" in fact.provenance.why, (scenario.name, name)
