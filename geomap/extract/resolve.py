"""From the names found in a report to places: the finder decides, with the report's own context.

A curated spelling names its place outright.  A name only the regional table
knows may mean a dozen villages, so it goes to
:class:`geomap.places.finder.PlaceFinder`, as ``geomap geocode`` would send it,
with the context the sentence gives:

- "the village of X in the Y countryside", "X city in Y province", "X, Y",
  "Y province's X": Y is the context X must agree with, and, once X is placed
  inside it, Y is not a strike of its own: the most specific place the sentence
  supports is the strike's place;
- the provinces of the report's other places: among far-apart namesakes, the
  one where the rest of the report is wins (the finder's ``prefer``);
- where a report of no other place says the strike was: "eastern Syria" prefers
  Deir ez-Zor, Hasakah and Raqqa;
- the country the report speaks of, when it names one at least twice as often as
  any other: a name with namesakes in several countries is looked for there.

A regional name the finder cannot place is dropped: a broader place of the same
sentence, if any, stays the candidate.  One-word regional names must also stand
where a place stands ("in X", "near X", "X village", "X, Y"): a report's
people ("Mahmoud Rajab") are often called as villages are.
"""

from __future__ import annotations

import bisect
import re

from ..places.distance import great_circle_km
from ..places.finder import KIND_RANK, PlaceFinder
from ..places.names import name_key
from .mentions import FIELD_WORDS, PlaceMention

_KIND_WORD = r"(?:village|town|city|area|neighbou?rhood|district|sub-?district|camp|region|countryside|suburbs?|outskirts)"
_SIDE = (r"(?:(?:northern|southern|eastern|western|central|rural|north|south|east|west|"
         r"north-?western|north-?eastern|south-?western|south-?eastern)\s+)")
# Sites named after a place: "the Al-Shibli shrines in the al-Mayadeen countryside".
_SITE_WORD = (r"(?:shrines?|mosques?|hospitals?|schools?|markets?|bases?|airports?|camps?|factory|factories|"
              r"warehouses?|depots?|crossings?|checkpoints?|bridges?|dams?)")
# What may stand between X and the Y that says where X is: " village in the ", " city in ", ", ",
# " countryside west of " is not such a link (a direction is context of another kind).
_LINK_AFTER = re.compile(
    rf"^(?:\s+(?:{_KIND_WORD}|{_SITE_WORD}))?\s*(?:,\s*(?:in\s+)?|\s+(?:in|of|within|near)\s+)(?:the\s+)?{_SIDE}?"
    rf"(?:(?:{_KIND_WORD}|province|governorate)\s+of\s+(?:the\s+)?)?$",
    re.IGNORECASE)
# "Idlib's Maarat al-Numan", "Idlib province's Maarat al-Numan", "Damascus' southern town of Kisweh".
_LINK_BEFORE = re.compile(rf"^(?:\s+(?:province|governorate|countryside|region))?['’]s?\s+{_SIDE}?"
                          rf"(?:{_KIND_WORD}\s+of\s+(?:the\s+)?)?$", re.IGNORECASE)
# A capitalised word just before or after a one-word name makes it part of a longer one the table
# lacks ("Hayr Abbas", "Mahmoud Rajab", "Jesr Al-Shughour"); these are not such words.
_PROSE = FIELD_WORDS | frozenset("warplanes jets drones strikes air shelling artillery rockets missiles "
                                 "several dozens residents sources activists local".split())
_NOT_NAME_WORDS = frozenset("the a an in on at of near and or but from to by for with as said says".split())
# Where a one-word regional name stands as a place.
_PLACE_BEFORE = re.compile(
    r"(?:\b(?:in|on|at|near|of|into|towards?|around|outside|targeting|targeted|struck|hit|hitting|bombed|"
    r"bombing|shelled|shelling|between|and|from)\s+(?:the\s+)?(?:[\w’'-]+\s+)?|,\s*)$", re.IGNORECASE)
_PLACE_AFTER = re.compile(rf"^(?:\s+{_KIND_WORD}\b|\s*,|['’]s\b|\s+(?:province|governorate)\b)", re.IGNORECASE)
#: How far a context place may lie from the place it locates, beyond its own radius.
CONTEXT_KM = 40.0


# How reports name the three countries (counted in lower case: "Syria", "Syrian", "Syria's").
_COUNTRY_WORDS = {"SY": ("syria",), "IQ": ("iraq", "kurdistan region"), "LB": ("leban",)}


