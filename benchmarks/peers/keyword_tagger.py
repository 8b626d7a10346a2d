"""The extractor a developer writes first: every gazetteer spelling as a keyword, tagged with flashtext.

The same regional table geomap uses (all 180,000 spellings, each keyword
answering its place's coordinates), so the comparison is of the method, not
of the data.  It prints, for each report, every place name found with its
place: no strike sentence, no date, no actor, no namesake chosen (a spelling
shared by several places keeps the first).

    python3 benchmarks/peers/keyword_tagger.py FOLDER > places.csv
"""

from __future__ import annotations

import csv
import sqlite3
import sys
from pathlib import Path

from flashtext import KeywordProcessor

TABLE = Path(__file__).resolve().parents[2] / "geomap" / "data" / "region.sqlite"


def main(folder: str) -> None:
    tagger = KeywordProcessor(case_sensitive=False)
    rows = sqlite3.connect(TABLE).execute(
        "SELECT s.spelling, p.name, p.latitude, p.longitude FROM spellings s JOIN places p ON p.num = s.num "
        "ORDER BY s.num, s.spelling")
    for spelling, name, latitude, longitude in rows:
        if len(spelling) >= 4 and spelling not in tagger:
            tagger.add_keyword(spelling, (name, latitude, longitude))
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["report", "place", "latitude", "longitude"])
    for report in sorted(Path(folder).glob("*.txt")):
        for name, latitude, longitude in tagger.extract_keywords(report.read_text(encoding="utf-8")):
            out.writerow([report.name, name, latitude, longitude])


if __name__ == "__main__":
    main(sys.argv[1])
