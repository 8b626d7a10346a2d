"""The seed documents: which outlet published each report, and when (``data/documents.csv``).

A strike row names its document by file name (``source_document``); this table says what that
file is, so the map can name it as a reader would cite it: "The National, 7 Nov 2024". It is
optional: a document it does not list is shown by its file name alone.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from ..errors import BadInput, Problem
from .csvfile import data_rows, header_problems, read_text
from .values import date_label, date_range, url_problem

COLUMNS = ("document", "outlet", "published", "title", "url", "notes")
REQUIRED = ("document",)


@dataclass(frozen=True)
class Document:
    """One saved report."""

    document: str   # its file name in seeds/
    outlet: str     # who published it; empty when the saved text does not say
    published: str  # YYYY-MM-DD, or YYYY-MM when only the month is known; may be empty
    title: str
    url: str
    notes: str = ""

    @property
    def citation(self) -> str:
        """How a reader would cite it: 'The National, 7 Nov 2024: "Title"'; empty when nothing is known."""
        return cite(self.outlet, self.published, self.title)


def cite(outlet: str, published: str, title: str) -> str:
    """'The National, 7 Nov 2024: "Title"' from what is known of a report (``published`` is ISO)."""
    text = ", ".join(part for part in (outlet, date_label(published) if published else "") if part)
    if title:
        text = f"{text}: \u201c{title}\u201d" if text else f"\u201c{title}\u201d"
    return text


def read_documents(path: Path | str) -> dict[str, Document]:
    """The documents of ``path`` by file name, or :class:`BadInput` naming each bad row and field."""
    source = str(path)
    rows = list(csv.reader(io.StringIO(read_text(path))))
    header = [cell.strip() for cell in rows[0]]
    problems = header_problems(source, header, REQUIRED, COLUMNS)
    if problems:
        raise BadInput(problems)
    body, numbers = data_rows(source, rows[1:], len(header))
    documents: dict[str, Document] = {}
    seen: set[str] = set()
    for number, values in zip(numbers, body):
        cells = {name: value.strip() for name, value in zip(header, values)}
        cells = {name: cells.get(name, "") for name in COLUMNS}
        if not cells["document"]:
            problems.append(Problem(source, number, "document", "is empty; expected the report's file name"))
        elif cells["document"] in seen:
            problems.append(Problem(source, number, "document", f"{cells['document']!r} is listed twice"))
        seen.add(cells["document"])
        if cells["published"]:
            try:
                date_range(cells["published"])
            except ValueError as exc:
                problems.append(Problem(source, number, "published", str(exc)))
        if cells["url"] and (problem := url_problem(cells["url"])):
            problems.append(Problem(source, number, "url", problem))
        if not any(p.row == number for p in problems):
            documents[cells["document"]] = Document(**cells)
    if problems:
        raise BadInput(problems)
    return documents


__all__ = ["Document", "read_documents", "cite", "COLUMNS"]
