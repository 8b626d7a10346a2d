#!/usr/bin/env python3
"""Does a map of two million events draw correctly?  Builds one and looks at it in headless Chromium.

Writes a realistic synthetic ACLED export of 2,000,000 events (about 920 MB;
support/synthetic.py), builds the map with ``geomap build`` as a process of
its own, opens it in Chromium (CDN files answered from the npm copies in
.cache/assets) and prints: build seconds and peak memory, HTML size, the
seconds until the first markers are on screen and until the popup texts are
unpacked, the panel's count, the JavaScript heap, and whether the popups of
the first, a middle and the last event show their own id and note.

    python3 benchmarks/check_two_million.py [--events 2000000]
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from bench_build import CHROMIUM, DRAWN, run_process  # noqa: E402
from support.synthetic import write_acled_export  # noqa: E402

SHOWS_TEXT = "(id) => [...document.querySelectorAll('.leaflet-popup-content')].some(e => e.innerText.includes(id))"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=2_000_000)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    from conftest import CHROMIUM_FLAGS, answer_offline

    with tempfile.TemporaryDirectory() as folder:
        export = write_acled_export(Path(folder) / "acled.csv", args.events)
        html = Path(folder) / "map.html"
        seconds, peak = run_process([sys.executable, "-m", "geomap", "build", "--quiet", "--strikes", str(export),
                                     "-o", str(html)])
        print(f"input {export.stat().st_size / 1e6:,.0f} MB; build {seconds:.1f} s, peak {peak:,.0f} MB, "
              f"HTML {html.stat().st_size / 1e6:,.0f} MB")
        chosen = {0, args.events // 2, args.events - 1}
        expected = {}
        with open(export, newline="", encoding="utf-8") as handle:
            for row, record in enumerate(csv.DictReader(handle)):
                if row in chosen:
                    expected[row] = (record["event_id_cnty"], record["notes"])
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.route("**/*", answer_offline)
            start = time.perf_counter()
            page.goto(html.as_uri(), wait_until="commit", timeout=600_000)
            page.wait_for_selector(DRAWN, timeout=600_000)
            drawn = time.perf_counter() - start
            page.wait_for_function("window.geomap !== undefined", timeout=600_000)
            print(f"first draw {drawn:.1f} s, texts unpacked {time.perf_counter() - start:.1f} s; "
                  f"panel: {page.inner_text('.geomap-count')!r}")
            heap = page.context.new_cdp_session(page).send("Runtime.getHeapUsage")["usedSize"] / 1e6
            print(f"JavaScript heap {heap:,.0f} MB")
            for row, (ident, notes) in sorted(expected.items()):
                page.evaluate("(i) => { geomap.openPopupAt(i); return true; }", row)
                page.wait_for_function(SHOWS_TEXT, arg=ident, timeout=60_000)
                text = " ".join(page.locator(".leaflet-popup-content").all_inner_texts())
                print(f"row {row + 2:,} ({ident}): popup shows its id {ident in text}, its note {notes in text}")
                page.keyboard.press("Escape")
                page.mouse.click(5, 400)
            browser.close()


if __name__ == "__main__":
    main()