# Where reports say a strike in Syria was: "eastern Syria", "northwest Syria" (the regional table's
# province names).
_SYRIAN_QUARTERS = (
    (re.compile(r"\b(?:north-?west(?:ern)?|north-?western)\s+Syria", re.IGNORECASE), ("Idleb", "Aleppo", "Hama", "Lattakia")),
    (re.compile(r"\b(?:north-?east(?:ern)?)\s+Syria", re.IGNORECASE), ("Al-Hasakeh", "Ar-Raqqa", "Deir-ez-Zor")),
    (re.compile(r"\beast(?:ern)?\s+Syria", re.IGNORECASE), ("Deir-ez-Zor", "Al-Hasakeh", "Ar-Raqqa")),
    (re.compile(r"\bsouth(?:ern)?\s+Syria|\bsouth-?west(?:ern)?\s+Syria", re.IGNORECASE), ("Dar'a", "Quneitra", "As-Sweida", "Rural Damascus")),
    (re.compile(r"\bcentral\s+Syria", re.IGNORECASE), ("Homs", "Hama")),
    (re.compile(r"\bnorth(?:ern)?\s+Syria", re.IGNORECASE), ("Aleppo", "Idleb", "Ar-Raqqa", "Al-Hasakeh")),
)


def _quarter_of(text: str) -> list[str]:
    """The provinces of the part of Syria a report names ("an air raid in eastern Syria"), if one."""
    found = [provinces for pattern, provinces in _SYRIAN_QUARTERS if pattern.search(text)]
    return sorted(found[0]) if len(found) == 1 else []


def _country_of(lowered: str) -> str:
    """The country a report (``lowered``: lower-cased) names most often, when it names it at least
    twice as often as any other."""
    counts = sorted(((sum(map(lowered.count, words)), code) for code, words in _COUNTRY_WORDS.items()),
                    reverse=True)
    (most, code), (second, _) = counts[0], counts[1]
    return code if most and most >= 2 * second else ""


def _broader(outer, inner) -> bool:
    """Whether ``outer`` is a larger place than ``inner`` that holds it."""
    bigger = (KIND_RANK.get(outer.kind, 3) < KIND_RANK.get(inner.kind, 3) or outer.radius_km > inner.radius_km
              or outer.kind in ("province", "district", "subdistrict", "region"))
    away = great_circle_km(outer.latitude, outer.longitude, inner.latitude, inner.longitude)
    return bigger and (away <= outer.radius_km + CONTEXT_KM or same_province(outer, inner))


def same_province(a, b) -> bool:
    """Whether two places lie in one province, however each table spells it ("Deir ez-Zor" in the
    curated table, OCHA's "Deir-ez-Zor" in the regional one)."""
    return bool(a.province) and bool(b.province) and name_key(a.province) == name_key(b.province)


class _Names:
    """The mentions of some sentences of a report, read for what the finder needs: which of them
    say where another lies ("X, Y", "Y's X"), and which one-word names stand where a place stands."""

    def __init__(self, mentions: list[PlaceMention], text: str, sentence_of):
        self.mentions, self.text = mentions, text
        self.sentence = [sentence_of(m.start) for m in mentions]  # each mention's sentence, looked up once
        sentence = self.sentence
        self.linked: dict[int, int] = {}  # mention index -> index of the mention that says where it is
        for i, mention in enumerate(mentions):
            here = sentence[i]
            if i + 1 < len(mentions) and sentence[i + 1] == here \
                    and _LINK_AFTER.match(text[mention.end:mentions[i + 1].start]):
                self.linked[i] = i + 1
            elif i > 0 and sentence[i - 1] == here \
                    and _LINK_BEFORE.match(text[mentions[i - 1].end:mention.start]):
                self.linked[i] = i - 1
        self.spans = [(m.start, m.end) for m in mentions]
        self.targets = set(self.linked.values())

    def context(self, i: int) -> tuple[str, ...]:
        return (self.mentions[self.linked[i]].text,) if i in self.linked else ()

    def unplaced(self) -> list[int]:
        """The regional names (no curated place) that stand as places."""
        return [i for i, m in enumerate(self.mentions) if m.place is None and self._stands_as_a_place(i, m)]

    def _in_a_mention(self, position: int) -> bool:
        i = bisect.bisect_right(self.spans, (position, len(self.text))) - 1
        return i >= 0 and self.spans[i][0] <= position < self.spans[i][1]

    def _part_of_a_longer_name(self, i: int, mention: PlaceMention) -> bool:
        """A capitalised word next to a one-word name, not itself a name found: "Youssef Jundi"."""
        text = self.text
        start = self.sentence[i][0]
        floor = max(start, mention.start - 30)
        before = re.search(r"([A-Z][\w’'-]*)\s+$", text[floor:mention.start])
        # (A name ending a line with no full stop, a headline's, is read with the next line's first
        # word: extract looks for names in the line after each such line it looks in.)
        after = re.match(r"\s+([A-Z][\w’'-]*)", text[mention.end:mention.end + 30])
        for found, offset in ((before, floor), (after, mention.end)):
            if found is None or self._in_a_mention(offset + found.start(1)):
                continue
            word = found.group(1).lower()
            if word in _NOT_NAME_WORDS or (offset + found.start(1) == start and word in _PROSE):
                continue  # "The", or a sentence's first word of plain English
            return True
        return False

    def _stands_as_a_place(self, i: int, mention: PlaceMention) -> bool:
        if mention.text.isascii() and " " not in mention.text.strip() and self._part_of_a_longer_name(i, mention):
            return False
        if " " in mention.text.strip() or not mention.text.isascii() or i in self.linked or i in self.targets:
            return True
        start = self.sentence[i][0]
        text = self.text
        return bool(_PLACE_BEFORE.search(text[max(start, mention.start - 40):mention.start])
                    or _PLACE_AFTER.match(text[mention.end:mention.end + 20]))


