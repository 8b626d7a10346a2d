"""The one strikes reader and the schema every reader and writer takes its columns from."""

import dataclasses
import json
import subprocess
import sys

import pytest

from geomap.api import export_file, read_strikes
from geomap.errors import BadInput
from geomap.output.page import MAP_COLUMNS, map_data
from geomap.records.schema import EXPORTED_COLUMNS, PAGE_COLUMNS, SCHEMA, Strike
from geomap.records.strikes import load_strikes

from conftest import DATA, REPO


def _file_with_rows(tmp_path, rows: list[dict[str, str]]):
    header = (DATA / "strikes.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    good = dict.fromkeys(header, "")
    good.update(date="2021-01-13", place="Homs", attribution="alleged", source_document="doc.txt")
    lines = [",".join(header)]
    for n, changes in enumerate(rows, start=1):
        values = {**good, "id": f"X{n}", **changes}
        lines.append(",".join(values[c] for c in header))
    path = tmp_path / "strikes.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_strike_record_has_a_field_per_schema_column():
    assert [f.name for f in dataclasses.fields(Strike)] == [c.name for c in SCHEMA] + ["row"]


def test_the_page_and_the_exports_carry_every_column_the_schema_sends_them(tmp_path):
    table = read_strikes(DATA / "strikes.csv", DATA / "gazetteer.csv")
    data = map_data(table, title="t")
    assert data["columns"] == list(MAP_COLUMNS)
    assert set(PAGE_COLUMNS) <= set(data["columns"])
    out = tmp_path / "strikes.geojson"
    export_file(out, fmt="geojson", strikes_path=DATA / "strikes.csv", gazetteer_path=DATA / "gazetteer.csv")
    feature = json.loads(out.read_text(encoding="utf-8"))["features"][0]
    assert set(EXPORTED_COLUMNS) <= set(feature["properties"])


def test_a_bad_value_is_checked_once_and_traced_to_every_row_that_holds_it(tmp_path):
    path = _file_with_rows(tmp_path, [{}] + [{"killed": "many"}] * 6 + [{"killed": "few"}])
    with pytest.raises(BadInput) as caught:
        load_strikes(path)
    lines = [(p.row, p.field, p.message) for p in caught.value.problems]
    many = "'many' is not a count; expected a whole number of 0 or more, or empty when not reported"
    assert lines[:3] == [(3, "killed", many), (4, "killed", many), (5, "killed", many)]
    assert lines[3] == (6, "killed", "'many' again, and in 2 more rows after this one (the last is row 8); "
                                     "the same fix covers them all")
    assert lines[4][:2] == (9, "killed") and "'few'" in lines[4][2]
    assert len(lines) == 5


def test_rules_across_rows_name_the_first_row(tmp_path):
    path = _file_with_rows(tmp_path, [
        {"operation": "OP", "casualty_scope": "operation", "killed": "3"},
        {"operation": "OP", "casualty_scope": "operation", "killed": "4"},
        {"id": "X1"},
    ])
    with pytest.raises(BadInput) as caught:
        load_strikes(path)
    assert [(p.row, p.field) for p in caught.value.problems] == [(3, "casualty_scope"), (4, "id")]
    assert "casualties on row 2" in caught.value.problems[0].message
    assert "already the id of row 2" in caught.value.problems[1].message


def test_where_keeps_rows_by_their_cells_as_written_before_any_check(tmp_path):
    path = _file_with_rows(tmp_path, [{"actor": "Israel"}, {"actor": "Russia", "killed": "many"}])
    table = read_strikes(path, DATA / "gazetteer.csv", where=["actor=Israel"])
    assert list(table.fields["id"]) == ["X1"] and list(table.rows) == [2]
    with pytest.raises(BadInput):
        read_strikes(path, DATA / "gazetteer.csv", where=["actor=Russia"])


def _python(code: str) -> str:
    """What a fresh Python process running ``code`` in the checkout prints."""
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=REPO).stdout


def test_the_build_command_does_not_import_pandas_for_geomap_csv(tmp_path):
    out = _python("import sys\nfrom geomap.cli import main\n"
                  f"try:\n    main(['build', '-o', {str(tmp_path / 'm.html')!r}])\nexcept SystemExit:\n    pass\n"
                  "import folium.utilities\n"
                  "print('pandas' in sys.modules, folium.utilities.pd is None)")
    assert out.strip().splitlines()[-1] == "False True"
    assert (tmp_path / "m.html").stat().st_size > 10_000


def test_the_library_leaves_folium_s_dataframe_support_alone(tmp_path):
    out = _python("import sys\nfrom geomap.api import build_map_file\n"
                  f"build_map_file({str(tmp_path / 'm.html')!r}, strikes_path='data/strikes.csv', "
                  "gazetteer_path='data/gazetteer.csv')\n"
                  "import folium.utilities\nprint(folium.utilities.pd is not None)")
    assert out.strip() == "True"


def test_every_reader_fills_every_schema_column(tmp_path):
    from geomap.records.acled import acled_columns
    from geomap.records.schema import ALL_STRIKE_COLUMNS

    export = tmp_path / "acled.csv"
    export.write_text("event_id_cnty,event_date,latitude,longitude,location\n"
                      "SYR1,2021-01-13,34.45,40.92,Abu Kamal\n", encoding="utf-8")
    assert set(acled_columns(export).fields) == set(ALL_STRIKE_COLUMNS)
    assert set(read_strikes(DATA / "strikes.csv", DATA / "gazetteer.csv").fields) == set(ALL_STRIKE_COLUMNS)


def test_blank_rows_are_skipped_even_when_their_cells_hold_spaces(tmp_path):
    header, first, *rest = (DATA / "strikes.csv").read_text(encoding="utf-8").splitlines()
    blank = ",".join(["  "] * (header.count(",") + 1))
    path = tmp_path / "strikes.csv"
    path.write_text("\n".join([header, first, blank, *rest]) + "\n", encoding="utf-8")
    strikes = load_strikes(path)
    assert len(strikes) == 12 and [s.row for s in strikes[:2]] == [2, 4]
