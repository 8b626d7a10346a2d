"""Writes that lose nothing: a failed or interrupted write leaves the previous file intact."""

import os
import signal
import stat
import subprocess
import sys
import threading

import pytest

from geomap.output import atomic as output
from geomap.output.atomic import write_atomic

from conftest import DATA


def test_write_replaces_the_file_whole(tmp_path):
    target = tmp_path / "map.html"
    target.write_text("old", encoding="utf-8")
    write_atomic(target, "new ✓")
    assert target.read_text(encoding="utf-8") == "new ✓"
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]


def test_writer_failing_half_way_keeps_the_previous_file(tmp_path, monkeypatch):
    target = tmp_path / "map.html"
    target.write_text("the previous map", encoding="utf-8")

    def broken_fsync(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(output.os, "fsync", broken_fsync)
    with pytest.raises(OSError, match="No space left"):
        write_atomic(target, "x" * 1_000_000)
    assert target.read_text(encoding="utf-8") == "the previous map"
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]  # no temporary file left behind


def test_interrupt_during_the_write_keeps_the_previous_file(tmp_path, monkeypatch):
    target = tmp_path / "map.html"
    target.write_text("the previous map", encoding="utf-8")

    def interrupted(src, dst):
        raise KeyboardInterrupt  # Ctrl-C just before the rename

    monkeypatch.setattr(output.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, "new map")
    assert target.read_text(encoding="utf-8") == "the previous map"
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]


def test_build_killed_half_way_leaves_the_previous_map(tmp_path):
    """A real process, killed with SIGKILL while it writes: no cleanup code runs at all."""
    target = tmp_path / "map.html"
    target.write_text("the previous map", encoding="utf-8")
    # The child builds the map, then stalls inside the write (after half the bytes) until killed.
    child = f"""
import os, sys, time
from geomap.output import atomic as output
real_fdopen = os.fdopen
class Stalling:
    def __init__(self, handle): self.handle = handle
    def __enter__(self): return self
    def __exit__(self, *a): return self.handle.__exit__(*a)
    def write(self, text):
        self.handle.write(text[: len(text) // 2]); self.handle.flush()
        print("half-written", flush=True); time.sleep(60)
    def __getattr__(self, name): return getattr(self.handle, name)
output.os.fdopen = lambda *a, **k: Stalling(real_fdopen(*a, **k))
from geomap.cli import main
main(["build", "-o", {str(target)!r}, "--strikes", {str(DATA / 'strikes.csv')!r},
      "--gazetteer", {str(DATA / 'gazetteer.csv')!r}])
"""
    proc = subprocess.Popen([sys.executable, "-c", child], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "half-written"
        temps = [p for p in tmp_path.iterdir() if p.name != "map.html"]
        assert len(temps) == 1 and temps[0].stat().st_size > 1000  # the new map was half on disk
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    assert target.read_text(encoding="utf-8") == "the previous map"


def test_two_builds_are_byte_identical(tmp_path):
    outputs = []
    for name in ("a.html", "b.html"):
        out = tmp_path / name
        subprocess.run([sys.executable, "-m", "geomap", "build", "-o", str(out),
                        "--strikes", str(DATA / "strikes.csv"), "--gazetteer", str(DATA / "gazetteer.csv")],
                       check=True, capture_output=True, timeout=120)
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) > 10_000


def test_unwritable_folder_names_the_target_not_the_temporary_file(tmp_path):
    from click.testing import CliRunner

    from geomap.cli import main

    target = tmp_path / "missing" / "map.html"
    result = CliRunner().invoke(main, ["build", "-o", str(target)])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"geomap: cannot write {target}: No such file or directory"


def test_a_device_is_written_to_not_replaced(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text(encoding="utf-8")))
    reader.start()
    write_atomic(fifo, "<html>map</html>")
    reader.join(timeout=10)
    assert received == ["<html>map</html>"]
    assert stat.S_ISFIFO(fifo.stat().st_mode)  # still a pipe, not a file renamed over it
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


def test_a_build_through_a_symlink_updates_its_target_and_keeps_the_link(tmp_path):
    from geomap.api import build_map_file

    real = tmp_path / "published" / "map.html"
    real.parent.mkdir()
    real.write_text("the previous map", encoding="utf-8")
    link = tmp_path / "map.html"
    link.symlink_to(real)
    build_map_file(link, strikes_path=DATA / "strikes.csv", gazetteer_path=DATA / "gazetteer.csv")
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert "geomap-data" in real.read_text(encoding="utf-8")
    assert [p.name for p in real.parent.iterdir()] == ["map.html"]
