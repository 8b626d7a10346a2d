"""Fold the many romanisations of one Arabic or Persian place name into one key.

Reports write the same town as "Deir ez-Zor", "Deir Ezzor", "Dayr az Zawr" and
"Deir el-Zour".  :func:`name_key` maps such spellings to one lookup key; the
gazetteer uses the same function when it indexes its spellings and when it is
queried, so the two can never drift apart.

The folding is deliberately conservative: it removes differences that carry no
meaning in romanised Arabic (case, diacritics, ayn and hamza marks, hyphens,
the definite article and its assimilated forms, vowel spellings, doubled
letters) but keeps consonants, so different towns keep different keys.
Spellings that differ in more than that (Abu Kamal / Albu Kamal / Boukamal) are
the curated gazetteer's job: it lists them as aliases.

>>> name_key("Deir ez-Zor") == name_key("Deir Ezzor") == name_key("Dayr az Zawr")
True
>>> name_key("Al-Bokamal") == name_key("Boukamal")
True
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

#: Marks that romanisations use for ayn and hamza, and apostrophes of all kinds.
MARKS = "'`´‘’ʿʾʻʼ′ʹ"
# A name written with straight double quotes loses them too.
_MARKS = dict.fromkeys(map(ord, MARKS + '"'), None)

# The Arabic definite article and its assimilated forms, as separate words.
ARTICLES = frozenset(
    "al el il ul ad ed ar er as es ash esh at et ath az ez an en adh ed-".split()
)

# An assimilated article written glued to its noun: "Ezzor", "Azzawr", "Essalam".
# Only the sun letters double this way, so "Aleppo" or "Ezra" are left alone.
_GLUED_ARTICLE = re.compile(r"^[ae](?:(ss|zz|dd|rr|tt|nn|ll)|(sh)(?=sh))")

# Generic first words whose spelling varies more than the vowel rules cover.
_GENERIC_WORDS = {
    "tell": "tal", "tel": "tal", "til": "tal", "tall": "tal",
    "jebel": "jabal", "jbel": "jabal", "djebel": "jabal", "jabel": "jabal", "jebal": "jabal",
    "deir": "dayr", "dair": "dayr", "der": "dayr", "dier": "dayr",
    "ain": "ayn", "ein": "ayn", "aïn": "ayn",
    "khirbet": "khirbat", "khirbit": "khirbat",
    "kfar": "kafr", "kafar": "kafr", "kefar": "kafr",
    "sheikh": "shaykh", "shaikh": "shaykh", "sheik": "shaykh", "cheikh": "shaykh",
    "wadi": "wadi", "oued": "wadi",
}

# Ordered vowel and consonant foldings, applied to each word after the above.
_FOLDS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"dj", "j"),
        (r"ck", "k"),
        (r"gh", "g"),  # ghayn: Shughur, Shugour
        (r"iy(?=[aeiou]|$)", "i"),  # Nabatiyeh, Nabatieh
        (r"q", "k"),
        (r"ou|oo|aw|au|ow", "u"),
        (r"ee|ie", "i"),
        (r"ei|ey|ai|ay", "ay"),
        (r"o", "u"),
        (r"(?<=.)(ah|eh|a|e|h)$", ""),  # taa marbuta and silent final vowels
        (r"e", "a"),
        (r"(.)\1+", r"\1"),  # doubled letters
    )
)


def _changing(rule: int, pattern: str, replacement: str) -> str:
    """Rule ``rule`` of :data:`_FOLDS` as a part of one pattern that finds where any rule would change
    a word: a literal alternative that folds to itself ("ay" of "ei|ey|ai|ay") left out, and its
    groups named apart from the other rules' (a back-reference "\\1" would otherwise point elsewhere)."""
    if re.fullmatch(r"[a-z|]+", pattern):
        pattern = "|".join(alternative for alternative in pattern.split("|") if alternative != replacement)
    groups = iter(range(1, 100))
    pattern = re.sub(r"(?<!\\)\((?!\?)", lambda _: f"(?P<r{rule}g{next(groups)}>", pattern)
    return "(?:" + re.sub(r"\\(\d)", lambda m: f"(?P=r{rule}g{m.group(1)})", pattern) + ")"


# A key none of the rules' patterns matches (but where a rule would leave it as it is) folds to itself.
_FOLDABLE = re.compile("|".join(_changing(n, p.pattern, r) for n, (p, r) in enumerate(_FOLDS)))

_VOWELS = re.compile(r"[aeiouyw]")
_DOUBLED = re.compile(r"(.)\1+")


