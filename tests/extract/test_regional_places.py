"""extract with the regional table: villages and neighbourhoods, placed as geocode places them, and
the words around them that make them context, a person, a street or prose."""

from __future__ import annotations

import datetime as dt

import pytest

from geomap.extract.mentions import PlaceMatcher
from geomap.extract.propose import extract_candidates
from geomap.places.finder import PlaceFinder
from geomap.places.gazetteer import Gazetteer
from geomap.places.regional import RegionalGazetteer

from conftest import DATA


@pytest.fixture(scope="module")
def full():
    gazetteer = Gazetteer.from_csv(DATA / "gazetteer.csv")
    regional = RegionalGazetteer(region=("SY", "IQ", "LB"))
    return PlaceMatcher(gazetteer, regional=regional), PlaceFinder(gazetteer, regional)


def candidates(text, full, published=dt.date(2023, 10, 24)):
    matcher, finder = full
    return extract_candidates(text, document="t.txt", matcher=matcher, finder=finder, published=published)


@pytest.mark.parametrize("text, places", [
    # The most specific place; the countryside, city or province that says where it is, is context.
    ("Russian warplanes struck a camp on the outskirts of Al-Hamamah village in the Jisr al-Shughour "
     "countryside on Tuesday.", ["Al Ḩamāmah"]),
    ("Russian jets struck the marketplace in Idlib province's Maarat Al-Numan city.", ["Ma'arrat An Nu'man"]),
    ("An Israeli missile strike hit the capital Damascus' southern town of Kisweh.", ["Al Kiswah"]),
    # A dateline is where the report was filed.
    ("ERBIL (Kurdistan 24) – A Turkish drone on Sunday targeted a car in Amude, in Hasakah province.", ["Amuda"]),
    # A person, a street, a road, English words: not places, however villages are called.
    ("Youssef Jundi, a resident, said the air strikes destroyed several buildings in Tyre.", ["Tyre"]),
    ("The attack caused the collapse of a building on Al-Hamra Street in Homs.", ["Homs"]),
    ("The Israeli attack targeted the West Bekaa region.", ["Bekaa Valley"]),
    ("The strikes triggered a fire along the Wadi al-Oyoun road near Masyaf.", ["Masyaf"]),
])
def test_the_place_a_sentence_reports_struck(full, text, places):
    assert [c.place.name for c in candidates(text, full)] == places


def test_without_the_regional_table_only_curated_places_are_found(gazetteer):
    text = "Russian warplanes struck Kansafra and Damascus."
    found = extract_candidates(text, document="t.txt", matcher=PlaceMatcher(gazetteer), published=None)
    assert [c.place.id for c in found] == ["damascus"]


@pytest.mark.parametrize("text, actor, attribution", [
    ("Russian warplanes struck Kansafra, the Observatory said.", "Russia", "alleged"),
    ("The Israeli military said it struck Hezbollah sites near Qusayr.", "Israel", "claimed"),
    ("Syrian government artillery shells struck Qastoun.", "Syrian government", "alleged"),
    ("The strikes came in response to attacks by Iran-backed groups on U.S. forces, including the attack "
     "on al-Asad Airbase.", "Iran-backed militias", "alleged"),
    ("Unidentified aircraft struck trucks near Albukamal.", "", "unattributed"),
])
def test_the_actor_is_the_party_named_nearest_the_place(full, text, actor, attribution):
    (candidate,) = candidates(text, full)
    row = candidate.row(1)
    assert (row["actor"], row["attribution"]) == (actor, attribution)


@pytest.mark.parametrize("text, published, place, date", [
    # "A day earlier" with no day before it: undated, and the report's one day does not fill it in.
    ("A day earlier, in the nearby village of Balshun, artillery fire killed four children. "
     "Artillery fire early Friday morning on the village of Kansafra killed four.", dt.date(2021, 8, 20),
     "Balshun", None),
    ("Artillery fire early Friday morning on the village of Kansafra killed four. A day earlier, in the "
     "nearby village of Balshun, shelling killed four children.", dt.date(2021, 8, 20), "Balshun", "2021-08-19"),
    # The day of the telling is not the strike's.
    ("CENTCOM announced on Tuesday evening that U.S. jets struck Jurf al-Sakhr.", dt.date(2024, 1, 24),
     "Jurf al-Sakhar", None),
    # A sentence of two dates: the place takes the one nearest it; "Jan. 20" does not end a sentence.
    ("U.S. forces conducted airstrikes on Wednesday. The strikes came after the attack on al-Asad Airbase "
     "on Jan. 20, on Jan. 24.", dt.date(2024, 1, 24), "Ain al-Asad Airbase", "2024-01-20"),
])
def test_dates_from_the_passage_and_not_from_the_telling(full, text, published, place, date):
    (found,) = [c for c in candidates(text, full, published=published) if c.place.name == place]
    assert (found.date.date if found.date else None) == date


