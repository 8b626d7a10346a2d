"""The curated gazetteer: places, every spelling of them, and lookups by any spelling.

Searchable three ways, like pycountry: :meth:`Gazetteer.get` returns ``None``
(or a default) for an unknown name, :meth:`Gazetteer.lookup` raises
:class:`~geomap.errors.UnknownPlace` with ranked suggestions, and
:meth:`Gazetteer.search_fuzzy` ranks near misses.  One normalisation
(:func:`geomap.places.names.name_key`) is used for indexing and for querying.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from ..records.csvfile import read_csv
from ..errors import BadInput, Problem, UnknownPlace
from .names import bare, name_key, plain

KINDS = (
    "city", "town", "village", "neighbourhood", "shrine", "airport", "military site", "research site",
    "hospital", "camp", "dam", "bridge", "road", "border crossing", "river crossing",
    "border area", "subdistrict", "district", "desert area", "region", "province", "country",
)

# How precisely each kind of feature places a strike, in the words of the
# strikes file's location_precision: the exact site, a town, an area, a province.
PRECISION_OF_KIND = {
    "airport": "site", "military site": "site", "road": "site", "border crossing": "site",
    "river crossing": "site", "shrine": "site", "research site": "site", "hospital": "site", "camp": "site",
    "dam": "site", "bridge": "site",
    "city": "town", "town": "town", "village": "town", "neighbourhood": "town",
    "border area": "area", "subdistrict": "area", "district": "area", "desert area": "area", "region": "area",
    "province": "province", "country": "province",
}

GAZETTEER_COLUMNS = (
    "id", "name", "aliases", "latitude", "longitude", "kind", "country", "province",
    "geonames_id", "radius_km", "coord_source",
)
GAZETTEER_OPTIONAL = ("notes", "district")

# Rough bounding boxes (south, west, north, east) of the countries the data is
# about, used by the safety-net check that coordinates sit inside the stated
# country.  Generous by a few km on purpose: they catch swapped or mistyped
# coordinates, not border disputes.
COUNTRY_BOXES: dict[str, tuple[float, float, float, float]] = {
    "SY": (32.3, 35.6, 37.4, 42.5),
    "LB": (33.0, 35.0, 34.8, 36.7),
    "IQ": (29.0, 38.7, 37.5, 48.7),
    "IR": (25.0, 44.0, 39.8, 63.4),
    "IL": (29.4, 34.2, 33.4, 35.95),
    "JO": (29.1, 34.9, 33.4, 39.4),
    "TR": (35.8, 25.6, 42.2, 44.9),
}


@dataclass(frozen=True)
class Place:
    """A curated place: where it is, what it is, how big, and who says so."""

    id: str
    name: str
    aliases: tuple[str, ...]
    latitude: float
    longitude: float
    kind: str
    country: str
    province: str
    geonames_id: int | None
    radius_km: float
    coord_source: str
    notes: str = ""
    district: str = ""

    @property
    def spellings(self) -> tuple[str, ...]:
        """The canonical name followed by every alias."""
        return (self.name, *self.aliases)

    @property
    def where(self) -> str:
        """Its province and country, to tell namesakes apart: 'Homs, SY'."""
        return ", ".join(part for part in (self.province, self.country) if part)

    @property
    def label(self) -> str:
        """The name with where it is: 'Al Quşayr (Homs, SY)'."""
        return f"{self.name} ({self.where})"

    @property
    def is_area(self) -> bool:
        """True when the place is an area (a point would claim false precision)."""
        return self.radius_km > 0

    @property
    def precision(self) -> str:
        """How precisely this place locates a strike: site, town, area or province."""
        return PRECISION_OF_KIND.get(self.kind, "area")


@dataclass(frozen=True)
class Resolution:
    """How one query resolved: the place, the spelling that matched, how, and how sure."""

    query: str
    place: Place
    matched: str
    method: str  # "exact", "normalised" or "online"
    confidence: float
    source: str = "curated"  # which gazetteer answered: curated, regional or nominatim
    precision: str = ""  # site, town, near, area or province; empty: what the place's kind gives
    reason: str = ""     # why the answer is what it is, for people: context used, namesakes left out

    @property
    def precision_km(self) -> float:
        """Radius in km within which the place lies; what the map draws around it."""
        return self.place.radius_km

    @property
    def location_precision(self) -> str:
        """How precisely the answer places a strike: the wording's precision, else the place's."""
        return self.precision or self.place.precision


def _parse_float(text: str, lo: float, hi: float) -> float:
    value = float(text)
    if not math.isfinite(value) or not lo <= value <= hi:
        raise ValueError
    return value


class Gazetteer:
    """A set of places searchable by any of their spellings.

    >>> gaz = Gazetteer.from_csv("data/gazetteer.csv")   # doctest: +SKIP
    >>> gaz.lookup("Al-Bokamal").name                     # doctest: +SKIP
    'Al Bukamal'
    """

    def __init__(self, places: list[Place], *, source: str = "<memory>", rows: dict[str, int] | None = None):
        self.source = source
        self.places: tuple[Place, ...] = tuple(places)
        self._by_id: dict[str, Place] = {}
        self._by_plain: dict[str, tuple[Place, str]] = {}
        self._by_key: dict[str, tuple[Place, str]] = {}
        self._fuzzy = None  # built on the first fuzzy search
        rows = rows or {}
        self.rows = dict(rows)  # place id -> row number in the file, for messages
        clashes: list[Problem] = []
        for place in self.places:
            if place.id in self._by_id:
                clashes.append(Problem(source, rows.get(place.id), "id", f"{place.id!r} is used twice"))
            self._by_id[place.id] = place
            for spelling in place.spellings:
                for index, key in ((self._by_plain, plain(spelling)), (self._by_key, name_key(spelling))):
                    other = index.get(key)
                    if other is not None and other[0].id != place.id:
                        where = f" (row {rows[other[0].id]})" if other[0].id in rows else ""
                        clashes.append(Problem(
                            source, rows.get(place.id), "aliases",
                            f"{spelling!r} would name both {place.id!r} and {other[0].id!r}{where}, "
                            f"whose spelling {other[1]!r} reads the same; one spelling must name one place",
                        ))
                        break  # one message per spelling is enough
                    index.setdefault(key, (place, spelling))
        if clashes:
            # Silently keeping one of two places would put strikes in the wrong town.
            raise BadInput(clashes)

    @classmethod
    def from_csv(cls, path: Path | str) -> "Gazetteer":
        """Load and validate a gazetteer CSV (see the README for its columns)."""
        name = str(path)
        rows = read_csv(path, required=GAZETTEER_COLUMNS, optional=GAZETTEER_OPTIONAL)
        problems: list[Problem] = []
        places: list[Place] = []
        row_of: dict[str, int] = {}
        for row in rows:
            cells = row.cells

            def bad(field: str, message: str) -> None:
                problems.append(Problem(name, row.number, field, message))

            for field in ("id", "name", "kind", "country", "coord_source"):
                if not cells[field]:
                    bad(field, "is empty")
            try:
                latitude = _parse_float(cells["latitude"], -90, 90)
            except ValueError:
                bad("latitude", f"{cells['latitude']!r} is not a latitude (a number from -90 to 90)")
                latitude = math.nan
            try:
                longitude = _parse_float(cells["longitude"], -180, 180)
            except ValueError:
                bad("longitude", f"{cells['longitude']!r} is not a longitude (a number from -180 to 180)")
                longitude = math.nan
            if cells["kind"] and cells["kind"] not in KINDS:
                bad("kind", f"{cells['kind']!r} is not one of: {', '.join(KINDS)}")
            country = cells["country"].upper()
            if country and (len(country) != 2 or not country.isalpha()):
                bad("country", f"{cells['country']!r} is not a two-letter ISO country code")
            box = COUNTRY_BOXES.get(country)
            if box and math.isfinite(latitude) and math.isfinite(longitude):
                south, west, north, east = box
                inside = south <= latitude <= north and west <= longitude <= east
                swapped = south <= longitude <= north and west <= latitude <= east
                if not inside and swapped:
                    bad("latitude", f"latitude {cells['latitude']} and longitude {cells['longitude']} "
                        f"look swapped: the other way round they fall inside {country}")
                elif not inside:
                    bad("latitude", f"{latitude:g}, {longitude:g} lies outside {country} "
                        f"(about {south:g} to {north:g} N, {west:g} to {east:g} E)")
            geonames_id: int | None = None
            if cells["geonames_id"]:
                try:
                    geonames_id = int(cells["geonames_id"])
                    if geonames_id <= 0:
                        raise ValueError
                except ValueError:
                    bad("geonames_id", f"{cells['geonames_id']!r} is not a GeoNames id (a positive whole number)")
            try:
                radius_km = _parse_float(cells["radius_km"] or "0", 0, 2000)
            except ValueError:
                bad("radius_km", f"{cells['radius_km']!r} is not a radius in km (0 to 2000)")
                radius_km = 0.0
            aliases = tuple(a.strip() for a in cells["aliases"].split(";") if a.strip())
            row_of.setdefault(cells["id"], row.number)
            places.append(Place(
                id=cells["id"], name=cells["name"], aliases=aliases,
                latitude=latitude, longitude=longitude, kind=cells["kind"],
                country=country, province=cells["province"], geonames_id=geonames_id,
                radius_km=radius_km, coord_source=cells["coord_source"], notes=cells["notes"],
                district=cells["district"],
            ))
        if problems:
            raise BadInput(problems)
        return cls(places, source=name, rows=row_of)

    def __len__(self) -> int:
        return len(self.places)

    def __iter__(self):
        return iter(self.places)

    def by_id(self, place_id: str) -> Place | None:
        """The place with this id, or ``None``."""
        return self._by_id.get(place_id)

    def resolve(self, query: str) -> Resolution | None:
        """Resolve ``query`` by id, exact spelling, or normalised spelling; else ``None``."""
        if query in self._by_id:
            place = self._by_id[query]
            return Resolution(query, place, place.name, "exact", 1.0)
        hit = self._by_plain.get(plain(query))
        if hit is not None:
            return Resolution(query, hit[0], hit[1], "exact", 1.0)
        key = name_key(query)
        hit = self._by_key.get(key) if key else None
        if hit is not None:
            return Resolution(query, hit[0], hit[1], "normalised", 0.9)
        return None

    def get(self, query: str, default: Place | None = None) -> Place | None:
        """The place ``query`` names, or ``default`` when none does."""
        found = self.resolve(query)
        return found.place if found else default

    def lookup(self, query: str) -> Place:
        """The place ``query`` names; raises :class:`UnknownPlace` with suggestions."""
        found = self.resolve(query)
        if found is None:
            raise UnknownPlace(query, [p.name for p, _ in self.search_fuzzy(query)])
        return found.place

    def search_fuzzy(self, query: str, *, limit: int = 5, cutoff: float = 0.6) -> list[tuple[Place, float]]:
        """Places whose spellings resemble ``query``, best first, each with a score in 0..1.

        Scored like every gazetteer in the chain (:class:`geomap.places.fuzzy.TrigramIndex`),
        so suggestions from several gazetteers can be ranked together; ties
        come out in the same order on every run.
        """
        from .fuzzy import TrigramIndex

        if self._fuzzy is None:
            self._fuzzy = TrigramIndex(
                (name_key(spelling), bare(spelling), place.id)
                for place in self.places for spelling in place.spellings
            )
        found = self._fuzzy.search(name_key(query), bare(query), limit=limit, cutoff=cutoff)
        return [(self._by_id[place_id], score) for place_id, score in found]
