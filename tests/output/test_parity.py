"""Nothing a user sees moves when the data road changes (issue 12's parity check).

For the bundled strikes, a synthetic 10,000-strike file and a synthetic
10,000-event ACLED export: the GeoJSON export and every strike's popup and
tooltip, drawn by the page in Chromium, equal the snapshots that
``scripts/snapshot_parity.py`` recorded before the change.
"""

import json

import pytest

from support import parity

NAMES = ("bundled", "synthetic-10k", "acled-10k")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("parity")
    return {name: parity.outputs(path, folder) for name, path in parity.inputs(folder).items()}


@pytest.mark.parametrize("name", NAMES)
def test_the_geojson_export_is_unchanged(built, name):
    _, geojson = built[name]
    expected = parity.read_snapshot(name)["geojson"]
    assert json.loads(geojson.read_text(encoding="utf-8")) == expected


@pytest.mark.browser
@pytest.mark.parametrize("name", NAMES)
def test_every_popup_is_unchanged(built, open_map, name):
    page_file, _ = built[name]
    page = open_map(page_file).page
    popups = page.evaluate(parity.POPUPS)
    expected = parity.read_snapshot(name)["popups"]
    assert len(popups) == len(expected)
    changed = [i for i, (now, before) in enumerate(zip(popups, expected)) if now != before]
    assert changed == [], f"{len(changed)} popups changed, first {changed[0]}: {popups[changed[0]]!r} " \
                          f"was {expected[changed[0]]!r}" if changed else ""
