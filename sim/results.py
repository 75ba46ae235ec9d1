"""Result records of a run and their files: JSON and tidy CSV tables, written atomically.

A :class:`RunResult` holds what one (scenario, Japan preset, US preset) run produced: the
payoff matrices, the named payoff terms, the checked equilibria and the provenance of
every input. Writers take an explicit ``out_dir``; each file is written to a temporary
file in the same folder and renamed into place, so a failed run leaves no half file.
Nothing here computes a model; the tables are byte-identical for the same inputs.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from sim import __version__
from sim.errors import UserError
from sim.payoffs import JAPAN_ACTIONS, US_ACTIONS
from sim.solvers import Equilibrium


@dataclass(frozen=True)
class FactRecord:
    """One input of a run with its provenance, flattened for tables and reports."""

    name: str
    value: float
    unit: str
    stated: str
    kind: str
    source: str
    quote: str
    reason: str
    alternatives: str


@dataclass(frozen=True)
class RunResult:
    """Everything one run of the stage game produced."""

    scenario: str
    scenario_title: str
    scenario_date: str
    japan: str
    japan_label: str
    us: str
    us_label: str
    us_payoffs: tuple[tuple[float, ...], ...]
    japan_payoffs: tuple[tuple[float, ...], ...]
    terms: dict[str, float]
    equilibria: tuple[Equilibrium, ...]
    degenerate: bool
    facts: tuple[FactRecord, ...]

    @property
    def label(self) -> str:
        """A unique, file-name-safe name of the run."""
        return f"{self.scenario}__{self.japan}__{self.us}"


def results_to_json(results: list[RunResult]) -> str:
    """The runs as stable, pretty JSON (key order fixed, no timestamps)."""
    payload = {"gaiatsu_version": __version__,
               "us_actions": list(US_ACTIONS), "japan_actions": list(JAPAN_ACTIONS),
               "runs": [asdict(result) | {"label": result.label} for result in results]}
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def results_from_json(text: str) -> list[RunResult]:
    """Rebuild the run records written by :func:`results_to_json`."""
    runs = []
    for run in json.loads(text)["runs"]:
        run.pop("label")
        run["us_payoffs"] = tuple(map(tuple, run["us_payoffs"]))
        run["japan_payoffs"] = tuple(map(tuple, run["japan_payoffs"]))
        run["equilibria"] = tuple(
            Equilibrium(**{key: tuple(value) if isinstance(value, list) else value
                           for key, value in eq.items()}) for eq in run["equilibria"])
        run["facts"] = tuple(FactRecord(**fact) for fact in run["facts"])
        runs.append(RunResult(**run))
    return runs


def payoff_table(results: list[RunResult]) -> str:
    """Tidy CSV: one row per run and action pair, with both payoffs."""
    rows = [("run", "scenario", "japan", "us", "us_action", "japan_action", "us_payoff",
             "japan_payoff")]
    for result in results:
        for i, us_action in enumerate(US_ACTIONS):
            for j, japan_action in enumerate(JAPAN_ACTIONS):
                rows.append((result.label, result.scenario, result.japan, result.us,
                             us_action, japan_action, _number(result.us_payoffs[i][j]),
                             _number(result.japan_payoffs[i][j])))
    return _csv(rows)


def terms_table(results: list[RunResult]) -> str:
    """Tidy CSV: one row per run and named payoff term."""
    rows = [("run", "scenario", "japan", "us", "term", "value")]
    rows += [(r.label, r.scenario, r.japan, r.us, name, _number(value))
             for r in results for name, value in r.terms.items()]
    return _csv(rows)


def facts_table(results: list[RunResult]) -> str:
    """Tidy CSV: one row per run and input, with its provenance."""
    names = list(FactRecord.__dataclass_fields__)
    rows = [("run", *names)]
    rows += [(r.label, *(_number(v) if isinstance(v, float) else v
                         for v in asdict(fact).values())) for r in results for fact in r.facts]
    return _csv(rows)


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename."""
    path = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.",
                                             suffix=".tmp")
    except OSError as error:
        raise UserError(path.parent, None, "a writable output folder",
                        f"<{error.strerror}>") from None
    try:
        os.chmod(temporary, 0o644)
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except OSError as error:
        os.unlink(temporary)
        raise UserError(path, None, "room to write the file", f"<{error.strerror}>") from None


def write_results(results: list[RunResult], out_dir: Path) -> list[Path]:
    """Write ``equilibria.json``, ``payoffs.csv``, ``terms.csv`` and ``facts.csv``."""
    files = {"equilibria.json": results_to_json(results), "payoffs.csv": payoff_table(results),
             "terms.csv": terms_table(results), "facts.csv": facts_table(results)}
    for name, text in files.items():
        write_atomic(Path(out_dir) / name, text)
    return [Path(out_dir) / name for name in files]


def _number(value: float) -> str:
    return repr(float(value))


def _csv(rows: list[tuple]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()
