"""Render located strikes as one HTML map page with folium.

The strikes reach the page once, as one JSON blob; the markers, popups,
filters and summary are made in the browser from it (``templates/strike_layer.js``).
That keeps the page small and fast for many strikes, and it keeps report text
out of any JavaScript or HTML that Python writes: the blob is JSON with ``<``,
``>`` and ``&`` escaped, and the browser shows every field with ``textContent``.

folium is imported (by :mod:`geomap.output.layer`) only when a map is built, because
importing it takes about half a second.
"""

from __future__ import annotations

from array import array
import functools
import html
import json
import math
from collections import Counter
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from .blob import page_blobs
from .geojson import describe_place, operation_totals
from ..places.locate import LocatedStrike, StrikeColumns, as_table
from ..places.distance import great_circle_km
from ..places.gazetteer import Place
from ..places.names import folding_rules, name_key
from ..records.coded import ArrowText, Coded, each, pairs
from ..records.schema import PAGE_COLUMNS
from ..records.values import ATTRIBUTIONS, PRECISION_MIN_RADIUS_KM, date_label, precise_range

# Okabe-Ito colours: told apart by colour-blind readers too.
ACTOR_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#8C564B")
OTHER_COLOUR = "#444444"
UNKNOWN_COLOUR = "#9E9E9E"
UNKNOWN_ACTOR = "Unknown"


# Stands in the rendered page where the data blob goes; no user text is in the
# page before the data replaces it, so it cannot occur by accident.
DATA_PLACEHOLDER = "@@GEOMAP-DATA-7f3c9a@@"
MIN_ZOOM, MAX_ZOOM = 3, 18  # the zoom levels the map offers (see build_map)

# A page opened with no network cannot fetch Leaflet from its CDN, and would stay a blank page
# ("L is not defined" in a console nobody opens). This says so on the page, and what to do.
OFFLINE_NOTE = """<script>
window.addEventListener("DOMContentLoaded", function () {
  if (typeof L !== "undefined" && L.markerClusterGroup) { return; }
  var note = document.createElement("div");
  note.className = "geomap-offline-note";
  note.setAttribute("role", "alert");
  note.style.cssText = "position:fixed;top:0;left:0;right:0;z-index:10000;padding:16px 20px;" +
    "background:#fff3cd;color:#222;font:15px/1.45 sans-serif;border-bottom:2px solid #c9a227";
  note.textContent = "This map could not load its scripts (Leaflet and Leaflet.markercluster), " +
    "which it fetches from cdn.jsdelivr.net: this computer is offline or the site is blocked. " +
    "Open it again when online, or build a map that needs no network: once, with the internet, " +
    "run  geomap assets --fetch  and then  geomap build --self-contained -o map.html";
  document.body.insertBefore(note, document.body.firstChild);
});
</script>"""

#: Columns of the strike table the page receives, in order: ``spot`` and
#: ``when`` index the ``spots`` and ``dates`` tables (a place or a date that
#: many strikes share is sent once, which halves the page for large files),
#: ``actor_index`` the legend; then every schema column marked ``on_page``.
MAP_COLUMNS = ("spot", "when", "actor_index", *PAGE_COLUMNS)
#: Columns of the ``spots`` table: where a place is and how it reads.
SPOT_COLUMNS = ("lat", "lon", "radius_km", "place", "place_detail", "search_names", "search_keys")
#: Columns of the ``dates`` table: a date of one precision, as shown and as a range.
DATE_COLUMNS = ("date_label", "date_precision", "first_day", "last_day", "year")
#: A column is dictionary-encoded when it has at most one distinct value per this many strikes.
DICTIONARY_SHARE = 4
#: A column whose first SAMPLE values are mostly distinct is sent as it is, without counting the rest.
SAMPLE = 4096


def _actor_table(counts: Counter[str]) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """Legend entries (name, colour, count) and each actor's index into them.

    The most frequent named actors get their own colour; the rest share one
    'other actors' entry, and strikes with no named actor are grey.
    """
    named = sorted((a for a in counts if a != UNKNOWN_ACTOR), key=lambda a: (-counts[a], a))
    entries: list[dict[str, Any]] = []
    index: dict[str, int] = {}
    for actor in named[: len(ACTOR_COLOURS)]:
        index[actor] = len(entries)
        entries.append({"name": actor, "color": ACTOR_COLOURS[len(entries)], "count": counts[actor]})
    rest = named[len(ACTOR_COLOURS):]
    if rest:
        for actor in rest:
            index[actor] = len(entries)
        entries.append({"name": "Other actors", "color": OTHER_COLOUR, "count": sum(counts[a] for a in rest)})
    if UNKNOWN_ACTOR in counts:
        index[UNKNOWN_ACTOR] = len(entries)
        entries.append({"name": UNKNOWN_ACTOR, "color": UNKNOWN_COLOUR, "count": counts[UNKNOWN_ACTOR]})
    return entries, index


