#!/usr/bin/env python3
"""Print how the place finder does on the evaluation sets in tests/data/.

For each set: right (within 25 km of the truth, or the area's radius), wrong
and unresolved; for every unresolved string, whether any source has the place.
``--list wrong`` (or ``unresolved``) prints those rows too.

    python3 benchmarks/eval_places.py [--list wrong]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from geomap.places.finder import PlaceFinder  # noqa: E402
from geomap.places.gazetteer import Gazetteer  # noqa: E402
from geomap.places.regional import RegionalGazetteer  # noqa: E402
from support.evaluation import evaluate, read_rows, summary  # noqa: E402

DATA = REPO / "tests" / "data"
REGION = ("SY", "IQ", "LB")  # what the incident datasets cover, as `--region SY,IQ,LB` would say
#: (title, file, query field, context fields, region or None for the default (Syria), as files):
#: "as files" resolves each source's strings together, as `geomap build` resolves one file's.
SETS = (
    ("places_eval.csv (Syrian Archive)", DATA / "places_eval.csv", "query", (), None, False),
    ("places_eval.csv with its admin1", DATA / "places_eval.csv", "query", ("admin1",), None, False),
    ("places_eval.csv with its admin1, as one file", DATA / "places_eval.csv", "query", ("admin1",), None, True),
    ("incidents_eval.csv with its country", DATA / "incidents_eval.csv", "query", ("country",), REGION, False),
    ("incidents_eval.csv with its country and admin1", DATA / "incidents_eval.csv", "query",
     ("country", "admin1"), REGION, False),
    ("incidents_eval.csv with its country and admin1, a file per dataset", DATA / "incidents_eval.csv", "query",
     ("country", "admin1"), REGION, True),
    ("spellings.csv", DATA / "spellings.csv", "spelling", (), None, False),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--list", choices=("wrong", "unresolved"), action="append", default=[])
    args = parser.parse_args()
    curated = Gazetteer.from_csv(REPO / "data" / "gazetteer.csv")
    finders = {None: PlaceFinder(curated, RegionalGazetteer())}
    finders[REGION] = PlaceFinder(curated, RegionalGazetteer(region=REGION))
    print("| set | rows | right | wrong | of which: no namesake near the truth | unresolved "
          "| of which: has it (refused) | other spelling | missing |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    listed = []
    by_source = []
    for title, path, field, context, region, as_files in SETS:
        rows = read_rows(path, field)
        outcomes = evaluate(finders[region], rows, context_fields=context, as_files=as_files)
        print(_line(title, summary(outcomes)))
        listed += [(title, o) for o in outcomes if o.verdict in args.list]
        if path.name == "incidents_eval.csv" and len(context) > 1 and as_files:
            for source in sorted({row["source"] for row in rows}):
                by_source.append(_line(f"  {source}", summary(
                    [o for o, row in zip(outcomes, rows) if row["source"] == source])))
    if by_source:
        print("\nincidents_eval.csv with its country and admin1, a file per dataset, by dataset:\n")
        print("| dataset | rows | right | wrong | of which: no namesake near the truth | unresolved "
              "| of which: has it (refused) | other spelling | missing |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        print("\n".join(by_source))
    for title, o in listed:
        print(f"{o.verdict}\t{title}\t{o.query!r}\t{o.km}\t{o.answer}\t{o.gap}")


def _line(title: str, s: dict) -> str:
    pct = lambda n: f"{n:,} ({100 * n / s['rows']:.1f}%)"  # noqa: E731
    return (f"| {title} | {s['rows']:,} | {pct(s['right'])} | {pct(s['wrong'])} | "
            f"{s.get('no namesake near the truth', 0)} | {pct(s['unresolved'])} | "
            f"{s.get('has it (refused)', 0)} | {s.get('has it (other spelling)', 0)} | {s.get('missing', 0)} |")


if __name__ == "__main__":
    main()
