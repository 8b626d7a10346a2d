"""Kill a build and a merge at random points: the map and the strikes file are each the old file or
the complete new one, never a part, and the next run leaves no temporary file behind."""

import random
import signal
import subprocess
import sys
import time

import pytest

from geomap.records.schema import ALL_STRIKE_COLUMNS

from conftest import DATA

KILLS = 20
OLD_MAP = b"the previous map, which must survive"


def _command(kind, folder):
    if kind == "build":
        return [sys.executable, "-m", "geomap", "build", "-o", str(folder / "map.html"),
                "--strikes", str(DATA / "strikes.csv"), "--gazetteer", str(DATA / "gazetteer.csv")]
    return [sys.executable, "-m", "geomap", "extract", "--merge", str(folder / "reviewed.csv"),
            "--strikes", str(folder / "strikes.csv"), "--gazetteer", str(DATA / "gazetteer.csv")]


def _prepare(kind, folder):
    """Put the old target in place; return (target, its old bytes)."""
    if kind == "build":
        target = folder / "map.html"
        target.write_bytes(OLD_MAP)
        return target, OLD_MAP
    target = folder / "strikes.csv"
    target.write_bytes((DATA / "strikes.csv").read_bytes())
    return target, target.read_bytes()


def _reviewed(folder):
    row = dict.fromkeys(ALL_STRIKE_COLUMNS, "") | {
        "id": "C1", "date": "2021-03-09", "place": "Al Kiswah", "attribution": "alleged",
        "source_document": "002_072127366678c13c.txt"}
    (folder / "reviewed.csv").write_text(",".join(ALL_STRIKE_COLUMNS) + "\n"
                                         + ",".join(row[c] for c in ALL_STRIKE_COLUMNS) + "\n", encoding="utf-8")


def _temporaries(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.mark.parametrize("kind", ["build", "merge"])
def test_a_run_killed_anywhere_leaves_the_old_file_or_the_new_one(kind, tmp_path):
    _reviewed(tmp_path)
    target, old = _prepare(kind, tmp_path)
    start = time.monotonic()
    complete = subprocess.run(_command(kind, tmp_path), capture_output=True, timeout=120)
    whole_run = time.monotonic() - start  # only to spread the kill points over a run, never asserted
    assert complete.returncode == 0, complete.stderr
    new = target.read_bytes()
    assert new != old
    rng = random.Random(12)
    outcomes = {"old": 0, "new": 0}
    for _ in range(KILLS):
        target, old = _prepare(kind, tmp_path)
        run = subprocess.Popen(_command(kind, tmp_path), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.0, whole_run * 1.1))
        run.send_signal(signal.SIGKILL)
        run.wait(timeout=60)
        now = target.read_bytes()
        assert now in (old, new), f"a killed {kind} left {len(now)} bytes that are neither file"
        outcomes["old" if now == old else "new"] += 1
        again = subprocess.run(_command(kind, tmp_path), capture_output=True, timeout=120)
        assert again.returncode == 0, again.stderr
        assert target.read_bytes() == new  # the next run completes the work, once
        assert _temporaries(tmp_path) == []
    assert outcomes["old"] > 0  # the kills did land before the file was replaced
