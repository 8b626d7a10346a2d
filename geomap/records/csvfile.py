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

from ..errors import BadInput, Problem


@dataclass(frozen=True)
class CsvRow:
    """One data row: its number as a spreadsheet shows it, and its cells by column."""

    number: int
    cells: dict[str, str]


def read_text(path: Path | str) -> str:
    """The file's text, or :class:`BadInput` saying why it is not a usable CSV text file.

    Checks what every loader needs: the file exists, is UTF-8 (a byte-order
    mark is accepted), holds no NUL bytes, is not empty, and is not separated
    by semicolons.
    """
    name = str(path)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise BadInput.one(name, None, None, "file not found") from None
    except OSError as exc:
        raise BadInput.one(name, None, None, f"cannot be read ({exc.strerror})") from None
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

    problems: list[Problem] = []
    known = set(required) | set(optional)
    missing = [c for c in required if c not in header]
    if missing:
        problems.append(Problem(name, 1, None, "missing column(s): " + ", ".join(missing)))
    unknown = [c for c in header if c not in known]
    if unknown:
        problems.append(Problem(
            name, 1, None,
            "unknown column(s): " + ", ".join(repr(c) for c in unknown)
            + "; expected only: " + ", ".join(list(required) + list(optional)),
        ))
    duplicated = sorted({c for c in header if header.count(c) > 1})
    if duplicated:
        problems.append(Problem(name, 1, None, "duplicate column(s): " + ", ".join(duplicated)))
    if problems:
        raise BadInput(problems)

    rows: list[CsvRow] = []
    width = len(header)
    absent = [column for column in optional if column not in header]
    line_of_row = 1
    for values in body:
        line_of_row += 1
        if len(values) != width:
            if any(v.strip() for v in values):
                problems.append(Problem(
                    name, line_of_row, None,
                    f"has {len(values)} cells, the header has {width}; "
                    "is a comma inside a cell missing its quotes?",
                ))
            continue  # blank lines are what spreadsheets leave at the end
        cells = dict(zip(header, map(str.strip, values)))
        if not any(cells.values()):
            continue
        for column in absent:
            cells[column] = ""
        rows.append(CsvRow(line_of_row, cells))
    if problems:
        raise BadInput(problems)
    if not rows:
        raise BadInput.one(name, None, None, "has a header but no data rows")
    return rows
