"""The whole flow in one call each: files in, located strikes, a map or an export out.

These are the functions the command line calls, one per command, so every
command is also a library call with the same behaviour.
"""

from __future__ import annotations

import contextlib
import datetime
import gc

from pathlib import Path
from typing import Any, Callable

from .records.acled import acled_columns, looks_like_acled
from .errors import BadInput, Problem
from .places.finder import PlaceFinder, PlaceSource
from .places.gazetteer import Gazetteer
from .places.locate import LocatedStrike, StrikeColumns, locate_columns
from .output.atomic import write_atomic
from .progress import Stages, silent
from .records.table import ProblemList, check_cells, keep_rows, read_cells
from .records.where import kept_rows, parse_where, unknown_columns


def read_strikes(
    strikes_path: Path | str,
    gazetteer_path: Path | str,
    *,
    where: tuple[str, ...] | list[str] = (),
    progress: Stages | None = None,
    fallbacks: tuple[PlaceSource, ...] = (),
    notify: Callable[[str], None] | None = None,
) -> StrikeColumns:
    """Load the strikes (geomap's CSV or an ACLED export), check them, and put them on the ground.

    The one road every command takes.  geomap's own CSV is read column by
    column (:mod:`geomap.records.table`), and its places are resolved through
    the curated gazetteer, then through ``fallbacks`` (the GeoNames
    gazetteer, the online geocoder) in order; ``notify`` hears of every place
    only a fallback knew, so a person can curate it.  An ACLED export,
    recognised by its header, keeps its own coordinates.  ``where`` holds
    ``COLUMN=VALUE`` conditions that every kept row must meet, on the cells as
    written (:mod:`geomap.records.where`).  Problems in either file,
    unresolved places included, are gathered and raised together as one
    :class:`BadInput`, ordered by row, so a person sees everything wrong in
    one run.
    """
    progress = progress or silent()
    conditions = parse_where(where)
    progress.stage("loading", str(strikes_path))
    if looks_like_acled(strikes_path):
        return acled_columns(strikes_path, where=conditions)
    problems: list[Problem] = []
    gazetteer: Gazetteer | None = None
    try:
        gazetteer = Gazetteer.from_csv(gazetteer_path)
    except BadInput as exc:
        problems.extend(exc.problems)
    try:
        cells = read_cells(strikes_path)
    except BadInput as exc:  # the file as a whole is unreadable
        raise BadInput(problems + exc.problems) from None
    if conditions:
        unknown = unknown_columns(conditions, cells.cells, str(strikes_path))
        if unknown:
            raise BadInput(problems + unknown)
        cells = keep_rows(cells, kept_rows(cells.cells, conditions))
    found = ProblemList(cells.origin)
    fields = check_cells(cells.cells, found)
    if gazetteer is None:
        raise BadInput(problems + found.sorted())
    progress.stage("resolving", f"{len(cells):,} strikes")
    table = locate_columns(fields, PlaceFinder(gazetteer, *fallbacks), found, rows=cells.rows)
    if problems or found.found:
        raise BadInput(problems + found.sorted())
    if notify is not None:
        _notify_fallbacks(table, notify)
    return table


def read_located(strikes_path: Path | str, gazetteer_path: Path | str, **options: Any) -> list[LocatedStrike]:
    """:func:`read_strikes`, one :class:`LocatedStrike` per row (for a library user's own loops)."""
    return read_strikes(strikes_path, gazetteer_path, **options).located()


def _notify_fallbacks(table: StrikeColumns, notify: Callable[[str], None]) -> None:
    """Tell of every name (once) that only a fallback gazetteer knew, so a person can curate it."""
    for name, found in sorted(table.resolved.items()):
        if found is not None and found.source != "curated":
            place = found.place
            notify(f"geomap: {name!r} is not in the curated gazetteer; placed at {place.name} "
                   f"({place.country}, {place.coord_source}) from {found.source}. "
                   "Add it to the gazetteer to keep it.")


def _searchable_places(gazetteer_path: Path | str, fallbacks: tuple) -> list:
    """The curated places, each with the spellings the regional table adds for its GeoNames id
    (Arabic ones among them): the page's search then knows every spelling ``geocode`` knows."""
    from dataclasses import replace

    from .places.gazetteer import Gazetteer
    from .places.regional import RegionalGazetteer

    regional = next((f for f in fallbacks if isinstance(f, RegionalGazetteer)), None)
    places = []
    for place in Gazetteer.from_csv(gazetteer_path):
        twin = regional.by_geonames_id(place.geonames_id) if regional and place.geonames_id else None
        if twin is not None:
            place = replace(place, aliases=tuple(dict.fromkeys((*place.aliases, *twin.spellings))))
        places.append(place)
    return places


