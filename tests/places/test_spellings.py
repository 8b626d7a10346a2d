"""The gazetteer chain on 251 real spellings: right within 25 km, or honestly unresolved.

The issue's target is 95% right with none wrong; the finder reaches 95.2% (239 of 251)
with none wrong, and this test holds the target so it cannot slip.
"""

import csv

import pytest
from geopy.distance import geodesic

from geomap.places.finder import PlaceFinder
from geomap.places.gazetteer import Gazetteer
from geomap.places.regional import RegionalGazetteer

from conftest import DATA

SPELLINGS = list(csv.DictReader((DATA.parent / "tests" / "data" / "spellings.csv").open(encoding="utf-8")))
TOLERANCE_KM = 25.0


@pytest.fixture(scope="module")
def finder():
    return PlaceFinder(Gazetteer.from_csv(DATA / "gazetteer.csv"), RegionalGazetteer())


@pytest.fixture(scope="module")
def outcomes(finder):
    """(row, answer or None, km from the truth or None) for every spelling."""
    results = []
    for row in SPELLINGS:
        found = finder.resolve(row["spelling"])
        km = None
        if found is not None:
            km = geodesic((found.place.latitude, found.place.longitude),
                          (float(row["latitude"]), float(row["longitude"]))).km
        results.append((row, found, km))
    return results


def _allowed_km(found) -> float:
    return max(TOLERANCE_KM, found.place.radius_km)


def test_the_list_is_large_and_varied():
    assert len(SPELLINGS) >= 150
    assert len({row["expected"] for row in SPELLINGS}) >= 80
    assert {row["truth_source"].split()[0] for row in SPELLINGS} >= {"GeoNames", "approximate"}


def test_at_least_95_percent_resolve_within_25_km(outcomes):
    right = [row["spelling"] for row, found, km in outcomes if found and km <= _allowed_km(found)]
    assert len(right) / len(outcomes) >= 0.95, f"{len(right)} of {len(outcomes)}"


def test_no_spelling_resolves_to_a_wrong_place_far_away(outcomes):
    wrong = [(row["spelling"], found.place.name, found.place.country, round(km))
             for row, found, km in outcomes if found and km > _allowed_km(found)]
    assert wrong == []


def test_every_unresolved_spelling_suggests_the_right_place(finder, outcomes):
    """Unresolved is honest only when the right place is among the suggestions (within 25 km)."""
    unresolved = [row for row, found, _ in outcomes if found is None]

    def near(place, row) -> bool:
        return geodesic((place.latitude, place.longitude),
                        (float(row["latitude"]), float(row["longitude"]))).km <= TOLERANCE_KM

    missing = [row["spelling"] for row in unresolved
               if not any(near(place, row) for place, _ in finder.search_fuzzy(row["spelling"], limit=8))]
    assert missing == []
    assert unresolved, "the list should hold hard cases that stay unresolved"
