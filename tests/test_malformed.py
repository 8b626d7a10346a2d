"""A corpus of malformed input files, each with the exact message it must produce and its exit status.

Each file in ``tests/malformed/`` is validated and built as a user would, from
that folder; the messages name the file, the row as a spreadsheet shows it,
and the field.  ``build`` must refuse with the same messages and write nothing.
"""

import subprocess
import sys

import pytest

from conftest import REPO

FOLDER = REPO / "tests" / "malformed"
NOTHING_WRITTEN = "Nothing was written. Fix the rows above and run the command again."

# file -> (exit status, exact standard error without the closing line)
EXPECTED = {
    'acled_coordinates.csv': (2, [
        'geomap: 2 problems in the input:',
        "  acled_coordinates.csv, row 2, field 'latitude': 'north' is not a latitude (a number from -90 to 90)",
        "  acled_coordinates.csv, row 2, field 'longitude': '200' is not a longitude (a number from -180 to 180)",
    ]),
    'acled_date.csv': (2, [
        'geomap: 1 problem in the input:',
        "  acled_date.csv, row 2, field 'event_date': '13/01/2021' is not a date; expected YYYY-MM-DD or '13 January 2021'",
    ]),
    'acled_fatalities_and_geo_precision.csv': (2, [
        'geomap: 2 problems in the input:',
        "  acled_fatalities_and_geo_precision.csv, row 3, field 'fatalities': 'two' is not a count; expected a whole number of 0 or more (at most 100,000)",
        "  acled_fatalities_and_geo_precision.csv, row 4, field 'geo_precision': '0' is not an ACLED geo precision (1, 2 or 3)",
    ]),
    'acled_missing_latitude.csv': (2, [
        'geomap: 1 problem in the input:',
        '  acled_missing_latitude.csv, row 1: missing column(s): latitude',
    ]),
    'attribution_unknown.csv': (2, [
        'geomap: 1 problem in the input:',
        "  attribution_unknown.csv, row 2, field 'attribution': 'confirmed' is not one of: claimed, alleged, unattributed",
    ]),
    'bom_is_fine.csv': (0, [
    ]),
    'date_impossible.csv': (2, [
        'geomap: 1 problem in the input:',
        "  date_impossible.csv, row 2, field 'date': '2021-02-30' is not a real date (day is out of range for month)",
    ]),
    'date_wrong_format.csv': (2, [
        'geomap: 1 problem in the input:',
        "  date_wrong_format.csv, row 2, field 'date': '13/01/2021' is not a date; expected YYYY-MM-DD, or YYYY-MM when only the month is known",
    ]),
    'duplicate_column.csv': (2, [
        'geomap: 1 problem in the input:',
        '  duplicate_column.csv, row 1: duplicate column(s): date',
    ]),
    'duplicate_id.csv': (2, [
        'geomap: 1 problem in the input:',
        "  duplicate_id.csv, row 3, field 'id': 'S1' is already the id of row 2; ids must be unique",
    ]),
    'empty.csv': (2, [
        'geomap: 1 problem in the input:',
        '  empty.csv: is empty; expected a header row and data rows',
    ]),
    'empty_required_cells.csv': (2, [
        'geomap: 3 problems in the input:',
        "  empty_required_cells.csv, row 2, field 'id': is empty",
        "  empty_required_cells.csv, row 2, field 'place': is empty",
        "  empty_required_cells.csv, row 2, field 'source_document': is empty",
    ]),
    'gazetteer_bad_kind_and_country.csv': (2, [
        'geomap: 2 problems in the input:',
        "  gazetteer_bad_kind_and_country.csv, row 2, field 'kind': 'metropolis' is not one of: city, town, village, neighbourhood, shrine, airport, military site, research site, hospital, camp, dam, bridge, road, border crossing, river crossing, border area, subdistrict, district, desert area, region, province, country",
        "  gazetteer_bad_kind_and_country.csv, row 2, field 'country': 'Syria' is not a two-letter ISO country code",
    ]),
    'gazetteer_latitude_out_of_range.csv': (2, [
        'geomap: 1 problem in the input:',
        "  gazetteer_latitude_out_of_range.csv, row 2, field 'latitude': '134.7' is not a latitude (a number from -90 to 90)",
    ]),
    'gazetteer_missing_source.csv': (2, [
        'geomap: 1 problem in the input:',
        "  gazetteer_missing_source.csv, row 2, field 'coord_source': is empty",
    ]),
    'gazetteer_outside_country.csv': (2, [
        'geomap: 1 problem in the input:',
        "  gazetteer_outside_country.csv, row 2, field 'latitude': 48.85, 2.35 lies outside SY (about 32.3 to 37.4 N, 35.6 to 42.5 E)",
    ]),
    'gazetteer_spelling_two_places.csv': (2, [
        'geomap: 1 problem in the input:',
        "  gazetteer_spelling_two_places.csv, row 3, field 'aliases': 'Quseir' would name both 'homs' and 'qusayr' (row 2), whose spelling 'Quseir' reads the same; one spelling must name one place",
    ]),
    'gazetteer_swapped.csv': (2, [
        'geomap: 1 problem in the input:',
        "  gazetteer_swapped.csv, row 2, field 'latitude': latitude 36.72559 and longitude 34.72405 look swapped: the other way round they fall inside SY",
    ]),
    'header_only.csv': (2, [
        'geomap: 1 problem in the input:',
        '  header_only.csv: has a header but no data rows',
    ]),
    'injured_not_a_number.csv': (2, [
        'geomap: 1 problem in the input:',
        "  injured_not_a_number.csv, row 2, field 'injured': 'dozens' is not a count; expected a whole number of 0 or more, or empty when not reported",
    ]),
    'killed_fraction.csv': (2, [
        'geomap: 1 problem in the input:',
        "  killed_fraction.csv, row 2, field 'killed': '2.5' is not a count; expected a whole number of 0 or more, or empty when not reported",
    ]),
    'killed_negative.csv': (2, [
        'geomap: 1 problem in the input:',
        "  killed_negative.csv, row 2, field 'killed': '-2' is not a count; expected a whole number of 0 or more, or empty when not reported",
    ]),
    'location_precision_unknown.csv': (2, [
        'geomap: 1 problem in the input:',
        "  location_precision_unknown.csv, row 2, field 'location_precision': 'exact' is not one of: site, town, near, area, province",
    ]),
    'missing_column.csv': (2, [
        'geomap: 1 problem in the input:',
        '  missing_column.csv, row 1: missing column(s): attribution',
    ]),
    'month_impossible.csv': (2, [
        'geomap: 1 problem in the input:',
        "  month_impossible.csv, row 2, field 'date': '2021-13' is not a real month",
    ]),
    'not_utf8.csv': (2, [
        'geomap: 1 problem in the input:',
        "  not_utf8.csv, row 3: is not UTF-8 (byte 0xe7 at offset 96); save it as 'CSV UTF-8'",
    ]),
    'nul_bytes.csv': (2, [
        'geomap: 1 problem in the input:',
        '  nul_bytes.csv: holds NUL bytes; is it a CSV text file?',
    ]),
    'operation_casualties_twice.csv': (2, [
        'geomap: 1 problem in the input:',
        "  operation_casualties_twice.csv, row 3, field 'casualty_scope': operation 'OP1' already has its casualties on row 2; record them once",
    ]),
    'operation_scope_without_operation.csv': (2, [
        'geomap: 1 problem in the input:',
        "  operation_scope_without_operation.csv, row 2, field 'casualty_scope': is 'operation' but the 'operation' field is empty",
    ]),
    'place_unknown.csv': (2, [
        'geomap: 1 problem in the input:',
        "  place_unknown.csv, row 2, field 'place': 'Qsayr' is not in the gazetteer (../../data/gazetteer.csv); did you mean: Al Qusayr (Homs, SY), Al Quşayr (Tartous, SY), Al Quşayr (Aleppo, SY), Al Quşayr (Deir-ez-Zor, SY), Al-Qusayr (Al-Hasakeh, SY)? Add it, or a spelling of it, to the gazetteer.",
    ]),
    'precision_day_for_month.csv': (2, [
        'geomap: 1 problem in the input:',
        "  precision_day_for_month.csv, row 2, field 'date_precision': 'day' does not fit the date '2021-02', which gives a month",
    ]),
    'precision_month_for_day.csv': (2, [
        'geomap: 1 problem in the input:',
        "  precision_month_for_day.csv, row 2, field 'date_precision': 'month' does not fit the date '2021-02-15', which gives a day",
    ]),
    'precision_unknown.csv': (2, [
        'geomap: 1 problem in the input:',
        "  precision_unknown.csv, row 2, field 'date_precision': 'fortnight' is not one of: day, week, month",
    ]),
    'ragged_row.csv': (2, [
        'geomap: 1 problem in the input:',
        '  ragged_row.csv, row 2: has 6 cells, the header has 5; is a comma inside a cell missing its quotes?',
    ]),
    'semicolons.csv': (2, [
        'geomap: 1 problem in the input:',
        "  semicolons.csv, row 1: columns are separated by ';', expected ','; save it as comma-separated CSV",
    ]),
    'several_problems.csv': (2, [
        'geomap: 5 problems in the input:',
        "  several_problems.csv, row 2, field 'date': '2021-02-30' is not a real date (day is out of range for month)",
        "  several_problems.csv, row 2, field 'killed': '-1' is not a count; expected a whole number of 0 or more, or empty when not reported",
        "  several_problems.csv, row 3, field 'id': 'S1' is already the id of row 2; ids must be unique",
        "  several_problems.csv, row 3, field 'attribution': 'maybe' is not one of: claimed, alleged, unattributed",
        "  several_problems.csv, row 3, field 'place': 'Nowhereville' is not in the gazetteer (../../data/gazetteer.csv); did you mean: Aflā (Dihok, IQ), Avi’el (IL), Narāq (IR), Hermel (Baalbek-Hermel, LB), Northere (Ninawa, IQ)? Add it, or a spelling of it, to the gazetteer.",
    ]),
    'time_impossible.csv': (2, [
        'geomap: 1 problem in the input:',
        "  time_impossible.csv, row 2, field 'time_local': '25:10' is not a time; expected HH:MM (24-hour) or one of: early morning, morning, afternoon, evening, night",
    ]),
    'unclosed_quote.csv': (2, [
        'geomap: 1 problem in the input:',
        '  unclosed_quote.csv, row 2: is not valid CSV (unexpected end of data)',
    ]),
    'unknown_column.csv': (2, [
        'geomap: 1 problem in the input:',
        "  unknown_column.csv, row 1: unknown column(s): 'casualties'; expected only: id, date, place, attribution, source_document, date_precision, time_local, place_reported, province, location_precision, actor, target, killed, injured, casualty_scope, casualty_source, operation, sources, source_url, summary, notes, evidence, independent_sources",
    ]),
    'url_javascript.csv': (2, [
        'geomap: 1 problem in the input:',
        "  url_javascript.csv, row 2, field 'source_url': 'javascript:alert(document.cookie)' is not an http:// or https:// link",
    ]),
    'url_without_host.csv': (2, [
        'geomap: 1 problem in the input:',
        "  url_without_host.csv, row 2, field 'source_url': 'https:///path' is not an http:// or https:// link",
    ]),
    'utf16.csv': (2, [
        'geomap: 1 problem in the input:',
        "  utf16.csv, row 1: is not UTF-8 (byte 0xff at offset 0); save it as 'CSV UTF-8'",
    ]),
    'whitespace_only.csv': (2, [
        'geomap: 1 problem in the input:',
        '  whitespace_only.csv: is empty; expected a header row and data rows',
    ]),
}