def documents_file(strikes_path: Path | str, documents_path: Path | str | None = None) -> Path | None:
    """The documents table to read: the one given, else ``documents.csv`` beside the strikes file
    when there is one, else None."""
    if documents_path is not None:
        return Path(documents_path)
    beside = Path(strikes_path).parent / "documents.csv"
    return beside if beside.is_file() else None


def read_documents_beside(strikes_path: Path | str, documents_path: Path | str | None = None) -> dict:
    """:func:`geomap.records.documents.read_documents` of :func:`documents_file`, or {} when there is none."""
    from .records.documents import read_documents

    path = documents_file(strikes_path, documents_path)
    return read_documents(path) if path is not None else {}


def build_map_file(
    output: Path | str,
    *,
    strikes_path: Path | str,
    gazetteer_path: Path | str,
    title: str = "Reported strikes",
    where: tuple[str, ...] | list[str] = (),
    progress: Stages | None = None,
    assets: Path | None = None,
    fallbacks: tuple[PlaceSource, ...] = (),
    notify: Callable[[str], None] | None = None,
    documents_path: Path | str | None = None,
) -> int:
    """Build the map and write it to ``output`` atomically; return the number of strikes.

    ``assets`` (an asset cache folder) makes the map self-contained. ``documents_path`` (by
    default ``documents.csv`` beside the strikes file, when there is one) says which outlet
    published each seed document, and when.
    """
    from .output.page import build_map  # folium is imported only when a map is built

    progress = progress or silent()
    with _without_cycle_collection():
        strikes = read_strikes(strikes_path, gazetteer_path, where=where, progress=progress,
                               fallbacks=fallbacks, notify=notify)
        progress.stage("rendering", f"{len(strikes):,} strikes")
        page = build_map(strikes, title=title, assets=assets,
                         gazetteer=_searchable_places(gazetteer_path, fallbacks),
                         documents=read_documents_beside(strikes_path, documents_path))
        progress.stage("writing", f"{len(page) / 1e6:.1f} MB")
        write_atomic(output, page)
        progress.finish()
        return len(strikes)


