"""A large page in a real headless Chromium: drawn from its numbers first, popup texts after."""

import datetime

import pytest

from geomap.output.page import build_map
from geomap.records.acled import acled_columns

from conftest import answer_offline
from support.synthetic import write_csv

pytestmark = pytest.mark.browser

HEADER = ["event_id_cnty", "event_date", "time_precision", "event_type", "sub_event_type", "actor1", "actor2",
          "country", "admin1", "location", "latitude", "longitude", "geo_precision", "source", "notes",
          "fatalities"]


def _large_export(path):
    """Two events 300 km apart whose notes make the page's data far larger than the compression threshold."""
    rows = [
        ["SYR1", "2021-01-13", "1", "Explosions/Remote violence", "Air/drone strike", "Military Forces of Israel",
         "", "Syria", "Deir ez-Zor", "Deir ez-Zor", "35.3359", "40.1408", "1", "SOHR",
         "First note: " + "a warehouse was hit. " * 20_000, "3"],
        ["SYR2", "2021-02-15", "1", "Explosions/Remote violence", "Air/drone strike", "Military Forces of Turkey",
         "", "Syria", "Aleppo", "Tell Rifaat", "36.4731", "37.0972", "1", "SOHR",
         "Second note: " + "a checkpoint was hit. " * 20_000, "0"],
    ]
    return write_csv(path, HEADER, rows)


def test_a_popup_opened_before_its_text_arrives_says_so_and_fills_in(browser, tmp_path):
    page_file = tmp_path / "map.html"
    html = build_map(acled_columns(_large_export(tmp_path / "acled.csv")))
    assert 'id="geomap-texts"' in html and html.rindex('id="geomap-texts"') > html.rindex("geomapReadData(")
    page_file.write_text(html, encoding="utf-8")
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.route("**/*", answer_offline)
    # A paused clock holds the frame and the timers the texts wait for; run_for lets them go.
    page.clock.install(time=datetime.datetime(2026, 1, 1))
    page.clock.pause_at(datetime.datetime(2026, 1, 1, 0, 0, 1))
    try:
        page.goto(page_file.as_uri())
        page.wait_for_selector(".leaflet-marker-pane .geomap-marker")
        assert page.locator(".leaflet-marker-pane .geomap-marker").count() == 2  # drawn without the texts
        assert page.evaluate("window.geomap === undefined")
        page.locator(".leaflet-marker-pane .geomap-marker").first.click()
        popup = page.locator(".leaflet-popup-content")
        assert "loading the report text" in popup.inner_text()
        for _ in range(100):  # the texts are unpacked a slice at a time, each after a timer
            page.clock.run_for(100)
            if page.evaluate("window.geomap !== undefined"):
                break
        page.wait_for_function("window.geomap !== undefined")
        text = popup.inner_text()
        assert "loading the report text" not in text
        assert ("First note: a warehouse was hit." in text and "Id: SYR1" in text) or \
               ("Second note: a checkpoint was hit." in text and "Id: SYR2" in text)
    finally:
        context.close()
