"""ACLED exports in: conflict events mapped onto geomap's records, coordinates as ACLED gives them.

ACLED (the Armed Conflict Location & Event Data project) exports one row per
event.  geomap recognises an export by its header and maps it like this:

- ``event_id_cnty`` -> id; ``event_date`` (``2021-01-13`` or ``13 January 2021``) -> date;
  ``time_precision`` 1/2/3 -> day / week / month;
- ``latitude``/``longitude`` used as given; ``geo_precision`` 1/2/3 -> town / near / province;
  ``location`` -> the place; ``admin1`` -> its province;
- ``actor1`` -> actor (``Unidentified ...`` or empty -> unattributed, otherwise alleged:
  ACLED records who its sources name, not who claimed it); ``actor2`` -> target;
- ``fatalities`` -> killed (reported by ACLED); ``source`` -> sources; ``notes`` -> summary.

Loading is vectorised with pandas, so a 100,000-row export is checked in well
under a second, and every bad cell is reported with its row and field.
"""

from __future__ import annotations

import csv
import io
from array import array
from pathlib import Path

import datetime as dt
import re
from typing import Any, Callable, Sequence

from ..errors import BadInput, Problem
from ..output.geojson import COUNTRY_NAMES
from ..places.gazetteer import Place
from ..places.locate import LocatedStrike, StrikeColumns
from .arrowcsv import read_columns
from .coded import Coded, coded_values, count_distinct, distinct, pairs, rows_of, same, take, tuples
from .csvfile import data_rows, plain_header, read_text
from .table import ProblemList, rows_holding
from .values import split_list
from .where import kept_rows, unknown_columns

#: Columns that mark a file as an ACLED export; the others it must have are checked on loading.
ACLED_SIGNATURE = ("event_id_cnty", "event_date")
ACLED_REQUIRED = ("event_id_cnty", "event_date", "latitude", "longitude")
MAX_FATALITIES = 100_000  # more in one ACLED event is a typo, not a figure
MIN_YEAR, MAX_YEAR = 1900, 2100  # ACLED's data begins in 1997: a year outside these is a typo
DATE_PRECISION = {"1": "day", "2": "week", "3": "month"}
LOCATION_PRECISION = {"1": "town", "2": "near", "3": "province"}
PLACE_KIND = {"1": "town", "2": "town", "3": "province"}
_ISO2_OF_COUNTRY = {name: code for code, name in COUNTRY_NAMES.items()}


def looks_like_acled(path: Path | str) -> bool:
    """True when the file's header has ACLED's event id and date columns."""
    try:
        with open(path, encoding="utf-8-sig", errors="replace", newline="") as handle:
            header = next(csv.reader(io.StringIO(handle.readline())), [])
    except OSError:
        return False
    return set(ACLED_SIGNATURE) <= {h.strip() for h in header}


def load_acled(path: Path | str, *, where: list[tuple[str, str]] = ()) -> list[LocatedStrike]:
    """Load an ACLED export as located strikes; rows not matching every ``where`` pair are skipped.

    Raises :class:`BadInput` listing every bad cell (file, row, field) in the rows kept.

    >>> load_acled("acled_syria.csv", where=[("sub_event_type", "Air/drone strike")])  # doctest: +SKIP
    """
    return acled_columns(path, where=where).located()


#: The ACLED columns geomap reads; a missing optional one reads as empty.
ACLED_USED = ("event_id_cnty", "event_date", "time_precision", "latitude", "longitude", "geo_precision",
              "location", "admin1", "country", "actor1", "actor2", "fatalities", "source", "notes",
              "event_type", "sub_event_type")


def acled_columns(path: Path | str, *, where: list[tuple[str, str]] = ()) -> StrikeColumns:
    """An ACLED export straight to strike columns: no object per event, each distinct value mapped once.

    Raises :class:`BadInput` listing every bad cell (file, row, field) in the rows kept.
    """
    try:
        return _acled_columns(path, where=where)
    finally:
        # The parsed file is gone now; hand pyarrow's freed blocks back to the system, or the
        # process keeps the whole file's worth of memory while it writes the map or export.
        try:
            import pyarrow as pa

            pa.default_memory_pool().release_unused()
        except ImportError:
            pass


