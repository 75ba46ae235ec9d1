"""The shipped fit and what the record implies for each scenario."""

from __future__ import annotations

import numpy as np
import pytest

from sim.estimate.bridge import record_outlook, scenario_covariates
from sim.estimate.equilibria import all_equilibria
from sim.estimate.model import log_likelihood_games
from sim.estimate.shipped import SHIPPED_FIT, load_fit
from sim.estimate.spec import load_design
from sim.data.scenario import with_overrides
from test_estimate_spec import SHARED_DATA, SPEC


def test_shipped_fit_has_provenance_and_the_published_optimum():
    fit = load_fit()
    provenance = fit.provenance
    assert provenance["spec"] == "crisis_game_spec.yaml"
    assert provenance["data"] == "ties_crisis_games_1970_2000.csv"
    assert provenance["method"] == "cmle" and provenance["equilibrium_violation"] <= 1e-6
    assert provenance["loglik"] == pytest.approx(-3927.9095, abs=1e-3)
    assert {"date", "data_sha256", "citation", "n_games"} <= set(provenance)
    assert "002740_1990" in fit.reference_rows and fit.beta().size == 20


def test_shipped_coefficients_give_the_recorded_likelihood_on_the_data():
    if not SPEC.is_file():
        pytest.skip(f"shared data not found at {SHARED_DATA} (set GAIATSU_DATA)")
    design, fit = load_design(SPEC), load_fit()
    assert design.names == tuple(fit.coefficients)
    U = design.utilities(fit.beta())
    roots, count = all_equilibria(U)
    assert (count == 1).all()
    loglik = log_likelihood_games(U, roots[:, 0], design.counts).sum()
    assert loglik == pytest.approx(fit.provenance["loglik"], abs=1e-6)


def test_record_outlook_has_probabilities_at_every_equilibrium(example_scenario):
    outlook = record_outlook(example_scenario)
    assert outlook.method == "cmle" and len(outlook.equilibria) >= 1
    for e in outlook.equilibria:
        assert e.status_quo + e.japan_concedes + e.sanctions_stand + e.us_backs_down == pytest.approx(1.0)
        assert e.concede_given_challenge + e.stand_given_challenge + e.back_down_given_challenge == pytest.approx(1.0)
        assert e.japan_concedes == pytest.approx(e.p_challenge * e.concede_given_challenge)
    kinds = {c.name: c.kind for c in outlook.covariates}
    assert kinds["ally"] == kinds["senderecondep"] == kinds["targetecondep"] == "derived"
    assert kinds["lncaprat"] == kinds["anticipatedtargetcosts"] == "assumed"
    assert all(c.reason for c in outlook.covariates)


def test_covariates_follow_the_scenario_facts(example_scenario):
    fit = load_fit()
    base = {c.name: c.value for c in scenario_covariates(example_scenario, fit)}
    deficit = example_scenario.value("us_trade_deficit_with_japan")
    doubled = with_overrides(example_scenario, {"us_trade_deficit_with_japan": 2 * deficit})
    twice = {c.name: c.value for c in scenario_covariates(doubled, fit)}
    assert twice["targetecondep"] == pytest.approx(2 * base["targetecondep"])
    assert twice["senderecondep"] == pytest.approx(2 * base["senderecondep"])
    alone = with_overrides(example_scenario, {"security_dependence": 0.0})
    assert {c.name: c.value for c in scenario_covariates(alone, fit)}["ally"] == 0.0
    assert base["ally"] == 1.0
    # more Japanese dependence on US trade makes concession likelier, as the record says
    more = record_outlook(doubled).equilibria[0].concede_given_challenge
    assert more > record_outlook(example_scenario).equilibria[0].concede_given_challenge


def test_shipped_file_is_inside_the_package():
    assert SHIPPED_FIT.parent.name == "estimate" and SHIPPED_FIT.is_file()
    assert np.isfinite(load_fit().beta()).all()


def test_every_run_carries_the_record_beside_the_article_models(example_scenario, ishiba, trump):
    from dataclasses import replace

    from sim.report.document import text_of
    from sim.cli.pipeline import simulate
    from sim.report.summary import article_concession, record_lines
    from sim.io.results import results_from_json, results_to_json

    result = simulate(example_scenario, ishiba, trump)
    assert result.record == record_outlook(example_scenario)
    assert results_from_json(results_to_json([result]))[0].record == result.record
    text = "\n".join(text_of(line) for line in record_lines(result))
    concedes = result.record.equilibria[0].concede_given_challenge
    assert f"Japan concedes {concedes:.2f}, sanctions stand" in text
    static, threat = article_concession(result)
    expected = "agrees" if (static >= 0.5) == (concedes >= 0.5) else "disagrees"
    assert f"the static game {expected}" in text
    # an article model on the other side of one half is said to disagree, with the reason
    flipped = replace(result.sequential, pbe=replace(result.sequential.pbe, concede=0.0 if concedes >= 0.5 else 1.0))
    text = "\n".join(text_of(line) for line in record_lines(replace(result, sequential=flipped)))
    assert "the threat game disagrees" in text and "Why they differ" in text
