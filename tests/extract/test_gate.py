"""The gated scans (geomap/extract/gate.py, actors.parties_in) find exactly what full scans find."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from geomap.extract import actors, gate, propose
from geomap.extract.dates import find_dates
from geomap.extract.propose import split_sentences

from conftest import REPO, SEEDS

REPORTS = sorted([*SEEDS.glob("*.txt"), *(REPO / "tests" / "data" / "reports").glob("*/*.txt")])


def _full_parties(sentence: str) -> list:
    found = []
    for rank, (actor, pattern) in enumerate(actors.PARTIES):
        for match in pattern.finditer(sentence):
            if actor != actors.UNKNOWN and actors._TARGET_BEFORE.search(sentence, max(0, match.start() - 25),
                                                                        match.start()):
                continue
            found.append((match.start(), match.end(), rank, actor))
    return sorted(found)


@pytest.mark.parametrize("path", REPORTS, ids=[p.name for p in REPORTS])
def test_gated_scans_find_what_full_scans_find(path: Path):
    text = path.read_text(encoding="utf-8")
    sentences = split_sentences(text)
    starts = [s.start for s in sentences]
    gated = propose._GATE.sentences(text, starts)
    reference = dt.date(2024, 1, 1)
    for number, sentence in enumerate(sentences):
        if number not in gated["dates"]:
            assert find_dates(sentence.text, reference) == [], sentence.text
        if number not in gated["sources"]:
            assert propose.sources_in(sentence.text) == [], sentence.text
        if number not in gated["claims"]:
            assert actors.claims_in(sentence.text) == [], sentence.text
        if number not in gated["casualties"]:
            assert propose.casualties_in(sentence.text) == (None, None), sentence.text
        if number not in gated["campaign"]:
            assert propose.CAMPAIGN.search(sentence.text) is None, sentence.text
        if number not in gated["relative"]:
            assert propose.RELATIVE_TIMING.search(sentence.text) is None, sentence.text
        assert actors.parties_in(text, sentence.start, sentence.end) == _full_parties(sentence.text), sentence.text


def test_the_gate_is_not_everything():
    # On the labelled reports the gate must leave sentences out, or it does no work.
    text = "\n\n".join(p.read_text(encoding="utf-8") for p in REPORTS)
    sentences = split_sentences(text)
    gated = propose._GATE.sentences(text, [s.start for s in sentences])
    assert len(gated["claims"]) < 0.8 * len(sentences)
    assert len(gated["dates"]) < 0.8 * len(sentences)


def test_a_letter_ignorecase_reads_as_ascii_opens_every_sentence():
    # "ı" and "ſ" stay themselves in lower case, yet IGNORECASE matches them as i and s.
    text = "Jets struck Aleppo. It was a long campaıgn ſince the war began."
    sentences = split_sentences(text)
    gated = propose._GATE.sentences(text, [s.start for s in sentences])
    assert all(numbers == set(range(len(sentences))) for numbers in gated.values())


def _guaranteed_prefix(alternative: str) -> str:
    """The letters every match of one alternative of a pattern begins with."""
    letters = re.match(r"[a-z]*", alternative).group()
    rest = alternative[len(letters):]
    return letters[:-1] if rest[:1] in ("?", "*") else letters


def test_every_strike_cue_begins_with_one_of_its_first_words():
    body = propose.STRIKE_CUES.pattern
    assert body.startswith(r"\b(?:") and body.endswith(r")\b")
    words = list(propose._CUE_STARTS._automaton.keys())
    for alternative in body[len(r"\b(?:"):-len(r")\b")].split("|"):
        prefix = _guaranteed_prefix(alternative)
        assert any(prefix.startswith(word) for word in words), alternative


@pytest.mark.parametrize("path", REPORTS, ids=[p.name for p in REPORTS])
def test_cues_tried_at_their_first_words_are_the_cues_found_everywhere(path: Path):
    lowered = path.read_text(encoding="utf-8").lower()
    everywhere = [m.span() for m in propose._LOWER_CUES.finditer(lowered)]
    assert [m.span() for m in propose._CUE_STARTS.finditer(propose._LOWER_CUES, lowered, lowered)] == everywhere


def test_first_words_resume_where_finditer_resumes():
    # A match inside a word is no match ("fair strikes": the cue is "strikes"), and after a match
    # the next is looked for where it ended.
    lowered = "fair strikes, air  strikes, airstrikes hit hits shelled-shells outstruck struck"
    assert ([m.span() for m in propose._CUE_STARTS.finditer(propose._LOWER_CUES, lowered, lowered)]
            == [m.span() for m in propose._LOWER_CUES.finditer(lowered)])


def _claims_everywhere(text: str) -> list[str]:
    return [m.group() for m in actors._CLAIMS.finditer(text)]


def _sources_everywhere(text: str) -> list[str]:
    return list(dict.fromkeys(propose.SOURCES[int(m.lastgroup[1:])][0]
                              for m in propose._SOURCE_PATTERN.finditer(text)))


SOURCES_AND_CLAIMS = [
    "The Syrian Observatory for Human Rights (SOHR), the Observatory, the Syrian Observatory, the "
    "Britain-based Observatory, the Syrian Arab News Agency (SANA), "
    "the National News Agency (NNA), the Associated Press (AP), Reuters, Agence France-Presse (AFP), "
    "Al-Arabiya, Al Jazeera, Al-Mayadeen TV, DeirEzzor24, Deir Ezzor 24, the Times of Israel, the Jerusalem "
    "Post, the Washington Post, Syrian opposition activists, a pro-government radio station and a "
    "pro-Hezbollah Telegram group reported it.",
    "The Israeli military said it struck; the IDF announced; Israel confirmed; the Pentagon said; CENTCOM "
    "stated; U.S. forces said; US officials claimed; U.S Central Command said; Central Command said; the "
    "coalition said; Turkish defence ministry said; Russian military announced; he said that it had hit; "
    "American special forces conducted; Israeli forces conducted; a group claimed responsibility.",
    "WASHINGTON (AP) - US. officials SAID the U.S. military STRUCK; the TURKISH ARMY confirmed.",
]


@pytest.mark.parametrize("text", SOURCES_AND_CLAIMS + [p.read_text(encoding="utf-8") for p in REPORTS])
def test_sources_and_claims_tried_at_their_first_words_are_those_found_everywhere(text: str):
    assert propose.sources_in(text) == _sources_everywhere(text)
    assert actors.claims_in(text) == _claims_everywhere(text)
    for sentence in split_sentences(text):
        assert propose.sources_in(sentence.text) == _sources_everywhere(sentence.text)
        assert actors.claims_in(sentence.text) == _claims_everywhere(sentence.text)


def test_the_synthetic_texts_name_every_source_and_claim():
    assert len(_sources_everywhere(SOURCES_AND_CLAIMS[0])) == len(propose.SOURCES)
    assert len(_claims_everywhere(SOURCES_AND_CLAIMS[1])) >= 15


DATED = [
    "On 2023-01-30, on 13 January 2021, on 13 January, Jan. 20, January 20th, 2021, Sept. 3 and Feb 4.",
    "Early on Monday, late Tuesday night, Sunday morning, last month, early today, this afternoon, "
    "tonight, last week, earlier in February, later in March 2020, early in May, late in June, in July, "
    "the December strikes, the April air strike.",
    "Israeli jets struck at dawn (٢٠٢٣-٠١-٣٠ and ١٣ January), the monitor said.",  # Arabic-Indic digits are \d
    # Where an expression begins before its key word: far before it, or where no word boundary is.
    "Earlier  \n\t in \n   February, x-13 January, (early on   Monday, _13 January, 113 January, the  May "
    "strike, early\ttoday, late  on\nSunday, in 2023-2023-01-30 and 12023-01-31, sept. 3, may 5th, 2024",
]


@pytest.mark.parametrize("text", DATED + [p.read_text(encoding="utf-8") for p in REPORTS])
def test_dates_tried_at_their_first_words_are_those_found_everywhere(text: str):
    from geomap.extract import dates

    for sentence in [text] + [s.text for s in split_sentences(text)]:
        lowered = sentence.lower()
        if len(lowered) != len(sentence):
            continue
        everywhere = [m.span() for m in dates._LOWER_EXPRESSIONS.finditer(lowered)]
        found = [(d.start, d.end) for d in find_dates(sentence, dt.date(2024, 1, 1))]
        assert found == everywhere, sentence
        if lowered.isascii():
            tried = gate.matches_from(dates._LOWER_EXPRESSIONS, lowered, dates._date_starts(lowered))
            assert [m.span() for m in tried] == everywhere, sentence


def test_the_dated_texts_hold_every_kind_of_date():
    from geomap.extract import dates

    kinds = {m.lastgroup for text in DATED for m in dates._LOWER_EXPRESSIONS.finditer(text.lower())}
    assert kinds >= {"iso", "dm", "md", "wd", "lastmonth", "today", "lastweek", "month", "themonth"}


_GAP_LOOKED_BEHIND = re.compile(r"(?<=[.!?])[\"”’']?\s+(?=[\"“‘(A-Z0-9])|\n\s*\n?")


@pytest.mark.parametrize("text", [
    "One. Two! Three? “Four.” Five.\n\nSix\nseven, wrapped.\nEight", "..\nA", "!\n\n.\nB.  C", ". A",
    "on Jan. 20 Dr. Muslim said.\n\nU.S. Officials. 1:10 a.m., he said.' Then (it) ‘ended’.\n",
    *(p.read_text(encoding="utf-8") for p in REPORTS),
])
def test_sentence_gaps_are_those_the_mark_looked_behind_for_finds(text: str):
    gaps = []
    for match in propose._SENTENCE_END.finditer(text):
        after = match.group("after")
        gaps.append((match.start("after"), match.end()) if after else match.span())
    assert gaps == [m.span() for m in _GAP_LOOKED_BEHIND.finditer(text)]


# Letters IGNORECASE reads as ASCII ones although lower() does not make them so: "İ" (which
# lower-cases to two characters), dotless "ı", long "ſ" and the Kelvin sign.
LOOK_ALIKES = [
    ("İsraeli jets struck on FRİDAY, 3 MAY 2024, killing NİNE.", "Israeli jets struck on FRIDAY, 3 MAY 2024, killing NINE."),
    ("Strikes on 3 ſeptember 2024 and on Frıday night; ſeven were kılled.",
     "Strikes on 3 september 2024 and on Friday night; seven were killed."),
    ("At 9:30 P.M. on Sunday \u212aurdish sources said.", "At 9:30 P.M. on Sunday Kurdish sources said."),
]


@pytest.mark.parametrize("text,ascii_text", LOOK_ALIKES)
def test_look_alike_letters_read_as_their_ascii_twins(text: str, ascii_text: str):
    """Each fast path scans lower-cased text only where that finds what the IGNORECASE pattern
    finds (gate.case_safe_lower), and a word it matched is looked up as its list spells it: a
    report with a Turkish capital İ once made extract fail with a traceback."""
    reference = dt.date(2024, 5, 6)
    assert [d.fix for d in find_dates(text, reference)] == [d.fix for d in find_dates(ascii_text, reference)]
    assert [d.fix for d in find_dates(text, reference)]  # something was found
    assert propose.casualties_in(text) == propose.casualties_in(ascii_text)
    assert [p[2:] for p in actors.parties_in(text)] == [p[2:] for p in actors.parties_in(ascii_text)]
    assert [m.start() for m in propose.STRIKE_CUES.finditer(text)] == \
        [m.start() for m in propose.STRIKE_CUES.finditer(ascii_text)]


def test_a_lower_case_twin_keeps_its_flags_and_groups_and_refuses_capitals():
    from geomap.extract.gate import lower_case_twin

    twin = lower_case_twin(re.compile(r"(?P<day>monday)\s+\w+  # a comment", re.IGNORECASE | re.VERBOSE))
    assert not twin.flags & re.IGNORECASE and twin.flags & re.VERBOSE
    assert twin.match("monday night").group("day") == "monday" and twin.match("Monday night") is None
    with pytest.raises(ValueError, match="capital letter"):
        lower_case_twin(re.compile(r"Syrian\s+Observatory", re.IGNORECASE))
