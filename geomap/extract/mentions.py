"""Find every gazetteer spelling in running text in one pass.

The text is folded once (lower case, no diacritics, punctuation as spaces, ayn
and hamza marks dropped, a possessive 's kept as its own word), its words are
folded as names are, and two Aho-Corasick automata (pyahocorasick), one of the
curated spellings and one of the regional table's 166,000, each scan the words
in one linear pass.  Of overlapping matches the longest wins, a curated place
before a regional name: "the Al-Bokamal desert" is found as the desert, not
the town.  Matches are reported at their positions in the original text.

A curated spelling is always looked for.  A spelling only the regional table
knows is a *name*, not yet a place (it may mean a dozen villages; the finder
chooses later), and it is looked for only where it cannot be ordinary prose:
it has four letters or more, it is not a common English word
(``geomap/data/common_words.txt``) or a word of this field's prose
(:data:`FIELD_WORDS`), and the text writes each of its words with a capital
(or in Arabic script).
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, compress
from operator import add, attrgetter
from pathlib import Path
from typing import Iterable

from ..paths import bundled_file
from ..places.gazetteer import Place
from ..places.names import ARTICLES, MARKS, _fold_word, bare

# Running text keeps its double quotes as separators (names.plain drops them
# from a name): 'as"old' must stay two words.  A mark, and (group 1) the "s" after it when it is a
# possessive's: one scan of the text finds both kinds.
_MARK = re.compile(rf"[{MARKS}](?=(s(?!\w))?)")


class _FoldTable(dict):
    """str.translate table: each character to one lower-case base letter or digit, else a space."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        base = unicodedata.normalize("NFKD", char)
        base = "".join(c for c in base if not unicodedata.combining(c)).lower()
        folded = base[0] if len(base) == 1 and base.isalnum() else (char.lower() if char.isalnum() and len(char.lower()) == 1 else " ")
        self[code] = folded
        return folded


_TABLE = _FoldTable()


class _CasedTable(dict):
    """Like :data:`_TABLE`, but a capital stays a capital: the same words at the same places."""

    def __missing__(self, code: int) -> str:
        folded = _TABLE[code]
        cased = folded.upper() if chr(code).isupper() and len(folded.upper()) == 1 else folded
        self[code] = cased
        return cased


_CASED = _CasedTable()


def fold(text: str) -> tuple[str, list[int]]:
    """``text`` folded for matching, and the folded positions where a mark was dropped.

    The folded text is as long as the original minus the dropped marks; use
    :func:`original_position` to map a folded position back.
    """
    stripped, dropped = _strip_marks(text)
    return _translate(stripped, _TABLE), dropped


# Runs of characters outside ASCII: str.translate takes CPython's quick path (a 128-entry cache)
# only on ASCII text, and one curly quote in a report sends every character of it through the
# slow per-character dict lookup, 5x slower over a whole report.
_NOT_ASCII_RUNS = re.compile(r"([^\x00-\x7f]+)")


def _translate(text: str, table: dict) -> str:
    """``text.translate(table)``, with the ASCII stretches and the rest translated apart (the same
    characters, since translating is character by character)."""
    if text.isascii():
        return text.translate(table)
    return "".join([piece.translate(table) for piece in _NOT_ASCII_RUNS.split(text)])


def _strip_marks(text: str) -> tuple[str, list[int]]:
    """``text`` as :func:`fold` folds it, before the letters are folded: possessives split, ayn and
    hamza marks dropped (with the positions where), case and diacritics kept."""
    dropped: list[int] = []
    pieces = []
    last = 0
    for match in _MARK.finditer(text):
        pieces.append(text[last:match.start()])
        if match.group(1):
            pieces.append(" ")  # "Isfahan's" -> "Isfahan s": the name stays a word
        else:
            dropped.append(match.start() - len(dropped))
        last = match.end()
    if not pieces:
        return text, dropped
    pieces.append(text[last:])
    return "".join(pieces), dropped


def original_position(folded_position: int, dropped: list[int]) -> int:
    """Where a folded position lies in the original text."""
    return folded_position + bisect.bisect_right(dropped, folded_position)


def folded_spelling(spelling: str) -> str:
    """A gazetteer spelling folded like text, with runs of spaces made one."""
    return " ".join(fold(spelling)[0].split())


