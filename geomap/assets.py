"""Where the front-end files folium links to come from when there is no network.

folium 0.20 links its pages to CDN addresses.  The same files, at the same
versions, are in npm packages; this table says which npm file answers which
CDN address, for the browser tests and benchmarks (and, later, for inlining a
self-contained map).
"""

from __future__ import annotations

from pathlib import Path

#: npm packages, pinned to the versions folium 0.20's CDN links use.
NPM_PACKAGES = (
    "leaflet@1.9.3",
    "leaflet.markercluster@1.1.0",
    "jquery@3.7.1",
    "bootstrap@5.2.2",
    "@fortawesome/fontawesome-free@6.2.0",
    "leaflet.awesome-markers@2.0.5",  # folium links 2.0.2 on cdnjs; npm's 2.0.5 has the same dist files
)

#: CDN address prefix -> folder inside node_modules holding the same files.
CDN_FOLDERS = {
    "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/": "leaflet/dist",
    "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/": "leaflet.markercluster/dist",
    "https://code.jquery.com/": "jquery/dist",
    "https://cdn.jsdelivr.net/npm/bootstrap@5.2.2/dist/": "bootstrap/dist",
    "https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@6.2.0/": "@fortawesome/fontawesome-free",
    "https://cdnjs.cloudflare.com/ajax/libs/Leaflet.awesome-markers/2.0.2/": "leaflet.awesome-markers/dist",
}

#: Stylesheets folium links that no npm package carries; geomap's pages do not use them.
NOT_ON_NPM = (
    "https://netdna.bootstrapcdn.com/bootstrap/3.0.0/css/bootstrap-glyphicons.css",
    "https://cdn.jsdelivr.net/gh/python-visualization/folium/folium/templates/leaflet.awesome.rotate.min.css",
)

CONTENT_TYPES = {".js": "application/javascript", ".css": "text/css", ".png": "image/png",
                 ".svg": "image/svg+xml", ".woff2": "font/woff2", ".woff": "font/woff", ".ttf": "font/ttf"}


def local_file(url: str, node_modules: Path) -> Path | None:
    """The npm copy of a CDN file, or ``None`` when there is none."""
    clean = url.split("?", 1)[0].split("#", 1)[0]
    for prefix, folder in CDN_FOLDERS.items():
        if clean.startswith(prefix):
            rest = clean[len(prefix):]
            if prefix == "https://code.jquery.com/":
                rest = rest.replace("jquery-3.7.1.min.js", "jquery.min.js")
            path = node_modules / folder / rest
            return path if path.is_file() else None
    return None


def content_type(path: Path) -> str:
    return CONTENT_TYPES.get(path.suffix, "application/octet-stream")
