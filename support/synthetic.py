"""Synthetic strike files for benchmarks: the bundled gazetteer's places, random but seeded.

Both formats are written: geomap's own ``strikes.csv`` and an ACLED-style export.
The same seed gives the same file, so runs compare like with like.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

from geomap.extract.dates import MONTHS, WEEKDAYS
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


# --- News reports, for extract's throughput on text it has never seen ------------------------

_STRIKERS = ["Israeli warplanes", "Israeli jets", "Russian warplanes", "Russian jets", "Turkish drones",
             "a Turkish drone", "US-led coalition aircraft", "coalition drones", "regime helicopters",
             "Syrian government warplanes", "unidentified aircraft", "an unidentified drone",
             "American aircraft", "Iraqi F-16s"]
_WEEKDAYS = [day.capitalize() for day in WEEKDAYS]
_MONTHS = [month.capitalize() for month in MONTHS]
_MONITORS = ["the Syrian Observatory for Human Rights", "the Britain-based Syrian Observatory",
             "local activists", "state news agency SANA", "a military source", "Deir Ezzor 24",
             "the White Helmets civil defence group", "residents", "a security official"]
_FIRST = ["Ahmad", "Mohammed", "Omar", "Khaled", "Rami", "Layla", "Hassan", "Yusuf", "Samer", "Nour",
          "Ibrahim", "Fadi", "Rasha", "Tariq", "Mahmoud", "Huda", "Bilal", "Jamil", "Salma", "Ziad"]
_LAST = ["Haddad", "Khatib", "Darwish", "Nasser", "Saleh", "Hamdan", "Qassem", "Rahal", "Yassin",
         "Sabbagh", "Mansour", "Halabi", "Jaber", "Barakat", "Tamimi", "Awad", "Kanaan", "Zein"]
_ROLES = ["a doctor", "a teacher", "a local council member", "an aid worker", "a shop owner",
          "a farmer", "a journalist", "a civil defence volunteer", "a spokesman for the council"]
_SAYINGS = [
    "the roads had been closed since dawn", "families were sleeping when the building collapsed",
    "ambulances could not reach the area for hours", "the market had reopened only a week before",
    "nobody had warned the residents", "the bakery was the only one still working",
    "prices of bread and fuel had doubled", "schools would stay closed until further notice",
    "power had been cut across the district", "the wounded were taken to a field hospital",
]
_POLITICS = [
    "Diplomats met in {city} on {weekday} to discuss a ceasefire along {n} km of front line, {person} said.",
    "The United Nations said {big:,} people had been displaced in the province since {month} {year}.",
    "Talks between {side} and {other} stalled on {weekday} over the release of {n} detainees, {person} said.",
    "Aid agencies sent {n} trucks of food and medicine to {city} in {month} {year}, according to {person}.",
    "Officials in {city} said rebuilding {n} damaged schools would cost ${m} million.",
    "Bread rose to {big:,} pounds a bundle in the markets of {city}, {person}, a trader, said.",
    "{person}, an analyst, called it the heaviest fighting near {city} since {month} {year}.",
    "{side} accused {other} of breaking the truce {n} times in {month}, {person} told reporters.",
    "{person}, a spokesman for {side}, said {n} prisoners would be exchanged before {month} {year}.",
    "The fighting has killed {big:,} people since {year}, {person} of a rights group told reporters.",
    "{side} and {other} exchanged letters on {weekday}, the {n}th round since {month}, {person} said.",
    "{person} said {n} families were living in tents without heating and that {m} children had no school.",
    "Fuel shortages left {n} bakeries closed on {weekday}, and {person} said queues lasted {m} minutes.",
    "{person}, a former officer, said neither {side} nor {other} wanted a wider war in {month}.",
]
_CITIES = ["Damascus", "Aleppo", "Homs", "Hama", "Idlib", "Raqqa", "Deir ez-Zor", "Qamishli", "Latakia",
           "Tartus", "Daraa", "Beirut", "Baghdad", "Amman", "Geneva", "Astana", "Ankara", "Moscow"]
_SIDES = ["Damascus", "Ankara", "Moscow", "Washington", "Tehran", "the Kurdish-led administration",
          "rebel factions", "the opposition coalition"]


@dataclass(frozen=True)
class ReportStrike:
    """A strike a synthetic report tells of: the report's file, the place and the day."""

    report: str
    place: str
    latitude: float
    longitude: float
    date: dt.date


