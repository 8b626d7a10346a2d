"""Property tests: any bytes at all give records or a clear BadInput, never another exception."""

import csv
import io

from hypothesis import HealthCheck, given, settings, strategies as st

from geomap.errors import BadInput
from geomap.places.gazetteer import Gazetteer
from geomap.records.strikes import ALL_STRIKE_COLUMNS, load_strikes

from conftest import DATA

GAZ_HEADER = (DATA / "gazetteer.csv").read_text(encoding="utf-8").splitlines()[0]
STRIKE_HEADER = ",".join(ALL_STRIKE_COLUMNS)

cells = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
cell_or_junk = st.one_of(cells, st.sampled_from(["", "2021-02-30", "2021-13", "-1", "1e9", "nan", "inf",
                                                  '"', "a;b", "\ufeff", "2021-01", "day", "month"]))
settings_ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _csv_text(header, rows) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def _check(loader, path):
    try:
        result = loader(path)
    except BadInput as exc:
        assert exc.problems and all(str(path) in str(p) for p in exc.problems)
    else:
        assert result is not None


@settings_
@given(st.binary(max_size=400))
def test_arbitrary_bytes_as_strikes(tmp_path, data):
    path = tmp_path / "strikes.csv"
    path.write_bytes(data)
    _check(load_strikes, path)


@settings_
@given(st.lists(st.lists(cell_or_junk, min_size=len(ALL_STRIKE_COLUMNS), max_size=len(ALL_STRIKE_COLUMNS)), max_size=4))
def test_arbitrary_cells_under_a_valid_strikes_header(tmp_path, rows):
    path = tmp_path / "strikes.csv"
    path.write_text(_csv_text(ALL_STRIKE_COLUMNS, rows), encoding="utf-8")
    _check(load_strikes, path)


@settings_
@given(st.binary(max_size=400))
def test_arbitrary_bytes_as_gazetteer(tmp_path, data):
    path = tmp_path / "gaz.csv"
    path.write_bytes(GAZ_HEADER.encode() + b"\n" + data)
    _check(Gazetteer.from_csv, path)


# The other readers: an ACLED export, a saved report, reviewed rows, the geocoder's cache and
# its server's answers. Each gives records, or geomap's own error, and never another exception.

ACLED_HEADER = ("event_id_cnty,event_date,year,time_precision,event_type,sub_event_type,actor1,actor2,"
                "country,admin1,location,latitude,longitude,geo_precision,source,notes,fatalities")
acled_junk = st.one_of(cells, st.sampled_from(["", "0001-01-01", "13 January 2021", "2021-01-13", "999", "-91",
                                                "nan", "1e3", "3.0", "9" * 30, "2", "4", ",", '"', "\x00"]))


@settings_
@given(st.lists(st.lists(acled_junk, min_size=15, max_size=19), max_size=4))
def test_arbitrary_cells_and_ragged_rows_as_an_acled_export(tmp_path, rows):
    from geomap.records.acled import acled_columns

    path = tmp_path / "acled.csv"
    # rows of 15 to 19 cells under 17 columns: some short, some with extra cells
    path.write_bytes(_csv_text(ACLED_HEADER.split(","), rows).encode("utf-8", "surrogatepass"))
    _check(acled_columns, path)


@settings_
@given(st.binary(max_size=600))
def test_arbitrary_bytes_as_a_report(tmp_path, data):
    from geomap.extract.propose import extract_file

    path = tmp_path / "report.txt"
    path.write_bytes(b"date 2021-01-13\nIsraeli jets struck Boukamal. " + data)
    candidates = extract_file(path, gazetteer=_curated())
    assert all(c.document == "report.txt" for c in candidates)


@settings_
@given(st.lists(st.lists(cell_or_junk, min_size=len(ALL_STRIKE_COLUMNS), max_size=len(ALL_STRIKE_COLUMNS)),
                min_size=1, max_size=3))
def test_arbitrary_reviewed_rows_merge_whole_or_not_at_all(tmp_path, rows):
    from geomap.extract.merge import merge_candidates

    reviewed = tmp_path / "reviewed.csv"
    reviewed.write_text(_csv_text(ALL_STRIKE_COLUMNS, rows), encoding="utf-8")
    strikes = tmp_path / "strikes.csv"
    before = (DATA / "strikes.csv").read_bytes()
    strikes.write_bytes(before)
    try:
        added = merge_candidates(reviewed, strikes, DATA / "gazetteer.csv")
    except BadInput as exc:
        assert exc.problems and all(str(reviewed) in str(p) or str(strikes) in str(p) for p in exc.problems)
        assert strikes.read_bytes() == before
    else:
        assert len(load_strikes(strikes)) == 12 + len(added)


@settings_
@given(st.binary(max_size=400))
def test_arbitrary_bytes_as_the_geocoder_cache(tmp_path, data):
    from geomap.places.nominatim import NominatimGeocoder

    cache = tmp_path / "cache.json"
    cache.write_bytes(data)
    warnings = []
    entries = NominatimGeocoder(cache_file=cache, warn=warnings.append)._cached()
    assert isinstance(entries, dict)


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=8)),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=12)
answer_like = st.fixed_dictionaries({}, optional={
    "lat": st.one_of(json_values, st.sampled_from(["34.4", "NaN", "999", "-inf", ""])),
    "lon": st.one_of(json_values, st.sampled_from(["40.9", "1e400", "x"])),
    "name": json_values, "display_name": json_values, "address": json_values, "type": json_values,
    "boundingbox": st.one_of(json_values, st.lists(st.sampled_from(["34", "35", "40", "41", "nan", "x"]),
                                                   min_size=4, max_size=4)),
})


@settings_
@given(st.one_of(answer_like, json_values))
def test_any_server_answer_is_checked_without_an_exception(raw):
    from geomap.places.nominatim import answer_problem, place_from_nominatim

    problem = answer_problem(raw)
    if problem is None:
        place = place_from_nominatim(raw)
        assert -90 <= place.latitude <= 90 and place.name


def _curated():
    return Gazetteer.from_csv(DATA / "gazetteer.csv")
