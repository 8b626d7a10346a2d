"""The one strikes reader: a CSV file (or reviewed rows in memory) in, checked columns out.

Every road to a map, an export or a merge reads strikes here.  The file is
split into columns once; each column's *distinct* values are checked once
with the rule :data:`~geomap.records.schema.SCHEMA` gives it (a million rows
repeat a few thousand dates, places and sources), and a bad value is traced
back to the rows that hold it.  Every problem names the file, the row as a
spreadsheet shows it, and the field, and all of them are reported together.

A value wrong in many rows is listed for its first :data:`ROWS_LISTED` rows
and summed up in one more line naming the rest, so 20,000 rows with one typo
read as four lines, not 20,000.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Collection, Hashable, Iterable, Sequence

from ..errors import BadInput, Problem
from .arrowcsv import read_columns
from .coded import ArrowText, count_distinct, distinct, each, pairs, rows_of, same, take
from .csvfile import data_rows, header_problems, plain_header, read_text
from .schema import ALL_STRIKE_COLUMNS, COLUMNS, SCHEMA, STRIKE_COLUMNS, STRIKE_OPTIONAL
from .values import date_problems

#: Rows listed one by one for one bad value; the rest are summed up in one problem.
ROWS_LISTED = 3

#: Where row ``i`` of a table came from: (file, row number as a spreadsheet shows it).
Origin = Callable[[int], tuple[str, int | None]]


@dataclass(frozen=True)
class CellTable:
    """A strikes file split into columns of stripped cells, with each row's number in its file."""

    source: str
    cells: dict[str, Sequence[str]]
    rows: Sequence[int]
    header: tuple[str, ...] = ()  # the file's own columns, in its order

    def __len__(self) -> int:
        return len(self.rows)

    def origin(self, index: int) -> tuple[str, int | None]:
        return self.source, self.rows[index]


def split_columns(source: str, text: str, *, extra: tuple[str, ...] = (), allow_empty: bool = False) -> CellTable:
    """The CSV ``text`` (read from ``source``) as columns of stripped cells, one per schema column.

    Raises :class:`BadInput` for what makes the file unreadable as a whole:
    invalid CSV, a missing, unknown or doubled column, a row with the wrong
    number of cells, or no data rows (unless ``allow_empty``: a file merges
    are appended to may hold only its header).  Blank rows are skipped.
    ``extra`` names further columns a caller reads (a reviewed file's
    ``confidence``).
    """
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [h.strip() for h in next(reader)]
        body = list(reader)
    except csv.Error as exc:
        raise BadInput.one(source, reader.line_num, None, f"is not valid CSV ({exc})") from None
    except StopIteration:
        raise BadInput.one(source, None, None, "is empty; expected a header row and data rows") from None

    problems = header_problems(source, header, STRIKE_COLUMNS, (*STRIKE_COLUMNS, *STRIKE_OPTIONAL, *extra))
    if problems:
        raise BadInput(problems)
    body, numbers = data_rows(source, body, len(header))
    if not body and not allow_empty:
        raise BadInput.one(source, None, None, "has a header but no data rows")
    count = len(body)
    cells: dict[str, Sequence[str]] = {}
    for name, column in zip(header, zip(*body)):
        if any(value != value.strip() for value in set(column)):
            column = tuple(map(str.strip, column))
        cells[name] = column
    for name in (*ALL_STRIKE_COLUMNS, *extra):
        if name not in cells:
            cells[name] = ("",) * count
    return CellTable(source, cells, numbers, tuple(header))


