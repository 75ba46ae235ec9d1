"""``python -m sim.estimate`` run as a user runs it: JSON contract, files, errors (exit 2)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from conftest import CHILD_ENV, REPO_ROOT
from test_estimate_spec import SHARED_DATA, SPEC
from sim.estimate.simulate import SYNTHETIC_BETA, simulate_counts, synthetic_design

SYNTHETIC_SPEC = """data: games.csv
outcomes: {sq: sq, cd: cd, sf: sf, bd: bd}
utilities:
  S_A: [x1]
  V_A: [1]
  C_B: [1, x2]
  W_A: [1, x1]
  W_B: [1]
  a: [1]
  V_B: []
"""
TOP_KEYS = {"loglik", "method", "n_games", "n_obs", "seconds", "equilibrium_violation", "coefficients", "games"}
GAME_KEYS = {"gameID", "p_challenge", "p_resist", "p_firm", "p_sq", "p_cd", "p_sf", "p_bd", "n_equilibria"}


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sim.estimate", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
        env={**CHILD_ENV},
    )


@pytest.fixture(scope="module")
def synthetic_spec(tmp_path_factory) -> Path:
    """80 games simulated from known coefficients, as a CSV and a specification."""
    folder = tmp_path_factory.mktemp("synthetic")
    rng = np.random.default_rng(3)
    design = simulate_counts(synthetic_design(80, rng), SYNTHETIC_BETA, rng, months=200)
    lines = ["gameID,sq,cd,sf,bd,x1,x2"]
    for i, game in enumerate(design.game_ids):
        counts = ",".join(str(int(c)) for c in design.counts[i])
        lines.append(f"{game},{counts},{float(design.X['S_A'][i, 0])!r},{float(design.X['C_B'][i, 1])!r}")
    (folder / "games.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "spec.yaml").write_text(SYNTHETIC_SPEC, encoding="utf-8")
    return folder / "spec.yaml"


@pytest.mark.slow
def test_json_has_exactly_the_documented_keys(synthetic_spec, tmp_path):
    done = run(synthetic_spec, "--method", "npl", "--json", "--out", tmp_path / "out")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert set(result) == TOP_KEYS
    assert result["method"] == "npl" and result["n_games"] == 80 and result["n_obs"] == 80 * 200
    assert list(result["coefficients"]) == ["S_A:x1", "V_A:1", "C_B:1", "C_B:x2", "W_A:1", "W_A:x1", "W_B:1", "a:1"]
    assert all(set(c) == {"estimate", "se"} for c in result["coefficients"].values())
    assert [set(g) for g in result["games"]] == [GAME_KEYS] * 80
    assert result["equilibrium_violation"] <= 1e-6
    game = result["games"][0]
    assert game["p_sq"] + game["p_cd"] + game["p_sf"] + game["p_bd"] == pytest.approx(1.0)
    assert game["p_sq"] == pytest.approx(1 - game["p_challenge"])
    written = sorted(path.name for path in (tmp_path / "out").iterdir())
    assert written == [
        "coefficients.csv",
        "estimate.json",
        "fitted.csv",
        "shares.png",
        "shares.svg",
        "statics.png",
        "statics.svg",
    ]


@pytest.mark.slow
def test_same_input_and_seed_give_the_same_bytes(synthetic_spec, tmp_path):
    for name in ("one", "two"):
        done = run(synthetic_spec, "--method", "cmle", "--starts", "2", "--seed", "5", "--out", tmp_path / name)
        assert done.returncode == 0, done.stderr
        assert "log-likelihood:" in done.stdout and "equilibrium check" in done.stdout
    for path in sorted((tmp_path / "one").iterdir()):
        assert path.read_bytes() == (tmp_path / "two" / path.name).read_bytes(), path.name


@pytest.mark.parametrize(
    "edit, words",
    [
        (lambda s: s.replace("S_A: [x1]", "S_A: [1, x1]"), ["'1' may not enter every utility of player A"]),
        (lambda s: s.replace("C_B: [1, x2]", "C_B: [1, x9]"), ["x9", "a column of the data file"]),
        (lambda s: s.replace("outcomes: {sq: sq,", "outcomes: {sq: sq, xx: 1,"), ["outcomes.xx"]),
    ],
)
def test_user_errors_are_one_line_and_exit_2(synthetic_spec, tmp_path, edit, words):
    spec = tmp_path / "spec.yaml"
    spec.write_text(edit(SYNTHETIC_SPEC).replace("games.csv", str(synthetic_spec.parent / "games.csv")))
    done = run(spec, "--out", tmp_path / "out")
    assert done.returncode == 2
    assert done.stdout == "" and len(done.stderr.strip().splitlines()) == 1
    assert done.stderr.startswith("error: ") and "Traceback" not in done.stderr
    for word in words:
        assert word in done.stderr
    assert not (tmp_path / "out").exists()


def test_negative_counts_are_one_line(synthetic_spec, tmp_path):
    text = (synthetic_spec.parent / "games.csv").read_text().splitlines()
    fields = text[1].split(",")
    fields[2] = "-1"
    (tmp_path / "games.csv").write_text("\n".join([text[0], ",".join(fields), *text[2:]]) + "\n")
    (tmp_path / "spec.yaml").write_text(SYNTHETIC_SPEC)
    done = run(tmp_path / "spec.yaml")
    assert done.returncode == 2 and "a count >= 0" in done.stderr and "games.csv:2" in done.stderr
    debug = run(tmp_path / "spec.yaml", "--debug")
    assert debug.returncode != 0 and "Traceback" in debug.stderr


def test_bad_arguments_are_one_line(tmp_path):
    done = run(tmp_path / "missing.yaml", "--method", "magic")
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1
    done = run(tmp_path / "missing.yaml")
    assert done.returncode == 2 and "an existing file" in done.stderr


def _pasted_blocks() -> list[list[str]]:
    """The pasted ``python -m sim.estimate`` outputs of the README and docs/estimation.md."""
    import re

    blocks = []
    for name in ("README.md", "docs/estimation.md"):
        text = (REPO_ROOT / name).read_text(encoding="utf-8")
        for block in re.findall(r"```(?:text|console)\n(\$ python -m sim\.estimate .*?)```", text, flags=re.S):
            blocks.append(block.rstrip("\n").splitlines())
    return blocks


@pytest.mark.slow
def test_default_method_reaches_the_published_optimum_as_pasted_in_the_docs(tmp_path):
    if not SPEC.is_file():
        pytest.skip(f"shared data not found at {SHARED_DATA} (set GAIATSU_DATA)")
    blocks = _pasted_blocks()
    assert len(blocks) == 2
    done = run(SPEC, "--out", tmp_path / "out")
    assert done.returncode == 0, done.stderr
    result = json.loads((tmp_path / "out" / "estimate.json").read_text())
    # Crisman-Cox & Gibilisco (2021), Table 3 and the replication's estimationLog.txt
    assert result["loglik"] == pytest.approx(-3927.9095, abs=1e-3)
    assert result["method"] == "cmle" and result["equilibrium_violation"] <= 1e-6
    assert result["coefficients"]["C_B:sqrt(targetecondep)"]["estimate"] == pytest.approx(2.828, abs=5e-3)
    assert result["coefficients"]["W_A:1"]["estimate"] == pytest.approx(-2.455, abs=5e-3)
    actual = [line.rstrip() for line in done.stdout.splitlines()]
    for command, *expected in blocks:
        assert command == "$ python -m sim.estimate ../shared/data/crisis_game_spec.yaml"
        for line in expected:
            if line == "..." or line.startswith(("time:", "wrote ")):
                continue  # these vary from run to run
            if line.startswith("equilibrium check:"):  # the last digits are rounding
                assert any(
                    a.startswith("equilibrium check: max |p_R - Psi(p_R)| = ") and line.split("(")[-1] in a
                    for a in actual
                ), line
                continue
            assert line.rstrip() in actual, line
