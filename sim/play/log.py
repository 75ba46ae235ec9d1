"""Play logs (one JSON file per game, written atomically) and the class table built from them.

A log holds ``format`` (:data:`LOG_FORMAT`), ``version``, ``game`` (``repeated`` or
``threat``), ``settings``, ``players`` (name and side of each student), ``moves`` (one
record per round: actions as played and as meant, payoffs), ``totals`` (by side) and
``debrief`` (by side: the student's total, the equilibrium benchmark and the best classic
rule with their totals, the share of cooperative moves, and game-specific numbers).

The class table has one row per student and game. A file that is not a readable play log
is reported on stderr in one line naming the file and skipped, so one broken file does
not stop a class; a folder with no readable log at all is an error.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import astuple, dataclass, fields
from pathlib import Path

from sim.base.errors import UserError
from sim.base.escaping import csv_cell, terminal_text
from sim.io.safe_files import write_atomic
from sim.base.reading import read_bytes

LOG_FORMAT = "gaiatsu-play-log"
LOG_VERSION = 1
#: A log of the longest game is a few hundred KB; anything far larger is not a log.
MAX_LOG_BYTES = 10_000_000


def write_log(path: Path, record: Mapping) -> Path:
    """Write a log atomically (all of it or nothing; :func:`sim.io.safe_files.write_atomic`)."""
    write_atomic(Path(path), json.dumps(record, indent=2) + "\n")
    return Path(path)


def log_path_in(folder: Path, name: str, game: str, side: str, seed: int) -> Path:
    """A new file in ``folder`` named after the student, game, side and seed.

    ``aiko-repeated-japan-seed0.json``, then ``-2``, ``-3`` ... if that name is taken.
    """
    stem = "-".join((re.sub(r"[^A-Za-z0-9_]+", "_", name).strip("_") or "student", game, side, f"seed{seed}"))
    path, k = Path(folder) / f"{stem}.json", 1
    while path.exists():
        k += 1
        path = Path(folder) / f"{stem}-{k}.json"
    return path


@dataclass(frozen=True)
class ClassRow:
    """One student's game in the class table (totals in US$ bn over the rounds played).

    ``cooperative_share``: the share of the student's moves that were cooperative
    (Japan: concede; US: refrain).
    """

    name: str
    game: str
    side: str
    scenario: str
    opponent: str
    rounds: int
    total: float
    equilibrium_total: float
    best_classic: str
    best_classic_total: float | None
    cooperative_share: float
    file: str


def read_log(path: Path) -> dict:
    """A play log, checked; a :class:`UserError` naming the file otherwise."""
    data = read_bytes(path, MAX_LOG_BYTES, "a play log (JSON)")
    try:
        record = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise UserError(path, None, "a play log (JSON)", f"<{type(error).__name__}>") from None
    if not isinstance(record, dict) or record.get("format") != LOG_FORMAT:
        raise UserError(
            path,
            "format",
            f"{LOG_FORMAT!r}",
            record.get("format") if isinstance(record, dict) else type(record).__name__,
        )
    if record.get("version") != LOG_VERSION:
        raise UserError(path, "version", str(LOG_VERSION), record.get("version"))
    return record


def class_rows(record: Mapping, path: Path) -> list[ClassRow]:
    """The rows of one log: one per student in it."""
    try:
        settings = record["settings"]
        rows = []
        for player in record["players"]:
            d = record["debrief"][player["side"]]
            rows.append(
                ClassRow(
                    str(player["name"]),
                    str(record["game"]),
                    str(player["side"]),
                    str(settings["scenario"]),
                    str(d["opponent"]),
                    int(d["rounds"]),
                    float(d["total"]),
                    float(d["equilibrium_total"]),
                    str(d["best_classic"]),
                    _optional_number(d["best_classic_total"]),
                    float(d["cooperative_share"]),
                    Path(path).name,
                )
            )
        return rows
    except (KeyError, TypeError, ValueError, AttributeError, OverflowError) as error:
        raise UserError(path, None, "a complete play log", f"<missing or bad {error}>") from None


def _optional_number(value: float | str | None) -> float | None:
    return None if value is None else float(value)


def class_table(folder: Path, warn: Callable[[str], object]) -> list[ClassRow]:
    """Rows of every ``*.json`` log in ``folder``; ``warn(message)`` for each skipped file."""
    folder = Path(folder)
    if not folder.is_dir():
        raise UserError(folder, None, "a folder of play logs", "<no such folder>")
    rows = []
    for path in sorted(folder.glob("*.json")):
        try:
            rows += class_rows(read_log(path), path)
        except UserError as error:
            warn(f"skipped {error.message()}")
    if not rows:
        raise UserError(folder, None, "at least one play log (*.json)", "<none readable>")
    return sorted(rows, key=lambda r: (r.game, r.scenario, r.rounds, r.side, r.opponent, -r.total, r.name, r.file))


def class_table_text(rows: list[ClassRow]) -> str:
    """An aligned table for the terminal; totals are ranked only among games of the same
    kind, scenario, round count, side and opponent (best first)."""
    header = (
        "name",
        "game",
        "scenario",
        "rounds",
        "side",
        "opponent",
        "total",
        "equilibrium",
        "best classic",
        "coop share",
    )
    body = [
        (
            terminal_text(r.name),
            r.game,
            r.scenario,
            str(r.rounds),
            r.side,
            terminal_text(r.opponent),
            f"{r.total:.1f}",
            f"{r.equilibrium_total:.1f}",
            "-" if r.best_classic_total is None else f"{r.best_classic} {r.best_classic_total:.1f}",
            f"{r.cooperative_share:.0%}",
        )
        for r in rows
    ]
    widths = [max(len(line[k]) for line in (header, *body)) for k in range(len(header))]
    numeric = {3, 6, 7, 9}

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            c.rjust(w) if k in numeric else c.ljust(w) for k, (c, w) in enumerate(zip(cells, widths))
        ).rstrip()

    return "\n".join([line(header), *(line(cells) for cells in body)])


def class_table_csv(rows: list[ClassRow]) -> str:
    """The class table as CSV, one row per student and game."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([f.name for f in fields(ClassRow)])
    writer.writerows([csv_cell(_csv_value(value)) for value in astuple(row)] for row in rows)
    return out.getvalue()


def _csv_value(value: object) -> str:
    """Numbers to 10 significant digits (no float noise), None as an empty cell."""
    if value is None:
        return ""
    return f"{value:.10g}" if isinstance(value, float) else str(value)
