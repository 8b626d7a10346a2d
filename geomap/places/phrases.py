"""Place strings as reports write them, taken apart: the place, its context, and how near.

Strike datasets and monitors rarely write a bare town name.  They write
"Kafr Nabl village, Maarat al-Numan District", "near Saraqib", "the
outskirts of Douma", "Idlib countryside", "a school, Ariha", "between
Saraqib and Sarmin", "Manbij District" or "the Damascus-Beirut road".
:func:`parse_phrase` turns such a string into a :class:`Phrase`: the parts
that may name the place, most specific first; the context that must agree
with it (a district, province or country); and the precision the wording
gives ("near X" is *near*, "X countryside" an *area*).

Parsing never consults a gazetteer: it only proposes readings.  The finder
tries them in order and keeps the first that resolves and agrees with its
context.

>>> phrase = parse_phrase("Kafr Nabl village, Maarat al-Numan District")
>>> phrase.places, phrase.context, phrase.kind
(('Kafr Nabl',), ('Maarat al-Numan District',), 'village')
>>> parse_phrase("near Saraqib").precision
'near'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Wording before or after a name that says the strike was near it, not in it.
_NEAR_BEFORE = re.compile(
    r"^(?:near(?:by)?|close to|outside|just outside|around|in the vicinity of|the vicinity of|vicinity of|"
    r"on the outskirts of|the outskirts of|outskirts of|in the outskirts of|on the edge of|the edges? of|"
    r"the surroundings of|surroundings of|the environs of|environs of|east of|west of|north of|south of|"
    r"northeast of|northwest of|southeast of|southwest of|north-east of|north-west of|south-east of|"
    r"south-west of|قرب|بالقرب من|محيط|أطراف|اطراف|ضاحية)\s+", re.I)
# "X الضاحية" (X's suburb), "X outskirts".
_NEAR_AFTER = re.compile(r"\s+(?:outskirts|surroundings|vicinity|environs|area|region|surroundings area|الضاحية)$",
                         re.I)
# "X countryside", "countryside of X", "rural X", "ريف X": somewhere in the land around X.
_COUNTRYSIDE_AFTER = re.compile(r"\s+(?:countryside|rural area|rural areas|suburbs|rural)$", re.I)
_COUNTRYSIDE_BEFORE = re.compile(r"^(?:the\s+)?(?:countryside of|rural|the rural areas of|the suburbs of|ريف)\s+", re.I)
# "X District", "X sub-district", "X Governorate", "X province": the unit itself.
_UNIT_AFTER = re.compile(
    r"\s+(?:district|sub-?district|subdistrict|nahiya|nahiyah|mantiqah|governorate|province|region)$", re.I)
# Words that only say what kind of place the name is.
# "X البلد" is the town proper, "X القديمة" its old city.
_KIND_AFTER = re.compile(r"\s+(village|town|city|neighbourhood|neighborhood|quarter|camp|area|البلد|القديمة)$", re.I)
_KIND_BEFORE = re.compile(
    r"^(?:the\s+)?(village|town|city|neighbourhood|neighborhood|quarter|district|camp|area)\s+of\s+|"
    r"^(?:the\s+)?(قرية|بلدة|مدينة|حي|مخيم|ضيعة|ضيع|old)\s+", re.I)
# A site named for the place it is in: "مسجد كفر هود" (Kafr Houd's mosque), "X market", "X Airbase".
# The string as written is always tried first, so a town called "Jisr al-Shughur" stays whole.
# Streets, squares, roundabouts and mosques are left out: they are named after people and
# other towns as often as after the place they are in.
_SITE_BEFORE = re.compile(r"^(?:كنيسة|مدرسة|مشفى|مستشفى|فرن|سوق|جسر|منشأة|مساكن|طريق)\s+")
_SITE_AFTER = re.compile(
    r"\s+(?:market|hospital|school|bakery|barracks|bridge|church|airbase|air base|airport|military airport|"
    r"road)$", re.I)
#: Syria's governorates as reports write them; "محمبل ادلب" is Mhambal with Idlib as its context.
PROVINCE_WORDS = frozenset({
    "حلب", "ادلب", "إدلب", "حماة", "حماه", "حمص", "دمشق", "اللاذقية", "طرطوس", "درعا", "السويداء",
    "القنيطرة", "الرقة", "الحسكة", "aleppo", "idlib", "idleb", "hama", "homs", "damascus", "latakia",
    "lattakia", "tartus", "tartous", "daraa", "dar'a", "deraa", "sweida", "suwayda", "as-sweida", "quneitra",
    "raqqa", "ar-raqqa", "hasakah", "al-hasakah", "hasakeh", "al-hasakeh",
})
_UNIT_BEFORE = re.compile(r"^(ناحية|منطقة)\s+")
_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.I)
# "between X and Y", "the road between X and Y", "the X-Y road", "X–Y highway".
_BETWEEN = re.compile(r"^(?:(?:the\s+)?(?:road|highway|area)\s+)?between\s+(.+?)\s+and\s+(.+)$", re.I)
_ROAD = re.compile(r"^(?:the\s+)?(.+?)\s*(?:-|–|—|/| to )\s*(.+?)\s+(?:road|highway|motorway|route)$", re.I)
_ONE_ROAD = re.compile(r"^(?:the\s+)?(.+?)\s+(?:road|highway|motorway)$", re.I)
# "X in Y", "X of Y" (a site in a town), "X (Y)".
_IN = re.compile(r"^(.+?)\s+(?:in|at|of|within|inside)\s+(?:the\s+)?(.+)$", re.I)
_PAREN = re.compile(r"^(.+?)\s*\((.+?)\)\s*$")

# Any wording a reading is made of, found anywhere in the string. A string without it (and
# without a comma, or a province's name first or last) has one reading, itself: most names a
# strikes file or a report holds, read without trying each rule in turn.
_ANY_WORDING = re.compile("|".join(f"(?:{pattern.pattern})" for pattern in (
    _NEAR_BEFORE, _NEAR_AFTER, _COUNTRYSIDE_AFTER, _COUNTRYSIDE_BEFORE, _UNIT_AFTER, _KIND_AFTER,
    _KIND_BEFORE, _SITE_BEFORE, _SITE_AFTER, _UNIT_BEFORE, _ARTICLE, _BETWEEN, _ROAD, _ONE_ROAD, _IN,
    _PAREN)), re.I)

PRECISION_RANK = {"site": 0, "town": 1, "near": 2, "area": 3, "province": 4}


@dataclass(frozen=True)
class Phrase:
    """One reading of a place string.

    ``places`` are the parts that may name the place, most specific first;
    ``context`` the parts that must agree with it; ``precision`` what the
    wording says (``""`` when it says nothing); ``kind`` a kind the wording
    names (village, town, district...); ``between`` two places the strike lay
    between, for roads and "between X and Y".
    """

    text: str
    places: tuple[str, ...]
    context: tuple[str, ...] = ()
    precision: str = ""
    kind: str = ""
    unit: bool = False  # "X District": the string names the admin unit itself
    between: tuple[str, str] | None = None


_SPACES = re.compile(r"\s+")


def _clean(text: str) -> str:
    text = _SPACES.sub(" ", text.replace("\u200f", "").replace("\u200e", "")).strip(" .;:")
    return _ARTICLE.sub("", text).strip()


def _strip_words(part: str) -> tuple[str, str, str, bool]:
    """One part without its near/countryside/kind words: (name, precision, kind, names a unit)."""
    precision, kind, unit = "", "", False
    for _ in range(3):  # "near the village of X" peels two layers
        before = part
        if _NEAR_BEFORE.match(part):
            part, precision = _NEAR_BEFORE.sub("", part, count=1), "near"
        if _COUNTRYSIDE_BEFORE.match(part):
            part, precision = _COUNTRYSIDE_BEFORE.sub("", part, count=1), "area"
        match = _KIND_BEFORE.match(part)
        if match:
            kind = (match.group(1) or match.group(2) or "").lower()
            part = part[match.end():]
        part = _clean(part)
        if part == before:
            break
    if _NEAR_AFTER.search(part) and len(part.split()) > 1:
        part, precision = _NEAR_AFTER.sub("", part), precision or "near"
    if _COUNTRYSIDE_AFTER.search(part) and len(part.split()) > 1:
        part, precision = _COUNTRYSIDE_AFTER.sub("", part), "area"
    match = _KIND_AFTER.search(part)
    if match and len(part.split()) > 1:
        kind, part = match.group(1).lower(), part[:match.start()]
    match = _UNIT_AFTER.search(part)
    if match and len(part.split()) > 1:
        unit = True
        word = match.group(0).strip().lower()
        if word in ("governorate", "province"):
            part, kind = part[:match.start()], "province"
        elif word in ("nahiya", "nahiyah", "sub-district", "subdistrict"):
            part, kind = part[:match.start()] + " Subdistrict", "subdistrict"
        elif word in ("mantiqah",):
            part = part[:match.start()] + " District"
    match = _UNIT_BEFORE.match(part)
    if match:
        word, rest = match.group(1), part[match.end():]
        if word == "ناحية":
            part, unit, kind = rest + " Subdistrict", True, "subdistrict"
        else:
            part, unit = rest + " District", True
    return _clean(part), precision, {"neighborhood": "neighbourhood", "quarter": "neighbourhood",
                                     "قرية": "village", "بلدة": "town", "مدينة": "city", "ضيعة": "village",
                                     "ضيع": "village", "البلد": "town", "القديمة": "town", "old": "town",
                                     "حي": "neighbourhood", "مخيم": "camp"}.get(kind, kind), unit


def _province_split(name: str) -> tuple[str, str] | None:
    """("Mhambal", "Idlib") for "Mhambal Idlib" or "Idlib Mhambal": a name written beside its province."""
    words = name.split()
    if len(words) < 2:
        return None
    if words[-1].lower() in PROVINCE_WORDS:
        return " ".join(words[:-1]), words[-1]
    if words[0].lower() in PROVINCE_WORDS:
        return " ".join(words[1:]), words[0]
    return None


def _site_of(name: str) -> str | None:
    """The place a site is named for ("X mosque", "مسجد X"), or None."""
    for pattern in (_SITE_BEFORE, _SITE_AFTER):
        rest = pattern.sub("", name, count=1)
        if rest != name and rest.strip():
            return _clean(rest)
    return None


def parse_phrase(text: str) -> list[Phrase]:
    """The readings of ``text``, the most literal first.

    The string as written is always the first reading, so a curated name that
    happens to contain a comma or "near" is still found whole.
    """
    text = _clean(text)
    readings: list[Phrase] = [Phrase(text, (text,))]
    if not text:
        return readings
    if ("," not in text and "،" not in text and not _ANY_WORDING.search(text) and _clean(text) == text
            and _province_split(text) is None):
        return readings

    between = _BETWEEN.match(text) or _ROAD.match(text)
    if between and not re.search(r",", text):
        a, b = _clean(between.group(1)), _clean(between.group(2))
        if a and b:
            readings.append(Phrase(text, (a, b), precision="area", between=(a, b)))
            return readings
    road = _ONE_ROAD.match(text)
    if road and not re.search(r",", text):
        readings.append(Phrase(text, (_clean(road.group(1)),), precision="near", kind="road"))

    paren = _PAREN.match(text)
    if paren:
        head, inner = paren.group(1), paren.group(2)
        parts = [head, *[p for p in re.split(r"\s*,\s*", inner) if p]]
    else:
        parts = [p for p in re.split(r"\s*[,،]\s*", text) if p]
    if len(parts) == 1:
        inside = _IN.match(parts[0])
        if inside and not (_NEAR_BEFORE.match(parts[0]) or _COUNTRYSIDE_BEFORE.match(parts[0])
                           or _KIND_BEFORE.match(parts[0])):
            parts = [inside.group(1), inside.group(2)]
    stripped = [_strip_words(part) for part in parts]
    names = [name for name, *_ in stripped if name]
    if not names:
        return readings
    precision, kind, unit = stripped[0][1], stripped[0][2], stripped[0][3]
    # Later parts that say "countryside" widen the whole string: "X, Idlib countryside" is
    # still X (in the town), with Idlib as context.
    if len(names) == 1:
        if names[0] != text:
            readings.append(Phrase(text, (names[0],), precision=precision, kind=kind, unit=unit))
        elif unit or kind:
            readings[0] = Phrase(text, (text,), precision=precision, kind=kind, unit=unit)
        if kind == "subdistrict":
            # Where no table has the sub-district, its seat stands for it: the town, as an area.
            readings.append(Phrase(text, (names[0].removesuffix(" Subdistrict"),), precision="area"))
        split = _province_split(names[0])
        if split:  # only the name, with its province as the context it must agree with
            readings.append(Phrase(text, (split[0],), context=(split[1],), precision=precision, kind=kind))
        site = _site_of(names[0])
        if site:  # somewhere in the place the site is named for
            readings.append(Phrase(text, (site,), precision=precision or "town", kind="site"))
        return readings
    # "a school, Ariha": the first part may be a site no gazetteer holds; then the next part is the place.
    readings.append(Phrase(text, tuple(names), context=tuple(names[1:]), precision=precision, kind=kind,
                           unit=unit))
    return readings
