"""``--where COLUMN=VALUE`` conditions: parsed once, checked against a file's columns."""

from __future__ import annotations

from collections.abc import Iterable

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
