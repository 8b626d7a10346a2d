"""Run a report's slow patterns only on the sentences that could hold a match.

Dates, parties, sources, claims, casualty figures, campaigns and relative
timings are regular expressions of many alternatives; Python's engine tries each alternative at every word, which
costs a second per MB of strike reports.  Every match of each of them contains
one of a few words ("israel", "regime", "monday", "january", "said"), so one
Aho-Corasick pass over the lower-cased report finds, for every pattern, the
sentences that contain one of its words, and the pattern runs on those alone.
``tests/extract/test_gate.py`` checks, on every bundled report, that gated
scans find exactly what whole scans of each sentence find.
"""

from __future__ import annotations

import bisect
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

    def sentences(self, text: str, starts: list[int]) -> dict[str, set[int]]:
        """For each group, the numbers of the sentences (by their ``starts``) holding one of its words."""
        lowered = text.lower()
        # Lowering moved positions (a rare letter), or left a letter that a pattern's IGNORECASE
        # still reads as an ASCII one ("ı" as i, "ſ" as s): every sentence, then.
        if len(lowered) != len(text) or "ı" in lowered or "ſ" in lowered:
            return {group: set(range(len(starts))) for group in self.groups}
        found: dict[str, set[int]] = {group: set() for group in self.groups}
        for end, names in self._automaton.iter(lowered):
            number = bisect.bisect_right(starts, end) - 1
            for name in names:
                found[name].add(number)
        return found
