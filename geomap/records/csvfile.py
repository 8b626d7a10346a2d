"""Read a hand-edited CSV file into rows, or say exactly what is wrong with it.

Shared by every loader (strikes, gazetteer) so that an empty file, a file that
is not UTF-8 or a spreadsheet saved with semicolons gets the same clear message
whichever file it is.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from ..errors import BadInput, Problem


@dataclass(frozen=True)
class CsvRow:
    """One data row: its number as a spreadsheet shows it, and its cells by column."""

    number: int
    cells: dict[str, str]


def read_bytes(path: Path | str) -> bytes:
    """The file's bytes, or :class:`BadInput` naming it when it is missing or unreadable."""
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise BadInput.one(str(path), None, None, "file not found") from None
    except OSError as exc:
        raise BadInput.one(str(path), None, None, f"cannot be read ({exc.strerror or exc})") from None


def header_problems(source: str, header: list[str], required: tuple[str, ...],
                    known: tuple[str, ...]) -> list[Problem]:
    """A missing, unknown or doubled column of ``header``, each a problem of row 1.

    An unknown column is refused rather than ignored: a typo in a column name
    would otherwise silently drop a whole column of data.
    """
    problems: list[Problem] = []
    missing = [c for c in required if c not in header]
    if missing:
        problems.append(Problem(source, 1, None, "missing column(s): " + ", ".join(missing)))
    unknown = [c for c in header if c not in known]
    if unknown:
        problems.append(Problem(source, 1, None, "unknown column(s): " + ", ".join(map(repr, unknown))
                                + "; expected only: " + ", ".join(known)))
    doubled = sorted({c for c in header if header.count(c) > 1})
    if doubled:
        problems.append(Problem(source, 1, None, "duplicate column(s): " + ", ".join(doubled)))
    return problems


def data_rows(source: str, body: list[list[str]], width: int, *,
              listed: int | None = None) -> tuple[list[list[str]], Sequence[int]]:
    """The rows of ``body`` that hold data, and each one's number as a spreadsheet shows it.

    Blank rows (cells empty or only spaces) are skipped: spreadsheets leave
    them.  A row with another number of cells than the header is
    :class:`BadInput`, each named by its row; past ``listed`` of them, one
    more line says how many more there are.  A million clean rows are taken
    as they are, after a look at each row's first cell.
    """
    numbers: Sequence[int] = range(2, len(body) + 2)
    if not any(len(values) != width or not values or not values[0].strip() for values in body):
        return body, numbers
    kept, kept_numbers, problems = [], [], []
    for number, values in zip(numbers, body):
        if not any(v.strip() for v in values):
            continue
        if len(values) != width:
            problems.append(Problem(source, number, None, f"has {len(values)} cells, the header has {width}; "
                                    "is a comma inside a cell missing its quotes?"))
            continue
        kept.append(values)
        kept_numbers.append(number)
    if problems:
        if listed is not None and len(problems) > listed:
            problems = problems[:listed] + [Problem(source, None, None,
                                                    f"and {len(problems) - listed:,} more rows like them")]
        raise BadInput(problems)
    return kept, kept_numbers


def plain_header(path: Path | str) -> list[str] | None:
    """The header's cells when the file starts with a comma-separated header (after a byte-order
    mark) and holds no NUL byte; else None.

    A file this says yes to can go to pyarrow's parser; any other is read
    through :func:`read_text`, whose messages say what is wrong with it.  Read
    a megabyte at a time, so a 500 MB file is never held whole just to be
    looked at.
    """
    try:
        with open(path, "rb") as handle:
            head = handle.read(1 << 20)
            if head.startswith(b"\xef\xbb\xbf"):
                head = head[3:]
            first_line = head.split(b"\n", 1)[0]
            if not first_line.strip() or first_line[:1].isspace() or (b"," not in first_line and b";" in first_line):
                return None
            chunk = head
            while chunk:
                if b"\x00" in chunk:
                    return None
                chunk = handle.read(1 << 20)
            header = next(csv.reader([first_line.rstrip(b"\r").decode("utf-8")]))
    except (OSError, UnicodeDecodeError, csv.Error, StopIteration):
        return None
    return header


def read_text(path: Path | str) -> str:
    """The file's text, or :class:`BadInput` saying why it is not a usable CSV text file.

    Checks what every loader needs: the file exists, is UTF-8 (a byte-order
    mark is accepted), holds no NUL bytes, is not empty, and is not separated
    by semicolons.
    """
    name = str(path)
    raw = read_bytes(path)
    try:
        # utf-8-sig accepts the byte-order mark spreadsheet programs write.
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise BadInput.one(
            name, line, None,
            f"is not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
            "save it as 'CSV UTF-8'",
        ) from None
    if "\x00" in text:
        raise BadInput.one(name, None, None, "holds NUL bytes; is it a CSV text file?")
    if not text.strip():
        raise BadInput.one(name, None, None, "is empty; expected a header row and data rows")

    first_line = text.lstrip().split("\n", 1)[0]
    if "," not in first_line and ";" in first_line:
        raise BadInput.one(
            name, 1, None,
            "columns are separated by ';', expected ','; save it as comma-separated CSV",
        )
    return text


def read_csv(
    path: Path | str,
    *,
    required: tuple[str, ...],
    optional: tuple[str, ...] = (),
) -> list[CsvRow]:
    """Read ``path`` as UTF-8 CSV with a header row and return its data rows.

    Raises :class:`BadInput` naming the file (and the row or column) when the
    file cannot be read, is empty, is not UTF-8, uses semicolons, lacks a
    required column or has a column nobody reads (a typo would otherwise be
    silently ignored).  Cells are stripped of surrounding white space.

    >>> rows = read_csv("data/strikes.csv", required=("id",), optional=())  # doctest: +SKIP
    """
    name = str(path)
    text = read_text(path)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [h.strip() for h in next(reader)]
        body = list(reader)
    except csv.Error as exc:
        raise BadInput.one(name, reader.line_num, None, f"is not valid CSV ({exc})") from None

    problems = header_problems(name, header, required, (*required, *optional))
    if problems:
        raise BadInput(problems)

    absent = [column for column in optional if column not in header]
    rows: list[CsvRow] = []
    kept, numbers = data_rows(name, body, len(header))
    for number, values in zip(numbers, kept):
        cells = dict(zip(header, map(str.strip, values)))
        for column in absent:
            cells[column] = ""
        rows.append(CsvRow(number, cells))
    if not rows:
        raise BadInput.one(name, None, None, "has a header but no data rows")
    return rows
