"""Dates as reports write them, resolved against the day the report was published.

Reports rarely give a calendar date.  They say "Sunday night", "early on
Monday", "on 13 January", "in November", "earlier in February".  Each of these
is resolved against a reference day (``--published``, or the report's own
``date YYYY-MM-DD`` line), with its honest precision: a weekday gives a day,
a month gives only a month.  Without a reference day a weekday or a bare
month gives nothing: no date is invented.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .gate import FirstWords, case_safe_lower, lower_case_twin, matches_from, word_as_listed

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_ABBREVIATED = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
                "oct": 10, "nov": 11, "dec": 12}
# "13 January", and as agencies write it, "Jan. 20".
_MONTH = "|".join(MONTHS) + "|" + "|".join(rf"{short}\." for short in _ABBREVIATED)
_WEEKDAY = "|".join(WEEKDAYS)

REPORT_DATE = re.compile(r"\A\s*date\s+(\d{4}-\d{2}-\d{2})\b")

_EXPRESSIONS = re.compile(
    # One \b in front: the engine tries the alternatives only where a word starts.
    rf"""\b(?:
    (?P<iso>(?P<iso_y>\d{{4}})-(?P<iso_m>\d{{2}})-(?P<iso_d>\d{{2}})\b)
  | (?P<dm>(?P<dm_d>\d{{1,2}})\s+(?P<dm_m>{_MONTH})(?:,?\s+(?P<dm_y>\d{{4}}))?\b)
  | (?P<md>(?P<md_m>{_MONTH})\s+(?P<md_d>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<md_y>\d{{4}}))?\b)
  | (?P<wd>(?:(?P<wd_early>early|late)\s+(?:on\s+)?)?(?P<wd_day>{_WEEKDAY})(?:\s+(?P<wd_part>night|morning|afternoon|evening))?\b)
  | (?P<lastmonth>last\s+month\b)
  | (?P<today>(?:early\s+)?(?:today|this\s+(?:morning|afternoon|evening))\b|tonight\b)
  | (?P<lastweek>last\s+week\b)
  | (?P<month>(?:(?:earlier|later|early|late)\s+)?in\s+(?P<month_m>{_MONTH})(?:\s+(?P<month_y>\d{{4}}))?\b)
  | (?P<themonth>the\s+(?P<themonth_m>{_MONTH})\s+(?:strike|attack|raid|air\s?strike)s?\b)
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_LOWER_EXPRESSIONS = lower_case_twin(_EXPRESSIONS)
# The pattern is tried only where a date expression may begin. Not at every word one may begin
# with: that is every number, "in" and "the" (six tries in ten). Every expression but an ISO day
# holds one of these rarer words instead, and begins at it or one or two words before it, with only
# spaces between ("13 January", "the April strike", "early on Monday", "earlier in February"); an
# ISO day begins at four digits and a "-".
_KEY_WORDS = FirstWords([*MONTHS, *(f"{short}." for short in _ABBREVIATED), *WEEKDAYS, "last", "today", "this",
                         "tonight"])
_ISO_START = re.compile(r"\d{4}-")
WORDS_BEFORE_KEY = 2
_NOT_ASCII = re.compile(r"[^\x00-\x7f]")
_CLOCK = re.compile(r"\b(?:at\s+)?(\d{1,2}):(\d{2})\s*(a\.?m\.?|p\.?m\.?)?", re.IGNORECASE)


@dataclass
class DateFix:
    """A date with its precision ('day' or 'month') and the local time when known.

    Mutable on purpose: candidates from one passage share one fix, and a later
    "At 1:10 a.m." after "Tuesday night" moves all of them to Wednesday.
    """

    date: str
    precision: str
    time_local: str = ""
    night: bool = False

    def after_midnight(self, clock: str) -> None:
        """A clock time after midnight in a night's passage: the strike fell on the next day."""
        if self.night and self.precision == "day" and int(clock[:2]) < 6:
            day = dt.date.fromisoformat(self.date) + dt.timedelta(days=1)
            self.date = day.isoformat()
            self.night = False
        self.time_local = clock


@dataclass(frozen=True)
class DateExpression:
    """A date expression found at [start, end) of a sentence, resolved (or not: ``fix`` None)."""

    start: int
    end: int
    text: str
    fix: DateFix | None


def report_date(text: str) -> tuple[dt.date | None, int]:
    """The report's own date, from a first line such as ``date 2023-01-30``, and where that line ends.

    Returns ``(None, 0)`` for a report without one.
    """
    match = REPORT_DATE.match(text)
    if not match:
        return None, 0
    try:
        return dt.date.fromisoformat(match.group(1)), match.end()
    except ValueError:
        return None, 0


def _month_before(month: int, reference: dt.date) -> str:
    """The latest month named ``month`` that is not after the reference day's month."""
    year = reference.year if month <= reference.month else reference.year - 1
    return f"{year:04d}-{month:02d}"


