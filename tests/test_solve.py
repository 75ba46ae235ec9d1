"""``python -m sim.solve``: run as a user runs it, on files Gambit wrote, checked by Gambit."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys

import numpy as np
import pytest
from gambit_live import gbt, needs_gambit, simultaneous_tree

from conftest import CHILD_ENV, REPO_ROOT
from doc_output import missing_lines
from sim.io.gambit_io import write_game_file, write_nfg
from sim.solve.qre import logit_qre

pytestmark = pytest.mark.slow


def solve(*args, cwd):
    env = {**CHILD_ENV, "HOME": str(cwd)}
    return subprocess.run(
        [sys.executable, "-m", "sim.solve", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def solve_json(path, *args):
    done = solve(path, "--json", *args, cwd=path.parent)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    return json.loads(done.stdout)


def enummixed(path):
    """Gambit's own extreme equilibria of the file, with payoffs."""
    game = gbt.read_nfg(str(path))
    found = []
    for profile in gbt.nash.enummixed_solve(game, rational=False).equilibria:
        strategies = [[float(profile[s]) for s in player.strategies] for player in game.players]
        found.append((strategies, [float(profile.payoff(player)) for player in game.players]))
    return found


def assert_same_equilibria(ours, theirs):
    assert len(ours) == len(theirs), (ours, theirs)
    for strategies, payoffs in theirs:
        assert any(
            np.allclose(e["strategies"][0], strategies[0], atol=1e-8)
            and np.allclose(e["strategies"][1], strategies[1], atol=1e-8)
            and np.allclose(e["payoffs"], payoffs, atol=1e-8)
            for e in ours
        ), strategies


def outcome_layout_file(folder, A, B, name="outcomes.nfg"):
    path = folder / name
    gbt.Game.from_arrays(A, B, title="written by pygambit").to_nfg(str(path))
    assert '{ ""' in path.read_text()
    return path


def payoff_layout_file(folder, A, B, name="payoffs.nfg"):
    """A simultaneous-move tree: pygambit writes its strategic form as a payoff list."""
    path = folder / name
    simultaneous_tree(A, B).to_nfg(str(path))
    assert '{ "' not in path.read_text().split('""', 1)[1]
    return path


GAMES = {
    "battle of the sexes": ([[3, 0], [0, 2]], [[2, 0], [0, 3]]),
    "matching pennies": ([[1, -1], [-1, 1]], [[-1, 1], [1, -1]]),
    "degenerate (weak dominance)": ([[1, 1], [0, 2]], [[1, 1], [1, 0]]),
    "rock paper scissors": ([[0, -1, 1], [1, 0, -1], [-1, 1, 0]], [[0, 1, -1], [-1, 0, 1], [1, -1, 0]]),
    "random integers 3x4": tuple(np.random.default_rng(5).integers(-5, 6, (2, 3, 4))),
}


@needs_gambit
@pytest.mark.parametrize("layout", [outcome_layout_file, payoff_layout_file])
@pytest.mark.parametrize("name", list(GAMES))
def test_equilibria_of_gambit_files_match_enummixed(tmp_path, layout, name):
    A, B = (np.asarray(m, dtype=float) for m in GAMES[name])
    path = layout(tmp_path, A, B)
    ours = solve_json(path)["equilibria"]
    assert_same_equilibria(ours, enummixed(path))
    pairs = [(tuple(e["strategies"][0]), tuple(e["strategies"][1])) for e in ours]
    assert len(set(pairs)) == len(pairs)  # duplicates removed
    for e in ours:
        row, col = np.array(e["strategies"][0]), np.array(e["strategies"][1])
        assert e["payoffs"] == pytest.approx([row @ A @ col, row @ B @ col])


