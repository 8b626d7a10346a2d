"""Put strikes on the ground: resolve each strike's place, column by column.

This is the middle step of geomap's one-way flow (records in, places resolved,
map out).  A file names the same places many times, so each distinct
(place, province) pair is resolved once, and all of a file's places are
resolved together (a file's own theatre decides among far-apart namesakes,
see ``PlaceFinder.resolve_all``).  A place that does not resolve is a problem
of the strikes file, reported with the file, the row and the field like any
other.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Sequence

from ..errors import BadInput
from .finder import PlaceSource
from .gazetteer import Place, Resolution
from ..records.coded import distinct_in_order, each, pairs as pairs_of
from ..records.schema import ALL_STRIKE_COLUMNS, Strike
from ..records.values import PRECISION_MIN_RADIUS_KM

if TYPE_CHECKING:
    from ..records.table import ProblemList


@dataclass(frozen=True)
class LocatedStrike:
    """A strike with the place it resolved to and how large an area it may lie in."""

    strike: Strike
    place: Place
    matched: str
    resolved_by: str = "curated"  # the gazetteer that knew the name: curated, geonames or nominatim

    @property
    def latitude(self) -> float:
        return self.place.latitude

    @property
    def longitude(self) -> float:
        return self.place.longitude

    @property
    def radius_km(self) -> float:
        """Radius of the area the strike may lie in; 0 for an exactly known point."""
        return max(self.place.radius_km, PRECISION_MIN_RADIUS_KM[self.strike.location_precision])


@dataclass(frozen=True)
class StrikeColumns:
    """The located strikes table: every schema column as one sequence, and each strike's place.

    This is what every reader produces (geomap's CSV, an ACLED export,
    reviewed rows) and what every writer reads (the map, GeoJSON, CSV,
    KML).  ``resolved`` lists, once per name, how each place name was
    resolved, so a caller can tell which came from a fallback gazetteer.
    """

    fields: dict[str, Sequence[Any]]
    places: Sequence[Place]
    resolved: dict[str, Resolution | None]
    rows: Sequence[int] | None = None  # each strike's row in its file, where known

    def __len__(self) -> int:
        return len(self.places)

    def located(self) -> list[LocatedStrike]:
        """One :class:`LocatedStrike` per row (for callers that want a strike at a time)."""
        rows = self.rows or [None] * len(self)
        names = ALL_STRIKE_COLUMNS
        out = []
        for values, place, row in zip(zip(*(self.fields[name] for name in names)), self.places, rows):
            strike = Strike(**dict(zip(names, values)), row=row)
            found = self.resolved.get(strike.place)
            out.append(LocatedStrike(strike, place, found.matched if found else place.name,
                                     found.source if found else "as given"))
        return out


def as_table(strikes: "list[LocatedStrike] | StrikeColumns") -> StrikeColumns:
    """The located table itself, or the table of strikes a library user located one by one."""
    return strikes if isinstance(strikes, StrikeColumns) else columns_of(list(strikes))


def columns_of(located: list[LocatedStrike]) -> StrikeColumns:
    """The table of already located strikes (strikes a library user located one by one)."""
    fields = {name: [getattr(item.strike, name) for item in located] for name in ALL_STRIKE_COLUMNS}
    return StrikeColumns(fields, [item.place for item in located], {},
                         [item.strike.row for item in located])


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


def locate_columns(fields: dict[str, Sequence[Any]], finder: PlaceSource, problems: "ProblemList", *,
                   rows: Sequence[int] | None = None) -> StrikeColumns:
    """Resolve every strike's place; each unknown one goes to ``problems`` with ranked suggestions.

    Strikes whose place is empty or unknown are placed nowhere and left out
    of the returned table, which then only serves to report the problems.
    """
    pairs = pairs_of(fields["place"], fields["province"])
    resolved = resolve_together(finder, [pair for pair in distinct_in_order(pairs) if pair[0]])
    unknown = {pair for pair, found in resolved.items() if found is None}
    if unknown:
        from ..records.table import rows_holding

        for (place, province), indexes in rows_holding(pairs, unknown).items():
            suggestions = [p.label for p, _ in finder.search_fuzzy(place)]
            hint = f"; did you mean: {', '.join(suggestions)}?" if suggestions else ""
            where = f" in {province!r}" if province else ""
            problems.add(indexes, "place", f"{place!r}{where} is not in the gazetteer ({finder.source}){hint} "
                                           "Add it, or a spelling of it, to the gazetteer.", again=repr(place),
                         last=True)
    if unknown or "" in fields["place"]:  # left out: they are only reported
        keep = [i for i, pair in enumerate(pairs) if pair[0] and pair not in unknown]
        fields = {name: [column[i] for i in keep] for name, column in fields.items()}
        rows = [rows[i] for i in keep] if rows is not None else None
        pairs = [pairs[i] for i in keep]
    places = each(pairs, lambda pair: resolved[pair].place)
    return StrikeColumns(fields, places, {name: found for (name, _), found in resolved.items()}, rows)


def locate_strikes(strikes: list[Strike], gazetteer: PlaceSource, *, source: str) -> list[LocatedStrike]:
    """Resolve every strike's ``place``; raise :class:`BadInput` listing every unknown one.

    ``source`` names the strikes file in the error messages.
    """
    from ..records.table import ProblemList

    fields = {name: [getattr(s, name) for s in strikes] for name in ALL_STRIKE_COLUMNS}
    problems = ProblemList(lambda i: (source, strikes[i].row))
    table = locate_columns(fields, gazetteer, problems, rows=[s.row for s in strikes])
    if problems.found:
        raise BadInput(problems.sorted())
    return table.located()
