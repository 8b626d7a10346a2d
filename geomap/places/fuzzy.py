"""Near-miss search over name keys that stays fast at 100,000 names.

Comparing a query with every spelling (``difflib`` over the whole list) costs
tens of milliseconds per query at the broad gazetteer's size.  A trigram index
first narrows the field to the keys that share the most three-letter pieces
with the query, then ``difflib`` scores only those few.  Keys are the folded
forms from :func:`geomap.places.names.name_key`, so "Boukamal" is compared as
"bukamal" and raw spelling noise does not dominate the score.
"""

from __future__ import annotations

import difflib
from collections import Counter
from typing import Generic, Hashable, Iterable, TypeVar

Item = TypeVar("Item", bound=Hashable)


def trigrams(key: str) -> set[str]:
    """The three-letter pieces of ``key``, padded so short keys and word starts count."""
    padded = f"  {key} "
    return {padded[i:i + 3] for i in range(len(padded) - 2)}


class TrigramIndex(Generic[Item]):
    """Keys, each naming one item, searchable by similarity.

    Each entry is (key, bare spelling, item): the key from
    :func:`~geomap.places.names.name_key`, the spelling from :func:`~geomap.places.names.bare`.

    >>> index = TrigramIndex([("bukamal", "bukamal", "bukamal-town"), ("kisw", "kiswah", "kiswah")])
    >>> index.search("bukmal", "bukmal")[0][0]
    'bukamal-town'
    """

    def __init__(self, entries: Iterable[tuple[str, str, Item]]):
        self._keys: list[str] = []
        self._spellings: list[str] = []
        self._items: list[Item] = []
        self._postings: dict[str, list[int]] = {}
        for key, spelling, item in entries:
            if not key:
                continue
            number = len(self._keys)
            self._keys.append(key)
            self._spellings.append(spelling)
            self._items.append(item)
            for gram in trigrams(key):
                self._postings.setdefault(gram, []).append(number)

    def __len__(self) -> int:
        return len(self._keys)

    def search(self, key: str, spelling: str, *, limit: int = 5, cutoff: float = 0.6,
               shortlist: int = 40) -> list[tuple[Item, float]]:
        """Items resembling the query (its ``key`` and ``spelling``), best first, one per item.

        The score (0..1) is the mean of two similarities: of the folded keys,
        which forgives romanisation, and of the bare spellings, which keeps
        short folded keys ("kus") from matching everything.  A key that holds
        the query whole (or is held in it), both at least four letters long,
        scores at least 0.75, so "Bukamal" finds "Bukamal desert".  Ties come
        out in key order, so the ranking never changes between runs.
        """
        if not key:
            return []
        grams = trigrams(key)
        shared: Counter[int] = Counter()
        for gram in grams:
            shared.update(self._postings.get(gram, ()))
        if not shared:
            return []
        # Dice coefficient on trigrams picks the shortlist; difflib then scores it.
        size = len(grams)
        dice = sorted(
            ((2 * count / (size + len(self._keys[n]) + 1), n) for n, count in shared.items()),
            key=lambda pair: (-pair[0], self._keys[pair[1]]),
        )[:shortlist]
        best: dict[Item, tuple[float, str]] = {}
        for _, number in dice:
            candidate = self._keys[number]
            score = (difflib.SequenceMatcher(None, key, candidate).ratio()
                     + difflib.SequenceMatcher(None, spelling, self._spellings[number]).ratio()) / 2
            if min(len(key), len(candidate)) >= 4 and (key in candidate or candidate in key):
                score = max(score, 0.75)
            item = self._items[number]
            if score >= cutoff and (item not in best or score > best[item][0]):
                best[item] = (score, candidate)
        ranked = sorted(best.items(), key=lambda pair: (-pair[1][0], pair[1][1]))
        return [(item, round(score, 3)) for item, (score, _) in ranked[:limit]]
