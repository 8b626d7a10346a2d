"""The commands, run as a user runs them (click's CliRunner), with their exit codes and output."""

import io
import json
import re

import pytest
from click.testing import CliRunner

from geomap.cli import main

from conftest import DATA, REPO

DATA_ARGS = ["--strikes", str(DATA / "strikes.csv"), "--gazetteer", str(DATA / "gazetteer.csv")]


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input)


def test_build_writes_the_map(tmp_path):
    out = tmp_path / "map.html"
    result = run("build", "-o", str(out), *DATA_ARGS)
    assert result.exit_code == 0, result.output
    assert result.stderr.strip() == f"wrote {out} (12 strikes)"
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and 'id="geomap-data"' in html


def test_build_uses_the_bundled_data_by_default(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no data/ here: the bundled files are used
    result = run("build")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "map.html").stat().st_size > 10_000


def test_bad_input_exits_2_names_the_cell_and_keeps_the_old_map(tmp_path):
    out = tmp_path / "map.html"
    out.write_text("previous map", encoding="utf-8")
    bad = tmp_path / "strikes.csv"
    text = (DATA / "strikes.csv").read_text(encoding="utf-8").replace("2021-01-13,day", "2021-01-32,day", 1)
    bad.write_text(text, encoding="utf-8")
    result = run("build", "-o", str(out), "--strikes", str(bad), "--gazetteer", str(DATA / "gazetteer.csv"))
    assert result.exit_code == 2
    assert f"{bad}, row 4, field 'date': '2021-01-32' is not a real date" in result.stderr
    assert "Traceback" not in result.output + result.stderr
    assert out.read_text(encoding="utf-8") == "previous map"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".map.html")] == []


def test_unknown_place_is_bad_input_with_suggestions(tmp_path):
    bad = tmp_path / "strikes.csv"
    bad.write_text((DATA / "strikes.csv").read_text(encoding="utf-8").replace(",Al Kiswah,", ",Al Kuswa,"), encoding="utf-8")
    result = run("validate", "--strikes", str(bad), "--gazetteer", str(DATA / "gazetteer.csv"))
    assert result.exit_code == 2
    assert re.search(r"row 7, field 'place': 'Al Kuswa' in 'Rif Dimashq' is not in the gazetteer .*did you mean: .*Al Kiswah",
                     result.stderr)


def test_validate_passes_on_the_bundled_data():
    result = run("validate", *DATA_ARGS)
    assert result.exit_code == 0
    assert "12 strikes, all places resolved" in result.stdout


def test_geocode_json_gives_one_object_per_name():
    result = run("geocode", "--json", "Al-Bokamal", "Deir el-Zour", "--gazetteer", str(DATA / "gazetteer.csv"))
    assert result.exit_code == 0, result.output
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["name"] for o in objects] == ["Al-Bukamal", "Deir ez-Zor"]
    for o in objects:
        assert {"query", "name", "latitude", "longitude", "kind", "country", "precision_km",
                "source", "confidence", "matched"} <= set(o)
    assert objects[0]["query"] == "Al-Bokamal" and objects[0]["country"] == "SY"


def test_geocode_reads_names_from_stdin():
    result = run("geocode", input="El-Kisweh\n\nAbu Kamal\n")
    assert result.exit_code == 0
    assert [line.split("\t")[1] for line in result.stdout.splitlines()] == ["Al Kiswah", "Al-Bukamal"]


def test_geocode_unknown_name_exits_1_with_suggestions():
    result = run("geocode", "Homs", "Qsayr")
    assert result.exit_code == 1
    assert result.stdout.startswith("Homs\tHoms\t")
    # The curated town first, then its Syrian namesakes, each with its province to tell them apart.
    assert ("no place matches 'Qsayr' with confidence; suggestions: Al Qusayr (Homs, SY, 0.91), "
            "Al Quşayr (Tartous, SY, 0.91)") in result.stderr


def test_geocode_without_names_is_a_usage_error():
    result = run("geocode", input="")
    assert result.exit_code == 2


def test_bad_gazetteer_file_is_reported_not_a_traceback(tmp_path):
    gaz = tmp_path / "gaz.csv"
    gaz.write_bytes(b"\xff\xfeid,name\n")
    result = run("geocode", "Homs", "--gazetteer", str(gaz))
    assert result.exit_code == 2
    assert f"{gaz}, row 1: is not UTF-8" in result.stderr
    assert "Traceback" not in result.stderr


COMMANDS = sorted(main.commands)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example_and_is_in_the_readme(command):
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Example:" in result.stdout
    assert f"geomap {command}" in (REPO / "README.md").read_text(encoding="utf-8")


