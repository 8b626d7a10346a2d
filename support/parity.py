"""What a change to the data road must not change: each input's GeoJSON export and every popup.

``scripts/snapshot_parity.py`` records them into ``tests/data/parity/`` before
a change; ``tests/output/test_parity.py`` checks them after it.  The inputs
are the bundled strikes, a synthetic 10,000-strike geomap file and a
synthetic 10,000-event ACLED export, all seeded, so both sides read the same
bytes.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SNAPSHOTS = REPO / "tests" / "data" / "parity"
# The curated gazetteer as it was when the snapshots were recorded: the synthetic file draws its
# places from it, so a place added to data/gazetteer.csv must not reshuffle the whole file.
GAZETTEER = SNAPSHOTS / "gazetteer.csv"
SIZE = 10_000


def inputs(folder: Path) -> dict[str, Path]:
    """The parity inputs, written into ``folder`` (the bundled file is used where it lies)."""
    from geomap.places.gazetteer import Gazetteer
    from support.synthetic import write_acled, write_strikes

    return {
        "bundled": REPO / "data" / "strikes.csv",
        "synthetic-10k": write_strikes(folder / "synthetic-10k.csv", SIZE, Gazetteer.from_csv(GAZETTEER), seed=12),
        "acled-10k": write_acled(folder / "acled-10k.csv", SIZE, seed=12),
    }


def outputs(strikes: Path, folder: Path) -> tuple[Path, Path]:
    """The map and the GeoJSON export of ``strikes``, built by the library as the CLI builds them."""
    from geomap.api import build_map_file, export_file
    from geomap.places.regional import RegionalGazetteer

    page, geojson = folder / f"{strikes.stem}.html", folder / f"{strikes.stem}.geojson"
    fallbacks = (RegionalGazetteer(),)
    build_map_file(page, strikes_path=strikes, gazetteer_path=GAZETTEER, fallbacks=fallbacks)
    export_file(geojson, fmt="geojson", strikes_path=strikes, gazetteer_path=GAZETTEER, fallbacks=fallbacks)
    return page, geojson


# Every popup as HTML, without the "cite this strike" line that issue 14 added after the snapshots:
# it is new page furniture, not data, and it holds the page's own address.
POPUPS = """Array.from({length: geomap.count}, (_, i) => {
  const box = document.createElement("div");
  box.innerHTML = geomap.popupHTML(i);
  box.querySelectorAll(".geomap-cite").forEach((node) => node.remove());
  return box.innerHTML;
})"""


def snapshot_path(name: str) -> Path:
    return SNAPSHOTS / f"{name}.json.gz"


def read_snapshot(name: str) -> dict:
    with gzip.open(snapshot_path(name), "rt", encoding="utf-8") as handle:
        return json.load(handle)


def write_snapshot(name: str, geojson: str, popups: list[str]) -> None:
    SNAPSHOTS.mkdir(parents=True, exist_ok=True)
    text = json.dumps({"geojson": json.loads(geojson), "popups": popups}, ensure_ascii=False, sort_keys=True)
    # mtime=0: the same snapshot gives the same bytes.
    with open(snapshot_path(name), "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as handle:
        handle.write(text.encode("utf-8"))
