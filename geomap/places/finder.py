"""The fallback chain: the curated gazetteer, then GeoNames, then (opt-in) Nominatim.

Every source offers the same two calls, ``resolve(query)`` (the best place
with a confidence, or ``None``) and ``search_fuzzy(query)`` (ranked
suggestions), so the chain is one more object with the same interface: the
strikes loader and ``geomap geocode`` do not know how many sources stand
behind it.

An answer counts only when its confidence reaches ``min_confidence``
(0.6 by default); below that the name is unresolved and the suggestions say
what it might be.  A GeoNames answer for a town the curated gazetteer already
holds (same GeoNames id) is returned as the curated place, so one town never
appears as two.
"""

from __future__ import annotations

from typing import Protocol

from .gazetteer import Gazetteer, Place, Resolution

MIN_CONFIDENCE = 0.6


class PlaceSource(Protocol):
    """What every gazetteer in the chain offers."""

    source: str

    def resolve(self, query: str) -> Resolution | None: ...

    def search_fuzzy(self, query: str, *, limit: int = 5) -> list[tuple[Place, float]]: ...


class PlaceFinder:
    """Resolve names through the curated gazetteer first and the fallbacks after it.

    >>> finder = PlaceFinder(Gazetteer.from_csv("data/gazetteer.csv"), GeoNamesGazetteer())  # doctest: +SKIP
    >>> finder.resolve("Saraqeb").source                                                   # doctest: +SKIP
    'geonames'
    """

    def __init__(self, curated: Gazetteer, *fallbacks: PlaceSource, min_confidence: float = MIN_CONFIDENCE):
        if not 0 < min_confidence <= 1:
            raise ValueError(f"min_confidence must be in (0, 1], not {min_confidence!r}")
        self.curated = curated
        self.fallbacks = fallbacks
        self.min_confidence = min_confidence
        self.source = curated.source  # the file named in error messages
        self._curated_by_geonames = {p.geonames_id: p for p in curated if p.geonames_id}

    def _as_curated(self, found: Resolution) -> Resolution:
        twin = self._curated_by_geonames.get(found.place.geonames_id) if found.place.geonames_id else None
        if twin is None:
            return found
        return Resolution(found.query, twin, found.matched, found.method, found.confidence, source=found.source)

    def best(self, query: str) -> Resolution | None:
        """The most confident answer any source gives, confident enough or not."""
        found = self.curated.resolve(query)
        if found is not None:
            return found
        best: Resolution | None = None
        for source in self.fallbacks:
            found = source.resolve(query)
            if found is not None:
                found = self._as_curated(found)
                if found.confidence >= self.min_confidence:
                    return found
                if best is None or found.confidence > best.confidence:
                    best = found
        return best

    def resolve(self, query: str) -> Resolution | None:
        """The place ``query`` names when some source is confident enough, else ``None``."""
        found = self.best(query)
        return found if found is not None and found.confidence >= self.min_confidence else None

    def search_fuzzy(self, query: str, *, limit: int = 5) -> list[tuple[Place, float]]:
        """Suggestions from every source, best score first (curated first on ties), one per place."""
        scores: dict[str, tuple[float, int, Place]] = {}
        for rank, source in enumerate((self.curated, *self.fallbacks)):
            for place, score in source.search_fuzzy(query, limit=limit):
                twin = self._curated_by_geonames.get(place.geonames_id) if place.geonames_id else None
                place = twin or place
                if place.id not in scores or score > scores[place.id][0]:
                    scores[place.id] = (score, rank, place)
        ranked = sorted(scores.values(), key=lambda item: (-item[0], item[1], item[2].name))
        return [(place, score) for score, _, place in ranked[: max(limit, 1)]]
