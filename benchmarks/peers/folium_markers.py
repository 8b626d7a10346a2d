"""The obvious folium code: one folium.Marker with a popup per event, in a MarkerCluster.

    python3 benchmarks/peers/folium_markers.py EXPORT.csv OUT.html
"""

import sys

import folium
from folium.plugins import MarkerCluster

from common import popup_html, read_export


def main(path: str, output: str) -> None:
    frame = read_export(path)
    fmap = folium.Map(location=[34.8, 38.9], zoom_start=7)
    cluster = MarkerCluster().add_to(fmap)
    for lat, lon, popup in zip(frame["latitude"].astype(float), frame["longitude"].astype(float), popup_html(frame)):
        folium.Marker([lat, lon], popup=folium.Popup(popup, max_width=300)).add_to(cluster)
    fmap.save(output)


if __name__ == "__main__":
    main(*sys.argv[1:3])
