#!/usr/bin/env python3
"""geomap extract against the tools a user would pick instead, on reports none of them has seen.

A folder of synthetic news reports (support.synthetic.write_reports: real
places of the regional table, a sentence never repeated, about 2 KB each) is
read by each tool as a whole process, as a user runs it:

- ``geomap extract FOLDER`` with the full gazetteer (on every core, as it runs by default, and on
  one with ``--jobs 1``), and with ``--curated-only``;
- a keyword tagger over the same regional table (flashtext; benchmarks/peers/keyword_tagger.py);
- geotext's world cities (benchmarks/peers/geotext_cities.py).

Each is run three times after one warm-up run (geomap's first run on a machine
builds its name automaton, 3.5 s, once); the table gives the best wall time,
the peak resident memory (of the largest process: workers forked by geomap share the parent's
pages until they write to them), the rows a person has to review, how many of the
reports' strikes are among them (recall: the strike's place named in that
report's rows; for geomap also with the right day), and how many rows are a
strike (precision).  The peers need ``pip install -e ".[bench]"``.

    python3 benchmarks/unseen_reports.py [MEGABYTES]
"""

from __future__ import annotations

import csv
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from geomap.places.names import name_key  # noqa: E402
from support.synthetic import write_reports  # noqa: E402

PEERS = REPO / "benchmarks" / "peers"


# Starts the tool and reports its peak memory. A process forked from this one (which holds the
# gazetteers when bench_extract.py calls it) would count this one's pages as its own until it
# execs, and Linux keeps that peak across exec; the launcher is small, so its child starts small.
LAUNCHER = ("import resource, subprocess, sys\n"
            "with open(sys.argv[1], 'wb') as out:\n"
            "    status = subprocess.run(sys.argv[2:], stdout=out).returncode\n"
            "print('peak', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)\n"
            "sys.exit(status)\n")


def run(args: list[str], out: Path) -> tuple[float, float]:
    """Run a whole process, its standard output to ``out``; its wall seconds and peak memory in MB
    (of its largest process: workers it forks share its pages until they write to them)."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        status = subprocess.run([sys.executable, "-c", LAUNCHER, str(out), *args], stdout=subprocess.DEVNULL,
                                stderr=errors, cwd=REPO).returncode
        seconds = time.perf_counter() - start
        errors.seek(0)
        said = errors.read().decode("utf-8", "replace")
    if status != 0:
        raise SystemExit(f"{' '.join(map(str, args))} failed")
    return seconds, int(said.rsplit("peak ", 1)[1].split()[0]) / 1024


def rows_of(out: Path) -> list[dict]:
    with out.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def main(megabytes: float = 1.0) -> None:
    python = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "reports"
        strikes = write_reports(folder, megabytes)
        size = sum(p.stat().st_size for p in folder.glob("*.txt")) / 1e6
        reports = len(list(folder.glob("*.txt")))
        print(f"{reports:,} reports, {size:.2f} MB, {len(strikes):,} strikes told\n")
        tools = {
            "geomap extract (full gazetteer; a process per core)": ([python, "-m", "geomap", "extract", str(folder)],
                                                                     "geomap"),
            "geomap extract --jobs 1": ([python, "-m", "geomap", "extract", "--jobs", "1", str(folder)], "geomap"),
            "geomap extract --curated-only": ([python, "-m", "geomap", "extract", "--curated-only", str(folder)],
                                              "geomap"),
            "keyword tagger, same table (flashtext)": ([python, str(PEERS / "keyword_tagger.py"), str(folder)], "place"),
            "geotext (world cities)": ([python, str(PEERS / "geotext_cities.py"), str(folder)], "city"),
        }
        print("| tool | best wall s (of 3) | MB/s | peak memory MB | rows to review | strikes found | "
              "with the right day | rows that are a strike |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|")
        for title, (args, column) in tools.items():
            out = Path(tmp) / "out.csv"
            try:
                run(args, out)  # warm-up: caches, bytecode
            except SystemExit as failed:
                print(f"| {title} | not run: {failed} (pip install -e '.[bench]') | | | | | | |")
                continue
            runs = [run(args, out) for _ in range(3)]
            seconds = min(s for s, _ in runs)
            memory = max(m for _, m in runs)
            rows = rows_of(out)
            report_of = "source_document" if column == "geomap" else ("report")
            named = {}
            for row in rows:
                for field in ("place", "place_reported") if column == "geomap" else (column,):
                    named.setdefault((row[report_of], name_key(row[field])), []).append(row)
            found = dated = 0
            for strike in strikes:
                hits = named.get((strike.report, name_key(strike.place)), [])
                found += bool(hits)
                dated += any(r.get("date") == strike.date.isoformat() for r in hits)
            told = {(s.report, name_key(s.place)) for s in strikes}
            useful = sum(1 for row in rows if any(
                (row[report_of], name_key(row[f])) in told
                for f in (("place", "place_reported") if column == "geomap" else (column,))))
            day = f"{dated:,} ({dated / len(strikes):.0%})" if column == "geomap" else "no dates"
            print(f"| {title} | {seconds:.2f} | {size / seconds:.2f} | {memory:.0f} | {len(rows):,} | "
                  f"{found:,} ({found / len(strikes):.0%}) | {day} | "
                  f"{useful:,} ({useful / max(len(rows), 1):.0%}) |")


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 1.0)
