"""Shared fixtures: the bundled data, and a real headless Chromium that never reaches the network.

Browser tests answer the CDN addresses folium writes into the page from local
copies of the same package versions (``scripts/fetch-test-assets`` puts them in
``.cache/assets``), answer map tiles with a blank image, and abort anything
else.  Where Chromium or the assets are missing they skip with the reason,
except under CI (``CI=true``), where a missing browser is a failure: CI must
never pass by skipping what it was meant to check.
"""

from __future__ import annotations

import base64
import os
import shutil
from pathlib import Path

import pytest

from geomap.output.assets import NOT_ON_NPM, content_type, local_file
from geomap.places.gazetteer import Gazetteer
from geomap.places.locate import locate_strikes
from geomap.records.strikes import load_strikes

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"
SEEDS = REPO / "seeds"
ASSETS = REPO / ".cache" / "assets" / "node_modules"
ARTIFACTS = REPO / "tests" / "artifacts"

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


# A 1x1 light grey PNG that stands in for every map tile.
BLANK_TILE = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4//8/AAX+Av4N70a4AAAAAElFTkSuQmCC"
)


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    return Gazetteer.from_csv(DATA / "gazetteer.csv")


@pytest.fixture(scope="session")
def strikes():
    return load_strikes(DATA / "strikes.csv")


@pytest.fixture(scope="session")
def located(strikes, gazetteer):
    return locate_strikes(strikes, gazetteer, source="data/strikes.csv")


def _chromium_path() -> str | None:
    return os.environ.get("GEOMAP_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


def _missing(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI must run the browser tests; see .ci/run)")
    pytest.skip(reason)


def require_assets() -> None:
    """Skip (fail under CI) when the npm copies of the front-end files are missing."""
    if not (ASSETS / "leaflet" / "dist" / "leaflet.js").exists():
        _missing("offline Leaflet assets are missing (run scripts/fetch-test-assets)")


@pytest.fixture(scope="session")
def browser():
    executable = _chromium_path()
    if not executable:
        _missing("Debian's chromium is not installed (apt-get install chromium)")
    require_assets()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright is not installed (pip install -e '.[test]')")
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


class PageRun:
    """A page plus what happened while it loaded: console errors, page errors, requests."""

    def __init__(self, page):
        self.page = page
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        page.on("pageerror", lambda e: self.page_errors.append(str(e)))
        page.on("request", lambda r: self.requests.append(r.url))

        def on_dialog(dialog):
            self.dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", on_dialog)


def answer_offline(route) -> None:
    """Answer CDN links from the npm copies, tiles with a blank image; abort the rest."""
    url = route.request.url
    path = local_file(url, ASSETS)
    if path is not None:
        route.fulfill(status=200, body=path.read_bytes(), content_type=content_type(path))
        return
    if url in NOT_ON_NPM:
        route.fulfill(status=200, body="", content_type="text/css")
        return
    if "tile.openstreetmap.org" in url:
        route.fulfill(status=200, body=BLANK_TILE, content_type="image/png")
        return
    if url.startswith("file://") or url.startswith("data:"):
        route.continue_()
        return
    route.abort()


@pytest.fixture
def open_map(browser):
    """Open an HTML file in a fresh page; CDN links answered locally, nothing else reaches out.

    ``open_map(path, block_all=True)`` aborts every request but the file itself;
    ``fragment="#S010"`` opens it with that hash; ``tiles=False`` makes every tile fail, as offline
    (by default tiles get a blank image).
    """
    contexts = []

    def _open(path: Path, *, block_all: bool = False, width: int = 1200, height: int = 800,
              fragment: str = "", tiles: bool = True) -> PageRun:
        context = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        page = context.new_page()
        run = PageRun(page)
        if block_all:
            page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file://") else route.abort())
        elif not tiles:
            page.route("**/*", lambda route: route.abort() if "tile.openstreetmap.org" in route.request.url
                       else answer_offline(route))
        else:
            page.route("**/*", answer_offline)
        page.goto(path.resolve().as_uri() + fragment)
        page.wait_for_function("window.geomap !== undefined", timeout=15000)
        return run

    yield _open
    for context in contexts:
        context.close()


REVEAL_STEP = """([layers, key]) => {
  // As a person would: if the layer (a strike's marker, a stack) is on screen, report where;
  // otherwise report where the cluster bubble that holds it is, so the test clicks that.
  const m = geomap[layers][key];
  const shown = geomap.cluster.getVisibleParent(m);
  if (!shown || !shown._icon) { return null; }
  const r = shown._icon.getBoundingClientRect();
  return {isLayer: shown === m, x: r.x + r.width / 2, y: r.y + r.height / 2};
}"""


def click_through_clusters(page, layers: str, key: int) -> None:
    """Click cluster bubbles until ``geomap[layers][key]`` itself shows, then click it."""
    page.evaluate("void geomap.map.closePopup()")
    # A closed popup fades out before Leaflet removes it: wait, so only the next one is found.
    page.wait_for_function("document.querySelectorAll('.leaflet-popup').length === 0")
    for _ in range(25):
        # Centre the layer first: clusters outside the view are not drawn.
        page.evaluate("([layers, key]) => { geomap.map.panTo(geomap[layers][key].getLatLng(), {animate: false}); }",
                      [layers, key])
        page.wait_for_timeout(150)
        target = page.evaluate(REVEAL_STEP, [layers, key])
        assert target is not None, f"{layers} {key} is in no visible cluster"
        page.mouse.click(target["x"], target["y"])
        if target["isLayer"]:
            return
        page.wait_for_timeout(700)  # zoom or spiderfy animation
    raise AssertionError(f"{layers} {key} never came out of its cluster")


def click_marker(page, index: int) -> None:
    """Click cluster bubbles until strike ``index``'s own marker shows, then click it."""
    click_through_clusters(page, "markers", index)


#: The two screens the map is tested at: a laptop's and a phone's.
SIZES = {"laptop": (1280, 800), "phone": (390, 844)}


def open_at(open_map, path: Path, size: str, **kwargs) -> "PageRun":
    """Open ``path`` at one of :data:`SIZES`; on a phone, unfold the sheet that holds the panel and
    legend, as a person would before using them."""
    width, height = SIZES[size]
    run = open_map(path, width=width, height=height, **kwargs)
    handle = run.page.locator(".geomap-sheet-handle")
    if handle.is_visible() and handle.get_attribute("aria-expanded") == "false":
        handle.click()
    return run


def build_self_contained(folder: Path) -> Path:
    """The bundled map built with --self-contained through the CLI, its asset cache filled from the
    test copies: ``folder/archive.html``."""
    from click.testing import CliRunner

    from geomap.cli import main

    cache, out = folder / "cache", folder / "archive.html"
    runner = CliRunner()
    assert runner.invoke(main, ["assets", "--from", str(ASSETS), "--assets", str(cache)]).exit_code == 0
    result = runner.invoke(main, ["build", "--self-contained", "--assets", str(cache), "-o", str(out),
                                  "--strikes", str(DATA / "strikes.csv"), "--gazetteer", str(DATA / "gazetteer.csv")])
    assert result.exit_code == 0, result.output
    return out
