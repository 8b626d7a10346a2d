"""Place strings as reports write them, taken apart (no gazetteer involved)."""

import pytest

from geomap.places.phrases import parse_phrase


def reading(text):
    """The compound reading (the second), or the literal one when there is no other."""
    readings = parse_phrase(text)
    assert len(readings[0].places) == 1  # the string as written (tidied) is always tried first
    return readings[-1]


@pytest.mark.parametrize("text, places, context, precision, kind", [
    ("Kafr Nabl village, Maarat al-Numan District", ("Kafr Nabl", "Maarat al-Numan District"),
     ("Maarat al-Numan District",), "", "village"),
    ("near Saraqib", ("Saraqib",), (), "near", ""),
    ("Near Saraqib", ("Saraqib",), (), "near", ""),
    ("the outskirts of Douma", ("Douma",), (), "near", ""),
    ("Douma outskirts", ("Douma",), (), "near", ""),
    ("Idlib countryside", ("Idlib",), (), "area", ""),
    ("countryside of Hama", ("Hama",), (), "area", ""),
    ("ريف حماة", ("حماة",), (), "area", ""),
    ("Saraqib, Idlib countryside", ("Saraqib", "Idlib"), ("Idlib",), "", ""),
    ("a school, Ariha", ("school", "Ariha"), ("Ariha",), "", ""),
    ("the village of Kafr Nabl", ("Kafr Nabl",), (), "", "village"),
    ("قرية كفرنبل", ("كفرنبل",), (), "", "village"),
    ("Mezzeh (Damascus)", ("Mezzeh", "Damascus"), ("Damascus",), "", ""),
    ("Mezzeh in Damascus", ("Mezzeh", "Damascus"), ("Damascus",), "", ""),
    ("Abu Kamal nahiyah", ("Abu Kamal",), (), "area", ""),
    ("محمبل ادلب", ("محمبل",), ("ادلب",), "", ""),          # a name written beside its province
    ("الرقة سلوك", ("سلوك",), ("الرقة",), "", ""),
    ("دوما البلد", ("دوما",), (), "", "town"),                # the town proper
    ("حمص القديمة", ("حمص",), (), "", "town"),               # its old city
    ("Old Homs", ("Homs",), (), "", "town"),
    ("حرستا الضاحية", ("حرستا",), (), "near", ""),           # its suburb
    ("ضاحية قدسيا", ("قدسيا",), (), "near", ""),
    ("ضيعة العزيزية", ("العزيزية",), (), "", "village"),
    ("Kuwayris Airbase", ("Kuwayris",), (), "town", "site"),  # a site named for where it is
    ("سوق وادي بردى", ("وادي بردى",), (), "town", "site"),
])
def test_compound_forms(text, places, context, precision, kind):
    phrase = reading(text)
    assert (phrase.places, phrase.context, phrase.precision, phrase.kind) == (places, context, precision, kind)


def test_a_sub_district_is_the_unit_first_and_its_seat_as_an_area_after():
    for text, unit in (("Abu Kamal nahiyah", "Abu Kamal Subdistrict"), ("ناحية الحول", "الحول Subdistrict"),
                       ("Ehsem sub-district", "Ehsem Subdistrict")):
        first, last = parse_phrase(text)[-2:]
        assert (first.places, first.unit, first.kind) == ((unit,), True, "subdistrict")
        assert (last.places, last.precision) == ((unit.removesuffix(" Subdistrict"),), "area")


def test_district_and_governorate_name_the_unit():
    assert reading("Manbij District").unit
    assert reading("Abu Kamal mantiqah").places == ("Abu Kamal District",)
    assert reading("منطقة منبج").places == ("منبج District",)
    assert reading("Idlib Governorate").kind == "province"


@pytest.mark.parametrize("text, ends", [
    ("between Saraqib and Sarmin", ("Saraqib", "Sarmin")),
    ("the road between Saraqib and Sarmin", ("Saraqib", "Sarmin")),
    ("the Damascus-Beirut road", ("Damascus", "Beirut")),
    ("Homs–Palmyra highway", ("Homs", "Palmyra")),
])
def test_between_two_places(text, ends):
    assert reading(text).between == ends


def test_a_plain_name_has_one_reading():
    assert len(parse_phrase("Al-Bukamal")) == 1
    assert parse_phrase("  Deir ez-Zor. ")[0].places == ("Deir ez-Zor",)


@pytest.mark.parametrize("text", ["Sijan St.", "Jab roundabout", "دوار الزراعة", "جامع زين العابدين", "Bab Street"])
def test_streets_roundabouts_and_mosques_are_not_read_as_the_place_they_are_named_for(text):
    assert all(phrase.kind != "site" for phrase in parse_phrase(text))


def test_a_province_alone_is_not_split():
    assert [p.context for p in parse_phrase("ريف دمشق")] == [(), ()]
