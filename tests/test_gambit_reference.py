"""Gaiatsu against Gambit's committed answers (tests/reference/gambit_reference.json).

The answers were computed by pygambit (enummixed in exact rationals, lcp, logit QRE,
its .nfg/.efg readers and its regret of a behaviour profile) with
tests/reference/make_gambit_reference.py. These tests need no pygambit, so they run in
every test install; the live cross-checks in the other test modules run where pygambit is
installed.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from sim.io.gambit_io import read_nfg, write_efg, write_nfg
from sim.model.payoffs import stage_game
from sim.data.presets import JapanPreset, USPreset, load_preset
from sim.solve.qre import qre_path
from sim.data.scenario import load_scenario, resolve_scenario_path
from sim.model.sequential import backward_induction, perfect_bayesian_equilibrium, resolve_game, threat_game
from sim.cli.solve import equilibria_json
from sim.solve.scaling import well_resolved
from sim.solve.solvers import _records, _vertex_enumeration, nash_equilibria, solve_game

REFERENCE = json.loads((Path(__file__).parent / "reference" / "gambit_reference.json").read_text(encoding="utf-8"))
MATCH = 1e-6  # strategies of two solvers agree within this


def _ids(entries, key="name"):
    return [str(entry[key]) for entry in entries]


def same_profile(ours_row, ours_col, theirs: dict, atol: float = MATCH) -> bool:
    return np.allclose(ours_row, theirs["row"], atol=atol) and np.allclose(ours_col, theirs["col"], atol=atol)


def test_the_corpus_was_made_by_gambit_and_covers_every_kind():
    assert REFERENCE["pygambit_version"].startswith("16.")
    kinds = {entry["kind"] for entry in REFERENCE["equilibria"]}
    assert kinds == {"classic", "uniform", "integers", "badly scaled", "scenario"}
    assert len(REFERENCE["equilibria"]) >= 260 and len(REFERENCE["qre"]) >= 20
    shapes = {np.shape(entry["A"]) for entry in REFERENCE["equilibria"]}
    assert {(2, 2), (3, 3), (4, 4), (6, 6), (3, 5)} <= shapes


@pytest.mark.parametrize("entry", REFERENCE["equilibria"], ids=_ids(REFERENCE["equilibria"]))
def test_every_extreme_equilibrium_agrees_with_gambit_enummixed(entry):
    A, B = np.array(entry["A"]), np.array(entry["B"])
    ours = nash_equilibria(A, B)
    theirs = entry["enummixed"]
    assert len(ours) == len(theirs), (ours, theirs)
    for reference in theirs:
        (match,) = [e for e in ours if same_profile(e.row_strategy, e.col_strategy, reference)]
        assert [match.row_payoff, match.col_payoff] == pytest.approx(reference["payoffs"], rel=1e-9, abs=1e-9)


BADLY_SCALED = [entry for entry in REFERENCE["equilibria"] if entry["kind"] == "badly scaled"]


def test_floats_alone_miss_equilibria_of_the_badly_scaled_games_and_the_default_does_not():
    """One payoff of 1e6 or 1e9 beside payoffs in [0, 1): every game is beyond what floats resolve,
    the floating-point enumeration alone misses some of Gambit's exact equilibria (so the
    family tests something), and the default answers each completely, in exact arithmetic
    (agreement with Gambit: test_every_extreme_equilibrium_agrees_with_gambit_enummixed)."""
    assert len(BADLY_SCALED) == 120
    missed_by_floats = 0
    for entry in BADLY_SCALED:
        A, B = np.array(entry["A"]), np.array(entry["B"])
        assert 3 <= len(A) <= 6 and np.abs(np.hstack([A, B])).max() in (1e6, 1e9)
        assert not well_resolved(A, B)
        floats_only = _records(A, B, _vertex_enumeration(A, B)[0])
        missed_by_floats += not all(
            any(same_profile(e.row_strategy, e.col_strategy, reference) for e in floats_only)
            for reference in entry["enummixed"]
        )
        result = solve_game(A, B)
        assert result.complete and "exact arithmetic" in result.note
    assert missed_by_floats >= 10


LCP = [entry for entry in REFERENCE["equilibria"] if "lcp" in entry]


@pytest.mark.parametrize("entry", LCP, ids=_ids(LCP))
def test_gambit_lcp_equilibria_are_among_ours_and_lemke_howson_among_gambits(entry):
    A, B = np.array(entry["A"]), np.array(entry["B"])
    ours = nash_equilibria(A, B)
    for reference in entry["lcp"]:
        assert any(same_profile(e.row_strategy, e.col_strategy, reference) for e in ours)
    for e in solve_game(A, B, method="lemke_howson").equilibria:
        assert any(same_profile(e.row_strategy, e.col_strategy, reference) for reference in entry["enummixed"])


@pytest.mark.parametrize("entry", REFERENCE["qre"], ids=_ids(REFERENCE["qre"]))
def test_logit_qre_follows_gambits_principal_branch(entry):
    A, B = np.array(entry["A"]), np.array(entry["B"])
    points = entry["points"]
    # Gambit stops within about 1e-8 of each requested lambda: compare at its lambda.
    path = qre_path(A, B, [point["lam"] for point in points])
    for k, point in enumerate(points):
        np.testing.assert_allclose(path.row[k], point["row"], atol=1e-7)
        np.testing.assert_allclose(path.col[k], point["col"], atol=1e-7)


FILES = REFERENCE["gambit_files"]


@pytest.mark.parametrize("entry", FILES, ids=[f"{e['name']} ({e['layout']})" for e in FILES])
def test_we_read_the_files_gambit_writes_as_gambit_does(entry):
    parsed = read_nfg(entry["text"], "gambit.nfg")
    assert len(parsed.payoffs) == len(entry["payoffs"])
    for ours, theirs in zip(parsed.payoffs, entry["payoffs"]):
        np.testing.assert_allclose(ours, theirs, rtol=1e-15)
    if entry["enummixed"] is None:
        return
    A, B = parsed.bimatrix()
    found = equilibria_json(solve_game(A, B, method="vertex").equilibria)["equilibria"]
    assert len(found) == len(entry["enummixed"])
    for reference in entry["enummixed"]:
        assert any(
            same_profile(*e["strategies"], reference, atol=1e-8)
            and np.allclose(e["payoffs"], reference["payoffs"], atol=1e-8)
            for e in found
        ), reference


NFG_OURS = [entry for entry in REFERENCE["our_files"] if entry["kind"] == "nfg"]


@pytest.mark.parametrize("entry", NFG_OURS, ids=[e["title"] for e in NFG_OURS])
def test_gambit_read_our_nfg_files_as_we_meant_them(entry):
    """Gambit read this text as the game we wrote, and our writer still writes that text."""
    labels = tuple(tuple(group) for group in entry["labels"])
    assert write_nfg(entry["A"], entry["B"], entry["title"], labels) == entry["text"]
    seen = entry["gambit"]
    assert seen["title"] == entry["title"]
    assert [tuple(group) for group in seen["strategies"]] == list(labels)
    np.testing.assert_array_equal(seen["payoffs"][0], entry["A"])
    np.testing.assert_array_equal(seen["payoffs"][1], entry["B"])


EFG_OURS = [entry for entry in REFERENCE["our_files"] if entry["kind"] == "efg"]


@pytest.mark.parametrize("entry", EFG_OURS, ids=[f"prior {e['prior']}" for e in EFG_OURS])
def test_gambit_read_our_threat_game_file_with_its_players_infosets_and_payoffs(entry):
    scenario = load_scenario(resolve_scenario_path("ishiba_white_house_2025"))
    game = stage_game(scenario, load_preset(JapanPreset, "ishiba"), load_preset(USPreset, "trump_2025"))
    A, B = game.us_payoffs, game.japan_payoffs
    tree = resolve_game(A, B, 0.5 * float(A[1, 1] - A[0, 1]) + 1.0, entry["prior"])
    if write_efg(tree) != entry["text"]:
        pytest.fail(
            "the threat game's .efg text changed: regenerate the reference with "
            "tests/reference/make_gambit_reference.py (pygambit) to recheck it"
        )
    seen = entry["gambit"]
    assert seen["players"] == ["US", "Japan"]
    assert len(seen["infosets"][1]) == 1  # Japan cannot tell the US types apart
    leaves = _terminal_payoffs(tree.root)
    np.testing.assert_allclose(seen["terminal_payoffs"], leaves, rtol=1e-12)


def _terminal_payoffs(node) -> list:
    from sim.model.gametree import Chance, Terminal

    if isinstance(node, Terminal):
        return [list(node.payoffs)]
    children = [b[2] for b in node.branches] if isinstance(node, Chance) else [child for _, child in node.actions]
    return [leaf for child in children for leaf in _terminal_payoffs(child)]


def _game_from(values):
    v, p, g, h, k, l, t = values
    A = np.array([[v, -p], [v + g - h / 2, g - h]])
    B = np.array([[-k, -l], [-k - t / 2, -l - t]])
    return A, B, g


@pytest.mark.parametrize(
    "entry", REFERENCE["threat_games"], ids=[str(k) for k in range(len(REFERENCE["threat_games"]))]
)
def test_backward_induction_gives_the_behaviour_gambit_certified(entry):
    A, B, _ = _game_from(entry["values"])
    solution = backward_induction(threat_game(A, B).root)
    assert list(solution.path) == entry["path"]
    assert all(abs(regret) <= 1e-9 for regret in entry["infoset_regret"].values())
    chosen = {action for probs in entry["behaviour"].values() for action, p in probs.items() if p == 1.0}
    assert set(solution.choices.values()) <= chosen


@pytest.mark.parametrize(
    "entry", REFERENCE["resolve_games"], ids=[str(k) for k in range(len(REFERENCE["resolve_games"]))]
)
def test_the_pbe_is_the_behaviour_gambit_certified_as_sequentially_rational(entry):
    A, B, g = _game_from(entry["values"])
    eq = perfect_bayesian_equilibrium(A, B, g, entry["prior"])
    behaviour = entry["behaviour"]
    assert eq.threaten[0] == pytest.approx(behaviour["US resolved"]["threaten"], abs=1e-12)
    assert eq.threaten[1] == pytest.approx(behaviour["US bluffing"]["threaten"], abs=1e-12)
    assert eq.concede == pytest.approx(behaviour["Japan threatened"]["concede"], abs=1e-12)
    assert float(eq.carry_out[0]) == behaviour["US resolved resisted"]["carry out"]
    assert float(eq.carry_out[1]) == behaviour["US bluffing resisted"]["carry out"]
    assert entry["agent_max_regret"] <= 1e-7  # Gambit: no agent gains by deviating
    if entry["gambit_belief"] is not None:  # Bayes' rule where Japan's infoset is reached
        assert eq.belief == pytest.approx(entry["gambit_belief"], abs=1e-7)
