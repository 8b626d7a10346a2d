"""geomap gazetteer check: the bundled file passes; broken rows are named by row and field."""

import csv

from click.testing import CliRunner

from geomap.cli import main

from conftest import DATA

HEADER = "id,name,aliases,latitude,longitude,kind,country,province,geonames_id,radius_km,coord_source\n"


def run(*args):
    return CliRunner().invoke(main, list(args))


def test_the_bundled_gazetteer_passes():
    result = run("gazetteer", "check", "--gazetteer", str(DATA / "gazetteer.csv"))
    assert result.exit_code == 0, result.output
    with (DATA / "gazetteer.csv").open(encoding="utf-8", newline="") as handle:
        rows = sum(1 for _ in csv.DictReader(handle))
    assert result.stdout.startswith(f"{DATA / 'gazetteer.csv'}: {rows} places, ")
    assert "no problems found" in result.stdout


def test_wrong_geonames_id_and_wrong_country_are_reported(tmp_path):
    gaz = tmp_path / "gaz.csv"
    gaz.write_text(HEADER + (
        # Homs with Damascus's GeoNames id: 130 km apart.
        "homs,Homs,Hims,34.72405,36.72559,city,SY,Homs,170654,8,GeoNames\n"
        # Hermel is in Lebanon; inside Syria's box but 15+ km outside its outline.
        "hermel,Hermel,,34.39417,36.38472,town,SY,Homs,279997,3,GeoNames\n"
        # Al Qusayr, right on both counts.
        "qusayr,Al Qusayr,Qusayr,34.5078,36.58029,town,SY,Homs,173322,3,GeoNames\n"
    ), encoding="utf-8")
    result = run("gazetteer", "check", "--gazetteer", str(gaz))
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if not line.startswith("note:")]
    assert lines[0] == "geomap: 2 problems in the input:"
    assert lines[1].startswith(f"  {gaz}, row 2, field 'geonames_id': GeoNames 170654 (Damascus, SY) lies 1")
    assert "km from this row's coordinates" in lines[1]
    assert lines[2].startswith(f"  {gaz}, row 3, field 'latitude': 34.3942, 36.3847 lies ")
    assert "outside SY's outline" in lines[2]


def test_a_spelling_naming_two_places_is_refused(tmp_path):
    gaz = tmp_path / "gaz.csv"
    gaz.write_text(HEADER + (
        "homs,Homs,Hims,34.72405,36.72559,city,SY,Homs,169577,8,GeoNames\n"
        "hama,Hama,Hims,35.13179,36.75783,city,SY,Hama,170017,8,GeoNames\n"
    ), encoding="utf-8")
    result = run("gazetteer", "check", "--gazetteer", str(gaz))
    assert result.exit_code == 2
    assert "row 3, field 'aliases': 'Hims' would name both 'hama' and 'homs' (row 2)" in result.stderr
