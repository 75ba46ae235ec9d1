"""Gambit files: our .nfg/.efg text is read by pygambit, and we read what pygambit writes."""

from __future__ import annotations

import io
import time
from fractions import Fraction

import numpy as np
import pytest
from gambit_live import gambit_arrays, gbt, needs_gambit
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from sim.base.errors import UserError
from sim.io.gambit_io import MAX_BYTES, StrategicGame, read_nfg, read_nfg_file, write_efg, write_game_file, write_nfg
from sim.model.gametree import Chance, Decision, GameTree, Terminal, walk

# Payoffs pygambit can hold exactly: its number parser rejects exponents such as 1e+20.
payoff = st.floats(-1e6, 1e6, allow_nan=False).map(lambda v: round(v, 6))
# Labels Gambit 16.7 accepts (printable ASCII, single inner spaces) that start with a
# letter: it rejects a strategy labelled with the number of a later strategy (e.g. "2"
# then "1"), since it relabels its defaults "1", "2", ... one at a time.
labels = st.from_regex(r"[a-zA-Z][a-zA-Z0-9_\"'.()-]{0,6}( [a-z0-9]{1,3})?", fullmatch=True)


@st.composite
def bimatrix_games(draw, max_size=4):
    m, n = draw(st.integers(1, max_size)), draw(st.integers(1, max_size))
    A = draw(arrays(np.float64, (m, n), elements=payoff))
    B = draw(arrays(np.float64, (m, n), elements=payoff))
    rows = draw(st.lists(labels, min_size=m, max_size=m, unique=True))
    cols = draw(st.lists(labels, min_size=n, max_size=n, unique=True))
    return A, B, (rows, cols)


def strategy_labels(game: gbt.Game) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(s.label for s in player.strategies) for player in game.players)


# ---------------------------------------------------------------- our .nfg


def test_layout_is_row_fastest_with_named_players_and_strategies():
    text = write_nfg([[1, 2], [3, 4]], [[5, 6], [7, 8]], "t", (("refrain", "tariff"), ("concede", "resist")))
    header, description, payoffs = text.splitlines()
    assert header == ('NFG 1 R "t" { "US" "Japan" } { { "refrain" "tariff" } { "concede" "resist" } }')
    assert description == '""'
    assert payoffs.split() == ["1", "5", "3", "7", "2", "6", "4", "8"]


@settings(max_examples=150, deadline=None)
@given(bimatrix_games(), labels)
def test_write_then_read_round_trips_exactly(game, title):
    A, B, strategy_names = game
    parsed = read_nfg(write_nfg(A, B, title, strategy_names))
    assert parsed.title == title and parsed.players == ("US", "Japan")
    assert parsed.strategies == tuple(map(tuple, strategy_names))
    np.testing.assert_array_equal(parsed.payoffs[0], A)
    np.testing.assert_array_equal(parsed.payoffs[1], B)


@needs_gambit
@settings(max_examples=60, deadline=None)
@given(bimatrix_games())
def test_pygambit_reads_what_we_write(game):
    A, B, strategy_names = game
    gambit = gbt.read_nfg(io.StringIO(write_nfg(A, B, "check", strategy_names)))
    assert [p.label for p in gambit.players] == ["US", "Japan"]
    assert strategy_labels(gambit) == tuple(map(tuple, strategy_names))
    ours = gambit_arrays(gambit)
    np.testing.assert_array_equal(ours[0], A)
    np.testing.assert_array_equal(ours[1], B)


@needs_gambit
def test_tiny_and_large_numbers_are_written_without_exponents():
    A = np.array([[1e-5, 1.5e20], [-2.5e-12, 1 / 3]])
    text = write_nfg(A, -A, "scale")
    assert "e" not in text.split("\n", 2)[2].lower()
    np.testing.assert_array_equal(gambit_arrays(gbt.read_nfg(io.StringIO(text)))[0], A)


@needs_gambit
def test_quotes_in_labels_survive_both_readers():
    text = write_nfg([[1.0]], [[2.0]], 'the "deal"', (['say "no"'], ["ok"]))
    assert read_nfg(text).title == 'the "deal"'
    assert write_nfg([[1.0]], [[2.0]], "caf\u00e9  titles are free text").count("\u00e9") == 1
    assert read_nfg(text).strategies[0] == ('say "no"',)
    assert gbt.read_nfg(io.StringIO(text)).title == 'the "deal"'


