"""Reading many reports on every core, with the rows a single process would give.

A folder of saved articles is read report by report, and no report's
candidates depend on another's (only the corroboration after them does), so
the reports can be shared among worker processes.  The workers are forked
from the process that built the name matcher, so its automata (160,000 names)
are inherited, not loaded again.  Each worker opens its own connection to
the regional table (:meth:`~geomap.places.regional.RegionalGazetteer.forget_connections` runs in
every forked child): an SQLite connection must not cross a fork.  Results come
back in the reports' order, with the notices each report gave, so the output
is byte-identical to a run on one core.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
from pathlib import Path
from typing import Callable

#: Fewer reports than this per worker are read in one process: a worker costs a fork and
#: a fresh table connection, which a handful of reports would not repay.
REPORTS_PER_WORKER = 16

_shared: dict = {}  # what the forked workers inherit: the extraction's arguments


def worker_count(reports: int, jobs: int | None) -> int:
    """How many processes read ``reports`` reports: ``jobs`` when given, else one per core that
    has at least :data:`REPORTS_PER_WORKER` reports to read; always 1 where processes cannot be
    forked (Windows), since the workers inherit the matcher instead of building it again."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    if jobs is not None:
        return max(1, jobs)
    return max(1, min(os.cpu_count() or 1, reports // REPORTS_PER_WORKER))


def extract_all(paths: list[Path], extract_one: Callable[[Path, Callable[[str], None] | None], list], *,
                workers: int, notify: Callable[[str], None] | None = None) -> list[list]:
    """``extract_one(path, notify)`` for every path, in order, on ``workers`` processes.

    ``extract_one`` may be any callable (it is inherited through the fork, never pickled); what it
    returns is sent back pickled.  The notices of each report are replayed, in the reports' order,
    through ``notify``.
    """
    if workers <= 1 or len(paths) < 2:
        return [extract_one(path, notify) for path in paths]
    _shared["extract_one"] = extract_one
    try:
        context = multiprocessing.get_context("fork")
        with context.Pool(workers) as pool:
            outcomes = pool.map(_read_one, paths, chunksize=max(1, len(paths) // (workers * 8)))
    finally:
        _shared.clear()
    results = []
    for found, notices, failure in outcomes:
        for notice in notices:
            if notify is not None:
                notify(notice)
        if failure is not None:
            raise failure
        results.append(found)
    return results


def _read_one(path: Path):
    notices: list[str] = []
    try:
        return _shared["extract_one"](path, notices.append), notices, None
    except Exception as failure:  # sent back and raised in the parent, after the notices before it
        try:
            pickle.dumps(failure)
        except Exception:  # an error that cannot cross processes is sent as its message
            from ..errors import GeomapError

            failure = GeomapError(f"{path}: {failure}")
        return None, notices, failure


