"""The GeoJSON export: every strike near its true location, dated, sourced, with its document."""

import json

from click.testing import CliRunner
from geopy.distance import geodesic

from geomap.cli import main

from conftest import DATA

# Where each strike truly is, from sources independent of the gazetteer
# (Wikipedia's coordinates for the towns, the airport and the city centres).
# A marker may be 25 km off, or as far as its area's radius when that is larger.
TRUTH = {
    "S001": ((34.5089, 36.5797), 25),   # Al-Qusayr
    "S002": ((34.44, 36.39), 25),       # Lebanese side of the border west of Qusayr (Hermel-Qasr)
    "S003": ((35.3333, 40.1500), 25),   # Deir ez-Zor city
    "S004": ((34.4500, 40.9186), 25),   # Abu Kamal and its desert
    "S005": ((35.0208, 40.4531), 25),   # Al-Mayadin and its desert
    "S006": ((33.3608, 36.2414), 25),   # Al-Kiswah
    "S007": ((33.4114, 36.5156), 25),   # Damascus International Airport
    "S008": ((33.5131, 36.2919), 25),   # Damascus; the old Beirut road runs west of it
    "S009": ((34.4500, 40.9186), 25),   # Syria-Iraq border in Deir ez-Zor province (Abu Kamal end)
    "S010": ((34.4500, 40.9186), 25),   # Abu Kamal border region
    "S011": ((32.6500, 51.6667), 25),   # Isfahan
    "S012": ((34.4500, 40.9186), 25),   # as S009
}


def _export(*args):
    result = CliRunner().invoke(main, ["export", "--format", "geojson",
                                       "--strikes", str(DATA / "strikes.csv"),
                                       "--gazetteer", str(DATA / "gazetteer.csv"), *args])
    assert result.exit_code == 0, result.output
    return result


def test_export_lists_every_strike_near_its_true_place():
    collection = json.loads(_export().stdout)
    assert collection["type"] == "FeatureCollection"
    features = {f["properties"]["id"]: f for f in collection["features"]}
    assert sorted(features) == sorted(TRUTH)
    for strike_id, ((lat, lon), tolerance_km) in TRUTH.items():
        feature = features[strike_id]
        props = feature["properties"]
        assert feature["geometry"]["type"] == "Point"
        lon_m, lat_m = feature["geometry"]["coordinates"]
        distance = geodesic((lat, lon), (lat_m, lon_m)).km
        assert distance <= max(tolerance_km, props["radius_km"]), (strike_id, round(distance, 1))
        assert props["date"] and props["date_precision"] in ("day", "month")
        assert props["place"] and props["source_document"].endswith(".txt")
        assert isinstance(props["sources"], list)


def test_export_to_file_is_byte_identical_twice(tmp_path):
    first, second = tmp_path / "a.geojson", tmp_path / "b.geojson"
    _export("-o", str(first))
    _export("-o", str(second))
    assert first.read_bytes() == second.read_bytes()


def _export_as(fmt: str, strikes=None):
    result = CliRunner().invoke(main, ["export", "--format", fmt,
                                       "--strikes", str(strikes or DATA / "strikes.csv"),
                                       "--gazetteer", str(DATA / "gazetteer.csv")])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_csv_and_kml_carry_what_the_geojson_carries():
    import csv as csvlib
    import io
    import xml.etree.ElementTree as ET

    features = {f["id"]: f for f in json.loads(_export().stdout)["features"]}
    rows = {row["id"]: row for row in csvlib.DictReader(io.StringIO(_export_as("csv")))}
    assert set(rows) == set(features) and len(rows) == 12
    kml = ET.fromstring(_export_as("kml").encode("utf-8"))
    ns = {"k": "http://www.opengis.net/kml/2.2"}
    marks = {m.get("id"): m for m in kml.iter("{http://www.opengis.net/kml/2.2}Placemark")}
    assert set(marks) == set(features)
    for strike_id, feature in features.items():
        lon, lat = feature["geometry"]["coordinates"]
        props = feature["properties"]
        row = rows[strike_id]
        assert (float(row["latitude"]), float(row["longitude"])) == (lat, lon)
        assert row["sources"] == "; ".join(props["sources"]) and row["source_document"] == props["source_document"]
        mark = marks[strike_id]
        assert mark.find("k:Point/k:coordinates", ns).text == f"{lon!r},{lat!r}"
        assert mark.find("k:TimeSpan/k:begin", ns).text == props["first_day"]
        assert mark.find("k:TimeSpan/k:end", ns).text == props["last_day"]
        assert props["source_document"] in mark.find("k:description", ns).text


def test_report_text_stays_text_in_csv_and_kml(tmp_path):
    import csv as csvlib
    import io
    import xml.etree.ElementTree as ET

    text = (DATA / "strikes.csv").read_text(encoding="utf-8")
    hostile = text.replace("two smuggling routes, one of them with a bridge",
                           "=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\") </description><script>alert(1)</script>", 1)
    assert hostile != text
    strikes = tmp_path / "strikes.csv"
    strikes.write_text(hostile, encoding="utf-8")
    row = next(r for r in csvlib.DictReader(io.StringIO(_export_as("csv", strikes))) if r["id"] == "S001")
    assert row["target"].startswith("'=HYPERLINK(")      # a spreadsheet shows it, never runs it
    kml_text = _export_as("kml", strikes)
    assert "<script>" not in kml_text and "&lt;script&gt;" in kml_text
    mark = next(m for m in ET.fromstring(kml_text.encode()).iter("{http://www.opengis.net/kml/2.2}Placemark")
                if m.get("id") == "S001")
    description = mark.find("{http://www.opengis.net/kml/2.2}description").text
    assert "Target: =HYPERLINK" in description and "<script>alert(1)</script>" in description  # as text