@pytest.mark.parametrize(
    "A, B, labels_, message",
    [
        ([[np.inf]], [[0.0]], None, "finite"),
        ([[1.0, 2.0]], [[1.0]], None, "shape"),
        ([[1.0]], [[1.0]], (["a\\b"], ["c"]), "backslash"),
        ([[1.0]], [[1.0]], (["a", "b"], ["c"]), "labels"),
        ([[1.0]], [[1.0]], (["caf\u00e9"], ["c"]), "printable ASCII"),
        ([[1.0]], [[1.0]], (["a  b"], ["c"]), "double spaces"),
        ([[1.0]], [[1.0]], ([" a"], ["c"]), "leading"),
    ],
)
def test_write_nfg_refuses_what_it_cannot_write(A, B, labels_, message):
    with pytest.raises(ValueError, match=message):
        write_nfg(A, B, "bad", labels_)


# ---------------------------------------------------------------- pygambit's .nfg


@needs_gambit
@settings(max_examples=60, deadline=None)
@given(bimatrix_games())
def test_we_read_the_outcome_layout_pygambit_writes(game):
    A, B, _ = game
    text = gbt.Game.from_arrays(A, B, title="from pygambit").to_nfg()
    assert '{ ""' in text  # the outcome-list layout
    parsed = read_nfg(text)
    assert parsed.title == "from pygambit" and parsed.players == ("1", "2")
    np.testing.assert_array_equal(parsed.payoffs[0], A)
    np.testing.assert_array_equal(parsed.payoffs[1], B)


@needs_gambit
@settings(max_examples=40, deadline=None)
@given(st.data())
def test_we_read_outcome_layouts_with_null_outcomes_and_rationals(data):
    shape = data.draw(st.lists(st.integers(1, 3), min_size=2, max_size=3))
    game = gbt.Game.new_table(shape, title="outcomes")
    for profile in np.ndindex(*shape):
        for player in game.players:
            game[profile][player] = gbt.Rational(data.draw(st.integers(-50, 50)), data.draw(st.integers(1, 7)))
    profiles = list(np.ndindex(*shape))
    for profile in data.draw(st.lists(st.sampled_from(profiles), unique=True, max_size=3)):
        game.delete_outcome(game[profile])  # the profile now has the null outcome 0
    text = game.to_nfg()
    expected = gambit_arrays(gbt.read_nfg(io.StringIO(text)))
    parsed = read_nfg(text)
    assert parsed.shape == tuple(shape) and len(parsed.players) == len(shape)
    for ours, theirs in zip(parsed.payoffs, expected):
        np.testing.assert_allclose(ours, theirs, rtol=1e-15)


@needs_gambit
def test_null_outcome_pays_zero_and_rationals_are_exact():
    game = gbt.Game.new_table([2, 2], title="null")
    players = list(game.players)
    game[0, 0][players[0]] = gbt.Rational(3, 2)
    game[1, 1][players[1]] = gbt.Rational(-7, 3)
    game.delete_outcome(game[0, 1])
    text = game.to_nfg()
    assert text.split()[-4:] == ["1", "2", "0", "3"]
    parsed = read_nfg(text)
    assert parsed.payoffs[0][0, 0] == 1.5
    assert parsed.payoffs[1][1, 1] == float(Fraction(-7, 3))
    assert parsed.payoffs[0][0, 1] == parsed.payoffs[1][0, 1] == 0.0


