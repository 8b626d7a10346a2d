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

UNKNOWN = "Unknown"

_WEAPONS = (r"(?:jets?|warplanes?|planes?|aircraft|drones?|air\s?strikes?|strikes?|raids?|missiles?|rockets?|"
            r"helicopters?|bombers?|artillery|shelling|shells|forces|troops|army|military|air\s+force|"
            r"attacks?|bombardment|fire|tanks?|gunships?)")
_NOT_BACKED = r"(?![-\s]backed|[-\s]led\b(?!\s+coalition))"

#: (actor, pattern), most specific first: a coalition before the United States, a sponsor-free
#: "Syrian government" before anything Syrian.
PARTIES: tuple[tuple[str, re.Pattern[str]], ...] = tuple((actor, re.compile(pattern, re.IGNORECASE)) for actor, pattern in (
    (UNKNOWN, r"\b(?:unidentified|unknown|unmarked)\s+(?:\w+\s+)?(?:jets?|warplanes?|aircraft|drones?|planes?)\b"
              r"|\bnot\s+(?:immediately\s+)?clear\s+who\b|\bno\s+one\s+(?:has\s+)?claimed\b"),
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


def actor_near(text: str, position: int) -> str:
    """The party ``text`` makes the striker, nearest to ``position`` (a place in it); ``""`` if none."""
    best: tuple[int, int, str] | None = None
    for rank, (actor, pattern) in enumerate(PARTIES):
        for match in pattern.finditer(text):
            if actor != UNKNOWN and _TARGET_BEFORE.search(text[max(0, match.start() - 25):match.start()]):
                continue  # "attacks by Iran-backed groups on U.S. forces": the forces were the target
            distance = min(abs(match.start() - position), abs(match.end() - position))
            if best is None or (distance, rank) < best[:2]:
                best = (distance, rank, actor)
    return "" if best is None else best[2]


# The words by which a claim names its claimant.
_CLAIMANT = {
    "Israel": re.compile(r"Israel|IDF", re.IGNORECASE),
    "United States": re.compile(r"U\.?S\.?|American|Pentagon|CENTCOM|Central\s+Command", re.IGNORECASE),
    "US-led coalition": re.compile(r"coalition", re.IGNORECASE),
    "Turkey": re.compile(r"Turk", re.IGNORECASE),
    "Russia": re.compile(r"Russia", re.IGNORECASE),
}


def attribution_of(report: str, own: str, actor: str) -> str:
    """How a report attributes a strike it gives to ``actor``: claimed, alleged or unattributed.

    ``own`` is the strike's own sentences: "said it struck" there is the claim; elsewhere in the
    ``report`` a claim counts when its speaker is the actor ("the Israeli military said ...").
    """
    if not actor or actor == UNKNOWN:
        return "unattributed"
    claimant = _CLAIMANT.get(actor)
    for match in _CLAIMS.finditer(report):
        inside = own.find(match.group()) >= 0
        if claimant is not None and (claimant.search(match.group()) or (inside and "it" in match.group().split())):
            return "claimed"
    return "alleged"
