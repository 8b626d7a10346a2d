"""geomap extract on real reports it must read as a person would: the labelled set's targets.

The scores are counted by support/extract_eval.py (shared with benchmarks/bench_extract.py) on
tests/data/reports/labelled/ (34 reports, 29 outlets, 56 strikes). The held-out set
(tests/data/reports/heldout/) is printed by the benchmark, not held to these targets.
"""

from __future__ import annotations

import pytest

from geomap.extract.mentions import PlaceMatcher
from geomap.extract.propose import extract_file
from geomap.places.finder import PlaceFinder
from geomap.places.gazetteer import Gazetteer
from geomap.places.regional import RegionalGazetteer
from support.extract_eval import LABELLED, read_labels, score

from conftest import DATA


@pytest.fixture(scope="module")
def scores():
    gazetteer = Gazetteer.from_csv(DATA / "gazetteer.csv")
    regional = RegionalGazetteer(region=("SY", "IQ", "LB"))
    matcher = PlaceMatcher(gazetteer, regional=regional)
    finder = PlaceFinder(gazetteer, regional)
    return score(lambda path: extract_file(path, gazetteer=gazetteer, matcher=matcher, finder=finder))


def test_the_labelled_set_is_what_the_issue_asks_for():
    labels = read_labels()
    assert len({label.file for label in labels}) >= 30
    import csv

    with (LABELLED / "labels.csv").open(encoding="utf-8") as handle:
        outlets = {row["outlet"] for row in csv.DictReader(handle)}
    assert len(outlets) >= 8
    assert all((LABELLED / label.file).is_file() for label in labels)


def test_recall_of_labelled_strikes(scores):
    assert scores.found / scores.labels >= 0.90, scores.missed


def test_candidates_are_strikes(scores):
    assert scores.strikes / scores.candidates >= 0.80, scores.not_strikes


def test_the_named_place_is_the_most_specific(scores):
    assert scores.specific / scores.found >= 0.80, scores.broader


def test_the_actor_is_the_one_the_report_names(scores):
    assert scores.with_actor >= 30
    assert scores.actor_right / scores.with_actor >= 0.90, scores.wrong_actor


def test_no_date_is_invented(scores):
    assert scores.invented == 0, scores.invented_rows
