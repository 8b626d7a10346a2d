"""What each strike field may hold: dates and their precision, times, choices, counts and links.

Each rule is a function of one value (or one date and its precision), so the
strikes reader (:mod:`geomap.records.table`) checks each *distinct* value of
a column once, however many rows repeat it, and reports the problem against
every row that holds it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from urllib.parse import urlsplit

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
    if precision == "week":
        try:
            precise_range(date, precision)
        except OverflowError:  # a week spans 3 days either side, past 0001-01-01 or 9999-12-31
            return precision, (("date", f"{date!r} is too near the end of the calendar for a week's span"),)
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


def url_problem(cell: str) -> str | None:
    """Why a cell of links (one, or several ';'-separated) may not be linked, or None."""
    for url in split_list(cell):
        if not is_web_link(url):
            return f"{url!r} is not an http:// or https:// link" + (" (links are ';'-separated)" if ";" in cell else "")
    return None
