"""Every error geomap raises on purpose descends from :class:`GeomapError`.

Each subclass is also a built-in exception (``BadInput`` is a ``ValueError``,
``UnknownPlace`` a ``LookupError``) so callers that do not know geomap can still
catch them sensibly.  Errors about input carry the file, the row as a
spreadsheet shows it (the header is row 1) and the field, so a person can go
straight to the cell.
"""

from __future__ import annotations

from dataclasses import dataclass


class GeomapError(Exception):
    """Root of geomap's own errors."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one cell (or row, or file) of an input file."""

    file: str
    row: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.field:
            where += f", field '{self.field}'"
        return f"{where}: {self.message}"


class BadInput(GeomapError, ValueError):
    """One or more problems in an input file; ``problems`` lists them all."""

    def __init__(self, problems: list[Problem]):
        if not problems:
            raise ValueError("BadInput needs at least one problem")
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self):  # pickled as its problems (a report read on another core sends it back)
        return (type(self), (self.problems,))

    @classmethod
    def one(cls, file: str, row: int | None, field: str | None, message: str) -> "BadInput":
        return cls([Problem(file, row, field, message)])


class UnknownPlace(GeomapError, LookupError):
    """A name the gazetteer cannot resolve with confidence.

    ``suggestions`` holds the ranked candidates (canonical names), best first.
    """

    def __init__(self, query: str, suggestions: list[str] | None = None):
        self.query = query
        self.suggestions = list(suggestions or [])
        message = f"no place matches {query!r}"
        if self.suggestions:
            message += "; did you mean: " + ", ".join(self.suggestions) + "?"
        super().__init__(message)

    def __str__(self) -> str:  # LookupError would otherwise quote the message
        return self.args[0]

    def __reduce__(self):
        return (type(self), (self.query, self.suggestions))


class StaleData(GeomapError, RuntimeError):
    """A bundled table that does not fit this version of geomap (missing, or built with other rules)."""
