"""Lookups per second over a gazetteer of 100,000+ names: exact, normalised and fuzzy.

The bundled GeoNames table (58,000 spellings) is topped up with synthetic
places, three made-up spellings each, until the gazetteer holds at least
100,000 names; then three query sets run against it:

- exact: real spellings as written (plain-text match);
- normalised: real spellings rewritten so only folding finds them
  ("Al-" prefix, ou for u, doubled consonant, upper case);
- fuzzy: real spellings with one letter dropped, through ``search_fuzzy``.

    python3 benchmarks/bench_lookup.py
    python3 benchmarks/bench_lookup.py --names 200000 --queries 5000
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from geomap.places.geonames import BUNDLED, GeoNamesGazetteer  # noqa: E402
from geomap.places.names import name_key, plain  # noqa: E402

SYLLABLES = "ka ra ma sa ta na ba da la ha za ja fa ya wa qu shi kh du ri mu bi zi ti".split()


def write_table(path: Path, names: int, rng: random.Random) -> int:
    """The bundled table plus synthetic places until it holds ``names`` spellings; returns the count."""
    lines = BUNDLED.read_text(encoding="utf-8").splitlines()
    count = sum(1 + len([a for a in line.split("\t")[7].split(";") if a]) for line in lines[1:])
    geonameid = 90_000_000
    while count < names:
        stem = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()
        spellings = [stem, f"Al {stem}", stem + "eh"]
        geonameid += 1
        lat, lon = rng.uniform(32.5, 37.0), rng.uniform(36.0, 42.0)
        lines.append(f"{geonameid}\t{spellings[0]}\tSY\t00\t{lat:.5f}\t{lon:.5f}\t{rng.randint(500, 50000)}\t"
                     + ";".join(spellings[1:]))
        count += len(spellings)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return count


def normalised_variant(name: str) -> str:
    variant = "AL-" + name.upper().replace("U", "OU")
    return variant


def timed(function, queries: list[str]) -> tuple[float, int]:
    start = time.perf_counter()
    hits = sum(1 for query in queries if function(query))
    return time.perf_counter() - start, hits


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--names", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=20_000, help="exact and normalised queries")
    parser.add_argument("--fuzzy-queries", type=int, default=2_000)
    args = parser.parse_args()
    rng = random.Random(20261121)

    with tempfile.TemporaryDirectory() as folder:
        table = Path(folder) / "geonames.tsv"
        total = write_table(table, args.names, rng)
        start = time.perf_counter()
        gazetteer = GeoNamesGazetteer(table)
        places = len(gazetteer)
        load = time.perf_counter() - start
        start = time.perf_counter()
        gazetteer.search_fuzzy("warm up the trigram index")
        index = time.perf_counter() - start

        latin = [s for p in gazetteer._table.places for s in p.spellings if s.isascii() and len(s) > 3]
        exact = [rng.choice(latin) for _ in range(args.queries)]
        normalised = []
        while len(normalised) < args.queries:
            variant = normalised_variant(rng.choice(latin))
            if plain(variant) not in gazetteer._table.by_plain and name_key(variant) in gazetteer._table.by_key:
                normalised.append(variant)
        fuzzy = []
        for name in (rng.choice(latin) for _ in range(args.fuzzy_queries)):
            cut = rng.randrange(1, len(name))
            fuzzy.append(name[:cut] + name[cut + 1:])

        rows = [
            ("exact", exact, gazetteer.resolve),
            ("normalised", normalised, gazetteer.resolve),
            ("fuzzy", fuzzy, gazetteer.search_fuzzy),
        ]
        print(f"gazetteer: {places:,} places, {total:,} names; loaded in {load:.2f} s, "
              f"trigram index built in {index:.2f} s\n")
        print(f"| lookup | queries | seconds | lookups/s | answered |")
        print(f"|---|---:|---:|---:|---:|")
        for label, queries, function in rows:
            seconds, hits = timed(function, queries)
            print(f"| {label} | {len(queries):,} | {seconds:.2f} | {len(queries) / seconds:,.0f} | "
                  f"{hits / len(queries):.0%} |")


if __name__ == "__main__":
    main()
