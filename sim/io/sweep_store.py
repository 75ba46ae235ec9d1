"""A named sweep's folder: chunks written atomically, a manifest, resume, final tables.

``results/sweeps/<name>/`` holds

- ``manifest.json``: the sweep's full configuration (axes, runs, every base parameter)
  and the chunk plan, written before the first chunk, and ``complete`` once the tables
  are written;
- ``chunks/<run>_<chunk>.parquet``: one block of x values of one run, each written to a
  temporary file and renamed into place, so a chunk file is either complete or absent;
- ``points.parquet`` (and ``points.csv`` when ``sweep.csv`` asks for it): every chunk in
  order, one row per grid point (columns: :mod:`sim.io.sweep_tables`), written the same
  way once all chunks exist. The Parquet table is the chunks' row groups joined byte for
  byte (:mod:`sim.io.parquet_join`).

Worker processes compute the chunks (:mod:`sim.io.sweep_workers`, ``sweep.workers``);
this process alone records and writes them, so the files are the same bytes for any
number of workers.

The manifest records every chunk's row count, size and SHA-256 (before the chunk is
written) and, once written, the final tables' own: a rerun with the same configuration
reuses only the chunks whose bytes match their record, recomputes any that are missing,
damaged, truncated or copied from elsewhere, and rebuilds the tables from verified chunks
whenever a table does not match its record. A different configuration under the same
name is refused unless ``overwrite`` is set. Temporary files left by a killed run are
removed on start. One process at a time may work on a folder (an advisory lock, released
by the system if the process dies).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from sim import __version__
from sim.base.errors import UserError
from sim.base.reading import file_digest, read_bytes
from sim.io.arrow_arrays import values
from sim.io.parquet_join import join_parquet
from sim.io.safe_files import write_atomic
from sim.solve.outcome_classes import OUTCOME_WORDS, OUTCOMES
from sim.io.sweep_tables import PARQUET_OPTIONS, TEXT_COLUMNS, SweepRun, SweepSpec, axes_of, check_parameters
from sim.io.sweep_workers import computed_chunks, worker_count

#: Bumped when the layout of the tables or the manifest changes.
FORMAT = 1
TABLES = ("points.parquet", "points.csv")
_CSV_OPTIONS = pa_csv.WriteOptions(include_header=False, quoting_style="needed")
#: A manifest holds the config and one short record per chunk: far below this.
MAX_MANIFEST_BYTES = 100_000_000


@dataclass(frozen=True)
class SweepReport:
    """What a call of :func:`run_named_sweep` did and where the tables are."""

    name: str
    folder: Path
    chunks: int
    reused: int
    computed: int
    points: int
    seconds: float
    shares: dict[str, dict[str, float]]  # run label -> outcome words -> share of points

    def text(self) -> str:
        """A few lines for the console."""
        lines = [
            f"Named sweep '{self.name}': {self.points:,} grid points in "
            f"{self.chunks} chunks ({self.reused} already done, {self.computed} "
            f"computed) in {self.seconds:.1f} s"
        ]
        for label, shares in self.shares.items():
            parts = ", ".join(f"{_percent(share)} {words}" for words, share in shares.items())
            lines.append(f"  {label}: {parts}")
        tables = [self.folder / name for name in TABLES if (self.folder / name).is_file()]
        lines.append("Tables: " + ", ".join(map(str, tables)))
        return "\n".join(lines)


def _percent(share: float) -> str:
    """``63.3%``; a share that would round to 0.0% shows as ``<0.1%``."""
    return f"{share:.1%}" if share >= 0.0005 else "<0.1%"


def run_named_sweep(spec: SweepSpec, runs: Sequence[SweepRun], folder: Path, progress: bool = True) -> SweepReport:
    """Solve ``spec``'s grid for every run into ``folder``, resuming finished chunks."""
    started = time.perf_counter()
    folder = Path(folder)
    check_parameters(spec, runs[0].params)
    plan = _plan(spec, runs)
    config = _config(spec, runs, plan)
    with _locked(folder) as lock:
        _prepare(folder, config, spec.overwrite)
        manifest = _read_manifest(folder) or {}
        chunks = {
            name: record
            for name, record in dict(manifest.get("chunks") or {}).items()
            if name in plan and _verified(folder / "chunks" / name, record)
        }
        todo = _compute_chunks(folder, spec, runs, config, plan, chunks, lock, progress)
        tables = dict(manifest.get("tables") or {}) if not todo else {}
        wanted = TABLES[: 2 if spec.csv else 1]
        if (
            not manifest.get("complete")
            or todo
            or not all(_verified(folder / name, tables.get(name)) for name in wanted)
        ):
            tables = _write_tables(folder, list(plan), spec.csv, chunks)
            _write_manifest(folder, config, complete=True, chunks=chunks, tables=tables)
    return SweepReport(
        spec.name,
        folder,
        len(plan),
        len(plan) - len(todo),
        len(todo),
        sum(p[2] for p in plan.values()),
        time.perf_counter() - started,
        outcome_shares(folder / TABLES[0]),
    )


