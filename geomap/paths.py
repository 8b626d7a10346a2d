"""Where geomap finds its data when no path is given."""

from __future__ import annotations

from pathlib import Path

#: The data bundled with geomap (present in a source checkout or editable install).
BUNDLED_DATA = Path(__file__).resolve().parent.parent / "data"


def default_data_file(name: str) -> Path:
    """``data/NAME`` in the current folder when it exists (an analyst's own copy), else the bundled one."""
    local = Path("data") / name
    return local if local.is_file() else BUNDLED_DATA / name
