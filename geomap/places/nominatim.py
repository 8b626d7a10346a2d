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

The server is not trusted.  Every answer is checked (a name, finite
coordinates in range, a sane bounding box) before it is used or cached; a
cache entry that fails the same check is dropped with a warning naming the
cache file.  Each request has one deadline for connecting and reading
together (a server that trickles a byte at a time cannot hold it open), and a
run has a total budget for waiting on the server.
"""

from __future__ import annotations

import json
import math
import os
import sys
import threading
import time
from pathlib import Path
from typing import Any, Callable

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


def answer_problem(raw: Any) -> str | None:
    """Why one search result is unusable (no name, coordinates out of range, a bad box), or None."""
    if not isinstance(raw, dict):
        return "is not a JSON object"
    try:
        latitude, longitude = float(raw["lat"]), float(raw["lon"])
    except (KeyError, TypeError, ValueError):
        return "has no numeric 'lat' and 'lon'"
    if not (math.isfinite(latitude) and math.isfinite(longitude)
            and -90 <= latitude <= 90 and -180 <= longitude <= 180):
        return f"has coordinates out of range ({raw.get('lat')!r}, {raw.get('lon')!r})"
    name = raw.get("name") or raw.get("display_name")
    if not isinstance(name, str) or not name.strip():
        return "has no name"
    if not isinstance(raw.get("address", {}), dict):
        return "has an 'address' that is not an object"
    box = raw.get("boundingbox")
    if box is not None:
        try:
            south, north, west, east = (float(v) for v in box)
        except (TypeError, ValueError):
            return f"has a bounding box that is not four numbers ({box!r})"
        tolerance = 0.01
        if not (all(map(math.isfinite, (south, north, west, east)))
                and -90 <= south <= north <= 90 and -180 <= west <= east <= 180
                and south - tolerance <= latitude <= north + tolerance
                and west - tolerance <= longitude <= east + tolerance):
            return f"has a bounding box that does not hold its own point ({box!r})"
    return None


def _deadline_adapter(seconds: float):
    """geopy's urllib adapter with one deadline for the whole request, connect and read together.

    A socket timeout alone restarts with every byte, so a server that sends
    one byte every two seconds would hold a request open for ever.  The
    request runs in a worker thread; past the deadline it is abandoned (the
    thread is a daemon and ends with the process).
    """
    from geopy.adapters import URLLibAdapter
    from geopy.exc import GeocoderTimedOut

    class DeadlineAdapter(URLLibAdapter):
        def get_text(self, url, *, timeout, headers):
            outcome: dict[str, Any] = {}

            def fetch() -> None:
                try:
                    outcome["text"] = URLLibAdapter.get_text(self, url, timeout=timeout, headers=headers)
                except BaseException as exc:  # handed to the caller's thread below
                    outcome["error"] = exc

            worker = threading.Thread(target=fetch, daemon=True)
            worker.start()
            worker.join(seconds)
            if worker.is_alive():
                raise GeocoderTimedOut(f"no complete answer within {seconds:g} s")
            if "error" in outcome:
                raise outcome["error"]
            return outcome["text"]

    return DeadlineAdapter


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
                 min_delay_seconds: float = 1.0, timeout: float = 10.0, max_retries: int = 1,
                 budget_seconds: float = 120.0, warn: Callable[[str], None] | None = None):
        self.domain = domain
        self.scheme = scheme
        self.cache_file = Path(cache_file) if cache_file else default_cache_file()
        self.region = tuple(code.upper() for code in region)
        self._min_delay = min_delay_seconds
        self._timeout = timeout
        self._max_retries = max_retries
        self._budget = budget_seconds  # all waiting on the server in one run, retries included
        self._spent = 0.0
        self._warn = warn or (lambda message: print(message, file=sys.stderr))
        self._search = None
        self._cache: dict[str, list[dict[str, Any]]] | None = None

    def _cached(self) -> dict[str, list[dict[str, Any]]]:
        if self._cache is None:
            self._cache = self._read_cache()
        return self._cache

    def _read_cache(self) -> dict[str, list[dict[str, Any]]]:
        """The cache file's usable entries; anything else in it is dropped with a warning."""
        try:
            text = self.cache_file.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        except (OSError, UnicodeDecodeError) as exc:
            self._warn(f"geomap: cannot read the geocoder cache {self.cache_file} ({exc}); "
                       "asking the server again")
            return {}
        try:
            stored = json.loads(text)
        except ValueError:
            stored = None
        if not isinstance(stored, dict):
            self._warn(f"geomap: the geocoder cache {self.cache_file} is not a JSON object; "
                       "its entries are dropped and asked again")
            return {}
        kept: dict[str, list[dict[str, Any]]] = {}
        dropped = 0
        for key, answers in stored.items():
            if isinstance(answers, list) and all(answer_problem(raw) is None for raw in answers):
                kept[key] = answers
            else:
                dropped += 1
        if dropped:
            self._warn(f"geomap: dropped {dropped} unusable entr{'y' if dropped == 1 else 'ies'} from the "
                       f"geocoder cache {self.cache_file}; those names are asked again")
        return kept

    def _ask(self, query: str) -> list[dict[str, Any]]:
        if self._search is None:
            from geopy.extra.rate_limiter import RateLimiter
            from geopy.geocoders import Nominatim

            class RawNominatim(Nominatim):
                """Nominatim that hands back its JSON as it came: geomap checks each answer itself,
                where geopy would fail the whole search on one bad coordinate."""

                def _parse_json(self, places, exactly_one):
                    return places if isinstance(places, list) else [places]

            service = RawNominatim(user_agent=USER_AGENT, domain=self.domain, scheme=self.scheme,
                                   timeout=self._timeout, adapter_factory=_adapter_factory(self._timeout))
            self._search = RateLimiter(service.geocode, min_delay_seconds=self._min_delay,
                                       max_retries=self._max_retries, error_wait_seconds=self._min_delay,
                                       swallow_exceptions=False)
        from geopy.exc import GeopyError

        where = f"{self.scheme}://{self.domain}"
        if self._spent >= self._budget:
            raise GeocoderUnavailable(
                f"the online geocoder at {where} has had its {self._budget:g} s for this run; {query!r} and "
                "any later names were not asked (the answers so far are cached); try again later")
        started = time.monotonic()
        try:
            found = self._search(query, exactly_one=False, limit=5, addressdetails=True,
                                 country_codes=list(COUNTRIES))
        except GeopyError as exc:
            raise GeocoderUnavailable(
                f"the online geocoder at {where} did not answer for {query!r} ({type(exc).__name__}: {exc}); "
                "check the network, try again later, or leave out --online"
            ) from exc
        except (ValueError, TypeError, AttributeError, KeyError) as exc:  # an answer geopy cannot read
            raise GeocoderUnavailable(
                f"the online geocoder at {where} gave an answer for {query!r} that is not Nominatim's "
                f"({type(exc).__name__}); leave out --online or point --nominatim-url at a Nominatim server"
            ) from exc
        finally:
            self._spent += time.monotonic() - started
        answers = list(found or [])
        usable = [raw for raw in answers if answer_problem(raw) is None]
        if len(usable) < len(answers):
            first = next(problem for raw in answers if (problem := answer_problem(raw)))
            self._warn(f"geomap: the online geocoder gave {len(answers) - len(usable)} unusable "
                       f"result(s) for {query!r} (one {first}); they were dropped")
        return usable

    def results(self, query: str) -> list[dict[str, Any]]:
        """Nominatim's checked answers for ``query``: from the disk cache, else asked once and cached."""
        cache = self._cached()
        key = plain(query)
        if key not in cache:
            cache[key] = self._ask(query)  # checked before it is kept
            text = json.dumps(cache, ensure_ascii=False, sort_keys=True, indent=0)
            try:
                self.cache_file.parent.mkdir(parents=True, exist_ok=True)
                write_atomic(self.cache_file, text)
            except OSError as exc:
                raise GeomapError(f"cannot write the geocoder cache {self.cache_file} "
                                  f"({exc.strerror or exc}); set GEOMAP_CACHE or --geocoder-cache to a "
                                  "folder you can write") from exc
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


def _adapter_factory(seconds: float):
    adapter = _deadline_adapter(seconds)
    return lambda proxies, ssl_context: adapter(proxies=proxies, ssl_context=ssl_context)


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
