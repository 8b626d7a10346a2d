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


def write_csv(path: Path, header: list[str], rows) -> Path:
    """``rows`` under ``header`` as a UTF-8 CSV file at ``path``."""
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_strikes(path: Path, count: int, gazetteer: Gazetteer, *, seed: int = 1) -> Path:
    """``count`` strikes in geomap's CSV format, at the gazetteer's places under random spellings."""
    return write_csv(path, list(ALL_STRIKE_COLUMNS), _strike_rows(count, list(gazetteer), random.Random(seed)))


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
    return write_csv(path, ACLED_COLUMNS, _acled_rows(count, random.Random(seed)))


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


# --- Realistic ACLED exports, for benchmarks against the tools a user would pick instead ------

#: The columns of an ACLED export, in its order.
ACLED_EXPORT_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
]
_ACTORS_1 = [
    "Military Forces of Israel (2000-)", "Military Forces of Russia (2000-)", "Military Forces of Syria (2000-2024)",
    "Military Forces of Turkey (2016-)", "Military Forces of the United States (2021-)",
    "Unidentified Military Forces", "Unidentified Armed Group (Syria)", "Hay'at Tahrir al-Sham",
    "SDF: Syrian Democratic Forces", "Islamic State (Syria)", "Military Forces of Iran (1989-)",
    "Hezbollah", "NSO: National Salvation Government", "Syrian National Army",
]
_ACTORS_2 = ["", "", "Civilians (Syria)", "Military Forces of Syria (2000-2024)", "Islamic State (Syria)",
             "Hezbollah", "IRGC: Islamic Revolutionary Guard Corps", "SDF: Syrian Democratic Forces",
             "Hay'at Tahrir al-Sham", "Unidentified Armed Group (Syria)"]
_SUB_EVENTS = ["Air/drone strike"] * 6 + ["Shelling/artillery/missile attack"] * 3 + ["Remote explosive/landmine/IED"]
_OUTLETS = ["SOHR", "SANA", "Step News Agency", "Deir Ezzor 24", "Enab Baladi", "Syria Direct", "Reuters", "AFP",
            "Al Arabiya", "Al Jazeera", "Sham FM", "Hawar News Agency", "North Press Agency", "Halab Today TV",
            "Baladi News", "Smart News Agency", "Qasioun News Agency", "Times of Israel", "Anadolu Agency",
            "Orient News", "Syria TV", "Zaman al-Wasl", "Al-Watan (Syria)", "Nedaa Syria", "Eye on the Homeland"]
_TARGETS = ["a weapons depot", "a military position", "a vehicle", "a residential building", "a checkpoint",
            "an ammunition warehouse", "a training camp", "a gathering of fighters", "a market", "farmland",
            "a convoy of trucks", "a radar site", "an airbase", "a headquarters", "a bridge", "a fuel station"]
_OUTCOMES = ["causing material damage", "killing {n} people", "wounding {n} civilians", "killing {n} fighters",
             "with no reported casualties", "killing {n}, among them a child", "destroying it"]


def acled_locations(count: int = 2000, *, seed: int = 5) -> list[tuple[str, str, str, str, float, float]]:
    """``count`` real Syrian places from the bundled regional table: (admin1, admin2, admin3, name, lat, lon)."""
    import sqlite3

    from geomap.places.regional import BUNDLED

    rows = sqlite3.connect(BUNDLED).execute(
        "SELECT province, district, '', name, latitude, longitude FROM places "
        "WHERE country = 'SY' AND kind IN ('city', 'town', 'village') AND province != '' ORDER BY num").fetchall()
    return random.Random(seed).sample(rows, min(count, len(rows)))


def write_acled_export(path: Path, count: int, *, seed: int = 1, locations: int = 2000) -> Path:
    """``count`` events in every column of an ACLED export, as a real export reads.

    About 2,000 real locations, 14 actors, 25 outlets combined one to three at
    a time, and a notes sentence of its own for every event (ACLED's notes are
    never repeated), so nothing compresses better than a real file would.
    """
    places = acled_locations(locations)
    return write_csv(path, ACLED_EXPORT_COLUMNS, _acled_export_rows(count, places, random.Random(seed)))


def _acled_export_rows(count: int, places: list, rng: random.Random):
    start = dt.date(2015, 1, 1)
    for i in range(count):
        day = start + dt.timedelta(days=rng.randrange(3900))
        admin1, admin2, admin3, location, lat, lon = rng.choice(places)
        actor1, actor2 = rng.choice(_ACTORS_1), rng.choice(_ACTORS_2)
        sub_event = rng.choice(_SUB_EVENTS)
        fatalities = rng.choice([0, 0, 0, 1, 1, 2, 3, 4, 6, 9, 12])
        outlets = "; ".join(rng.sample(_OUTLETS, rng.choice([1, 1, 2, 2, 3])))
        outcome = rng.choice(_OUTCOMES).format(n=fatalities or 1)
        notes = (f"On {day.day} {day.strftime('%B %Y')}, {actor1.split(' (')[0]} carried out "
                 f"{'a drone strike' if 'Air' in sub_event else 'an attack'} on {rng.choice(_TARGETS)} in "
                 f"{location} ({admin2}, {admin1}), {outcome}. Report {i + 1} of the series.")
        yield [
            f"SYR{i + 1}", day.isoformat(), day.year, rng.choice([1, 1, 1, 1, 2, 3]), "Political violence",
            "Explosions/Remote violence", sub_event, actor1, "", rng.choice([1, 2, 8]), actor2, "",
            rng.choice([0, 1, 7]), rng.choice([17, 18, 28]), "Civilian targeting" if "Civilians" in actor2 else "",
            760, "Middle East", "Syria", admin1, admin2, admin3, location, f"{lat:.4f}", f"{lon:.4f}",
            rng.choice([1, 1, 2, 3]), outlets, rng.choice(["National", "Subnational", "Other-National"]), notes,
            fatalities, "", 1700000000 + i,
        ]


def write_strikes_export(path: Path, count: int, *, seed: int = 1, locations: int = 2000) -> Path:
    """The events of :func:`write_acled_export` as a geomap strikes file a curator keeps.

    The same real locations (named with their province, resolved through
    the regional gazetteer), actors, outlets and notes sentences, in
    geomap's own columns: what a user's own file of a million strikes reads
    like.
    """
    header = list(ALL_STRIKE_COLUMNS)
    column = {name: n for n, name in enumerate(ACLED_EXPORT_COLUMNS)}
    precision = {1: "day", 2: "day", 3: "month"}
    where = {1: "town", 2: "near", 3: "area"}

    def rows():
        for event in _acled_export_rows(count, acled_locations(locations), random.Random(seed)):
            exact = precision[event[column["time_precision"]]]
            actor = event[column["actor1"]]
            row = dict.fromkeys(header, "")
            row.update(
                id=event[column["event_id_cnty"]],
                date=event[column["event_date"]] if exact == "day" else event[column["event_date"]][:7],
                date_precision=exact, place=event[column["location"]], province=event[column["admin1"]],
                location_precision=where[event[column["geo_precision"]]], actor=actor,
                attribution="unattributed" if actor.startswith("Unidentified") else "alleged",
                target=event[column["actor2"]], killed=str(event[column["fatalities"]]),
                casualty_source="ACLED", sources=event[column["source"]], source_document="acled-export.csv",
                summary=event[column["notes"]], notes=event[column["sub_event_type"]],
            )
            yield [row[name] for name in header]

    return write_csv(path, header, rows())
