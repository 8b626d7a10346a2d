"""Reports as people save them: plain text, or a web page saved as HTML, alone or in folders.

A saved web page is mostly menus, links and footers around one article. Its text, title,
outlet and publication date come from trafilatura, a maintained article extractor that reads
the page's own metadata (``og:site_name``, ``article:published_time``...) as well as its
markup; a hand-written cleaner would keep the menus or lose paragraphs. Dates are taken only
from the page's metadata and markup, never guessed from the words of the article.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from ..errors import BadInput, GeomapError
from ..records.values import is_web_link

#: Fewer words than this in a saved page's article is no article (a page of menus only).
MIN_ARTICLE_WORDS = 12
#: The files a folder of reports is searched for, in any letter case.
REPORT_SUFFIXES = (".txt", ".html", ".htm")


class MissingExtractor(GeomapError, ImportError):
    """An HTML report was given, and trafilatura is not installed."""


@dataclass(frozen=True)
class Report:
    """One saved report: its text and what is known of where it comes from."""

    path: Path
    text: str
    title: str = ""
    outlet: str = ""
    published: dt.date | None = None
    url: str = ""

    @property
    def described(self) -> str:
        """'The National, 7 Nov 2024: “Title”', from what is known; empty when nothing is."""
        from ..records.documents import cite

        return cite(self.outlet, self.published.isoformat() if self.published else "", self.title)


def report_files(paths: Iterable[Path | str]) -> list[Path]:
    """The report files ``paths`` name: each file as given, and each folder's .txt, .html and .htm
    files, in its subfolders too, in name order. A folder with none is :class:`BadInput`."""
    found: list[Path] = []
    for given in map(Path, paths):
        if given.is_dir():
            inside = sorted(p for p in given.rglob("*") if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES
                            and not any(part.startswith(".") for part in p.relative_to(given).parts))
            if not inside:
                raise BadInput.one(str(given), None, None, "holds no .txt, .html or .htm report")
            found.extend(inside)
        else:
            found.append(given)
    return list(dict.fromkeys(found))


def read_saved_report(path: Path | str, *, notify: Callable[[str], None] | None = None) -> Report:
    """A report file as :class:`Report`: plain text as it is, a saved web page's article text and metadata."""
    from .propose import read_report

    path = Path(path)
    text = read_report(path, notify=notify)
    if path.suffix.lower() not in (".html", ".htm"):
        return Report(path, text)
    try:
        from trafilatura import bare_extraction
    except ImportError:
        raise MissingExtractor(f"{path}: reading saved web pages needs trafilatura; "
                               "install it with: python3 -m pip install 'geomap[reports]'") from None
    article = bare_extraction(text, with_metadata=True, include_comments=False,
                              date_extraction_params={"extensive_search": False, "original_date": True})
    body = (getattr(article, "text", None) or "").strip() if article is not None else ""
    # On a page with no article trafilatura falls back to whatever words there are ("Home"):
    # fewer than MIN_ARTICLE_WORDS is no report to read.
    if len(body.split()) < MIN_ARTICLE_WORDS:
        raise BadInput.one(str(path), None, None, "is a web page with no article text that could be found")
    published = None
    raw_date = getattr(article, "date", None) or ""
    try:
        published = dt.date.fromisoformat(raw_date[:10]) if raw_date else None
    except ValueError:
        published = None
    url = getattr(article, "url", None) or ""
    return Report(path, body, title=(getattr(article, "title", None) or "").strip(),
                  outlet=(getattr(article, "sitename", None) or "").strip(), published=published,
                  url=url if is_web_link(url) else "")


__all__ = ["Report", "report_files", "read_saved_report", "REPORT_SUFFIXES", "MissingExtractor"]