@needs_gambit
@settings(max_examples=40, deadline=None)
@given(st.integers(2, 3), st.integers(2, 3), st.data())
def test_we_read_the_payoff_layout_pygambit_writes_for_trees(m, n, data):
    """A simultaneous-move tree's strategic form comes out in the payoff-list layout."""
    tree = gbt.Game.new_tree(players=["US", "Japan"], title="tree")
    tree.append_move(tree.root, "US", [f"u{i}" for i in range(m)])
    tree.append_move(tree.root.children, "Japan", [f"j{j}" for j in range(n)])
    for i, node in enumerate(tree.root.children):
        for j, leaf in enumerate(node.children):
            payoffs = [gbt.Rational(data.draw(st.integers(-20, 20)), data.draw(st.integers(1, 5))) for _ in range(2)]
            tree.set_outcome(leaf, tree.add_outcome(f"o{i}{j}", payoffs))
    text = tree.to_nfg()
    assert '{ "' not in text.split('""', 1)[1]  # no outcome list: the payoff-list layout
    parsed = read_nfg(text)
    for ours, theirs in zip(parsed.payoffs, gambit_arrays(tree)):
        np.testing.assert_allclose(ours, theirs, rtol=1e-15)


@needs_gambit
def test_three_player_files_parse_but_are_not_bimatrix_games():
    arrays_ = [np.arange(8).reshape(2, 2, 2) * (k + 1) for k in range(3)]
    parsed = read_nfg(gbt.Game.from_arrays(*arrays_).to_nfg(), "three.nfg")
    assert isinstance(parsed, StrategicGame) and parsed.shape == (2, 2, 2)
    for ours, theirs in zip(parsed.payoffs, arrays_):
        np.testing.assert_array_equal(ours, theirs)
    with pytest.raises(UserError, match="three.nfg: expected a 2-player game, found 3 players"):
        parsed.bimatrix()


def test_numbers_in_every_form_gambit_accepts():
    text = 'NFG 1 D "forms" { "a" "b" } { 2 1 }\n1e-05 -3/2 .5 1.0E+5'
    parsed = read_nfg(text)
    assert parsed.payoffs[0].tolist() == [[1e-05], [0.5]]
    assert parsed.payoffs[1].tolist() == [[-1.5], [1e5]]
    assert parsed.strategies == (("1", "2"), ("1",))


# ---------------------------------------------------------------- our .efg


def tree_with_chance_and_infosets() -> GameTree:
    """Nature picks a resolute or bluffing US; Japan does not see the US move."""

    def japan(tag, shift):
        return Decision(
            1,
            f"japan after {tag}",
            "japan",
            (
                ("concede", Terminal(f"{tag} concede", (3.0 + shift, -1.0))),
                ("resist", Terminal(f"{tag} resist", (-1.5, 0.25 * shift))),
            ),
        )

    def us(kind, shift):
        return Decision(
            0,
            f"us {kind}",
            f"us {kind}",
            (("refrain", japan(f"{kind} refrain", shift)), ("tariff", japan(f"{kind} tariff", shift + 1))),
        )

    return GameTree("threat", Chance("resolve", (("resolute", 0.3, us("resolute", 0)), ("bluff", 0.7, us("bluff", 2)))))


@needs_gambit
def test_pygambit_loads_our_efg_with_players_infosets_chance_and_payoffs():
    tree = tree_with_chance_and_infosets()
    game = gbt.read_efg(io.StringIO(write_efg(tree)))
    assert game.title == "threat"
    assert [p.label for p in game.players] == ["US", "Japan"]
    us, japan = game.players
    assert len(us.infosets) == 2  # one per US type
    assert len(japan.infosets) == 1 and len(list(japan.infosets)[0].members) == 4
    assert [a.label for a in list(japan.infosets)[0].actions] == ["concede", "resist"]
    assert [float(a.prob) for a in game.root.infoset.actions] == [0.3, 0.7]
    ours = [node.payoffs for _, node in walk(tree.root) if isinstance(node, Terminal)]
    theirs = [tuple(float(node.outcome[p]) for p in game.players) for node in game.nodes if node.is_terminal]
    assert theirs == ours


@needs_gambit
def test_chance_probabilities_are_written_to_sum_exactly_to_one():
    thirds = GameTree("thirds", Chance("nature", tuple((f"b{k}", 1 / 3, Terminal(f"t{k}", (k, -k))) for k in range(3))))
    text = write_efg(thirds)
    assert "1/3" in text
    game = gbt.read_efg(io.StringIO(text))
    assert sum(a.prob for a in game.root.infoset.actions) == 1