#: Words of strike reports that some village is also called: never a regional name on their own.
FIELD_WORDS = frozenset("""
    shaabi hashd shuhada yazidi yezidi ezidi peshmerga rudaw sharqi gharbi shamali janubi
    syrian syria iraqi iraq iranian iran israeli israel turkish turkey russian russia lebanese lebanon
    kurdish kurd kurds arab arabs american jordanian hezbollah hizballah islamic state sham tahrir
    observatory coalition regime government army forces militia militias brigade brigades division
    monitor agency media ministry defence defense police security front ansar fatah nusra daesh isis isil
    qaeda sunni shia shiite alawite druze christian muslim imam sheikh shaykh sayyid martyr martyrs
    minister president prime general colonel commander spokesman
""".split())
MIN_REGIONAL_LETTERS = 4


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """The one-word place spellings that are also common English words (see scripts/make_common_words.py)."""
    text = bundled_file("common_words.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@dataclass(frozen=True)
class PlaceMention:
    """One spelling found in the text, at [start, end) of the original.

    ``place`` is the curated place the spelling names, or ``None`` for a name only the
    regional table knows: which place it means is for the finder to decide.
    """

    place: Place | None
    start: int
    end: int
    text: str

    @property
    def curated(self) -> bool:
        return self.place is not None


def _word_key(word: str) -> str:
    """One word of folded text as the matcher compares it: articles vanish, vowels and doubled
    letters fold as place names fold (:mod:`geomap.places.names`), so "Maaret al-Numan" and
    "Ma'arrat an-Nu'man" are the same sequence of words."""
    return "" if word in ARTICLES else _fold_word(word, first=False)


def spelling_key(spelling: str) -> str:
    """A spelling as the matcher looks for it: its word keys, one space between them."""
    return " ".join(key for key in map(_word_key, fold(spelling)[0].split()) if key)


#: Bump when what the regional automaton holds changes (its keys, its skip words).
NAMES_VERSION = "2"


def _regional_automaton(regional):
    """The automaton of the regional table's names, each with its number of words.

    Folding 166,000 spellings and building the automaton takes 3 to 4 s, so it is
    kept in ``$GEOMAP_CACHE`` (else ``~/.cache/geomap``), under a name that changes
    with the table, the skip words and this code; loading it takes about 0.5 s.  Where no
    cache can be written it is built in memory each time.
    """
    import hashlib
    import os

    import ahocorasick

    from ..places.names import FOLDING_VERSION

    table = regional.path.stat()
    stamp = hashlib.sha256(repr((NAMES_VERSION, FOLDING_VERSION, str(regional.path.resolve()), table.st_size,
                                 table.st_mtime_ns, sorted(FIELD_WORDS))).encode()
                           ).hexdigest()[:16]
    base = os.environ.get("GEOMAP_CACHE")
    cached = (Path(base) if base else Path.home() / ".cache" / "geomap") / f"names-{stamp}.aho"
    if cached.is_file():
        try:
            loaded = ahocorasick.load(str(cached), bytes)
        except Exception:  # noqa: BLE001 - a damaged cache (bad header, cut short) is built again, never fatal
            pass
        else:
            try:
                os.utime(cached)  # in use: not stale (see _forget_stale)
            except OSError:
                pass
            return loaded
    automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
    skip = {spelling_key(word) for word in FIELD_WORDS}
    for spelling in regional.spellings():
        key = spelling_key(spelling)
        # Letters as written, articles aside: "Tyre" has four ("tyr" once folded), "Al Bab" three.
        if len(bare(spelling)) < MIN_REGIONAL_LETTERS or (" " not in key and key in skip):
            continue
        automaton.add_word(f" {key} ", key.count(" ") + 1)
    automaton.make_automaton()
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial = cached.with_name(f"{cached.name}.{os.getpid()}.tmp")
        automaton.save(str(partial))
        os.replace(partial, cached)  # another process reading it sees the old file or the whole new one
    except OSError:
        pass
    else:
        _forget_stale(cached)
    return automaton


STALE_DAYS = 30  # an automaton no run has loaded for this long belongs to a table or geomap gone


def _forget_stale(current: Path) -> None:
    """Remove the cache's other automata (27 MB each) that no run has loaded for :data:`STALE_DAYS`,
    and the temporary files of runs killed while saving, an hour on.

    Each new table or geomap version saves an automaton under a new name; without this they would
    pile up for ever.  A run that still uses an old one marks it when it loads it, and one removed
    all the same is built again.
    """
    import time

    now = time.time()
    for old in current.parent.glob("names-*.aho*"):
        if old == current:
            continue
        try:
            age = now - old.stat().st_mtime
            if (old.suffix == ".tmp" and age > 3600) or (old.suffix == ".aho" and age > STALE_DAYS * 86400):
                old.unlink()
        except OSError:
            pass  # gone already, or not ours to remove


class PlaceMatcher:
    """Automata over every spelling of the curated places and, if given, of the regional table.

    Both scan the same folded words. Curated places are taken first, longest first; regional
    names only in the words they leave, and only where each word is written with a capital.

    >>> matcher = PlaceMatcher(gazetteer, regional=RegionalGazetteer())   # doctest: +SKIP
    >>> [m.place.id for m in matcher.find("hit the Al-Bokamal desert")]    # doctest: +SKIP
    ['bukamal-desert']
    """

    def __init__(self, places: Iterable[Place], regional=None):
        import ahocorasick

        automaton = ahocorasick.Automaton()
        curated: dict[str, Place] = {}
        for place in places:
            for spelling in place.spellings:
                key = spelling_key(spelling)
                if len(key) >= 3 and key not in curated:
                    curated[key] = place
                    automaton.add_word(f" {key} ", (key.count(" ") + 1, place))
        automaton.make_automaton()
        self._automata = [automaton]
        if regional is not None:
            self._automata.append(_regional_automaton(regional))
        self._word_keys: dict[str, str] = {}  # a word as written (folded, case kept) -> its key
        self._name_keys: dict[str, str] = {}  # ... and as regional names see it ("~": lower case)

    def find_in(self, text: str, stretches: Iterable[tuple[int, int]]) -> list[PlaceMention]:
        """Every place mention inside these [start, end) stretches of ``text``, in order, as
        :meth:`find` finds them in each stretch alone: no name runs across a stretch's edge."""
        found: list[PlaceMention] = []
        for start, end in stretches:
            found += [PlaceMention(m.place, m.start + start, m.end + start, m.text)
                      for m in self.find(text[start:end])]
        return found

    def find(self, text: str) -> list[PlaceMention]:
        """Every place mention in ``text``, in order, none overlapping, the longest first."""
        stripped, dropped = _strip_marks(text)
        keys, name_keys = self._word_keys, self._name_keys
        # Words are what single spaces separate (folding made every other character a space); an
        # empty token is a run of spaces. Positions are summed in C (accumulate, map), word keys
        # looked up in C (map over dicts), not word by word in Python.
        tokens = _translate(stripped, _CASED).split(" ")
        ends = list(map(add, accumulate(map(len, tokens)), range(1, len(tokens) + 1)))  # one past each token's space
        for token in set(tokens).difference(keys):
            key = _word_key(token.lower()) if token else ""
            keys[token] = key
            # A regional name's words are written with a capital (or not in Latin letters): a word
            # written in lower case ("people", "station") is one no name can match. It stays as
            # long as its key, so both automata scan words at the same offsets.
            name_keys[token] = "~" * len(key) if key and "a" <= token[0] <= "z" else key
        keyed = list(map(keys.__getitem__, tokens))
        kept = list(compress(range(len(tokens)), keyed))
        words_of = [list(filter(None, keyed))]  # the kept words' keys, as each automaton sees them
        if len(self._automata) > 1:
            words_of.append(list(map(name_keys.__getitem__, compress(tokens, keyed))))
        # Where each kept word begins in the scanned text (" " + the words joined by spaces + " ").
        offsets = list(map(add, accumulate(map(len, words_of[0]), initial=0), range(1, len(kept) + 2)))[:-1]
        found = []  # (rank, first word, minus the number of words, number in places)
        places: list[Place | None] = []
        for rank, (automaton, words) in enumerate(zip(self._automata, words_of)):
            for last_char, value in automaton.iter(" " + " ".join(words) + " "):
                length, place = value if rank == 0 else (value, None)
                last = bisect.bisect_right(offsets, last_char - 1) - 1
                found.append((rank, last - length + 1, -length, len(places)))
                places.append(place)
        mentions = []
        common = common_words()
        # Curated places first, then the regional names in the words they left: a name the table
        # holds never takes a curated place's words ("Eastern Deir" out of "eastern Deir Ezzor").
        # Within each, the first word first and, from one word, the longest.
        found.sort()  # the number in places last: matches of the same words keep the automaton's order
        taken = bytearray(len(kept))
        for rank, first, minus_words, number in found:
            after, place = first - minus_words, places[number]
            if any(taken[first:after]):
                continue
            k = kept[first]
            begin = ends[k] - len(tokens[k]) - 1
            # The article just before the name belongs to it: "Al Qusayr" is reported whole.
            if k > 0 and tokens[k - 1] and not keys[tokens[k - 1]]:
                begin = ends[k - 1] - len(tokens[k - 1]) - 1
            last = kept[after - 1]
            start = original_position(begin, dropped)
            stop = original_position(ends[last] - 2, dropped) + 1
            written = text[start:stop]
            if place is None and after - first == 1 and written.lower() in common:
                continue  # "West", "Press": English words, however a village is called
            mentions.append(PlaceMention(place, start, stop, written))
            taken[first:after] = b"\x01" * (after - first)
        mentions.sort(key=attrgetter("start"))
        return mentions


