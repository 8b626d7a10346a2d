"""geomap: reports of military strikes in, an interactive, dated and sourced HTML map out.

The flow runs one way: :func:`load_strikes` reads and validates the records,
:class:`Gazetteer` resolves their places (:func:`locate_strikes`), and
:func:`build_map` renders them.  Importing this package is cheap; folium is
imported only when a map is built.
"""

from .errors import BadInput, GeomapError, Problem, UnknownPlace
from .places.gazetteer import Gazetteer, Place
from .places.locate import LocatedStrike, locate_strikes
from .records.strikes import Strike, load_strikes

__version__ = "0.1.0"

__all__ = [
    "BadInput", "GeomapError", "Problem", "UnknownPlace", "Gazetteer", "Place",
    "LocatedStrike", "locate_strikes", "Strike", "load_strikes", "build_map",
]


def build_map(*args, **kwargs):  # noqa: D103 - documented in geomap.output.page
    from .output.page import build_map as _build_map

    return _build_map(*args, **kwargs)


build_map.__doc__ = "Render located strikes as one HTML page; see :func:`geomap.output.page.build_map`."
