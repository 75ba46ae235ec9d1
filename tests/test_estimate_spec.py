"""The specification file and its data: the published file loads, every mistake is one line."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from conftest import REPO_ROOT
from sim.base.errors import UserError
from sim.estimate.spec import load_design

SHARED_DATA = Path(os.environ.get("GAIATSU_DATA", REPO_ROOT.parent / "shared" / "data"))
SPEC = SHARED_DATA / "crisis_game_spec.yaml"

GOOD = """data: games.csv
outcomes: {sq: sq, cd: cd, sf: sf, bd: bd}
utilities:
  S_A: [sqrt(x1)]
  V_A: [1]
  C_B: [1, x2]
  W_A: [1, log(x1)]
  W_B: [1]
  a: [1]
  V_B: []
"""
CSV = "gameID,sq,cd,sf,bd,x1,x2\ng1,100,5,10,5,0.5,1\ng2,110,2,4,4,2.0,0\ng3,90,10,10,10,1.5,3\n"


@pytest.fixture
def write(tmp_path):
    def make(spec: str = GOOD, data: str = CSV) -> Path:
        (tmp_path / "games.csv").write_text(data, encoding="utf-8")
        path = tmp_path / "spec.yaml"
        path.write_text(spec, encoding="utf-8")
        return path

    return make


def test_published_specification_loads():
    if not SPEC.is_file():
        pytest.skip(f"shared data not found at {SHARED_DATA} (set GAIATSU_DATA)")
    design = load_design(SPEC)
    assert design.n_games == 418 and design.counts.sum() == 49704
    assert len(design.names) == 20 and design.names[4] == "V_A:1"
    assert "C_B:sqrt(targetecondep)" in design.names
    japan = design.game_ids.index("002740_1990")
    assert design.counts[japan].tolist() == [105, 8, 5, 2]


def test_terms_transforms_and_names(write):
    design = load_design(write())
    assert design.names == ("S_A:sqrt(x1)", "V_A:1", "C_B:1", "C_B:x2", "W_A:1", "W_A:log(x1)", "W_B:1", "a:1")
    assert np.allclose(design.X["S_A"][:, 0], np.sqrt([0.5, 2.0, 1.5]))
    assert np.allclose(design.X["W_A"][:, 1], np.log([0.5, 2.0, 1.5]))
    U = design.utilities(np.arange(1.0, 9.0))
    assert np.allclose(U[6], 0.0)  # V_B fixed at 0


def test_fixed_utility_value(write):
    design = load_design(write(GOOD + "fixed: {V_B: 1.5}\n"))
    assert np.allclose(design.utilities(np.zeros(8))[6], 1.5)


def one_line_error(path: Path) -> str:
    with pytest.raises(UserError) as caught:
        load_design(path)
    message = caught.value.message()
    assert "\n" not in message
    return message


@pytest.mark.parametrize(
    "spec, data, words",
    [
        (
            GOOD.replace("S_A: [sqrt(x1)]", "S_A: [1, sqrt(x1)]"),
            CSV,
            ["utilities", "'1' may not enter every utility of player A", "S_A, V_A, W_A, a"],
        ),
        (
            GOOD.replace("V_B: []", "V_B: [x2]").replace("W_B: [1]", "W_B: [1, x2]"),
            CSV,
            ["'x2' may not enter every utility of player B", "C_B, W_B, V_B"],
        ),
        (GOOD.replace("x2]", "x3]"), CSV, ["games.csv", "x3", "a column of the data file"]),
        (GOOD, CSV.replace("110,2", "-110,2"), ["games.csv:3", "sq", "a count >= 0", "-110"]),
        (GOOD, CSV.replace("0.5,1", "oops,1"), ["games.csv:2", "x1", "a finite number", "oops"]),
        (GOOD.replace("log(x1)", "exp(x1)"), CSV, ["utilities.W_A[1]", "sqrt(column)", "exp(x1)"]),
        (GOOD.replace("  a: [1]\n", ""), CSV, ["utilities.a", "nothing: the field is missing"]),
        (GOOD.replace("S_A:", "SA:"), CSV, ["utilities.SA", "a known field"]),
        (GOOD + "fixed: {W_B: 1}\n", CSV, ["fixed.W_B", "a utility with no regressors"]),
        (GOOD.replace("games.csv", "missing.csv"), CSV, ["missing.csv", "an existing file"]),
        (GOOD, CSV.replace("2.0,0", "-2.0,0"), ["x1", "values >= 0 under sqrt()"]),
        (GOOD.replace("C_B: [1, x2]", "C_B: [1, x2, x2]"), CSV, ["utilities.C_B[2]", "each regressor once"]),
        ("data: [", CSV, ["spec.yaml", "valid YAML"]),
        (
            GOOD.replace("W_B: [1]", "W_B: [1, x3]"),
            CSV.replace("x2\n", "x2,x3\n").replace("1\ng2", "1,7\ng2").replace("0\ng3", "0,7\ng3").rstrip("\n")
            + ",7\n",
            ["utilities.W_B", "collinear: 1, x3"],
        ),
    ],
)
def test_mistakes_are_one_line(write, spec, data, words):
    message = one_line_error(write(spec, data))
    for word in words:
        assert word in message, (word, message)


def test_first_stage_columns(write):
    data = (
        CSV.replace("x1,x2\n", "x1,x2,pr,pf\n")
        .replace(",1\ng2", ",1,0.5,0.7\ng2")
        .replace(",0\ng3", ",0,0.6,0.8\ng3")
        .rstrip("\n")
        + ",0.9,0.0\n"
    )
    design = load_design(write(GOOD + "first_stage: {p_resist: pr, p_firm: pf}\n", data))
    assert np.allclose(design.first_stage[0], [0.5, 0.6, 0.9])
    assert design.first_stage[1][2] == 1e-4  # kept off 0
    bad = data.replace("0.5,0.7", "1.5,0.7")
    message = one_line_error(write(GOOD + "first_stage: {p_resist: pr, p_firm: pf}\n", bad))
    assert "games.csv:2" in message and "a probability in [0, 1]" in message
