"""folium's FastMarkerCluster: one data array, markers made in the browser, a popup per event.

    python3 benchmarks/peers/folium_fast.py EXPORT.csv OUT.html
"""

import sys

import folium
from folium.plugins import FastMarkerCluster

from common import popup_html, read_export

CALLBACK = """function (row) {
    var marker = L.marker(new L.LatLng(row[0], row[1]));
    marker.bindPopup(row[2], {maxWidth: 300});
    return marker;
}"""


def main(path: str, output: str) -> None:
    frame = read_export(path)
    data = [[float(lat), float(lon), popup] for lat, lon, popup
            in zip(frame["latitude"], frame["longitude"], popup_html(frame))]
    fmap = folium.Map(location=[34.8, 38.9], zoom_start=7)
    FastMarkerCluster(data, callback=CALLBACK).add_to(fmap)
    fmap.save(output)


if __name__ == "__main__":
    main(*sys.argv[1:3])