def read_cells(path: Path | str, *, extra: tuple[str, ...] = ()) -> CellTable:
    """The strikes file at ``path`` as columns of cells (see :func:`split_columns`).

    A plain comma-separated UTF-8 file is parsed by pyarrow, and each column
    kept coded or in Arrow, a block at a time (:mod:`geomap.records.arrowcsv`): a
    million strikes take a few hundred megabytes, not the gigabytes of a
    Python string per cell.  Anything pyarrow refuses, and every file with
    a problem of its shape (blank-only cells in the id column, a wrong number
    of cells, a bad header), is read again as text by :func:`split_columns`,
    whose messages name the file, the row and the problem.  pyarrow is the
    more lenient of the two on one point: it reads ``"a"b`` as ``ab``, as
    spreadsheets do, where Python's strict reader refuses the cell.  Files
    under :data:`ARROW_FROM_BYTES` take the text road: there pyarrow's import
    would cost more than it saves.
    """
    table = _arrow_cells(path, extra)
    if table is not None:
        return table
    return split_columns(str(path), read_text(path), extra=extra)


#: Files from this size on are parsed by pyarrow; below it, loading pyarrow costs more than it saves.
ARROW_FROM_BYTES = 1 << 20


def _arrow_cells(path: Path | str, extra: tuple[str, ...]) -> CellTable | None:
    """The file read by pyarrow (:mod:`geomap.records.arrowcsv`), or None when the text road must read it."""
    try:
        if Path(path).stat().st_size < ARROW_FROM_BYTES:
            return None
    except OSError:
        return None  # the text road says why the file cannot be read
    header = plain_header(path)
    if header is None:
        return None
    names = [h.strip() for h in header]
    if header_problems(str(path), names, STRIKE_COLUMNS, (*STRIKE_COLUMNS, *STRIKE_OPTIONAL, *extra)):
        return None
    read = read_columns(path, header)
    if read is None:
        return None
    cells, count = read
    if not count or "" in cells["id"]:
        return None  # no rows, a blank row or an empty id: the text road skips the one and names the others
    for name in (*ALL_STRIKE_COLUMNS, *extra):
        if name not in cells:
            cells[name] = same("", count)
    return CellTable(str(path), cells, range(2, count + 2), tuple(names))


def keep_rows(table: CellTable, keep: Sequence[bool]) -> CellTable:
    """Only the rows where ``keep`` is true (e.g. those a ``--where`` filter keeps)."""
    chosen = [i for i, flag in enumerate(keep) if flag]
    if len(chosen) == len(table):
        return table
    return CellTable(table.source, {name: take(column, chosen) for name, column in table.cells.items()},
                     [table.rows[i] for i in chosen], table.header)


def join(tables: Sequence[CellTable]) -> tuple[dict[str, list[str]], Origin]:
    """Several tables as one set of columns, and where each of its rows came from."""
    cells = {name: [v for t in tables for v in t.cells[name]] for name in ALL_STRIKE_COLUMNS}
    starts = []
    total = 0
    for t in tables:
        starts.append(total)
        total += len(t)

    def origin(index: int) -> tuple[str, int | None]:
        for start, t in zip(reversed(starts), reversed(tables)):
            if index >= start:
                return t.origin(index - start)
        raise IndexError(index)

    return cells, origin


class ProblemList:
    """Problems found column by column, each traced to its rows, listed per value at most ROWS_LISTED times."""

    def __init__(self, origin: Origin) -> None:
        self.origin = origin
        self.found: list[tuple[int, int, Problem]] = []  # (row index, field order, problem)

    def add(self, indexes: Iterable[int], field: str | None, message: str, *, again: str | None = None,
            last: bool = False) -> None:
        """``message`` for each row in ``indexes``; past ROWS_LISTED, one summing-up line.

        A row's problems are listed in schema order, those added ``last``
        (places that do not resolve, found after every value is checked) after them.
        """
        indexes = list(indexes)
        order = len(COLUMNS) if last else list(COLUMNS).index(field) if field in COLUMNS else -1
        for i in indexes[:ROWS_LISTED]:
            source, row = self.origin(i)
            self.found.append((i, order, Problem(source, row, field, message)))
        rest = indexes[ROWS_LISTED:]
        if rest:
            source, row = self.origin(rest[0])
            _, last_row = self.origin(rest[-1])
            what = again or "the same problem"
            self.found.append((rest[0], order, Problem(
                source, row, field,
                f"{what} again, and in {len(rest) - 1:,} more rows after this one (the last is row {last_row}); "
                "the same fix covers them all")))

    def sorted(self) -> list[Problem]:
        return [problem for _, _, problem in sorted(self.found, key=lambda item: (item[0], item[1]))]


