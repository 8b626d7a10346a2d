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

SETS = (
    ("places_eval.csv (Syrian Archive)", REPO / "tests" / "data" / "places_eval.csv", "query", None),
    ("places_eval.csv with its admin1", REPO / "tests" / "data" / "places_eval.csv", "query", "admin1"),
    ("spellings.csv", REPO / "tests" / "data" / "spellings.csv", "spelling", None),
    ("compound.csv", REPO / "tests" / "data" / "compound.csv", "query", None),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--list", choices=("wrong", "unresolved"), action="append", default=[])
    args = parser.parse_args()
    finder = PlaceFinder(Gazetteer.from_csv(REPO / "data" / "gazetteer.csv"), RegionalGazetteer())
    print("| set | rows | right | wrong | of which: no namesake near the truth | unresolved "
          "| of which: has it (refused) | other spelling | missing |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    listed = []
    for title, path, field, context in SETS:
        if not path.is_file():
            continue
        outcomes = evaluate(finder, read_rows(path, field), context_field=context)
        s = summary(outcomes)
        pct = lambda n: f"{n:,} ({100 * n / s['rows']:.1f}%)"  # noqa: E731
        print(f"| {title} | {s['rows']:,} | {pct(s['right'])} | {pct(s['wrong'])} | "
              f"{s.get('no namesake near the truth', 0)} | {pct(s['unresolved'])} | "
              f"{s.get('has it (refused)', 0)} | {s.get('has it (other spelling)', 0)} | {s.get('missing', 0)} |")
        listed += [(title, o) for o in outcomes if o.verdict in args.list]
    for title, o in listed:
        print(f"{o.verdict}\t{title}\t{o.query!r}\t{o.km}\t{o.answer}\t{o.gap}")


if __name__ == "__main__":
    main()
