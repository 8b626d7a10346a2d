"""Located strikes for other tools: a CSV for spreadsheets and KML for Google Earth.

Both are made from :func:`geomap.output.geojson.strike_properties`, the same
fields the GeoJSON export and the map carry, so every writer says the same
about a strike.
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING, Any, Iterator
from xml.sax.saxutils import escape, quoteattr

from .geojson import strike_properties

if TYPE_CHECKING:
    from ..places.locate import StrikeColumns

#: Leading characters a spreadsheet reads as the start of a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula gets a leading apostrophe.

    Report text is untrusted: "=HYPERLINK(...)" in a target or a file name
    must stay text when an analyst opens the export.  Numbers are left alone.
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_chunks(table: "StrikeColumns") -> Iterator[str]:
    """One row per strike: every exported field, then latitude and longitude; sources ``;``-joined."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    header: list[str] | None = None
    for number, (properties, place) in enumerate(strike_properties(table), start=1):
        properties["sources"] = "; ".join(properties["sources"])
        properties["latitude"], properties["longitude"] = place.latitude, place.longitude
        if header is None:
            header = list(properties)
            writer.writerow(header)
        writer.writerow(["" if properties[k] is None else spreadsheet_safe(properties[k]) for k in header])
        if number % 10_000 == 0:
            yield _drain(out)
    if header is None:
        writer.writerow(["id"])
    yield _drain(out)


def _drain(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def kml_chunks(table: "StrikeColumns", *, title: str = "Reported strikes") -> Iterator[str]:
    """A KML document: a placemark per strike with its time span, so Google Earth's time slider works.

    Every value is XML-escaped; the description is plain text, never HTML.
    """
    yield "\n".join(['<?xml version="1.0" encoding="UTF-8"?>',
                     '<kml xmlns="http://www.opengis.net/kml/2.2">', "<Document>",
                     f"<name>{escape(title)}</name>"]) + "\n"
    for p, place in strike_properties(table):
        description = "\n".join(f"{label}: {value}" for label, value in (
            ("Date", p["date_label"]), ("Place", p["place_reported"]), ("Located", p["place"]),
            ("Target", p["target"]), ("Actor", f"{p['actor']} ({p['attribution']})" if p["actor"] else p["attribution"]),
            ("Killed", p["killed"]), ("Injured", p["injured"]), ("Sources", "; ".join(p["sources"])),
            ("Link", p["source_url"]), ("Document", p["source_document"]), ("Summary", p["summary"]),
            ("Notes", p["notes"]), ("Id", p["id"]),
        ) if value not in ("", None))
        yield "\n".join([
            f"<Placemark id={quoteattr(str(p['id']))}>",
            f"<name>{escape(str(p['date_label']))} \u2014 {escape(str(p['place']))}</name>",
            f"<description>{escape(description)}</description>",
            f"<TimeSpan><begin>{p['first_day']}</begin><end>{p['last_day']}</end></TimeSpan>",
            "<ExtendedData>",
            *(f"<Data name={quoteattr(key)}><value>{escape(_text(value))}</value></Data>"
              for key, value in p.items()),
            "</ExtendedData>",
            f"<Point><coordinates>{place.longitude!r},{place.latitude!r}</coordinates></Point>",
            "</Placemark>",
        ]) + "\n"
    yield "</Document>\n</kml>\n"


def csv_text(table: "StrikeColumns") -> str:
    """The CSV export as one text."""
    return "".join(csv_chunks(table))


def kml_text(table: "StrikeColumns", *, title: str = "Reported strikes") -> str:
    """The KML export as one text."""
    return "".join(kml_chunks(table, title=title))


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "; ".join(map(str, value))
    return str(value)
