"""After a Hydra multirun: one merged tidy table per kind of table, and merged maps.

``python -m sim -m japan=ishiba,takaichi facts.security_dependence=0.5,0.9`` runs four
jobs; each writes its results into ``results/multiruns/<date>_<time>/<job>/``. When the
multirun ends, the :class:`MergeMultirun` callback (``conf/hydra/default.yaml``) merges
them into the multirun folder; ``python -m sim.multirun merge DIR`` does the same by hand
(for example after a cluster launcher, or for a multirun that was interrupted):

- ``merged.csv`` / ``merged.parquet``: one row per job and run: the job's overrides and
  the stage game's equilibria and payoffs (from each job's ``equilibria.json``);
- ``merged_<table>.csv`` / ``.parquet`` for each tidy table of the jobs (``payoffs``,
  ``terms``, ``facts``, ``tipping_points``, ``deals``, ``tournament``);
- ``merged_points.csv`` / ``.parquet`` when the jobs ran named sweeps (``sweep.name``;
  the CSV only when every job's sweep wrote one, so not with ``sweep.csv=false``);
- ``merged_maps.png`` / ``.svg``: every job's equilibrium maps, one row per job (none when
  the jobs ran with ``output.figures=false``).

Every merged row starts with ``job`` (the job's number), ``overrides`` (its command-line
overrides) and one column per override key whose value varies across jobs (``scenario``,
``japan`` and ``us`` are columns of every table already). Nothing here computes a model:
it reads the jobs' result files.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import re
import sys
from dataclasses import dataclass, replace
from pathlib import Path

from hydra.experimental.callback import Callback

from sim.data.datafile import load_data
from sim.base.errors import UserError
from sim.cli.arguments import run_cli
from sim.model.payoffs import JAPAN_ACTIONS, US_ACTIONS
from sim.base.reading import read_text

#: The tidy CSV tables of a main job that are merged (``sim.io.results.write_results``).
TABLES = ("payoffs", "terms", "facts", "tipping_points", "deals", "tournament")
#: Override keys that do not change what a job computes (left out of a job's sweep folder).
NOT_IN_KEY = ("sweep.name", "sweep.dir", "sweep.overwrite", "sweep.workers", "debug")
_CELLS = tuple((i, j, f"{US_ACTIONS[i]}_{JAPAN_ACTIONS[j]}") for i in (0, 1) for j in (0, 1))
#: The largest job result file read (a job's tables are far smaller).
MAX_RESULT_BYTES = 1_000_000_000
_UNSAFE = re.compile(r"[^A-Za-z0-9._=,+-]")


def job_key(overrides: list[str]) -> str:
    """A stable folder name for a job from its overrides: sorted, ``sweep.name`` etc. left out.

    >>> job_key(["japan=takaichi", "sweep.name=grid", "facts.approval=0.3"])
    'facts.approval=0.3,japan=takaichi'
    """
    kept = sorted(o for o in overrides if _key(o) not in NOT_IN_KEY)
    key = _UNSAFE.sub("_", ",".join(kept)) or "base"
    if len(key) > 120:
        key = key[:100] + "-" + hashlib.sha1(key.encode()).hexdigest()[:12]
    return key


def _key(override: str) -> str:
    return override.split("=", 1)[0].lstrip("+~")


@dataclass(frozen=True)
class Job:
    """One job folder of a multirun: its number, overrides and folder."""

    number: str
    overrides: tuple[str, ...]
    folder: Path

    @property
    def values(self) -> dict[str, str]:
        return {_key(o): o.split("=", 1)[1] if "=" in o else "" for o in self.overrides}


def jobs_of(folder: Path, warn=None) -> list[Job]:
    """The job folders of a multirun (those with ``.hydra/overrides.yaml``), by number."""
    folder = Path(folder)
    if not folder.is_dir():
        raise UserError(folder, None, "a multirun folder", "<no such folder>")
    jobs = []
    for path in folder.iterdir():
        overrides = path / ".hydra" / "overrides.yaml"
        if overrides.is_file():
            try:
                listed = load_data(overrides) or []
                if not isinstance(listed, list):
                    raise UserError(overrides, None, "a YAML list of overrides", f"<{type(listed).__name__}>")
            except UserError as error:
                (warn or _skipped)(error)
                continue
            jobs.append(Job(path.name, tuple(str(o) for o in listed), path))
    if not jobs:
        raise UserError(folder, None, "a multirun folder with job folders (N/.hydra/)", "<none>")
    return sorted(
        jobs, key=lambda job: (not job.number.isdigit(), int(job.number) if job.number.isdigit() else 0, job.number)
    )


def varying_keys(jobs: list[Job]) -> list[str]:
    """Override keys whose value differs between jobs (first-seen order)."""
    keys = list(dict.fromkeys(key for job in jobs for key in job.values))
    return [
        key for key in keys if key not in ("scenario", "japan", "us") and len({job.values.get(key) for job in jobs}) > 1
    ]


def merge(folder: Path, formats: tuple[str, ...] = ("png", "svg")) -> list[Path]:
    """Write the merged tables and maps of the multirun in ``folder``; return the files.

    ``formats`` are those of the merged maps' figure; none draws no figure."""
    folder = Path(folder)
    jobs = jobs_of(folder)
    keys = varying_keys(jobs)
    written = []
    runs = {job: _results(job) for job in jobs}
    with_results = [job for job in jobs if runs[job] is not None]
    if with_results:
        rows = [run_columns(keys)] + [row for job in with_results for row in _run_rows(job, keys, runs[job])]
        written += _write_pair(folder / "merged", rows)
        for name in TABLES:
            rows = _merged_csv(with_results, keys, f"{name}.csv")
            if rows:
                written += _write_pair(folder / f"merged_{name}", rows)
        if formats:
            written += _merged_maps(folder / "merged_maps", with_results, runs, formats)
    sweeps = [job for job in jobs if (job.folder / "sweep.json").is_file()]
    if sweeps:
        written += _merged_points(folder / "merged_points", sweeps, keys)
    if not written:
        raise UserError(
            folder, None, "job folders with results (equilibria.json or sweep.json)", "<none: did every job fail?>"
        )
    return written


