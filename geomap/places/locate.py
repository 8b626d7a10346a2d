"""Put strikes on the ground: resolve each strike's place in the gazetteer.

This is the middle step of geomap's one-way flow (records in, places resolved,
map out).  A strike whose place cannot be resolved is a problem of the strikes
file, reported with the file, the row and the field like any other.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import BadInput, Problem
from .finder import PlaceSource
from .gazetteer import Place
from ..records.strikes import PRECISION_MIN_RADIUS_KM, Strike


#: Rows listed one by one for one unknown place name; the rest are summed up in one problem.
ROWS_LISTED_PER_PLACE = 3


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


def locate_strikes(strikes: list[Strike], gazetteer: PlaceSource, *, source: str) -> list[LocatedStrike]:
    """Resolve every strike's ``place``; raise :class:`BadInput` listing every unknown one.

    ``source`` names the strikes file in the error messages.
    """
    located, problems = resolve_places(strikes, gazetteer, source=source)
    if problems:
        raise BadInput(problems)
    return located


def resolve_places(
    strikes: list[Strike], gazetteer: PlaceSource, *, source: str
) -> tuple[list[LocatedStrike], list[Problem]]:
    """The strikes whose place resolves, and a problem (with suggestions) for each that does not.

    ``gazetteer`` is the curated :class:`~geomap.places.gazetteer.Gazetteer` or a
    :class:`~geomap.places.finder.PlaceFinder` chain; both resolve and suggest alike.
    """
    from ..records.columns import resolve_together

    located: list[LocatedStrike] = []
    problems: list[Problem] = []
    # A file names the same places many times, and its places are resolved as one file.
    resolved = resolve_together(gazetteer, [(s.place, s.province) for s in strikes if s.place])
    suggested: dict[str, str] = {}
    unknown_rows: dict[str, list[int | None]] = {}
    for strike in strikes:
        if not strike.place:
            continue  # already reported as an empty required field
        found = resolved[(strike.place, strike.province)]
        if found is None:
            rows_so_far = unknown_rows.setdefault(strike.place, [])
            rows_so_far.append(strike.row)
            if len(rows_so_far) > ROWS_LISTED_PER_PLACE:
                continue  # summed up below: one line, not 20,000
            if strike.place not in suggested:
                suggestions = [p.label for p, _ in gazetteer.search_fuzzy(strike.place)]
                suggested[strike.place] = f"; did you mean: {', '.join(suggestions)}?" if suggestions else ""
            where = f" in {strike.province!r}" if strike.province else ""
            problems.append(Problem(
                source, strike.row, "place",
                f"{strike.place!r}{where} is not in the gazetteer ({gazetteer.source}){suggested[strike.place]} "
                "Add it, or a spelling of it, to the gazetteer.",
            ))
            continue
        located.append(LocatedStrike(strike, found.place, found.matched, found.source))
    for place, rows in unknown_rows.items():
        if len(rows) > ROWS_LISTED_PER_PLACE:
            rest = rows[ROWS_LISTED_PER_PLACE:]
            problems.append(Problem(
                source, rest[0], "place",
                f"{place!r} again, and in {len(rest) - 1:,} more rows after this one (the last is row "
                f"{rest[-1]}); the same fix covers them all",
            ))
    return located, problems
