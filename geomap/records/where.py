"""``--where COLUMN=VALUE`` conditions: parsed once, checked against a file's columns.

One meaning for every format: a row is kept when, for every condition, its
cell in COLUMN *as written in the file* (spaces around it ignored) equals
VALUE.  Only kept rows are checked and mapped, so a bad cell in a row the
filter leaves out does not stop the map.  COLUMN is one of the file's own
columns: geomap's (an optional column the file lacks reads as empty) or the
ACLED export's.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..errors import BadInput, Problem


def parse_where(conditions: Iterable[str]) -> list[tuple[str, str]]:
    """``["sub_event_type=Air/drone strike"]`` -> ``[("sub_event_type", "Air/drone strike")]``."""
    pairs = []
    for condition in conditions:
        column, sep, value = condition.partition("=")
        if not sep or not column.strip():
            raise BadInput.one("--where", None, None, f"{condition!r} is not COLUMN=VALUE")
        pairs.append((column.strip(), value.strip()))
    return pairs


def unknown_columns(conditions: list[tuple[str, str]], columns: Iterable[str], source: str) -> list[Problem]:
    """A problem for each condition naming a column the file does not have."""
    known = set(columns)
    return [Problem(source, 1, column, "--where names a column the file does not have")
            for column, _ in conditions if column not in known]


def kept_rows(cells: dict[str, Sequence[str]], conditions: Iterable[tuple[str, str]]) -> list[bool]:
    """For each row of a table of stripped cells, whether it meets every condition."""
    keep: list[bool] | None = None
    for column, value in conditions:
        meets = [cell == value for cell in cells[column]]
        keep = meets if keep is None else [a and b for a, b in zip(keep, meets)]
    return keep if keep is not None else [True] * len(next(iter(cells.values()), ()))
