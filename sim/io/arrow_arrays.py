"""Arrow arrays over numpy arrays, built from their buffers.

``pyarrow.array`` checks whether its argument is a pandas object and so imports pandas
(about 0.4 s) the first time it is called, in every process; a named sweep's worker would
pay that before its first chunk. Building an array from buffers needs no such check, and
for numbers it is zero-copy: the Arrow array reads the numpy array's memory (and keeps it
alive); :func:`values` is the way back. Arrow's layout [1]_: a validity bitmap (bit ``k``
set when value ``k`` is present, least significant bit first; none when no value is
missing), then the values; booleans are bits too; strings are ``int32`` offsets into
UTF-8 bytes.

References
----------
.. [1] Apache Arrow, "Arrow Columnar Format", sections "Validity bitmaps",
       "Fixed-size primitive layout" and "Variable-size binary layout".
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyarrow as pa

_TYPES = {np.dtype(np.float64): pa.float64(), np.dtype(np.int8): pa.int8()}
_DTYPES = {pa.float64(): np.float64, pa.int8(): np.int8, pa.int32(): np.int32, pa.int64(): np.int64}


def numbers(values: np.ndarray, missing: np.ndarray | None = None) -> pa.Array:
    """``float64`` or ``int8`` values as an Arrow array; ``missing`` (bool, optional) marks
    nulls.

    >>> numbers(np.array([0.5, np.nan]), missing=np.array([False, True])).to_pylist()
    [0.5, None]
    """
    values = np.ascontiguousarray(values).ravel()
    return pa.Array.from_buffers(_TYPES[values.dtype], len(values), [_validity(missing), pa.py_buffer(values)])


def booleans(values: np.ndarray) -> pa.Array:
    """Booleans as an Arrow array (packed to one bit each).

    >>> booleans(np.array([True, False, True])).to_pylist()
    [True, False, True]
    """
    values = np.asarray(values, dtype=bool).ravel()
    return pa.Array.from_buffers(pa.bool_(), len(values), [None, _bits(values)])


def texts(indices: np.ndarray, names: Sequence[str]) -> pa.DictionaryArray:
    """A dictionary-encoded text array: ``names[indices[k]]`` at ``k``. ``indices`` are
    ``int8`` and must lie in ``range(len(names))`` (not checked: the caller makes them so).

    >>> texts(np.array([1, 0, 1], dtype=np.int8), ["concede", "resist"]).to_pylist()
    ['resist', 'concede', 'resist']
    """
    encoded = [name.encode("utf-8") for name in names]
    offsets = np.cumsum([0, *map(len, encoded)], dtype=np.int32)
    dictionary = pa.Array.from_buffers(
        pa.string(), len(encoded), [None, pa.py_buffer(offsets), pa.py_buffer(b"".join(encoded))]
    )
    return pa.DictionaryArray.from_arrays(numbers(indices.astype(np.int8, copy=False)), dictionary, safe=False)


def values(array: pa.Array) -> np.ndarray:
    """A numpy view of an Arrow array of numbers without nulls (the inverse of
    :func:`numbers`; ``Array.to_numpy`` imports pandas).

    >>> values(numbers(np.array([3, 1], dtype=np.int8))[1:])
    array([1], dtype=int8)
    """
    if array.null_count:
        raise ValueError("an Arrow array with nulls has no numpy view")
    dtype = np.dtype(_DTYPES[array.type])
    return np.frombuffer(array.buffers()[1], dtype=dtype, count=len(array), offset=array.offset * dtype.itemsize)


def _validity(missing: np.ndarray | None) -> pa.Buffer | None:
    """The validity bitmap of values whose ``missing`` flags are given (None: none missing)."""
    if missing is None or not missing.any():
        return None
    return _bits(~np.asarray(missing, dtype=bool).ravel())


def _bits(flags: np.ndarray) -> pa.Buffer:
    return pa.py_buffer(np.packbits(flags, bitorder="little"))
