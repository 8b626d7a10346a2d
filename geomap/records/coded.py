"""A column kept as its distinct values and each row's number among them.

An ACLED export of a million events repeats a few thousand dates, places,
actors and source lists.  pyarrow finds the distinct values and the numbers
as the file is read (:mod:`geomap.records.arrowcsv`); keeping them as they
come spares making a million Python strings, lets every check run once per
distinct value, and lets the page send the column dictionary-encoded without
looking at every row again (:func:`geomap.output.page.encode_table`).  To
every reader it is an ordinary sequence of values.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from typing import Any, Callable, Iterator


class Coded(Sequence):
    """``values[codes[i]]`` is row ``i``'s value; every value is used by some row, in order of first use."""

    __slots__ = ("values", "codes")

    def __init__(self, values: list[Any], codes: Sequence[int]) -> None:
        self.values = values
        self.codes = codes

    def __len__(self) -> int:
        return len(self.codes)

    def __iter__(self) -> Iterator[Any]:
        return map(self.values.__getitem__, self.codes)

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return [self.values[code] for code in self.codes[index]]
        return self.values[self.codes[index]]

    def __contains__(self, value: object) -> bool:
        return value in self.values

    def map(self, function: Callable[[Any], Any]) -> "Coded":
        """The column with ``function`` applied once per distinct value.

        Values that ``function`` makes equal become one ("" and "town" both
        read as "town"), so the values stay distinct: the page sends them as
        the column's dictionary, and a dictionary with one entry twice would
        make different bytes than the same column read as a list.
        """
        mapped = [function(value) for value in self.values]
        number: dict[Any, int] = {}
        try:
            for value in mapped:
                number.setdefault(value, len(number))
        except TypeError:  # unhashable values cannot be told equal; keep them as they are
            return Coded(mapped, self.codes)
        if len(number) == len(mapped):
            return Coded(mapped, self.codes)
        return Coded(list(number), _recoded(self.codes, [number[value] for value in mapped]))

    def take(self, indexes: Sequence[int]) -> "Coded":
        """Only the rows at ``indexes``, with only the values they use."""
        import numpy as np

        taken = np.asarray(self.codes, dtype=np.int32)[np.asarray(indexes, dtype=np.int64)]
        return from_codes(self.values, taken)


def _recoded(codes: Sequence[int], new_code: list[int]) -> array:
    """``new_code[c]`` for every code ``c`` of ``codes``, as a compact array."""
    import numpy as np

    table = np.asarray(new_code, dtype=np.int32)
    return array("i", table[np.asarray(codes, dtype=np.int32)].tobytes())


def from_codes(values: Sequence[Any], codes: Any) -> Coded:
    """A column of ``values[codes[i]]`` keeping only the values its rows use, in order of first use."""
    order, used = _factorize(codes)
    return Coded([values[int(code)] for code in used], order)


def _factorize(keys: Any) -> tuple[array, list[int]]:
    """Each key's number among the distinct keys, and those keys in order of first appearance.

    pyarrow's dictionary encoding does it in one hashed pass (and, unlike
    pandas, it is already imported whenever a column is coded).
    """
    encoded = number_array(keys, "int64").dictionary_encode()
    return array_of_codes(encoded.indices), encoded.dictionary.to_pylist()


def each(column: Sequence[Any], function: Callable[[Any], Any]) -> Sequence[Any]:
    """``function`` of every value of ``column``: once per distinct value for a coded column."""
    return column.map(function) if isinstance(column, Coded) else [function(value) for value in column]


def distinct(column: Sequence[Any]) -> set[Any]:
    """The column's distinct values (a coded column knows them without a pass over its rows)."""
    if isinstance(column, Coded):
        return set(column.values)
    if isinstance(column, ArrowText):
        import pyarrow.compute as pc

        return set(pc.unique(column.array).to_pylist())
    return set(column)


def distinct_in_order(column: Sequence[Any]) -> list[Any]:
    """The column's distinct values in order of first appearance."""
    return list(column.values) if isinstance(column, Coded) else list(dict.fromkeys(column))


def count_distinct(column: Sequence[Any]) -> int:
    """How many distinct values the column holds, counted in Arrow or on the codes where it can be."""
    if isinstance(column, ArrowText):
        return column.count_distinct()
    if isinstance(column, Coded):
        return len(column.values)
    return len(set(column))


def take(column: Sequence[Any], indexes: list[int]) -> Sequence[Any]:
    """Only the rows at ``indexes``, kept coded or in Arrow where the column is."""
    if isinstance(column, (Coded, ArrowText)):
        return column.take(indexes)
    return [column[i] for i in indexes]


def rows_of(column: Sequence[Any], value: Any) -> list[int]:
    """The rows of ``column`` that hold ``value``, found on the codes or in Arrow where it can be."""
    if isinstance(column, ArrowText):
        return column.rows_of(value)
    if isinstance(column, Coded):
        import numpy as np

        if value not in column.values:
            return []
        code = column.values.index(value)
        return np.flatnonzero(np.asarray(column.codes, dtype=np.int32) == code).tolist()
    return [i for i, held in enumerate(column) if held == value]


