"""The ``geomap`` command: thin commands over the library.

Each command parses its options, makes one library call, and turns geomap's
errors into short messages.  Exit status: 0 success; 1 when something asked
for was not found (a name the gazetteer cannot resolve); 2 for bad input or
usage.  ``--verbose`` adds the Python traceback; nothing else shows one.
"""

from __future__ import annotations

import functools
import json
import sys
import traceback
from pathlib import Path
from typing import Callable

import click

from .errors import BadInput, GeomapError
from .paths import default_data_file

EXIT_NOT_FOUND = 1
EXIT_BAD_INPUT = 2


def _error_lines(exc: Exception) -> list[str]:
    """What to tell a person about one of geomap's errors (or an unwritable file)."""
    if isinstance(exc, BadInput):
        count = len(exc.problems)
        return ([f"geomap: {count} problem{'s' if count != 1 else ''} in the input:"]
                + [f"  {problem}" for problem in exc.problems]
                + ["Nothing was written. Fix the rows above and run the command again."])
    if isinstance(exc, OSError) and not isinstance(exc, GeomapError):  # a geomap error says what it is
        name = f" {exc.filename}" if exc.filename else ""
        return [f"geomap: cannot write{name}: {exc.strerror or exc}"]
    return [f"geomap: {exc}"]


def _report_errors(command: Callable) -> Callable:
    """Turn geomap's errors (and unwritable files) into messages and exit status 2."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except (GeomapError, OSError) as exc:
            if click.get_current_context().find_root().params.get("verbose", False):
                traceback.print_exc()
            for line in _error_lines(exc):
                click.echo(line, err=True)
            sys.exit(EXIT_BAD_INPUT)

    return wrapper


def _data_options(command: Callable) -> Callable:
    command = click.option(
        "--quiet", "-q", is_flag=True, help="No progress bar (it shows only for large input on a terminal).",
    )(command)
    command = click.option(
        "--where", "where", multiple=True, metavar="COLUMN=VALUE",
        help="Keep only rows whose COLUMN equals VALUE (repeat to require several), "
             "e.g. --where 'sub_event_type=Air/drone strike' for an ACLED export.",
    )(command)
    command = click.option(
        "--gazetteer", "gazetteer_path", type=click.Path(dir_okay=False, path_type=Path),
        default=None, help="Gazetteer CSV [default: data/gazetteer.csv here, else the bundled one].",
    )(command)
    command = click.option(
        "--strikes", "strikes_path", type=click.Path(dir_okay=False, path_type=Path),
        default=None, help="Strikes CSV, geomap's own or an ACLED export "
                           "[default: data/strikes.csv here, else the bundled one].",
    )(command)
    return command


def _place_options(command: Callable) -> Callable:
    """The fallback chain's options, shared by every command that resolves places."""
    command = click.option(
        "--geocoder-cache", "geocoder_cache", type=click.Path(dir_okay=False, path_type=Path), default=None,
        help="Where --online keeps its answers [default: $GEOMAP_CACHE/nominatim.json or "
             "~/.cache/geomap/nominatim.json].",
    )(command)
    command = click.option(
        "--nominatim-url", default="https://nominatim.openstreetmap.org", show_default=True,
        help="The Nominatim server --online asks (a self-hosted one, say).",
    )(command)
    command = click.option(
        "--online", is_flag=True,
        help="Last resort: ask Nominatim (OpenStreetMap) for names no offline gazetteer knows; "
             "one request a second, answers cached on disk.",
    )(command)
    command = click.option(
        "--region", default="SY", show_default=True, metavar="CODES",
        help="Countries the data is about (ISO codes, comma-separated): their towns win over namesakes.",
    )(command)
    command = click.option(
        "--curated-only", is_flag=True,
        help="Resolve places with the curated gazetteer alone (no GeoNames fallback).",
    )(command)
    return command


def _region_codes(region: str) -> tuple[str, ...]:
    codes = tuple(code.strip().upper() for code in region.split(",") if code.strip())
    if not codes or any(len(code) != 2 or not code.isalpha() for code in codes):
        raise click.BadParameter(f"{region!r} is not a list of two-letter country codes, e.g. SY,LB",
                                 param_hint="--region")
    return codes


