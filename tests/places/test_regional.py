"""The bundled regional table: its keys, its sources, and a cold lookup that reads almost nothing."""

import sqlite3

import pytest

from geomap.places.names import FOLDING_VERSION, name_key, plain
from geomap.places.regional import BUNDLED, RegionalGazetteer, fuzzy_entries


def test_every_stored_key_is_what_the_folding_makes_now():
    db = sqlite3.connect(BUNDLED)
    assert db.execute("SELECT value FROM meta WHERE key = 'folding'").fetchone()[0] == FOLDING_VERSION
    stale = [(p, k) for k, p in db.execute("SELECT key, plain FROM spellings") if name_key(p) != k]
    assert stale == []


def test_the_table_covers_the_region_with_its_sources():
    db = sqlite3.connect(BUNDLED)
    counts = dict(db.execute("SELECT country, count(*) FROM places GROUP BY country"))
    assert counts["SY"] > 12_000 and counts["IQ"] > 20_000 and counts["LB"] > 3_000
    kinds = dict(db.execute("SELECT kind, count(*) FROM places WHERE country = 'SY' GROUP BY kind"))
    assert kinds["province"] == 14 and kinds["district"] == 61 and kinds["neighbourhood"] >= 64 + 100
    assert kinds["subdistrict"] == 270  # every OCHA sub-district code
    assert db.execute("SELECT count(*) FROM places WHERE coord_source = ''").fetchone()[0] == 0
    no_province = db.execute("SELECT count(*) FROM places WHERE country = 'SY' AND province = ''").fetchone()[0]
    assert no_province <= 5


def test_a_sub_district_is_an_area_at_least_its_share_of_its_district():
    """Sab' Biyar's sub-district has one OCHA community: its radius is not that village's 2 km
    but a circle of its share of Duma district (scripts/make_gazetteer.py)."""
    db = sqlite3.connect(BUNDLED)
    radius, district_radius = db.execute(
        "SELECT s.radius_km, d.radius_km FROM places s JOIN places d ON d.kind = 'district' "
        "AND d.district_code = s.district_code WHERE s.id = 'ocha:SY030202'").fetchone()
    assert 20 <= radius < district_radius
    smallest = db.execute("SELECT min(radius_km) FROM places WHERE kind = 'subdistrict'").fetchone()[0]
    assert smallest >= 3.0  # Damascus's dense suburbs (Sahnaya, Hajar Aswad) are the smallest


def test_one_record_per_place_when_ocha_and_geonames_agree():
    """Saraqib is an OCHA community and a GeoNames record: one place, both sources named."""
    (found,) = [c for c in RegionalGazetteer().candidates("Saraqib") if c.place.province == "Idleb"]
    assert found.place.id.startswith("ocha:") and found.place.geonames_id == 164816
    assert "OCHA community" in found.place.coord_source and "GeoNames 164816" in found.place.coord_source
    assert "سراقب" in found.place.spellings
    assert "saraqib" in {plain(s) for s in found.place.spellings}


def test_arabic_spellings_fold_their_variable_letters():
    table = RegionalGazetteer()
    assert [c.place.id for c in table.candidates("إدلب")] == [c.place.id for c in table.candidates("ادلب")]


def test_a_table_of_another_layout_is_refused_with_what_to_do(tmp_path):
    import pytest

    from geomap.errors import StaleData

    old = tmp_path / "old.sqlite"
    db = sqlite3.connect(old)
    db.executescript("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
                     f"INSERT INTO meta VALUES ('folding', '{FOLDING_VERSION}');")
    db.commit()
    db.close()
    with pytest.raises(StaleData, match="make_gazetteer"):
        RegionalGazetteer(old).candidates("Saraqib")


def test_the_spelling_matched_is_reported_as_written():
    (found,) = [c for c in RegionalGazetteer().candidates("Saraqeb") if c.place.province == "Idleb"]
    assert found.matched == "Saraqeb" and found.exact


def test_the_stored_fuzzy_index_is_the_one_the_spellings_make_now():
    """The table carries its trigram index (built by scripts/make_gazetteer.py); it must match the spellings."""
    from geomap.places.fuzzy import TrigramIndex

    db = sqlite3.connect(BUNDLED)
    stored = TrigramIndex.from_parts(dict(db.execute("SELECT part, data FROM fuzzy")))
    built = TrigramIndex(fuzzy_entries(db))
    assert stored.parts() == built.parts()
    for query in ("Boukamal", "Jindaris", "Sayyida Zaynab", "Maarat al-Numan", "البوكمال", "Tal Kasibah"):
        key, bare = name_key(query), plain(query).replace(" ", "")
        assert stored.search(key, bare, limit=8) == built.search(key, bare, limit=8)


def test_a_fuzzy_index_survives_being_stored():
    from geomap.places.fuzzy import TrigramIndex

    index = TrigramIndex([("bukamal", "bukamal", 7), ("kisw", "kiswah", 3), ("sarakib", "saraqib", 11)])
    again = TrigramIndex.from_parts(index.parts())
    assert again.search("bukmal", "bukmal") == index.search("bukmal", "bukmal")
    assert again.search("bukmal", "bukmal")[0][0] == 7
    assert len(again) == 3
    assert again.parts() == index.parts()  # its keys, spellings and postings read back whole
    empty = TrigramIndex.from_parts(TrigramIndex([]).parts())
    assert len(empty) == 0 and empty.search("bukmal", "bukmal") == []


def test_a_query_is_cut_into_the_trigrams_the_index_was_built_from():
    import numpy as np

    from geomap.places.fuzzy import _gram_codes, _query_codes

    for key in ("bukamal", "a", "", "kisw", "دير", "abuabu"):
        assert np.array_equal(_query_codes(key), np.unique(_gram_codes([key])[0]))


def test_a_place_read_from_the_table_is_the_place_its_constructor_makes():
    """Rows become places by filling their dict at once (regional._as_place), past the frozen
    dataclass's constructor: every field must be set, and nothing else."""
    import dataclasses

    from geomap.places.gazetteer import Place
    from geomap.places.regional import _COLUMNS, _as_place

    fields = [f.name for f in dataclasses.fields(Place)]
    rows = sqlite3.connect(BUNDLED).execute(f"SELECT {_COLUMNS} FROM places ORDER BY num LIMIT 500").fetchall()
    for row in rows:
        place, _population = _as_place(row)
        assert list(vars(place)) == fields
        assert place == Place(**{name: getattr(place, name) for name in fields})
        assert hash(place) == hash(Place(**{name: getattr(place, name) for name in fields}))
        with pytest.raises(dataclasses.FrozenInstanceError):
            place.name = "changed"  # type: ignore[misc]


def test_the_stored_fuzzy_index_is_read_once_per_table_file(tmp_path):
    # A process that opens the table again (a new finder per folder) reuses the index it read; a
    # table file rebuilt since is read afresh, and both answer alike.
    first, second = RegionalGazetteer(), RegionalGazetteer()
    assert first.search_fuzzy("Saraqib")[0][0].name == second.search_fuzzy("Saraqib")[0][0].name
    assert first._fuzzy is second._fuzzy
    copy = tmp_path / "region.sqlite"
    copy.write_bytes(BUNDLED.read_bytes())
    other = RegionalGazetteer(copy)
    assert other.search_fuzzy("Saraqib") == first.search_fuzzy("Saraqib")
    assert other._fuzzy is not first._fuzzy