def _prefix(job: Job, keys: list[str]) -> list[str]:
    values = job.values
    return [job.number, " ".join(job.overrides), *(values.get(key, "") for key in keys)]


def _results(job: Job):
    """The job's run records, or None (a missing or unreadable file: skipped, said so)."""
    from sim.io.results import results_from_json

    path = job.folder / "equilibria.json"
    if not path.is_file():
        return None
    try:
        return results_from_json(read_text(path, MAX_RESULT_BYTES))
    except UserError as error:
        _skipped(error)
    except (ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError) as error:
        _skipped(UserError(path, None, "the results of a job (equilibria.json)", f"<{type(error).__name__}: {error}>"))
    return None


def _skipped(error: UserError) -> None:
    """One line on stderr for a file that is skipped; the merge goes on without it."""
    print(f"warning: skipped {error.message()}", file=sys.stderr)


def run_columns(keys: list[str]) -> list[str]:
    """The header of ``merged.csv``."""
    return [
        "job",
        "overrides",
        *keys,
        "run",
        "scenario",
        "japan",
        "us",
        "outcome",
        "outcome_words",
        "equilibria",
        "degenerate",
        "mixed_us_refrain",
        "mixed_japan_concede",
        *(f"us_{cell}" for *_, cell in _CELLS),
        *(f"japan_{cell}" for *_, cell in _CELLS),
    ]


def _run_rows(job: Job, keys: list[str], results) -> list[list[str]]:
    """One row per run: the stage game's equilibria and payoffs."""
    from sim.report.summary import headline

    rows = []
    for r in results:
        mixed = [eq for eq in r.equilibria if not eq.is_pure]
        rows.append(
            [
                *_prefix(job, keys),
                r.label,
                r.scenario,
                r.japan,
                r.us,
                " | ".join(_class(eq) for eq in r.equilibria),
                headline(r),
                str(len(r.equilibria)),
                str(r.degenerate).lower(),
                repr(mixed[0].row_strategy[0]) if mixed else "",
                repr(mixed[0].col_strategy[0]) if mixed else "",
                *(repr(float(r.us_payoffs[i][j])) for i, j, _ in _CELLS),
                *(repr(float(r.japan_payoffs[i][j])) for i, j, _ in _CELLS),
            ]
        )
    return rows