def _acled_columns(path: Path | str, *, where: list[tuple[str, str]] = ()) -> StrikeColumns:
    name = str(path)
    cells, rows = _read_cells(name, Path(path), wanted={*ACLED_USED, *(column for column, _ in where)})
    missing = [c for c in ACLED_REQUIRED if c not in cells]
    problems = [Problem(name, 1, None, "missing column(s): " + ", ".join(missing))] if missing else []
    problems += unknown_columns(list(where), cells, name)
    if problems:
        raise BadInput(problems)
    if where:
        chosen = [i for i, keep in enumerate(kept_rows(cells, where)) if keep]
        if len(chosen) != len(rows):
            cells = {column: take(values, chosen) for column, values in cells.items()}
            rows = array("i", [rows[i] for i in chosen])
    count = len(rows)
    for column in ACLED_USED:
        if column not in cells:
            cells[column] = same("", count)
    found = ProblemList(lambda i: (name, rows[i]))
    checked = _checked(cells, count, found, document=Path(name).name)
    if checked is None:
        raise BadInput(found.sorted())
    fields, places = checked
    return StrikeColumns(fields, places, {}, rows=rows)


def _checked(cells: dict[str, Sequence[str]], count: int, found: ProblemList, *,
             document: str) -> tuple[dict[str, Sequence[Any]], Coded] | None:
    """Every cell checked once per distinct value, and mapped onto geomap's columns (see the module's
    list), with each row's place; None when a cell is wrong (the problems are in ``found``)."""

    def check(column: str, problem: Callable[[str], str | None]) -> dict[str, Any]:
        values = cells[column]
        wrong = {value: message for value in distinct(values) if (message := problem(value))}
        for value, indexes in rows_holding(values, wrong).items():
            found.add(indexes, column, wrong[value], again=repr(value))
        return wrong

    ids = cells["event_id_cnty"]
    if "" in ids:
        found.add(rows_of(ids, ""), "event_id_cnty", "is empty", again="'event_id_cnty' empty")
    if count_distinct(ids) != count:
        seen: set[str] = set()
        for i, value in enumerate(ids):
            if value and value in seen:
                found.add([i], "event_id_cnty", f"{value!r} is used by an earlier row; ids must be unique")
            seen.add(value)
    date_of = {value: _date(value) for value in distinct(cells["event_date"])}
    check("event_date", lambda v: None if date_of[v] else
          f"{v!r} is not a date; expected YYYY-MM-DD or '13 January 2021'")
    check("latitude", lambda v: None if _number(v, 90) is not None else
          f"{v!r} is not a latitude (a number from -90 to 90)")
    check("longitude", lambda v: None if _number(v, 180) is not None else
          f"{v!r} is not a longitude (a number from -180 to 180)")
    check("fatalities", lambda v: None if _fatalities(v) is not None else
          f"{v!r} is not a count; expected a whole number of 0 or more (at most {MAX_FATALITIES:,})")
    check("time_precision", lambda v: None if v in ("", *DATE_PRECISION) else
          f"{v!r} is not an ACLED time precision (1, 2 or 3)")
    check("geo_precision", lambda v: None if v in ("", *LOCATION_PRECISION) else
          f"{v!r} is not an ACLED geo precision (1, 2 or 3)")
    if found.found:
        return None

    # Every column but the ids and notes as coded (a small file's columns may have come distinct, as Arrow).
    code = {column: _as_coded(cells[column]) for column in cells if column not in ("event_id_cnty", "notes")}
    precision = code["time_precision"].map(lambda v: DATE_PRECISION.get(v, "day"))

    def iso(pair: tuple[str, str]) -> str:
        day = date_of[pair[0]].isoformat()
        return day[:7] if pair[1] == "month" else day

    # One place per distinct (location, admin1, country, coordinates, precision), made once.
    keys = tuples(code["location"], code["admin1"], code["country"], code["latitude"], code["longitude"],
                  code["geo_precision"])
    places = keys.map(lambda key: _place(key[0], key[1], key[2], float(key[3]), float(key[4]), key[5]))
    unattributed = code["actor1"].map(lambda a: "unattributed" if not a or a.startswith("Unidentified") else "alleged")
    fields = {
        "id": cells["event_id_cnty"],
        "date": pairs(code["event_date"], precision).map(iso),
        "date_precision": precision,
        "time_local": same("", count),
        "place": places.map(lambda place: place.name),
        "place_reported": code["location"],
        "province": code["admin1"],
        "location_precision": code["geo_precision"].map(lambda v: LOCATION_PRECISION.get(v, "town")),
        "actor": code["actor1"],
        "attribution": unattributed,
        "target": code["actor2"],
        "killed": code["fatalities"].map(_fatalities),
        "injured": same(None, count),
        "casualty_scope": same("strike", count),
        "casualty_source": same("ACLED", count),
        "operation": same("", count),
        "sources": code["source"].map(split_list),
        "source_url": same("", count),
        "source_document": same(document, count),
        "summary": cells["notes"],
        "notes": pairs(code["event_type"], code["sub_event_type"]).map(
            lambda pair: " / ".join(part for part in pair if part)),
        "evidence": same("", count),
        "independent_sources": same(None, count),
    }
    return fields, places


