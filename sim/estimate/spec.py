"""The estimation specification file and the data it names, read into a frozen :class:`Design`.

A specification is YAML (plain data, read by :func:`sim.data.datafile.load_mapping`)::

    data: ties_crisis_games_1970_2000.csv      # relative to the specification file
    outcomes: {sq: sq, cd: cd, sf: sf, bd: bd}  # the data's columns counting each outcome
    utilities:                                  # the regressors of each utility
      S_A: [sqrt(senderecondep), senderdemocracy]
      V_A: [1, anticipatedsendercosts]          # 1 = a constant
      ...
      V_B: []                                   # [] = fixed at 0 (or at ``fixed``)
    fixed: {V_B: 1}                             # optional: a utility with no regressors
    first_stage: {p_resist: PRhat, p_firm: PFhat}  # optional: columns of first-stage
                                                # estimates for PL/NPL (else random forests)

The seven utilities are those of the crisis game of Lewis & Schultz (2003): challenger A's
``S_A, V_A, W_A, a`` and target B's ``C_B, W_B, V_B``. A regressor is a column name,
``sqrt(column)`` or ``log(column)``. A regressor (or the constant) that enters every
utility of one player is not identified (Lewis & Schultz 2003, section 4): a common shift of
all of a player's utilities changes none of its choices. Every mistake is one
:class:`sim.base.errors.UserError` line naming the file, the field, what was expected and what
was found.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from sim.base.checks import check_keys
from sim.data.datafile import load_mapping, read_text
from sim.base.errors import UserError, near_name_hint

UTILITIES = ("S_A", "V_A", "C_B", "W_A", "W_B", "a", "V_B")
PLAYERS = {"A": ("S_A", "V_A", "W_A", "a"), "B": ("C_B", "W_B", "V_B")}
OUTCOMES = ("sq", "cd", "sf", "bd")
_TERM = re.compile(r"^(?:(sqrt|log)\(\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\)|([A-Za-z_][A-Za-z0-9_.]*))$")


@dataclass(frozen=True)
class Design:
    """The data of an estimation: counts, regressor matrices and coefficient names.

    ``X[u]`` is the ``(games, k_u)`` regressor matrix of utility ``u``; coefficient ``j`` of
    ``beta`` is named ``names[j]`` (``"V_A:1"``, ``"C_B:sqrt(targetecondep)"``) and belongs to
    the utility and slice in ``slices``. ``fixed[u]`` is the value of a utility without
    regressors (0 unless the specification fixes it).
    """

    spec_path: Path
    data_path: Path
    game_ids: tuple[str, ...]
    counts: np.ndarray
    terms: dict[str, tuple[str, ...]]
    X: dict[str, np.ndarray]
    fixed: dict[str, float]
    columns: dict[str, np.ndarray]
    first_stage: tuple[np.ndarray, np.ndarray] | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f"{u}:{t}" for u in UTILITIES for t in self.terms[u])

    @property
    def slices(self) -> dict[str, slice]:
        out, start = {}, 0
        for u in UTILITIES:
            out[u] = slice(start, start + len(self.terms[u]))
            start += len(self.terms[u])
        return out

    @property
    def n_games(self) -> int:
        return len(self.game_ids)

    def utilities(self, beta: np.ndarray) -> np.ndarray:
        """The ``(7, games)`` utilities ``X_u beta_u`` (or the fixed value), in :data:`UTILITIES` order."""
        return utilities_at(self.X, self.fixed, self.slices, beta)

    def with_counts(self, counts: np.ndarray) -> "Design":
        """The same games with other outcome counts (simulated data)."""
        return Design(
            self.spec_path,
            self.data_path,
            self.game_ids,
            np.asarray(counts, float),
            self.terms,
            self.X,
            self.fixed,
            self.columns,
            self.first_stage,
        )

    def subset(self, rows: np.ndarray) -> "Design":
        """The games at ``rows`` (an index array), for bootstraps and tests."""
        return Design(
            self.spec_path,
            self.data_path,
            tuple(np.array(self.game_ids)[rows]),
            self.counts[rows],
            self.terms,
            {u: x[rows] for u, x in self.X.items()},
            self.fixed,
            {k: v[rows] for k, v in self.columns.items()},
            None if self.first_stage is None else (self.first_stage[0][rows], self.first_stage[1][rows]),
        )


def utilities_at(X: dict, fixed: dict, slices: dict, beta: np.ndarray) -> np.ndarray:
    """The ``(7, games)`` utilities for regressor matrices ``X`` and coefficients ``beta``."""
    rows = []
    for u in UTILITIES:
        x = X[u]
        rows.append(x @ beta[slices[u]] if x.shape[1] else np.full(x.shape[0], fixed.get(u, 0.0)))
    return np.vstack(rows)


def load_design(path: Path | str) -> Design:
    """Read and check a specification file and its data file."""
    path = Path(path)
    spec = load_mapping(path)
    check_keys(spec, path, "", ("data", "outcomes", "utilities"), ("fixed", "first_stage"))
    terms = _utility_terms(spec["utilities"], path)
    fixed = _fixed(spec.get("fixed", {}), terms, path)
    check_identified(terms, path)
    outcomes = _outcome_columns(spec["outcomes"], path)
    data_path = _data_path(spec["data"], path)
    header, rows = read_csv(data_path)
    counts = np.column_stack([_numbers(header, rows, outcomes[o], data_path, count=True) for o in OUTCOMES])
    X = {
        u: design_matrix(terms[u], lambda name: _numbers(header, rows, name, data_path), data_path, len(rows))
        for u in UTILITIES
    }
    check_full_rank(X, terms, path)
    ids = (
        tuple(row[header.index("gameID")] for row in rows)
        if "gameID" in header
        else tuple(str(i + 1) for i in range(len(rows)))
    )
    columns: dict[str, np.ndarray] = {
        name: _numbers(header, rows, name, data_path) for name in ("ccode1", "ccode2", "tenyear") if name in header
    }
    first: tuple[np.ndarray, np.ndarray] | None = None
    if "first_stage" in spec:
        named = check_keys(spec["first_stage"], path, "first_stage", ("p_resist", "p_firm"))
        first = (
            _probabilities(header, rows, named["p_resist"], data_path, path, "p_resist"),
            _probabilities(header, rows, named["p_firm"], data_path, path, "p_firm"),
        )
    return Design(path, data_path, ids, counts, terms, X, fixed, columns, first)


def parse_term(term: object, path: Path | str, where: str) -> tuple[str | None, str | None]:
    """``(transform, column)`` of one regressor; ``(None, None)`` for the constant ``1``."""
    if term == 1 and not isinstance(term, bool):
        return None, None
    match = _TERM.match(term.strip()) if isinstance(term, str) else None
    if not match:
        raise UserError(path, where, "1, a column name, sqrt(column) or log(column)", term)
    return (match.group(1), match.group(2)) if match.group(2) else (None, match.group(3))


def design_matrix(terms: tuple[str, ...], column: Callable[[str], np.ndarray], where: Path | str, n: int) -> np.ndarray:
    """The ``(n, len(terms))`` matrix of regressors; ``column(name)`` gives a data column."""
    out = np.empty((n, len(terms)))
    for j, term in enumerate(terms):
        transform, name = parse_term(term if term != "1" else 1, where, term)
        if name is None:
            out[:, j] = 1.0
            continue
        values = column(name)
        if transform == "sqrt" and (values < 0).any():
            raise UserError(where, name, "values >= 0 under sqrt()", float(values.min()))
        if transform == "log" and (values <= 0).any():
            raise UserError(where, name, "values > 0 under log()", float(values.min()))
        out[:, j] = np.sqrt(values) if transform == "sqrt" else (np.log(values) if transform == "log" else values)
    return out


def check_identified(terms: dict[str, tuple[str, ...]], path: Path | str) -> None:
    """Refuse a regressor or constant that enters every utility of one player."""
    for player, own in PLAYERS.items():
        common = set.intersection(*(set(terms[u]) for u in own))
        for term in sorted(common):
            raise UserError(
                path,
                "utilities",
                f"a model identified (Lewis & Schultz 2003): '{term}' may not enter every utility of player {player}",
                f"<'{term}' in {', '.join(own)}>",
                hint=f"drop it from one of {', '.join(own)}",
            )


def check_full_rank(X: dict[str, np.ndarray], terms: dict, path: Path | str) -> None:
    """Refuse a utility whose regressors are collinear in the data (e.g. a column that is
    the same in every game beside the constant): its coefficients are not identified."""
    for u in UTILITIES:
        x = X[u]
        if x.shape[1] and np.linalg.matrix_rank(x) < x.shape[1]:
            raise UserError(
                path,
                f"utilities.{u}",
                "regressors that vary independently in the data",
                f"<collinear: {', '.join(terms[u])}>",
                hint="drop a regressor that is constant or a combination of the others",
            )


def read_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    """Header and rows of a CSV data file (one clear error if it is not one)."""
    text = read_text(path)
    rows = list(csv.reader(text.splitlines()))
    if not rows or not rows[0]:
        raise UserError(path, None, "a CSV file with a header line", "<an empty file>")
    header = [name.strip() for name in rows[0]]
    body = [row for row in rows[1:] if row]
    for number, row in enumerate(body, 2):
        if len(row) != len(header):
            raise UserError(f"{path}:{number}", None, f"{len(header)} fields", f"<{len(row)} fields>")
    if not body:
        raise UserError(path, None, "at least one game", "<no data rows>")
    return header, body


def _utility_terms(data: object, path: Path) -> dict[str, tuple[str, ...]]:
    data = check_keys(data, path, "utilities", UTILITIES)
    terms = {}
    for u in UTILITIES:
        listed = data[u]
        if not isinstance(listed, list):
            raise UserError(path, f"utilities.{u}", "a list of regressors ([] for none)", listed)
        names = []
        for index, term in enumerate(listed):
            transform, column = parse_term(term, path, f"utilities.{u}[{index}]")
            name = "1" if column is None else (f"{transform}({column})" if transform else column)
            if name in names:
                raise UserError(path, f"utilities.{u}[{index}]", "each regressor once", term)
            names.append(name)
        terms[u] = tuple(names)
    return terms


def _fixed(data: object, terms: dict, path: Path) -> dict[str, float]:
    data = check_keys(data, path, "fixed", (), UTILITIES)
    fixed = {}
    for u, value in data.items():
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise UserError(path, f"fixed.{u}", "a finite number", value)
        if terms[u]:
            raise UserError(path, f"fixed.{u}", "a utility with no regressors ([])", list(terms[u]))
        fixed[u] = float(value)
    return fixed


def _outcome_columns(data: object, path: Path) -> dict[str, str]:
    data = check_keys(data, path, "outcomes", OUTCOMES)
    for o in OUTCOMES:
        if not isinstance(data[o], str) or not data[o].strip():
            raise UserError(path, f"outcomes.{o}", "a column name", data[o])
    return dict(data)


def _data_path(value: object, path: Path) -> Path:
    if not isinstance(value, str) or not value.strip():
        raise UserError(path, "data", "a data file name", value)
    data = Path(value)
    return data if data.is_absolute() else path.parent / data


def _probabilities(
    header: list[str], rows: list[list[str]], name: object, data_path: Path, path: Path, key: str
) -> np.ndarray:
    """A first-stage column: probabilities in [0, 1] (kept within [1e-4, 1 - 1e-4])."""
    if not isinstance(name, str) or not name.strip():
        raise UserError(path, f"first_stage.{key}", "a column name", name)
    values = _numbers(header, rows, name, data_path)
    if ((values < 0) | (values > 1)).any():
        bad = int(np.argmax((values < 0) | (values > 1)))
        raise UserError(f"{data_path}:{bad + 2}", name, "a probability in [0, 1]", float(values[bad]))
    return np.clip(values, 1e-4, 1 - 1e-4)


def _numbers(header: list[str], rows: list[list[str]], name: str, path: Path, count: bool = False) -> np.ndarray:
    if name not in header:
        raise UserError(path, name, "a column of the data file", "<no such column>", hint=near_name_hint(name, header))
    j, out = header.index(name), np.empty(len(rows))
    for i, row in enumerate(rows):
        try:
            out[i] = float(row[j])
        except ValueError:
            out[i] = math.nan
        if not math.isfinite(out[i]):
            raise UserError(f"{path}:{i + 2}", name, "a finite number", row[j])
        if count and out[i] < 0:
            raise UserError(f"{path}:{i + 2}", name, "a count >= 0", row[j])
    return out
