"""Parquet files joined by copying row groups: the very bytes pyarrow's own writer gives for
the same tables one after another, and refusals of what the join cannot move."""

from __future__ import annotations

import io
from datetime import datetime

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from sim.io import parquet_join
from sim.io.parquet_join import join_parquet


def _table(seed: int, rows: int) -> pa.Table:
    """Columns of many kinds, with nulls, repeated strings, a nested list and timestamps."""
    rng = np.random.default_rng(seed)
    values = rng.standard_normal(rows)
    return pa.table(
        {
            "name": pa.array(rng.choice(["ishiba", "takaichi", "trump_2025"], rows)),
            "words": pa.array([None if k % 7 == 0 else f"row {k} of {seed}" for k in range(rows)], pa.string()),
            "value": pa.array(values, mask=values > 1.5),
            "count": pa.array(rng.integers(-5, 5, rows), type=pa.int16()),
            "flag": pa.array(rng.random(rows) < 0.3),
            "when": pa.array([datetime(2025, 1 + k % 12, 1) for k in range(rows)], type=pa.timestamp("ms")),
            "levels": pa.array([[k, k + 1][: k % 3] for k in range(rows)], type=pa.list_(pa.int32())),
        }
    )


def _bytes(table: pa.Table, **options) -> bytes:
    sink = io.BytesIO()
    pq.write_table(table, sink, **options)
    return sink.getvalue()


def _joined(parts: list[bytes]) -> tuple[bytes, int]:
    sink = io.BytesIO()
    rows = join_parquet(parts, sink)
    return sink.getvalue(), rows


def _written_by_pyarrow(tables: list[pa.Table], **options) -> bytes:
    """What pyarrow's ParquetWriter writes for ``tables`` one after another."""
    sink = io.BytesIO()
    with pq.ParquetWriter(sink, tables[0].schema, **options) as writer:
        for table in tables:
            writer.write_table(table)
    return sink.getvalue()


OPTIONS = [
    {"compression": "zstd"},
    {"compression": "snappy", "use_dictionary": ["name"], "store_schema": False},
    {"compression": "none", "write_statistics": False, "data_page_size": 512},
]


@pytest.mark.parametrize("options", OPTIONS)
def test_joined_bytes_are_what_pyarrow_writes_for_the_tables_in_turn(options):
    tables = [_table(seed, rows) for seed, rows in ((1, 300), (2, 1), (3, 2500))]
    parts = [_bytes(table, **options) for table in tables]
    joined, rows = _joined(parts)
    assert rows == 2801
    assert joined == _written_by_pyarrow(tables, **options)
    assert pq.read_table(pa.BufferReader(joined)).equals(pa.concat_tables(tables))


def test_parts_of_several_row_groups_keep_them():
    tables = [_table(seed, 1000) for seed in range(3)]
    parts = [_bytes(table, row_group_size=300) for table in tables]
    joined, _ = _joined(parts)
    metadata = pq.read_metadata(pa.BufferReader(joined))
    assert metadata.num_row_groups == 12 and metadata.num_rows == 3000
    assert [metadata.row_group(k).num_rows for k in range(4)] == [300, 300, 300, 100]
    assert pq.read_table(pa.BufferReader(joined)).equals(pa.concat_tables(tables))


def test_footers_read_and_written_back_are_the_same_bytes():
    for options in OPTIONS:
        data = _bytes(_table(5, 50), **options)
        size = int.from_bytes(data[-8:-4], "little")
        footer = memoryview(data)[-8 - size : -8]
        fields, end = parquet_join._read_struct(footer, 0)
        out = bytearray()
        parquet_join._write_struct(out, fields)
        assert end == size and bytes(out) == bytes(footer)


def test_compact_protocol_values_round_trip():
    """Every type of the compact protocol, long field-id headers and long lists included."""
    struct = [
        [1, parquet_join._TRUE, True],
        [2, parquet_join._FALSE, False],
        [3, parquet_join._I8, b"\x07"],
        [40, parquet_join._I16, -300],
        [41, parquet_join._I32, 2**31 - 1],
        [42, parquet_join._I64, -(2**62)],
        [43, parquet_join._DOUBLE, np.float64(0.1).tobytes()],
        [44, parquet_join._BINARY, "外圧".encode()],
        [45, parquet_join._LIST, (parquet_join._I32, list(range(-20, 20)))],
        [46, parquet_join._SET, (parquet_join._TRUE, [1, 2, 1])],
        [47, parquet_join._MAP, (parquet_join._BINARY << 4 | parquet_join._I64, [(b"a", 1), (b"b", -2)])],
        [48, parquet_join._MAP, (0, [])],
        [49, parquet_join._STRUCT, [[1, parquet_join._UUID, bytes(range(16))]]],
        [20, parquet_join._I32, 5],  # a smaller id after a larger one: the long header
    ]
    out = bytearray()
    parquet_join._write_struct(out, struct)
    back, end = parquet_join._read_struct(memoryview(bytes(out)), 0)
    assert end == len(out) and back == struct
    again = bytearray()
    parquet_join._write_struct(again, back)
    assert again == out


def test_the_first_field_of_a_footer_is_read_as_the_spec_says():
    """Field 1, an i32 of value 2: header 0x15 (delta 1, type 5), then zigzag varint 4."""
    assert parquet_join._read_struct(memoryview(b"\x15\x04\x00"), 0) == ([[1, 5, 2]], 3)
    out = bytearray()
    parquet_join._write_varint(out, 50399)
    assert bytes(out) == b"\xdf\x89\x03"  # the spec's varint example


@pytest.mark.parametrize(
    "options, message",
    [
        ({"write_page_index": True}, "a page index"),
        ({"bloom_filter_options": {"name": {"ndv": 10}}}, "a Bloom filter"),
    ],
)
def test_positions_it_cannot_move_are_refused(options, message):
    parts = [_bytes(_table(seed, 40), **options) for seed in (1, 2)]
    with pytest.raises(ValueError, match=message):
        _joined(parts)


def test_other_schemas_and_other_bytes_are_refused():
    first = _bytes(_table(1, 10))
    with pytest.raises(ValueError, match="different schemas or file metadata"):
        _joined([first, _bytes(_table(2, 10).drop_columns(["flag"]))])
    with pytest.raises(ValueError, match="different schemas or file metadata"):  # the same columns,
        _joined([first, _bytes(_table(2, 10), store_schema=False)])  # without pyarrow's stored schema
    for bad in (b"", b"PAR1PAR1", first[:-1], b"PAR2" + first[4:], first[:20] + first[-8:]):
        with pytest.raises(ValueError):
            _joined([first, bad])
    with pytest.raises(ValueError, match="no Parquet parts"):
        _joined([])
