"""geomap CSV files of a megabyte or more are parsed by pyarrow; they must read exactly as the text road reads them."""

import csv
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geomap.api import read_strikes
from geomap.errors import BadInput
from geomap.records import table as table_module
from geomap.records.coded import ArrowText, Coded
from geomap.records.schema import ALL_STRIKE_COLUMNS
from geomap.records.table import ProblemList, check_cells, read_cells, split_columns

from conftest import DATA

# Cells as people and reports write them: padding (Python's every kind of space, which Arrow's own trim
# does not all know), quotes, commas, line breaks, Arabic, right-to-left marks, empty cells.
CELL = st.lists(st.sampled_from(list("ab ,\"\n\r\t\u00a0\u2003\x1c\u200f") + ["دير", "Homs", "1", "2021-01"]),
                max_size=6).map("".join)


def _csv(header, rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def _as_lists(cells) -> dict[str, list]:
    return {name: list(column) for name, column in cells.items()}


@pytest.fixture
def arrow_for_every_size(monkeypatch):
    monkeypatch.setattr(table_module, "ARROW_FROM_BYTES", 0)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(CELL, CELL, CELL), min_size=1, max_size=12), repeat=st.integers(1, 3))
def test_the_arrow_road_reads_every_valid_file_as_the_text_road_does(tmp_path, arrow_for_every_size, rows, repeat):
    header = ["id", "date", "place", "attribution", "source_document", "summary"]
    body = [[f" X{n} ", date, place, "alleged", doc, "s"] for n, (date, place, doc) in enumerate(rows * repeat)]
    text = _csv(header, body)
    path = tmp_path / "strikes.csv"
    path.write_bytes(text.encode("utf-8"))
    arrow = table_module._arrow_cells(path, ())
    try:
        expected = split_columns(str(path), text)
    except BadInput:  # Python's writer leaves a lone "\r" unquoted; both roads then refuse the row
        assert arrow is None
        return
    assert arrow is not None
    assert _as_lists(arrow.cells) == _as_lists(expected.cells)
    assert list(arrow.rows) == list(expected.rows)
    # Checked and converted, the two roads give the same values and the same problems.
    found_arrow, found_text = ProblemList(arrow.origin), ProblemList(expected.origin)
    fields_arrow = check_cells(arrow.cells, found_arrow)
    fields_text = check_cells(expected.cells, found_text)
    assert _as_lists(fields_arrow) == _as_lists(fields_text)
    assert found_arrow.sorted() == found_text.sorted()


def test_repeating_columns_are_coded_and_distinct_ones_stay_in_arrow(tmp_path, arrow_for_every_size):
    header = list(ALL_STRIKE_COLUMNS)
    rows = []
    for n in range(3000):
        row = dict.fromkeys(header, "")
        row.update(id=f"S{n}", date="2021-01-13", place="Homs" if n % 2 else "Deir ez-Zor", attribution="alleged",
                   source_document="doc.txt", summary=f"Strike number {n}.")
        rows.append([row[c] for c in header])
    path = tmp_path / "strikes.csv"
    path.write_text(_csv(header, rows), encoding="utf-8")
    cells = read_cells(path).cells
    assert isinstance(cells["id"], ArrowText) and isinstance(cells["summary"], ArrowText)
    assert isinstance(cells["place"], Coded) and cells["place"].values == ["Deir ez-Zor", "Homs"]
    table = read_strikes(path, DATA / "gazetteer.csv")
    assert len(table) == 3000 and {p.name for p in table.places} == {"Deir ez-Zor", "Homs"}


@pytest.mark.parametrize("body, row, message", [
    ("X1,2021-01-13,Homs,alleged,d\n\nX2,2021-01-13,Homs,alleged,d\n,2021-01-13,Homs,alleged,d\n", 5, "is empty"),
    ("X1,2021-01-13,Homs,alleged,d\nX2,2021-01-13,Homs,alleged\n", 3, "has 4 cells, the header has 5"),
    ('X1,2021-01-13,"Homs,alleged,d\n', None, "is not valid CSV"),
])
def test_a_file_pyarrow_cannot_read_as_it_is_gets_the_text_roads_message(tmp_path, arrow_for_every_size,
                                                                       body, row, message):
    path = tmp_path / "strikes.csv"
    path.write_text("id,date,place,attribution,source_document\n" + body, encoding="utf-8")
    with pytest.raises(BadInput) as caught:
        read_strikes(path, DATA / "gazetteer.csv")
    problem = caught.value.problems[0]
    assert message in problem.message and problem.file == str(path)
    if row is not None:
        assert problem.row == row


def test_a_blank_line_keeps_every_later_row_its_number(tmp_path, arrow_for_every_size):
    path = tmp_path / "strikes.csv"
    path.write_text("id,date,place,attribution,source_document\nX1,2021-01-13,Homs,alleged,d\n\n"
                    "X2,2021-13-13,Homs,alleged,d\n", encoding="utf-8")
    with pytest.raises(BadInput) as caught:
        read_strikes(path, DATA / "gazetteer.csv")
    assert [(p.row, p.field) for p in caught.value.problems] == [(4, "date")]


def test_a_large_file_takes_the_arrow_road_without_being_told(tmp_path):
    header = list(ALL_STRIKE_COLUMNS)
    row = dict.fromkeys(header, "")
    row.update(date="2021-01-13", place="Homs", attribution="alleged", source_document="doc.txt")
    rows = [[{**row, "id": f"S{n}", "summary": f"A sentence of its own, number {n}, " + "x" * 80}[c]
             for c in header] for n in range(table_module.ARROW_FROM_BYTES // 100)]
    path = tmp_path / "strikes.csv"
    path.write_text(_csv(header, rows), encoding="utf-8")
    assert path.stat().st_size >= table_module.ARROW_FROM_BYTES
    assert isinstance(read_cells(path).cells["summary"], ArrowText)
