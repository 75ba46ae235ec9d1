"""The files of a run's result records (:mod:`sim.io.records`): JSON and tidy CSV tables,
written atomically.

Writers take an explicit ``out_dir``; each file is written to a temporary
file in the same folder and renamed into place, so a failed run leaves no half file.
Nothing here computes a model; the tables are byte-identical for the same inputs.
"""

from __future__ import annotations

import csv
import io
import json
import types
import typing
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, fields, is_dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sim import __version__
from sim.model.payoffs import JAPAN_ACTIONS, US_ACTIONS
from sim.base.escaping import csv_cell
from sim.io.records import FactRecord, GameResult, RunResult
from sim.io.safe_files import write_atomic
from sim.io.versions import versions_json
from sim.analysis.tipping import TippingPoint

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

    from sim.analysis.history import HistoryPoint


def results_to_json(results: list[RunResult]) -> str:
    """The runs as stable, pretty JSON (key order fixed, no timestamps)."""
    payload = {
        "gaiatsu_version": __version__,
        "us_actions": list(US_ACTIONS),
        "japan_actions": list(JAPAN_ACTIONS),
        "runs": [asdict(result) | {"label": result.label} for result in results],
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def results_from_json(text: str) -> list[RunResult]:
    """Rebuild the run records written by :func:`results_to_json`."""
    runs = []
    for run in json.loads(text)["runs"]:
        run.pop("label")
        runs.append(_build(RunResult, run))
    return runs


def _build(hint: Any, value: Any) -> Any:
    """Turn JSON data back into the typed value ``hint`` describes (dataclasses, tuples)."""
    if value is None:
        return None
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        return _build(next(arg for arg in args if arg is not type(None)), value)
    if isinstance(hint, type) and is_dataclass(hint):
        hints = typing.get_type_hints(hint)
        return hint(**{f.name: _build(hints[f.name], value[f.name]) for f in fields(hint) if f.name in value})
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_build(args[0], item) for item in value)
        return tuple(_build(arg, item) for arg, item in zip(args, value))
    return value


def payoff_table(results: list[RunResult]) -> str:
    """Tidy CSV: one row per run, game (``stage`` or ``levels``) and action pair."""
    rows = [("run", "scenario", "japan", "us", "game", "us_action", "japan_action", "us_payoff", "japan_payoff")]
    for result in results:
        for name, game in _games(result):
            for i, us_action in enumerate(game.us_labels):
                for j, japan_action in enumerate(game.japan_labels):
                    rows.append(
                        (
                            result.label,
                            result.scenario,
                            result.japan,
                            result.us,
                            name,
                            us_action,
                            japan_action,
                            _number(game.us_payoffs[i][j]),
                            _number(game.japan_payoffs[i][j]),
                        )
                    )
    return _csv(rows)


def _games(result: RunResult) -> list[tuple[str, GameResult]]:
    stage = GameResult(US_ACTIONS, JAPAN_ACTIONS, result.us_payoffs, result.japan_payoffs, result.equilibria)
    return [("stage", stage)] + ([("levels", result.levels)] if result.levels else [])


def terms_table(results: list[RunResult]) -> str:
    """Tidy CSV: one row per run and named payoff term."""
    rows = [("run", "scenario", "japan", "us", "term", "value")]
    rows += [
        (r.label, r.scenario, r.japan, r.us, name, _number(value)) for r in results for name, value in r.terms.items()
    ]
    return _csv(rows)


def facts_table(results: list[RunResult]) -> str:
    """Tidy CSV: one row per run and input, with its provenance."""
    return _records_table(results, FactRecord, lambda result: result.facts)


def tipping_table(results: list[RunResult]) -> str:
    """Tidy CSV: one row per run and tipping point."""
    return _records_table(results, TippingPoint, lambda result: result.tipping_points)


def deals_table(results: list[RunResult]) -> str:
    """Tidy CSV: one row per run and bargaining solution (empty when no deal)."""
    rows: list[tuple[str, ...]] = [
        (
            "run",
            "solution",
            "concession",
            "us_payoff",
            "japan_payoff",
            "us_gain",
            "japan_gain",
            "win_set_cap",
            "disagreement_us",
            "disagreement_japan",
            "note",
        )
    ]
    for result in results:
        deal = result.deal
        if deal is None:
            continue
        for name in ("nash", "nash_patience", "rubinstein"):
            bargain = getattr(deal, name)
            values = (
                ["", "", "", "", ""]
                if bargain is None
                else [
                    _number(v)
                    for v in (
                        bargain.concession,
                        bargain.us_payoff,
                        bargain.japan_payoff,
                        bargain.us_gain,
                        bargain.japan_gain,
                    )
                ]
            )
            rows.append(
                (result.label, name, *values, _number(deal.win_set_cap), *map(_number, deal.disagreement), deal.note)
            )
    return _csv(rows)


def tournament_table(results: list[RunResult]) -> str:
    """Tidy CSV: one row per run and Japanese strategy against the US preset's strategy."""
    rows = [("run", "us_strategy", "japan_strategy", "japan_per_round", "us_per_round")]
    rows += [
        (r.label, r.repeated.us_strategy, name, _number(japan), _number(us))
        for r in results
        if r.repeated
        for name, japan, us in r.repeated.tournament
    ]
    return _csv(rows)


def _records_table(
    results: list[RunResult], record_type: type, records_of: Callable[[RunResult], Iterable[DataclassInstance]]
) -> str:
    rows = [("run", *(f.name for f in fields(record_type)))]
    rows += [
        (result.label, *(_number(v) if isinstance(v, float) else v for v in asdict(record).values()))
        for result in results
        for record in records_of(result)
    ]
    return _csv(rows)


def history_table(points: Sequence[HistoryPoint]) -> str:
    """The article scenarios next to the historical cases (:mod:`sim.analysis.history`), one row each."""
    if not points:
        return ""
    rows = [tuple(f.name for f in fields(points[0]))]
    rows += [
        tuple("" if v is None else _number(v) if isinstance(v, float) else v for v in asdict(point).values())
        for point in points
    ]
    return _csv(rows)


def write_results(results: list[RunResult], out_dir: Path) -> list[Path]:
    """Write ``equilibria.json``, the tidy tables ``payoffs``, ``terms``, ``facts``,
    ``tipping_points``, ``deals`` and ``tournament`` (CSV), and ``versions.json``."""
    files = {
        "equilibria.json": results_to_json(results),
        "payoffs.csv": payoff_table(results),
        "terms.csv": terms_table(results),
        "facts.csv": facts_table(results),
        "tipping_points.csv": tipping_table(results),
        "deals.csv": deals_table(results),
        "tournament.csv": tournament_table(results),
        "versions.json": versions_json(),
    }
    for name, text in files.items():
        write_atomic(Path(out_dir) / name, text)
    return [Path(out_dir) / name for name in files]


def csv_cells(row: Iterable[object]) -> list:
    """A row's cells through :func:`sim.base.escaping.csv_cell`."""
    return [csv_cell(cell) for cell in row]


def _number(value: float) -> str:
    return repr(float(value))


def _csv(rows: list[tuple]) -> str:
    """CSV text; a text cell that a spreadsheet would run as a formula gets a ``'``."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(map(csv_cells, rows))
    return buffer.getvalue()


def records_csv(records: list[dict]) -> str:
    """CSV text of records with the same keys: a header from the first, then a row each."""
    return _csv([tuple(records[0]), *(tuple(record.values()) for record in records)])
