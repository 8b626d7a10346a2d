"""What every peer script does first: read an ACLED export with pandas, as its user would."""

from __future__ import annotations

import html

import pandas as pd

#: The fields each peer's popup carries, so every tool sends the same information.
POPUP_FIELDS = ("event_date", "location", "admin1", "sub_event_type", "actor1", "actor2", "fatalities",
                "source", "notes", "event_id_cnty")


def read_export(path: str) -> pd.DataFrame:
    return pd.read_csv(path, keep_default_na=False, dtype=str)


def popup_html(frame: pd.DataFrame) -> list[str]:
    """One escaped HTML popup per event, every field of POPUP_FIELDS in it."""
    escaped = {name: frame[name].map(html.escape) for name in POPUP_FIELDS}
    return [
        f"<b>{d}</b> {loc} ({a1})<br>{sub}<br>{actor} / {target}<br>killed: {dead}<br>{src}<br>{notes}<br>{eid}"
        for d, loc, a1, sub, actor, target, dead, src, notes, eid in zip(*(escaped[n] for n in POPUP_FIELDS))
    ]
