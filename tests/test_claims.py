"""Debriefs are checked claims: constructed games go through every debrief, and every
sentence that compares numbers must be in the checked form and true of what it prints."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from sim.report.claims import check_claims, compare, unchecked_comparisons
from sim.report.document import text_of
from sim.play.game import Benchmark, MatchState, RepeatedGame, Round
from sim.play.text import repeated_lesson, threat_debrief_text, two_student_debrief
from sim.play.threat import ThreatDebrief, threat_game

# Constructed stage games (US payoffs A, Japan payoffs B; index 0 = refrain / concede), one
# for each sign pattern of the four best-response comparisons, including the faults seen:
# the US not tempted (45.0 vs 43.2 reversed) and Japan worse off cooperating (Takaichi).
BASE_A = np.array([[45.0, -10.0], [43.2, -5.0]])
BASE_B = np.array([[-129.6, -60.0], [-150.0, -81.4]])


def games():
    for flips in itertools.product((False, True), repeat=4):
        A, B = BASE_A.copy(), BASE_B.copy()
        if flips[0]:
            A[1, 0], A[0, 0] = A[0, 0] + 5.0, A[1, 0] - 5.0  # US tempted at (refrain, concede)
        if flips[1]:
            A[1, 1], A[0, 1] = A[0, 1], A[1, 1]  # a resisted US backs down
        if flips[2]:
            B[0, 0], B[0, 1] = B[0, 1], B[0, 0]  # Japan concedes without tariffs
        if flips[3]:
            B[1, 0], B[1, 1] = B[1, 1] + 3.0, B[1, 0]  # Japan concedes under tariffs
        yield A, B


def checked(lines) -> None:
    text = "\n".join(line if isinstance(line, str) else text_of(line) for line in lines)
    assert not check_claims(text), check_claims(text)
    assert not unchecked_comparisons(text), (unchecked_comparisons(text), text)


def test_compare_says_what_its_printed_numbers_say():
    assert compare("a", 45.0, "b", 43.2) == "a (45.0) exceeds b (43.2) by 1.8"
    assert compare("a", -129.6, "b", -81.4) == "a (-129.6) falls short of b (-81.4) by 48.2"
    assert compare("a", 0.04, "b", 0.01) == "a (0.0) equals b (0.0)"  # equal as printed
    assert compare("a", 2.16, "b", 1.0, digits=2, by=False) == "a (2.16) exceeds b (1.00)"
    assert check_claims("x (1.0) exceeds y (2.0)") == ["(1.0) exceeds y (2.0)"]
    assert check_claims("x (3.0) exceeds y (2.0) by 5.0")  # a wrong difference is caught
    assert unchecked_comparisons("Each side gains from deviating") == ["gains from"]


def _rounds(A, B, cells):
    return tuple(Round(i, j, i, j, float(A[i, j]), float(B[i, j])) for i, j in cells)


@pytest.mark.parametrize("A, B", list(games()))
def test_the_two_student_debrief_claims_only_what_the_payoffs_say(A, B):
    game = RepeatedGame(A, B, "both", None, 4, 0.0, 0)
    state = MatchState(0, _rounds(A, B, [(0, 0), (1, 1), (0, 1), (1, 0)]))
    refs = [("stage equilibrium every round", Benchmark("(1, 1)", "", 4 * A[1, 1], 4 * B[1, 1], 1))]
    for cell in (None, (1, 1), (0, 1), (0, 0)):
        lines = two_student_debrief(game, state, {"us": "Ann", "japan": "Ben"}, refs, cell)
        checked(lines)
        text = "\n".join(lines)
        us_tempted = round(A[1, 0], 1) > round(A[0, 0], 1)
        japan_tempted = round(B[0, 1], 1) > round(B[0, 0], 1)
        assert ("Both sides are tempted" in text) == (us_tempted and japan_tempted)
        assert ("Neither side is tempted" in text) == (not us_tempted and not japan_tempted)
        worse = cell not in (None, (0, 0)) and round(B[0, 0], 1) < round(B[cell], 1)
        assert ("not cooperation worth reaching" in text) == worse


@pytest.mark.parametrize(
    "own, eq, top", [(10.0, 5.0, 20.0), (5.0, 5.0, 5.0), (1.0, 5.0, 5.0), (30.0, 5.0, 20.0), (5.0, 7.0, 6.0)]
)
def test_the_single_student_lesson_compares_the_totals_it_states(own, eq, top):
    A, B = BASE_A, BASE_B
    game = RepeatedGame(A, B, "japan", "escalating_demand", 1, 0.0, 0)
    state = MatchState(0, (Round(0, 0, 0, 0, 0.0, own),))
    lesson = repeated_lesson(
        game, state, Benchmark("always_defect", "always resist", 0, eq, 1), Benchmark("tit_for_tat", "", 0, top, 1)
    )
    checked([lesson])
    assert f"({own:.1f})" in lesson and f"({top:.1f})" in lesson


@pytest.mark.parametrize("A, B", [g for g in games() if g[0][0, 0] >= 0])
@pytest.mark.parametrize("G", [0.0, 4.0, 30.0])
@pytest.mark.parametrize("prior", [0.0, 0.3, 0.8, 1.0])
def test_the_threat_debrief_says_a_probability_only_when_it_is_one(A, B, G, prior):
    game = threat_game(A, B, G, prior)
    d = ThreatDebrief(5, 2, -300.0, -310.0, -320.0, -305.0, -250.0, 0.4)
    lines = threat_debrief_text(game, d)
    checked(lines)
    text = "\n".join(lines)
    assert "threshold -" not in text
    mu = game.threshold
    if mu is not None and not 0 <= mu <= 1:
        assert "mu*" not in text and f"{mu:.2f}" not in text
    bluff_reply = game.outcomes["bluffing", 1].us_reply
    resolved_reply = game.outcomes["resolved", 1].us_reply
    if bluff_reply == resolved_reply:
        assert "calls a bluff" not in text
    else:
        assert f"a bluffing one would {bluff_reply}" in text


@pytest.mark.slow
def test_the_report_s_reasons_are_checked_claims_for_constructed_scenarios(example_scenario, ishiba, takaichi, trump):
    from sim.cli.pipeline import ModelSettings, simulate
    from sim.report.reconcile import conclusion, why_lines
    from sim.report.summary import because, repeated_lines, sequential_lines
    from sim.data.scenario import with_overrides

    model = ModelSettings(tipping_grid=3, prior_grid=3, map_points=2, repeated_turns=5, repeated_matches=20)
    for japan in (ishiba, takaichi):
        for overrides in (
            {},
            {"security_dependence": 0.95},
            {"approval": 0.9},
            {"auto_tariff_rate": 0.0},
            {"public_support_for_resisting": 0.05},
        ):
            result = simulate(with_overrides(example_scenario, overrides), japan, trump, model)
            checked(
                [
                    *because(result),
                    *sequential_lines(result),
                    *repeated_lines(result)[2:],
                    *why_lines(result),
                    conclusion(result),
                ]
            )
            assert f"probability {result.sequential.pbe.concede:.2f}" in text_of(conclusion(result))


def test_the_us_reason_counts_the_partner_s_counter_pressure(example_scenario, ishiba, trump):
    """With counter-pressure R the US answers resistance with tariffs only when G + P > H + R:
    the reason given agrees with the payoff matrix."""
    from sim.cli.pipeline import ModelSettings, simulate
    from sim.data.scenario import with_overrides
    from sim.report.summary import because

    model = ModelSettings(tipping_grid=3, prior_grid=3, map_points=2, repeated_turns=5, repeated_matches=20)
    for pressure in (0.0, 10.0):
        result = simulate(with_overrides(example_scenario, {"retaliation_cost_to_us": pressure}), ishiba, trump, model)
        (refrain, tariff) = (result.us_payoffs[0][1], result.us_payoffs[1][1])
        line = text_of(because(result)[1])
        checked([because(result)[1]])
        assert line.startswith("The US imposes tariffs" if tariff > refrain else "The US backs down")
        assert ("counter-pressure 10.0" in line) == (pressure > 0)
