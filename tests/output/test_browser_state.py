"""A view you can cite: the address keeps the filters, the view and the open strike; keyboard and
screen-reader use of the map (issue 14, in part)."""

import re

import pytest

from conftest import SIZES, open_at

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def bundled_map(tmp_path_factory):
    """The bundled map as `geomap build` makes it (the curated places' spellings, with the
    regional table's, travel with it for the search)."""
    from geomap.api import build_map_file
    from geomap.places.regional import RegionalGazetteer

    from conftest import DATA

    path = tmp_path_factory.mktemp("state") / "map.html"
    build_map_file(path, strikes_path=DATA / "strikes.csv", gazetteer_path=DATA / "gazetteer.csv",
                   fallbacks=(RegionalGazetteer(),))
    return path


def _count(page) -> str:
    return page.locator(".geomap-count").inner_text()


@pytest.mark.parametrize("size", SIZES)
def test_the_hash_restores_the_filters_the_view_and_the_open_strike(open_map, bundled_map, located, size):
    page = open_at(open_map, bundled_map, size).page
    assert page.evaluate("location.hash") == ""                      # opening the map changes nothing
    page.locator(".geomap-toggles-attributions input[data-value='alleged']").uncheck()
    page.locator(".geomap-date-from").fill("2021-02-01")
    page.locator(".geomap-date-from").dispatch_event("change")
    page.locator(".geomap-search").fill("bukamal")
    shown = page.evaluate("geomap.shown()")
    assert shown, "the filters leave some strikes"
    page.evaluate(f"geomap.openPopupAt({shown[0]})")
    page.locator(".leaflet-popup-content .geomap-popup").wait_for()
    strike_id = located[shown[0]].strike.id
    page.wait_for_function(f"location.hash.includes('strike={strike_id}')")
    hash_ = page.evaluate("location.hash")
    assert "noatt=alleged" in hash_ and "from=2021-02-01" in hash_ and "q=bukamal" in hash_
    assert re.search(r"map=\d+/\d+\.\d+/\d+\.\d+", hash_), hash_
    count, zoom = _count(page), page.evaluate("geomap.map.getZoom()")

    again = open_at(open_map, bundled_map, size, fragment=hash_).page
    popup = again.locator(".leaflet-popup-content .geomap-popup")
    popup.wait_for(timeout=5000)
    assert f"Id: {strike_id}" in popup.inner_text()
    assert _count(again) == count
    assert again.locator(".geomap-toggles-attributions input[data-value='alleged']").is_checked() is False
    assert again.locator(".geomap-date-from").input_value() == "1 Feb 2021"  # the page's one date format
    assert again.locator(".geomap-search").input_value() == "bukamal"
    assert again.evaluate("geomap.map.getZoom()") == zoom

    # Closing the popup takes the strike out of the address, and keeps the rest.
    again.evaluate("geomap.map.closePopup()")
    again.wait_for_function("!location.hash.includes('strike=')")
    assert "noatt=alleged" in again.evaluate("location.hash")


def test_a_bare_id_in_the_hash_opens_that_strike(open_map, bundled_map, located):
    strike = located[5].strike
    page = open_map(bundled_map, fragment=f"#{strike.id}").page
    popup = page.locator(".leaflet-popup-content .geomap-popup")
    popup.wait_for(timeout=5000)
    assert f"Id: {strike.id}" in popup.inner_text()
    assert _count(page) == f"{len(located)} strikes shown of {len(located)}"


def test_a_hash_that_is_not_ours_changes_nothing(open_map, bundled_map, located):
    run = open_map(bundled_map, fragment="#from=yesterday&noatt=%E0%A4%A&map=x/y/z&strike=NOPE")
    page = run.page
    page.wait_for_timeout(300)
    assert run.page_errors == []
    assert _count(page) == f"{len(located)} strikes shown of {len(located)}"
    assert page.locator(".leaflet-popup").count() == 0


