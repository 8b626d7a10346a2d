"""Where the front-end files folium links to come from when there is no network.

folium 0.20 links its pages to CDN addresses.  The same files, at the same
versions, are in npm packages; this table says which npm file answers which
CDN address, for the browser tests and benchmarks (and, later, for inlining a
self-contained map).
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import GeomapError


class AssetError(GeomapError, LookupError):
    """A front-end file is missing from the asset cache, or is not the pinned version."""

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


# --- The files a geomap page uses, for self-contained maps -------------------------------------

#: CDN address -> (name in the asset cache, SHA-256 of the exact file folium's link serves).
PAGE_ASSETS: dict[str, tuple[str, str]] = {
    "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js":
        ("leaflet-1.9.3/leaflet.js", "5819285cec137b229c94e1ee5ad73e8b6b84345a4367d60f75fe477fe0fb7b03"),
    "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css":
        ("leaflet-1.9.3/leaflet.css", "90b693d86392a4779c861b28cf307e7e59c3fb35328c4d8b95f58f814d38c722"),
    "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/leaflet.markercluster.js":
        ("leaflet.markercluster-1.1.0/leaflet.markercluster.js",
         "7e1a592d5bf4b1698700edecc0ac091166d41d3c31373611627b4e7b9faef067"),
    "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/MarkerCluster.css":
        ("leaflet.markercluster-1.1.0/MarkerCluster.css",
         "f9b756b96397305917d2ff42bebdce58294f89879f0d0cfd18664fffbc59c5d7"),
    "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/MarkerCluster.Default.css":
        ("leaflet.markercluster-1.1.0/MarkerCluster.Default.css",
         "2d687359a406651b1616bac9c60fba667f134fce24d3fb6bb621c173aa9c1a96"),
}


#: What to run to fill the asset cache, in every message that needs it.
FILL_HINT = ("run once, with the internet: geomap assets --fetch; or, from npm: "
             "npm install leaflet@1.9.3 leaflet.markercluster@1.1.0 && geomap assets --from node_modules")


def default_cache_dir() -> Path:
    """``$GEOMAP_ASSETS``, else ``$XDG_CACHE_HOME/geomap/assets``, else ``~/.cache/geomap/assets``."""
    if os.environ.get("GEOMAP_ASSETS"):
        return Path(os.environ["GEOMAP_ASSETS"])
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "geomap" / "assets"


def _verified(data: bytes, url: str, origin: str) -> bytes:
    import hashlib

    expected = PAGE_ASSETS[url][1]
    actual = hashlib.sha256(data).hexdigest()
    if actual != expected:
        raise AssetError(f"{origin} is not the file {url} serves (sha256 {actual[:12]}..., expected {expected[:12]}...)")
    return data


def _find_in(source: Path, url: str) -> Path | None:
    """The file for ``url`` under ``source``: a node_modules folder, or a folder of the files themselves."""
    for candidate in (local_file(url, source), local_file(url, source / "node_modules"),
                      source / PAGE_ASSETS[url][0], source / url.rsplit("/", 1)[1]):
        if candidate is not None and candidate.is_file():
            return candidate
    return None


def fill_cache(cache: Path, *, source: Path | None = None, fetch: bool = False) -> list[str]:
    """Put every page asset into ``cache``, checked against its pinned hash; return what was added.

    ``source`` is a folder holding the files (or an npm ``node_modules``); with
    ``fetch`` the missing ones are downloaded once from the addresses folium uses.
    A file whose hash differs is refused, so a cache never holds another version.
    """
    added = []
    for url, (name, _) in PAGE_ASSETS.items():
        target = cache / name
        if target.is_file():
            _verified(target.read_bytes(), url, str(target))
            continue
        data = None
        if source is not None:
            found = _find_in(source, url)
            if found is not None:
                data = _verified(found.read_bytes(), url, str(found))
        if data is None and fetch:
            from urllib.request import urlopen

            with urlopen(url, timeout=60) as response:  # only when asked: never in tests
                data = _verified(response.read(), url, url)
        if data is None:
            raise AssetError(f"{url} is in neither {source or 'no --from folder'} nor the cache; " + FILL_HINT)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        added.append(name)
    return added


def inline_assets(page: str, cache: Path) -> str:
    """Replace the page's links to the asset URLs by the files themselves, from ``cache``.

    The result needs no network at all (but for map tiles, which it does
    without: a plain background).  ``</script`` inside a script is written
    ``<\\/script`` so it cannot end the element early.
    """
    for url, (name, _) in PAGE_ASSETS.items():
        path = cache / name
        if not path.is_file():
            raise AssetError(f"{name} is not in the asset cache {cache}; " + FILL_HINT)
        text = _verified(path.read_bytes(), url, str(path)).decode("utf-8")
        if url.endswith(".js"):
            tag, inline = f'<script src="{url}"></script>', "<script>" + text.replace("</script", "<\\/script") + "</script>"
        else:
            tag, inline = f'<link rel="stylesheet" href="{url}"/>', "<style>" + text.replace("</style", "<\\/style") + "</style>"
        if page.count(tag) != 1:
            raise AssetError(f"the page does not link {url} exactly once")
        page = page.replace(tag, inline)
    return page
