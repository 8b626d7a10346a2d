"""Property tests: any bytes at all give records or a clear BadInput, never another exception."""

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
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(ALL_STRIKE_COLUMNS)
    writer.writerows(rows)
    path = tmp_path / "strikes.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    _check(load_strikes, path)


@settings_
@given(st.binary(max_size=400))
def test_arbitrary_bytes_as_gazetteer(tmp_path, data):
    path = tmp_path / "gaz.csv"
    path.write_bytes(GAZ_HEADER.encode() + b"\n" + data)
    _check(Gazetteer.from_csv, path)