@needs_gambit
def test_qre_json_matches_the_library_and_gambit(tmp_path):
    A, B = (np.asarray(m, dtype=float) for m in GAMES["random integers 3x4"])
    path = outcome_layout_file(tmp_path, A, B)
    result = solve_json(path, "--qre", "0.7")
    assert list(result) == ["qre"] and result["qre"]["lambda"] == 0.7
    row, col = logit_qre(A, B, 0.7)
    np.testing.assert_allclose(result["qre"]["strategies"][0], row, atol=1e-12)
    np.testing.assert_allclose(result["qre"]["strategies"][1], col, atol=1e-12)
    (theirs,) = gbt.qre.logit_solve_lambda(gbt.read_nfg(str(path)), lam=[0.7])
    gambit_row = [float(theirs.profile[s]) for s in list(theirs.game.players)[0].strategies]
    np.testing.assert_allclose(result["qre"]["strategies"][0], gambit_row, atol=1e-6)


def test_readable_tables_name_strategies_probabilities_and_payoffs(tmp_path):
    path = write_game_file(
        tmp_path / "stage.nfg",
        write_nfg(
            [[45.0, -15.0], [43.2, -10.3]],
            [[-25.2, -16.5], [-29.7, -31.4]],
            "stage",
            (("refrain", "tariff"), ("concede", "resist")),
        ),
    )
    done = solve(path, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "US: tariff      43.2, -29.7    -10.3, -31.4" in done.stdout
    assert "Nash equilibria (extreme points): 1" in done.stdout
    assert "US     refrain: 0.1635   tariff: 0.8365  payoff 28.3846" in done.stdout
    assert "Japan  concede: 0.7231   resist: 0.2769  payoff -28.9644" in done.stdout
    done = solve(path, "--qre", "0", cwd=tmp_path)
    assert "lambda = 0 (principal branch)" in done.stdout
    assert "refrain: 0.5000   tariff: 0.5000" in done.stdout


def test_readable_tables_print_round_off_as_0_and_1_and_json_keeps_full_floats(tmp_path):
    """A pure equilibrium prints 0 and 1; a payoff of round-off size prints 0."""
    path = write_game_file(
        tmp_path / "pd.nfg",
        write_nfg([[3.0, 0.0], [5.0, 1e-17]], [[3.0, 5.0], [0.0, 1e-17]], "pd", (("c", "d"), ("c", "d"))),
    )
    done = solve(path, cwd=tmp_path)
    assert "US     c: 0       d: 1       payoff 0\n" in done.stdout, done.stdout
    assert "e-17" not in done.stdout and "0.0000" not in done.stdout
    assert [1e-17, 1e-17] in [e["payoffs"] for e in solve_json(path)["equilibria"]]


@pytest.mark.parametrize(
    "content, args, message",
    [
        ('NFG 1 R "x" { "a" "b" } { 2 2 } 1 2 3', [], "line 1, column 38: expected a payoff"),
        ('NFG 1 R "x" { "a" "b" "c" } { 2 2 2 }\n' + "0 " * 24, [], "expected a 2-player game, found 3 players"),
        (None, [], "expected an existing Gambit .nfg file, found no such file"),
        (b"\xff\xfe binary", [], "expected UTF-8 text"),
        ('NFG 1 R "x" { "a" "b" } { 1 1 } 1 2', ["--qre", "-2"], "--qre: expected a finite"),
        ('NFG 1 R "x" { "a" "b" } { 1 1 } 1 2', ["--qre", "nan"], "--qre: expected a finite"),
        ('NFG 1 R "x" { "a" "b" } { 1 1 } 1 2', ["--bogus"], "unrecognized arguments"),
    ],
)
def test_user_errors_exit_2_with_one_line(tmp_path, content, args, message):
    path = tmp_path / "game.nfg"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content)
    done = solve(path, *args, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stdout == "" and "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("error: ")
    assert message in done.stderr


@needs_gambit
def test_three_player_gambit_file_exits_2(tmp_path):
    path = tmp_path / "three.nfg"
    gbt.Game.new_table([2, 2, 2], title="three").to_nfg(str(path))
    done = solve(path, "--json", cwd=tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "found 3 players" in done.stderr


def test_debug_shows_the_traceback(tmp_path):
    done = solve(tmp_path / "missing.nfg", "--debug", cwd=tmp_path)
    assert done.returncode != 0 and "Traceback" in done.stderr and "UserError" in done.stderr


DOC = (REPO_ROOT / "docs" / "gambit.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def run_folder(tmp_path_factory):
    """The run folder of ``python -m sim scenario=ishiba_white_house_2025``, as in the doc."""
    cwd = tmp_path_factory.mktemp("doc_run")
    env = {**CHILD_ENV, "HOME": str(cwd)}
    done = subprocess.run(
        [sys.executable, "-m", "sim", "scenario=ishiba_white_house_2025"],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    (folder,) = (cwd / "results" / "runs").iterdir()
    return folder


def doc_console_blocks():
    for block in re.findall(r"```console\n(.*?)```", DOC, flags=re.S):
        command, *expected = block.rstrip("\n").splitlines()
        yield pytest.param(command, expected, id=command)


def test_the_doc_shows_the_file_a_run_writes(run_folder):
    (shown,) = re.findall(r"writes\n`(games/\S+\.nfg)`:\n\n```text\n(.*?)```", DOC, flags=re.S)
    written = (run_folder / shown[0]).read_text(encoding="utf-8").splitlines()
    assert len(written) == len(shown[1].splitlines())
    assert missing_lines(shown[1].splitlines(), written) == []


@pytest.mark.parametrize("command, expected", list(doc_console_blocks()))
def test_the_doc_output_is_real(run_folder, command, expected):
    argv = shlex.split(command.removeprefix("$ "))
    assert argv[:3] == ["python", "-m", "sim.solve"]
    done = solve(*argv[3:], cwd=run_folder)
    assert done.returncode == (2 if expected[0].startswith("error: ") else 0), done.stderr
    # The QRE is iterative: its full-precision JSON agrees to about 1e-10 across machines.
    assert missing_lines(expected, (done.stdout + done.stderr).splitlines(), abs_=1e-9) == []


def test_lemke_howson_says_the_set_may_be_incomplete(tmp_path):
    import json
    import subprocess
    import sys

    import numpy as np

    from sim.io.gambit_io import write_nfg

    A = np.array([[3.0, 0.0], [0.0, 2.0]])  # battle of the sexes: three equilibria
    path = tmp_path / "bos.nfg"
    path.write_text(write_nfg(A, A.T[::-1, ::-1], "battle"), encoding="utf-8")
    env = dict(CHILD_ENV)
    run = lambda *extra: subprocess.run(
        [sys.executable, "-m", "sim.solve", str(path), *extra],  # noqa: E731
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    complete = json.loads(run("--json").stdout)
    partial = json.loads(run("--json", "--method", "lemke_howson").stdout)
    assert complete["complete"] is True and complete["method"] == "vertex"
    assert partial["complete"] is False and 1 <= len(partial["equilibria"]) <= len(complete["equilibria"])
    assert "there may be more equilibria" in run("--method", "lemke_howson").stdout


def test_a_badly_scaled_game_beyond_the_exact_budget_says_why_it_may_be_incomplete(tmp_path):
    """Exact arithmetic within the budget (6x6); beyond it (10x10), the floating-point
    answer with the reason, in the output (no Python warning on stderr)."""
    rng = np.random.default_rng(4)
    for size, complete in ((6, True), (10, False)):
        A, B = rng.random((2, size, size))
        A[2, 3] = 1e6
        path = tmp_path / f"badly_scaled_{size}.nfg"
        path.write_text(write_nfg(A, B, "badly scaled"), encoding="utf-8")
        found = solve_json(path)
        assert found["complete"] is complete and len(found["equilibria"]) >= 1
        if complete:
            assert "note" not in found
            continue
        assert found["note"].startswith("badly scaled payoffs") and "10x10" in found["note"]
        table = solve(path, cwd=tmp_path).stdout
        assert "there may be more equilibria; badly scaled payoffs" in table
