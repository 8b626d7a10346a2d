"""The whole flow in one call each: files in, located strikes, a map or an export out.

These are the functions the command line calls, one per command, so every
command is also a library call with the same behaviour.
"""

from __future__ import annotations

from pathlib import Path

from .errors import BadInput, Problem
from .features import geojson_text
from .gazetteer import Gazetteer
from .locate import LocatedStrike, locate_strikes
from .output import write_atomic
from .strikes import Strike, load_strikes


def read_located(strikes_path: Path | str, gazetteer_path: Path | str) -> list[LocatedStrike]:
    """Load both files and resolve every strike's place.

    Problems in either file are gathered and raised together as one
    :class:`BadInput`, so a person sees everything wrong in one run.
    """
    problems: list[Problem] = []
    gazetteer: Gazetteer | None = None
    strikes: list[Strike] = []
    try:
        gazetteer = Gazetteer.from_csv(gazetteer_path)
    except BadInput as exc:
        problems.extend(exc.problems)
    try:
        strikes = load_strikes(strikes_path)
    except BadInput as exc:
        problems.extend(exc.problems)
    if gazetteer is None or problems:
        raise BadInput(problems)
    # Both files loaded; unresolved places are the strikes file's problems.
    return locate_strikes(strikes, gazetteer, source=str(strikes_path))


def build_map_file(
    output: Path | str,
    *,
    strikes_path: Path | str,
    gazetteer_path: Path | str,
    title: str = "Reported strikes",
) -> int:
    """Build the map and write it to ``output`` atomically; return the number of strikes."""
    from .render import build_map  # folium is imported only when a map is built

    located = read_located(strikes_path, gazetteer_path)
    write_atomic(output, build_map(located, title=title))
    return len(located)


def export_geojson_file(output: Path | str, *, strikes_path: Path | str, gazetteer_path: Path | str) -> int:
    """Write the strikes as a GeoJSON FeatureCollection; return the number of features."""
    located = read_located(strikes_path, gazetteer_path)
    write_atomic(output, geojson_text(located))
    return len(located)
