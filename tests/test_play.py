"""``python -m sim.play``: scripted games through piped input, checked against the model."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import CHILD_ENV, REPO_ROOT
from doc_output import missing_lines
from sim.base.errors import UserError
from sim.model.payoffs import stage_game
from sim.play.game import RepeatedGame, play_round, start
from sim.play.console import parse_move
from sim.play.log import write_log
from sim.play.threat import CONCEDE, RESIST, threat_game
from sim.dynamics.repeated import play_matches
from sim.model.sequential import threshold_belief
from sim.data.strategies import REGISTRY, BinaryStrategy

MOVES = {"japan": {"c": 0, "r": 1}, "us": {"r": 0, "t": 1}}


def play(*args, stdin: str = "", home=REPO_ROOT):
    env = {**CHILD_ENV, "HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "sim.play", *map(str, args)],
        input=stdin,
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def played(*args, stdin: str, log) -> tuple[str, dict]:
    done = play(*args, "--log", log, stdin=stdin)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    return done.stdout, json.loads(log.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def stage(example_scenario, ishiba, trump):
    game = stage_game(example_scenario, ishiba, trump)
    return game.us_payoffs, game.japan_payoffs, game.terms["tariff_value_to_us"]


def escalating_demand_replies(japan_moves):
    """The US ratchet by its definition: refrain after a concession meeting the demand.

    The demand starts at 1 (met: refrain); a concession (amount 1) raises it to at most 2,
    resistance (amount 0) lowers it to at least 1.
    """
    demand, refrain = 1, True
    for move in japan_moves:
        yield 0 if refrain else 1
        amount = 1 if move == 0 else 0
        refrain = amount >= demand
        demand = min(demand + 1, 2) if amount else max(demand - 1, 1)


def tit_for_tat_replies(opponent_moves):
    """Cooperate first, then copy the opponent's last move."""
    last = 0
    for move in opponent_moves:
        yield last
        last = move


def debrief_value(stdout: str, label: str) -> float:
    debrief = stdout[stdout.index("=== Debrief") :]
    line = next(line for line in debrief.splitlines() if line.strip().startswith(label))
    return float(line.split()[-1])


# ---------------------------------------------------------------- scripted games


@pytest.mark.slow
def test_a_scripted_game_as_japan_ends_with_the_right_debrief(tmp_path, stage):
    A, B, _ = stage
    script = "c c r c r r c r".split()
    stdout, log = played(
        "--side",
        "japan",
        "--rounds",
        len(script),
        "--name",
        "Aiko",
        stdin="\n".join(script) + "\n",
        log=tmp_path / "aiko.json",
    )
    japan = [MOVES["japan"][m] for m in script]
    us = list(escalating_demand_replies(japan))
    total = sum(B[u, j] for u, j in zip(us, japan))
    assert [m["us"] for m in log["moves"]] == [("refrain", "tariff")[u] for u in us]
    assert log["totals"]["japan"] == pytest.approx(total)
    assert log["totals"]["us"] == pytest.approx(sum(A[u, j] for u, j in zip(us, japan)))
    # always resist (the stage equilibrium): refrained at first, tariffs ever after
    equilibrium = B[0, 1] + (len(script) - 1) * B[1, 1]
    debrief = log["debrief"]["japan"]
    assert debrief["equilibrium_strategy"] == "always resist"
    assert debrief["equilibrium_total"] == pytest.approx(equilibrium)
    classics = {
        name: play_matches(
            "escalating_demand", name, A, B, len(script), 1000, 0.0, np.random.default_rng(0)
        ).col_scores.mean()
        for name, s in REGISTRY.items()
        if isinstance(s, BinaryStrategy)
    }
    best = min(classics, key=lambda name: (-classics[name], name))
    assert debrief["best_classic"] == best
    assert debrief["best_classic_total"] == pytest.approx(classics[best])
    assert debrief["cooperative_share"] == pytest.approx(japan.count(0) / len(japan))
    assert debrief_value(stdout, "your total (Japan)") == pytest.approx(total, abs=0.05)
    assert debrief_value(stdout, "stage equilibrium every round") == pytest.approx(equilibrium, abs=0.05)
    assert debrief_value(stdout, f"best classic rule: {best}") == pytest.approx(classics[best], abs=0.05)
    assert "Lesson:" in stdout
    for k, _move in enumerate(script, start=1):  # the transcript echoes each move
        assert f"=== Round {k} of {len(script)}" in stdout
    assert stdout.count("q quits): ") == len(script)


