"""The obvious folium code, for comparison: one folium.Marker per strike in a MarkerCluster.

Loads and resolves strikes with geomap's own loaders (so both sides pay the
same for reading the data), then does what a folium user would write by hand.

    python3 benchmarks/naive_folium.py STRIKES.csv GAZETTEER.csv OUT.html
"""

import html
import sys

import folium
from folium.plugins import MarkerCluster

from geomap.places.gazetteer import Gazetteer
from geomap.places.locate import locate_strikes
from geomap.records.strikes import load_strikes


def main(strikes_path: str, gazetteer_path: str, output: str) -> None:
    located = locate_strikes(load_strikes(strikes_path), Gazetteer.from_csv(gazetteer_path), source=strikes_path)
    fmap = folium.Map(location=[34.8, 38.9], zoom_start=6)
    cluster = MarkerCluster().add_to(fmap)
    for item in located:
        s = item.strike
        popup = (f"<b>{html.escape(s.date_label)}</b><br>{html.escape(item.place.name)}<br>"
                 f"{html.escape(s.target)}<br>Sources: {html.escape('; '.join(s.sources))}<br>"
                 f"{html.escape(s.source_document)}")
        folium.Marker([item.latitude, item.longitude], popup=folium.Popup(popup, max_width=300),
                      tooltip=f"{s.date_label} {item.place.name}").add_to(cluster)
    fmap.fit_bounds([[min(i.latitude for i in located), min(i.longitude for i in located)],
                     [max(i.latitude for i in located), max(i.longitude for i in located)]])
    fmap.save(output)


if __name__ == "__main__":
    main(*sys.argv[1:4])
