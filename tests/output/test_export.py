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