@pytest.mark.slow
def test_a_scripted_game_as_the_us_against_tit_for_tat(tmp_path, stage):
    A, B, _ = stage
    script = "t r r t t".split()
    _, log = played(
        "--side",
        "us",
        "--opponent",
        "tit_for_tat",
        "--rounds",
        len(script),
        stdin="\n".join(script) + "\n",
        log=tmp_path / "us.json",
    )
    us = [MOVES["us"][m] for m in script]
    japan = list(tit_for_tat_replies(us))
    assert log["totals"]["us"] == pytest.approx(sum(A[u, j] for u, j in zip(us, japan)))
    assert log["debrief"]["us"]["equilibrium_strategy"] == "always tariff"
    assert log["debrief"]["us"]["equilibrium_total"] == pytest.approx(A[1, 0] + (len(us) - 1) * A[1, 1])


@pytest.mark.slow
def test_the_same_seed_gives_the_same_transcript_with_noise(tmp_path):
    args = ("--rounds", 6, "--noise", 0.3, "--seed", 11, "--opponent", "generous_tit_for_tat")
    first = play(*args, stdin="c\nr\nc\nc\nr\nc\n")
    second = play(*args, stdin="c\nr\nc\nc\nr\nc\n")
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout


@pytest.mark.slow
def test_end_of_input_ends_the_game_with_the_debrief_of_the_rounds_played(tmp_path, stage):
    A, B, _ = stage
    stdout, log = played("--rounds", 10, stdin="r\nr\nr\n", log=tmp_path / "short.json")
    assert "(end of input)" in stdout and "The game stops after 3 rounds" in stdout
    assert "=== Debrief: 3 rounds as Japan" in stdout
    assert len(log["moves"]) == 3 and log["debrief"]["japan"]["rounds"] == 3
    assert log["totals"]["japan"] == pytest.approx(B[0, 1] + 2 * B[1, 1])


@pytest.mark.slow
def test_a_bad_entry_re_prompts_and_q_quits(tmp_path):
    stdout, log = played("--rounds", 5, stdin="maybe\nC\n\nresist\nq\nc\n", log=tmp_path / "quit.json")
    assert stdout.count("not understood") == 2
    assert "type c (concede) or r (resist); q quits" in stdout
    assert [m["japan"] for m in log["moves"]] == ["concede", "resist"]
    assert "you quit" in stdout


@pytest.mark.slow
def test_two_students_enter_moves_in_turn(tmp_path, stage):
    A, B, _ = stage
    script = "r c t r t c".split()  # US, Japan, US, Japan, ...
    stdout, log = played(
        "--players",
        2,
        "--rounds",
        3,
        "--name",
        "Aiko",
        "--name",
        "Ben",
        stdin="\n".join(script) + "\n",
        log=tmp_path / "two.json",
    )
    cells = [(MOVES["us"][u], MOVES["japan"][j]) for u, j in zip(script[::2], script[1::2])]
    assert log["totals"]["us"] == pytest.approx(sum(A[c] for c in cells))
    assert log["totals"]["japan"] == pytest.approx(sum(B[c] for c in cells))
    assert log["players"] == [{"name": "Aiko", "side": "us"}, {"name": "Ben", "side": "japan"}]
    assert "look away" in stdout
    assert log["debrief"]["japan"]["equilibrium_total"] == pytest.approx(3 * B[1, 1])


# ---------------------------------------------------------------- the threat game


@pytest.mark.slow
def test_threat_game_bluffs_follow_the_prior_and_the_advice_the_threshold(tmp_path, stage, trump):
    A, B, G = stage
    n = 400
    stdout, log = played("--game", "threat", "--rounds", n, "--seed", 7, stdin="r\n" * n, log=tmp_path / "threat.json")
    types = [m["us_type"] for m in log["moves"]]
    bluffs = types.count("bluffing")
    p = 1 - trump.resolve_prior
    assert abs(bluffs / n - p) < 4 * np.sqrt(p * (1 - p) / n)
    debrief = log["debrief"]["japan"]
    assert debrief["bluffs"] == bluffs
    mu = threshold_belief(A, B, G)
    assert debrief["threshold_belief"] == pytest.approx(mu)
    assert debrief["equilibrium_strategy"] == ("concede" if trump.resolve_prior >= mu else "resist")
    # resisting: a resolved US carries out, a bluffing one (tariffs lose G) backs down
    assert A[1, 1] > A[0, 1] and A[1, 1] - G < A[0, 1]
    expected = sum(B[1, 1] if t == "resolved" else B[0, 1] for t in types)
    assert debrief["total"] == pytest.approx(expected)
    assert debrief["always_concede_total"] == pytest.approx(n * B[0, 0])
    assert f"bluffs: {bluffs} of {n}" in stdout
    assert f"mu* = {mu:.2f}" in stdout


