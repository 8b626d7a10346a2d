"""One strike, many reports: candidates from different reports that describe the same strike
become one candidate, with every source and report, and a count of its independent sources.

Two candidates are the same strike when they come from different reports, name the same place
or places within SAME_PLACE_KM, have dates whose ranges (with their precision) overlap, and do
not name different actors. Undated candidates are never merged: nothing says they are one strike.

Independence: a report that names first-hand sources ("SOHR said", "activists said") passes them
on, and the news outlets it names beside them (AP, Reuters, Al Arabiya...) are relays, not sources
of their own; a report that names only outlets passes those on; a report that names none is a
source itself, its outlet (or, unknown, its file). Two outlets quoting the same monitor are one
source, so the count is the number of distinct origins across the merged reports.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from ..places.distance import great_circle_km
from ..records.values import precise_range

SAME_PLACE_KM = 10.0
CELL_DEGREES = 0.2  # wider than SAME_PLACE_KM in longitude up to 60 degrees north
#: Outlets that mostly pass on what others said: beside a first-hand source (SOHR, SANA,
#: activists, a local station) they are not a source of their own.
RELAYS = frozenset({"AP", "Reuters", "AFP", "Al Arabiya", "Al Jazeera", "Times of Israel", "Jerusalem Post",
                    "Washington Post"})


@dataclass
class Reported:
    """A candidate row and what is known of the report it comes from."""

    row: dict[str, str]
    latitude: float
    longitude: float
    outlet: str = ""
    merged: list["Reported"] = field(default_factory=list)

    @property
    def origins(self) -> list[str]:
        """Where this report's account comes from: the first-hand sources it names (a monitor, an
        agency of the state, activists, a local station), else the outlets it names, else itself."""
        named = [name.strip() for name in self.row["sources"].split(";") if name.strip()]
        first_hand = [name for name in named if name not in RELAYS]
        return first_hand or named or [self.outlet or self.row["source_document"]]

    @cached_property  # compared with every nearby strike's
    def days(self) -> tuple | None:
        """The first and last day the candidate's date can mean, or ``None`` when it has no date."""
        if not self.row["date"]:
            return None
        return precise_range(self.row["date"], self.row["date_precision"] or
                             ("day" if len(self.row["date"]) == 10 else "month"))

    def months(self) -> list[tuple[int, int]]:
        """The calendar months its days fall in (none when undated)."""
        days = self.days
        if days is None:
            return []
        first, last = days
        return [(year, month) for year in range(first.year, last.year + 1)
                for month in range(first.month if year == first.year else 1, (last.month if year == last.year else 12) + 1)]


def _same_strike(a: Reported, b: Reported) -> bool:
    if a.row["source_document"] == b.row["source_document"]:
        return False
    if a.row["actor"] and b.row["actor"] and a.row["actor"] != b.row["actor"]:
        return False
    first, second = a.days, b.days
    if first is None or second is None or first[1] < second[0] or second[1] < first[0]:
        return False
    return (a.row["place"] == b.row["place"]
            or great_circle_km(a.latitude, a.longitude, b.latitude, b.longitude) <= SAME_PLACE_KM)


def corroborate(candidates: list[Reported]) -> list[dict[str, str]]:
    """The candidates' rows with each strike once: the first report's row, with every report's
    sources, documents and evidence, and ``independent_sources`` counted. In first-seen order."""
    groups: list[Reported] = []
    # A candidate is compared only with the groups whose first report lies in its own cell of a
    # CELL_DEGREES grid or the eight around it (which hold every place within SAME_PLACE_KM), and
    # one of whose reports has a day in a month of its own: dates that share no month cannot
    # overlap. A folder of five years of reports from one province then costs about as much per
    # report as a small one. The groups are tried in first-seen order, as if every group were.
    by_cell_month: dict[tuple[int, int, int, int], list[int]] = {}
    cell_of: list[tuple[int, int]] = []
    for candidate in candidates:
        cell = (int(candidate.latitude // CELL_DEGREES), int(candidate.longitude // CELL_DEGREES))
        months = candidate.months()  # an undated candidate joins no group, and none joins it
        near = sorted({k for dy in (-1, 0, 1) for dx in (-1, 0, 1) for year, month in months
                       for k in by_cell_month.get((cell[0] + dy, cell[1] + dx, year, month), ())})
        home = next((k for k in near
                     if any(_same_strike(member, candidate) for member in [groups[k], *groups[k].merged])), None)
        if home is None:
            home = len(groups)
            groups.append(candidate)
            cell_of.append(cell)
        else:
            groups[home].merged.append(candidate)
        for year, month in months:
            listed = by_cell_month.setdefault((*cell_of[home], year, month), [])
            if not listed or listed[-1] != home:
                listed.append(home)
    rows = []
    for group in groups:
        members = [group, *group.merged]
        row = dict(group.row)
        sources: list[str] = []
        origins: list[str] = []
        for member in members:
            for name in member.row["sources"].split(";"):
                if name.strip() and name.strip() not in sources:
                    sources.append(name.strip())
            for origin in member.origins:
                if origin not in origins:
                    origins.append(origin)
        row["sources"] = "; ".join(sources)
        row["independent_sources"] = str(len(origins))
        if group.merged:
            others = [m.row["source_document"] + (f" ({m.outlet})" if m.outlet else "") for m in group.merged]
            row["notes"] = (row["notes"].replace("; review before keeping", "")
                            + "; also reported in " + ", ".join(others) + "; review before keeping")
            row["evidence"] = " || ".join(m.row["evidence"] for m in members if m.row["evidence"])
            for name in ("killed", "injured", "casualty_source", "source_url", "date", "date_precision", "time_local"):
                if not row[name]:
                    row[name] = next((m.row[name] for m in group.merged if m.row[name]), "")
        rows.append(row)
    return rows


__all__ = ["Reported", "corroborate", "SAME_PLACE_KM"]
