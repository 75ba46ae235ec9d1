"""Named sweeps as tidy tables: the options of a sweep, and one table row per grid point.

A *named sweep* solves the 2x2 stage game of each run (scenario x presets) on a fine grid
of one or two parameters with the vectorised engine (:func:`sim.analysis.sweep.sweep_2x2`) and
writes one row per grid point. This module checks the ``sweep:`` options
(:func:`sweep_spec`), turns a solved block of the grid into an Arrow table
(:func:`points_table`) and computes one chunk of a sweep as Parquet bytes
(:func:`chunk_parquet`); :mod:`sim.io.sweep_store` keeps the tables on disk, chunk by chunk,
so that an interrupted sweep resumes. Nothing here does I/O.

Columns of a point table, in order:

- ``run``, ``scenario``, ``japan``, ``us``: the run's label, scenario and preset names;
- one column per swept parameter (its name), in canonical units;
- ``outcome`` (code of :data:`sim.solve.outcome_classes.OUTCOMES`), ``outcome_name``, ``outcome_words``;
- ``pure_refrain_concede`` .. ``pure_tariff_resist``: the cell is a pure equilibrium;
- ``degenerate``: the game has ties (use the general solver there);
- ``mixed_us_refrain``, ``mixed_japan_concede``: each side's probability of its first
  action in the completely mixed equilibrium, empty (null) where there is none;
- ``us_refrain_concede`` .. ``japan_tariff_resist``: both players' payoffs in every cell
  (US$ bn a year).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:  # imported where used: a sweep alone needs pyarrow
    import pyarrow as pa

from sim.base.checks import flag
from sim.base.errors import UserError, near_name_hint
from sim.analysis.maps import map_range
from sim.model.payoffs import JAPAN_ACTIONS, US_ACTIONS
from sim.solve.outcome_classes import OUTCOME_WORDS, OUTCOMES
from sim.analysis.sweep import PARAMETER_SPECS, SweepResult, sweep_2x2

#: The cells ``(i, j)`` in the order of the columns, with their ``us/japan`` action names.
CELLS = tuple((i, j, f"{US_ACTIONS[i]}_{JAPAN_ACTIONS[j]}") for i in (0, 1) for j in (0, 1))
#: The text columns of a point table: dictionary-encoded in memory and in Parquet.
TEXT_COLUMNS = ("run", "scenario", "japan", "us", "outcome_name", "outcome_words")
#: Parquet: zstd, dictionaries for the text columns only (measured fastest and small). The
#: text columns arrive dictionary-encoded and are written as they are; without the stored
#: Arrow schema a reader gets them back as plain strings, the type they always had. The
#: writer takes 262,144 values at a time (default 1,024): encoding measured 15% faster,
#: the same values and size.
PARQUET_OPTIONS = {
    "compression": "zstd",
    "use_dictionary": list(TEXT_COLUMNS),
    "store_schema": False,
    "write_batch_size": 262_144,
}
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


@dataclass(frozen=True)
class SweepSpec:
    """The checked ``sweep:`` options (see ``docs/configuration.md``).

    ``x_range``/``y_range`` of None take each run's map range (:func:`sim.analysis.maps.map_range`);
    ``y`` of None makes a one-parameter sweep. ``chunk_points`` bounds the grid points of
    one chunk file, the unit of resume. ``csv=True`` writes a CSV table beside the Parquet one.
    ``workers`` processes compute chunks at once (None: the usable cores, but one per
    200,000 points at most; 1: this process alone); the tables do not depend on it.
    """

    name: str
    x: str = "auto_tariff_rate"
    y: str | None = "security_dependence"
    x_range: tuple[float, float] | None = None
    y_range: tuple[float, float] | None = None
    x_points: int = 201
    y_points: int = 201
    chunk_points: int = 250_000
    overwrite: bool = False
    dir: str = "results/sweeps"
    csv: bool = False
    workers: int | None = None

    @property
    def names(self) -> tuple[str, ...]:
        """The swept parameters, x first."""
        return (self.x,) if self.y is None else (self.x, self.y)


@dataclass(frozen=True)
class SweepRun:
    """One run of a sweep: its label, scenario and preset names, and base parameters."""

    label: str
    scenario: str
    japan: str
    us: str
    params: Mapping[str, float]


def sweep_spec(options: Mapping) -> SweepSpec | None:
    """Checked :class:`SweepSpec` from the config's ``sweep`` mapping; None without a name."""
    options = dict(options)
    if options.get("name") is None:
        return None
    known = list(SweepSpec.__dataclass_fields__)
    for key in options:
        if key not in known:
            raise UserError(
                "config",
                f"sweep.{key}",
                "a sweep option",
                "<an unknown option>",
                hint=near_name_hint(key, known) or "known: " + ", ".join(known),
            )
    name = options["name"]
    if not isinstance(name, str) or not _NAME.match(name):
        raise UserError(
            "config", "sweep.name", "a folder name of letters, digits, '_', '.' and '-' (not starting with '.')", name
        )
    for key in ("x_points", "y_points", "chunk_points"):
        if key in options:
            _whole(key, options[key], 1)
    if options.get("workers") is not None:
        _whole("workers", options["workers"], 1, " or null (the usable cores)")
    for key in ("overwrite", "csv"):
        if key in options:
            flag(options, key, "config", "sweep")
    if "dir" in options and (not isinstance(options["dir"], str) or not options["dir"]):
        raise UserError("config", "sweep.dir", "a folder path", options["dir"])
    for key in ("x_range", "y_range"):
        if options.get(key) is not None:
            options[key] = _range(key, options[key])
    return SweepSpec(**options)