def skeleton(name: str) -> str:
    """The consonants of ``name``'s key, without vowels or the letters romanisations use as vowels.

    Arabic writes consonants; romanisations differ mostly in the vowels they
    add ("Farkaya", "Farkya"; "Ihtimalat", "Ehteimlat").  A skeleton is far too
    loose to identify a place on its own; the finder uses it only inside a
    province or district the data names, where one place has it.  Names in
    Arabic script have none.

    >>> skeleton("Marat Hermeh") == skeleton("Ma‘arrat Ḩurmah")
    True
    """
    key = name_key(name)
    if not key.isascii():
        return ""
    return _DOUBLED.sub(r"\1", _VOWELS.sub("", key))


# Consonants that romanisations write either way: dhal/dad as d or dh, tha as t or th, ch for
# the Iraqi j/k, z for the emphatic d.
_CONSONANT_VARIANTS = ((re.compile(r"dh|z"), "d"), (re.compile(r"th"), "t"), (re.compile(r"ch"), "j"))


def consonants_agree(name: str, spelling: str) -> bool:
    """Whether two Latin spellings write the same consonants, once generic first words are set aside.

    Romanisations disagree about vowels, about dh/d and th/t, and now and then swap two
    letters ("Harbanoush", "Haranbush"); they do not add or drop a consonant.  A near miss
    that does is another name: "Kifah" is not Kifrah, "Jibeen" not Jirbeen, "Maret al-Nasan"
    not Ma'arrat an-Nu'man, "Bajar" not Bajariyah.  Names in Arabic script have no skeleton and never agree here.

    >>> consonants_agree("Harbanoush", "Haranbush"), consonants_agree("Kifah", "Kifrah")
    (True, False)
    """
    def bones(key: str) -> str:
        if not key.isascii():
            return ""
        for pattern, replacement in _CONSONANT_VARIANTS:
            key = pattern.sub(replacement, key)
        # A final -i is what the key keeps of the suffix -iyah, -iyeh: "Bajar" is not Bajariyah.
        return _DOUBLED.sub(r"\1", _VOWELS.sub("", key)) + ("y" if key.endswith(("i", "y")) else "")

    def same(a: str, b: str) -> bool:
        if not a or not b or len(a) != len(b):
            return False
        differ = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
        return not differ or (len(differ) == 2 and differ[1] == differ[0] + 1
                              and a[differ[0]] == b[differ[1]] and a[differ[1]] == b[differ[0]])

    # Whole names ("Kharbat Aziz", "Khirbat Aziz") or, generic words aside, their rests
    # ("Tawarikh", "Umm Tawarikh").
    return (same(bones(name_key(name)), bones(name_key(spelling)))
            or same(bones(generic_and_rest(name)[1]), bones(generic_and_rest(spelling)[1])))


def _folding_version() -> str:
    """A digest of every folding rule: stored keys made by other rules are stale."""
    import hashlib

    rules = repr(("plain: NFKD, no combining marks, no format characters, casefold", MARKS, sorted(ARTICLES), _GLUED_ARTICLE.pattern, sorted(_GENERIC_WORDS.items()),
                  [(p.pattern, r) for p, r in _FOLDS], sorted(_ARABIC_FOLDS.items()),
                  "skeleton", _VOWELS.pattern, _DOUBLED.pattern))
    return hashlib.sha256(rules.encode("utf-8")).hexdigest()[:16]


_NOT_WORD = re.compile(r"[\W_]+")


class _Invisible(dict):
    """A translation table that drops combining marks and format characters, learnt as met.

    Format characters are right-to-left marks and overrides and zero-width
    joiners: invisible, they would make two equal names differ.  ``str.translate``
    looks each code point up in C; only a code point never seen before costs a
    Python call.
    """

    def __missing__(self, point: int) -> int | None:
        ch = chr(point)
        self[point] = None if unicodedata.combining(ch) or unicodedata.category(ch) == "Cf" else point
        return self[point]


_INVISIBLE = _Invisible()


@lru_cache(maxsize=1 << 16)
def plain(name: str) -> str:
    """Lower-case ``name`` without diacritics, marks or punctuation.

    >>> plain("Āl-Bū Kamāl")
    'al bu kamal'
    """
    if name.isascii():  # nothing to decompose: most names in a strikes file
        return " ".join(_NOT_WORD.split(name.lower().translate(_MARKS))).strip()
    stripped = unicodedata.normalize("NFKD", name).translate(_INVISIBLE)
    lowered = stripped.casefold().translate(_MARKS)
    return " ".join(_NOT_WORD.split(lowered)).strip()


