#!/usr/bin/env python3
"""Record what a data-road change must keep: each parity input's GeoJSON and every popup (see support/parity.py).

Run it before the change, commit the snapshots, make the change; then
``tests/output/test_parity.py`` says whether anything a user sees moved.

    python3 scripts/snapshot_parity.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from support import parity  # noqa: E402


def main() -> None:
    from playwright.sync_api import sync_playwright

    from conftest import CHROMIUM_FLAGS, answer_offline, _chromium_path

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=_chromium_path(), args=CHROMIUM_FLAGS)
        for name, strikes in parity.inputs(Path(tmp)).items():
            page_file, geojson = parity.outputs(strikes, Path(tmp))
            page = browser.new_page()
            page.route("**/*", answer_offline)
            page.goto(page_file.as_uri())
            page.wait_for_function("window.geomap !== undefined", timeout=60_000)
            popups = page.evaluate(parity.POPUPS)
            page.close()
            parity.write_snapshot(name, geojson.read_text(encoding="utf-8"), popups)
            print(f"{parity.snapshot_path(name).relative_to(REPO)}: {len(popups):,} popups")
        browser.close()


if __name__ == "__main__":
    main()
