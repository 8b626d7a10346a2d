"""Reports as people save them: web pages saved as HTML, and folders of reports (issue 16, in part).
Each is run as the library function and as the `geomap extract` command."""

import csv
import html
import io
import sys

import pytest
from click.testing import CliRunner

from geomap.cli import main
from geomap.extract.reports import read_saved_report, report_files

from conftest import DATA, REPO

SEED = REPO / "seeds" / "000_b4d698a8e3fc841c.txt"


def saved_page(text: str, *, site: str = "The National", published: str = "2024-11-07T09:30:00Z",
               title: str = "Israeli jets strike smuggling routes near Qusayr") -> str:
    """A web page as a browser saves it: menus, a cookie notice and a footer around the article,
    which carries its outlet, date and title as news sites do (Open Graph and article tags)."""
    paragraphs = "".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines() if line.strip())
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{html.escape(title)} | {html.escape(site)}</title>
<meta property="og:site_name" content="{html.escape(site)}">
<meta property="og:title" content="{html.escape(title)}">
<meta property="og:url" content="https://thenationalnews.com/news/mena/2024/11/07/bekaa-homs-hezbollah">
<meta property="article:published_time" content="{published}">
</head><body><header><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/mena">MENA</a>
<a href="/sport">Sport</a></nav></header><div class="cookie">We use cookies to improve your experience. Accept all</div>
<main><article><h1>{html.escape(title)}</h1>{paragraphs}</article></main>
<aside><h3>Most read</h3><ul><li><a href="/a">Markets rally in Dubai</a></li><li><a href="/b">Weather: a hot week</a></li></ul></aside>
<footer>Copyright 2024 {html.escape(site)}. All rights reserved. Terms. Privacy.</footer></body></html>"""


@pytest.fixture
def page(tmp_path):
    path = tmp_path / "qusayr.html"
    path.write_text(saved_page(SEED.read_text(encoding="utf-8")), encoding="utf-8")
    return path


def test_a_saved_page_gives_its_article_title_outlet_and_date(page):
    report = read_saved_report(page)
    assert report.outlet == "The National" and report.published.isoformat() == "2024-11-07"
    assert report.title == "Israeli jets strike smuggling routes near Qusayr"
    assert report.url == "https://thenationalnews.com/news/mena/2024/11/07/bekaa-homs-hezbollah"
    assert "smuggling routes near the Syrian city of Qusayr" in report.text
    for clutter in ("cookies", "Markets rally", "All rights reserved"):
        assert clutter not in report.text


def test_extract_on_a_saved_page_proposes_what_the_text_does(page, tmp_path):
    runner = CliRunner()
    from_page = runner.invoke(main, ["extract", str(page)])
    assert from_page.exit_code == 0, from_page.output
    rows = list(csv.DictReader(io.StringIO(from_page.stdout)))
    text_copy = tmp_path / "qusayr.txt"
    text_copy.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    from_text = list(csv.DictReader(io.StringIO(runner.invoke(main, ["extract", str(text_copy),
                                                                     "--published", "2024-11-07"]).stdout)))
    assert [r["place"] for r in rows] == [r["place"] for r in from_text] and rows
    assert "Al Qusayr" in [r["place"] for r in rows]
    first = rows[0]
    assert first["source_document"] == "qusayr.html"
    assert "from The National, 7 Nov 2024" in first["notes"]
    assert first["source_url"].startswith("https://thenationalnews.com/")


def test_a_page_without_a_date_says_nothing_of_one(tmp_path):
    path = tmp_path / "undated.html"
    page = saved_page("On 3 March 2021 Israeli jets struck near Qusayr, the monitor said.\n"
                      + SEED.read_text(encoding="utf-8"), published="")
    page = page.replace('<meta property="article:published_time" content="">', "")
    page = page.replace("/2024/11/07/", "/")  # the address's date is the page's own metadata; take it away too
    path.write_text(page, encoding="utf-8")
    assert read_saved_report(path).published is None  # never guessed from the words of the article


def test_folders_of_reports_are_read_in_name_order_with_other_files_left_out(tmp_path, page):
    folder = tmp_path / "reports"
    (folder / "older").mkdir(parents=True)
    for seed in sorted((REPO / "seeds").glob("*.txt"))[1:]:
        (folder / "older" / seed.name).write_bytes(seed.read_bytes())
    (folder / "qusayr.HTML").write_bytes(page.read_bytes())
    (folder / "photo.png").write_bytes(b"\x89PNG")
    (folder / ".hidden").mkdir()
    (folder / ".hidden" / "draft.txt").write_text("Israeli jets struck Qusayr.", encoding="utf-8")
    files = report_files([folder])
    assert [p.relative_to(folder).as_posix() for p in files] == [
        "older/001_d9ce595b45cc305f.txt", "older/002_072127366678c13c.txt", "older/003_57c3b067881c0695.txt",
        "qusayr.HTML"]
    result = CliRunner().invoke(main, ["extract", str(folder)])
    assert result.exit_code == 0, result.output
    documents = {row["source_document"] for row in csv.DictReader(io.StringIO(result.stdout))}
    assert documents == {"001_d9ce595b45cc305f.txt", "002_072127366678c13c.txt", "003_57c3b067881c0695.txt",
                         "qusayr.HTML"}
    assert "from 4 reports" in result.stderr


def test_a_folder_with_no_report_and_a_page_with_no_article_are_named(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.docx").write_bytes(b"PK")
    result = CliRunner().invoke(main, ["extract", str(empty)])
    assert result.exit_code == 2 and f"{empty}: holds no .txt, .html or .htm report" in result.output
    blank = tmp_path / "blank.html"
    blank.write_text("<html><body><nav>Home</nav></body></html>", encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(blank)])
    assert result.exit_code == 2 and f"{blank}: is a web page with no article text" in result.output
    assert "Traceback" not in result.output


def test_without_trafilatura_the_message_says_what_to_install(page, monkeypatch):
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # as if it were not installed
    result = CliRunner().invoke(main, ["extract", str(page)])
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert "python3 -m pip install 'geomap[reports]'" in result.output