@pytest.mark.parametrize("size", SIZES)
def test_the_popup_cites_the_strike_with_a_link_that_opens_it(open_map, bundled_map, located, size):
    page = open_at(open_map, bundled_map, size).page
    strike = located[2].strike
    page.evaluate("geomap.openPopupAt(2)")
    page.locator(".leaflet-popup-content .geomap-cite-summary").click()
    cite = page.locator(".leaflet-popup-content .geomap-cite-text")
    cite.wait_for()
    text = cite.inner_text()
    assert text.startswith(f"{strike.id}; {strike.date_label}; ")
    assert located[2].place.name in text and strike.source_document in text
    assert all(source in text for source in strike.sources)
    link = text.rsplit("; ", 1)[1]
    assert link.startswith("file://") and link.endswith(f"#strike={strike.id}")
    # The link itself opens the same strike.
    again = open_map(bundled_map, fragment=link[link.index("#"):]).page
    again.locator(".leaflet-popup-content .geomap-popup").wait_for(timeout=5000)
    assert f"Id: {strike.id}" in again.locator(".leaflet-popup-content").inner_text()


@pytest.mark.parametrize("size", SIZES)
def test_the_keyboard_alone_opens_and_closes_a_strike(open_map, bundled_map, size):
    page = open_at(open_map, bundled_map, size).page
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.get_by_label("Search").count() == 1
    named = page.locator(".leaflet-marker-pane [role=button][aria-label]")
    assert named.count() >= 1
    labels = named.evaluate_all("els => els.map(e => e.getAttribute('aria-label'))")
    assert all(label.strip() for label in labels)
    assert any(label.startswith("Strike: ") or " strikes " in label or label.endswith("open to see them")
               for label in labels)
    # Tab from the map to the first marker or cluster, as a keyboard user would, and press Enter.
    page.locator(".leaflet-container").focus()
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('leaflet-marker-icon')"):
            break
    else:
        pytest.fail("Tab never reached a marker or cluster")
    label = page.evaluate("document.activeElement.getAttribute('aria-label')")
    for _ in range(12):  # a cluster zooms in on Enter; go on until a strike's own marker opens
        if page.locator(".leaflet-popup").count():
            break
        page.keyboard.press("Enter")
        page.wait_for_timeout(400)
        if page.locator(".leaflet-popup").count():
            break
        if not page.evaluate("document.activeElement.classList.contains('leaflet-marker-icon')"):
            page.locator(".leaflet-container").focus()
            for _ in range(40):
                page.keyboard.press("Tab")
                if page.evaluate("document.activeElement.classList.contains('leaflet-marker-icon')"):
                    break
    assert page.locator(".leaflet-popup-content .geomap-popup, .leaflet-popup-content .geomap-stack-popup").count() == 1, label
    page.keyboard.press("Escape")
    page.wait_for_function("document.querySelectorAll('.leaflet-popup').length === 0", timeout=3000)