def _fallbacks(curated_only: bool, region: str, online: bool, nominatim_url: str,
               geocoder_cache: Path | None) -> tuple:
    """The sources behind the curated gazetteer, in the order they are asked."""
    from urllib.parse import urlsplit

    from .places.regional import RegionalGazetteer
    from .places.nominatim import NominatimGeocoder

    codes = _region_codes(region)
    sources: list = [] if curated_only else [RegionalGazetteer(region=codes)]
    if online:
        url = urlsplit(nominatim_url if "://" in nominatim_url else f"https://{nominatim_url}")
        if url.scheme not in ("http", "https") or not url.netloc:
            raise click.BadParameter(f"{nominatim_url!r} is not an http(s) address", param_hint="--nominatim-url")
        sources.append(NominatimGeocoder(domain=url.netloc + url.path.rstrip("/"), scheme=url.scheme,
                                         cache_file=geocoder_cache, region=codes))
    return tuple(sources)


def _import_folium_without_pandas() -> None:
    """Import folium without pandas, in this command-line process only.

    folium imports pandas (0.2 s here) only to accept DataFrames, which geomap
    never hands it; a failed optional import is folium's own way to do
    without.  This is done in the CLI, never in the library, so a notebook
    that imports geomap keeps folium's DataFrame support.  pandas stays
    importable afterwards (the ACLED reader uses it).
    """
    if "folium" in sys.modules or "pandas" in sys.modules:
        return
    sys.modules["pandas"] = None  # type: ignore[assignment]  # makes `import pandas` raise ImportError
    try:
        import folium  # noqa: F401
    finally:
        del sys.modules["pandas"]


def _notice(message: str) -> None:
    click.echo(message, err=True)


def _paths(strikes_path: Path | None, gazetteer_path: Path | None) -> tuple[Path, Path]:
    return (
        strikes_path or default_data_file("strikes.csv"),
        gazetteer_path or default_data_file("gazetteer.csv"),
    )


def _progress(strikes: Path, quiet: bool, stages: tuple[str, ...]):
    from .progress import Stages

    try:
        size = strikes.stat().st_size
    except OSError:
        size = 0
    return Stages.for_input(stages, size, quiet=quiet)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--verbose", is_flag=True, help="Show Python tracebacks for errors.")
@click.version_option(package_name="geomap")
def main(verbose: bool) -> None:
    """Turn reports of military strikes into a dated, sourced HTML map.

    \b
    Example:
      geomap build -o map.html
      geomap geocode "Al-Bokamal" "Deir el-Zour"
    """
    _utf8_streams()


