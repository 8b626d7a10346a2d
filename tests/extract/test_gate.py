"""The gated scans (geomap/extract/gate.py, actors.parties_in) find exactly what full scans find."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from geomap.extract import actors, propose
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
