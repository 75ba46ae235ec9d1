"""Parquet files of one schema joined into one by copying their row groups byte for byte.

A Parquet file is ``PAR1``, the column chunks of its row groups, a footer (the
``FileMetaData`` struct of ``parquet.thrift`` in Thrift's compact protocol), the footer's
length (4 bytes, little-endian) and ``PAR1`` again [1]_. A column chunk's pages name no
position in the file; only the footer does. So files written with the same schema and
options join without decoding a value: copy each file's column chunks one after another
and write one footer that lists every row group, each position moved by where its file's
chunks now start. That is :func:`join_parquet`. For files that pyarrow wrote, the result
is byte for byte what pyarrow's ``ParquetWriter`` writes when handed their tables one after
another with the same options (``tests/test_parquet_join.py`` compares them).

The footer is read and written by a small codec of the compact protocol [2]_ that keeps
every field as it was read and changes only the positions. Files whose footers hold
positions it does not move (page indexes, Bloom filters, column chunks in other files,
encryption) are refused with ``ValueError``, as are files whose footers differ in more
than their rows (another schema, other key-value metadata, another writer).

References
----------
.. [1] Apache Parquet, ``src/main/thrift/parquet.thrift`` (format 2.x): ``FileMetaData``,
       ``RowGroup``, ``ColumnChunk``, ``ColumnMetaData``.
.. [2] Apache Thrift, ``doc/specs/thrift-compact-protocol.md``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, BinaryIO

MAGIC = b"PAR1"
#: Compact-protocol types (field types; list elements use the same numbers).
_TRUE, _FALSE, _I8, _I16, _I32, _I64, _DOUBLE, _BINARY, _LIST, _SET, _MAP, _STRUCT, _UUID = range(1, 14)
_FIXED = {_I8: 1, _DOUBLE: 8, _UUID: 16}
#: Field ids of parquet.thrift [1]_ used here.
_FILE_VERSION, _FILE_SCHEMA, _FILE_ROWS, _FILE_ROW_GROUPS, _FILE_ENCRYPTION = 1, 2, 3, 4, 8
_GROUP_COLUMNS, _GROUP_FILE_OFFSET, _GROUP_ORDINAL = 1, 5, 7
_CHUNK_PATH, _CHUNK_FILE_OFFSET, _CHUNK_META = 1, 2, 3
_CHUNK_UNMOVED = {4: "a page index", 6: "a page index", 8: "encryption", 9: "encryption"}
_META_OFFSETS = (9, 10, 11)  # data, index and dictionary page offsets
_META_UNMOVED = {14: "a Bloom filter"}

#: A decoded struct: its fields in the order read, each ``[field id, type, value]``; a
#: value is an int, bool, bytes, a struct, or ``(element type, items)`` for a list or set.
Struct = list
Value = Any


def join_parquet(parts: Iterable[bytes], stream: BinaryIO) -> int:
    """Write the Parquet files ``parts`` (their bytes, in order) as one file to ``stream``.

    Returns the rows written. ``ValueError`` for a part that is no Parquet file, differs
    from the first in more than its rows, or has positions this module does not move.
    """
    stream.write(MAGIC)
    written = len(MAGIC)
    first: Struct | None = None
    groups: list[Struct] = []
    rows = 0
    for part in parts:
        footer, body = _split(part)
        if first is None:
            first = footer
        elif _shared(footer) != _shared(first):
            raise ValueError("Parquet parts of different schemas or file metadata")
        for group in _field(footer, _FILE_ROW_GROUPS)[1]:
            groups.append(_moved(group, written - len(MAGIC), len(groups)))
        rows += _field(footer, _FILE_ROWS)
        stream.write(body)
        written += len(body)
    if first is None:
        raise ValueError("no Parquet parts to join")
    merged = [[fid, kind, value] for fid, kind, value in first]
    _set(merged, _FILE_ROWS, rows)
    _set(merged, _FILE_ROW_GROUPS, (_STRUCT, groups))
    encoded = bytearray()
    _write_struct(encoded, merged)
    stream.write(bytes(encoded) + len(encoded).to_bytes(4, "little") + MAGIC)
    return rows


def _split(part: bytes) -> tuple[Struct, memoryview]:
    """A Parquet file's decoded footer and the bytes of its column chunks."""
    view = memoryview(part)
    size = int.from_bytes(view[-8:-4], "little") if len(view) >= 12 else -1
    if view[:4] != MAGIC or view[-4:] != MAGIC or not 0 < size <= len(view) - 12:
        raise ValueError("not a Parquet file")
    footer, end = _read_struct(view[-8 - size : -8], 0)
    if end != size:
        raise ValueError("a Parquet footer with bytes after its end")
    if _field(footer, _FILE_ENCRYPTION) is not None:
        raise ValueError("an encrypted Parquet file")
    return footer, view[4 : -8 - size]


