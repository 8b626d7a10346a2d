"""Hostile report text, built by the real command and opened in Chromium: nothing runs, all shows as text."""

import csv

import pytest
from click.testing import CliRunner

from geomap.cli import main
from geomap.records.strikes import ALL_STRIKE_COLUMNS

from conftest import click_marker

pytestmark = pytest.mark.browser

PAYLOADS = [
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=1">',
    "</script><script>window.__pwned=1</script>",
    "javascript:window.__pwned=1",
    '" onmouseover="window.__pwned=1" data-x="',
    "' onfocus='window.__pwned=1' autofocus='",
    "${window.__pwned=1} `backtick` \\u0041 \\x3c\\/script\\x3e",
    "<!-- <svg onload=window.__pwned=1>",
    "<a href=\"javascript:window.__pwned=1\">click</a>",
    "{{ 7*7 }} {% if x %}{{ config }}{% endif %} {# comment",
]
TEXT_FIELDS = ["place_reported", "actor", "target", "casualty_source", "operation", "sources",
               "summary", "notes", "source_document"]
GAZ_COLUMNS = ["id", "name", "aliases", "latitude", "longitude", "kind", "country", "province",
               "geonames_id", "radius_km", "coord_source", "notes"]


@pytest.fixture(scope="module")
def hostile_map(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    with open(folder / "gazetteer.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, GAZ_COLUMNS)
        writer.writeheader()
        for i, payload in enumerate(PAYLOADS):
            writer.writerow(dict(id=f"p{i}", name=f"Place {i} {payload}", aliases=f"alias {i} {payload}",
                                 latitude=33.5 + i * 0.3, longitude=36.3 + i * 0.4, kind="town", country="SY",
                                 province=payload, geonames_id="", radius_km=10 * (i % 2),
                                 coord_source=payload, notes=payload))
    with open(folder / "strikes.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, ALL_STRIKE_COLUMNS)
        writer.writeheader()
        for i, payload in enumerate(PAYLOADS):
            row = dict.fromkeys(ALL_STRIKE_COLUMNS, "")
            row.update({field: payload for field in TEXT_FIELDS})
            row.update(id=f"X{i} {payload}", date="2021-01-13", place=f"p{i}", attribution="alleged",
                       killed="1", casualty_scope="strike", location_precision="area" if i % 2 else "town")
            writer.writerow(row)
    out = folder / "map.html"
    result = CliRunner().invoke(main, ["build", "-o", str(out), "--title", PAYLOADS[0],
                                       "--strikes", str(folder / "strikes.csv"),
                                       "--gazetteer", str(folder / "gazetteer.csv")])
    assert result.exit_code == 0, result.output
    return out


def test_no_payload_runs_and_every_text_shows_literally(open_map, hostile_map):
    run = open_map(hostile_map)
    page = run.page
    assert page.locator(".geomap-panel-title span").inner_text() == PAYLOADS[0]
    assert page.title() == PAYLOADS[0]
    legend = page.locator(".geomap-legend").inner_text()
    assert PAYLOADS[1] in legend  # actor names
    for index, payload in enumerate(PAYLOADS):
        click_marker(page, index)
        popup = page.locator(".leaflet-popup-content .geomap-popup")
        popup.wait_for(timeout=5000)
        text = popup.inner_text()
        assert text.count(payload) >= len(TEXT_FIELDS) - 1, (index, text)
        assert f"Place {index} {payload}" in text
        # The popup may still be panning the map to fit: read the marker's place once it stands.
        page.wait_for_function("!(geomap.map._panAnim && geomap.map._panAnim._inProgress)")
        x, y = page.evaluate("""i => { const r = geomap.markers[i]._icon.getBoundingClientRect();
                                       return [r.x + r.width / 2, r.y + r.height / 2]; }""", index)
        page.mouse.move(5, 5)
        page.mouse.move(x, y)  # hover: the tooltip
        assert payload in page.locator(".leaflet-tooltip").last.inner_text()
        page.hover(".leaflet-popup-content")
    page.fill(".geomap-search", PAYLOADS[1])
    page.dispatch_event(".geomap-search", "input")
    page.wait_for_timeout(300)
    assert page.evaluate("geomap.cluster.getLayers().length") >= 1
    # Nothing ran, nothing became markup.
    assert page.evaluate("window.__pwned") is None
    assert run.dialogs == [] and run.page_errors == []
    assert page.evaluate("document.querySelectorAll('img:not(.leaflet-tile), svg image, iframe, a[href^=\"javascript\"]').length") == 0
    assert page.evaluate("document.querySelectorAll('[onerror], [onload], [onmouseover], [onfocus]').length") == 0
    assert page.evaluate("document.querySelectorAll('script').length") == page.evaluate(
        "document.querySelectorAll('head script, body > script').length")


def test_a_javascript_link_that_bypasses_validation_is_never_linked(open_map, located, tmp_path):
    import dataclasses

    from geomap.output.page import build_map

    item = located[0]
    evil = dataclasses.replace(item, strike=dataclasses.replace(item.strike, source_url="javascript:window.__pwned=1"))
    good = dataclasses.replace(located[1], strike=dataclasses.replace(located[1].strike, source_url="https://example.org/r?a=1&b=<2>"))
    path = tmp_path / "map.html"
    path.write_text(build_map([evil, good]), encoding="utf-8")
    page = open_map(path).page
    page.evaluate("geomap.openPopupAt(0)")
    assert page.locator(".leaflet-popup-content a").count() == 0
    page.evaluate("geomap.openPopupAt(1)")
    link = page.locator(".leaflet-popup-content a")
    assert link.get_attribute("href") == "https://example.org/r?a=1&b=<2>"
    assert link.get_attribute("rel") == "noopener noreferrer"
    assert page.evaluate("window.__pwned") is None


def test_a_direction_override_cannot_reverse_what_follows_and_links_show_their_real_host(open_map, tmp_path):
    """An RLO in a name ends with the name; a look-alike host shows as the punycode it is."""
    from geomap.api import build_map_file

    from conftest import DATA

    text = (DATA / "strikes.csv").read_text(encoding="utf-8").splitlines()
    rows = list(csv.DictReader(text))
    first = rows[0]
    first.update(actor="Israel\u202e", target="depot\u202b", sources="SOHR\u202e; SANA",
                 source_url="https://\u0435xample.com/report")  # Cyrillic 'е'
    strikes = tmp_path / "strikes.csv"
    with open(strikes, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    out = tmp_path / "map.html"
    build_map_file(out, strikes_path=strikes, gazetteer_path=DATA / "gazetteer.csv")
    page = open_map(out).page
    index = page.evaluate("Array.from({length: geomap.count}, (_, i) => i)"
                          ".find(i => geomap.popupHTML(i).includes('depot'))")
    page.evaluate("i => geomap.openPopupAt(i)", index)
    popup = page.locator(".leaflet-popup-content")
    lines = {line.split(": ", 1)[0]: line.split(": ", 1)[1] for line in popup.inner_text().splitlines()
             if ": " in line}
    # Each override sits inside an isolate (FSI ... PDI) that closes before the text after it.
    assert lines["Attributed to"] == "\u2068\u2068Israel\u202e\u2069 (alleged)\u2069"
    assert lines["Sources"] == "\u2068\u2068SOHR\u202e\u2069; SANA\u2069"
    assert lines["Target"] == "\u2068depot\u202b\u2069"
    assert lines["Link"] == "https://xn--xample-2of.com/report"
    assert popup.locator("a.geomap-link").get_attribute("href") == "https://\u0435xample.com/report"