def write_reports(folder: Path, megabytes: float, *, seed: int = 3, locations: int = 5000) -> list[ReportStrike]:
    """About ``megabytes`` of news reports as ``.txt`` files in ``folder``, none like another.

    Each report has a headline, a dateline, one to three strike sentences on
    real places of the regional table (named as reports name them: "the village
    of X in the Y countryside", "near X", "X, in Y province"), and paragraphs of
    politics, aid and quotes around them (with a village now and then: 8 names the matcher
    finds per KB, where the labelled real reports have 6.5).  Every sentence carries its own names
    and numbers, so nothing is read twice: the same work an analyst's folder of
    saved articles gives.  Returns the strikes told, for scoring what a tool finds.
    """
    rng = random.Random(seed)
    places = acled_locations(locations, seed=seed)
    folder.mkdir(parents=True, exist_ok=True)
    strikes: list[ReportStrike] = []
    size, number = 0, 0
    start = dt.date(2016, 1, 1)
    while size < megabytes * 1e6:
        number += 1
        day = start + dt.timedelta(days=rng.randrange(3600))
        name = f"report-{number:06d}.txt"
        text, told = _report(number, day, places, rng)
        (folder / name).write_text(text, encoding="utf-8")
        strikes += [ReportStrike(name, place[3], place[4], place[5], when) for place, when in told]
        size += len(text.encode("utf-8"))
    return strikes


def _place_phrase(place: tuple, rng: random.Random) -> str:
    province, district, _, name, _, _ = place
    return rng.choice([
        f"in the village of {name} in the {province} countryside", f"in {name}, in {province} province",
        f"near {name}", f"in the town of {name}", f"in {name} in rural {province}",
        f"in {name}, {district} district", f"on the outskirts of {name}",
    ])


def _report(number: int, day: dt.date, places: list, rng: random.Random) -> tuple[str, list]:
    lines = [f"date {day.isoformat()}"]
    first = rng.choice(places)
    lines.append(_capital(f"{rng.choice(_STRIKERS)} strike {first[3]} as fighting spreads in {first[0]}"))
    lines.append("")
    paragraphs, told = [], []
    for strike in range(rng.choice([1, 1, 2, 3])):
        place = first if strike == 0 else rng.choice(places)
        when = day - dt.timedelta(days=rng.randrange(1, 4))
        told.append((place, when))
        weekday = _WEEKDAYS[when.weekday()]
        killed = rng.randrange(1, 40)
        paragraphs.append(
            f"{_capital(rng.choice(_STRIKERS))} struck {rng.choice(_TARGETS)} {_place_phrase(place, rng)} "
            f"on {weekday}, {rng.choice(_OUTCOMES).format(n=killed)}, {rng.choice(_MONITORS)} said. "
            f"{rng.choice(_FIRST)} {rng.choice(_LAST)}, {rng.choice(_ROLES)} in the area, said "
            f"{rng.choice(_SAYINGS)} and that {rng.randrange(2, 90)} houses were damaged.")
    for _ in range(rng.randrange(3, 8)):
        sentences = []
        for _ in range(rng.randrange(2, 5)):
            side, other = rng.sample(_SIDES, 2)
            sentence = rng.choice(_POLITICS).format(
                city=rng.choice(places)[3] if rng.random() < 0.15 else rng.choice(_CITIES), n=rng.randrange(2, 400), m=rng.randrange(2, 900),
                big=rng.randrange(1000, 90000), month=rng.choice(_MONTHS), year=rng.randrange(2012, 2025),
                weekday=rng.choice(_WEEKDAYS), side=side, other=other,
                person=f"{rng.choice(_FIRST)} {rng.choice(_LAST)}" if rng.random() < 0.4 else
                rng.choice(["one official", "a spokesman", "a witness", "one resident", "a local source"]))
            sentences.append(_capital(sentence))
        paragraphs.append(" ".join(sentences))
    rng.shuffle(paragraphs)
    lines += [p + "\n" for p in paragraphs]
    lines.append(f"Report {number} of the collection.")
    return "\n".join(lines) + "\n", told



def _capital(sentence: str) -> str:
    return sentence[0].upper() + sentence[1:]
