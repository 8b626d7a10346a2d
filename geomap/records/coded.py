"""A column kept as its distinct values and each row's number among them.

An ACLED export of a million events repeats a few thousand dates, places,
actors and source lists.  pandas finds the distinct values and the numbers in
one pass over the file's column (``pandas.factorize``); keeping them as they
come spares making a million Python strings, and lets the page send the
column dictionary-encoded without looking at every row again
(:func:`geomap.output.page.encode_table`).  To every reader it is an ordinary
sequence of values.
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
        """The column with ``function`` applied once per distinct value."""
        return Coded([function(value) for value in self.values], self.codes)


def coded(series: Any) -> Coded:
    """A pandas column as a :class:`Coded` one (distinct values in order of first appearance).

    The numbers are kept as a compact ``array('i')``: 4 bytes a row, not a Python int each.
    """
    import pandas as pd

    codes, uniques = pd.factorize(series, sort=False)
    return Coded(list(uniques), array("i", codes.astype("int32").tobytes()))


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

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self.array))
            if step == 1:  # converts only the slice (the page samples a column's first values)
                return self.array.slice(start, max(stop - start, 0)).to_pylist()
            return [self.array[i].as_py() for i in range(start, stop, step)]
        return self.array[index].as_py()


def arrow_text(series: Any) -> Sequence:
    """A pandas text column as :class:`ArrowText` when pyarrow holds it, else as a list."""
    try:
        import pyarrow as pa

        array = pa.array(series)
    except (ImportError, TypeError, ValueError):
        return series.tolist()
    return ArrowText(array)