def _day(year: int | None, month: int, day: int, reference: dt.date | None) -> DateFix | None:
    if year is None:
        if reference is None:
            return None
        year = reference.year if (month, day) <= (reference.month, reference.day) else reference.year - 1
    try:
        return DateFix(dt.date(year, month, day).isoformat(), "day")
    except ValueError:
        return None


def find_dates(sentence: str, reference: dt.date | None) -> list[DateExpression]:
    """Every date expression in ``sentence``, in order, each resolved against ``reference``."""
    found = []
    # Matched in lower case without IGNORECASE, twice as fast, where lowering keeps every position.
    lowered = case_safe_lower(sentence)
    scanned, pattern = (sentence, _EXPRESSIONS) if lowered is None else (lowered, _LOWER_EXPRESSIONS)
    # \d is any decimal digit, not only the ten the first words name: a sentence with another is
    # scanned everywhere.
    if lowered is not None and not any(char.isdigit() for char in _NOT_ASCII.findall(lowered)):
        matches = matches_from(pattern, scanned, _date_starts(scanned))
    else:
        matches = pattern.finditer(scanned)
    for match in matches:
        fix: DateFix | None = None
        if match.group("iso"):
            fix = _day(int(match.group("iso_y")), int(match.group("iso_m")), int(match.group("iso_d")), None)
        elif match.group("dm"):
            fix = _day(int(match.group("dm_y")) if match.group("dm_y") else None,
                       _month_number(match.group("dm_m")), int(match.group("dm_d")), reference)
        elif match.group("md"):
            fix = _day(int(match.group("md_y")) if match.group("md_y") else None,
                       _month_number(match.group("md_m")), int(match.group("md_d")), reference)
        elif match.group("wd"):
            if reference is not None:
                weekday = WEEKDAYS.index(word_as_listed(match.group("wd_day")))
                back = (reference.weekday() - weekday) % 7
                part = word_as_listed(match.group("wd_part") or "")
                early = word_as_listed(match.group("wd_early") or "")
                time_local = part or ("early morning" if early == "early" else "night" if early == "late" else "")
                fix = DateFix((reference - dt.timedelta(days=back)).isoformat(), "day",
                              time_local=time_local, night=time_local == "night")
        elif match.group("today"):
            if reference is not None:
                fix = DateFix(reference.isoformat(), "day")
        elif match.group("lastweek"):
            # Last week's Monday to Sunday: a month when all seven days fall in one.
            if reference is not None:
                monday = reference - dt.timedelta(days=reference.weekday() + 7)
                sunday = monday + dt.timedelta(days=6)
                if monday.month == sunday.month:
                    fix = DateFix(f"{monday.year:04d}-{monday.month:02d}", "month")
        elif match.group("lastmonth"):
            if reference is not None:
                first = reference.replace(day=1) - dt.timedelta(days=1)
                fix = DateFix(f"{first.year:04d}-{first.month:02d}", "month")
        else:
            name = match.group("month_m") or match.group("themonth_m")
            year = match.group("month_y")
            month = _month_number(name)
            if year:
                fix = DateFix(f"{int(year):04d}-{month:02d}", "month")
            elif reference is not None:
                fix = DateFix(_month_before(month, reference), "month")
        found.append(DateExpression(match.start(), match.end(), sentence[match.start():match.end()], fix))
    return found


def _date_starts(scanned: str) -> set[int]:
    """Every position of ``scanned`` (lower-cased, ASCII digits only) where a date expression may
    begin: each key word, the up to :data:`WORDS_BEFORE_KEY` words before it that only spaces
    separate from it, and each four digits followed by "-". (``\\w`` and ``\\s`` are what
    ``str.isalnum`` with "_" and ``str.isspace`` say, so the walk back sees the words the pattern sees.)"""
    starts = set()
    for key in _KEY_WORDS.starts(scanned):
        starts.add(key)
        at = key
        for _ in range(WORDS_BEFORE_KEY):
            gap = at
            while gap > 0 and scanned[gap - 1].isspace():
                gap -= 1
            word = gap
            while word > 0 and (scanned[word - 1].isalnum() or scanned[word - 1] == "_"):
                word -= 1
            if gap == at or word == gap:
                break
            starts.add(word)
            at = word
    if "-" in scanned:
        starts.update(match.start() for match in _ISO_START.finditer(scanned))
    return starts


def _month_number(name: str) -> int:
    name = word_as_listed(name).rstrip(".")
    return MONTHS.index(name) + 1 if name in MONTHS else _ABBREVIATED[name]


def find_clock(sentence: str) -> str | None:
    """The first clock time in ``sentence`` as HH:MM (24-hour), or None."""
    if ":" not in sentence:
        return None
    match = _CLOCK.search(sentence)
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2))
    suffix = word_as_listed(match.group(3) or "").replace(".", "")
    if suffix == "pm" and hour < 12:
        hour += 12
    elif suffix == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"
