"""From a report's text to candidate strike rows that a person reviews.

Flow, one report at a time:

1. split the text into sentences, keeping their positions;
2. find every gazetteer spelling in one pass (:mod:`geomap.extract.mentions`);
3. keep a place only where its sentence reports a strike (struck, hit,
   targeted, raid, drones, missiles...) and the place is not context: where a
   source is based, where an official speaks from, where missiles came from,
   what lies west of what, a road's name, history ("captured Aleppo in 2016"),
   a years-long campaign ("hundreds of air strikes since ...");
4. date it from the sentence, or from the passage it belongs to
   (:mod:`geomap.extract.dates`), never from nothing;
5. name the outlets and monitors that reported it, and the casualty figures
   with who gave them.

Each candidate is one (report, place) pair, with the sentences it rests on as
evidence and a confidence in 0..1.  Candidates are proposals, not records:
``geomap extract --merge`` adds only the rows a person kept, after validation.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from typing import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..places.finder import KIND_RANK, PlaceFinder
from ..places.names import skeleton
from ..places.gazetteer import Gazetteer, Place
from ..records.strikes import ALL_STRIKE_COLUMNS
from .dates import MONTHS, WEEKDAYS, DateExpression, DateFix, find_clock, find_dates, report_date
from .gate import FirstWords, Gate, case_safe_lower, lower_case_twin, word_as_listed
from .actors import UNKNOWN, attribution_of, claims_in, nearest_party, parties_in
from .mentions import PlaceMatcher, PlaceMention
from .resolve import resolve_mentions, same_province

CANDIDATE_COLUMNS = (*(c for c in ALL_STRIKE_COLUMNS if c not in ("evidence", "independent_sources")),
                     "confidence", "independent_sources", "evidence")

# A sentence ends at . ! or ? (perhaps inside a closing quote) before a capital,
# a digit or an opening quote; "U.S. official" and "1:10 a.m.," do not end one.  The gap between
# two sentences is the group "after" of the first alternative, the whole match of the second: the
# mark is matched, not looked behind for, so the engine skips to the next . ! ? or line break
# instead of trying every position (finditer finds the same gaps as with the mark looked behind for:
# no gap ends with one).
_SENTENCE_END = re.compile(r"[.!?](?P<after>[\"”’']?\s+(?=[\"“‘(A-Z0-9]))|\n\s*\n?")
# A wire text's hard line break inside a sentence: "The Syrian Observatory for Human\nRights said".
_WRAPPED = re.compile(r"[a-z,;]\n(?=[A-Za-z])")

_ABBREVIATION = re.compile(r"\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|Dr|Mr|Mrs|Ms|St|No|Gen|Col|Lt|Sgt|Capt|Maj)\.$")
STRIKE_CUES = re.compile(
    r"\b(?:struck|strikes?|striking|hit|hits|targeted|targeting|raids?|raided|air\s?strikes?|airstrikes?|"
    r"drones?|missiles?|attacked|attacks?|bombed|bombing|bombs?|bombardment|bombarded|shelling|shelled|"
    r"shells|artillery|rockets?|mortars?|warplanes|jets|assault|aggression|destroyed|burnt|burned|pounded)\b",
    re.IGNORECASE,
)
_LOWER_CUES = lower_case_twin(STRIKE_CUES)  # on lower-cased text: twice as fast as IGNORECASE
_CUE_STARTS = FirstWords(["struck", "strik", "hit", "target", "raid", "air", "drone", "missile", "attack",
                          "bomb", "shell", "artillery", "rocket", "mortar", "warplanes", "jets", "assault",
                          "aggression", "destroyed", "burn", "pounded"])
# A date said of the telling, not of the strike: "CENTCOM announced on Tuesday evening".
_TOLD_ON = re.compile(r"\b(?:said|says|announced|reported|told|stated|added|confirmed|denied|claimed|"
                      r"published|posted|wrote|statement)\s+(?:(?!that\b)\w+\s+){0,2}(?:on\s+|late\s+|early\s+)?$",
                      re.IGNORECASE)
# A sentence that opens on another event: the passage's date does not carry into it.
_ANOTHER_EVENT = re.compile(r"^\W*(?:moreover|meanwhile|separately|elsewhere|in\s+a\s+separate|"
                            r"in\s+addition|furthermore|also\s+on|earlier|previously)\b", re.IGNORECASE)
# A dateline opens a report's first paragraph: "ERBIL (Kurdistan24) –", "BEIRUT:", "DAMASCUS, Feb. 7 (Xinhua) --".
_DATELINE_AFTER = re.compile(r"^(?:\s*,\s*[\w .]{1,30}?)?\s*(?:\([^)]{1,40}\)|:|\s[-–—]{1,2}\s)")
# A campaign of many strikes over months, not one strike.
CAMPAIGN = re.compile(
    r"\b(?:since\s+(?:the|launching|its|it|\d)|hundreds\s+of|extensive\s+air\s?strikes|in\s+the\s+past\b)",
    re.IGNORECASE,
)
# The sentence's strike is dated relative to another event: its own day is not stated.
RELATIVE_TIMING = re.compile(r"\b(?:hours|days|a\s+day|weeks)\s+(?:after|before|earlier|later)\b", re.IGNORECASE)
# One day from the passage's day: "A day earlier, in Balshun", "The attack came a day after [the
# strike on Quneitra]" (that strike the day before), "the next day".
_DAY_BEFORE = re.compile(r"\b(?:(?:a|one)\s+day\s+(?:earlier|before)|the\s+(?:day\s+before|previous\s+day)|"
                         r"(?:came|comes|come)\s+(?:just\s+)?(?:a|one)\s+day\s+after)\b", re.IGNORECASE)
_DAY_AFTER = re.compile(r"\b(?:(?:a|one)\s+day\s+later|the\s+(?:next|following)\s+day)\b", re.IGNORECASE)
YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")

# Text just before a mention that makes it context, not a target.
_CONTEXT_BEFORE = re.compile(
    r"(?:"
    r"\bfrom\s+(?:the\s+direction\s+of\s+)?(?:the\s+)?"  # where missiles came from
    r"|\bbased\s+in\s+(?:the\s+)?"  # where a monitor is based
    r"|\b(?:official|officials|spokesman|spokeswoman|minister|officers?|source|sources|researcher)\s+in\s+"
    r"|\b(?:north|south|east|west|northeast|northwest|southeast|southwest|north-east|north-west|south-east"
    r"|south-west)(?:\s+and\s+\w+)?\s+of\s+(?:the\s+)?(?:(?:provincial\s+)?capital(?:\s+city)?(?:\s+of)?\s+)?"
    r"|\bborders?\s+(?:with|of)\s+(?:\w+['’]s\s+)?"
    r"|\bsuburb\s+of\s+(?:the\s+)?(?:capital\s+)?"
    r"|\bcaptured\s+(?:the\s+)?"
    r"|\bpro-"  # "pro-Damascus forces"
    r"|\bfrom\s+over\s+(?:the\s+)?(?:[\w’'-]+\s+){0,4}?(?:(?:region|airspace|area|skies)\s+of\s+(?:the\s+)?)?"  # launched from over
    r")$",
    re.IGNORECASE,
)
_CONTEXT_AFTER = re.compile(r"^(?:[-–]\s?\w+\s+(?:road|highway)\b|-based\b"
                            r"|\s+(?:street|st\.|avenue|square|roundabout)\b"  # "Al-Hamra Street" is in a city
                            r"|\s+(?:road|highway)\b"  # "along the Wadi al-Oyoun road": the road
                            r"|['’]s?\s+(?:\w+\s+)?(?:ally|allies|government|regime|forces|army|troops|military|"
                            r"president|officials?|authorities|envoy|foreign\s+ministry)\b)",  # "Damascus's ally Russia"
                            re.IGNORECASE)
_SPEAKER_PLACE = re.compile(r"^\W*in\s+$", re.IGNORECASE)  # "In Baghdad, an official ... said"
_SPEAKER_AFTER = re.compile(r"^,\s*(?:\w+\s+){0,3}(?:official|officials|source|spokesman|spokeswoman|officer)s?\b",
                            re.IGNORECASE)
_NEAR = re.compile(r"\b(?:near|outskirts\s+of|around|surroundings\s+of|outside|close\s+to)\s+(?:the\s+)?(?:\w+\s+){0,2}$",
                   re.IGNORECASE)

# Outlets and monitors, each under one name, with the ways reports write them.
SOURCES: tuple[tuple[str, str], ...] = (
    # Wire copy shortens the name: "the Syrian Observatory said", "the Britain-based Observatory".
    ("SOHR", r"Syrian Observatory(?: for Human Rights)?|SOHR|the Observatory|(?:Britain|UK|London)-based Observatory"),
    ("SANA", r"Syrian Arab News Agency|SANA"),
    ("NNA", r"National News Agency|NNA"),
    ("AP", r"Associated Press|AP"),
    ("Reuters", r"Reuters"),
    ("AFP", r"Agence France-Presse|AFP"),
    ("Al Arabiya", r"Al[- ]Arabiya"),
    ("Al Jazeera", r"Al[- ]Jazeera"),
    ("Al Mayadeen TV", r"Al[- ]Mayadeen (?:TV|television|channel)"),
    ("DeirEzzor24", r"Deir ?Ezzor ?24"),
    ("Times of Israel", r"Times of Israel"),
    ("Jerusalem Post", r"Jerusalem Post"),
    ("Washington Post", r"Washington Post"),
    ("Syrian opposition activists", r"Syrian opposition activists"),
    ("pro-government radio station", r"pro-government radio station"),
    ("pro-Hezbollah Telegram group", r"pro-Hezbollah Telegram group"),
)
# All of them in one pattern, one named group each: one scan per text.
_SOURCE_PATTERN = re.compile(
    r"\b(?:" + "|".join(f"(?P<s{n}>{pattern})" for n, (_, pattern) in enumerate(SOURCES)) + r")\b"
)
# The words the sources' names begin with, as written (the pattern heeds case).
_SOURCE_STARTS = FirstWords(["Syrian", "SOHR", "the Observatory", "Britain", "UK", "London", "SANA", "National", "NNA", "Associated", "AP",
                             "Reuters", "Agence", "AFP", "Al", "Deir", "Times", "Jerusalem", "Washington", "pro-"])

# The words one of which every match of each slow pattern contains (tests/extract/test_gate.py).
_GATE = Gate({
    "dates": [*MONTHS, "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "oct", "nov", "dec", *WEEKDAYS,
              "today", "tonight", "this ", "last", "-0", "-1"],
    # Short names with what can stand around them: "ap" alone is in "capital", "nna" in "Hanna".
    "sources": ["observatory", "sohr", "syrian arab news", "sana", "national news agency",
                *(f"{before}{name}{after}" for name in ("ap", "nna") for before in " (\n\"“‘"
                  for after in " ,.)'’:;\n\"”"),
                "associated press", "reuters", "agence", "afp", "arabiya", "jazeera", "mayadeen tv",
                "mayadeen television", "mayadeen channel", "ezzor24", "ezzor 24", "times of israel",
                "jerusalem post", "washington post", "opposition activists", "radio station", "telegram"],
    "claims": ["said", "says", "announced", "confirmed", "claimed", "stated", "conducted"],
    # casualties_in looks for these words itself, in lower case, before its patterns.
    "casualties": ["killed", "wounded", "injured"],
    "campaign": ["since", "hundreds", "extensive", "past"],  # CAMPAIGN
    "relative": ["after", "before", "earlier", "later"],  # RELATIVE_TIMING
})

_NUMBER_WORDS = {w: n for n, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty".split())}
_NUMBER = r"(\d[\d,]*|" + "|".join(_NUMBER_WORDS) + r")"
_KILLED = re.compile(rf"\b(?:at\s+least\s+|more\s+than\s+)?{_NUMBER}\b(?:[^.;:]{{0,60}}?)\b(?:were|was|been|are)?\s*killed\b",
                     re.IGNORECASE)
_KILLED_AND_WOUNDED = re.compile(rf"\b{_NUMBER}\s+killed\s+and\s+{_NUMBER}\s+(?:wounded|injured)\b", re.IGNORECASE)
_WOUNDED = re.compile(rf"\b{_NUMBER}\s+(?:\w+\s+){{0,3}}(?:were\s+)?(?:wounded|injured)\b", re.IGNORECASE)

# The patterns run most often, as twins for the lower-cased report (see gate.case_safe_lower).
_LOWER_KILLED, _LOWER_KILLED_AND_WOUNDED, _LOWER_WOUNDED = map(lower_case_twin, (
    _KILLED, _KILLED_AND_WOUNDED, _WOUNDED))
_LOWER_CONTEXT_BEFORE, _LOWER_NEAR, _LOWER_TOLD_ON = map(lower_case_twin, (_CONTEXT_BEFORE, _NEAR, _TOLD_ON))

#: How many sentences away a strike sentence may name the striker of a place whose own does not.
PASSAGE_SENTENCES = 3


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


@dataclass
class Candidate:
    """One proposed strike: a place in one report, with what the text says about it."""

    document: str
    place: Place
    reported: str
    location_precision: str
    date: DateFix | None
    sentences: list[Sentence] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    killed: int | None = None
    injured: int | None = None
    casualty_source: str = ""
    actor: str = ""
    attribution: str = "unattributed"
    relative: bool = False  # dated only relative to another event ("two weeks after", "Moreover, ..."): left undated
    report: str = ""       # the report's outlet, date and title, where its file says (a saved web page)
    outlet: str = ""       # the report's outlet alone
    source_url: str = ""   # the report's own address, where its file gives it

    @property
    def confidence(self) -> float:
        score = 0.5
        if self.sources:
            score += 0.15
        if self.date is not None:
            score += 0.1
        if len(self.sentences) > 1:
            score += 0.1
        if self.actor:
            score += 0.05
        return round(min(score, 0.95), 2)

    def row(self, number: int) -> dict[str, str]:
        """The candidate as a strikes.csv row (plus confidence and evidence)."""
        evidence = " | ".join(" ".join(s.text.split()) for s in self.sentences)
        return {
            "id": f"C{number:03d}",
            "date": self.date.date if self.date else "",
            "date_precision": self.date.precision if self.date else "",
            "time_local": self.date.time_local if self.date else "",
            "place": self.place.name,
            "place_reported": self.reported,
            "location_precision": self.location_precision,
            "actor": "" if self.actor == UNKNOWN else self.actor,
            "attribution": self.attribution,
            "target": "",
            "killed": "" if self.killed is None else str(self.killed),
            "injured": "" if self.injured is None else str(self.injured),
            "casualty_scope": "",
            "casualty_source": self.casualty_source,
            "operation": "",
            "sources": "; ".join(self.sources),
            "source_url": self.source_url,
            "source_document": self.document,
            "summary": "",
            "notes": "proposed by geomap extract" + (f" from {self.report}" if self.report else "")
                     + "; review before keeping",
            "confidence": f"{self.confidence:.2f}",
            "evidence": evidence,
            "independent_sources": "",
        }


def _bucket(items, starts: list[int], count: int) -> list[list]:
    """``items`` ((position, item) pairs, in order) grouped by the sentence each position falls in."""
    out: list[list] = [[] for _ in range(count)]
    for position, item in items:
        i = bisect.bisect_right(starts, position) - 1
        if i >= 0:
            out[i].append(item)
    return out


def _stretches(sentences: list[Sentence], flags: list[bool], wanted: bool) -> list[tuple[int, int]]:
    """The [start, end) of each run of consecutive sentences whose flag is ``wanted``."""
    found: list[tuple[int, int]] = []
    previous = False
    for sentence, flag in zip(sentences, flags):
        if flag is wanted:
            if previous:
                found[-1] = (found[-1][0], sentence.end)
            else:
                found.append((sentence.start, sentence.end))
        previous = flag is wanted
    return found


def split_sentences(text: str) -> list[Sentence]:
    """The sentences of ``text`` with their positions (blank stretches dropped)."""
    sentences = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        after = match.group("after")
        end, gap = (match.start("after"), after) if after else (match.start(), match.group())
        if _ABBREVIATION.search(text, max(0, end - 6), end) and "\n" not in gap:
            continue  # "on Jan. 20", "Dr. Muslim": not a sentence's end
        if gap == "\n" and _WRAPPED.match(text, end - 1):
            continue
        body = text[start:end]
        if body.strip():
            sentences.append(Sentence(start, end, body))
        start = match.end()
    if text[start:].strip():
        sentences.append(Sentence(start, len(text), text[start:]))
    return sentences


def _number(text: str) -> int:
    text = word_as_listed(text)
    return _NUMBER_WORDS[text] if text in _NUMBER_WORDS else int(text.replace(",", ""))


def sources_in(text: str) -> list[str]:
    """The outlets and monitors ``text`` names, each once, under one name, in order of appearance."""
    found: list[str] = []
    for match in _SOURCE_STARTS.finditer(_SOURCE_PATTERN, text, text):
        name = SOURCES[int(match.lastgroup[1:])][0]
        if name not in found:
            found.append(name)
    return found


def casualties_in(text: str) -> tuple[int | None, int | None]:
    """Killed and injured figures stated in ``text`` (None when not stated)."""
    lowered = text.lower()
    words = lowered if text.isascii() else word_as_listed(text)  # "kılled" is killed to IGNORECASE
    killed_said = "killed" in words
    wounded_said = "wounded" in words or "injured" in words
    if not killed_said and not wounded_said:
        return None, None
    scanned = case_safe_lower(text, lowered)
    if scanned is not None:
        # Each pattern holds its words: one the text lacks cannot match.
        patterns = (_LOWER_KILLED_AND_WOUNDED if killed_said and wounded_said else None,
                    _LOWER_KILLED if killed_said else None, _LOWER_WOUNDED if wounded_said else None)
    else:
        scanned, patterns = text, (_KILLED_AND_WOUNDED, _KILLED, _WOUNDED)
    both_pattern, killed_pattern, wounded_pattern = patterns
    both = both_pattern.search(scanned) if both_pattern else None
    if both:
        return _number(both.group(1)), _number(both.group(2))
    killed = killed_pattern.search(scanned) if killed_pattern else None
    wounded = wounded_pattern.search(scanned) if wounded_pattern else None
    return (_number(killed.group(1)) if killed else None, _number(wounded.group(1)) if wounded else None)


def _is_context(sentence: Sentence, mention: PlaceMention, previous: PlaceMention | None,
                previous_was_context: bool, text: str, lowered: str | None = None) -> bool:
    """Whether a mention is context, not a target; ``lowered`` is ``text`` as :func:`case_safe_lower`
    gives it, if it does."""
    floor = max(sentence.start, mention.start - 80)
    context_before = (_CONTEXT_BEFORE.search(text[floor:mention.start]) if lowered is None
                      else _LOWER_CONTEXT_BEFORE.search(lowered[floor:mention.start]))
    after = text[mention.end:min(sentence.end, mention.end + 80)]
    if context_before or _CONTEXT_AFTER.search(after):
        return True
    line_start = text.rfind("\n", 0, mention.start) + 1
    if not text[line_start:mention.start].strip() and (mention.text.isupper() or _DATELINE_AFTER.match(after)):
        return True  # the dateline: where the report was filed
    # "In Baghdad, an official said": the place opens the sentence (only a short prefix can match).
    if (mention.start - sentence.start < 40 and _SPEAKER_PLACE.search(text[sentence.start:mention.start])
            and _SPEAKER_AFTER.search(after)):
        return True
    # "from the direction of the occupied Golan and al-Jalil": the second is context too.
    if previous is not None and previous_was_context:
        between = text[previous.end:mention.start]
        if re.fullmatch(r"\s*(?:,|and|or|,\s*and)\s*", between):
            return True
    return False


#: How far back from a place its clause may reach for casualty figures: every scan of a
#: report stays linear in its length, however long one sentence runs.
CLAUSE_REACH = 300


def _clause(sentence: Sentence, mention: PlaceMention, text: str) -> str:
    """The stretch of the sentence before a mention, back to a comma or semicolon, for casualty figures."""
    floor = max(sentence.start, mention.start - CLAUSE_REACH)
    left = text.rfind(",", floor, mention.start)
    left = max(left, text.rfind(";", floor, mention.start))
    left = floor if left < 0 else left + 1
    return text[left:mention.end]


def extract_candidates(text: str, *, document: str, matcher: PlaceMatcher,
                       published: dt.date | None = None, finder: PlaceFinder | None = None) -> list[Candidate]:
    """The candidate strikes in one report's ``text``, in order of first mention.

    ``published`` is the day the report appeared; without it the report's own
    ``date YYYY-MM-DD`` first line is used, and without either, weekdays and
    bare months stay undated.  ``finder`` places the names only the regional
    table knows (see :mod:`geomap.extract.resolve`); without it they are dropped.
    """
    own_date, header = report_date(text)
    reference = published or own_date
    text = " " * header + text[header:]  # the date line is not part of the report's prose
    sentences = split_sentences(text)
    starts = [s.start for s in sentences]

    def sentence_of(position: int) -> tuple[int, int]:
        i = max(bisect.bisect_right(starts, position) - 1, 0)
        return (sentences[i].start, sentences[i].end) if sentences else (0, len(text))

    lowered = text.lower()
    # The cues scan the whole report once; the slower patterns run only on the sentences that hold
    # one of their words (see gate); every sentence then takes its slice.
    count = len(sentences)
    # The per-place patterns (and the cues) run on the lower-cased text, where that finds what they find.
    safe_lowered = case_safe_lower(text, lowered)
    cues = (STRIKE_CUES.finditer(text) if safe_lowered is None
            else _CUE_STARTS.finditer(_LOWER_CUES, safe_lowered, safe_lowered))
    told_on, told_in = (_TOLD_ON, text) if safe_lowered is None else (_LOWER_TOLD_ON, safe_lowered)
    near, near_in = (_NEAR, text) if safe_lowered is None else (_LOWER_NEAR, safe_lowered)
    cues_in = _bucket(((m.start(), m) for m in cues), starts, count)
    gated = _GATE.sentences(text, starts, lowered)
    # Only a strike sentence's places become candidates, and only a casualty sentence's say whether
    # its figures are another sentence's (named_places below): the names of the other four fifths
    # of a report are looked for, and placed, only if the report's theatre is asked for.
    needed = [bool(cues_in[n]) or n in gated["casualties"] for n in range(count)]
    for n in range(count - 1):
        # A name ending a line with no full stop is read with the next line's first word (is it part
        # of a longer name?): that line's names are looked for too.
        if needed[n] and sentences[n].text[-1:].isalnum():
            needed[n + 1] = True
    mentions, context_only = resolve_mentions(
        matcher.find_in(text, _stretches(sentences, needed, True)), text, sentence_of, finder, lowered,
        asides=lambda: matcher.find_in(text, _stretches(sentences, needed, False)))
    dates_in: list[list] = [[] for _ in range(count)]
    named_in: list[list] = [[] for _ in range(count)]
    claims: list[str] = []
    for n in sorted(gated["dates"]):
        s = sentences[n]
        dates_in[n] = [DateExpression(d.start + s.start, d.end + s.start, d.text, d.fix)
                       for d in find_dates(s.text, reference)]
    parties_found: dict[int, list] = {}

    def parties_of(number: int) -> list:
        """The parties strike sentence ``number`` names, found when first asked for: most strike
        sentences are never asked (no candidate rests on them or lies near them)."""
        if number not in parties_found:
            s = sentences[number]
            parties_found[number] = [(a + s.start, b + s.start, rank, actor)
                                     for a, b, rank, actor in parties_in(text, s.start, s.end)]
        return parties_found[number]

    for n in sorted(gated["sources"]):
        named_in[n] = sources_in(sentences[n].text)
    for n in sorted(gated["claims"]):
        claims += claims_in(sentences[n].text)

    candidates: dict[str, Candidate] = {}
    passage: DateFix | None = None
    mention_index = 0
    named_places: set[int] = set()  # numbers of the sentences that name a place
    struck_at: dict[int, int] = {}  # strike sentences' numbers -> their first cue (its nearest party struck)
    strike_days: dict[str, DateFix] = {}  # the days strike sentences state
    number_of = {s.start: n for n, s in enumerate(sentences)}
    for number, sentence in enumerate(sentences):
        here = []
        while mention_index < len(mentions) and mentions[mention_index].start < sentence.end:
            if mentions[mention_index].start >= sentence.start:
                here.append(mentions[mention_index])
            mention_index += 1
        if here:
            named_places.add(number)
        body = sentence.text
        cues = cues_in[number]
        another = bool(_ANOTHER_EVENT.match(body))
        if another:
            passage = None  # "Moreover, Turkey hit villages ...": the day before is not this one's
        dates = [DateExpression(d.start - sentence.start, d.end - sentence.start, d.text, d.fix)
                 for d in dates_in[number]
                 if d.fix is not None and not told_on.search(told_in, max(sentence.start, d.start - 40), d.start)]
        clock = find_clock(body)
        if dates and (len(dates) == 1 or passage is None):
            # A sentence of several dates tells several events ("in response to the attack of Jan. 20"):
            # each of its places takes the date nearest it (below), the passage keeps its own.
            anchor = cues[0].start() - sentence.start if cues else 0
            chosen = min(dates, key=lambda d: abs(d.start - anchor))
            passage = chosen.fix
            if clock:
                passage.after_midnight(clock)
        elif clock and passage is not None:
            passage.after_midnight(clock)
        campaign = bool(cues) and number in gated["campaign"] and bool(CAMPAIGN.search(body))
        if cues and not campaign:
            struck_at[number] = cues[0].start()
            for found in dates:
                if found.fix.precision == "day":
                    strike_days.setdefault(found.fix.date, found.fix)
        if not cues or not here or campaign:
            continue
        # A year is written with "19" or "20", which C finds faster than the pattern's engine.
        years = [int(y) for y in YEAR.findall(body)] if "19" in body or "20" in body else []
        if reference is not None and any(year < reference.year - 1 for year in years):
            continue  # history: "captured Aleppo from rebels in 2016"
        relatives = [m.start() for m in RELATIVE_TIMING.finditer(body)] if number in gated["relative"] else []
        relative = bool(relatives)
        shifted = passage
        if relative and not dates and passage is not None and passage.precision == "day":
            step = -1 if _DAY_BEFORE.search(body) else 1 if _DAY_AFTER.search(body) else 0
            if step:
                day = dt.date.fromisoformat(passage.date) + dt.timedelta(days=step)
                shifted, relative = DateFix(day.isoformat(), "day"), False
        named = named_in[number]
        nearby = list(dict.fromkeys(name for n in range(max(0, number - 2), min(count, number + 3))
                                    for name in named_in[n]))
        previous: PlaceMention | None = None
        previous_was_context = False
        for mention in here:
            context = _is_context(sentence, mention, previous, previous_was_context, text, safe_lowered)
            previous, previous_was_context = mention, context
            if context or mention.start in context_only:
                continue
            before = near_in[max(sentence.start, mention.start - 60):mention.start]
            precision = "near" if near.search(before) else mention.place.precision
            at = mention.start - sentence.start
            nearest = min(dates, key=lambda d: min(abs(d.start - at), abs(d.end - at)), default=None)
            # "the attack on al-Asad on Jan. 20": with several dates each place takes the one nearest it.
            own_day = nearest.fix if len(dates) > 1 else shifted
            # Dated relative to another event, unless a date of its own stands nearer the place:
            # "the third attack in two weeks, after last week SANA reported Israel attacked Zakia".
            undated = relative and not (nearest is not None and min(abs(nearest.start - at), abs(nearest.end - at))
                                        < min(abs(r - at) for r in relatives))
            candidate = candidates.get(mention.place.id)
            if candidate is None:
                candidate = candidates[mention.place.id] = Candidate(
                    document=document, place=mention.place, reported=mention.text,
                    location_precision=precision, date=None if undated else own_day,
                    relative=undated or another,
                )
            elif candidate.date is None and not undated:
                candidate.date = own_day
            if not candidate.sentences or candidate.sentences[-1] is not sentence:
                candidate.sentences.append(sentence)
            for name in named or nearby:
                if name not in candidate.sources:
                    candidate.sources.append(name)
            # A clause holds no figure its sentence lacks (unless the name runs on into the next).
            if number in gated["casualties"] or mention.end > sentence.end:
                killed, injured = casualties_in(_clause(sentence, mention, text))
            else:
                killed = injured = None
            if killed is not None and candidate.killed is None:
                candidate.killed, candidate.injured = killed, injured
                candidate.casualty_source = (named or nearby or [""])[0]
            if not candidate.actor:
                candidate.actor = nearest_party(parties_of(number), mention.start)
    # A place whose own sentences give no day, in a report of one strike day: "Airstrike sparks
    # fire at Latakia port ... the strike hit the terminal at 0320 hours Tuesday".
    if len(strike_days) == 1:
        (day,) = strike_days.values()
        for candidate in candidates.values():
            if candidate.date is None and not candidate.relative:
                candidate.date = day
    _drop_broad_places(candidates)
    _attach_loose_casualties(sentences, candidates, gated["casualties"] - named_places)
    for candidate in candidates.values():
        if not candidate.actor:
            # Named in a strike sentence of the same passage: "Israeli jets struck ... The strikes hit X."
            first = number_of[candidate.sentences[0].start]
            nearby = []
            for n, cue in struck_at.items():
                if abs(n - first) <= PASSAGE_SENTENCES and (actor := nearest_party(parties_of(n), cue)):
                    nearby.append((abs(n - first), n > first, actor))
            nearby.sort()
            candidate.actor = nearby[0][2] if nearby else ""
        own = " ".join(s.text for s in candidate.sentences)
        candidate.attribution = attribution_of(claims, own, candidate.actor)
    return list(candidates.values())


#: A place this wide is a theatre ("Idlib province", "the Syrian desert"), not the point of a strike.
BROAD_KM = 50.0
#: "Near the city" covers the report's places this far beyond the city's radius.
NEAR_CITY_KM = 25.0


def _broad(place: Place) -> bool:
    return place.kind in ("province", "region", "district") or place.radius_km >= BROAD_KM


def _drop_broad_places(candidates: dict[str, Candidate]) -> None:
    """A province or region of the report that holds one of its more specific places, at a time that
    agrees, is where the strikes were, not one more strike: "shelling in Idlib ... on the village of
    Kansafra"; a strike there in another month stays its own."""
    from ..places.distance import great_circle_km

    def same_time(a: DateFix | None, b: DateFix | None) -> bool:
        if a is None or b is None:
            return a is b  # an undated place may be another strike's
        return a.date == b.date  # a strike of the same month is not yet of the same day

    def km(a: Place, b: Place) -> float:
        return great_circle_km(a.latitude, a.longitude, b.latitude, b.longitude)

    specific = [c for c in candidates.values() if not _broad(c.place)]
    for key, candidate in list(candidates.items()):
        wide = candidate.place
        others = [c for c in specific if c is not candidate and same_time(candidate.date, c.date)]
        if _broad(wide):
            holds = [c for c in others if same_province(wide, c.place) or km(wide, c.place) <= wide.radius_km]
        elif wide.kind == "city":
            finer = [c for c in others if KIND_RANK.get(c.place.kind, 3) > KIND_RANK["city"]]
            # "missiles near Damascus" over a report of Kisweh: the city names the area.
            holds = [c for c in finer if candidate.location_precision == "near"
                     and km(wide, c.place) <= wide.radius_km + NEAR_CITY_KM]
            # "in Idlib", "in Deir al-Zour" over a report of its villages: the city's name is its
            # province's, and the villages lie in the province, away from the city.
            named_as_city = candidate.location_precision == "near" or any(
                re.search(r"\b(?:town|city)\s+of\s+" + re.escape(candidate.reported) + r"|"
                          + re.escape(candidate.reported) + r"\s+city\b", s.text, re.IGNORECASE)
                for s in candidate.sentences)
            if not named_as_city and skeleton(wide.name) and skeleton(wide.name) == skeleton(wide.province or "-"):
                holds += [c for c in finer if same_province(wide, c.place)
                          and km(wide, c.place) > wide.radius_km + NEAR_CITY_KM]
        else:
            holds = []
        if holds:
            del candidates[key]