def _args(name: str) -> list[str]:
    if name.startswith("gazetteer_"):
        return ["--gazetteer", name, "--strikes", "../../data/strikes.csv"]
    return ["--strikes", name, "--gazetteer", "../../data/gazetteer.csv"]


def _geomap(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "geomap", *args], cwd=FOLDER,
                          capture_output=True, text=True, timeout=120)


def test_the_corpus_is_complete():
    assert sorted(p.name for p in FOLDER.glob("*.csv")) == sorted(EXPECTED)
    assert sum(1 for status, _ in EXPECTED.values() if status == 2) >= 30


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_validate_gives_the_exact_message(name):
    status, lines = EXPECTED[name]
    result = _geomap("validate", *_args(name))
    assert result.returncode == status
    expected = lines + [NOTHING_WRITTEN] if status == 2 else lines
    assert result.stderr.splitlines() == expected
    assert "Traceback" not in result.stdout + result.stderr
    if status == 0:
        assert result.stdout.startswith(f"{name}: 1 strike, all places resolved")


@pytest.mark.parametrize("name", sorted(n for n, (status, _) in EXPECTED.items() if status == 2))
def test_build_refuses_with_the_same_messages_and_keeps_the_old_map(name, tmp_path):
    out = tmp_path / "map.html"
    out.write_text("the previous map", encoding="utf-8")
    result = _geomap("build", "-o", str(out), *_args(name))
    assert result.returncode == 2
    assert result.stderr.splitlines() == EXPECTED[name][1] + [NOTHING_WRITTEN]
    assert out.read_text(encoding="utf-8") == "the previous map"
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]
