"""The broad GeoNames gazetteer and the chain in front of it: the real traps, on the real table."""

import pytest

from geomap.places.finder import PlaceFinder
from geomap.places.fuzzy import TrigramIndex
from geomap.places.gazetteer import Gazetteer
from geomap.places.geonames import AMBIGUOUS_CONFIDENCE, GeoNamesGazetteer
from geomap.places.names import plain

from conftest import DATA

SYRIAN_QUSAYR, EGYPTIAN_QUSAYR = 173322, 360531


@pytest.fixture(scope="module")
def geonames():
    return GeoNamesGazetteer()


def test_the_table_covers_syria_and_its_neighbours(geonames):
    countries = {p.country for p in geonames._table.places}
    assert countries == {"SY", "LB", "IQ", "JO", "IL", "PS", "TR", "IR", "EG"}
    assert len(geonames) > 8000


@pytest.mark.parametrize("query", ["Quseir", "Al-Qusayr"])
def test_quseir_means_the_syrian_town_though_only_the_egyptian_one_matches_exactly(geonames, query):
    egyptian = geonames.by_geonames_id(EGYPTIAN_QUSAYR)
    syrian = geonames.by_geonames_id(SYRIAN_QUSAYR)
    # The trap is real in the data: the Egyptian record carries the spelling itself.
    assert plain(query) in {plain(s) for s in egyptian.spellings}
    if query == "Quseir":
        assert plain(query) not in {plain(s) for s in syrian.spellings}
    found = geonames.resolve(query)
    assert found.place.geonames_id == SYRIAN_QUSAYR and found.confidence >= 0.6


def test_the_region_is_configurable(geonames):
    found = GeoNamesGazetteer(region=("EG",)).resolve("Quseir")
    assert found.place.geonames_id == EGYPTIAN_QUSAYR


@pytest.mark.parametrize("query,geonames_id", [
    ("Boukamal", 174448), ("Deir Ezzor", 170794), ("Al-Kiswa", 173598),
])
def test_press_spellings_match_nothing_exactly_but_resolve_by_normalisation(geonames, query, geonames_id):
    assert plain(query) not in geonames._table.by_plain
    found = geonames.resolve(query)
    assert (found.place.geonames_id, found.method) == (geonames_id, "normalised")


def test_a_much_larger_exact_namesake_makes_a_name_ambiguous(geonames):
    # A Syrian hamlet and the Iraqi town both carry the name "Sinjar".
    found = geonames.resolve("Sinjar")
    assert found.confidence == AMBIGUOUS_CONFIDENCE
    assert {p.country for p, _ in geonames.search_fuzzy("Sinjar")[:2]} == {"SY", "IQ"}


def test_an_exact_large_city_beats_a_folded_hamlet_in_the_region(geonames):
    found = geonames.resolve("Hefa")  # Hebrew romanisation of Haifa; folds onto Syria's Al Haffah too
    assert (found.place.name, found.place.country) == ("Haifa", "IL")
    assert 0.6 <= found.confidence < 0.85


def test_every_answer_carries_kind_precision_and_source(geonames):
    found = geonames.resolve("Saraqeb")
    assert found.place.kind == "town" and found.place.precision == "town"
    assert found.precision_km == 3.0 and found.source == "geonames"
    assert found.place.coord_source == "GeoNames 164816 (cities500)"


def test_raw_similarity_does_not_pull_boukamal_to_unrelated_names(geonames):
    suggestions = geonames.search_fuzzy("Boukmal")
    assert suggestions[0][0].geonames_id == 174448
    assert suggestions[0][1] > suggestions[1][1] + 0.1


def test_fuzzy_ties_come_out_in_the_same_order():
    index = TrigramIndex([("kisw", "kiswah", "b"), ("kisw", "kiswe", "a"), ("bukamal", "bukamal", "c")])
    assert [item for item, _ in index.search("kisw", "kiswa")] == [item for item, _ in index.search("kisw", "kiswa")]
    assert index.search("", "") == []


def test_the_chain_returns_the_curated_place_for_a_geonames_spelling_of_it():
    finder = PlaceFinder(Gazetteer.from_csv(DATA / "gazetteer.csv"), GeoNamesGazetteer())
    found = finder.resolve("Dajr ez-Zaur")  # a GeoNames alternate name, not a curated spelling
    assert found.place.id == "deir-ez-zor" and found.source == "geonames"


def test_the_chain_asks_fallbacks_only_when_the_curated_gazetteer_has_no_answer():
    asked = []

    class Recorder:
        source = "recorder"

        def resolve(self, query):
            asked.append(query)
            return None

        def search_fuzzy(self, query, *, limit=5):
            return []

    finder = PlaceFinder(Gazetteer.from_csv(DATA / "gazetteer.csv"), Recorder())
    assert finder.resolve("Al-Bokamal").place.id == "bukamal"
    assert finder.resolve("Nowhereville") is None
    assert asked == ["Nowhereville"]


def test_min_confidence_is_validated():
    with pytest.raises(ValueError):
        PlaceFinder(Gazetteer.from_csv(DATA / "gazetteer.csv"), min_confidence=0)