def test_threat_advice_flips_at_the_threshold_belief(stage):
    A, B, G = stage
    mu = threshold_belief(A, B, G)
    for prior in np.linspace(0, 1, 41):
        game = threat_game(A, B, G, float(prior))
        assert game.threshold == pytest.approx(mu)
        assert game.advice == (CONCEDE if prior >= mu - 1e-9 else RESIST), prior


@pytest.mark.slow
def test_the_threat_game_is_played_as_japan_only():
    done = play("--game", "threat", "--side", "us")
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "threat game" in done.stderr


# ---------------------------------------------------------------- logs and class table


@pytest.mark.slow
def test_class_table_from_several_logs_skips_a_foreign_file(tmp_path):
    logs = tmp_path / "class"
    for name, script in (("Aiko", "c\nc\nc\n"), ("Ben", "r\nr\nr\n"), ("Chie", "r\nc\nr\n")):
        done = play("--rounds", 3, "--name", name, "--log-dir", logs, stdin=script)
        assert done.returncode == 0, done.stderr
    assert play("--game", "threat", "--rounds", 2, "--name", "Dai", "--log-dir", logs, stdin="c\nr\n").returncode == 0
    (logs / "notes.json").write_text('{"hello": 1}', encoding="utf-8")
    done = play("class", logs, "--out", tmp_path / "class.csv")
    assert done.returncode == 0, done.stderr
    assert done.stderr.count("\n") == 1 and "notes.json" in done.stderr
    rows = (tmp_path / "class.csv").read_text(encoding="utf-8").splitlines()
    assert rows[0].startswith("name,game,side,scenario,opponent,rounds,total,")
    names = [row.split(",")[0] for row in rows[1:]]
    assert sorted(names) == ["Aiko", "Ben", "Chie", "Dai"]
    repeated = [row.split(",") for row in rows[1:] if ",repeated," in row]
    totals = [float(row[6]) for row in repeated]
    assert totals == sorted(totals, reverse=True)  # best first
    assert "equilibrium" in done.stdout and "Aiko" in done.stdout


@pytest.mark.slow
def test_class_table_of_a_folder_without_logs_is_a_one_line_error(tmp_path):
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    done = play("--class-table", tmp_path)
    assert done.returncode == 2
    assert "error:" in done.stderr and "none readable" in done.stderr


def test_a_log_is_written_atomically(tmp_path, monkeypatch):
    target = tmp_path / "logs" / "game.json"
    write_log(target, {"format": "x"})
    assert json.loads(target.read_text(encoding="utf-8")) == {"format": "x"}

    def crash(*_):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("sim.io.safe_files.os.replace", crash)
    with pytest.raises(UserError):
        write_log(target, {"format": "y"})
    assert json.loads(target.read_text(encoding="utf-8")) == {"format": "x"}  # old file intact
    assert [p.name for p in target.parent.iterdir()] == ["game.json"]  # no temporary left


@pytest.mark.slow
def test_bad_names_are_the_library_s_one_line_errors():
    for args in (("--scenario", "nope"), ("--japan", "abe"), ("--opponent", "tit_for_ta")):
        done = play(*args)
        assert done.returncode == 2, args
        assert done.stderr.startswith("error: ") and done.stderr.count("\n") == 1


# ---------------------------------------------------------------- properties


def test_moves_are_parsed_for_each_side():
    assert parse_move(" Concede ", "japan") == 0 and parse_move("R", "japan") == 1
    assert parse_move("r", "us") == 0 and parse_move("TARIFF", "us") == 1
    assert parse_move("Q", "us") == "quit" and parse_move("t", "japan") is None


@settings(max_examples=60, deadline=None)
@given(
    moves=st.lists(st.integers(0, 1), max_size=15),
    side=st.sampled_from(["japan", "us"]),
    opponent=st.sampled_from(sorted(REGISTRY)),
    noise=st.sampled_from([0.0, 0.3]),
    seed=st.integers(0, 1000),
)
def test_totals_are_the_sums_of_the_played_cells(stage, moves, side, opponent, noise, seed):
    A, B, _ = stage
    game = RepeatedGame(A, B, side, opponent, len(moves), noise, seed)
    state, rng = start(game), np.random.default_rng(seed)
    for move in moves:
        state = play_round(game, state, {side: move}, rng)
    us, japan = state.totals()
    assert us == pytest.approx(sum(A[r.us_action, r.japan_action] for r in state.rounds))
    assert japan == pytest.approx(sum(B[r.us_action, r.japan_action] for r in state.rounds))
    assert [getattr(r, f"{side}_intended") for r in state.rounds] == moves
    if noise == 0:
        assert [getattr(r, f"{side}_action") for r in state.rounds] == moves