def _shared(footer: Struct) -> Struct:
    """What every part must have alike: the footer but its row count and row groups (the
    version, schema, key-value metadata such as pyarrow's stored schema, writer, orders)."""
    return [entry for entry in footer if entry[0] not in (_FILE_ROWS, _FILE_ROW_GROUPS)]


def _moved(group: Struct, shift: int, ordinal: int) -> Struct:
    """A row group's footer entry (freshly decoded: changed in place) with every position
    moved by ``shift`` bytes."""
    for chunk in _field(group, _GROUP_COLUMNS)[1]:
        for fid, what in _CHUNK_UNMOVED.items():
            if _field(chunk, fid) is not None:
                raise ValueError(f"a Parquet file with {what}")
        if _field(chunk, _CHUNK_PATH) is not None:
            raise ValueError("a Parquet file whose column chunks are in other files")
        if _field(chunk, _CHUNK_FILE_OFFSET):  # 0: not given (deprecated; writers set 0)
            _add(chunk, _CHUNK_FILE_OFFSET, shift)
        meta = _field(chunk, _CHUNK_META)
        for fid, what in _META_UNMOVED.items():
            if _field(meta, fid) is not None:
                raise ValueError(f"a Parquet file with {what}")
        for fid in _META_OFFSETS:
            _add(meta, fid, shift)
    _add(group, _GROUP_FILE_OFFSET, shift)
    if _field(group, _GROUP_ORDINAL) is not None:
        if ordinal >= 2**15:
            raise ValueError("more row groups than a Parquet ordinal (i16) counts")
        _set(group, _GROUP_ORDINAL, ordinal)
    return group


def _field(fields: Struct, fid: int) -> Value:
    """The value of field ``fid`` of a struct, or None when absent."""
    for found, _, value in fields:
        if found == fid:
            return value
    return None


def _set(fields: Struct, fid: int, value: Value) -> None:
    for entry in fields:
        if entry[0] == fid:
            entry[2] = value
            return
    raise ValueError(f"a Parquet footer without field {fid}")


def _add(fields: Struct, fid: int, shift: int) -> None:
    """Move a position field by ``shift``, when the field is present."""
    value = _field(fields, fid)
    if value is not None:
        _set(fields, fid, value + shift)


# --- the compact protocol [2]_ ------------------------------------------------------------


def _read_varint(buffer: memoryview, at: int) -> tuple[int, int]:
    """ULEB128: 7 bits a byte, least significant first."""
    value = shift = 0
    while True:
        byte = buffer[at]
        at += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, at
        shift += 7


def _write_varint(out: bytearray, value: int) -> None:
    while value >= 0x80:
        out.append(value & 0x7F | 0x80)
        value >>= 7
    out.append(value)


