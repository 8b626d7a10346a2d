"""Every CDN file folium links to has a local npm copy of the same version."""

import os
import re

import pytest

from geomap.assets import NOT_ON_NPM, NPM_PACKAGES, local_file

from conftest import ASSETS


def folium_links() -> list[str]:
    import folium
    from folium.plugins import MarkerCluster

    fmap = folium.Map()
    MarkerCluster().add_to(fmap)
    html = fmap.get_root().render()
    return re.findall(r'<script src="([^"]+)"', html) + re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)


def test_every_folium_link_is_answered_locally():
    if not (ASSETS / "leaflet").is_dir():
        if os.environ.get("CI"):
            pytest.fail("run scripts/fetch-test-assets")
        pytest.skip("offline assets missing (scripts/fetch-test-assets)")
    links = folium_links()
    assert len(links) >= 10
    for url in links:
        assert url in NOT_ON_NPM or local_file(url, ASSETS) is not None, url


def test_npm_copies_are_the_versions_folium_links():
    links = " ".join(folium_links())
    for package in NPM_PACKAGES:
        name, version = package.rsplit("@", 1)
        if name == "leaflet.awesome-markers":
            continue  # cdnjs 2.0.2 <-> npm 2.0.5, same dist files (see geomap/assets.py)
        assert f"{version}" in links, package
        installed = ASSETS / name / "package.json"
        if installed.is_file():
            assert f'"version": "{version}"' in installed.read_text(encoding="utf-8"), package