def test_a_map_opened_offline_says_why_it_is_empty_and_what_to_run(browser, bundled_map):
    """With every request blocked the CDN scripts never come: the page says so in plain words."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file://")
                   else route.abort())
        page.goto(bundled_map.resolve().as_uri())
        note = page.locator(".geomap-offline-note")
        note.wait_for(timeout=5000)
        text = note.inner_text()
        assert "could not load its scripts" in text and "offline" in text
        assert "geomap assets --fetch" in text and "geomap build --self-contained" in text
        assert note.is_visible()
    finally:
        context.close()


def test_a_map_that_loads_shows_no_offline_note(open_map, bundled_map):
    page = open_map(bundled_map).page
    page.wait_for_timeout(200)
    assert page.locator(".geomap-offline-note").count() == 0


def test_the_page_folds_every_bundled_spelling_as_python_does(open_map, bundled_map, gazetteer):
    """The page's search folds names with names.py's own rules; every spelling of the curated
    gazetteer and the regional table (about 180,000) folds to the same key in both."""
    import sqlite3

    from geomap.places.names import name_key
    from geomap.places.regional import BUNDLED

    pairs = {spelling: name_key(spelling) for place in gazetteer for spelling in place.spellings}
    pairs.update(sqlite3.connect(BUNDLED).execute("SELECT spelling, key FROM spellings"))
    spellings = sorted(pairs)
    assert len(spellings) > 150_000
    page = open_map(bundled_map).page
    keys = page.evaluate("names => names.map(geomap.nameKey)", spellings)
    differ = [(s, pairs[s], k) for s, k in zip(spellings, keys) if pairs[s] != k]
    assert differ == [], f"{len(differ)} differ, e.g. {differ[:5]}"


@pytest.mark.parametrize("typed", ["Albu Kamal", "abu-kamal", "البوكمال", "BOUKAMAL"])
def test_search_finds_a_place_under_any_spelling(open_map, bundled_map, located, typed):
    page = open_map(bundled_map).page
    page.fill(".geomap-search", typed)
    page.dispatch_event(".geomap-search", "input")
    ids = sorted(located[i].strike.id for i in page.evaluate("geomap.shown()"))
    expected = sorted(i.strike.id for i in located if i.place.id.startswith("bukamal"))
    assert expected and ids == expected, typed


@pytest.mark.parametrize("size", SIZES)
def test_the_legend_filters_by_actor_and_attribution_with_counts_that_follow(open_map, bundled_map, located, size):
    page = open_at(open_map, bundled_map, size).page
    total = len(located)
    by_actor = {}
    for item in located:
        by_actor[item.strike.actor or "Unknown"] = by_actor.get(item.strike.actor or "Unknown", 0) + 1
    israel = page.locator(".geomap-legend-toggle", has_text="Israel")
    assert israel.inner_text().strip() == f"Israel ({by_actor['Israel']})"
    assert israel.get_attribute("aria-pressed") == "true"
    israel.click()
    assert israel.get_attribute("aria-pressed") == "false"
    shown = page.evaluate("geomap.shown()")
    assert len(shown) == total - by_actor["Israel"]
    assert all((located[i].strike.actor or "Unknown") != "Israel" for i in shown)
    assert page.locator(".geomap-count").inner_text() == f"{total - by_actor['Israel']} strikes shown of {total}"
    assert israel.inner_text().strip() == f"Israel ({by_actor['Israel']})"  # its number stays, to switch back
    assert "noactor=Israel" in page.evaluate("location.hash")
    # The attribution lines filter too, and stay in step with the panel's boxes.
    alleged = page.locator(".geomap-legend-toggle", has_text="alleged by others")
    alleged.click()
    assert page.locator(".geomap-toggles-attributions input[data-value='alleged']").is_checked() is False
    assert all(located[i].strike.attribution != "alleged" for i in page.evaluate("geomap.shown()"))
    # A date range changes every number in the legend.
    page.evaluate("() => { geomap.state.from = '2024-01-01'; geomap.apply(); }")
    in_range = [i for i in located if i.strike.date >= "2024"]
    israel_in_range = sum(1 for i in in_range if i.strike.actor == "Israel" and i.strike.attribution != "alleged")
    assert israel.inner_text().strip() == f"Israel ({israel_in_range})"
    # The hash brings the switched-off actor back after a reload.
    again = open_at(open_map, bundled_map, size, fragment=page.evaluate("location.hash")).page
    assert again.locator(".geomap-legend-toggle", has_text="Israel").get_attribute("aria-pressed") == "false"
    assert all((located[i].strike.actor or "Unknown") != "Israel" for i in again.evaluate("geomap.shown()"))


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("fmt", ["csv", "geojson"])
def test_download_gives_the_strikes_shown(open_map, bundled_map, located, tmp_path, fmt, size):
    import csv
    import json

    page = open_at(open_map, bundled_map, size).page
    page.locator(".geomap-toggles-attributions input[data-value='alleged']").uncheck()
    shown = sorted(page.evaluate("geomap.shown()"))
    assert 0 < len(shown) < len(located)
    with page.expect_download() as info:
        page.locator(f".geomap-download-{fmt}").click()
    path = tmp_path / f"shown.{fmt}"
    info.value.save_as(path)
    if fmt == "csv":
        rows = list(csv.DictReader(path.open(encoding="utf-8", newline="")))
        ids = [row["id"] for row in rows]
        first = rows[0]
        assert first["sources"] == "; ".join(located[shown[0]].strike.sources)
        assert float(first["lat"]) == pytest.approx(located[shown[0]].place.latitude, abs=1e-5)
    else:
        features = json.loads(path.read_text(encoding="utf-8"))["features"]
        ids = [f["properties"]["id"] for f in features]
        lon, lat = features[0]["geometry"]["coordinates"]
        assert lat == pytest.approx(located[shown[0]].place.latitude, abs=1e-5)
    assert ids == [located[i].strike.id for i in shown]