def _numbered(keys: list[Any]) -> tuple[list[Any], list[int]]:
    """The distinct keys in order of first appearance, and each key's number among them."""
    distinct = list(dict.fromkeys(keys))
    number = {key: n for n, key in enumerate(distinct)}
    return distinct, [number[key] for key in keys]


def _numbered_pairs(a: Sequence[Any], b: Sequence[Any]) -> tuple[list[tuple[Any, Any]], Sequence[int]]:
    """:func:`_numbered` of the pairs ``(a[i], b[i])``; for two coded columns, done on their numbers."""
    both = pairs(a, b)
    return (both.values, both.codes) if isinstance(both, Coded) else _numbered(both)


def _counted(column: Sequence[Any]) -> Counter:
    if isinstance(column, Coded):
        counts: Counter = Counter()
        for code, n in Counter(column.codes).items():
            counts[column.values[code]] += n
        return counts
    return Counter(column)


def map_data(strikes: list[LocatedStrike] | StrikeColumns, *, title: str,
             gazetteer: Iterable[Place] = (), documents: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Everything the page needs, as one JSON-ready dict of compact tables.

    Built column by column: work that depends only on a date or a place is
    done, and sent, once per distinct date or place, not once per strike, and
    no per-strike object is needed (see :mod:`geomap.records.table` and
    :mod:`geomap.records.coded`).
    """
    columns = as_table(strikes)
    f = columns.fields
    actor = each(f["actor"], lambda name: name or UNKNOWN_ACTOR)
    actors, actor_index = _actor_table(_counted(actor))

    date_keys, when = _numbered_pairs(f["date"], f["date_precision"])
    date_rows: list[list[Any]] = []
    for date, precision in date_keys:
        first, last = precise_range(date, precision)
        label = date_label(date)
        date_rows.append([f"week of {label}" if precision == "week" else label, precision,
                          first.isoformat(), last.isoformat(), first.year])

    if isinstance(columns.places, Coded):
        spot_keys, spot = _numbered_pairs(columns.places, f["location_precision"])
    else:
        place_of = {place.id: place for place in columns.places}
        id_keys, spot = _numbered([(place.id, precision) for place, precision
                                   in zip(columns.places, f["location_precision"])])
        spot_keys = [(place_of[place_id], precision) for place_id, precision in id_keys]
    spot_rows: list[list[Any]] = []
    for place, precision in spot_keys:
        radius = max(place.radius_km, PRECISION_MIN_RADIUS_KM[precision])
        # Each spelling's folded key too: the page folds a search the same way (see geomapFolder).
        spot_rows.append([round(place.latitude, 6), round(place.longitude, 6), radius,
                          place.name, describe_place(place, radius), " ".join(place.aliases),
                          " ".join(_folded_spellings(place))])

    # What the page shows in place of an empty cell: the place as resolved, an unknown actor.
    shown = {"place_reported": each(pairs(f["place_reported"], f["place"]), lambda pair: pair[0] or pair[1]),
             "actor": actor}
    table = encode_table(len(actor), [spot, when, each(actor, actor_index.__getitem__)]
                         + [shown.get(name, f[name]) for name in PAGE_COLUMNS])
    present = set(f["attribution"])
    # Each seed document the strikes cite, as a reader would cite it ("The National, 7 Nov 2024")
    # with its address: from data/documents.csv, for the documents it lists.
    cited = {name: [documents[name].citation, documents[name].url]
             for name in sorted(set(f["source_document"])) if documents and name in documents}
    return {
        "title": title,
        "columns": list(MAP_COLUMNS),
        "table": table,
        "spot_columns": list(SPOT_COLUMNS),
        "spots": spot_rows,
        "date_columns": list(DATE_COLUMNS),
        "dates": date_rows,
        "operations": operation_totals(columns),
        "actors": actors,
        "attributions": [a for a in ATTRIBUTIONS if a in present],
        "years": sorted({d[4] for d in date_rows}),
        "outlines": country_outlines(),
        "folding": folding_rules(),
        # The folded spellings of each curated place, so a search in any of them finds its strikes
        # and the places named after it ("Albu Kamal" finds the Al-Bukamal desert's).
        "spellings": _spelling_groups(gazetteer),
        "bounds": bounds_of(spot_rows),
        "labels": place_labels(gazetteer),
        "rivers": river_lines(),
        "documents": cited,
        "first_day": min((d[2] for d in date_rows), default=""),
        "last_day": max((d[3] for d in date_rows), default=""),
    }


#: Labels for a map with no tiles: (tier, population at least) for the region's towns; a tier is shown
#: from a zoom level on (1 always, 2 from zoom 7, 3 from zoom 9; see strike_layer.js).
LABEL_TIERS = ((1, 250_000), (2, 60_000), (3, 15_000))
ABROAD_LABEL_POPULATION = 500_000  # a neighbour's city is named only when it is this big (tier 1)
LABEL_KINDS = {"city": 2, "town": 3, "village": 3}  # curated places of these kinds get a label of this tier


LABEL_SPACING_KM = {1: 15, 2: 6, 3: 4}  # no label this close to a bigger one: a city's quarters are not cities


@functools.lru_cache(maxsize=1)
def _regional_towns() -> tuple[tuple[float, float, str, int, bool, frozenset[str]], ...]:
    from ..errors import GeomapError
    from ..places.regional import RegionalGazetteer

    regional = RegionalGazetteer()
    try:
        towns = regional.main_towns(home_population=LABEL_TIERS[-1][1], abroad_population=ABROAD_LABEL_POPULATION)
    except GeomapError:  # no regional table (a stale or removed one): the map keeps its outlines only
        return ()
    return tuple((place.latitude, place.longitude, _latin_name(place), population, place.country in regional.region,
                  frozenset(_folded_spellings(place))) for place, population in towns)


def _latin_name(place: Place) -> str:
    """The place's name in Latin letters where the table's own name is in another script."""
    if any("a" <= ch.lower() <= "z" for ch in place.name):
        return place.name
    return next((alias for alias in place.aliases if alias.isascii() and alias.strip()), place.name)


def place_labels(gazetteer: Iterable[Place] = ()) -> list[list[Any]]:
    """Names to draw when the map has no tiles: the region's main towns (from the bundled regional
    table) and the curated towns, as ``[lat, lon, name, tier]``, by tier and then biggest first.

    A regional town is left out where a curated one of its name lies within 15 km, or any within
    2 km (the curated spelling is the one the strikes use), and where a bigger town's label is
    closer than ``LABEL_SPACING_KM``. A quarter named after its city ("Al Mawşil al Jadīdah", New
    Mosul, which GeoNames counts as bigger) gives way to the city it is named after.
    """
    curated: list[list[Any]] = []
    for place in gazetteer:
        tier = LABEL_KINDS.get(place.kind)
        if tier is not None:
            curated.append([round(place.latitude, 4), round(place.longitude, 4), place.name, tier, 0])
    regional: list[list[Any]] = []
    kept_keys: list[str] = []
    for latitude, longitude, name, population, at_home, keys in _regional_towns():
        tier = 1 if not at_home else next(t for t, least in LABEL_TIERS if population >= least)
        key = name_key(name)
        same = [label for label in curated
                if (distance := great_circle_km(latitude, longitude, label[0], label[1])) < 2
                or distance < 15 and name_key(label[2]) == key]
        for label in same:
            label[3], label[4] = min(label[3], tier), max(label[4], population)
        if same:
            continue
        near = [k for k, label in enumerate(regional)
                if great_circle_km(latitude, longitude, label[0], label[1]) < LABEL_SPACING_KM[label[3]]]
        named_after = [k for k in near if any(len(spelling) >= 4 and kept_keys[k].startswith(spelling)
                                              and kept_keys[k] != spelling for spelling in keys)]
        if named_after:
            k = named_after[0]
            regional[k][:3] = [round(latitude, 4), round(longitude, 4), name]  # keeps the bigger's tier and people
            kept_keys[k] = key
            continue
        if near:
            continue
        regional.append([round(latitude, 4), round(longitude, 4), name, tier, population])
        kept_keys.append(key)
    # Biggest first within a tier: the page places names in this order, and a name that would
    # cover one already placed steps aside, so Baghdad must come before Abu Ghraib.
    ordered = sorted(curated + regional, key=lambda label: (label[3], -label[4], label[2], label[0], label[1]))
    return [label[:4] for label in ordered]


def _folded_spellings(place: Place) -> list[str]:
    """The distinct lookup keys of ``place``'s spellings, sorted."""
    return sorted({name_key(spelling) for spelling in place.spellings} - {""})


