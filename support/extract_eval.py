"""Score ``geomap extract`` on the hand-labelled reports in tests/data/reports/labelled/.

Shared by ``tests/extract/test_labelled_reports.py`` (which holds the targets) and
``benchmarks/bench_extract.py`` (which prints them), so both count alike.  Each
report is extracted on its own, as ``geomap extract`` reads it; candidates are
compared with the labels of the same file.

- a label is **found** when a candidate of its report lies within 10 km of it, or
  within its radius when the label is an area, and, where the label has a date
  (the text states one), the candidate has that date;
- a candidate is **a strike** (precision) when it lies so near some label of its report;
- the place is **the most specific** when the candidate found for a label is no
  broader than it (its radius is at most the larger of 10 km and the label's);
- the **actor** is right when the candidate names the label's actor ("Unknown" and
  no actor are the same: nobody is named);
- a date is **invented** when a candidate found only for undated labels has a date.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from geomap.places.distance import great_circle_km

LABELLED = Path(__file__).resolve().parent.parent / "tests" / "data" / "reports" / "labelled"
POINT_KM = 10.0


@dataclass
class Label:
    file: str
    strike: int
    place: str
    latitude: float
    longitude: float
    radius_km: float
    date: str
    actor: str
    attribution: str
    found_by: object = None


@dataclass
class Scores:
    labels: int = 0
    found: int = 0
    candidates: int = 0
    strikes: int = 0
    specific: int = 0
    with_actor: int = 0
    actor_right: int = 0
    dated_candidates: int = 0
    invented: int = 0
    missed: list = field(default_factory=list)
    not_strikes: list = field(default_factory=list)
    wrong_actor: list = field(default_factory=list)
    broader: list = field(default_factory=list)
    invented_rows: list = field(default_factory=list)


def read_labels(folder: Path = LABELLED) -> list[Label]:
    with (folder / "labels.csv").open(encoding="utf-8", newline="") as handle:
        return [Label(r["file"], int(r["strike"]), r["place"], float(r["latitude"]), float(r["longitude"]),
                      float(r["radius_km"] or 0), r["date"], r["actor"], r["attribution"])
                for r in csv.DictReader(handle)]


def _near(candidate, label: Label) -> bool:
    place = candidate.place
    return great_circle_km(place.latitude, place.longitude, label.latitude, label.longitude) <= max(
        POINT_KM, label.radius_km)


def _same_actor(candidate, label: Label) -> bool:
    unknown = ("", "Unknown")
    return candidate.actor == label.actor or (candidate.actor in unknown and label.actor in unknown)


def score(candidates_of, folder: Path = LABELLED) -> Scores:
    """``candidates_of(path)`` gives the candidates extract proposes for one report."""
    labels = read_labels(folder)
    scores = Scores(labels=len(labels))
    by_file: dict[str, list[Label]] = {}
    for label in labels:
        by_file.setdefault(label.file, []).append(label)
    for name, own in sorted(by_file.items()):
        candidates = candidates_of(folder / name)
        scores.candidates += len(candidates)
        for candidate in candidates:
            if any(_near(candidate, label) for label in own):
                scores.strikes += 1
            else:
                scores.not_strikes.append((name, candidate.place.name, candidate.reported))
            if candidate.date is not None:
                near = [label for label in own if _near(candidate, label)]
                if near and not any(label.date for label in near):
                    scores.invented += 1
                    scores.invented_rows.append((name, candidate.place.name, candidate.date.date))
        for label in own:
            fitting = [c for c in candidates if _near(c, label)
                       and (not label.date or (c.date is not None and c.date.date == label.date))]
            if not fitting:
                scores.missed.append((name, label.strike, label.place, label.date))
                continue
            # The candidate nearest the label, the most specific on ties.
            best = min(fitting, key=lambda c: (c.place.radius_km > max(POINT_KM, label.radius_km),
                                               great_circle_km(c.place.latitude, c.place.longitude,
                                                               label.latitude, label.longitude)))
            scores.found += 1
            if best.place.radius_km <= max(POINT_KM, label.radius_km):
                scores.specific += 1
            else:
                scores.broader.append((name, label.place, best.place.name))
            if label.actor:
                scores.with_actor += 1
                if _same_actor(best, label):
                    scores.actor_right += 1
                else:
                    scores.wrong_actor.append((name, label.place, label.actor, best.actor))
    return scores
