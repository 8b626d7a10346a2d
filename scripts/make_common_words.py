#!/usr/bin/env python3
"""Write geomap/data/common_words.txt: the place spellings that are also common English words.

``geomap extract`` finds the regional table's 166,000 spellings in running text.  Some
are everyday English ("Dana", "Tell", "Sur", "Amal", "Haram", "Bab"): a village's
name written exactly like a word of the report's prose.  Such one-word spellings are
left out of the matcher unless the curated gazetteer lists them.

The list is the words among the 50,000 most frequent English words that the matcher would
read as a one-word name of geomap/data/region.sqlite (compared folded, as it compares them),
except the names of the cities of Syria, Iraq and Lebanon (50,000 people or more). The words
come from wordfreq 3.1 (https://github.com/rspeer/wordfreq; its word lists are CC BY-SA 4.0, credit "wordfreq, Robyn Speer"), so the file is a small
derived list under that licence.  Needs wordfreq (pip install wordfreq); geomap does not.

Usage:
  python3 scripts/make_common_words.py [--top 50000] [--out geomap/data/common_words.txt]
"""
from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from geomap.extract.mentions import spelling_key  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--top", type=int, default=50_000)
    parser.add_argument("--table", type=Path, default=REPO / "geomap" / "data" / "region.sqlite")
    parser.add_argument("--out", type=Path, default=REPO / "geomap" / "data" / "common_words.txt")
    args = parser.parse_args()
    import importlib.metadata

    import wordfreq

    version = importlib.metadata.version("wordfreq")

    # Compared as the matcher compares words (folded vowels and doubled letters): "West" is
    # looked for as "wast", which is a village's name.
    english = {word: spelling_key(word) for word in wordfreq.top_n_list("en", args.top)}
    db = sqlite3.connect(f"file:{args.table}?mode=ro", uri=True)
    names = {spelling_key(s) for (s,) in db.execute("SELECT DISTINCT spelling FROM spellings")}
    # A city of the region keeps its name however common the word ("Mosul", "Raqqa"): reports
    # write it capitalised, and a strike there is common.
    cities = {spelling_key(s) for (s,) in db.execute(
        "SELECT DISTINCT s.spelling FROM spellings s JOIN places p ON p.num = s.num "
        "WHERE p.country IN ('SY', 'IQ', 'LB') AND (p.kind = 'city' OR p.population >= 50000)")}
    common = sorted(word for word, key in english.items()
                    if key and " " not in key and key in names and key not in cities)
    header = (f"# English words that fold to a one-word place name; among the {args.top:,} most frequent English words\n"
              f"# (wordfreq {version}, CC BY-SA 4.0, credit \"wordfreq, Robyn Speer\").\n"
              "# Made by scripts/make_common_words.py; geomap extract does not look for them in text\n"
              "# unless the curated gazetteer lists them.\n")
    tmp = args.out.with_suffix(".tmp")
    tmp.write_text(header + "\n".join(common) + "\n", encoding="utf-8")
    tmp.replace(args.out)
    print(f"{args.out}: {len(common):,} words")


if __name__ == "__main__":
    main()
