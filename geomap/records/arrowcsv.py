"""pyarrow's CSV parser, a block at a time, each column coded or kept in Arrow.

Shared by the strikes reader (:mod:`geomap.records.table`) and the ACLED
reader (:mod:`geomap.records.acled`).  A million rows of twenty columns as
Python strings would be twenty million objects and gigabytes; read here,
a column whose values repeat (dates, places, actors, sources) becomes its
distinct values and a 4-byte number per row
(:class:`~geomap.records.coded.Coded`), and one whose values are all
different (ids, notes) stays in Arrow's memory
(:class:`~geomap.records.coded.ArrowText`).  Cells are stripped as
``str.strip`` strips them.
"""

from __future__ import annotations

from array import array
from pathlib import Path
from typing import Any, Collection, Sequence

from .coded import ArrowText, Coded, array_of_codes

#: Bytes pyarrow parses at a time; a block's columns are coded before the next is read.
BLOCK_BYTES = 8 << 20


def read_columns(path: Path | str, header: list[str],
                 wanted: Collection[str] | None = None) -> tuple[dict[str, Sequence[str]], int] | None:
    """The file's columns (those of ``header`` whose stripped name is in ``wanted``), and its row count.

    ``header`` is the file's header as written (see
    :func:`~geomap.records.csvfile.plain_header`).  None when pyarrow is
    missing or cannot parse the file (a row of another width, an
    unterminated quote, bytes that are not UTF-8): the caller's text road
    then reads it and names the problem.  Blank lines are kept as rows of
    empty cells, so every row keeps its number in the file.
    """
    try:
        import pyarrow as pa
        import pyarrow.csv as pacsv
    except ImportError:
        return None
    chosen = [raw for raw in header if wanted is None or raw.strip() in wanted]
    builders = {raw: ColumnBuilder() for raw in chosen}
    try:
        reader = pacsv.open_csv(
            path,
            read_options=pacsv.ReadOptions(block_size=BLOCK_BYTES),
            parse_options=pacsv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(column_types={raw: pa.string() for raw in header},
                                                 include_columns=chosen, strings_can_be_null=False,
                                                 quoted_strings_can_be_null=False))
        count = 0
        for batch in reader:
            for raw in chosen:
                builders[raw].add(batch.column(raw))
            count += batch.num_rows
            del batch
    except (pa.ArrowInvalid, OSError):
        return None
    return {raw.strip(): builder.finish() for raw, builder in builders.items()}, count


def _padded(column: Any) -> bool:
    """Whether any cell starts or ends with a space, by ``str.strip``'s idea of one.

    Looks only at each cell's first and last character, and at those once per
    distinct character (Arrow's own trim knows fewer spaces than Python).
    """
    import pyarrow.compute as pc

    ends = set(pc.unique(pc.utf8_slice_codeunits(column, 0, 1)).to_pylist())
    ends |= set(pc.unique(pc.utf8_slice_codeunits(column, -1, 2**31 - 1)).to_pylist())
    return any(end.isspace() for end in ends)


class ColumnBuilder:
    """One column, block by block: coded when its values repeat, else Arrow text.

    The first block decides (ids and notes are distinct from the start).
    Distinct values are numbered in order of first use across blocks, as
    :class:`~geomap.records.coded.Coded` promises.
    """

    def __init__(self) -> None:
        self.number: dict[str, int] = {}
        self.codes = array("i")
        self.chunks: list[Any] | None = None

    def add(self, column: Any) -> None:
        import pyarrow as pa
        import pyarrow.compute as pc

        if self.chunks is None:
            encoded = column.dictionary_encode()
            if self.codes or 2 * len(encoded.dictionary) <= len(column):
                # Coded: each distinct cell is stripped once, and cells equal once stripped share a number.
                new_code = [self.number.setdefault(value.strip(), len(self.number))
                            for value in encoded.dictionary.to_pylist()]
                self.codes.extend(array_of_codes(pc.take(pa.array(new_code, pa.int32()), encoded.indices)))
                return
            self.chunks = []
        if _padded(column):
            column = pa.array([value.strip() for value in column.to_pylist()], pa.string())
        self.chunks.append(column)

    def finish(self) -> Sequence[str]:
        if self.chunks is not None:
            import pyarrow as pa

            return ArrowText(pa.chunked_array(self.chunks, pa.string()))
        return Coded(list(self.number), self.codes)
