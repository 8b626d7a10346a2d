"""Merges that cannot lose or double rows: a lock, duplicates skipped, links kept, no leftovers."""

import csv
import os
import subprocess
import sys

from geomap.output.atomic import remove_stale_temporaries
from geomap.records.strikes import ALL_STRIKE_COLUMNS

from conftest import DATA


def _reviewed(path, day: int):
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, ALL_STRIKE_COLUMNS)
        writer.writeheader()
        writer.writerow(dict.fromkeys(ALL_STRIKE_COLUMNS, "") | {
            "id": "C1", "date": f"2021-03-{day:02d}", "place": "Al Kiswah", "attribution": "alleged",
            "source_document": "002_072127366678c13c.txt"})
    return path


def _merge(reviewed, strikes):
    return subprocess.Popen([sys.executable, "-m", "geomap", "extract", "--merge", str(reviewed),
                             "--strikes", str(strikes), "--gazetteer", str(DATA / "gazetteer.csv")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _ids(strikes):
    return [row["id"] for row in csv.DictReader(strikes.open(encoding="utf-8"))]


def test_four_merges_at_once_leave_exactly_four_new_rows(tmp_path):
    strikes = tmp_path / "strikes.csv"
    strikes.write_bytes((DATA / "strikes.csv").read_bytes())
    runs = [_merge(_reviewed(tmp_path / f"r{day}.csv", day), strikes) for day in range(1, 5)]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0, 0, 0], outputs
    ids = _ids(strikes)
    assert len(ids) == 12 + 4 and len(set(ids)) == len(ids)
    assert sorted(ids[-4:]) == ["S013", "S014", "S015", "S016"]
    dates = sorted(row["date"] for row in csv.DictReader(strikes.open(encoding="utf-8")) if row["id"] in ids[-4:])
    assert dates == ["2021-03-01", "2021-03-02", "2021-03-03", "2021-03-04"]
    assert sorted(err.strip().rsplit("(", 1)[1] for _, err in outputs) == [
        "S013 to S013)", "S014 to S014)", "S015 to S015)", "S016 to S016)"]   # no success reported twice


def test_a_merge_through_a_symlink_updates_the_file_it_points_to(tmp_path):
    real = tmp_path / "real" / "strikes.csv"
    real.parent.mkdir()
    real.write_bytes((DATA / "strikes.csv").read_bytes())
    link = tmp_path / "strikes.csv"
    link.symlink_to(real)
    run = _merge(_reviewed(tmp_path / "r.csv", 7), link)
    assert run.wait(timeout=120) == 0, run.stderr.read()
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert _ids(real)[-1] == "S013"


def test_a_killed_run_s_temporary_files_are_removed_by_the_next(tmp_path):
    strikes = tmp_path / "strikes.csv"
    strikes.write_bytes((DATA / "strikes.csv").read_bytes())
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    gone_pid = int(dead.stdout)
    leftover_file = tmp_path / f".strikes.csv.{gone_pid}.abc123.tmp"
    leftover_dir = tmp_path / f".strikes.csv.{gone_pid}.def456.tmp"
    leftover_file.write_text("half a file", encoding="utf-8")
    leftover_dir.mkdir()
    (leftover_dir / "combined.csv").write_text("x", encoding="utf-8")
    running = tmp_path / f".strikes.csv.{os.getpid()}.ghi789.tmp"   # a live process's file stays
    running.write_text("being written", encoding="utf-8")
    run = _merge(_reviewed(tmp_path / "r.csv", 9), strikes)
    assert run.wait(timeout=120) == 0, run.stderr.read()
    assert not leftover_file.exists() and not leftover_dir.exists() and running.exists()
    assert remove_stale_temporaries(strikes) == []
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")) == [running.name]


def test_a_merge_run_twice_adds_its_rows_once(tmp_path):
    strikes = tmp_path / "strikes.csv"
    strikes.write_bytes((DATA / "strikes.csv").read_bytes())
    reviewed = _reviewed(tmp_path / "r.csv", 9)
    first = _merge(reviewed, strikes)
    assert first.wait(timeout=120) == 0, first.stderr.read()
    after_first = strikes.read_bytes()
    again = _merge(reviewed, strikes)
    assert again.wait(timeout=120) == 0
    assert strikes.read_bytes() == after_first
    assert "already in" in again.stderr.read() and len(_ids(strikes)) == 13


def _geomap(*args):
    return subprocess.run([sys.executable, "-m", "geomap", *args], capture_output=True, text=True, timeout=120)


def test_merge_and_validate_name_the_same_rows_and_accept_the_same_places(tmp_path):
    """A blank line before the rows and a header written 'id, date, ...': both count rows alike."""
    reviewed = tmp_path / "reviewed.csv"
    header = ", ".join(ALL_STRIKE_COLUMNS)
    good = dict.fromkeys(ALL_STRIKE_COLUMNS, "") | {
        "id": "C1", "date": "2021-03-09", "place": "Saraqib", "attribution": "alleged",  # only the regional table knows it
        "source_document": "002_072127366678c13c.txt"}
    bad = good | {"id": "C2", "date": "2021-02-30", "place": "Nowhereville"}
    lines = [header, ""] + [",".join(row[c] for c in ALL_STRIKE_COLUMNS) for row in (good, bad)]
    reviewed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    strikes = tmp_path / "strikes.csv"
    strikes.write_bytes((DATA / "strikes.csv").read_bytes())
    validated = _geomap("validate", "--strikes", str(reviewed), "--gazetteer", str(DATA / "gazetteer.csv"))
    merged = _geomap("extract", "--merge", str(reviewed), "--strikes", str(strikes),
                     "--gazetteer", str(DATA / "gazetteer.csv"))
    assert validated.returncode == merged.returncode == 2
    problems = [line.strip() for line in validated.stderr.splitlines() if line.startswith("  ")]
    assert [line.strip() for line in merged.stderr.splitlines() if line.startswith("  ")] == problems
    assert [p.split(", field")[0] for p in problems] == [f"{reviewed}, row 4"] * 2  # date and place, row 4
    assert strikes.read_bytes() == (DATA / "strikes.csv").read_bytes()
    reviewed.write_text("\n".join(lines[:3]) + "\n", encoding="utf-8")  # the good row alone merges
    merged = _geomap("extract", "--merge", str(reviewed), "--strikes", str(strikes),
                     "--gazetteer", str(DATA / "gazetteer.csv"))
    assert merged.returncode == 0, merged.stderr
    assert _ids(strikes)[-1] == "S013"


def test_the_same_evidence_is_not_merged_twice_even_with_a_corrected_date(tmp_path):
    from geomap.extract.merge import merge_candidates

    strikes = tmp_path / "strikes.csv"
    lines = (DATA / "strikes.csv").read_text(encoding="utf-8").splitlines()
    strikes.write_text("\n".join([lines[0] + ",evidence"] + [line + "," for line in lines[1:]]) + "\n",
                       encoding="utf-8")
    reviewed = tmp_path / "reviewed.csv"

    def review(date):
        with reviewed.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, [*ALL_STRIKE_COLUMNS, "confidence"])
            writer.writeheader()
            writer.writerow(dict.fromkeys(ALL_STRIKE_COLUMNS, "") | {
                "id": "C1", "date": date, "place": "Al Kiswah", "attribution": "alleged", "confidence": "0.6",
                "source_document": "002_072127366678c13c.txt",
                "evidence": "Israeli  missiles struck positions near Kiswah."})

    review("2021-03-09")
    assert merge_candidates(reviewed, strikes, DATA / "gazetteer.csv") == ["S013"]
    kept = list(csv.DictReader(strikes.open(encoding="utf-8")))[-1]
    assert kept["evidence"] == "Israeli  missiles struck positions near Kiswah."
    review("2021-03-10")  # a person corrected the date: the same sentence is still the same strike
    notes = []
    assert merge_candidates(reviewed, strikes, DATA / "gazetteer.csv", skipped=notes) == []
    assert notes and "as S013 (same document and evidence)" in notes[0]
