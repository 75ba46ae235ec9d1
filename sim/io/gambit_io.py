"""Gambit's game files: strategic form (.nfg) read and written, extensive form (.efg) written.

The formats are those of Gambit 16 (McKelvey, McLennan and Turocy, *Gambit: Software
Tools for Game Theory*, https://www.gambit-project.org; the file-format chapter of its
manual and ``src/games/file.cc``):

* ``NFG 1 R "title" { "US" "Japan" } { { "refrain" "tariff" } { "concede" "resist" } }``,
  an optional description string, then either the *payoff list* (every pure profile's
  payoffs, player 1's strategy varying fastest) or the *outcome list* (``{ "name" u1, u2 }``
  entries, then one outcome index per profile in the same order; 0 is the null outcome,
  paying 0 to everyone). Strategy lists may be counts, ``{ 2 2 }``, instead of names.
* ``EFG 2 R "title" { "US" "Japan" }``, a description, then the nodes in prefix order:
  ``p "label" player infoset "infoset" { "a" "b" } 0`` (a move),
  ``c "label" infoset "" { "a" 1/2 "b" 1/2 } 0`` (chance), and
  ``t "label" outcome "outcome" { u1, u2 }`` (a terminal node).

Orientation as everywhere in Gaiatsu: ``A[i, j]`` is the row player's (US) payoff and
``B[i, j]`` the column player's (Japan). Reading never raises anything but
:class:`sim.base.errors.UserError`, which names the source, the line and column, what was
expected and what was found; inputs are bounded (:data:`MAX_BYTES`), so nothing hangs.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import NamedTuple, NoReturn

import numpy as np
from numpy.typing import ArrayLike

from sim.base.errors import UserError
from sim.model.gametree import PLAYERS, Chance, Decision, GameTree, Node, Terminal, walk

#: Largest game file read, in bytes (characters for text already in memory).
MAX_BYTES = 10_000_000
#: Most players in a strategic-form file (one array axis each).
MAX_PLAYERS = 32


@dataclass(frozen=True, eq=False)
class StrategicGame:
    """A strategic-form game as read from a .nfg file.

    ``payoffs[k]`` is player ``k``'s payoff array with one axis per player, e.g.
    ``payoffs[0][i, j]`` is the row player's payoff when row plays ``i``, column ``j``.
    """

    title: str
    players: tuple[str, ...]
    strategies: tuple[tuple[str, ...], ...]
    payoffs: tuple[np.ndarray, ...]
    description: str = ""
    source: str = "<string>"

    @property
    def shape(self) -> tuple[int, ...]:
        """The number of strategies of each player."""
        return tuple(len(labels) for labels in self.strategies)

    def bimatrix(self) -> tuple[np.ndarray, np.ndarray]:
        """``(A, B)`` of a 2-player game; a :class:`UserError` for any other number."""
        if len(self.players) != 2:
            raise UserError(self.source, None, "a 2-player game", f"<{len(self.players)} players>")
        return self.payoffs[0], self.payoffs[1]


# ---------------------------------------------------------------- writing


def write_nfg(
    A: ArrayLike,
    B: ArrayLike,
    title: str,
    strategy_labels: Sequence[Sequence[str]] | None = None,
    player_names: Sequence[str] = ("US", "Japan"),
    description: str = "",
) -> str:
    """The bimatrix game ``(A, B)`` as Gambit strategic-form text, payoff-list layout.

    The payoffs of profile ``(i, j)`` come in the order ``(0,0), (1,0), ..., (0,1), ...``
    (the row strategy varies fastest), each as ``A[i, j] B[i, j]``. Numbers are written
    in plain positional notation, so that Gambit reads them exactly.

    >>> print(write_nfg([[1, 0], [0, 1]], [[2, 0], [0, 3]], "bos"), end="")
    NFG 1 R "bos" { "US" "Japan" } { { "1" "2" } { "1" "2" } }
    ""
    1 2 0 0 0 0 1 3
    """
    A, B = np.asarray(A, dtype=float), np.asarray(B, dtype=float)
    if A.ndim != 2 or A.shape != B.shape or 0 in A.shape:
        raise ValueError(f"A and B must be non-empty matrices of one shape, got {A.shape}, {B.shape}")
    labels = strategy_labels or [[str(k + 1) for k in range(size)] for size in A.shape]
    if [len(row) for row in labels] != list(A.shape):
        raise ValueError(f"strategy labels {labels} do not fit a {A.shape} game")
    strategies = " ".join("{ " + _labels(row) + " }" for row in labels)
    payoffs = " ".join(f"{_number(A[i, j])} {_number(B[i, j])}" for j in range(A.shape[1]) for i in range(A.shape[0]))
    return (
        f"NFG 1 R {_quote(title)} {{ {_labels(player_names)} }} {{ {strategies} }}\n{_quote(description)}\n{payoffs}\n"
    )


def write_efg(tree: GameTree, players: Sequence[str] = PLAYERS, description: str = "") -> str:
    """The game tree as Gambit extensive-form text (nodes in prefix order).

    Nodes of one player with the same ``infoset`` share one Gambit information set
    (numbered 1, 2, ... per player in order of appearance) and must offer the same
    actions; each chance node is its own chance information set; each terminal node
    has its own outcome. Chance probabilities are written as exact decimals when these
    sum to one, otherwise as rationals (Gambit demands an exact sum of one).
    """
    numbering = _EfgNumbering(len(players))
    lines = [f"EFG 2 R {_quote(tree.title)} {{ {_labels(players)} }}", _quote(description), ""]
    lines += [numbering.line(node) for _, node in walk(tree.root)]
    return "\n".join(lines) + "\n"


class _EfgNumbering:
    """Information-set and outcome numbers handed out while the tree is written."""

    def __init__(self, players: int):
        self.players = players
        self.infosets: dict[tuple[int, str], tuple[int, tuple[str, ...]]] = {}
        self.chance_sets = 0
        self.outcomes = 0

    def line(self, node: Node) -> str:
        if isinstance(node, Decision):
            return self._decision(node)
        if isinstance(node, Chance):
            return self._chance(node)
        if isinstance(node, Terminal):
            return self._terminal(node)
        raise ValueError(f"not a game-tree node: {node!r}")

    def _decision(self, node: Decision) -> str:
        if not 0 <= node.player < self.players:
            raise ValueError(f"node {node.label!r}: player {node.player} is not one of {self.players} players")
        actions = tuple(label for label, _ in node.actions)
        if not actions:
            raise ValueError(f"node {node.label!r} has no actions")
        key = (node.player, node.infoset)
        count = sum(1 for player, _ in self.infosets if player == node.player)
        number, known = self.infosets.setdefault(key, (count + 1, actions))
        if known != actions:
            raise ValueError(
                f"information set {node.infoset!r} of player {node.player} "
                f"offers {known} at one node and {actions} at another"
            )
        return f"p {_label(node.label)} {node.player + 1} {number} {_label(node.infoset)} {{ {_labels(actions)} }} 0"

    def _chance(self, node: Chance) -> str:
        if not node.branches:
            raise ValueError(f"chance node {node.label!r} has no branches")
        self.chance_sets += 1
        probabilities = _chance_probabilities([p for _, p, _ in node.branches], node.label)
        branches = " ".join(
            f"{_label(label)} {probability}" for (label, _, _), probability in zip(node.branches, probabilities)
        )
        return f'c {_label(node.label)} {self.chance_sets} "" {{ {branches} }} 0'

    def _terminal(self, node: Terminal) -> str:
        if len(node.payoffs) != self.players:
            raise ValueError(f"terminal {node.label!r} has {len(node.payoffs)} payoffs for {self.players} players")
        self.outcomes += 1
        payoffs = ", ".join(_number(value) for value in node.payoffs)
        return f"t {_label(node.label)} {self.outcomes} {_label(node.label)} {{ {payoffs} }}"


def _chance_probabilities(values: Sequence[float], where: str) -> list[str]:
    """Probabilities as text whose exact (rational) sum is one.

    Tried in turn: the shortest decimals; small-denominator fractions; the decimals with
    the last one replaced by one minus the others (only for a round-off gap of < 1e-9).
    """
    values = [float(value) for value in values]
    if any(not math.isfinite(v) or v < 0 for v in values) or abs(sum(values) - 1) > 1e-9:
        raise ValueError(f"chance node {where!r}: probabilities {values} are not a distribution")
    decimals = [_number(v) for v in values]
    if sum(map(Fraction, decimals)) == 1:
        return decimals
    fractions = [Fraction(v).limit_denominator(1_000_000) for v in values]
    if sum(fractions) == 1 and all(abs(f - v) < 1e-12 for f, v in zip(fractions, values)):
        return [_fraction(f) for f in fractions]
    last = 1 - sum(map(Fraction, decimals[:-1]), Fraction(0))
    if last < 0:
        raise ValueError(f"chance node {where!r}: probabilities {values} exceed one")
    return decimals[:-1] + [_fraction(last)]


def _fraction(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else str(value)


def _number(value: float) -> str:
    """A finite float in positional notation (no exponent), shortest round-trip digits."""
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"payoffs and probabilities must be finite, got {value}")
    return np.format_float_positional(value + 0.0, unique=True, trim="-")


def _quote(label: str) -> str:
    """A label in double quotes, inner quotes escaped as Gambit does (``\\"``)."""
    label = str(label)
    if "\\" in label:
        raise ValueError(f"labels may not contain a backslash: {label!r}")
    return '"' + label.replace('"', '\\"') + '"'


def _label(label: str) -> str:
    """A quoted player, strategy, action, node or outcome label that Gambit 16.7 accepts.

    Gambit requires printable ASCII, no leading or trailing space and no double space
    (titles and descriptions are free text).
    """
    label = str(label)
    if not _GAMBIT_LABEL.fullmatch(label):
        raise ValueError(f"Gambit labels are printable ASCII without leading, trailing or double spaces: {label!r}")
    return _quote(label)


_GAMBIT_LABEL = re.compile(r"(?:[!-~]+(?: [!-~]+)*)?")


def _labels(labels: Sequence[str]) -> str:
    return " ".join(_label(label) for label in labels)


def write_game_file(path: Path, text: str) -> Path:
    """Write game text (from :func:`write_nfg` or :func:`write_efg`) atomically to ``path``."""
    from sim.io.safe_files import write_atomic  # results imports the payoff module; keep io light

    write_atomic(Path(path), text)
    return Path(path)


# ---------------------------------------------------------------- reading


class _Token(NamedTuple):
    kind: str  # lbrace, rbrace, comma, text, number, symbol, unterminated, eof
    text: str
    pos: int


_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<lbrace>\{) | (?P<rbrace>\}) | (?P<comma>,)
  | (?P<text>"[^"\\]*(?:\\.[^"\\]*)*")
  | (?P<unterminated>")
  | (?P<number>[+-]?(?:\d+/\d+|(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)(?=[\s{},"]|\Z))
  | (?P<symbol>[^\s{},"]+)
""",
    re.VERBOSE | re.DOTALL | re.ASCII,
)


def _tokens(text: str) -> Iterator[_Token]:
    """The tokens of a Gambit file, whitespace dropped, ending with one ``eof`` token."""
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        assert kind is not None  # every alternative of _TOKEN is a named group
        if kind != "space":
            yield _Token(kind, match.group(), match.start())
    yield _Token("eof", "", len(text))


class _Parser:
    """A one-token-lookahead reader that reports errors with line and column."""

    def __init__(self, text: str, source: str):
        self.text, self.source = text, source
        self._stream = _tokens(text)
        self.token = next(self._stream)

    def advance(self) -> _Token:
        token = self.token
        if token.kind != "eof":
            self.token = next(self._stream)
        return token

    def expect(self, kind: str, expected: str) -> _Token:
        if self.token.kind != kind:
            self.fail(expected)
        return self.advance()

    def fail(self, expected: str, token: _Token | None = None, found: str | None = None) -> NoReturn:
        token = token or self.token
        line = self.text.count("\n", 0, token.pos) + 1
        column = token.pos - self.text.rfind("\n", 0, token.pos)
        raise UserError(self.source, f"line {line}, column {column}", expected, f"<{found or _describe(token)}>")

    def label(self, expected: str) -> str:
        return _unescape(self.expect("text", expected).text)

    def number(self, expected: str) -> float:
        token = self.expect("number", expected)
        value = _to_float(token.text)
        if value is None:
            self.fail(f"{expected} (a finite number)", token)
        return value

    def count(self, expected: str, low: int, high: int) -> int:
        token = self.expect("number", expected)
        digits = token.text.lstrip("0") or "0"
        value = int(digits) if token.text.isdigit() and len(digits) <= 15 else -1
        if not low <= value <= high:
            self.fail(expected, token)
        return value


def _describe(token: _Token) -> str:
    if token.kind == "eof":
        return "end of file"
    if token.kind == "unterminated":
        return "a string with no closing quote"
    shown = token.text if len(token.text) <= 40 else token.text[:37] + "..."
    return repr(shown) if token.kind != "text" else f"the string {shown}"


def _unescape(quoted: str) -> str:
    return quoted[1:-1].replace('\\"', '"')


def _to_float(text: str) -> float | None:
    """The value of a Gambit number (integer, decimal, exponent form, ``p/q``), or None."""
    try:
        if "/" in text:
            numerator, denominator = text.split("/")
            value = int(numerator) / int(denominator)
        else:
            value = float(text)
    except (ValueError, ZeroDivisionError, OverflowError):
        return None
    return value if math.isfinite(value) else None


def read_nfg(text: str, source: str = "<string>") -> StrategicGame:
    """Parse Gambit strategic-form text in either layout (payoff list or outcome list).

    >>> game = read_nfg('NFG 1 R "pd" { "a" "b" } { 2 2 } 3 3 5 0 0 5 1 1')
    >>> game.payoffs[0].tolist(), game.strategies
    ([[3.0, 0.0], [5.0, 1.0]], (('1', '2'), ('1', '2')))
    """
    if len(text) > MAX_BYTES:
        raise UserError(source, None, f"a game file of at most {MAX_BYTES} bytes", f"<{len(text)} characters>")
    parser = _Parser(text, source)
    title, players, strategies, description = _nfg_header(parser)
    shape = tuple(len(labels) for labels in strategies)
    if parser.token.kind == "lbrace":
        flat = _outcome_body(parser, len(players), math.prod(shape))
    elif parser.token.kind == "number":
        flat = _payoff_body(parser, len(players), math.prod(shape))
    else:
        parser.fail("the outcome list ('{') or the first payoff")
    parser.expect("eof", "the end of the file after the last payoff or outcome index")
    payoffs = tuple(_frozen(flat[:, k].reshape(shape, order="F")) for k in range(len(players)))
    return StrategicGame(title, players, strategies, payoffs, description, source)


def _frozen(array: np.ndarray) -> np.ndarray:
    array = np.ascontiguousarray(array)
    array.setflags(write=False)
    return array


def _nfg_header(parser: _Parser) -> tuple[str, tuple[str, ...], tuple[tuple[str, ...], ...], str]:
    """``NFG 1 R "title" { players } { strategies } ["description"]``."""
    if parser.token.kind != "symbol" or parser.token.text != "NFG":
        parser.fail("the file type 'NFG' (a Gambit strategic-form file)")
    parser.advance()
    if parser.token.text != "1":
        parser.fail("the NFG version number 1")
    parser.advance()
    if parser.token.kind != "symbol" or parser.token.text not in ("R", "D"):
        parser.fail("the data type 'R' or 'D'")
    parser.advance()
    title = parser.label("the game title in double quotes")
    players = _label_list(parser, "a player name in double quotes")
    if len(players) > MAX_PLAYERS:
        parser.fail(f"at most {MAX_PLAYERS} players", found=f"{len(players)} players")
    strategies = _strategy_lists(parser, len(players))
    description = parser.label("") if parser.token.kind == "text" else ""
    return title, players, strategies, description


def _label_list(parser: _Parser, expected: str) -> tuple[str, ...]:
    """``{ "a" "b" ... }`` with at least one label."""
    parser.expect("lbrace", "'{' opening the list of player names")
    labels = [parser.label(expected)]
    while parser.token.kind == "text":
        labels.append(parser.label(expected))
    parser.expect("rbrace", f"{expected} or '}}' closing the list")
    return tuple(labels)


def _strategy_lists(parser: _Parser, players: int) -> tuple[tuple[str, ...], ...]:
    """``{ { "s1" "s2" } { ... } }`` or ``{ 2 3 }``, one entry per player.

    A file must hold at least one number per strategy profile, so more profiles than
    half its length is an error, found before any large array is made.
    """
    parser.expect("lbrace", "'{' opening the strategies")
    limit = (len(parser.text) + 1) // 2
    names = None
    if parser.token.kind == "number":
        counts = [
            parser.count(f"the number of strategies of player {k + 1} (a whole number from 1 to {limit})", 1, limit)
            for k in range(players)
        ]
    else:
        names = tuple(_strategy_names(parser, k) for k in range(players))
        counts = [len(labels) for labels in names]
    closing = parser.expect("rbrace", f"'}}' closing the strategies: one entry per player, {players} players")
    if _product_exceeds(counts, limit):
        parser.fail(
            f"at most {limit} strategy profiles (one number each) in a file of {len(parser.text)} characters",
            closing,
            "more strategy profiles",
        )
    return names or tuple(tuple(str(s + 1) for s in range(n)) for n in counts)


def _product_exceeds(counts: Sequence[int], limit: int) -> bool:
    product = 1
    for count in counts:
        product *= count
        if product > limit:
            return True
    return False


def _strategy_names(parser: _Parser, player: int) -> tuple[str, ...]:
    parser.expect("lbrace", f"'{{' opening the strategy names of player {player + 1} (or a count of strategies)")
    names = [parser.label(f"a strategy name of player {player + 1} in double quotes")]
    while parser.token.kind == "text":
        names.append(parser.label(""))
    parser.expect("rbrace", f"a strategy name of player {player + 1} or '}}'")
    return tuple(names)


def _payoff_body(parser: _Parser, players: int, profiles: int) -> np.ndarray:
    """``u1 u2 ...`` for every profile, the first player's strategy varying fastest."""
    flat = np.empty((profiles, players))
    expected = f"a payoff ({profiles * players} numbers: {players} per strategy profile, {profiles} profiles)"
    for profile in range(profiles):
        for player in range(players):
            flat[profile, player] = parser.number(expected)
    return flat


def _outcome_body(parser: _Parser, players: int, profiles: int) -> np.ndarray:
    """``{ { "name" u1, u2 } ... }`` then one outcome index (0 = null outcome) per profile."""
    outcomes = [np.zeros(players)] + _outcome_list(parser, players)
    flat = np.empty((profiles, players))
    expected = f"an outcome index, a whole number from 0 to {len(outcomes) - 1} ({profiles} indices in all)"
    for profile in range(profiles):
        flat[profile] = outcomes[parser.count(expected, 0, len(outcomes) - 1)]
    return flat


def _outcome_list(parser: _Parser, players: int) -> list[np.ndarray]:
    parser.expect("lbrace", "'{' opening the outcome list")
    outcomes = []
    while parser.token.kind == "lbrace":
        parser.advance()
        parser.label("an outcome name in double quotes")
        payoffs = np.empty(players)
        for player in range(players):
            payoffs[player] = parser.number(f"the payoff of player {player + 1} ({players} per outcome)")
            if parser.token.kind == "comma":
                parser.advance()
        parser.expect("rbrace", f"'}}' closing the outcome ({players} payoffs per outcome)")
        outcomes.append(payoffs)
    parser.expect("rbrace", "'{' opening an outcome or '}' closing the outcome list")
    return outcomes


def read_nfg_file(path: Path) -> StrategicGame:
    """Read a .nfg file (UTF-8, at most :data:`MAX_BYTES`); every problem is a UserError."""
    from sim.base.reading import read_bytes

    data = read_bytes(Path(path), MAX_BYTES, "a Gambit .nfg file")
    return read_nfg(_decode(data, str(path)), source=str(path))


def _decode(data: bytes, source: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - data.rfind(b"\n", 0, error.start)
        raise UserError(
            source, f"line {line}, column {column}", "UTF-8 text", f"<the byte 0x{data[error.start]:02x}>"
        ) from None