@settings(max_examples=40, deadline=None)
@given(
    student=st.sampled_from([n for n, s in REGISTRY.items() if not s.stochastic]),
    opponent=st.sampled_from([n for n, s in REGISTRY.items() if not s.stochastic]),
    turns=st.integers(0, 12),
)
def test_playing_a_strategy_s_moves_replays_the_engine_s_match(stage, student, opponent, turns):
    A, B, _ = stage
    engine = play_matches(opponent, student, A, B, turns, 1, 0.0, np.random.default_rng(0))
    game = RepeatedGame(A, B, "japan", opponent, turns, 0.0, 0)
    state, rng = start(game), np.random.default_rng(0)
    for move in engine.col_actions[0]:
        state = play_round(game, state, {"japan": int(move)}, rng)
    assert [r.us_action for r in state.rounds] == engine.row_actions[0].tolist()
    assert state.totals()[1] == pytest.approx(float(engine.col_scores[0]))


# ---------------------------------------------------------------- the docs


def scripted_examples() -> list[tuple[str, list[str]]]:
    """The ``printf ... | python -m sim.play`` blocks of docs/play.md and their lines."""
    text = (REPO_ROOT / "docs" / "play.md").read_text(encoding="utf-8")
    examples = []
    for block in text.split("```console\n")[1:]:
        command, *lines = block.split("```")[0].splitlines()
        if command.startswith("$ printf"):
            examples.append((command[2:], [line for line in lines if line != "..."]))
    return examples


@pytest.mark.slow
@pytest.mark.parametrize("command, lines", scripted_examples())
def test_the_transcripts_in_the_docs_are_real(command, lines):
    done = subprocess.run(
        ["bash", "-c", command.replace("python -m", f"{sys.executable} -m")],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**CHILD_ENV},
    )
    assert done.returncode == 0, done.stderr
    assert missing_lines(lines, done.stdout.splitlines()) == []


def test_the_lesson_says_matched_when_the_student_played_the_one_shot_answer():
    done = play("--rounds", "2", stdin="r\nr\n")
    assert done.returncode == 0, done.stderr
    lesson = done.stdout[done.stdout.index("Lesson:") :]
    assert re.search(r"your total \((-?[\d.]+)\) equals the one-shot answer \(\1\)", lesson)


def test_the_scenario_picks_its_paired_leader_unless_one_is_given():
    done = play("--scenario", "takaichi_techno_industrial_2025", "--rounds", "1", stdin="r\n")
    assert done.returncode == 0, done.stderr
    assert "You play Japan (PM Takaichi" in done.stdout
    given = play("--scenario", "takaichi_techno_industrial_2025", "--japan", "ishiba", "--rounds", "1", stdin="r\n")
    assert "You play Japan (PM Ishiba" in given.stdout


def test_the_ratchet_shows_its_demand_each_round():
    done = play("--rounds", "3", stdin="c\nc\nr\n")
    levels = re.findall(r"US demand: level (\d) of 2", done.stdout)
    assert levels == ["1", "2", "2"]  # a concession raises the demand; the cap is 2


def test_the_class_table_ranks_only_within_a_scenario_and_round_count(tmp_path):
    logs = tmp_path / "logs"
    for name, scenario, rounds, moves in (
        ("Ann", "ishiba_white_house_2025", 2, "r\nr\n"),
        ("Bo", "ishiba_first_round_talks_2025", 2, "r\nr\n"),
        ("Cy", "ishiba_white_house_2025", 3, "c\nc\nc\n"),
        ("Di", "ishiba_white_house_2025", 2, "c\nc\n"),
    ):
        done = play("--scenario", scenario, "--rounds", rounds, "--name", name, "--log-dir", logs, stdin=moves)
        assert done.returncode == 0, done.stderr
    table = play("class", logs).stdout.splitlines()
    assert table[0].split()[:4] == ["name", "game", "scenario", "rounds"]
    order = [line.split()[0] for line in table[1:]]
    # grouped by scenario, then round count; best total first only inside a group
    assert order.index("Bo") < order.index("Ann") and order.index("Ann") < order.index("Cy")
    assert order.index("Di") < order.index("Cy")