def _as_coded(values: Sequence[str]) -> Coded:
    return values if isinstance(values, Coded) else coded_values(list(values))


_NUMBER = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)")


def _number(cell: str, limit: float) -> float | None:
    """A coordinate written in ASCII decimals, within ``limit`` either side of 0; else None."""
    if not _NUMBER.fullmatch(cell):
        return None
    value = float(cell)
    return value if -limit <= value <= limit else None


def _fatalities(cell: str) -> int | None:
    """ACLED's fatalities: ASCII digits only (no "1e3", "3.0" or 20-digit figures), at most MAX_FATALITIES."""
    if cell == "":
        return 0
    if not (len(cell) <= 7 and cell.isascii() and cell.isdigit()):
        return None
    value = int(cell)
    return value if value <= MAX_FATALITIES else None


def _date(cell: str) -> dt.date | None:
    """ACLED's date, written 2021-01-13 or 13 January 2021 (ASCII digits, English month); else None."""
    if not cell.isascii():
        return None
    for form in ("%Y-%m-%d", "%d %B %Y"):
        try:
            day = dt.datetime.strptime(cell, form).date()
        except ValueError:
            continue
        if form == "%Y-%m-%d" and not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", cell):
            return None  # strptime also takes "2021-1-3"; an export writes every digit
        return day if MIN_YEAR <= day.year <= MAX_YEAR else None
    return None


def _read_cells(name: str, path: Path, wanted: set[str]) -> tuple[dict[str, Sequence[str]], Sequence[int]]:
    """The export's columns geomap reads, stripped, and each row's number as a spreadsheet shows it.

    pyarrow parses a plain file a block at a time, a million rows in about
    two seconds, and only the columns geomap reads
    (:mod:`geomap.records.arrowcsv`).  A file with anything odd about it
    (not UTF-8, NUL bytes, empty, semicolons, unparsable, rows of another
    width) is read again as text, whose messages name the problem and the row.
    """
    header = plain_header(path)
    if header is not None and (read := read_columns(path, header, wanted)) is not None:
        cells, count = read
        # pyarrow keeps a blank line as a row of empty cells; the text road skips it, and so do we.
        blank = rows_of(cells["event_id_cnty"], "") if count and "event_id_cnty" in cells else []
        rows: Sequence[int] = array("i", range(2, count + 2))
        if blank and all(not cells[column][i] for i in blank for column in cells):
            chosen = sorted(set(range(count)) - set(blank))
            cells = {column: take(values, chosen) for column, values in cells.items()}
            rows = array("i", [rows[i] for i in chosen])
        return cells, rows
    text = read_text(path)  # raises with the reason when the file is no usable text
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
        body = list(reader)
    except csv.Error as exc:
        raise BadInput.one(name, reader.line_num, None, f"is not valid CSV ({exc})") from None
    except StopIteration:
        raise BadInput.one(name, None, None, "is empty; expected a header row and data rows") from None
    body, numbers = data_rows(name, body, len(header), listed=20)
    columns = list(zip(*body)) if body else [()] * len(header)
    cells = {column: [v.strip() for v in values] for column, values in zip(header, columns) if column in wanted}
    return cells, array("i", numbers)


def _place(location: str, admin1: str, country: str, lat: float, lon: float, geo_precision: str) -> Place:
    return Place(
        id=f"acled:{location}:{lat:.5f},{lon:.5f}", name=location or f"{lat:.4f}, {lon:.4f}",
        aliases=(), latitude=float(lat), longitude=float(lon),
        kind=PLACE_KIND.get(geo_precision, "town"), country=_ISO2_OF_COUNTRY.get(country, country),
        province=admin1, geonames_id=None, radius_km=0.0, coord_source="ACLED",
    )
