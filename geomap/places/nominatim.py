"""The last, opt-in fallback: OpenStreetMap's Nominatim, through geopy.

Only ``--online`` turns it on: nothing else in geomap touches the network.
Requests go through geopy's ``Nominatim`` with geomap's own user agent and
geopy's ``RateLimiter`` at one request a second (Nominatim's usage policy),
restricted to the countries the offline gazetteer covers.  Every answer, an
empty one included, is kept in a JSON file on disk, so a name is asked once
per machine and a rebuild with the same data sends nothing.

An online answer is the least sure of the chain (confidence 0.6): it is the
first hit of a free-text search.  Two far-apart hits of similar importance
make the name ambiguous instead.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from ..errors import GeomapError
from .gazetteer import Place, Resolution
from .names import plain
from ..output.atomic import write_atomic

DEFAULT_DOMAIN = "nominatim.openstreetmap.org"
USER_AGENT = "geomap (strike-mapping tool; https://pypi.org/project/geomap/)"
COUNTRIES = ("sy", "lb", "iq", "jo", "il", "ps", "tr", "ir")
ONLINE_CONFIDENCE = 0.6
AMBIGUOUS_CONFIDENCE = 0.45

# Nominatim's feature types, in the gazetteer's kinds.
KIND_OF_TYPE = {
    "city": "city", "town": "town", "village": "village", "hamlet": "village", "suburb": "district",
    "quarter": "district", "neighbourhood": "district", "aerodrome": "airport", "airport": "airport",
    "military": "military site", "border_control": "border crossing", "state": "province",
    "province": "province", "country": "country", "road": "road",
}


class GeocoderUnavailable(GeomapError, ConnectionError):
    """The online geocoder did not answer."""


def default_cache_file() -> Path:
    """``$GEOMAP_CACHE/nominatim.json``, else ``~/.cache/geomap/nominatim.json``."""
    base = os.environ.get("GEOMAP_CACHE")
    return (Path(base) if base else Path.home() / ".cache" / "geomap") / "nominatim.json"


class NominatimGeocoder:
    """Nominatim behind the gazetteer interface, rate-limited and cached on disk.

    >>> online = NominatimGeocoder(cache_file=Path("/tmp/nominatim.json"))   # doctest: +SKIP
    >>> online.resolve("Jairud").place.country                                # doctest: +SKIP
    'SY'
    """

    source = "nominatim"

    def __init__(self, *, domain: str = DEFAULT_DOMAIN, scheme: str = "https",
                 cache_file: Path | str | None = None, region: tuple[str, ...] = ("SY",),
                 min_delay_seconds: float = 1.0, timeout: float = 10.0, max_retries: int = 1):
        self.domain = domain
        self.scheme = scheme
        self.cache_file = Path(cache_file) if cache_file else default_cache_file()
        self.region = tuple(code.upper() for code in region)
        self._min_delay = min_delay_seconds
        self._timeout = timeout
        self._max_retries = max_retries
        self._search = None
        self._cache: dict[str, list[dict[str, Any]]] | None = None

    def _cached(self) -> dict[str, list[dict[str, Any]]]:
        if self._cache is None:
            try:
                self._cache = json.loads(self.cache_file.read_text(encoding="utf-8"))
            except FileNotFoundError:
                self._cache = {}
            except (OSError, ValueError) as exc:
                raise GeomapError(f"cannot read the geocoder cache {self.cache_file}: {exc}; "
                                  "delete it to start afresh") from exc
        return self._cache

    def _ask(self, query: str) -> list[dict[str, Any]]:
        if self._search is None:
            from geopy.extra.rate_limiter import RateLimiter
            from geopy.geocoders import Nominatim

            service = Nominatim(user_agent=USER_AGENT, domain=self.domain, scheme=self.scheme,
                                timeout=self._timeout)
            self._search = RateLimiter(service.geocode, min_delay_seconds=self._min_delay,
                                       max_retries=self._max_retries, error_wait_seconds=self._min_delay,
                                       swallow_exceptions=False)
        from geopy.exc import GeopyError

        try:
            found = self._search(query, exactly_one=False, limit=5, addressdetails=True,
                                 country_codes=list(COUNTRIES))
        except GeopyError as exc:
            raise GeocoderUnavailable(
                f"the online geocoder at {self.scheme}://{self.domain} did not answer for {query!r}: {exc}; "
                "try again later, or leave out --online"
            ) from exc
        return [location.raw for location in (found or [])]

    def results(self, query: str) -> list[dict[str, Any]]:
        """Nominatim's raw answers for ``query``: from the disk cache, else asked once and cached."""
        cache = self._cached()
        key = plain(query)
        if key not in cache:
            cache[key] = self._ask(query)
            text = json.dumps(cache, ensure_ascii=False, sort_keys=True, indent=0)
            self.cache_file.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self.cache_file, text)
        return cache[key]

    def resolve(self, query: str) -> Resolution | None:
        """Nominatim's first hit for ``query`` as a place, or ``None`` when it has none."""
        hits = [place_from_nominatim(raw) for raw in self.results(query)]
        if not hits:
            return None
        hits.sort(key=lambda place: place.country not in self.region)  # stable: keeps Nominatim's order
        best = hits[0]
        confidence = ONLINE_CONFIDENCE
        if len(hits) > 1 and _far_apart(best, hits[1]):
            confidence = AMBIGUOUS_CONFIDENCE
        return Resolution(query, best, best.name, "online", confidence, source=self.source)

    def search_fuzzy(self, query: str, *, limit: int = 5) -> list[tuple[Place, float]]:
        """Nominatim's hits as suggestions, in its own order."""
        return [(place_from_nominatim(raw), ONLINE_CONFIDENCE) for raw in self.results(query)[:limit]]


def _far_apart(one: Place, other: Place, km: float = 25.0) -> bool:
    from geopy.distance import geodesic

    return geodesic((one.latitude, one.longitude), (other.latitude, other.longitude)).km > km


def place_from_nominatim(raw: dict[str, Any]) -> Place:
    """One Nominatim search result as a :class:`Place`, its radius read from its bounding box."""
    from geopy.distance import geodesic

    latitude, longitude = float(raw["lat"]), float(raw["lon"])
    radius = 0.5
    box = raw.get("boundingbox")
    if box and len(box) == 4:
        south, north, west, east = map(float, box)
        radius = max(radius, geodesic((south, west), (north, east)).km / 2)
    kind = KIND_OF_TYPE.get(raw.get("type") or "", KIND_OF_TYPE.get(raw.get("addresstype") or "", "district"))
    address = raw.get("address") or {}
    name = raw.get("name") or str(raw.get("display_name", "")).split(",")[0].strip() or "unnamed place"
    osm = f"{raw.get('osm_type', 'osm')}/{raw.get('osm_id', raw.get('place_id', ''))}"
    return Place(
        id=f"osm:{osm}", name=name, aliases=(), latitude=latitude, longitude=longitude, kind=kind,
        country=str(address.get("country_code", "")).upper(), province=str(address.get("state", "")),
        geonames_id=None, radius_km=round(min(radius, 200.0), 1),
        coord_source=f"OpenStreetMap Nominatim, {osm}", notes=str(raw.get("display_name", "")),
    )