def _class(eq) -> str:
    if not eq.is_pure:
        return "mixed"
    return f"{US_ACTIONS[eq.row_strategy.index(1.0)]}/{JAPAN_ACTIONS[eq.col_strategy.index(1.0)]}"


def _merged_csv(jobs: list[Job], keys: list[str], name: str) -> list[list[str]]:
    """One job table after another, each row prefixed; columns united in first-seen order."""
    tables = []
    for job in jobs:
        if (job.folder / name).is_file():
            try:
                text = read_text(job.folder / name, MAX_RESULT_BYTES)
                header, *rows = list(csv.reader(io.StringIO(text))) or [[]]
            except UserError as error:
                _skipped(error)
                continue
            except csv.Error as error:
                _skipped(UserError(job.folder / name, None, "a CSV table", f"<{error}>"))
                continue
            tables.append((job, [dict(zip(header, row)) for row in rows], header))
    if not tables:
        return []
    columns = list(dict.fromkeys(c for *_, header in tables for c in header))
    merged = [["job", "overrides", *keys, *columns]]
    merged += [[*_prefix(job, keys), *(row.get(c, "") for c in columns)] for job, rows, _ in tables for row in rows]
    return merged


def _write_pair(stem: Path, rows: list[list[str]]) -> list[Path]:
    """``stem.csv`` (the text rows) and ``stem.parquet`` (types inferred from that CSV)."""
    import pyarrow.csv as pa_csv
    import pyarrow.parquet as pq

    from sim.io.safe_files import write_atomic

    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    text = buffer.getvalue()
    data = text.encode("utf-8")
    table = pa_csv.read_csv(
        io.BytesIO(data),  # one block: types inferred from every row
        read_options=pa_csv.ReadOptions(block_size=len(data) + 1),
        parse_options=pa_csv.ParseOptions(newlines_in_values=True),
        convert_options=pa_csv.ConvertOptions(null_values=[""]),
    )
    sink = io.BytesIO()
    pq.write_table(table, sink)
    write_atomic(stem.with_suffix(".csv"), text)
    write_atomic(stem.with_suffix(".parquet"), sink.getvalue())
    return [stem.with_suffix(".csv"), stem.with_suffix(".parquet")]


