"""Who struck, as a report says it, and how sure the report is: claimed, alleged or unattributed.

A sentence often names several parties ("Russian-backed Syrian forces shelled
a village, the Britain-based Observatory said, as Turkish drones..."), so the
actor of a place is the party named nearest to it among the phrases that make
a party the striker: "Israeli jets", "US-led coalition drones", "Russian
warplanes", "Turkish drones", "regime helicopters", "strikes by Israel",
"unidentified aircraft".  "X-backed" makes X a sponsor, not the striker.

Attribution follows who says so: the striker itself ("the Israeli military
said it struck", "CENTCOM announced") is a claim; anyone else (state media, a
monitor, "suspected", "blamed") an allegation; nobody named, unattributed.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .gate import FirstWords, case_safe_lower

UNKNOWN = "Unknown"

_WEAPONS = (r"(?:jets?|warplanes?|planes?|aircraft|drones?|air\s?strikes?|strikes?|raids?|missiles?|rockets?|"
            r"helicopters?|bombers?|artillery|shelling|shells|forces|troops|army|military|air\s+force|"
            r"attacks?|bombardment|fire|tanks?|gunships?)")
_NOT_BACKED = r"(?![-\s]backed|[-\s]led\b(?!\s+coalition))"

#: (actor, pattern), most specific first: a coalition before the United States, a sponsor-free
#: "Syrian government" before anything Syrian.
PARTIES: tuple[tuple[str, re.Pattern[str]], ...] = tuple((actor, re.compile(pattern, re.IGNORECASE)) for actor, pattern in (
    (UNKNOWN, r"\b(?:unidentified|unknown|unmarked)\s+(?:\w+\s+)?(?:jets?|warplanes?|aircraft|drones?|planes?)\b"
              r"|\bnot\s+(?:immediately\s+)?(?:clear|known)\s+(?:who|whether|if)\b|\bno\s+one\s+(?:has\s+)?claimed\b"),
    ("US-led coalition", r"\b(?:U\.?S\.?|American)[-\s]led\s+(?:international\s+)?coalition\b|\binternational\s+coalition\b"
                         r"|\bcoalition\s+(?:jets|warplanes|aircraft|drones|strikes|air\s?strikes|forces)\b"),
    ("Iran-backed militias", r"\bIran(?:ian)?[-\s](?:backed|aligned|affiliated)\s+(?:\w+\s+)?(?:militias?|groups?|factions?|fighters)\b"
                             r"(?=[^.]{0,40}\b(?:attack|struck|targeted|launched|fired|drone|rocket))"
                             r"|\battacks?\s+by\s+Iran(?:ian)?[-\s]backed\b|\bIslamic\s+Resistance\s+in\s+Iraq\b"),
    ("Syrian government", r"\b(?:Syrian\s+)?(?:regime|government|gov[’']t)\s+" + _WEAPONS + r"\b"
                          r"|\bSyrian\s+(?:army|military|artillery|warplanes|helicopters|government\s+forces)\b"
                          r"|\bpro-(?:Damascus|government|regime)\s+forces\b|\b(?:Bashar\s+)?Assad\s+regime\b"
                          r"|\bbarrel\s+bombs?\b"),
    ("Israel", r"\bIsrael(?:i)?" + _NOT_BACKED + r"\b|\bIDF\b|\bZionist\s+enemy\b"),
    ("United States", r"\b(?:U\.S\.|US|American|America)" + _NOT_BACKED + r"\s*(?:CENTCOM\s+|Central\s+Command\s+)?"
                      + _WEAPONS + r"\b|\bAmerica\s+(?:launched|struck|carried)\b|\bPentagon\b|\bCENTCOM\b"
                      r"|\bUnited\s+States\b(?!\s+linked)"),
    ("Russia", r"\bRussian?" + _NOT_BACKED + r"\s+(?:\w+\s+)?" + _WEAPONS + r"\b|\bRussia\b"),
    ("Turkey", r"\bTurk(?:ish|ey)" + _NOT_BACKED + r"\s+(?:\w+\s+)?" + _WEAPONS + r"\b|\bTurkey\b|\bAnkara\b"),
))

# A party named as what was hit, not who hit: "on U.S. forces", "against Turkish troops".
_TARGET_BEFORE = re.compile(r"\b(?:on|against|at|targeting|targeted|hit|struck)\s+(?:the\s+)?$", re.IGNORECASE)
# The striker speaking of its own strike.
_CLAIMS = re.compile(
    r"\b(?:Israeli\s+(?:military|army|air\s+force|Defen[cs]e\s+Forces)|IDF|Israel|Pentagon|CENTCOM|"
    r"U\.?S\.?\s+(?:military|forces|Central\s+Command|CENTCOM\s+forces|officials?)|Central\s+Command|"
    r"coalition|Turkish\s+(?:defen[cs]e\s+ministry|military|army|armed\s+forces)|"
    r"Russian\s+(?:defen[cs]e\s+ministry|military))\b"
    r"[^.]{0,80}?\b(?:said|says|announced|confirmed|claimed|stated)\b"
    r"|\b(?:said|announced|confirmed)\s+(?:that\s+)?it\s+(?:had\s+)?(?:struck|hit|targeted|carried\s+out|conducted|attacked)\b"
    r"|\b(?:U\.?S\.?|American|Israeli|Turkish)\s+(?:\w+\s+){0,2}forces\s+conducted\b|\bclaimed\s+responsibility\b",
    re.IGNORECASE)


# The words each party's phrases begin with (lower case): the patterns are tried only where one
# of them begins a word, found in one Aho-Corasick pass (tests/extract/test_gate.py checks that this
# finds what scanning every position finds).
_FIRST_WORDS = {
    UNKNOWN: ("unidentified", "unknown", "unmarked", "not", "no"),
    "US-led coalition": ("u.s", "us", "american", "international", "coalition"),
    "Iran-backed militias": ("iran", "attack", "islamic"),
    "Syrian government": ("syrian", "regime", "government", "gov", "pro-", "bashar", "assad", "barrel"),
    "Israel": ("israel", "idf", "zionist"),
    "United States": ("u.s", "us", "american", "america", "pentagon", "centcom", "united"),
    "Russia": ("russia",),
    "Turkey": ("turk", "ankara"),
}


@lru_cache(maxsize=1)
def _first_word_automaton():
    import ahocorasick

    ranks = {actor: rank for rank, (actor, _) in enumerate(PARTIES)}
    owners: dict[str, set[int]] = {}
    for actor, words in _FIRST_WORDS.items():
        for word in words:
            owners.setdefault(word, set()).add(ranks[actor])
    automaton = ahocorasick.Automaton()
    for word, numbers in owners.items():
        automaton.add_word(word, (len(word), tuple(sorted(numbers))))
    automaton.make_automaton()
    return automaton


def parties_in(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, int, str]]:
    """Every phrase of ``text[start:end]`` that makes a party the striker: (start, end, rank, actor)
    relative to ``start``, in order; each party's phrases do not overlap, as ``finditer``'s would not."""
    end = len(text) if end is None else end
    piece = text[start:end]
    lowered = piece.lower()
    if case_safe_lower(piece, lowered) is None:  # lowering moved positions or hid a letter: scan everywhere
        tries = [(0, rank) for rank in range(len(PARTIES))]
        scan = True
    else:
        tries = []
        for last, (length, ranks) in _first_word_automaton().iter(lowered):
            at = last - length + 1
            if at == 0 or not lowered[at - 1].isalnum():
                tries.extend((at, rank) for rank in ranks)
        scan = False
    found = []
    reach = [0] * len(PARTIES)
    for at, rank in sorted(tries):
        actor, pattern = PARTIES[rank]
        matches = pattern.finditer(piece) if scan else [pattern.match(piece, at)]
        for match in matches:
            if match is None or match.start() < reach[rank]:
                continue
            reach[rank] = match.end()
            where = start + match.start()
            if actor != UNKNOWN and _TARGET_BEFORE.search(text, max(start, where - 25), where):
                continue  # "attacks by Iran-backed groups on U.S. forces": the forces were the target
            found.append((match.start(), match.end(), rank, actor))
    return sorted(found)


def nearest_party(parties: list[tuple[int, int, int, str]], position: int) -> str:
    """Of ``parties`` (from :func:`parties_in`), the actor named nearest to ``position``; ``""`` if none."""
    best = min(((min(abs(start - position), abs(end - position)), rank, actor)
                for start, end, rank, actor in parties), default=None)
    return "" if best is None else best[2]


# The words by which a claim names its claimant.
_CLAIMANT = {
    "Israel": re.compile(r"Israel|IDF", re.IGNORECASE),
    "United States": re.compile(r"U\.?S\.?|American|Pentagon|CENTCOM|Central\s+Command", re.IGNORECASE),
    "US-led coalition": re.compile(r"coalition", re.IGNORECASE),
    "Turkey": re.compile(r"Turk", re.IGNORECASE),
    "Russia": re.compile(r"Russia", re.IGNORECASE),
}


# The words (lower case) each claim begins with: "U.S." is "us" or "u.s" to its first letters.
_CLAIM_STARTS = FirstWords(["israel", "idf", "pentagon", "centcom", "us", "u.s", "central", "coalition", "turkish",
                            "russian", "said", "announced", "confirmed", "american", "claimed"])


def claims_in(report: str) -> list[str]:
    """The phrases of a report in which someone speaks of a strike as their own (one scan)."""
    lowered = case_safe_lower(report)
    matches = _CLAIMS.finditer(report) if lowered is None else _CLAIM_STARTS.finditer(_CLAIMS, report, lowered)
    return [match.group() for match in matches]


def attribution_of(claims: list[str], own: str, actor: str) -> str:
    """How a report attributes a strike it gives to ``actor``: claimed, alleged or unattributed.

    ``claims`` are the report's (:func:`claims_in`); ``own`` is the strike's own sentences:
    "said it struck" there is the claim; elsewhere a claim counts when its speaker is the actor
    ("the Israeli military said ...").
    """
    if not actor or actor == UNKNOWN:
        return "unattributed"
    claimant = _CLAIMANT.get(actor)
    for claim in claims:
        if claimant is not None and (claimant.search(claim) or ("it" in claim.split() and claim in own)):
            return "claimed"
    return "alleged"
