"""Every run's games open in Gambit (pygambit) with the payoffs of the results."""

from __future__ import annotations

import numpy as np
import pytest
from gambit_live import gbt, needs_gambit

from sim.io.gamefiles import write_game_files
from sim.cli.pipeline import simulate

pytestmark = needs_gambit


@pytest.fixture(scope="module")
def results(scenarios, ishiba, takaichi, trump):
    return [simulate(scenario, japan, trump) for scenario in scenarios[:2] for japan in (ishiba, takaichi)]


def test_games_open_in_gambit_with_the_same_payoffs(results, tmp_path):
    paths = write_game_files(results, tmp_path)
    assert len(paths) == 3 * len(results)
    for result in results:
        stage = gbt.read_nfg(str(tmp_path / "games" / f"{result.label}.nfg"))
        A, B = (np.array(m, dtype=float) for m in stage.to_arrays())
        np.testing.assert_allclose(A, result.us_payoffs)
        np.testing.assert_allclose(B, result.japan_payoffs)
        levels = gbt.read_nfg(str(tmp_path / "games" / f"{result.label}__levels.nfg"))
        assert np.array(levels.to_arrays()[0], dtype=float).shape == (3, 5)
        threat = gbt.read_efg(str(tmp_path / "games" / f"{result.label}__threat.efg"))
        assert [p.label for p in threat.players] == ["US", "Japan"]
        assert len(list(list(threat.players)[1].infosets)) == 1  # Japan cannot tell types apart


def test_pbe_of_each_run_is_an_equilibrium_of_its_gambit_file(results, tmp_path):
    write_game_files(results, tmp_path)
    for result in results:
        game = gbt.read_efg(str(tmp_path / "games" / f"{result.label}__threat.efg"))
        pbe = result.sequential.pbe
        profile = game.mixed_behavior_profile(rational=False)
        plan = {
            "US resolved": (pbe.threaten[0], "threaten"),
            "US bluffing": (pbe.threaten[1], "threaten"),
            "Japan threatened": (pbe.concede, "concede"),
            "US resolved resisted": (float(pbe.carry_out[0]), "carry out"),
            "US bluffing resisted": (float(pbe.carry_out[1]), "carry out"),
        }
        for infoset in game.infosets:
            if infoset.label in plan:
                p, first = plan[infoset.label]
                for action in infoset.actions:
                    profile[action] = p if action.label == first else 1.0 - p
        assert profile.agent_max_regret() == pytest.approx(0, abs=1e-7), result.label
