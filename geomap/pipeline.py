"""The whole flow in one call each: files in, located strikes, a map or an export out.

These are the functions the command line calls, one per command, so every
command is also a library call with the same behaviour.
"""

from __future__ import annotations

from pathlib import Path

from .errors import BadInput, Problem
from .features import geojson_text
from .gazetteer import Gazetteer
from .locate import LocatedStrike, resolve_places
from .output import write_atomic
from .strikes import Strike, check_strikes


def read_located(strikes_path: Path | str, gazetteer_path: Path | str) -> list[LocatedStrike]:
    """Load both files and resolve every strike's place.

    Problems in either file, unresolved places included, are gathered and
    raised together as one :class:`BadInput`, ordered by file and row, so a
    person sees everything wrong in one run.
    """
    problems: list[Problem] = []
    gazetteer: Gazetteer | None = None
    strikes: list[Strike] = []
    try:
        gazetteer = Gazetteer.from_csv(gazetteer_path)
    except BadInput as exc:
        problems.extend(exc.problems)
    try:
        strikes, strike_problems = check_strikes(strikes_path)
    except BadInput as exc:  # the file as a whole is unreadable
        strike_problems = exc.problems
    located: list[LocatedStrike] = []
    if gazetteer is not None:
        located, place_problems = resolve_places(strikes, gazetteer, source=str(strikes_path))
        strike_problems = sorted(strike_problems + place_problems, key=lambda p: p.row or 0)
    problems.extend(strike_problems)
    if problems:
        raise BadInput(problems)
    return located


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
