"""The :class:`Strike` record and the loader that validates ``strikes.csv``.

Every problem in the file is collected in one pass and raised together as
:class:`~geomap.errors.BadInput`, each naming the file, the row as a
spreadsheet shows it and the field, so a person fixes them all at once.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from .csvfile import read_csv
from ..errors import BadInput, Problem

STRIKE_COLUMNS = (
    "id", "date", "place", "attribution", "source_document",
)
STRIKE_OPTIONAL = (
    "date_precision", "time_local", "place_reported", "province", "location_precision", "actor",
    "target", "killed", "injured", "casualty_scope", "casualty_source", "operation",
    "sources", "source_url", "summary", "notes",
)
#: The column order geomap writes (and the bundled file uses).
ALL_STRIKE_COLUMNS = (
    "id", "date", "date_precision", "time_local", "place", "place_reported", "province",
    "location_precision", "actor", "attribution", "target", "killed", "injured",
    "casualty_scope", "casualty_source", "operation", "sources", "source_url",
    "source_document", "summary", "notes",
)

#: 'week' means the date is the middle of the week the strike fell in (ACLED's time_precision 2).
DATE_PRECISIONS = ("day", "week", "month")
#: How exactly the report locates the strike: the exact site, in a town, near
#: a town, somewhere in a district or desert area, somewhere in a province.
LOCATION_PRECISIONS = ("site", "town", "near", "area", "province")
#: The smallest circle (km) the map draws for each location precision; the
#: place's own radius is used when larger.
PRECISION_MIN_RADIUS_KM = {"site": 0.0, "town": 0.0, "near": 5.0, "area": 15.0, "province": 50.0}
#: How sure the reports are of who struck: the actor said so; others said so; nobody says.
ATTRIBUTIONS = ("claimed", "alleged", "unattributed")
CASUALTY_SCOPES = ("strike", "operation")
PARTS_OF_DAY = ("early morning", "morning", "afternoon", "evening", "night")

# ASCII digits only: "٢٠٢١-٠١-١٣" or full-width digits are not dates a spreadsheet or a map agrees on.
_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$", re.ASCII)
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{2})$", re.ASCII)
_CLOCK = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$", re.ASCII)
_MONTH_ABBR = ("", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class Strike:
    """One reported strike, as curated in ``strikes.csv``."""

    id: str
    date: str
    date_precision: str
    place: str
    attribution: str
    source_document: str
    time_local: str = ""
    place_reported: str = ""
    province: str = ""  # where the data says the strike lies: context the place must agree with
    location_precision: str = "town"
    actor: str = ""
    target: str = ""
    killed: int | None = None
    injured: int | None = None
    casualty_scope: str = "strike"
    casualty_source: str = ""
    operation: str = ""
    sources: tuple[str, ...] = ()
    source_url: str = ""
    summary: str = ""
    notes: str = ""
    row: int | None = None  # where it was read from, for error messages

    @property
    def first_day(self) -> dt.date:
        """The first day the date can mean (the 1st, for a month; 3 days before, for a week)."""
        return precise_range(self.date, self.date_precision)[0]

    @property
    def last_day(self) -> dt.date:
        """The last day the date can mean (the month's last, for a month; 3 days after, for a week)."""
        return precise_range(self.date, self.date_precision)[1]

    @property
    def date_label(self) -> str:
        """The date as precisely as it is known: '13 Jan 2021', 'week of 13 Jan 2021' or 'Nov 2024'."""
        label = date_label(self.date)
        return f"week of {label}" if self.date_precision == "week" else label


@functools.lru_cache(maxsize=1 << 16)  # large files repeat the same dates many times
def date_range(iso: str) -> tuple[dt.date, dt.date]:
    """First and last day meant by an ISO day (``2021-01-13``) or month (``2024-11``).

    Raises ``ValueError`` with a readable reason for anything else.
    """
    day = _ISO_DAY.match(iso)
    if day:
        year, month, mday = map(int, day.groups())
        try:
            d = dt.date(year, month, mday)
        except ValueError as exc:
            raise ValueError(f"{iso!r} is not a real date ({exc})") from None
        return d, d
    month_match = _ISO_MONTH.match(iso)
    if month_match:
        year, month = map(int, month_match.groups())
        if not 1 <= month <= 12 or year < 1:
            raise ValueError(f"{iso!r} is not a real month")
        return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
    raise ValueError(f"{iso!r} is not a date; expected YYYY-MM-DD, or YYYY-MM when only the month is known")


@functools.lru_cache(maxsize=1 << 16)
def precise_range(iso: str, precision: str) -> tuple[dt.date, dt.date]:
    """The days a date of this precision can mean; a week spans 3 days either side."""
    first, last = date_range(iso)
    if precision == "week":
        return first - dt.timedelta(days=3), last + dt.timedelta(days=3)
    return first, last


def date_precision_of(iso: str) -> str:
    """'day' for ``YYYY-MM-DD``, 'month' for ``YYYY-MM``."""
    return "day" if _ISO_DAY.match(iso) else "month"


@functools.lru_cache(maxsize=1 << 16)
def date_label(iso: str) -> str:
    """'13 Jan 2021' for a day, 'Nov 2024' for a month (no invented day)."""
    first, _ = date_range(iso)
    if date_precision_of(iso) == "day":
        return f"{first.day} {_MONTH_ABBR[first.month]} {first.year}"
    return f"{_MONTH_ABBR[first.month]} {first.year}"


def is_web_link(url: str) -> bool:
    """True for an absolute http(s) URL with a host; anything else is never linked."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc) and not any(
        ch.isspace() or ord(ch) < 32 for ch in url
    )


@functools.lru_cache(maxsize=1 << 16)  # large files repeat the same source lists many times
def split_list(cell: str) -> tuple[str, ...]:
    """Split a ';'-separated cell into its stripped, non-empty parts."""
    return tuple(part.strip() for part in cell.split(";") if part.strip())


def _count(cell: str) -> int:
    if not (cell.isascii() and cell.isdigit()):
        raise ValueError
    return int(cell)


def load_strikes(path: Path | str) -> list[Strike]:
    """Load and validate a strikes CSV; raise :class:`BadInput` listing every problem.

    >>> strikes = load_strikes("data/strikes.csv")   # doctest: +SKIP
    >>> strikes[0].date_label                         # doctest: +SKIP
    'Nov 2024'
    """
    strikes, problems = check_strikes(path)
    if problems:
        raise BadInput(problems)
    return strikes


# One check per field value, shared by the row-by-row reader (which reports
# every problem with its row) and the column reader (which checks each
# distinct value once): the two can never disagree about what is valid.

@functools.lru_cache(maxsize=1 << 16)
def date_problems(date: str, precision: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """The date's effective precision, and (field, message) for what is wrong with the pair."""
    if not date:
        return precision, ()
    try:
        date_range(date)
    except ValueError as exc:
        return precision, (("date", str(exc)),)
    implied = date_precision_of(date)
    if not precision:
        return implied, ()
    if precision not in DATE_PRECISIONS:
        return precision, (("date_precision", f"{precision!r} is not one of: {', '.join(DATE_PRECISIONS)}"),)
    if precision != implied and not (precision == "week" and implied == "day"):
        return precision, (("date_precision", f"{precision!r} does not fit the date {date!r}, which gives a {implied}"),)
    return precision, ()


def time_problem(time_local: str) -> str | None:
    """Why ``time_local`` is not a time, or None."""
    if time_local and not (_CLOCK.match(time_local) or time_local in PARTS_OF_DAY):
        return f"{time_local!r} is not a time; expected HH:MM (24-hour) or one of: {', '.join(PARTS_OF_DAY)}"
    return None


def choice_problem(value: str, allowed: tuple[str, ...]) -> str | None:
    """Why ``value`` is not one of ``allowed`` (empty is allowed), or None."""
    if value and value not in allowed:
        return f"{value!r} is not one of: {', '.join(allowed)}"
    return None


def count_of(cell: str) -> tuple[int | None, str | None]:
    """A killed or injured cell as a count (None when not reported), and why it is not one."""
    if not cell:
        return None, None
    try:
        return _count(cell), None
    except ValueError:
        return None, f"{cell!r} is not a count; expected a whole number of 0 or more, or empty when not reported"


def url_problem(url: str) -> str | None:
    """Why ``url`` may not be linked, or None."""
    if url and not is_web_link(url):
        return f"{url!r} is not an http:// or https:// link"
    return None


def check_strikes(path: Path | str, *, where: list[tuple[str, str]] = ()) -> tuple[list[Strike], list[Problem]]:
    """Every row as a :class:`Strike`, and every problem found, without raising for bad rows.

    Rows with problems are returned too (with their faulty fields defaulted),
    so a caller can check them further, e.g. resolve their places, and report
    everything in one pass.  A file that cannot be read at all still raises
    :class:`BadInput`.  ``where`` keeps only the rows whose cells, as written,
    equal the values (see :mod:`geomap.records.where`); only those are checked.
    """
    from .where import kept, unknown_columns

    name = str(path)
    rows = read_csv(path, required=STRIKE_COLUMNS, optional=STRIKE_OPTIONAL)
    if where:
        unknown = unknown_columns(list(where), ALL_STRIKE_COLUMNS, name)
        if unknown:
            raise BadInput(unknown)
        rows = [row for row in rows if kept(row.cells, where)]
    problems: list[Problem] = []
    strikes: list[Strike] = []
    first_row_of_id: dict[str, int] = {}
    operation_casualty_row: dict[str, int] = {}

    for row in rows:
        c = row.cells

        def bad(field: str, message: str) -> None:
            problems.append(Problem(name, row.number, field, message))

        for field in STRIKE_COLUMNS:
            if not c[field]:
                bad(field, "is empty")
        if c["id"]:
            if c["id"] in first_row_of_id:
                bad("id", f"{c['id']!r} is already the id of row {first_row_of_id[c['id']]}; ids must be unique")
            else:
                first_row_of_id[c["id"]] = row.number

        precision, wrong_dates = date_problems(c["date"], c["date_precision"])
        for field, message in wrong_dates:
            bad(field, message)
        time_local = c["time_local"]
        message = time_problem(time_local)
        if message:
            bad("time_local", message)
        location_precision = c["location_precision"] or "town"
        for field, value, allowed in (("location_precision", location_precision, LOCATION_PRECISIONS),
                                      ("attribution", c["attribution"], ATTRIBUTIONS)):
            message = choice_problem(value, allowed)
            if message:
                bad(field, message)

        counts: dict[str, int | None] = {}
        for field in ("killed", "injured"):
            counts[field], message = count_of(c[field])
            if message:
                bad(field, message)

        scope = c["casualty_scope"] or "strike"
        message = choice_problem(scope, CASUALTY_SCOPES)
        if message:
            bad("casualty_scope", message)
        elif scope == "operation":
            if not c["operation"]:
                bad("casualty_scope", "is 'operation' but the 'operation' field is empty")
            elif c["operation"] in operation_casualty_row:
                bad("casualty_scope",
                    f"operation {c['operation']!r} already has its casualties on row "
                    f"{operation_casualty_row[c['operation']]}; record them once")
            else:
                operation_casualty_row[c["operation"]] = row.number

        message = url_problem(c["source_url"])
        if message:
            bad("source_url", message)

        strikes.append(Strike(
            id=c["id"], date=c["date"], date_precision=precision, place=c["place"],
            attribution=c["attribution"], source_document=c["source_document"],
            time_local=time_local, place_reported=c["place_reported"], province=c["province"],
            location_precision=location_precision, actor=c["actor"], target=c["target"],
            killed=counts["killed"], injured=counts["injured"], casualty_scope=scope,
            casualty_source=c["casualty_source"], operation=c["operation"],
            sources=split_list(c["sources"]), source_url=c["source_url"],
            summary=c["summary"], notes=c["notes"], row=row.number,
        ))
    return strikes, problems
