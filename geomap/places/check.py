"""Safety-net checks on the curated gazetteer, beyond what loading it already refuses.

Loading refuses a spelling that names two places and coordinates outside the
stated country's bounding box.  These checks look further, against two
independent references bundled with geomap:

- the country outlines (Natural Earth 1:50m): a place more than
  ``OUTLINE_KM`` outside its country's outline is probably mistyped;
- the GeoNames table: a row whose ``geonames_id`` sits more than
  ``GEONAMES_KM`` (geodesic) from that GeoNames place has a wrong id or
  wrong coordinates.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

from ..errors import Problem
from .gazetteer import Gazetteer, Place
from .regional import RegionalGazetteer
from ..paths import bundled_file

OUTLINES = bundled_file("outlines.geojson")
GEONAMES_KM = 5.0
# The 1:50m outlines cut coasts and small bends by a few km (Beirut's shore
# falls outside Lebanon's), so only a clear miss counts.
OUTLINE_KM = 10.0


@dataclass(frozen=True)
class CheckReport:
    """What ``gazetteer check`` found: problems to fix, and notes that need no fix."""

    problems: list[Problem]
    notes: list[str]
    places: int
    spellings: int


def _rings(geometry: dict) -> list[list[tuple[float, float]]]:
    if geometry["type"] == "Polygon":
        return [[tuple(p) for p in ring] for ring in geometry["coordinates"]]
    if geometry["type"] == "MultiPolygon":
        return [[tuple(p) for p in ring] for polygon in geometry["coordinates"] for ring in polygon]
    return []


def _inside(lon: float, lat: float, rings: list[list[tuple[float, float]]]) -> bool:
    """Even-odd rule over every ring (holes included)."""
    inside = False
    for ring in rings:
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
            if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
                inside = not inside
    return inside


def _km_to_outline(lon: float, lat: float, rings: list[list[tuple[float, float]]]) -> float:
    """Distance in km to the nearest outline vertex (outlines are dense enough at 1:50m)."""
    scale = math.cos(math.radians(lat))
    return min(
        111.2 * math.hypot((x - lon) * scale, y - lat)
        for ring in rings for x, y in ring
    )


def country_outlines() -> dict[str, list[list[tuple[float, float]]]]:
    """Rings of each bundled country outline, by ISO code."""
    from ..output.geojson import COUNTRY_NAMES

    codes = {name: code for code, name in COUNTRY_NAMES.items()}
    data = json.loads(OUTLINES.read_text(encoding="utf-8"))
    outlines: dict[str, list] = {}
    for feature in data["features"]:
        code = codes.get(feature["properties"]["name"])
        if code:
            outlines.setdefault(code, []).extend(_rings(feature["geometry"]))
    return outlines


def check_gazetteer(gazetteer: Gazetteer, *, geonames: RegionalGazetteer | None = None) -> CheckReport:
    """Check every curated place against the outlines and GeoNames.

    >>> report = check_gazetteer(Gazetteer.from_csv("data/gazetteer.csv"))   # doctest: +SKIP
    >>> report.problems                                                       # doctest: +SKIP
    []
    """
    from geopy.distance import geodesic

    geonames = geonames or RegionalGazetteer()
    outlines = country_outlines()
    problems: list[Problem] = []
    notes: list[str] = []

    def problem(place: Place, field: str, message: str) -> None:
        problems.append(Problem(gazetteer.source, gazetteer.rows.get(place.id), field, message))

    for place in gazetteer:
        rings = outlines.get(place.country)
        if rings and not _inside(place.longitude, place.latitude, rings):
            away = _km_to_outline(place.longitude, place.latitude, rings)
            if away > OUTLINE_KM:
                problem(place, "latitude", f"{place.latitude:g}, {place.longitude:g} lies {away:.0f} km outside "
                        f"{place.country}'s outline; check the coordinates and the country")
        if place.geonames_id:
            reference = geonames.by_geonames_id(place.geonames_id)
            if reference is None:
                notes.append(f"{place.id}: GeoNames {place.geonames_id} is not in the bundled table "
                             "(it holds populated places only); not compared")
                continue
            km = geodesic((place.latitude, place.longitude), (reference.latitude, reference.longitude)).km
            if km > max(GEONAMES_KM, place.radius_km):
                problem(place, "geonames_id", f"GeoNames {place.geonames_id} ({reference.name}, {reference.country}) "
                        f"lies {km:.1f} km from this row's coordinates (more than {GEONAMES_KM:g} km); "
                        "one of the two is wrong")
    problems.sort(key=lambda p: p.row or 0)
    return CheckReport(problems, notes, len(gazetteer), sum(len(p.spellings) for p in gazetteer))