def _spelling_groups(gazetteer: Iterable[Place]) -> list[list[str]]:
    """The folded spellings of each place that has more than one."""
    return sorted(keys for keys in map(_folded_spellings, gazetteer) if len(keys) > 1)


def encode_table(length: int, columns: list[Sequence[Any]]) -> dict[str, Any]:
    """Strike columns as the page carries them: each value a strike shares is sent once.

    A column whose strikes all hold one value is sent as that value
    (``{"const": v}``); one with few distinct values as those values and each
    strike's number among them (``{"dict": [...], "codes": [...]}``: actors,
    attributions, targets, sources, documents); the rest as they are
    (``{"values": [...]}``: ids, summaries, notes).  At a million ACLED events
    this is what keeps the page's data small enough for a browser to hold.
    """
    encoded: list[dict[str, Any]] = []
    for values in columns:
        if isinstance(values, Coded):  # its distinct values are known: no pass over every row
            distinct = values.values
            if len(distinct) == 1 and len(values):
                encoded.append({"const": distinct[0]})
                continue
            if 1 < len(distinct) <= length // DICTIONARY_SHARE and not isinstance(distinct[0], int):
                encoded.append({"dict": distinct, "codes": values.codes})
                continue
            values = list(values)
        if isinstance(values, array):  # row numbers into the spots or dates table: sent as they are
            encoded.append({"const": values[0]} if len(values) and values.count(values[0]) == len(values)
                           else {"values": values})
            continue
        sample = values[:SAMPLE]
        if len(sample) == SAMPLE and len(set(sample)) > SAMPLE // 2:  # ids, notes: nothing repeats
            encoded.append({"values": values if isinstance(values, ArrowText) else list(values)})
            continue
        distinct = list(dict.fromkeys(values))
        if len(distinct) <= 1:
            encoded.append({"const": distinct[0] if distinct else None})
        elif len(distinct) <= length // DICTIONARY_SHARE and not isinstance(distinct[0], int):
            number = {value: n for n, value in enumerate(distinct)}
            encoded.append({"dict": distinct, "codes": [number[value] for value in values]})
        else:
            encoded.append({"values": values if isinstance(values, ArrowText) else list(values)})
    return {"length": length, "columns": encoded}