def _whole(key: str, value: object, minimum: int, other: str = "") -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise UserError("config", f"sweep.{key}", f"a whole number >= {minimum}{other}", value)


def _range(key: str, value: Any) -> tuple[float, float]:
    """``[low, high]`` as two finite floats with ``low <= high`` (``value``: any config value)."""
    expected = "[low, high]: two numbers, low <= high"
    if isinstance(value, (str, bytes)) or not hasattr(value, "__len__") or len(value) != 2:
        raise UserError("config", f"sweep.{key}", expected, value)
    if any(isinstance(v, bool) or not isinstance(v, (int, float)) for v in value):
        raise UserError("config", f"sweep.{key}", expected, list(value))
    low, high = float(value[0]), float(value[1])
    if not (math.isfinite(low) and math.isfinite(high)) or low > high:
        raise UserError("config", f"sweep.{key}", expected, list(value))
    return low, high


def check_parameters(spec: SweepSpec, known: Iterable[str]) -> None:
    """``UserError`` unless ``x`` and ``y`` are distinct model parameters of ``known``."""
    known = sorted(known)
    for key, name in (("x", spec.x), ("y", spec.y)):
        if key == "y" and name is None:
            continue
        if not isinstance(name, str) or name not in known:
            raise UserError(
                "config",
                f"sweep.{key}",
                "a stage-game parameter",
                name,
                hint=near_name_hint(str(name), known) or "see docs/scenario-format.md and docs/presets.md",
            )
    if spec.x == spec.y:
        raise UserError("config", "sweep.y", f"a parameter other than sweep.x ({spec.x})", spec.y)


def axes_of(spec: SweepSpec, base: Mapping[str, float]) -> dict[str, np.ndarray]:
    """The grid's axes for one run: ``linspace`` over each range (or the run's map range)."""
    axes = {}
    for key, name in zip(("x", "y"), spec.names):
        chosen = getattr(spec, f"{key}_range")
        low, high = chosen if chosen is not None else map_range(name, float(base[name]))
        parameter = PARAMETER_SPECS.get(name)
        for value in (low, high):
            if parameter is not None and not parameter.admits(value):
                raise UserError("config", f"sweep.{key}_range", f"values of {name} {parameter.range_text()}", value)
        axes[name] = np.linspace(low, high, getattr(spec, f"{key}_points"))
    return axes


def chunk_parquet(spec: SweepSpec, run: SweepRun, rows: slice) -> bytes:
    """The x values ``rows`` of ``run``'s grid, solved, as the bytes of a Parquet table.

    The same arguments give the same bytes, in any process: a chunk of a named sweep.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    axes = axes_of(spec, run.params)
    axes[spec.x] = axes[spec.x][rows]
    labels = {"run": run.label, "scenario": run.scenario, "japan": run.japan, "us": run.us}
    table = points_table(labels, sweep_2x2(dict(run.params), axes))
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, **PARQUET_OPTIONS)
    return sink.getvalue().to_pybytes()


def points_table(run: Mapping[str, str], result: SweepResult) -> pa.Table:
    """One row per grid point of ``result`` (row-major over its axes), for one run.

    ``run`` gives the ``run``, ``scenario``, ``japan`` and ``us`` columns. Every column is
    an Arrow array over a numpy array of the result (:mod:`sim.io.arrow_arrays`), never a
    Python value per point; the text columns are dictionary-encoded (a few names, each
    point an ``int8`` index), which the Parquet writer stores as they are
    (:data:`TEXT_COLUMNS`). Returns a ``pyarrow.Table`` (pyarrow is imported here, so that
    loading the module stays cheap).
    """
    import pyarrow as pa

    from sim.io.arrow_arrays import booleans, numbers, texts

    size = int(np.prod(result.shape))
    eq = result.equilibria
    same = np.zeros(size, dtype=np.int8)  # every point of the run: the first (only) name
    columns = {key: texts(same, [str(run[key])]) for key in ("run", "scenario", "japan", "us")}
    columns |= {name: numbers(grid) for name, grid in result.grid.items()}
    codes = result.outcome.ravel()
    columns["outcome"] = numbers(codes)
    columns["outcome_name"] = texts(codes, OUTCOMES)
    columns["outcome_words"] = texts(codes, OUTCOME_WORDS)
    pure = _by_cell(eq.pure)
    columns |= {f"pure_{cell}": booleans(pure[k]) for k, (*_, cell) in enumerate(CELLS)}
    columns["degenerate"] = booleans(eq.degenerate)
    # no mixed equilibrium: NaN, written as null (an empty cell in CSV)
    columns["mixed_us_refrain"] = numbers(eq.mixed_row, missing=np.isnan(eq.mixed_row))
    columns["mixed_japan_concede"] = numbers(eq.mixed_col, missing=np.isnan(eq.mixed_col))
    for player, payoffs in (("us", result.A), ("japan", result.B)):
        cells = _by_cell(payoffs)
        cells += 0.0  # no negative zeros
        columns |= {f"{player}_{cell}": numbers(cells[k]) for k, (*_, cell) in enumerate(CELLS)}
    return pa.Table.from_arrays(list(columns.values()), names=list(columns))


def _by_cell(values: np.ndarray) -> np.ndarray:
    """``(..., 2, 2)`` values as four contiguous rows, one per cell in the order of
    :data:`CELLS` (one transposing copy: ten times faster than taking each cell apart)."""
    return np.ascontiguousarray(values.reshape(-1, 4).T)
