#!/usr/bin/env python3
"""Cut small line layers (rivers, optionally roads) for the Syria / Iraq / Lebanon
map out of Natural Earth 1:10m data.

Steps, for each layer:
  1. read the Natural Earth layer (GeoJSON, or a .7z holding one GeoJSON);
  2. keep features whose attributes pass the layer's filter;
  3. clip every geometry to the bounding box (lon 34..49, lat 28.5..38.5);
  4. group the clipped pieces by output properties and merge touching pieces
     (shapely linemerge) so one river is one feature;
  5. Douglas-Peucker simplify (tolerance in degrees, not topology-preserving);
  6. round coordinates to 3 decimals, drop repeated points and lines shorter
     than 2 distinct points;
  7. write compact GeoJSON (RFC 7946 order lon,lat; WGS84).

Source: Natural Earth 4.0.0 (public domain), ne_10m_rivers_lake_centerlines, as converted to
GeoJSON by github.com/martynafford/natural-earth-geojson (CC0), file
10m/physical/ne_10m_rivers_lake_centerlines.7z at commit 90266457d82d3717e47313e72a921e31a087d2c4.
Needs shapely and py7zr (pip install shapely py7zr); geomap itself does not.

Usage:
  python3 scripts/make_rivers.py --rivers ne_10m_rivers_lake_centerlines.7z --outdir geomap/data
  python3 scripts/make_rivers.py --rivers ... --roads ne_10m_roads.geojson   # also roads
"""
import argparse
import json
import os
import sys
from collections import OrderedDict

from shapely.geometry import box, mapping, shape, LineString, MultiLineString
from shapely.ops import linemerge, unary_union

HERE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "geomap", "data")
BBOX = (34.0, 28.5, 49.0, 38.5)  # min lon, min lat, max lon, max lat


# Rivers: Natural Earth scalerank runs 0 (most important) .. 12. Inside the box
# the layer only has ranks 3..9; all of them are major regional rivers, canals
# or lake centrelines, so the cut-off is 9. Unnamed features are dropped.
RIVER_MAX_SCALERANK = 9
RIVER_CLASSES = {"River", "Lake Centerline"}

# Roads (only used when a ne_10m_roads file is given).
ROAD_MAX_SCALERANK = 7
ROAD_TYPES = {"Major Highway", "Secondary Highway", "Beltway", "Bypass"}

TOLERANCE = 0.01  # degrees, Douglas-Peucker
DECIMALS = 3


def load_geojson(path):
    """Return the parsed FeatureCollection at path (.json/.geojson or .7z)."""
    if path.endswith(".7z"):
        import tempfile
        import py7zr  # only needed for the archive form
        with py7zr.SevenZipFile(path, "r") as archive, tempfile.TemporaryDirectory() as tmp:
            names = [n for n in archive.getnames() if n.endswith((".json", ".geojson"))]
            if len(names) != 1:
                raise SystemExit(f"{path}: expected one GeoJSON inside, found {names}")
            archive.extract(path=tmp, targets=names)
            with open(os.path.join(tmp, names[0]), encoding="utf-8") as fh:
                return json.load(fh)
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def line_parts(geom):
    """Yield the LineStrings in geom (drops points left over by clipping)."""
    if geom.is_empty:
        return
    if isinstance(geom, LineString):
        yield geom
    elif isinstance(geom, MultiLineString):
        yield from geom.geoms
    elif hasattr(geom, "geoms"):  # GeometryCollection from clipping
        for g in geom.geoms:
            yield from line_parts(g)


def rounded_coords(line):
    out = []
    for x, y in line.coords:
        pt = (round(x, DECIMALS), round(y, DECIMALS))
        if not out or out[-1] != pt:
            out.append(pt)
    return out if len(out) >= 2 else None


def process(features, keep, props_of, sort_key):
    """Filter, clip, merge, simplify, round. Returns a list of GeoJSON features."""
    clip = box(*BBOX)
    groups = OrderedDict()
    for feat in features:
        geom_json = feat.get("geometry")
        props = feat.get("properties") or {}
        if not geom_json or not keep(props):
            continue
        geom = shape(geom_json)
        if not geom.intersects(clip):
            continue
        pieces = list(line_parts(geom.intersection(clip)))
        if pieces:
            key = json.dumps(props_of(props), sort_keys=True)
            groups.setdefault(key, []).extend(pieces)

    out = []
    for key, pieces in groups.items():
        merged = unary_union(pieces)  # also removes overlapping duplicates
        if isinstance(merged, MultiLineString):
            merged = linemerge(merged)
        simple = merged.simplify(TOLERANCE, preserve_topology=False)
        lines = [c for c in (rounded_coords(p) for p in line_parts(simple)) if c]
        if not lines:
            continue
        if len(lines) == 1:
            geometry = {"type": "LineString", "coordinates": lines[0]}
        else:
            geometry = {"type": "MultiLineString", "coordinates": lines}
        out.append({"type": "Feature", "properties": json.loads(key), "geometry": geometry})
    out.sort(key=sort_key)
    return out


def write(path, feats):
    fc = {"type": "FeatureCollection", "features": feats}
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(fc, fh, ensure_ascii=False, separators=(",", ":"))
        fh.write("\n")
    return os.path.getsize(path)


def river_keep(p):
    rank = p.get("scalerank")
    return (p.get("featurecla") in RIVER_CLASSES and rank is not None
            and rank <= RIVER_MAX_SCALERANK and p.get("name"))


def road_keep(p):
    rank = p.get("scalerank")
    return (p.get("featurecla", "Road") == "Road" and p.get("type") in ROAD_TYPES
            and rank is not None and rank <= ROAD_MAX_SCALERANK)


def summary(label, feats, size):
    npts = sum(len(c) if f["geometry"]["type"] == "LineString" else sum(len(l) for l in c)
               for f in feats for c in [f["geometry"]["coordinates"]])
    print(f"{label}: {len(feats)} features, {npts} points, {size} bytes")
    for f in feats:
        print("   ", json.dumps(f["properties"], ensure_ascii=False), f["geometry"]["type"])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rivers", required=True, help="ne_10m_rivers_lake_centerlines (.json/.geojson/.7z)")
    ap.add_argument("--roads", help="ne_10m_roads (.json/.geojson/.7z); skipped when absent")
    ap.add_argument("--outdir", default=HERE)
    args = ap.parse_args()

    rivers = load_geojson(args.rivers)["features"]
    river_feats = process(rivers, river_keep, lambda p: {"name": p["name"]},
                          sort_key=lambda f: f["properties"]["name"])
    size = write(os.path.join(args.outdir, "rivers.geojson"), river_feats)
    summary("rivers.geojson", river_feats, size)

    if args.roads:
        roads = load_geojson(args.roads)["features"]
        order = ["Major Highway", "Beltway", "Bypass", "Secondary Highway"]
        road_feats = process(roads, road_keep, lambda p: {"type": p["type"]},
                             sort_key=lambda f: order.index(f["properties"]["type"]))
        size = write(os.path.join(args.outdir, "roads.geojson"), road_feats)
        summary("roads.geojson", road_feats, size)
    else:
        print("roads: no --roads source given; roads.geojson not written", file=sys.stderr)


if __name__ == "__main__":
    main()