def decode_table(table: dict[str, Any]) -> list[list[Any]]:
    """The rows of an :func:`encode_table` table, as the page decodes them."""
    columns = []
    for column in table["columns"]:
        if "const" in column:
            columns.append([column["const"]] * table["length"])
        elif "dict" in column:
            columns.append([column["dict"][code] for code in column["codes"]])
        else:
            columns.append(column["values"])
    return [list(row) for row in zip(*columns)] if columns else []


def expand_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The page's tables joined back into one dict per strike (as the browser reads them)."""
    out = []
    for row in decode_table(data["table"]):
        record = dict(zip(data["columns"], row))
        record.update(zip(data["spot_columns"], data["spots"][record["spot"]]))
        record.update(zip(data["date_columns"], data["dates"][record["when"]]))
        out.append(record)
    return out


def bounds_of(spots: list[list[Any]]) -> list[list[float]]:
    """South-west and north-east corners that hold every spot (lat, lon, radius_km, ...) and its area.

    Takes :func:`map_data`'s ``spots`` table, so each place is measured once.
    """
    if not spots:
        # Syria and its borders, for an empty map.
        return [[32.0, 35.0], [37.5, 42.5]]
    south = west = math.inf
    north = east = -math.inf
    for latitude, longitude, radius_km, *_ in spots:
        dlat = radius_km / 111.0
        dlon = radius_km / (111.0 * max(math.cos(math.radians(latitude)), 0.01))
        south, north = min(south, latitude - dlat), max(north, latitude + dlat)
        west, east = min(west, longitude - dlon), max(east, longitude + dlon)
    pad = 0.05
    return [[round(south - pad, 4), round(west - pad, 4)], [round(north + pad, 4), round(east + pad, 4)]]


def _stabilise_ids(root: Any) -> None:
    """Replace branca's random element ids by a counter, in tree order.

    branca draws every element's id from ``os.urandom``; ids derived from the
    element's place in the tree make the same inputs give byte-identical HTML.
    Children are re-keyed under their new names so nothing refers to an old id.
    """
    counter = 0
    stack = [root]
    while stack:
        element = stack.pop()
        old_names = {id(child): child.get_name() for child in element._children.values()}
        for child in element._children.values():
            counter += 1
            child._id = f"{counter:04d}"
        element._children = type(element._children)(
            ((child.get_name() if key == old_names[id(child)] else key), child)
            for key, child in element._children.items()
        )
        stack.extend(reversed(list(element._children.values())))
    root._id = "0000"


