"""One strike, many reports (issue 16, in part): candidates of one strike from different reports
become one, with every source, and the count of its independent sources. Library and CLI."""

import csv
import io

from click.testing import CliRunner

from geomap.cli import main
from geomap.extract.corroborate import Reported, corroborate

from conftest import DATA

FOLDER = DATA.parent / "tests" / "data" / "reports" / "one-strike"


def row(document, *, place="Al-Bukamal border region", date="2023-01-29", precision="day", sources="",
        actor="", evidence="a sentence"):
    return {"id": "C000", "date": date, "date_precision": precision, "time_local": "", "place": place,
            "actor": actor, "sources": sources, "source_document": document, "killed": "", "injured": "",
            "casualty_source": "", "source_url": "", "notes": "proposed by geomap extract; review before keeping",
            "evidence": evidence, "independent_sources": ""}


def test_three_reports_of_the_convoy_strike_are_one_candidate_with_three_independent_sources():
    result = CliRunner().invoke(main, ["extract", str(FOLDER)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 1, [(r["place"], r["source_document"]) for r in rows]
    (strike,) = rows
    assert strike["date"] == "2023-01-29" and strike["place"] == "Al-Bukamal border region"
    assert strike["source_document"] == "ap-2023-01-29.txt"
    assert "also reported in rt-2023-01-29.txt, ynetnews-2023-01-30.txt" in strike["notes"]
    assert set(strike["sources"].split("; ")) == {"AP", "Syrian opposition activists", "pro-government radio station",
                                                  "SOHR", "Al Arabiya"}
    # AP, Ynetnews, Al Arabiya and RT pass on three first-hand sources: activists, the radio station, SOHR.
    assert strike["independent_sources"] == "3"
    assert strike["evidence"].count(" || ") == 2  # every report's sentence is kept


def test_two_outlets_quoting_one_monitor_are_one_source_and_an_unsourced_report_counts_itself():
    merged = corroborate([Reported(row("a.txt", sources="Reuters; SOHR"), 34.45, 40.95),
                          Reported(row("b.html", sources="AFP; SOHR"), 34.45, 40.95),
                          Reported(row("c.html"), 34.46, 40.95, outlet="Enab Baladi")])
    assert len(merged) == 1
    assert merged[0]["independent_sources"] == "2"  # SOHR, and Enab Baladi's own reporting
    assert merged[0]["sources"] == "Reuters; SOHR; AFP"


def test_what_is_not_one_strike_stays_apart():
    def count(*reported):
        return len(corroborate(list(reported)))

    here = (34.45, 40.95)
    assert count(Reported(row("a.txt"), *here), Reported(row("a.txt"), *here)) == 2           # one report
    assert count(Reported(row("a.txt"), *here), Reported(row("b.txt", date="2023-01-31"), *here)) == 2
    assert count(Reported(row("a.txt", date=""), *here), Reported(row("b.txt", date=""), *here)) == 2  # undated
    assert count(Reported(row("a.txt", actor="Israel"), *here), Reported(row("b.txt", actor="Turkey"), *here)) == 2
    assert count(Reported(row("a.txt", place="Deir ez-Zor"), 35.34, 40.14),
                 Reported(row("b.txt"), *here)) == 2                                           # 115 km apart
    # A month-only date overlaps a day inside its month: one strike.
    assert count(Reported(row("a.txt", date="2023-01", precision="month"), *here), Reported(row("b.txt"), *here)) == 1


def test_merging_the_candidate_keeps_its_count_where_the_strikes_file_has_the_column(tmp_path):
    runner = CliRunner()
    candidates = tmp_path / "candidates.csv"
    candidates.write_text(runner.invoke(main, ["extract", str(FOLDER)]).stdout, encoding="utf-8")
    strikes = tmp_path / "strikes.csv"
    header = (DATA / "strikes.csv").read_text(encoding="utf-8").splitlines()[0]
    strikes.write_text(header + ",independent_sources\n", encoding="utf-8")
    result = runner.invoke(main, ["extract", "--merge", str(candidates), "--strikes", str(strikes)])
    assert result.exit_code == 0, result.output
    (merged,) = list(csv.DictReader(strikes.open(encoding="utf-8")))
    assert merged["independent_sources"] == "3" and merged["id"] == "S001"
    # Without the column the count is review material, left out like the evidence.
    plain = tmp_path / "plain.csv"
    plain.write_text(header + "\n", encoding="utf-8")
    result = runner.invoke(main, ["extract", "--merge", str(candidates), "--strikes", str(plain)])
    assert result.exit_code == 0, result.output
    assert "independent_sources" not in plain.read_text(encoding="utf-8").splitlines()[0]


def test_grouping_by_cell_and_month_is_the_plain_rule_applied_to_every_group():
    """Many reports of a few places and months, merged through the index, group exactly as trying
    every group in first-seen order does (the rule the index must not change)."""
    import random

    from geomap.extract.corroborate import _same_strike

    chance = random.Random(16)
    places = [(f"Place {n}", 35 + chance.random(), 38 + chance.random()) for n in range(40)]  # many 10 km apart or less
    dates = [("2023-01", "month"), ("2023-02-03", "week"), ("2023-12-30", "week"), ("2024-01-02", "day"), ("", "")]
    dates += [(f"2023-{m:02d}-{d:02d}", "day") for m in (1, 2) for d in (1, 3, 28)]

    def reports():
        made = []
        for n in range(1500):
            place, lat, lon = chance.choice(places)
            date, precision = chance.choice(dates)
            made.append(Reported(row(f"r{chance.randrange(300)}.txt", place=place, date=date, precision=precision,
                                     actor=chance.choice(["", "", "Israel", "Turkey"]), evidence=f"sentence {n}"),
                                 lat, lon))
        return made

    state = chance.getstate()
    indexed = corroborate(reports())
    chance.setstate(state)
    plain_groups: list[list[Reported]] = []
    for candidate in reports():
        home = next((group for group in plain_groups if any(_same_strike(m, candidate) for m in group)), None)
        if home is None:
            plain_groups.append([candidate])
        else:
            home.append(candidate)
    merged = sum(len(group) > 1 for group in plain_groups)
    assert merged > 100  # the set exercises merging, not only distinct strikes
    assert [r["evidence"] for r in indexed] == [" || ".join(m.row["evidence"] for m in group) if len(group) > 1
                                                else group[0].row["evidence"] for group in plain_groups]
