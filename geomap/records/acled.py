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

from .csvfile import data_rows, plain_header, read_text
from ..errors import BadInput, Problem
from ..output.geojson import COUNTRY_NAMES
from ..places.gazetteer import Place
from ..places.locate import LocatedStrike, StrikeColumns
from typing import Any, Sequence

from .coded import Coded, arrow_text, coded, same
from .values import split_list
from .where import unknown_columns

#: Columns that mark a file as an ACLED export; the others it must have are checked on loading.
ACLED_SIGNATURE = ("event_id_cnty", "event_date")
ACLED_REQUIRED = ("event_id_cnty", "event_date", "latitude", "longitude")
MAX_FATALITIES = 100_000  # more in one ACLED event is a typo, not a figure
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
    import numpy as np
    import pandas as pd  # imported here: only ACLED input needs it

    name = str(path)
    frame = _read_frame(name, Path(path), wanted={*ACLED_USED, *(column for column, _ in where)})
    missing = [c for c in ACLED_REQUIRED if c not in frame.columns]
    problems = [Problem(name, 1, None, "missing column(s): " + ", ".join(missing))] if missing else []
    problems += unknown_columns(list(where), frame.columns, name)
    if problems:
        raise BadInput(problems)
    for column, value in where:
        frame = frame[frame[column].str.strip() == value]
    for column in ACLED_USED:
        frame[column] = frame[column].str.strip() if column in frame.columns else ""
    frame = frame[list(ACLED_USED)]

    def bad(mask, field: str, message) -> None:
        for row, value in frame.loc[mask, field].items():
            problems.append(Problem(name, int(row), field, message(value)))

    bad(frame["event_id_cnty"] == "", "event_id_cnty", lambda v: "is empty")
    bad(frame["event_id_cnty"].duplicated() & (frame["event_id_cnty"] != ""), "event_id_cnty",
        lambda v: f"{v!r} is used by an earlier row; ids must be unique")
    dates = _dates(frame["event_date"])
    bad(dates.isna(), "event_date", lambda v: f"{v!r} is not a date; expected YYYY-MM-DD or '13 January 2021'")
    latitude = pd.to_numeric(frame["latitude"], errors="coerce")
    longitude = pd.to_numeric(frame["longitude"], errors="coerce")
    bad(~latitude.between(-90, 90), "latitude", lambda v: f"{v!r} is not a latitude (a number from -90 to 90)")
    bad(~longitude.between(-180, 180), "longitude", lambda v: f"{v!r} is not a longitude (a number from -180 to 180)")
    written = frame["fatalities"].replace("", "0")
    whole = written.str.fullmatch(r"[0-9]{1,7}")  # ASCII digits only: no "1e3", "3.0" or 20-digit figures
    fatalities = pd.to_numeric(written.where(whole, "0"))
    bad(~whole | (fatalities > MAX_FATALITIES), "fatalities",
        lambda v: f"{v!r} is not a count; expected a whole number of 0 or more (at most {MAX_FATALITIES:,})")
    bad(~frame["time_precision"].isin(["", *DATE_PRECISION]), "time_precision",
        lambda v: f"{v!r} is not an ACLED time precision (1, 2 or 3)")
    bad(~frame["geo_precision"].isin(["", *LOCATION_PRECISION]), "geo_precision",
        lambda v: f"{v!r} is not an ACLED geo precision (1, 2 or 3)")
    if problems:
        raise BadInput(sorted(problems, key=lambda p: (p.row or 0)))

    count = len(frame)
    precision = frame["time_precision"].map(DATE_PRECISION).fillna("day")
    # A date written as YYYY-MM-DD is its own ISO form; only the others are formatted.
    iso = frame["event_date"].where(frame["event_date"].str.fullmatch(r"\d{4}-\d{2}-\d{2}"),
                                    dates.dt.strftime("%Y-%m-%d"))
    iso = iso.where(precision != "month", iso.str.slice(0, 7))
    # One place per distinct (location, admin1, country, coordinates, precision), made once:
    # the six cells joined as one string key, factorised in one pass.
    joined = (frame["location"] + "\x1f" + frame["admin1"] + "\x1f" + frame["country"] + "\x1f"
              + frame["latitude"] + "\x1f" + frame["longitude"] + "\x1f" + frame["geo_precision"])
    codes, uniques = pd.factorize(joined)
    first = np.unique(codes, return_index=True)[1]
    made = [_place(location, admin1, country, lat, lon, geo) for location, admin1, country, lat, lon, geo in zip(
        frame["location"].iloc[first], frame["admin1"].iloc[first], frame["country"].iloc[first],
        latitude.iloc[first], longitude.iloc[first], frame["geo_precision"].iloc[first])]
    place_codes = array("i", codes.astype("int32").tobytes())
    places = Coded(made, place_codes)
    actor1 = frame["actor1"]
    unattributed = (actor1 == "") | actor1.str.startswith("Unidentified")
    # Columns of few distinct values stay as those values and each row's number (see records/coded.py).
    fields: dict[str, Sequence[Any]] = {
        "id": arrow_text(frame["event_id_cnty"]),
        "date": coded(iso),
        "date_precision": coded(precision),
        "time_local": same("", count),
        "place": Coded([place.name for place in made], place_codes),
        "place_reported": coded(frame["location"]),
        "province": coded(frame["admin1"]),
        "location_precision": coded(frame["geo_precision"].map(LOCATION_PRECISION).fillna("town")),
        "actor": coded(actor1),
        "attribution": coded(pd.Series(np.where(unattributed, "unattributed", "alleged"))),
        "target": coded(frame["actor2"]),
        "killed": fatalities.astype("int64").tolist(),
        "injured": same(None, count),
        "casualty_scope": same("strike", count),
        "casualty_source": same("ACLED", count),
        "operation": same("", count),
        "sources": coded(frame["source"]).map(split_list),
        "source_url": same("", count),
        "source_document": same(Path(name).name, count),
        "summary": arrow_text(frame["notes"]),
        "notes": coded(frame["event_type"] + "\x1f" + frame["sub_event_type"]).map(
            lambda pair: " / ".join(part for part in pair.split("\x1f") if part)),
        "evidence": same("", count),
    }
    return StrikeColumns(fields, places, {}, rows=array("i", frame.index.to_numpy(dtype="int32").tobytes()))


