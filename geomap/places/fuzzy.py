"""Near-miss search over name keys that stays fast at 170,000 spellings.

Comparing a query with every spelling costs tens of milliseconds per query at
the regional table's size.  A trigram index first narrows the field to the
keys that share the most three-letter pieces with the query, then RapidFuzz
scores only those few.  Keys are the folded forms from
:func:`geomap.places.names.name_key`, so "Boukamal" is compared as "bukamal"
and raw spelling noise does not dominate the score.

The index is held in numpy arrays (each trigram's postings, one sorted run
per trigram), built in one vectorised pass: counting the shared trigrams of a
query is one ``bincount`` over its postings, not a Python loop over them.
"""

from __future__ import annotations

from typing import Generic, Hashable, Iterable, TypeVar

import numpy as np
from rapidfuzz.distance import Indel
from rapidfuzz.process import cdist

Item = TypeVar("Item", bound=Hashable)

SHORTLIST = 40  # keys scored closely per query, picked by shared trigrams
COMMON_GRAM = 1_000  # a trigram held by more keys than this does not propose candidates
SMALL_INDEX = 50_000  # an index of at most this many keys counts shared trigrams without sorting


def _gram_codes(keys: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Every trigram of every key as one integer, with the number of the key it comes from.

    Each key is padded ("  key ") so short keys and word starts count, and
    all are joined; a trigram is three code points packed into 63 bits, so
    Arabic keys index like Latin ones.
    """
    padded = [_padded(key) for key in keys]
    points = np.frombuffer("".join(padded).encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    lengths = np.fromiter((len(p) for p in padded), dtype=np.int64, count=len(padded))
    owner = np.repeat(np.arange(len(keys), dtype=np.int64), lengths)
    if len(points) < 3:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    codes = _pack(points[:-2], points[1:-1], points[2:])
    # A trigram belongs to a key only when all three points are that key's.
    valid = owner[:-2] == owner[2:]
    return codes[valid], owner[:-2][valid]


def _query_codes(key: str) -> np.ndarray:
    """The distinct trigrams of one key, sorted, as :func:`_gram_codes` codes them: in plain Python,
    which for a single short query costs a fraction of the vectorised pass."""
    points = [ord(ch) for ch in _padded(key)]
    return np.array(sorted({_pack(a, b, c) for a, b, c in zip(points, points[1:], points[2:])}), dtype=np.int64)


def _padded(key: str) -> str:
    return f"  {key} "


def _pack(first, second, third):
    """Three code points (or arrays of them) as one 63-bit integer each."""
    return (first << 42) | (second << 21) | third


class _Lines:
    """The lines of UTF-8 text as a read-only sequence of strings, each decoded when asked for.

    A search reads the keys and spellings of its shortlist only (forty); splitting the regional
    index's 184,000 of each into strings cost 0.06 s and 20 MB in every process that reads it.
    """

    def __init__(self, data: bytes):
        self._data = data
        breaks = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == 0x0A)
        # Where each line starts, and one past the last line's end (as if a line break followed it).
        self._starts = np.concatenate(([0], breaks + 1, [len(data) + 1])) if data else np.zeros(1, np.int64)

    def __len__(self) -> int:
        return len(self._starts) - 1

    def __getitem__(self, number: int) -> str:
        if not 0 <= number < len(self):
            raise IndexError(number)
        start, end = self._starts[number:number + 2].tolist()
        return self._data[start:end - 1].decode("utf-8")

    def __iter__(self):
        return (self[number] for number in range(len(self)))


class TrigramIndex(Generic[Item]):
    """Keys, each naming one item, searchable by similarity.

    Each entry is (key, bare spelling, item): the key from
    :func:`~geomap.places.names.name_key`, the spelling from :func:`~geomap.places.names.bare`.

    >>> index = TrigramIndex([("bukamal", "bukamal", "bukamal-town"), ("kisw", "kiswah", "kiswah")])
    >>> index.search("bukmal", "bukmal")[0][0]
    'bukamal-town'
    """

    def __init__(self, entries: Iterable[tuple[str, str, Item]]):
        kept = [(key, spelling, item) for key, spelling, item in entries if key]
        self._keys: list[str] = [k for k, _, _ in kept]
        self._spellings: list[str] = [s for _, s, _ in kept]
        self._items: list[Item] = [i for _, _, i in kept]
        codes, owners = _gram_codes(self._keys)
        # One (trigram, key) pair per distinct trigram of a key, sorted by trigram then key.
        order = np.lexsort((owners, codes))
        codes, owners = codes[order], owners[order]
        fresh = np.ones(len(codes), dtype=bool)
        fresh[1:] = (codes[1:] != codes[:-1]) | (owners[1:] != owners[:-1])
        codes, owners = codes[fresh], owners[fresh]
        self._grams, first = np.unique(codes, return_index=True)
        self._bounds = np.append(first, len(codes))
        self._postings = owners.astype(np.int32)
        order = np.argsort(np.array(self._keys, dtype=object), kind="stable")  # key order, for ties
        self._rank = np.empty(len(self._keys), dtype=np.int32)
        self._rank[order] = np.arange(len(self._keys), dtype=np.int32)
        self._sizes = np.bincount(self._postings, minlength=len(self._keys)).astype(np.float64)
        self._common_members: dict[int, np.ndarray] = {}

    #: The arrays an index is made of, and their types: what :meth:`parts` stores.
    _ARRAYS = {"grams": np.int64, "bounds": np.int64, "postings": np.int32, "rank": np.int32}

    def parts(self) -> dict[str, bytes]:
        """The index as named byte strings, for storing beside the spellings it indexes.

        Building an index over the regional table's 184,000 spellings takes 1.5 s;
        reading it back with :meth:`from_parts` takes a few milliseconds.  Items must
        be integers (the regional table's place numbers).
        """
        import zlib

        for text in (*self._keys, *self._spellings):
            if "\n" in text:
                raise ValueError(f"a key or spelling holds a line break: {text!r}")
        arrays = {name: np.ascontiguousarray(getattr(self, f"_{name}"), dtype=kind)
                  for name, kind in self._ARRAYS.items()}
        # Each trigram's postings are a sorted run of key numbers: stored as the first and the
        # steps after it, they compress to a fifth (13 MB of parts become 3 MB).
        steps = arrays["postings"].copy()
        steps[1:] = np.diff(arrays["postings"])
        starts = self._bounds[:-1]
        steps[starts] = arrays["postings"][starts]
        arrays["postings"] = steps
        raw = {
            "keys": "\n".join(self._keys).encode("utf-8"),
            "spellings": "\n".join(self._spellings).encode("utf-8"),
            "items": np.asarray(self._items, dtype=np.int32).tobytes(),
            **{name: array.tobytes() for name, array in arrays.items()},
        }
        return {name: zlib.compress(data, 6) for name, data in raw.items()}

    @classmethod
    def from_parts(cls, parts: dict[str, bytes]) -> "TrigramIndex[int]":
        """The index :meth:`parts` stored, without building it again."""
        import zlib

        parts = {name: zlib.decompress(data) for name, data in parts.items()}
        index = cls.__new__(cls)
        index._keys = _Lines(parts["keys"])
        index._spellings = _Lines(parts["spellings"])
        index._items = np.frombuffer(parts["items"], dtype=np.int32).tolist()
        for name, kind in cls._ARRAYS.items():
            setattr(index, f"_{name}", np.frombuffer(parts[name], dtype=kind))
        # The postings back from their steps: a running sum, restarted at each trigram's run. Each
        # run but the first starts from the last posting of the run before it (the sum of that run's
        # steps), so one running sum over all of them in int32 gives every posting, without the
        # int64 sums of the whole array (the regional index's 1.7 million postings made 46 MB of them).
        steps = np.array(index._postings, dtype=np.int32)
        starts = index._bounds[:-1]
        if len(steps):
            steps[starts[1:]] -= np.add.reduceat(index._postings, starts, dtype=np.int64)[:-1].astype(np.int32)
        index._postings = np.cumsum(steps, dtype=np.int32)
        if not len(index._keys) == len(index._spellings) == len(index._items) == len(index._rank):
            raise ValueError("the stored fuzzy index is inconsistent")
        index._sizes = np.bincount(index._postings, minlength=len(index._keys)).astype(np.float64)
        index._common_members = {}
        return index

    def __len__(self) -> int:
        return len(self._keys)

    def _postings_of(self, gram: int) -> np.ndarray:
        return self._postings[self._bounds[gram]:self._bounds[gram + 1]]

    def _shared(self, grams: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The keys sharing trigrams with a query, and how many each shares.

        Candidates come from the query's rare trigrams only ("  a" starts a
        fifth of all keys): a key sharing nothing but common ones is no near
        miss.  Each common trigram then adds to the count of the candidates it
        holds, found by binary search in its sorted postings.
        """
        sizes = self._bounds[grams + 1] - self._bounds[grams]
        rare, common = grams[sizes <= COMMON_GRAM], grams[sizes > COMMON_GRAM]
        if not len(rare):
            rare, common = grams, grams[:0]
        postings = np.concatenate([self._postings_of(g) for g in rare])
        if len(self._keys) <= SMALL_INDEX:
            # A small index (the curated table's) counts into an array as long as it: no sort.
            counts = np.bincount(postings, minlength=len(self._keys))
            keys = np.flatnonzero(counts).astype(np.int32)
            shared = counts[keys]
        else:
            # np.unique by hand: the same sort and run boundaries without its wrapper's checks.
            postings.sort()
            starts = np.empty(len(postings), dtype=bool)
            starts[0] = True
            np.not_equal(postings[1:], postings[:-1], out=starts[1:])
            first = np.flatnonzero(starts)
            keys = postings[first]
            shared = np.empty(len(first), dtype=np.int64)  # each run's length (np.diff's append costs more)
            np.subtract(first[1:], first[:-1], out=shared[:-1])
            shared[-1] = len(postings) - first[-1]
        if len(common):
            byte, bit = keys >> 3, (keys & 7).astype(np.uint8)
            for gram in common.tolist():
                shared += (self._members(gram).take(byte) >> bit) & 1
        return keys, shared

    def _members(self, gram: int) -> np.ndarray:
        """The keys holding a common trigram, as a bit set (bit ``k`` of byte ``k // 8``), made once.

        Looking each candidate up in a bit set costs half a binary search in the trigram's
        long postings; the regional table has under 300 common trigrams, 23 KB each.
        """
        members = self._common_members.get(gram)
        if members is None:
            held = np.zeros(len(self._keys), dtype=bool)
            held[self._postings_of(gram)] = True
            members = self._common_members[gram] = np.packbits(held, bitorder="little")
        return members

    def search(self, key: str, spelling: str, *, limit: int = 5, cutoff: float = 0.6,
               shortlist: int = SHORTLIST) -> list[tuple[Item, float]]:
        """Items resembling the query (its ``key`` and ``spelling``), best first, one per item.

        The score (0..1) is the mean of two similarities (RapidFuzz's Indel
        ratio): of the folded keys, which forgives romanisation, and of the
        bare spellings, which keeps short folded keys ("kus") from matching
        everything.  A key that holds the query whole (or is held in it), both
        at least four letters long, scores at least 0.75, so "Bukamal" finds
        "Bukamal desert".  Ties come out in key order, so the ranking never
        changes between runs.
        """
        if not key or not self._keys:
            return []
        codes = _query_codes(key)
        size = len(codes)
        at = np.minimum(np.searchsorted(self._grams, codes), len(self._grams) - 1)
        at = at[self._grams[at] == codes]
        if not len(at):
            return []
        hit, shared = self._shared(at)
        # Dice coefficient on trigrams picks the shortlist; ties go to the earlier key.
        dice = 2 * shared / (size + self._sizes.take(hit))
        # Sorting every hit (a thousand or more) would cost more than scoring the shortlist: rank
        # them by one integer, dice first and key order on ties, and sort only the best few.
        # Two equal dice are the same double (IEEE division rounds exactly), so equal ranks stay equal.
        order_key = (np.rint((1.0 - dice) * 1e6).astype(np.int64) << 18) | self._rank.take(hit)
        if len(order_key) > shortlist:
            best_few = np.argpartition(order_key, shortlist)[:shortlist]
        else:
            best_few = np.arange(len(order_key))
        order = best_few[np.argsort(order_key[best_few], kind="stable")]
        numbers = hit[order].tolist()
        candidates = [self._keys[number] for number in numbers]
        # Both similarities of the whole shortlist in two calls into RapidFuzz, not eighty.
        key_alike = cdist([key], candidates, scorer=Indel.normalized_similarity, dtype=np.float64)[0]
        spelling_alike = cdist([spelling], [self._spellings[number] for number in numbers],
                               scorer=Indel.normalized_similarity, dtype=np.float64)[0]
        best: dict[Item, tuple[float, str]] = {}
        items = self._items
        long_key = len(key) >= 4
        for number, candidate, score in zip(numbers, candidates, ((key_alike + spelling_alike) / 2).tolist()):
            if score < 0.75 and long_key and len(candidate) >= 4 and (key in candidate or candidate in key):
                score = 0.75
            if score >= cutoff:
                item = items[number]
                if item not in best or score > best[item][0]:
                    best[item] = (score, candidate)
        ranked = sorted(best.items(), key=lambda pair: (-pair[1][0], pair[1][1]))
        return [(item, round(score, 3)) for item, (score, _) in ranked[:limit]]