def _utf8_streams() -> None:
    """Write UTF-8 to a pipe or file whatever the locale says (an Arabic name must not crash a C locale)."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if encoding != "utf8" and hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(encoding="utf-8", errors="strict" if stream is sys.stdout else "backslashreplace")
            except (ValueError, OSError):
                pass


@main.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=Path("map.html"),
              show_default=True, help="The HTML file to write.")
@click.option("--title", default="Reported strikes", show_default=True, help="The map's title.")
@click.option("--self-contained", is_flag=True,
              help="Inline every script and stylesheet (from the asset cache): opens with no network.")
@click.option("--assets", "assets_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Asset cache for --self-contained [default: $GEOMAP_ASSETS or ~/.cache/geomap/assets].")
@click.option("--documents", "documents_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Which outlet published each seed document, and when [default: documents.csv beside the strikes file].")
@_data_options
@_place_options
@_report_errors
def build(output: Path, title: str, self_contained: bool, assets_dir: Path | None, documents_path: Path | None,
          strikes_path: Path | None, gazetteer_path: Path | None, where: tuple[str, ...], quiet: bool,
          **places) -> None:
    """Build the map: one HTML file with every strike, dated and sourced.

    The file is replaced only when the new map is complete; bad input leaves
    it untouched and exits with status 2.  An ACLED export given as --strikes
    is recognised by its header and keeps its own coordinates.

    \b
    Example:
      geomap build -o map.html --strikes data/strikes.csv
      geomap build -o syria.html --strikes acled.csv --where "sub_event_type=Air/drone strike"
      geomap build -o archive.html --self-contained
    """
    from .output.assets import default_cache_dir
    from .api import build_map_file

    strikes, gazetteer = _paths(strikes_path, gazetteer_path)
    progress = _progress(strikes, quiet, ("loading", "resolving", "rendering", "writing"))
    assets = (assets_dir or default_cache_dir()) if self_contained else None
    _import_folium_without_pandas()
    count = build_map_file(output, strikes_path=strikes, gazetteer_path=gazetteer, title=title,
                           where=where, progress=progress, assets=assets,
                           fallbacks=_fallbacks(**places), notify=_notice, documents_path=documents_path)
    click.echo(f"wrote {output} ({count} strikes)", err=True)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["geojson", "csv", "kml"]), default="geojson",
              show_default=True, help="GeoJSON (GIS tools), CSV (spreadsheets) or KML (Google Earth).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True),
              default="-", show_default=True, help="File to write; '-' is standard output.")
@_data_options
@_place_options
@_report_errors
def export(fmt: str, output: str, strikes_path: Path | None, gazetteer_path: Path | None,
           where: tuple[str, ...], quiet: bool, **places) -> None:
    """Export the located strikes as GeoJSON, CSV or KML.

    GeoJSON (QGIS or any GIS tool): one Point feature per strike, with the
    strike's fields (id, date, date_precision, place, sources,
    source_document, ...) as properties.  CSV (spreadsheets): the same
    fields, one row per strike, with latitude and longitude; a text cell
    that a spreadsheet would run as a formula starts with an apostrophe.
    KML (Google Earth): a placemark per strike with its time span.

    \b
    Example:
      geomap export --format geojson -o strikes.geojson
      geomap export --format kml -o strikes.kml
    """
    from .api import export_file

    strikes, gazetteer = _paths(strikes_path, gazetteer_path)
    progress = _progress(strikes, quiet, ("loading", "resolving", "writing"))
    count = export_file(output, fmt=fmt, strikes_path=strikes, gazetteer_path=gazetteer, where=where,
                        progress=progress, fallbacks=_fallbacks(**places), notify=_notice)
    if output != "-":
        click.echo(f"wrote {output} ({count} {'features' if fmt == 'geojson' else 'strikes'})", err=True)


@main.command()
@click.option("--from", "source", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="A folder with the files, or an npm node_modules folder holding them.")
@click.option("--fetch", is_flag=True, help="Download missing files once from the addresses folium uses.")
@click.option("--assets", "assets_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="The asset cache [default: $GEOMAP_ASSETS or ~/.cache/geomap/assets].")
@_report_errors
def assets(source: Path | None, fetch: bool, assets_dir: Path | None) -> None:
    """Fill the asset cache that --self-contained maps are built from.

    Each file (Leaflet 1.9.3 and Leaflet.markercluster 1.1.0, the versions
    folium links) is checked against its pinned SHA-256 before it is kept.

    \b
    Example:
      npm install leaflet@1.9.3 leaflet.markercluster@1.1.0
      geomap assets --from node_modules
    """
    from .output.assets import PAGE_ASSETS, default_cache_dir, fill_cache

    cache = assets_dir or default_cache_dir()
    added = fill_cache(cache, source=source, fetch=fetch)
    click.echo(f"{cache}: {len(PAGE_ASSETS)} files verified, {len(added)} added")


@main.command()
@click.option("--documents", "documents_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Which outlet published each seed document, and when [default: documents.csv beside the strikes file].")
@_data_options
@_place_options
@_report_errors
def validate(documents_path: Path | None, strikes_path: Path | None, gazetteer_path: Path | None,
             where: tuple[str, ...], quiet: bool, **places) -> None:
    """Check the strikes and gazetteer files and list every problem found.

    Exits with status 0 when both are valid, 2 otherwise.

    \b
    Example:
      geomap validate --strikes data/strikes.csv
    """
    from .api import documents_file, read_strikes
    from .records.documents import read_documents

    strikes, gazetteer = _paths(strikes_path, gazetteer_path)
    located = read_strikes(strikes, gazetteer, where=where, fallbacks=_fallbacks(**places), notify=_notice)
    listed = documents_file(strikes, documents_path)
    documents = read_documents(listed) if listed is not None else {}
    noun = "strike" if len(located) == 1 else "strikes"
    click.echo(f"{strikes}: {len(located)} {noun}, all places resolved; {gazetteer}: valid"
               + (f"; {listed}: {len(documents)} documents, valid" if listed is not None else ""))


@main.command()
@click.argument("names", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@click.option("--context", "contexts", multiple=True, metavar="PLACE",
              help="A province, district, town or country every name lies in (repeatable), "
                   "e.g. --context Idlib.")
@click.option("--gazetteer", "gazetteer_path", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Gazetteer CSV [default: data/gazetteer.csv here, else the bundled one].")
@_place_options
@_report_errors
def geocode(names: tuple[str, ...], as_json: bool, contexts: tuple[str, ...], gazetteer_path: Path | None,
            **places) -> None:
    """Show what each NAME resolves to (names from standard input when none are given).

    Names are looked up in the curated gazetteer, then in the regional table
    of Syria, Iraq and Lebanon (45,000 places), then (only with --online) in
    Nominatim.  Compound strings are read as reports write them ("Kafr Nabl
    village, Maarat al-Numan District", "near Saraqib", "Idlib countryside").
    Names given together are resolved as one file, exactly as build and
    validate resolve a strikes file: a name whose namesakes lie far apart
    takes the one in a province where the other names lie.  An answer
    counts when its confidence is at least 0.6.  Every name gets a
    line; one that no source resolves with confidence gets a line saying so,
    ranked suggestions on standard error, and makes the exit status 1.

    \b
    Example:
      geomap geocode "Al-Bokamal" "Deir el-Zour"
      echo "El-Kisweh" | geomap geocode --json
      geomap geocode --region IQ "Al-Qaim"
      geomap geocode --context Idlib "Kafr Nabl"
    """
    from .api import geocode as geocode_names

    queries = list(names) or [line.strip() for line in sys.stdin if line.strip()]
    if not queries:
        raise click.UsageError("give at least one NAME, or names on standard input")
    answers = geocode_names(queries, contexts=contexts, fallbacks=_fallbacks(**places),
                            gazetteer_path=gazetteer_path or default_data_file("gazetteer.csv"))
    missing = 0
    for answer in answers:
        if answer["name"] is None:
            missing += 1
            hint = ", ".join(f"{s['name']} ({s['where']}, {s['score']:.2f})" for s in answer["suggestions"]) or "none"
            click.echo(f"geomap: no place matches {answer['query']!r} with confidence; suggestions: {hint}", err=True)
            if as_json:
                shown = dict(answer, suggestions=[{k: v for k, v in s.items() if k != "where"}
                                                  for s in answer["suggestions"]])
                click.echo(json.dumps(shown, ensure_ascii=False))
            else:
                click.echo(f"{answer['query']}\t-\tunresolved ({answer['reason']})")
        elif as_json:
            click.echo(json.dumps(answer, ensure_ascii=False))
        else:
            click.echo(_geocode_line(answer))
    if missing:
        sys.exit(EXIT_NOT_FOUND)


def _geocode_line(answer: dict) -> str:
    """One resolved name as a tab-separated line: query, place, coordinates, kind, country, how."""
    return (f"{answer['query']}\t{answer['name']}\t{answer['latitude']:.5f},{answer['longitude']:.5f}\t"
            f"{answer['kind']}\t{answer['country']}\t(matched {answer['matched']!r}, {answer['method']}, "
            f"{answer['source']}, confidence {answer['confidence']:.2f})")


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--published", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, metavar="YYYY-MM-DD",
              help="The day the reports appeared: weekdays and months are resolved against it "
                   "[default: a saved web page's own date, or a text's 'date YYYY-MM-DD' line].")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per candidate instead of CSV.")
@click.option("--merge", is_flag=True,
              help="FILES are reviewed candidate CSVs: append their rows to the strikes file with fresh ids.")
@click.option("--strikes", "strikes_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Strikes CSV that --merge appends to [default: data/strikes.csv here, else the bundled one]; "
                   "without --merge, candidates already in it are left out: only what is new is proposed.")
@click.option("--gazetteer", "gazetteer_path", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Gazetteer CSV [default: data/gazetteer.csv here, else the bundled one].")
@click.option("--jobs", type=click.IntRange(min=1), default=None, metavar="N",
              help="Processes that read the reports; the rows are the same however many [default: one "
                   "per core, when each has 16 reports or more to read].")
@_place_options
@_report_errors
def extract(files: tuple[Path, ...], published, as_json: bool, merge: bool, strikes_path: Path | None,
            gazetteer_path: Path | None, jobs: int | None, **places) -> None:
    """Propose strike rows from reports, for a person to review.

    FILES are reports saved as plain text (.txt) or as web pages (.html, .htm), or folders of
    them; a web page's article text, title, outlet and date are read from it (trafilatura).

    Writes one candidate per (report, place) to standard output, in the
    columns of data/strikes.csv plus 'confidence' and 'evidence' (the
    sentences it rests on).  Places come from the curated gazetteer and the
    regional table (villages, neighbourhoods; not with --curated-only), placed
    as 'geomap geocode' places them; a place is proposed only where its
    sentence reports a strike on it.  Dates are
    given only when the text states them.  Delete the rows that are not
    strikes, complete the rest, then merge them with --merge.

    \b
    Example:
      geomap extract seeds/003_57c3b067881c0695.txt > candidates.csv
      geomap extract report.txt --published 2021-02-16 --json
      geomap extract --merge candidates.csv
    """
    from .api import extract_reports, merge_reviewed

    gazetteer_file = gazetteer_path or default_data_file("gazetteer.csv")
    if merge:
        strikes_file = strikes_path or default_data_file("strikes.csv")
        for reviewed in files:  # one at a time: each merged file is reported before the next is tried
            notes: list[str] = []
            (new_ids,) = merge_reviewed([reviewed], strikes_path=strikes_file, gazetteer_path=gazetteer_file,
                                        notes=notes, fallbacks=_fallbacks(**places))
            for note in notes:
                click.echo(f"geomap: {note}", err=True)
            span = f" ({new_ids[0]} to {new_ids[-1]})" if new_ids else ""
            click.echo(f"{strikes_file}: added {len(new_ids)} rows from {reviewed}{span}", err=True)
        return
    import csv

    from .extract.propose import CANDIDATE_COLUMNS
    from .output.tables import spreadsheet_safe

    from .extract.reports import report_files

    reports = report_files(files)  # folders walked once: the rows and the count below both use it
    # Only the offline tables (--online is for --merge): a report's every capitalised word must not
    # become a Nominatim request.  Reports of Syria's wars cross its borders, so unless --region says
    # otherwise extract reads them as reports of Syria, Iraq and Lebanon.
    from .api import EXTRACT_REGION

    region = EXTRACT_REGION
    if click.get_current_context().get_parameter_source("region") is not click.core.ParameterSource.DEFAULT:
        region = _region_codes(places["region"])
    rows = extract_reports(reports, gazetteer_path=gazetteer_file, region=region,
                           curated_only=places["curated_only"], known=strikes_path,
                           published=published.date() if published else None, notify=_notice, jobs=jobs)
    out = click.get_text_stream("stdout")
    writer = None if as_json else csv.DictWriter(out, fieldnames=CANDIDATE_COLUMNS, lineterminator="\n")
    if writer is not None:
        writer.writeheader()
    for row in rows:
        if writer is not None:
            # Evidence is report text, opened in spreadsheets for review: never run as a formula.
            row["evidence"] = spreadsheet_safe(row["evidence"])
            writer.writerow(row)
        else:
            click.echo(json.dumps(row, ensure_ascii=False))
    number = len(rows)
    click.echo(f"geomap: {number} candidate{'s' if number != 1 else ''} from {len(reports)} "
               f"report{'s' if len(reports) != 1 else ''}; review them before merging", err=True)


@main.group()
def gazetteer() -> None:
    """Work on the curated gazetteer.

    \b
    Example:
      geomap gazetteer check
    """


@gazetteer.command("check")
@click.option("--gazetteer", "gazetteer_path", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Gazetteer CSV [default: data/gazetteer.csv here, else the bundled one].")
@_report_errors
def gazetteer_check(gazetteer_path: Path | None) -> None:
    """Check the curated gazetteer against country outlines and GeoNames.

    Loading already refuses one spelling naming two places and coordinates
    outside the stated country's box.  This also flags places more than
    10 km outside their country's outline, and GeoNames ids whose GeoNames
    coordinates lie more than 5 km (geodesic) from the row's.  Exits with
    status 2 when anything needs fixing.

    \b
    Example:
      geomap gazetteer check --gazetteer data/gazetteer.csv
    """
    from .places.check import check_gazetteer
    from .places.gazetteer import Gazetteer

    path = gazetteer_path or default_data_file("gazetteer.csv")
    report = check_gazetteer(Gazetteer.from_csv(path))
    for note in report.notes:
        click.echo(f"note: {note}", err=True)
    if report.problems:
        raise BadInput(report.problems)
    click.echo(f"{path}: {report.places} places, {report.spellings} spellings: no problems found")
