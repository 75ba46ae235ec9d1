"""``python -m sim.match``: the contract, run as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from conftest import CHILD_ENV
from sim.io.gambit_io import read_nfg_file, write_game_file, write_nfg
from sim.model.payoffs import stage_game
from sim.data.strategies import REGISTRY

pytestmark = pytest.mark.slow


def match(*args, cwd):
    env = {**CHILD_ENV, "HOME": str(cwd)}
    return subprocess.run(
        [sys.executable, "-m", "sim.match", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def match_json(game, *args):
    done = match("--game", game, "--json", *args, cwd=game.parent)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def game(tmp_path_factory, example_scenario, ishiba, trump):
    stage = stage_game(example_scenario, ishiba, trump)
    path = tmp_path_factory.mktemp("match") / "stage.nfg"
    write_game_file(path, write_nfg(stage.us_payoffs, stage.japan_payoffs, "stage game", stage.labels))
    return path


def test_json_contract(game):
    record = match_json(game, "--row", "tit_for_tat", "--col", "win_stay_lose_shift", "--noise", "0.2", "--seed", "3")
    A, B = read_nfg_file(game).bimatrix()
    history = np.array(record["history"])
    assert history.shape == (200, 2) and all(isinstance(a, int) for a in record["history"][0])
    assert set(np.unique(history)) <= {0, 1}
    assert all(isinstance(s, float) for s in record["scores"])
    assert record["scores"][0] == pytest.approx(A[history[:, 0], history[:, 1]].sum())
    assert record["scores"][1] == pytest.approx(B[history[:, 0], history[:, 1]].sum())
    assert (record["turns"], record["noise"], record["seed"]) == (200, 0.2, 3)
    assert "discounted_scores" not in record
    # tit-for-tat reacts to what was played: its intended action is the opponent's last
    flips = history[1:, 0] != history[:-1, 1]
    assert 0 < flips.mean() < 0.4


def test_defaults_and_discount(game):
    record = match_json(game, "--row", "always_defect", "--col", "always_cooperate", "--discount", "0.5")
    assert (record["turns"], record["noise"], record["seed"]) == (200, 0.0, 0)
    assert record["history"] == [[1, 0]] * 200
    A, B = read_nfg_file(game).bimatrix()
    assert record["scores"] == pytest.approx([200 * A[1, 0], 200 * B[1, 0]])
    assert record["discounted_scores"] == pytest.approx([2 * A[1, 0], 2 * B[1, 0]])


def test_same_seed_same_output_and_seeds_matter(game):
    args = ("--row", "generous_tit_for_tat", "--col", "always_defect", "--turns", "100", "--noise", "0.1")
    first = match(*args, "--game", game, "--json", "--seed", "5", cwd=game.parent).stdout
    again = match(*args, "--game", game, "--json", "--seed", "5", cwd=game.parent).stdout
    other = match(*args, "--game", game, "--json", "--seed", "6", cwd=game.parent).stdout
    assert first == again and first != other


def test_readable_summary(game):
    done = match(
        "--game", game, "--row", "escalating_demand", "--col", "always_cooperate", "--turns", "10", cwd=game.parent
    )
    assert done.returncode == 0, done.stderr
    assert "escalating_demand (row) vs always_cooperate (column)" in done.stdout
    assert "row played its cooperative action (refrain) in 20% of turns" in done.stdout


def test_every_registered_strategy_plays_on_a_levels_game(tmp_path):
    path = tmp_path / "levels.nfg"
    A = np.arange(12.0).reshape(3, 4)
    write_game_file(path, write_nfg(A, -A, "levels"))
    for name in REGISTRY:
        record = match_json(path, "--row", name, "--col", name, "--turns", "5", "--noise", "0.5")
        history = np.array(record["history"])
        assert history[:, 0].max() < 3 and history[:, 1].max() < 4


@pytest.mark.parametrize(
    "args, message",
    [
        (["--row", "tit_for_tatt", "--col", "grim_trigger"], "did you mean 'tit_for_tat'"),
        (["--row", "tit_for_tat", "--col", "nobody"], "--col: expected a registered strategy"),
        (["--row", "tit_for_tat", "--col", "tit_for_tat", "--turns", "-1"], "--turns"),
        (["--row", "tit_for_tat", "--col", "tit_for_tat", "--turns", "10000001"], "<= 1000000"),
        (["--row", "tit_for_tat", "--col", "tit_for_tat", "--noise", "1.5"], "--noise"),
        (["--row", "tit_for_tat", "--col", "tit_for_tat", "--noise", "nan"], "--noise"),
        (["--row", "tit_for_tat", "--col", "tit_for_tat", "--seed", "x"], "--seed"),
        (["--row", "tit_for_tat"], "--col"),
    ],
)
def test_user_errors_are_one_line_and_exit_2(game, args, message):
    done = match("--game", game, *args, cwd=game.parent)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith("error: ") and done.stderr.count("\n") == 1
    assert message in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize(
    "text, message",
    [
        (None, "no such file"),
        ('NFG 1 R "x" { "a" "b" } { 2 2 } 1 2 3', "line 1"),
        ('NFG 1 R "three" { "a" "b" "c" } { 2 2 2 } ' + " ".join(["0"] * 24), "2-player"),
    ],
)
def test_bad_game_files(tmp_path, text, message):
    path = tmp_path / "game.nfg"
    if text is not None:
        path.write_text(text)
    done = match("--game", path, "--row", "tit_for_tat", "--col", "tit_for_tat", cwd=tmp_path)
    assert done.returncode == 2 and message in done.stderr
    assert done.stderr.count("\n") == 1


def test_debug_shows_the_traceback(game):
    done = match("--game", game, "--row", "nobody", "--col", "tit_for_tat", "--debug", cwd=game.parent)
    assert done.returncode != 0 and "Traceback" in done.stderr
