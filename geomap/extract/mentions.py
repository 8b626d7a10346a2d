"""Find every gazetteer spelling in running text in one pass.

The text is folded once (lower case, no diacritics, punctuation as spaces, ayn
and hamza marks dropped, a possessive 's kept as its own word), and one
compiled pattern holding every folded spelling, longest first, scans it: "the
Al-Bokamal desert" is found as the desert, not the town, and a thousand
spellings cost one scan, not a thousand.  Matches are reported at their
positions in the original text.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable

from ..places.gazetteer import Place
from ..places.names import MARKS

# Running text keeps its double quotes as separators (names.plain drops them
# from a name): 'as"old' must stay two words.
_POSSESSIVE = re.compile(rf"[{MARKS}](?=s(?!\w))")
_MARK = re.compile(rf"[{MARKS}]")


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


def fold(text: str) -> tuple[str, list[int]]:
    """``text`` folded for matching, and the folded positions where a mark was dropped.

    The folded text is as long as the original minus the dropped marks; use
    :func:`original_position` to map a folded position back.
    """
    text = _POSSESSIVE.sub(" ", text)  # "Isfahan's" -> "Isfahan s": the name stays a word
    dropped: list[int] = []
    if _MARK.search(text):
        pieces = []
        last = 0
        for match in _MARK.finditer(text):
            pieces.append(text[last:match.start()])
            dropped.append(match.start() - len(dropped))
            last = match.end()
        pieces.append(text[last:])
        text = "".join(pieces)
    return text.translate(_TABLE), dropped


def original_position(folded_position: int, dropped: list[int]) -> int:
    """Where a folded position lies in the original text."""
    return folded_position + bisect.bisect_right(dropped, folded_position)


def folded_spelling(spelling: str) -> str:
    """A gazetteer spelling folded like text, with runs of spaces made one."""
    return " ".join(fold(spelling)[0].split())


@dataclass(frozen=True)
class PlaceMention:
    """One spelling of a place found in the text, at [start, end) of the original."""

    place: Place
    start: int
    end: int
    text: str


def _trie_pattern(spellings: Iterable[str]) -> str:
    """One regular expression for all ``spellings``, their shared beginnings written once.

    A flat alternation of 1,200 spellings makes the regex engine try each of them at every word of
    a report (0.5 MB/s); as a trie it follows one branch per letter. At each branch the longer
    continuations come first and ending there last, so the longest spelling that ends at a word
    boundary wins ("al bokamal desert" before "al bokamal"), as in the flat longest-first list.
    A space stands for one or more spaces.
    """
    trie: dict = {}
    for spelling in spellings:
        node = trie
        for ch in spelling:
            node = node.setdefault(ch, {})
        node[""] = {}  # a spelling ends here

    def pattern(node: dict) -> str:
        branches = [(" +" if ch == " " else re.escape(ch)) + pattern(child)
                    for ch, child in sorted(node.items()) if ch]
        ends = "" in node
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return "(?:" + "|".join(branches) + ")?" if ends else body

    return pattern(trie)


class PlaceMatcher:
    """One compiled pattern over every spelling of every place.

    >>> matcher = PlaceMatcher(gazetteer)                          # doctest: +SKIP
    >>> [m.place.id for m in matcher.find("hit the Al-Bokamal desert")]  # doctest: +SKIP
    ['bukamal-desert']
    """

    def __init__(self, places: Iterable[Place]):
        by_spelling: dict[str, Place] = {}
        for place in places:
            for spelling in place.spellings:
                key = folded_spelling(spelling)
                if len(key) >= 3 and key not in by_spelling:
                    by_spelling[key] = place
        self._places = by_spelling
        self._pattern = re.compile(rf"(?<!\w)(?:{_trie_pattern(by_spelling)})(?!\w)")

    def find(self, text: str) -> list[PlaceMention]:
        """Every place mention in ``text``, in order, none overlapping."""
        folded, dropped = fold(text)
        mentions = []
        for match in self._pattern.finditer(folded):
            place = self._places[" ".join(match.group().split())]
            start = original_position(match.start(), dropped)
            end = original_position(match.end() - 1, dropped) + 1
            mentions.append(PlaceMention(place, start, end, text[start:end]))
        return mentions