def pairs(a: Sequence[Any], b: Sequence[Any]) -> Sequence[tuple[Any, Any]]:
    """The column of pairs ``(a[i], b[i])``; for two coded columns, coded itself, made from their numbers."""
    if not (isinstance(a, Coded) and isinstance(b, Coded)):
        return list(zip(a, b))
    import numpy as np

    width = max(len(b.values), 1)
    keys = np.asarray(a.codes, dtype=np.int64) * width + np.asarray(b.codes, dtype=np.int64)
    order, used = _factorize(keys)
    return Coded([(a.values[key // width], b.values[key % width]) for key in used], order)


def tuples(*columns: Coded) -> Coded:
    """The column of tuples ``(c[i] for c in columns)``, coded, made pair by pair from the columns' numbers."""
    result = columns[0].map(lambda value: (value,))
    for column in columns[1:]:
        result = pairs(result, column).map(lambda pair: (*pair[0], pair[1]))
    return result


def coded_values(values: Sequence[Any]) -> Coded:
    """A list of values as a :class:`Coded` column (the text road's cells, coded like pyarrow's)."""
    number: dict[Any, int] = {}
    codes = array("i", [number.setdefault(value, len(number)) for value in values])
    return Coded(list(number), codes)


def same(value: Any, count: int) -> Coded:
    """A column of ``count`` rows that all hold ``value`` (no values at all when there are no rows)."""
    return Coded([value] if count else [], array("i", bytes(4 * count)))


class ArrowText(Sequence):
    """A text column left in pyarrow's memory; Python strings are made a block at a time as it is read.

    An ACLED export's notes are a sentence per event: a million of them are
    230 MB in Arrow and 320 MB more as Python strings.  An export streams
    through them a block at a time and never holds them all as strings.
    """

    __slots__ = ("array",)
    BLOCK = 65_536

    def __init__(self, array: Any) -> None:
        self.array = array

    def __len__(self) -> int:
        return len(self.array)

    def __iter__(self) -> Iterator[Any]:
        for start in range(0, len(self.array), self.BLOCK):
            yield from self.array.slice(start, self.BLOCK).to_pylist()

    def __contains__(self, value: object) -> bool:
        import pyarrow.compute as pc

        return isinstance(value, str) and bool(pc.any(pc.equal(self.array, string_array([value])[0])).as_py())

    def rows_of(self, value: str) -> list[int]:
        """The rows that hold ``value``, found without making a Python string per row."""
        import pyarrow.compute as pc

        return pc.indices_nonzero(pc.equal(self.array, string_array([value])[0])).to_pylist()

    def count_distinct(self) -> int:
        import pyarrow.compute as pc

        return pc.count_distinct(self.array).as_py()

    def take(self, indexes: Sequence[int]) -> "ArrowText":
        """Only the rows at ``indexes``."""
        return ArrowText(self.array.take(number_array(indexes, "int64")))

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self.array))
            if step == 1:  # converts only the slice (the page samples a column's first values)
                return self.array.slice(start, max(stop - start, 0)).to_pylist()
            return [self.array[i].as_py() for i in range(start, stop, step)]
        return self.array[index].as_py()


def array_of_codes(indices: Any) -> array:
    """A pyarrow integer array as a compact ``array('i')``."""
    import numpy as np

    if hasattr(indices, "combine_chunks"):
        indices = indices.combine_chunks()
    if indices.null_count:
        raise ValueError("codes cannot be missing")
    # Read from the array's buffer (to_numpy would ask for pandas; see number_array below).
    values = np.frombuffer(indices.buffers()[1], dtype=f"int{indices.type.bit_width}")
    return array("i", values[indices.offset:indices.offset + len(indices)].astype("int32").tobytes())


# pyarrow's own ``pa.array`` asks for pandas on its first call, to see whether it was handed a
# pandas object: 0.3 s of importing, a sixth of building a 10,000-event map.  geomap hands it only
# numbers and strings, so it builds those arrays from their buffers, which asks nothing.

def number_array(values: Any, kind: str = "int32") -> Any:
    """A pyarrow integer array (``int32`` or ``int64``) of ``values`` (a sequence or numpy array)."""
    import numpy as np
    import pyarrow as pa

    data = np.ascontiguousarray(values, dtype=kind)
    return pa.Array.from_buffers(getattr(pa, kind)(), len(data), [None, pa.py_buffer(data)])


def string_array(values: Sequence[str]) -> Any:
    """A pyarrow string array of ``values``."""
    import numpy as np
    import pyarrow as pa

    encoded = [value.encode("utf-8") for value in values]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
    offsets[1:] = np.cumsum([len(item) for item in encoded])
    if offsets[-1] >= 1 << 31:  # callers hand it a block's cells or a column's distinct values
        raise ValueError("2 GB or more of text do not fit one string array")
    return pa.Array.from_buffers(pa.string(), len(encoded),
                                 [None, pa.py_buffer(offsets.astype(np.int32)), pa.py_buffer(b"".join(encoded))])
