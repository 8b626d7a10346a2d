"""The folium side of the map: a Leaflet-only map class and the strike layer element.

Imported only when a map is built, because importing folium takes about half a
second.  Like a folium plugin, :class:`StrikeLayer` pairs one class with one
template and its own asset lists; neither class changes folium's lists.
"""

from __future__ import annotations

import folium
from folium.elements import JSCSSMixin
from folium.template import Template

LEAFLET_JS = "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js"
LEAFLET_CSS = "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css"
MARKERCLUSTER_JS = "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/leaflet.markercluster.js"
MARKERCLUSTER_CSS = "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/MarkerCluster.css"
MARKERCLUSTER_DEFAULT_CSS = "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/MarkerCluster.Default.css"


class StrikeMap(folium.Map):
    """A folium map that loads only Leaflet itself: geomap needs no jQuery,
    Bootstrap or icon fonts.  Own class lists, so folium's are never changed."""

    default_js = [("leaflet", LEAFLET_JS)]
    default_css = [("leaflet_css", LEAFLET_CSS)]


class StrikeLayer(JSCSSMixin):
    """The strikes: a placeholder for the data, and the script that draws it (and reads the popup
    texts a large page carries after it; see :func:`geomap.output.page.build_map`).

    The blob itself is put in after rendering (see :func:`geomap.output.page.build_map`):
    branca compiles each macro's output as a new Jinja template, and report
    text must never be read as one.
    """

    _template = Template("""
        {% macro header(this, kwargs) %}
        <style>{{ this.css }}</style>
        <script>{{ this.js }}</script>
        {% endmacro %}
        {% macro html(this, kwargs) %}
        <script type="application/json" id="geomap-data">{{ this.placeholder }}</script>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        geomapReadData(document.getElementById("geomap-data").textContent, function () {
            var texts = document.getElementById("geomap-texts");
            return texts ? texts.textContent : "";
        }, function (data) {
            var layer = geomapStrikeLayer({{ this._parent.get_name() }}, data);
            data.whenTexts(function () { window.geomap = layer; });
        });
        {% endmacro %}
    """)
    default_js = [("leaflet.markercluster", MARKERCLUSTER_JS)]
    default_css = [
        ("markerclustercss", MARKERCLUSTER_CSS),
        ("markerclusterdefaultcss", MARKERCLUSTER_DEFAULT_CSS),
    ]

    def __init__(self, *, css: str, js: str, placeholder: str) -> None:
        super().__init__()
        self._name = "StrikeLayer"
        self.css = css
        self.js = js
        self.placeholder = placeholder
