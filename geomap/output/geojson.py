"""Located strikes as plain data: GeoJSON features, and the pieces the map shares with them.

The GeoJSON export is made from :func:`strike_properties`.  The HTML map
sends the same fields in compact tables (:func:`geomap.output.page.map_data`) and
uses :func:`describe_place` and :func:`operation_totals` from here, so both say
the same about a place and an operation.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ..places.gazetteer import Place
from ..places.locate import LocatedStrike

if TYPE_CHECKING:
    from ..records.columns import StrikeColumns

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


def operation_totals(located: "list[LocatedStrike] | StrikeColumns") -> dict[str, dict[str, Any]]:
    """Per operation: its own casualty figures (recorded once) and how many strikes it has."""
    from ..records.columns import StrikeColumns, columns_of

    columns = located if isinstance(located, StrikeColumns) else columns_of(located)
    f = columns.fields
    totals: dict[str, dict[str, Any]] = {}
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


def strike_properties(item: LocatedStrike) -> dict[str, Any]:
    """The strike's fields, its resolved place and its area, as JSON-ready values."""
    s, place = item.strike, item.place
    return {
        "id": s.id,
        "date": s.date,
        "date_precision": s.date_precision,
        "date_label": s.date_label,
        "first_day": s.first_day.isoformat(),
        "last_day": s.last_day.isoformat(),
        "time_local": s.time_local,
        "place": place.name,
        "place_id": place.id,
        "place_reported": s.place_reported or s.place,
        "place_kind": place.kind,
        "country": place.country,
        "province": place.province,
        "location_precision": s.location_precision,
        "radius_km": item.radius_km,
        "actor": s.actor,
        "attribution": s.attribution,
        "target": s.target,
        "killed": s.killed,
        "injured": s.injured,
        "casualty_scope": s.casualty_scope,
        "casualty_source": s.casualty_source,
        "operation": s.operation,
        "sources": list(s.sources),
        "source_url": s.source_url,
        "source_document": s.source_document,
        "summary": s.summary,
        "notes": s.notes,
    }


def to_geojson(located: list[LocatedStrike]) -> dict[str, Any]:
    """A GeoJSON FeatureCollection: one Point per strike, its fields as properties.

    >>> to_geojson([])["type"]
    'FeatureCollection'
    """
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": item.strike.id,
                "geometry": {"type": "Point", "coordinates": [item.longitude, item.latitude]},
                "properties": strike_properties(item),
            }
            for item in located
        ],
    }


def geojson_text(located: list[LocatedStrike]) -> str:
    """The GeoJSON export as text: stable key order, UTF-8, one trailing newline."""
    return json.dumps(to_geojson(located), ensure_ascii=False, indent=1) + "\n"
