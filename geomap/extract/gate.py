"""Run a report's slow patterns only on the sentences that could hold a match.

Dates, parties, sources, claims, casualty figures, campaigns and relative
timings are regular expressions of many alternatives; Python's engine tries
each alternative at every word, which costs a second per MB of strike reports.
Every match of each of them contains one of a few words ("israel", "regime",
"monday", "january", "said"), so one Aho-Corasick pass over the lower-cased
report finds, for every pattern, the sentences that contain one of its words,
and the pattern runs on those alone.  Within a sentence (or a whole report, for
the strike cues) :class:`FirstWords` tries a pattern only where one of the
words its matches begin with begins.  ``tests/extract/test_gate.py`` checks, on
every bundled report, that these scans find exactly what whole scans find.
"""

from __future__ import annotations

import bisect
import re
from typing import Iterable


class Gate:
    """Trigger words per pattern group; :meth:`sentences` says which sentences each group needs."""

    def __init__(self, groups: dict[str, Iterable[str]]):
        import ahocorasick

        automaton = ahocorasick.Automaton()
        owners: dict[str, set[str]] = {}
        for group, words in groups.items():
            for word in words:
                owners.setdefault(word.lower(), set()).add(group)
        for word, names in owners.items():
            automaton.add_word(word, tuple(sorted(names)))
        automaton.make_automaton()
        self._automaton = automaton
        self.groups = tuple(groups)

    def sentences(self, text: str, starts: list[int], lowered: str | None = None) -> dict[str, set[int]]:
        """For each group, the numbers of the sentences (by their ``starts``) holding one of its words
        (``lowered``: ``text`` lower-cased, if the caller has it)."""
        lowered = case_safe_lower(text, lowered)
        # Lowering moved positions (a rare letter), or left a letter that a pattern's IGNORECASE
        # still reads as an ASCII one ("ı" as i, "ſ" as s): every sentence, then.
        if lowered is None:
            return {group: set(range(len(starts))) for group in self.groups}
        found: dict[str, set[int]] = {group: set() for group in self.groups}
        for end, names in self._automaton.iter(lowered):
            number = bisect.bisect_right(starts, end) - 1
            for name in names:
                found[name].add(number)
        return found


def lower_case_twin(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` without IGNORECASE, to scan text already lower-cased (see :func:`case_safe_lower`):
    Python's engine runs it two to four times as fast."""
    if re.search(r"(?<!\\)(?<!\(\?)[A-Z]", pattern.pattern):  # the P of a named group "(?P<...>" aside
        raise ValueError(f"a capital letter in {pattern.pattern!r} would never match lower-cased text")
    return re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)


def case_safe_lower(text: str, lowered: str | None = None) -> str | None:
    """``text`` lower-cased (``lowered``, if already done), when a lower-case twin finds in it what
    the IGNORECASE pattern finds in ``text``, at the same positions: lowering moved no character and
    left none that IGNORECASE reads as an ASCII letter ("ı" as i, "ſ" as s).  Else ``None``."""
    lowered = text.lower() if lowered is None else lowered
    return lowered if len(lowered) == len(text) and "ı" not in lowered and "ſ" not in lowered else None


# The letters IGNORECASE reads as ASCII ones although lower() does not make them so.
_LOOK_ALIKES = str.maketrans({"İ": "i", "ı": "i", "ſ": "s", "\u212a": "k"})


def word_as_listed(matched: str) -> str:
    """A word an IGNORECASE pattern matched, lower-cased as the lists it is looked up in spell it:
    "FRİDAY", "Frıday" and "Friday" are all "friday"."""
    return matched.translate(_LOOK_ALIKES).lower()


class FirstWords:
    """The words one of which begins every match of a pattern: :meth:`finditer` tries the pattern
    only where one of them begins, found in one Aho-Corasick pass, not at every position of the
    text as ``finditer`` does.  (Every word is a prefix: "shell" stands for shells, shelled, shelling.)"""

    def __init__(self, words: Iterable[str]):
        import ahocorasick

        automaton = ahocorasick.Automaton()
        for word in words:
            automaton.add_word(word, len(word))
        automaton.make_automaton()
        self._automaton = automaton

    def starts(self, scanned: str) -> set[int]:
        """Where one of the words begins in ``scanned``."""
        return {end - length + 1 for end, length in self._automaton.iter(scanned)}

    def finditer(self, pattern: re.Pattern[str], text: str, scanned: str) -> list[re.Match[str]]:
        """What ``pattern.finditer(text)`` finds; the words are looked for in ``scanned``: ``text``
        itself, or ``text`` lower-cased as :func:`case_safe_lower` gives it (the same positions)."""
        return matches_from(pattern, text, self.starts(scanned))


def matches_from(pattern: re.Pattern[str], text: str, starts: Iterable[int]) -> list[re.Match[str]]:
    """What ``pattern.finditer(text)`` finds, when every position a match of it may begin at is
    among ``starts``: the pattern is tried there alone, left to right."""
    found = []
    reach = 0  # finditer looks for the next match where the last one ended
    for start in sorted(starts):
        if start >= reach and (match := pattern.match(text, start)):
            found.append(match)
            reach = match.end()
    return found
