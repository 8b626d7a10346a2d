"""ACLED exports: recognised by header, mapped onto geomap's records, filtered with --where."""

import csv
import json

import pytest
from click.testing import CliRunner

from geomap.records.acled import load_acled, looks_like_acled
from geomap.records.where import parse_where
from geomap.cli import main
from geomap.errors import BadInput

COLUMNS = ["event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type",
           "actor1", "actor2", "country", "admin1", "location", "latitude", "longitude", "geo_precision",
           "source", "notes", "fatalities"]
ROWS = [
    ["SYR1001", "2021-01-13", "2021", "1", "Explosions/Remote violence", "Air/drone strike",
     "Military Forces of Israel (2000-)", "Military Forces of Iran (1979-)", "Syria", "Deir ez-Zor",
     "Deir ez-Zor", "35.3359", "40.1408", "1", "SOHR; SANA", "Israeli strikes hit warehouses.", "23"],
    ["SYR1002", "15 February 2021", "2021", "2", "Explosions/Remote violence", "Air/drone strike",
     "Unidentified Military Forces", "", "Syria", "Rural Damascus", "Al Kiswah", "33.3581", "36.2419", "2",
     "SOHR", "", "2"],
    ["SYR1003", "2022-11-08", "2022", "3", "Explosions/Remote violence", "Shelling/artillery/missile attack",
     "Military Forces of Turkey (2016-)", "", "Syria", "Aleppo", "Tell Rifaat", "36.4731", "37.0972", "3",
     "Step News Agency", "<script>alert(1)</script>", "0"],
]


def write(path, rows, columns=COLUMNS):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        writer.writerows(rows)
    return path


def test_header_identifies_an_acled_export(tmp_path, located):
    assert looks_like_acled(write(tmp_path / "a.csv", ROWS))
    assert not looks_like_acled("data/strikes.csv")


def test_rows_map_onto_strikes_with_their_own_coordinates_and_precisions(tmp_path):
    located = load_acled(write(tmp_path / "acled.csv", ROWS))
    by_id = {item.strike.id: item for item in located}
    first, second, third = by_id["SYR1001"], by_id["SYR1002"], by_id["SYR1003"]
    assert (first.latitude, first.longitude) == (35.3359, 40.1408)
    assert (first.strike.date, first.strike.date_label, first.strike.killed) == ("2021-01-13", "13 Jan 2021", 23)
    assert first.strike.sources == ("SOHR", "SANA") and first.strike.attribution == "alleged"
    assert first.strike.actor == "Military Forces of Israel (2000-)" and first.strike.target.startswith("Military Forces of Iran")
    assert first.place.country == "SY" and first.place.province == "Deir ez-Zor"
    assert first.strike.source_document == "acled.csv" and first.strike.row == 2
    assert (second.strike.date_precision, second.strike.date_label) == ("week", "week of 15 Feb 2021")
    assert (second.strike.first_day.isoformat(), second.strike.last_day.isoformat()) == ("2021-02-12", "2021-02-18")
    assert second.strike.attribution == "unattributed" and second.strike.location_precision == "near"
    assert second.radius_km == 5.0
    assert (third.strike.date, third.strike.date_label) == ("2022-11", "Nov 2022")
    assert third.strike.location_precision == "province" and third.radius_km == 50.0


def test_where_selects_rows(tmp_path):
    path = write(tmp_path / "acled.csv", ROWS)
    kept = load_acled(path, where=parse_where(["sub_event_type=Air/drone strike"]))
    assert [item.strike.id for item in kept] == ["SYR1001", "SYR1002"]
    both = load_acled(path, where=parse_where(["sub_event_type=Air/drone strike", "admin1=Deir ez-Zor"]))
    assert [item.strike.id for item in both] == ["SYR1001"]
    with pytest.raises(BadInput, match="is not COLUMN=VALUE"):
        parse_where(["sub_event_type"])


def test_bad_cells_are_reported_by_row_and_field(tmp_path):
    rows = [list(r) for r in ROWS]
    rows[0][1] = "2021-02-30"
    rows[1][11] = "133.4"
    rows[1][16] = "-1"
    rows[2][0] = "SYR1001"
    rows[2][3] = "7"
    path = write(tmp_path / "acled.csv", rows)
    with pytest.raises(BadInput) as caught:
        load_acled(path)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}, row 2, field 'event_date': '2021-02-30' is not a date; expected YYYY-MM-DD or '13 January 2021'",
        f"{path}, row 3, field 'latitude': '133.4' is not a latitude (a number from -90 to 90)",
        f"{path}, row 3, field 'fatalities': '-1' is not a count; expected a whole number of 0 or more (at most 100,000)",
        f"{path}, row 4, field 'event_id_cnty': 'SYR1001' is used by an earlier row; ids must be unique",
        f"{path}, row 4, field 'time_precision': '7' is not an ACLED time precision (1, 2 or 3)",
    ]


def test_build_and_export_take_an_acled_export(tmp_path):
    path = write(tmp_path / "acled.csv", ROWS)
    out = tmp_path / "map.html"
    runner = CliRunner()
    result = runner.invoke(main, ["build", "-o", str(out), "--strikes", str(path),
                                  "--where", "sub_event_type=Air/drone strike"])
    assert result.exit_code == 0, result.output
    assert result.stderr.strip() == f"wrote {out} (2 strikes)"
    exported = runner.invoke(main, ["export", "--strikes", str(path)])
    features = json.loads(exported.stdout)["features"]
    assert [f["geometry"]["coordinates"] for f in features][0] == [40.1408, 35.3359]
    assert features[2]["properties"]["summary"] == "<script>alert(1)</script>"  # data, shown as text on the map


@pytest.mark.parametrize("written", ["1e3", "3.0", "99999999999999999999", "٣", "100001"])
def test_fatalities_are_plain_whole_numbers_with_a_ceiling(tmp_path, written):
    rows = [list(r) for r in ROWS]
    rows[0][16] = written
    path = write(tmp_path / "acled.csv", rows)
    with pytest.raises(BadInput) as caught:
        load_acled(path)
    (problem,) = caught.value.problems
    assert (problem.row, problem.field) == (2, "fatalities") and "at most 100,000" in problem.message
