"""The column road to the map: it accepts only what the row-by-row reader accepts, and draws the same map."""

import subprocess
import sys

import pytest

from geomap.records.columns import read_clean_columns
from geomap.errors import BadInput
from geomap.places.finder import PlaceFinder
from geomap.places.gazetteer import Gazetteer
from geomap.places.regional import RegionalGazetteer
from geomap.api import read_located
from geomap.output.page import build_map

from conftest import DATA, REPO

MALFORMED = REPO / "tests" / "malformed"
STRIKE_FILES = sorted(p for p in MALFORMED.glob("*.csv") if not p.name.startswith(("gazetteer_", "acled_")))


@pytest.fixture(scope="module")
def finder():
    return PlaceFinder(Gazetteer.from_csv(DATA / "gazetteer.csv"), RegionalGazetteer())


@pytest.mark.parametrize("path", STRIKE_FILES, ids=lambda p: p.name)
def test_the_column_road_declines_every_file_the_row_reader_refuses(path, finder):
    try:
        read_located(path, DATA / "gazetteer.csv", fallbacks=(RegionalGazetteer(),))
        refused = False
    except BadInput:
        refused = True
    try:
        accepted = read_clean_columns(path, finder) is not None
    except BadInput:
        accepted = False
    assert not (refused and accepted)
    assert accepted == (not refused)  # and it takes every clean file (the BOM one)


def _synthetic(tmp_path, gazetteer):
    sys.path.insert(0, str(REPO))
    from support.synthetic import write_strikes

    return write_strikes(tmp_path / "strikes.csv", 2000, gazetteer)


@pytest.mark.parametrize("which", ["bundled", "synthetic"])
def test_both_roads_draw_byte_identical_maps(which, tmp_path, gazetteer, finder):
    strikes = DATA / "strikes.csv" if which == "bundled" else _synthetic(tmp_path, gazetteer)
    columns = read_clean_columns(strikes, finder)
    assert columns is not None and len(columns) == (12 if which == "bundled" else 2000)
    by_rows = build_map(read_located(strikes, DATA / "gazetteer.csv"), title="t")
    by_columns = build_map(columns, title="t")
    assert by_rows == by_columns


def test_the_build_command_does_not_import_pandas_for_geomap_csv(tmp_path):
    code = ("import sys\nfrom geomap.cli import main\n"
            f"try:\n    main(['build', '-o', {str(tmp_path / 'm.html')!r}])\nexcept SystemExit:\n    pass\n"
            "import folium.utilities\n"
            "print('pandas' in sys.modules, folium.utilities.pd is None)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=REPO)
    assert result.stdout.strip().splitlines()[-1] == "False True"
    assert (tmp_path / "m.html").stat().st_size > 10_000


def test_the_library_leaves_folium_s_dataframe_support_alone(tmp_path):
    code = ("import sys\nfrom geomap.api import build_map_file\n"
            f"build_map_file({str(tmp_path / 'm.html')!r}, strikes_path='data/strikes.csv', "
            "gazetteer_path='data/gazetteer.csv')\n"
            "import folium.utilities\nprint(folium.utilities.pd is not None)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=REPO)
    assert result.stdout.strip() == "True"
