"""The real folium output: one data blob holding every strike, escaped, deterministic."""

import dataclasses
import json
import re

import pytest

from geomap.output.geojson import operation_totals
from geomap.output.blob import safe_json
from geomap.output.page import MAP_COLUMNS, build_map, expand_rows

BLOB = re.compile(r'<script type="application/json" id="geomap-data">(.*?)</script>', re.S)


def blob_of(html: str) -> dict:
    (text,) = BLOB.findall(html)
    return json.loads(text)


def test_map_holds_every_strike_with_date_and_sources(located):
    html = build_map(located)
    data = blob_of(html)
    assert data["columns"] == list(MAP_COLUMNS)
    rows = {row["id"]: row for row in expand_rows(data)}
    assert sorted(rows) == sorted(item.strike.id for item in located)
    for item in located:
        row = rows[item.strike.id]
        assert row["date_label"] == item.strike.date_label
        assert row["sources"] == list(item.strike.sources)
        assert row["source_document"] == item.strike.source_document
        assert (row["lat"], row["lon"]) == (round(item.latitude, 6), round(item.longitude, 6))
    labels = {r["date_label"] for r in rows.values()}
    assert {"13 Jan 2021", "Nov 2024", "15 Feb 2021", "29 Jan 2023"} <= labels


def test_operation_figures_reach_the_page_once(located):
    data = blob_of(build_map(located))
    assert data["operations"]["OP-2021-01-13"] == {"killed": 23, "injured": 28, "source": "SOHR", "strikes": 3}
    assert operation_totals(located)["OP-2021-02-15"]["strikes"] == 3


def test_same_inputs_give_byte_identical_html(located):
    assert build_map(located) == build_map(located)
    assert not re.search(r"[0-9a-f]{32}", build_map(located)), "a random branca id survived"


def test_page_loads_only_leaflet_and_markercluster(located):
    html = build_map(located)
    sources = re.findall(r'<script src="([^"]+)"', html) + re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert sorted(sources) == sorted([
        "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js",
        "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css",
        "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/leaflet.markercluster.js",
        "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/MarkerCluster.css",
        "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/MarkerCluster.Default.css",
    ])


def test_building_a_map_leaves_folium_class_state_alone(located):
    import folium
    from folium.plugins import MarkerCluster

    before = (list(folium.Map.default_js), list(folium.Map.default_css), list(MarkerCluster.default_js))
    build_map(located)
    assert (list(folium.Map.default_js), list(folium.Map.default_css), list(MarkerCluster.default_js)) == before
    assert len(folium.Map.default_js) > 1  # folium's own map still loads jQuery and friends


HOSTILE = '</script><script>window.pwned=1</script><img src=x onerror="window.pwned=1"> ${1} ` \\u0041 <!-- {{ 7*7 }} {% if %} {# x'



def test_report_text_never_becomes_markup(located):
    item = located[0]
    evil = dataclasses.replace(
        item, strike=dataclasses.replace(item.strike, target=HOSTILE, summary=HOSTILE, sources=(HOSTILE,)))
    html = build_map([evil], title=HOSTILE)
    assert "window.pwned" in html  # the text is there ...
    assert "<script>window.pwned" not in html and "<img src=x" not in html  # ... but never as markup
    assert expand_rows(blob_of(html))[0]["target"] == HOSTILE
    assert "{{ 7*7 }}" in html  # still literal: never evaluated as a Jinja template
    assert "<title>&lt;/script&gt;" in html


def test_safe_json_escapes_what_could_end_a_script():
    text = safe_json({"a": "</script><!-- & \u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"a": "</script><!-- & \u2028"}


def _inside(point, polygon_rings):
    """Even-odd rule: is (lon, lat) inside the polygon (outer ring with holes)?"""
    x, y = point
    inside = False
    for ring in polygon_rings:
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
            if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                inside = not inside
    return inside


@pytest.mark.parametrize("country,lon,lat", [
    ("Syria", 36.29, 33.51), ("Syria", 37.16, 36.20), ("Syria", 40.14, 35.34), ("Lebanon", 35.90, 33.85),
    ("Iraq", 44.40, 33.34), ("Iran", 51.67, 32.65), ("Jordan", 35.93, 31.95), ("Turkey", 32.85, 39.93),
])
def test_country_outlines_hold_their_capitals_and_cities(country, lon, lat):
    from geomap.output.page import country_outlines

    features = {f["properties"]["name"]: f for f in country_outlines()["features"]}
    assert any(_inside((lon, lat), polygon) for polygon in features[country]["geometry"]["coordinates"])
    others = [n for n, f in features.items() if n != country
              and any(_inside((lon, lat), p) for p in f["geometry"]["coordinates"])]
    assert others == []


def test_outlines_reach_the_page(located):
    data = blob_of(build_map(located))
    assert {f["properties"]["name"] for f in data["outlines"]["features"]} >= {"Syria", "Lebanon", "Iraq", "Iran"}
