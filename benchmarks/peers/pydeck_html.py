"""pydeck: a ScatterplotLayer over every event, its fields in the tooltip, saved as HTML.

    python3 benchmarks/peers/pydeck_html.py EXPORT.csv OUT.html
"""

import sys

import pydeck as pdk

from common import POPUP_FIELDS, read_export


def main(path: str, output: str) -> None:
    frame = read_export(path)
    frame["lat"], frame["lon"] = frame["latitude"].astype(float), frame["longitude"].astype(float)
    layer = pdk.Layer("ScatterplotLayer", data=frame[["lat", "lon", *POPUP_FIELDS]], get_position=["lon", "lat"],
                      get_radius=800, get_fill_color=[200, 30, 0, 160], pickable=True)
    tooltip = {"html": "<br>".join("{" + name + "}" for name in POPUP_FIELDS)}
    deck = pdk.Deck(layers=[layer], initial_view_state=pdk.ViewState(latitude=34.8, longitude=38.9, zoom=6),
                    tooltip=tooltip, map_style=None)
    deck.to_html(output, open_browser=False, notebook_display=False)


if __name__ == "__main__":
    main(*sys.argv[1:3])
