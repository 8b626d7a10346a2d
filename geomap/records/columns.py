"""Located strikes as columns: what the map is rendered from, and the fast road to it.

A map of 100,000 strikes needs no 100,000 Python objects.  Its tables are
built column by column (:func:`geomap.output.page.map_data`), and a large, clean
strikes file can reach them without ever making a :class:`Strike`:
:func:`read_clean_columns` reads it column-wise and checks each *distinct*
value once, with the same checks the row-by-row reader applies
(:mod:`geomap.records.strikes`).  Large files repeat their dates, places and sources,
so that is a few thousand checks instead of a million.

The fast road only ever says "clean" or "not sure": for anything it does not
accept (a bad value, a ragged row, an unknown place, a ``--where`` filter)
the caller takes the row-by-row road, which reports every problem with its
row and field.  Both roads give byte-identical maps (tested).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from .csvfile import read_text
from ..places.gazetteer import Place, Resolution
from ..places.locate import LocatedStrike
from .strikes import (
    ALL_STRIKE_COLUMNS, ATTRIBUTIONS, CASUALTY_SCOPES, LOCATION_PRECISIONS, STRIKE_COLUMNS, STRIKE_OPTIONAL,
    choice_problem, count_of, date_problems, split_list, time_problem, url_problem,
)


@dataclass(frozen=True)
class StrikeColumns:
    """Every strike field as one sequence (values as :class:`Strike` holds them), and each strike's place.

    ``resolved`` lists, once per name, how each place name was resolved, so a
    caller can tell which came from a fallback gazetteer.
    """

    fields: dict[str, Sequence[Any]]
    places: Sequence[Place]
    resolved: dict[str, Resolution | None]
    rows: Sequence[int] | None = None  # each strike's row in its file, where known

    def __len__(self) -> int:
        return len(self.places)


def columns_of(located: list[LocatedStrike]) -> StrikeColumns:
    """The columns of already located strikes (geomap's rows read one by one, or an ACLED export)."""
    strikes = [item.strike for item in located]
    fields = {name: [getattr(s, name) for s in strikes] for name in ALL_STRIKE_COLUMNS}
    return StrikeColumns(fields, [item.place for item in located], {})


def resolve_together(finder: Any, pairs: Sequence[tuple[str, str]]) -> dict[tuple[str, str], Any]:
    """Each distinct (place, province) of a file, resolved as one file (see ``PlaceFinder.resolve_all``).

    The curated gazetteer alone has no context: it resolves each name as written.
    """
    distinct_pairs = list(dict.fromkeys(pairs))
    if hasattr(finder, "resolve_all"):
        found = finder.resolve_all([(place, (province,) if province else ()) for place, province in distinct_pairs])
        return {(place, province): found[(place, (province,) if province else ())]
                for place, province in distinct_pairs}
    return {(place, province): finder.resolve(place) for place, province in distinct_pairs}


def located_of(columns: StrikeColumns) -> list[LocatedStrike]:
    """One located strike per row of ``columns`` (for writers that go strike by strike)."""
    from .strikes import Strike

    rows = columns.rows or [None] * len(columns)
    return [
        LocatedStrike(Strike(**dict(zip(ALL_STRIKE_COLUMNS, values)), row=row), place, place.name, "acled")
        for values, place, row in zip(zip(*(columns.fields[name] for name in ALL_STRIKE_COLUMNS)),
                                      columns.places, rows)
    ]


def read_clean_columns(path: Path | str, finder: Any) -> StrikeColumns | None:
    """The strikes file as columns when every value is valid and every place resolves; else None.

    ``finder`` resolves place names (the curated gazetteer or a
    :class:`~geomap.places.finder.PlaceFinder`).  None means "read it row by row":
    this function never reports problems, it only declines.
    """
    text = read_text(path)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [h.strip() for h in next(reader)]
        body = list(reader)
    except (csv.Error, StopIteration):
        return None
    known = set(STRIKE_COLUMNS) | set(STRIKE_OPTIONAL)
    if (len(set(header)) != len(header) or not set(header) <= known
            or not set(STRIKE_COLUMNS) <= set(header)):
        return None
    while body and not any(cell.strip() for cell in body[-1]):
        body.pop()  # the blank lines spreadsheets leave at the end
    width = len(header)
    if not body or any(len(row) != width for row in body):
        return None
    count = len(body)
    cells: dict[str, tuple[str, ...]] = {}
    values: dict[str, set[str]] = {}  # each column's distinct values
    for name, column in zip(header, zip(*body)):
        seen = set(column)
        if any(value != value.strip() for value in seen):
            column = tuple(map(str.strip, column))
            seen = set(column)
        cells[name], values[name] = column, seen
    for name in ALL_STRIKE_COLUMNS:
        if name not in cells:
            cells[name], values[name] = ("",) * count, {""}

    def distinct(name: str) -> set[str]:
        return values[name]

    if any("" in distinct(name) for name in STRIKE_COLUMNS) or len(distinct("id")) != count:
        return None  # an empty required cell (or a blank row) or a repeated id
    precision_of: dict[tuple[str, str], str] = {}
    for pair in set(zip(cells["date"], cells["date_precision"])):
        precision, problems = date_problems(*pair)
        if problems:
            return None
        precision_of[pair] = precision
    location_precision = tuple(value or "town" for value in cells["location_precision"])
    scope = tuple(value or "strike" for value in cells["casualty_scope"])
    if (any(time_problem(v) for v in distinct("time_local"))
            or any(choice_problem(v, LOCATION_PRECISIONS) for v in set(location_precision))
            or any(choice_problem(v, ATTRIBUTIONS) for v in distinct("attribution"))
            or any(choice_problem(v, CASUALTY_SCOPES) for v in set(scope))
            or any(url_problem(v) for v in distinct("source_url"))):
        return None
    operations = [op for s, op in zip(scope, cells["operation"]) if s == "operation"]
    if "" in operations or len(set(operations)) != len(operations):
        return None
    counts: dict[str, dict[str, int | None]] = {}
    for name in ("killed", "injured"):
        counts[name] = {}
        for value in distinct(name):
            number, problem = count_of(value)
            if problem:
                return None
            counts[name][value] = number

    pairs = list(zip(cells["place"], cells["province"]))
    resolved = resolve_together(finder, pairs)
    if any(found is None for found in resolved.values()):
        return None
    fields: dict[str, Sequence[Any]] = dict(cells)
    fields["date_precision"] = [precision_of[pair] for pair in zip(cells["date"], cells["date_precision"])]
    fields["location_precision"] = location_precision
    fields["casualty_scope"] = scope
    fields["killed"] = [counts["killed"][v] for v in cells["killed"]]
    fields["injured"] = [counts["injured"][v] for v in cells["injured"]]
    fields["sources"] = [split_list(v) for v in cells["sources"]]
    places = [resolved[pair].place for pair in pairs]
    return StrikeColumns(fields, places, {name: found for (name, _), found in resolved.items()})
