"""Place names looked up the way an analyst without geomap would: a GeoNames dump and a dict.

The user downloads GeoNames' country dumps (here Syria, Iraq and Lebanon, the
files ``scripts/make_gazetteer.py`` reads), loads them with pandas, and maps
every name, ASCII name and alternate name, lower-cased, to the coordinates of
its most populous place.  A name missing from the dict goes to RapidFuzz's
``process.extractOne`` over every name with ``fuzz.ratio`` (score 85 or more), the usual pick
for misspellings (the default scorer, WRatio, takes 130 ms a name over these 142,000 names).  No context, no compound wording, no namesakes weighed.

    python3 benchmarks/peers/geonames_lookup.py GEONAMES_DIR NAMES_FILE > answers.tsv

Prints one line per name: the name, then latitude and longitude, or "-" for none.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
from rapidfuzz import fuzz, process

COLUMNS = ["geonameid", "name", "asciiname", "alternatenames", "latitude", "longitude", "feature_class",
           "feature_code", "country", "cc2", "admin1", "admin2", "admin3", "admin4", "population",
           "elevation", "dem", "timezone", "modified"]
FUZZY_CUTOFF = 85


def load(folder: Path) -> dict[str, tuple[float, float]]:
    """Every lower-cased name of the dumps in ``folder`` -> (latitude, longitude) of its most populous place."""
    frames = [pd.read_csv(folder / f"{code}.txt", sep="\t", header=None, names=COLUMNS, dtype=str,
                          keep_default_na=False, quoting=3) for code in ("SY", "IQ", "LB")]
    places = pd.concat(frames, ignore_index=True)
    places["population"] = pd.to_numeric(places["population"], errors="coerce").fillna(0)
    places = places.sort_values("population", ascending=False, kind="stable")
    names: dict[str, tuple[float, float]] = {}
    for name, ascii_name, alternates, lat, lon in zip(places["name"], places["asciiname"],
                                                      places["alternatenames"], places["latitude"],
                                                      places["longitude"]):
        for spelling in (name, ascii_name, *alternates.split(",")):
            names.setdefault(spelling.strip().lower(), (float(lat), float(lon)))
    names.pop("", None)
    return names


class Lookup:
    def __init__(self, folder: Path):
        self.names = load(folder)
        self.choices = list(self.names)

    def exact(self, query: str) -> tuple[float, float] | None:
        return self.names.get(query.strip().lower())

    def find(self, query: str) -> tuple[float, float] | None:
        """The dict's answer, else the best fuzzy match scoring at least FUZZY_CUTOFF."""
        found = self.exact(query)
        if found is None:
            best = process.extractOne(query.strip().lower(), self.choices, scorer=fuzz.ratio,
                                      score_cutoff=FUZZY_CUTOFF)
            found = self.names[best[0]] if best else None
        return found


def main(folder: str, names_file: str) -> None:
    lookup = Lookup(Path(folder))
    out = []
    for query in Path(names_file).read_text(encoding="utf-8").splitlines():
        found = lookup.find(query)
        out.append(f"{query}\t{found[0]:.5f}\t{found[1]:.5f}" if found else f"{query}\t-")
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
