"""The bundled strike records: every strike the seeds report, dated and sourced honestly."""

import pytest

from geomap.errors import BadInput
from geomap.records.strikes import date_label, date_range, is_web_link, load_strikes

from conftest import DATA, SEEDS

# (id, seed, date, precision, resolved place id, a source that must be named)
EXPECTED = [
    ("S001", "000", "2024-11", "month", "qusayr", "SOHR"),
    ("S002", "000", "2024-11", "month", "lebanon-border-qusayr", "NNA"),
    ("S003", "001", "2021-01-13", "day", "deir-ez-zor", "SOHR"),
    ("S004", "001", "2021-01-13", "day", "bukamal-desert", "SOHR"),
    ("S005", "001", "2021-01-13", "day", "mayadin-desert", "SOHR"),
    ("S006", "002", "2021-02-15", "day", "kiswah", "SOHR"),
    ("S007", "002", "2021-02-15", "day", "damascus-airport", "SANA"),
    ("S008", "002", "2021-02-15", "day", "fourth-division-hq", "SOHR"),
    ("S009", "002", "2021-02", "month", "syria-iraq-border-deir-ez-zor", None),
    ("S010", "003", "2023-01-29", "day", "bukamal-border-region", "Al Arabiya"),
    ("S011", "003", "2023-01-28", "day", "isfahan", None),
    ("S012", "003", "2022-11", "month", "syria-iraq-border-deir-ez-zor", "SOHR"),
]


def test_every_reported_strike_is_recorded(located):
    by_id = {item.strike.id: item for item in located}
    assert sorted(by_id) == [e[0] for e in EXPECTED]
    for strike_id, seed, date, precision, place_id, source in EXPECTED:
        item = by_id[strike_id]
        assert item.strike.source_document.startswith(seed + "_"), strike_id
        assert (SEEDS / item.strike.source_document).is_file()
        assert (item.strike.date, item.strike.date_precision) == (date, precision), strike_id
        assert item.place.id == place_id, strike_id
        if source:
            assert source in item.strike.sources, strike_id


def test_operation_casualties_are_recorded_once(strikes):
    operation = [s for s in strikes if s.operation == "OP-2021-01-13"]
    assert len(operation) == 3
    with_figures = [s for s in operation if s.killed is not None or s.injured is not None]
    assert [(s.killed, s.injured, s.casualty_scope) for s in with_figures] == [(23, 28, "operation")]


def test_damascus_operation_casualties_add_up_to_sohr_total(strikes):
    killed = [s.killed for s in strikes if s.operation == "OP-2021-02-15" and s.killed is not None]
    assert sorted(killed) == [2, 7] and sum(killed) == 9  # SOHR: "nine pro-Iranian militiamen"


def test_dates_show_only_the_precision_known():
    assert date_label("2021-01-13") == "13 Jan 2021"
    assert date_label("2024-11") == "Nov 2024"
    assert [d.isoformat() for d in date_range("2024-02")] == ["2024-02-01", "2024-02-29"]
    with pytest.raises(ValueError, match="not a real date"):
        date_range("2021-02-30")


@pytest.mark.parametrize("url,ok", [
    ("https://www.syriahr.com/en/", True), ("http://example.org/a?b=c", True),
    ("javascript:alert(1)", False), ("JAVASCRIPT:alert(1)", False), ("data:text/html,x", False),
    ("//evil.example/x", False), ("https:///nohost", False), ("https://a.example/\nx", False), ("", False),
])
def test_only_http_links_count_as_links(url, ok):
    assert is_web_link(url) is ok


def _write(tmp_path, body: str):
    header = (DATA / "strikes.csv").read_text(encoding="utf-8").splitlines()[0]
    path = tmp_path / "strikes.csv"
    path.write_text(header + "\n" + body, encoding="utf-8")
    return path


def test_every_problem_is_reported_at_once_with_file_row_and_field(tmp_path):
    columns = (DATA / "strikes.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    good = dict.fromkeys(columns, "")
    good.update(id="X1", date="2021-01-13", place="Homs", attribution="alleged", source_document="doc.txt")

    def row(**changes):
        values = dict(good, **changes)
        return ",".join(values[c] for c in columns)

    path = _write(tmp_path, "\n".join([
        row(),
        row(id="X1"),
        row(id="X3", date="2021-02-30"),
        row(id="X4", date="2021-02", date_precision="day"),
        row(id="X5", killed="-2", injured="many"),
        row(id="X6", attribution="confirmed", source_url="javascript:alert(1)"),
    ]) + "\n")
    with pytest.raises(BadInput) as caught:
        load_strikes(path)
    messages = [str(p) for p in caught.value.problems]
    assert messages == [
        f"{path}, row 3, field 'id': 'X1' is already the id of row 2; ids must be unique",
        f"{path}, row 4, field 'date': '2021-02-30' is not a real date (day is out of range for month)",
        f"{path}, row 5, field 'date_precision': 'day' does not fit the date '2021-02', which gives a month",
        f"{path}, row 6, field 'killed': '-2' is not a count; expected a whole number of 0 or more, or empty when not reported",
        f"{path}, row 6, field 'injured': 'many' is not a count; expected a whole number of 0 or more, or empty when not reported",
        f"{path}, row 7, field 'attribution': 'confirmed' is not one of: claimed, alleged, unattributed",
        f"{path}, row 7, field 'source_url': 'javascript:alert(1)' is not an http:// or https:// link",
    ]


def test_dates_and_times_take_ascii_digits_only(tmp_path):
    """Arabic-Indic or full-width digits look like a date but sort and compare as other text."""
    text = (DATA / "strikes.csv").read_text(encoding="utf-8")
    path = tmp_path / "strikes.csv"
    path.write_text(text.replace("2021-01-13,day", "٢٠٢١-٠١-١٣,day", 1), encoding="utf-8")
    with pytest.raises(BadInput) as caught:
        load_strikes(path)
    problems = caught.value.problems
    assert [(p.row, p.field) for p in problems] == [(4, "date")]


@pytest.mark.parametrize("date", ["0001-01-02", "9999-12-30"])
def test_a_week_at_the_ends_of_the_calendar_is_refused_not_crashed_on(tmp_path, date):
    text = (DATA / "strikes.csv").read_text(encoding="utf-8")
    path = tmp_path / "strikes.csv"
    path.write_text(text.replace("2021-01-13,day", f"{date},week", 1), encoding="utf-8")
    with pytest.raises(BadInput) as caught:
        load_strikes(path)
    assert [(p.row, p.field) for p in caught.value.problems] == [(4, "date")]
    assert "end of the calendar" in caught.value.problems[0].message