def resolve_mentions(mentions: list[PlaceMention], text: str, sentence_of, finder: PlaceFinder | None,
                     lowered: str | None = None, asides=None) -> tuple[list[PlaceMention], set[int]]:
    """The mentions with a place (regional names placed by ``finder``, the unplaced dropped), and
    the positions (``start``) of those that only say where another lies.

    ``sentence_of(position)`` gives the (start, end) of the sentence holding a position.
    ``asides``, if given, is called for the mentions of the report's other sentences, those whose
    places cannot change what is proposed (sentences of politics, not of strikes): they are found
    and placed only when the report's theatre is asked for, and are not returned.
    """
    names = _Names(mentions, text, sentence_of)
    places: dict[int, object] = {i: m.place for i, m in enumerate(mentions) if m.place is not None}
    unplaced = names.unplaced()
    if finder is not None and unplaced:
        answers = {i: finder.resolve(mentions[i].text, context=names.context(i)) for i in unplaced}
        provinces: list[str] = []
        if None in answers.values():
            # The report's theatre: where its places lie, curated or placed without doubt (the
            # asides' too: "Idlib" in a sentence of politics says where the report's villages are).
            theatre = [*places.values(), *(a.place for a in answers.values() if a)]
            if asides is not None:
                found = asides()
                theatre += [m.place for m in found if m.place is not None]
                # Read among all the report's names: a name's neighbour may be one of the other list's.
                every = _Names(sorted([*mentions, *found], key=lambda m: m.start), text, sentence_of)
                looked = {m.start for m in mentions}
                theatre += [a.place for i in every.unplaced() if every.mentions[i].start not in looked
                            and (a := finder.resolve(every.mentions[i].text, context=every.context(i)))]
            provinces = sorted({p.province for p in theatre
                                if p.province and p.country in finder.region}) or _quarter_of(text)
        country = _country_of(text.lower() if lowered is None else lowered)
        for i in unplaced:
            if answers[i] is None and provinces:
                answers[i] = finder.resolve(mentions[i].text, context=names.context(i), prefer=provinces)
            if answers[i] is None and country and not names.context(i):
                # Namesakes in several countries, and the report speaks of one: "Sinjar", in a report
                # of Iraq, is the Iraqi town, not the Syrian villages.
                answers[i] = finder.resolve(mentions[i].text, context=(country,))
            # A name placed abroad ("Tel Aviv" for Israel's government) is not a strike of this region's.
            if answers[i] is not None and answers[i].place.country in finder.region:
                places[i] = answers[i].place
    context_only: set[int] = set()
    for i, j in names.linked.items():
        if i in places and j in places and _broader(places[j], places[i]):
            context_only.add(mentions[j].start)
    kept = [m if m.place is not None else PlaceMention(places[i], m.start, m.end, m.text)
            for i, m in enumerate(mentions) if i in places]
    return kept, context_only
