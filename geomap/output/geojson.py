"""Located strikes as plain data: GeoJSON features, and the pieces the map shares with them.

The GeoJSON export is made from :func:`strike_properties`.  The HTML map
sends the same fields in compact tables (:func:`geomap.output.page.map_data`) and
uses :func:`describe_place` and :func:`operation_totals` from here, so both say
the same about a place and an operation.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Iterator

from ..places.gazetteer import Place
from ..records.coded import Coded
from ..records.schema import EXPORTED_COLUMNS
from ..records.values import PRECISION_MIN_RADIUS_KM, date_label, precise_range

if TYPE_CHECKING:
    from ..places.locate import StrikeColumns

COUNTRY_NAMES = {
    "SY": "Syria", "LB": "Lebanon", "IQ": "Iraq", "IR": "Iran", "IL": "Israel",
    "JO": "Jordan", "TR": "Turkey", "PS": "Palestine", "EG": "Egypt", "YE": "Yemen",
}


def describe_place(place: Place, radius_km: float) -> str:
    """Where a place is, in words, with the radius a strike there may lie within.

    'Deir ez-Zor (city), Deir ez-Zor, Syria; somewhere within 6 km'
    """
    parts = [f"{place.name} ({place.kind})"]
    if place.province and place.province != place.name:
        parts.append(place.province)
    parts.append(COUNTRY_NAMES.get(place.country, place.country))
    text = ", ".join(parts)
    if radius_km > 0:
        text += f"; somewhere within {radius_km:g} km"
    return text


def operation_totals(table: "StrikeColumns") -> dict[str, dict[str, Any]]:
    """Per operation: its own casualty figures (recorded once) and how many strikes it has."""
    from ..places.locate import as_table

    f = as_table(table).fields
    totals: dict[str, dict[str, Any]] = {}
    if isinstance(f["operation"], Coded) and not any(f["operation"].values):
        return totals  # no strike is part of an operation: no pass over the rows
    for operation, scope, killed, injured, source in zip(
        f["operation"], f["casualty_scope"], f["killed"], f["injured"], f["casualty_source"]
    ):
        if not operation:
            continue
        entry = totals.setdefault(operation, {"killed": None, "injured": None, "source": "", "strikes": 0})
        entry["strikes"] += 1
        if scope == "operation":
            entry.update(killed=killed, injured=injured, source=source)
    return dict(sorted(totals.items()))


def strike_properties(table: "StrikeColumns") -> Iterator[tuple[dict[str, Any], Place]]:
    """Each strike's exported properties (JSON-ready) and its place, one strike at a time.

    Every column the schema marks ``exported`` is written under its own name;
    added are what the place and the date's precision say: the resolved
    place, its kind, country and province, the area's radius, and the date
    as shown and as a range of days.  Nothing is held for all strikes at once,
    so an export of a million strikes streams.
    """
    from ..places.locate import as_table

    table = as_table(table)
    f = table.fields
    names = EXPORTED_COLUMNS
    dates: dict[tuple[str, str], dict[str, str]] = {}
    for values, place, written, reported, precision in zip(zip(*(f[name] for name in names)), table.places,
                                                           f["place"], f["place_reported"],
                                                           f["location_precision"]):
        properties = dict(zip(names, values))
        key = (properties["date"], properties["date_precision"])
        if key not in dates:
            first, last = precise_range(*key)
            label = date_label(key[0])
            dates[key] = {"date_label": f"week of {label}" if key[1] == "week" else label,
                          "first_day": first.isoformat(), "last_day": last.isoformat()}
        properties.update(dates[key])
        properties.update(
            place=place.name, place_id=place.id, place_reported=reported or written,
            place_kind=place.kind, country=place.country, province=place.province,
            radius_km=max(place.radius_km, PRECISION_MIN_RADIUS_KM[precision]),
            sources=list(properties["sources"]),
        )
        yield properties, place


def geojson_chunks(table: "StrikeColumns") -> Iterator[str]:
    """The GeoJSON export, a feature per line: a FeatureCollection of Points, fields as properties."""
    try:
        import orjson  # five times json's speed, and the same text for the same values

        def encode(value: Any) -> str:
            return orjson.dumps(value).decode("utf-8")
    except ImportError:
        def encode(value: Any) -> str:
            return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    yield '{"type":"FeatureCollection","features":['
    separator = "\n"
    for properties, place in strike_properties(table):
        feature = {"type": "Feature", "id": properties["id"],
                   "geometry": {"type": "Point", "coordinates": [place.longitude, place.latitude]},
                   "properties": properties}
        yield separator + encode(feature)
        separator = ",\n"
    yield "\n]}\n"


def to_geojson(table: "StrikeColumns") -> dict[str, Any]:
    """The GeoJSON export as one dict (for a library user; the command streams it).

    >>> from geomap.places.locate import columns_of
    >>> to_geojson(columns_of([]))["type"]
    'FeatureCollection'
    """
    return json.loads("".join(geojson_chunks(table)))


def geojson_text(table: "StrikeColumns") -> str:
    """The GeoJSON export as text: stable key order, UTF-8, one feature per line."""
    return "".join(geojson_chunks(table))
