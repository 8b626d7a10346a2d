"""Regenerate geomap/data/outlines.geojson: the region's country outlines, drawn with no network.

Source: Natural Earth 1:50m admin-0 countries (public domain), as TopoJSON in
the npm package world-atlas@2.0.2 (ISC).  Pinned, so the output never changes:

    npm install --prefix /tmp/wa world-atlas@2.0.2
    python3 scripts/make_outlines.py /tmp/wa/node_modules/world-atlas/countries-50m.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

COUNTRIES = ("Syria", "Lebanon", "Iraq", "Iran", "Israel", "Palestine", "Jordan", "Turkey",
             "Cyprus", "Egypt", "Saudi Arabia")
OUT = Path(__file__).resolve().parent.parent / "geomap" / "data" / "outlines.geojson"


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """TopoJSON's quantised, delta-encoded arcs as lists of (lon, lat)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((round(x * sx + tx, 3), round(y * sy + ty, 3)))
        arcs.append(points)
    return arcs


def ring(indexes: list[int], arcs: list) -> list[list[float]]:
    """Join arcs into one ring; a negative index ~i means arc i reversed."""
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return [list(p) for p in points]


def main(path: str) -> None:
    topology = json.loads(Path(path).read_text(encoding="utf-8"))
    arcs = decode_arcs(topology)
    features = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        name = geometry["properties"]["name"]
        if name not in COUNTRIES:
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        coordinates = [[ring(r, arcs) for r in polygon] for polygon in polygons]
        features.append({"type": "Feature", "properties": {"name": name},
                         "geometry": {"type": "MultiPolygon", "coordinates": coordinates}})
    features.sort(key=lambda f: f["properties"]["name"])
    collection = {"type": "FeatureCollection",
                  "source": "Natural Earth 1:50m admin-0 (public domain), via npm world-atlas@2.0.2",
                  "features": features}
    OUT.write_text(json.dumps(collection, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(features)} countries, {OUT.stat().st_size:,} bytes")


if __name__ == "__main__":
    main(sys.argv[1])
