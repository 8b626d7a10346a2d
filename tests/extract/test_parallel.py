"""Reports read on several cores give the rows, notices and errors one core gives."""

from __future__ import annotations

import os
import pickle
import shutil
from pathlib import Path

from click.testing import CliRunner

from geomap.cli import main
from geomap.errors import BadInput, UnknownPlace
from geomap.extract.parallel import REPORTS_PER_WORKER, extract_all, worker_count

REPORTS = Path(__file__).resolve().parents[1] / "data" / "reports"


def _folder(tmp_path: Path) -> Path:
    """The labelled and held-out reports in one folder: 61 real reports."""
    folder = tmp_path / "reports"
    folder.mkdir()
    for name in ("labelled", "heldout", "heldout2"):
        for report in sorted((REPORTS / name).glob("*.txt")):
            shutil.copy(report, folder / f"{name}-{report.name}")
    return folder


def test_two_processes_write_the_rows_one_writes(tmp_path):
    folder = _folder(tmp_path)
    one = CliRunner().invoke(main, ["extract", "--jobs", "1", str(folder)])
    two = CliRunner().invoke(main, ["extract", "--jobs", "2", str(folder)])
    assert one.exit_code == two.exit_code == 0, (one.output, two.output)
    assert one.stdout.count("\n") > 60  # candidates from most of the 61 reports
    assert two.stdout == one.stdout


def test_the_reports_are_read_in_other_processes_and_come_back_in_order(tmp_path):
    paths = [tmp_path / f"{n:02d}.txt" for n in range(12)]
    results = extract_all(paths, lambda path, notify: (path.name, os.getpid()), workers=2)
    assert [name for name, _ in results] == [p.name for p in paths]
    assert {pid for _, pid in results} - {os.getpid()}  # not all read here


def test_notices_are_replayed_in_the_reports_order(tmp_path):
    paths = [tmp_path / f"{n:02d}.txt" for n in range(10)]

    def read(path, notify):
        notify(f"read {path.name}")
        return path.name

    heard: list[str] = []
    extract_all(paths, read, workers=2, notify=heard.append)
    assert heard == [f"read {p.name}" for p in paths]


def test_a_bad_report_fails_as_it_does_on_one_core(tmp_path):
    folder = _folder(tmp_path)
    (folder / "zz-broken.html").write_bytes(bytes(range(256)) * 12)  # no article text in it
    one = CliRunner().invoke(main, ["extract", "--jobs", "1", str(folder)])
    two = CliRunner().invoke(main, ["extract", "--jobs", "2", str(folder)])
    assert one.exit_code == two.exit_code == 2
    assert "zz-broken.html" in two.stderr
    assert two.stderr == one.stderr
    assert "Traceback" not in two.output


def test_errors_cross_processes_whole():
    bad = pickle.loads(pickle.dumps(BadInput.one("r.html", None, None, "no article text")))
    assert str(bad) == "r.html: no article text" and bad.problems[0].file == "r.html"
    unknown = pickle.loads(pickle.dumps(UnknownPlace("Xyz", ["Xyzzy"])))
    assert (unknown.query, unknown.suggestions) == ("Xyz", ["Xyzzy"])


def test_one_process_where_none_can_be_forked(monkeypatch):
    import multiprocessing

    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    assert worker_count(1000, 4) == 1 and worker_count(1000, None) == 1


def test_how_many_workers():
    assert worker_count(1000, 3) == 3
    assert worker_count(REPORTS_PER_WORKER - 1, None) == 1  # too few reports to share
    assert worker_count(1000, None) == (os.cpu_count() or 1)


def test_the_library_reads_in_its_own_process_unless_asked(tmp_path, monkeypatch):
    # A library call may come from a process with threads (a notebook), which must not fork.
    import multiprocessing

    from geomap.api import extract_reports

    def no_fork(*_args, **_kwargs):
        raise AssertionError("forked")

    monkeypatch.setattr(multiprocessing, "get_context", no_fork)
    rows = extract_reports([_folder(tmp_path)], gazetteer_path=Path(__file__).resolve().parents[2] / "data"
                           / "gazetteer.csv", curated_only=True)
    assert rows


def test_a_forked_worker_opens_its_own_table_connection(tmp_path):
    from geomap.places.regional import RegionalGazetteer

    table = RegionalGazetteer()
    parents = table._db  # open here, before the fork; the children hold a copy of it
    paths = [tmp_path / f"{n:02d}.txt" for n in range(6)]
    fresh = extract_all(paths, lambda path, notify: (table._db is not parents, len(table)), workers=2)
    assert all(own and rows == len(table) for own, rows in fresh)