def _merged_points(stem: Path, jobs: list[Job], keys: list[str]) -> list[Path]:
    """The jobs' named-sweep tables, each row prefixed with its job, streamed to disk."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from sim.io.sweep_store import TABLES as POINTS
    from sim.io.sweep_store import wrote_csv

    found, schemas = [], []
    for job in jobs:
        try:
            pointer = json.loads(read_text(job.folder / "sweep.json", MAX_RESULT_BYTES))
            table = Path(pointer["folder"]) / POINTS[0]
        except UserError as error:
            _skipped(error)
            continue
        except (ValueError, KeyError, TypeError, RecursionError) as error:
            _skipped(UserError(job.folder / "sweep.json", None, "a sweep pointer (JSON)", f"<{type(error).__name__}>"))
            continue
        if not table.is_file():
            print(f"warning: job {job.number}: no finished sweep table at {table}", file=sys.stderr)
            continue
        try:
            schemas.append(pq.read_schema(table))
        except (OSError, pa.ArrowException) as error:
            _skipped(UserError(table, None, "a finished sweep table (Parquet)", f"<{str(error)[:80]}>"))
            continue
        found.append((job, table))
    if not found:
        return []
    types = {key: _column_type([job.values.get(key, "") for job, _ in found]) for key in keys}
    prefix = pa.schema([("job", pa.int64()), ("overrides", pa.string()), *((key, types[key]) for key in keys)])
    schema = pa.unify_schemas([prefix, *schemas])

    def batches():
        for job, path in found:
            values = job.values
            for batch in pq.ParquetFile(path).iter_batches(batch_size=262_144):
                constants = [
                    int(job.number) if job.number.isdigit() else -1,
                    " ".join(job.overrides),
                    *(_typed(values.get(key, ""), types[key]) for key in keys),
                ]
                columns = {
                    field.name: pa.repeat(pa.scalar(value, field.type), batch.num_rows)
                    for field, value in zip(prefix, constants)
                }
                columns |= {name: batch.column(name) for name in batch.schema.names}
                yield pa.RecordBatch.from_arrays(
                    [columns.get(f.name, pa.nulls(batch.num_rows, f.type)) for f in schema], schema=schema
                )

    from sim.io.safe_files import write_atomic
    from sim.io.sweep_store import write_csv

    def write_parquet(stream):
        with pq.ParquetWriter(stream, schema, compression="zstd") as writer:
            for batch in batches():
                writer.write_batch(batch)

    write_atomic(stem.with_suffix(".parquet"), write_parquet)
    if not all(wrote_csv(path.parent) for _, path in found):  # sweep.csv=false: Parquet only
        return [stem.with_suffix(".parquet")]
    write_atomic(stem.with_suffix(".csv"), lambda stream: write_csv(stream, schema, batches()))
    return [stem.with_suffix(".csv"), stem.with_suffix(".parquet")]


def _column_type(values: list[str]):
    import pyarrow as pa

    try:
        [float(v) for v in values]
    except ValueError:
        return pa.string()
    return pa.float64()


def _typed(value: str, kind):
    import pyarrow as pa

    return float(value) if kind == pa.float64() else value


def _merged_maps(stem: Path, jobs: list[Job], runs: dict, formats: tuple[str, ...]) -> list[Path]:
    """Every job's equilibrium maps in one figure, a row per job (titles name the job)."""
    from sim.report import plots
    from sim.report.seminar_figures import map_figure

    panels = []
    for job in jobs:
        shown = " ".join(o for o in job.overrides if not o.startswith("sweep.")) or "defaults"
        for r in runs[job]:
            if r.equilibrium_map is not None:
                leader = r.japan_label.split(":")[0]
                panels.append(
                    replace(r, japan=f"job {job.number}", japan_label=f"job {job.number} ({shown}), {leader}")
                )
    if not panels:
        return []
    per_job = max(sum(r.equilibrium_map is not None for r in runs[job]) for job in jobs)
    return plots.save_figure(map_figure(panels, width=4.4 * per_job, columns=per_job), stem, formats)


class MergeMultirun(Callback):
    """Hydra callback: merge the jobs' tables and maps when a multirun ends."""

    def on_multirun_end(self, config, **kwargs) -> None:
        folder = Path(str(config.hydra.sweep.dir))
        formats = ("png", "svg") if (config.get("output") or {}).get("figures", True) else ()
        try:
            written = merge(folder, formats)
        except UserError as error:
            print(f"error: merging the multirun: {error.message()}", file=sys.stderr)
            return
        print(merge_text(folder, written))


def main(argv: list[str]) -> int:
    """``python -m sim.multirun merge DIR``: merge a multirun folder's job results."""
    parser = argparse.ArgumentParser(
        prog="python -m sim.multirun", description="Merge the results of a Hydra multirun."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    merging = commands.add_parser("merge", help="write merged tables and maps into DIR")
    merging.add_argument(
        "folder", type=Path, metavar="DIR", help="a multirun folder, e.g. results/multiruns/<date>_<time>"
    )
    merging.add_argument("--debug", action="store_true", help="show tracebacks")
    args = parser.parse_args(argv)
    print(merge_text(args.folder, merge(args.folder)))
    return 0


def merge_text(folder: Path, written: list[Path]) -> str:
    """``Merged N jobs into DIR: merged (.csv, .parquet), ...``."""
    stems = {}
    for path in written:
        stems.setdefault(path.stem, []).append(path.suffix)
    files = ", ".join(f"{stem} ({', '.join(suffixes)})" for stem, suffixes in stems.items())
    return f"Merged {len(jobs_of(folder, warn=lambda error: None))} jobs into {folder}: {files}"


if __name__ == "__main__":
    sys.exit(run_cli(main))