def _read_struct(buffer: memoryview, at: int) -> tuple[Struct, int]:
    """Fields until the stop byte: a header ``ddddtttt`` (``dddd`` the id's delta, or 0 and
    the id as a zigzag varint), then the value (none for booleans: ``tttt`` is 1 or 2)."""
    fields: Struct = []
    last = 0
    while True:
        header = buffer[at]
        at += 1
        if header == 0:
            return fields, at
        kind, delta = header & 0x0F, header >> 4
        if delta:
            fid = last + delta
        else:
            zigzag, at = _read_varint(buffer, at)
            fid = zigzag >> 1 ^ -(zigzag & 1)
        if kind in (_TRUE, _FALSE):
            value = kind == _TRUE
        else:
            value, at = _read_value(buffer, at, kind)
        fields.append([fid, kind, value])
        last = fid


def _read_value(buffer: memoryview, at: int, kind: int) -> tuple[Value, int]:
    """A value of ``kind`` outside a struct's field header (a boolean element: one byte,
    kept as read, since writers use both 1 and 2 for the type and 1 for true)."""
    if kind in (_TRUE, _FALSE):
        return buffer[at], at + 1
    if kind in (_I16, _I32, _I64):
        zigzag, at = _read_varint(buffer, at)
        return zigzag >> 1 ^ -(zigzag & 1), at
    if kind in _FIXED:
        return bytes(buffer[at : at + _FIXED[kind]]), at + _FIXED[kind]
    if kind == _BINARY:
        size, at = _read_varint(buffer, at)
        return bytes(buffer[at : at + size]), at + size
    if kind in (_LIST, _SET):
        header = buffer[at]
        at += 1
        size, element = header >> 4, header & 0x0F
        if size == 15:
            size, at = _read_varint(buffer, at)
        items = []
        for _ in range(size):
            item, at = _read_value(buffer, at, element)
            items.append(item)
        return (element, items), at
    if kind == _MAP:
        size, at = _read_varint(buffer, at)
        types = buffer[at] if size else 0
        at += 1 if size else 0
        pairs = []
        for _ in range(size):
            key, at = _read_value(buffer, at, types >> 4)
            item, at = _read_value(buffer, at, types & 0x0F)
            pairs.append((key, item))
        return (types, pairs), at
    if kind == _STRUCT:
        return _read_struct(buffer, at)
    raise ValueError(f"a Parquet footer with an unknown Thrift type {kind}")


def _write_struct(out: bytearray, fields: Struct) -> None:
    """The inverse of :func:`_read_struct`: the short header whenever the delta is 1..15."""
    last = 0
    for fid, kind, value in fields:
        if kind in (_TRUE, _FALSE):
            kind = _TRUE if value else _FALSE
        if 0 < fid - last <= 15:
            out.append((fid - last) << 4 | kind)
        else:
            out.append(kind)
            _write_varint(out, (fid << 1) ^ (fid >> 15))
        if kind not in (_TRUE, _FALSE):
            _write_value(out, kind, value)
        last = fid
    out.append(0)


def _write_value(out: bytearray, kind: int, value: Value) -> None:
    if kind in (_TRUE, _FALSE):
        out.append(value)
    elif kind in (_I16, _I32, _I64):
        _write_varint(out, (value << 1) ^ (value >> 63))
    elif kind in _FIXED:
        out += value
    elif kind == _BINARY:
        _write_varint(out, len(value))
        out += value
    elif kind in (_LIST, _SET):
        element, items = value
        if len(items) < 15:
            out.append(len(items) << 4 | element)
        else:
            out.append(0xF0 | element)
            _write_varint(out, len(items))
        for item in items:
            _write_value(out, element, item)
    elif kind == _MAP:
        types, pairs = value
        _write_varint(out, len(pairs))
        if pairs:
            out.append(types)
        for key, item in pairs:
            _write_value(out, types >> 4, key)
            _write_value(out, types & 0x0F, item)
    elif kind == _STRUCT:
        _write_struct(out, value)
    else:
        raise ValueError(f"an unknown Thrift type {kind}")