@contextlib.contextmanager
def _without_cycle_collection():
    """Pause Python's cycle collector while a large file is turned into a page.

    A million events are millions of live objects, and each automatic full
    collection walks them all (seconds per build, for cycles these objects
    never form); reference counting still frees everything as usual.  The
    collector's state is restored afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


#: The export formats and what writes each (all from the same strike properties).
EXPORT_FORMATS = ("geojson", "csv", "kml")


def export_file(
    output: Path | str,
    *,
    fmt: str,
    strikes_path: Path | str,
    gazetteer_path: Path | str,
    where: tuple[str, ...] | list[str] = (),
    progress: Stages | None = None,
    fallbacks: tuple[PlaceSource, ...] = (),
    notify: Callable[[str], None] | None = None,
) -> int:
    """Write the strikes as GeoJSON, CSV or KML (``fmt``); return how many were written."""
    from .output.geojson import geojson_chunks
    from .output.tables import csv_chunks, kml_chunks

    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; expected one of {', '.join(EXPORT_FORMATS)}")
    progress = progress or silent()
    table = read_strikes(strikes_path, gazetteer_path, where=where, progress=progress,
                         fallbacks=fallbacks, notify=notify)
    progress.stage("writing", f"{len(table):,} strikes")
    writer = {"geojson": geojson_chunks, "csv": csv_chunks, "kml": kml_chunks}[fmt]
    write_atomic(output, writer(table))  # streamed: the document is never held whole
    progress.finish()
    return len(table)


def geocode(queries: list[str], *, contexts: tuple[str, ...] = (), gazetteer_path: Path | str,
            fallbacks: tuple[PlaceSource, ...] = ()) -> list[dict[str, Any]]:
    """What each name resolves to, as ``geomap geocode --json`` prints it, one dict per name.

    Names given together are resolved together (:meth:`PlaceFinder.resolve_all`), as
    ``build`` and ``validate`` resolve one file's places.  An unresolved name has
    ``"name": None``, the reason, and ranked suggestions.
    """
    finder = PlaceFinder(Gazetteer.from_csv(gazetteer_path), *fallbacks)
    answers = finder.resolve_all([(query, tuple(contexts)) for query in queries])
    out: list[dict[str, Any]] = []
    for query in queries:
        found = answers[(query, tuple(contexts))]
        if found is None:
            best = finder.best(query, context=contexts)
            out.append({
                "query": query, "name": None, "confidence": 0.0,
                "reason": best.reason if best is not None and best.reason else "no source knows the name",
                "suggestions": [{"name": p.name, "id": p.id, "country": p.country, "province": p.province,
                                 "where": p.where, "score": score} for p, score in finder.search_fuzzy(query)],
            })
            continue
        place = found.place
        out.append({
            "query": query, "name": place.name, "id": place.id,
            "latitude": place.latitude, "longitude": place.longitude, "kind": place.kind,
            "country": place.country, "province": place.province, "district": place.district,
            "precision": found.location_precision, "reason": found.reason,
            "precision_km": found.precision_km, "source": found.source, "confidence": found.confidence,
            "matched": found.matched, "method": found.method, "geonames_id": place.geonames_id,
        })
    return out


EXTRACT_REGION = ("SY", "IQ", "LB")  # reports of Syria's wars cross its borders


def extract_reports(files: list[Path], *, gazetteer_path: Path | str,
                    published: "datetime.date | None" = None, region: tuple[str, ...] = EXTRACT_REGION,
                    curated_only: bool = False, known: Path | str | None = None,
                    notify: Callable[[str], None] | None = None, jobs: int | None = 1) -> list[dict[str, Any]]:
    """Candidate strike rows from reports (plain text or saved web pages, files or folders of them),
    numbered across all of them, for review.

    Each row has the strikes file's columns plus ``confidence`` and ``evidence``
    (what ``geomap extract`` writes).  Unless ``curated_only``, every name of the
    regional table is looked for too, and placed as ``geocode --region`` places it.  With ``known``
    (a strikes file), a candidate already in it (:func:`geomap.extract.merge.row_keys`) is left
    out, so extract over a grown folder proposes only what is new; ``notify`` hears how many.
    ``jobs`` processes read the reports; ``None`` is one per core when there are enough reports
    (:func:`geomap.extract.parallel.worker_count`), as ``geomap extract`` does.  The default is
    one: a library call may come from a process with threads (a notebook), which must not fork.
    The rows are the same however many.
    """
    from .extract.corroborate import Reported, corroborate
    from .extract.mentions import PlaceMatcher
    from .extract.parallel import extract_all, worker_count
    from .extract.propose import extract_file
    from .extract.reports import report_files
    from .places.regional import RegionalGazetteer

    gazetteer = Gazetteer.from_csv(gazetteer_path)
    regional = None if curated_only else RegionalGazetteer(region=tuple(region))
    matcher = PlaceMatcher(gazetteer, regional=regional)
    finder = PlaceFinder(gazetteer, regional) if regional is not None else None

    def extract_one(path: Path, told: Callable[[str], None] | None):
        return extract_file(path, gazetteer=gazetteer, published=published, matcher=matcher, finder=finder,
                            notify=told)

    paths = report_files(files)
    found: list[Reported] = []
    for candidates in extract_all(paths, extract_one, workers=worker_count(len(paths), jobs), notify=notify):
        for candidate in candidates:
            found.append(Reported(candidate.row(len(found) + 1), candidate.place.latitude,
                                  candidate.place.longitude, candidate.outlet))
    if known is not None:
        from .extract.merge import read_known, row_keys

        present = read_known(known)
        fresh = [r for r in found if not any(key in present for key in row_keys(r.row))]
        if notify is not None and len(fresh) < len(found):
            notify(f"geomap: {len(found) - len(fresh)} candidate(s) already in {known} left out")
        found = fresh
    # One strike told by several reports is one candidate, with all their sources (see corroborate).
    rows = corroborate(found)
    for number, row in enumerate(rows, 1):
        row["id"] = f"C{number:03d}"
    return rows


def merge_reviewed(files: list[Path], *, strikes_path: Path | str, gazetteer_path: Path | str,
                   notes: list[str] | None = None, fallbacks: tuple[PlaceSource, ...] = ()) -> list[list[str]]:
    """Append each reviewed candidate file's rows to the strikes file; the new ids, per file.

    Rows already in the strikes file are skipped, each with a line in ``notes``.
    """
    from .extract.merge import merge_candidates

    return [merge_candidates(reviewed, strikes_path, gazetteer_path, skipped=notes, fallbacks=fallbacks)
            for reviewed in files]
