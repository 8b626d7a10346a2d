"""The resolution chain: a place string, with what the data says about where it is, to one place or none.

The chain has three sources: the curated gazetteer, the regional table
(:class:`~geomap.places.regional.RegionalGazetteer`) and, opt-in, Nominatim.
Every command that resolves names (``build``, ``validate``, ``export``,
``geocode``) goes through :meth:`PlaceFinder.resolve`, so they all agree.

How a string is resolved:

1. It is read as written, then as its compound parts (:mod:`geomap.places.phrases`):
   "Kafr Nabl village, Maarat al-Numan District" is Kafr Nabl, with the
   district as context; "near X" is X at *near* precision; "X District" the
   district with its extent; "between X and Y" the stretch between them.
2. A curated name wins when it agrees with the context.
3. Otherwise every place of the regional table that the name may mean is a
   candidate.  Context narrows them: the province, district or country in the
   string, ``context`` given by the caller (``--context``, a strikes file's
   province), and ``region`` (the countries the data is about).  An exact
   spelling beats a folded one; a place in the region beats one abroad; a
   populated place beats the admin unit of the same name unless the string
   names the unit ("Idlib" is the city, "Idlib Governorate" the province).
4. When namesakes remain far apart and nothing decides, the answer is the
   district or province that holds them all, at area precision, or nothing:
   a strike in the wrong town is worse than an unplaced one.  A village
   abroad answers only when the context or the region points there.

An answer counts only when its confidence reaches ``min_confidence`` (0.6).
A regional answer for a curated place (same GeoNames id) is the curated place.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterable, Protocol, Sequence

from .distance import great_circle_km
from .gazetteer import Gazetteer, Place, Resolution
from .names import bare, consonants_agree, generic_and_rest, name_key
from .phrases import PRECISION_RANK, Phrase, parse_phrase
from .regional import Candidate, RegionalGazetteer

MIN_CONFIDENCE = 0.6
EXACT_CONFIDENCE = 0.85
FOLDED_CONFIDENCE = 0.75
CONTEXT_BONUS = 0.1
ABROAD_PENALTY = 0.1
BIG_CITY_POPULATION = 100_000
AMBIGUOUS_CONFIDENCE = 0.45
UNIT_CONFIDENCE = 0.7       # all namesakes in one district or province: that unit, at area precision
RIVAL_KM = 25.0             # namesakes farther apart than this are different places
CONTEXT_TOWN_KM = 40.0      # "X, Town": X lies within this of the town
BETWEEN_MAX_KM = 80.0       # "between X and Y" farther apart than this is not one stretch
NEAR_KM, AREA_KM = 5.0, 15.0
FUZZY_SCORE = 0.85          # a near-miss spelling is taken, inside a known unit, from this score
FUZZY_MARGIN = 0.05         # ... when no place far from it scores within this of it
FUZZY_CONFIDENCE = 0.65
REST_SCORE = 0.8            # ... and when the name without its generic first word is this alike
SAME_LETTERS_SCORE = 0.78   # a Latin near miss writing the same consonants is taken from this score
PREFERRED_CONFIDENCE = 0.65  # a namesake chosen because the file's other strikes lie in its province
# Sources draw provinces differently near their borders (OCHA's own record puts Ar-Rastan in Homs,
# OCHA's polygons in Hama; datasets file Tramla under Hama and Idlib alike). A place just across
# the border of the province the data names is taken, less confidently, when it is the only one.
BORDER_KM = 8.0
BORDER_CONFIDENCE = 0.65
MEMO_LIMIT = 200_000        # names whose candidates a finder remembers (a few hundred bytes each)

COUNTRIES = {
    "syria": "SY", "syrian arab republic": "SY", "سوريا": "SY", "سورية": "SY",
    "iraq": "IQ", "العراق": "IQ", "lebanon": "LB", "لبنان": "LB", "jordan": "JO", "الأردن": "JO",
    "turkey": "TR", "türkiye": "TR", "israel": "IL", "iran": "IR", "palestine": "PS", "egypt": "EG",
}
_COUNTRY_KEYS = {name_key(name): code for name, code in COUNTRIES.items()}
# Who borders whom, among the countries the table holds. A city abroad competes with a place at
# home only from a country that borders the region: "Mansoura" in a Syrian file is one of Syria's
# villages or unknown, never the Egyptian city two borders away.
NEIGHBOURS = {
    "SY": {"IQ", "LB", "JO", "TR", "IL"}, "IQ": {"SY", "JO", "TR", "IR"}, "LB": {"SY", "IL"},
    "JO": {"SY", "IQ", "IL", "PS"}, "TR": {"SY", "IQ", "IR"}, "IL": {"SY", "LB", "JO", "PS", "EG"},
    "PS": {"IL", "JO", "EG"}, "IR": {"IQ", "TR"}, "EG": {"IL", "PS"},
}
KIND_RANK = {"city": 0, "town": 1, "neighbourhood": 2, "village": 3, "subdistrict": 4, "district": 4,
             "province": 5}
UNIT_KINDS = ("subdistrict", "district", "province")


class PlaceSource(Protocol):
    """What an online fallback offers (Nominatim): one answer and ranked suggestions."""

    source: str

    def resolve(self, query: str) -> Resolution | None: ...

    def search_fuzzy(self, query: str, *, limit: int = 5) -> list[tuple[Place, float]]: ...


@dataclass(frozen=True)
class _Unit:
    """A context the data gives: a country, or a place the strike must lie in or near."""

    text: str
    country: str = ""
    place: Place | None = None
    soft: bool = False  # only a preference: where the file's other strikes lie


def _km(a: Place, b: Place) -> float:
    return great_circle_km(a.latitude, a.longitude, b.latitude, b.longitude)


def _widened(place: Place, precision: str) -> Place:
    """The place as the wording locates a strike: "near X" is at least 5 km round X."""
    floor = {"near": NEAR_KM, "area": AREA_KM}.get(precision, 0.0)
    return place if place.radius_km >= floor else replace(place, radius_km=floor)


def _exact_first(pool: list[Candidate]) -> list[Candidate]:
    """Exact spellings beat folded ones, except a folded match that is plainly bigger.

    "Ras al-Ayn" is the town Ras al-Ain (folded), not the hamlets spelt Ra's al 'Ayn.
    """
    exact = [c for c in pool if c.exact]
    if not exact:
        return pool
    best = min(KIND_RANK.get(c.place.kind, 9) for c in exact)
    return exact + [c for c in pool if not c.exact and KIND_RANK.get(c.place.kind, 9) + 2 <= best]


def _dominates(leader: Candidate, rival: Candidate, name: str = "") -> bool:
    """Whether a name plainly means ``leader`` over a far namesake.

    A bigger kind of place (a city over a village) or ten times the people
    wins.  Matched only by folding, an alternate name never beats a rival's
    own name: an old name kept among a city's alternates must not swallow a
    village whose name it resembles.
    """
    bigger = KIND_RANK.get(leader.place.kind, 9) + 2 <= KIND_RANK.get(rival.place.kind, 9)
    if leader.exact and (bigger or (leader.population >= BIG_CITY_POPULATION
                                    and KIND_RANK.get(rival.place.kind, 9) >= KIND_RANK["village"])):
        return True  # "Hamah" is Hama, though a hamlet's own name is Hamah too
    if (name and leader.population >= BIG_CITY_POPULATION and leader.place.kind == "city"
            and bare(leader.matched) == bare(name) and not (rival.exact and not leader.exact)
            and KIND_RANK.get(rival.place.kind, 9) >= KIND_RANK["village"] and not rival.population):
        # "Qamishli" is the city of 184,000 (Al Qāmishlī, its article aside), not the Idlib hamlet
        # Al Qāmishlīyah; an alternate spelt otherwise ("Berea" for Aleppo) does not count.
        return True
    if rival.primary and not leader.primary:
        return False
    if leader.population and rival.population and leader.population >= 10 * rival.population:
        return True
    # Kinds come from populations and capital status; one step (a town over a village) is too
    # little to go on, two (a city over a village) is not.
    return bigger


def _alike_beyond_generic(name: str, spelling: str) -> bool:
    """Whether a near miss holds up once generic first words are set aside.

    Two generic first words must be the same ("Albu Bakr", the Bakr clan's village, is not Abu
    Bakr), and the rest must be alike on its own ("Tal Kasibah" is not Tall Kibāḩ: the shared
    "Tal" made them look alike as wholes).
    """
    from rapidfuzz.distance import Indel

    return _same_generic(name, spelling) and Indel.normalized_similarity(
        generic_and_rest(name)[1], generic_and_rest(spelling)[1]) >= REST_SCORE


def _same_generic(name: str, spelling: str) -> bool:
    """Whether two names do not differ in their generic first words (when both have one)."""
    generic, other = generic_and_rest(name)[0], generic_and_rest(spelling)[0]
    return not (generic and other and generic != other)


class PlaceFinder:
    """Resolve place strings through the curated gazetteer, the regional table and the fallbacks.

    >>> finder = PlaceFinder(Gazetteer.from_csv("data/gazetteer.csv"), RegionalGazetteer())  # doctest: +SKIP
    >>> finder.resolve("Kafr Nabl village, Maarat al-Numan District").place.name           # doctest: +SKIP
    'Kafr Nobol'
    """

    def __init__(self, curated: Gazetteer, *fallbacks, min_confidence: float = MIN_CONFIDENCE,
                 region: Sequence[str] | None = None):
        if not 0 < min_confidence <= 1:
            raise ValueError(f"min_confidence must be in (0, 1], not {min_confidence!r}")
        self.curated = curated
        self.regional: RegionalGazetteer | None = next(
            (f for f in fallbacks if isinstance(f, RegionalGazetteer)), None)
        self.online: tuple[PlaceSource, ...] = tuple(f for f in fallbacks if not isinstance(f, RegionalGazetteer))
        self.fallbacks = fallbacks
        self.min_confidence = min_confidence
        if region is None:
            region = self.regional.region if self.regional is not None else ("SY",)
        self.region = tuple(code.upper() for code in region)
        self.source = curated.source  # the file named in error messages
        self._curated_by_geonames = {p.geonames_id: p for p in curated if p.geonames_id}
        self._memo: dict[tuple[str, tuple[str, ...], tuple[str, ...]], Resolution | None] = {}
        self._units: dict[str, _Unit] = {}
        self._province_keys_of: dict[str, set[str]] = {}
        self._candidates_of: dict[str, list[Candidate]] = {}

    # -- the interface every command uses -------------------------------------------------

    def resolve(self, query: str, *, context: Iterable[str] = (), prefer: Iterable[str] = ()
                ) -> Resolution | None:
        """The place ``query`` names when some source is confident enough, else ``None``.

        ``context`` holds provinces, districts, towns or countries the strike
        is known to lie in (a strikes file's province, ``--context``): the
        answer must agree with them.  ``prefer`` holds provinces where the
        data's other strikes lie: among far-apart namesakes, the only one
        there is taken.
        """
        found = self.best(query, context=context, prefer=prefer)
        return found if found is not None and found.confidence >= self.min_confidence else None

    def best(self, query: str, *, context: Iterable[str] = (), prefer: Iterable[str] = ()
             ) -> Resolution | None:
        """The most confident answer, confident enough or not (its ``reason`` says why)."""
        key = (query, tuple(c for c in context if c), tuple(p for p in prefer if p))
        if key not in self._memo:
            self._memo[key] = self._best(query, key[1], key[2])
        return self._memo[key]

    def resolve_all(self, queries: Iterable[tuple[str, tuple[str, ...]]]
                    ) -> dict[tuple[str, tuple[str, ...]], Resolution | None]:
        """Resolve a file's place strings (each with its context) together, once per distinct pair.

        The strings of one file or report speak of one theatre: a string whose
        namesakes lie far apart is resolved again preferring the provinces
        that the file's confidently placed strings lie in.  A file spread over
        every province prefers none of them, so nothing is guessed.
        """
        found = {query: self.resolve(query[0], context=query[1]) for query in dict.fromkeys(queries)}
        provinces = sorted({f.place.province for f in found.values()
                            if f is not None and f.place.province and f.place.country in self.region})
        if provinces:
            for query, answer in found.items():
                if answer is None:
                    found[query] = self.resolve(query[0], context=query[1], prefer=provinces)
        return found

    def search_fuzzy(self, query: str, *, limit: int = 5) -> list[tuple[Place, float]]:
        """Suggestions from every source, best score first (curated first on ties), one per place.

        A compound string is searched by its most specific part too.
        """
        texts = [query]
        for phrase in parse_phrase(query)[1:]:
            texts.extend(phrase.places[:1])
        scores: dict[str, tuple[float, int, Place]] = {}
        best = self.best(query)
        if (best is not None and best.confidence == AMBIGUOUS_CONFIDENCE
                and not best.place.id.startswith("between:")):
            # What the finder would have answered, had it been sure, leads the suggestions.
            scores[best.place.id] = (1.0, -1, best.place)
        for text in dict.fromkeys(texts):
            for rank, source in enumerate((self.curated, *self.fallbacks)):
                for place, score in source.search_fuzzy(text, limit=limit):
                    place = self._curated_twin(place)
                    if place.id not in scores or score > scores[place.id][0]:
                        scores[place.id] = (score, rank, place)
        ranked = sorted(scores.values(), key=lambda item: (-item[0], item[1], item[2].name))
        return [(place, score) for score, _, place in ranked[: max(limit, 1)]]

    # -- how -------------------------------------------------------------------------------

    def _best(self, query: str, context: tuple[str, ...], prefer: tuple[str, ...] = ()) -> Resolution | None:
        outer = [self._unit(text) for text in context]
        outer += [replace(unit, soft=True) for unit in map(self._unit, prefer) if unit.place is not None]
        best = self._first_confident(self._phrase(query, phrase, outer) for phrase in parse_phrase(query))
        if best is None or best.confidence < self.min_confidence:
            online = (self._online(source, query) for source in self.online)
            found = self._first_confident(online)
            if found is not None and (best is None or found.confidence > best.confidence):
                best = found
        return best

    def _first_confident(self, answers: Iterable[Resolution | None]) -> Resolution | None:
        """The first answer confident enough (later ones are never computed), else the most confident."""
        best: Resolution | None = None
        for found in answers:
            if found is None:
                continue
            if found.confidence >= self.min_confidence:
                return found
            if best is None or found.confidence > best.confidence:
                best = found
        return best

    def _online(self, source: PlaceSource, query: str) -> Resolution | None:
        found = source.resolve(query)
        return None if found is None else replace(found, place=self._curated_twin(found.place))

    def _phrase(self, query: str, phrase: Phrase, outer: list[_Unit]) -> Resolution | None:
        if phrase.between:
            return self._between(query, phrase, outer)
        return self._first_confident(self._part(query, phrase, i, outer) for i in range(len(phrase.places)))

    def _part(self, query: str, phrase: Phrase, i: int, outer: list[_Unit]) -> Resolution | None:
        """Part ``i`` of a compound string as the place, the parts after it as its context."""
        units = [self._unit(text) for text in phrase.places[i + 1:]]
        units += [self._unit(text) for text in phrase.context if text not in phrase.places] + outer
        found = self._name(query, phrase.places[i], units, kind=phrase.kind if i == 0 else "",
                           unit=phrase.unit and i == 0)
        if found is None:
            return None
        if phrase.kind == "site" and (found.place.kind in UNIT_KINDS or found.confidence < self.min_confidence):
            return None  # "Hamdan airport" is not somewhere among the villages called Hamdan
        precision = phrase.precision if i == 0 else ""
        if i > 0 and not precision:
            # "a school, Ariha": the strike is somewhere in Ariha, not at its centre.
            precision = found.location_precision if found.location_precision != "site" else "town"
        if precision and PRECISION_RANK.get(precision, 0) > PRECISION_RANK.get(found.location_precision, 0):
            found = replace(found, place=_widened(found.place, precision), precision=precision)
        return found

    def _between(self, query: str, phrase: Phrase, outer: list[_Unit]) -> Resolution | None:
        a_name, b_name = phrase.between  # type: ignore[misc]
        a = self._name(query, a_name, outer)
        b = self._name(query, b_name, outer)
        ends = [x for x in (a, b) if x is not None and x.confidence >= self.min_confidence]
        if len(ends) == 1:
            (end,) = ends
            return replace(end, place=_widened(end.place, "near"), precision="near",
                           confidence=round(end.confidence - 0.1, 2),
                           reason=f"only {end.place.name} of the two ends is known")
        if len(ends) < 2:
            return None
        a, b = ends
        distance = _km(a.place, b.place)
        if distance > BETWEEN_MAX_KM:
            return replace(a, confidence=AMBIGUOUS_CONFIDENCE,
                           reason=f"{a.place.name} and {b.place.name} lie {distance:.0f} km apart")
        middle = Place(
            id=f"between:{a.place.id}:{b.place.id}", name=f"between {a.place.name} and {b.place.name}",
            aliases=(), latitude=round((a.place.latitude + b.place.latitude) / 2, 5),
            longitude=round((a.place.longitude + b.place.longitude) / 2, 5), kind="road",
            country=a.place.country, province=a.place.province, geonames_id=None,
            radius_km=round(max(distance / 2 + 1, AREA_KM if phrase.precision == "area" else NEAR_KM), 1),
            coord_source=f"midpoint of {a.place.name} ({a.place.coord_source}) and "
                         f"{b.place.name} ({b.place.coord_source})",
            district=a.place.district if a.place.district == b.place.district else "",
        )
        return Resolution(query, middle, f"{a.matched} / {b.matched}", "compound",
                          round(min(a.confidence, b.confidence), 2), source=a.source, precision="area",
                          reason="between two places")

    def _unit(self, text: str) -> _Unit:
        """What a context string stands for (remembered: a file repeats its provinces)."""
        if text not in self._units:
            self._units[text] = self._find_unit(text)
        return self._units[text]

    def _find_unit(self, text: str) -> _Unit:
        """What a context string stands for: a country, or the place it names (unit first)."""
        code = _COUNTRY_KEYS.get(name_key(text))
        if code is None and len(text) == 2 and text.isalpha() and text.isupper():
            code = text
        if code:
            return _Unit(text, country=code)
        # A context names where a strike lies: "Aleppo" there is the province, not the city.
        for phrase in parse_phrase(text):
            name = phrase.places[0]
            for candidates in (self._candidates(name), self._candidates(f"{name} District")):
                units = [c for c in candidates if c.place.kind in UNIT_KINDS]
                if units:
                    units.sort(key=lambda c: (not c.exact, c.place.kind != "province", c.place.id))
                    return _Unit(text, place=units[0].place)
            curated = self.curated.resolve(name)
            if curated is not None:
                return _Unit(text, place=curated.place)
            towns = [c for c in self._candidates(name)
                     if c.place.kind not in UNIT_KINDS and c.place.country in self.region]
            if towns:
                towns.sort(key=lambda c: (not c.exact, KIND_RANK.get(c.place.kind, 9), -c.population, c.place.id))
                return _Unit(text, place=towns[0].place)
        # A province misspelt as datasets misspell them ("QUINETRA"): the one unit spelt much like it.
        if self.regional is not None:
            from rapidfuzz.distance import Indel

            key = name_key(text)
            alike = sorted(((max(Indel.normalized_similarity(key, name_key(s)) for s in p.spellings), p.id, p)
                            for p in self.regional.of_kind("province") if p.country in self.region), reverse=True)
            if alike and alike[0][0] >= FUZZY_SCORE and (len(alike) == 1 or alike[1][0] < alike[0][0] - FUZZY_MARGIN):
                return _Unit(text, place=alike[0][2])
        return _Unit(text)

    def _agrees(self, place: Place, unit: _Unit) -> bool:
        if unit.country:
            return place.country == unit.country
        if place.province and name_key(place.province) == name_key(unit.text):
            return True  # the context names the place's own province, however the unit was found
        other = unit.place
        if other is None:
            return True
        if other.kind == "province":
            if place.province:
                return name_key(place.province) in self._province_keys(unit)
            return _km(place, other) <= other.radius_km
        if other.kind == "district":
            if place.district and other.district:
                return name_key(place.district) == name_key(other.district)
            return _km(place, other) <= other.radius_km
        if other.kind == "country":
            return place.country == other.country
        return _km(place, other) <= max(CONTEXT_TOWN_KM, other.radius_km)

    def _candidates(self, name: str) -> list[Candidate]:
        # Remembered: extract asks again for the same name with another context (the report's
        # provinces, its country), and a name's candidates depend on the table alone.
        found = self._candidates_of.get(name)
        if found is None:
            found = self.regional.candidates(name) if self.regional is not None else []
            if len(self._candidates_of) < MEMO_LIMIT:
                self._candidates_of[name] = found
        return found

    def _curated_twin(self, place: Place) -> Place:
        twin = self._curated_by_geonames.get(place.geonames_id) if place.geonames_id else None
        return twin or place

    def _name(self, query: str, name: str, units: list[_Unit], *, kind: str = "", unit: bool = False
              ) -> Resolution | None:
        """One name, with the context units it must agree with."""
        known = [u for u in units if not u.soft and (u.country or u.place is not None)]
        preferred = [u for u in units if u.soft]
        countries = {u.country for u in known if u.country} | {u.place.country for u in known if u.place}
        curated = self.curated.resolve(name)
        if curated is not None and all(self._agrees(curated.place, u) for u in known):
            return curated

        candidates = self._candidates(name)
        if not candidates:
            return self._spelt_like(query, name, known, unit=unit or kind in ("district", "subdistrict"))
        reasons: list[str] = []
        pool = candidates
        if known:
            agreeing = [c for c in pool if all(self._agrees(c.place, u) for u in known)]
            if not agreeing:
                across = self._across_border(query, name, pool, known)
                if across is not None:
                    return across
                where = ", ".join(u.text for u in known)
                near_miss = self._spelt_like(query, name, known, unit=unit or kind in ("district", "subdistrict"))
                return near_miss or Resolution(query, candidates[0].place, candidates[0].matched, "normalised",
                                               AMBIGUOUS_CONFIDENCE, source=self.regional.source,
                                               reason=f"no place called {name!r} lies in {where}")
            pool = agreeing
        wants_unit = unit or kind in ("district", "subdistrict")
        units_only = [c for c in pool if c.place.kind in UNIT_KINDS]
        populated = [c for c in pool if c.place.kind not in UNIT_KINDS]
        if wants_unit and units_only:
            pool = units_only
        elif populated:
            pool = populated
        if kind in ("village", "town", "city", "neighbourhood", "camp"):
            fitting = [c for c in pool if c.place.kind == kind or (kind == "town" and c.place.kind == "city")]
            pool = fitting or pool
        region = set(self.region) | countries
        home = [c for c in pool if c.place.country in region]
        # Abroad, only cities and large towns compete unless the context names their country:
        # a village of the same name 500 km away must not take a strike.
        strong_abroad = [c for c in pool if c.place.country not in region and c.place.kind in ("city", "town")]
        if not home and not strong_abroad:
            leader = sorted(pool, key=lambda c: (not c.exact, KIND_RANK.get(c.place.kind, 9), c.place.id))[0]
            return Resolution(query, leader.place, leader.matched, "exact" if leader.exact else "normalised",
                              0.5, source=self.regional.source,
                              reason=f"only a {leader.place.kind} in {leader.place.country} is called {name!r}; "
                                     "give --region or a context to accept it")
        if home:
            bordering = set().union(*(NEIGHBOURS.get(code, set()) for code in region))
            strong_abroad = [c for c in strong_abroad if c.place.country in bordering]
            home = _exact_first(home)
            best_home = min(KIND_RANK.get(c.place.kind, 9) for c in home)
            home_exact = any(c.exact for c in home)
            # Only exact spellings at home say what the name plainly is here: a town merely folded
            # to the name (As-Saura to "Sur") does not keep out the city abroad (Tyre, Sur).
            best_exact_home = min((KIND_RANK.get(c.place.kind, 9) for c in home if c.exact), default=9)
            abroad_exact_cities = [c for c in strong_abroad if c.exact and c.place.kind == "city"]
            if not home_exact and abroad_exact_cities and best_home < KIND_RANK["village"]:
                other = abroad_exact_cities[0]
                return Resolution(query, other.place, other.matched, "exact", AMBIGUOUS_CONFIDENCE,
                                  source=self.regional.source,
                                  reason=f"{name!r} is exactly {other.place.name} ({other.place.country}) and "
                                         f"a spelling of {home[0].place.name} ({home[0].place.country})")
            # A city abroad beats a village at home of the same name ("Sur" is Tyre), not a town;
            # an exact namesake abroad bigger than the exact one at home makes the name ambiguous
            # ("Sinjar": a Syrian town and the larger Iraqi one), unless the name abroad is only an
            # alternate ("Ariha" is the Syrian town, not Jericho, which Arabic calls Ariha).
            pool = home + [c for c in strong_abroad
                           if (best_exact_home >= KIND_RANK["village"] and (c.exact or not home_exact))
                           or (home_exact and c.exact and c.primary
                               and KIND_RANK.get(c.place.kind, 9) <= best_home
                               and c.population > max(h.population for h in home))]
        else:
            pool = strong_abroad
        pool = _exact_first(pool)

        ranked = sorted(pool, key=lambda c: (KIND_RANK.get(c.place.kind, 9), c.place.country not in region,
                                             -c.population, not c.primary, c.place.id))
        leader = ranked[0]
        confidence = EXACT_CONFIDENCE if leader.exact else FOLDED_CONFIDENCE
        if known:
            confidence += CONTEXT_BONUS
            reasons.append("in " + ", ".join(u.text for u in known))
        rivals = [c for c in ranked[1:] if _km(c.place, leader.place) > RIVAL_KM]
        place = leader.place
        precision = ""
        if rivals:
            dominated = all(_dominates(leader, c, name) for c in rivals)
            if dominated:
                confidence -= 0.05
                reasons.append(f"{len(rivals)} smaller namesake(s) elsewhere")
            else:
                shared = self._shared_unit([leader, *rivals])
                there = [c for c in [leader, *rivals] if any(self._agrees(c.place, u) for u in preferred)]
                if shared is None and there and len(there) <= len(rivals) and all(
                        _km(c.place, there[0].place) <= RIVAL_KM for c in there[1:]):
                    # Far-apart namesakes, one of them where the file's other strikes lie.
                    leader = there[0]
                    twin = self._curated_twin(leader.place)
                    return Resolution(
                        query, twin, leader.matched, "exact" if leader.exact else "normalised",
                        PREFERRED_CONFIDENCE, source=self.regional.source if twin is leader.place else "curated",
                        reason=f"{len(rivals) + 1} places are called {name!r}; the only one in "
                               f"{leader.place.province}, where the file's other strikes lie")
                if shared is None:
                    names = "; ".join(f"{c.place.name} ({c.place.district or c.place.province or c.place.country})"
                                      for c in [leader, *rivals][:4])
                    return Resolution(query, place, leader.matched, "exact" if leader.exact else "normalised",
                                      AMBIGUOUS_CONFIDENCE, source=self.regional.source,
                                      reason=f"{len(rivals) + 1} places are called {name!r}: {names}")
                place, precision = shared, "area"
                confidence = min(confidence, UNIT_CONFIDENCE)
                reasons.append(f"{len(rivals) + 1} places of that name, all in {shared.name}")
        if leader.place.country not in region:
            confidence -= ABROAD_PENALTY
            reasons.append(f"outside {', '.join(self.region)}")
        twin = self._curated_twin(place)
        return Resolution(query, twin, leader.matched,
                          "exact" if leader.exact else "normalised", round(min(confidence, 0.95), 2),
                          source=self.regional.source if twin is place else "curated",
                          precision=precision, reason="; ".join(reasons))

    def _province_keys(self, unit: _Unit) -> set[str]:
        """The folded names a province context stands for ("Damascus" also takes Rural Damascus)."""
        other = unit.place
        if unit.text not in self._province_keys_of:
            keys = {name_key(s) for s in other.spellings} | {name_key(other.province)}
            keys |= {name_key(f"Rural {s}") for s in (*other.spellings, other.province)}
            self._province_keys_of[unit.text] = keys
        return self._province_keys_of[unit.text]

    def _km_into(self, place: Place, unit: _Unit) -> float | None:
        """How far ``place`` lies from the nearest place of the province ``unit`` names (None: not a province)."""
        if self.regional is None or unit.place is None or unit.place.kind != "province":
            return None
        keys = self._province_keys(unit)
        best = None
        for province in self.regional.provinces():
            if name_key(province) not in keys:
                continue
            for lat, lon in self.regional.points_of_province(province):
                if abs(lat - place.latitude) > 0.2 or abs(lon - place.longitude) > 0.25:
                    continue
                d = great_circle_km(place.latitude, place.longitude, lat, lon)
                best = d if best is None or d < best else best
        return best

    def _across_border(self, query: str, name: str, pool: list[Candidate], known: list[_Unit]
                       ) -> Resolution | None:
        """The one place of that name lying just across the border of the province the data names."""
        def fits(c: Candidate) -> bool:
            for u in known:
                if self._agrees(c.place, u):
                    continue
                if u.place is None or c.place.country != u.place.country:
                    return False  # a border between countries is not drawn differently
                away = self._km_into(c.place, u)
                if away is None or away > BORDER_KM:
                    return False
            return True

        near = [c for c in pool if c.place.kind not in UNIT_KINDS and fits(c)]
        if not near or any(_km(c.place, near[0].place) > RIVAL_KM for c in near[1:]):
            return None
        leader = sorted(near, key=lambda c: (not c.exact, KIND_RANK.get(c.place.kind, 9), -c.population,
                                             c.place.id))[0]
        twin = self._curated_twin(leader.place)
        where = ", ".join(u.text for u in known)
        return Resolution(query, twin, leader.matched, "exact" if leader.exact else "normalised",
                          BORDER_CONFIDENCE, source=self.regional.source if twin is leader.place else "curated",
                          reason=f"{leader.place.name} lies in {leader.place.province or leader.place.country}, "
                                 f"at the border of {where}: sources draw it differently there")

    def _spelt_like(self, query: str, name: str, known: list[_Unit], *, unit: bool) -> Resolution | None:
        """A near-miss spelling, taken only inside a known unit where it has no rival.

        "Jindaris" in Aleppo is Jandairis: within the province the data names,
        one place is spelt much like it and no other place far from it comes
        close.  Without such a context a near miss is only a suggestion.
        """
        places = [u for u in known if u.place is not None]
        if self.regional is None or not places:
            return None
        where = ", ".join(u.text for u in known)
        same = [c for c in self.regional.same_consonants(name)
                if all(self._agrees(c.place, u) for u in known) and (c.place.kind in UNIT_KINDS) == unit
                and consonants_agree(name, c.matched)]  # "Shakur" is not Shaikh Riya, whose bones it shares
        if same and all(_km(c.place, same[0].place) <= RIVAL_KM for c in same[1:]) and all(
                _same_generic(name, c.matched) for c in same):
            leader = sorted(same, key=lambda c: (KIND_RANK.get(c.place.kind, 9), -c.population, c.place.id))[0]
            return self._near_miss(query, leader.place, leader.matched,
                                   f"written with the consonants of {leader.matched}, the only such place in {where}")
        alike = [(place, score) for place, score in self.regional.search_fuzzy(name, limit=12, cutoff=FUZZY_SCORE - 0.1)
                 if all(self._agrees(place, u) for u in known) and (place.kind in UNIT_KINDS) == unit]
        if not alike:
            return None
        if alike[0][1] < FUZZY_SCORE or not self._holds_up(name, alike[0][0]):
            return self._same_letters(query, name, alike, where)
        leader, score = alike[0]
        rivals = [p for p, other in alike[1:] if other >= score - FUZZY_MARGIN and _km(p, leader) > RIVAL_KM]
        if rivals:
            return None
        return self._near_miss(query, leader, leader.name,
                               f"spelt like {leader.name} ({score:.2f}), the only such place in {where}")

    @staticmethod
    def _holds_up(name: str, place: Place) -> bool:
        """Whether a near miss is the same name: alike beyond generic words and, in Latin letters, with
        the same consonants (a consonant more, less or other is another name, however alike as letters)."""
        return any(_alike_beyond_generic(name, spelling) for spelling in place.spellings) and (
            not name_key(name).isascii() or any(consonants_agree(name, spelling) for spelling in place.spellings))

    def _same_letters(self, query: str, name: str, alike: list[tuple[Place, float]], where: str
                      ) -> Resolution | None:
        """A Latin near miss less alike as letters, taken when it is the only place inside the unit
        that writes the same consonants ("Farkaya" in Idlib is Farkya, "Utshan" in Hama Atshan)."""
        if not name_key(name).isascii():
            return None  # Arabic script has no consonant skeleton to hold a looser match to
        generic = generic_and_rest(name)[0]
        # One spelling must be the same name throughout: the same generic first word or none ("Qusour"
        # is not Umm al-Qusur, "Hayy al-Jamiah" not Ajamiyah), the same consonants, alike in the rest.
        same = [(place, score) for place, score in alike if score >= SAME_LETTERS_SCORE and any(
            generic_and_rest(spelling)[0] == generic and consonants_agree(name, spelling)
            and _alike_beyond_generic(name, spelling) for spelling in place.spellings)]
        if not same or any(_km(place, same[0][0]) > RIVAL_KM for place, _ in same[1:]):
            return None
        leader, score = same[0]
        return self._near_miss(query, leader, leader.name, f"written with the consonants of {leader.name} "
                                                           f"({score:.2f}), the only such place in {where}")

    def _near_miss(self, query: str, place: Place, matched: str, reason: str) -> Resolution:
        """A near-miss spelling's answer (its curated twin where there is one), as sure as a near miss is."""
        twin = self._curated_twin(place)
        return Resolution(query, twin, matched, "fuzzy", FUZZY_CONFIDENCE,
                          source=self.regional.source if twin is place else "curated", reason=reason)

    def _shared_unit(self, candidates: list[Candidate]) -> Place | None:
        """The district, else the province, that holds every candidate, as a place; else None."""
        for field, suffix in (("district", " District"), ("province", "")):
            values = {getattr(c.place, field) for c in candidates}
            if len(values) == 1 and "" not in values:
                (value,) = values
                for found in self._candidates(value + suffix):
                    if found.place.kind == field and found.place.country == candidates[0].place.country:
                        return found.place
        return None
