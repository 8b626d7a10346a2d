"""Located strikes for other tools: a CSV for spreadsheets and KML for Google Earth.

Both are made from :func:`geomap.output.geojson.strike_properties`, the same
fields the GeoJSON export and the map carry, so every writer says the same
about a strike.
"""

from __future__ import annotations

import csv
import io
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from ..places.locate import LocatedStrike
from .geojson import strike_properties

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


def csv_text(located: list[LocatedStrike]) -> str:
    """One row per strike: every exported field, then latitude and longitude; sources ``;``-joined."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    header: list[str] | None = None
    for item in located:
        properties = strike_properties(item)
        properties["sources"] = "; ".join(properties["sources"])
        properties["latitude"], properties["longitude"] = item.latitude, item.longitude
        if header is None:
            header = list(properties)
            writer.writerow(header)
        writer.writerow(["" if properties[k] is None else spreadsheet_safe(properties[k]) for k in header])
    if header is None:
        writer.writerow(["id"])
    return out.getvalue()


def kml_text(located: list[LocatedStrike], *, title: str = "Reported strikes") -> str:
    """A KML document: a placemark per strike with its time span, so Google Earth's time slider works.

    Every value is XML-escaped; the description is plain text, never HTML.
    """
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<kml xmlns="http://www.opengis.net/kml/2.2">', "<Document>", f"<name>{escape(title)}</name>"]
    for item in located:
        p = strike_properties(item)
        description = "\n".join(f"{label}: {value}" for label, value in (
            ("Date", p["date_label"]), ("Place", p["place_reported"]), ("Located", p["place"]),
            ("Target", p["target"]), ("Actor", f"{p['actor']} ({p['attribution']})" if p["actor"] else p["attribution"]),
            ("Killed", p["killed"]), ("Injured", p["injured"]), ("Sources", "; ".join(p["sources"])),
            ("Link", p["source_url"]), ("Document", p["source_document"]), ("Summary", p["summary"]),
            ("Notes", p["notes"]), ("Id", p["id"]),
        ) if value not in ("", None))
        lines += [
            f"<Placemark id={quoteattr(str(p['id']))}>",
            f"<name>{escape(str(p['date_label']))} \u2014 {escape(str(p['place']))}</name>",
            f"<description>{escape(description)}</description>",
            f"<TimeSpan><begin>{p['first_day']}</begin><end>{p['last_day']}</end></TimeSpan>",
            "<ExtendedData>",
            *(f"<Data name={quoteattr(key)}><value>{escape(_text(value))}</value></Data>"
              for key, value in p.items()),
            "</ExtendedData>",
            f"<Point><coordinates>{item.longitude!r},{item.latitude!r}</coordinates></Point>",
            "</Placemark>",
        ]
    lines += ["</Document>", "</kml>", ""]
    return "\n".join(lines)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "; ".join(map(str, value))
    return str(value)