def _attach_loose_casualties(sentences: list[Sentence], candidates: dict[str, Candidate],
                             placeless: set[int]) -> None:
    """A figure in a sentence naming no place ("It said at least 14 people ... were killed")
    belongs to the candidate of the sentence just before it, else of the next few.

    ``placeless`` holds the numbers of the sentences that name no place and may state a figure
    (the others are not read)."""
    owners: dict[int, Candidate] = {}  # sentence start -> first candidate resting on it
    for candidate in candidates.values():
        for sentence in candidate.sentences:
            owners.setdefault(sentence.start, candidate)
    for number in sorted(placeless):
        sentence = sentences[number]
        killed, injured = casualties_in(sentence.text)
        if killed is None:
            continue
        nearby = sentences[max(0, number - 1):number] + sentences[number + 1:number + 4]
        for other in nearby:
            owner = owners.get(other.start)
            if owner is not None and owner.killed is None:
                owner.killed, owner.injured = killed, injured
                named = sources_in(sentence.text) or sources_in(sentences[max(0, number - 1)].text)
                owner.casualty_source = (named or owner.sources or [""])[0]
                break


def read_report(path: Path | str, *, notify: Callable[[str], None] | None = None) -> str:
    """A saved report's text: UTF-8, else (a file saved by an older Windows program) Windows-1252.

    NUL bytes, which some savers leave between characters, are removed, so
    they can neither hide a place name nor reach a candidate row.  A file that
    cannot be read is :class:`~geomap.errors.BadInput` naming it.
    """
    from ..records.csvfile import read_bytes

    raw = read_bytes(path).replace(b"\x00", b"")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if notify is not None:
            notify(f"geomap: {path} is not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
                   "read as Windows-1252")
        return raw.decode("cp1252", errors="replace")


def extract_file(path: Path | str, *, gazetteer: Gazetteer, published: dt.date | None = None,
                 matcher: PlaceMatcher | None = None, finder: PlaceFinder | None = None,
                 notify: Callable[[str], None] | None = None) -> list[Candidate]:
    """The candidate strikes in one report file: plain text (see :func:`read_report`) or a saved web
    page (see :mod:`geomap.extract.reports`), whose own publication date is used unless ``published``
    is given."""
    from .reports import read_saved_report

    report = read_saved_report(path, notify=notify)
    candidates = extract_candidates(report.text, document=report.path.name,
                                    matcher=matcher or PlaceMatcher(gazetteer), published=published or report.published,
                                    finder=finder)
    for candidate in candidates:
        candidate.report, candidate.source_url, candidate.outlet = report.described, report.url, report.outlet
    return candidates