def _read_frame(name: str, path: Path, wanted: set[str] | None = None):
    """The export as a frame of strings, indexed by the row number a spreadsheet shows.

    pyarrow's parser reads the file as it is, a million rows in about two
    seconds (five times pandas' own), and checks that it is UTF-8.  A file
    with anything odd about it (not UTF-8, NUL bytes, empty, semicolons, or
    unparsable) is read again through :func:`read_text` and pandas' parser,
    whose messages name the problem and the line.
    """
    import pandas as pd

    frame = None
    header = plain_header(path)
    if header is not None:
        # Only the columns geomap reads: an export's other fifteen are never parsed into memory.
        usecols = [h for h in header if h.strip() in wanted] if wanted is not None else None
        try:  # pyarrow reads the file itself, block by block: no copy of it is held in memory
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, engine="pyarrow", usecols=usecols)
        except (ImportError, ValueError, pd.errors.ParserError):  # pyarrow missing, or its ArrowInvalid
            frame = None
    if frame is None:
        text = read_text(path)  # raises with the reason when the file is no usable text
        _check_shape(name, text)
        try:
            frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_filter=False,
                                skipinitialspace=True, index_col=False)
        except (pd.errors.ParserError, ValueError) as exc:
            raise BadInput.one(name, None, None, f"is not valid CSV ({exc})") from None
    frame.columns = [str(c).strip() for c in frame.columns]
    frame.index = frame.index + 2  # the row number a spreadsheet shows (header is row 1)
    return frame


def _check_shape(name: str, text: str) -> None:
    """:class:`BadInput` for each row whose number of cells differs from the header's (20 listed)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
        body = list(reader)
    except csv.Error as exc:
        raise BadInput.one(name, reader.line_num, None, f"is not valid CSV ({exc})") from None
    except StopIteration:
        return
    data_rows(name, body, len(header), listed=20)


def _dates(column):
    """ACLED's dates, written 2021-01-13 or 13 January 2021; NaT where neither."""
    import pandas as pd

    dates = pd.to_datetime(column, format="%Y-%m-%d", errors="coerce")
    long_form = dates.isna()
    if long_form.any():
        dates[long_form] = pd.to_datetime(column[long_form], format="%d %B %Y", errors="coerce")
    return dates


def _place(location: str, admin1: str, country: str, lat: float, lon: float, geo_precision: str) -> Place:
    return Place(
        id=f"acled:{location}:{lat:.5f},{lon:.5f}", name=location or f"{lat:.4f}, {lon:.4f}",
        aliases=(), latitude=float(lat), longitude=float(lon),
        kind=PLACE_KIND.get(geo_precision, "town"), country=_ISO2_OF_COUNTRY.get(country, country),
        province=admin1, geonames_id=None, radius_km=0.0, coord_source="ACLED",
    )
