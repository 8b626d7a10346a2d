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
import re
from pathlib import Path

from ..records.csvfile import read_text
from ..errors import BadInput, Problem
from ..places.finder import PlaceSource
from ..records.schema import ALL_STRIKE_COLUMNS
from ..records.table import CellTable, ProblemList, check_cells, join, keep_rows, read_cells, split_columns

REVIEW_ONLY = ("confidence",)
# Review material a strikes file keeps only where it has a column for it: left out otherwise.
REVIEW_KEPT = ("evidence", "independent_sources")


def _next_number(ids: list[str]) -> int:
    numbers = [int(m.group(1)) for i in ids if (m := re.fullmatch(r"S(\d+)", i))]
    return max(numbers, default=0) + 1


def row_keys(row: dict[str, str]) -> list[tuple[str, ...]]:
    """What makes a row the same strike as one already kept: the same date, place and document,
    or the same document, evidence sentence and place as the report wrote it (a row whose date or
    place a person corrected; one sentence may name two strikes, at two places)."""
    found = [("same date, place and document", row.get("date", ""), row.get("place", ""),
              row.get("source_document", ""))]
    evidence = " ".join(row.get("evidence", "").split())
    if evidence:
        found.append(("same document and evidence", row.get("source_document", ""), evidence,
                      row.get("place_reported", "")))
    return found


def known_rows(existing: CellTable) -> dict[tuple[str, ...], str]:
    """Each :func:`row_keys` key of a strikes table, with the id of the row that has it."""
    present: dict[tuple[str, ...], str] = {}
    for i, strike_id in enumerate(existing.cells["id"]):
        for key in row_keys({column: values[i] for column, values in existing.cells.items()}):
            present.setdefault(key, strike_id)
    return present


def read_known(strikes: Path | str) -> dict[tuple[str, ...], str]:
    """:func:`known_rows` of a strikes file (for ``extract --strikes``: propose only what is new)."""
    return known_rows(split_columns(str(strikes), read_text(strikes), allow_empty=True))


def merge_candidates(reviewed: Path | str, strikes: Path | str, gazetteer: Path | str, *,
                     fallbacks: tuple[PlaceSource, ...] = (),
                     skipped: list[str] | None = None) -> list[str]:
    """Append the rows of ``reviewed`` to ``strikes`` with fresh ids; return the new ids.

    Raises :class:`BadInput` (naming ``reviewed``, its rows and fields) and
    leaves ``strikes`` untouched when any row is invalid or any place unknown.
    The strikes file is locked for the whole read-check-write, so merges run
    at the same time queue up instead of losing each other's rows.  A row
    already in the strikes file (the same date, place and source document, or
    the same document and evidence) is not added again; ``skipped`` hears a
    note for each.
    """
    from ..output.atomic import locked

    with locked(strikes):
        return _merge(reviewed, strikes, gazetteer, fallbacks=fallbacks, skipped=skipped)


def _merge(reviewed: Path | str, strikes: Path | str, gazetteer: Path | str, *,
           fallbacks: tuple[PlaceSource, ...], skipped: list[str] | None) -> list[str]:
    from ..output.atomic import write_atomic
    from ..places.finder import PlaceFinder
    from ..places.gazetteer import Gazetteer
    from ..places.locate import locate_columns

    reviewed_name = str(reviewed)
    fresh = read_cells(reviewed, extra=REVIEW_ONLY)
    existing_text = read_text(strikes)
    existing = split_columns(str(strikes), existing_text, allow_empty=True)

    def keys(table: CellTable, i: int) -> list[tuple[str, ...]]:
        return row_keys({column: values[i] for column, values in table.cells.items()})

    present = known_rows(existing)
    keep = []
    for i in range(len(fresh)):
        mine = keys(fresh, i)
        seen = next((key for key in mine if key in present), None)
        if seen is not None:
            if skipped is not None:
                skipped.append(f"{reviewed_name}, row {fresh.rows[i]}: already in {strikes} as {present[seen]} "
                               f"({seen[0]}); not added again")
            keep.append(False)
            continue
        for key in mine:
            present[key] = f"row {fresh.rows[i]} of {reviewed_name}"
        keep.append(True)
    fresh = keep_rows(fresh, keep)
    if not any(keep):
        return []
    first = _next_number(list(existing.cells["id"]))
    new_ids = [f"S{first + n:03d}" for n in range(len(fresh))]
    fresh = CellTable(fresh.source, {**fresh.cells, "id": new_ids}, fresh.rows, fresh.header)

    header = list(existing.header)
    # Evidence is review material: kept where the strikes file has a column for it, else left out.
    lost = [Problem(reviewed_name, row, column, f"{strikes} has no {column!r} column to keep it in")
            for i, row in enumerate(fresh.rows) for column in ALL_STRIKE_COLUMNS
            if column not in header and column not in REVIEW_KEPT and fresh.cells[column][i]]
    if lost:
        raise BadInput(lost)

    # Checked in memory with the reader and the place resolution validate uses: each problem
    # names the file and row it is on (the reviewed file's own rows for the new ones), and
    # the rules that span rows (an operation's casualties recorded twice) see both files.
    cells, origin = join([existing, fresh])
    problems = ProblemList(origin)
    fields = check_cells(cells, problems)
    locate_columns(fields, PlaceFinder(Gazetteer.from_csv(gazetteer), *fallbacks), problems)
    if problems.found:
        raise BadInput(problems.sorted())

    kept = io.StringIO()  # in the strikes file's own column order
    writer = csv.writer(kept, lineterminator="\n")
    for i in range(len(fresh)):
        writer.writerow([fresh.cells[column][i] for column in header])
    combined = existing_text if existing_text.endswith("\n") else existing_text + "\n"
    write_atomic(strikes, combined + kept.getvalue())
    return new_ids
