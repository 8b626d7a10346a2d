"""The regional gazetteer: every populated place, neighbourhood and admin unit of Syria, Iraq and Lebanon.

45,000 places (OCHA's Syrian communities merged with GeoNames' records of
Syria, Iraq and Lebanon, OCHA's governorates, districts and Damascus
neighbourhoods, and the towns of the other neighbours), with their Latin and
Arabic names, province and district.  The table is ``geomap/data/region.sqlite``,
built by ``scripts/make_gazetteer.py``; each spelling is stored with its
lookup key, so a lookup is one indexed query and opening the table costs a
millisecond: a cold ``geomap geocode`` pays nothing for the other 44,999 places.

This class only *finds* candidates: every place a name may mean, each marked
exact (the spelling as written) or folded, and primary (the place's own name)
or alternate.  Choosing among them, with the context the data gives, is the
job of :class:`geomap.places.finder.PlaceFinder`.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import weakref
from typing import NamedTuple
from pathlib import Path

from ..errors import StaleData
from ..paths import bundled_file
from .gazetteer import Place
from .names import FOLDING_VERSION, bare, bare_of_plain, name_key, plain, skeleton

BUNDLED = bundled_file("region.sqlite")
DEFAULT_REGION = ("SY",)
SCHEMA_VERSION = "4"  # the fuzzy index is stored beside the spellings; bump when the layout changes
MIN_SKELETON = 4  # three consonants ("nsr", "shn") are shared by too many unrelated names
ABROAD_FACTOR = 0.9  # suggestions outside the region rank below equally alike ones inside

_COLUMNS = ("num, id, name, aliases, latitude, longitude, kind, country, province, province_code, "
            "district, district_code, population, radius_km, geonames_id, coord_source")


#: Each table file's trigram index, by (path, size, modification time): see RegionalGazetteer._stored_index.
_STORED_INDEXES: dict[tuple[str, int, int], object] = {}


class Candidate(NamedTuple):
    """One place a name may mean, and how the name matched it.  (A named tuple: a lookup makes
    several, and one costs 0.75 µs to build against 2.5 for a frozen dataclass.)"""

    place: Place
    population: int
    exact: bool     # the spelling as written (ignoring case, marks and punctuation)
    primary: bool   # the place's own name, not one of its alternates
    matched: str    # the spelling that matched


#: The table is read through a memory map, not read() into SQLite's own 2 MB page cache: a lookup
#: touches pages all over the 29 MB file, and each miss cost a system call. The mapped pages are the
#: operating system's file cache, shared by every process reading the table.
MMAP_BYTES = 1 << 30


class RegionalGazetteer:
    """The bundled regional table, searched by any spelling.

    >>> RegionalGazetteer().candidates("Saraqeb")[0].place.name   # doctest: +SKIP
    'Saraqab'
    """

    source = "regional"

    _open: "weakref.WeakSet[RegionalGazetteer]" = weakref.WeakSet()

    def __init__(self, path: Path | str = BUNDLED, *, region: tuple[str, ...] = DEFAULT_REGION):
        RegionalGazetteer._open.add(self)
        self.path = Path(path)
        self.region = tuple(code.upper() for code in region)
        self._local = threading.local()
        self._places: dict[int, tuple[Place, int]] = {}  # row number -> (place, population)
        self._num_of: dict[str, int] = {}                  # place id -> row number
        self._fuzzy = None
        self._province_points: dict[str, list[tuple[float, float]]] = {}
        self._provinces: list[str] | None = None

    @property
    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            if not self.path.is_file():
                raise StaleData(f"{self.path}: the regional gazetteer is missing; "
                                        "rebuild it with scripts/make_gazetteer.py")
            db = sqlite3.connect(f"file:{self.path}?mode=ro&immutable=1", uri=True, check_same_thread=False)
            db.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
            meta = dict(db.execute("SELECT key, value FROM meta"))
            if meta.get("schema") != SCHEMA_VERSION:
                raise StaleData(f"{self.path} has table layout {meta.get('schema', '1')}, this geomap reads "
                                f"{SCHEMA_VERSION}; rebuild it with scripts/make_gazetteer.py")
            folding = meta.get("folding")
            if folding != FOLDING_VERSION:
                raise StaleData(f"{self.path} was built with other name folding rules ({folding}, "
                                   f"now {FOLDING_VERSION}); rebuild it with scripts/make_gazetteer.py")
            self._local.db = db
        return db

    @classmethod
    def forget_connections(cls) -> None:
        """Make every table open a new connection when next read.  Run in every forked child
        (``os.register_at_fork`` below): an SQLite connection must not be used on both sides of a fork."""
        for table in list(cls._open):
            table._local = threading.local()

    def __len__(self) -> int:
        return self._db.execute("SELECT count(*) FROM places").fetchone()[0]

    def _load(self, nums) -> None:
        """Build the places of these row numbers that are not built yet, with one query."""
        nums = sorted({num for num in nums if num not in self._places})
        if not nums:
            return
        marks = ", ".join("?" for _ in nums)
        for row in self._db.execute(f"SELECT {_COLUMNS} FROM places WHERE num IN ({marks})", nums):
            self._places[row[0]] = _as_place(row)
            self._num_of[self._places[row[0]][0].id] = row[0]

    def by_id(self, place_id: str) -> Place | None:
        """The place with this id (``geonames:173322``, ``ocha:C4268``), or ``None``."""
        row = self._db.execute(f"SELECT {_COLUMNS} FROM places WHERE id = ?", (place_id,)).fetchone()
        return None if row is None else _as_place(row)[0]

    def of_kind(self, kind: str) -> list[Place]:
        """Every place of one kind (``province``, ``district``...), in table order."""
        return [_as_place(row)[0] for row in self._db.execute(
            f"SELECT {_COLUMNS} FROM places WHERE kind = ? ORDER BY num", (kind,))]

    def points_of_province(self, province: str) -> list[tuple[float, float]]:
        """The coordinates of every populated place and site whose province is ``province``, as stored."""
        if province not in self._province_points:
            self._province_points[province] = self._db.execute(
                "SELECT latitude, longitude FROM places WHERE province = ? "
                "AND kind NOT IN ('province', 'district', 'subdistrict') ORDER BY num", (province,)).fetchall()
        return self._province_points[province]

    def provinces(self) -> list[str]:
        """Every province name the table holds, in order (read once)."""
        if self._provinces is None:
            self._provinces = [row[0] for row in self._db.execute(
                "SELECT DISTINCT province FROM places WHERE province != '' ORDER BY province")]
        return self._provinces

    def main_towns(self, *, home_population: int, abroad_population: int) -> list[tuple[Place, int]]:
        """The towns and cities of the region with at least ``home_population`` people, and those of
        the neighbours with at least ``abroad_population``, with their populations, biggest first."""
        marks = ", ".join("?" for _ in self.region)
        rows = self._db.execute(
            f"SELECT {_COLUMNS} FROM places WHERE kind IN ('city', 'town', 'village') AND "
            f"((country IN ({marks}) AND population >= ?) OR population >= ?) ORDER BY population DESC, num",
            (*self.region, home_population, abroad_population)).fetchall()
        return [_as_place(row) for row in rows]

    def by_geonames_id(self, geonames_id: int) -> Place | None:
        """The place carrying this GeoNames id, or ``None``."""
        row = self._db.execute(f"SELECT {_COLUMNS} FROM places WHERE geonames_id = ? ORDER BY num LIMIT 1",
                               (geonames_id,)).fetchone()
        return None if row is None else _as_place(row)[0]

    def spellings(self) -> list[str]:
        """Every distinct spelling of every place, in a fixed order (what ``geomap extract`` looks for)."""
        return [row[0] for row in self._db.execute("SELECT DISTINCT spelling FROM spellings ORDER BY spelling")]

    def candidates(self, query: str) -> list[Candidate]:
        """Every place ``query`` names, exact matches first, in a fixed order."""
        key = name_key(query)
        return self._matching("key", key, plain(query)) if key else []

    def same_consonants(self, query: str) -> list[Candidate]:
        """Every place with a spelling of the same :func:`~geomap.places.names.skeleton` as ``query``."""
        bones = skeleton(query)
        return self._matching("skeleton", bones, plain(query)) if len(bones) >= MIN_SKELETON else []

    def _matching(self, column: str, value: str, wanted: str) -> list[Candidate]:
        # The spellings first, then only the places not built yet: a place's row (its aliases
        # above all) is read once, however many of its spellings share the key.
        rows = self._db.execute(f"SELECT plain, primary_name, spelling, num FROM spellings "
                                f"WHERE {column} = ? ORDER BY plain, num", (value,)).fetchall()
        self._load(row[3] for row in rows)
        best: dict[int, Candidate] = {}
        for spelling_plain, primary, spelling, num in rows:
            exact = spelling_plain == wanted
            old = best.get(num)
            if old is None or (exact, bool(primary)) > (old.exact, old.primary):
                place, population = self._places[num]
                best[num] = Candidate(place, population, exact, bool(primary), spelling)
        return sorted(best.values(), key=lambda c: (not c.exact, not c.primary, c.place.id))

    def _stored_index(self):
        """The table's trigram index, read once per process for each table file.

        Built with the table (scripts/make_gazetteer.py): reading it costs 0.1 s, building it
        1.5 s, which a cold geocode of names left unresolved would pay.  A process that opens the
        table again (a new finder for each folder, each test) reads it once: the index never changes.
        """
        from .fuzzy import TrigramIndex

        stat = self.path.stat()
        stamp = (str(self.path.resolve()), stat.st_size, stat.st_mtime_ns)
        if stamp not in _STORED_INDEXES:
            _STORED_INDEXES[stamp] = TrigramIndex.from_parts(dict(self._db.execute("SELECT part, data FROM fuzzy")))
        return _STORED_INDEXES[stamp]

    def search_fuzzy(self, query: str, *, limit: int = 5, cutoff: float = 0.6) -> list[tuple[Place, float]]:
        """Places whose spellings resemble ``query``, best first, scores in 0..1; the region's first on ties."""
        ranked: dict[int, float] = {}
        for found in self.candidates(query):
            ranked.setdefault(self._num_of[found.place.id], 1.0 if found.exact else 0.95)
        if len(ranked) < limit:
            if self._fuzzy is None:
                self._fuzzy = self._stored_index()
            for num, score in self._fuzzy.search(name_key(query), bare(query), limit=limit * 3, cutoff=cutoff):
                ranked.setdefault(num, score)
        # Rank on the few columns the order needs, then build only the places returned: building
        # a place (its aliases above all) costs more than ranking fifteen.
        marks = ", ".join("?" for _ in ranked)
        ordered = []
        for n, place_id, country, population in self._db.execute(
                f"SELECT num, id, country, population FROM places WHERE num IN ({marks})", list(ranked)):
            home = country in self.region
            # A place abroad is a weaker suggestion than one as alike in the region.
            score = round(ranked[n] if home else ranked[n] * ABROAD_FACTOR, 3)
            ordered.append(((-score, not home, -population, place_id), n, score))
        ordered.sort(key=lambda entry: entry[0])
        ordered = ordered[:limit]
        self._load(n for _, n, _ in ordered)
        return [(self._places[n][0], score) for _, n, score in ordered]


