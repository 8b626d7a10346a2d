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

from .coded import ArrowText, Coded, array_of_codes, number_array, string_array

#: Bytes pyarrow parses at a time; a block's columns are coded before the next is read.
BLOCK_BYTES = 4 << 20


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


#: Rows gathered before their cells are numbered together (each round numbers its distinct cells once).
ROUND_ROWS = 1 << 17


class ColumnBuilder:
    """One column, block by block: coded when its values repeat, else Arrow text.

    Blocks are gathered into rounds of :data:`ROUND_ROWS`; each round's
    distinct cells are found in Arrow and numbered once.  The first round
    decides: a column whose cells are mostly distinct (ids, notes) turns to
    Arrow text.  Distinct values are numbered in order of first use, as
    :class:`~geomap.records.coded.Coded` promises.
    """

    def __init__(self) -> None:
        self.number: dict[str, int] = {}  # each stripped value's number
        self.codes = array("i")
        self.pending: list[Any] = []
        self.pending_rows = 0
        self.chunks: list[Any] | None = None
        self.seen: list[str] = []  # every cell as written so far, once, and its number
        self.seen_codes: list[int] = []
        self.seen_arrow: tuple[Any, Any] | None = None

    def add(self, column: Any) -> None:
        if self.chunks is not None:
            self._add_text(column)
            return
        self.pending.append(column)
        self.pending_rows += len(column)
        if self.pending_rows >= ROUND_ROWS:
            self._number_pending()

    def _add_text(self, column: Any) -> None:
        if _padded(column):
            column = string_array([value.strip() for value in column.to_pylist()])
        self.chunks.append(column)

    def _number_pending(self) -> None:
        import pyarrow as pa
        import pyarrow.compute as pc

        chunked = pa.chunked_array(self.pending, pa.string())
        pending, self.pending, self.pending_rows = self.pending, [], 0
        if not chunked.num_chunks:
            return
        encoded = chunked.dictionary_encode()
        dictionary = encoded.chunks[0].dictionary  # one dictionary for all of the round's chunks
        if not self.codes and 2 * len(dictionary) > len(chunked):
            # Mostly distinct (ids, notes): kept as Arrow text from the first round on.
            self.chunks = []
            for column in pending:
                self._add_text(column)
            return
        numbers = self._numbers(dictionary)
        for chunk in encoded.chunks:
            self.codes.extend(array_of_codes(pc.take(numbers, chunk.indices)))

    def _numbers(self, written: Any) -> Any:
        """The number of each of a block's distinct cells (an Arrow array).

        Cells seen in earlier blocks are looked up in Arrow; only new ones
        are stripped, in Python, and cells equal once stripped share a number.
        """
        import pyarrow.compute as pc

        if self.seen_arrow is not None:
            known = pc.index_in(written, value_set=self.seen_arrow[0])
            if not known.null_count:
                return pc.take(self.seen_arrow[1], known)
            new = written.filter(pc.is_null(known)).to_pylist()
        else:
            new = written.to_pylist()
        for value in new:
            self.seen.append(value)
            self.seen_codes.append(self.number.setdefault(value.strip(), len(self.number)))
        self.seen_arrow = (string_array(self.seen), number_array(self.seen_codes))
        return pc.take(self.seen_arrow[1], pc.index_in(written, value_set=self.seen_arrow[0]))

    def finish(self) -> Sequence[str]:
        if self.pending:
            self._number_pending()
        if self.chunks is not None:
            import pyarrow as pa

            return ArrowText(pa.chunked_array(self.chunks, pa.string()))
        return Coded(list(self.number), self.codes)