def rows_holding(column: Iterable[Hashable], bad: Collection[Hashable]) -> dict[Any, list[int]]:
    """For each value of ``bad`` found in ``column``, the rows that hold it, in order of first row."""
    holding: dict[Any, list[int]] = defaultdict(list)
    if bad:
        for i, value in enumerate(column):
            if value in bad:
                holding[value].append(i)
    return holding


def check_cells(cells: dict[str, Sequence[str]], problems: "ProblemList") -> dict[str, Sequence[Any]]:
    """Every column checked and converted by its schema entry; the table's rules; every problem found.

    Problems go to ``problems``.  The converted columns are returned even
    when there are problems (a bad value is read as its column's empty
    value), so a caller can go on to resolve places and report everything in
    one pass.
    """
    origin = problems.origin
    fields: dict[str, Sequence[Any]] = {}
    count = len(cells["id"])
    for column in SCHEMA:
        written = cells[column.name]
        if isinstance(written, ArrowText) and column.check is column.convert is None and not column.empty:
            # Ids, summaries: nothing to check but emptiness, done in Arrow without a string per row.
            if column.required and "" in written:
                problems.add(rows_of(written, ""), column.name, "is empty", again=f"{column.name!r} empty")
            fields[column.name] = written
            continue
        values_seen = distinct(written)
        if column.required and "" in values_seen:
            problems.add(rows_of(written, ""), column.name, "is empty", again=f"{column.name!r} empty")
        values = written
        if column.empty and "" in values_seen:
            values = each(written, lambda v, empty=column.empty: v or empty)
            values_seen = (values_seen - {""}) | {column.empty}
        wrong: dict[str, str] = {}
        if column.check is not None:
            wrong = {v: message for v in values_seen if v and (message := column.check(v))}
            for value, rows in rows_holding(values, wrong).items():
                problems.add(rows, column.name, wrong[value], again=repr(value))
        if column.convert is not None:
            fallback = column.convert(column.empty)  # what a bad value is read as, so checks go on
            converted = {v: fallback if v in wrong else column.convert(v) for v in values_seen}
            values = each(values, converted.__getitem__)
        fields[column.name] = values

    # A date and its precision, checked as a pair (a month cannot be a 'day').
    date_pairs = pairs(cells["date"], cells["date_precision"])
    precision_of: dict[tuple[str, str], str] = {}
    wrong_pairs: dict[tuple[str, str], tuple[tuple[str, str], ...]] = {}
    for pair in distinct(date_pairs):
        precision_of[pair], found = date_problems(*pair)
        if found:
            wrong_pairs[pair] = found
    for pair, rows in rows_holding(date_pairs, wrong_pairs).items():
        for field, message in wrong_pairs[pair]:
            problems.add(rows, field, message, again=repr(pair[0] if field == "date" else pair[1]))
    fields["date_precision"] = each(date_pairs, precision_of.__getitem__)

    # Ids are unique.
    ids = cells["id"]
    if count_distinct(ids) != count:
        first: dict[str, int] = {}
        for i, value in enumerate(ids):
            if not value:
                continue
            if value in first:
                problems.add([i], "id", f"{value!r} is already the id of row {origin(first[value])[1]}; "
                                        "ids must be unique")
            else:
                first[value] = i

    # An operation's casualties are recorded once, on one of its strikes.
    first_of_operation: dict[str, int] = {}
    scopes = fields["casualty_scope"]
    for i in ([i for i, scope in enumerate(scopes) if scope == "operation"] if "operation" in scopes else ()):
        operation = cells["operation"][i]
        if not operation:
            problems.add([i], "casualty_scope", "is 'operation' but the 'operation' field is empty")
        elif operation in first_of_operation:
            problems.add([i], "casualty_scope",
                         f"operation {operation!r} already has its casualties on row "
                         f"{origin(first_of_operation[operation])[1]}; record them once")
        else:
            first_of_operation[operation] = i
    return fields

