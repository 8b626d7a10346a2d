#!/usr/bin/env python3
"""How quickly the map answers a person's filtering, at 100,000 strikes (and other sizes).

Writes a realistic synthetic ACLED export (support/synthetic.py: about 2,000 real Syrian
locations, 14 actors, a notes sentence of its own per event), builds it with the real
``geomap build``, opens it in headless Chromium at 1280x800 and, with the real mouse and
keyboard, does what an analyst does:

- brushes the timeline over a new range (pointer down, a drag, pointer up), ten ranges;
- clicks an actor in the legend off and on again;
- unticks and ticks an attribution;
- types a place in the search box;
- types a day into the "From" box.

For each it prints the milliseconds from the browser's input event (its own timestamp, so time
the event waited in the queue counts) to the count "N strikes shown of M" changing, and to the
next painted frame after that: median and worst of the repeats.  The target (issue 14) is under
300 ms from a brush to the counts.  No peer is run: the pages a user would make instead
(folium's MarkerCluster, FastMarkerCluster, pydeck) have no filters to time.

    python3 benchmarks/bench_timeline.py                   # 100,000 events
    python3 benchmarks/bench_timeline.py --sizes 10000 100000 1000000
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))  # conftest.answer_offline: CDN files from the local cache

from support.synthetic import write_acled_export  # noqa: E402

CHROMIUM = os.environ.get("GEOMAP_CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]

# Installed once per page: an input event's timestamp, then the moment the count's text changes,
# then the next frame after it.
WATCH = """() => {
  window.benchResults = [];
  let pending = null;
  const note = (e) => { pending = e.timeStamp; };
  for (const type of ['pointerup', 'click', 'input', 'change']) { document.addEventListener(type, note, true); }
  const observer = new MutationObserver(() => {
    if (pending === null) { return; }
    const started = pending, counted = performance.now();
    pending = null;
    requestAnimationFrame(() => setTimeout(() => {
      window.benchResults.push({counts: counted - started, painted: performance.now() - started});
    }, 0));
  });
  observer.observe(document.querySelector('.geomap-summary-body'), {childList: true, subtree: true, characterData: true});
}"""


def timed(page, action, repeats: int) -> list[dict]:
    """Run ``action`` ``repeats`` times; the timings it caused."""
    page.evaluate("window.benchResults = []")
    for k in range(repeats):
        action(k)
        page.wait_for_function(f"window.benchResults.length >= {k + 1}", timeout=60_000)
    return page.evaluate("window.benchResults")


def measure(browser, html: Path, repeats: int) -> list[tuple[str, list[dict]]]:
    from conftest import answer_offline

    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.route("**/*", answer_offline)
    page.goto(html.as_uri(), timeout=600_000)
    page.wait_for_function("window.geomap !== undefined", timeout=600_000)
    page.wait_for_timeout(500)
    page.evaluate(WATCH)
    chart = page.locator(".geomap-timeline-chart").bounding_box()
    y = chart["y"] + chart["height"] / 3

    def brush(k: int) -> None:
        start = 0.05 + 0.07 * (k % 10)
        page.mouse.move(chart["x"] + chart["width"] * start, y)
        page.mouse.down()
        page.mouse.move(chart["x"] + chart["width"] * (start + 0.1), y, steps=3)
        page.mouse.move(chart["x"] + chart["width"] * (start + 0.2 + 0.01 * k), y, steps=3)
        page.mouse.up()
        page.wait_for_timeout(50)

    results = []
    # Brushing: only the measurement of the final pointer-up is kept (the drag's live updates are
    # drawn once a frame while the pointer moves).
    brushes = []
    for k in range(repeats):
        page.evaluate("window.benchResults = []")
        brush(k)
        page.wait_for_function("window.benchResults.length >= 1", timeout=60_000)
        page.wait_for_timeout(100)
        brushes.append(page.evaluate("window.benchResults")[-1])
    results.append(("brush the timeline", brushes))
    page.click(".geomap-timeline-all")
    page.wait_for_timeout(200)

    legend = page.locator(".geomap-legend-toggle").first
    results.append(("actor in the legend, off and on", timed(page, lambda k: legend.click(), repeats)))
    box = page.locator(".geomap-toggles-attributions input").first
    results.append(("attribution box, off and on", timed(page, lambda k: box.click(), repeats)))
    search = page.locator(".geomap-search")

    results.append(("search a place", _search_runs(page, search, repeats)))
    date_box = page.locator(".geomap-date-from")

    def type_day(k: int) -> None:
        date_box.fill(f"{1 + k} Jan 2020")
        date_box.dispatch_event("change")

    results.append(("type a day in From", timed(page, type_day, repeats)))
    page.close()
    return results


def _search_runs(page, search, repeats: int) -> list[dict]:
    runs = []
    for k in range(repeats):
        search.fill("")
        page.wait_for_timeout(150)
        page.evaluate("window.benchResults = []")
        search.fill(["deir ez-zor", "idlib", "aleppo", "homs", "daraa"][k % 5])
        page.wait_for_function("window.benchResults.length >= 1", timeout=60_000)
        runs.append(page.evaluate("window.benchResults")[0])
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    parser.add_argument("--repeats", type=int, default=10)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    rows = []
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as play:
        browser = play.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        for size in args.sizes:
            export = Path(folder) / f"acled-{size}.csv"
            write_acled_export(export, size)
            html = Path(folder) / f"map-{size}.html"
            subprocess.run([sys.executable, "-m", "geomap", "build", "--quiet", "--strikes", str(export), "-o", str(html)],
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            for action, runs in measure(browser, html, args.repeats):
                counts = [run["counts"] for run in runs]
                painted = [run["painted"] for run in runs]
                rows.append((size, action, statistics.median(counts), max(counts),
                             statistics.median(painted), max(painted), len(runs)))
        browser.close()
    print("| events | action | to counts, median ms | worst ms | to next frame, median ms | worst ms | runs |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    for size, action, median_counts, worst_counts, median_paint, worst_paint, n in rows:
        print(f"| {size:,} | {action} | {median_counts:.0f} | {worst_counts:.0f} | {median_paint:.0f} | "
              f"{worst_paint:.0f} | {n} |")


if __name__ == "__main__":
    main()