def test_extract_over_a_grown_folder_proposes_only_what_is_new(tmp_path):
    """Merge what one report gave, add a report, extract again with --strikes: only the new one's
    strikes come back. Two strikes told in one sentence are both merged (their places differ)."""
    import shutil

    from click.testing import CliRunner

    from geomap.cli import main

    labelled = DATA.parent / "tests" / "data" / "reports" / "labelled"
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(labelled / "trt-2018-01-31-ariha.txt", folder)
    strikes = tmp_path / "strikes.csv"
    shutil.copy(DATA / "strikes.csv", strikes)
    gazetteer = str(DATA / "gazetteer.csv")
    first = CliRunner().invoke(main, ["extract", str(folder), "--gazetteer", gazetteer])
    assert first.exit_code == 0, first.output
    (tmp_path / "c1.csv").write_text(first.stdout, encoding="utf-8")
    proposed = len(first.stdout.splitlines()) - 1
    merged = CliRunner().invoke(main, ["extract", "--merge", str(tmp_path / "c1.csv"), "--strikes", str(strikes),
                                       "--gazetteer", gazetteer])
    assert merged.exit_code == 0, merged.output
    assert f"added {proposed} rows" in merged.stderr

    shutil.copy(labelled / "snhr-2020-01-01-sarmin.txt", folder)
    again = CliRunner().invoke(main, ["extract", str(folder), "--strikes", str(strikes), "--gazetteer", gazetteer])
    assert again.exit_code == 0, again.output
    import csv

    rows = list(csv.DictReader(again.stdout.splitlines()))
    assert {row["source_document"] for row in rows} == {"snhr-2020-01-01-sarmin.txt"}
    assert f"{proposed} candidate(s) already in" in again.stderr


def test_the_regional_names_are_kept_in_the_cache_and_a_damaged_copy_is_built_again(tmp_path, monkeypatch):
    monkeypatch.setenv("GEOMAP_CACHE", str(tmp_path))
    gazetteer = Gazetteer.from_csv(DATA / "gazetteer.csv")
    regional = RegionalGazetteer(region=("SY", "IQ", "LB"))
    text = "Russian warplanes struck Kansafra and Balshun in Idlib."
    built = PlaceMatcher(gazetteer, regional=regional).find(text)
    (cached,) = tmp_path.glob("names-*.aho")
    assert [m.text for m in built] == ["Kansafra", "Balshun", "Idlib"]
    assert [m.text for m in PlaceMatcher(gazetteer, regional=regional).find(text)] == [m.text for m in built]
    cached.write_bytes(b"not an automaton")
    assert [m.text for m in PlaceMatcher(gazetteer, regional=regional).find(text)] == [m.text for m in built]
    assert cached.stat().st_size > 1_000_000  # written whole again


def test_stale_automata_are_removed_when_a_new_one_is_saved(tmp_path, monkeypatch):
    import os
    import time

    monkeypatch.setenv("GEOMAP_CACHE", str(tmp_path))
    month_ago = time.time() - 40 * 86400
    stale, recent, killed = tmp_path / "names-0000000000000000.aho", tmp_path / "names-1111111111111111.aho", \
        tmp_path / "names-2222222222222222.aho.123.tmp"
    other = tmp_path / "unrelated.aho"
    for path in (stale, recent, killed, other):
        path.write_bytes(b"old")
    for path in (stale, killed, other):
        os.utime(path, (month_ago, month_ago))
    PlaceMatcher(Gazetteer.from_csv(DATA / "gazetteer.csv"), regional=RegionalGazetteer(region=("SY",)))
    left = sorted(p.name for p in tmp_path.iterdir())
    assert stale.name not in left and killed.name not in left
    assert recent.name in left and other.name in left  # in use lately, or not an automaton of ours
    assert len([name for name in left if name.startswith("names-") and name not in (recent.name,)]) == 1


def test_a_regional_name_never_takes_a_curated_places_words(full):
    # GeoNames has a village called "Eastern Deir"; the report means Deir Ezzor province's east.
    (candidate,) = candidates("Coalition jets struck a mosque in Hajin in eastern Deir Ezzor on Thursday.", full)
    assert candidate.place.name == "Hajin"
    matcher, _ = full
    assert [m.text for m in matcher.find("in Eastern Deir Ezzor")] == ["Deir Ezzor"]


def _every_report():
    from conftest import REPO, SEEDS
    return sorted([*SEEDS.glob("*.txt"), *(REPO / "tests" / "data" / "reports").glob("*/*.txt")])


def test_placing_only_the_names_that_matter_proposes_what_placing_every_name_proposes(full, tmp_path,
                                                                                       monkeypatch):
    # extract looks for names in the strike and casualty sentences, and in the rest only when the
    # report's theatre is asked for: on every bundled report and 300 KB of made reports, the rows
    # must be those of finding and placing every name of the report, while fewer names are asked
    # of the finder.
    from geomap.extract import propose
    from support.synthetic import write_reports

    write_reports(tmp_path, 0.3)
    texts = [p.read_text(encoding="utf-8") for p in [*_every_report(), *sorted(tmp_path.glob("*.txt"))]]
    matcher, _ = full
    gazetteer = Gazetteer.from_csv(DATA / "gazetteer.csv")
    lazy = propose.resolve_mentions

    def every_name(mentions, text, *args, asides=None, **kwargs):
        return lazy(matcher.find(text), text, *args, **kwargs)

    def run(eager: bool):
        finder = PlaceFinder(gazetteer, RegionalGazetteer(region=("SY", "IQ", "LB")))
        if eager:
            monkeypatch.setattr(propose, "resolve_mentions", every_name)
        rows = [extract_candidates(text, document=f"{n}.txt", matcher=matcher, finder=finder,
                                   published=dt.date(2021, 1, 13)) for n, text in enumerate(texts)]
        monkeypatch.undo()
        return rows, len(finder._memo)

    lazy_rows, lazy_asked = run(eager=False)
    eager_rows, eager_asked = run(eager=True)
    assert sum(map(len, eager_rows)) > 100
    assert lazy_rows == eager_rows
    assert lazy_asked < 0.8 * eager_asked
