#!/usr/bin/env python3
"""Place lookups per second with the bundled regional table, and the cold cost of one geocode.

Names are drawn from the table itself (a fixed seed): exact spellings,
spellings with their case, marks and hyphens changed (normalised), and
spellings with one letter dropped (fuzzy suggestions).  Each lookup goes
through the whole chain (:class:`geomap.places.finder.PlaceFinder`), as
``geocode``, ``validate`` and ``build`` use it.  The cold rows run
``geomap geocode`` as a fresh process.

    python3 benchmarks/bench_lookup.py
"""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from geomap.places.finder import PlaceFinder  # noqa: E402
from geomap.places.gazetteer import Gazetteer  # noqa: E402
from geomap.places.regional import BUNDLED, RegionalGazetteer  # noqa: E402


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


def main() -> None:
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
    print("| lookup | queries | lookups/s |")
    print("|---|---:|---:|")
    for title, count, per_second in rows:
        print(f"| {title} | {count:,} | {per_second:,.0f} |")
    geomap = [sys.executable, "-m", "geomap", "geocode"]
    # As installed: pip compiles a package's modules when it installs them. Some machines (this
    # one) set PYTHONDONTWRITEBYTECODE, which would make every run compile geomap again (65 ms).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run(geomap + ["Saraqeb"], capture_output=True, cwd=REPO, env=env)  # writes the bytecode
    for title, args in (("cold `geomap geocode Saraqeb`", ["Saraqeb"]),
                        ("cold `geomap geocode` of 500 names", sample(500, seed=10))):
        times = []
        for _ in range(3):
            start = time.perf_counter()
            subprocess.run(geomap + args, capture_output=True, cwd=REPO, env=env)
            times.append(time.perf_counter() - start)
        print(f"| {title} | {len(args)} | {min(times):.2f} s (best of 3) |")


if __name__ == "__main__":
    main()