# Arabic letters written several ways for one sound: alef with hamza or madda,
# taa marbuta, alef maqsura, hamza on a seat; and the tatweel that only stretches.
_ARABIC_FOLDS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي",
                               "ؤ": "و", "ئ": "ي", "ء": None, "ـ": None})


def _fold_arabic(word: str) -> str:
    """An Arabic word without its glued article and with one form of each variable letter."""
    word = word.translate(_ARABIC_FOLDS)
    if word.startswith("ال") and len(word) > 3:
        word = word[2:]
    return word


@lru_cache(maxsize=1 << 16)
def _fold_word(word: str, *, first: bool) -> str:
    if not first:
        word = _GLUED_ARTICLE.sub(lambda m: (m.group(1) or m.group(2))[0], word)
    word = _GENERIC_WORDS.get(word, word)
    if not word.isascii():  # Arabic or Persian script: fold its spelling variants only
        return _fold_arabic(word)
    for pattern, replacement in _FOLDS:
        word = pattern.sub(replacement, word)
    return word


def name_words(name: str) -> list[str]:
    """The folded words of ``name``, articles dropped (see :func:`name_key`)."""
    words = plain(name).split()
    kept = [w for i, w in enumerate(words) if not (w in ARTICLES and i < len(words) - 1)]
    return [_fold_word(w, first=(i == 0)) for i, w in enumerate(kept)]


def bare(name: str) -> str:
    """``name`` plain, without its articles or spaces, but not folded: "al kuswa" -> "kuswa".

    Fuzzy scores compare these as well as keys, because folding short names
    ("Köse" -> "kus") makes unrelated places look alike.
    """
    return bare_of_plain(plain(name))


def bare_of_plain(plain_name: str) -> str:
    """:func:`bare` of a name already made :func:`plain` (the regional table stores them so)."""
    words = plain_name.split()
    return "".join(w for i, w in enumerate(words) if not (w in ARTICLES and i < len(words) - 1))


# First words that say what kind of place a name is, folded ("Tall", "Tel" -> "tal"), or whose
# family it is: "Albu Bakr" (the Bakr clan's village) and "Abu Bakr" are two names, however alike
# their letters. A near miss must agree on these and come close in the rest.
GENERIC_FIRST_WORDS = frozenset(
    "abu albu umm um bani bayt bir ras tal kafr dayr ayn bab khirbat jabal shaykh wadi kasr hay "
    "nabi jisr marat mazrat ard sidi tall".split()
)


def generic_and_rest(name: str) -> tuple[str, str]:
    """``name``'s generic first word (or ``""``) and the rest of its key.

    >>> generic_and_rest("Tall Kibāḩ")
    ('tal', 'kib')
    """
    words = name_words(name)
    if len(words) > 1 and words[0] in GENERIC_FIRST_WORDS:
        return words[0], "".join(words[1:])
    return "", "".join(words)


@lru_cache(maxsize=1 << 16)
def name_key(name: str) -> str:
    """The lookup key of ``name``: folded words joined without spaces.

    Joining makes "Al Bukamal", "Al-Bukamal" and "Albukamal" agree; the
    article is dropped only where it stands as its own word, so "Aleppo" stays
    "Aleppo".

    >>> name_key("Deir el-Zour")
    'dayrzur'
    """
    key = "".join(name_words(name))
    if key.isascii() and key not in _GENERIC_WORDS and not _FOLDABLE.search(key):
        return key  # no rule would change it: the fixed point below would stop at once
    return _settled(key)


def _settled(key: str) -> str:
    """``key`` folded again until it no longer changes: a key must be its own key.  Real names
    settle in one or two rounds."""
    for _ in range(6):
        again = "".join(name_words(key))
        if again == key:
            break
        key = again
    return key


def folding_rules() -> dict:
    """Every folding rule, in the form the map page's own folding reads (strike_layer.js, ``geomapFolder``).

    The page folds a search the way this module folds names, from these very tables, so the
    two cannot drift apart; a browser test checks they agree on every bundled spelling.
    """
    return {
        "marks": MARKS + '"',
        "articles": sorted(ARTICLES),
        "glued": _GLUED_ARTICLE.pattern,
        "generic": dict(sorted(_GENERIC_WORDS.items())),
        "folds": [[pattern.pattern, replacement.replace("\\1", "$1")] for pattern, replacement in _FOLDS],
        "arabic": {chr(code): (value or "") for code, value in sorted(_ARABIC_FOLDS.items())},
    }


#: Which folding made a key; the regional table stores it beside its keys.
FOLDING_VERSION = _folding_version()
