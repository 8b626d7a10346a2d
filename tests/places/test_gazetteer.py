"""The curated gazetteer: every spelling in the seeds resolves to the right place."""

import pytest

from geomap.errors import BadInput, UnknownPlace
from geomap.places.gazetteer import COUNTRY_BOXES, KINDS, Gazetteer, Place

from conftest import DATA, SEEDS

# Every place spelling the four seed reports use, with the place it means.
SEED_SPELLINGS = [
    ("000", "Qusayr", "qusayr"),
    ("000", "Homs", "homs"),
    ("000", "Bekaa Valley", "bekaa-valley"),
    ("000", "Lebanese side of the border", "lebanon-border-qusayr"),
    ("000", "Aleppo", "aleppo"),
    ("000", "Damascus", "damascus"),
    ("001", "Boukamal", "bukamal"),
    ("001", "Deir Ezzor", "deir-ez-zor"),
    ("001", "Deir Ezzor city", "deir-ez-zor"),
    ("001", "Al Bukamal", "bukamal"),
    ("001", "Al Bukamal region", "bukamal-border-region"),
    ("001", "Al-Bokamal desert", "bukamal-desert"),
    ("001", "Al-Bokamal", "bukamal"),
    ("001", "Al-Mayadeen desert", "mayadin-desert"),
    ("001", "Al-Mayadeen", "mayadin"),
    ("002", "El-Kisweh", "kiswah"),
    ("002", "Al-Kiswa", "kiswah"),
    ("002", "Damascus City", "damascus"),
    ("002", "Damascus’s airport", "damascus-airport"),
    ("002", "occupied Syrian Golan", "golan-heights"),
    ("002", "al-Jalil", "galilee"),
    ("002", "headquarters of the 4th Division", "fourth-division-hq"),
    ("002", "old Beirut road", "fourth-division-hq"),
    ("002", "Deir ez-Zor", "deir-ez-zor"),
    ("003", "Boukamal", "bukamal"),
    ("003", "border region of Boukamal", "bukamal-border-region"),
    ("003", "Baghdad", "baghdad"),
    ("003", "Isfahan", "isfahan"),
    ("003", "Deir el-Zour", "deir-ez-zor"),
]

# Common variants outside the seeds that analysts meet in other reports.
VARIANTS = [
    ("Abu Kamal", "bukamal"), ("Albu Kamal", "bukamal"), ("Al Bokamal", "bukamal"),
    ("Deir ez Zor", "deir-ez-zor"), ("Dayr az Zawr", "deir-ez-zor"), ("Deir al-Zour", "deir-ez-zor"),
    ("Al Kiswah", "kiswah"), ("Kiswe", "kiswah"), ("Al Mayadin", "mayadin"), ("Mayadine", "mayadin"),
    ("Al-Qusayr", "qusayr"), ("El Quseir", "qusayr"), ("Hims", "homs"), ("Halab", "aleppo"),
    ("Beqaa", "bekaa-valley"), ("Esfahan", "isfahan"), ("Damascus International Airport", "damascus-airport"),
]


def _seed_text(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("seed,spelling,place_id", SEED_SPELLINGS)
def test_every_seed_spelling_resolves_to_its_place(gazetteer, seed, spelling, place_id):
    assert spelling in _seed_text(seed), "the test list must quote the seed exactly"
    assert gazetteer.lookup(spelling).id == place_id


@pytest.mark.parametrize("spelling,place_id", VARIANTS)
def test_common_variants_resolve(gazetteer, spelling, place_id):
    assert gazetteer.lookup(spelling).id == place_id


def test_unknown_name_raises_lookup_error_with_suggestions(gazetteer):
    with pytest.raises(UnknownPlace) as caught:
        gazetteer.lookup("Qsayr")
    assert isinstance(caught.value, LookupError)
    assert caught.value.suggestions[0] == "Al Qusayr"
    assert gazetteer.get("Qsayr") is None
    assert gazetteer.get("Qsayr", default=gazetteer.by_id("homs")).id == "homs"


def test_fuzzy_search_is_ranked_and_stable(gazetteer):
    first = gazetteer.search_fuzzy("Deir Zoor desert")
    assert first == gazetteer.search_fuzzy("Deir Zoor desert")
    scores = [score for _, score in first]
    assert scores == sorted(scores, reverse=True)


def test_resolution_says_how_it_matched(gazetteer):
    exact = gazetteer.resolve("Al-Bokamal")
    folded = gazetteer.resolve("Al-Boukamaal")
    assert (exact.method, exact.confidence) == ("exact", 1.0)
    assert folded.place.id == "bukamal" and folded.method == "normalised" and folded.confidence < 1


def test_every_place_lies_inside_its_stated_country(gazetteer):
    for place in gazetteer:
        south, west, north, east = COUNTRY_BOXES[place.country]
        assert south <= place.latitude <= north and west <= place.longitude <= east, place.id


def test_every_place_has_kind_and_coordinate_source(gazetteer):
    for place in gazetteer:
        assert place.kind in KINDS
        assert place.coord_source
        if place.geonames_id:
            assert place.coord_source == f"GeoNames {place.geonames_id}", place.id


def test_a_spelling_pointing_to_two_places_is_refused():
    one = Place("a", "Qusayr", (), 34.5, 36.6, "town", "SY", "Homs", None, 0, "test")
    two = Place("b", "El Quseir", ("Al-Qusayr",), 26.1, 34.3, "town", "EG", "Red Sea", None, 0, "test")
    with pytest.raises(BadInput, match="would name both"):
        Gazetteer([one, two])


def test_bad_gazetteer_rows_name_file_row_and_field(tmp_path):
    path = tmp_path / "gaz.csv"
    header = (DATA / "gazetteer.csv").read_text(encoding="utf-8").splitlines()[0]
    path.write_text(header + "\nx,X,,95,36,town,SY,Homs,,0,test,\ny,Y,,34,abc,planet,Syria,,-3,0,,\n", encoding="utf-8")
    with pytest.raises(BadInput) as caught:
        Gazetteer.from_csv(path)
    messages = [str(p) for p in caught.value.problems]
    assert f"{path}, row 2, field 'latitude': '95' is not a latitude (a number from -90 to 90)" in messages
    assert any("row 3, field 'longitude'" in m for m in messages)
    assert any("row 3, field 'kind': 'planet'" in m for m in messages)
    assert any("row 3, field 'country'" in m for m in messages)
    assert any("row 3, field 'geonames_id'" in m for m in messages)
    assert any("row 3, field 'coord_source': is empty" in m for m in messages)