@pytest.mark.parametrize(
    "root, message",
    [
        (
            Decision(
                1,
                "j",
                "same",
                (
                    ("a", Terminal("x", (0, 0))),
                    ("b", Decision(1, "j2", "same", (("c", Terminal("y", (0, 0))), ("d", Terminal("z", (0, 0)))))),
                ),
            ),
            "offers",
        ),
        (Chance("n", (("a", 0.5, Terminal("x", (0, 0))), ("b", 0.6, Terminal("y", (0, 0))))), "distribution"),
        (Decision(2, "who", "i", (("a", Terminal("x", (0, 0))),)), "player"),
        (Decision(0, "empty", "i", ()), "no actions"),
        (Terminal("x", (0.0, float("nan"))), "finite"),
    ],
)
def test_write_efg_refuses_inconsistent_trees(root, message):
    with pytest.raises(ValueError, match=message):
        write_efg(GameTree("bad", root))


def test_write_game_file_is_atomic_and_readable(tmp_path):
    path = write_game_file(tmp_path / "games" / "stage.nfg", write_nfg([[1, 2], [3, 4]], [[4, 3], [2, 1]], "stage"))
    assert read_nfg_file(path).payoffs[1].tolist() == [[4, 3], [2, 1]]
    assert [p.name for p in path.parent.iterdir()] == ["stage.nfg"]


# ---------------------------------------------------------------- malformed files

GOOD = 'NFG 1 R "g" { "US" "Japan" }\n{ { "a" "b" } { "c" "d" } }\n""\n1 2 3 4 5 6 7 8\n'
OUTCOMES = 'NFG 1 R "g" { "US" "Japan" } { 2 2 }\n{\n{ "x" 1, 2 }\n{ "y" 3, 4 }\n}\n1 2 0 1\n'

MALFORMED = {
    "empty file": ("", 1),
    "only whitespace": ("  \n\n  ", 3),
    "wrong file type": ('EFG 2 R "g" { "a" }', 1),
    "wrong version": (GOOD.replace("NFG 1", "NFG 2"), 1),
    "wrong data type": (GOOD.replace("1 R", "1 Q"), 1),
    "title not quoted": (GOOD.replace('"g"', "g"), 1),
    "truncated in the header": (GOOD[:40], 2),
    "missing payoffs": (GOOD.replace("7 8", ""), 5),
    "too many payoffs": (GOOD.replace("7 8", "7 8 9"), 4),
    "non-numeric payoff": (GOOD.replace("5 6", "5 six"), 4),
    "division by zero": (GOOD.replace("5 6", "5 6/0"), 4),
    "overflowing payoff": (GOOD.replace("5 6", "5 1e999"), 4),
    "unbalanced braces": (GOOD.replace('"b" }', '"b"'), 2),
    "extra closing brace": (GOOD.replace("} }", "} } }"), 2),
    "unterminated string": (GOOD.replace("7 8", '7 "8'), 4),
    "no players": (GOOD.replace('{ "US" "Japan" }', "{ }"), 1),
    "strategy lists for the wrong number of players": (GOOD.replace('{ "c" "d" } }', "}"), 2),
    "zero strategies": (OUTCOMES.replace("{ 2 2 }", "{ 2 0 }"), 1),
    "fractional strategy count": (OUTCOMES.replace("{ 2 2 }", "{ 2 1.5 }"), 1),
    "huge strategy count": (OUTCOMES.replace("{ 2 2 }", "{ 100000000000 2 }"), 1),
    "outcome index out of range": (OUTCOMES.replace("1 2 0 1", "1 2 0 3"), 6),
    "negative outcome index": (OUTCOMES.replace("1 2 0 1", "1 2 -1 1"), 6),
    "fractional outcome index": (OUTCOMES.replace("1 2 0 1", "1 2 0.5 1"), 6),
    "outcome with a missing payoff": (OUTCOMES.replace('{ "y" 3, 4 }', '{ "y" 3 }'), 4),
    "outcome without a name": (OUTCOMES.replace('"x" 1', "1"), 3),
    "missing outcome indices": (OUTCOMES.replace("1 2 0 1", "1 2"), 7),
    "outcome list not closed": (OUTCOMES.replace("}\n1 2", "\n1 2"), 6),
    "commas in the payoff list": (GOOD.replace("1 2", "1, 2"), 4),
    "binary junk": ("\x00\x01\x02NFG\xff", 1),
    "a comment line": ("# a game\n" + GOOD, 1),
    "too many players": ('NFG 1 R "g" { ' + '"p" ' * 40 + "} { " + "1 " * 40 + "} " + "1 " * 40, 1),
}


