"""The strikes table's columns, declared once: what each holds, how it is checked, and where it goes.

Every reader, check and writer takes its columns from :data:`SCHEMA`:
the strikes reader (:mod:`geomap.records.table`) checks each column's
distinct values with its ``check`` and turns them into values with its
``convert``; the :class:`Strike` record has one field per column; the map
page sends every column marked ``on_page`` under its own name; the exports
(GeoJSON, CSV, KML) write every column marked ``exported``.  Adding a column
is one entry here, plus, if the popup shows it, one line of JavaScript.

Rules that look at more than one value (an id used twice, an operation's
casualties recorded twice, a date and its precision) live in
:mod:`geomap.records.table`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any, Callable

from .values import (
    ATTRIBUTIONS, CASUALTY_SCOPES, LOCATION_PRECISIONS, choice_problem, count_of, date_label, precise_range,
    split_list, time_problem, url_problem,
)


def _count(cell: str) -> int | None:
    return count_of(cell)[0]


def _count_problem(cell: str) -> str | None:
    return count_of(cell)[1]


@dataclass(frozen=True)
class Column:
    """One column of the strikes table."""

    name: str
    meaning: str
    required: bool = False
    #: What an empty cell stands for (checked and converted like a written one).
    empty: str = ""
    #: Why a written value is wrong, or None; called once per distinct value.
    check: Callable[[str], str | None] | None = None
    #: The value as records hold it (the cell itself when None).
    convert: Callable[[str], Any] | None = None
    type: Any = str
    #: Sent to the map page under its own name (the popup and filters read it there).
    on_page: bool = True
    #: Written by the GeoJSON, CSV and KML exports under its own name.
    exported: bool = True


def _choice(allowed: tuple[str, ...]) -> Callable[[str], str | None]:
    return lambda value: choice_problem(value, allowed)


SCHEMA: tuple[Column, ...] = (
    Column("id", "the strike's unique id (S001...)", required=True),
    # A date and its precision are checked as a pair (geomap.records.table), and
    # reach the page as one entry of its dates table.
    Column("date", "YYYY-MM-DD, or YYYY-MM when only the month is known", required=True, on_page=False),
    Column("date_precision", "day, week or month; empty means what the date gives", on_page=False),
    Column("time_local", "HH:MM (24-hour) or a part of the day", check=time_problem),
    Column("place", "the place as the gazetteer knows it", required=True, on_page=False, exported=False),
    Column("place_reported", "the place as the report wrote it"),
    Column("province", "the province the data says the strike lies in (context for the place)",
           on_page=False, exported=False),
    Column("location_precision", "site, town, near, area or province", empty="town",
           check=_choice(LOCATION_PRECISIONS)),
    Column("actor", "who struck, as the reports name them"),
    Column("attribution", "claimed, alleged or unattributed", required=True, check=_choice(ATTRIBUTIONS)),
    Column("target", "what was hit"),
    Column("killed", "people killed, or empty when not reported", check=_count_problem, convert=_count,
           type=int | None),
    Column("injured", "people injured, or empty when not reported", check=_count_problem, convert=_count,
           type=int | None),
    Column("casualty_scope", "strike, or operation when the figures are the whole operation's", empty="strike",
           check=_choice(CASUALTY_SCOPES)),
    Column("casualty_source", "who gave the casualty figures"),
    Column("operation", "the operation the strike was part of"),
    Column("sources", "the outlets and monitors that reported it, ';'-separated", convert=split_list,
           type=tuple[str, ...]),
    Column("source_url", "http(s) links to the reports, ';'-separated", check=url_problem),
    Column("source_document", "the seed document (file name) the strike comes from", required=True),
    Column("summary", "what happened, in a sentence"),
    Column("notes", "the curator's notes"),
    # Kept by extract --merge when the strikes file has the column, so a merge run again, or the same
    # sentence proposed from a re-saved report, is recognised; the popup shows it, folded.
    Column("evidence", "the report sentence an extracted strike rests on", exported=False),
    # Counted by extract across the reports it merged into one candidate: two outlets quoting the
    # same monitor are one source. Shown on the map as "reported by N independent sources".
    Column("independent_sources", "how many independent sources report the strike, or empty",
           check=_count_problem, convert=_count, type=int | None, exported=False),
)

COLUMNS: dict[str, Column] = {column.name: column for column in SCHEMA}
#: Every column, in the order geomap writes them (and the bundled file uses).
ALL_STRIKE_COLUMNS = tuple(COLUMNS)
STRIKE_COLUMNS = tuple(c.name for c in SCHEMA if c.required)
STRIKE_OPTIONAL = tuple(c.name for c in SCHEMA if not c.required)
PAGE_COLUMNS = tuple(c.name for c in SCHEMA if c.on_page)
EXPORTED_COLUMNS = tuple(c.name for c in SCHEMA if c.exported)


def _first_day(self) -> dt.date:
    """The first day the date can mean (the 1st, for a month; 3 days before, for a week)."""
    return precise_range(self.date, self.date_precision)[0]


def _last_day(self) -> dt.date:
    """The last day the date can mean (the month's last, for a month; 3 days after, for a week)."""
    return precise_range(self.date, self.date_precision)[1]


def _date_label(self) -> str:
    """The date as precisely as it is known: '13 Jan 2021', 'week of 13 Jan 2021' or 'Nov 2024'."""
    label = date_label(self.date)
    return f"week of {label}" if self.date_precision == "week" else label


def _empty_value(column: Column) -> Any:
    if column.convert is None:
        return column.empty
    return column.convert(column.empty)


#: One reported strike: a field per column of :data:`SCHEMA` (values as converted), and
#: ``row``, where it was read from.  Made from the schema, so it cannot miss a column.
Strike = dataclasses.make_dataclass(
    "Strike",
    [(c.name, c.type, dataclasses.field(default=_empty_value(c))) for c in SCHEMA]
    + [("row", int | None, dataclasses.field(default=None))],
    frozen=True,
    namespace={
        "__doc__": "One reported strike, as curated in ``strikes.csv`` (a field per schema column).",
        "__module__": __name__,
        "first_day": property(_first_day),
        "last_day": property(_last_day),
        "date_label": property(_date_label),
    },
)
