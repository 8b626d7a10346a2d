"""Installed from a wheel, not from this checkout, geomap builds its own map.

The wheel is built from the source tree and installed into a fresh virtual
environment.  The environment sees the test machine's folium, pandas and the
rest (``--system-site-packages``), so nothing is downloaded, but geomap itself
comes only from the wheel: the test checks where it was imported from.  It
then runs ``geomap build`` in an empty folder, where no ``data/`` exists, so
the map can only come from the data inside the package.
"""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
import venv

from geomap.output.page import expand_rows

from conftest import REPO

BLOB = re.compile(r'<script type="application/json" id="geomap-data">(.*?)</script>', re.S)


def test_a_wheel_installed_into_a_fresh_venv_builds_the_bundled_map(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(wheels), str(REPO)],
        check=True, capture_output=True, text=True,
    )
    (wheel,) = wheels.glob("geomap-*.whl")
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(system_site_packages=True, with_pip=False, symlinks=True).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps",
                    "--no-index", str(wheel)], check=True, capture_output=True, text=True)

    empty = tmp_path / "empty"
    empty.mkdir()
    where = subprocess.run([str(python), "-c", "import geomap; print(geomap.__file__)"],
                           cwd=empty, check=True, capture_output=True, text=True).stdout.strip()
    assert where.startswith(str(env_dir)), f"geomap came from {where}, not from the wheel"

    done = subprocess.run([str(env_dir / "bin" / "geomap"), "build", "-o", "map.html"],
                          cwd=empty, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "(12 strikes)" in done.stderr
    assert sorted(p.name for p in empty.iterdir()) == ["map.html"]
    html = (empty / "map.html").read_text(encoding="utf-8")
    rows = expand_rows(json.loads(BLOB.search(html).group(1)))
    bundled_ids = [row["id"] for row in csv.DictReader((REPO / "data" / "strikes.csv").open(encoding="utf-8"))]
    assert len(bundled_ids) == 12
    assert sorted(row["id"] for row in rows) == sorted(bundled_ids)