@pytest.mark.parametrize("name", list(MALFORMED))
def test_malformed_files_raise_one_user_error_with_the_line(name):
    text, line = MALFORMED[name]
    with pytest.raises(UserError) as caught:
        read_nfg(text, source="broken.nfg")
    message = caught.value.message()
    assert message.startswith(f"broken.nfg: line {line}, column "), message
    assert "expected " in message and ", found " in message and "\n" not in message


def test_error_names_what_was_expected_and_what_was_found():
    with pytest.raises(UserError) as caught:
        read_nfg(GOOD.replace("5 6", "5 six"), "g.nfg")
    assert caught.value.message() == (
        "g.nfg: line 4, column 11: expected a payoff (8 numbers: 2 per strategy profile, 4 profiles), found 'six'"
    )


def test_the_size_bounds_fail_fast():
    start = time.perf_counter()
    with pytest.raises(UserError, match="at most 10000000 bytes"):
        read_nfg(" " * (MAX_BYTES + 1))
    with pytest.raises(UserError, match="from 1 to 24"):
        read_nfg('NFG 1 R "g" { "a" "b" } { 100000 100000 } 1 2 3')
    with pytest.raises(UserError, match="strategy profiles"):
        read_nfg('NFG 1 R "g" { "a" "b" } { 1000 1000 }' + " " * 4000 + "1 2")
    with pytest.raises(UserError, match="strategy profiles"):
        read_nfg('NFG 1 R "g" { ' + '"p" ' * 32 + "} { " + "9 " * 32 + "} 1 2")
    assert time.perf_counter() - start < 2


def test_file_problems_are_user_errors(tmp_path):
    with pytest.raises(UserError, match="no such file"):
        read_nfg_file(tmp_path / "missing.nfg")
    with pytest.raises(UserError, match="readable"):
        read_nfg_file(tmp_path)
    (tmp_path / "latin1.nfg").write_bytes(GOOD.replace('"g"', '"caf\xe9"').encode("latin-1"))
    with pytest.raises(
        UserError,
        match=r"line 1, column 13: expected UTF-8 text, found the "
        r"byte 0xe9",
    ):
        read_nfg_file(tmp_path / "latin1.nfg")
    (tmp_path / "big.nfg").write_bytes(b" " * (MAX_BYTES + 1))
    with pytest.raises(UserError, match="at most"):
        read_nfg_file(tmp_path / "big.nfg")


def test_good_files_parse():
    assert read_nfg(GOOD).payoffs[0].tolist() == [[1, 5], [3, 7]]
    assert read_nfg(OUTCOMES).payoffs[1].tolist() == [[2, 0], [4, 2]]


# ---------------------------------------------------------------- fuzzing


def only_user_errors(text: str) -> None:
    start = time.perf_counter()
    try:
        game = read_nfg(text, "fuzz.nfg")
    except UserError as error:
        assert "fuzz.nfg: line " in error.message()
    else:
        assert all(np.isfinite(p).all() for p in game.payoffs)
    assert time.perf_counter() - start < 1.0


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=300))
def test_random_text_raises_only_user_errors(text):
    only_user_errors(text)


@settings(max_examples=400, deadline=None)
@given(st.sampled_from([GOOD, OUTCOMES]), st.data())
def test_mutated_valid_files_raise_only_user_errors(valid, data):
    text = valid
    alphabet = st.sampled_from(list('{}",/.-+eE0123456789 \n\\"ax'))
    for _ in range(data.draw(st.integers(1, 4))):
        where = data.draw(st.integers(0, len(text)))
        cut = data.draw(st.integers(0, 3))
        text = text[:where] + data.draw(st.text(alphabet, max_size=3)) + text[where + cut :]
    only_user_errors(text)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=200))
def test_random_bytes_from_a_file_raise_only_user_errors(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("fuzz") / "junk.nfg"
    path.write_bytes(data)
    with pytest.raises(UserError):
        read_nfg_file(path)