if hasattr(os, "register_at_fork"):  # POSIX: a forked child (extract --jobs) opens its own connections
    os.register_at_fork(after_in_child=RegionalGazetteer.forget_connections)


def fuzzy_entries(db: sqlite3.Connection):
    """What the table's stored fuzzy index is built from (scripts/make_gazetteer.py): each
    spelling's key, bare form and place number, in key order."""
    return ((key, bare_of_plain(spelling_plain), num) for key, spelling_plain, num
            in db.execute("SELECT key, plain, num FROM spellings ORDER BY key, plain, num"))


def _as_place(row: tuple) -> tuple[Place, int]:
    (_num, place_id, name, aliases, lat, lon, kind, country, province, _province_code, district,
     _district_code, population, radius_km, geonames_id, coord_source) = row
    # A frozen dataclass sets each field through object.__setattr__; filling the instance's dict
    # at once builds the same Place in half the time, and lookups build thousands of them.
    place = object.__new__(Place)
    place.__dict__.update(
        id=place_id, name=name, aliases=tuple(filter(None, aliases.split(";"))),
        latitude=lat, longitude=lon, kind=kind, country=country, province=province, geonames_id=geonames_id,
        radius_km=radius_km, coord_source=coord_source, notes="", district=district,
    )
    return place, population

