"""Synthetic strike files for benchmarks: the bundled gazetteer's places, random but seeded.

Both formats are written: geomap's own ``strikes.csv`` and an ACLED-style export.
The same seed gives the same file, so runs compare like with like.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

from geomap.places.gazetteer import Gazetteer
from geomap.records.strikes import ALL_STRIKE_COLUMNS

ACTORS = ["Israel", "US-led coalition", "Russia", "Turkey", "Syrian government", ""]
SOURCES = ["SOHR", "SANA", "NNA", "AP", "Reuters", "Al Arabiya", "DeirEzzor24"]
ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "actor2", "country", "admin1", "location", "latitude", "longitude",
    "geo_precision", "source", "notes", "fatalities",
]


def _write(path: Path, header: list[str], rows) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_strikes(path: Path, count: int, gazetteer: Gazetteer, *, seed: int = 1) -> Path:
    """``count`` strikes in geomap's CSV format, at the gazetteer's places under random spellings."""
    return _write(path, list(ALL_STRIKE_COLUMNS), _strike_rows(count, list(gazetteer), random.Random(seed)))


def _strike_rows(count: int, places: list, rng: random.Random):
    start = dt.date(2012, 1, 1)
    for i in range(count):
        day = start + dt.timedelta(days=rng.randrange(4700))
        monthly = rng.random() < 0.2
        place = rng.choice(places)
        actor = rng.choice(ACTORS)
        row = dict.fromkeys(ALL_STRIKE_COLUMNS, "")
        row.update(
            id=f"B{i:06d}", date=day.strftime("%Y-%m") if monthly else day.isoformat(),
            date_precision="month" if monthly else "day", place=rng.choice(place.spellings),
            location_precision=rng.choice(["town", "near", "area", "site"]), actor=actor,
            attribution="unattributed" if not actor else rng.choice(["claimed", "alleged"]),
            target="weapons depot", killed=str(rng.randrange(10)) if rng.random() < 0.6 else "",
            sources="; ".join(rng.sample(SOURCES, 2)), source_document="synthetic.txt",
            summary=f"Synthetic strike number {i} for benchmarks.",
        )
        yield [row[c] for c in ALL_STRIKE_COLUMNS]


def write_acled(path: Path, count: int, *, seed: int = 1) -> Path:
    """``count`` events in the columns of an ACLED export, spread over Syria."""
    return _write(path, ACLED_COLUMNS, _acled_rows(count, random.Random(seed)))


def _acled_rows(count: int, rng: random.Random):
    start = dt.date(2017, 1, 1)
    for i in range(count):
        day = start + dt.timedelta(days=rng.randrange(2900))
        air = rng.random() < 0.7
        yield ([
            f"SYR{i + 1}", day.isoformat(), day.year, rng.choice([1, 1, 1, 2, 3]), "Political violence",
            "Explosions/Remote violence", "Air/drone strike" if air else "Shelling/artillery/missile attack",
            rng.choice(["Military Forces of Israel (2000-)", "Military Forces of Russia (2000-)",
                        "Unidentified Military Forces"]),
            "Civilians (Syria)" if rng.random() < 0.3 else "", "Syria", "Deir ez-Zor",
            f"Place {i % 500}", f"{rng.uniform(32.5, 37.2):.4f}", f"{rng.uniform(35.8, 42.2):.4f}",
            rng.choice([1, 2, 3]), "SOHR; Step News Agency", f"On {day}, a strike hit place {i % 500}.",
            rng.randrange(5),
        ])