def _compute_chunks(
    folder: Path,
    spec: SweepSpec,
    runs: Sequence[SweepRun],
    config: dict,
    plan: Mapping,
    chunks: dict,
    lock: int,
    progress: bool,
) -> list[str]:
    """Compute and write the chunks of ``plan`` missing from ``chunks`` (``spec.workers``
    processes at once), adding their records to ``chunks``; returns their names. A progress
    bar when ``progress`` is true; ``lock``: the folder lock's file descriptor."""
    todo = [name for name in plan if name not in chunks]
    jobs = {name: (spec, runs[plan[name][0]], plan[name][1]) for name in todo}
    workers = worker_count(spec.workers, len(jobs), sum(plan[name][2] for name in todo))
    with (
        computed_chunks(jobs, workers, (lock,)) as batches,
        _progress_bar(spec.name, plan, set(chunks), progress) as advance,
    ):
        for batch in batches:
            _write_chunks(folder, batch, config, chunks, plan)
            advance(sum(plan[name][2] for name, _ in batch))
    return todo


def _plan(spec: SweepSpec, runs: Sequence[SweepRun]) -> dict[str, tuple[int, slice, int]]:
    """Chunk file name -> (run index, slice of x values, points): whole x rows per chunk."""
    row = 1 if spec.y is None else spec.y_points
    rows = max(1, spec.chunk_points // row)
    plan = {}
    for r in range(len(runs)):
        for c, start in enumerate(range(0, spec.x_points, rows)):
            stop = min(start + rows, spec.x_points)
            plan[f"{r:03d}_{c:05d}.parquet"] = (r, slice(start, stop), (stop - start) * row)
    return plan


def _config(spec: SweepSpec, runs: Sequence[SweepRun], plan: Mapping) -> dict:
    """Everything that determines the tables, as JSON data (compared on resume)."""
    options = {k: v for k, v in asdict(spec).items() if k not in ("overwrite", "dir", "csv", "workers")}
    options = json.loads(json.dumps(options))  # tuples as lists, as read back
    return {
        "format": FORMAT,
        "gaiatsu_version": __version__,
        "sweep": options,
        "runs": [
            {
                "label": run.label,
                "scenario": run.scenario,
                "japan": run.japan,
                "us": run.us,
                "axes": {n: [float(a[0]), float(a[-1]), len(a)] for n, a in axes_of(spec, run.params).items()},
                "params": {k: float(v) for k, v in sorted(run.params.items())},
            }
            for run in runs
        ],
        "chunks": list(plan),
    }


def _prepare(folder: Path, config: dict, overwrite: bool) -> None:
    """Remove stale temporary files; refuse a changed config, or start again on overwrite.

    Chunks without a manifest of the same config are not known to match, so they go too.
    """
    (folder / "chunks").mkdir(parents=True, exist_ok=True)
    for stale in [*folder.glob(".*.tmp"), *(folder / "chunks").glob(".*.tmp")]:
        stale.unlink()
    manifest = _read_manifest(folder)
    if manifest is not None and manifest.get("config") == config:
        return
    if manifest is not None and not overwrite:
        change = (
            "<an unreadable manifest>"
            if "config" not in manifest
            else f"<a changed {_first_difference(manifest['config'], config)}>"
        )
        raise UserError(
            folder / "manifest.json",
            "sweep.name",
            "the configuration this sweep was started with",
            change,
            hint="set sweep.overwrite=true to start it again, or choose another sweep.name",
        )
    for path in [*(folder / "chunks").glob("*.parquet"), *(folder / t for t in TABLES)]:
        path.unlink(missing_ok=True)
    _write_manifest(folder, config, complete=False)


def _first_difference(old: object, new: object, path: str = "") -> str:
    """The first key path where two JSON values differ, e.g. ``sweep.x_points (201 -> 101)``."""
    if isinstance(old, dict) and isinstance(new, dict):
        for key in [*new, *(key for key in old if key not in new)]:
            if old.get(key) != new.get(key):
                return _first_difference(old.get(key), new.get(key), f"{path}.{key}".strip("."))
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        for k, (a, b) in enumerate(zip(old, new)):
            if a != b:
                label = a.get("label") if isinstance(a, dict) else None
                return _first_difference(a, b, f"{path}[{label or k}]")
    return f"{path or 'config'} ({_short(old)} -> {_short(new)})"


def _short(value: object) -> str:
    text = json.dumps(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _write_chunks(folder: Path, batch: list[tuple[str, bytes]], config: dict, chunks: dict, plan: Mapping) -> None:
    """Record computed chunks in ``chunks`` and the manifest, then write each of them.

    The records go first: a chunk file on disk whose bytes match its record is whole and
    ours, whatever moment a kill came at. The manifest lists chunks in plan order, however
    many workers computed them in whatever order.
    """
    for name, data in batch:
        chunks[name] = {"rows": plan[name][2], "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    _write_manifest(folder, config, complete=False, chunks=chunks)
    for name, data in batch:
        write_atomic(folder / "chunks" / name, data)


def _write_tables(folder: Path, names: Sequence[str], with_csv: bool, chunks: Mapping[str, dict]) -> dict:
    """``points.parquet`` (and ``points.csv``) from the verified chunks, streamed, in plan
    order; returns each table's record (rows, bytes, checksum) for the manifest.

    The Parquet table is the chunks' row groups copied byte for byte under one footer
    (:func:`sim.io.parquet_join.join_parquet`): the bytes pyarrow's writer gives for the
    chunks' tables in turn, without decoding and encoding them again. Should a chunk hold
    what the join cannot move, the tables are decoded and written by that writer instead.
    """

    def parts() -> Iterator[bytes]:
        for name in names:
            yield _chunk_bytes(folder / "chunks" / name, chunks[name])

    def tables() -> Iterator[pa.Table]:
        for data in parts():
            yield pq.ParquetFile(pa.BufferReader(data), read_dictionary=list(TEXT_COLUMNS)).read()

    def joined(stream: BinaryIO) -> None:
        join_parquet(parts(), stream)

    def rewritten(stream: BinaryIO) -> None:
        with pq.ParquetWriter(stream, next(tables()).schema, **PARQUET_OPTIONS) as writer:
            for table in tables():
                writer.write_table(table)

    rows = sum(record["rows"] for record in chunks.values())
    try:
        write_atomic(folder / TABLES[0], joined)
    except ValueError:
        write_atomic(folder / TABLES[0], rewritten)
    records = {TABLES[0]: _record(folder / TABLES[0], rows)}
    if with_csv:
        schema = next(tables()).schema
        write_atomic(folder / TABLES[1], lambda stream: write_csv(stream, schema, tables()))
        records[TABLES[1]] = _record(folder / TABLES[1], rows)
    return records


def _chunk_bytes(path: Path, record: Mapping) -> bytes:
    """A chunk's bytes, which match its record (else a UserError)."""
    data = read_bytes(path, int(record["bytes"]), "a sweep chunk")
    if hashlib.sha256(data).hexdigest() != record["sha256"]:
        raise UserError(
            path,
            None,
            "the chunk this sweep wrote (its recorded checksum)",
            "<other bytes: the chunk changed during the run>",
        )
    return data


def _record(path: Path, rows: int) -> dict:
    digest, size = file_digest(path)
    return {"rows": rows, "bytes": size, "sha256": digest}


def _verified(path: Path, record: object) -> bool:
    """True when ``path`` is a regular file whose size and checksum match ``record``."""
    if not isinstance(record, dict) or not {"rows", "bytes", "sha256"} <= set(record):
        return False
    try:
        digest, size = file_digest(path, limit=int(record["bytes"]))
    except (UserError, ValueError, TypeError):
        return False
    return size == record["bytes"] and digest == record["sha256"]


def write_csv(stream: BinaryIO, schema: pa.Schema, parts: Iterable) -> None:
    """Tables or record batches of ``schema`` as one CSV file on ``stream``: a plain header
    line (as the ``csv`` module writes it), then values quoted only where needed."""
    header = io.StringIO()
    csv.writer(header, lineterminator="\n").writerow(schema.names)
    stream.write(header.getvalue().encode("utf-8"))
    with pa_csv.CSVWriter(stream, schema, write_options=_CSV_OPTIONS) as writer:
        for part in parts:
            writer.write(part)


def wrote_csv(folder: Path) -> bool:
    """True when the finished sweep in ``folder`` wrote ``points.csv`` (``sweep.csv``), as
    its manifest records."""
    manifest = _read_manifest(Path(folder)) or {}
    return TABLES[1] in dict(manifest.get("tables") or {})


def _read_manifest(folder: Path) -> dict | None:
    path = folder / "manifest.json"
    if not path.is_file():
        return None
    try:
        manifest = json.loads(read_bytes(path, MAX_MANIFEST_BYTES, "a sweep manifest"))
    except (UserError, ValueError, UnicodeDecodeError, RecursionError):
        return {}
    return manifest if isinstance(manifest, dict) else {}


def _write_manifest(
    folder: Path, config: dict, complete: bool, chunks: Mapping | None = None, tables: Mapping | None = None
) -> None:
    """The manifest: the config, whether the tables are written, and a record (rows, bytes,
    SHA-256) of every chunk and table, which a resume checks before it trusts a file.
    Chunks are listed in the plan's order, whatever order the workers finished them in."""
    chunks = dict(chunks or {})
    listed = {name: chunks[name] for name in config["chunks"] if name in chunks}
    manifest = {"config": config, "complete": complete, "chunks": listed, "tables": dict(tables or {})}
    write_atomic(folder / "manifest.json", json.dumps(manifest, indent=1) + "\n")


@contextmanager
def _locked(folder: Path) -> Iterator[int]:
    """Hold ``folder/.lock`` exclusively, or ``UserError`` if another process holds it;
    gives the lock's file descriptor."""
    try:
        (folder / "chunks").mkdir(parents=True, exist_ok=True)
        stream = os.fdopen(
            os.open(folder / ".lock", os.O_WRONLY | os.O_CREAT | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644),
            "w",
        )
    except (OSError, ValueError) as error:
        raise UserError(
            "config",
            "sweep.dir",
            "a folder Gaiatsu can create and write to",
            f"<{folder}: {getattr(error, 'strerror', None) or error}>",
        ) from None
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock
        with stream:
            yield stream.fileno()
        return
    with stream:
        try:
            fcntl.flock(stream, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise UserError(
                folder, "sweep.name", "a sweep folder no other process is using", "<a running sweep>"
            ) from None
        yield stream.fileno()


@contextmanager
def _progress_bar(name: str, plan: Mapping, done: set, show: bool) -> Iterator[Callable[[int], object]]:
    """A tqdm bar over grid points on stderr (tqdm hides it when stderr is no terminal)."""
    if not show:
        yield lambda points: None
        return
    from tqdm import tqdm

    total = sum(p[2] for p in plan.values())
    initial = sum(plan[n][2] for n in done)
    with tqdm(
        total=total,
        initial=initial,
        unit="points",
        unit_scale=True,
        desc=name,
        file=sys.stderr,
        disable=None,
        delay=0.5,
    ) as bar:
        yield bar.update


def outcome_shares(table_path: Path) -> dict[str, dict[str, float]]:
    """Share of each outcome per run, read from a points table (runs in table order)."""
    table = pq.ParquetFile(table_path, read_dictionary=["run"])
    counts: dict[str, np.ndarray] = {}  # run label -> count of each outcome code
    for batch in table.iter_batches(columns=["run", "outcome"], use_threads=False):
        runs = batch.column(0)
        found = np.bincount(
            values(runs.indices).astype(np.int64) * len(OUTCOMES) + values(batch.column(1)),
            minlength=len(runs.dictionary) * len(OUTCOMES),
        ).reshape(-1, len(OUTCOMES))
        for label, row in zip(runs.dictionary.to_pylist(), found):
            counts[label] = counts.get(label, 0) + row
    shares: dict[str, dict[str, float]] = {}
    for label, row in counts.items():
        found = row.tolist()
        order = sorted((code for code, count in enumerate(found) if count), key=lambda code: (-found[code], code))
        shares[label] = {OUTCOME_WORDS[code]: found[code] / sum(found) for code in order}
    return shares


def read_points(folder: Path) -> pa.Table:
    """The points table of a finished sweep folder."""
    return pq.read_table(Path(folder) / TABLES[0])
