"""Strike records: the :class:`Strike` of one row, and :func:`load_strikes`, which reads a whole file.

The columns and their rules are declared in :mod:`geomap.records.schema`;
the file is read and checked by :mod:`geomap.records.table`.  Every problem in
the file is collected in one pass and raised together as
:class:`~geomap.errors.BadInput`, each naming the file, the row as a
spreadsheet shows it and the field, so a person fixes them all at once.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import BadInput
from .schema import ALL_STRIKE_COLUMNS, STRIKE_COLUMNS, STRIKE_OPTIONAL, Strike
from .table import ProblemList, check_cells, read_cells
from .values import date_label, date_range, is_web_link, split_list

__all__ = ["ALL_STRIKE_COLUMNS", "STRIKE_COLUMNS", "STRIKE_OPTIONAL", "Strike", "load_strikes",
           "date_label", "date_range", "is_web_link", "split_list"]


def load_strikes(path: Path | str) -> list[Strike]:
    """Read and check a strikes CSV, one :class:`Strike` per row; raise :class:`BadInput` listing every problem.

    Places are not resolved here (see :func:`geomap.places.locate.locate_strikes`).

    >>> strikes = load_strikes("data/strikes.csv")   # doctest: +SKIP
    >>> strikes[0].date_label                         # doctest: +SKIP
    'Nov 2024'
    """
    table = read_cells(path)
    problems = ProblemList(table.origin)
    fields = check_cells(table.cells, problems)
    if problems.found:
        raise BadInput(problems.sorted())
    names = ALL_STRIKE_COLUMNS
    return [Strike(**dict(zip(names, values)), row=row)
            for values, row in zip(zip(*(fields[name] for name in names)), table.rows)]
