"""Place names in text the way many analysts find them: geotext's list of the world's cities.

geotext matches the names of GeoNames' cities of 15,000 people or more (and
countries) with a regular expression of capitalised words.  It prints each
report's cities and country mentions: no villages, no coordinates, no strike.

    python3 benchmarks/peers/geotext_cities.py FOLDER > places.csv
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from geotext import GeoText


def main(folder: str) -> None:
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["report", "city"])
    for report in sorted(Path(folder).glob("*.txt")):
        for city in GeoText(report.read_text(encoding="utf-8")).cities:
            out.writerow([report.name, city])


if __name__ == "__main__":
    main(sys.argv[1])
