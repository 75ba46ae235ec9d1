"""The escalation path: tariffs first, a concession later, part of the tariffs staying."""

from __future__ import annotations

import numpy as np
import pytest

from sim.model.escalation import CLASSES, escalation_path


def _game(resist_unpunished=-2.0, concede_under_tariffs=-15.0):
    # US: refrain/concede V=10, refrain/resist -P=0 (a bluff costs nothing),
    #     tariff/concede 5, tariff/resist 4 (a resolved US punishes resistance).
    A = np.array([[10.0, 0.0], [5.0, 4.0]])
    # Japan: conceding costs 10; resisting unpunished 2; tariffs hurt 30 if it resists,
    # 15 if it concedes under them (half the tariff lifted).
    B = np.array([[-10.0, resist_unpunished], [concede_under_tariffs, -30.0]])
    return A, B


def test_escalation_reaches_concession_under_tariffs():
    A, B = _game()
    # Japan looks ahead to conceding under tariffs (-15), so its threshold belief in
    # resolve is (-2 + 10) / (-2 + 15) = 8/13; at the prior 0.55 it resists the threat;
    # the resolved US (tariffs worth G=6 to it) imposes tariffs, the bluffer backs down;
    # under tariffs Japan gives way and half the tariff stays.
    path = escalation_path(A, B, tariff_value_to_us=6.0, prior=0.55, relief=0.5, policy_tariff_share=0.0)
    assert path.concede_to_threat == 0.0
    assert path.concede_under_tariffs == 1.0
    assert path.tariff_share_kept == pytest.approx(0.5)
    best = max(CLASSES, key=path.probabilities.get)
    assert best == "concession_under_tariffs"
    assert path.probabilities["concession_under_tariffs"] == pytest.approx(0.55)
    assert path.probabilities["us_backs_down"] == pytest.approx(0.45)
    assert sum(path.probabilities.values()) == pytest.approx(1.0)


def test_full_relief_after_escalation_is_a_plain_concession():
    A, B = _game()
    path = escalation_path(A, B, 6.0, 0.55, relief=1.0, policy_tariff_share=0.0)
    assert path.probabilities["concession_under_tariffs"] == 0.0
    assert path.probabilities["concession"] > 0.5


def test_japan_that_prefers_tariffs_to_conceding_stands_off():
    A, B = _game(concede_under_tariffs=-40.0)
    path = escalation_path(A, B, 6.0, 0.2, relief=0.5, policy_tariff_share=0.0)
    assert path.concede_to_threat == 0.0 and path.concede_under_tariffs == 0.0
    assert path.probabilities["standoff"] == pytest.approx(0.2)


def test_credible_threat_wins_without_tariffs_unless_tariffs_are_policy():
    A, B = _game()
    plain = escalation_path(A, B, 6.0, 0.9, relief=0.5, policy_tariff_share=0.0)
    assert plain.probabilities["concession"] == pytest.approx(1.0)
    policy = escalation_path(A, B, 6.0, 0.9, relief=0.5, policy_tariff_share=0.4)
    assert policy.probabilities["concession_under_tariffs"] == pytest.approx(1.0)


def test_logit_response_softens_the_last_step():
    A, B = _game()
    sure = escalation_path(A, B, 6.0, 0.55, 0.5, 0.0)
    soft = escalation_path(A, B, 6.0, 0.55, 0.5, 0.0, lam=1.0)
    assert 0.5 < soft.concede_under_tariffs < sure.concede_under_tariffs
    # a less sure later concession makes resisting the threat worse: Japan concedes first
    assert soft.concede_to_threat >= sure.concede_to_threat


def test_a_precision_makes_every_answer_quantal():
    # with a precision, Japan's answer to the threat and the US's carrying out are logit
    # responses too: no step is certain, and a sharper precision approaches the sure path
    A, B = _game()
    sure = escalation_path(A, B, 6.0, 0.55, 0.5, 0.0)
    blunt = escalation_path(A, B, 6.0, 0.55, 0.5, 0.0, lam=0.5)
    sharp = escalation_path(A, B, 6.0, 0.55, 0.5, 0.0, lam=200.0)
    assert 0.0 < blunt.concede_to_threat < 1.0 and 0.0 < blunt.carried_out < 1.0
    assert min(blunt.probabilities.values()) > 0.0
    for key, value in sure.probabilities.items():
        assert sharp.probabilities[key] == pytest.approx(value, abs=1e-3)
    assert sum(blunt.probabilities.values()) == pytest.approx(1.0)


def test_policy_tariffs_stand_after_a_climb_down():
    # a bluffing US backs down from a resisted threat; an administration that keeps its
    # policy tariffs whatever happens leaves them standing: a standoff, not a climb-down
    A, B = _game()
    plain = escalation_path(A, B, 6.0, 0.2, relief=0.5, policy_tariff_share=0.0)
    policy = escalation_path(A, B, 6.0, 0.2, relief=0.5, policy_tariff_share=0.4, policy_keep=1.0)
    assert plain.probabilities["us_backs_down"] > 0.5
    assert policy.probabilities["us_backs_down"] == 0.0
    assert policy.probabilities["standoff"] == pytest.approx(
        plain.probabilities["standoff"] + plain.probabilities["us_backs_down"]
    )
