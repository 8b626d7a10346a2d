"""What a person sees: the bundled map in a real headless Chromium, with no network."""

import pytest

from geomap.output.page import build_map

from conftest import ARTIFACTS, DATA, click_marker, click_through_clusters

pytestmark = pytest.mark.browser

# Count what is on screen: single markers plus the strikes inside each cluster bubble and stack.
COUNT_ON_SCREEN = """() => {
  const singles = document.querySelectorAll('.leaflet-marker-pane .geomap-marker').length;
  const inClusters = Array.from(document.querySelectorAll('.leaflet-marker-pane .marker-cluster, '
                                                         + '.leaflet-marker-pane .geomap-stack'))
    .reduce((n, el) => n + parseInt(el.textContent, 10), 0);
  return singles + inClusters;
}"""


@pytest.fixture(scope="module")
def bundled_map(located, tmp_path_factory):
    path = tmp_path_factory.mktemp("map") / "map.html"
    path.write_text(build_map(located), encoding="utf-8")
    return path


def test_map_opens_without_errors_and_shows_every_strike(open_map, bundled_map, located):
    run = open_map(bundled_map)
    page = run.page
    page.wait_for_timeout(500)
    assert run.console_errors == [] and run.page_errors == []
    assert page.evaluate("geomap.cluster.getLayers().length") == len(located)
    assert page.evaluate(COUNT_ON_SCREEN) == len(located)
    assert page.locator(".geomap-count").inner_text() == f"{len(located)} strikes shown of {len(located)}"
    assert page.locator(".geomap-killed").inner_text() == "Reported killed: 46"  # 23 once + 2 + 7 + 14
    assert page.locator(".geomap-legend").inner_text().count("Israel") == 1
    # Areas are drawn as areas: one dashed circle per strike located only to an area.
    assert page.evaluate("geomap.areas.getLayers().length") == sum(1 for i in located if i.radius_km > 0)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "bundled-map.png"))


def test_clicking_each_marker_opens_its_popup_with_date_and_sources(open_map, bundled_map, located):
    page = open_map(bundled_map).page
    for index, item in enumerate(located):
        click_marker(page, index)
        popup = page.locator(".leaflet-popup-content .geomap-popup")
        popup.wait_for(timeout=5000)
        text = popup.inner_text()
        strike = item.strike
        assert f"Id: {strike.id}" in text, (strike.id, text)
        assert text.startswith(strike.date_label), (strike.id, text)
        for source in strike.sources:
            assert source in text, (strike.id, source)
        assert f"Document: {strike.source_document}" in text
        assert item.place.name in text


def test_operation_popup_shows_operation_casualties(open_map, bundled_map, located):
    page = open_map(bundled_map).page
    index = next(i for i, item in enumerate(located) if item.strike.id == "S004")
    click_marker(page, index)
    text = page.locator(".leaflet-popup-content").inner_text()
    assert "23 killed, 28 injured in the whole operation (per SOHR); one of 3 strikes in operation OP-2021-01-13" in text


def _set_dates(page, start, end):
    for selector, value in ((".geomap-date-from", start), (".geomap-date-to", end)):
        page.fill(selector, value)
        page.dispatch_event(selector, "change")
    page.wait_for_timeout(300)


def test_date_filter_hides_strikes_outside_its_range(open_map, bundled_map, located):
    page = open_map(bundled_map).page
    _set_dates(page, "2021-01-01", "2021-12-31")
    in_2021 = [i.strike.id for i in located if i.strike.first_day.year == 2021]
    assert page.evaluate("geomap.cluster.getLayers().length") == len(in_2021) == 7
    assert page.evaluate(COUNT_ON_SCREEN) == 7
    assert page.locator(".geomap-count").inner_text() == "7 strikes shown of 12"
    assert page.locator(".geomap-killed").inner_text() == "Reported killed: 32"  # 23 + 2 + 7
    # A month-precision strike (Feb 2021) overlaps a range inside its month; a day outside it does not.
    _set_dates(page, "2021-02-10", "2021-02-20")
    ids = page.evaluate("geomap.shown()")
    assert sorted(located[i].strike.id for i in ids) == ["S006", "S007", "S008", "S009"]
    assert page.evaluate("geomap.cluster.getLayers().length") == 4


def test_attribution_toggle_hides_unattributed(open_map, bundled_map, located):
    page = open_map(bundled_map).page
    page.click('.geomap-toggles-attributions input[data-value="unattributed"]')
    page.wait_for_timeout(300)
    expected = sum(1 for i in located if i.strike.attribution != "unattributed")
    assert page.evaluate("geomap.cluster.getLayers().length") == expected == 10


@pytest.mark.parametrize("name, width, height", [("laptop", 1280, 800), ("phone", 390, 844)])
def test_readme_screenshot_step(open_map, bundled_map, name, width, height):
    """The README's pictures are these screenshots (scripts/screenshot copies them to docs/):
    the map offline, as the tests see it, so the place names come from the gazetteer."""
    page = open_map(bundled_map, width=width, height=height, tiles=False).page
    page.wait_for_function("document.querySelectorAll('.geomap-place-label').length > 0", timeout=5000)
    page.wait_for_timeout(800)
    ARTIFACTS.mkdir(exist_ok=True)
    target = ARTIFACTS / f"readme-map-{name}.png"
    page.screenshot(path=str(target))
    assert target.stat().st_size > 10_000