def test_commands_that_need_no_map_never_import_folium_or_pandas():
    import subprocess
    import sys

    code = ("import sys\nfrom geomap.cli import main\n"
            "try:\n    main(['geocode', 'Homs'])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('folium', 'pandas', 'branca') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip().splitlines()[-1] == "[]"


def _strikes_naming(tmp_path, place):
    strikes = tmp_path / "strikes.csv"
    text = (DATA / "strikes.csv").read_text(encoding="utf-8").replace(",Al Kiswah,", f",{place},", 1).replace(
        '(SOHR: Al-Kiswa)",Rif Dimashq,', '(SOHR: Al-Kiswa)",,', 1)  # no province: the place alone decides
    strikes.write_text(text, encoding="utf-8")
    return strikes


def test_build_places_a_town_only_the_regional_table_knows_and_says_so(tmp_path):
    strikes = _strikes_naming(tmp_path, "Saraqeb")
    out = tmp_path / "map.html"
    result = run("build", "-o", str(out), "--strikes", str(strikes), "--gazetteer", str(DATA / "gazetteer.csv"))
    assert result.exit_code == 0, result.output
    assert ("geomap: 'Saraqeb' is not in the curated gazetteer; placed at Saraqab "
            "(SY, OCHA community C3916; GeoNames 164816 0.3 km away) from regional.") in result.stderr
    assert "Saraqab" in out.read_text(encoding="utf-8")


def test_curated_only_refuses_what_the_curated_gazetteer_lacks(tmp_path):
    strikes = _strikes_naming(tmp_path, "Saraqeb")
    result = run("validate", "--curated-only", "--strikes", str(strikes), "--gazetteer", str(DATA / "gazetteer.csv"))
    assert result.exit_code == 2
    assert "field 'place': 'Saraqeb' is not in the gazetteer" in result.stderr


def test_region_must_be_country_codes():
    result = run("geocode", "--region", "Syria", "Homs")
    assert result.exit_code == 2
    assert "is not a list of two-letter country codes" in result.output


def test_geocode_json_for_an_ambiguous_name_lists_suggestions():
    result = run("geocode", "--json", "Sinjar")
    assert result.exit_code == 1
    answer = json.loads(result.stdout)
    assert answer["name"] is None
    assert {s["country"] for s in answer["suggestions"]} == {"SY", "IQ"}


def _strikes_with(tmp_path, rows):
    """A strikes file of the bundled columns whose rows name (place, province)."""
    import csv

    from geomap.records.strikes import ALL_STRIKE_COLUMNS

    path = tmp_path / "strikes.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, ALL_STRIKE_COLUMNS)
        writer.writeheader()
        for number, (place, province) in enumerate(rows, 1):
            writer.writerow(dict.fromkeys(ALL_STRIKE_COLUMNS, "") | {
                "id": f"T{number}", "date": "2021-02-15", "place": place, "province": province,
                "attribution": "alleged", "source_document": "002_072127366678c13c.txt"})
    return path


def _exported_places(tmp_path, strikes):
    out = tmp_path / "strikes.geojson"
    result = run("export", "--format", "geojson", "-o", str(out), "--strikes", str(strikes),
                 "--gazetteer", str(DATA / "gazetteer.csv"))
    assert result.exit_code == 0, result.output
    return {f["properties"]["id"]: f for f in json.loads(out.read_text(encoding="utf-8"))["features"]}


# Hezzeh (Ghouta, Rural Damascus) and Hazzeh (Homs): OCHA communities 140 km apart.
GHOUTA_HAZZAH_LAT, HOMS_HAZZAH_LAT = 33.52, 34.7


def test_a_province_column_decides_among_namesakes(tmp_path):
    strikes = _strikes_with(tmp_path, [("Hazzah", "Homs"), ("Hazzah", "Rural Damascus"), ("Saraqeb", "")])
    features = _exported_places(tmp_path, strikes)
    assert abs(features["T1"]["geometry"]["coordinates"][1] - HOMS_HAZZAH_LAT) < 0.3
    assert abs(features["T2"]["geometry"]["coordinates"][1] - GHOUTA_HAZZAH_LAT) < 0.1


def test_a_province_the_place_is_not_in_is_bad_input_naming_it(tmp_path):
    strikes = _strikes_with(tmp_path, [("Saraqeb", "Homs")])
    result = run("validate", "--strikes", str(strikes), "--gazetteer", str(DATA / "gazetteer.csv"))
    assert result.exit_code == 2
    assert "row 2, field 'place': 'Saraqeb' in 'Homs' is not in the gazetteer" in result.stderr
    assert "Saraqab (Idleb, SY)" in result.stderr  # the place itself is suggested


def test_a_file_s_other_strikes_pick_among_namesakes_and_geocode_agrees(tmp_path):
    alone = run("geocode", "Hazzah")
    assert alone.exit_code == 1 and "2 places are called 'Hazzah'" in alone.stdout
    with_ghouta = _exported_places(tmp_path, _strikes_with(tmp_path, [("Hazzah", ""), ("Saqba", ""), ("Douma", "")]))
    assert abs(with_ghouta["T1"]["geometry"]["coordinates"][1] - GHOUTA_HAZZAH_LAT) < 0.1
    together = run("geocode", "--json", "Hazzah", "Saqba", "Douma")
    answer = json.loads(together.stdout.splitlines()[0])
    assert together.exit_code == 0 and answer["province"] == "Rural Damascus"
    assert "where the file's other strikes lie" in answer["reason"]
    assert [answer["latitude"], answer["longitude"]] == with_ghouta["T1"]["geometry"]["coordinates"][::-1]
    # Strikes in both namesakes' provinces: neither is preferred, and the file is refused.
    both = _strikes_with(tmp_path, [("Hazzah", ""), ("Saqba", ""), ("Talbiseh", "")])
    result = run("validate", "--strikes", str(both), "--gazetteer", str(DATA / "gazetteer.csv"))
    assert result.exit_code == 2 and "'Hazzah' is not in the gazetteer" in result.stderr


def test_where_keeps_rows_by_their_cells_as_written_and_checks_only_those(tmp_path):
    """One meaning for geomap's files and ACLED's: the cell as written, kept rows checked."""
    text = (DATA / "strikes.csv").read_text(encoding="utf-8")
    broken = text.replace("2021-01-13,day", "2021-01-32,day", 1)   # a bad date in a row of January 2021
    strikes = tmp_path / "strikes.csv"
    strikes.write_text(broken, encoding="utf-8")
    gazetteer = ["--gazetteer", str(DATA / "gazetteer.csv")]
    out = tmp_path / "s.geojson"
    kept = run("export", "-o", str(out), "--strikes", str(strikes), *gazetteer, "--where", "source_document=002_072127366678c13c.txt")
    assert kept.exit_code == 0, kept.output                       # the bad row is left out, so not checked
    import csv

    ids = sorted(f["id"] for f in json.loads(out.read_text(encoding="utf-8"))["features"])
    expected = sorted(row["id"] for row in csv.DictReader(io.StringIO(text))
                      if row["source_document"] == "002_072127366678c13c.txt")
    assert ids == expected and len(ids) >= 3 and "S003" not in ids   # S003 holds the bad date
    failing = run("validate", "--strikes", str(strikes), *gazetteer, "--where", "attribution=alleged")
    assert failing.exit_code == 2 and "'2021-01-32' is not a real date" in failing.stderr
    unknown = run("validate", "--strikes", str(strikes), *gazetteer, "--where", "sub_event_type=x")
    assert unknown.exit_code == 2 and "--where names a column the file does not have" in unknown.stderr


def test_geocode_is_one_library_call_and_the_command_prints_it():
    """sqlite-utils' rule: the command and geomap.api.geocode give the same answers."""
    from geomap.api import geocode
    from geomap.places.regional import RegionalGazetteer

    names = ["Saraqeb", "Hazzah", "Saqba", "Nowhereville"]
    library = geocode(names, gazetteer_path=DATA / "gazetteer.csv", fallbacks=(RegionalGazetteer(),))
    result = run("geocode", "--json", "--gazetteer", str(DATA / "gazetteer.csv"), *names)
    printed = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.exit_code == 1                                   # Nowhereville is unresolved
    for from_library, from_command in zip(library, printed, strict=True):
        from_library = dict(from_library)
        if from_library["name"] is None:                           # "where" is for the message only
            from_library["suggestions"] = [{k: v for k, v in s.items() if k != "where"}
                                           for s in from_library["suggestions"]]
        assert json.loads(json.dumps(from_library)) == from_command
    assert [a["name"] is None for a in library] == [False, False, False, True]


def test_output_is_utf8_whatever_the_locale_says(tmp_path):
    import subprocess
    import sys

    env = {k: v for k, v in __import__("os").environ.items() if k != "PYTHONUTF8"} | {"PYTHONIOENCODING": "latin-1"}
    done = subprocess.run([sys.executable, "-m", "geomap", "geocode", "--json", "البوكمال"],
                          capture_output=True, env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert json.loads(done.stdout.decode("utf-8"))["query"] == "البوكمال"
    assert b"Traceback" not in done.stderr


def test_many_rows_naming_one_unknown_place_are_summed_up(tmp_path):
    strikes = _strikes_with(tmp_path, [("Homz City Qwx", "")] * 2_000)
    result = run("validate", "--strikes", str(strikes), "--gazetteer", str(DATA / "gazetteer.csv"))
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if "field 'place'" in line]
    assert len(lines) == 4 and all("'Homz City Qwx'" in line for line in lines)
    assert lines[-1].endswith("row 5, field 'place': 'Homz City Qwx' again, and in 1,996 more rows after "
                              "this one (the last is row 2001); the same fix covers them all")


def test_extract_reads_a_report_with_a_turkish_capital_i(tmp_path):
    """"FRİDAY" once ended extract with a traceback: IGNORECASE matched it, the weekday list did not."""
    report = tmp_path / "report.txt"
    report.write_text("date 2024-05-06\nİsraeli jets struck a depot in Damascus on FRİDAY, killing NİNE.\n",
                      encoding="utf-8")
    result = run("extract", "--gazetteer", str(DATA / "gazetteer.csv"), "--curated-only", "--jobs", "1", str(report))
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    (row,) = [line for line in result.stdout.splitlines()[1:] if line.startswith("C001")]
    assert row.startswith("C001,2024-05-03,day,") and ",Damascus," in row
