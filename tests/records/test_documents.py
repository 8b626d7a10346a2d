"""data/documents.csv: which outlet published each seed document, and when; read as a library
function and through the CLI."""

import subprocess
import sys

import pytest
from click.testing import CliRunner

from geomap.cli import main
from geomap.errors import BadInput
from geomap.records.documents import read_documents

from conftest import DATA, REPO


def test_the_bundled_documents_name_every_seed_with_its_outlet_and_date():
    documents = read_documents(DATA / "documents.csv")
    seeds = sorted(path.name for path in (REPO / "seeds").glob("*.txt"))
    assert sorted(documents) == seeds
    assert documents["000_b4d698a8e3fc841c.txt"].citation == "The National, 7 Nov 2024"
    assert documents["001_d9ce595b45cc305f.txt"].citation == "SOFREP, Jan 2021"  # only the month is known
    assert all(d.url.startswith("https://") for d in documents.values())


def test_a_title_is_quoted_and_an_unknown_outlet_is_left_out(tmp_path):
    path = tmp_path / "documents.csv"
    path.write_text("document,published,title\na.txt,2023-01-30,Drones hit a convoy\nb.txt,,\n", encoding="utf-8")
    documents = read_documents(path)
    assert documents["a.txt"].citation == "30 Jan 2023: \u201cDrones hit a convoy\u201d"
    assert documents["b.txt"].citation == ""


def test_bad_rows_are_named_by_file_row_and_field(tmp_path):
    path = tmp_path / "documents.csv"
    path.write_text("document,published,url\nx.txt,2021-13,javascript:alert(1)\nx.txt,,\n,2021-01,\n",
                    encoding="utf-8")
    with pytest.raises(BadInput) as caught:
        read_documents(path)
    found = {(p.row, p.field) for p in caught.value.problems}
    assert found == {(2, "published"), (2, "url"), (3, "document"), (4, "document")}
    assert all(p.file == str(path) for p in caught.value.problems)


def test_an_unknown_column_is_refused(tmp_path):
    path = tmp_path / "documents.csv"
    path.write_text("document,publisher\na.txt,AP\n", encoding="utf-8")
    with pytest.raises(BadInput, match="unknown column"):
        read_documents(path)


def test_validate_and_build_check_the_documents_beside_the_strikes(tmp_path):
    strikes = tmp_path / "strikes.csv"
    strikes.write_bytes((DATA / "strikes.csv").read_bytes())
    (tmp_path / "documents.csv").write_text("document,published\n000_b4d698a8e3fc841c.txt,2024-02-30\n",
                                            encoding="utf-8")
    out = tmp_path / "map.html"
    out.write_text("the old map", encoding="utf-8")
    runner = CliRunner()
    for args in (["validate"], ["build", "-o", str(out)]):
        result = runner.invoke(main, [*args, "--strikes", str(strikes), "--gazetteer", str(DATA / "gazetteer.csv")])
        assert result.exit_code == 2, result.output
        assert f"{tmp_path / 'documents.csv'}, row 2, field 'published'" in result.output
        assert "Traceback" not in result.output
    assert out.read_text(encoding="utf-8") == "the old map"  # nothing lost


def test_the_cli_reads_the_bundled_documents_as_a_process():
    result = subprocess.run([sys.executable, "-m", "geomap", "validate"], capture_output=True, text=True,
                            timeout=120, cwd=REPO / "tests")
    assert result.returncode == 0, result.stderr
    assert "documents.csv: 4 documents, valid" in result.stdout