def test_fullscreen_button_fills_the_screen_with_the_map(open_map, bundled_map):
    page = open_map(bundled_map).page
    page.click(".geomap-fullscreen")
    # The whole page goes full screen, so the timeline under the map comes too.
    page.wait_for_function("document.fullscreenElement === document.documentElement", timeout=5000)
    assert page.locator(".geomap-timeline").is_visible()
    page.click(".geomap-fullscreen")
    page.wait_for_function("document.fullscreenElement === null", timeout=5000)


def test_self_contained_map_draws_every_strike_with_every_request_blocked(open_map, located, tmp_path):
    from conftest import build_self_contained

    out = build_self_contained(tmp_path)
    run = open_map(out, block_all=True)
    page = run.page
    page.wait_for_timeout(500)
    assert run.page_errors == []
    assert page.evaluate("geomap.cluster.getLayers().length") == len(located)
    assert page.evaluate(COUNT_ON_SCREEN) == len(located)
    external = [u for u in run.requests if not u.startswith("file://")]
    assert external and all("tile.openstreetmap.org" in u for u in external)  # only tiles were wanted


def test_place_search_matches_any_gazetteer_spelling(open_map, bundled_map, located):
    page = open_map(bundled_map).page
    page.fill(".geomap-search", "abu kamal")  # a spelling no strike row uses
    page.dispatch_event(".geomap-search", "input")
    ids = sorted(located[i].strike.id for i in page.evaluate("geomap.shown()"))
    assert ids == ["S004", "S010"]  # the Al-Bukamal desert and border region
    assert page.locator(".geomap-count").inner_text() == "2 strikes shown of 12"
    page.fill(".geomap-search", "")
    page.dispatch_event(".geomap-search", "input")
    assert page.evaluate("geomap.cluster.getLayers().length") == len(located)


CROWD = 10_000
#: One popup is open, and on the map (not fading out).
POPUP_OPEN = "!!geomap.map._popup && geomap.map.hasLayer(geomap.map._popup) && document.querySelectorAll('.leaflet-popup').length === 1"


@pytest.fixture(scope="module")
def crowded_map(gazetteer, tmp_path_factory):
    """10,000 synthetic strikes at the curated gazetteer's 52 places: about 19 at each place and precision."""
    import sys

    from conftest import REPO

    sys.path.insert(0, str(REPO))
    from geomap.api import build_map_file
    from support.synthetic import write_strikes

    folder = tmp_path_factory.mktemp("crowded")
    strikes = write_strikes(folder / "strikes.csv", CROWD, gazetteer)
    build_map_file(folder / "map.html", strikes_path=strikes, gazetteer_path=DATA / "gazetteer.csv")
    return folder / "map.html"


def test_many_strikes_at_one_place_are_one_stack_that_lists_them(open_map, crowded_map):
    run = open_map(crowded_map)
    page = run.page
    page.wait_for_timeout(500)
    assert run.console_errors == [] and run.page_errors == []
    limit = page.evaluate("geomap.stackLimit()")
    counts = page.evaluate("geomap.stacks.map((s, i) => [i, s.geomapCount]).filter(Boolean)")
    assert counts and all(n > limit for _, n in counts)
    # Every strike is counted on screen once, in a cluster, a stack or a marker of its own.
    assert page.evaluate(COUNT_ON_SCREEN) == CROWD
    assert page.locator(".geomap-count").inner_text() == f"{CROWD} strikes shown of {CROWD}"

    spot, n = max(counts, key=lambda pair: pair[1])
    click_through_clusters(page, "stacks", spot)  # as a person would, until the stack itself shows
    popup = page.locator(".leaflet-popup-content .geomap-stack-popup")
    popup.wait_for()
    # The opened popup pans the map into view: a click while it moves lands on the map, not the item
    # (a CI run on a loaded machine did exactly that).
    page.wait_for_function("!geomap.map._panAnim || !geomap.map._panAnim._inProgress")
    page.wait_for_timeout(300)
    assert popup.locator(".geomap-stack-title").inner_text() == f"{n} strikes shown here"
    items = popup.locator(".geomap-stack-item")
    assert items.count() == min(n, 25)
    if n > 25:
        assert popup.locator(".geomap-stack-more").inner_text() == f"next {min(25, n - 25)}"
    first_item = items.first.inner_text()
    items.first.click()
    # The popup must still be open once a closing popup would have faded out (200 ms): the item
    # replaces the popup's content, and Leaflet once took that click for a click on the map.
    page.wait_for_timeout(500)
    assert page.evaluate(POPUP_OPEN)
    details = page.locator(".leaflet-popup-content .geomap-popup")
    assert details.locator(".geomap-popup-date").inner_text() == first_item.split(" \u2014 ")[0]
    assert "Id: " in details.inner_text() and "Document: " in details.inner_text()
    page.locator(".geomap-stack-back").click()
    page.wait_for_timeout(500)
    assert page.evaluate(POPUP_OPEN)
    assert page.locator(".leaflet-popup-content .geomap-stack-item").count() == min(n, 25)


def test_a_filter_recounts_stacks_clusters_and_the_summary(open_map, crowded_map):
    page = open_map(crowded_map).page
    page.wait_for_timeout(500)
    page.evaluate("""() => { geomap.state.from = "2015-01-01"; geomap.state.to = "2015-12-31"; geomap.apply(); }""")
    page.wait_for_timeout(300)
    shown = page.evaluate("geomap.shown().length")
    assert 0 < shown < CROWD
    assert page.locator(".geomap-count").inner_text() == f"{shown} strikes shown of {CROWD}"
    assert page.evaluate(COUNT_ON_SCREEN) == shown
