"""Add reviewed candidate rows to the strikes file, with fresh ids, only when all of them are valid.

A person runs ``geomap extract``, deletes the candidates that are not
strikes, fills in what the text did not say (a date, a target), and merges
the rest.  The rows are checked exactly as ``geomap validate`` checks the
strikes file (every field, every place), problems are reported against the
reviewed file's own rows, and the strikes file is replaced atomically: all
the kept rows or none.
"""

from __future__ import annotations

import csv
import io
import os
import re
import tempfile
from pathlib import Path

from ..records.csvfile import read_csv, read_text
from ..errors import BadInput, Problem
from ..places.finder import PlaceSource
from ..records.strikes import ALL_STRIKE_COLUMNS, STRIKE_COLUMNS, STRIKE_OPTIONAL

REVIEW_ONLY = ("confidence", "evidence")


def _next_number(ids: list[str]) -> int:
    numbers = [int(m.group(1)) for i in ids if (m := re.fullmatch(r"S(\d+)", i))]
    return max(numbers, default=0) + 1


def merge_candidates(reviewed: Path | str, strikes: Path | str, gazetteer: Path | str, *,
                     fallbacks: tuple[PlaceSource, ...] = (),
                     skipped: list[str] | None = None) -> list[str]:
    """Append the rows of ``reviewed`` to ``strikes`` with fresh ids; return the new ids.

    Raises :class:`BadInput` (naming ``reviewed``, its rows and fields) and
    leaves ``strikes`` untouched when any row is invalid or any place unknown.
    The strikes file is locked for the whole read-check-write, so merges run
    at the same time queue up instead of losing each other's rows.  A row
    already in the strikes file (the same date, place and source document) is
    not added again; ``skipped`` hears a note for each.
    """
    from ..output.atomic import locked

    with locked(strikes):
        return _merge(reviewed, strikes, gazetteer, fallbacks=fallbacks, skipped=skipped)


def _same_strike(cells: dict[str, str]) -> tuple[str, str, str]:
    return (cells.get("date", "").strip(), cells.get("place", "").strip(), cells.get("source_document", "").strip())


def _merge(reviewed: Path | str, strikes: Path | str, gazetteer: Path | str, *,
           fallbacks: tuple[PlaceSource, ...], skipped: list[str] | None) -> list[str]:
    from ..output.atomic import write_atomic
    from ..api import read_located

    reviewed_name = str(reviewed)
    rows = read_csv(reviewed, required=STRIKE_COLUMNS, optional=(*STRIKE_OPTIONAL, *REVIEW_ONLY))
    if not rows:
        raise BadInput([Problem(reviewed_name, None, None, "holds no rows to merge")])
    existing_text = read_text(strikes)
    existing = csv.DictReader(io.StringIO(existing_text))
    present: dict[tuple[str, str, str], str] = {}
    existing_ids = []
    for row in existing:
        existing_ids.append(row["id"])
        present.setdefault(_same_strike(row), row["id"])
    header = list(existing.fieldnames or ALL_STRIKE_COLUMNS)
    fresh = []
    for row in rows:
        key = _same_strike(row.cells)
        if key in present:
            if skipped is not None:
                skipped.append(f"{reviewed_name}, row {row.number}: already in {strikes} as {present[key]} "
                               f"(same date, place and document); not added again")
            continue
        present[key] = f"row {row.number} of {reviewed_name}"
        fresh.append(row)
    rows = fresh
    if not rows:
        return []
    first = _next_number(existing_ids)
    new_ids = [f"S{first + n:03d}" for n in range(len(rows))]

    lost = [Problem(reviewed_name, row.number, column, f"{strikes} has no {column!r} column to keep it in")
            for row in rows for column in ALL_STRIKE_COLUMNS
            if column not in header and row.cells.get(column)]
    if lost:
        raise BadInput(lost)
    kept = io.StringIO()  # in the strikes file's own column order
    writer = csv.DictWriter(kept, fieldnames=header, lineterminator="\n")
    for new_id, row in zip(new_ids, rows):
        writer.writerow({column: (new_id if column == "id" else row.cells.get(column, "")) for column in header})

    # Check the kept rows alone first, so problems name the reviewed file's own rows.
    real = Path(os.path.realpath(strikes))
    # Beside the strikes file, named for this process: a killed merge's leftovers are found
    # and removed by the next run (geomap.output.atomic.remove_stale_temporaries).
    with tempfile.TemporaryDirectory(prefix=f".{real.name}.{os.getpid()}.", suffix=".tmp", dir=real.parent) as folder:
        alone = Path(folder) / "kept.csv"
        alone.write_text(",".join(header) + "\n" + kept.getvalue(), encoding="utf-8")
        try:
            read_located(alone, gazetteer, fallbacks=fallbacks)
        except BadInput as exc:
            # Line n of the checked copy is the reviewed file's row rows[n - 2]: its own number is named.
            number_of = {line: row.number for line, row in enumerate(rows, start=2)}
            raise BadInput([Problem(reviewed_name, number_of.get(p.row, p.row), p.field, p.message)
                            for p in exc.problems]) from None

        combined = existing_text if existing_text.endswith("\n") else existing_text + "\n"
        combined += kept.getvalue()
        whole = Path(folder) / "combined.csv"
        whole.write_text(combined, encoding="utf-8")
        read_located(whole, gazetteer, fallbacks=fallbacks)  # e.g. an operation's casualties twice
    write_atomic(strikes, combined)
    return new_ids
