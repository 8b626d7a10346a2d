#!/usr/bin/env python3
"""Place lookups per second with the bundled regional table, and the cold cost of one geocode.

Names are drawn from the table itself (a fixed seed): exact spellings,
spellings with their case, marks and hyphens changed (normalised), and
spellings with one letter dropped (fuzzy suggestions).  Each lookup goes
through the whole chain (:class:`geomap.places.finder.PlaceFinder`), as
``geocode``, ``validate`` and ``build`` use it.  The cold rows run
``geomap geocode`` as a fresh process.

In the same run, against what a user would write instead
(``benchmarks/peers/geonames_lookup.py``: GeoNames' dumps of Syria, Iraq and
Lebanon in a dict of lower-cased names, RapidFuzz's ``extractOne`` for the
rest): the same lookups, the same 500 names as whole processes, and both scored
on the evaluation sets of ``tests/data/`` as ``benchmarks/eval_places.py``
scores geomap (right within 25 km).  The peer reads the dumps from
``--sources`` (default ``../shared/gazetteers``, what ``scripts/make_gazetteer.py``
reads); without them its rows are left out.

    python3 benchmarks/bench_lookup.py [--sources DIR]
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from geomap.places.finder import PlaceFinder  # noqa: E402
from geomap.places.gazetteer import Gazetteer  # noqa: E402
from geomap.places.regional import BUNDLED, RegionalGazetteer  # noqa: E402
from support.evaluation import TOLERANCE_KM, evaluate, km_between, read_rows, summary  # noqa: E402

PEER = REPO / "benchmarks" / "peers" / "geonames_lookup.py"
DATA = REPO / "tests" / "data"


def sample(n: int, seed: int = 7) -> list[str]:
    names = [row[0] for row in sqlite3.connect(BUNDLED).execute("SELECT name FROM places ORDER BY num")]
    return random.Random(seed).sample(names, n)


def rate(finder_call, names: list[str]) -> float:
    start = time.perf_counter()
    for name in names:
        finder_call(name)
    return len(names) / (time.perf_counter() - start)


def fresh_finder() -> PlaceFinder:
    return PlaceFinder(Gazetteer.from_csv(REPO / "data" / "gazetteer.csv"), RegionalGazetteer())


def best_of_three(command: list[str], env: dict) -> float:
    times = []
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, cwd=REPO, env=env)  # geocode exits 1 if a name is left
        times.append(time.perf_counter() - start)
    return min(times)


def peer_score(lookup, rows: list[dict]) -> dict:
    """The peer's answers on an evaluation set, counted as support.evaluation counts geomap's."""
    counts = {"rows": len(rows), "right": 0, "wrong": 0, "unresolved": 0}
    for row in rows:
        found = lookup.find(row["query"])
        if found is None:
            counts["unresolved"] += 1
        elif km_between(*found, float(row["latitude"]), float(row["longitude"])) <= TOLERANCE_KM:
            counts["right"] += 1
        else:
            counts["wrong"] += 1
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sources", type=Path, default=REPO.parent / "shared" / "gazetteers",
                        help="folder with GeoNames' SY.txt, IQ.txt and LB.txt, for the peer")
    args = parser.parse_args()
    peer = None
    if all((args.sources / f"{code}.txt").is_file() for code in ("SY", "IQ", "LB")):
        from benchmarks.peers.geonames_lookup import Lookup

        peer = Lookup(args.sources)
    exact = sample(20_000)
    normalised = [name.upper().replace("-", " ").replace("'", "") for name in sample(20_000, seed=8)]
    fuzzy = [name[:2] + name[3:] if len(name) > 4 else name for name in sample(2_000, seed=9)]
    finder = fresh_finder()
    finder.search_fuzzy("warm up the trigram index")
    rows = [
        ("normalised (the regional index alone)", len(normalised), rate(RegionalGazetteer().candidates, normalised)),
        ("exact (whole chain)", len(exact), rate(fresh_finder().resolve, exact)),
        ("normalised (whole chain)", len(normalised), rate(fresh_finder().resolve, normalised)),
        ("fuzzy suggestions", len(fuzzy), rate(finder.search_fuzzy, fuzzy)),
    ]
    if peer is not None:
        rows += [
            ("peer: normalised, GeoNames names in a dict", len(normalised), rate(peer.exact, normalised)),
            ("peer: fuzzy, RapidFuzz extractOne over every name", 200, rate(peer.find, fuzzy[:200])),
        ]
    print("| lookup | queries | lookups/s |")
    print("|---|---:|---:|")
    for title, count, per_second in rows:
        print(f"| {title} | {count:,} | {per_second:,.0f} |")
    if peer is not None:
        found = sum(peer.exact(name) is not None for name in normalised)
        print(f"\n(the peer's dict knows {found:,} of the {len(normalised):,} normalised names; "
              "the regional table holds OCHA's names too)\n")
    geomap = [sys.executable, "-m", "geomap", "geocode"]
    # As installed: pip compiles a package's modules when it installs them. Some machines (this
    # one) set PYTHONDONTWRITEBYTECODE, which would make every run compile geomap again (65 ms).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run(geomap + ["Saraqeb"], capture_output=True, cwd=REPO, env=env)  # writes the bytecode
    five_hundred = sample(500, seed=10)
    print("| whole process | names | wall time |")
    print("|---|---:|---:|")
    for title, names in (("cold `geomap geocode Saraqeb`", ["Saraqeb"]),
                         ("cold `geomap geocode` of 500 names", five_hundred)):
        print(f"| {title} | {len(names)} | {best_of_three(geomap + names, env):.2f} s (best of 3) |")
    if peer is not None:
        with tempfile.TemporaryDirectory() as tmp:
            listed = Path(tmp) / "names.txt"
            for title, names in (("peer, Saraqeb", ["Saraqeb"]), ("peer, the same 500 names", five_hundred)):
                listed.write_text("\n".join(names) + "\n", encoding="utf-8")
                seconds = best_of_three([sys.executable, str(PEER), str(args.sources), str(listed)], env)
                print(f"| {title} | {len(names)} | {seconds:.2f} s (best of 3) |")

        # What each answers on the evaluation sets: the peer cannot take a province or a country.
        curated = Gazetteer.from_csv(REPO / "data" / "gazetteer.csv")
        print()
        print("| evaluation set | rows | tool | right | wrong | unresolved |")
        print("|---|---:|---|---:|---:|---:|")
        for name, region, context in (("places_eval.csv", ("SY",), ("admin1",)),
                                      ("incidents_eval.csv", ("SY", "IQ", "LB"), ("country", "admin1"))):
            rows_of_set = read_rows(DATA / name)
            finder = PlaceFinder(curated, RegionalGazetteer(region=region))
            for tool, counts in (("peer (dict, then extractOne)", peer_score(peer, rows_of_set)),
                                 ("geomap, the string alone", summary(evaluate(finder, rows_of_set))),
                                 (f"geomap, with its {' and '.join(context)}",
                                  summary(evaluate(finder, rows_of_set, context_fields=context)))):
                share = lambda n: f"{n:,} ({100 * n / counts['rows']:.1f}%)"  # noqa: E731
                print(f"| {name} | {counts['rows']:,} | {tool} | {share(counts['right'])} | "
                      f"{share(counts['wrong'])} | {share(counts['unresolved'])} |")


if __name__ == "__main__":
    main()
