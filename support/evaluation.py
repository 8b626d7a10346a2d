"""Score the place finder on an evaluation set: right, wrong or unresolved, and why.

Shared by ``tests/places/test_evaluation.py`` (which holds the targets) and
``benchmarks/eval_places.py`` (which prints the report), so both count alike.
An answer is right when it lies within 25 km of the truth or within its own
area's radius.  For an unresolved string the report says whether any source
has the place: a candidate of that name, or a fuzzy suggestion, within 25 km of
the truth; else the place is missing from the data.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from geomap.places.distance import great_circle_km as km_between

TOLERANCE_KM = 25.0


@dataclass(frozen=True)
class Outcome:
    query: str
    truth: tuple[float, float]
    verdict: str          # right, wrong or unresolved
    km: float | None      # from the truth to the answer
    answer: str           # the answer's name and country, or why there is none
    gap: str = ""         # unresolved: "has it (refused)", "has it (other spelling)" or "missing";
                          # wrong: whether a place so named lies near the truth


def read_rows(path: Path, query_field: str = "query") -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [row | {"query": row[query_field].strip()} for row in csv.DictReader(handle)]


def evaluate(finder, rows: list[dict], *, context_fields: tuple[str, ...] = (),
             as_files: bool = False) -> list[Outcome]:
    """Each row's outcome; its context is the named fields that are not empty (a country, a province).

    ``as_files``: the rows of each ``source`` are resolved together, as ``geomap build`` resolves
    the rows of one file (the other places of the file help choose among namesakes).
    """
    contexts = [tuple(row[f].strip() for f in context_fields if row.get(f, "").strip()) for row in rows]
    together: dict = {}
    if as_files:
        for source in sorted({row.get("source", "") for row in rows}):
            together.update({(source, *key): answer for key, answer in finder.resolve_all(
                [(row["query"], context) for row, context in zip(rows, contexts)
                 if row.get("source", "") == source]).items()})
    outcomes = []
    for row, context in zip(rows, contexts):
        query = row["query"]
        truth = (float(row["latitude"]), float(row["longitude"]))
        if as_files:
            found = together[(row.get("source", ""), query, context)]
        else:
            found = finder.resolve(query, context=context)
        if found is not None:
            place = found.place
            distance = km_between(*truth, place.latitude, place.longitude)
            verdict = "right" if distance <= max(TOLERANCE_KM, place.radius_km) else "wrong"
            outcomes.append(Outcome(query, truth, verdict, round(distance, 1),
                                    f"{place.name} ({place.country}, {found.source})",
                                    _namesake_near(finder, query, truth) if verdict == "wrong" else ""))
            continue
        best = finder.best(query, context=context)
        why = best.reason if best is not None else "no source knows the name"
        outcomes.append(Outcome(query, truth, "unresolved", None, why, _gap(finder, query, truth)))
    return outcomes


def _namesake_near(finder, query: str, truth: tuple[float, float]) -> str:
    """For a wrong answer: whether any place that any source calls so lies near the truth.

    When none does, the dataset's point or name is off, or the place is missing
    and a namesake or a near miss took its strings.
    """
    from geomap.places.phrases import parse_phrase

    names = {name for phrase in parse_phrase(query) for name in phrase.places}
    places = [c.place for name in names for c in (finder.regional.candidates(name) if finder.regional else [])]
    places += [found.place for found in map(finder.curated.resolve, names) if found is not None]
    near = any(km_between(*truth, p.latitude, p.longitude) <= TOLERANCE_KM for p in places)
    return "namesake near the truth" if near else "no namesake near the truth"


def _gap(finder, query: str, truth: tuple[float, float]) -> str:
    near = lambda p: km_between(*truth, p.latitude, p.longitude) <= TOLERANCE_KM  # noqa: E731
    if finder.regional is not None and any(near(c.place) for c in finder.regional.candidates(query)):
        return "has it (refused)"
    if any(near(place) for place, _ in finder.search_fuzzy(query, limit=10)):
        return "has it (other spelling)"
    return "missing"


def summary(outcomes: list[Outcome]) -> dict[str, int]:
    counts = {"rows": len(outcomes), "right": 0, "wrong": 0, "unresolved": 0}
    for outcome in outcomes:
        counts[outcome.verdict] += 1
        if outcome.gap:
            counts[outcome.gap] = counts.get(outcome.gap, 0) + 1
    return counts