@functools.lru_cache(maxsize=1)
def country_outlines() -> dict[str, Any]:
    """The region's country outlines (Natural Earth 1:50m), drawn even with no tiles."""
    return json.loads(resources.files("geomap").joinpath("data").joinpath("outlines.geojson").read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=1)
def river_lines() -> dict[str, Any]:
    """The region's main rivers (Natural Earth 1:10m, 16 KB), drawn with the place names when there are
    no tiles; ``scripts/make_rivers.py`` makes the file."""
    return json.loads(resources.files("geomap").joinpath("data").joinpath("rivers.geojson").read_text(encoding="utf-8"))


def _template_text(name: str) -> str:
    return resources.files("geomap.output").joinpath("templates").joinpath(name).read_text(encoding="utf-8")


def build_map(
    located: list[LocatedStrike] | StrikeColumns,
    *,
    title: str = "Reported strikes",
    assets: Path | None = None,
    gazetteer: Iterable[Place] = (),
    documents: Mapping[str, Any] | None = None,
) -> str:
    """Render ``located`` as a complete HTML page and return it.

    With ``assets`` (an asset cache, see :mod:`geomap.output.assets`) every script
    and stylesheet is inlined, so the page opens with no network at all.
    The same strikes and title always give the same bytes.

    >>> html_text = build_map(located_strikes)   # doctest: +SKIP
    """
    from .layer import StrikeLayer, StrikeMap  # folium is imported only when a map is built

    data = map_data(located, title=title, gazetteer=gazetteer, documents=documents)
    actor_css = "\n".join(
        f".geomap-actor-{i} {{ background-color: {a['color']}; }}" for i, a in enumerate(data["actors"])
    )
    page_css = _template_text("strike_layer.css") + "\n" + actor_css

    bounds = bounds_of(data["spots"])
    centre = [(bounds[0][0] + bounds[1][0]) / 2, (bounds[0][1] + bounds[1][1]) / 2]
    # Zoom 3 (a continent) to 18 (a street): the clusterer builds a grid per zoom level and walks
    # every marker through them, so the world views and the 19th level OpenStreetMap offers cost a
    # sixth of a 10,000-event first draw and show nothing a strike map needs.
    fmap = StrikeMap(location=centre, zoom_start=6, tiles="OpenStreetMap", control_scale=True,
                     min_zoom=MIN_ZOOM, max_zoom=MAX_ZOOM)
    fmap.get_root().title = html.escape(title)
    StrikeLayer(css=page_css, js=_template_text("strike_layer.js"), placeholder=DATA_PLACEHOLDER).add_to(fmap)
    # The page fits the strikes itself, to the room its panel, legend and timeline leave (data["bounds"]).
    root = fmap.get_root()
    _stabilise_ids(root)
    page = root.render()
    # The page's language, for screen readers and hyphenation (folium leaves it unset).
    if page.startswith("<!DOCTYPE html>\n<html>"):
        page = page.replace("<html>", '<html lang="en">', 1)
    # First in the head, before the scripts it watches: a page whose scripts cannot load says why.
    page = page.replace("<head>", "<head>\n" + OFFLINE_NOTE, 1)
    if assets is not None:
        from .assets import inline_assets

        page = inline_assets(page, assets)
    # The data goes in only now, after Jinja is done: branca compiles every
    # macro's output as a new template, so data placed there would be parsed
    # as Jinja ("{{ 7*7 }}" in a report would print 49) and cost seconds.
    before, found, after = page.partition(DATA_PLACEHOLDER)
    if not found or DATA_PLACEHOLDER in after or not after.rstrip().endswith("</html>"):
        raise RuntimeError("the map template must hold the data placeholder exactly once, and end the page")
    blob, texts = page_blobs(data)
    if texts:
        # A large page's popup texts go last, after the script that draws the map: the browser
        # runs that script before it has read them (they are most of the file), and the page
        # unpacks them once it has.
        end = after.rindex("</html>")
        after = (after[:end] + f'<script type="application/octet-stream" id="geomap-texts">{texts}</script>\n'
                 + after[end:])
    return before + blob + after


__all__ = ["build_map", "map_data", "expand_rows", "bounds_of"]
