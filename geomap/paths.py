"""Where geomap finds its data: one folder inside the package, and the analyst's own copy.

Everything geomap ships (the curated gazetteer and strikes, the regional
gazetteer, the country outlines) lives in ``geomap/data/``, so an installed
wheel finds it exactly as a source checkout does.  In the repository the
curated files are kept in ``data/`` at the top (where analysts edit them) and
``geomap/data/`` links to them; building a wheel copies the files themselves.
"""

from __future__ import annotations

from pathlib import Path

#: The data bundled with geomap, inside the package.
BUNDLED_DATA = Path(__file__).resolve().parent / "data"


def bundled_file(name: str) -> Path:
    """The bundled data file ``NAME`` (``gazetteer.csv``, ``strikes.csv``, ``outlines.geojson``...)."""
    return BUNDLED_DATA / name


def default_data_file(name: str) -> Path:
    """``data/NAME`` in the current folder when it exists (an analyst's own copy), else the bundled one."""
    local = Path("data") / name
    return local if local.is_file() else bundled_file(name)
